#include "cli/cmd_score.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "anju/v1/scoring_mock.grpc.pb.h"
#include "cli/cmd_rubrics.h"
#include "cli/command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_response.h"

namespace anju::cli {
namespace {

using anju::v1::MockScoringServiceStub;
using ::testing::_;
using ::testing::DoAll;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Return;
using ::testing::SetArgPointee;

constexpr char kFacts[] = R"yaml(
org: "150400"
org_name: 赤峰市
programme: oldcomm
year: 2023
facts:
  budget_execution_rate_pct: {value: 88, illustrative: true}
  violations: 0
self_scores:
  oldcomm.budget_execution: {score: 9}
)yaml";

// The commands against a mocked stub: what they send, what they print,
// how they report the service's errors.
class ScoreCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char path[] = "/tmp/anju-cmd-score-XXXXXX.yaml";
    const int fd = mkstemps(path, 5);
    ASSERT_GE(fd, 0);
    close(fd);
    facts_path_ = path;
    std::ofstream(facts_path_) << kFacts;
    auto stub = std::make_unique<MockScoringServiceStub>();
    stub_ = stub.get();
    client_ = std::make_unique<ScoringClient>(std::move(stub), "127.0.0.1:9",
                                              absl::Seconds(10));
  }
  void TearDown() override { unlink(facts_path_.c_str()); }

  void ExpectRubric() {
    EXPECT_CALL(*stub_, GetRubric(_, _, _))
        .WillOnce(DoAll(SetArgPointee<2>(testing::SampleRubric()),
                        Return(grpc::Status::OK)));
  }

  ScoreOptions Options(const std::string& format) {
    ScoreOptions options;
    options.file = facts_path_;
    options.format = format;
    return options;
  }

  std::string facts_path_;
  MockScoringServiceStub* stub_ = nullptr;
  std::unique_ptr<ScoringClient> client_;
};

TEST_F(ScoreCommandTest, SendsTheFileAndPrintsTheTable) {
  anju::v1::EvaluateRequest sent;
  EXPECT_CALL(*stub_, Evaluate(_, _, _))
      .WillOnce(Invoke([&](grpc::ClientContext* context,
                           const anju::v1::EvaluateRequest& request,
                           anju::v1::EvaluateResponse* response) {
        // Every call carries the deadline (--timeout, 10 s here).
        const auto left =
            context->deadline() - std::chrono::system_clock::now();
        EXPECT_GT(left, std::chrono::seconds(5));
        EXPECT_LE(left, std::chrono::seconds(10));
        sent = request;
        *response = testing::SampleResponse();
        return grpc::Status::OK;
      }));
  ExpectRubric();
  std::ostringstream out;
  ASSERT_TRUE(RunScore(Options("table"), *client_, out).ok());
  EXPECT_EQ(sent.programme(), "oldcomm");
  EXPECT_EQ(sent.year(), 2023);
  EXPECT_DOUBLE_EQ(sent.facts().at("budget_execution_rate_pct").number(), 88);
  EXPECT_DOUBLE_EQ(sent.self_scores().at("oldcomm.budget_execution").score(),
                   9);
  EXPECT_THAT(out.str(), HasSubstr("赤峰市城镇老旧小区改造绩效评价指标表"));
  EXPECT_THAT(out.str(), HasSubstr("行政区划代码150400"));
  EXPECT_THAT(out.str(), HasSubstr("预算执行率（budget_execution_rate_pct）"));
}

TEST_F(ScoreCommandTest, JsonNeedsNoRubric) {
  EXPECT_CALL(*stub_, Evaluate(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(testing::SampleResponse()),
                      Return(grpc::Status::OK)));
  EXPECT_CALL(*stub_, GetRubric(_, _, _)).Times(0);
  std::ostringstream out;
  ASSERT_TRUE(RunScore(Options("json"), *client_, out).ok());
  EXPECT_THAT(out.str(), HasSubstr("\"programme\": \"oldcomm\""));
}

TEST_F(ScoreCommandTest, ServiceErrorKeepsCodeAndMessage) {
  EXPECT_CALL(*stub_, Evaluate(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                    "facts[\"violations\"]: must be >= 0")));
  std::ostringstream out;
  const absl::Status status = RunScore(Options("csv"), *client_, out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "facts[\"violations\"]: must be >= 0");
  EXPECT_FALSE(IsUsageError(status));
  EXPECT_EQ(out.str(), "");
}

