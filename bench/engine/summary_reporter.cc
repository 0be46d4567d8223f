#include "bench/engine/summary_reporter.h"

#include <algorithm>

namespace anju::bench {

void SummaryReporter::ReportRuns(const std::vector<Run>& runs) {
  ConsoleReporter::ReportRuns(runs);
  for (const Run& run : runs) {
    if (run.error_occurred) continue;
    auto it = run.counters.find("items_per_second");
    if (it == run.counters.end()) continue;
    const std::string& name = run.run_name.function_name;
    if (run.run_type == Run::RT_Iteration) {
      items_per_second_[name].push_back(it->second.value);
    } else if (run.aggregate_name == "median") {
      // With --benchmark_display_aggregates_only only these arrive.
      medians_[name] = it->second.value;
    }
  }
}

double SummaryReporter::ItemsPerSecond(const std::string& name) const {
  if (auto median = medians_.find(name); median != medians_.end()) {
    return median->second;
  }
  auto it = items_per_second_.find(name);
  if (it == items_per_second_.end() || it->second.empty()) return 0;
  std::vector<double> values = it->second;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  return values[mid];
}

}  // namespace anju::bench
