#include "services/registry/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/orgs/org_yaml.h"
#include "tests/registry/sample_projects.h"
#include "tests/support/test_database.h"

namespace anju::registry {
namespace {

using ::testing::HasSubstr;
using testing::SampleProject;

class RegistryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = *std::move(tree);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_registry_store_", info->name(), "_", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // SQLite here, or a fresh PostgreSQL schema in registry_store.postgres.
    auto db =
        test_support::TestDatabaseSettings((dir_ / "registry.db").string());
    ASSERT_TRUE(db.ok()) << db.status();
    auto store = Store::Open(*db, tree_.get());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Actor At(int minute) {
    return Actor{"tester", absl::FromUnixSeconds(1700000000 + 60 * minute)};
  }

  v1::ReserveProject Create(const std::string& org, const std::string& prog,
                            const std::string& name) {
    auto created = store_->CreateProject(SampleProject(org, prog, name), At(0));
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : v1::ReserveProject();
  }

  std::unique_ptr<orgs::OrgTree> tree_;
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RegistryStoreTest, CreateAssignsIdStatusEtagAndTimes) {
  v1::ReserveProject p = Create("150402", "shanty", "一期");
  EXPECT_EQ(p.id(), "P-150402-000001");
  EXPECT_EQ(p.status(), v1::PROJECT_STATUS_RESERVE);
  EXPECT_EQ(p.etag(), "r1");
  EXPECT_EQ(p.create_time(), "2023-11-15T06:13:20+08:00");
  auto read = store_->GetProject(p.id());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), p.SerializeAsString());
  EXPECT_TRUE(absl::IsNotFound(store_->GetProject("P-nope").status()));
}

TEST_F(RegistryStoreTest, StaleEtagIsAbortedAndChangesNothing) {
  v1::ReserveProject p = Create("150402", "shanty", "一期");
  v1::ReserveProject changed = p;
  changed.set_units(7);
  auto written = store_->ReplaceProject(changed, "r1", At(1));
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->etag(), "r2");
  changed.set_units(9);
  auto stale = store_->ReplaceProject(changed, "r1", At(2));
  EXPECT_TRUE(absl::IsAborted(stale.status())) << stale.status();
  EXPECT_EQ(store_->GetProject(p.id())->units(), 7);
  EXPECT_TRUE(absl::IsAborted(store_->DeleteProject(p.id(), "r1")));
  EXPECT_TRUE(store_->DeleteProject(p.id(), "r2").ok());
  EXPECT_TRUE(absl::IsNotFound(store_->GetProject(p.id()).status()));
}

TEST_F(RegistryStoreTest, TransitionsAreKept) {
  v1::ReserveProject p = Create("150402", "shanty", "一期");
  p.set_status(v1::PROJECT_STATUS_PLANNED);
  p.set_plan_year(2024);
  Transition t{p.id(),
               v1::PROJECT_STATUS_RESERVE,
               v1::PROJECT_STATUS_PLANNED,
               2024,
               "",
               "纳入计划",
               "tester",
               "now"};
  ASSERT_TRUE(store_->ReplaceProject(p, "r1", At(1), &t).ok());
  auto history = store_->History(p.id());
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].to, v1::PROJECT_STATUS_PLANNED);
  EXPECT_EQ((*history)[0].reason, "纳入计划");
}

TEST_F(RegistryStoreTest, ListFiltersPagesAndCounts) {
  Create("150402", "shanty", "红山一期");
  Create("150402", "oldcomm", "红山老旧小区");
  Create("150403", "shanty", "元宝山一期");
  Create("150102", "shanty", "新城一期");  // 呼和浩特市
  ProjectQuery city;
  city.city = "150400";
  city.limit = 2;
  auto first = store_->ListProjects(city);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->total, 3);
  ASSERT_EQ(first->projects.size(), 2u);
  EXPECT_TRUE(first->more);
  EXPECT_EQ(first->projects[0].programme(), "oldcomm");  // by org, programme
  const v1::ReserveProject& last = first->projects.back();
  city.after = ProjectKey{last.org(), last.programme(), last.id()};
  auto second = store_->ListProjects(city);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->projects.size(), 1u);
  EXPECT_FALSE(second->more);
  EXPECT_EQ(second->projects[0].org(), "150403");

  ProjectQuery named;
  named.name_contains = "一期";
  named.programme = "shanty";
  EXPECT_EQ(store_->ListProjects(named)->total, 3);
  named.name_contains = "%";  // a wildcard matches itself only
  EXPECT_EQ(store_->ListProjects(named)->total, 0);
  // Latin letters match in either case, on SQLite and PostgreSQL alike.
  Create("150402", "shanty", "CBD片区棚改");
  named.name_contains = "cbd";
  EXPECT_EQ(store_->ListProjects(named)->total, 1);
  named.name_contains = "Cbd片区";
  EXPECT_EQ(store_->ListProjects(named)->total, 1);
}

