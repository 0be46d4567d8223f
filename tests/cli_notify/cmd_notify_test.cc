// anjuctl's notification commands against a mocked stub: the requests they
// build from arguments, the tables they print, the errors they report.
#include "cli/cmd_notify.h"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "anju/v1/notification_mock.grpc.pb.h"
#include "cli/command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::cli {
namespace {

using anju::v1::MockNotificationServiceStub;
using ::testing::_;
using ::testing::DoAll;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::SetArgPointee;

class NotifyCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stub = std::make_unique<MockNotificationServiceStub>();
    stub_ = stub.get();
    client_ = std::make_unique<NotificationClient>(
        std::move(stub),
        Endpoint{"notification service", "127.0.0.1:9", absl::Seconds(5), ""});
  }
  MockNotificationServiceStub* stub_;
  std::unique_ptr<NotificationClient> client_;
  std::ostringstream out_;
};

TEST(ParseKind, KnownNamesAndAUsageError) {
  EXPECT_EQ(*ParseKind("reminder"), anju::v1::NOTICE_KIND_REMINDER);
  EXPECT_EQ(*ParseKind("review_published"),
            anju::v1::NOTICE_KIND_REVIEW_PUBLISHED);
  const absl::Status bad = ParseKind("remind").status();
  EXPECT_TRUE(IsUsageError(bad));
  EXPECT_THAT(std::string(bad.message()), HasSubstr("remind"));
}

TEST(BuildPutContact, SetsEveryFieldAndReadsTheSecretFromAFile) {
  char path[] = "/tmp/anju-secret-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "  hmac-key-1\n";
  ContactOptions o;
  o.org = "150402";
  o.name = "王科长";
  o.role = "coordinator";
  o.email = "wang@hongshan.gov.cn";
  o.webhook_url = "https://im.example.cn/hook";
  o.webhook_secret_file = path;
  o.kinds = {"reminder", "escalation"};
  auto request = BuildPutContact(o);
  unlink(path);
  ASSERT_TRUE(request.ok()) << request.status();
  const anju::v1::Contact& c = request->contact();
  EXPECT_EQ(c.org(), "150402");
  EXPECT_EQ(c.role(), "coordinator");
  EXPECT_EQ(c.webhook_secret(), "hmac-key-1");
  EXPECT_TRUE(c.inbox());
  ASSERT_EQ(c.kinds_size(), 2);
  EXPECT_EQ(c.kinds(1), anju::v1::NOTICE_KIND_ESCALATION);
}

TEST(BuildPutContact, RefusesNoChannelAndUnknownKinds) {
  ContactOptions o;
  o.org = "150402";
  o.name = "王科长";
  o.inbox = false;
  EXPECT_TRUE(IsUsageError(BuildPutContact(o).status()));
  o.inbox = true;
  o.kinds = {"reminders"};
  EXPECT_TRUE(IsUsageError(BuildPutContact(o).status()));
  o.kinds = {};
  o.webhook_secret_file = "/nonexistent/secret";
  EXPECT_EQ(BuildPutContact(o).status().code(), absl::StatusCode::kNotFound);
}

TEST(ApplyPolicyOptions, ChangesOnlyWhatIsGiven) {
  anju::v1::ReminderPolicy current;
  current.set_year(2023);
  for (int d : {7, 3, 1}) current.add_remind_days_before(d);
  current.set_send_time("09:00");
  current.set_overdue_every_days(1);
  current.set_escalate_after_days(3);
  current.set_is_default(true);
  PolicyOptions o;
  o.year = 2023;
  o.escalate_after_days = 5;
  auto changed = ApplyPolicyOptions(o, current);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->remind_days_before_size(), 3);
  EXPECT_EQ(changed->send_time(), "09:00");
  EXPECT_EQ(changed->escalate_after_days(), 5);
  EXPECT_FALSE(changed->is_default());
  o.remind_days_before = {10, 5};
  o.send_time = "08:30";
  o.overdue_every_days = 0;
  changed = ApplyPolicyOptions(o, current);
  ASSERT_TRUE(changed.ok());
  EXPECT_THAT(changed->remind_days_before(), ::testing::ElementsAre(10, 5));
  EXPECT_EQ(changed->send_time(), "08:30");
  EXPECT_EQ(changed->overdue_every_days(), 0);
}

