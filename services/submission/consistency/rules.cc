#include "services/submission/consistency/rules.h"

#include <filesystem>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/auth/yaml_fields.h"

namespace anju::submission::consistency {
namespace {

namespace yaml = ::anju::auth::yaml;

constexpr char kFileName[] = "consistency.yaml";

absl::StatusOr<double> ReadNumber(const YAML::Node& node,
                                  absl::string_view where,
                                  absl::string_view field) {
  double value = 0;
  if (!node.IsScalar() || !absl::SimpleAtod(node.Scalar(), &value)) {
    return yaml::Malformed(
        node, where, absl::StrCat("field '", field, "' must be a number"));
  }
  return value;
}

absl::Status ReadScalar(const YAML::Node& map, absl::string_view where,
                        const std::string& field, std::string* out) {
  absl::StatusOr<std::string> value = yaml::RequiredScalar(map, where, field);
  if (!value.ok()) return value.status();
  *out = *std::move(value);
  return absl::OkStatus();
}

absl::StatusOr<std::string> OptionalScalar(const YAML::Node& map,
                                           absl::string_view where,
                                           const std::string& field) {
  if (!map[field].IsDefined()) return std::string();
  return yaml::RequiredScalar(map, where, field);
}

absl::Status ReadRange(const YAML::Node& map, absl::string_view where,
                       SupplementaryFact* fact) {
  const YAML::Node range = map["range"];
  if (!range.IsDefined()) {
    return yaml::Malformed(map, where, "field 'range' is required: [min, max]");
  }
  if (!range.IsSequence() || range.size() != 2) {
    return yaml::Malformed(range, where, "field 'range' must be [min, max]");
  }
  absl::StatusOr<double> min = ReadNumber(range[0], where, "range");
  if (!min.ok()) return min.status();
  absl::StatusOr<double> max = ReadNumber(range[1], where, "range");
  if (!max.ok()) return max.status();
  if (*min > *max) {
    return yaml::Malformed(range, where, "field 'range': min above max");
  }
  fact->min = *min;
  fact->max = *max;
  return absl::OkStatus();
}

absl::StatusOr<SupplementaryFact> ReadSupplementary(const YAML::Node& node,
                                                    const std::string& where) {
  if (!node.IsMap()) return yaml::Malformed(node, where, "must be a mapping");
  if (auto s = yaml::CheckKeys(node, where, {"name", "label", "unit", "range"});
      !s.ok()) {
    return s;
  }
  SupplementaryFact fact;
  if (auto s = ReadScalar(node, where, "name", &fact.name); !s.ok()) return s;
  if (auto s = ReadScalar(node, where, "label", &fact.label); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> unit = OptionalScalar(node, where, "unit");
  if (!unit.ok()) return unit.status();
  fact.unit = *unit;
  if (auto s = ReadRange(node, where, &fact); !s.ok()) return s;
  return fact;
}

absl::StatusOr<RuleKind> KindNamed(const YAML::Node& map,
                                   absl::string_view where,
                                   const std::string& text) {
  if (text == "county_sum") return RuleKind::kCountySum;
  if (text == "components_sum") return RuleKind::kComponentsSum;
  if (text == "self_score_max") return RuleKind::kSelfScoreMax;
  if (text == "judged_evidence") return RuleKind::kJudgedEvidence;
  return yaml::Malformed(
      map["kind"], where,
      absl::StrCat("field 'kind': unknown kind '", text,
                   "' (known: county_sum, components_sum, self_score_max, "
                   "judged_evidence)"));
}

absl::StatusOr<v1::Finding::Severity> SeverityNamed(const YAML::Node& map,
                                                    absl::string_view where,
                                                    const std::string& text) {
  if (text == "warning") return v1::Finding::SEVERITY_WARNING;
  if (text == "error") return v1::Finding::SEVERITY_ERROR;
  return yaml::Malformed(map["severity"], where,
                         absl::StrCat("field 'severity': '", text,
                                      "' is neither warning nor error"));
}

absl::Status ReadComponents(const YAML::Node& node, const std::string& where,
                            Rule* rule) {
  const YAML::Node parts = node["components"];
  if (!parts.IsSequence() || parts.size() == 0) {
    return yaml::Malformed(
        parts.IsDefined() ? parts : node, where,
        "field 'components' is required: a list of fact names");
  }
  for (const YAML::Node& part : parts) {
    if (!part.IsScalar() || part.Scalar().empty()) {
      return yaml::Malformed(part, where,
                             "field 'components': fact names only");
    }
    rule->components.push_back(part.Scalar());
  }
  return absl::OkStatus();
}

// Fields that one kind reads; on a rule of another kind they are mistakes.
struct KindField {
  const char* field;
  RuleKind kind;
  const char* kind_name;
};
constexpr KindField kKindFields[] = {
    {"fact", RuleKind::kCountySum, "county_sum"},
    {"label", RuleKind::kCountySum, "county_sum"},
    {"total", RuleKind::kComponentsSum, "components_sum"},
    {"components", RuleKind::kComponentsSum, "components_sum"},
};

absl::Status ReadKindFields(const YAML::Node& node, const std::string& where,
                            Rule* rule) {
  if (auto s =
          yaml::CheckKeys(node, where,
                          {"id", "kind", "severity", "programme", "tolerance",
                           "note", "fact", "label", "total", "components"});
      !s.ok()) {
    return s;
  }
  for (const KindField& f : kKindFields) {
    if (f.kind != rule->kind && node[f.field].IsDefined()) {
      return yaml::Malformed(
          node[f.field], where,
          absl::StrCat("field '", f.field, "' belongs to rules of kind ",
                       f.kind_name, " only"));
    }
  }
  if (rule->kind == RuleKind::kCountySum) {
    if (auto s = ReadScalar(node, where, "fact", &rule->fact); !s.ok()) {
      return s;
    }
    return ReadScalar(node, where, "label", &rule->label);
  }
  if (rule->kind == RuleKind::kComponentsSum) {
    if (auto s = ReadScalar(node, where, "total", &rule->total); !s.ok()) {
      return s;
    }
    return ReadComponents(node, where, rule);
  }
  return absl::OkStatus();
}

absl::StatusOr<Rule> ReadRule(const YAML::Node& node, size_t index) {
  std::string where = absl::StrCat("rules[", index, "]");
  if (!node.IsMap()) return yaml::Malformed(node, where, "must be a mapping");
  absl::StatusOr<std::string> id = yaml::RequiredScalar(node, where, "id");
  if (!id.ok()) return id.status();
  absl::StrAppend(&where, " (", *id, ")");
  Rule rule;
  rule.id = *id;
  rule.where = where;
  absl::StatusOr<std::string> kind = yaml::RequiredScalar(node, where, "kind");
  if (!kind.ok()) return kind.status();
  absl::StatusOr<RuleKind> parsed = KindNamed(node, where, *kind);
  if (!parsed.ok()) return parsed.status();
  rule.kind = *parsed;
  absl::StatusOr<std::string> severity =
      yaml::RequiredScalar(node, where, "severity");
  if (!severity.ok()) return severity.status();
  absl::StatusOr<v1::Finding::Severity> level =
      SeverityNamed(node, where, *severity);
  if (!level.ok()) return level.status();
  rule.severity = *level;
  absl::StatusOr<std::string> programme =
      OptionalScalar(node, where, "programme");
  if (!programme.ok()) return programme.status();
  rule.programme = *programme;
  if (node["tolerance"].IsDefined()) {
    absl::StatusOr<double> tolerance =
        ReadNumber(node["tolerance"], where, "tolerance");
    if (!tolerance.ok()) return tolerance.status();
    if (*tolerance < 0) {
      return yaml::Malformed(node["tolerance"], where,
                             "field 'tolerance' must be ≥ 0");
    }
    rule.tolerance = *tolerance;
  }
  if (auto s = ReadKindFields(node, where, &rule); !s.ok()) return s;
  return rule;
}

absl::Status ReadRoot(const YAML::Node& root, RuleSet* out) {
  if (!root.IsMap()) {
    return yaml::Malformed(root, "top level", "must be a mapping");
  }
  if (auto s = yaml::CheckKeys(root, "top level",
                               {"year", "supplementary", "rules"});
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> year =
      yaml::RequiredScalar(root, "top level", "year");
  if (!year.ok()) return year.status();
  if (!absl::SimpleAtoi(*year, &out->year)) {
    return yaml::Malformed(root["year"], "top level",
                           "field 'year' must be a whole number");
  }
  std::set<std::string> names;
  const YAML::Node supplementary = root["supplementary"];
  if (supplementary.IsDefined() && !supplementary.IsSequence()) {
    return yaml::Malformed(supplementary, "top level",
                           "field 'supplementary' must be a list of facts");
  }
  for (size_t i = 0; supplementary.IsDefined() && i < supplementary.size();
       ++i) {
    const std::string where = absl::StrCat("supplementary[", i, "]");
    absl::StatusOr<SupplementaryFact> fact =
        ReadSupplementary(supplementary[i], where);
    if (!fact.ok()) return fact.status();
    if (!names.insert(fact->name).second) {
      return yaml::Malformed(
          supplementary[i], where,
          absl::StrCat("field 'name': '", fact->name, "' is declared twice"));
    }
    out->supplementary.push_back(*std::move(fact));
  }
  const YAML::Node rules = root["rules"];
  if (!rules.IsSequence()) {
    return yaml::Malformed(root, "top level",
                           "field 'rules' is required: a list of rules");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    absl::StatusOr<Rule> rule = ReadRule(rules[i], i);
    if (!rule.ok()) return rule.status();
    if (!ids.insert(rule->id).second) {
      return yaml::Malformed(rules[i], rule->where,
                             "field 'id': used by an earlier rule");
    }
    out->rules.push_back(*std::move(rule));
  }
  return absl::OkStatus();
}

// The fact names a rule reads, each with the field that names it.
std::vector<std::pair<std::string, std::string>> FactsOf(const Rule& rule) {
  std::vector<std::pair<std::string, std::string>> facts;
  if (rule.kind == RuleKind::kCountySum) facts.push_back({"fact", rule.fact});
  if (rule.kind == RuleKind::kComponentsSum) {
    facts.push_back({"total", rule.total});
    for (const std::string& part : rule.components) {
      facts.push_back({"components", part});
    }
  }
  return facts;
}

}  // namespace

const SupplementaryFact* RuleSet::FindSupplementary(
    absl::string_view name) const {
  for (const SupplementaryFact& fact : supplementary) {
    if (fact.name == name) return &fact;
  }
  return nullptr;
}

std::vector<const Rule*> RuleSet::For(absl::string_view programme) const {
  std::vector<const Rule*> out;
  for (const Rule& rule : rules) {
    if (rule.programme.empty() || rule.programme == programme) {
      out.push_back(&rule);
    }
  }
  return out;
}

absl::StatusOr<RuleSet> ParseRuleSet(absl::string_view text,
                                     absl::string_view file) {
  RuleSet rules;
  rules.file = std::string(file);
  if (auto s = yaml::Parse(
          text, file,
          [&](const YAML::Node& root) { return ReadRoot(root, &rules); });
      !s.ok()) {
    return s;
  }
  return rules;
}

absl::StatusOr<RuleBook> RuleBook::LoadDirectory(const std::string& dir) {
  RuleBook book;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return book;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::filesystem::path path = entry.path() / kFileName;
    if (!std::filesystem::is_regular_file(path, error)) continue;
    absl::StatusOr<std::string> text = yaml::ReadFile(path.string());
    if (!text.ok()) return text.status();
    absl::StatusOr<RuleSet> rules = ParseRuleSet(*text, path.string());
    if (!rules.ok()) return rules.status();
    if (absl::StrCat(rules->year) != entry.path().filename().string()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path.string(), ": top level: field 'year' is ", rules->year,
          " but the folder is ", entry.path().filename().string()));
    }
    book.Add(*std::move(rules));
  }
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, ": cannot be listed: ", error.message()));
  }
  return book;
}

