#ifndef ANJU_SERVICES_SCORING_LIMITS_H_
#define ANJU_SERVICES_SCORING_LIMITS_H_

// Size limits checked at the edge, before anything is converted or scored:
// they bound what one request can cost and what an error message can echo.
// The whole message is bounded first by the server's max receive size
// (common::ServerOptions), which gRPC enforces with RESOURCE_EXHAUSTED.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "anju/v1/scoring.pb.h"
#include "common/config.h"

namespace anju::scoring {

struct ScoringLimits {
  int max_facts = 256;              // facts entries per request
  int max_fact_name_bytes = 64;     // a fact name (key of facts)
  int max_self_scores = 64;         // self_scores entries per request
  int max_indicator_id_bytes = 64;  // a key of self_scores
  int max_reason_bytes = 2000;      // 评分理由, UTF-8 bytes
  int max_evidence_refs = 20;       // 佐证材料 references per indicator
  int max_evidence_ref_bytes = 512;
  int max_batch_items = 1000;  // EvaluateBatch items
  int max_org_bytes = 64;      // an organisation code
};

// Reads the `limits:` section (keys as the fields above) over `defaults`.
absl::StatusOr<ScoringLimits> LimitsFromConfig(const common::Config& config,
                                               ScoringLimits defaults = {});

// INVALID_ARGUMENT naming the field and the limit, e.g.
// `facts: 事实项不得超过256个 (at most 256 facts), got 300`.
absl::Status CheckRequestLimits(const v1::EvaluateRequest& request,
                                const ScoringLimits& limits);

// The batch as a whole: item count, and every org present, short and
// unique. Items' own requests are checked one by one, each on its own.
absl::Status CheckBatchLimits(const v1::EvaluateBatchRequest& batch,
                              const ScoringLimits& limits);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_LIMITS_H_
