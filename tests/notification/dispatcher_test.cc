// The dispatcher in simulated time (FakeClock), against the in-memory
// submission fake and recording senders, on a real SQLite file: a whole
// calendar delivered once, the re-check before sending, the outage rule, a
// crash left in SENDING, retries then a dead letter, and event notices.

#include "services/notification/dispatcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "services/notification/policy.h"
#include "tests/notification/fake_submission.h"
#include "tests/notification/test_support.h"
#include "tests/support/test_database.h"

namespace anju::notification {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kChifeng;
using testing::kHongshan;
using testing::T;
using testing::Tree;

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = test_support::TestDatabaseSettings(dir_.File("n.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    Open();
    reports_.AddCampaign(testing::TestCampaign());
    reports_.SetAll({"rental", "shanty", "oldcomm"}, 2023,
                    v1::REPORT_STATE_SUBMITTED_TO_CITY);
    reports_.SetState(kHongshan, "rental", 2023, v1::REPORT_STATE_DRAFT);
    AddContact(kHongshan, "filer", "hs@example.gov.cn", true);
    AddContact(kChifeng, "coordinator", "boss@example.gov.cn", false);
  }

  void Open() {
    dispatcher_.reset();
    store_.reset();
    auto store = NotificationStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    dispatcher_ = MakeDispatcher(store_.get(), "a");
  }

  // A dispatcher on `store` named `replica`, leases on the test's clock.
  std::unique_ptr<Dispatcher> MakeDispatcher(NotificationStore* store,
                                             const std::string& replica) {
    auto policy = LoadPolicyFile(DefaultPolicyPath());
    EXPECT_TRUE(policy.ok()) << policy.status();
    DispatcherOptions options;
    options.years = {2023};
    options.initial_lookback = absl::Hours(1);
    options.retry.initial_backoff = absl::Minutes(1);
    options.retry.max_backoff = absl::Minutes(3);
    options.retry.max_attempts = 4;
    options.replica_id = replica;
    return std::make_unique<Dispatcher>(
        store, &view_, &Tree(), &clock_,
        std::map<v1::Channel, Sender*>{{v1::CHANNEL_EMAIL, &email_}},
        policy.ok() ? *policy : v1::ReminderPolicy(), options, nullptr);
  }

  void AddContact(const std::string& org, const std::string& role,
                  const std::string& email, bool inbox) {
    v1::Contact c;
    c.set_org(org);
    c.set_name(email);
    c.set_role(role);
    c.set_email(email);
    c.set_inbox(inbox);
    ASSERT_TRUE(store_->PutContact(c, clock_.Now()).ok());
  }

  // Hour by hour until `until`, one round per hour.
  void RunUntil(const std::string& until) {
    for (absl::Time end = T(until); clock_.Now() < end;) {
      clock_.Advance(absl::Hours(1));
      ASSERT_TRUE(dispatcher_->RunOnce().ok());
    }
  }

  std::vector<std::string> Sent() const {
    std::vector<std::string> out;
    for (const Notice& n : email_.sent()) {
      out.push_back(absl::StrCat(n.address, " ", KindKey(n.kind), " ",
                                 FormatShanghai(n.due_time)));
    }
    return out;
  }

  std::vector<DeliveryRecord> Rows(v1::DeliveryState state) {
    DeliveryFilter f;
    f.state = state;
    f.limit = 1000;
    auto rows = store_->ListDeliveries(f);
    EXPECT_TRUE(rows.ok());
    return *rows;
  }

  testing::TempFolder dir_{"dispatcher"};
  testing::FakeReports reports_{&Tree()};
  testing::FakeView view_{&reports_};
  FakeClock clock_{T("2024-03-10T00:00:00+08:00")};
  testing::RecordingSender email_;
  storage::DatabaseSettings db_;  // reopened by Open() after a "crash"
  std::unique_ptr<NotificationStore> store_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, WholeCalendarOnceEachUntilTheCountySubmits) {
  RunUntil("2024-03-24T12:00:00+08:00");
  reports_.SetState(kHongshan, "rental", 2023,
                    v1::REPORT_STATE_SUBMITTED_TO_CITY);
  RunUntil("2024-04-05T00:00:00+08:00");
  EXPECT_THAT(
      Sent(),
      ElementsAre("hs@example.gov.cn reminder 2024-03-13T09:00:00+08:00",
                  "hs@example.gov.cn reminder 2024-03-17T09:00:00+08:00",
                  "hs@example.gov.cn reminder 2024-03-19T09:00:00+08:00",
                  "hs@example.gov.cn overdue 2024-03-21T09:00:00+08:00",
                  "hs@example.gov.cn overdue 2024-03-22T09:00:00+08:00",
                  "boss@example.gov.cn escalation 2024-03-23T09:00:00+08:00",
                  "hs@example.gov.cn overdue 2024-03-23T09:00:00+08:00",
                  "hs@example.gov.cn overdue 2024-03-24T09:00:00+08:00"));
  std::set<std::string> keys;
  for (const Notice& n : email_.sent()) keys.insert(n.idempotency_key);
  EXPECT_EQ(keys.size(), 8u);
  EXPECT_THAT(email_.sent()[5].body, HasSubstr("红山区"));
  auto inbox = store_->ListInbox(kHongshan, false, 0, 50);
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(inbox->messages.size(), 7u);  // the coordinator has no inbox
}

// Replica b on its own connection to the same database runs each round at
// the same time as replica a: every notice still goes out once.
TEST_F(DispatcherTest, TwoReplicasOnOneDatabaseSendEachOnce) {
  auto other = NotificationStore::Open(db_);
  ASSERT_TRUE(other.ok()) << other.status();
  std::unique_ptr<Dispatcher> replica_b = MakeDispatcher(other->get(), "b");
  for (absl::Time end = T("2024-03-24T12:00:00+08:00"); clock_.Now() < end;) {
    clock_.Advance(absl::Hours(1));
    std::thread b([&] { EXPECT_TRUE(replica_b->RunOnce().ok()); });
    EXPECT_TRUE(dispatcher_->RunOnce().ok());
    b.join();
  }
  std::map<std::string, int> copies;
  for (const Notice& n : email_.sent()) ++copies[n.idempotency_key];
  EXPECT_EQ(copies.size(), 8u);  // as in WholeCalendarOnceEach…
  for (const auto& [key, times] : copies) EXPECT_EQ(times, 1) << key;
  auto inbox = store_->ListInbox(kHongshan, false, 0, 50);
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(inbox->messages.size(), 7u);
}

// A replica that starts while another holds a delivery in SENDING leaves
// it alone until the claim's lease runs out (its holder crashed).
TEST_F(DispatcherTest, AnotherReplicasLiveClaimIsNotRecovered) {
  email_.Script({absl::UnavailableError("first try")});
  RunUntil("2024-03-13T09:00:00+08:00");
  auto row = Rows(v1::DELIVERY_STATE_PENDING).at(0);  // retry in a minute
  const size_t before = email_.sent().size();
  auto claimed = store_->Claim(row.id, {"b", row.next_attempt, clock_.Now()},
                               clock_.Now() + absl::Minutes(5));
  ASSERT_TRUE(claimed.ok() && *claimed) << claimed.status();
  Open();  // replica a restarts
  clock_.Advance(absl::Minutes(4));
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  EXPECT_EQ(email_.sent().size(), before);  // b's, in flight
  EXPECT_EQ(store_->GetDelivery(row.id)->state, v1::DELIVERY_STATE_SENDING);
  clock_.Advance(absl::Minutes(1));  // b's lease has run out
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  ASSERT_EQ(email_.sent().size(), before + 1);
  EXPECT_EQ(email_.sent().back().idempotency_key, row.idempotency_key);
  EXPECT_EQ(store_->GetDelivery(row.id)->state, v1::DELIVERY_STATE_SENT);
}

TEST_F(DispatcherTest, SubmittedBeforeTheRetryIsSkipped) {
  email_.Script({absl::UnavailableError("421 try later")});
  RunUntil("2024-03-13T09:00:00+08:00");
  ASSERT_EQ(email_.sent().size(), 1u);
  auto pending = Rows(v1::DELIVERY_STATE_PENDING);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].attempts, 1);
  EXPECT_EQ(pending[0].next_attempt, T("2024-03-13T09:01:00+08:00"));
  reports_.SetState(kHongshan, "rental", 2023,
                    v1::REPORT_STATE_SUBMITTED_TO_CITY);
  RunUntil("2024-03-13T11:00:00+08:00");
  EXPECT_EQ(email_.sent().size(), 1u);
  auto skipped = Rows(v1::DELIVERY_STATE_SKIPPED);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_THAT(skipped[0].note, HasSubstr("已报送"));
}

