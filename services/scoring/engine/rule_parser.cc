#include "services/scoring/engine/rule_parser.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/scoring/engine/format.h"
#include "services/scoring/engine/status_macros.h"

namespace anju::scoring {
namespace {

using Type = FactSpec::Type;

const char* TypeName(Type type) {
  switch (type) {
    case Type::kFlag:
      return "flag";
    case Type::kCount:
      return "count";
    case Type::kNumber:
      return "number";
    case Type::kPercent:
      return "percent";
  }
  return "?";
}

// The kind names shown in IndicatorSpec.rule_kinds.
std::string DisplayKind(const std::string& kind) {
  return kind == "check" ? "checklist" : kind;
}

double ToPoints(Points p) { return static_cast<double>(p) / 100.0; }

std::string Got(double v) { return absl::StrCat(", got ", FormatNumber(v)); }

}  // namespace

std::string RuleParser::kinds() const { return absl::StrJoin(kinds_, "+"); }

void RuleParser::NoteKind(const std::string& kind) {
  if (kind == "sum") return;  // a grouping, not a way of scoring
  const std::string shown = DisplayKind(kind);
  if (std::find(kinds_.begin(), kinds_.end(), shown) == kinds_.end()) {
    kinds_.push_back(shown);
  }
}

absl::StatusOr<Rule> RuleParser::Parse(const YAML::Node& indicator,
                                       Points max_points) {
  if (!Has(indicator, "rule")) {
    return scope_.Error("rule", "缺少必填项 (required)");
  }
  Rule rule;
  ANJU_ENGINE_ASSIGN_OR_RETURN(rule.root,
                               ParseNode(indicator["rule"], "rule", true));
  const Points rule_max = RoundHalfUp(rule.root.max_points);
  if (rule.root.kind == RuleNode::Kind::kFixed) {
    if (rule_max > max_points) {
      return scope_.Error(
          "rule.points",
          absl::StrCat("固定得分不能超过指标分值 (a fixed score must not "
                       "exceed the indicator's points, ",
                       FormatPoints(max_points), ")", Got(ToPoints(rule_max))));
    }
  } else if (rule.root.kind == RuleNode::Kind::kJudged) {
    rule.root.max_points = ToPoints(max_points);
  } else if (rule_max != max_points) {
    return scope_.Error(
        "rule",
        absl::StrCat("各部分分值之和须等于指标分值 (the rule's "
                     "points must add up to the indicator's points, ",
                     FormatPoints(max_points), ")", Got(ToPoints(rule_max))));
  }
  ANJU_ENGINE_ASSIGN_OR_RETURN(rule.vetoes,
                               ParseGates(indicator, "vetoes", max_points));
  ANJU_ENGINE_ASSIGN_OR_RETURN(rule.exemptions,
                               ParseGates(indicator, "exemptions", max_points));
  if (zero_planned_) NoteKind("exemption");  // a rate's zero_planned
  return rule;
}

absl::StatusOr<RuleNode> RuleParser::ParseNode(const YAML::Node& node,
                                               const std::string& field,
                                               bool root) {
  ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(node, scope_, field));
  ANJU_ENGINE_ASSIGN_OR_RETURN(const std::string kind,
                               ReadString(node, "kind", scope_, field));
  if (kind == "judged" && !root) {
    return scope_.Error(FieldPath(field, "kind"),
                        "judged 只能用于整个指标 (judged scores a whole "
                        "indicator, not a part of one)");
  }
  RuleNode out;
  ANJU_ENGINE_RETURN_IF_ERROR(ParseKind(node, field, kind, &out));
  NoteKind(kind);
  return out;
}

