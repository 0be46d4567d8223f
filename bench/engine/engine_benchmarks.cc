#include "bench/engine/engine_benchmarks.h"

#include <benchmark/benchmark.h>

#include <string>

#include "services/scoring/engine/engine.h"

namespace anju::bench {
namespace {

// Evaluate, validation included: what the service calls per request.
void EvaluateSamples(benchmark::State& state,
                     std::vector<const Sample*> samples) {
  for (auto _ : state) {
    for (const Sample* s : samples) {
      auto result = scoring::Evaluate(*s->rubric, s->facts, s->self_scores);
      benchmark::DoNotOptimize(result);
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

// The validation half of Evaluate alone, to split its cost.
void ValidateSamples(benchmark::State& state,
                     std::vector<const Sample*> samples) {
  for (auto _ : state) {
    for (const Sample* s : samples) {
      auto status =
          scoring::ValidateInput(*s->rubric, s->facts, s->self_scores);
      benchmark::DoNotOptimize(status);
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

// Baseline: the least any engine must do, one map lookup per fact that an
// indicator reads. Counted per indicator, like Evaluate.
void LookupFacts(benchmark::State& state, std::vector<const Sample*> samples) {
  for (auto _ : state) {
    for (const Sample* s : samples) {
      for (const scoring::Indicator& indicator : s->rubric->indicators) {
        for (const std::string& fact : indicator.facts) {
          auto it = s->facts.find(fact);
          benchmark::DoNotOptimize(it);
        }
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

// Baseline: copying the engine's input (facts and self-scores), about what
// any conversion from the request must cost.
void CopyInput(benchmark::State& state, std::vector<const Sample*> samples) {
  for (auto _ : state) {
    for (const Sample* s : samples) {
      scoring::Facts facts = s->facts;
      scoring::SelfScores self_scores = s->self_scores;
      benchmark::DoNotOptimize(facts);
      benchmark::DoNotOptimize(self_scores);
    }
  }
  state.SetItemsProcessed(state.iterations() * IndicatorCount(samples));
}

}  // namespace

void RegisterEngineBenchmarks(const std::vector<const Sample*>& samples) {
  for (const Sample* s : samples) {
    benchmark::RegisterBenchmark(("Evaluate/" + s->name).c_str(),
                                 EvaluateSamples,
                                 std::vector<const Sample*>{s});
  }
  benchmark::RegisterBenchmark("Evaluate/all", EvaluateSamples, samples);
  benchmark::RegisterBenchmark("ValidateInput/all", ValidateSamples, samples);
  benchmark::RegisterBenchmark("Baseline/lookup_facts", LookupFacts, samples);
  benchmark::RegisterBenchmark("Baseline/copy_input", CopyInput, samples);
}

}  // namespace anju::bench
