// Priority, ranking, the annual plan and the reserve facts over a real
// socket, with the shipped priority model (config/registry/priority):
// a ranking with breakdowns and pages, a plan drafted under a budget cap,
// adjusted and frozen (its projects become 计划), and the facts.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/registry/registry_harness.h"
#include "tests/registry/sample_projects.h"

namespace anju::registry {
namespace {

using testing::Context;
using ::testing::HasSubstr;
using testing::SampleProject;

class PlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegistryDeps deps;
    deps.clock = [] { return absl::FromUnixSeconds(1717200000); };  // 2024-06
    auto harness = testing::RegistryHarness::Start(
        ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        std::move(deps));
    ASSERT_TRUE(harness.ok()) << harness.status();
    h_ = *std::move(harness);
    // Five 棚改 projects of 红山区, 3000 万元 each; readiness decides.
    for (int i = 0; i < 5; ++i) {
      v1::ReserveProject p =
          SampleProject("150402", "shanty", absl::StrCat("红山棚改", i));
      p.set_investment_10k_yuan(3000);
      p.mutable_funding()->Clear();
      p.mutable_funding()->set_central(1000);
      v1::Readiness* r = p.mutable_readiness();
      r->set_approved(i >= 1);
      r->set_land(i >= 2);
      r->set_planning_permit(i >= 3);
      r->set_construction_permit(i >= 4);
      v1::CreateProjectRequest request;
      *request.mutable_project() = p;
      v1::ReserveProject created;
      ASSERT_TRUE(
          h_->stub().CreateProject(Context().get(), request, &created).ok());
      ids_.push_back(created.id());
    }
  }

  std::unique_ptr<testing::RegistryHarness> h_;
  std::vector<std::string> ids_;
};