absl::Status RuleParser::ParseKind(const YAML::Node& node,
                                   const std::string& field,
                                   const std::string& kind, RuleNode* out) {
  if (kind == "check" || kind == "deduct_flag" || kind == "deduct_count" ||
      kind == "fixed" || kind == "judged") {
    return ParseLeaf(node, field, kind, out);
  }
  if (kind == "full_steps" || kind == "bands" || kind == "proportional") {
    return ParseRated(node, field, kind, out);
  }
  if (kind == "sum" || kind == "best_of") {
    return ParseGroup(node, field, kind, out);
  }
  return scope_.Error(
      FieldPath(field, "kind"),
      absl::StrCat("未知的规则类型 (unknown rule kind \"", kind,
                   "\"; known: check, full_steps, bands, proportional, "
                   "deduct_count, deduct_flag, best_of, sum, judged, fixed)"));
}

absl::Status RuleParser::ParseLeaf(const YAML::Node& node,
                                   const std::string& field,
                                   const std::string& kind, RuleNode* out) {
  if (kind == "check" || kind == "deduct_flag") {
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(node, {"kind", "fact", "points", "is"}, scope_, field));
    out->kind =
        kind == "check" ? RuleNode::Kind::kCheck : RuleNode::Kind::kDeductFlag;
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->fact,
                                 ReadFact(node, "fact", field, {Type::kFlag}));
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->points,
                                 ReadPositivePoints(node, "points", field));
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->expect,
                                 ReadBool(node, "is", scope_, field, true));
    out->deduction = kind == "deduct_flag";
    out->max_points = out->deduction ? 0 : out->points;
    return absl::OkStatus();
  }
  if (kind == "deduct_count") {
    ANJU_ENGINE_RETURN_IF_ERROR(CheckKeys(
        node, {"kind", "fact", "per_item", "max_deduction"}, scope_, field));
    out->kind = RuleNode::Kind::kDeductCount;
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->fact,
                                 ReadFact(node, "fact", field, {Type::kCount}));
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->per_item,
                                 ReadPositivePoints(node, "per_item", field));
    if (Has(node, "max_deduction")) {
      ANJU_ENGINE_ASSIGN_OR_RETURN(
          out->max_deduction, ReadPositivePoints(node, "max_deduction", field));
    }
    out->deduction = true;
    return absl::OkStatus();
  }
  if (kind == "fixed") {
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(node, {"kind", "points", "reason"}, scope_, field));
    out->kind = RuleNode::Kind::kFixed;
    ANJU_ENGINE_ASSIGN_OR_RETURN(const Points points,
                                 ReadPoints(node, "points", scope_, field));
    out->points = ToPoints(points);
    out->max_points = out->points;
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->reason,
                                 ReadString(node, "reason", scope_, field));
    return absl::OkStatus();
  }
  ANJU_ENGINE_RETURN_IF_ERROR(CheckKeys(node, {"kind"}, scope_, field));
  out->kind = RuleNode::Kind::kJudged;
  judged_ = true;
  return absl::OkStatus();
}

