// The issue's acceptance run, end to end on the real binaries: anjuctl
// against anju-registry (a child process on a free port). A spreadsheet
// with one bad row is refused naming that row and column and imports
// nothing; --valid-rows-only imports the rest; the reserve is ranked and a
// plan drafted under a budget cap; a project without its archive is
// reported incomplete.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "anju/v1/registry.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"
#include "tests/scoring_service/child_process.h"

namespace anju::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kRegistry[] = ANJU_REGISTRY_BINARY;
constexpr char kAnjuctl[] = ANJUCTL_BINARY;

class RegistryCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("anju-registry-cli-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    auto child = ChildProcess::Launch(
        kRegistry, {"--listen", "127.0.0.1:0", "--data", dir_.string()});
    ASSERT_TRUE(child.has_value());
    child_.emplace(*std::move(child));
    port_ = child_->WaitForListeningPort();
    ASSERT_GT(port_, 0) << child_->output();
  }
  void TearDown() override {
    if (child_) {
      child_->Signal(SIGTERM);
      EXPECT_EQ(child_->Wait(), 0);
    }
    std::filesystem::remove_all(dir_);
  }

  cli::testing::Result Anjuctl(std::vector<std::string> args) {
    args.insert(args.begin(),
                {kAnjuctl, "--registry", "127.0.0.1:" + std::to_string(port_)});
    return cli::testing::RunProcess(args);
  }

  // Read directly, with a channel closed before the server stops.
  v1::ListProjectsResponse List() {
    auto stub = v1::RegistryService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                            grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    v1::ListProjectsRequest request;
    request.set_org("150400");
    request.set_page_size(1000);
    v1::ListProjectsResponse response;
    EXPECT_TRUE(stub->ListProjects(&context, request, &response).ok());
    return response;
  }

  std::filesystem::path dir_;
  std::optional<ChildProcess> child_;
  int port_ = 0;
};

TEST_F(RegistryCliTest, ImportRankPlanAndArchiveAsTheIssueChecksThem) {
  const std::string sheet = std::string(ANJU_SOURCE_DIR) +
                            "/tests/registry_tabular/testdata/one-bad-row.csv";
  cli::testing::Result refused =
      Anjuctl({"project", "import", sheet, "--org", "150400"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.out + refused.err, HasSubstr("第4行 居民同意率(%)"));
  EXPECT_EQ(List().total_size(), 0);

  cli::testing::Result imported = Anjuctl(
      {"project", "import", sheet, "--org", "150400", "--valid-rows-only"});
  EXPECT_THAT(imported.out + imported.err, HasSubstr("第4行"));
  const v1::ListProjectsResponse listed = List();
  EXPECT_EQ(listed.total_size(), 13) << imported.out << imported.err;

  cli::testing::Result ranked =
      Anjuctl({"project", "rank", "--org", "150400", "--programme", "shanty"});
  EXPECT_EQ(ranked.exit_code, 0) << ranked.err;
  EXPECT_THAT(ranked.out, HasSubstr("红山区"));

  cli::testing::Result drafted =
      Anjuctl({"plan", "draft", "--org", "150400", "--programme", "shanty",
               "--year", "2024", "--budget-cap", "20000"});
  EXPECT_EQ(drafted.exit_code, 0) << drafted.err;
  cli::testing::Result shown =
      Anjuctl({"plan", "show", "--org", "150400", "--programme", "shanty",
               "--year", "2024"});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;

  ASSERT_GT(listed.projects_size(), 0);
  cli::testing::Result archive =
      Anjuctl({"archive", "list", "--project", listed.projects(0).id()});
  EXPECT_EQ(archive.exit_code, 0) << archive.err;
  EXPECT_THAT(archive.out, HasSubstr("档案不完整"));
}

}  // namespace
}  // namespace anju::testing
