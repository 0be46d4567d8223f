#include "bench/results/latency.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

#include "absl/time/clock.h"

namespace anju::bench {

void Latencies::Append(const Latencies& other) {
  micros.insert(micros.end(), other.micros.begin(), other.micros.end());
  failures += other.failures;
}

double Latencies::Quantile(double q) const {
  if (micros.empty()) return 0;
  std::vector<double> sorted = micros;
  std::sort(sorted.begin(), sorted.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * sorted.size()));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

double TimeOnce(const std::function<void()>& call) {
  const absl::Time start = absl::Now();
  call();
  return absl::ToDoubleMicroseconds(absl::Now() - start);
}

Latencies ClosedLoop(int threads, absl::Duration duration,
                     const std::function<bool()>& call) {
  Latencies all;
  std::mutex mu;
  const absl::Time end = absl::Now() + duration;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      Latencies own;
      while (absl::Now() < end) {
        bool ok = true;
        own.micros.push_back(TimeOnce([&] { ok = call(); }));
        if (!ok) ++own.failures;
      }
      std::lock_guard<std::mutex> lock(mu);
      all.Append(own);
    });
  }
  for (std::thread& worker : workers) worker.join();
  return all;
}

}  // namespace anju::bench
