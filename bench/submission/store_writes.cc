#include "bench/submission/store_writes.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>

#include "absl/time/clock.h"
#include "bench/submission/blocking_calls.h"
#include "bench/submission/scratch.h"
#include "bench/submission/sqlite_commits.h"
#include "common/status.h"
#include "services/submission/store.h"

namespace anju::bench {
namespace {

struct StoreState {
  std::string dir;
  const Samples* samples = nullptr;
  std::unique_ptr<WalPrefill> prefill;
  std::unique_ptr<submission::Store> store;
  absl::Status failed;
  std::atomic<int64_t> next{0};
};

void OpenFresh(StoreState& state) {
  state.store.reset();
  state.prefill.reset();
  state.next = 0;
  const std::string path = state.dir + "/submission.db";
  state.failed = FreshDir(state.dir);
  if (!state.failed.ok()) return;
  auto prefill = WalPrefill::Open(path);
  state.failed = prefill.status();
  if (!prefill.ok()) return;
  state.prefill = *std::move(prefill);
  storage::DatabaseSettings db;  // SQLite: the benches measure its commits
  db.path = path;
  auto store = submission::Store::Open(db);
  state.failed = store.status();
  if (store.ok()) state.store = *std::move(store);
}

// Report number `i` of the round: a key no earlier call of the round used.
v1::Report NthReport(const Samples& samples, int64_t i) {
  const int64_t counties = static_cast<int64_t>(samples.counties.size());
  const int64_t programmes = static_cast<int64_t>(samples.programmes.size());
  v1::Report report = samples.programmes[(i / counties) % programmes].submitted;
  report.set_org(samples.counties[i % counties]);
  report.set_year(kSampleYear + static_cast<int>(i / (counties * programmes)));
  report.set_version(1);
  return report;
}

grpc::Status WriteOne(StoreState& state) {
  if (state.store == nullptr) return common::ToGrpcStatus(state.failed);
  const v1::Report report = NthReport(*state.samples, state.next++);
  const submission::Change change{"bench", absl::Now(), "submit"};
  return common::ToGrpcStatus(
      state.store->WriteReport(report, "", change).status());
}

}  // namespace

Workload StoreWriteWorkload(const std::string& dir, const Samples* samples) {
  auto state = std::make_shared<StoreState>();
  state->dir = dir + "/store";
  state->samples = samples;
  Workload w;
  w.name = "Store.Write";
  w.before_round = [state] { OpenFresh(*state); };
  w.factory = OnOwnThreads([state]() -> BlockingCall {
    return [state] { return WriteOne(*state); };
  });
  return w;
}

}  // namespace anju::bench
