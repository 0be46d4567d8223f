#ifndef ANJU_SERVICES_SCORING_ENGINE_RULE_EVAL_H_
#define ANJU_SERVICES_SCORING_ENGINE_RULE_EVAL_H_

// Scores one indicator from a resolved fact table. Internal to the engine.

#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"

namespace anju::scoring {

// One fact as validated, by FactSpec::index.
struct FactSlot {
  bool present = false;
  bool flag = false;
  double number = 0;
};

// Fills `out` (score, reason, scorable, missing facts). `self` may be null.
// Self-score comparison is the caller's.
void ScoreIndicator(const Indicator& indicator, const FactSlot* facts,
                    const SelfScore* self, IndicatorResult* out);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_RULE_EVAL_H_
