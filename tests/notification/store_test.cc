// The delivery log on a real SQLite file: one row per idempotency key, the
// outage rule, inbox deliveries straight into the inbox, contacts with
// their secret, the event cursor.

#include "services/notification/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/notification/test_support.h"
#include "tests/support/test_database.h"

namespace anju::notification {
namespace {

using ::testing::HasSubstr;
using testing::kHongshan;
using testing::T;

DeliveryRecord Overdue(const std::string& due, v1::Channel channel) {
  DeliveryRecord d;
  d.year = 2023;
  d.kind = v1::NOTICE_KIND_OVERDUE;
  d.channel = channel;
  d.org = kHongshan;
  d.about_org = kHongshan;
  d.programmes = {"rental"};
  d.contact_id = "c1";
  d.address = channel == v1::CHANNEL_INBOX ? "inbox" : "a@example.gov.cn";
  d.subject = "【逾期通知】";
  d.body = "body";
  d.due_time = T(due);
  d.next_attempt = d.due_time;
  d.group_key = absl::StrCat("2023|150402|overdue|c1|", channel);
  d.idempotency_key =
      absl::StrCat("2023|150402|overdue|", due, "|c1|", channel);
  d.message_id = DeliveryMessageId(d.idempotency_key);
  return d;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = test_support::TestDatabaseSettings(dir_.File("n.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    auto store = NotificationStore::Open(*db);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  std::vector<DeliveryRecord> All() {
    DeliveryFilter f;
    f.limit = 1000;
    auto rows = store_->ListDeliveries(f);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return *rows;
  }

  // Replica `replica` at now_, leases on the same clock.
  DispatchTurn Turn(const std::string& replica) const {
    return {replica, now_, now_};
  }

  testing::TempFolder dir_{"store"};
  std::unique_ptr<NotificationStore> store_;
  const absl::Time now_ = T("2024-03-25T10:00:00+08:00");
};

TEST_F(StoreTest, SameKeyTwiceIsOneRow) {
  auto d = Overdue("2024-03-21T09:00:00+08:00", v1::CHANNEL_EMAIL);
  auto first = store_->InsertPlanned(2023, {d}, now_, now_);
  auto second = store_->InsertPlanned(2023, {d}, now_, now_);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(*second, 0);
  ASSERT_EQ(All().size(), 1u);
  EXPECT_EQ(All()[0].state, v1::DELIVERY_STATE_PENDING);
  auto through = store_->PlannedThrough(2023);
  ASSERT_TRUE(through.ok());
  EXPECT_EQ(**through, now_);
}

TEST_F(StoreTest, OutageSendsOnlyTheLatestAndCountsTheRest) {
  std::vector<DeliveryRecord> batch;
  for (const char* due :
       {"2024-03-21T09:00:00+08:00", "2024-03-22T09:00:00+08:00",
        "2024-03-23T09:00:00+08:00", "2024-03-24T09:00:00+08:00",
        "2024-03-25T09:00:00+08:00"}) {
    batch.push_back(Overdue(due, v1::CHANNEL_EMAIL));
  }
  ASSERT_TRUE(store_->InsertPlanned(2023, batch, now_, now_).ok());
  auto due = store_->DueDeliveries(Turn("a"), 100);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].due_time, T("2024-03-25T09:00:00+08:00"));
  EXPECT_EQ((*due)[0].note, "停机期间另有 4 条逾期通知未补发");
  int skipped = 0;
  for (const DeliveryRecord& r : All()) {
    skipped += r.state == v1::DELIVERY_STATE_SKIPPED;
  }
  EXPECT_EQ(skipped, 4);
}

TEST_F(StoreTest, InboxDeliveryGoesStraightIntoTheInbox) {
  auto d = Overdue("2024-03-21T09:00:00+08:00", v1::CHANNEL_INBOX);
  ASSERT_TRUE(store_->InsertPlanned(2023, {d, d}, now_, now_).ok());
  auto page = store_->ListInbox(kHongshan, false, 0, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->messages.size(), 1u);
  EXPECT_EQ(page->unread, 1);
  EXPECT_EQ(All()[0].state, v1::DELIVERY_STATE_SENT);
  auto read =
      store_->MarkRead(kHongshan, std::stoll(page->messages[0].id()), now_);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->read());
  EXPECT_TRUE(absl::IsNotFound(
      store_->MarkRead("150403", std::stoll(page->messages[0].id()), now_)
          .status()));
}

