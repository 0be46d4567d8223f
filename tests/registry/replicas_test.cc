// Two real anju-registry binaries on ONE PostgreSQL database behave as one
// registry (issue 6, item 3), as the region runs them behind one Service:
//  (a) no lost update: one project read once, then updated with that etag
//      through replica A and replica B at the same moment: exactly one
//      write wins, the other is ABORTED, both replicas serve the winner's;
//  (b) a lifecycle step sent with one etag through both replicas is taken
//      once: the history holds one transition per step;
//  (c) a plan frozen through A is frozen through B, and B refuses to
//      freeze (or adjust) it again; two freezes at once plan each project
//      once;
//  (d) projects created in parallel through both replicas get 2N distinct
//      ids, all listed through either replica.
// The replicas share the archive folder (the region's ReadWriteMany volume)
// and start together, so their migrations also race (applied once).

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/registry.grpc.pb.h"
#include "common/orgs/org_yaml.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/store.h"
#include "tests/registry/sample_projects.h"
#include "tests/scoring_service/child_process.h"
#include "tests/support/postgres_server.h"
#include "tests/support/test_database.h"

namespace anju::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using Stub = v1::RegistryService::Stub;

constexpr char kRegistry[] = ANJU_REGISTRY_BINARY;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(20));
  return context;
}

// Runs `a` and `b` on two threads released at the same moment.
std::pair<grpc::Status, grpc::Status> AtOnce(
    const std::function<grpc::Status()>& a,
    const std::function<grpc::Status()>& b) {
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  grpc::Status sa, sb;
  std::thread ta([&] {
    released.wait();
    sa = a();
  });
  std::thread tb([&] {
    released.wait();
    sb = b();
  });
  go.set_value();
  ta.join();
  tb.join();
  return {sa, sb};
}

// A write that lost a race on the same etag: refused as stale (ABORTED),
// or — when it read the winner's result — as a step that no longer fits.
auto Refused() {
  return AnyOf(grpc::StatusCode::ABORTED,
               grpc::StatusCode::FAILED_PRECONDITION);
}

class RegistryReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = test_support::SharedPostgresServer();
    ASSERT_TRUE(server.ok()) << server.status();
    auto dsn = (*server)->CreateDatabase();
    ASSERT_TRUE(dsn.ok()) << dsn.status();
    database_.backend = storage::Backend::kPostgres;
    database_.dsn = *dsn;

    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("anju-registry-replicas-", info->name(), "-", getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // Both launched before either is waited for: they migrate together.
    for (const char* name : {"a", "b"}) {
      const std::string config = (dir_ / absl::StrCat(name, ".yaml")).string();
      std::ofstream(config) << "listen: 127.0.0.1:0\n"
                            << "data_dir: " << (dir_ / "files").string() << "\n"
                            << test_support::DatabaseYaml(database_);
      auto child = ChildProcess::Launch(kRegistry, {"--config", config});
      ASSERT_TRUE(child.has_value());
      replicas_.push_back(std::move(*child));
    }
    for (ChildProcess& replica : replicas_) {
      const int port = replica.WaitForListeningPort();
      ASSERT_GT(port, 0) << replica.output();
      EXPECT_THAT(replica.output(), HasSubstr("\"database\":\"postgres:"));
      stubs_.push_back(v1::RegistryService::NewStub(
          grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                              grpc::InsecureChannelCredentials())));
    }
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = *std::move(tree);
    // The test's own view of the shared rows (history is not an RPC).
    auto store = registry::Store::Open(database_, tree_.get());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  void TearDown() override {
    stubs_.clear();
    for (ChildProcess& replica : replicas_) {
      replica.Signal(SIGTERM);
      EXPECT_EQ(replica.Wait(), 0) << replica.output();
    }
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Stub& A() { return *stubs_[0]; }
  Stub& B() { return *stubs_[1]; }

  v1::ReserveProject MustCreate(Stub& through, const std::string& org,
                                const std::string& name) {
    v1::CreateProjectRequest request;
    *request.mutable_project() =
        registry::testing::SampleProject(org, "shanty", name);
    v1::ReserveProject created;
    grpc::Status s = through.CreateProject(Context().get(), request, &created);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return created;
  }

  v1::ReserveProject MustGet(Stub& through, const std::string& id) {
    v1::GetProjectRequest request;
    request.set_id(id);
    v1::ReserveProject read;
    grpc::Status s = through.GetProject(Context().get(), request, &read);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return read;
  }

  // Three 储备 shanty projects of `org` and a 2025 draft plan of them, all
  // through `through`; their ids in `ids`.
  v1::AnnualPlan MustDraft(Stub& through, const std::string& org,
                           std::vector<std::string>* ids) {
    for (int i = 0; i < 3; ++i) {
      ids->push_back(MustCreate(through, org, absl::StrCat("棚改", i)).id());
    }
    v1::DraftPlanRequest request;
    request.set_org(org);
    request.set_programme("shanty");
    request.set_year(2025);
    v1::AnnualPlan draft;
    grpc::Status s = through.DraftPlan(Context().get(), request, &draft);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(draft.entries_size(), 3);
    return draft;
  }

  std::vector<registry::Transition> History(const std::string& id) {
    auto history = store_->History(id);
    EXPECT_TRUE(history.ok()) << history.status();
    return history.ok() ? *history : std::vector<registry::Transition>();
  }

  storage::DatabaseSettings database_;
  std::filesystem::path dir_;
  std::vector<ChildProcess> replicas_;
  std::vector<std::unique_ptr<Stub>> stubs_;
  std::unique_ptr<orgs::OrgTree> tree_;
  std::unique_ptr<registry::Store> store_;
};

