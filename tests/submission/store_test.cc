#include "services/submission/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "common/storage/migrations.h"
#include "common/storage/open_database.h"
#include "services/submission/workflow.h"
#include "tests/support/test_database.h"

namespace anju::submission {
namespace {

using ::testing::HasSubstr;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_store_", info->name(), "_", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto settings =
        test_support::TestDatabaseSettings((dir_ / "submission.db").string());
    ASSERT_TRUE(settings.ok()) << settings.status();
    settings_ = *std::move(settings);
    auto store = Store::Open(settings_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Change At(int minute, const std::string& action = "save_draft") {
    return Change{"tester", absl::FromUnixSeconds(1700000000 + 60 * minute),
                  action};
  }

  static v1::Report Draft(int version, double units) {
    v1::Report report;
    report.set_org("150402");
    report.set_programme("rental");
    report.set_year(2023);
    report.set_version(version);
    report.set_state(version == 1 ? v1::REPORT_STATE_DRAFT
                                  : v1::REPORT_STATE_CORRECTION);
    (*report.mutable_facts())["rental_units"].set_number(units);
    return report;
  }

  // Runs SQL through a second connection, as someone with access to the
  // database would.
  void Tamper(const std::string& sql) {
    auto db = storage::OpenDatabase(settings_);
    ASSERT_TRUE(db.ok()) << db.status();
    auto tx = (*db)->Begin(storage::TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok()) << tx.status();
    ASSERT_TRUE((*tx)->Execute(sql).ok()) << sql;
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  // Five audited changes: a campaign, a draft, its update, a submission
  // and a return.
  void FiveChanges() {
    v1::Campaign campaign;
    campaign.set_id("2023");
    campaign.set_year(2023);
    campaign.add_programmes("rental");
    ASSERT_TRUE(store_->CreateCampaign(campaign, At(0, "create")).ok());
    auto r1 = store_->WriteReport(Draft(1, 10), "", At(1));
    ASSERT_TRUE(r1.ok()) << r1.status();
    auto r2 = store_->WriteReport(Draft(1, 11), r1->etag(), At(2));
    ASSERT_TRUE(r2.ok()) << r2.status();
    v1::Report submitted = *r2;
    submitted.set_state(v1::REPORT_STATE_SUBMITTED_TO_CITY);
    auto r3 = store_->WriteReport(submitted, r2->etag(), At(3, "submit"));
    ASSERT_TRUE(r3.ok()) << r3.status();
    v1::Report returned = *r3;
    returned.set_state(v1::REPORT_STATE_RETURNED);
    returned.set_return_reason("补充佐证材料");
    auto r4 = store_->WriteReport(returned, r3->etag(), At(4, "return"));
    ASSERT_TRUE(r4.ok()) << r4.status();
  }

  std::filesystem::path dir_;
  storage::DatabaseSettings settings_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, Campaigns) {
  EXPECT_EQ(store_->GetCampaign(2023).status().code(),
            absl::StatusCode::kNotFound);
  v1::Campaign campaign;
  campaign.set_id("2023");
  campaign.set_year(2023);
  campaign.add_programmes("rental");
  (*campaign.mutable_rubric_versions())["rental"] = "2023.1";
  ASSERT_TRUE(store_->CreateCampaign(campaign, At(0)).ok());
  auto again = store_->CreateCampaign(campaign, At(1));
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(again.message(), HasSubstr("campaign.year"));
  auto read = store_->GetCampaign(2023);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->rubric_versions().at("rental"), "2023.1");
}

TEST_F(StoreTest, EtagChangesOnEveryWriteAndStaleIsAborted) {
  auto first = store_->WriteReport(Draft(1, 10), "", At(1));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->etag().empty());
  auto second = store_->WriteReport(Draft(1, 11), first->etag(), At(2));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->etag(), first->etag());

  // A writer that read before the second write loses, and writes nothing.
  auto stale = store_->WriteReport(Draft(1, 99), first->etag(), At(3));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.status().message(), HasSubstr("etag"));
  // So does one that believes the report is new.
  auto create = store_->WriteReport(Draft(1, 99), "", At(3));
  EXPECT_EQ(create.status().code(), absl::StatusCode::kAborted);

  auto read = store_->GetReport({"150402", "rental", 2023});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->facts().at("rental_units").number(), 11);
  EXPECT_EQ(read->etag(), second->etag());
  auto log = store_->AuditLog();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), 2u);  // the refused writes left no entry
}

