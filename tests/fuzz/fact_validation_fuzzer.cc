// Fact and self-score validation of the rubric engine (ValidateInput,
// Evaluate) against the shipped rubrics: names that are declared, near
// misses and garbage; flags where numbers belong and back; any double's
// bit pattern (NaN, inf, denormals, -0); self-scores of any Points. The
// engine must refuse or score, never crash, and Evaluate must agree with
// ValidateInput and keep its invariants.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>

#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"
#include "tests/fuzz/engine_checks.h"
#include "tests/fuzz/fuzz_support.h"

namespace anju::fuzz {
namespace {

const scoring::RubricSet& Rubrics() {
  static const scoring::RubricSet* const set = [] {
    auto loaded = scoring::RubricSet::LoadDirectory(SourcePath("rubrics"));
    if (!loaded.ok()) SetupFailed(loaded.status().ToString());
    return loaded->release();
  }();
  return *set;
}

// A declared name (most of the time, so that values get checked), else
// whatever the input says.
template <typename Pick>
std::string Name(FuzzedDataProvider& in, size_t declared, Pick pick) {
  if (declared > 0 && in.ConsumeBool()) {
    return pick(in.ConsumeIntegralInRange<size_t>(0, declared - 1));
  }
  return in.ConsumeRandomLengthString(40);
}

double AnyDouble(FuzzedDataProvider& in) {
  const uint64_t bits = in.ConsumeIntegral<uint64_t>();
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

scoring::Facts ReadFacts(FuzzedDataProvider& in,
                         const scoring::Rubric& rubric) {
  scoring::Facts facts;
  const int n = in.ConsumeIntegralInRange(0, 40);
  for (int i = 0; i < n && in.remaining_bytes() > 0; ++i) {
    std::string name = Name(in, rubric.facts.size(), [&](size_t k) {
      return std::next(rubric.facts.begin(), k)->first;
    });
    switch (in.ConsumeIntegralInRange(0, 2)) {
      case 0:
        facts[name] = in.ConsumeBool();
        break;
      case 1:  // small whole numbers: the values rules branch on
        facts[name] = static_cast<double>(in.ConsumeIntegral<int16_t>());
        break;
      default:
        facts[name] = AnyDouble(in);
    }
  }
  return facts;
}

scoring::SelfScores ReadSelfScores(FuzzedDataProvider& in,
                                   const scoring::Rubric& rubric) {
  scoring::SelfScores scores;
  const int n = in.ConsumeIntegralInRange(0, 10);
  for (int i = 0; i < n && in.remaining_bytes() > 0; ++i) {
    std::string id = Name(in, rubric.indicators.size(),
                          [&](size_t k) { return rubric.indicators[k].id; });
    scoring::SelfScore self;
    if (in.ConsumeBool()) {
      self.score = in.ConsumeBool()
                       ? in.ConsumeIntegralInRange<int64_t>(-100, 10100)
                       : in.ConsumeIntegral<int64_t>();
    }
    self.reason = in.ConsumeRandomLengthString(20);
    if (in.ConsumeBool()) self.evidence.push_back("evidence.pdf");
    scores[id] = std::move(self);
  }
  return scores;
}

}  // namespace
}  // namespace anju::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anju;  // NOLINT: a fuzz entry point
  FuzzedDataProvider in(data, size);
  const auto& rubrics = fuzz::Rubrics().rubrics();
  const scoring::Rubric& rubric =
      rubrics[in.ConsumeIntegralInRange<size_t>(0, rubrics.size() - 1)];
  const scoring::Facts facts = fuzz::ReadFacts(in, rubric);
  const scoring::SelfScores self = fuzz::ReadSelfScores(in, rubric);
  const absl::Status valid = scoring::ValidateInput(rubric, facts, self);
  auto ev = scoring::Evaluate(rubric, facts, self);
  fuzz::Check(ev.ok() == valid.ok(),
              "Evaluate refuses what ValidateInput does");
  if (!valid.ok()) {
    fuzz::Check(valid.code() == absl::StatusCode::kInvalidArgument,
                "bad facts are INVALID_ARGUMENT");
    return 0;
  }
  fuzz::CheckEvaluation(*ev);
  return 0;
}
