// Every class of bad input gets INVALID_ARGUMENT naming the field (and the
// rule); an oversized message gets RESOURCE_EXHAUSTED from gRPC itself.

#include <cmath>
#include <functional>
#include <limits>
#include <ostream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring_service/requests.h"
#include "tests/scoring_service/scoring_fixture.h"

namespace anju::testing {
namespace {

using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct BadCase {
  std::string name;
  std::function<void(v1::EvaluateRequest*)> spoil;
  std::string field;      // must appear in the message
  std::string rule_hint;  // and this too, when not empty
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

v1::SelfScore& Self(v1::EvaluateRequest* r, const std::string& id) {
  return (*r->mutable_self_scores())[id];
}

std::vector<BadCase> BadCases() {
  const std::string judged = "self_scores[\"shanty.fund_raising\"]";
  return {
      {"UnknownProgramme", [](auto* r) { r->set_programme("housing"); },
       "programme", "shanty"},
      {"EmptyProgramme", [](auto* r) { r->set_programme(""); }, "programme",
       "rental"},
      {"UnknownYear", [](auto* r) { r->set_year(2019); }, "year", "2023"},
      {"MissingYear", [](auto* r) { r->set_year(0); }, "year", "2023"},
      {"UnknownFact", [](auto* r) { SetNumber(r, "no_such_fact", 1); },
       "facts[\"no_such_fact\"]", ""},
      {"FactOfWrongType",
       [](auto* r) { SetFlag(r, "shanty_planned_units", true); },
       "facts[\"shanty_planned_units\"]", ""},
      {"FactWithNoValue",
       [](auto* r) { (*r->mutable_facts())["violations"].Clear(); },
       "facts[\"violations\"]", "number"},
      {"NegativeCount",
       [](auto* r) { SetNumber(r, "shanty_planned_units", -1); },
       "facts[\"shanty_planned_units\"]", ""},
      {"FractionalCount", [](auto* r) { SetNumber(r, "violations", 1.5); },
       "facts[\"violations\"]", ""},
      {"NaNFact",
       [](auto* r) { SetNumber(r, "budget_execution_rate_pct", kNaN); },
       "facts[\"budget_execution_rate_pct\"]", ""},
      {"InfiniteFact",
       [](auto* r) { SetNumber(r, "shanty_started_units", kInf); },
       "facts[\"shanty_started_units\"]", ""},
      {"NegativeInfiniteFact",
       [](auto* r) { SetNumber(r, "satisfaction_pct", -kInf); },
       "facts[\"satisfaction_pct\"]", ""},
      {"PercentageAbove100",
       [](auto* r) { SetNumber(r, "budget_execution_rate_pct", 120); },
       "facts[\"budget_execution_rate_pct\"]", "120"},
      {"NegativePercentage",
       [](auto* r) { SetNumber(r, "satisfaction_pct", -0.5); },
       "facts[\"satisfaction_pct\"]", ""},
      {"SelfScoreNaN",
       [](auto* r) { Self(r, "shanty.fund_raising").set_score(kNaN); },
       judged + ".score", ""},
      {"SelfScoreInfinite",
       [](auto* r) { Self(r, "shanty.fund_raising").set_score(kInf); },
       judged + ".score", ""},
      {"SelfScoreNegativeInfinite",
       [](auto* r) { Self(r, "shanty.fund_raising").set_score(-kInf); },
       judged + ".score", ""},
      {"SelfScoreNegative",
       [](auto* r) { Self(r, "shanty.fund_raising").set_score(-1); }, judged,
       ""},
      {"SelfScoreAboveMax",
       [](auto* r) { Self(r, "shanty.fund_raising").set_score(5.01); }, judged,
       "5"},
      {"SelfScoreWithThreeDecimals",
       [](auto* r) { Self(r, "shanty.fund_raising").set_score(4.555); },
       judged + ".score", "2"},
      {"SelfScoreForUnknownIndicator",
       [](auto* r) { Self(r, "shanty.no_such_indicator").set_score(1); },
       "self_scores[\"shanty.no_such_indicator\"]", ""},
      {"TooManyFacts",
       [](auto* r) {
         for (int i = 0; i < 257; ++i) SetNumber(r, "f" + std::to_string(i), 1);
       },
       "facts", "256"},
      {"FactNameTooLong",
       [](auto* r) { SetNumber(r, std::string(65, 'x'), 1); }, "facts[", "64"},
      {"TooManySelfScores",
       [](auto* r) {
         for (int i = 0; i < 65; ++i) Self(r, "x" + std::to_string(i));
       },
       "self_scores", "64"},
      {"ReasonTooLong",
       [](auto* r) {
         // 667 × 3 bytes = 2001 bytes of Chinese: the limit is in bytes.
         std::string reason;
         for (int i = 0; i < 667; ++i) reason += "理";
         Self(r, "shanty.fund_raising").set_reason(reason);
       },
       judged + ".reason", "2000"},
      {"TooManyEvidenceRefs",
       [](auto* r) {
         for (int i = 0; i < 21; ++i) {
           Self(r, "shanty.fund_raising").add_evidence("e.pdf");
         }
       },
       judged + ".evidence", "20"},
      {"EvidenceRefTooLong",
       [](auto* r) {
         Self(r, "shanty.fund_raising").add_evidence(std::string(513, 'e'));
       },
       judged + ".evidence[1]", "512"},
      {"EmptyEvidenceRef",
       [](auto* r) { Self(r, "shanty.fund_raising").add_evidence(""); },
       judged + ".evidence[1]", ""},
  };
}

class BadInputTest : public ScoringServiceTest,
                     public ::testing::WithParamInterface<BadCase> {};

TEST_P(BadInputTest, IsInvalidArgumentNamingTheField) {
  v1::EvaluateRequest request = ShantyRequest();
  GetParam().spoil(&request);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EvaluateResponse response;
  grpc::Status status = stub().Evaluate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr(GetParam().field));
  EXPECT_THAT(status.error_message(), HasSubstr(GetParam().rule_hint));
}

INSTANTIATE_TEST_SUITE_P(EveryClass, BadInputTest,
                         ::testing::ValuesIn(BadCases()),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return info.param.name;
                         });

// gRPC refuses a message over the server's max receive size (4 MiB by
// default) before any handler sees it.
TEST_F(ScoringServiceTest, OversizedMessageIsResourceExhausted) {
  v1::EvaluateRequest request = ShantyRequest();
  Self(&request, "shanty.fund_raising")
      .set_reason(std::string(5 * 1024 * 1024, 'x'));
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EvaluateResponse response;
  grpc::Status status = stub().Evaluate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message();
}

TEST(ScoringServerLimitsTest, MaxMessageSizeComesFromTheOptions) {
  common::ServerOptions options;
  options.max_receive_message_bytes = 64 * 1024;
  auto server = ScoringServer::Start({}, options);
  ASSERT_TRUE(server.ok()) << server.status();
  // 100 KB: under the default 4 MiB this is INVALID_ARGUMENT (reason over
  // 2000 bytes); under a 64 KiB server limit gRPC stops it first.
  v1::EvaluateRequest request = ShantyRequest();
  Self(&request, "shanty.fund_raising").set_reason(std::string(100000, 'x'));
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EvaluateResponse response;
  grpc::Status status =
      (*server)->stub().Evaluate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(ScoringServerLimitsTest, LimitsComeFromTheConstructor) {
  scoring::ScoringLimits limits;
  limits.max_facts = 5;
  auto server = ScoringServer::Start(limits);
  ASSERT_TRUE(server.ok()) << server.status();
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EvaluateResponse response;
  grpc::Status status =
      (*server)->stub().Evaluate(&context, ShantyRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("facts"));
  EXPECT_THAT(status.error_message(), HasSubstr("5"));
}

// A proto3 string must be UTF-8: protobuf's parser refuses the request
// before any handler runs, so our own check (limits.cc, tested in
// limits_test.cc) guards only the in-process path. gRPC 1.51's callback
// server answers a request it cannot parse with UNIMPLEMENTED and no message
// (server_callback_handlers.h); what matters here is that it is refused.
TEST_F(ScoringServiceTest, IllFormedUtf8IsRefused) {
  v1::EvaluateRequest request = ShantyRequest();
  Self(&request, "shanty.fund_raising").set_reason("评分\xff理由");
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EvaluateResponse response;
  grpc::Status status = stub().Evaluate(&context, request, &response);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(response.indicators_size(), 0);
}

}  // namespace
}  // namespace anju::testing
