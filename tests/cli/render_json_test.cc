#include <string>

#include "cli/render.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_response.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;

TEST(RenderJsonTest, ProtoFieldNamesAndUnescapedChinese) {
  absl::StatusOr<std::string> json = RenderJson(testing::SampleResponse());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"rubric_version\": \"2023.1\""));
  EXPECT_THAT(*json, HasSubstr("\"missing_facts\": ["));
  EXPECT_THAT(*json, HasSubstr("\"name\": \"资金筹集\""));
  EXPECT_THAT(*json, HasSubstr("\"self_total\": 28.5"));
  // Zero-valued fields are printed too: scripts need not know proto3.
  EXPECT_THAT(*json, HasSubstr("\"grade\": \"GRADE_UNSPECIFIED\""));
  EXPECT_EQ(json->front(), '{');
}

TEST(RenderJsonTest, RoundTrips) {
  const anju::v1::EvaluateResponse response = testing::SampleResponse();
  absl::StatusOr<std::string> json = RenderJson(response);
  ASSERT_TRUE(json.ok()) << json.status();
  anju::v1::EvaluateResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &parsed).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(parsed, response));
}

}  // namespace
}  // namespace anju::cli