TEST_F(StoreTest, SubmittedVersionIsImmutableAndVersionsAreKept) {
  auto draft = store_->WriteReport(Draft(1, 10), "", At(1));
  ASSERT_TRUE(draft.ok());
  v1::Report submitted = *draft;
  submitted.set_state(v1::REPORT_STATE_SUBMITTED_TO_CITY);
  submitted.set_submit_time("2024-03-01T08:00:00+08:00");
  auto v1_submitted = store_->WriteReport(submitted, draft->etag(), At(2));
  ASSERT_TRUE(v1_submitted.ok()) << v1_submitted.status();

  // Content of a submitted version cannot change, even with the etag.
  v1::Report edited = *v1_submitted;
  (*edited.mutable_facts())["rental_units"].set_number(12);
  auto refused = store_->WriteReport(edited, v1_submitted->etag(), At(3));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("immutable"));

  // Its state may change (returned), then a correction is version 2.
  v1::Report returned = *v1_submitted;
  returned.set_state(v1::REPORT_STATE_RETURNED);
  returned.set_return_reason("数据有误");
  auto v1_returned = store_->WriteReport(returned, v1_submitted->etag(), At(4));
  ASSERT_TRUE(v1_returned.ok()) << v1_returned.status();
  auto v2 = store_->WriteReport(Draft(2, 12), v1_returned->etag(), At(5));
  ASSERT_TRUE(v2.ok()) << v2.status();

  auto latest = store_->GetReport({"150402", "rental", 2023});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->version(), 2);
  EXPECT_EQ(latest->facts().at("rental_units").number(), 12);
  auto old = store_->GetReport({"150402", "rental", 2023}, 1);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->state(), v1::REPORT_STATE_RETURNED);
  EXPECT_EQ(old->facts().at("rental_units").number(), 10);
  EXPECT_EQ(old->return_reason(), "数据有误");
  EXPECT_EQ(store_->GetReport({"150402", "rental", 2023}, 3).status().code(),
            absl::StatusCode::kNotFound);

  // Skipping a version is a bug of the caller.
  auto skip = store_->WriteReport(Draft(4, 1), v2->etag(), At(6));
  EXPECT_EQ(skip.status().code(), absl::StatusCode::kInternal);
}

TEST_F(StoreTest, SurvivesReopen) {
  auto draft = store_->WriteReport(Draft(1, 10), "", At(1));
  ASSERT_TRUE(draft.ok());
  store_.reset();
  auto reopened = Store::Open(settings_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  auto read = (*reopened)->GetReport({"150402", "rental", 2023});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->etag(), draft->etag());
}

TEST_F(StoreTest, AuditChainVerifies) {
  FiveChanges();
  auto verified = VerifyAuditChain(store_->database());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->entries, 5);
  auto log = store_->AuditLog();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 5u);
  EXPECT_EQ((*log)[0].prev_hash, kGenesisHash);
  EXPECT_EQ((*log)[1].action, "save_draft");
  EXPECT_EQ((*log)[1].before, "");
  EXPECT_THAT((*log)[2].before, HasSubstr("10"));
  EXPECT_THAT((*log)[2].after, HasSubstr("11"));
  EXPECT_EQ((*log)[3].actor, "tester");
  EXPECT_EQ((*log)[4].subject, "report/150402/rental/2023/v1");
  EXPECT_EQ(verified->head_hash, (*log)[4].hash);
}

TEST_F(StoreTest, ChangedEntryIsDetected) {
  FiveChanges();
  Tamper("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3");
  auto verified = VerifyAuditChain(store_->database());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(verified.status().message(), HasSubstr("entry 3"));
  EXPECT_THAT(verified.status().message(), HasSubstr("changed"));
}

TEST_F(StoreTest, ChangedEntryWithRecomputedHashIsDetected) {
  FiveChanges();
  auto log = store_->AuditLog();
  ASSERT_TRUE(log.ok());
  AuditEntry forged = (*log)[1];
  forged.after = "{\"facts\":{\"rental_units\":{\"number\":9999}}}";
  forged.hash = ChainHash(forged);
  Tamper(absl::StrCat("UPDATE audit_log SET after_json = '", forged.after,
                      "', hash = '", forged.hash, "' WHERE seq = 2"));
  auto verified = VerifyAuditChain(store_->database());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(verified.status().message(), HasSubstr("entry 3"));
}

TEST_F(StoreTest, DeletedEntryIsDetected) {
  FiveChanges();
  Tamper("DELETE FROM audit_log WHERE seq = 2");
  auto verified = VerifyAuditChain(store_->database());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(verified.status().message(), HasSubstr("entry 2 is missing"));
}

