#include "bench/grpc/comparison.h"

#include "bench/grpc/process_cpu.h"

namespace anju::bench {
namespace {

LoopResult RunRound(const Workload& workload, const CompareOptions& options,
                    std::chrono::nanoseconds duration) {
  if (workload.before_round) workload.before_round();
  LoopOptions loop;
  loop.in_flight = options.in_flight;
  loop.duration = duration;
  loop.deadline = options.deadline;
  const int64_t server_before =
      options.server_cpu_nanos ? options.server_cpu_nanos() : -1;
  const ProcessCpu client_before = ReadProcessCpu();
  LoopResult result = RunClosedLoop(workload.factory, loop);
  result.client_cpu_nanos =
      ReadProcessCpu().total_nanos() - client_before.total_nanos();
  const int64_t server_after =
      options.server_cpu_nanos ? options.server_cpu_nanos() : -1;
  result.server_cpu_nanos =
      server_before < 0 || server_after < 0 ? -1 : server_after - server_before;
  return result;
}

double RatioOf(const LoopResult& subject, const LoopResult& baseline) {
  const double base = baseline.CallsPerSecond();
  return base > 0 ? subject.CallsPerSecond() / base : 0;
}

}  // namespace

double Comparison::Ratio(size_t w) const {
  return RatioOf(results[w], results.back());
}

Comparison Compare(const std::vector<Workload>& workloads,
                   const CompareOptions& options) {
  const size_t n = workloads.size();
  Comparison c;
  c.in_flight = options.in_flight;
  c.results.resize(n);
  c.round_ratios.resize(n);
  for (const Workload& w : workloads) c.names.push_back(w.name);
  // Warm every path (connection, allocator, caches) without recording.
  for (const Workload& w : workloads) RunRound(w, options, options.warmup);
  std::vector<LoopResult> round(n);
  for (int r = 0; r < options.rounds; ++r) {
    // Odd rounds run backwards, so that no workload always runs first.
    for (size_t i = 0; i < n; ++i) {
      const size_t w = r % 2 == 0 ? i : n - 1 - i;
      round[w] = RunRound(workloads[w], options, options.round);
    }
    for (size_t w = 0; w < n; ++w) {
      c.results[w].Add(round[w]);
      c.round_ratios[w].push_back(RatioOf(round[w], round.back()));
    }
  }
  return c;
}

}  // namespace anju::bench
