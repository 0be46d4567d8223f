#ifndef ANJU_BENCH_ENGINE_ENGINE_BENCHMARKS_H_
#define ANJU_BENCH_ENGINE_ENGINE_BENCHMARKS_H_

#include <vector>

#include "bench/engine/samples.h"

namespace anju::bench {

// Evaluate/<sample>, Evaluate/all (the headline figure), ValidateInput/all,
// and the baselines Baseline/lookup_facts and Baseline/copy_input. Each
// reports items_per_second as indicators scored per second of CPU time.
void RegisterEngineBenchmarks(const std::vector<const Sample*>& samples);

}  // namespace anju::bench

#endif  // ANJU_BENCH_ENGINE_ENGINE_BENCHMARKS_H_
