// ImportProjects and ExportProjects over a real socket: a spreadsheet with
// one bad row names the row and the column and writes nothing; dry runs
// write nothing; valid_rows_only imports the rest; a row with a 项目编号
// updates that project; an export reads back as the same projects.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/registry/registry_harness.h"

namespace anju::registry {
namespace {

using testing::Context;
using ::testing::HasSubstr;

constexpr char kHeader[] =
    "项目编号,旗县区,项目类型,项目名称,套数(套),户数(户),估算总投资(万元),"
    "中央补助(万元),立项,居民同意率(%),建成年份\n";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto harness = testing::RegistryHarness::Start(
        ::testing::UnitTest::GetInstance()->current_test_info()->name(), {});
    ASSERT_TRUE(harness.ok()) << harness.status();
    h_ = *std::move(harness);
  }

  v1::ImportProjectsResponse Import(
      const std::string& csv, bool valid_only, bool dry_run,
      grpc::StatusCode expected = grpc::StatusCode::OK) {
    v1::ImportProjectsRequest request;
    request.set_format(v1::TABLE_FORMAT_CSV);
    request.set_content(csv);
    request.set_org("150400");
    request.set_valid_rows_only(valid_only);
    request.set_dry_run(dry_run);
    v1::ImportProjectsResponse response;
    grpc::Status s =
        h_->stub().ImportProjects(Context().get(), request, &response);
    EXPECT_EQ(s.error_code(), expected) << s.error_message();
    return response;
  }

  int Stored() {
    v1::ListProjectsRequest request;
    request.set_org("150000");
    v1::ListProjectsResponse response;
    EXPECT_TRUE(
        h_->stub().ListProjects(Context().get(), request, &response).ok());
    return response.total_size();
  }

  std::unique_ptr<testing::RegistryHarness> h_;
};

TEST_F(ImportTest, OneBadRowNamesRowAndColumnAndWritesNothing) {
  const std::string csv =
      std::string(kHeader) +
      ",红山区,棚改,西屯片区,120,118,9600,3600,是,96.5,1978\n"
      ",松山区,棚改,振兴街,86,86,6450,2400,是,120,1982\n"
      ",宁城县,棚改,天义镇,75,75,5250,2000,否,90,1985\n"
      ",新城区,棚改,呼市的项目,10,10,100,50,是,90,1990\n";
  v1::ImportProjectsResponse response = Import(csv, false, false);
  EXPECT_EQ(response.rows(), 4);
  EXPECT_EQ(response.imported(), 0);
  ASSERT_EQ(response.errors_size(), 2);
  EXPECT_EQ(response.errors(0).row(), 3);
  EXPECT_EQ(response.errors(0).column(), "居民同意率(%)");
  EXPECT_EQ(response.errors(1).row(), 5);  // 新城区 is not of 赤峰市
  EXPECT_EQ(response.errors(1).column(), "旗县区");
  EXPECT_EQ(Stored(), 0);

  response = Import(csv, true, true);  // dry run
  EXPECT_EQ(response.errors_size(), 2);
  EXPECT_EQ(Stored(), 0);

  response = Import(csv, true, false);
  EXPECT_EQ(response.imported(), 2);
  ASSERT_EQ(response.project_ids_size(), 2);
  EXPECT_EQ(Stored(), 2);

  // A row with the id of a stored project updates it.
  const std::string update = std::string(kHeader) + response.project_ids(0) +
                             ",红山区,棚改,西屯片区(调整),130,128,9600,3600,是,"
                             "96.5,1978\n";
  v1::ImportProjectsResponse updated = Import(update, false, false);
  EXPECT_EQ(updated.imported(), 1);
  EXPECT_EQ(Stored(), 2);
  EXPECT_EQ(h_->store().GetProject(response.project_ids(0))->units(), 130);

  v1::ExportProjectsRequest export_request;
  export_request.set_format(v1::TABLE_FORMAT_CSV);
  export_request.set_org("150400");
  v1::ExportProjectsResponse exported;
  ASSERT_TRUE(h_->stub()
                  .ExportProjects(Context().get(), export_request, &exported)
                  .ok());
  EXPECT_EQ(exported.rows(), 2);
  EXPECT_THAT(exported.file_name(), HasSubstr("150400"));
  EXPECT_THAT(exported.content(), HasSubstr("西屯片区(调整)"));
  export_request.set_format(v1::TABLE_FORMAT_XLSX);
  ASSERT_TRUE(h_->stub()
                  .ExportProjects(Context().get(), export_request, &exported)
                  .ok());
  EXPECT_EQ(exported.content().substr(0, 2), "PK");
  // The xlsx export imports back: both rows update their projects.
  v1::ImportProjectsRequest again;
  again.set_format(v1::TABLE_FORMAT_XLSX);
  again.set_content(exported.content());
  again.set_org("150400");
  again.set_dry_run(true);
  v1::ImportProjectsResponse checked;
  grpc::Status s = h_->stub().ImportProjects(Context().get(), again, &checked);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(checked.rows(), 2);
  EXPECT_EQ(checked.errors_size(), 0)
      << checked.errors(0).column() << ": " << checked.errors(0).message();
  EXPECT_EQ(checked.imported(), 0);  // a dry run
  EXPECT_EQ(Stored(), 2);
}

TEST_F(ImportTest, RefusesOversizeAndBadRequests) {
  v1::ImportProjectsRequest request;
  request.set_format(v1::TABLE_FORMAT_UNSPECIFIED);
  request.set_org("150400");
  request.set_content(kHeader);
  v1::ImportProjectsResponse response;
  EXPECT_EQ(h_->stub()
                .ImportProjects(Context().get(), request, &response)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_format(v1::TABLE_FORMAT_CSV);
  request.set_content(std::string((16 << 20) + 1, 'x'));
  grpc::Status s =
      h_->stub().ImportProjects(Context().get(), request, &response);
  // Over the import limit: a limit's own status, not a malformed request.
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(s.error_message(), HasSubstr("content"));
  EXPECT_THAT(s.error_message(), HasSubstr("import limit"));
}

}  // namespace
}  // namespace anju::registry