void RuleBook::Add(RuleSet rules) {
  const int year = rules.year;
  years_[year] = std::move(rules);
}

std::vector<int> RuleBook::Years() const {
  std::vector<int> years;
  for (const auto& [year, rules] : years_) years.push_back(year);
  return years;
}

const RuleSet* RuleBook::ForYear(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second;
}

absl::Status CheckAgainstRubric(const RuleSet& rules,
                                const v1::Rubric& rubric) {
  std::set<std::string> rubric_facts;
  for (const v1::FactSpec& fact : rubric.facts()) {
    rubric_facts.insert(fact.name());
  }
  for (size_t i = 0; i < rules.supplementary.size(); ++i) {
    const std::string& name = rules.supplementary[i].name;
    if (rubric_facts.count(name) > 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          rules.file, ": supplementary[", i, "]: field 'name': '", name,
          "' is a fact of the ", rubric.programme(),
          " rubric; a supplementary fact would be stripped before scoring"));
    }
  }
  for (const Rule* rule : rules.For(rubric.programme())) {
    for (const auto& [field, name] : FactsOf(*rule)) {
      if (rubric_facts.count(name) > 0 || rules.FindSupplementary(name)) {
        continue;
      }
      return absl::InvalidArgumentError(absl::StrCat(
          rules.file, ": ", rule->where, ": field '", field,
          "': unknown fact '", name, "' (neither in the ", rubric.programme(),
          " rubric of ", rubric.year(), " nor declared under supplementary)"));
    }
  }
  return absl::OkStatus();
}

std::string DefaultRulesDirectory() {
  return absl::StrCat(ANJU_SOURCE_DIR, "/rules");
}

}  // namespace anju::submission::consistency
