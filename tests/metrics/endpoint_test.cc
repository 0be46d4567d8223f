// The metrics port over real sockets: a ServerRunner with metrics_listen on
// port 0, real gRPC calls, and scrapes read by the strict parser.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <stdio.h>

#include <memory>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics/registry.h"
#include "common/server.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/metrics/exposition_parser.h"

namespace anju::metrics {
namespace {

using ::anju::metrics::testing::HttpGet;
using ::anju::metrics::testing::HttpRequest;
using ::anju::metrics::testing::ParseExposition;
using ::testing::HasSubstr;

constexpr char kCheck[] =
    "{grpc_type=\"unary\",grpc_service=\"grpc.health.v1.Health\","
    "grpc_method=\"Check\"";

class MetricsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_file_ = open_memstream(&log_buffer_, &log_size_);
    logger_ = std::make_unique<common::Logger>("test", log_file_);
    common::ServerOptions options;
    options.metrics_listen = "127.0.0.1:0";
    options.metrics_registry = &registry_;
    auto runner = common::ServerRunner::Start(options, {}, logger_.get());
    ASSERT_TRUE(runner.ok()) << runner.status();
    runner_ = *std::move(runner);
    ASSERT_GT(runner_->metrics_port(), 0);
    health_ = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        runner_->address(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    runner_.reset();
    logger_.reset();
    fclose(log_file_);
    free(log_buffer_);
  }

  // A unary call of any name, with an empty message.
  grpc::StatusCode CallGeneric(const std::string& method);

  grpc::StatusCode Check(const std::string& service) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    return health_->Check(&context, request, &response).error_code();
  }

  testing::Exposition Scrape() {
    auto reply = HttpGet(runner_->metrics_port(), "/metrics");
    EXPECT_TRUE(reply.ok()) << reply.status();
    if (!reply.ok()) return {};
    EXPECT_EQ(reply->status, 200);
    auto parsed = ParseExposition(reply->body);
    EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << reply->body;
    return parsed.ok() ? *parsed : testing::Exposition{};
  }

  std::string Log() {
    fflush(log_file_);
    return std::string(log_buffer_, log_size_);
  }

