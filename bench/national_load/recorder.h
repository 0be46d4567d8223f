#ifndef ANJU_BENCH_NATIONAL_LOAD_RECORDER_H_
#define ANJU_BENCH_NATIONAL_LOAD_RECORDER_H_

// Per-RPC latency histograms (successful calls) and call counts by status
// code, shared by every client thread. A call takes microseconds of locking
// against milliseconds of RPC: one mutex is enough.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "bench/grpc/latency_histogram.h"

namespace anju::bench {

struct RpcStats {
  LatencyHistogram latency;  // OK calls only, nanoseconds
  int64_t calls = 0;
  std::map<grpc::StatusCode, int64_t> errors;
  std::string first_error;
  int64_t ErrorCount() const;
};

class Recorder {
 public:
  void Record(const std::string& rpc, const grpc::Status& status,
              std::chrono::nanoseconds took);
  std::map<std::string, RpcStats> Snapshot() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, RpcStats> by_rpc_;
};

// Times `call` (which returns a grpc::Status) and records it as `rpc`.
template <typename Call>
grpc::Status Timed(Recorder& recorder, const std::string& rpc, Call&& call) {
  const auto start = std::chrono::steady_clock::now();
  grpc::Status status = call();
  recorder.Record(rpc, status, std::chrono::steady_clock::now() - start);
  return status;
}

// "OK", "ABORTED", … as gRPC names them.
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_RECORDER_H_
