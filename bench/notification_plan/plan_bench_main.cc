// anju-notification-plan-bench: plans the reminders of a national-scale
// campaign (~340 prefecture-level and ~2,850 county-level units, three
// programmes, two contacts per org) for two busy days — the counties' T−1
// reminder day and their escalation day (overdue notices plus 督办 to every
// city) — and inserts the deliveries into the delivery log in one
// transaction. Baseline, in the same run: inserting as many rows into a
// plain SQLite table through common/storage. Prints medians over rounds
// and the ratio; the machine is shared, so only the ratio is comparable.
//
//   anju-notification-plan-bench [--rounds N] [--divisions DIR] [--smoke]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/notification_plan/national_campaign.h"
#include "common/storage/sqlite_database.h"
#include "services/notification/clock.h"
#include "services/notification/notices.h"
#include "services/notification/policy.h"
#include "services/notification/store.h"

namespace {

using anju::bench::NationalCampaign;
namespace notification = anju::notification;
using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The deliveries of the two busy days.
std::vector<notification::DeliveryRecord> Plan(
    const NationalCampaign& campaign, const anju::v1::ReminderPolicy& policy) {
  std::vector<notification::DeliveryRecord> out;
  for (const char* day : {"2024-03-19", "2024-03-23"}) {
    notification::PlanInput input{
        campaign.tree.get(),
        campaign.calendar,
        policy,
        &campaign.states,
        &campaign.contacts,
        *notification::ParseInstant(absl::StrCat(day, "T08:00:00+08:00"), ""),
        *notification::ParseInstant(absl::StrCat(day, "T10:00:00+08:00"), "")};
    for (const auto& item : notification::PlanNotices(input)) {
      for (auto& d : notification::DeliveriesOf(item, 2023, *campaign.tree)) {
        out.push_back(std::move(d));
      }
    }
  }
  return out;
}

// Baseline: the same number of rows, key and subject, into a plain table.
absl::StatusOr<double> PlainInserts(
    const std::string& path,
    const std::vector<notification::DeliveryRecord>& rows) {
  auto db = anju::storage::OpenSqlite(path);
  if (!db.ok()) return db.status();
  {
    auto tx = (*db)->Begin(anju::storage::TransactionMode::kWrite);
    if (!tx.ok()) return tx.status();
    if (auto s = (*tx)->Execute(
            "CREATE TABLE plain (id BIGINT PRIMARY KEY, k TEXT NOT NULL "
            "UNIQUE, v TEXT NOT NULL)");
        !s.ok()) {
      return s;
    }
    if (auto s = (*tx)->Commit(); !s.ok()) return s;
  }
  const auto start = Clock::now();
  auto tx = (*db)->Begin(anju::storage::TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto st = (*tx)->Prepare("INSERT INTO plain (id, k, v) VALUES ($1, $2, $3)");
  if (!st.ok()) return st.status();
  for (size_t i = 0; i < rows.size(); ++i) {
    (*st)->BindInt64(1, static_cast<int64_t>(i) + 1).IgnoreError();
    (*st)->BindText(2, rows[i].idempotency_key).IgnoreError();
    (*st)->BindText(3, rows[i].subject).IgnoreError();
    if (auto run = (*st)->Run(); !run.ok()) return run.status();
    if (auto s = (*st)->Reset(); !s.ok()) return s;
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return MsSince(start);
}

struct Round {
  double plan_ms = 0;
  double insert_ms = 0;
  double baseline_ms = 0;
  size_t rows = 0;
};

absl::StatusOr<Round> RunRound(const NationalCampaign& campaign,
                               const anju::v1::ReminderPolicy& policy,
                               const std::string& dir, int round) {
  Round r;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto baseline = [&]() -> absl::Status {
    auto rows = Plan(campaign, policy);
    auto ms = PlainInserts(absl::StrCat(dir, "/plain.db"), rows);
    if (!ms.ok()) return ms.status();
    r.baseline_ms = *ms;
    return absl::OkStatus();
  };
  if (round % 2 == 1) {  // alternate the order against drift
    if (auto s = baseline(); !s.ok()) return s;
  }
  anju::storage::DatabaseSettings db;
  db.path = absl::StrCat(dir, "/notification.db");
  auto store = notification::NotificationStore::Open(db);
  if (!store.ok()) return store.status();
  auto start = Clock::now();
  auto rows = Plan(campaign, policy);
  r.plan_ms = MsSince(start);
  r.rows = rows.size();
  const absl::Time through = rows.empty() ? absl::Now() : rows.back().due_time;
  start = Clock::now();
  auto inserted =
      (*store)->InsertPlanned(2023, std::move(rows), through, through);
  if (!inserted.ok()) return inserted.status();
  r.insert_ms = MsSince(start);
  if (static_cast<size_t>(*inserted) != r.rows) {
    return absl::InternalError("not every planned delivery was inserted");
  }
  if (round % 2 == 0) {
    if (auto s = baseline(); !s.ok()) return s;
  }
  return r;
}

}  // namespace

constexpr int kSkipped = 77;

int main(int argc, char** argv) {
  int rounds = 5;
  bool smoke = false;
  std::string divisions = anju::bench::DefaultDivisionsDir();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--smoke")) {
      smoke = true;
      rounds = 1;
    }
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    }
    if (!std::strcmp(argv[i], "--divisions") && i + 1 < argc) {
      divisions = argv[++i];
    }
  }
  // The country's division lists are not shipped (../shared holds them
  // beside a checkout); without them the smoke run skips, as the
  // whole-country org tests do (ctest SKIP_RETURN_CODE 77).
  if (smoke && !std::filesystem::exists(divisions)) {
    std::fprintf(stderr, "skipped: no division lists in %s\n",
                 divisions.c_str());
    return kSkipped;
  }
  auto campaign = anju::bench::MakeNationalCampaign(divisions, 40);
  if (!campaign.ok()) {
    std::fprintf(stderr, "%s\n", campaign.status().ToString().c_str());
    return 1;
  }
  auto policy = notification::LoadPolicyFile(notification::DefaultPolicyPath());
  if (!policy.ok()) {
    std::fprintf(stderr, "%s\n", policy.status().ToString().c_str());
    return 1;
  }
  const std::string dir =
      (std::filesystem::temp_directory_path() /
       absl::StrCat("anju-notification-plan-bench-", getpid()))
          .string();
  std::vector<double> plan, insert, baseline, ratio;
  size_t rows = 0;
  for (int round = 0; round < rounds; ++round) {
    auto r = RunRound(*campaign, *policy, dir, round);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      std::filesystem::remove_all(dir);
      return 1;
    }
    plan.push_back(r->plan_ms);
    insert.push_back(r->insert_ms);
    baseline.push_back(r->baseline_ms);
    ratio.push_back((r->plan_ms + r->insert_ms) / r->baseline_ms);
    rows = r->rows;
  }
  std::filesystem::remove_all(dir);
  std::printf(
      "national campaign: %d cities, %d counties, 3 programmes, 2 contacts "
      "per org, 60%% of reports not submitted\n"
      "deliveries planned (T-1 day + escalation day): %zu\n"
      "median of %d rounds: plan %.1f ms, insert %.1f ms (%.0f rows/s), "
      "baseline plain inserts %.1f ms (%.0f rows/s)\n"
      "ratio (plan + insert) / baseline: %.2f (median of per-round ratios)\n",
      campaign->cities, campaign->counties, rows, rounds, Median(plan),
      Median(insert), rows / (Median(insert) / 1000.0), Median(baseline),
      rows / (Median(baseline) / 1000.0), Median(ratio));
  return 0;
}