  Registry registry_;
  FILE* log_file_ = nullptr;
  char* log_buffer_ = nullptr;
  size_t log_size_ = 0;
  std::unique_ptr<common::Logger> logger_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

TEST_F(MetricsServerTest, CountsAndTimesEveryCallByMethodAndCode) {
  constexpr int kOk = 7, kNotFound = 3;
  for (int i = 0; i < kOk; ++i) ASSERT_EQ(Check(""), grpc::StatusCode::OK);
  for (int i = 0; i < kNotFound; ++i) {
    ASSERT_EQ(Check("no.such.Service"), grpc::StatusCode::NOT_FOUND);
  }
  testing::Exposition e = Scrape();
  EXPECT_EQ(e.types["anju_grpc_server_handled_total"], "counter");
  EXPECT_EQ(e.types["anju_grpc_server_handling_seconds"], "histogram");
  EXPECT_EQ(e.samples[absl::StrCat("anju_grpc_server_handled_total", kCheck,
                                   ",grpc_code=\"OK\"}")],
            kOk);
  EXPECT_EQ(e.samples[absl::StrCat("anju_grpc_server_handled_total", kCheck,
                                   ",grpc_code=\"NotFound\"}")],
            kNotFound);
  EXPECT_EQ(
      e.samples[absl::StrCat("anju_grpc_server_started_total", kCheck, "}")],
      kOk + kNotFound);
  EXPECT_EQ(e.samples[absl::StrCat("anju_grpc_server_handling_seconds_count",
                                   kCheck, "}")],
            kOk + kNotFound);
  EXPECT_GT(e.samples[absl::StrCat("anju_grpc_server_handling_seconds_sum",
                                   kCheck, "}")],
            0);
  // The process metrics come with every metrics port.
  EXPECT_GT(e.samples["process_resident_memory_bytes"], 0);
  EXPECT_GT(e.samples["process_start_time_seconds"], 0);
}

// Any client can name any method; random names must not each get series.
TEST_F(MetricsServerTest, UnknownMethodsShareOneSeries) {
  constexpr int kNames = 20;
  for (int i = 0; i < kNames; ++i) {
    EXPECT_EQ(CallGeneric(absl::StrCat("/no.Such/Method", i)),
              grpc::StatusCode::UNIMPLEMENTED);
  }
  testing::Exposition e = Scrape();
  EXPECT_EQ(e.samples["anju_grpc_server_handled_total{grpc_type=\"unknown\","
                      "grpc_service=\"unknown\",grpc_method=\"unknown\","
                      "grpc_code=\"Unimplemented\"}"],
            kNames);
  for (const auto& [series, value] : e.samples) {
    EXPECT_EQ(series.find("no.Such"), std::string::npos) << series;
  }
}

grpc::StatusCode MetricsServerTest::CallGeneric(const std::string& method) {
  grpc::GenericStub stub(grpc::CreateChannel(
      runner_->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = s;
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  return status.error_code();
}

TEST_F(MetricsServerTest, LogsTheBoundPortAsAJsonLine) {
  const std::regex line(
      "\\{[^\n]*\"msg\":\"metrics listening\"[^\n]*\"port\":([0-9]+)\\}");
  std::smatch match;
  const std::string log = Log();
  ASSERT_TRUE(std::regex_search(log, match, line)) << log;
  EXPECT_EQ(std::stoi(match[1]), runner_->metrics_port());
  // Before "listening", so that a launcher waiting for it has both.
  EXPECT_LT(log.find("metrics listening"), log.find("\"msg\":\"listening\""));
}

TEST_F(MetricsServerTest, ServesOnlyMetricsAndHealthz) {
  auto metrics = HttpGet(runner_->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(metrics->headers,
              HasSubstr("content-type: text/plain; version=0.0.4"));
  auto health = HttpGet(runner_->metrics_port(), "/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  for (const char* path :
       {"/", "/metrics/", "/metricsx", "/healthz/x", "/../etc/passwd"}) {
    auto reply = HttpGet(runner_->metrics_port(), path);
    ASSERT_TRUE(reply.ok()) << path;
    EXPECT_EQ(reply->status, 404) << path;
  }
  auto head =
      HttpRequest(runner_->metrics_port(), "HEAD /metrics HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  // The query string is not part of the path.
  EXPECT_EQ(HttpGet(runner_->metrics_port(), "/metrics?x=1")->status, 200);
}

TEST_F(MetricsServerTest, RefusesBodiesOtherMethodsAndHugeHeaders) {
  const int port = runner_->metrics_port();
  auto post = HttpRequest(
      port, "POST /metrics HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 405);
  auto body = HttpRequest(
      port, "GET /metrics HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->status, 413);
  auto chunked =
      HttpRequest(port,
                  "GET /metrics HTTP/1.1\r\nHost: x\r\n"
                  "Transfer-Encoding: chunked\r\n"
                  "Connection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked.ok()) << chunked.status();
  EXPECT_EQ(chunked->status, 413);
  auto huge = HttpRequest(port, "GET /metrics HTTP/1.0\r\nX-Big: " +
                                    std::string(64 * 1024, 'a') + "\r\n\r\n");
  // Refused with a 4xx, or the connection is dropped: never served.
  if (huge.ok()) {
    EXPECT_GE(huge->status, 400);
    EXPECT_LT(huge->status, 500);
  }
  // And the port still serves.
  EXPECT_EQ(HttpGet(port, "/healthz")->status, 200);
}

// A call the client abandons is counted once: by the status the server
// sends, or, when none is sent, as Canceled when the call is destroyed.
TEST_F(MetricsServerTest, AnAbandonedStreamIsCountedOnce) {
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(200));
    grpc::health::v1::HealthCheckRequest request;
    auto reader = health_->Watch(&context, request);
    grpc::health::v1::HealthCheckResponse response;
    while (reader->Read(&response)) {
    }
    EXPECT_EQ(reader->Finish().error_code(),
              grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  const std::string watch =
      "{grpc_type=\"server_stream\",grpc_service=\"grpc.health.v1.Health\","
      "grpc_method=\"Watch\"";
  double handled = 0;
  for (int i = 0; i < 200 && handled == 0; ++i) {
    testing::Exposition e = Scrape();
    handled = 0;
    for (const auto& [series, value] : e.samples) {
      if (series.rfind("anju_grpc_server_handled_total" + watch, 0) == 0) {
        handled += value;
      }
    }
    if (handled == 0) absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(handled, 1);
  absl::SleepFor(absl::Milliseconds(100));  // no second count comes later
  testing::Exposition e = Scrape();
  EXPECT_EQ(e.samples["anju_grpc_server_handling_seconds_count" + watch + "}"],
            1);
}

TEST_F(MetricsServerTest, HealthzFollowsTheServingStatus) {
  runner_->SetServing(false);
  EXPECT_EQ(HttpGet(runner_->metrics_port(), "/healthz")->status, 503);
  runner_->SetServing(true);
  EXPECT_EQ(HttpGet(runner_->metrics_port(), "/healthz")->status, 200);
}

TEST_F(MetricsServerTest, StopsWithTheServerAndRefusesATakenPort) {
  common::ServerOptions options;
  options.metrics_listen = absl::StrCat("127.0.0.1:", runner_->metrics_port());
  options.metrics_registry = &registry_;
  auto second = common::ServerRunner::Start(options, {});
  EXPECT_TRUE(absl::IsUnavailable(second.status())) << second.status();

  const int port = runner_->metrics_port();
  runner_->Shutdown();
  EXPECT_TRUE(absl::IsUnavailable(HttpGet(port, "/healthz").status()));
}

TEST(MetricsOff, NoPortWithoutMetricsListen) {
  auto runner = common::ServerRunner::Start(common::ServerOptions(), {});
  ASSERT_TRUE(runner.ok()) << runner.status();
  EXPECT_EQ((*runner)->metrics_port(), 0);
}

}  // namespace
}  // namespace anju::metrics
