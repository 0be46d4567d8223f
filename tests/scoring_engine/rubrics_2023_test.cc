// The three 2023 rubric files load and carry the spec's vocabulary: IDs in
// table order, 一级指标 and points, fact names and types, notes on every
// assumed rule (rubrics-2023.md is the reference).

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"
#include "tests/scoring_engine/engine_test_util.h"

namespace anju::scoring {
namespace {

using ::anju::scoring::testing::Rubric2023;
using ::anju::scoring::testing::Self;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

struct Row {
  std::string id;
  std::string level1;
  Points points;
};

std::vector<Row> Rows(const Rubric& rubric) {
  std::vector<Row> rows;
  for (const Indicator& ind : rubric.indicators) {
    rows.push_back({ind.id, ind.level1, ind.max_points});
  }
  return rows;
}

void ExpectRows(const Rubric& rubric, const std::vector<Row>& expected) {
  const std::vector<Row> rows = Rows(rubric);
  ASSERT_EQ(rows.size(), expected.size()) << rubric.programme;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].id, expected[i].id);
    EXPECT_EQ(rows[i].level1, expected[i].level1) << rows[i].id;
    EXPECT_EQ(rows[i].points, expected[i].points) << rows[i].id;
  }
}

std::vector<std::pair<std::string, Points>> Levels(const Rubric& rubric) {
  std::vector<std::pair<std::string, Points>> levels;
  for (const Level1& level : rubric.levels) {
    levels.emplace_back(level.name, level.max_points);
  }
  return levels;
}

TEST(Rubrics2023, AllThreeLoadFromTheSourceTree) {
  absl::StatusOr<std::unique_ptr<RubricSet>> set =
      RubricSet::LoadDirectory(ANJU_SOURCE_DIR "/rubrics");
  ASSERT_TRUE(set.ok()) << set.status();
  for (const char* programme : {"rental", "shanty", "oldcomm"}) {
    const Rubric* rubric = (*set)->Find(programme, 2023);
    ASSERT_NE(rubric, nullptr) << programme;
    EXPECT_EQ(rubric->version, "2023.1");
    EXPECT_EQ(rubric->total_points, 10000);
    EXPECT_THAT(rubric->title, Not(IsEmpty()));
    EXPECT_THAT(rubric->source, HasSubstr("赤财建〔2024〕53号"));
  }
}

TEST(Rubrics2023, RentalTable) {
  const Rubric& r = Rubric2023("rental");
  EXPECT_EQ(r.title, "租赁住房保障绩效评价指标表");
  EXPECT_EQ(Levels(r),
            (std::vector<std::pair<std::string, Points>>{
                {"资金管理", 2500}, {"项目管理", 1500}, {"产出效益", 6000}}));
  ExpectRows(r, {{"rental.fund_raising", "资金管理", 500},
                 {"rental.fund_allocation", "资金管理", 500},
                 {"rental.budget_execution", "资金管理", 1000},
                 {"rental.fund_use", "资金管理", 500},
                 {"rental.project_reserve", "项目管理", 1000},
                 {"rental.report_submission", "项目管理", 500},
                 {"rental.affordable_rental_completion", "产出效益", 1000},
                 {"rental.public_rental_completion", "产出效益", 800},
                 {"rental.subsidy_completion", "产出效益", 500},
                 {"rental.low_income_coverage", "产出效益", 500},
                 {"rental.development_target", "产出效益", 700},
                 {"rental.policy_implementation", "产出效益", 700},
                 {"rental.operation_management", "产出效益", 800},
                 {"rental.construction_quality", "产出效益", 500},
                 {"rental.satisfaction", "产出效益", 500}});
  EXPECT_EQ(r.bonus_points, 0);
}

TEST(Rubrics2023, ShantyTable) {
  const Rubric& r = Rubric2023("shanty");
  EXPECT_EQ(Levels(r),
            (std::vector<std::pair<std::string, Points>>{
                {"资金管理", 2500}, {"项目管理", 1500}, {"产出效益", 6000}}));
  ExpectRows(r, {{"shanty.fund_raising", "资金管理", 500},
                 {"shanty.fund_allocation", "资金管理", 500},
                 {"shanty.budget_execution", "资金管理", 1000},
                 {"shanty.fund_use", "资金管理", 500},
                 {"shanty.project_reserve", "项目管理", 1000},
                 {"shanty.report_submission", "项目管理", 500},
                 {"shanty.plan_completion", "产出效益", 3000},
                 {"shanty.allocation_rate", "产出效益", 2000},
                 {"shanty.construction_quality", "产出效益", 500},
                 {"shanty.satisfaction", "产出效益", 500}});
}

