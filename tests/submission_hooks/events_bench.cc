// How ListReportEvents' work scales with the audit log: paging through
// every workflow event (1000 a page: the store's query and the parse of
// each entry's report) against VerifyAuditLog over the same log (read and
// hash every entry), measured in the same run, interleaved, medians of 5.
// The machine is shared and noisy: the ratio is the figure, not the times.
//
//   build/bin/submission_events_bench [REPORTS]   # default 2000 (4000 entries)

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/submission/report_events.h"
#include "services/submission/store.h"

namespace anju::submission {
namespace {

// A county report about as large as a real one: 20 facts, 10 indicators
// scored with reasons.
v1::Report SampleReport(int i) {
  v1::Report report;
  report.set_org(absl::StrCat("15", 1000 + i));
  report.set_programme("shanty");
  report.set_year(2023);
  report.set_version(1);
  report.set_state(v1::REPORT_STATE_DRAFT);
  for (int f = 0; f < 20; ++f) {
    (*report.mutable_facts())[absl::StrCat("fact_", f)].set_number(f * 10.5);
  }
  for (int k = 0; k < 10; ++k) {
    v1::IndicatorScore* indicator = report.mutable_scored()->add_indicators();
    indicator->set_id(absl::StrCat("shanty.indicator_", k));
    indicator->set_score(5);
    indicator->set_max_score(10);
    indicator->set_reason(
        "按计划完成率计分：实际开工2198套，计划2198套，完成率100%");
  }
  return report;
}

absl::Status Fill(Store& store, int reports) {
  const absl::Time at = absl::Now();
  for (int i = 0; i < reports; ++i) {
    v1::Report draft = SampleReport(i);
    draft.clear_scored();
    absl::StatusOr<v1::Report> saved =
        store.WriteReport(draft, "", Change{"bench", at, "save_draft"});
    if (!saved.ok()) return saved.status();
    v1::Report submitted = SampleReport(i);
    submitted.set_state(v1::REPORT_STATE_SUBMITTED_TO_CITY);
    absl::StatusOr<v1::Report> done = store.WriteReport(
        submitted, saved->etag(), Change{"bench", at, "submit"});
    if (!done.ok()) return done.status();
  }
  return absl::OkStatus();
}

// Every event, a page of 1000 at a time, as DoListReportEvents reads them.
absl::StatusOr<int> PageThrough(Store& store) {
  int64_t after = 0;
  int events = 0;
  while (true) {
    absl::StatusOr<std::vector<AuditEntry>> page =
        store.AuditEntriesAfter(after, EventActions(), kMaxEventLimit);
    if (!page.ok()) return page.status();
    if (page->empty()) return events;
    for (const AuditEntry& entry : *page) {
      absl::StatusOr<v1::ReportEvent> event = EventFromAudit(entry);
      if (!event.ok()) return event.status();
      ++events;
    }
    after = page->back().seq;
  }
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Run(int reports) {
  const std::string dir = absl::StrCat("/tmp/anju-events-bench-", ::getpid());
  std::filesystem::create_directories(dir);
  storage::DatabaseSettings db;
  db.path = dir + "/submission.db";
  auto store = Store::Open(db);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  const absl::Time start = absl::Now();
  if (absl::Status s = Fill(**store, reports); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("filled %d entries in %.1f s\n", 2 * reports,
              absl::ToDoubleSeconds(absl::Now() - start));
  std::vector<double> verify_ms, events_ms;
  int events = 0;
  for (int round = 0; round < 5; ++round) {
    // Interleaved, alternating which goes first.
    for (int which : {round % 2, 1 - round % 2}) {
      const absl::Time t0 = absl::Now();
      if (which == 0) {
        if (!VerifyAuditChain((*store)->database()).ok()) return 1;
        verify_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
      } else {
        absl::StatusOr<int> n = PageThrough(**store);
        if (!n.ok()) return 1;
        events = *n;
        events_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
      }
    }
  }
  const double v = Median(verify_ms), e = Median(events_ms);
  std::printf(
      "entries %d, events %d\n"
      "VerifyAuditLog (baseline): %.1f ms\n"
      "ListReportEvents, all pages: %.1f ms (%.0f events/s)\n"
      "ratio events/verify: %.2f\n",
      2 * reports, events, v, e, events / (e / 1000), e / v);
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace anju::submission

int main(int argc, char** argv) {
  const int reports = argc > 1 ? std::atoi(argv[1]) : 2000;
  if (reports < 1 || reports > 1000000) {
    std::fprintf(stderr, "REPORTS: 1–1000000\n");
    return 2;
  }
  return anju::submission::Run(reports);
}
