// The registry commands against a mocked stub: what they send, what they
// print, how they report errors.

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "anju/v1/registry_mock.grpc.pb.h"
#include "cli/cmd_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::cli {
namespace {

using anju::v1::MockRegistryServiceStub;
using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::SetArgPointee;

class RegistryRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stub = std::make_unique<MockRegistryServiceStub>();
    stub_ = stub.get();
    client_ = std::make_unique<RegistryClient>(
        std::move(stub),
        Endpoint{"registry service", "127.0.0.1:9", absl::Seconds(5), ""});
  }

  std::string TempFile(const std::string& suffix, const std::string& content) {
    std::string path = "/tmp/anju-cli-registry-XXXXXX" + suffix;
    const int fd = mkstemps(path.data(), static_cast<int>(suffix.size()));
    EXPECT_GE(fd, 0);
    close(fd);
    std::ofstream(path, std::ios::binary) << content;
    files_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const std::string& f : files_) unlink(f.c_str());
  }

  MockRegistryServiceStub* stub_ = nullptr;
  std::unique_ptr<RegistryClient> client_;
  std::vector<std::string> files_;
  std::ostringstream out_;
};

TEST_F(RegistryRunTest, UpdateReadsTheEtagAndSendsTheMask) {
  anju::v1::ReserveProject current;
  current.set_etag("e7");
  EXPECT_CALL(*stub_, GetProject(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(current), Return(grpc::Status::OK)));
  anju::v1::UpdateProjectRequest sent;
  EXPECT_CALL(*stub_, UpdateProject(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), Return(grpc::Status::OK)));
  ProjectOptions options;
  options.id = "P-7";
  options.fields = {{"units", "50"}, {"land", "是"}};
  ASSERT_TRUE(RunProjectUpdate(options, *client_, out_).ok());
  EXPECT_EQ(sent.project().id(), "P-7");
  EXPECT_EQ(sent.project().etag(), "e7");
  EXPECT_EQ(sent.project().units(), 50);
  EXPECT_THAT(sent.update_mask().paths(),
              ElementsAre("units", "readiness.land"));
}

TEST_F(RegistryRunTest, UpdateWithoutFieldsIsAUsageErrorAndSendsNothing) {
  ProjectOptions options;
  options.id = "P-7";
  absl::Status status = RunProjectUpdate(options, *client_, out_);
  EXPECT_TRUE(IsUsageError(status));
}

TEST_F(RegistryRunTest, CreateResolvesOrgAndProgramme) {
  anju::v1::CreateProjectRequest sent;
  anju::v1::ReserveProject created;
  created.set_id("P-1");
  created.set_name("北街");
  EXPECT_CALL(*stub_, CreateProject(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(created),
                      Return(grpc::Status::OK)));
  ProjectOptions options;
  options.org = "克旗";
  options.programme = "棚户区改造";
  options.fields = {{"name", "北街"}, {"units", "46"}};
  ASSERT_TRUE(RunProjectCreate(options, *client_, out_).ok());
  EXPECT_EQ(sent.project().org(), "150425");
  EXPECT_EQ(sent.project().programme(), "shanty");
  EXPECT_EQ(sent.project().units(), 46);
  EXPECT_THAT(out_.str(), HasSubstr("项目 P-1  北街"));
}

TEST_F(RegistryRunTest, TransitionNeedsItsYearOrDate) {
  ProjectOptions options;
  options.id = "P-7";
  options.to = "计划";
  EXPECT_TRUE(IsUsageError(RunProjectTransition(options, *client_, out_)));
  options.to = "开工";
  EXPECT_TRUE(IsUsageError(RunProjectTransition(options, *client_, out_)));
  anju::v1::TransitionProjectRequest sent;
  EXPECT_CALL(*stub_, TransitionProject(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), Return(grpc::Status::OK)));
  options.date = "2024-05-01";
  options.etag = "e9";
  ASSERT_TRUE(RunProjectTransition(options, *client_, out_).ok());
  EXPECT_EQ(sent.to(), anju::v1::PROJECT_STATUS_STARTED);
  EXPECT_EQ(sent.date(), "2024-05-01");
  EXPECT_EQ(sent.etag(), "e9");
}

TEST_F(RegistryRunTest, ListFollowsPagesWithAll) {
  anju::v1::ListProjectsResponse first, second;
  first.add_projects()->set_id("P-1");
  first.set_next_page_token("t2");
  first.set_total_size(2);
  second.add_projects()->set_id("P-2");
  second.set_total_size(2);
  anju::v1::ListProjectsRequest asked_second;
  EXPECT_CALL(*stub_, ListProjects(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(first), Return(grpc::Status::OK)))
      .WillOnce(DoAll(SaveArg<1>(&asked_second), SetArgPointee<2>(second),
                      Return(grpc::Status::OK)));
  ProjectOptions options;
  options.org = "赤峰市";
  options.status = "储备";
  options.all_pages = true;
  ASSERT_TRUE(RunProjectList(options, *client_, out_).ok());
  EXPECT_EQ(asked_second.page_token(), "t2");
  EXPECT_EQ(asked_second.org(), "150400");
  EXPECT_EQ(asked_second.status(), anju::v1::PROJECT_STATUS_RESERVE);
  EXPECT_THAT(out_.str(), HasSubstr("共 2 个项目，本页 2 个"));
}