TEST(Rubrics2023, OldcommTable) {
  const Rubric& r = Rubric2023("oldcomm");
  EXPECT_EQ(Levels(r),
            (std::vector<std::pair<std::string, Points>>{
                {"资金管理", 3000}, {"项目管理", 1000}, {"产出效益", 6000}}));
  ExpectRows(r, {{"oldcomm.fund_raising", "资金管理", 1000},
                 {"oldcomm.fund_allocation", "资金管理", 500},
                 {"oldcomm.budget_execution", "资金管理", 1000},
                 {"oldcomm.fund_use", "资金管理", 500},
                 {"oldcomm.project_reserve", "项目管理", 300},
                 {"oldcomm.coordination", "项目管理", 200},
                 {"oldcomm.report_submission", "项目管理", 500},
                 {"oldcomm.plan_completion", "产出效益", 3000},
                 {"oldcomm.resident_participation", "产出效益", 500},
                 {"oldcomm.renovation_content", "产出效益", 1000},
                 {"oldcomm.quality_safety", "产出效益", 400},
                 {"oldcomm.long_term_management", "产出效益", 400},
                 {"oldcomm.supporting_policies", "产出效益", 200},
                 {"oldcomm.satisfaction", "产出效益", 500},
                 {"oldcomm.bonus.bond_financing", "加分项", 100},
                 {"oldcomm.bonus.early_start", "加分项", 300}});
  EXPECT_EQ(r.bonus_points, 400);
  EXPECT_TRUE(r.FindIndicator("oldcomm.bonus.early_start")->bonus);
  EXPECT_TRUE(r.FindIndicator("oldcomm.bonus.early_start")->requires_evidence);
  EXPECT_FALSE(r.FindIndicator("oldcomm.plan_completion")->bonus);
}

TEST(Rubrics2023, FactsCarryTheSpecNamesAndTypes) {
  using Type = FactSpec::Type;
  const std::map<std::string, std::map<std::string, Type>> expected = {
      {"rental",
       {{"budget_execution_rate_pct", Type::kPercent},
        {"violations", Type::kCount},
        {"severe_violation", Type::kFlag},
        {"subsidy_planned_households", Type::kCount},
        {"affordable_rental_share_pct", Type::kPercent},
        {"no_affordable_rental_task", Type::kFlag},
        {"unimplemented_support_projects", Type::kCount},
        {"casualty_accident", Type::kFlag},
        {"unhandled_petitions", Type::kCount}}},
      {"shanty",
       {{"shanty_planned_units", Type::kCount},
        {"project_list_provided", Type::kFlag},
        {"deliverable_units", Type::kCount},
        {"allocated_units", Type::kCount},
        {"allocation_rate_pct", Type::kPercent}}},
      {"oldcomm",
       {{"central_subsidy_share_pct", Type::kPercent},
        {"planned_area_10k_m2", Type::kNumber},
        {"started_buildings", Type::kCount},
        {"falsified", Type::kFlag},
        {"bond_financing", Type::kFlag},
        {"all_started_by_may_end", Type::kFlag}}}};
  for (const auto& [programme, facts] : expected) {
    const Rubric& rubric = Rubric2023(programme);
    for (const auto& [name, type] : facts) {
      const FactSpec* spec = rubric.FindFact(name);
      ASSERT_NE(spec, nullptr) << programme << " " << name;
      EXPECT_EQ(spec->type, type) << programme << " " << name;
      EXPECT_THAT(spec->label, Not(IsEmpty())) << name;
    }
  }
  EXPECT_EQ(Rubric2023("oldcomm").FindFact("planned_area_10k_m2")->unit,
            "万m²");
  EXPECT_EQ(Rubric2023("shanty").FindFact("shanty_planned_units")->unit, "套");
}

