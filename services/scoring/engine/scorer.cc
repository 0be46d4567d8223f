#include "services/scoring/engine/scorer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/scoring/engine/format.h"

namespace anju::scoring {

struct RateValue {
  double value = 0;
  bool computed = false;  // from counts, else a *_pct fact as sent
  double actual = 0;
  double planned = 0;
};

namespace {

using Kind = RuleNode::Kind;

double Clamp(double v, double lo, double hi) {
  return std::min(std::max(v, lo), hi);
}

void AppendNamed(std::string* out, const FactRef& fact) {
  absl::StrAppend(out, fact.label, "(", fact.name, ")");
}

void AppendQuantity(std::string* out, const FactRef& fact, double v) {
  if (fact.type == FactSpec::Type::kCount) {
    absl::StrAppend(out, static_cast<int64_t>(std::llround(v)));
  } else {
    AppendDecimal(out, v, 0, 4);
  }
  out->append(fact.unit);
}

}  // namespace

void Scorer::AddMissing(std::string name, std::string note) {
  missing_.push_back(std::move(name));
  notes_.push_back(std::move(note));
}

void Scorer::AddBlocker(std::string blocker) {
  blockers_.push_back(std::move(blocker));
}

void Scorer::Forget(size_t missing_mark, size_t notes_mark) {
  missing_.resize(missing_mark);
  notes_.resize(notes_mark);
}

void Scorer::Missing(const FactRef& fact) {
  std::string note;
  AppendNamed(&note, fact);
  AddMissing(fact.name, std::move(note));
}

void AppendScorePhrase(std::string* out, const char* verb, double points) {
  out->append(verb);
  AppendScore(out, points);
  out->append("分");
}

Range Scorer::Eval(const RuleNode& node, int depth) {
  switch (node.kind) {
    case Kind::kCheck:
      return Check(node);
    case Kind::kDeductFlag:
      return DeductFlag(node);
    case Kind::kDeductCount:
      return DeductCount(node);
    case Kind::kFullSteps:
      return FullSteps(node);
    case Kind::kBands:
      return Bands(node);
    case Kind::kProportional:
      return Proportional(node);
    case Kind::kBestOf:
      return BestOf(node, depth);
    case Kind::kSum:
      return Sum(node, depth);
    case Kind::kFixed:
      out_.append(node.reason);
      AppendScorePhrase(&out_, "，得", node.points);
      return {node.points, node.points};
    case Kind::kJudged:
      break;  // scored from the self-score, by ScoreIndicator
  }
  return {0, node.max_points};
}

Tri Scorer::Test(const Condition& cond) {
  switch (cond.kind) {
    case Condition::Kind::kIs: {
      const FactSlot& f = Slot(cond.fact);
      if (!f.present) {
        Missing(cond.fact);
        return Tri::kUnknown;
      }
      return f.flag == cond.is ? Tri::kTrue : Tri::kFalse;
    }
    case Condition::Kind::kEquals: {
      const FactSlot& f = Slot(cond.fact);
      if (!f.present) {
        Missing(cond.fact);
        return Tri::kUnknown;
      }
      return std::fabs(f.number - cond.equals) <= kTolerance ? Tri::kTrue
                                                             : Tri::kFalse;
    }
    case Condition::Kind::kMissing:
      return Slot(cond.fact).present ? Tri::kFalse : Tri::kTrue;
    case Condition::Kind::kAll:
    case Condition::Kind::kAny:
      break;
  }
  // all: one false decides; any: one true decides. Otherwise an unknown
  // child leaves the whole unknown, naming what it needs.
  const Tri decisive =
      cond.kind == Condition::Kind::kAll ? Tri::kFalse : Tri::kTrue;
  const size_t missing_mark = missing_.size();
  const size_t notes_mark = notes_.size();
  bool unknown = false;
  for (const Condition& child : cond.children) {
    const Tri t = Test(child);
    if (t == decisive) {
      Forget(missing_mark, notes_mark);
      return decisive;
    }
    unknown = unknown || t == Tri::kUnknown;
  }
  if (unknown) return Tri::kUnknown;
  return decisive == Tri::kFalse ? Tri::kTrue : Tri::kFalse;
}

RateState Scorer::ResolveRate(const RateSource& rate, RateValue* value) {
  const bool pct_present = rate.has_pct && Slot(rate.pct).present;
  if (rate.has_counts) {
    const FactSlot& actual = Slot(rate.actual);
    const FactSlot& planned = Slot(rate.planned);
    // Nothing planned: nothing to rate, whatever was done.
    if (planned.present && planned.number <= 0 && rate.has_zero_planned) {
      return RateState::kZeroPlanned;
    }
    if (actual.present && planned.present) {
      if (planned.number > 0) {
        value->computed = true;
        value->actual = actual.number;
        value->planned = planned.number;
        // actual × 100 first: 1900 × 100 / 2000 is exactly 95.
        value->value = actual.number * 100.0 / planned.number;
        return RateState::kValue;
      }
      if (!pct_present) {
        blockers_.push_back(absl::StrCat(rate.planned.label, "为0，无法计算",
                                         rate.label, "，评分标准未规定此情形"));
        return RateState::kUnresolved;
      }
    }
  }
  if (pct_present) {
    value->value = Slot(rate.pct).number;
    return RateState::kValue;
  }
  std::string note;
  if (rate.has_counts) {
    for (const FactRef* fact : {&rate.planned, &rate.actual}) {
      if (Slot(*fact).present) continue;
      if (!note.empty()) note.append("、");
      AppendNamed(&note, *fact);
      missing_.push_back(fact->name);
    }
  }
  if (rate.has_pct) {
    if (!note.empty()) note.append("，或");
    AppendNamed(&note, rate.pct);
    missing_.push_back(rate.pct.name);
  }
  notes_.push_back(std::move(note));
  return RateState::kUnresolved;
}

Range Scorer::ZeroPlanned(const RateSource& rate) {
  const FactSlot& actual = Slot(rate.actual);
  out_.append(rate.planned.label);
  AppendQuantity(&out_, rate.planned, 0);
  if (actual.present) {
    out_.append("，");
    out_.append(rate.actual.label);
    AppendQuantity(&out_, rate.actual, actual.number);
  }
  out_.append("，");
  out_.append(rate.zero_planned_reason);
  AppendScorePhrase(&out_, "，得", rate.zero_planned_points);
  return {rate.zero_planned_points, rate.zero_planned_points};
}

Range Scorer::Unresolved(const RateSource& rate, double lo, double hi) {
  if (rate.has_zero_planned) {
    lo = std::min(lo, rate.zero_planned_points);
    hi = std::max(hi, rate.zero_planned_points);
  }
  return {lo, hi};
}

void Scorer::AppendRate(const RateSource& rate, const RateValue& value,
                        std::initializer_list<double> bounds) {
  if (!value.computed) {
    out_.append(rate.pct.label);
    AppendApart(&out_, value.value, bounds, 1, 4);
    out_.append(rate.pct.unit);
    return;
  }
  out_.append(rate.planned.label);
  AppendQuantity(&out_, rate.planned, value.planned);
  out_.append("，");
  out_.append(rate.actual.label);
  AppendQuantity(&out_, rate.actual, value.actual);
  out_.append("，");
  out_.append(rate.label);
  AppendApart(&out_, value.value, bounds, 1, 2);
  out_.append("%");
}

Range Scorer::Check(const RuleNode& n) {
  const FactSlot& f = Slot(n.fact);
  if (!f.present) {
    Missing(n.fact);
    return {0, n.points};
  }
  const double v = f.flag == n.expect ? n.points : 0;
  out_.append(n.fact.label);
  out_.append(f.flag ? "：是" : "：否");
  if (v > 0) {
    AppendScorePhrase(&out_, "，得", v);
  } else {
    out_.append("，不得分");
  }
  return {v, v};
}

Range Scorer::DeductFlag(const RuleNode& n) {
  const FactSlot& f = Slot(n.fact);
  if (!f.present) {
    Missing(n.fact);
    return {-n.points, 0};
  }
  const double d = f.flag == n.expect ? n.points : 0;
  out_.append(n.fact.label);
  out_.append(f.flag ? "：是" : "：否");
  if (d > 0) {
    AppendScorePhrase(&out_, "，扣", d);
  } else {
    out_.append("，不扣分");
  }
  return {-d, -d};
}

Range Scorer::DeductCount(const RuleNode& n) {
  const FactSlot& f = Slot(n.fact);
  if (!f.present) {
    Missing(n.fact);
    return {-n.max_deduction, 0};
  }
  const double raw = f.number * n.per_item;
  const double d = std::min(raw, n.max_deduction);
  out_.append(n.fact.label);
  AppendQuantity(&out_, n.fact, f.number);
  if (d <= 0) {
    out_.append("，不扣分");
    return {0, 0};
  }
  AppendScorePhrase(&out_, "，扣", d);
  if (raw > n.max_deduction + kTolerance) {
    AppendScorePhrase(&out_, "（最多扣", n.max_deduction);
    out_.append("）");
  }
  return {-d, -d};
}

Range Scorer::FullSteps(const RuleNode& n) {
  RateValue r;
  switch (ResolveRate(n.rate, &r)) {
    case RateState::kZeroPlanned:
      return ZeroPlanned(n.rate);
    case RateState::kUnresolved:
      return Unresolved(n.rate, n.points - n.max_deduction, n.points);
    case RateState::kValue:
      break;
  }
  const double shortfall = n.target - r.value;
  if (shortfall <= kTolerance) {
    AppendRate(n.rate, r, {});
    AppendScorePhrase(&out_, "，得", n.points);
    return {n.points, n.points};
  }
  // 每低N个百分点扣M分: whole steps of N by default.
  const double whole_steps = std::floor(shortfall / n.step + kTolerance);
  const double steps = n.proportional_steps ? shortfall / n.step : whole_steps;
  // The rate and the shortfall print on their side of the target and of the
  // next step (99.99999 is not "100.0"; 4.996 short is not "5.0" short).
  const double next_step = (whole_steps + 1) * n.step;
  if (n.proportional_steps) {
    AppendRate(n.rate, r, {n.target});
  } else {
    AppendRate(n.rate, r, {n.target, n.target - next_step});
  }
  double d = steps * n.per_step;
  out_.append("，低于");
  AppendThreshold(&out_, n.target);
  out_.append("%共");
  if (n.proportional_steps) {
    AppendApart(&out_, shortfall, {0.0}, 1, 2);
  } else {
    AppendApart(&out_, shortfall, {0.0, next_step}, 1, 2);
  }
  out_.append("个百分点");
  if (d <= 0) {
    out_.append("，不足");
    AppendThreshold(&out_, n.step);
    out_.append("个百分点，不扣分");
  } else if (d > n.max_deduction + kTolerance) {
    d = n.max_deduction;
    AppendScorePhrase(&out_, "，扣", d);
    out_.append("（最多扣满）");
  } else {
    AppendScorePhrase(&out_, "，扣", d);
  }
  const double v = n.points - d;
  AppendScorePhrase(&out_, "，得", v);
  return {v, v};
}

Range Scorer::Bands(const RuleNode& n) {
  const RuleNode::Band& last = n.bands.back();
  RateValue r;
  switch (ResolveRate(n.rate, &r)) {
    case RateState::kZeroPlanned:
      return ZeroPlanned(n.rate);
    case RateState::kUnresolved:
      return Unresolved(n.rate, last.min <= 0 ? last.points : 0, n.max_points);
    case RateState::kValue:
      break;
  }
  size_t i = 0;
  while (i < n.bands.size() && r.value < n.bands[i].min - kTolerance) ++i;
  double v = 0;
  if (i == n.bands.size()) {
    AppendRate(n.rate, r, {last.min});
    out_.append("，低于");
    AppendThreshold(&out_, last.min);
    out_.append("%");
  } else if (i == 0) {
    AppendRate(n.rate, r, {n.bands[0].min});
    out_.append("，不低于");
    AppendThreshold(&out_, n.bands[0].min);
    out_.append("%");
    v = n.bands[0].points;
  } else {
    AppendRate(n.rate, r, {n.bands[i].min, n.bands[i - 1].min});
    out_.append("，在");
    AppendThreshold(&out_, n.bands[i].min);
    out_.append("%至");
    AppendThreshold(&out_, n.bands[i - 1].min);
    out_.append("%之间");
    v = n.bands[i].points;
  }
  AppendScorePhrase(&out_, "，得", v);
  return {v, v};
}

Range Scorer::Proportional(const RuleNode& n) {
  RateValue r;
  switch (ResolveRate(n.rate, &r)) {
    case RateState::kZeroPlanned:
      return ZeroPlanned(n.rate);
    case RateState::kUnresolved:
      return Unresolved(n.rate, 0, n.points);
    case RateState::kValue:
      break;
  }
  AppendRate(n.rate, r, {n.target});
  double v = n.points;
  if (!n.upper_bound) {
    if (r.value >= n.target - kTolerance) {
      out_.append("，达到目标");
    } else {
      v = n.points * r.value / n.target;
      out_.append("，低于目标");
    }
  } else if (r.value <= n.target + kTolerance) {
    out_.append("，不高于");
  } else {
    // r.value > target > 0 here: no division by zero.
    v = n.points * n.target / r.value;
    out_.append("，高于");
  }
  AppendThreshold(&out_, n.target);
  out_.append("%");
  AppendScorePhrase(&out_, v < n.points ? "，按比例得" : "，得", v);
  return {v, v};
}

void Scorer::MergeAlternatives(size_t notes_mark,
                               const absl::InlinedVector<size_t, 4>& starts) {
  std::string merged;
  for (size_t o = 0; o < starts.size(); ++o) {
    const size_t begin = starts[o];
    const size_t end = o + 1 < starts.size() ? starts[o + 1] : notes_.size();
    if (begin == end) continue;
    if (!merged.empty()) merged.append("，或");
    for (size_t k = begin; k < end; ++k) {
      if (k > begin) merged.append("、");
      merged.append(notes_[k]);
    }
  }
  notes_.resize(notes_mark);
  if (!merged.empty()) notes_.push_back(std::move(merged));
}

Range Scorer::BestOf(const RuleNode& n, int depth) {
  const size_t start = out_.size();
  const size_t missing_mark = missing_.size();
  const size_t notes_mark = notes_.size();
  const char* sep = depth == 0 ? "；" : "，";
  const char* alternative = depth == 0 ? "；或" : "，或";
  absl::InlinedVector<size_t, 4> starts;
  Range best;
  bool first = true;
  for (const RuleNode& option : n.parts) {
    starts.push_back(notes_.size());
    const size_t before = out_.size();
    if (!first) out_.append(alternative);
    const size_t mark = out_.size();
    const Range r = Eval(option, depth + 1);
    if (out_.size() == mark) {
      out_.resize(before);
    } else {
      first = false;
    }
    best.lo = std::max(best.lo, r.lo);
    best.hi = std::max(best.hi, r.hi);
  }
  if (!best.Determined()) {
    out_.resize(start);
    MergeAlternatives(notes_mark, starts);
    return best;
  }
  Forget(missing_mark, notes_mark);
  out_.append(sep);
  AppendScorePhrase(&out_, "取较高者，得", best.lo);
  return best;
}

Range Scorer::Sum(const RuleNode& n, int depth) {
  const size_t start = out_.size();
  const size_t missing_mark = missing_.size();
  const size_t notes_mark = notes_.size();
  const bool nested = depth > 0;
  const char* sep = nested ? "，" : "；";
  if (nested) {
    out_.append(n.label);
    out_.append("（");
  }
  bool first = true;
  if (n.base > 0) {
    AppendScorePhrase(&out_, "基础分", n.base);
    first = false;
  }
  double award_lo = n.base, award_hi = n.base, ded_lo = 0, ded_hi = 0;
  for (const RuleNode& part : n.parts) {
    const size_t before = out_.size();
    if (!first) out_.append(sep);
    const size_t mark = out_.size();
    const Range r = Eval(part, depth + 1);
    if (out_.size() == mark) {
      out_.resize(before);
    } else {
      first = false;
    }
    (part.deduction ? ded_lo : award_lo) += r.lo;
    (part.deduction ? ded_hi : award_hi) += r.hi;
  }
  const bool capped = -ded_hi > n.max_deduction + kTolerance;
  ded_lo = std::max(ded_lo, -n.max_deduction);
  ded_hi = std::max(ded_hi, -n.max_deduction);
  const double raw = award_lo + ded_lo;
  const Range r{Clamp(raw, 0, n.max_points),
                Clamp(award_hi + ded_hi, 0, n.max_points)};
  if (!r.Determined()) {
    out_.resize(start);
    return r;
  }
  Forget(missing_mark, notes_mark);
  if (!first) out_.append(sep);
  AppendScorePhrase(&out_, nested ? "小计" : "合计", r.lo);
  if (capped) {
    AppendScorePhrase(&out_, "（扣分以", n.max_deduction);
    out_.append("为限）");
  } else if (raw < -kTolerance) {
    out_.append("（扣完为止）");
  }
  if (nested) out_.append("）");
  return r;
}

}  // namespace anju::scoring
