// anju-scoring started as a process with metrics.listen: 127.0.0.1:0 in its
// config file: the port it logs serves a scrape that parses, and counts
// the calls made to the service. No change to the service's main.cc.

#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"
#include "tests/metrics/exposition_parser.h"

namespace anju::metrics {
namespace {

TEST(ScoringMetrics, TheScoringBinaryServesAScrapeThatParses) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    absl::StrCat("anju-metrics-", getpid());
  std::filesystem::create_directories(dir);
  const std::string config = (dir / "scoring.yaml").string();
  std::ofstream(config) << "metrics:\n  listen: 127.0.0.1:0\n";

  cli::testing::Server scoring(SCORING_BIN, {"--config", config});
  ASSERT_GT(scoring.port(), 0) << scoring.log();
  std::smatch match;
  const std::string log = scoring.log();
  ASSERT_TRUE(std::regex_search(
      log, match,
      std::regex("\"msg\":\"metrics listening\"[^\n]*\"port\":([0-9]+)")))
      << log;
  const int metrics_port = std::stoi(match[1]);

  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", scoring.port()),
                          grpc::InsecureChannelCredentials()));
  constexpr int kCalls = 5;
  for (int i = 0; i < kCalls; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(&context, request, &response).ok());
  }

  auto reply = testing::HttpGet(metrics_port, "/metrics");
  ASSERT_TRUE(reply.ok()) << reply.status();
  ASSERT_EQ(reply->status, 200);
  auto parsed = testing::ParseExposition(reply->body);
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << reply->body;
  const std::string check =
      "{grpc_type=\"unary\",grpc_service=\"grpc.health.v1.Health\","
      "grpc_method=\"Check\"";
  EXPECT_EQ(parsed->samples[absl::StrCat("anju_grpc_server_handled_total",
                                         check, ",grpc_code=\"OK\"}")],
            kCalls)
      << reply->body;
  EXPECT_EQ(parsed->samples[absl::StrCat(
                "anju_grpc_server_handling_seconds_count", check, "}")],
            kCalls);
  EXPECT_GT(parsed->samples["process_resident_memory_bytes"], 0);
  EXPECT_GT(parsed->samples["process_open_fds"], 0);
  EXPECT_EQ(testing::HttpGet(metrics_port, "/healthz")->status, 200);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace anju::metrics