TEST_F(PlanTest, PriorityModelAndRanking) {
  v1::GetPriorityModelRequest model_request;
  v1::PriorityModel model;
  ASSERT_TRUE(
      h_->stub().GetPriorityModel(Context().get(), model_request, &model).ok());
  EXPECT_FALSE(model.version().empty());
  EXPECT_GT(model.factors_size(), 0);
  model_request.set_version("1999.9");
  EXPECT_EQ(h_->stub()
                .GetPriorityModel(Context().get(), model_request, &model)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::RankProjectsRequest request;
  request.set_org("150400");
  request.set_programme("shanty");
  request.set_year(2024);
  request.set_page_size(2);
  std::vector<std::string> order;
  int last_rank = 0;
  while (true) {
    v1::RankProjectsResponse page;
    grpc::Status s = h_->stub().RankProjects(Context().get(), request, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(page.total_size(), 5);
    EXPECT_EQ(page.model_version(), model.version().empty()
                                        ? page.model_version()
                                        : page.model_version());
    for (const v1::RankedProject& r : page.projects()) {
      EXPECT_GE(r.rank(), last_rank);
      last_rank = r.rank();
      EXPECT_GT(r.project().priority().components_size(), 0);
      order.push_back(r.project().id());
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  // The readiest first.
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order.front(), ids_[4]);
  EXPECT_EQ(order.back(), ids_[0]);

  request.clear_page_token();
  request.set_programme("");
  v1::RankProjectsResponse page;
  EXPECT_EQ(
      h_->stub().RankProjects(Context().get(), request, &page).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  // Reads carry the priority under the model in force.
  v1::GetProjectRequest get;
  get.set_id(ids_[4]);
  v1::ReserveProject read;
  ASSERT_TRUE(h_->stub().GetProject(Context().get(), get, &read).ok());
  EXPECT_GT(read.priority().score(), 0);
}

TEST_F(PlanTest, DraftUnderABudgetCapAdjustAndFreeze) {
  v1::DraftPlanRequest draft;
  draft.set_org("150402");
  draft.set_programme("shanty");
  draft.set_year(2024);
  draft.mutable_constraints()->set_budget_cap_10k_yuan(7000);
  v1::AnnualPlan plan;
  grpc::Status s = h_->stub().DraftPlan(Context().get(), draft, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(plan.state(), v1::PLAN_STATE_DRAFT);
  ASSERT_EQ(plan.entries_size(), 2);  // 2 × 3000 ≤ 7000 < 3 × 3000
  EXPECT_EQ(plan.entries(0).project_id(), ids_[4]);
  EXPECT_LE(plan.totals().investment_10k_yuan(), 7000);
  EXPECT_FALSE(plan.notes().empty());  // the cap left projects out
  // A second draft without the etag: refused; with it, replaces.
  s = h_->stub().DraftPlan(Context().get(), draft, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  draft.set_etag(plan.etag());
  ASSERT_TRUE(h_->stub().DraftPlan(Context().get(), draft, &plan).ok());

  v1::AdjustPlanRequest adjust;
  adjust.set_org("150402");
  adjust.set_programme("shanty");
  adjust.set_year(2024);
  adjust.add_remove_project_ids(ids_[3]);
  adjust.add_add_project_ids(ids_[0]);
  adjust.set_etag(plan.etag());
  s = h_->stub().AdjustPlan(Context().get(), adjust, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);  // reason
  adjust.set_reason("县政府常务会议调整");
  s = h_->stub().AdjustPlan(Context().get(), adjust, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(plan.entries_size(), 2);
  EXPECT_TRUE(plan.entries(1).manual());
  EXPECT_EQ(plan.adjustments_size(), 2);
  s = h_->stub().AdjustPlan(Context().get(), adjust, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);  // stale etag

  v1::FreezePlanRequest freeze;
  freeze.set_org("150402");
  freeze.set_programme("shanty");
  freeze.set_year(2024);
  freeze.set_etag(plan.etag());
  s = h_->stub().FreezePlan(Context().get(), freeze, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(plan.state(), v1::PLAN_STATE_FROZEN);
  EXPECT_EQ(plan.frozen_by(), "anonymous");
  for (const std::string& id : {ids_[4], ids_[0]}) {
    auto project = h_->store().GetProject(id);
    EXPECT_EQ(project->status(), v1::PROJECT_STATUS_PLANNED) << id;
    EXPECT_EQ(project->plan_year(), 2024);
  }
  EXPECT_EQ(h_->store().GetProject(ids_[3])->status(),
            v1::PROJECT_STATUS_RESERVE);
  draft.set_etag(plan.etag());
  s = h_->stub().DraftPlan(Context().get(), draft, &plan);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  v1::GetReserveFactsRequest facts_request;
  facts_request.set_org("150400");
  facts_request.set_programme("shanty");
  facts_request.set_year(2024);
  v1::ReserveFacts facts;
  s = h_->stub().GetReserveFacts(Context().get(), facts_request, &facts);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(facts.facts().contains("reserve_established"));
  EXPECT_TRUE(facts.facts().at("reserve_established").flag());
  EXPECT_FALSE(facts.explanations().empty());
}

TEST_F(PlanTest, HostileConstraintsAndKeysAreRefused) {
  v1::DraftPlanRequest draft;
  draft.set_org("150402");
  draft.set_programme("shanty");
  draft.set_year(2024);
  v1::AnnualPlan plan;
  auto code = [&] {
    return h_->stub().DraftPlan(Context().get(), draft, &plan).error_code();
  };
  draft.mutable_constraints()->set_budget_cap_10k_yuan(std::nan(""));
  EXPECT_EQ(code(), grpc::StatusCode::INVALID_ARGUMENT);
  draft.mutable_constraints()->set_budget_cap_10k_yuan(-1);
  EXPECT_EQ(code(), grpc::StatusCode::INVALID_ARGUMENT);
  draft.mutable_constraints()->set_budget_cap_10k_yuan(0);
  (*draft.mutable_constraints()->mutable_county_targets())["150102"].set_units(
      10);  // 新城区 is not 红山区's
  EXPECT_EQ(code(), grpc::StatusCode::INVALID_ARGUMENT);
  draft.mutable_constraints()->clear_county_targets();
  draft.set_year(1900);
  EXPECT_EQ(code(), grpc::StatusCode::INVALID_ARGUMENT);
  draft.set_year(2024);
  draft.set_org("150000");  // the region has no plan of its own
  EXPECT_EQ(code(), grpc::StatusCode::INVALID_ARGUMENT);
  draft.set_org("150402");
  draft.set_programme("rental");  // a rubric programme, not a registry one
  EXPECT_EQ(code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::GetPlanRequest get;
  get.set_org("150402");
  get.set_programme("shanty");
  get.set_year(2030);
  EXPECT_EQ(h_->stub().GetPlan(Context().get(), get, &plan).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::FreezePlanRequest freeze;
  freeze.set_org("150402");
  freeze.set_programme("shanty");
  freeze.set_year(2030);
  EXPECT_EQ(h_->stub().FreezePlan(Context().get(), freeze, &plan).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // no etag
  v1::GetReserveFactsRequest facts;
  facts.set_org("150402");
  facts.set_programme("casino");
  facts.set_year(2024);
  v1::ReserveFacts out;
  EXPECT_EQ(
      h_->stub().GetReserveFacts(Context().get(), facts, &out).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace anju::registry
