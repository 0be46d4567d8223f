#ifndef ANJU_TESTS_SCORING_SERVICE_SCORING_FIXTURE_H_
#define ANJU_TESTS_SCORING_SERVICE_SCORING_FIXTURE_H_

// The real scoring service in-process: ScoringServiceImpl with the
// repository's rubrics, served by common::ServerRunner on 127.0.0.1:0 over
// a real TCP socket, and a real stub on a real channel. Reuse it:
//
//   class ChifengTest : public anju::testing::ScoringServiceTest {};
//   TEST_F(ChifengTest, Rental) {
//     grpc::ClientContext ctx;
//     SetDeadline(&ctx);
//     anju::v1::EvaluateResponse response;
//     ASSERT_TRUE(stub().Evaluate(&ctx, request, &response).ok());
//   }
//
// One server per test suite (rubrics load once); ScoringServer::Start gives
// a server of your own with other limits or options.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "common/server.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/scoring_service.h"

namespace anju::testing {

inline constexpr char kRubricsDir[] = ANJU_SOURCE_DIR "/rubrics";

// Every test call has a deadline: a hung server fails the test, not CI.
inline void SetDeadline(
    grpc::ClientContext* context,
    std::chrono::seconds timeout = std::chrono::seconds(10)) {
  context->set_deadline(std::chrono::system_clock::now() + timeout);
}

class ScoringServer {
 public:
  static absl::StatusOr<std::unique_ptr<ScoringServer>> Start(
      scoring::ScoringLimits limits = {}, common::ServerOptions options = {},
      const std::string& rubrics_dir = kRubricsDir) {
    auto rubrics = scoring::RubricSet::LoadDirectory(rubrics_dir);
    if (!rubrics.ok()) return rubrics.status();
    auto server = std::unique_ptr<ScoringServer>(new ScoringServer());
    server->service_ = std::make_unique<scoring::ScoringServiceImpl>(
        std::shared_ptr<const scoring::RubricSet>(std::move(*rubrics)), limits);
    options.health_services = {v1::ScoringService::service_full_name()};
    auto runner =
        common::ServerRunner::Start(options, {server->service_.get()});
    if (!runner.ok()) return runner.status();
    server->runner_ = *std::move(runner);
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(64 << 20);  // big batch responses
    server->channel_ = grpc::CreateCustomChannel(
        server->runner_->address(), grpc::InsecureChannelCredentials(), args);
    server->stub_ = v1::ScoringService::NewStub(server->channel_);
    return server;
  }

  v1::ScoringService::Stub& stub() { return *stub_; }
  const std::shared_ptr<grpc::Channel>& channel() { return channel_; }
  common::ServerRunner& runner() { return *runner_; }
  scoring::ScoringServiceImpl& service() { return *service_; }
  int port() const { return runner_->port(); }

 private:
  ScoringServer() = default;

  // Destroyed bottom-up: stub and channel, then the server stops, and only
  // then does the service it calls go away.
  std::unique_ptr<scoring::ScoringServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ScoringService::Stub> stub_;
};

// A fixture sharing one ScoringServer across the tests of a suite.
class ScoringServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = ScoringServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value().release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr) << "the scoring server did not start";
  }

  static v1::ScoringService::Stub& stub() { return server_->stub(); }
  static ScoringServer& server() { return *server_; }

 private:
  static inline ScoringServer* server_ = nullptr;
};

}  // namespace anju::testing

#endif  // ANJU_TESTS_SCORING_SERVICE_SCORING_FIXTURE_H_
