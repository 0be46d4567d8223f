#include "bench/grpc/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace anju::bench {
namespace {

// Values below 2^kSubBits are their own bucket; above, each power of two is
// split into 2^(kSubBits-1) equal buckets.
constexpr int kSubBits = 7;
constexpr int kHalf = 1 << (kSubBits - 1);  // 64
constexpr int kMaxMsb = 40;                 // 2^40 ns ≈ 18 min
constexpr int kBuckets = (kMaxMsb - kSubBits + 2) * kHalf + kHalf;

int MostSignificantBit(uint64_t v) { return 63 - __builtin_clzll(v | 1); }

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBuckets, 0) {}

int LatencyHistogram::BucketOf(int64_t nanos) {
  uint64_t v = static_cast<uint64_t>(std::max<int64_t>(nanos, 0));
  v = std::min<uint64_t>(v, (uint64_t{1} << (kMaxMsb + 1)) - 1);
  const int msb = MostSignificantBit(v);
  if (msb < kSubBits) return static_cast<int>(v);
  const int shift = msb - (kSubBits - 1);
  // v >> shift is in [kHalf, 2 * kHalf): consecutive powers of two land in
  // consecutive runs of kHalf buckets.
  return shift * kHalf + static_cast<int>(v >> shift);
}

int64_t LatencyHistogram::MidpointOf(int bucket) {
  if (bucket < kHalf) return bucket;
  const int shift = bucket / kHalf - 1;
  const int64_t low = static_cast<int64_t>(bucket - shift * kHalf) << shift;
  return low + ((int64_t{1} << shift) >> 1);
}

void LatencyHistogram::Record(int64_t nanos) {
  ++buckets_[BucketOf(nanos)];
  ++count_;
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
}

int64_t LatencyHistogram::Percentile(double percent) const {
  if (count_ == 0) return 0;
  const double wanted =
      std::ceil(percent / 100.0 * static_cast<double>(count_));
  const int64_t rank =
      std::clamp<int64_t>(static_cast<int64_t>(wanted), 1, count_);
  int64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return MidpointOf(static_cast<int>(i));
  }
  return MidpointOf(kBuckets - 1);
}

}  // namespace anju::bench
