#include "bench/engine/service_benchmarks.h"

#include <benchmark/benchmark.h>

#include <string>

#include "services/scoring/arena_allocator.h"

namespace anju::bench {
namespace {

using Service = scoring::ScoringServiceImpl;

void DoEvaluate(benchmark::State& state, const Service* service,
                std::vector<const Sample*> samples) {
  for (auto _ : state) {
    for (const Sample* s : samples) {
      anju::v1::EvaluateResponse response;  // fresh, as gRPC gives each call
      benchmark::DoNotOptimize(service->DoEvaluate(s->request, &response));
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

// One call's server-side work with the messages on the heap, as the
// callback API puts them without an allocator (anju-bench-server --heap):
// freed when the call is done.
void ServerOnHeap(benchmark::State& state, const Service* service,
                  std::vector<const Sample*> samples) {
  std::string out;
  for (auto _ : state) {
    for (const Sample* s : samples) {
      anju::v1::EvaluateRequest request;
      anju::v1::EvaluateResponse response;
      benchmark::DoNotOptimize(request.ParseFromString(s->request_bytes));
      benchmark::DoNotOptimize(service->DoEvaluate(request, &response));
      out.clear();
      benchmark::DoNotOptimize(response.SerializeToString(&out));
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

// The same as the service runs it: both messages on one arena from the
// allocator that ScoringServiceImpl installs on Evaluate. Parsing and
// building allocate by bumping a pointer, and freeing is one reset.
void ServerOnArena(benchmark::State& state, const Service* service,
                   std::vector<const Sample*> samples) {
  scoring::ArenaMessageAllocator<anju::v1::EvaluateRequest,
                                 anju::v1::EvaluateResponse>
      allocator;
  std::string out;
  for (auto _ : state) {
    for (const Sample* s : samples) {
      grpc::MessageHolder<anju::v1::EvaluateRequest,
                          anju::v1::EvaluateResponse>* holder =
          allocator.AllocateMessages();
      benchmark::DoNotOptimize(
          holder->request()->ParseFromString(s->request_bytes));
      benchmark::DoNotOptimize(
          service->DoEvaluate(*holder->request(), holder->response()));
      out.clear();
      benchmark::DoNotOptimize(holder->response()->SerializeToString(&out));
      holder->Release();
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

// The client's side of a call, as anju-loadgen does it: serialize the
// request, parse the response into a message reused from call to call.
void ClientWire(benchmark::State& state, std::vector<const Sample*> samples) {
  std::string out;
  anju::v1::EvaluateResponse response;
  for (auto _ : state) {
    for (const Sample* s : samples) {
      out.clear();
      benchmark::DoNotOptimize(s->request.SerializeToString(&out));
      benchmark::DoNotOptimize(response.ParseFromString(s->response_bytes));
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

}  // namespace

void RegisterServiceBenchmarks(const std::vector<const Sample*>& samples,
                               const Service* service) {
  benchmark::RegisterBenchmark("Service/DoEvaluate/all", DoEvaluate, service,
                               samples);
  benchmark::RegisterBenchmark("Server/heap/all", ServerOnHeap, service,
                               samples);
  benchmark::RegisterBenchmark("Server/arena/all", ServerOnArena, service,
                               samples);
  benchmark::RegisterBenchmark("Client/wire/all", ClientWire, samples);
}

}  // namespace anju::bench
