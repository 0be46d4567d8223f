#include "services/scoring/convert.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text.h"

namespace anju::scoring {
namespace {

// No indicator is worth a billion points; beyond this the hundredths would
// not even be representable.
constexpr double kMaxWireMagnitude = 1e9;

// Rubrics have ~16 indicators: the table stays on the stack.
using SelfScoreTable = absl::InlinedVector<SelfScore*, 32>;

std::string Key(absl::string_view map, absl::string_view key) {
  return absl::StrCat(map, "[\"", common::Preview(key), "\"]");
}

// Adds one fact to `out`, inserted just before `hint` when that is its
// place.
absl::Status AddFact(const std::string& name, const v1::Fact& fact,
                     Facts::const_iterator hint, Facts* out) {
  switch (fact.value_case()) {
    case v1::Fact::kFlag:
      out->emplace_hint(hint, name, fact.flag());
      return absl::OkStatus();
    case v1::Fact::kNumber:
      out->emplace_hint(hint, name, fact.number());
      return absl::OkStatus();
    case v1::Fact::VALUE_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      Key("facts", name),
      ": 须设置flag或number (must set flag or number), got neither"));
}

enum class WireError { kNone, kNotFinite, kOutOfRange, kTooManyDecimals };

// A score as sent → hundredths in `*out`, or why it is not one. No message
// is built here: the caller names the field only when there is an error.
WireError HundredthsFromWire(double value, Points* out) {
  if (std::isnan(value) || std::isinf(value)) return WireError::kNotFinite;
  if (std::abs(value) > kMaxWireMagnitude) return WireError::kOutOfRange;
  const double hundredths = value * 100.0;
  const double nearest = std::round(hundredths);
  const double tolerance = 4 * std::numeric_limits<double>::epsilon() *
                           std::max(1.0, std::abs(hundredths));
  if (std::abs(hundredths - nearest) > tolerance) {
    return WireError::kTooManyDecimals;
  }
  *out = static_cast<Points>(nearest);
  return WireError::kNone;
}

absl::Status WireErrorStatus(WireError error, double value,
                             absl::string_view field) {
  switch (error) {
    case WireError::kNotFinite:
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": 须为有限数 (must be a finite number), got ", value));
    case WireError::kOutOfRange:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": 数值超出范围 (out of range), got ", value));
    case WireError::kTooManyDecimals:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": 最多两位小数 (at most 2 decimals), got ",
                       absl::StrFormat("%.17g", value)));
    case WireError::kNone:
      break;
  }
  return absl::OkStatus();
}

v1::FactSpec::Type FactTypeToProto(FactSpec::Type type) {
  switch (type) {
    case FactSpec::Type::kFlag:
      return v1::FactSpec::TYPE_FLAG;
    case FactSpec::Type::kCount:
      return v1::FactSpec::TYPE_COUNT;
    case FactSpec::Type::kNumber:
      return v1::FactSpec::TYPE_NUMBER;
    case FactSpec::Type::kPercent:
      return v1::FactSpec::TYPE_PERCENT;
  }
  return v1::FactSpec::TYPE_UNSPECIFIED;
}

// Moves the result's text, and the self-score's reason and evidence (the
// echo, as sent), into `out`.
void IndicatorToProto(IndicatorResult* result, SelfScore* self,
                      v1::IndicatorScore* out) {
  const Indicator& ind = *result->indicator;
  out->set_id(ind.id);
  out->set_level1(ind.level1);
  out->set_name(ind.name);
  out->set_max_score(ToDouble(ind.max_points));
  out->set_score(ToDouble(result->score));
  out->set_reason(std::move(result->reason));
  out->set_scorable(result->scorable);
  if (!result->missing_facts.empty()) {
    out->mutable_missing_facts()->Reserve(
        static_cast<int>(result->missing_facts.size()));
    for (std::string& f : result->missing_facts) {
      out->add_missing_facts(std::move(f));
    }
  }
  if (result->self_score) out->set_self_score(ToDouble(*result->self_score));
  if (result->difference) out->set_difference(ToDouble(*result->difference));
  out->set_bonus(ind.bonus);
  out->set_judged(ind.judged);
  if (self != nullptr) {
    out->set_self_reason(std::move(self->reason));
    if (!self->evidence.empty()) {
      out->mutable_evidence()->Reserve(static_cast<int>(self->evidence.size()));
      for (std::string& e : self->evidence) out->add_evidence(std::move(e));
    }
  }
}