v1::UpdateProjectRequest Rename(const v1::ReserveProject& read,
                                const std::string& name) {
  v1::UpdateProjectRequest request;
  *request.mutable_project() = read;
  request.mutable_project()->set_name(name);
  request.mutable_update_mask()->add_paths("name");
  return request;
}

TEST_F(RegistryReplicasTest, SameEtagThroughBothReplicasOneUpdateWins) {
  const std::string id = MustCreate(A(), "150402", "红山棚改").id();
  int won_by_a = 0;
  for (int round = 0; round < 8; ++round) {
    const v1::ReserveProject read = MustGet(A(), id);
    const auto via_a = Rename(read, absl::StrCat("经甲改名", round));
    const auto via_b = Rename(read, absl::StrCat("经乙改名", round));
    v1::ReserveProject out_a, out_b;
    auto [sa, sb] = AtOnce(
        [&] { return A().UpdateProject(Context().get(), via_a, &out_a); },
        [&] { return B().UpdateProject(Context().get(), via_b, &out_b); });
    ASSERT_NE(sa.ok(), sb.ok())
        << "round " << round << ": A " << sa.error_message() << " / B "
        << sb.error_message();
    const grpc::Status& lost = sa.ok() ? sb : sa;
    EXPECT_EQ(lost.error_code(), grpc::StatusCode::ABORTED)
        << lost.error_message();
    EXPECT_THAT(lost.error_message(), HasSubstr("已过期"));
    const v1::ReserveProject& winner = sa.ok() ? out_a : out_b;
    won_by_a += sa.ok() ? 1 : 0;
    EXPECT_NE(winner.etag(), read.etag());
    for (Stub* through : {&A(), &B()}) {
      const v1::ReserveProject stored = MustGet(*through, id);
      EXPECT_EQ(stored.name(), winner.name()) << "round " << round;
      EXPECT_EQ(stored.etag(), winner.etag());
    }
  }
  // Who wins is the race's business; that every round had one winner and
  // one ABORTED is the property.
  RecordProperty("rounds_won_by_a", won_by_a);
}

