// E-mail through a real SMTP server (tests/sinks/smtp_sink.py, aiosmtpd):
// Chinese text arrives intact, Message-IDs follow the key, 4xx is worth a
// retry and 5xx is not, a dead port or a silent server is retryable.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/notification/delivery/senders.h"
#include "tests/sinks/sinks.h"

namespace anju::notification {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::sinks::MailMessage;
using testing::sinks::SmtpSink;
using testing::sinks::SmtpSinkOptions;

Notice ReminderTo(const std::string& address) {
  Notice n;
  n.idempotency_key = "2023|150402|reminder|2024-03-24T09:00|c1|email";
  n.kind = v1::NOTICE_KIND_REMINDER;
  n.org = "150402";
  n.org_name = "红山区";
  n.recipient_name = "红山区住建局 王科长";
  n.address = address;
  n.subject =
      "【催报提醒】红山区 2023 年度城镇保障性安居工程绩效自评将于 3 月 31 "
      "日截止，请尽快报送租赁住房保障、城市棚户区改造、城镇老旧小区改造三项";
  n.body =
      "王科长：\n\n红山区 2023 年度租赁住房保障绩效自评尚未报送，"
      "截止时间 2024-03-31 18:00。\n请登录安居系统填报。\n— 赤峰市住建局\n";
  return n;
}

SmtpSettings SettingsFor(const std::string& url) {
  SmtpSettings s;
  s.url = url;
  s.from = "安居绩效评价 <noreply@anju.local>";
  s.timeout = absl::Seconds(5);
  return s;
}

// A port with nobody listening: bind, read the port, close.
int DeadPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class SmtpSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sink =
        SmtpSink::Start(SmtpSinkOptions{{"later@.*=451", "nobody@.*=550"}});
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = std::move(*sink);
    sender_ = NewSmtpSender(SettingsFor(sink_->url()));
  }
  std::unique_ptr<SmtpSink> sink_;
  std::unique_ptr<Sender> sender_;
};

TEST_F(SmtpSenderTest, ChineseSubjectAndBodyArriveIntact) {
  const Notice n = ReminderTo("wang@hongshan.gov.cn");
  ASSERT_TRUE(sender_->Send(n).ok());
  auto messages = sink_->WaitForMessages(1);
  ASSERT_TRUE(messages.ok()) << messages.status();
  ASSERT_EQ(messages->size(), 1u);
  const MailMessage& m = (*messages)[0];
  EXPECT_EQ(m.subject, n.subject);
  EXPECT_EQ(absl::StrReplaceAll(m.body, {{"\r\n", "\n"}}), n.body);
  EXPECT_EQ(m.to, "红山区住建局 王科长 <wang@hongshan.gov.cn>");
  EXPECT_EQ(m.from, "安居绩效评价 <noreply@anju.local>");
  EXPECT_EQ(m.mail_from, "noreply@anju.local");
  EXPECT_THAT(m.rcpt_tos, ElementsAre("wang@hongshan.gov.cn"));
  EXPECT_EQ(m.charset, "utf-8");
  EXPECT_EQ(m.transfer_encoding, "base64");
  EXPECT_THAT(m.date, HasSubstr("+0800"));
  EXPECT_LE(m.max_line, 78);  // RFC 5322 line length
}

TEST_F(SmtpSenderTest, MessageIdIsStablePerKey) {
  Notice first = ReminderTo("wang@hongshan.gov.cn");
  Notice other = first;
  other.idempotency_key = "2023|150402|reminder|2024-03-28T09:00|c1|email";
  ASSERT_TRUE(sender_->Send(first).ok());
  ASSERT_TRUE(sender_->Send(first).ok());  // a resend
  ASSERT_TRUE(sender_->Send(other).ok());
  auto messages = sink_->WaitForMessages(3);
  ASSERT_TRUE(messages.ok()) << messages.status();
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ((*messages)[0].message_id, MessageIdFor(first, "anju.local"));
  EXPECT_EQ((*messages)[0].message_id, (*messages)[1].message_id);
  EXPECT_NE((*messages)[0].message_id, (*messages)[2].message_id);
}

