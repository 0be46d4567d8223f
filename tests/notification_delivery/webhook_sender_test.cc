// Webhooks to a real HTTP receiver (tests/sinks/webhook_receiver.py) that
// checks the HMAC signature: accepted, refused with a wrong secret, 500
// then recovery, 400 for good, timeouts, a dead port.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/notification/delivery/senders.h"
#include "services/notification/delivery/webhook_body.h"
#include "tests/sinks/sinks.h"

namespace anju::notification {
namespace {

using ::testing::HasSubstr;
using testing::sinks::WebhookReceiver;
using testing::sinks::WebhookReceiverOptions;
using testing::sinks::WebhookRequest;

constexpr char kSecret[] = "s3cr3t-赤峰";

Notice EscalationTo(const std::string& url,
                    const std::string& secret = kSecret) {
  Notice n;
  n.idempotency_key = "2023|150400|escalation|2024-04-04T09:00|c9|webhook";
  n.kind = v1::NOTICE_KIND_ESCALATION;
  n.org = "150400";
  n.org_name = "赤峰市";
  n.subject = "【逾期督办】红山区 \"租赁住房保障\" 已逾期 3 天";
  n.body = "红山区尚未报送。\n请督促。\\ 结束";
  n.due_time = absl::FromUnixSeconds(1712192400);
  n.fields = {{"about_org", "150402"}, {"year", "2023"}};
  n.address = url;
  n.webhook_secret = secret;
  return n;
}

std::unique_ptr<WebhookReceiver> Start(WebhookReceiverOptions options) {
  auto receiver = WebhookReceiver::Start(std::move(options));
  EXPECT_TRUE(receiver.ok()) << receiver.status();
  return receiver.ok() ? std::move(*receiver) : nullptr;
}

std::unique_ptr<Sender> Sender(absl::Duration timeout = absl::Seconds(5)) {
  WebhookSettings settings;
  settings.timeout = timeout;
  return NewWebhookSender(settings);
}

TEST(WebhookSender, SignedJsonArrivesAndVerifies) {
  auto receiver = Start({kSecret});
  ASSERT_NE(receiver, nullptr);
  const Notice n = EscalationTo(receiver->url());
  ASSERT_TRUE(Sender()->Send(n).ok());
  auto requests = receiver->WaitForRequests(1);
  ASSERT_TRUE(requests.ok()) << requests.status();
  ASSERT_EQ(requests->size(), 1u);
  const WebhookRequest& r = (*requests)[0];
  EXPECT_TRUE(r.signature_ok);
  EXPECT_TRUE(r.json_ok);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/hook");
  EXPECT_EQ(r.headers.at("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.headers.at("idempotency-key"), n.idempotency_key);
  EXPECT_EQ(r.headers.at("user-agent"), "anju-notification");
  EXPECT_EQ(r.body, *WebhookBody(n));
  google::protobuf::Struct parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(r.body, &parsed).ok());
  EXPECT_EQ(parsed.fields().at("subject").string_value(), n.subject);
  EXPECT_EQ(parsed.fields().at("body").string_value(), n.body);
  int64_t timestamp = 0;
  ASSERT_TRUE(absl::SimpleAtoi(r.headers.at("x-anju-timestamp"), &timestamp));
  EXPECT_LT(std::abs(timestamp - absl::ToUnixSeconds(absl::Now())), 60);
}

TEST(WebhookSender, WrongSecretIsRefusedAndNotRetried) {
  auto receiver = Start({kSecret});
  ASSERT_NE(receiver, nullptr);
  const absl::Status s =
      Sender()->Send(EscalationTo(receiver->url(), "not-the-secret"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("401"));
  auto requests = receiver->WaitForRequests(1);
  ASSERT_TRUE(requests.ok());
  ASSERT_EQ(requests->size(), 1u);
  EXPECT_FALSE((*requests)[0].signature_ok);
}

TEST(WebhookSender, ServerErrorThenRecovery) {
  auto receiver = Start({kSecret, /*fail_first=*/2});
  ASSERT_NE(receiver, nullptr);
  auto sender = Sender();
  const Notice n = EscalationTo(receiver->url());
  absl::Status s = sender->Send(n);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("500"));
  EXPECT_EQ(sender->Send(n).code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(sender->Send(n).ok());
  auto requests = receiver->WaitForRequests(3);
  ASSERT_TRUE(requests.ok());
  ASSERT_EQ(requests->size(), 3u);
  // Every attempt carries the same key: the receiver can de-duplicate.
  for (const WebhookRequest& r : *requests) {
    EXPECT_EQ(r.headers.at("idempotency-key"), n.idempotency_key);
  }
}

TEST(WebhookSender, BadRequestIsADeadLetter) {
  auto receiver = Start({kSecret, 0, /*always=*/400});
  ASSERT_NE(receiver, nullptr);
  const absl::Status s = Sender()->Send(EscalationTo(receiver->url()));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("400"));
}

TEST(WebhookSender, RedirectIsNotFollowed) {
  auto receiver = Start({"", 0, /*always=*/302});
  ASSERT_NE(receiver, nullptr);
  const absl::Status s = Sender()->Send(EscalationTo(receiver->url()));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("302"));
  auto requests = receiver->WaitForRequests(1);
  ASSERT_TRUE(requests.ok());
  EXPECT_EQ(requests->size(), 1u);
}

TEST(WebhookSender, UserAgentCannotInjectHeaders) {
  WebhookSettings settings;
  settings.user_agent = "anju\r\nX-Evil: 1";
  EXPECT_EQ(NewWebhookSender(settings)
                ->Send(EscalationTo("http://127.0.0.1:1/hook"))
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(WebhookSender, TooManyRequestsIsRetryable) {
  auto receiver = Start({"", 0, /*always=*/429});
  ASSERT_NE(receiver, nullptr);
  EXPECT_EQ(Sender()->Send(EscalationTo(receiver->url())).code(),
            absl::StatusCode::kUnavailable);
}

TEST(WebhookSender, SlowReceiverTimesOut) {
  auto receiver = Start({kSecret, 0, 0, /*delay_seconds=*/3});
  ASSERT_NE(receiver, nullptr);
  const absl::Time start = absl::Now();
  const absl::Status s =
      Sender(absl::Milliseconds(500))->Send(EscalationTo(receiver->url()));
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST(WebhookSender, ConnectionRefusedIsUnavailable) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  const std::string url =
      absl::StrCat("http://127.0.0.1:", ntohs(addr.sin_port), "/hook");
  EXPECT_EQ(Sender()->Send(EscalationTo(url)).code(),
            absl::StatusCode::kUnavailable);
}

TEST(WebhookSender, OneSenderManyThreads) {
  auto receiver = Start({kSecret});
  ASSERT_NE(receiver, nullptr);
  auto sender = Sender();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Notice n = EscalationTo(receiver->url());
        n.idempotency_key = absl::StrCat("key-", t, "-", i);
        if (!sender->Send(n).ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto requests = receiver->WaitForRequests(40);
  ASSERT_TRUE(requests.ok());
  ASSERT_EQ(requests->size(), 40u);
  std::set<std::string> keys;
  for (const WebhookRequest& r : *requests) {
    EXPECT_TRUE(r.signature_ok);
    EXPECT_FALSE(r.duplicate);
    keys.insert(r.headers.at("idempotency-key"));
  }
  EXPECT_EQ(keys.size(), 40u);
}

TEST(WebhookSender, OnlyHttpUrls) {
  for (const char* url : {"file:///etc/passwd", "ftp://x/y", "gopher://x/"}) {
    EXPECT_EQ(Sender()->Send(EscalationTo(url)).code(),
              absl::StatusCode::kInvalidArgument)
        << url;
  }
}

}  // namespace
}  // namespace anju::notification