absl::Status RuleParser::ParseRated(const YAML::Node& node,
                                    const std::string& field,
                                    const std::string& kind, RuleNode* out) {
  if (kind == "full_steps") {
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(node,
                  {"kind", "points", "target", "step", "per_step",
                   "max_deduction", "mode", "rate"},
                  scope_, field));
    out->kind = RuleNode::Kind::kFullSteps;
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->points,
                                 ReadPositivePoints(node, "points", field));
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->target,
                                 ReadPercent(node, "target", field, false));
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->step,
                                 ReadNumber(node, "step", scope_, field));
    if (out->step <= 0) {
      return scope_.Error(FieldPath(field, "step"),
                          "须大于0 (must be > 0)" + Got(out->step));
    }
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->per_step,
                                 ReadPositivePoints(node, "per_step", field));
    out->max_deduction = out->points;
    if (Has(node, "max_deduction")) {
      ANJU_ENGINE_ASSIGN_OR_RETURN(
          out->max_deduction, ReadPositivePoints(node, "max_deduction", field));
      if (out->max_deduction > out->points + 1e-9) {
        return scope_.Error(
            FieldPath(field, "max_deduction"),
            absl::StrCat("不能超过本项分值 (must not exceed points, ",
                         FormatNumber(out->points), ")",
                         Got(out->max_deduction)));
      }
    }
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        const std::string mode,
        ReadString(node, "mode", scope_, field, "full_steps"));
    if (mode != "full_steps" && mode != "proportional") {
      return scope_.Error(FieldPath(field, "mode"),
                          absl::StrCat("须为 full_steps 或 proportional (must "
                                       "be full_steps or proportional), got \"",
                                       mode, "\""));
    }
    out->proportional_steps = mode == "proportional";
    out->max_points = out->points;
  } else if (kind == "proportional") {
    ANJU_ENGINE_RETURN_IF_ERROR(CheckKeys(
        node, {"kind", "points", "target", "bound", "rate"}, scope_, field));
    out->kind = RuleNode::Kind::kProportional;
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->points,
                                 ReadPositivePoints(node, "points", field));
    ANJU_ENGINE_ASSIGN_OR_RETURN(out->target,
                                 ReadPercent(node, "target", field, false));
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        const std::string bound,
        ReadString(node, "bound", scope_, field, "lower"));
    if (bound != "lower" && bound != "upper") {
      return scope_.Error(FieldPath(field, "bound"),
                          absl::StrCat("须为 lower 或 upper (must be lower or "
                                       "upper), got \"",
                                       bound, "\""));
    }
    out->upper_bound = bound == "upper";
    out->max_points = out->points;
  } else {
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(node, {"kind", "rate", "bands"}, scope_, field));
    out->kind = RuleNode::Kind::kBands;
    ANJU_ENGINE_RETURN_IF_ERROR(ParseBands(node, field, out));
  }
  if (!Has(node, "rate")) {
    return scope_.Error(FieldPath(field, "rate"), "缺少必填项 (required)");
  }
  const std::string rate_field = FieldPath(field, "rate");
  ANJU_ENGINE_ASSIGN_OR_RETURN(out->rate, ParseRate(node["rate"], rate_field));
  if (out->rate.has_zero_planned &&
      out->rate.zero_planned_points > out->max_points + 1e-9) {
    return scope_.Error(
        FieldPath(FieldPath(rate_field, "zero_planned"), "points"),
        absl::StrCat("不能超过本项分值 (must not exceed the points of this "
                     "part, ",
                     FormatNumber(out->max_points), ")",
                     Got(out->rate.zero_planned_points)));
  }
  return absl::OkStatus();
}

absl::Status RuleParser::ParseBands(const YAML::Node& node,
                                    const std::string& field, RuleNode* out) {
  const std::string list_field = FieldPath(field, "bands");
  ANJU_ENGINE_RETURN_IF_ERROR(
      RequireList(node["bands"], scope_, list_field, false));
  const YAML::Node bands = node["bands"];
  for (size_t i = 0; i < bands.size(); ++i) {
    const std::string band_field = ItemPath(list_field, i);
    ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(bands[i], scope_, band_field));
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(bands[i], {"min", "points"}, scope_, band_field));
    RuleNode::Band band;
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        band.min, ReadPercent(bands[i], "min", band_field, true));
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        const Points points,
        ReadPoints(bands[i], "points", scope_, band_field));
    band.points = ToPoints(points);
    if (!out->bands.empty() && band.min >= out->bands.back().min) {
      return scope_.Error(
          FieldPath(band_field, "min"),
          absl::StrCat("分档须按下限从高到低排列 (bands must be ordered by "
                       "min, highest first; the previous min is ",
                       FormatNumber(out->bands.back().min), ")",
                       Got(band.min)));
    }
    if (!out->bands.empty() && band.points > out->bands.back().points) {
      return scope_.Error(
          FieldPath(band_field, "points"),
          absl::StrCat("低档得分不能高于高档 (a lower band cannot give more "
                       "points than the band above, ",
                       FormatNumber(out->bands.back().points), ")",
                       Got(band.points)));
    }
    out->bands.push_back(band);
  }
  out->max_points = out->bands.front().points;
  if (out->max_points <= 0) {
    return scope_.Error(FieldPath(ItemPath(list_field, 0), "points"),
                        "最高档须大于0 (the top band must give points > 0)");
  }
  return absl::OkStatus();
}

