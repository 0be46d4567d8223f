#include "bench/national_load/recorder.h"

#include "absl/status/status.h"

namespace anju::bench {

int64_t RpcStats::ErrorCount() const {
  int64_t n = 0;
  for (const auto& [code, count] : errors) n += count;
  return n;
}

void Recorder::Record(const std::string& rpc, const grpc::Status& status,
                      std::chrono::nanoseconds took) {
  std::lock_guard<std::mutex> lock(mu_);
  RpcStats& stats = by_rpc_[rpc];
  ++stats.calls;
  if (status.ok()) {
    stats.latency.Record(took.count());
    return;
  }
  if (stats.errors.empty()) stats.first_error = status.error_message();
  ++stats.errors[status.error_code()];
}

std::map<std::string, RpcStats> Recorder::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return by_rpc_;
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC's codes are absl's, number for number.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace anju::bench
