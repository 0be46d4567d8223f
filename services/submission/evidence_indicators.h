#ifndef ANJU_SERVICES_SUBMISSION_EVIDENCE_INDICATORS_H_
#define ANJU_SERVICES_SUBMISSION_EVIDENCE_INDICATORS_H_

// Which indicator ids a rubric has, for checking the indicator an upload is
// attached to. Rubric versions are immutable once pinned by a campaign, so
// the ids are cached per (programme, year, version) for the life of the
// process: an upload asks the scoring service once per rubric, not per file.

#include <memory>
#include <string>
#include <tuple>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/submission/scoring_client.h"

namespace anju::submission {

using IndicatorIds = absl::flat_hash_set<std::string>;

class RubricIndicatorCache {
 public:
  // The indicator ids of the rubric of (programme, year), which must be at
  // `version` (the campaign's pin): FAILED_PRECONDITION when the scoring
  // service serves another version; its own errors otherwise.
  absl::StatusOr<std::shared_ptr<const IndicatorIds>> Get(
      ScoringClient& scoring, const std::string& programme, int year,
      const std::string& version);

 private:
  using Key = std::tuple<std::string, int, std::string>;
  absl::Mutex mu_;
  absl::flat_hash_map<Key, std::shared_ptr<const IndicatorIds>> ids_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_EVIDENCE_INDICATORS_H_