TEST_F(StoreTest, ContactKeepsSecretAndEventCursorMovesWithInserts) {
  v1::Contact c;
  c.set_org(kHongshan);
  c.set_name("王科长");
  c.set_role("filer");
  c.set_webhook_url("http://127.0.0.1:1/hook");
  c.set_webhook_secret("s3cret");
  auto put = store_->PutContact(c, now_);
  ASSERT_TRUE(put.ok());
  EXPECT_FALSE(put->id().empty());
  auto got = store_->GetContact(put->id());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->webhook_secret(), "s3cret");
  EXPECT_TRUE(absl::IsNotFound(store_->DeleteContact("150403", put->id())));

  ASSERT_TRUE(store_->InsertEvents({}, 42, now_).ok());
  auto cursor = store_->EventCursor();
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(*cursor, 42);
}

TEST_F(StoreTest, OneClaimWinsAndOnlyAnExpiredLeaseIsTakenOver) {
  auto d = Overdue("2024-03-21T09:00:00+08:00", v1::CHANNEL_EMAIL);
  ASSERT_TRUE(store_->InsertPlanned(2023, {d}, now_, now_).ok());
  const int64_t id = All()[0].id;
  const absl::Time until = now_ + absl::Minutes(5);
  auto a = store_->Claim(id, Turn("a"), until);
  auto b = store_->Claim(id, Turn("b"), until);
  ASSERT_TRUE(a.ok() && b.ok()) << a.status() << b.status();
  EXPECT_TRUE(*a);
  EXPECT_FALSE(*b);
  // b sees a's live claim as nobody's to recover, and cannot change it.
  EXPECT_TRUE(store_->DueDeliveries(Turn("b"), 10)->empty());
  EXPECT_FALSE(*store_->MarkSkipped(id, Turn("b"), "no"));
  // a's lease runs out (a crashed): b takes the row over.
  const DispatchTurn later{"b", now_, until};
  ASSERT_EQ(store_->DueDeliveries(later, 10)->size(), 1u);
  EXPECT_TRUE(*store_->Claim(id, later, until + absl::Minutes(5)));
  EXPECT_FALSE(*store_->MarkSent(id, Turn("a"), now_));  // a lost it
  EXPECT_TRUE(*store_->MarkSent(id, later, now_));
  auto row = store_->GetDelivery(id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->state, v1::DELIVERY_STATE_SENT);
  EXPECT_EQ(row->attempts, 2);
}

TEST_F(StoreTest, AReplicaBehindPlansAndPollsNothingTwice) {
  auto d = Overdue("2024-03-21T09:00:00+08:00", v1::CHANNEL_EMAIL);
  auto e = Overdue("2024-03-22T09:00:00+08:00", v1::CHANNEL_EMAIL);
  ASSERT_EQ(*store_->InsertEvents({d}, 42, now_), 1);
  EXPECT_EQ(*store_->InsertEvents({e}, 40, now_), 0);  // read before 42
  EXPECT_EQ(*store_->EventCursor(), 42);
  ASSERT_EQ(*store_->InsertPlanned(2024, {e}, now_, now_), 1);
  auto f = Overdue("2024-03-23T09:00:00+08:00", v1::CHANNEL_EMAIL);
  EXPECT_EQ(*store_->InsertPlanned(2024, {f}, now_ - absl::Hours(1), now_), 0);
  EXPECT_EQ(**store_->PlannedThrough(2024), now_);
  EXPECT_EQ(All().size(), 2u);
}

TEST_F(StoreTest, ResendOnlyDeadOrSent) {
  auto d = Overdue("2024-03-21T09:00:00+08:00", v1::CHANNEL_EMAIL);
  ASSERT_TRUE(store_->InsertPlanned(2023, {d}, now_, now_).ok());
  const int64_t id = All()[0].id;
  auto pending = store_->Resend(id, now_);
  EXPECT_TRUE(absl::IsFailedPrecondition(pending.status()));
  ASSERT_TRUE(store_->Claim(id, Turn("a"), now_ + absl::Minutes(5)).ok());
  ASSERT_TRUE(store_->MarkDead(id, Turn("a"), "550 no such user").ok());
  auto resent = store_->Resend(id, now_);
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_EQ(resent->state, v1::DELIVERY_STATE_PENDING);
  EXPECT_EQ(resent->idempotency_key, d.idempotency_key);
  EXPECT_THAT(resent->note, HasSubstr("重发"));
}

}  // namespace
}  // namespace anju::notification
