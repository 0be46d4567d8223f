// common::ServerRunner on real sockets: port 0, health, reflection, two
// services on one server, bind errors, and a clean stop.

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/strings/match.h"
#include "common/server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring_service/grpc_probes.h"
#include "tests/scoring_service/ping.grpc.pb.h"
#include "tests/scoring_service/scoring_fixture.h"

namespace anju::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::shared_ptr<grpc::Channel> Connect(const common::ServerRunner& runner) {
  return grpc::CreateChannel(runner.address(),
                             grpc::InsecureChannelCredentials());
}

// A second service for the two-services-on-one-server case.
class PingImpl : public anju::testing::PingService::CallbackService {
  grpc::ServerUnaryReactor* Ping(grpc::CallbackServerContext* context,
                                 const google::protobuf::Empty*,
                                 google::protobuf::Empty*) override {
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

TEST(ServerRunnerTest, BindsPortZeroAndReportsThePort) {
  auto server = ScoringServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->port(), 0);
  EXPECT_TRUE(absl::EndsWith((*server)->runner().address(),
                             ":" + std::to_string((*server)->port())));
  EXPECT_TRUE(absl::StartsWith((*server)->runner().address(), "127.0.0.1:"));
}

TEST(ServerRunnerTest, HealthIsServingForTheServerAndTheNamedService) {
  auto server = ScoringServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = (*server)->channel();
  EXPECT_EQ(CheckHealth(channel, "").value(),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckHealth(channel, "anju.v1.ScoringService").value(),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckHealth(channel, "no.such.Service").status().code(),
            absl::StatusCode::kNotFound);

  (*server)->runner().SetServing(false);
  EXPECT_EQ(CheckHealth(channel, "anju.v1.ScoringService").value(),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckHealth(channel, "").value(),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

TEST(ServerRunnerTest, ReflectionListsTheServices) {
  auto server = ScoringServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto names = ListServices((*server)->channel());
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_THAT(*names, Contains("anju.v1.ScoringService"));
  EXPECT_THAT(*names, Contains("grpc.health.v1.Health"));
}

TEST(ServerRunnerTest, TwoServicesOnOneServer) {
  auto rubrics = scoring::RubricSet::LoadDirectory(kRubricsDir);
  ASSERT_TRUE(rubrics.ok()) << rubrics.status();
  scoring::ScoringServiceImpl scoring(std::move(*rubrics));
  PingImpl ping;
  auto runner = common::ServerRunner::Start({}, {&scoring, &ping});
  ASSERT_TRUE(runner.ok()) << runner.status();
  auto channel = Connect(**runner);

  grpc::ClientContext ping_context;
  SetDeadline(&ping_context);
  google::protobuf::Empty empty;
  EXPECT_TRUE(anju::testing::PingService::NewStub(channel)
                  ->Ping(&ping_context, empty, &empty)
                  .ok());
  grpc::ClientContext list_context;
  SetDeadline(&list_context);
  v1::ListRubricsResponse rubrics_list;
  EXPECT_TRUE(v1::ScoringService::NewStub(channel)
                  ->ListRubrics(&list_context, {}, &rubrics_list)
                  .ok());
  EXPECT_GE(rubrics_list.rubrics_size(), 3);
  auto names = ListServices(channel);
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_THAT(*names, Contains("anju.v1.ScoringService"));
  EXPECT_THAT(*names, Contains("anju.testing.PingService"));
}

TEST(ServerRunnerTest, AnAddressInUseIsUnavailable) {
  auto first = common::ServerRunner::Start({}, {});
  ASSERT_TRUE(first.ok()) << first.status();
  common::ServerOptions options;
  options.listen = (*first)->address();
  auto second = common::ServerRunner::Start(options, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr(options.listen));
}

TEST(ServerRunnerTest, AMalformedAddressIsInvalid) {
  for (const char* listen : {"localhost", "127.0.0.1:", "127.0.0.1:70000",
                             ":50051", "127.0.0.1:-1", "127.0.0.1:port"}) {
    common::ServerOptions options;
    options.listen = listen;
    auto runner = common::ServerRunner::Start(options, {});
    EXPECT_EQ(runner.status().code(), absl::StatusCode::kInvalidArgument)
        << listen;
    EXPECT_THAT(runner.status().message(), HasSubstr("listen")) << listen;
  }
}

TEST(ServerRunnerTest, ShutdownStopsServingAndIsIdempotent) {
  auto server = ScoringServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = (*server)->channel();
  ASSERT_TRUE(CheckHealth(channel, "").ok());
  (*server)->runner().Shutdown();
  (*server)->runner().Shutdown();
  EXPECT_FALSE(CheckHealth(channel, "").ok());
}

}  // namespace
}  // namespace anju::testing
