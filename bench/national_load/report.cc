#include "bench/national_load/report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/national_load/pollers.h"

namespace anju::bench {
namespace {

double Ms(int64_t nanos) { return nanos / 1e6; }

// Which server an RPC runs on, for its Check baseline.
std::string ServerOf(const std::string& rpc) {
  if (rpc == "SaveDraft" || rpc == "SubmitReport" || rpc == "CreateCampaign") {
    return "anju-submission";
  }
  return "anju-scoring";
}

std::string Errors(const RpcStats& stats) {
  std::vector<std::string> parts;
  for (const auto& [code, count] : stats.errors) {
    parts.push_back(absl::StrCat(StatusCodeName(code), " ", count));
  }
  return parts.empty() ? "0" : absl::StrJoin(parts, ", ");
}

std::string RpcTable(const std::map<std::string, RpcStats>& stats,
                     double seconds) {
  std::string out =
      "| RPC | calls | calls/s | p50 ms | p95 ms | p99 ms | p50 ÷ Check p50 "
      "| errors |\n|---|--:|--:|--:|--:|--:|--:|---|\n";
  for (const auto& [rpc, s] : stats) {
    std::string ratio = "—";
    if (rpc.rfind("Check", 0) != 0) {
      auto check = stats.find(CheckName(ServerOf(rpc)));
      if (check != stats.end() && check->second.latency.count() > 0) {
        ratio =
            absl::StrFormat("%.1f", 1.0 * s.latency.Percentile(50) /
                                        check->second.latency.Percentile(50));
      }
    }
    absl::StrAppendFormat(
        &out, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %s | %s |\n", rpc,
        s.calls, seconds > 0 ? s.calls / seconds : 0.0,
        Ms(s.latency.Percentile(50)), Ms(s.latency.Percentile(95)),
        Ms(s.latency.Percentile(99)), ratio, Errors(s));
  }
  return out;
}

std::string MemoryTable(const std::map<std::string, Memory>& memory) {
  std::string out =
      "| process | RSS idle MiB | peak RSS (VmHWM) MiB | peak ÷ idle |\n"
      "|---|--:|--:|--:|\n";
  for (const auto& [name, m] : memory) {
    absl::StrAppendFormat(&out, "| %s | %.1f | %.1f | %.1f |\n", name,
                          m.idle_kib / 1024.0, m.peak_kib / 1024.0,
                          m.idle_kib > 0 ? 1.0 * m.peak_kib / m.idle_kib : 0);
  }
  return out;
}

}  // namespace

int64_t TotalErrors(const std::map<std::string, RpcStats>& stats) {
  int64_t n = 0;
  for (const auto& [rpc, s] : stats) n += s.ErrorCount();
  return n;
}

std::string Markdown(const RunFigures& f) {
  const SurgeResult& s = f.surge;
  std::string out = absl::StrCat("### ", f.title, "\n\n");
  const int64_t writes =
      f.load.count("SubmitReport")
          ? f.load.at("SubmitReport").calls + f.load.at("SaveDraft").calls
          : 0;
  const double write_rate = s.seconds > 0 ? writes / s.seconds : 0;
  absl::StrAppendFormat(
      &out,
      "Filing: %d of %d orgs filed (%d reports submitted) in %.1f s%s; whole "
      "run %.1f s.\n",
      s.orgs_filed, s.orgs_total, s.reports_submitted, s.seconds,
      s.hit_limit ? " (stopped at the time limit)" : "", f.wall_seconds);
  absl::StrAppendFormat(&out,
                        "Throughput: %.1f SaveDraft+SubmitReport calls/s, %.1f "
                        "reports submitted/s.\n",
                        write_rate,
                        s.seconds > 0 ? s.reports_submitted / s.seconds : 0);
  auto base = f.baseline.find(CheckName("anju-submission"));
  if (base != f.baseline.end() && f.baseline_seconds > 0) {
    const double check_rate = base->second.calls / f.baseline_seconds;
    absl::StrAppendFormat(
        &out,
        "Throughput baseline: health Check on anju-submission, same threads, "
        "back to back before the surge: %.0f calls/s; write calls/s ÷ that = "
        "%.3f.\n",
        check_rate, check_rate > 0 ? write_rate / check_rate : 0);
  }
  absl::StrAppend(&out,
                  "\nDuring the surge (latency baseline: the health "
                  "Check of the same server, probed every 20 ms under "
                  "the same load):\n\n",
                  RpcTable(f.load, s.seconds),
                  "\nBefore the surge (baseline, "
                  "closed loop):\n\n",
                  RpcTable(f.baseline, f.baseline_seconds),
                  "\nMemory (baseline: each process's RSS once started, "
                  "before any call):\n\n",
                  MemoryTable(f.memory));
  if (!f.final_check.empty()) absl::StrAppend(&out, "\n", f.final_check, "\n");
  return out;
}

}  // namespace anju::bench
