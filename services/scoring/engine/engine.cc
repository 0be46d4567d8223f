#include "services/scoring/engine/engine.h"

#include <cmath>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "services/scoring/engine/format.h"
#include "services/scoring/engine/rule_eval.h"
#include "services/scoring/engine/status_macros.h"

namespace anju::scoring {
namespace {

// Rubrics declare ~40 facts and ~16 indicators: the per-call tables stay on
// the stack.
using FactTable = absl::InlinedVector<FactSlot, 64>;
using SelfTable = absl::InlinedVector<const SelfScore*, 32>;

std::string FactField(const std::string& name) {
  return absl::StrCat("facts[\"", name, "\"]");
}

std::string RubricName(const Rubric& rubric) {
  return absl::StrCat(rubric.programme, " ", rubric.year);
}

absl::Status BadFact(const std::string& name, absl::string_view rule,
                     absl::string_view got) {
  return absl::InvalidArgumentError(
      absl::StrCat(FactField(name), ": ", rule, ", got ", got));
}

// Numbers in messages as people write them: 120, 2197.5, 12345678.
std::string Shown(double v) { return FormatNumber(v); }

absl::Status CheckNumber(const FactSpec& spec, double v) {
  using Type = FactSpec::Type;
  if (!std::isfinite(v)) {
    return BadFact(spec.name, "须为有限数值 (must be a finite number)",
                   Shown(v));
  }
  if (spec.type == Type::kCount) {
    if (v < 0) {
      return BadFact(spec.name, "数量不能为负数 (a count must be >= 0)",
                     Shown(v));
    }
    if (v != std::floor(v)) {
      return BadFact(spec.name, "数量须为整数 (a count must be a whole number)",
                     Shown(v));
    }
  }
  if (spec.type == Type::kPercent && (v < 0 || v > 100)) {
    return BadFact(spec.name,
                   "百分比须在0到100之间 (a percentage must be within 0–100)",
                   Shown(v));
  }
  if (v < spec.min || v > spec.max) {
    return BadFact(spec.name,
                   absl::StrCat("须在", Shown(spec.min), "到", Shown(spec.max),
                                "之间 (must be within [", Shown(spec.min), ", ",
                                Shown(spec.max), "] ", spec.unit, ")"),
                   Shown(v));
  }
  return absl::OkStatus();
}

absl::Status CheckFact(const FactSpec& spec, const FactValue& value,
                       FactSlot* slot) {
  const bool is_flag = std::holds_alternative<bool>(value);
  if (spec.type == FactSpec::Type::kFlag) {
    if (!is_flag) {
      return BadFact(
          spec.name, "应为是/否 (expected a flag: true or false)",
          absl::StrCat("the number ", Shown(std::get<double>(value))));
    }
    slot->present = true;
    slot->flag = std::get<bool>(value);
    return absl::OkStatus();
  }
  if (is_flag) {
    return BadFact(spec.name, "应为数值 (expected a number)",
                   std::get<bool>(value) ? "the flag true" : "the flag false");
  }
  const double v = std::get<double>(value);
  ANJU_ENGINE_RETURN_IF_ERROR(CheckNumber(spec, v));
  slot->present = true;
  slot->number = v;
  return absl::OkStatus();
}

// Facts and the rubric's declarations are both sorted by name: one merge
// validates every fact and fills the table, with no lookup per fact.
absl::Status ResolveFacts(const Rubric& rubric, const Facts& facts,
                          FactTable* table) {
  table->assign(rubric.facts.size(), FactSlot{});
  auto spec = rubric.facts.begin();
  for (const auto& [name, value] : facts) {
    int order = 1;
    while (spec != rubric.facts.end() &&
           (order = spec->first.compare(name)) < 0) {
      ++spec;
    }
    if (order != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(FactField(name), ": 未知的事实 (unknown fact: the ",
                       RubricName(rubric), " rubric does not declare it)"));
    }
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckFact(spec->second, value, &(*table)[spec->second.index]));
  }
  return absl::OkStatus();
}

absl::Status CheckSelfScore(const Indicator& ind, const SelfScore& self) {
  if (!self.score.has_value()) return absl::OkStatus();
  const Points score = *self.score;
  if (score < 0 || score > ind.max_points) {
    const std::string max = FormatPoints(ind.max_points);
    return absl::InvalidArgumentError(
        absl::StrCat("self_scores[\"", ind.id, "\"].score: 自评得分须在0到",
                     max, "之间 (a self-score must be within [0, ", max,
                     "]), got ", FormatPoints(score)));
  }
  return absl::OkStatus();
}

