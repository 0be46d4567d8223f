// Identity in the registry, end to end: the service on 127.0.0.1:0 behind a
// real AccessGate (credentials minted here, the shipped
// config/access-policy.yaml). A county keeps its own projects and never
// sees another's (PERMISSION_DENIED, not the content); a city sees its
// counties'; the region sees all; external systems have no access.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/auth/access_policy.h"
#include "common/auth/auth_interceptor.h"
#include "common/auth/auth_settings.h"
#include "common/auth/token_file.h"
#include "tests/auth/auth_fixture.h"
#include "tests/registry/registry_harness.h"
#include "tests/registry/sample_projects.h"

namespace anju::registry {
namespace {

using auth::Role;
using auth::testing::TestCredential;
using ::testing::HasSubstr;
using testing::SampleProject;
using Stub = v1::RegistryService::Stub;

struct People {
  TestCredential hongshan =
      auth::testing::Mint("hongshan-filer", Role::kCountyFiler, "150402");
  TestCredential yuanbaoshan =
      auth::testing::Mint("yuanbaoshan-filer", Role::kCountyFiler, "150403");
  TestCredential chifeng = auth::testing::Mint(
      "chifeng-coordinator", Role::kCityCoordinator, "150400");
  TestCredential hohhot = auth::testing::Mint("hohhot-coordinator",
                                              Role::kCityCoordinator, "150100");
  TestCredential reviewer =
      auth::testing::Mint("region-reviewer", Role::kRegionReviewer, "150000");
  TestCredential admin =
      auth::testing::Mint("region-admin", Role::kRegionAdmin, "150000");
  TestCredential external =
      auth::testing::Mint("finance-platform", Role::kExternalSystem, "150000");

  std::vector<TestCredential> All() const {
    return {hongshan, yuanbaoshan, chifeng, hohhot, reviewer, admin, external};
  }
};

class RegistryAccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new auth::testing::TempDir();
    people_ = new People();
    auth::AuthSettings settings;
    settings.credentials_file = dir_->Write(
        "credentials.yaml", auth::testing::CredentialsYaml(people_->All()));
    auto methods =
        auth::MethodsOfServices({v1::RegistryService::service_full_name()});
    ASSERT_TRUE(methods.ok()) << methods.status();
    const auto& infrastructure = auth::InfrastructureMethods();
    methods->insert(methods->end(), infrastructure.begin(),
                    infrastructure.end());
    auto gate = auth::LoadAccessGate(settings, &testing::Tree(), *methods,
                                     nullptr, nullptr);
    ASSERT_TRUE(gate.ok()) << gate.status();
    gate_ = gate->release();
  }
  static void TearDownTestSuite() {
    delete gate_;
    delete people_;
    delete dir_;
  }

  void SetUp() override {
    RegistryDeps deps;
    deps.gate = gate_;
    deps.caller = [gate = gate_](grpc::CallbackServerContext* context) {
      return gate->Authenticate(context);
    };
    common::ServerOptions options;
    options.interceptors = [gate = gate_] {
      return auth::MakeInterceptorCreators(gate);
    };
    auto harness = testing::RegistryHarness::Start(
        ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        std::move(deps), options);
    ASSERT_TRUE(harness.ok()) << harness.status();
    h_ = *std::move(harness);
  }

  template <typename Request, typename Response, typename Method>
  grpc::Status Call(const TestCredential& who, Method method,
                    const Request& request, Response* response) {
    auto context = testing::Context();
    context->AddMetadata(auth::kAuthorizationKey, auth::BearerValue(who.token));
    return (h_->stub().*method)(context.get(), request, response);
  }

  v1::ReserveProject CreateAs(
      const TestCredential& who, const std::string& org,
      grpc::StatusCode expected = grpc::StatusCode::OK) {
    v1::CreateProjectRequest request;
    *request.mutable_project() = SampleProject(org);
    v1::ReserveProject created;
    grpc::Status s = Call(who, &Stub::CreateProject, request, &created);
    EXPECT_EQ(s.error_code(), expected)
        << who.principal.id << " " << org << ": " << s.error_message();
    return created;
  }

