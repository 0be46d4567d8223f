#ifndef ANJU_SERVICES_SCORING_RESULTS_RESULTS_H_
#define ANJU_SERVICES_SCORING_RESULTS_RESULTS_H_

// GetCityTotals and RankCities (issue 3, item 9): aggregates of stored
// reports, cached in Redis without ever serving a stale one. Each call:
//   1. the year's results version from the submission service (bumped in
//      the transaction of every report write);
//   2. VersionedCache::Get(key, version, compute), where compute reads the
//      reports that count (ListScoredReports, same snapshot as its own
//      version, which is >= the one read in 1) and aggregates them.
// The cached value is the serialized response. Keys: "city:<code>:<year>"
// and "rank:<year>:<programme>". With Redis down or absent every call
// computes (VersionedCache does this); the answer is the same.
//
// Blocking (a gRPC call, Redis); thread-safe.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "anju/v1/scoring.pb.h"
#include "common/orgs/org_tree.h"
#include "common/redis/versioned_cache.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/results/submission_reader.h"

namespace anju::scoring::results {

struct ResultsDeps {
  SubmissionReader* reader = nullptr;      // outlives Results
  const orgs::OrgTree* orgs = nullptr;     // outlives Results
  redis::VersionedCache* cache = nullptr;  // outlives Results
  // The programmes of a year when no report is stored yet: the rubrics'.
  std::shared_ptr<const RubricSet> rubrics;
};

class Results {
 public:
  explicit Results(ResultsDeps deps) : deps_(std::move(deps)) {}

  absl::StatusOr<v1::CityTotals> GetCityTotals(
      const v1::GetCityTotalsRequest& request);
  absl::StatusOr<v1::RankCitiesResponse> RankCities(
      const v1::RankCitiesRequest& request);

  // Hits, misses and Redis errors, for tests, benchmarks and metrics.
  redis::VersionedCache::Stats cache_stats() const {
    return deps_.cache->stats();
  }

 private:
  absl::StatusOr<v1::CityTotals> ComputeCityTotals(const orgs::Org& city,
                                                   int year);
  // The campaign's programmes in its order; without a campaign, those of
  // the reports, else the year's rubrics.
  absl::StatusOr<std::vector<std::string>> Programmes(
      int year, const v1::ListScoredReportsResponse& reports);
  std::vector<std::string> RubricProgrammes(int year) const;

  ResultsDeps deps_;
};

}  // namespace anju::scoring::results

#endif  // ANJU_SERVICES_SCORING_RESULTS_RESULTS_H_