absl::Status RuleParser::ParseGroup(const YAML::Node& node,
                                    const std::string& field,
                                    const std::string& kind, RuleNode* out) {
  const bool sum = kind == "sum";
  const char* list_key = sum ? "parts" : "options";
  if (sum) {
    ANJU_ENGINE_RETURN_IF_ERROR(CheckKeys(
        node, {"kind", "parts", "base", "max_deduction", "label", "points"},
        scope_, field));
  } else {
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(node, {"kind", "options"}, scope_, field));
  }
  out->kind = sum ? RuleNode::Kind::kSum : RuleNode::Kind::kBestOf;
  const std::string list_field = FieldPath(field, list_key);
  ANJU_ENGINE_RETURN_IF_ERROR(
      RequireList(node[list_key], scope_, list_field, false));
  const YAML::Node items = node[list_key];
  if (!sum && items.size() < 2) {
    return scope_.Error(
        list_field, "至少需要两个备选项 (best_of needs at least 2 options)");
  }
  double awards = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item_field = ItemPath(list_field, i);
    ANJU_ENGINE_ASSIGN_OR_RETURN(RuleNode part,
                                 ParseNode(items[i], item_field, false));
    if (!sum && part.deduction) {
      return scope_.Error(item_field,
                          "扣分项不能作为备选项 (a deduction cannot be an "
                          "alternative)");
    }
    awards = sum ? awards + part.max_points : std::max(awards, part.max_points);
    out->parts.push_back(std::move(part));
  }
  if (!sum) {
    out->max_points = awards;
    return absl::OkStatus();
  }
  ANJU_ENGINE_ASSIGN_OR_RETURN(const Points base,
                               ReadPoints(node, "base", scope_, field, 0));
  out->base = ToPoints(base);
  out->max_points = out->base + awards;
  if (out->max_points <= 0) {
    return scope_.Error(list_field,
                        "至少需要一个得分项或基础分 (a group needs a base or a "
                        "part that awards points)");
  }
  ANJU_ENGINE_ASSIGN_OR_RETURN(out->label,
                               ReadString(node, "label", scope_, field, ""));
  if (Has(node, "max_deduction")) {
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        out->max_deduction, ReadPositivePoints(node, "max_deduction", field));
  }
  if (Has(node, "points")) {
    ANJU_ENGINE_ASSIGN_OR_RETURN(const Points declared,
                                 ReadPoints(node, "points", scope_, field));
    if (declared != RoundHalfUp(out->max_points)) {
      return scope_.Error(
          FieldPath(field, "points"),
          absl::StrCat("须等于基础分与各部分分值之和 (must equal base plus "
                       "the parts' points, ",
                       FormatNumber(out->max_points), ")",
                       Got(ToPoints(declared))));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<RateSource> RuleParser::ParseRate(const YAML::Node& node,
                                                 const std::string& field) {
  ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(node, scope_, field));
  ANJU_ENGINE_RETURN_IF_ERROR(
      CheckKeys(node, {"actual", "planned", "pct", "label", "zero_planned"},
                scope_, field));
  RateSource rate;
  rate.has_counts = Has(node, "actual") || Has(node, "planned");
  rate.has_pct = Has(node, "pct");
  if (!rate.has_counts && !rate.has_pct) {
    return scope_.Error(field,
                        "须给出 actual 和 planned，或 pct (needs actual and "
                        "planned facts, or a pct fact)");
  }
  if (rate.has_counts) {
    const std::vector<Type> numeric = {Type::kCount, Type::kNumber};
    ANJU_ENGINE_ASSIGN_OR_RETURN(rate.actual,
                                 ReadFact(node, "actual", field, numeric));
    ANJU_ENGINE_ASSIGN_OR_RETURN(rate.planned,
                                 ReadFact(node, "planned", field, numeric));
    ANJU_ENGINE_ASSIGN_OR_RETURN(rate.label,
                                 ReadString(node, "label", scope_, field));
  }
  if (rate.has_pct) {
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        rate.pct, ReadFact(node, "pct", field, {Type::kPercent}));
  }
  if (Has(node, "zero_planned")) {
    const std::string zero_field = FieldPath(field, "zero_planned");
    if (!rate.has_counts) {
      return scope_.Error(zero_field,
                          "只适用于按 actual/planned 计算的比率 (applies only "
                          "to a rate computed from actual and planned)");
    }
    const YAML::Node zero = node["zero_planned"];
    ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(zero, scope_, zero_field));
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(zero, {"points", "reason"}, scope_, zero_field));
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        const Points points, ReadPoints(zero, "points", scope_, zero_field));
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        rate.zero_planned_reason,
        ReadString(zero, "reason", scope_, zero_field));
    rate.has_zero_planned = true;
    rate.zero_planned_points = ToPoints(points);
    zero_planned_ = true;
  }
  return rate;
}

