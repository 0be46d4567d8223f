#include "services/submission/time_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace anju::submission {
namespace {

using ::testing::HasSubstr;

TEST(TimeTextTest, FormatsInShanghai) {
  absl::StatusOr<absl::Time> utc =
      ParseInstant("2024-03-31T15:59:59Z", "deadline");
  ASSERT_TRUE(utc.ok()) << utc.status();
  EXPECT_EQ(FormatShanghai(*utc), "2024-03-31T23:59:59+08:00");
}

TEST(TimeTextTest, OffsetsAreTheSameInstant) {
  auto a = ParseInstant("2024-03-31T23:59:59+08:00", "a");
  auto b = ParseInstant("2024-03-31T15:59:59+00:00", "b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(TimeTextTest, RefusesTextWithoutOffset) {
  auto t = ParseInstant("2024-03-31T23:59:59", "campaign.deadlines.x");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(t.status().message(), HasSubstr("campaign.deadlines.x"));
  EXPECT_FALSE(ParseInstant("", "f").ok());
  EXPECT_FALSE(ParseInstant("2024-03-31", "f").ok());
}

}  // namespace
}  // namespace anju::submission
