// The facts the reserve vouches for, per rubric programme, with and without
// a frozen plan of the year.
#include "services/registry/priority/reserve_facts.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/registry_priority/fixtures.h"

namespace anju::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Project;
using ::testing::UnorderedElementsAre;

v1::AnnualPlan Frozen(const std::string& org, const std::string& programme,
                      int year, const std::vector<v1::ReserveProject>& in) {
  v1::AnnualPlan plan;
  plan.set_org(org);
  plan.set_programme(programme);
  plan.set_year(year);
  plan.set_state(v1::PLAN_STATE_FROZEN);
  for (const auto& p : in) {
    v1::PlanEntry* e = plan.add_entries();
    e->set_project_id(p.id());
    e->set_units(p.units());
  }
  return plan;
}

v1::ReserveProject Started(v1::ReserveProject p, const std::string& date) {
  p.set_status(v1::PROJECT_STATUS_STARTED);
  p.set_start_date(date);
  return p;
}

std::vector<std::string> Names(const v1::ReserveFacts& f) {
  std::vector<std::string> names;
  for (const auto& [name, fact] : f.facts()) names.push_back(name);
  std::sort(names.begin(), names.end());  // a proto map has no order
  return names;
}

bool Flag(const v1::ReserveFacts& f, const std::string& name) {
  EXPECT_TRUE(f.facts().count(name)) << name;
  return f.facts().at(name).flag();
}

double Number(const v1::ReserveFacts& f, const std::string& name) {
  EXPECT_TRUE(f.facts().count(name)) << name;
  return f.facts().at(name).number();
}

TEST(RegistryProgrammes, OfEachRubricProgramme) {
  EXPECT_THAT(RegistryProgrammes("rental"),
              ElementsAre("affordable_rental", "public_rental"));
  EXPECT_THAT(RegistryProgrammes("shanty"), ElementsAre("shanty"));
  EXPECT_THAT(RegistryProgrammes("oldcomm"), ElementsAre("oldcomm"));
  EXPECT_THAT(RegistryProgrammes("villas"), IsEmpty());
}

// A county's shanty reserve, 2023: three of the planned projects started in
// 2023, one in 2024 (not counted), one not yet.
TEST(ReserveFacts, ShantyWithAFrozenPlan) {
  ReserveSnapshot s;
  s.projects = {
      Started(Project("S1", "150402", "shanty", 120, 120, 1), "2023-04-01"),
      Started(Project("S2", "150402", "shanty", 96, 96, 1), "2023-05-20"),
      Started(Project("S3", "150402", "shanty", 80, 80, 1), "2023-09-01"),
      Started(Project("S4", "150402", "shanty", 60, 60, 1), "2024-03-01"),
      Project("S5", "150402", "shanty", 35, 35, 1),
      Project("R1", "150402", "affordable_rental", 300, 300, 1)};
  s.archive_complete = {"S1", "S2", "S3", "S4", "S5"};
  s.plans = {Frozen("150402", "shanty", 2023,
                    {s.projects.begin(), s.projects.begin() + 5})};
  const v1::ReserveFacts f = ComputeReserveFacts("150402", "shanty", 2023, s);
  EXPECT_EQ(f.org(), "150402");
  EXPECT_EQ(f.programme(), "shanty");
  EXPECT_THAT(
      Names(f),
      ElementsAre("reserve_archived_ranked_planned", "reserve_established",
                  "shanty_planned_units", "shanty_started_units"));
  EXPECT_TRUE(Flag(f, "reserve_established"));
  EXPECT_TRUE(Flag(f, "reserve_archived_ranked_planned"));
  EXPECT_EQ(Number(f, "shanty_planned_units"), 391);
  EXPECT_EQ(Number(f, "shanty_started_units"), 296);
  EXPECT_EQ(f.explanations().at("shanty_planned_units"),
            "纳入2023年棚户区改造计划的5个项目共391套，其中2023年已开工3个项目"
            "共296套");
  EXPECT_THAT(f.explanations().at("reserve_established"),
              HasSubstr("入库项目5个"));

  // One archive incomplete: the reserve is not fully archived.
  s.archive_complete.erase("S3");
  const v1::ReserveFacts g = ComputeReserveFacts("150402", "shanty", 2023, s);
  EXPECT_FALSE(Flag(g, "reserve_archived_ranked_planned"));
  EXPECT_THAT(g.explanations().at("reserve_archived_ranked_planned"),
              HasSubstr("档案完整4个"));
}