v1::TransitionProjectRequest Step(const v1::ReserveProject& read,
                                  v1::ProjectStatus to,
                                  const std::string& reason) {
  v1::TransitionProjectRequest request;
  request.set_id(read.id());
  request.set_etag(read.etag());
  request.set_to(to);
  request.set_reason(reason);
  if (to == v1::PROJECT_STATUS_PLANNED) request.set_plan_year(2025);
  if (to == v1::PROJECT_STATUS_STARTED) request.set_date("2025-03-01");
  if (to == v1::PROJECT_STATUS_COMPLETED) request.set_date("2025-10-01");
  if (to == v1::PROJECT_STATUS_DELIVERED) request.set_date("2025-12-01");
  return request;
}

TEST_F(RegistryReplicasTest, EachLifecycleStepIsTakenOnceAcrossReplicas) {
  const std::string id = MustCreate(B(), "150402", "红山棚改").id();
  int steps = 0;
  for (v1::ProjectStatus to :
       {v1::PROJECT_STATUS_PLANNED, v1::PROJECT_STATUS_STARTED,
        v1::PROJECT_STATUS_COMPLETED, v1::PROJECT_STATUS_DELIVERED}) {
    const v1::ReserveProject read = MustGet(A(), id);
    const auto via_a = Step(read, to, "经甲");
    const auto via_b = Step(read, to, "经乙");
    v1::ReserveProject out_a, out_b;
    auto [sa, sb] = AtOnce(
        [&] { return A().TransitionProject(Context().get(), via_a, &out_a); },
        [&] { return B().TransitionProject(Context().get(), via_b, &out_b); });
    ASSERT_NE(sa.ok(), sb.ok())
        << v1::ProjectStatus_Name(to) << ": A " << sa.error_message() << " / B "
        << sb.error_message();
    EXPECT_THAT((sa.ok() ? sb : sa).error_code(), Refused());
    ++steps;
    const std::string reason = sa.ok() ? "经甲" : "经乙";
    // The same request again, through the replica that lost: still once.
    v1::ReserveProject again;
    grpc::Status replay =
        sa.ok() ? B().TransitionProject(Context().get(), via_a, &again)
                : A().TransitionProject(Context().get(), via_b, &again);
    EXPECT_THAT(replay.error_code(), Refused()) << replay.error_message();

    EXPECT_EQ(MustGet(B(), id).status(), to);
    const std::vector<registry::Transition> history = History(id);
    ASSERT_EQ(history.size(), static_cast<size_t>(steps));
    EXPECT_EQ(history.back().to, to);
    EXPECT_EQ(history.back().reason, reason);
  }
}

v1::FreezePlanRequest Freeze(const v1::AnnualPlan& plan) {
  v1::FreezePlanRequest request;
  request.set_org(plan.org());
  request.set_programme(plan.programme());
  request.set_year(plan.year());
  request.set_etag(plan.etag());
  return request;
}

