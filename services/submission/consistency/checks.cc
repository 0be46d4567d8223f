#include "services/submission/consistency/checks.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/reports/county_sums.h"

namespace anju::submission::consistency {
namespace {

// Sums of decimals carry binary noise (481.79600000000005): figures are
// shown to 4 decimals, trailing zeros dropped, and compared as shown.
std::string Figure(double v) {
  std::string text = absl::StrFormat("%.4f", v);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

double Difference(double a, double b) {
  return std::round(std::fabs(a - b) * 1e4) / 1e4;
}

const v1::Fact* NumberFact(const v1::Report& report, const std::string& name) {
  auto it = report.facts().find(name);
  if (it == report.facts().end() || !it->second.has_number()) return nullptr;
  return &it->second;
}

// A fact's label and unit: a supplementary fact's, else the rubric's.
std::pair<std::string, std::string> LabelAndUnit(const RuleSet& rules,
                                                 const v1::Rubric* rubric,
                                                 const std::string& name) {
  if (const SupplementaryFact* fact = rules.FindSupplementary(name)) {
    return {fact->label, fact->unit};
  }
  for (int i = 0; rubric != nullptr && i < rubric->facts_size(); ++i) {
    if (rubric->facts(i).name() == name) {
      return {rubric->facts(i).label(), rubric->facts(i).unit()};
    }
  }
  return {name, ""};
}

v1::Finding NewFinding(const Rule& rule) {
  v1::Finding finding;
  finding.set_rule(rule.id);
  finding.set_severity(rule.severity);
  return finding;
}

// The counties behind a city's figure, sorted by what they contribute.
struct CountyParts {
  std::vector<std::string> summed;   // 红山区423户
  std::vector<std::string> unfiled;  // submitted without the fact
  std::vector<std::string> missing;  // no submitted report
  std::vector<std::string> codes;    // every county named
  double sum = 0;
};

CountyParts SplitCounties(const std::vector<CountyReport>& counties,
                          const std::string& fact, const std::string& unit) {
  CountyParts parts;
  for (const CountyReport& county : counties) {
    parts.codes.push_back(county.code);
    if (county.report == nullptr || !reports::CountsInTotals(*county.report)) {
      parts.missing.push_back(county.name);
      continue;
    }
    const v1::Fact* value = NumberFact(*county.report, fact);
    if (value == nullptr) {
      parts.unfiled.push_back(county.name);
      continue;
    }
    parts.sum += value->number();
    parts.summed.push_back(
        absl::StrCat(county.name, Figure(value->number()), unit));
  }
  return parts;
}

void CheckCountySum(const RuleSet& rules, const Rule& rule,
                    const ReportUnderCheck& in, std::vector<v1::Finding>* out) {
  if (!in.city) return;
  const v1::Fact* reported = NumberFact(*in.report, rule.fact);
  if (reported == nullptr) return;  // nothing reported to compare
  const std::string unit = LabelAndUnit(rules, in.rubric, rule.fact).second;
  CountyParts parts = SplitCounties(in.counties, rule.fact, unit);
  const double diff = Difference(reported->number(), parts.sum);
  if (diff <= rule.tolerance) return;
  v1::Finding finding = NewFinding(rule);
  std::string message =
      absl::StrCat(in.org_name, "填报", rule.label, Figure(reported->number()),
                   unit, "，所辖", parts.summed.size(), "个旗县区合计",
                   Figure(parts.sum), unit, "，相差", Figure(diff), unit);
  if (!parts.summed.empty()) {
    absl::StrAppend(&message, "（", absl::StrJoin(parts.summed, "、"), "）");
  }
  if (!parts.missing.empty()) {
    absl::StrAppend(&message, "；未报送：", absl::StrJoin(parts.missing, "、"));
  }
  if (!parts.unfiled.empty()) {
    absl::StrAppend(&message, "；已报送但未填报该项：",
                    absl::StrJoin(parts.unfiled, "、"));
  }
  finding.set_message(message);
  finding.add_facts(rule.fact);
  for (const std::string& code : parts.codes) finding.add_orgs(code);
  finding.set_expected(parts.sum);
  finding.set_actual(reported->number());
  out->push_back(std::move(finding));
}

void CheckComponentsSum(const RuleSet& rules, const Rule& rule,
                        const ReportUnderCheck& in,
                        std::vector<v1::Finding>* out) {
  const v1::Fact* total = NumberFact(*in.report, rule.total);
  if (total == nullptr) return;
  const auto [total_label, unit] = LabelAndUnit(rules, in.rubric, rule.total);
  std::vector<std::string> parts, absent;
  double sum = 0;
  for (const std::string& name : rule.components) {
    const auto [label, part_unit] = LabelAndUnit(rules, in.rubric, name);
    const v1::Fact* part = NumberFact(*in.report, name);
    if (part == nullptr) {
      absent.push_back(label);
      continue;
    }
    sum += part->number();
    parts.push_back(absl::StrCat(label, Figure(part->number()), part_unit));
  }
  if (parts.empty()) return;  // no breakdown given: nothing to compare
  const double diff = Difference(total->number(), sum);
  if (diff <= rule.tolerance) return;
  v1::Finding finding = NewFinding(rule);
  std::string message =
      absl::StrCat(in.org_name, "填报", total_label, Figure(total->number()),
                   unit, "，", absl::StrJoin(parts, "、"), "之和为",
                   Figure(sum), unit, "，相差", Figure(diff), unit);
  if (!absent.empty()) {
    absl::StrAppend(&message, "（", absl::StrJoin(absent, "、"),
                    "未填报，按0计）");
  }
  finding.set_message(message);
  finding.add_facts(rule.total);
  for (const std::string& name : rule.components) finding.add_facts(name);
  finding.set_expected(sum);
  finding.set_actual(total->number());
  out->push_back(std::move(finding));
}

const v1::IndicatorSpec* FindIndicator(const v1::Rubric& rubric,
                                       const std::string& id) {
  for (const v1::IndicatorSpec& spec : rubric.indicators()) {
    if (spec.id() == id) return &spec;
  }
  return nullptr;
}

void CheckSelfScoreMax(const Rule& rule, const ReportUnderCheck& in,
                       std::vector<v1::Finding>* out) {
  for (const v1::IndicatorSpec& spec : in.rubric->indicators()) {
    auto self = in.report->self_scores().find(spec.id());
    if (self == in.report->self_scores().end() || !self->second.has_score()) {
      continue;
    }
    const double score = self->second.score();
    if (score >= 0 && score <= spec.max_score() + 1e-9) continue;
    v1::Finding finding = NewFinding(rule);
    finding.set_message(absl::StrCat("「", spec.name(), "」自评得分",
                                     Figure(score), "分，超出该指标分值（0到",
                                     Figure(spec.max_score()),
                                     "分）；提交时评分服务将拒绝"));
    finding.set_indicator_id(spec.id());
    finding.set_expected(spec.max_score());
    finding.set_actual(score);
    out->push_back(std::move(finding));
  }
}

bool HasEvidence(const v1::SelfScore& self) {
  for (const std::string& reference : self.evidence()) {
    if (reference.find_first_not_of(" \t\r\n") != std::string::npos) {
      return true;
    }
  }
  return false;
}

void CheckJudgedEvidence(const Rule& rule, const ReportUnderCheck& in,
                         std::vector<v1::Finding>* out) {
  for (const v1::IndicatorSpec& spec : in.rubric->indicators()) {
    if (!spec.judged()) continue;
    auto self = in.report->self_scores().find(spec.id());
    if (self == in.report->self_scores().end() || !self->second.has_score()) {
      continue;
    }
    if (HasEvidence(self->second) ||
        in.indicators_with_evidence.count(spec.id()) > 0) {
      continue;
    }
    v1::Finding finding = NewFinding(rule);
    finding.set_message(absl::StrCat(
        "「", spec.name(), "」为定性指标，已自评", Figure(self->second.score()),
        "分，但未提供佐证材料；无佐证材料该指标无法评分"));
    finding.set_indicator_id(spec.id());
    finding.set_actual(self->second.score());
    out->push_back(std::move(finding));
  }
}

}  // namespace

std::vector<v1::Finding> CheckReport(const RuleSet& rules,
                                     const ReportUnderCheck& in) {
  std::vector<v1::Finding> findings;
  for (const Rule* rule : rules.For(in.report->programme())) {
    switch (rule->kind) {
      case RuleKind::kCountySum:
        CheckCountySum(rules, *rule, in, &findings);
        break;
      case RuleKind::kComponentsSum:
        CheckComponentsSum(rules, *rule, in, &findings);
        break;
      case RuleKind::kSelfScoreMax:
        if (in.rubric != nullptr) CheckSelfScoreMax(*rule, in, &findings);
        break;
      case RuleKind::kJudgedEvidence:
        if (in.rubric != nullptr) CheckJudgedEvidence(*rule, in, &findings);
        break;
    }
  }
  return findings;
}

std::map<std::string, double> CountySums(
    const std::vector<CountyReport>& counties) {
  std::vector<const v1::Report*> reports;
  for (const CountyReport& county : counties) {
    if (county.report != nullptr) reports.push_back(county.report);
  }
  return reports::SumNumberFacts(reports);
}

absl::Status RefuseOnErrors(
    const google::protobuf::RepeatedPtrField<v1::Finding>& findings) {
  std::vector<std::string> errors;
  for (const v1::Finding& finding : findings) {
    if (finding.severity() == v1::Finding::SEVERITY_ERROR) {
      errors.push_back(
          absl::StrCat("[", finding.rule(), "] ", finding.message()));
    }
  }
  if (errors.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("一致性检查发现", errors.size(),
                   "个错误，请更正后再报送 (consistency "
                   "errors block the submission):\n",
                   absl::StrJoin(errors, "\n")));
}

absl::Status CheckSupplementaryFacts(
    const RuleSet& rules,
    const google::protobuf::Map<std::string, v1::Fact>& facts) {
  for (const SupplementaryFact& spec : rules.supplementary) {
    auto it = facts.find(spec.name);
    if (it == facts.end()) continue;
    const std::string field = absl::StrCat("facts[", spec.name, "]");
    if (!it->second.has_number()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": ", spec.label,
                       "须为数值 (a supplementary fact is a number)"));
    }
    const double v = it->second.number();
    if (v < spec.min || v > spec.max) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": ", spec.label, "须在", Figure(spec.min), "到",
                       Figure(spec.max), spec.unit,
                       "之间 (outside its range), got ", Figure(v)));
    }
  }
  return absl::OkStatus();
}

void StripSupplementaryFacts(
    const RuleSet& rules, google::protobuf::Map<std::string, v1::Fact>* facts) {
  for (const SupplementaryFact& spec : rules.supplementary) {
    facts->erase(spec.name);
  }
}

}  // namespace anju::submission::consistency