TEST(ApplyPolicyOptions, RefusesBadTimesAndDays) {
  PolicyOptions o;
  o.year = 2023;
  for (const char* bad : {"9:00", "24:00", "09:60", "0900", "ab:cd"}) {
    o.send_time = bad;
    const absl::Status s = ApplyPolicyOptions(o, {}).status();
    EXPECT_TRUE(IsUsageError(s)) << bad;
    EXPECT_THAT(std::string(s.message()), HasSubstr("--send-time"));
  }
  o.send_time = "";
  o.remind_days_before = {7, -1};
  EXPECT_TRUE(IsUsageError(ApplyPolicyOptions(o, {}).status()));
  o.remind_days_before = {400};
  EXPECT_TRUE(IsUsageError(ApplyPolicyOptions(o, {}).status()));
}

TEST(BuildListDeliveries, DeadAndState) {
  DeliveryOptions o;
  o.dead = true;
  EXPECT_EQ(BuildListDeliveries(o)->state(), anju::v1::DELIVERY_STATE_DEAD);
  o.dead = false;
  o.state = "skipped";
  EXPECT_EQ(BuildListDeliveries(o)->state(), anju::v1::DELIVERY_STATE_SKIPPED);
  o.state = "lost";
  EXPECT_TRUE(IsUsageError(BuildListDeliveries(o).status()));
  o.dead = true;
  o.state = "sent";
  EXPECT_TRUE(IsUsageError(BuildListDeliveries(o).status()));
}

TEST_F(NotifyCommandTest, ContactListPrintsAChineseTable) {
  anju::v1::ListContactsResponse response;
  anju::v1::Contact* c = response.add_contacts();
  c->set_id("c1");
  c->set_org("150402");
  c->set_name("王科长");
  c->set_role("filer");
  c->set_email("wang@hongshan.gov.cn");
  c->set_inbox(true);
  c->add_kinds(anju::v1::NOTICE_KIND_REMINDER);
  anju::v1::ListContactsRequest sent;
  EXPECT_CALL(*stub_, ListContacts(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(response),
                      Return(grpc::Status::OK)));
  ContactOptions o;
  o.org = "150402";
  ASSERT_TRUE(RunContactList(o, *client_, out_).ok());
  EXPECT_EQ(sent.org(), "150402");
  const std::string text = out_.str();
  EXPECT_THAT(text, HasSubstr("姓名"));
  EXPECT_THAT(text, HasSubstr("王科长"));
  EXPECT_THAT(text, HasSubstr("填报人"));
  EXPECT_THAT(text, HasSubstr("截止前提醒"));
  EXPECT_THAT(text, HasSubstr("共1个联系人"));
}

TEST_F(NotifyCommandTest, PolicySetReadsThenWrites) {
  anju::v1::ReminderPolicy current;
  current.set_year(2023);
  for (int d : {7, 3, 1}) current.add_remind_days_before(d);
  current.set_send_time("09:00");
  current.set_overdue_every_days(1);
  current.set_escalate_after_days(3);
  anju::v1::SetReminderPolicyRequest written;
  EXPECT_CALL(*stub_, GetReminderPolicy(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(current), Return(grpc::Status::OK)));
  EXPECT_CALL(*stub_, SetReminderPolicy(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&written), SetArgPointee<2>(current),
                      Return(grpc::Status::OK)));
  PolicyOptions o;
  o.year = 2023;
  o.send_time = "08:00";
  ASSERT_TRUE(RunPolicySet(o, *client_, out_).ok());
  EXPECT_EQ(written.policy().send_time(), "08:00");
  EXPECT_EQ(written.policy().remind_days_before_size(), 3);
  EXPECT_THAT(out_.str(), HasSubstr("T-7、T-3、T-1"));
}

