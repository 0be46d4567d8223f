#ifndef ANJU_BENCH_SUBMISSION_SAMPLES_H_
#define ANJU_BENCH_SUBMISSION_SAMPLES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "anju/v1/submission.pb.h"
#include "common/orgs/org_tree.h"

namespace anju::bench {

inline constexpr int kSampleYear = 2023;

// One programme's report as every county files it in the benchmark: the
// Chifeng 2023 sample's facts and self-scores.
struct ProgrammeSample {
  std::string programme;
  // What a filer sends (org left empty): the facts without the two the
  // service derives at submission.
  v1::SaveDraftRequest draft;
  // The same report as the store keeps it once submitted (org, year and
  // version left to the writer): derived facts and the scoring service's
  // snapshot included.
  v1::Report submitted;
};

struct Samples {
  std::vector<ProgrammeSample> programmes;  // rental, shanty, oldcomm
  std::vector<std::string> counties;        // codes of the region's counties
};

// Reads data/samples/chifeng-2023/<programme>.yaml under `samples_dir` and
// scores each once through `scoring` for the submitted snapshot.
absl::StatusOr<Samples> LoadSamples(const std::string& samples_dir,
                                    const orgs::OrgTree& orgs,
                                    v1::ScoringService::Stub& scoring);

// The submitted reports as the store writes them (JSON, proto field names):
// the baseline inserts rows of exactly these sizes.
absl::StatusOr<std::vector<std::string>> SubmittedJson(const Samples& samples);

}  // namespace anju::bench

#endif  // ANJU_BENCH_SUBMISSION_SAMPLES_H_
