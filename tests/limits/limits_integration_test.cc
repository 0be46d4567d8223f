// The limits of issue 7, item 3, on a real anju-scoring binary with
// authentication on: a per-principal rate limit (RESOURCE_EXHAUSTED with a
// retry hint), the server's receive-size limit and a client's, each with
// RESOURCE_EXHAUSTED, and a deadline that ends in DEADLINE_EXCEEDED.

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/access_matrix/server_process.h"

namespace anju::limits {
namespace {

using ::testing::HasSubstr;

std::string ReadToken(const std::string& path) {
  std::ifstream in(path);
  std::string token;
  in >> token;
  return token;
}

class LimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/anju-limits-XXXXXX";
    dir_ = new std::string(mkdtemp(pattern));
    const std::string mint = absl::StrCat(
        ANJU_SOURCE_DIR, "/deploy/mint-credentials ", *dir_,
        "/creds fund-a:external_system:150000 fund-b:external_system:150000 "
        "filer:county_filer:150402 >/dev/null");
    ASSERT_EQ(std::system(mint.c_str()), 0);
    const std::string config = absl::StrCat(*dir_, "/scoring.yaml");
    std::ofstream(config) << "max_message_bytes: 4096\n"
                          << "auth:\n  credentials_file: " << *dir_
                          << "/creds/credentials.yaml\n"
                          << "  rate_limits:\n"
                          << "    external_system: {per_second: 2, burst: 3}\n";
    scoring_ = new access_matrix::ServerProcess(
        SCORING_BIN, {"--config", config}, *dir_ + "/scoring.log");
  }
  static void TearDownTestSuite() {
    delete scoring_;
    std::system(absl::StrCat("rm -rf ", *dir_).c_str());
    delete dir_;
  }

  void SetUp() override { ASSERT_GT(scoring_->port(), 0) << scoring_->Log(); }

  static std::string Token(const std::string& id) {
    return ReadToken(absl::StrCat(*dir_, "/creds/tokens/", id, ".token"));
  }

  // A 10 s deadline and `id`'s credential.
  static void Prepare(grpc::ClientContext* context, const std::string& id) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    context->AddMetadata("authorization", "Bearer " + Token(id));
  }

  static grpc::Status ListRubrics(const std::string& id,
                                  std::shared_ptr<grpc::Channel> channel = {}) {
    if (!channel) {
      channel = grpc::CreateChannel(scoring_->address(),
                                    grpc::InsecureChannelCredentials());
    }
    grpc::ClientContext context;
    Prepare(&context, id);
    v1::ListRubricsResponse response;
    return v1::ScoringService::NewStub(channel)->ListRubrics(
        &context, v1::ListRubricsRequest(), &response);
  }

  static std::string* dir_;
  static access_matrix::ServerProcess* scoring_;
};

std::string* LimitsTest::dir_ = nullptr;
access_matrix::ServerProcess* LimitsTest::scoring_ = nullptr;

TEST_F(LimitsTest, AnExternalSystemOverItsRateIsResourceExhaustedThenServed) {
  // The burst of 3 is served; then a refusal comes within the tokens the
  // elapsed time refilled (2/s), however slow the machine is.
  const auto start = std::chrono::steady_clock::now();
  int served = 0;
  grpc::Status refused;
  for (int i = 0; i < 50; ++i) {
    grpc::Status s = ListRubrics("fund-a");
    if (!s.ok()) {
      refused = s;
      break;
    }
    ++served;
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_GE(served, 3);
  EXPECT_LE(served, 3 + static_cast<int>(elapsed * 2) + 1);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused.error_message();
  EXPECT_THAT(refused.error_message(), HasSubstr("请求过于频繁"));
  EXPECT_THAT(refused.error_message(), HasSubstr("fund-a"));
  std::smatch retry;
  const std::string message = refused.error_message();
  ASSERT_TRUE(
      std::regex_search(message, retry, std::regex(R"(retry after (\d+) ms)")))
      << message;
  const int wait_ms = std::atoi(retry[1].str().c_str());
  EXPECT_GT(wait_ms, 0);
  EXPECT_LE(wait_ms, 500);  // one token at 2/s

  // Another external system has its own bucket; an unlimited role none.
  EXPECT_TRUE(ListRubrics("fund-b").ok());
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(ListRubrics("filer").ok()) << i;

  // Waiting as told is enough.
  std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms + 20));
  grpc::Status again = ListRubrics("fund-a");
  EXPECT_TRUE(again.ok()) << again.error_message();
}

TEST_F(LimitsTest, ARequestOverTheServersLimitIsResourceExhausted) {
  auto channel = grpc::CreateChannel(scoring_->address(),
                                     grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  Prepare(&context, "filer");
  v1::EvaluateRequest request;
  request.set_programme("rental");
  request.set_year(2023);
  (*request.mutable_self_scores())["rental.fund_raising"].set_reason(
      std::string(8000, 'x'));  // over the 4096 bytes allowed
  v1::EvaluateResponse response;
  grpc::Status s = v1::ScoringService::NewStub(channel)->Evaluate(
      &context, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << s.error_message();
}

TEST_F(LimitsTest, AResponseOverTheClientsLimitIsResourceExhausted) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256);  // a rubric is several KiB
  auto small = grpc::CreateCustomChannel(
      scoring_->address(), grpc::InsecureChannelCredentials(), args);
  grpc::ClientContext context;
  Prepare(&context, "filer");
  v1::GetRubricRequest request;
  request.set_programme("rental");
  request.set_year(2023);
  v1::Rubric rubric;
  grpc::Status s =
      v1::ScoringService::NewStub(small)->GetRubric(&context, request, &rubric);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << s.error_message();
}

TEST_F(LimitsTest, ACallPastItsDeadlineIsDeadlineExceeded) {
  auto channel = grpc::CreateChannel(scoring_->address(),
                                     grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  // Already past: the client gives up before any byte is sent.
  context.set_deadline(std::chrono::system_clock::now() -
                       std::chrono::seconds(1));
  context.AddMetadata("authorization", "Bearer " + Token("filer"));
  v1::ListRubricsResponse response;
  grpc::Status s = v1::ScoringService::NewStub(channel)->ListRubrics(
      &context, v1::ListRubricsRequest(), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

}  // namespace
}  // namespace anju::limits
