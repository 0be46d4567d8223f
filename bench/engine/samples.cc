#include "bench/engine/samples.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "cli/facts_file.h"
#include "services/scoring/convert.h"
#include "services/scoring/scoring_service.h"

namespace anju::bench {
namespace {

// Fills the engine's input and the wire bytes from sample.request.
absl::Status Prepare(const scoring::ScoringServiceImpl& service,
                     Sample* sample) {
  absl::StatusOr<scoring::Facts> facts =
      scoring::FactsFromProto(sample->request.facts());
  if (!facts.ok()) return facts.status();
  absl::StatusOr<scoring::SelfScores> self_scores =
      scoring::SelfScoresFromProto(sample->request.self_scores());
  if (!self_scores.ok()) return self_scores.status();
  sample->facts = std::move(*facts);
  sample->self_scores = std::move(*self_scores);
  absl::Status status = service.DoEvaluate(sample->request, &sample->response);
  if (!status.ok()) return status;
  sample->request.SerializeToString(&sample->request_bytes);
  sample->response.SerializeToString(&sample->response_bytes);
  return absl::OkStatus();
}

absl::StatusOr<Sample> LoadSample(const scoring::RubricSet& rubrics,
                                  const scoring::ScoringServiceImpl& service,
                                  const std::string& path,
                                  const std::string& name) {
  absl::StatusOr<cli::FactsFile> file = cli::ReadFactsFile(path);
  if (!file.ok()) return file.status();
  Sample sample;
  sample.name = name;
  sample.request = std::move(file->request);
  sample.rubric =
      rubrics.Find(sample.request.programme(), sample.request.year());
  if (sample.rubric == nullptr) {
    return absl::NotFoundError(absl::StrCat(path, ": no rubric for ",
                                            sample.request.programme(), " ",
                                            sample.request.year()));
  }
  if (absl::Status s = Prepare(service, &sample); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
  }
  return sample;
}

}  // namespace

int64_t IndicatorCount(const std::vector<const Sample*>& samples) {
  int64_t n = 0;
  for (const Sample* s : samples) n += s->rubric->indicators.size();
  return n;
}

absl::StatusOr<SampleSet> LoadSamples(const std::string& rubrics_dir,
                                      const std::string& samples_dir,
                                      const std::vector<std::string>& names) {
  SampleSet set;
  absl::StatusOr<std::unique_ptr<scoring::RubricSet>> rubrics =
      scoring::RubricSet::LoadDirectory(rubrics_dir);
  if (!rubrics.ok()) return rubrics.status();
  set.rubrics = std::move(*rubrics);
  const scoring::ScoringServiceImpl service(set.rubrics);
  for (const std::string& name : names) {
    absl::StatusOr<Sample> sample =
        LoadSample(*set.rubrics, service,
                   absl::StrCat(samples_dir, "/", name, ".yaml"), name);
    if (!sample.ok()) return sample.status();
    set.samples.push_back(std::move(*sample));
  }
  return set;
}

}  // namespace anju::bench
