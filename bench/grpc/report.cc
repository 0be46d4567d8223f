#include "bench/grpc/report.h"

#include <cstdarg>
#include <cstdio>
#include <string>

namespace anju::bench {
namespace {

std::string Format(const char* format, ...)
    __attribute__((format(printf, 1, 2)));

std::string Format(const char* format, ...) {
  char line[256];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof(line), format, args);
  va_end(args);
  return line;
}

void PrintRow(int in_flight, const std::string& name, const LoopResult& r,
              std::ostream& out) {
  out << Format("%9d  %-14s %8lld %8.0f %8.1f %8.1f %8.1f %8.1f %6lld\n",
                in_flight, name.c_str(), static_cast<long long>(r.calls),
                r.CallsPerSecond(), r.latency.Percentile(50) / 1e3,
                r.latency.Percentile(99) / 1e3, r.ClientCpuMicrosPerCall(),
                r.ServerCpuMicrosPerCall(), static_cast<long long>(r.errors));
  if (!r.first_error.empty()) {
    out << "           first error: " << r.first_error << "\n";
  }
}

void PrintRatios(const Comparison& c, std::ostream& out) {
  for (size_t w = 0; w + 1 < c.names.size(); ++w) {
    out << Format("%9s  %s/%s calls/s = %.3f   per round:", "",
                  c.names[w].c_str(), c.names.back().c_str(), c.Ratio(w));
    for (double ratio : c.round_ratios[w]) out << Format(" %.3f", ratio);
    out << "\n";
  }
}

}  // namespace

void PrintComparisons(const std::vector<Comparison>& comparisons,
                      std::ostream& out) {
  // cpu columns: microseconds of process CPU (all threads) per call, the
  // load generator's and the server's. On a shared box they show where a
  // call's cost goes better than wall-clock figures do.
  out << "in-flight  rpc               calls  calls/s  p50(us)  p99(us) "
         "cli-cpu  srv-cpu errors\n";
  for (const Comparison& c : comparisons) {
    for (size_t w = 0; w < c.names.size(); ++w) {
      PrintRow(c.in_flight, c.names[w], c.results[w], out);
    }
    PrintRatios(c, out);
  }
}

bool PrintVerdict(const Comparison& c, size_t w, double target,
                  std::ostream& out) {
  const bool met = c.Ratio(w) >= target;
  out << Format("target: %s at %d in flight >= %.2f x %s calls/s: %.3f, %s\n",
                c.names[w].c_str(), c.in_flight, target, c.names.back().c_str(),
                c.Ratio(w), met ? "MET" : "MISSED");
  return met;
}

}  // namespace anju::bench
