// Reminder policies: the shipped defaults file, and validation naming the
// field and the rule.

#include "services/notification/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "services/notification/retry_policy.h"
#include "tests/notification/test_support.h"

namespace anju::notification {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::ReminderPolicy Valid() {
  v1::ReminderPolicy p;
  p.set_year(2023);
  for (int d : {7, 3, 1}) p.add_remind_days_before(d);
  p.set_send_time("09:00");
  p.set_overdue_every_days(1);
  p.set_escalate_after_days(3);
  return p;
}

TEST(PolicyTest, ShippedDefaultsAreSevenThreeOneAtNine) {
  auto policy = LoadPolicyFile(DefaultPolicyPath());
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_THAT(policy->remind_days_before(), ElementsAre(7, 3, 1));
  EXPECT_EQ(policy->send_time(), "09:00");
  EXPECT_EQ(policy->overdue_every_days(), 1);
  EXPECT_EQ(policy->escalate_after_days(), 3);
  EXPECT_TRUE(policy->is_default());
}

TEST(PolicyTest, ValidationNamesFieldAndRule) {
  EXPECT_TRUE(ValidatePolicy(Valid()).ok());
  struct Case {
    std::function<void(v1::ReminderPolicy&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](auto& p) { p.set_remind_days_before(1, 0); },
       "policy.remind_days_before[1]: 须在 1–60 之间 (got 0)"},
      {[](auto& p) { p.set_remind_days_before(0, 61); },
       "policy.remind_days_before[0]: 须在 1–60 之间 (got 61)"},
      {[](auto& p) { p.set_remind_days_before(2, 7); },
       "policy.remind_days_before[2]: 重复的天数 7"},
      {[](auto& p) { p.set_send_time("9:00"); },
       "policy.send_time: 须为 HH:MM"},
      {[](auto& p) { p.set_send_time("24:00"); },
       "policy.send_time: 须为 HH:MM"},
      {[](auto& p) { p.set_send_time("09:60"); }, "policy.send_time"},
      {[](auto& p) { p.set_overdue_every_days(31); },
       "policy.overdue_every_days: 须在 0–30 之间 (got 31)"},
      {[](auto& p) { p.set_escalate_after_days(-1); },
       "policy.escalate_after_days: 须在 0–60 之间 (got -1)"},
      {[](auto& p) {
         for (int d = 10; d < 20; ++d) p.add_remind_days_before(d);
       },
       "policy.remind_days_before: 至多 10 项"},
  };
  for (const Case& c : cases) {
    v1::ReminderPolicy p = Valid();
    c.change(p);
    absl::Status s = ValidatePolicy(p);
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << c.message;
    EXPECT_THAT(s.message(), HasSubstr(c.message));
  }
}

TEST(PolicyTest, FileWithUnknownKeyOrBadValueIsRefused) {
  testing::TempFolder dir("policy");
  const std::string path = dir.File("p.yaml");
  std::ofstream(path) << "remind_days_before: [7]\nsend_tiem: \"09:00\"\n";
  auto typo = LoadPolicyFile(path);
  EXPECT_THAT(typo.status().message(), HasSubstr("send_tiem"));
  std::ofstream(path, std::ios::trunc) << "remind_days_before: [0]\n"
                                          "send_time: \"09:00\"\n";
  auto bad = LoadPolicyFile(path);
  EXPECT_THAT(bad.status().message(),
              HasSubstr("policy.remind_days_before[0]"));
}

TEST(RetryPolicyTest, ExponentialWithCapThenNone) {
  RetryPolicy retry;
  retry.initial_backoff = absl::Minutes(1);
  retry.multiplier = 2;
  retry.max_backoff = absl::Minutes(3);
  retry.max_attempts = 4;
  ASSERT_TRUE(retry.Validate().ok());
  EXPECT_EQ(retry.BackoffAfter(1), absl::Minutes(1));
  EXPECT_EQ(retry.BackoffAfter(2), absl::Minutes(2));
  EXPECT_EQ(retry.BackoffAfter(3), absl::Minutes(3));  // capped from 4
  EXPECT_EQ(retry.BackoffAfter(4), std::nullopt);
  EXPECT_TRUE(IsRetryable(absl::UnavailableError("503")));
  EXPECT_TRUE(IsRetryable(absl::DeadlineExceededError("timeout")));
  EXPECT_FALSE(IsRetryable(absl::InvalidArgumentError("550 no such user")));
  retry.max_attempts = 0;
  EXPECT_FALSE(retry.Validate().ok());
}

}  // namespace
}  // namespace anju::notification
