// The real anju-registry binary as a child process: health and reflection,
// one call, SIGTERM → exit 0, the data folder created and the project still
// there after a restart; and a bad configuration stops the start.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "anju/v1/registry.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/registry/sample_projects.h"
#include "tests/scoring_service/child_process.h"
#include "tests/scoring_service/grpc_probes.h"

namespace anju::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

constexpr char kRegistry[] = ANJU_REGISTRY_BINARY;

class RegistryBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("anju-registry-" + std::string(info->name()) + "-" +
            std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

TEST_F(RegistryBinaryTest, ServesKeepsDataAndStopsOnSigterm) {
  const std::string data = (dir_ / "data").string();  // does not exist yet
  const std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--data",
                                         data};
  std::string id;
  {
    auto child = ChildProcess::Launch(kRegistry, args);
    ASSERT_TRUE(child.has_value());
    const int port = child->WaitForListeningPort();
    ASSERT_GT(port, 0) << child->output();
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
    EXPECT_EQ(CheckHealth(channel, "anju.v1.RegistryService").value(),
              grpc::health::v1::HealthCheckResponse::SERVING);
    auto names = ListServices(channel);
    ASSERT_TRUE(names.ok()) << names.status();
    EXPECT_THAT(*names, Contains("anju.v1.RegistryService"));

    auto stub = v1::RegistryService::NewStub(channel);
    v1::CreateProjectRequest request;
    *request.mutable_project() = registry::testing::SampleProject();
    v1::ReserveProject created;
    grpc::Status s = stub->CreateProject(Context().get(), request, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    id = created.id();
    stub.reset();  // no open connection: the server stops at once
    channel.reset();
    child->Signal(SIGTERM);
    EXPECT_EQ(child->Wait(), 0) << child->output();
    EXPECT_THAT(child->output(), HasSubstr("\"msg\":\"database ready\""));
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "data" / "registry.db"));
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "data" / "archives"));

  // What a crash can leave: a temp file, and a placed file no record names.
  const std::string orphan(64, 'a');
  std::filesystem::create_directories(dir_ / "data" / "archives" / "aa");
  std::ofstream(dir_ / "data" / "archives" / "aa" / orphan) << "x";
  std::ofstream(dir_ / "data" / "archives" / "tmp" / "upload-x") << "y";
  auto child = ChildProcess::Launch(kRegistry, args);
  ASSERT_TRUE(child.has_value());
  const int port = child->WaitForListeningPort();
  ASSERT_GT(port, 0) << child->output();
  EXPECT_THAT(child->output(), HasSubstr("\"stale_temp_files_removed\":1"));
  EXPECT_THAT(child->output(), HasSubstr("\"unreferenced_files_removed\":1"));
  EXPECT_FALSE(
      std::filesystem::exists(dir_ / "data" / "archives" / "aa" / orphan));
  {
    auto stub = v1::RegistryService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
    v1::GetProjectRequest get;
    get.set_id(id);
    v1::ReserveProject read;
    ASSERT_TRUE(stub->GetProject(Context().get(), get, &read).ok());
    EXPECT_EQ(read.name(), registry::testing::SampleProject().name());
  }
  child->Signal(SIGTERM);
  EXPECT_EQ(child->Wait(), 0);
}

TEST_F(RegistryBinaryTest, RefusesToStartWithoutDataOrWithBadConfig) {
  auto child = ChildProcess::Launch(kRegistry, {"--listen", "127.0.0.1:0"});
  ASSERT_TRUE(child.has_value());
  EXPECT_EQ(child->Wait(), 2);
  EXPECT_THAT(child->output(), HasSubstr("--data: required"));

  std::filesystem::create_directories(dir_);
  const std::string config = (dir_ / "registry.yaml").string();
  {
    std::ofstream out(config);
    out << "data_dir: data\narchives:\n  max_bytes: -1\n";
  }
  auto bad = ChildProcess::Launch(kRegistry, {"--config", config});
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->Wait(), 2);
  EXPECT_THAT(bad->output(), HasSubstr("archives.max_bytes"));
}

}  // namespace
}  // namespace anju::testing