TEST_F(SmtpSenderTest, TemporaryRefusalIsRetryable) {
  const absl::Status s = sender_->Send(ReminderTo("later@hongshan.gov.cn"));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("451"));
  // The connection is still good for the next recipient.
  EXPECT_TRUE(sender_->Send(ReminderTo("wang@hongshan.gov.cn")).ok());
}

TEST_F(SmtpSenderTest, UnknownMailboxIsADeadLetter) {
  const absl::Status s = sender_->Send(ReminderTo("nobody@hongshan.gov.cn"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("550"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("no such user"));
  auto messages = sink_->Messages();
  ASSERT_TRUE(messages.ok());
  EXPECT_TRUE(messages->empty());
}

TEST_F(SmtpSenderTest, HeaderInjectionIsRefusedBeforeSending) {
  Notice n = ReminderTo("wang@hongshan.gov.cn");
  n.recipient_name = "王科长\r\nBcc: all@nmg.gov.cn";
  EXPECT_EQ(sender_->Send(n).code(), absl::StatusCode::kInvalidArgument);
  n = ReminderTo("wang@hongshan.gov.cn\r\nRCPT TO:<all@nmg.gov.cn>");
  EXPECT_EQ(sender_->Send(n).code(), absl::StatusCode::kInvalidArgument);
  auto messages = sink_->Messages();
  ASSERT_TRUE(messages.ok());
  EXPECT_TRUE(messages->empty());
}

TEST(SmtpSender, AuthWithTheRightPasswordOnly) {
  SmtpSinkOptions options;
  options.auth = "anju:pa55-赤峰";
  auto sink = SmtpSink::Start(options);
  ASSERT_TRUE(sink.ok()) << sink.status();
  SmtpSettings settings = SettingsFor((*sink)->url());
  settings.username = "anju";
  settings.password = "pa55-赤峰";
  EXPECT_TRUE(NewSmtpSender(settings)->Send(ReminderTo("a@b.cn")).ok());
  settings.password = "wrong";
  absl::Status s = NewSmtpSender(settings)->Send(ReminderTo("a@b.cn"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("535"));
  settings.username.clear();  // no AUTH at all
  s = NewSmtpSender(settings)->Send(ReminderTo("a@b.cn"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  auto messages = (*sink)->WaitForMessages(1);
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ(messages->size(), 1u);
}

TEST_F(SmtpSenderTest, RequiredTlsIsNotSkipped) {
  // The sink offers no STARTTLS: with TLS required nothing may go out.
  SmtpSettings settings = SettingsFor(sink_->url());
  settings.require_tls = true;
  const absl::Status s =
      NewSmtpSender(settings)->Send(ReminderTo("wang@hongshan.gov.cn"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  auto messages = sink_->Messages();
  ASSERT_TRUE(messages.ok());
  EXPECT_TRUE(messages->empty());
}

TEST(SmtpSender, ConnectionRefusedIsUnavailable) {
  auto sender =
      NewSmtpSender(SettingsFor(absl::StrCat("smtp://127.0.0.1:", DeadPort())));
  EXPECT_EQ(sender->Send(ReminderTo("wang@hongshan.gov.cn")).code(),
            absl::StatusCode::kUnavailable);
}

TEST(SmtpSender, SilentServerTimesOut) {
  // Listening but never greeting: the kernel accepts, nobody answers.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  SmtpSettings settings =
      SettingsFor(absl::StrCat("smtp://127.0.0.1:", ntohs(addr.sin_port)));
  settings.timeout = absl::Milliseconds(500);
  const absl::Time start = absl::Now();
  const absl::Status s =
      NewSmtpSender(settings)->Send(ReminderTo("wang@hongshan.gov.cn"));
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  close(fd);
}

TEST(SmtpSender, BadFromIsAConfigurationError) {
  SmtpSettings settings = SettingsFor("smtp://127.0.0.1:1");
  settings.from = "no address here";
  EXPECT_EQ(
      NewSmtpSender(settings)->Send(ReminderTo("wang@hongshan.gov.cn")).code(),
      absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace anju::notification
