#ifndef ANJU_SERVICES_SUBMISSION_CONSISTENCY_RULES_H_
#define ANJU_SERVICES_SUBMISSION_CONSISTENCY_RULES_H_

// 一致性检查规则 as data: rules/<year>/consistency.yaml, one file per year,
// loaded at start. The format is in services/submission/README.md. Errors
// are INVALID_ARGUMENT naming the file, the rule and the field, e.g.
//   rules/2023/consistency.yaml: rules[2] (funds.components) (line 31):
//   field 'total' is required

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/rubric.pb.h"
#include "anju/v1/submission.pb.h"

namespace anju::submission::consistency {

enum class RuleKind {
  kCountySum,       // a city's fact against the sum over its counties
  kComponentsSum,   // a total fact against its component facts
  kSelfScoreMax,    // a self-score outside [0, the indicator's points]
  kJudgedEvidence,  // a judged indicator self-scored without evidence
};

// 补充数据: a number a report may carry for the checks only; never scored.
struct SupplementaryFact {
  std::string name;
  std::string label;
  std::string unit;
  double min = 0;
  double max = 0;
};

struct Rule {
  std::string id;
  RuleKind kind = RuleKind::kSelfScoreMax;
  v1::Finding::Severity severity = v1::Finding::SEVERITY_WARNING;
  std::string programme;  // empty: every programme
  double tolerance = 0;   // a difference up to this is no finding
  // county_sum: the fact and its name in messages (租赁补贴发放).
  std::string fact;
  std::string label;
  // components_sum.
  std::string total;
  std::vector<std::string> components;
  std::string where;  // "rules[2] (funds.components)", for errors
};

struct RuleSet {
  std::string file;
  int year = 0;
  std::vector<SupplementaryFact> supplementary;
  std::vector<Rule> rules;

  const SupplementaryFact* FindSupplementary(absl::string_view name) const;
  // The rules that apply to `programme`, in file order.
  std::vector<const Rule*> For(absl::string_view programme) const;
};

// Parses one file's text; `file` names it in errors.
absl::StatusOr<RuleSet> ParseRuleSet(absl::string_view yaml,
                                     absl::string_view file);

// Every year's rules: DIR/<year>/consistency.yaml.
class RuleBook {
 public:
  // A missing directory or a year folder without the file is no error (no
  // rules); a broken file is.
  static absl::StatusOr<RuleBook> LoadDirectory(const std::string& dir);
  // For tests.
  void Add(RuleSet rules);
  // nullptr when the year has no rules.
  const RuleSet* ForYear(int year) const;
  // The years with rules, ascending.
  std::vector<int> Years() const;

 private:
  std::map<int, RuleSet> years_;
};

// The facts that `rules` name for `rubric`'s programme must be rubric facts
// or supplementary ones, and no supplementary fact may be a rubric fact (it
// would be stripped before scoring). INVALID_ARGUMENT naming file, rule and
// field.
absl::Status CheckAgainstRubric(const RuleSet& rules, const v1::Rubric& rubric);

// Default rules directory: the source tree's rules/.
std::string DefaultRulesDirectory();

}  // namespace anju::submission::consistency

#endif  // ANJU_SERVICES_SUBMISSION_CONSISTENCY_RULES_H_
