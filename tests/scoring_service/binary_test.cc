// The real anju-scoring binary as a child process, as anjuctl, scripts and
// Kubernetes run it: the "listening" log line, health, reflection, a real
// Evaluate, SIGTERM → exit 0; and the ways it refuses to start.

#include <grpcpp/grpcpp.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "anju/v1/scoring.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring_service/child_process.h"
#include "tests/scoring_service/grpc_probes.h"
#include "tests/scoring_service/requests.h"

namespace anju::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

constexpr char kBinary[] = ANJU_SCORING_BINARY;

std::shared_ptr<grpc::Channel> Connect(int port) {
  return grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                             grpc::InsecureChannelCredentials());
}

// A scratch folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("anju-scoring-" + std::string(info->name()) + "-" +
             std::to_string(getpid()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(ScoringBinaryTest, ServesHealthReflectionAndEvaluateThenStopsOnSigterm) {
  auto child = ChildProcess::Launch(kBinary, {"--listen", "127.0.0.1:0"});
  ASSERT_TRUE(child.has_value());
  const int port = child->WaitForListeningPort();
  ASSERT_GT(port, 0) << child->output();

  // The line scripts wait for: one JSON object with these keys.
  auto line = child->WaitForLine("\"msg\":\"listening\"");
  ASSERT_TRUE(line.has_value());
  EXPECT_THAT(*line,
              MatchesRegex(R"(\{"ts":"[0-9T:.-]+Z","level":"info",)"
                           R"("service":"scoring","msg":"listening",.*\})"));
  EXPECT_THAT(*line, HasSubstr("\"port\":" + std::to_string(port)));

  auto channel = Connect(port);
  EXPECT_EQ(CheckHealth(channel, "").value(),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckHealth(channel, "anju.v1.ScoringService").value(),
            grpc::health::v1::HealthCheckResponse::SERVING);
  auto names = ListServices(channel);
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_THAT(*names, Contains("anju.v1.ScoringService"));

  auto stub = v1::ScoringService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::EvaluateResponse response;
  grpc::Status status = stub->Evaluate(&context, ShantyRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.total(), kShantyTotal);

  child->Signal(SIGTERM);
  EXPECT_EQ(child->Wait(), 0) << child->output();
  EXPECT_THAT(child->output(), HasSubstr("\"msg\":\"stopped\""));
}

TEST(ScoringBinaryTest, SigintStopsItToo) {
  auto child = ChildProcess::Launch(kBinary, {"--listen", "127.0.0.1:0"});
  ASSERT_TRUE(child.has_value());
  ASSERT_GT(child->WaitForListeningPort(), 0) << child->output();
  child->Signal(SIGINT);
  EXPECT_EQ(child->Wait(), 0) << child->output();
}

TEST(ScoringBinaryTest, ConfigFileSetsListenAndLimits) {
  TempDir dir;
  const std::string config = dir.Write("scoring.yaml",
                                       "listen: 127.0.0.1:0\n"
                                       "max_message_bytes: 65536\n"
                                       "shutdown_grace_seconds: 1\n"
                                       "limits:\n"
                                       "  max_facts: 3\n");
  auto child = ChildProcess::Launch(kBinary, {"--config", config});
  ASSERT_TRUE(child.has_value());
  const int port = child->WaitForListeningPort();
  ASSERT_GT(port, 0) << child->output();
  auto stub = v1::ScoringService::NewStub(Connect(port));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::EvaluateResponse response;
  grpc::Status status = stub->Evaluate(&context, ShantyRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("at most 3 facts"));
  child->Signal(SIGTERM);
  EXPECT_EQ(child->Wait(), 0);
}

TEST(ScoringBinaryTest, RefusesABrokenRubricWithTheLoadersMessage) {
  TempDir dir;
  dir.Write("2023/rental.yaml", "programme: rental\nyear: [not, a, year\n");
  auto child = ChildProcess::Launch(
      kBinary, {"--listen", "127.0.0.1:0", "--rubrics", dir.path()});
  ASSERT_TRUE(child.has_value());
  EXPECT_NE(child->Wait(), 0);
  EXPECT_THAT(child->output(), HasSubstr("cannot load rubrics"));
  EXPECT_THAT(child->output(), HasSubstr("rental.yaml"));
  EXPECT_THAT(child->output(), Not(HasSubstr("\"msg\":\"listening\"")));
}

TEST(ScoringBinaryTest, RefusesABadConfigNamingFileAndKey) {
  TempDir dir;
  const std::string config = dir.Write(
      "scoring.yaml", "listen: 127.0.0.1:0\nlimits:\n  max_fact: 3\n");
  auto child = ChildProcess::Launch(kBinary, {"--config", config});
  ASSERT_TRUE(child.has_value());
  EXPECT_EQ(child->Wait(), 2);
  EXPECT_THAT(child->output(), HasSubstr("scoring.yaml:3"));
  EXPECT_THAT(child->output(), HasSubstr("limits.max_fact"));
}

TEST(ScoringBinaryTest, RefusesABadListenFlag) {
  auto child = ChildProcess::Launch(kBinary, {"--listen", "127.0.0.1"});
  ASSERT_TRUE(child.has_value());
  EXPECT_EQ(child->Wait(), 2);
  EXPECT_THAT(child->output(), HasSubstr("--listen"));
}

TEST(ScoringBinaryTest, RefusesAnAddressInUse) {
  auto first = ChildProcess::Launch(kBinary, {"--listen", "127.0.0.1:0"});
  ASSERT_TRUE(first.has_value());
  const int port = first->WaitForListeningPort();
  ASSERT_GT(port, 0);
  auto second = ChildProcess::Launch(
      kBinary, {"--listen", "127.0.0.1:" + std::to_string(port)});
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->Wait(), 1);
  EXPECT_THAT(second->output(), HasSubstr("cannot start"));
  first->Signal(SIGTERM);
  EXPECT_EQ(first->Wait(), 0);
}

}  // namespace
}  // namespace anju::testing
