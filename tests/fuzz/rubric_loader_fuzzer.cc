// The rubric loader (services/scoring/engine) on arbitrary YAML: it must
// answer with a rubric or a status, never crash, hang or throw; a rubric it
// accepts must evaluate (no facts, then every fact at its bounds) within
// the engine's invariants. Seeds: rubrics/2023/*.yaml.

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"
#include "tests/fuzz/engine_checks.h"
#include "tests/fuzz/fuzz_support.h"

namespace anju::fuzz {
namespace {

using scoring::FactSpec;

// Every declared fact at its upper bound (flags true), the case where
// rules compare, divide and cap the most.
scoring::Facts FactsAtMax(const scoring::Rubric& rubric) {
  scoring::Facts facts;
  for (const auto& [name, spec] : rubric.facts) {
    if (spec.type == FactSpec::Type::kFlag) {
      facts[name] = true;
    } else {
      facts[name] = spec.max;
    }
  }
  return facts;
}

void EvaluateAccepted(const scoring::Rubric& rubric) {
  auto none = scoring::Evaluate(rubric, {}, {});
  Check(none.ok(), "a loaded rubric evaluates without facts");
  CheckEvaluation(*none);
  // A bound may itself be refused (a count's fractional max): then skip.
  auto at_max = scoring::Evaluate(rubric, FactsAtMax(rubric), {});
  if (at_max.ok()) CheckEvaluation(*at_max);
}

}  // namespace
}  // namespace anju::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The loader reads files (RubricSet::LoadFile): one scratch file, on tmpfs.
  static const std::string path =
      (anju::fuzz::ScratchDir() / "rubric.yaml").string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), size);
  }
  auto rubric = anju::scoring::RubricSet::LoadFile(path);
  if (rubric.ok()) anju::fuzz::EvaluateAccepted(*rubric);
  return 0;
}