TEST_F(DispatcherTest, LongOutageSendsTheLatestOverdueNoticeWithANote) {
  RunUntil("2024-03-20T12:00:00+08:00");
  const size_t before = email_.sent().size();  // the three reminders
  clock_.Set(T("2024-03-26T12:00:00+08:00"));  // down for six days
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  std::vector<Notice> sent = email_.sent();
  ASSERT_EQ(sent.size(), before + 2);
  const std::vector<std::string> all = Sent();
  std::vector<std::string> after(all.begin() + before, all.end());
  EXPECT_THAT(
      after,
      ElementsAre("boss@example.gov.cn escalation 2024-03-23T09:00:00+08:00",
                  "hs@example.gov.cn overdue 2024-03-26T09:00:00+08:00"));
  EXPECT_THAT(sent.back().body, HasSubstr("停机期间另有 5 条逾期通知未补发"));
  auto inbox = store_->ListInbox(kHongshan, false, 0, 50);
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(inbox->messages.size(), 4u);  // 3 reminders + the latest overdue
}

TEST_F(DispatcherTest, CrashLeftInSendingIsSentOnceWithTheSameKey) {
  // Plan the T−7 reminder, then do what SendOne does up to the attempt and
  // "crash": the row stays SENDING.
  email_.Script({absl::UnavailableError("first try")});
  RunUntil("2024-03-13T09:00:00+08:00");
  auto row = Rows(v1::DELIVERY_STATE_PENDING).at(0);
  // Its retry is due in a minute; leases run on the test's clock.
  auto claimed = store_->Claim(row.id, {"a", row.next_attempt, clock_.Now()},
                               clock_.Now() + absl::Minutes(5));
  ASSERT_TRUE(claimed.ok() && *claimed) << claimed.status();
  Open();  // restart on the same file
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  std::vector<Notice> sent = email_.sent();
  ASSERT_EQ(sent.size(), 2u);  // the failed try and the one after restart
  EXPECT_EQ(sent[1].idempotency_key, row.idempotency_key);
  auto done = store_->GetDelivery(row.id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, v1::DELIVERY_STATE_SENT);
  EXPECT_EQ(done->message_id, DeliveryMessageId(row.idempotency_key));
  EXPECT_EQ(done->attempts, 3);
}