// Each indicator's self-score (or null), by rubric position. The map is
// sorted by id, so one merge with the rubric's id order matches them, as
// the engine does; the engine has rejected unknown ids already.
SelfScoreTable SelfScoresByPosition(const Rubric& rubric,
                                    SelfScores* self_scores) {
  SelfScoreTable table(rubric.indicators.size(), nullptr);
  if (self_scores->empty()) return table;
  const std::vector<int>& order = rubric.indicators_by_id;
  const bool indexed = order.size() == rubric.indicators.size();
  std::size_t k = 0;
  for (auto& [id, self] : *self_scores) {
    const Indicator* ind = nullptr;
    if (indexed) {
      while (k < order.size() && rubric.indicators[order[k]].id < id) ++k;
      if (k < order.size() && rubric.indicators[order[k]].id == id) {
        ind = &rubric.indicators[order[k]];
      }
    } else {
      ind = rubric.FindIndicator(id);
    }
    if (ind != nullptr) table[ind - rubric.indicators.data()] = &self;
  }
  return table;
}

void IndicatorSpecToProto(const Indicator& ind, v1::IndicatorSpec* out) {
  out->set_id(ind.id);
  out->set_level1(ind.level1);
  out->set_name(ind.name);
  out->set_max_score(ToDouble(ind.max_points));
  out->set_bonus(ind.bonus);
  out->set_judged(ind.judged);
  out->set_criterion(ind.criterion);
  out->set_note(ind.note);
  for (const std::string& f : ind.facts) out->add_facts(f);
  out->set_rule_kinds(ind.rule_kinds);
}

void FactSpecToProto(const FactSpec& fact, v1::FactSpec* out) {
  out->set_name(fact.name);
  out->set_type(FactTypeToProto(fact.type));
  out->set_label(fact.label);
  out->set_unit(fact.unit);
  out->set_min(fact.min);
  out->set_max(fact.max);
}

}  // namespace

absl::StatusOr<Facts> FactsFromProto(
    const google::protobuf::Map<std::string, v1::Fact>& facts) {
  Facts out;
  for (const auto& [name, fact] : facts) {
    if (absl::Status s = AddFact(name, fact, out.end(), &out); !s.ok()) {
      return s;
    }
  }
  return out;
}

absl::StatusOr<Facts> FactsFromProto(
    const google::protobuf::Map<std::string, v1::Fact>& facts,
    const Rubric& rubric) {
  // The rubric's declarations are sorted by name: looked up in that order,
  // each fact goes in at the end of the map, with no comparisons down the
  // tree.
  Facts out;
  std::size_t found = 0;
  for (auto spec = rubric.facts.begin();
       spec != rubric.facts.end() && found < facts.size(); ++spec) {
    const auto it = facts.find(spec->first);
    if (it == facts.end()) continue;
    ++found;
    if (absl::Status s = AddFact(it->first, it->second, out.end(), &out);
        !s.ok()) {
      return s;
    }
  }
  // A fact the rubric does not declare: the general path, and the engine
  // names it.
  if (found != facts.size()) return FactsFromProto(facts);
  return out;
}

absl::StatusOr<Points> PointsFromWire(double value, absl::string_view field) {
  Points points = 0;
  if (const WireError error = HundredthsFromWire(value, &points);
      error != WireError::kNone) {
    return WireErrorStatus(error, value, field);
  }
  return points;
}

