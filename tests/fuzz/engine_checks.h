#ifndef ANJU_TESTS_FUZZ_ENGINE_CHECKS_H_
#define ANJU_TESTS_FUZZ_ENGINE_CHECKS_H_

// Properties of every evaluation, whatever rubric and facts produced it
// (engine.h): scores within their indicator's points, a not-scorable
// result that says why, totals that add up.

#include "services/scoring/engine/engine.h"
#include "tests/fuzz/fuzz_support.h"

namespace anju::fuzz {

inline void CheckEvaluation(const scoring::Evaluation& ev) {
  scoring::Points sum = 0;
  for (const scoring::IndicatorResult& r : ev.indicators) {
    Check(r.score >= 0 && r.score <= r.indicator->max_points,
          "an indicator's score lies within [0, its points]");
    Check(r.scorable || r.score == 0, "a not-scorable indicator scores 0");
    Check(r.scorable || !r.missing_facts.empty() || !r.reason.empty(),
          "a not-scorable indicator says why");
    Check(!ev.complete || r.scorable, "a complete evaluation scores all");
  }
  for (const scoring::SubtotalResult& sub : ev.subtotals) {
    Check(sub.score >= 0 && sub.score <= sub.max_points,
          "a subtotal lies within [0, its level's points]");
    sum += sub.score;
  }
  Check(ev.total == sum + ev.bonus, "total = subtotals + bonus");
}

}  // namespace anju::fuzz

#endif  // ANJU_TESTS_FUZZ_ENGINE_CHECKS_H_
