// The rubric loader: a valid file loads; every kind of broken file fails
// with INVALID_ARGUMENT naming the file, the indicator and the field.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"
#include "tests/scoring_engine/engine_test_util.h"

namespace anju::scoring {
namespace {

using ::anju::scoring::testing::LoadYaml;
using ::anju::scoring::testing::MakeTempDir;
using ::anju::scoring::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A small valid rubric; each test breaks one thing in it.
constexpr char kBase[] = R"(programme: t
year: 2023
version: "2023.1"
title: 测试指标表
source: 测试
levels:
  - {name: 资金管理, points: 40}
  - {name: 产出效益, points: 60}
facts:
  - {name: ok_flag, type: flag, label: 机制健全}
  - {name: rate_pct, type: percent, label: 执行率}
  - {name: issues, type: count, label: 问题, unit: 项, range: [0, 1000]}
indicators:
  - id: t.a
    level1: 资金管理
    name: 甲
    points: 40
    criterion: 甲的标准
    rule:
      kind: sum
      parts:
        - {kind: check, fact: ok_flag, points: 10}
        - {kind: full_steps, points: 30, target: 100, step: 5, per_step: 1, rate: {pct: rate_pct}}
  - id: t.b
    level1: 产出效益
    name: 乙
    points: 60
    criterion: 乙的标准
    rule:
      kind: sum
      base: 60
      parts:
        - {kind: deduct_count, fact: issues, per_item: 1}
)";

std::string Broken(const std::string& from, const std::string& to) {
  const std::string text = absl::StrReplaceAll(kBase, {{from, to}});
  EXPECT_NE(text, kBase) << "the substitution did not apply: " << from;
  return text;
}

// Loads `text` and expects INVALID_ARGUMENT whose message starts with the
// file and contains every fragment.
void ExpectLoadError(const std::string& text,
                     std::initializer_list<std::string> fragments) {
  const std::string path = WriteFile(MakeTempDir(), "t.yaml", text);
  absl::StatusOr<Rubric> rubric = RubricSet::LoadFile(path);
  ASSERT_FALSE(rubric.ok());
  EXPECT_EQ(rubric.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(rubric.status().message()), StartsWith(path + ": "));
  for (const std::string& fragment : fragments) {
    EXPECT_THAT(std::string(rubric.status().message()), HasSubstr(fragment));
  }
}

TEST(Loader, BaseRubricLoads) {
  absl::StatusOr<Rubric> rubric = LoadYaml(kBase);
  ASSERT_TRUE(rubric.ok()) << rubric.status();
  EXPECT_EQ(rubric->programme, "t");
  EXPECT_EQ(rubric->year, 2023);
  EXPECT_EQ(rubric->version, "2023.1");
  EXPECT_EQ(rubric->total_points, 10000);
  EXPECT_EQ(rubric->bonus_points, 0);
  ASSERT_EQ(rubric->indicators.size(), 2u);
  EXPECT_EQ(rubric->indicators[0].rule_kinds, "checklist+full_steps");
  EXPECT_EQ(rubric->indicators[0].facts,
            (std::vector<std::string>{"ok_flag", "rate_pct"}));
  EXPECT_EQ(rubric->FindIndicator("t.b"), &rubric->indicators[1]);
  EXPECT_EQ(rubric->FindIndicator("t.c"), nullptr);
  ASSERT_NE(rubric->FindFact("issues"), nullptr);
  EXPECT_EQ(rubric->FindFact("issues")->unit, "项");
  EXPECT_EQ(rubric->FindFact("rate_pct")->max, 100);
}

TEST(Loader, DuplicateIndicatorId) {
  ExpectLoadError(Broken("id: t.b", "id: t.a"),
                  {"indicators[1] (t.a): id: ", "duplicate indicator id"});
}

TEST(Loader, LevelsMustAddUpTo100) {
  ExpectLoadError(
      Broken("{name: 资金管理, points: 40}", "{name: 资金管理, points: 35}"),
      {"levels: ", "must add up to 100", "got 95"});
}

TEST(Loader, IndicatorsMustAddUpToTheirLevel) {
  std::string text = Broken("    points: 40\n", "    points: 35\n");
  text = absl::StrReplaceAll(
      text, {{"fact: ok_flag, points: 10", "fact: ok_flag, points: 5"}});
  ExpectLoadError(
      text, {"levels[0].points: ", "资金管理", "declares 40", "add up to 35"});
}

TEST(Loader, PartsMustAddUpToTheIndicator) {
  ExpectLoadError(
      Broken("fact: ok_flag, points: 10", "fact: ok_flag, points: 5"),
      {"indicators[0] (t.a): rule: ",
       "must add up to the indicator's points, 40", "got 35"});
}

TEST(Loader, UnknownFactInRule) {
  ExpectLoadError(Broken("fact: ok_flag", "fact: no_such_fact"),
                  {"indicators[0] (t.a): rule.parts[0].fact: ",
                   "\"no_such_fact\" is not declared"});
}

TEST(Loader, FactOfTheWrongTypeForItsUse) {
  ExpectLoadError(Broken("fact: ok_flag", "fact: rate_pct"),
                  {"indicators[0] (t.a): rule.parts[0].fact: ",
                   "declared as percent", "needs flag"});
}

TEST(Loader, StepMustBePositive) {
  ExpectLoadError(Broken("step: 5", "step: 0"),
                  {"indicators[0] (t.a): rule.parts[1].step: ", "must be > 0"});
}

TEST(Loader, PerItemMustBePositive) {
  ExpectLoadError(Broken("per_item: 1", "per_item: 0"),
                  {"indicators[1] (t.b): rule.parts[0].per_item: 须大于0 "
                   "(must be > 0)"});
}

TEST(Loader, TargetMustBeAPercentage) {
  ExpectLoadError(Broken("target: 100", "target: 120"),
                  {"indicators[0] (t.a): rule.parts[1].target: ",
                   "within (0, 100]", "got 120"});
}

TEST(Loader, UnknownRuleKind) {
  ExpectLoadError(Broken("kind: deduct_count", "kind: deduct_many"),
                  {"indicators[1] (t.b): rule.parts[0].kind: ",
                   "unknown rule kind \"deduct_many\""});
}

TEST(Loader, UnknownKeyIsATypo) {
  ExpectLoadError(
      Broken("per_step: 1", "per_stp: 1"),
      {"indicators[0] (t.a): rule.parts[1].per_stp: ", "unknown key"});
}

TEST(Loader, MalformedYaml) {
  ExpectLoadError(Broken("- {kind: check, fact: ok_flag, points: 10}",
                         "- {kind: check, fact: ok_flag, points: 10"),
                  {"malformed YAML", "line "});
}

TEST(Loader, BandsMustBeOrderedHighestFirst) {
  ExpectLoadError(
      Broken("{kind: full_steps, points: 30, target: 100, step: 5, per_step: "
             "1, rate: {pct: rate_pct}}",
             "{kind: bands, rate: {pct: rate_pct}, bands: [{min: 10, points: "
             "20}, {min: 20, points: 30}]}"),
      {"indicators[0] (t.a): rule.parts[1].bands[1].min: ", "highest first"});
}

TEST(Loader, JudgedOnlyScoresAWholeIndicator) {
  ExpectLoadError(
      Broken("{kind: check, fact: ok_flag, points: 10}", "{kind: judged}"),
      {"indicators[0] (t.a): rule.parts[0].kind: ", "judged"});
}

TEST(Loader, ExemptionCannotExceedTheIndicator) {
  ExpectLoadError(Broken("    criterion: 乙的标准\n",
                         "    criterion: 乙的标准\n"
                         "    exemptions:\n"
                         "      - when: {fact: issues, equals: 0}\n"
                         "        points: 70\n"
                         "        reason: 无\n"),
                  {"indicators[1] (t.b): exemptions[0].points: ",
                   "must not exceed", "got 70"});
}

TEST(Loader, ZeroPlannedNeedsARateFromCounts) {
  ExpectLoadError(
      Broken("rate: {pct: rate_pct}}",
             "rate: {pct: rate_pct, zero_planned: {points: 30, reason: 无}}}"),
      {"indicators[0] (t.a): rule.parts[1].rate.zero_planned: ",
       "applies only to a rate computed from actual and planned"});
}

TEST(Loader, ZeroPlannedCannotExceedItsPart) {
  ExpectLoadError(
      Broken("rate: {pct: rate_pct}}",
             "rate: {actual: issues, planned: issues, label: 率, "
             "zero_planned: {points: 31, reason: 无}}}"),
      {"indicators[0] (t.a): rule.parts[1].rate.zero_planned.points: ",
       "must not exceed the points of this part, 30", "got 31"});
  ExpectLoadError(Broken("rate: {pct: rate_pct}}",
                         "rate: {actual: issues, planned: issues, label: 率, "
                         "zero_planned: {points: 30}}}"),
                  {"rule.parts[1].rate.zero_planned.reason: ", "required"});
}

TEST(Loader, ZeroPlannedIsShownAsAnExemption) {
  absl::StatusOr<Rubric> rubric = LoadYaml(
      Broken("rate: {pct: rate_pct}}",
             "rate: {actual: issues, planned: issues, pct: rate_pct, "
             "label: 率, zero_planned: {points: 30, reason: 无计划}}}"));
  ASSERT_TRUE(rubric.ok()) << rubric.status();
  EXPECT_EQ(rubric->indicators[0].rule_kinds, "checklist+full_steps+exemption");
}

TEST(Loader, NumbersInMessagesAreTheShortestDecimal) {
  // absl::StrCat(double) printed 6 significant digits: [2e+07, 1.23457e+07].
  ExpectLoadError(Broken("range: [0, 1000]", "range: [20000000, 12345678]"),
                  {"facts[2] (issues): range: ", "got [20000000, 12345678]"});
  ExpectLoadError(
      Broken("per_step: 1, rate: {pct: rate_pct}",
             "per_step: 1, max_deduction: 12345678.5, rate: {pct: rate_pct}"),
      {"rule.parts[1].max_deduction: ", "got 12345678.5"});
}

TEST(Loader, ConditionNeedsExactlyOneTest) {
  ExpectLoadError(
      Broken("    criterion: 乙的标准\n",
             "    criterion: 乙的标准\n"
             "    vetoes:\n"
             "      - when: {fact: ok_flag, is: true, equals: 1}\n"
             "        reason: 无\n"),
      {"indicators[1] (t.b): vetoes[0].when: ", "exactly one of is, equals"});
}

TEST(Loader, UnknownLevel) {
  ExpectLoadError(
      Broken("level1: 产出效益", "level1: 产出"),
      {"indicators[1] (t.b): level1: ", "must be one of the levels"});
}

TEST(Loader, DuplicateFact) {
  ExpectLoadError(
      Broken("  - {name: rate_pct, type: percent, label: 执行率}\n",
             "  - {name: rate_pct, type: percent, label: 执行率}\n"
             "  - {name: rate_pct, type: percent, label: 又一个}\n"),
      {"facts[2].name: ", "declared twice"});
}

TEST(Loader, CountNeedsARange) {
  ExpectLoadError(Broken(", range: [0, 1000]}", "}"),
                  {"facts[2] (issues): range: ", "required"});
}

TEST(Loader, PercentRangeWithin0To100) {
  ExpectLoadError(Broken("{name: rate_pct, type: percent, label: 执行率}",
                         "{name: rate_pct, type: percent, label: 执行率, "
                         "range: [0, 150]}"),
                  {"facts[1] (rate_pct): range: ", "within [0, 100]"});
}

TEST(Loader, UnknownFactType) {
  ExpectLoadError(Broken("type: flag", "type: boolean"),
                  {"facts[0] (ok_flag): type: ", "got \"boolean\""});
}

TEST(Loader, DeclaredFactMustBeUsed) {
  ExpectLoadError(Broken("facts:\n",
                         "facts:\n  - {name: spare, type: flag, "
                         "label: 多余}\n"),
                  {"facts (spare): ", "declared but no indicator reads it"});
}

TEST(Loader, PointsHaveAtMostTwoDecimals) {
  ExpectLoadError(
      Broken("per_item: 1", "per_item: 0.125"),
      {"indicators[1] (t.b): rule.parts[0].per_item: ", "at most 2 decimals"});
}

TEST(Loader, MissingRequiredField) {
  ExpectLoadError(Broken("    criterion: 乙的标准\n", ""),
                  {"indicators[1] (t.b): criterion: ", "required"});
}

TEST(Loader, OddShapesAreErrorsNotCrashes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "must be a YAML map"},
      {"just a scalar", "must be a YAML map"},
      {"- a\n- b\n", "must be a YAML map"},
      {Broken("levels:\n  - {name: 资金管理, points: 40}\n"
              "  - {name: 产出效益, points: 60}\n",
              "levels: 5\n"),
       "levels: 应为列表 (must be a list)"},
      {Broken("  - {name: ok_flag, type: flag, label: 机制健全}",
              "  - [ok_flag, flag]"),
       "facts[0]"},
      {Broken("    points: 40\n", "    points: [40]\n"),
       "indicators[0] (t.a): points: "},
      {Broken("      parts:\n        - {kind: check, fact: ok_flag, points: "
              "10}\n        - {kind: full_steps, points: 30, target: 100, "
              "step: 5, per_step: 1, rate: {pct: rate_pct}}\n",
              "      parts: {a: 1}\n"),
       "indicators[0] (t.a): rule.parts: 应为列表 (must be a list)"},
      {Broken("rate: {pct: rate_pct}", "rate: rate_pct"),
       "rule.parts[1].rate: "},
      {Broken("year: 2023", "year: 二〇二三"), "year: "},
      {Broken("year: 2023", "year: 2023.5"), "year: "},
  };
  for (const auto& [text, fragment] : cases) {
    const absl::StatusOr<Rubric> rubric = LoadYaml(text);
    ASSERT_FALSE(rubric.ok()) << text;
    EXPECT_EQ(rubric.status().code(), absl::StatusCode::kInvalidArgument)
        << rubric.status();
    EXPECT_THAT(std::string(rubric.status().message()), HasSubstr(fragment))
        << text;
  }
}

