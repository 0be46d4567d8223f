#ifndef ANJU_BENCH_NATIONAL_LOAD_REPORT_H_
#define ANJU_BENCH_NATIONAL_LOAD_REPORT_H_

// The run's figures as markdown: one table of RPCs (calls, calls/s,
// p50/p95/p99, the ratio of p50 to the health Check of the same server
// under the same load, errors by status), and one of memory per process.

#include <map>
#include <string>

#include "bench/national_load/recorder.h"
#include "bench/national_load/surge.h"

namespace anju::bench {

struct Memory {
  int64_t idle_kib = -1;  // VmRSS after start, before the campaign
  int64_t peak_kib = -1;  // VmHWM at the end
};

struct RunFigures {
  std::string title;  // backend, scale, auth, threads…
  SurgeResult surge;
  double wall_seconds = 0;  // the whole run, start of suite to its stop
  std::map<std::string, RpcStats> load;      // during the surge
  std::map<std::string, RpcStats> baseline;  // Check, closed loop, before
  double baseline_seconds = 0;
  std::map<std::string, Memory> memory;
  std::string final_check;  // what the end-of-run reads found
};

std::string Markdown(const RunFigures& figures);

// Errors of every RPC of the surge and the final reads.
int64_t TotalErrors(const std::map<std::string, RpcStats>& stats);

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_REPORT_H_
