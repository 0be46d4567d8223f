// Request limits at the edge, and reading them from the config file.

#include "services/scoring/limits.h"

#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::scoring {
namespace {

using ::testing::HasSubstr;

v1::EvaluateRequest WithReason(const std::string& reason) {
  v1::EvaluateRequest r;
  (*r.mutable_self_scores())["rental.fund_raising"].set_reason(reason);
  return r;
}

TEST(CheckRequestLimitsTest, ReasonLimitIsInUtf8Bytes) {
  std::string reason;
  for (int i = 0; i < 666; ++i) reason += "理";  // 1998 bytes
  EXPECT_TRUE(CheckRequestLimits(WithReason(reason + "ab"), {}).ok());
  absl::Status s = CheckRequestLimits(WithReason(reason + "理"), {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(),
              HasSubstr("self_scores[\"rental.fund_raising\"].reason"));
  EXPECT_THAT(s.message(), HasSubstr("2001 bytes"));
}

TEST(CheckRequestLimitsTest, ReasonMustBeValidUtf8) {
  // Protobuf rejects ill-formed UTF-8 on the wire already; this guards the
  // in-process path (DoEvaluate) all the same.
  absl::Status s = CheckRequestLimits(WithReason("评分\xff理由"), {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr(".reason"));
  EXPECT_THAT(s.message(), HasSubstr("UTF-8"));
  EXPECT_THAT(s.message(), HasSubstr("byte 6"));
}

TEST(CheckRequestLimitsTest, IllFormedUtf8IsFoundAnywhere) {
  // ASCII is skipped eight bytes at a time: the bad byte is found after a
  // run of ASCII, after Chinese, and in the last few bytes.
  const std::pair<std::string, std::string> cases[] = {
      {"abcdefghijklmnop\xffq", "byte 16"},
      {"abcdefgh评分\xff", "byte 14"},
      {"评分理由abcdefghij\xe8", "byte 22"},
      {"评\xe8\xaf", "byte 3"},
      {"\xc0\x80", "byte 0"},  // an overlong form
  };
  for (const auto& [reason, where] : cases) {
    absl::Status s = CheckRequestLimits(WithReason(reason), {});
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << where;
    EXPECT_THAT(s.message(), HasSubstr(where));
  }
  EXPECT_TRUE(
      CheckRequestLimits(WithReason("2023年计划建设727套, 10月末已开工"), {})
          .ok());
}

TEST(CheckRequestLimitsTest, LimitsAreInclusive) {
  ScoringLimits limits;
  limits.max_facts = 2;
  v1::EvaluateRequest r;
  (*r.mutable_facts())["a"].set_flag(true);
  (*r.mutable_facts())["b"].set_flag(true);
  EXPECT_TRUE(CheckRequestLimits(r, limits).ok());
  (*r.mutable_facts())["c"].set_flag(true);
  absl::Status s = CheckRequestLimits(r, limits);
  EXPECT_THAT(s.message(), HasSubstr("facts: "));
  EXPECT_THAT(s.message(), HasSubstr("got 3"));
}

TEST(CheckRequestLimitsTest, LongKeysAreQuotedShort) {
  v1::EvaluateRequest r;
  (*r.mutable_facts())[std::string(100000, 'k')].set_flag(true);
  absl::Status s = CheckRequestLimits(r, {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(s.message().size(), 300u);  // never echo megabytes back
  EXPECT_THAT(s.message(), HasSubstr("100000 bytes"));
}

TEST(LimitsFromConfigTest, ReadsTheLimitsSection) {
  auto config = common::Config::Parse(
      "limits:\n  max_facts: 10\n  max_batch_items: 50\n", "scoring.yaml");
  ASSERT_TRUE(config.ok());
  auto limits = LimitsFromConfig(*config);
  ASSERT_TRUE(limits.ok()) << limits.status();
  EXPECT_EQ(limits->max_facts, 10);
  EXPECT_EQ(limits->max_batch_items, 50);
  EXPECT_EQ(limits->max_reason_bytes, ScoringLimits().max_reason_bytes);
}

TEST(LimitsFromConfigTest, NamesFileLineAndKey) {
  auto config = common::Config::Parse("limits:\n  max_facts: -1\n", "s.yaml");
  ASSERT_TRUE(config.ok());
  auto limits = LimitsFromConfig(*config);
  EXPECT_EQ(limits.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(limits.status().message(), HasSubstr("s.yaml:2"));
  EXPECT_THAT(limits.status().message(), HasSubstr("limits.max_facts"));
  EXPECT_THAT(limits.status().message(), HasSubstr("got \"-1\""));

  auto typo = common::Config::Parse("limits:\n  max_fatcs: 1\n", "s.yaml");
  ASSERT_TRUE(typo.ok());
  EXPECT_THAT(LimitsFromConfig(*typo).status().message(),
              HasSubstr("limits.max_fatcs"));
}

TEST(CheckBatchLimitsTest, CountsAndOrgs) {
  ScoringLimits limits;
  limits.max_batch_items = 2;
  v1::EvaluateBatchRequest batch;
  batch.add_items()->set_org("150402");
  batch.add_items()->set_org("150403");
  EXPECT_TRUE(CheckBatchLimits(batch, limits).ok());
  batch.add_items()->set_org("150404");
  EXPECT_THAT(CheckBatchLimits(batch, limits).message(), HasSubstr("items: "));
  batch.mutable_items(2)->set_org("150402");
  limits.max_batch_items = 3;
  absl::Status dup = CheckBatchLimits(batch, limits);
  EXPECT_THAT(dup.message(), HasSubstr("items[2].org"));
  EXPECT_THAT(dup.message(), HasSubstr("items[0]"));
}

}  // namespace
}  // namespace anju::scoring