absl::StatusOr<SelfScores> SelfScoresFromProto(
    const google::protobuf::Map<std::string, v1::SelfScore>& self_scores) {
  SelfScores out;
  for (const auto& [id, self] : self_scores) {
    SelfScore converted;
    if (self.has_score()) {
      Points points = 0;
      if (const WireError error = HundredthsFromWire(self.score(), &points);
          error != WireError::kNone) {
        return WireErrorStatus(error, self.score(),
                               Key("self_scores", id) + ".score");
      }
      converted.score = points;
    }
    converted.reason = self.reason();
    converted.evidence.assign(self.evidence().begin(), self.evidence().end());
    out.emplace(id, std::move(converted));
  }
  return out;
}

v1::Grade GradeToProto(Grade grade) {
  switch (grade) {
    case Grade::kExcellent:
      return v1::GRADE_EXCELLENT;
    case Grade::kGood:
      return v1::GRADE_GOOD;
    case Grade::kFair:
      return v1::GRADE_FAIR;
    case Grade::kPoor:
      return v1::GRADE_POOR;
    case Grade::kUnspecified:
      break;
  }
  return v1::GRADE_UNSPECIFIED;
}

void EvaluationToProto(Evaluation evaluation, SelfScores self_scores,
                       v1::EvaluateResponse* out) {
  const Rubric& rubric = *evaluation.rubric;
  out->set_programme(rubric.programme);
  out->set_year(rubric.year);
  out->set_rubric_version(rubric.version);
  const SelfScoreTable self = SelfScoresByPosition(rubric, &self_scores);
  out->mutable_indicators()->Reserve(
      static_cast<int>(evaluation.indicators.size()));
  for (std::size_t i = 0; i < evaluation.indicators.size(); ++i) {
    IndicatorToProto(&evaluation.indicators[i],
                     i < self.size() ? self[i] : nullptr,
                     out->add_indicators());
  }
  out->mutable_subtotals()->Reserve(
      static_cast<int>(evaluation.subtotals.size()));
  for (SubtotalResult& sub : evaluation.subtotals) {
    v1::Subtotal* s = out->add_subtotals();
    s->set_level1(std::move(sub.level1));
    s->set_max_score(ToDouble(sub.max_points));
    s->set_score(ToDouble(sub.score));
    if (sub.self_score) s->set_self_score(ToDouble(*sub.self_score));
  }
  out->set_total(ToDouble(evaluation.total));
  out->set_bonus(ToDouble(evaluation.bonus));
  out->set_grade(GradeToProto(evaluation.grade));
  out->set_grade_label(GradeLabel(evaluation.grade));
  out->set_complete(evaluation.complete);
  if (evaluation.self_total) {
    out->set_self_total(ToDouble(*evaluation.self_total));
  }
  out->set_differences(evaluation.differences);
}

void RubricToProto(const Rubric& rubric, v1::Rubric* out) {
  out->set_programme(rubric.programme);
  out->set_year(rubric.year);
  out->set_version(rubric.version);
  out->set_title(rubric.title);
  out->set_source(rubric.source);
  out->set_total_points(ToDouble(rubric.total_points));
  out->set_bonus_points(ToDouble(rubric.bonus_points));
  for (const Level1& level : rubric.levels) {
    v1::Level1Spec* l = out->add_levels();
    l->set_name(level.name);
    l->set_max_score(ToDouble(level.max_points));
  }
  for (const Indicator& ind : rubric.indicators) {
    IndicatorSpecToProto(ind, out->add_indicators());
  }
  for (const auto& [name, fact] : rubric.facts) {
    FactSpecToProto(fact, out->add_facts());
  }
}

void RubricToEntry(const Rubric& rubric, v1::ListRubricsResponse::Entry* out) {
  out->set_programme(rubric.programme);
  out->set_year(rubric.year);
  out->set_version(rubric.version);
  out->set_title(rubric.title);
  out->set_indicator_count(static_cast<int>(rubric.indicators.size()));
}

}  // namespace anju::scoring