absl::StatusOr<Condition> RuleParser::ParseCondition(const YAML::Node& node,
                                                     const std::string& field) {
  ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(node, scope_, field));
  const int forms = Has(node, "fact") + Has(node, "missing") +
                    Has(node, "all") + Has(node, "any");
  if (forms != 1) {
    return scope_.Error(field,
                        "须且只能有 fact、missing、all、any 之一 (needs "
                        "exactly one of fact, missing, all, any)");
  }
  Condition cond;
  if (Has(node, "fact")) {
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(node, {"fact", "is", "equals"}, scope_, field));
    if (Has(node, "is") == Has(node, "equals")) {
      return scope_.Error(field,
                          "须且只能有 is 或 equals 之一 (needs exactly one of "
                          "is, equals)");
    }
    if (Has(node, "is")) {
      cond.kind = Condition::Kind::kIs;
      ANJU_ENGINE_ASSIGN_OR_RETURN(
          cond.fact, ReadFact(node, "fact", field, {Type::kFlag}));
      ANJU_ENGINE_ASSIGN_OR_RETURN(cond.is,
                                   ReadBool(node, "is", scope_, field));
    } else {
      cond.kind = Condition::Kind::kEquals;
      ANJU_ENGINE_ASSIGN_OR_RETURN(
          cond.fact, ReadFact(node, "fact", field,
                              {Type::kCount, Type::kNumber, Type::kPercent}));
      ANJU_ENGINE_ASSIGN_OR_RETURN(cond.equals,
                                   ReadNumber(node, "equals", scope_, field));
    }
    return cond;
  }
  if (Has(node, "missing")) {
    ANJU_ENGINE_RETURN_IF_ERROR(CheckKeys(node, {"missing"}, scope_, field));
    cond.kind = Condition::Kind::kMissing;
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        cond.fact,
        ReadFact(node, "missing", field,
                 {Type::kFlag, Type::kCount, Type::kNumber, Type::kPercent}));
    return cond;
  }
  const bool all = Has(node, "all");
  const char* key = all ? "all" : "any";
  ANJU_ENGINE_RETURN_IF_ERROR(CheckKeys(node, {key}, scope_, field));
  cond.kind = all ? Condition::Kind::kAll : Condition::Kind::kAny;
  const std::string list_field = FieldPath(field, key);
  ANJU_ENGINE_RETURN_IF_ERROR(
      RequireList(node[key], scope_, list_field, false));
  const YAML::Node items = node[key];
  for (size_t i = 0; i < items.size(); ++i) {
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        Condition child, ParseCondition(items[i], ItemPath(list_field, i)));
    cond.children.push_back(std::move(child));
  }
  return cond;
}

