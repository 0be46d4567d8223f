#include "services/scoring/convert.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text.h"

namespace anju::scoring {
namespace {

// No indicator is worth a billion points; beyond this the hundredths would
// not even be representable.
constexpr double kMaxWireMagnitude = 1e9;

std::string Key(absl::string_view map, absl::string_view key) {
  return absl::StrCat(map, "[\"", common::Preview(key), "\"]");
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

void IndicatorToProto(const IndicatorResult& result,
                      const v1::EvaluateRequest& request,
                      v1::IndicatorScore* out) {
  const Indicator& ind = *result.indicator;
  out->set_id(ind.id);
  out->set_level1(ind.level1);
  out->set_name(ind.name);
  out->set_max_score(ToDouble(ind.max_points));
  out->set_score(ToDouble(result.score));
  out->set_reason(result.reason);
  out->set_scorable(result.scorable);
  for (const std::string& f : result.missing_facts) out->add_missing_facts(f);
  if (result.self_score) out->set_self_score(ToDouble(*result.self_score));
  if (result.difference) out->set_difference(ToDouble(*result.difference));
  out->set_bonus(ind.bonus);
  out->set_judged(ind.judged);
  auto self = request.self_scores().find(ind.id);
  if (self != request.self_scores().end()) {
    out->set_self_reason(self->second.reason());
    *out->mutable_evidence() = self->second.evidence();
  }
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
    switch (fact.value_case()) {
      case v1::Fact::kFlag:
        out.emplace(name, fact.flag());
        break;
      case v1::Fact::kNumber:
        out.emplace(name, fact.number());
        break;
      case v1::Fact::VALUE_NOT_SET:
        return absl::InvalidArgumentError(absl::StrCat(
            Key("facts", name),
            ": 须设置flag或number (must set flag or number), got neither"));
    }
  }
  return out;
}

absl::StatusOr<Points> PointsFromWire(double value, absl::string_view field) {
  if (std::isnan(value) || std::isinf(value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": 须为有限数 (must be a finite number), got ", value));
  }
  if (std::abs(value) > kMaxWireMagnitude) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 数值超出范围 (out of range), got ", value));
  }
  const double hundredths = value * 100.0;
  const double nearest = std::round(hundredths);
  const double tolerance = 4 * std::numeric_limits<double>::epsilon() *
                           std::max(1.0, std::abs(hundredths));
  if (std::abs(hundredths - nearest) > tolerance) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 最多两位小数 (at most 2 decimals), got ",
                     absl::StrFormat("%.17g", value)));
  }
  return static_cast<Points>(nearest);
}

absl::StatusOr<SelfScores> SelfScoresFromProto(
    const google::protobuf::Map<std::string, v1::SelfScore>& self_scores) {
  SelfScores out;
  for (const auto& [id, self] : self_scores) {
    SelfScore converted;
    if (self.has_score()) {
      absl::StatusOr<Points> p =
          PointsFromWire(self.score(), Key("self_scores", id) + ".score");
      if (!p.ok()) return p.status();
      converted.score = *p;
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

void EvaluationToProto(const Evaluation& evaluation,
                       const v1::EvaluateRequest& request,
                       v1::EvaluateResponse* out) {
  const Rubric& rubric = *evaluation.rubric;
  out->set_programme(rubric.programme);
  out->set_year(rubric.year);
  out->set_rubric_version(rubric.version);
  for (const IndicatorResult& result : evaluation.indicators) {
    IndicatorToProto(result, request, out->add_indicators());
  }
  for (const SubtotalResult& sub : evaluation.subtotals) {
    v1::Subtotal* s = out->add_subtotals();
    s->set_level1(sub.level1);
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