TEST_F(DispatcherTest, BackoffThenDeadLetterThenResend) {
  const absl::Status busy = absl::UnavailableError("451 busy");
  email_.Script({busy, busy, busy, busy});
  RunUntil("2024-03-13T09:00:00+08:00");
  std::vector<absl::Time> attempts_at = {clock_.Now()};
  for (absl::Duration wait :
       {absl::Minutes(1), absl::Minutes(2), absl::Minutes(3)}) {
    clock_.Advance(wait - absl::Seconds(1));
    ASSERT_TRUE(dispatcher_->RunOnce().ok());  // not yet due
    clock_.Advance(absl::Seconds(1));
    ASSERT_TRUE(dispatcher_->RunOnce().ok());
  }
  EXPECT_EQ(email_.sent().size(), 4u);
  auto dead = Rows(v1::DELIVERY_STATE_DEAD);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attempts, 4);
  EXPECT_THAT(dead[0].last_error, HasSubstr("451 busy"));

  auto resent = store_->Resend(dead[0].id, clock_.Now());
  ASSERT_TRUE(resent.ok());
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  EXPECT_EQ(email_.sent().size(), 5u);
  EXPECT_EQ(email_.sent().back().idempotency_key, dead[0].idempotency_key);
  EXPECT_EQ(store_->GetDelivery(dead[0].id)->state, v1::DELIVERY_STATE_SENT);
}

TEST_F(DispatcherTest, PermanentFailureIsDeadAtOnce) {
  email_.Script({absl::InvalidArgumentError("550 no such mailbox")});
  RunUntil("2024-03-13T10:00:00+08:00");
  EXPECT_EQ(email_.sent().size(), 1u);
  auto dead = Rows(v1::DELIVERY_STATE_DEAD);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attempts, 1);
  EXPECT_THAT(dead[0].last_error, HasSubstr("550"));
}

TEST_F(DispatcherTest, WorkflowEventsBecomeNoticesOnce) {
  v1::ReportEvent returned;
  returned.set_kind(v1::ReportEvent::KIND_RETURNED);
  returned.set_org(kHongshan);
  returned.set_programme("rental");
  returned.set_year(2023);
  returned.set_version(2);
  returned.set_reason("保障户数与明细不符");
  returned.set_time("2024-03-11T10:00:00+08:00");
  clock_.Set(T("2024-03-11T09:30:00+08:00"));
  reports_.AddEvent(returned);
  v1::ReportEvent submitted = returned;
  submitted.set_kind(v1::ReportEvent::KIND_SUBMITTED);
  submitted.set_version(3);
  reports_.AddEvent(submitted);
  RunUntil("2024-03-11T12:00:00+08:00");
  RunUntil("2024-03-11T14:00:00+08:00");
  EXPECT_THAT(Sent(), ElementsAre("hs@example.gov.cn report_returned "
                                  "2024-03-11T10:00:00+08:00",
                                  "boss@example.gov.cn report_submitted "
                                  "2024-03-11T10:00:00+08:00"));
  EXPECT_THAT(email_.sent()[0].body, HasSubstr("保障户数与明细不符"));
  EXPECT_EQ(*store_->EventCursor(), 2);
}

}  // namespace
}  // namespace anju::notification