TEST(Loader, MissingFileIsNotFound) {
  absl::StatusOr<Rubric> rubric =
      RubricSet::LoadFile(MakeTempDir() + "/absent.yaml");
  EXPECT_EQ(rubric.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(rubric.status().message()), HasSubstr("absent.yaml"));
}

TEST(Loader, FixedScoreForAYear) {
  // 均按N分计算: the year pins t.b at its full 60; `issues` is then unused
  // and goes too.
  absl::StatusOr<Rubric> rubric = LoadYaml(absl::StrReplaceAll(
      kBase,
      {{"      kind: sum\n      base: 60\n      parts:\n"
        "        - {kind: deduct_count, fact: issues, per_item: 1}\n",
        "      {kind: fixed, points: 60, reason: "
        "本年度不纳入评价范围，均按60分计算}\n"},
       {"  - {name: issues, type: count, label: 问题, unit: 项, range: [0, "
        "1000]}\n",
        ""}}));
  ASSERT_TRUE(rubric.ok()) << rubric.status();
  EXPECT_EQ(rubric->indicators[1].rule_kinds, "fixed");
  absl::StatusOr<Evaluation> ev = Evaluate(*rubric, {}, {});
  ASSERT_TRUE(ev.ok()) << ev.status();
  EXPECT_TRUE(ev->indicators[1].scorable);
  EXPECT_EQ(ev->indicators[1].score, 6000);
  EXPECT_EQ(ev->indicators[1].reason,
            "本年度不纳入评价范围，均按60分计算，得60分");
}

