#ifndef ANJU_SERVICES_SCORING_ENGINE_SCORER_H_
#define ANJU_SERVICES_SCORING_ENGINE_SCORER_H_

// Walking one rule tree for one set of facts. Internal to the engine: used
// by rule_eval.cc, which adds vetoes, exemptions and judged indicators.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "services/scoring/engine/points.h"
#include "services/scoring/engine/rule.h"
#include "services/scoring/engine/rule_eval.h"

namespace anju::scoring {

enum class Tri { kFalse, kTrue, kUnknown };

// What a node can still be worth. Known facts make lo == hi; a missing
// fact widens the range. A node whose range is one value is scored even
// with facts missing: they sit on a branch that cannot change the result
// (性质恶劣 → 0 needs no count of violations).
struct Range {
  double lo = 0;
  double hi = 0;
  bool Determined() const { return hi - lo <= kTolerance; }
};

struct RateValue;  // a resolved rate, in scorer.cc

// How a rate resolved: a value, a zero plan that its `zero_planned` scores,
// or not at all (a fact missing, or a zero plan nothing covers).
enum class RateState { kValue, kZeroPlanned, kUnresolved };

// "，得7分": a verb, a score rounded half-up to 2 decimals, 分.
void AppendScorePhrase(std::string* out, const char* verb, double points);

// Walks a rule tree for one set of facts, appending the reason (评分理由)
// as it goes. Every node appends text only when its value is determined.
class Scorer {
 public:
  Scorer(const FactSlot* facts, std::string* out) : facts_(facts), out_(*out) {}

  Range Eval(const RuleNode& node, int depth);
  Tri Test(const Condition& cond);
  // What is missing: a name for missing_facts and the words for the reason.
  void AddMissing(std::string name, std::string note);
  // Why a value cannot be computed at all (a zero denominator).
  void AddBlocker(std::string blocker);
  // Drops what was recorded after the marks: a branch that no longer
  // matters.
  void Forget(size_t missing_mark, size_t notes_mark);

  const std::vector<std::string>& missing() const { return missing_; }
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& blockers() const { return blockers_; }

 private:
  const FactSlot& Slot(const FactRef& fact) const { return facts_[fact.index]; }
  void Missing(const FactRef& fact);
  RateState ResolveRate(const RateSource& rate, RateValue* value);
  // The rate in words; its value printed apart from `bounds` (the targets
  // and band edges the reason then compares it with).
  void AppendRate(const RateSource& rate, const RateValue& value,
                  std::initializer_list<double> bounds);
  Range ZeroPlanned(const RateSource& rate);
  // The range of a node whose rate did not resolve: [lo, hi], widened by
  // what a zero plan would score.
  static Range Unresolved(const RateSource& rate, double lo, double hi);
  void MergeAlternatives(size_t notes_mark,
                         const absl::InlinedVector<size_t, 4>& starts);
  Range Check(const RuleNode& n);
  Range DeductFlag(const RuleNode& n);
  Range DeductCount(const RuleNode& n);
  Range FullSteps(const RuleNode& n);
  Range Bands(const RuleNode& n);
  Range Proportional(const RuleNode& n);
  Range BestOf(const RuleNode& n, int depth);
  Range Sum(const RuleNode& n, int depth);

  const FactSlot* facts_;
  std::string& out_;
  std::vector<std::string> missing_;  // fact names
  std::vector<std::string> notes_;    // what to send, in words
  std::vector<std::string> blockers_;
};

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_SCORER_H_