  int Listed(const TestCredential& who, const std::string& org,
             grpc::StatusCode expected = grpc::StatusCode::OK) {
    v1::ListProjectsRequest request;
    request.set_org(org);
    v1::ListProjectsResponse response;
    grpc::Status s = Call(who, &Stub::ListProjects, request, &response);
    EXPECT_EQ(s.error_code(), expected) << who.principal.id << " " << org;
    return response.total_size();
  }

  static auth::testing::TempDir* dir_;
  static People* people_;
  static auth::AccessGate* gate_;
  std::unique_ptr<testing::RegistryHarness> h_;
};

auth::testing::TempDir* RegistryAccessTest::dir_ = nullptr;
People* RegistryAccessTest::people_ = nullptr;
auth::AccessGate* RegistryAccessTest::gate_ = nullptr;

TEST_F(RegistryAccessTest, ACountyKeepsItsOwnProjects) {
  const People& p = *people_;
  v1::ReserveProject own = CreateAs(p.hongshan, "150402");
  CreateAs(p.hongshan, "150403", grpc::StatusCode::PERMISSION_DENIED);
  v1::ReserveProject other = CreateAs(p.yuanbaoshan, "150403");

  // Another county's project: refused by id, content never sent.
  v1::GetProjectRequest get;
  get.set_id(other.id());
  v1::ReserveProject read;
  grpc::Status s = Call(p.hongshan, &Stub::GetProject, get, &read);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr(other.name())));
  EXPECT_TRUE(read.name().empty());
  v1::UpdateProjectRequest update;
  *update.mutable_project() = other;
  update.mutable_project()->set_units(1);
  update.mutable_update_mask()->add_paths("units");
  s = Call(p.hongshan, &Stub::UpdateProject, update, &read);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::TransitionProjectRequest step;
  step.set_id(other.id());
  step.set_etag(other.etag());
  step.set_to(v1::PROJECT_STATUS_PLANNED);
  step.set_plan_year(2024);
  s = Call(p.hongshan, &Stub::TransitionProject, step, &read);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::DeleteProjectRequest del;
  del.set_id(other.id());
  del.set_etag(other.etag());
  google::protobuf::Empty empty;
  s = Call(p.hongshan, &Stub::DeleteProject, del, &empty);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::ListArchiveRequest archive;
  archive.set_project_id(other.id());
  v1::ListArchiveResponse records;
  s = Call(p.hongshan, &Stub::ListArchive, archive, &records);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  {  // an archive record on another county's project
    auto context = testing::Context();
    context->AddMetadata(auth::kAuthorizationKey,
                         auth::BearerValue(p.hongshan.token));
    v1::ArchiveRecord record;
    auto writer = h_->stub().UploadArchive(context.get(), &record);
    v1::UploadArchiveRequest message;
    message.mutable_header()->set_project_id(other.id());
    message.mutable_header()->set_type(v1::ARCHIVE_TYPE_PROGRESS);
    message.mutable_header()->set_title("进度");
    writer->Write(message);
    writer->WritesDone();
    EXPECT_EQ(writer->Finish().error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // Nothing changed.
  EXPECT_EQ(h_->store().GetProject(other.id())->etag(), other.etag());
  EXPECT_TRUE(h_->store().ArchiveOf(other.id())->empty());

  get.set_id(own.id());
  EXPECT_TRUE(Call(p.hongshan, &Stub::GetProject, get, &read).ok());
  EXPECT_EQ(Listed(p.hongshan, "150402"), 1);
  Listed(p.hongshan, "150403", grpc::StatusCode::PERMISSION_DENIED);
  Listed(p.hongshan, "150400", grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RegistryAccessTest, ACitySeesItsCountiesAndTheRegionSeesAll) {
  const People& p = *people_;
  CreateAs(p.hongshan, "150402");
  CreateAs(p.yuanbaoshan, "150403");
  CreateAs(p.chifeng, "150404");  // a city enters a county's project
  CreateAs(p.chifeng, "150102", grpc::StatusCode::PERMISSION_DENIED);
  v1::ReserveProject hohhot = CreateAs(p.hohhot, "150102");

  EXPECT_EQ(Listed(p.chifeng, "150400"), 3);
  EXPECT_EQ(Listed(p.chifeng, "150403"), 1);
  Listed(p.chifeng, "150100", grpc::StatusCode::PERMISSION_DENIED);
  Listed(p.chifeng, "150000", grpc::StatusCode::PERMISSION_DENIED);
  v1::GetProjectRequest get;
  get.set_id(hohhot.id());
  v1::ReserveProject read;
  EXPECT_EQ(Call(p.chifeng, &Stub::GetProject, get, &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  EXPECT_EQ(Listed(p.reviewer, "150000"), 4);
  EXPECT_EQ(Listed(p.admin, "150000"), 4);
  EXPECT_TRUE(Call(p.reviewer, &Stub::GetProject, get, &read).ok());
  // A reviewer reads but does not enter projects; external systems have no
  // access at all.
  CreateAs(p.reviewer, "150402", grpc::StatusCode::PERMISSION_DENIED);
  Listed(p.external, "150000", grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RegistryAccessTest, PlansAndFactsFollowTheSameRules) {
  const People& p = *people_;
  CreateAs(p.hongshan, "150402");
  v1::DraftPlanRequest draft;
  draft.set_org("150402");
  draft.set_programme("shanty");
  draft.set_year(2024);
  v1::AnnualPlan plan;
  grpc::Status s = Call(p.hongshan, &Stub::DraftPlan, draft, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  draft.set_org("150403");
  EXPECT_EQ(Call(p.hongshan, &Stub::DraftPlan, draft, &plan).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A county drafts; the city adjusts and freezes (policy: none for counties).
  v1::FreezePlanRequest freeze;
  freeze.set_org("150402");
  freeze.set_programme("shanty");
  freeze.set_year(2024);
  v1::GetPlanRequest get;
  get.set_org("150402");
  get.set_programme("shanty");
  get.set_year(2024);
  ASSERT_TRUE(Call(p.chifeng, &Stub::GetPlan, get, &plan).ok());
  freeze.set_etag(plan.etag());
  EXPECT_EQ(Call(p.hongshan, &Stub::FreezePlan, freeze, &plan).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(p.hohhot, &Stub::FreezePlan, freeze, &plan).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  s = Call(p.chifeng, &Stub::FreezePlan, freeze, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(plan.frozen_by(), "chifeng-coordinator");

  v1::GetReserveFactsRequest facts;
  facts.set_org("150403");
  facts.set_programme("shanty");
  facts.set_year(2024);
  v1::ReserveFacts out;
  EXPECT_EQ(Call(p.hongshan, &Stub::GetReserveFacts, facts, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  facts.set_org("150400");
  EXPECT_TRUE(Call(p.chifeng, &Stub::GetReserveFacts, facts, &out).ok());
  EXPECT_TRUE(Call(p.reviewer, &Stub::GetReserveFacts, facts, &out).ok());
  EXPECT_EQ(Call(p.external, &Stub::GetReserveFacts, facts, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The model is public.
  v1::PriorityModel model;
  EXPECT_TRUE(Call(p.external, &Stub::GetPriorityModel,
                   v1::GetPriorityModelRequest(), &model)
                  .ok());
}

TEST_F(RegistryAccessTest, NoCredentialIsUnauthenticated) {
  v1::ListProjectsRequest request;
  request.set_org("150000");
  v1::ListProjectsResponse response;
  grpc::Status s =
      h_->stub().ListProjects(testing::Context().get(), request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace anju::registry
