// anju-engine-bench: the rubric engine in process, on one thread. Reports
// indicator evaluations per second (items_per_second, CPU time) on the
// Chifeng 2023 samples, with baselines and the service's per-call costs
// from the same run, so that ratios can be quoted (bench/README.md).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench/engine/engine_benchmarks.h"
#include "bench/engine/samples.h"
#include "bench/engine/service_benchmarks.h"
#include "bench/engine/summary_reporter.h"
#include "services/scoring/scoring_service.h"

namespace anju::bench {
namespace {

constexpr double kTargetEvaluationsPerSecond = 1e6;  // issue 2, item 9

// CPU time per indicator of `subject`, as a multiple of `baseline`'s: a
// ratio within one run, which the machine's speed and load cancel out of.
void PrintCost(const SummaryReporter& r, const char* subject,
               const char* baseline) {
  const double subject_rate = r.ItemsPerSecond(subject);
  const double baseline_rate = r.ItemsPerSecond(baseline);
  if (subject_rate <= 0 || baseline_rate <= 0) return;  // filtered out
  std::printf("  cost of %-22s = %6.2f x %s\n", subject,
              baseline_rate / subject_rate, baseline);
}

void PrintSummary(const SummaryReporter& r) {
  const double rate = r.ItemsPerSecond("Evaluate/all");
  if (rate <= 0) return;  // filtered out
  std::printf("\nsummary (median over repetitions, CPU time, one thread)\n");
  std::printf(
      "  indicator evaluations/s, three samples: %.0f; target >= %.0f: "
      "%.2fx, %s\n",
      rate, kTargetEvaluationsPerSecond, rate / kTargetEvaluationsPerSecond,
      rate >= kTargetEvaluationsPerSecond ? "MET" : "MISSED");
  PrintCost(r, "Evaluate/all", "Baseline/lookup_facts");
  PrintCost(r, "Evaluate/all", "Baseline/copy_input");
  // Where an Evaluate call's CPU goes, against the engine's own.
  PrintCost(r, "ValidateInput/all", "Evaluate/all");
  PrintCost(r, "Service/DoEvaluate/all", "Evaluate/all");
  PrintCost(r, "Server/heap/all", "Evaluate/all");
  PrintCost(r, "Server/arena/all", "Evaluate/all");
  PrintCost(r, "Client/wire/all", "Evaluate/all");
}

// Sizes on the wire, and how much of each response only echoes the
// request (self-reasons and evidence as sent).
void PrintSizes(const std::vector<const Sample*>& samples) {
  for (const Sample* s : samples) {
    anju::v1::EvaluateResponse bare = s->response;
    for (anju::v1::IndicatorScore& i : *bare.mutable_indicators()) {
      i.clear_self_reason();
      i.clear_evidence();
    }
    std::printf("  %-8s request %5zu B, response %5zu B (%zu B echo)\n",
                s->name.c_str(), s->request_bytes.size(),
                s->response_bytes.size(),
                s->response_bytes.size() - bare.ByteSizeLong());
  }
}

}  // namespace
}  // namespace anju::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  const std::string root = ANJU_SOURCE_DIR;
  auto set = anju::bench::LoadSamples(root + "/rubrics",
                                      root + "/data/samples/chifeng-2023",
                                      {"rental", "shanty", "oldcomm"});
  if (!set.ok()) {
    std::fprintf(stderr, "%s\n", set.status().ToString().c_str());
    return 1;
  }
  std::vector<const anju::bench::Sample*> samples;
  for (const auto& s : set->samples) samples.push_back(&s);
  const anju::scoring::ScoringServiceImpl service(set->rubrics);
  anju::bench::RegisterEngineBenchmarks(samples);
  anju::bench::RegisterServiceBenchmarks(samples, &service);
  anju::bench::SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  anju::bench::PrintSummary(reporter);
  anju::bench::PrintSizes(samples);
  benchmark::Shutdown();
  return 0;
}
