// Two anju-notification replicas side by side on one PostgreSQL database,
// with the real anju-submission and anju-scoring, the SMTP sink and the
// webhook receiver, in simulated time (end_to_end_fixture.h). Both
// dispatch; over a campaign calendar every reminder and event notice
// arrives exactly once by e-mail and by webhook. One replica is killed
// with SIGKILL mid-run; the other delivers the rest, once each. Only a
// delivery the killed replica held in SENDING at that moment may arrive a
// second time (at least once, the same Message-ID / Idempotency-Key).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "common/storage/open_database.h"
#include "tests/notification/end_to_end_fixture.h"
#include "tests/support/postgres_server.h"
#include "tests/support/test_database.h"

namespace anju::notification {
namespace {

using testing::ChildServer;
using testing::kHongshan;
using testing::kYuanbaoshan;
using testing::MailMessage;
using testing::WebhookRequest;

// Filers that never submit: e-mail and webhook each.
const std::vector<std::string> kLateCounties = {kHongshan, "150404", "150421",
                                                "150422", "150423"};

std::string Mailbox(const std::string& org) {
  return absl::StrCat("c", org, "@example.gov.cn");
}

class NotificationReplicasTest : public testing::EndToEndTest {
 protected:
  void SetUp() override {
    EndToEndTest::SetUp();
    if (HasFatalFailure()) return;
    auto server = test_support::SharedPostgresServer();
    ASSERT_TRUE(server.ok()) << server.status();
    auto dsn = (*server)->CreateDatabase();
    ASSERT_TRUE(dsn.ok()) << dsn.status();
    db_.backend = storage::Backend::kPostgres;
    db_.dsn = *dsn;
  }

  // Replica `name` (its replica_id) with a 3 s lease, so that a killed
  // replica's claims run out quickly; the send timeouts stay below half.
  std::unique_ptr<ChildServer> StartNamed(const std::string& name) {
    const std::string config = dir_.File(name + ".yaml");
    std::ofstream(config) << NotificationConfig("  timeout_ms: 1000\n")
                          << "webhook:\n  timeout_ms: 1000\n"
                          << "replica_id: " << name << "\n"
                          << "claim_lease_ms: 3000\n"
                          << test_support::DatabaseYaml(db_);
    return StartReplica(config, dir_.File(name));
  }

  std::string NotificationLogs() const override {
    std::string logs;
    for (const auto& [name, replica] :
         {std::pair{"a", a_.get()}, std::pair{"b", b_.get()}}) {
      if (replica != nullptr)
        absl::StrAppend(&logs, name, ":\n", replica->log());
    }
    return logs;
  }

  // Rows of one query on the shared database, as text.
  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    std::vector<std::vector<std::string>> rows;
    auto db = storage::OpenDatabase(db_);
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return rows;
    auto tx = (*db)->Begin(storage::TransactionMode::kRead);
    EXPECT_TRUE(tx.ok()) << tx.status();
    if (!tx.ok()) return rows;
    auto st = (*tx)->Prepare(sql);
    EXPECT_TRUE(st.ok()) << st.status();
    if (!st.ok()) return rows;
    while (true) {
      auto row = (*st)->Step();
      EXPECT_TRUE(row.ok()) << row.status();
      if (!row.ok() || !*row) break;
      std::vector<std::string> values;
      for (int c = 0; c < (*st)->ColumnCount(); ++c) {
        values.push_back((*st)->ColumnText(c));
      }
      rows.push_back(std::move(values));
    }
    return rows;
  }

  size_t MailCount() {
    auto all = smtp_->Messages();
    return all.ok() ? all->size() : 0;
  }

  // How many deliveries replica `name` sent (SENT rows keep the claim).
  int SentBy(const std::string& name) {
    auto rows = Query(absl::StrCat(
        "SELECT COUNT(*) FROM deliveries WHERE state = 3 AND claimed_by = '",
        name, "'"));
    return rows.empty() ? 0 : std::stoi(rows[0][0]);
  }