// Rental: an affordable-rental plan of the year but no public-rental one:
// only the affordable counts are vouched for.
TEST(ReserveFacts, RentalCountsPerRegistryProgramme) {
  ReserveSnapshot s;
  s.projects = {
      Started(Project("AR1", "150402", "affordable_rental", 300, 300, 1),
              "2023-06-01"),
      Project("AR2", "150402", "affordable_rental", 200, 200, 1),
      Project("PR1", "150402", "public_rental", 50, 50, 1)};
  s.archive_complete = {"AR1", "AR2", "PR1"};
  s.plans = {Frozen("150402", "affordable_rental", 2023,
                    {s.projects[0], s.projects[1]})};
  const v1::ReserveFacts f = ComputeReserveFacts("150402", "rental", 2023, s);
  EXPECT_THAT(Names(f), ElementsAre("affordable_rental_planned_units",
                                    "affordable_rental_started_units",
                                    "reserve_archived_ranked_planned",
                                    "reserve_established"));
  EXPECT_EQ(Number(f, "affordable_rental_planned_units"), 500);
  EXPECT_EQ(Number(f, "affordable_rental_started_units"), 300);
  EXPECT_TRUE(Flag(f, "reserve_archived_ranked_planned"));
  EXPECT_THAT(f.explanations().at("reserve_established"),
              HasSubstr("公租房未下达2023年计划"));

  // A public-rental plan too: completed (竣工) units count, whatever year.
  v1::ReserveProject done = s.projects[2];
  done.set_status(v1::PROJECT_STATUS_COMPLETED);
  s.projects[2] = done;
  s.plans.push_back(Frozen("150402", "public_rental", 2023, {done}));
  const v1::ReserveFacts g = ComputeReserveFacts("150402", "rental", 2023, s);
  EXPECT_EQ(Number(g, "public_rental_planned_units"), 50);
  EXPECT_EQ(Number(g, "public_rental_completed_units"), 50);
  EXPECT_THAT(g.explanations().at("public_rental_completed_units"),
              HasSubstr("已竣工1个项目共50套"));
}

// No frozen plan of the year (only next year's, and a draft): the flags
// stand, the counts are omitted and the explanation says why.
TEST(ReserveFacts, CountsOmittedWithoutAFrozenPlanOfTheYear) {
  ReserveSnapshot s;
  s.projects = {Project("S1", "150402", "shanty", 120, 120, 1)};
  s.archive_complete = {"S1"};
  s.plans = {Frozen("150402", "shanty", 2024, s.projects)};
  v1::AnnualPlan draft = Frozen("150402", "shanty", 2023, s.projects);
  draft.set_state(v1::PLAN_STATE_DRAFT);
  s.plans.push_back(draft);
  const v1::ReserveFacts f = ComputeReserveFacts("150402", "shanty", 2023, s);
  EXPECT_THAT(Names(f), ElementsAre("reserve_archived_ranked_planned",
                                    "reserve_established"));
  EXPECT_TRUE(Flag(f, "reserve_archived_ranked_planned"));
  EXPECT_THAT(f.explanations().at("reserve_established"),
              HasSubstr("棚户区改造未下达2023年计划，不提供计划与完成数"));

  // A plan two years ahead does not count as planned.
  s.plans = {Frozen("150402", "shanty", 2025, s.projects)};
  EXPECT_FALSE(Flag(ComputeReserveFacts("150402", "shanty", 2023, s),
                    "reserve_archived_ranked_planned"));
}

// A city: each county with projects needs its plan (or the city one).
TEST(ReserveFacts, CityNeedsAPlanForEachCountyWithProjects) {
  ReserveSnapshot s;
  s.projects = {Project("A", "150402", "shanty", 10, 10, 1),
                Project("B", "150404", "shanty", 10, 10, 1)};
  s.archive_complete = {"A", "B"};
  s.plans = {Frozen("150402", "shanty", 2023, {s.projects[0]})};
  const v1::ReserveFacts f = ComputeReserveFacts("150400", "shanty", 2023, s);
  EXPECT_FALSE(Flag(f, "reserve_archived_ranked_planned"));
  EXPECT_THAT(f.explanations().at("reserve_archived_ranked_planned"),
              HasSubstr("未下达2023或2024年计划: 旗县 150404"));
  s.org_name = [](const std::string& code) {
    return code == "150404" ? "松山区" : "";
  };
  EXPECT_THAT(ComputeReserveFacts("150400", "shanty", 2023, s)
                  .explanations()
                  .at("reserve_archived_ranked_planned"),
              HasSubstr("2024年计划: 松山区 (150404)"));
  // Counts come from the plans that exist.
  EXPECT_EQ(Number(f, "shanty_planned_units"), 10);

  s.plans.push_back(Frozen("150400", "shanty", 2023, s.projects));
  const v1::ReserveFacts g = ComputeReserveFacts("150400", "shanty", 2023, s);
  EXPECT_TRUE(Flag(g, "reserve_archived_ranked_planned"));
  EXPECT_EQ(Number(g, "shanty_planned_units"), 20);  // each project once
}

