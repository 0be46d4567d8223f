#ifndef ANJU_BENCH_GRPC_REPORT_H_
#define ANJU_BENCH_GRPC_REPORT_H_

#include <ostream>
#include <vector>

#include "bench/grpc/comparison.h"

namespace anju::bench {

// The load generator's table: one line per RPC and concurrency, then each
// RPC's throughput over the baseline's (the last RPC) with its per-round
// spread.
void PrintComparisons(const std::vector<Comparison>& comparisons,
                      std::ostream& out);

// The target, judged on the highest concurrency measured: workload
// `w` (Evaluate) reaches `target` × the baseline's throughput. Returns
// whether it was met.
bool PrintVerdict(const Comparison& comparison, size_t w, double target,
                  std::ostream& out);

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_REPORT_H_
