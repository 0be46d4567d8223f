// End to end in simulated time: the real anju-scoring, anju-submission and
// anju-notification binaries (authentication off), a real SMTP server and a
// webhook receiver that checks signatures (tests/sinks). A campaign's
// reminders arrive exactly once each by e-mail and webhook; a county that
// submits stops receiving them (and its city hears that it submitted);
// kill -9 of anju-notification between two deliveries sends no duplicate;
// after a jump over two overdue days only the latest is sent, with a note;
// the overdue county's city coordinator receives the escalation.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "anju/v1/notification.grpc.pb.h"
#include "anju/v1/submission.grpc.pb.h"
#include "tests/notification/end_to_end_fixture.h"

namespace anju::notification {
namespace {

using testing::Call;
using testing::ChildServer;
using testing::EndToEndTest;
using ::testing::HasSubstr;
using testing::kHongshan;
using testing::kSecret;
using testing::kYuanbaoshan;
using testing::MailMessage;
using testing::WebhookRequest;

TEST_F(EndToEndTest, CampaignCalendarOnceEachAcrossKillNine) {
  ASSERT_NO_FATAL_FAILURE(CreateCampaign());
  SetClock("2024-03-12T08:00:00+08:00");
  ASSERT_NO_FATAL_FAILURE(StartNotification());
  PutContact(kHongshan, "filer", "hs@example.gov.cn", "/hongshan");
  PutContact(kYuanbaoshan, "filer", "ybs@example.gov.cn", "");
  PutContact("150400", "coordinator", "boss@example.gov.cn", "");

  SetClock("2024-03-13T09:00:30+08:00");  // T−7
  ExpectMail("hs@example.gov.cn", 1);
  ExpectMail("ybs@example.gov.cn", 1);
  SubmitRental(kYuanbaoshan);             // between two reminders
  SetClock("2024-03-17T09:00:30+08:00");  // T−3
  ExpectMail("hs@example.gov.cn", 2);
  ExpectMail("ybs@example.gov.cn", 1);
  auto boss = ExpectMail("boss@example.gov.cn", 1);  // 元宝山区 submitted
  EXPECT_THAT(boss[0].subject, HasSubstr("元宝山区"));

  notification_->Stop(SIGKILL);
  SetClock("2024-03-19T09:00:30+08:00");  // T−1, while it is down
  ASSERT_NO_FATAL_FAILURE(StartNotification());
  ExpectMail("hs@example.gov.cn", 3);
  notification_->Stop(SIGKILL);
  ASSERT_NO_FATAL_FAILURE(StartNotification());  // again: nothing is sent twice

  // Overdue days 1 and 2 pass while it is down; day 3 brings escalation.
  notification_->Stop(SIGKILL);
  SetClock("2024-03-23T09:00:30+08:00");
  ASSERT_NO_FATAL_FAILURE(StartNotification());
  auto hs = ExpectMail("hs@example.gov.cn", 4);
  EXPECT_THAT(hs[0].subject, HasSubstr("【催报提醒】红山区"));
  EXPECT_THAT(hs[3].subject, HasSubstr("【逾期通知】红山区"));
  EXPECT_THAT(hs[3].body, HasSubstr("停机期间另有 2 条逾期通知未补发"));
  std::set<std::string> ids;
  for (const MailMessage& m : hs) ids.insert(m.message_id);
  EXPECT_EQ(ids.size(), 4u);
  ExpectMail("ybs@example.gov.cn", 1);

  int escalations_about_hongshan = 0;
  for (const MailMessage& m : MailTo("boss@example.gov.cn")) {
    if (m.subject.find("逾期督办") != std::string::npos &&
        m.subject.find("红山区") != std::string::npos) {
      ++escalations_about_hongshan;
    }
  }
  EXPECT_EQ(escalations_about_hongshan, 1);

  auto requests = hooks_->WaitForRequests(4);
  ASSERT_TRUE(requests.ok()) << requests.status();
  EXPECT_EQ(requests->size(), 4u);
  for (const WebhookRequest& r : *requests) {
    EXPECT_TRUE(r.signature_ok);
    EXPECT_TRUE(r.json_ok);
    EXPECT_FALSE(r.duplicate) << r.headers.at("idempotency-key");
  }
  EXPECT_EQ(notification_->Stop(SIGTERM), 0);
}

// A webhook receiver that fails twice and recovers: the same delivery is
// retried (same Idempotency-Key) until it is accepted; an SMTP 550 is a
// dead letter at once, listed with the server's answer.
class EndToEndRetryTest : public EndToEndTest {
 protected:
  void SetUp() override {
    fail_first_ = 2;
    EndToEndTest::SetUp();
  }
};

TEST_F(EndToEndRetryTest, ReceiverFailsAndRecoversAnd550IsADeadLetter) {
  ASSERT_NO_FATAL_FAILURE(CreateCampaign());
  SetClock("2024-03-12T08:00:00+08:00");
  ASSERT_NO_FATAL_FAILURE(StartNotification());
  PutContact(kHongshan, "filer", "dead@example.gov.cn", "/hongshan");
  SetClock("2024-03-13T09:00:30+08:00");  // T−7
  auto first = hooks_->WaitForRequests(1);
  ASSERT_TRUE(first.ok()) << first.status();
  // Backoff is 200 ms, then 400 ms, in simulated time.
  SetClock("2024-03-13T09:00:31+08:00");
  ASSERT_TRUE(hooks_->WaitForRequests(2).ok());
  SetClock("2024-03-13T09:00:32+08:00");
  auto all = hooks_->WaitForRequests(3);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].status, 500);
  EXPECT_EQ((*all)[2].status, 200);
  EXPECT_EQ((*all)[0].headers.at("idempotency-key"),
            (*all)[2].headers.at("idempotency-key"));

  v1::ListDeliveriesRequest request;
  v1::ListDeliveriesResponse response;
  for (int i = 0; i < 50; ++i) {
    response.Clear();
    ASSERT_TRUE(Call(*stub_, &v1::NotificationService::Stub::ListDeliveries,
                     request, &response)
                    .ok());
    int settled = 0;
    for (const auto& d : response.deliveries()) {
      settled += d.state() == v1::DELIVERY_STATE_SENT ||
                 d.state() == v1::DELIVERY_STATE_DEAD;
    }
    if (settled == 2) break;  // webhook and e-mail
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(response.deliveries_size(), 2);
  for (const auto& d : response.deliveries()) {
    if (d.channel() == v1::CHANNEL_WEBHOOK) {
      EXPECT_EQ(d.state(), v1::DELIVERY_STATE_SENT);
      EXPECT_EQ(d.attempts(), 3);
    } else if (d.channel() == v1::CHANNEL_EMAIL) {
      EXPECT_EQ(d.state(), v1::DELIVERY_STATE_DEAD);
      EXPECT_THAT(d.last_error(), HasSubstr("550"));
      EXPECT_EQ(d.attempts(), 1);
    }
  }
}

}  // namespace
}  // namespace anju::notification
