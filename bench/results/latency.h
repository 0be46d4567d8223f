#ifndef ANJU_BENCH_RESULTS_LATENCY_H_
#define ANJU_BENCH_RESULTS_LATENCY_H_

// Closed-loop latency sampling for the results benchmarks: N threads call
// one function back to back for a while; every call's latency is kept, so
// that percentiles are exact rather than bucketed.

#include <functional>
#include <vector>

#include "absl/time/time.h"

namespace anju::bench {

struct Latencies {
  std::vector<double> micros;  // every call, any order
  int failures = 0;

  void Append(const Latencies& other);
  // The q-quantile (0 < q <= 1) in microseconds, 0 when empty.
  double Quantile(double q) const;
};

// Runs `call` on `threads` threads until `duration` has passed. A call
// returning false counts as a failure (and is timed all the same).
Latencies ClosedLoop(int threads, absl::Duration duration,
                     const std::function<bool()>& call);

// `call` once, in microseconds.
double TimeOnce(const std::function<void()>& call);

}  // namespace anju::bench

#endif  // ANJU_BENCH_RESULTS_LATENCY_H_
