// Retryable or dead letter, for every kind of answer (Sender::Send's
// contract), without a network.
#include "services/notification/delivery/outcome.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::notification {
namespace {

using ::testing::HasSubstr;
using Code = absl::StatusCode;

Attempt With(CURLcode result, long code, std::string reply = "") {
  Attempt a;
  a.result = result;
  a.reply_code = code;
  a.reply = std::move(reply);
  return a;
}

TEST(SmtpOutcome, Codes) {
  EXPECT_TRUE(SmtpOutcome(With(CURLE_OK, 250)).ok());
  EXPECT_EQ(SmtpOutcome(With(CURLE_SEND_ERROR, 451, "451 4.3.0 later")).code(),
            Code::kUnavailable);
  const absl::Status dead =
      SmtpOutcome(With(CURLE_SEND_ERROR, 550, "550 5.1.1 no such user\r\n"));
  EXPECT_EQ(dead.code(), Code::kFailedPrecondition);
  EXPECT_THAT(std::string(dead.message()), HasSubstr("550 5.1.1 no such user"));
  EXPECT_EQ(SmtpOutcome(With(CURLE_COULDNT_CONNECT, 0)).code(),
            Code::kUnavailable);
  EXPECT_EQ(SmtpOutcome(With(CURLE_OPERATION_TIMEDOUT, 0)).code(),
            Code::kDeadlineExceeded);
  EXPECT_EQ(SmtpOutcome(With(CURLE_LOGIN_DENIED, 535)).code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(SmtpOutcome(With(CURLE_USE_SSL_FAILED, 0)).code(),
            Code::kFailedPrecondition);
}

TEST(HttpOutcome, Codes) {
  EXPECT_TRUE(HttpOutcome(With(CURLE_OK, 200)).ok());
  EXPECT_TRUE(HttpOutcome(With(CURLE_OK, 204)).ok());
  for (long retry : {408L, 429L, 500L, 502L, 503L}) {
    EXPECT_EQ(HttpOutcome(With(CURLE_OK, retry)).code(), Code::kUnavailable)
        << retry;
  }
  for (long dead : {301L, 302L, 400L, 401L, 403L, 404L, 410L}) {
    EXPECT_EQ(HttpOutcome(With(CURLE_OK, dead)).code(),
              Code::kFailedPrecondition)
        << dead;
  }
  const absl::Status said =
      HttpOutcome(With(CURLE_OK, 400, "{\"error\":\"bad org\"}"));
  EXPECT_THAT(std::string(said.message()), HasSubstr("bad org"));
  // A body too long to read: the status line decides.
  EXPECT_TRUE(HttpOutcome(With(CURLE_WRITE_ERROR, 200)).ok());
  EXPECT_EQ(HttpOutcome(With(CURLE_COULDNT_CONNECT, 0)).code(),
            Code::kUnavailable);
  EXPECT_EQ(HttpOutcome(With(CURLE_OPERATION_TIMEDOUT, 0)).code(),
            Code::kDeadlineExceeded);
  EXPECT_EQ(HttpOutcome(With(CURLE_PEER_FAILED_VERIFICATION, 0)).code(),
            Code::kFailedPrecondition);
}

TEST(AppendCapped, KeepsTheStart) {
  std::string reply;
  AppendCapped(&reply, "12345", 3);
  AppendCapped(&reply, "678", 3);
  EXPECT_EQ(reply, "123");
}

}  // namespace
}  // namespace anju::notification