// Self-scores (sorted by id) merged against the rubric's id order.
absl::Status ResolveSelfScores(const Rubric& rubric,
                               const SelfScores& self_scores,
                               SelfTable* table) {
  table->assign(rubric.indicators.size(), nullptr);
  const std::vector<int>& order = rubric.indicators_by_id;
  const bool indexed = order.size() == rubric.indicators.size();
  size_t k = 0;
  for (const auto& [id, self] : self_scores) {
    const Indicator* ind = nullptr;
    if (indexed) {
      while (k < order.size() && rubric.indicators[order[k]].id < id) ++k;
      if (k < order.size() && rubric.indicators[order[k]].id == id) {
        ind = &rubric.indicators[order[k]];
      }
    } else {
      ind = rubric.FindIndicator(id);
    }
    if (ind == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "self_scores[\"", id, "\"]: 未知的指标 (unknown indicator: the ",
          RubricName(rubric), " rubric has no such id)"));
    }
    ANJU_ENGINE_RETURN_IF_ERROR(CheckSelfScore(*ind, self));
    (*table)[ind - rubric.indicators.data()] = &self;
  }
  return absl::OkStatus();
}

void InitSubtotals(const Rubric& rubric, Evaluation* ev) {
  ev->subtotals.reserve(rubric.levels.size());
  for (const Level1& level : rubric.levels) {
    SubtotalResult sub;
    sub.level1 = level.name;
    sub.max_points = level.max_points;
    sub.self_score = 0;  // dropped below when an indicator has none
    ev->subtotals.push_back(std::move(sub));
  }
}

// Adds one scored indicator to the subtotals, bonus, self totals and the
// count of differences.
void Accumulate(const Indicator& ind, IndicatorResult* result_ptr,
                Evaluation* ev) {
  IndicatorResult& result = *result_ptr;
  const std::optional<Points>& self = result.self_score;
  if (ind.bonus) {
    ev->bonus += result.score;
    // An unclaimed bonus item needs no self-score: it adds nothing.
    if (ev->self_total && self) *ev->self_total += *self;
  } else {
    SubtotalResult& sub = ev->subtotals[ind.level_index];
    sub.score += result.score;
    if (sub.self_score && self) {
      *sub.self_score += *self;
    } else {
      sub.self_score.reset();
    }
    if (ev->self_total && self) {
      *ev->self_total += *self;
    } else {
      ev->self_total.reset();
    }
  }
  ev->complete = ev->complete && result.scorable;
  if (result.scorable && result.self_score) {
    result.difference = *result.self_score - result.score;
    if (*result.difference != 0) ++ev->differences;
  }
}

}  // namespace

const char* GradeLabel(Grade grade) {
  switch (grade) {
    case Grade::kExcellent:
      return "优";
    case Grade::kGood:
      return "良";
    case Grade::kFair:
      return "中";
    case Grade::kPoor:
      return "差";
    case Grade::kUnspecified:
      break;
  }
  return "";
}

// 财预〔2020〕10号: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60.
Grade GradeFor(Points total) {
  if (total >= 9000) return Grade::kExcellent;
  if (total >= 8000) return Grade::kGood;
  if (total >= 6000) return Grade::kFair;
  return Grade::kPoor;
}

absl::Status ValidateInput(const Rubric& rubric, const Facts& facts,
                           const SelfScores& self_scores) {
  FactTable fact_table;
  ANJU_ENGINE_RETURN_IF_ERROR(ResolveFacts(rubric, facts, &fact_table));
  SelfTable self_table;
  return ResolveSelfScores(rubric, self_scores, &self_table);
}

absl::StatusOr<Evaluation> Evaluate(const Rubric& rubric, const Facts& facts,
                                    const SelfScores& self_scores) {
  FactTable fact_table;
  ANJU_ENGINE_RETURN_IF_ERROR(ResolveFacts(rubric, facts, &fact_table));
  SelfTable self_table;
  ANJU_ENGINE_RETURN_IF_ERROR(
      ResolveSelfScores(rubric, self_scores, &self_table));

  Evaluation ev;
  ev.rubric = &rubric;
  ev.complete = true;
  ev.self_total = 0;
  InitSubtotals(rubric, &ev);
  ev.indicators.resize(rubric.indicators.size());
  for (size_t i = 0; i < rubric.indicators.size(); ++i) {
    const Indicator& ind = rubric.indicators[i];
    IndicatorResult& result = ev.indicators[i];
    const SelfScore* self = self_table[i];
    ScoreIndicator(ind, fact_table.data(), self, &result);
    if (self != nullptr) result.self_score = self->score;
    Accumulate(ind, &result, &ev);
  }
  for (const SubtotalResult& sub : ev.subtotals) ev.total += sub.score;
  ev.total += ev.bonus;
  ev.grade = ev.complete ? GradeFor(ev.total) : Grade::kUnspecified;
  return ev;
}

}  // namespace anju::scoring