TEST(LoadDirectory, OneFolderPerYear) {
  const std::string dir = MakeTempDir();
  WriteFile(dir, "2023/t.yaml", kBase);
  WriteFile(dir, "2024/t.yaml",
            absl::StrReplaceAll(kBase, {{"year: 2023", "year: 2024"},
                                        {"\"2023.1\"", "\"2024.1\""}}));
  WriteFile(dir, "README.md", "not a rubric");
  WriteFile(dir, "drafts/t.yaml", "not: [a rubric");
  absl::StatusOr<std::unique_ptr<RubricSet>> set =
      RubricSet::LoadDirectory(dir);
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ((*set)->rubrics().size(), 2u);
  ASSERT_NE((*set)->Find("t", 2024), nullptr);
  EXPECT_EQ((*set)->Find("t", 2024)->version, "2024.1");
  EXPECT_EQ((*set)->Find("t", 2022), nullptr);
  EXPECT_EQ((*set)->Find("rental", 2023), nullptr);
}

TEST(LoadDirectory, YearMustMatchItsFolder) {
  const std::string dir = MakeTempDir();
  const std::string path = WriteFile(dir, "2024/t.yaml", kBase);
  absl::StatusOr<std::unique_ptr<RubricSet>> set =
      RubricSet::LoadDirectory(dir);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(set.status().message()),
              StartsWith(path + ": year: "));
  EXPECT_THAT(std::string(set.status().message()),
              HasSubstr("must match the folder 2024"));
}

