#ifndef ANJU_SERVICES_SCORING_RESULTS_RESULTS_STACK_H_
#define ANJU_SERVICES_SCORING_RESULTS_RESULTS_STACK_H_

// Everything the results API needs, built from its settings in the order
// the parts depend on each other: org tree, submission reader, Redis
// client (optional), versioned cache, Results, and the RPC endpoint. Used
// by main.cc, the integration tests and the benchmarks alike.

#include <memory>

#include "absl/status/statusor.h"
#include "common/orgs/org_tree.h"
#include "common/redis/redis_client.h"
#include "common/redis/versioned_cache.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/results/results.h"
#include "services/scoring/results/results_endpoint.h"
#include "services/scoring/results/results_settings.h"
#include "services/scoring/results/submission_reader.h"

namespace anju::scoring::results {

// Key prefix of the cache entries in Redis.
inline constexpr char kCacheKeyPrefix[] = "anju:scoring:results:";

struct ResultsStack {
  std::unique_ptr<orgs::OrgTree> orgs;
  std::unique_ptr<SubmissionReader> reader;
  std::unique_ptr<redis::RedisClient> redis;  // null without Redis
  std::unique_ptr<redis::VersionedCache> cache;
  std::unique_ptr<Results> results;
  std::unique_ptr<ResultsEndpoint> endpoint;  // last built, first destroyed

  ~ResultsStack();
};

// FAILED_PRECONDITION when settings.submission is empty (the API is off);
// the loaders' errors otherwise. Does not contact Redis or the submission
// service: both may come up later.
absl::StatusOr<std::unique_ptr<ResultsStack>> BuildResultsStack(
    const ResultsSettings& settings, std::shared_ptr<const RubricSet> rubrics);

// The same over a reader of the caller's (tests, benchmarks).
absl::StatusOr<std::unique_ptr<ResultsStack>> BuildResultsStack(
    const ResultsSettings& settings, std::shared_ptr<const RubricSet> rubrics,
    std::unique_ptr<SubmissionReader> reader);

}  // namespace anju::scoring::results

#endif  // ANJU_SERVICES_SCORING_RESULTS_RESULTS_STACK_H_
