// The project RPCs over a real socket: create, read, update with field
// masks and etags, delete, the lifecycle step by step, paging through
// filters, and hostile input. Authentication is off here (the caller is the
// region's anonymous administrator); identity is access_test.cc's.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "tests/registry/registry_harness.h"
#include "tests/registry/sample_projects.h"

namespace anju::registry {
namespace {

using testing::Context;
using ::testing::HasSubstr;
using testing::SampleProject;
using Stub = v1::RegistryService::Stub;

class ProjectsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegistryDeps deps;
    deps.clock = [] { return absl::FromUnixSeconds(1717200000); };  // 2024-06
    auto harness = testing::RegistryHarness::Start(
        ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        std::move(deps));
    ASSERT_TRUE(harness.ok()) << harness.status();
    h_ = *std::move(harness);
  }

  grpc::Status Create(const v1::ReserveProject& project,
                      v1::ReserveProject* created) {
    v1::CreateProjectRequest request;
    *request.mutable_project() = project;
    return h_->stub().CreateProject(Context().get(), request, created);
  }

  v1::ReserveProject MustCreate(const v1::ReserveProject& project) {
    v1::ReserveProject created;
    grpc::Status s = Create(project, &created);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return created;
  }

  grpc::Status Transition(v1::ReserveProject* project, v1::ProjectStatus to,
                          const std::string& date, int year = 0) {
    v1::TransitionProjectRequest request;
    request.set_id(project->id());
    request.set_etag(project->etag());
    request.set_to(to);
    request.set_date(date);
    request.set_plan_year(year);
    v1::ReserveProject next;
    grpc::Status s =
        h_->stub().TransitionProject(Context().get(), request, &next);
    if (s.ok()) *project = next;
    return s;
  }

  std::unique_ptr<testing::RegistryHarness> h_;
};

TEST_F(ProjectsTest, CreateGetUpdateDelete) {
  v1::ReserveProject sent = SampleProject();
  sent.set_status(v1::PROJECT_STATUS_DELIVERED);  // output only: ignored
  sent.set_id("P-mine");
  v1::ReserveProject created = MustCreate(sent);
  EXPECT_EQ(created.id(), "P-150402-000001");
  EXPECT_EQ(created.status(), v1::PROJECT_STATUS_RESERVE);
  EXPECT_EQ(created.etag(), "r1");
  EXPECT_EQ(created.create_time(), "2024-06-01T08:00:00+08:00");
  // No archive yet: the four types 棚改 requires are missing.
  EXPECT_EQ(created.missing_archive_types_size(), 4);

  v1::GetProjectRequest get;
  get.set_id(created.id());
  v1::ReserveProject read;
  ASSERT_TRUE(h_->stub().GetProject(Context().get(), get, &read).ok());
  EXPECT_EQ(read.name(), sent.name());

  v1::UpdateProjectRequest update;
  update.mutable_project()->set_id(created.id());
  update.mutable_project()->set_etag(created.etag());
  update.mutable_project()->set_units(130);
  update.mutable_project()->set_name("不应被修改");
  update.mutable_update_mask()->add_paths("units");
  v1::ReserveProject updated;
  grpc::Status s = h_->stub().UpdateProject(Context().get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.units(), 130);
  EXPECT_EQ(updated.name(), sent.name());  // not in the mask
  EXPECT_EQ(updated.etag(), "r2");

  // The old etag again: ABORTED, nothing changed.
  update.mutable_project()->set_units(1);
  s = h_->stub().UpdateProject(Context().get(), update, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
  ASSERT_TRUE(h_->stub().GetProject(Context().get(), get, &read).ok());
  EXPECT_EQ(read.units(), 130);

  v1::DeleteProjectRequest del;
  del.set_id(created.id());
  google::protobuf::Empty empty;
  s = h_->stub().DeleteProject(Context().get(), del, &empty);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);  // no etag
  del.set_etag("r1");
  s = h_->stub().DeleteProject(Context().get(), del, &empty);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  del.set_etag("r2");
  ASSERT_TRUE(h_->stub().DeleteProject(Context().get(), del, &empty).ok());
  s = h_->stub().GetProject(Context().get(), get, &read);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProjectsTest, FieldMaskErrorsNameThePath) {
  v1::ReserveProject created = MustCreate(SampleProject());
  auto try_mask = [&](const std::string& path) {
    v1::UpdateProjectRequest update;
    update.mutable_project()->set_id(created.id());
    update.mutable_project()->set_etag(created.etag());
    if (!path.empty()) update.mutable_update_mask()->add_paths(path);
    v1::ReserveProject out;
    return h_->stub().UpdateProject(Context().get(), update, &out);
  };
  for (const std::string path :
       {"status", "plan_year", "etag", "priority", "org", "no_such_field",
        "funding.nothing", ""}) {
    grpc::Status s = try_mask(path);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << path;
    EXPECT_THAT(s.error_message(), HasSubstr("update_mask")) << path;
    if (!path.empty()) EXPECT_THAT(s.error_message(), HasSubstr(path));
  }
  // A sub-field path is fine; a bad value is refused by the project rules.
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_id(created.id());
  update.mutable_project()->set_etag(created.etag());
  update.mutable_project()->set_resident_consent_pct(120);
  update.mutable_update_mask()->add_paths("resident_consent_pct");
  v1::ReserveProject out;
  grpc::Status s = h_->stub().UpdateProject(Context().get(), update, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("project.resident_consent_pct: 须在 0–100 之间 (got "
                        "120)"));
  update.mutable_project()->mutable_funding()->set_central(1);
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("funding.central");
  s = h_->stub().UpdateProject(Context().get(), update, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.funding().central(), 1);
  EXPECT_EQ(out.funding().region(), 1000);  // the rest of funding kept
}

