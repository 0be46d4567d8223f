// The rules file loader: the repository's rules load; a broken file is
// refused with an error naming the file, the rule and the field.

#include "services/submission/consistency/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace anju::submission::consistency {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kFile[] = "rules/2023/consistency.yaml";

absl::Status ParseError(const std::string& yaml) {
  return ParseRuleSet(yaml, kFile).status();
}

TEST(RulesTest, TheRepositoryRulesLoad) {
  absl::StatusOr<RuleBook> book =
      RuleBook::LoadDirectory(DefaultRulesDirectory());
  ASSERT_TRUE(book.ok()) << book.status();
  const RuleSet* rules = book->ForYear(2023);
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(book->ForYear(2022), nullptr);
  EXPECT_NE(rules->FindSupplementary("funds_received_total_10k_yuan"), nullptr);
  std::vector<std::string> ids;
  for (const Rule* rule : rules->For("rental")) ids.push_back(rule->id);
  EXPECT_THAT(ids, ::testing::Contains("rental.subsidy_issued.county_sum"));
  // Rules of one programme do not apply to another.
  for (const Rule* rule : rules->For("shanty")) {
    EXPECT_NE(rule->id, "rental.subsidy_issued.county_sum");
  }
}

TEST(RulesTest, UnknownKindNamesFileRuleAndField) {
  absl::Status s = ParseError(R"(
year: 2023
rules:
  - {id: a.sum, kind: county_total, severity: warning}
)");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(),
              AllOf(HasSubstr(kFile), HasSubstr("rules[0] (a.sum)"),
                    HasSubstr("'kind'"), HasSubstr("county_total")));
}

TEST(RulesTest, MissingFieldNamesFileRuleAndField) {
  absl::Status s = ParseError(R"(
year: 2023
rules:
  - {id: ok, kind: self_score_max, severity: error}
  - id: rental.issued
    kind: county_sum
    severity: warning
    label: 租赁补贴发放
)");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(),
              AllOf(HasSubstr(kFile), HasSubstr("rules[1] (rental.issued)"),
                    HasSubstr("'fact' is required")));
}

TEST(RulesTest, TypoInAFieldIsRefused) {
  absl::Status s = ParseError(R"(
year: 2023
rules:
  - {id: funds, kind: components_sum, severity: error, totl: x, components: [y]}
)");
  EXPECT_THAT(s.message(), AllOf(HasSubstr("rules[0] (funds)"),
                                 HasSubstr("unknown field 'totl'")));
}

TEST(RulesTest, FieldOfAnotherKindIsRefused) {
  absl::Status s = ParseError(R"(
year: 2023
rules:
  - {id: max, kind: self_score_max, severity: error, fact: x}
)");
  EXPECT_THAT(s.message(), AllOf(HasSubstr("rules[0] (max)"),
                                 HasSubstr("field 'fact' belongs to rules of "
                                           "kind county_sum only")));
}

TEST(RulesTest, BadSeverityAndDuplicateIdsAreRefused) {
  EXPECT_THAT(ParseError(R"(
year: 2023
rules: [{id: a, kind: self_score_max, severity: fatal}]
)")
                  .message(),
              AllOf(HasSubstr("rules[0] (a)"), HasSubstr("'severity'")));
  EXPECT_THAT(ParseError(R"(
year: 2023
rules:
  - {id: a, kind: self_score_max, severity: error}
  - {id: a, kind: judged_evidence, severity: warning}
)")
                  .message(),
              AllOf(HasSubstr("rules[1] (a)"), HasSubstr("'id'")));
}

TEST(RulesTest, SupplementaryNeedsARange) {
  EXPECT_THAT(ParseError(R"(
year: 2023
supplementary: [{name: funds_total, label: 资金合计, unit: 万元}]
rules: []
)")
                  .message(),
              AllOf(HasSubstr("supplementary[0]"), HasSubstr("'range'")));
}

v1::Rubric RentalRubric() {
  v1::Rubric rubric;
  rubric.set_programme("rental");
  rubric.set_year(2023);
  rubric.add_facts()->set_name("subsidy_issued_households");
  return rubric;
}

TEST(RulesTest, UnknownFactNamesFileRuleAndField) {
  absl::StatusOr<RuleSet> rules = ParseRuleSet(R"(
year: 2023
supplementary:
  - {name: funds_total, label: 资金合计, unit: 万元, range: [0, 1000000]}
rules:
  - {id: issued, kind: county_sum, programme: rental, severity: warning,
     fact: subsidy_issued_households, label: 租赁补贴发放}
  - {id: funds, kind: components_sum, severity: error, total: funds_total,
     components: [funds_central, subsidy_issued_households]}
)",
                                               kFile);
  ASSERT_TRUE(rules.ok()) << rules.status();
  absl::Status s = CheckAgainstRubric(*rules, RentalRubric());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(),
              AllOf(HasSubstr(kFile), HasSubstr("rules[1] (funds)"),
                    HasSubstr("'components'"), HasSubstr("funds_central")));
}

TEST(RulesTest, SupplementaryFactMayNotShadowARubricFact) {
  absl::StatusOr<RuleSet> rules = ParseRuleSet(R"(
year: 2023
supplementary:
  - {name: subsidy_issued_households, label: 发放, unit: 户, range: [0, 10]}
rules: []
)",
                                               kFile);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(CheckAgainstRubric(*rules, RentalRubric()).message(),
              AllOf(HasSubstr("supplementary[0]"),
                    HasSubstr("subsidy_issued_households")));
}

}  // namespace
}  // namespace anju::submission::consistency