TEST_F(RegistryReplicasTest, APlanFrozenThroughOneIsFrozenThroughTheOther) {
  std::vector<std::string> ids;
  const v1::AnnualPlan draft = MustDraft(A(), "150402", &ids);
  ASSERT_FALSE(draft.etag().empty());
  v1::GetPlanRequest get;
  get.set_org("150402");
  get.set_programme("shanty");
  get.set_year(2025);
  v1::AnnualPlan seen;
  ASSERT_TRUE(B().GetPlan(Context().get(), get, &seen).ok());
  EXPECT_EQ(seen.state(), v1::PLAN_STATE_DRAFT);
  EXPECT_EQ(seen.etag(), draft.etag());

  v1::AnnualPlan frozen;
  grpc::Status s = A().FreezePlan(Context().get(), Freeze(draft), &frozen);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(B().GetPlan(Context().get(), get, &seen).ok());
  EXPECT_EQ(seen.state(), v1::PLAN_STATE_FROZEN);
  EXPECT_EQ(seen.etag(), frozen.etag());
  EXPECT_EQ(seen.freeze_time(), frozen.freeze_time());

  // B refuses a second freeze, with the draft's etag or the frozen one's,
  // and an adjustment; the plan stays as A froze it.
  v1::AnnualPlan out;
  EXPECT_EQ(B().FreezePlan(Context().get(), Freeze(draft), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(B().FreezePlan(Context().get(), Freeze(frozen), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::AdjustPlanRequest adjust;
  adjust.set_org("150402");
  adjust.set_programme("shanty");
  adjust.set_year(2025);
  adjust.add_remove_project_ids(ids[0]);
  adjust.set_reason("复核");
  adjust.set_etag(frozen.etag());
  EXPECT_EQ(B().AdjustPlan(Context().get(), adjust, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(A().GetPlan(Context().get(), get, &seen).ok());
  EXPECT_EQ(seen.etag(), frozen.etag());
  for (const std::string& id : ids) {
    const v1::ReserveProject planned = MustGet(B(), id);
    EXPECT_EQ(planned.status(), v1::PROJECT_STATUS_PLANNED) << id;
    EXPECT_EQ(planned.plan_year(), 2025);
    EXPECT_EQ(History(id).size(), 1u) << id;
  }
}

TEST_F(RegistryReplicasTest, TwoFreezesAtOncePlanEachProjectOnce) {
  std::vector<std::string> ids;
  const v1::AnnualPlan draft = MustDraft(B(), "150403", &ids);
  ASSERT_FALSE(draft.etag().empty());
  v1::AnnualPlan out_a, out_b;
  const v1::FreezePlanRequest freeze = Freeze(draft);
  auto [sa, sb] =
      AtOnce([&] { return A().FreezePlan(Context().get(), freeze, &out_a); },
             [&] { return B().FreezePlan(Context().get(), freeze, &out_b); });
  ASSERT_NE(sa.ok(), sb.ok())
      << sa.error_message() << " / " << sb.error_message();
  EXPECT_THAT((sa.ok() ? sb : sa).error_code(), Refused());
  for (const std::string& id : ids) {
    EXPECT_EQ(MustGet(A(), id).status(), v1::PROJECT_STATUS_PLANNED);
    EXPECT_EQ(History(id).size(), 1u) << id;
  }
}

TEST_F(RegistryReplicasTest, ParallelCreatesThroughBothGetDistinctIds) {
  constexpr int kPerReplica = 24;
  constexpr int kThreadsPerReplica = 3;
  std::vector<std::vector<std::string>> made(2 * kThreadsPerReplica);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerReplica; ++t) {
    Stub& through = t % 2 == 0 ? A() : B();
    threads.emplace_back([&, t, through = &through] {
      for (int i = 0; i < kPerReplica / kThreadsPerReplica; ++i) {
        // Two counties: ids are numbered across orgs, so both count.
        made[t].push_back(MustCreate(*through, i % 2 ? "150402" : "150403",
                                     absl::StrCat("并发", t, "-", i))
                              .id());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> created;
  for (const auto& ids : made) created.insert(ids.begin(), ids.end());
  created.erase("");
  EXPECT_EQ(created.size(), 2u * kPerReplica);

  // Page tokens hold no replica state: as behind a load balancer, pages
  // alternate between the replicas, starting with either.
  for (int first : {0, 1}) {
    v1::ListProjectsRequest request;
    request.set_org("150400");  // 赤峰市: both counties
    request.set_page_size(10);
    std::set<std::string> listed;
    int pages = 0;
    while (true) {
      v1::ListProjectsResponse page;
      Stub& through = *stubs_[(first + pages) % 2];
      grpc::Status s = through.ListProjects(Context().get(), request, &page);
      ASSERT_TRUE(s.ok()) << s.error_message();
      EXPECT_EQ(page.total_size(), 2 * kPerReplica);
      for (const v1::ReserveProject& p : page.projects()) listed.insert(p.id());
      ++pages;
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    EXPECT_EQ(listed, created);
    EXPECT_EQ(pages, (2 * kPerReplica + 9) / 10);
  }
}

}  // namespace
}  // namespace anju::testing