TEST_F(NotifyCommandTest, PreviewTable) {
  anju::v1::PreviewRemindersResponse response;
  anju::v1::PlannedNotice* n = response.add_notices();
  n->set_org("150400");
  n->set_org_name("赤峰市");
  n->set_kind(anju::v1::NOTICE_KIND_ESCALATION);
  n->set_programme("rental");
  n->set_deadline("2024-03-31T18:00:00+08:00");
  n->set_send_time("2024-04-03T09:00:00.000+08:00");
  n->add_contact_ids("c9");
  n->set_about_org("150402");
  anju::v1::PreviewRemindersRequest sent;
  EXPECT_CALL(*stub_, PreviewReminders(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(response),
                      Return(grpc::Status::OK)));
  PreviewOptions o;
  o.year = 2023;
  o.from = "2024-03-20T00:00:00+08:00";
  o.org = "150400";
  ASSERT_TRUE(RunPreview(o, *client_, out_).ok());
  EXPECT_EQ(sent.year(), 2023);
  EXPECT_EQ(sent.from(), o.from);
  const std::string text = out_.str();
  EXPECT_THAT(text, HasSubstr("逾期督办"));
  EXPECT_THAT(text, HasSubstr("2024-04-03T09:00:00+08:00"));
  EXPECT_THAT(text, HasSubstr("赤峰市"));
  EXPECT_THAT(text, HasSubstr("共1条待发通知"));
}

TEST_F(NotifyCommandTest, DeadLettersShowTheLastError) {
  anju::v1::ListDeliveriesResponse response;
  anju::v1::Delivery* d = response.add_deliveries();
  d->set_id("d42");
  d->set_org("150402");
  d->set_kind(anju::v1::NOTICE_KIND_OVERDUE);
  d->set_channel(anju::v1::CHANNEL_EMAIL);
  d->set_address("nobody@hongshan.gov.cn");
  d->set_state(anju::v1::DELIVERY_STATE_DEAD);
  d->set_attempts(1);
  d->set_last_error("SMTP 拒收 (550): 550 5.1.1 no such user");
  response.set_next_page_token("p2");
  anju::v1::ListDeliveriesRequest sent;
  EXPECT_CALL(*stub_, ListDeliveries(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(response),
                      Return(grpc::Status::OK)));
  DeliveryOptions o;
  o.dead = true;
  ASSERT_TRUE(RunDeliveriesList(o, *client_, out_).ok());
  EXPECT_EQ(sent.state(), anju::v1::DELIVERY_STATE_DEAD);
  const std::string text = out_.str();
  EXPECT_THAT(text, HasSubstr("投递失败"));
  EXPECT_THAT(text, HasSubstr("邮件"));
  EXPECT_THAT(text, HasSubstr("550"));
  EXPECT_THAT(text, HasSubstr("--page-token p2"));
}

TEST_F(NotifyCommandTest, InboxReadPrintsTheBody) {
  anju::v1::InboxMessage m;
  m.set_id("m1");
  m.set_org("150402");
  m.set_kind(anju::v1::NOTICE_KIND_REPORT_RETURNED);
  m.set_subject("租赁住房报告被退回");
  m.set_body("请补充资金拨付凭证。");
  m.set_read(true);
  anju::v1::MarkReadRequest sent;
  EXPECT_CALL(*stub_, MarkRead(_, _, _))
      .WillOnce(DoAll(SaveArg<1>(&sent), SetArgPointee<2>(m),
                      Return(grpc::Status::OK)));
  InboxOptions o;
  o.org = "150402";
  o.id = "m1";
  ASSERT_TRUE(RunInboxRead(o, *client_, out_).ok());
  EXPECT_EQ(sent.id(), "m1");
  EXPECT_THAT(out_.str(), HasSubstr("【报告被退回】租赁住房报告被退回"));
  EXPECT_THAT(out_.str(), HasSubstr("请补充资金拨付凭证。\n"));
}

TEST_F(NotifyCommandTest, ServiceErrorsPassThrough) {
  EXPECT_CALL(*stub_, ResendDelivery(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                    "region_admin only")));
  DeliveryOptions o;
  o.id = "d42";
  const absl::Status s = RunDeliveryResend(o, *client_, out_);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(out_.str(), Not(HasSubstr("已安排重发")));
}

TEST_F(NotifyCommandTest, JsonFormat) {
  anju::v1::InboxMessage m;
  m.set_id("m1");
  m.set_subject("提醒");
  EXPECT_CALL(*stub_, MarkRead(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(m), Return(grpc::Status::OK)));
  InboxOptions o;
  o.id = "m1";
  o.format = "json";
  ASSERT_TRUE(RunInboxRead(o, *client_, out_).ok());
  EXPECT_THAT(out_.str(), HasSubstr("\"subject\": \"提醒\""));
}

}  // namespace
}  // namespace anju::cli
