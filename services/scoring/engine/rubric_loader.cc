// Loading rubrics/<year>/<programme>.yaml: the file's header, its levels
// (一级指标), its fact declarations and its indicators, with every cross-check
// the data needs (points adding up, facts declared and used).

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/scoring/engine/format.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/engine/rule.h"
#include "services/scoring/engine/rule_parser.h"
#include "services/scoring/engine/status_macros.h"
#include "services/scoring/engine/yaml_fields.h"
#include "yaml-cpp/yaml.h"

namespace anju::scoring {
namespace {

constexpr Points kProgrammeTotal = 10000;  // every programme is out of 100
constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

bool IsIdentifier(const std::string& s) {
  if (s.empty() || !absl::ascii_islower(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
  });
}

absl::Status ParseHeader(const YAML::Node& doc, const ErrorScope& top,
                         Rubric* rubric) {
  ANJU_ENGINE_RETURN_IF_ERROR(
      CheckKeys(doc,
                {"programme", "year", "version", "title", "source", "levels",
                 "facts", "indicators"},
                top, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(rubric->programme,
                               ReadString(doc, "programme", top, ""));
  if (!IsIdentifier(rubric->programme)) {
    return top.Error("programme",
                     absl::StrCat("须为小写英文标识 (must be a lowercase "
                                  "identifier such as rental), got \"",
                                  rubric->programme, "\""));
  }
  ANJU_ENGINE_ASSIGN_OR_RETURN(const double year,
                               ReadNumber(doc, "year", top, ""));
  if (year != std::floor(year) || year < kMinYear || year > kMaxYear) {
    return top.Error(
        "year", absl::StrCat("须为年份 (must be a year within ", kMinYear, "–",
                             kMaxYear, "), got ", FormatNumber(year)));
  }
  rubric->year = static_cast<int>(year);
  ANJU_ENGINE_ASSIGN_OR_RETURN(rubric->version,
                               ReadString(doc, "version", top, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(rubric->title,
                               ReadString(doc, "title", top, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(rubric->source,
                               ReadString(doc, "source", top, ""));
  return absl::OkStatus();
}

absl::Status ParseLevels(const YAML::Node& doc, const ErrorScope& top,
                         Rubric* rubric) {
  ANJU_ENGINE_RETURN_IF_ERROR(RequireList(doc["levels"], top, "levels", false));
  const YAML::Node levels = doc["levels"];
  Points total = 0;
  for (size_t i = 0; i < levels.size(); ++i) {
    const std::string field = ItemPath("levels", i);
    ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(levels[i], top, field));
    ANJU_ENGINE_RETURN_IF_ERROR(
        CheckKeys(levels[i], {"name", "points"}, top, field));
    Level1 level;
    ANJU_ENGINE_ASSIGN_OR_RETURN(level.name,
                                 ReadString(levels[i], "name", top, field));
    ANJU_ENGINE_ASSIGN_OR_RETURN(level.max_points,
                                 ReadPoints(levels[i], "points", top, field));
    for (const Level1& seen : rubric->levels) {
      if (seen.name == level.name) {
        return top.Error(FieldPath(field, "name"),
                         absl::StrCat("一级指标重复 (duplicate level \"",
                                      level.name, "\")"));
      }
    }
    total += level.max_points;
    rubric->levels.push_back(std::move(level));
  }
  if (total != kProgrammeTotal) {
    return top.Error("levels", absl::StrCat("一级指标分值之和须为100 (the "
                                            "levels' points must add up to "
                                            "100), got ",
                                            FormatPoints(total)));
  }
  rubric->total_points = total;
  return absl::OkStatus();
}

absl::StatusOr<FactSpec::Type> ParseFactType(const std::string& name,
                                             const ErrorScope& scope) {
  if (name == "flag") return FactSpec::Type::kFlag;
  if (name == "count") return FactSpec::Type::kCount;
  if (name == "number") return FactSpec::Type::kNumber;
  if (name == "percent") return FactSpec::Type::kPercent;
  return scope.Error("type", absl::StrCat("须为 flag、count、number 或 percent "
                                          "(must be flag, count, number or "
                                          "percent), got \"",
                                          name, "\""));
}

absl::Status ParseRange(const YAML::Node& node, const ErrorScope& scope,
                        FactSpec* spec) {
  using Type = FactSpec::Type;
  const bool has_range = Has(node, "range");
  if (spec->type == Type::kFlag) {
    if (has_range) {
      return scope.Error("range",
                         "是/否事实没有取值范围 (a flag has no range)");
    }
    return absl::OkStatus();
  }
  if (!has_range) {
    if (spec->type == Type::kPercent) {
      spec->min = 0;
      spec->max = 100;
      return absl::OkStatus();
    }
    return scope.Error("range", "缺少必填项 (required: [min, max])");
  }
  const YAML::Node range = node["range"];
  if (!range.IsSequence() || range.size() != 2) {
    return scope.Error("range", "应为 [min, max] (must be a list [min, max])");
  }
  YAML::Node bounds(YAML::NodeType::Map);
  bounds["min"] = range[0];
  bounds["max"] = range[1];
  ANJU_ENGINE_ASSIGN_OR_RETURN(spec->min,
                               ReadNumber(bounds, "min", scope, "range"));
  ANJU_ENGINE_ASSIGN_OR_RETURN(spec->max,
                               ReadNumber(bounds, "max", scope, "range"));
  if (spec->min >= spec->max) {
    return scope.Error("range", absl::StrCat("min 须小于 max (min must be "
                                             "below max), got [",
                                             FormatNumber(spec->min), ", ",
                                             FormatNumber(spec->max), "]"));
  }
  if (spec->type == Type::kPercent && (spec->min < 0 || spec->max > 100)) {
    return scope.Error("range",
                       "百分比范围须在0到100之内 (a percentage range "
                       "must lie within [0, 100])");
  }
  if (spec->type == Type::kCount && spec->min < 0) {
    return scope.Error("range", "数量下限不能为负 (a count cannot go below 0)");
  }
  return absl::OkStatus();
}

absl::StatusOr<FactSpec> ParseFact(const YAML::Node& node,
                                   const ErrorScope& top, size_t i) {
  ErrorScope scope{top.file, ItemPath("facts", i)};
  ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(node, scope, ""));
  FactSpec spec;
  ANJU_ENGINE_ASSIGN_OR_RETURN(spec.name, ReadString(node, "name", scope, ""));
  scope.item = absl::StrCat(scope.item, " (", spec.name, ")");
  ANJU_ENGINE_RETURN_IF_ERROR(
      CheckKeys(node, {"name", "type", "label", "unit", "range"}, scope, ""));
  if (!IsIdentifier(spec.name)) {
    return scope.Error("name",
                       "须为小写英文标识 (must be a lowercase "
                       "identifier such as shanty_planned_units)");
  }
  ANJU_ENGINE_ASSIGN_OR_RETURN(const std::string type,
                               ReadString(node, "type", scope, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(spec.type, ParseFactType(type, scope));
  ANJU_ENGINE_ASSIGN_OR_RETURN(spec.label,
                               ReadString(node, "label", scope, ""));
  const bool needs_unit = spec.type == FactSpec::Type::kCount ||
                          spec.type == FactSpec::Type::kNumber;
  const std::optional<std::string> default_unit =
      needs_unit ? std::nullopt
                 : std::optional<std::string>(
                       spec.type == FactSpec::Type::kPercent ? "%" : "");
  ANJU_ENGINE_ASSIGN_OR_RETURN(
      spec.unit, ReadString(node, "unit", scope, "", default_unit));
  ANJU_ENGINE_RETURN_IF_ERROR(ParseRange(node, scope, &spec));
  return spec;
}

absl::Status ParseFacts(const YAML::Node& doc, const ErrorScope& top,
                        Rubric* rubric) {
  ANJU_ENGINE_RETURN_IF_ERROR(RequireList(doc["facts"], top, "facts", false));
  const YAML::Node facts = doc["facts"];
  for (size_t i = 0; i < facts.size(); ++i) {
    ANJU_ENGINE_ASSIGN_OR_RETURN(FactSpec spec, ParseFact(facts[i], top, i));
    if (rubric->facts.count(spec.name) > 0) {
      return top.Error(FieldPath(ItemPath("facts", i), "name"),
                       absl::StrCat("事实重复声明 (fact \"", spec.name,
                                    "\" is declared twice)"));
    }
    rubric->facts.emplace(spec.name, std::move(spec));
  }
  // Indices follow name order: Facts (a std::map) is merged against them.
  int index = 0;
  for (auto& [name, spec] : rubric->facts) spec.index = index++;
  return absl::OkStatus();
}

absl::Status ParseIndicatorHead(const YAML::Node& node, const Rubric& rubric,
                                ErrorScope* scope, Indicator* ind) {
  ANJU_ENGINE_RETURN_IF_ERROR(RequireMap(node, *scope, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(ind->id, ReadString(node, "id", *scope, ""));
  scope->item = absl::StrCat(scope->item, " (", ind->id, ")");
  ANJU_ENGINE_RETURN_IF_ERROR(
      CheckKeys(node,
                {"id", "level1", "name", "points", "bonus", "criterion", "note",
                 "rule", "vetoes", "exemptions"},
                *scope, ""));
  const std::string prefix = rubric.programme + ".";
  if (ind->id.rfind(prefix, 0) != 0 || ind->id.size() == prefix.size()) {
    return scope->Error("id", absl::StrCat("须以 \"", prefix,
                                           "\" 开头 (must start with the "
                                           "programme, e.g. ",
                                           prefix, "fund_use)"));
  }
  if (rubric.FindIndicator(ind->id) != nullptr) {
    return scope->Error("id", "指标ID重复 (duplicate indicator id)");
  }
  ANJU_ENGINE_ASSIGN_OR_RETURN(ind->level1,
                               ReadString(node, "level1", *scope, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(ind->name, ReadString(node, "name", *scope, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(ind->max_points,
                               ReadPoints(node, "points", *scope, ""));
  if (ind->max_points <= 0) {
    return scope->Error("points", "须大于0 (must be > 0), got 0");
  }
  ANJU_ENGINE_ASSIGN_OR_RETURN(ind->bonus,
                               ReadBool(node, "bonus", *scope, "", false));
  ANJU_ENGINE_ASSIGN_OR_RETURN(ind->criterion,
                               ReadString(node, "criterion", *scope, ""));
  ANJU_ENGINE_ASSIGN_OR_RETURN(ind->note,
                               ReadString(node, "note", *scope, "", ""));
  if (Has(node, "note") && ind->note.empty()) {
    return scope->Error("note", "不能为空 (must not be empty)");
  }
  for (size_t l = 0; l < rubric.levels.size(); ++l) {
    if (rubric.levels[l].name == ind->level1) {
      ind->level_index = static_cast<int>(l);
    }
  }
  if (!ind->bonus && ind->level_index < 0) {
    std::vector<std::string> names;
    for (const Level1& level : rubric.levels) names.push_back(level.name);
    return scope->Error(
        "level1", absl::StrCat("未知的一级指标 (must be one of the levels: ",
                               absl::StrJoin(names, ", "), "), got \"",
                               ind->level1, "\""));
  }
  if (ind->bonus && ind->level_index >= 0) {
    return scope->Error("level1",
                        "加分项不能计入一级指标 (a bonus item "
                        "cannot belong to a scored level)");
  }
  return absl::OkStatus();
}

absl::Status ParseIndicators(const YAML::Node& doc, const ErrorScope& top,
                             Rubric* rubric) {
  ANJU_ENGINE_RETURN_IF_ERROR(
      RequireList(doc["indicators"], top, "indicators", false));
  const YAML::Node items = doc["indicators"];
  for (size_t i = 0; i < items.size(); ++i) {
    ErrorScope scope{top.file, ItemPath("indicators", i)};
    Indicator ind;
    ANJU_ENGINE_RETURN_IF_ERROR(
        ParseIndicatorHead(items[i], *rubric, &scope, &ind));
    RuleParser parser(scope, rubric->facts);
    ANJU_ENGINE_ASSIGN_OR_RETURN(Rule rule,
                                 parser.Parse(items[i], ind.max_points));
    ind.rule = std::make_shared<const Rule>(std::move(rule));
    ind.facts = parser.used_facts();
    ind.judged = parser.judged();
    ind.requires_evidence = ind.judged || ind.bonus;
    ind.rule_kinds =
        ind.bonus ? absl::StrCat("bonus+", parser.kinds()) : parser.kinds();
    if (ind.bonus) rubric->bonus_points += ind.max_points;
    rubric->indicators.push_back(std::move(ind));
    // Keep the id index current: duplicates are found through it.
    std::vector<int>& by_id = rubric->indicators_by_id;
    by_id.push_back(static_cast<int>(rubric->indicators.size() - 1));
    std::sort(by_id.begin(), by_id.end(), [rubric](int a, int b) {
      return rubric->indicators[a].id < rubric->indicators[b].id;
    });
  }
  return absl::OkStatus();
}

// Points add up per level, and every declared fact is read by some rule.
absl::Status CrossCheck(const ErrorScope& top, const Rubric& rubric) {
  for (size_t l = 0; l < rubric.levels.size(); ++l) {
    Points sum = 0;
    std::vector<std::string> parts;
    for (const Indicator& ind : rubric.indicators) {
      if (ind.level_index != static_cast<int>(l)) continue;
      sum += ind.max_points;
      parts.push_back(absl::StrCat(ind.id, " ", FormatPoints(ind.max_points)));
    }
    const Level1& level = rubric.levels[l];
    if (sum != level.max_points) {
      return top.Error(
          FieldPath(ItemPath("levels", l), "points"),
          absl::StrCat(
              "与所属指标分值之和不符 (level \"", level.name, "\" declares ",
              FormatPoints(level.max_points), " but its indicators add up to ",
              FormatPoints(sum), ": ",
              parts.empty() ? "none" : absl::StrJoin(parts, " + "), ")"));
    }
  }
  std::set<std::string> used;
  for (const Indicator& ind : rubric.indicators) {
    used.insert(ind.facts.begin(), ind.facts.end());
  }
  for (const auto& [name, spec] : rubric.facts) {
    if (used.count(name) == 0) {
      return top.Error(absl::StrCat("facts (", name, ")"),
                       "未被任何指标使用 (declared but no indicator reads it)");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Rubric> ParseRubric(const YAML::Node& doc,
                                   const std::string& path) {
  const ErrorScope top{path, ""};
  if (!doc.IsDefined() || !doc.IsMap()) {
    return top.Error("",
                     "文件应为 key: value 映射 (the file must be a YAML "
                     "map of programme, year, levels, facts, indicators)");
  }
  Rubric rubric;
  rubric.file = path;
  ANJU_ENGINE_RETURN_IF_ERROR(ParseHeader(doc, top, &rubric));
  ANJU_ENGINE_RETURN_IF_ERROR(ParseLevels(doc, top, &rubric));
  ANJU_ENGINE_RETURN_IF_ERROR(ParseFacts(doc, top, &rubric));
  ANJU_ENGINE_RETURN_IF_ERROR(ParseIndicators(doc, top, &rubric));
  ANJU_ENGINE_RETURN_IF_ERROR(CrossCheck(top, rubric));
  return rubric;
}

}  // namespace

absl::StatusOr<Rubric> RubricSet::LoadFile(const std::string& path) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return absl::NotFoundError(
        absl::StrCat(path, ": 无法读取文件 (cannot open the file)"));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": YAML格式错误 (malformed YAML) at line ", e.mark.line + 1,
        ", column ", e.mark.column + 1, ": ", e.msg));
  }
  // yaml-cpp throws on some shapes we do not foresee; none may escape.
  try {
    return ParseRubric(doc, path);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": YAML结构错误 (unexpected YAML structure) at line ",
        e.mark.line + 1, ": ", e.msg));
  }
}

}  // namespace anju::scoring