TEST(Rubrics2023, EveryIndicatorHasACriterionAndFacts) {
  for (const char* programme : {"rental", "shanty", "oldcomm"}) {
    for (const Indicator& ind : Rubric2023(programme).indicators) {
      EXPECT_THAT(ind.criterion, Not(IsEmpty())) << ind.id;
      EXPECT_THAT(ind.name, Not(IsEmpty())) << ind.id;
      EXPECT_THAT(ind.rule_kinds, Not(IsEmpty())) << ind.id;
      EXPECT_NE(ind.rule, nullptr) << ind.id;
      if (!ind.judged) {
        EXPECT_THAT(ind.facts, Not(IsEmpty())) << ind.id;
      }
    }
  }
}

TEST(Rubrics2023, AssumedRulesCarryANote) {
  // Marked **assumed** in rubrics-2023.md, or where it is silent.
  for (const char* id :
       {"rental.fund_raising", "rental.affordable_rental_completion",
        "rental.public_rental_completion", "rental.subsidy_completion",
        "rental.low_income_coverage", "shanty.fund_raising",
        "shanty.allocation_rate", "oldcomm.plan_completion",
        "oldcomm.long_term_management", "oldcomm.supporting_policies",
        "oldcomm.satisfaction"}) {
    const std::string programme(id, std::string(id).find('.'));
    const Indicator* ind = Rubric2023(programme).FindIndicator(id);
    ASSERT_NE(ind, nullptr) << id;
    EXPECT_THAT(ind->note, HasSubstr("assumed")) << id;
  }
}

TEST(Rubrics2023, JudgedIndicators) {
  std::vector<std::string> judged;
  for (const char* programme : {"rental", "shanty", "oldcomm"}) {
    for (const Indicator& ind : Rubric2023(programme).indicators) {
      if (ind.judged) judged.push_back(ind.id);
    }
  }
  EXPECT_EQ(judged, (std::vector<std::string>{"rental.fund_raising",
                                              "shanty.fund_raising",
                                              "oldcomm.supporting_policies"}));
}

// Fact sets that reach every way an indicator can fail to be scored: all
// flags one way and all numbers at one value, then each fact dropped in
// turn and each number set to 0 in turn (a plan of 0 among plans).
std::vector<Facts> Probes(const Rubric& rubric) {
  std::vector<Facts> out = {Facts{}};
  for (const bool flag : {true, false}) {
    for (const double number : {0.0, 1.0, 50.0, 100.0}) {
      Facts base;
      for (const auto& [name, spec] : rubric.facts) {
        base[name] = spec.type == FactSpec::Type::kFlag
                         ? FactValue(flag)
                         : FactValue(std::min(number, spec.max));
      }
      out.push_back(base);
      for (const auto& [name, spec] : rubric.facts) {
        Facts dropped = base;
        dropped.erase(name);
        out.push_back(std::move(dropped));
        if (spec.type != FactSpec::Type::kFlag && number != 0) {
          Facts zero = base;
          zero[name] = FactValue(0.0);
          out.push_back(std::move(zero));
        }
      }
    }
  }
  return out;
}

TEST(Rubrics2023, NotScorableAlwaysNamesWhatIsMissing) {
  // Every zero denominator of the 2023 rubrics is covered (an exemption or
  // a rate's zero_planned), so a not-scorable indicator always has facts to
  // ask for: an empty missing_facts list must never happen.
  int failures = 0;
  int not_scorable = 0;
  for (const char* programme : {"rental", "shanty", "oldcomm"}) {
    const Rubric& rubric = Rubric2023(programme);
    SelfScores judged;
    for (const Indicator& ind : rubric.indicators) {
      if (ind.judged || ind.bonus) judged[ind.id] = Self(0);
    }
    for (const Facts& facts : Probes(rubric)) {
      for (const SelfScores& self : {SelfScores{}, judged}) {
        const absl::StatusOr<Evaluation> ev = Evaluate(rubric, facts, self);
        ASSERT_TRUE(ev.ok()) << ev.status();
        for (const IndicatorResult& r : ev->indicators) {
          if (r.scorable) continue;
          ++not_scorable;
          if (!r.missing_facts.empty() &&
              r.reason.rfind("无法评分，缺少：", 0) == 0) {
            continue;
          }
          if (++failures <= 10) {
            ADD_FAILURE() << r.indicator->id << " not scorable without "
                          << "naming a missing fact: " << r.reason;
          }
        }
      }
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_GT(not_scorable, 1000);  // the probes do reach unscorable cases
}

}  // namespace
}  // namespace anju::scoring