TEST_F(RegistryRunTest, ImportPrintsRowErrorsAndFails) {
  const std::string path = TempFile(".csv", "旗县区,项目类型,项目名称\n");
  anju::v1::ImportProjectsRequest sent;
  anju::v1::ImportProjectsResponse response;
  response.set_rows(14);
  auto* e = response.add_errors();
  e->set_row(4);
  e->set_column("居民同意率(%)");
  e->set_message("须在 0–100 之间 (got 120)");
  EXPECT_CALL(*stub_, ImportProjects(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(response),
                      Return(grpc::Status::OK)));
  SheetOptions options;
  options.file = path;
  options.org = "赤峰市";
  options.dry_run = true;
  absl::Status status = RunProjectImport(options, *client_, out_);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("1 处错误"));
  EXPECT_THAT(out_.str(),
              HasSubstr("第4行 居民同意率(%): 须在 0–100 之间 (got 120)\n"));
  EXPECT_EQ(sent.format(), anju::v1::TABLE_FORMAT_CSV);
  EXPECT_EQ(sent.org(), "150400");
  EXPECT_TRUE(sent.dry_run());
  EXPECT_FALSE(sent.valid_rows_only());
  EXPECT_EQ(sent.content(), "旗县区,项目类型,项目名称\n");
}

TEST_F(RegistryRunTest, ImportWithoutErrorsSucceeds) {
  const std::string path = TempFile(".xlsx", "PK");
  anju::v1::ImportProjectsRequest sent;
  anju::v1::ImportProjectsResponse response;
  response.set_rows(14);
  response.set_imported(14);
  EXPECT_CALL(*stub_, ImportProjects(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(response),
                      Return(grpc::Status::OK)));
  SheetOptions options;
  options.file = path;
  options.org = "150400";
  options.valid_rows_only = true;
  ASSERT_TRUE(RunProjectImport(options, *client_, out_).ok());
  EXPECT_EQ(sent.format(), anju::v1::TABLE_FORMAT_XLSX);
  EXPECT_TRUE(sent.valid_rows_only());
  EXPECT_THAT(out_.str(), HasSubstr("读取 14 行，导入 14 行"));
}

TEST_F(RegistryRunTest, ExportWritesTheFile) {
  const std::string path = TempFile(".csv", "");
  anju::v1::ExportProjectsResponse response;
  response.set_content("\xEF\xBB\xBF项目编号\r\n");
  response.set_rows(0);
  anju::v1::ExportProjectsRequest sent;
  EXPECT_CALL(*stub_, ExportProjects(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(response),
                      Return(grpc::Status::OK)));
  SheetOptions options;
  options.file = path;
  options.org = "克旗";
  options.programme = "老旧小区改造";
  ASSERT_TRUE(RunProjectExport(options, *client_, out_).ok());
  EXPECT_EQ(sent.org(), "150425");
  EXPECT_EQ(sent.programme(), "oldcomm");
  EXPECT_EQ(sent.format(), anju::v1::TABLE_FORMAT_CSV);
  std::ifstream in(path, std::ios::binary);
  std::stringstream written;
  written << in.rdbuf();
  EXPECT_EQ(written.str(), response.content());
}

TEST_F(RegistryRunTest, ExportXlsxToATerminalIsRefused) {
  SheetOptions options;
  options.format = "xlsx";
  options.org = "150400";
  options.stdout_is_terminal = true;
  EXPECT_TRUE(IsUsageError(RunProjectExport(options, *client_, out_)));
}

TEST_F(RegistryRunTest, DraftSendsConstraintsAndTheCurrentEtag) {
  anju::v1::AnnualPlan current;
  current.set_etag("p3");
  EXPECT_CALL(*stub_, GetPlan(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(current), Return(grpc::Status::OK)));
  anju::v1::DraftPlanRequest sent;
  EXPECT_CALL(*stub_, DraftPlan(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), Return(grpc::Status::OK)));
  PlanOptions options;
  options.org = "赤峰市";
  options.programme = "shanty";
  options.year = 2024;
  options.budget_cap = 20000;
  options.targets = {"克旗=46", "宁城=75/75"};
  ASSERT_TRUE(RunPlanDraft(options, *client_, out_).ok());
  EXPECT_EQ(sent.org(), "150400");
  EXPECT_EQ(sent.etag(), "p3");
  EXPECT_EQ(sent.constraints().budget_cap_10k_yuan(), 20000);
  EXPECT_EQ(sent.constraints().county_targets().at("150425").units(), 46);
  EXPECT_EQ(sent.constraints().county_targets().at("150429").households(), 75);
}

TEST_F(RegistryRunTest, FirstDraftHasNoEtag) {
  EXPECT_CALL(*stub_, GetPlan(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::NOT_FOUND, "no plan")));
  anju::v1::DraftPlanRequest sent;
  EXPECT_CALL(*stub_, DraftPlan(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), Return(grpc::Status::OK)));
  PlanOptions options;
  options.org = "150425";
  options.programme = "shanty";
  options.year = 2024;
  ASSERT_TRUE(RunPlanDraft(options, *client_, out_).ok());
  EXPECT_EQ(sent.etag(), "");
}

TEST_F(RegistryRunTest, AdjustNeedsAChange) {
  PlanOptions options;
  options.org = "150425";
  options.programme = "shanty";
  options.year = 2024;
  options.reason = "x";
  EXPECT_TRUE(IsUsageError(RunPlanAdjust(options, *client_, out_)));
}

TEST_F(RegistryRunTest, ServiceErrorsPassThrough) {
  EXPECT_CALL(*stub_, GetProject(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                    "150402 不属于 克什克腾旗")));
  ProjectOptions options;
  options.id = "P-9";
  absl::Status status = RunProjectShow(options, *client_, out_);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(status.message(), HasSubstr("不属于"));
}

}  // namespace
}  // namespace anju::cli
