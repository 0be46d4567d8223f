#ifndef ANJU_BENCH_RESULTS_REGION_SEED_H_
#define ANJU_BENCH_RESULTS_REGION_SEED_H_

// The whole region's stored reports for the results benchmarks: every
// county (103) and every city (12) of Inner Mongolia with a submitted
// report for each of the three programmes, scored by the real engine,
// written straight into the submission store (the workflow is not what is
// measured here).

#include "absl/status/status.h"
#include "common/orgs/org_tree.h"
#include "services/scoring/scoring_service.h"
#include "services/submission/store.h"

namespace anju::bench {

inline constexpr int kSeedYear = 2023;
inline constexpr const char* kSeedProgrammes[] = {"oldcomm", "rental",
                                                  "shanty"};

// Creates the campaign, then writes a submitted report for each org and
// programme (counties to the city, cities to the region), with the seed's
// facts varied by org.
absl::Status SeedRegion(const orgs::OrgTree& tree,
                        const scoring::ScoringServiceImpl& scoring,
                        submission::Store& store);

}  // namespace anju::bench

#endif  // ANJU_BENCH_RESULTS_REGION_SEED_H_
