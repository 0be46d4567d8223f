#ifndef ANJU_SERVICES_SCORING_ENGINE_RULE_PARSER_H_
#define ANJU_SERVICES_SCORING_ENGINE_RULE_PARSER_H_

// Parses and validates one indicator's `rule`, `vetoes` and `exemptions`
// into the Rule tree: kinds known, parameters sane (targets within 0–100,
// steps > 0, bands ordered, parts summing to the indicator's points), every
// fact declared and of the type its use needs.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/engine/rule.h"
#include "services/scoring/engine/yaml_fields.h"
#include "yaml-cpp/yaml.h"

namespace anju::scoring {

class RuleParser {
 public:
  RuleParser(ErrorScope scope, const std::map<std::string, FactSpec>& facts)
      : scope_(std::move(scope)), facts_(facts) {}

  // `indicator` is the indicator's YAML map; its points bound the rule.
  absl::StatusOr<Rule> Parse(const YAML::Node& indicator, Points max_points);

  // Facts the rule reads, in order of first use.
  const std::vector<std::string>& used_facts() const { return used_facts_; }
  // "checklist+full_steps+veto", for display.
  std::string kinds() const;
  bool judged() const { return judged_; }

 private:
  absl::StatusOr<RuleNode> ParseNode(const YAML::Node& node,
                                     const std::string& field, bool root);
  absl::Status ParseKind(const YAML::Node& node, const std::string& field,
                         const std::string& kind, RuleNode* out);
  absl::Status ParseLeaf(const YAML::Node& node, const std::string& field,
                         const std::string& kind, RuleNode* out);
  absl::Status ParseRated(const YAML::Node& node, const std::string& field,
                          const std::string& kind, RuleNode* out);
  absl::Status ParseGroup(const YAML::Node& node, const std::string& field,
                          const std::string& kind, RuleNode* out);
  absl::Status ParseBands(const YAML::Node& node, const std::string& field,
                          RuleNode* out);
  absl::StatusOr<RateSource> ParseRate(const YAML::Node& node,
                                       const std::string& field);
  absl::StatusOr<Condition> ParseCondition(const YAML::Node& node,
                                           const std::string& field);
  absl::StatusOr<std::vector<Gate>> ParseGates(const YAML::Node& indicator,
                                               const char* key,
                                               Points max_points);
  absl::StatusOr<FactRef> ReadFact(const YAML::Node& map, const char* key,
                                   const std::string& prefix,
                                   std::vector<FactSpec::Type> types);
  absl::StatusOr<double> ReadPercent(const YAML::Node& map, const char* key,
                                     const std::string& prefix,
                                     bool allow_zero);
  absl::StatusOr<double> ReadPositivePoints(const YAML::Node& map,
                                            const char* key,
                                            const std::string& prefix);
  void NoteKind(const std::string& kind);

  ErrorScope scope_;
  const std::map<std::string, FactSpec>& facts_;
  std::vector<std::string> used_facts_;
  std::vector<std::string> kinds_;
  bool judged_ = false;
  bool zero_planned_ = false;
};

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_RULE_PARSER_H_