  // Waits (15 s at most: a killed replica's lease is 3 s) until `address`
  // has `n` different messages, then a little more so that an extra one
  // would be seen; each arrived once, or twice if it was in doubt.
  void ExpectOnceEach(const std::string& address, size_t n) {
    std::map<std::string, int> copies;
    auto count = [&] {
      copies.clear();
      for (const MailMessage& m : MailTo(address)) ++copies[m.message_id];
      return copies.size();
    };
    for (int i = 0; i < 150 && count() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    EXPECT_EQ(count(), n) << address << "\n" << NotificationLogs();
    for (const auto& [id, times] : copies) {
      EXPECT_LE(times, in_doubt_.count(id) != 0 ? 2 : 1)
          << address << " " << id << " arrived " << times << " times";
    }
  }

  void ExpectStep(size_t late, size_t yuanbaoshan, size_t boss) {
    for (const std::string& org : kLateCounties) {
      ExpectOnceEach(Mailbox(org), late);
    }
    ExpectOnceEach(Mailbox(kYuanbaoshan), yuanbaoshan);
    ExpectOnceEach("boss@example.gov.cn", boss);
  }

  storage::DatabaseSettings db_;
  std::unique_ptr<ChildServer> a_, b_;
  // Message-IDs and Idempotency-Keys of the deliveries the killed replica
  // held in SENDING when it died: sent at least once.
  std::set<std::string> in_doubt_;
};

TEST_F(NotificationReplicasTest,
       EveryReminderOnceAcrossTwoReplicasAndKillNine) {
  ASSERT_NO_FATAL_FAILURE(CreateCampaign());
  SetClock("2024-03-12T08:00:00+08:00");
  a_ = StartNamed("a");
  b_ = StartNamed("b");  // migrations: both start on the same empty schema
  ASSERT_NE(a_->port(), 0);
  ASSERT_NE(b_->port(), 0);
  stub_ = v1::NotificationService::NewStub(
      grpc::CreateChannel(a_->address(), grpc::InsecureChannelCredentials()));
  for (const std::string& org : kLateCounties) {
    PutContact(org, "filer", Mailbox(org), absl::StrCat("/", org));
  }
  PutContact(kYuanbaoshan, "filer", Mailbox(kYuanbaoshan), "");
  PutContact("150400", "coordinator", "boss@example.gov.cn", "");

  SetClock("2024-03-13T09:00:30+08:00");  // T−7
  ExpectStep(1, 1, 0);
  SubmitRental(kYuanbaoshan);             // an event: the city hears once
  SetClock("2024-03-17T09:00:30+08:00");  // T−3
  ExpectStep(2, 1, 1);
  std::cout << "sent before the kill: a " << SentBy("a") << ", b "
            << SentBy("b") << "\n";

  // T−1; replica a dies as soon as the first of its mails has arrived,
  // while the round's sending is under way.
  const size_t before = MailCount();
  SetClock("2024-03-19T09:00:30+08:00");
  for (int i = 0; i < 1000 && MailCount() == before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  a_->Stop(SIGKILL);
  for (const auto& row :
       Query("SELECT message_id, idempotency_key FROM deliveries WHERE "
             "state = 2 AND claimed_by = 'a'")) {
    in_doubt_.insert(row[0]);
    in_doubt_.insert(row[1]);
  }
  std::cout << "held in SENDING by the killed replica: " << in_doubt_.size() / 2
            << "\n";
  ExpectStep(3, 1, 1);
  SetClock("2024-03-21T09:00:30+08:00");  // overdue, day 1: b alone
  ExpectStep(4, 1, 1);

  const int by_a = SentBy("a");
  const int by_b = SentBy("b");
  std::cout << "sent in all: a " << by_a << ", b " << by_b << "\n";
  EXPECT_GT(by_a, 0) << "replica a sent nothing: no contention shown";
  EXPECT_GT(by_b, 0);
  EXPECT_THAT(Query("SELECT id, state FROM deliveries WHERE state IN (1, 2)"),
              ::testing::IsEmpty());

  const size_t hooks = kLateCounties.size() * 4;
  auto requests = hooks_->WaitForRequests(hooks);
  ASSERT_TRUE(requests.ok()) << requests.status();
  std::map<std::string, int> keys;
  for (const WebhookRequest& r : *requests) {
    EXPECT_TRUE(r.signature_ok);
    const std::string key = r.headers.at("idempotency-key");
    ++keys[key];
    if (in_doubt_.count(key) == 0) EXPECT_FALSE(r.duplicate) << key;
  }
  EXPECT_EQ(keys.size(), hooks);
  EXPECT_EQ(b_->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace anju::notification