TEST(ReserveFacts, OldcommFlagsAndMeasures) {
  ReserveSnapshot s;
  s.model = &testing::ModelInForce();
  s.projects = {Started(testing::OldcommProject("O1", "150402", 400, 1990, 90),
                        "2023-05-01"),
                testing::OldcommProject("O2", "150402", 200, 1985, 80)};
  s.archive_complete = {"O1", "O2"};
  s.plans = {Frozen("150402", "oldcomm", 2023, s.projects)};
  const v1::ReserveFacts f = ComputeReserveFacts("150402", "oldcomm", 2023, s);
  EXPECT_THAT(Names(f),
              UnorderedElementsAre("reserve_established", "archives_complete",
                                   "projects_scored_and_ranked",
                                   "planned_communities", "started_communities",
                                   "planned_households", "started_households",
                                   "planned_area_10k_m2", "started_area_10k_m2",
                                   "planned_buildings", "started_buildings"));
  EXPECT_TRUE(Flag(f, "archives_complete"));
  EXPECT_TRUE(Flag(f, "projects_scored_and_ranked"));
  EXPECT_EQ(Number(f, "planned_communities"), 2);
  EXPECT_EQ(Number(f, "started_communities"), 1);
  EXPECT_EQ(Number(f, "planned_households"), 600);
  EXPECT_EQ(Number(f, "started_households"), 400);
  EXPECT_DOUBLE_EQ(Number(f, "planned_area_10k_m2"), 4.8);
  EXPECT_DOUBLE_EQ(Number(f, "started_area_10k_m2"), 3.2);
  EXPECT_EQ(Number(f, "planned_buildings"), 11 + 6);
  EXPECT_EQ(Number(f, "started_buildings"), 11);
  EXPECT_EQ(f.explanations().at("planned_households"),
            "纳入2023年计划的2个项目共600户，其中2023年已开工1个项目共400户");

  // A project the model cannot score (no building year), an archive
  // missing: both flags fall.
  s.projects[1].set_building_year(0);
  s.archive_complete.erase("O2");
  const v1::ReserveFacts g = ComputeReserveFacts("150402", "oldcomm", 2023, s);
  EXPECT_FALSE(Flag(g, "archives_complete"));
  EXPECT_FALSE(Flag(g, "projects_scored_and_ranked"));
  EXPECT_THAT(g.explanations().at("projects_scored_and_ranked"),
              HasSubstr("可量化计分1个"));
}

TEST(ReserveFacts, WithoutAModelAScoredProjectCarriesAPriority) {
  ReserveSnapshot s;
  s.projects = {testing::OldcommProject("O1", "150402", 400, 1990, 90)};
  s.archive_complete = {"O1"};
  s.plans = {Frozen("150402", "oldcomm", 2024, s.projects)};
  EXPECT_FALSE(Flag(ComputeReserveFacts("150402", "oldcomm", 2023, s),
                    "projects_scored_and_ranked"));
  s.projects[0].mutable_priority()->set_model_version("2024.1");
  EXPECT_TRUE(Flag(ComputeReserveFacts("150402", "oldcomm", 2023, s),
                   "projects_scored_and_ranked"));
}

TEST(ReserveFacts, EmptyReserve) {
  const v1::ReserveFacts f = ComputeReserveFacts("150402", "oldcomm", 2023, {});
  EXPECT_FALSE(Flag(f, "reserve_established"));
  EXPECT_FALSE(Flag(f, "archives_complete"));
  EXPECT_FALSE(Flag(f, "projects_scored_and_ranked"));
  EXPECT_EQ(f.facts().count("planned_households"), 0u);
  EXPECT_EQ(f.explanations().at("reserve_established").substr(0, 30),
            std::string("储备库中没有该类项目").substr(0, 30));
  EXPECT_TRUE(
      ComputeReserveFacts("150402", "villas", 2023, {}).facts().empty());
}

}  // namespace
}  // namespace anju::registry