TEST_F(StoreTest, DeletedLastEntryIsDetected) {
  FiveChanges();
  Tamper("DELETE FROM audit_log WHERE seq = 5");
  auto verified = VerifyAuditChain(store_->database());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(verified.status().message(), HasSubstr("cut off the end"));
}

// Evidence metadata of the rental report of 150402 (2023).
v1::Evidence RentalEvidence(const std::string& indicator,
                            const std::string& hash, int64_t size) {
  v1::Evidence evidence;
  evidence.set_org("150402");
  evidence.set_programme("rental");
  evidence.set_year(2023);
  evidence.set_indicator_id(indicator);
  evidence.set_sha256(hash);
  evidence.set_size_bytes(size);
  return evidence;
}

// A SQLite file made by the steps as first released (INTEGER where they now
// say BIGINT, evidence ids numbered by SQLite) still opens, keeps its rows
// and takes writes: the retyping changed nothing for SQLite users.
TEST(StoreMigrationTest, OpensASqliteFileMadeByTheFirstReleasedSteps) {
  if (test_support::TestOnPostgres()) GTEST_SKIP() << "a SQLite file's test";
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("anju_store_released_", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  storage::DatabaseSettings settings;
  settings.path = (dir / "submission.db").string();
  {
    std::vector<std::string> sql;
    std::vector<storage::Migration> released;
    for (const storage::Migration& step : SchemaMigrations()) {
      sql.push_back(absl::StrReplaceAll(step.sql, {{"BIGINT", "INTEGER"}}));
    }
    for (size_t i = 0; i < sql.size(); ++i) {
      const storage::Migration& step = SchemaMigrations()[i];
      released.push_back({step.version, step.name, sql[i]});
    }
    auto db = storage::OpenDatabase(settings);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE(storage::ApplyMigrations(**db, "submission", released).ok());
    auto tx = (*db)->Begin(storage::TransactionMode::kWrite);
    ASSERT_TRUE(tx.ok());
    // A row as the old build wrote it: no id, SQLite numbered it.
    ASSERT_TRUE(
        (*tx)
            ->Execute("INSERT INTO evidence (org, programme, year, "
                      "indicator_id, sha256, file_name, content_type, "
                      "size_bytes, upload_time, uploaded_by) VALUES "
                      "('150402', 'rental', 2023, 'b', 'old', 'old.pdf', "
                      "'application/pdf', 3000000000, 't', 'x')")
            .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto store = Store::Open(settings);
  ASSERT_TRUE(store.ok()) << store.status();
  const ReportKey key{"150402", "rental", 2023};
  for (const std::string hash : {"new1", "new2"}) {
    auto attached = (*store)->AttachEvidence(
        RentalEvidence("b", hash, 5),
        Change{"tester", absl::FromUnixSeconds(1700000000), "add"});
    ASSERT_TRUE(attached.ok()) << attached.status();
  }
  auto rows = (*store)->EvidenceFor(key);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);  // in upload order: the ids went on after 1
  EXPECT_EQ((*rows)[0].sha256(), "old");
  EXPECT_EQ((*rows)[0].size_bytes(), 3000000000);
  EXPECT_EQ((*rows)[1].sha256(), "new1");
  EXPECT_EQ((*rows)[2].sha256(), "new2");
  EXPECT_TRUE(VerifyAuditChain((*store)->database()).ok());
  store->reset();
  std::filesystem::remove_all(dir);
}

// Evidence ids are given by the store, not by the backend: on PostgreSQL
// too, rows come back in upload order, each content once per indicator.
TEST_F(StoreTest, EvidenceIdsFollowUploadOrder) {
  const ReportKey key{"150402", "rental", 2023};
  for (const std::string hash : {"c", "a", "b", "a"}) {
    // A size past 32 bits: BIGINT on both backends.
    ASSERT_TRUE(
        store_
            ->AttachEvidence(RentalEvidence("units", hash, int64_t{5} << 32),
                             At(1, "add_evidence"))
            .ok());
  }
  auto rows = store_->EvidenceFor(key);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].sha256(), "c");
  EXPECT_EQ((*rows)[1].sha256(), "a");
  EXPECT_EQ((*rows)[2].sha256(), "b");
  EXPECT_EQ((*rows)[2].size_bytes(), int64_t{5} << 32);
  auto verified = VerifyAuditChain(store_->database());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->entries, 3);
}

}  // namespace
}  // namespace anju::submission