absl::StatusOr<std::vector<Gate>> RuleParser::ParseGates(
    const YAML::Node& indicator, const char* key, Points max_points) {
  std::vector<Gate> gates;
  if (!Has(indicator, key)) return gates;
  const bool veto = std::string(key) == "vetoes";
  ANJU_ENGINE_RETURN_IF_ERROR(RequireList(indicator[key], scope_, key, false));
  const YAML::Node items = indicator[key];
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string field = ItemPath(key, i);
    ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(items[i], scope_, field));
    if (veto) {
      ANJU_ENGINE_RETURN_IF_ERROR(
          CheckKeys(items[i], {"when", "reason"}, scope_, field));
    } else {
      ANJU_ENGINE_RETURN_IF_ERROR(
          CheckKeys(items[i], {"when", "points", "reason"}, scope_, field));
    }
    Gate gate;
    ANJU_ENGINE_ASSIGN_OR_RETURN(
        gate.when, ParseCondition(items[i]["when"], FieldPath(field, "when")));
    ANJU_ENGINE_ASSIGN_OR_RETURN(gate.reason,
                                 ReadString(items[i], "reason", scope_, field));
    if (!veto) {
      ANJU_ENGINE_ASSIGN_OR_RETURN(
          const Points points, ReadPoints(items[i], "points", scope_, field));
      if (points > max_points) {
        return scope_.Error(
            FieldPath(field, "points"),
            absl::StrCat("不能超过指标分值 (must not exceed the indicator's "
                         "points, ",
                         FormatPoints(max_points), ")", Got(ToPoints(points))));
      }
      gate.points = ToPoints(points);
    }
    gates.push_back(std::move(gate));
  }
  NoteKind(veto ? "veto" : "exemption");
  return gates;
}

absl::StatusOr<FactRef> RuleParser::ReadFact(const YAML::Node& map,
                                             const char* key,
                                             const std::string& prefix,
                                             std::vector<Type> types) {
  ANJU_ENGINE_ASSIGN_OR_RETURN(const std::string name,
                               ReadString(map, key, scope_, prefix));
  const std::string field = FieldPath(prefix, key);
  const auto it = facts_.find(name);
  if (it == facts_.end()) {
    return scope_.Error(field, absl::StrCat("未声明的事实 (fact \"", name,
                                            "\" is not declared under facts)"));
  }
  const FactSpec& spec = it->second;
  if (std::find(types.begin(), types.end(), spec.type) == types.end()) {
    std::vector<std::string> names;
    for (Type type : types) names.push_back(TypeName(type));
    return scope_.Error(
        field, absl::StrCat("事实类型不符 (fact \"", name, "\" is declared as ",
                            TypeName(spec.type), "; this use needs ",
                            absl::StrJoin(names, " or "), ")"));
  }
  if (std::find(used_facts_.begin(), used_facts_.end(), name) ==
      used_facts_.end()) {
    used_facts_.push_back(name);
  }
  FactRef ref;
  ref.index = spec.index;
  ref.name = spec.name;
  ref.label = spec.label;
  ref.unit = spec.unit;
  ref.type = spec.type;
  return ref;
}

absl::StatusOr<double> RuleParser::ReadPercent(const YAML::Node& map,
                                               const char* key,
                                               const std::string& prefix,
                                               bool allow_zero) {
  ANJU_ENGINE_ASSIGN_OR_RETURN(const double value,
                               ReadNumber(map, key, scope_, prefix));
  const bool low_ok = allow_zero ? value >= 0 : value > 0;
  if (!low_ok || value > 100) {
    return scope_.Error(
        FieldPath(prefix, key),
        absl::StrCat("百分比须在0到100之间 (a percentage must be within ",
                     allow_zero ? "[0, 100]" : "(0, 100]", ")", Got(value)));
  }
  return value;
}

absl::StatusOr<double> RuleParser::ReadPositivePoints(
    const YAML::Node& map, const char* key, const std::string& prefix) {
  ANJU_ENGINE_ASSIGN_OR_RETURN(const Points points,
                               ReadPoints(map, key, scope_, prefix));
  if (points <= 0) {
    return scope_.Error(FieldPath(prefix, key), "须大于0 (must be > 0), got 0");
  }
  return ToPoints(points);
}

}  // namespace anju::scoring