TEST_F(ScoreCommandTest, UnavailableNamesTheAddress) {
  EXPECT_CALL(*stub_, Evaluate(_, _, _))
      .WillOnce(Return(
          grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused")));
  std::ostringstream out;
  const absl::Status status = RunScore(Options("csv"), *client_, out);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("127.0.0.1:9"));
}

TEST_F(ScoreCommandTest, XlsxNeedsAnOutputFile) {
  EXPECT_CALL(*stub_, Evaluate(_, _, _)).Times(0);
  std::ostringstream out;
  const absl::Status status = RunScore(Options("xlsx"), *client_, out);
  EXPECT_TRUE(IsUsageError(status));
  EXPECT_THAT(status.message(), HasSubstr("--output"));
}

TEST_F(ScoreCommandTest, XlsxIsNotWrittenToATerminal) {
  EXPECT_CALL(*stub_, Evaluate(_, _, _)).Times(0);
  ScoreOptions options = Options("xlsx");
  options.output = "-";
  options.stdout_is_terminal = true;
  std::ostringstream out;
  EXPECT_TRUE(IsUsageError(RunScore(options, *client_, out)));
}

TEST_F(ScoreCommandTest, XlsxToAPipeIsAZip) {
  EXPECT_CALL(*stub_, Evaluate(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(testing::SampleResponse()),
                      Return(grpc::Status::OK)));
  ExpectRubric();
  ScoreOptions options = Options("xlsx");
  options.output = "-";
  std::ostringstream out;
  ASSERT_TRUE(RunScore(options, *client_, out).ok());
  EXPECT_EQ(out.str().substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST_F(ScoreCommandTest, BadFactsFileFailsBeforeAnyCall) {
  std::ofstream(facts_path_) << "programme: oldcomm\nyear: 2023\nbogus: 1\n";
  EXPECT_CALL(*stub_, Evaluate(_, _, _)).Times(0);
  std::ostringstream out;
  const absl::Status status = RunScore(Options("table"), *client_, out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr(facts_path_ + ":3: bogus"));
}

TEST_F(ScoreCommandTest, RubricsShowListsIndicatorsAndFacts) {
  anju::v1::Rubric rubric = testing::SampleRubric();
  rubric.set_total_points(100);
  auto* spec = rubric.add_indicators();
  spec->set_id("oldcomm.satisfaction");
  spec->set_level1("产出效益");
  spec->set_name("完成改造小区居民满意度");
  spec->set_max_score(5);
  spec->set_criterion("满意度指标达到80%以上的，得5分");
  spec->add_facts("satisfaction_pct");
  spec->set_note("assumed as rental.satisfaction");
  EXPECT_CALL(*stub_, GetRubric(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(rubric), Return(grpc::Status::OK)));
  std::ostringstream out;
  ASSERT_TRUE(RunRubricsShow({"oldcomm", 2023, "table"}, *client_, out).ok());
  EXPECT_THAT(out.str(), HasSubstr("oldcomm.satisfaction  产出效益 / "
                                   "完成改造小区居民满意度  5分"));
  EXPECT_THAT(out.str(), HasSubstr("  评分标准：满意度指标达到80%以上的"));
  EXPECT_THAT(out.str(), HasSubstr("satisfaction_pct（居民满意度，数值）"));
  EXPECT_THAT(out.str(), HasSubstr("  说明：assumed as rental.satisfaction"));
}

TEST_F(ScoreCommandTest, RubricsListIsATable) {
  anju::v1::ListRubricsResponse list;
  auto* entry = list.add_rubrics();
  entry->set_programme("shanty");
  entry->set_year(2023);
  entry->set_version("2023.1");
  entry->set_title("城市棚户区改造绩效评价指标表");
  entry->set_indicator_count(10);
  EXPECT_CALL(*stub_, ListRubrics(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(list), Return(grpc::Status::OK)));
  std::ostringstream out;
  ASSERT_TRUE(RunRubricsList({}, *client_, out).ok());
  EXPECT_THAT(
      out.str(),
      HasSubstr("| shanty | 2023 | 2023.1 | 城市棚户区改造绩效评价指标表 |"
                "     10 |"));
}

}  // namespace
}  // namespace anju::cli