TEST_F(RegistryStoreTest, ArchivesAndTypes) {
  v1::ReserveProject p = Create("150402", "oldcomm", "小区");
  v1::ArchiveRecord record;
  record.set_project_id(p.id());
  record.set_type(v1::ARCHIVE_TYPE_BASIC_INFO);
  record.set_sha256(std::string(64, 'a'));
  auto added = store_->AddArchive(record);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->id(), "A-000001");
  record.set_project_id("P-none");
  EXPECT_TRUE(absl::IsNotFound(store_->AddArchive(record).status()));
  auto types = store_->ArchiveTypes({p.id(), "P-other"});
  ASSERT_TRUE(types.ok());
  EXPECT_EQ(types->size(), 1u);
  EXPECT_EQ(types->at(p.id()).count(v1::ARCHIVE_TYPE_BASIC_INFO), 1u);
  EXPECT_THAT(*store_->ArchiveHashes(),
              ::testing::ElementsAre(record.sha256()));
}

TEST_F(RegistryStoreTest, FrozenPlanMovesItsProjectsInOneTransaction) {
  v1::ReserveProject a = Create("150402", "shanty", "甲");
  v1::ReserveProject b = Create("150402", "shanty", "乙");
  v1::AnnualPlan plan;
  plan.set_org("150402");
  plan.set_programme("shanty");
  plan.set_year(2024);
  plan.set_state(v1::PLAN_STATE_DRAFT);
  plan.add_entries()->set_project_id(a.id());
  plan.add_entries()->set_project_id(b.id());
  auto draft = store_->PutPlan(plan, "", At(1));
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->etag(), "r1");
  EXPECT_TRUE(absl::IsAborted(store_->PutPlan(plan, "", At(1)).status()));
  // A project in a plan cannot be deleted.
  EXPECT_TRUE(absl::IsFailedPrecondition(store_->DeleteProject(a.id(), "r1")));

  // b has moved on meanwhile: the freeze fails and changes nothing.
  v1::ReserveProject moved = b;
  moved.set_status(v1::PROJECT_STATUS_PLANNED);
  ASSERT_TRUE(store_->ReplaceProject(moved, "r1", At(2)).ok());
  plan.set_state(v1::PLAN_STATE_FROZEN);
  auto refused = store_->PutPlan(plan, "r1", At(3), 2024);
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  EXPECT_EQ(store_->GetProject(a.id())->status(), v1::PROJECT_STATUS_RESERVE);
  EXPECT_EQ((*store_->GetPlan("150402", "shanty", 2024))->state(),
            v1::PLAN_STATE_DRAFT);

  moved.set_status(v1::PROJECT_STATUS_RESERVE);
  ASSERT_TRUE(store_->ReplaceProject(moved, "r2", At(4)).ok());
  auto frozen = store_->PutPlan(plan, "r1", At(5), 2024);
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  EXPECT_EQ(store_->GetProject(a.id())->plan_year(), 2024);
  EXPECT_EQ(store_->GetProject(b.id())->status(), v1::PROJECT_STATUS_PLANNED);
  auto plans = store_->PlansOf({"150402"}, 2024, 2025);
  ASSERT_TRUE(plans.ok());
  EXPECT_EQ(plans->size(), 1u);
}

TEST_F(RegistryStoreTest, ImportWritesAllOrNothing) {
  v1::ReserveProject a = Create("150402", "shanty", "甲");
  a.set_units(999);
  std::vector<v1::ReserveProject> rows = {a, SampleProject()};
  auto written = store_->WriteProjects(rows, At(1));
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ((*written)[0].etag(), "r2");
  EXPECT_EQ((*written)[1].id(), "P-150402-000002");
  rows[0].set_id("P-missing");
  EXPECT_TRUE(absl::IsNotFound(store_->WriteProjects(rows, At(2)).status()));
  ProjectQuery all;
  EXPECT_EQ(store_->ListProjects(all)->total, 2);
}

}  // namespace
}  // namespace anju::registry
