#ifndef ANJU_BENCH_ENGINE_SERVICE_BENCHMARKS_H_
#define ANJU_BENCH_ENGINE_SERVICE_BENCHMARKS_H_

#include <vector>

#include "bench/engine/samples.h"
#include "services/scoring/scoring_service.h"

namespace anju::bench {

// What an Evaluate call costs around the engine, without a network, to
// explain the gRPC benchmark's figures: Service/DoEvaluate/all (the
// handler), Server/heap/all (parse request + handler + serialize response +
// free, as gRPC does it today), Server/arena/all (the same on a protobuf
// arena) and Client/wire/all (the client's serialize + parse). Counted per
// indicator, like the engine benchmarks, so that costs compare directly.
void RegisterServiceBenchmarks(const std::vector<const Sample*>& samples,
                               const scoring::ScoringServiceImpl* service);

}  // namespace anju::bench

#endif  // ANJU_BENCH_ENGINE_SERVICE_BENCHMARKS_H_
