// Drafting the annual plan: uncapped, under a budget cap, under county
// targets; eligibility; the seed's 2024 reserve; constraint validation.
#include "services/registry/priority/plan_draft.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/priority/ranking.h"
#include "tests/registry_priority/fixtures.h"

namespace anju::registry {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ModelInForce;
using testing::Project;

std::vector<std::string> EntryIds(const PlanDraft& d) {
  std::vector<std::string> ids;
  for (const auto& e : d.entries) ids.push_back(e.project_id());
  return ids;
}

// Ranked as given (rank = place), scores descending.
std::vector<v1::RankedProject> InOrder(
    const std::vector<v1::ReserveProject>& projects) {
  std::vector<v1::RankedProject> ranked;
  for (size_t i = 0; i < projects.size(); ++i) {
    v1::RankedProject r;
    r.set_rank(static_cast<int>(i) + 1);
    *r.mutable_project() = projects[i];
    r.mutable_project()->mutable_priority()->set_score(90 - 10.0 * i);
    ranked.push_back(r);
  }
  return ranked;
}

std::vector<v1::ReserveProject> OfProgramme(const std::string& programme) {
  std::vector<v1::ReserveProject> out;
  for (const auto& p : testing::SeedReserve2024()) {
    if (p.programme() == programme) out.push_back(p);
  }
  return out;
}

TEST(DraftPlan, SeedReserve2024UncappedGivesTheSeedTotals) {
  const auto shanty = DraftPlan(
      RankProjects(ModelInForce(), OfProgramme("shanty"), 2024), {}, 2024);
  EXPECT_EQ(shanty.totals.projects(), 5);
  EXPECT_EQ(shanty.totals.units(), 391);
  EXPECT_TRUE(shanty.notes.empty());
  const auto rental = DraftPlan(
      RankProjects(ModelInForce(), OfProgramme("affordable_rental"), 2024), {},
      2024);
  EXPECT_EQ(rental.totals.projects(), 6);
  EXPECT_EQ(rental.totals.units(), 886);
  EXPECT_DOUBLE_EQ(rental.totals.investment_10k_yuan(), 17720);
  EXPECT_TRUE(rental.notes.empty());
  // Entries in rank order, with the rank and score of the ranking.
  for (size_t i = 1; i < rental.entries.size(); ++i) {
    EXPECT_LE(rental.entries[i - 1].rank(), rental.entries[i].rank());
    EXPECT_GE(rental.entries[i - 1].score(), rental.entries[i].score());
  }
}

// 500 fits (300 left), 400 does not (noted), 300 fits (0 left), 200 does
// not (noted): the walk goes on past a project the cap leaves out.
TEST(DraftPlan, BudgetCapSkipsWhatDoesNotFitAndGoesOn) {
  v1::PlanConstraints c;
  c.set_budget_cap_10k_yuan(800);
  const auto draft =
      DraftPlan(InOrder({Project("P1", "150402", "shanty", 10, 10, 500),
                         Project("P2", "150402", "shanty", 10, 10, 400),
                         Project("P3", "150404", "shanty", 10, 10, 300),
                         Project("P4", "150404", "shanty", 10, 10, 200)}),
                c, 2024);
  EXPECT_THAT(EntryIds(draft), ElementsAre("P1", "P3"));
  EXPECT_DOUBLE_EQ(draft.totals.investment_10k_yuan(), 800);
  EXPECT_EQ(draft.totals.units(), 20);
  ASSERT_EQ(draft.notes.size(), 2u);
  EXPECT_THAT(draft.notes[0], AllOf(HasSubstr("P2"), HasSubstr("第2名"),
                                    HasSubstr("估算总投资400.00万元"),
                                    HasSubstr("超出剩余预算300.00万元")));
  EXPECT_THAT(draft.notes[1], HasSubstr("P4"));
}

TEST(DraftPlan, ManyCapNotesAreSummedUp) {
  std::vector<v1::ReserveProject> projects;
  for (int i = 0; i < 80; ++i) {
    projects.push_back(
        Project("P" + std::to_string(i), "150402", "shanty", 1, 1, 100));
  }
  v1::PlanConstraints c;
  c.set_budget_cap_10k_yuan(1000);
  const auto draft = DraftPlan(InOrder(projects), c, 2024);
  EXPECT_EQ(draft.entries.size(), 10u);
  ASSERT_EQ(draft.notes.size(), 51u);
  EXPECT_EQ(draft.notes.back(), "另有20个项目因预算上限未纳入");
}

// 150402's task of 150 套 is met by its first two projects (100 + 80), so
// its third is skipped; 150404's task of 500 套 is not met (100, 差400);
// 150421 has no task.
TEST(DraftPlan, CountyTargetsAreTasks) {
  v1::PlanConstraints c;
  (*c.mutable_county_targets())["150402"].set_units(150);
  (*c.mutable_county_targets())["150404"].set_units(500);
  const auto draft =
      DraftPlan(InOrder({Project("A1", "150402", "shanty", 100, 100, 10),
                         Project("B1", "150404", "shanty", 100, 100, 10),
                         Project("A2", "150402", "shanty", 80, 80, 10),
                         Project("C1", "150421", "shanty", 70, 70, 10),
                         Project("A3", "150402", "shanty", 50, 50, 10)}),
                c, 2024);
  EXPECT_THAT(EntryIds(draft), ElementsAre("A1", "B1", "A2"));
  EXPECT_EQ(draft.totals.units(), 280);
  EXPECT_THAT(draft.notes,
              ElementsAre(AllOf(HasSubstr("150404"), HasSubstr("任务未完成"),
                                HasSubstr("计划100套，任务500套，差400套")),
                          AllOf(HasSubstr("150421"), HasSubstr("未下达任务"))));
}

TEST(DraftPlan, NotesNameCountiesWhenANamerKnowsThem) {
  v1::PlanConstraints c;
  (*c.mutable_county_targets())["150404"].set_units(500);
  const auto draft = DraftPlan(
      InOrder({Project("B1", "150404", "shanty", 100, 100, 10),
               Project("C1", "150421", "shanty", 70, 70, 10)}),
      c, 2024,
      [](const std::string& code) { return code == "150404" ? "松山区" : ""; });
  EXPECT_THAT(draft.notes,
              ElementsAre(HasSubstr("松山区 (150404) 任务未完成"),
                          HasSubstr("旗县 150421 未下达任务，其1个")));
}

TEST(DraftPlan, HouseholdTargetsAndCapTogether) {
  v1::PlanConstraints c;
  c.set_budget_cap_10k_yuan(100);
  (*c.mutable_county_targets())["150402"].set_households(120);
  const auto draft =
      DraftPlan(InOrder({Project("A1", "150402", "oldcomm", 0, 100, 90),
                         Project("A2", "150402", "oldcomm", 0, 50, 20),
                         Project("A3", "150402", "oldcomm", 0, 30, 5)}),
                c, 2024);
  EXPECT_THAT(EntryIds(draft), ElementsAre("A1", "A3"));
  EXPECT_EQ(draft.totals.households(), 130);
  ASSERT_EQ(draft.notes.size(), 1u);
  EXPECT_THAT(draft.notes[0], HasSubstr("A2"));
}

TEST(DraftPlan, OnlyReserveOrPlannedForTheYearAreEligible) {
  auto started = Project("S", "150402", "shanty", 10, 10, 1);
  started.set_status(v1::PROJECT_STATUS_STARTED);
  auto planned_2024 = Project("P24", "150402", "shanty", 10, 10, 1);
  planned_2024.set_status(v1::PROJECT_STATUS_PLANNED);
  planned_2024.set_plan_year(2024);
  auto planned_2023 = planned_2024;
  planned_2023.set_id("P23");
  planned_2023.set_plan_year(2023);
  const auto ranked = InOrder({started, planned_2024, planned_2023,
                               Project("R", "150402", "shanty", 10, 10, 1)});
  EXPECT_THAT(EntryIds(DraftPlan(ranked, {}, 2024)), ElementsAre("P24", "R"));
  EXPECT_THAT(EntryIds(DraftPlan(ranked, {})), ElementsAre("P24", "P23", "R"));
}

TEST(SumPlan, SumsAndIgnoresNonsense) {
  auto a = Project("A", "150402", "oldcomm", 3, 100, 0.1);
  a.set_buildings(4);
  a.set_communities(1);
  a.set_floor_area_10k_m2(0.35);
  auto b = Project("B", "150402", "oldcomm", 2'147'483'647, 50, 0.2);
  b.set_floor_area_10k_m2(std::numeric_limits<double>::quiet_NaN());
  b.set_buildings(-7);
  b.set_communities(2);
  const v1::PlanTotals t = SumPlan({a, b});
  EXPECT_EQ(t.projects(), 2);
  EXPECT_EQ(t.units(), 2'147'483'647);  // saturated, not wrapped
  EXPECT_EQ(t.households(), 150);
  EXPECT_EQ(t.buildings(), 4);
  EXPECT_EQ(t.communities(), 3);
  EXPECT_DOUBLE_EQ(t.floor_area_10k_m2(), 0.35);
  EXPECT_DOUBLE_EQ(t.investment_10k_yuan(), 0.3);
}

TEST(ValidatePlanConstraints, NamesTheFieldAndTheRule) {
  v1::PlanConstraints ok;
  ok.set_budget_cap_10k_yuan(5000);
  (*ok.mutable_county_targets())["150402"].set_units(100);
  EXPECT_TRUE(ValidatePlanConstraints(ok).ok());

  auto bad = ok;
  bad.set_budget_cap_10k_yuan(-1);
  EXPECT_THAT(ValidatePlanConstraints(bad).message(),
              HasSubstr("constraints.budget_cap_10k_yuan: 须在 0–1e9"));
  bad.set_budget_cap_10k_yuan(std::nan(""));
  EXPECT_EQ(ValidatePlanConstraints(bad).code(),
            absl::StatusCode::kInvalidArgument);

  bad = ok;
  (*bad.mutable_county_targets())["15x402"].set_units(1);
  EXPECT_THAT(ValidatePlanConstraints(bad).message(), HasSubstr("6位"));
  bad = ok;
  (*bad.mutable_county_targets())["150404"].set_households(-3);
  EXPECT_THAT(ValidatePlanConstraints(bad).message(),
              HasSubstr("constraints.county_targets[150404].households"));
  bad = ok;
  (*bad.mutable_county_targets())["150404"];
  EXPECT_THAT(ValidatePlanConstraints(bad).message(), HasSubstr("不能同时为0"));
}

}  // namespace
}  // namespace anju::registry
