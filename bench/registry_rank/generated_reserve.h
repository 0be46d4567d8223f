#ifndef ANJU_BENCH_REGISTRY_RANK_GENERATED_RESERVE_H_
#define ANJU_BENCH_REGISTRY_RANK_GENERATED_RESERVE_H_

// A made-up reserve for benchmarks: n projects over Chifeng's twelve
// counties and the four programmes, every input the model reads filled in,
// from a fixed seed (the same projects every run).

#include <vector>

#include "anju/v1/registry.pb.h"

namespace anju::registry::bench {

std::vector<v1::ReserveProject> GeneratedReserve(int n);

}  // namespace anju::registry::bench

#endif  // ANJU_BENCH_REGISTRY_RANK_GENERATED_RESERVE_H_
