#ifndef ANJU_BENCH_ENGINE_SAMPLES_H_
#define ANJU_BENCH_ENGINE_SAMPLES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "anju/v1/scoring.pb.h"
#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"

namespace anju::bench {

// One sample facts file, ready for the engine: the request as the service
// would receive it, the engine's input converted from it once (by the
// service's own converters) so the engine benchmarks time Evaluate and
// nothing else, and the request and response as bytes on the wire.
struct Sample {
  std::string name;  // rental, shanty, oldcomm
  const scoring::Rubric* rubric = nullptr;
  anju::v1::EvaluateRequest request;
  scoring::Facts facts;
  scoring::SelfScores self_scores;
  anju::v1::EvaluateResponse response;
  std::string request_bytes;
  std::string response_bytes;
};

struct SampleSet {
  std::shared_ptr<const scoring::RubricSet> rubrics;
  std::vector<Sample> samples;
};

// Loads the rubrics and the named facts files (<samples_dir>/<name>.yaml),
// and checks that each evaluates through the service, so that a benchmark
// never times an error path.
absl::StatusOr<SampleSet> LoadSamples(const std::string& rubrics_dir,
                                      const std::string& samples_dir,
                                      const std::vector<std::string>& names);

// Indicators in these samples' rubrics: the items a benchmark reports.
int64_t IndicatorCount(const std::vector<const Sample*>& samples);

}  // namespace anju::bench

#endif  // ANJU_BENCH_ENGINE_SAMPLES_H_
