#include "bench/grpc/latency_histogram.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace anju::bench {
namespace {

TEST(LatencyHistogramTest, EmptyReportsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0);
  EXPECT_EQ(h.Percentile(50), 0);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  for (int64_t v = 0; v < 64; ++v) {
    EXPECT_EQ(LatencyHistogram::MidpointOf(LatencyHistogram::BucketOf(v)), v);
  }
}

TEST(LatencyHistogramTest, EveryBucketHoldsItsMidpoint) {
  for (int bucket = 0; bucket < 2304; ++bucket) {
    EXPECT_EQ(LatencyHistogram::BucketOf(LatencyHistogram::MidpointOf(bucket)),
              bucket);
  }
}

TEST(LatencyHistogramTest, BucketsAreMonotonicAndWithinTwoPercent) {
  int previous = LatencyHistogram::BucketOf(0);
  for (int64_t v = 1; v < (int64_t{1} << 36); v += 1 + v / 97) {
    const int bucket = LatencyHistogram::BucketOf(v);
    EXPECT_GE(bucket, previous) << v;
    const int64_t mid = LatencyHistogram::MidpointOf(bucket);
    EXPECT_LE(std::llabs(mid - v), v / 50 + 1) << v;
    previous = bucket;
  }
}

TEST(LatencyHistogramTest, HugeAndNegativeValuesAreClamped) {
  LatencyHistogram h;
  h.Record(-5);
  h.Record(int64_t{1} << 62);
  EXPECT_EQ(h.count(), 2);
  EXPECT_EQ(h.Percentile(1), 0);
  EXPECT_GT(h.Percentile(100), int64_t{1} << 39);
}

TEST(LatencyHistogramTest, PercentilesOfAUniformRun) {
  LatencyHistogram h;
  for (int64_t us = 1; us <= 1000; ++us) h.Record(us * 1000);
  EXPECT_NEAR(h.Percentile(50), 500000, 500000 / 50);
  EXPECT_NEAR(h.Percentile(99), 990000, 990000 / 50);
  EXPECT_NEAR(h.Percentile(100), 1000000, 1000000 / 50);
}

TEST(LatencyHistogramTest, MergeAddsCounts) {
  LatencyHistogram a, b;
  a.Record(100);
  b.Record(100000);
  b.Record(100000);
  a.Merge(b);
  EXPECT_EQ(a.count(), 3);
  EXPECT_NEAR(a.Percentile(50), 100000, 2000);
  EXPECT_EQ(a.Percentile(1), 100);
}

}  // namespace
}  // namespace anju::bench
