#ifndef ANJU_BENCH_ENGINE_SUMMARY_REPORTER_H_
#define ANJU_BENCH_ENGINE_SUMMARY_REPORTER_H_

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace anju::bench {

// The console table, plus the median items_per_second of every benchmark
// over its repetitions, so that main() can print ratios between benchmarks
// of the same run (the machines are shared: ratios are the stable figure).
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  SummaryReporter() : ConsoleReporter(OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override;

  // Median over repetitions; 0 if the benchmark did not run.
  double ItemsPerSecond(const std::string& name) const;

 private:
  std::map<std::string, std::vector<double>> items_per_second_;
  std::map<std::string, double> medians_;  // from aggregate runs
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_ENGINE_SUMMARY_REPORTER_H_