TEST_F(ProjectsTest, LifecycleOneStepAtATime) {
  v1::ReserveProject p = MustCreate(SampleProject());
  // Skipping a step or going back names both states.
  grpc::Status s = Transition(&p, v1::PROJECT_STATUS_STARTED, "2024-05-01");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("储备"));
  EXPECT_THAT(s.error_message(), HasSubstr("开工"));
  s = Transition(&p, v1::PROJECT_STATUS_PLANNED, "", 1999);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Transition(&p, v1::PROJECT_STATUS_PLANNED, "", 2024).ok());
  EXPECT_EQ(p.plan_year(), 2024);
  s = Transition(&p, v1::PROJECT_STATUS_PLANNED, "", 2025);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  for (const std::string bad : {"2024-02-30", "2024-5-1", "yesterday", ""}) {
    s = Transition(&p, v1::PROJECT_STATUS_STARTED, bad);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
  }
  ASSERT_TRUE(Transition(&p, v1::PROJECT_STATUS_STARTED, "2024-05-01").ok());
  EXPECT_EQ(p.start_date(), "2024-05-01");
  s = Transition(&p, v1::PROJECT_STATUS_COMPLETED, "2024-04-30");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("2024-05-01"));
  ASSERT_TRUE(Transition(&p, v1::PROJECT_STATUS_COMPLETED, "2024-05-01").ok());
  s = Transition(&p, v1::PROJECT_STATUS_RESERVE, "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Transition(&p, v1::PROJECT_STATUS_DELIVERED, "2024-10-01").ok());
  EXPECT_EQ(p.status(), v1::PROJECT_STATUS_DELIVERED);
  s = Transition(&p, v1::PROJECT_STATUS_DELIVERED, "2024-10-02");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // A stale etag on a transition.
  v1::ReserveProject stale = p;
  stale.set_etag("r1");
  s = Transition(&stale, v1::PROJECT_STATUS_DELIVERED, "2024-10-02");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // Its programme is fixed once planned.
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_id(p.id());
  update.mutable_project()->set_etag(p.etag());
  update.mutable_project()->set_programme("public_rental");
  update.mutable_update_mask()->add_paths("programme");
  v1::ReserveProject out;
  s = h_->stub().UpdateProject(Context().get(), update, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto history = h_->store().History(p.id());
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 4u);
  // Only a 储备 project can be deleted.
  v1::DeleteProjectRequest del;
  del.set_id(p.id());
  del.set_etag(p.etag());
  google::protobuf::Empty empty;
  s = h_->stub().DeleteProject(Context().get(), del, &empty);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ProjectsTest, StaleEtagOnATransitionIsAborted) {
  v1::ReserveProject p = MustCreate(SampleProject());
  v1::ReserveProject copy = p;
  ASSERT_TRUE(Transition(&p, v1::PROJECT_STATUS_PLANNED, "", 2024).ok());
  copy.set_status(v1::PROJECT_STATUS_RESERVE);
  grpc::Status s = Transition(&copy, v1::PROJECT_STATUS_PLANNED, "", 2025);
  // The stored project is 计划 now: the step itself is refused first.
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::TransitionProjectRequest request;
  request.set_id(p.id());
  request.set_to(v1::PROJECT_STATUS_STARTED);
  request.set_date("2024-05-01");
  v1::ReserveProject out;
  s = h_->stub().TransitionProject(Context().get(), request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);  // no etag
  request.set_etag("r1");
  s = h_->stub().TransitionProject(Context().get(), request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(ProjectsTest, PagingThroughFilters) {
  // 赤峰市: 7 in 红山区 (5 shanty), 3 in 元宝山区; 呼和浩特市: 2.
  for (int i = 0; i < 5; ++i) {
    MustCreate(SampleProject("150402", "shanty", absl::StrCat("红山棚改", i)));
  }
  MustCreate(SampleProject("150402", "oldcomm", "红山老旧小区一"));
  MustCreate(SampleProject("150402", "oldcomm", "红山老旧小区二"));
  for (int i = 0; i < 3; ++i) {
    MustCreate(SampleProject("150403", "shanty", absl::StrCat("元宝山", i)));
  }
  MustCreate(SampleProject("150102", "shanty", "新城一"));
  MustCreate(SampleProject("150102", "public_rental", "新城公租房"));

  v1::ListProjectsRequest request;
  request.set_org("150400");
  request.set_page_size(4);
  std::set<std::string> seen;
  int pages = 0;
  std::string last_key;
  while (true) {
    v1::ListProjectsResponse page;
    grpc::Status s = h_->stub().ListProjects(Context().get(), request, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(page.total_size(), 10);
    ++pages;
    for (const v1::ReserveProject& p : page.projects()) {
      const std::string key =
          absl::StrCat(p.org(), "/", p.programme(), "/", p.id());
      EXPECT_LT(last_key, key);  // by org, programme, id
      last_key = key;
      EXPECT_TRUE(seen.insert(p.id()).second);
    }
    if (page.next_page_token().empty()) break;
    // The token with other filters: refused.
    v1::ListProjectsRequest other = request;
    other.set_page_token(page.next_page_token());
    other.set_programme("shanty");
    v1::ListProjectsResponse refused;
    s = h_->stub().ListProjects(Context().get(), other, &refused);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("page_token"));
    request.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 10u);

  v1::ListProjectsRequest filtered;
  filtered.set_org("150000");
  filtered.set_programme("shanty");
  filtered.set_name_contains("红山");
  v1::ListProjectsResponse page;
  ASSERT_TRUE(h_->stub().ListProjects(Context().get(), filtered, &page).ok());
  EXPECT_EQ(page.total_size(), 5);
  EXPECT_EQ(page.projects_size(), 5);
  EXPECT_TRUE(page.next_page_token().empty());
  filtered.clear_name_contains();
  filtered.set_org("150402");
  filtered.set_status(v1::PROJECT_STATUS_PLANNED);
  ASSERT_TRUE(h_->stub().ListProjects(Context().get(), filtered, &page).ok());
  EXPECT_EQ(page.total_size(), 0);

  filtered.set_page_token("not a token");
  grpc::Status s = h_->stub().ListProjects(Context().get(), filtered, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  filtered.clear_page_token();
  filtered.set_page_size(-1);
  s = h_->stub().ListProjects(Context().get(), filtered, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  filtered.set_page_size(5000);  // clamped to 1000
  EXPECT_TRUE(h_->stub().ListProjects(Context().get(), filtered, &page).ok());
  filtered.set_programme("rental");
  s = h_->stub().ListProjects(Context().get(), filtered, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ProjectsTest, HostileInputIsRefusedAndNothingIsWritten) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    std::string field;
    std::function<void(v1::ReserveProject&)> spoil;
  };
  const Case cases[] = {
      {"project.floor_area_10k_m2",
       [nan](v1::ReserveProject& p) { p.set_floor_area_10k_m2(nan); }},
      {"project.units", [](v1::ReserveProject& p) { p.set_units(-5); }},
      {"project.name",
       [](v1::ReserveProject& p) { p.set_name(std::string(1 << 20, 'x')); }},
      {"project.programme",
       [](v1::ReserveProject& p) { p.set_programme("casino"); }},
      {"project.org", [](v1::ReserveProject& p) { p.set_org("150400"); }},
      {"project.funding",
       [](v1::ReserveProject& p) { p.mutable_funding()->set_social(1e6); }},
      {"project.investment_10k_yuan",
       [](v1::ReserveProject& p) {
         p.set_investment_10k_yuan(std::numeric_limits<double>::infinity());
       }},
  };
  for (const Case& c : cases) {
    v1::ReserveProject p = SampleProject();
    c.spoil(p);
    v1::ReserveProject out;
    grpc::Status s = Create(p, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_THAT(s.error_message(), HasSubstr(c.field));
    EXPECT_LT(s.error_message().size(), 2000u);  // never echoes the input
  }
  v1::ListProjectsRequest all;
  all.set_org("150000");
  v1::ListProjectsResponse page;
  ASSERT_TRUE(h_->stub().ListProjects(Context().get(), all, &page).ok());
  EXPECT_EQ(page.total_size(), 0);

  v1::GetProjectRequest get;
  get.set_id(std::string(100000, 'P'));
  v1::ReserveProject out;
  EXPECT_EQ(h_->stub().GetProject(Context().get(), get, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  get.set_id("P-150402-999999");
  EXPECT_EQ(h_->stub().GetProject(Context().get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace anju::registry