TEST(LoadDirectory, ProgrammeMustMatchItsFile) {
  const std::string dir = MakeTempDir();
  const std::string path = WriteFile(dir, "2023/other.yaml", kBase);
  absl::StatusOr<std::unique_ptr<RubricSet>> set =
      RubricSet::LoadDirectory(dir);
  ASSERT_FALSE(set.ok());
  EXPECT_THAT(std::string(set.status().message()),
              StartsWith(path + ": programme: "));
}

TEST(LoadDirectory, ABrokenFileFailsTheWholeLoad) {
  const std::string dir = MakeTempDir();
  WriteFile(dir, "2023/t.yaml", kBase);
  const std::string path =
      WriteFile(dir, "2023/u.yaml",
                absl::StrReplaceAll(kBase, {{"programme: t", "programme: u"},
                                            {"id: t.", "id: u."},
                                            {"step: 5", "step: -1"}}));
  absl::StatusOr<std::unique_ptr<RubricSet>> set =
      RubricSet::LoadDirectory(dir);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(set.status().message()),
              StartsWith(path + ": indicators[0] (u.a): rule.parts[1].step: "));
}

TEST(LoadDirectory, EmptyOrAbsentDirectoryIsNotFound) {
  EXPECT_EQ(RubricSet::LoadDirectory(MakeTempDir()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(RubricSet::LoadDirectory(MakeTempDir() + "/absent").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace anju::scoring
