#ifndef ANJU_BENCH_GRPC_LATENCY_HISTOGRAM_H_
#define ANJU_BENCH_GRPC_LATENCY_HISTOGRAM_H_

#include <cstdint>
#include <vector>

namespace anju::bench {

// Latencies in nanoseconds, in log-linear buckets (64 per power of two, so
// a percentile is within 1.6 % of the true value) from 1 ns to ~18 min.
// Fixed memory and O(1) recording: the load generator records every call
// without allocating. Not thread-safe: keep one per thread of calls and
// Merge() them at the end.
class LatencyHistogram {
 public:
  LatencyHistogram();

  void Record(int64_t nanos);
  void Merge(const LatencyHistogram& other);

  int64_t count() const { return count_; }
  // The value below which `percent` % of the recorded values fall (the
  // bucket's midpoint); 0 when empty.
  int64_t Percentile(double percent) const;

  // Exposed for tests: the bucket a value lands in and its midpoint.
  static int BucketOf(int64_t nanos);
  static int64_t MidpointOf(int bucket);

 private:
  std::vector<int64_t> buckets_;
  int64_t count_ = 0;
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_LATENCY_HISTOGRAM_H_
