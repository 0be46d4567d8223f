#ifndef ANJU_BENCH_GRPC_CLOSED_LOOP_H_
#define ANJU_BENCH_GRPC_CLOSED_LOOP_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "bench/grpc/latency_histogram.h"

namespace anju::bench {

// Starts one unary call on the callback API (`stub->async()->Method(...)`)
// with the given context and calls `done` when it ends. The response
// storage belongs to the caller: one StartCall per slot, made by a factory.
using DoneFn = std::function<void(grpc::Status)>;
using StartCall = std::function<void(grpc::ClientContext*, DoneFn)>;
using StartCallFactory = std::function<StartCall()>;

struct LoopOptions {
  int in_flight = 1;
  std::chrono::nanoseconds duration = std::chrono::seconds(1);
  std::chrono::nanoseconds deadline = std::chrono::seconds(5);  // per call
};

struct LoopResult {
  int64_t calls = 0;  // completed, including errors
  int64_t errors = 0;
  std::string first_error;
  std::chrono::nanoseconds elapsed{0};  // first start to last completion
  LatencyHistogram latency;             // successful calls only
  // CPU spent by each process over the run (Compare fills these; -1 when
  // the server's is unknown).
  int64_t client_cpu_nanos = 0;
  int64_t server_cpu_nanos = 0;

  // Successful calls per second of elapsed time.
  double CallsPerSecond() const;
  // CPU per completed call, in microseconds; -1 when unknown.
  double ClientCpuMicrosPerCall() const;
  double ServerCpuMicrosPerCall() const;
  // Sums another run into this one (rounds of the same workload).
  void Add(const LoopResult& other);
};

// A closed loop: `in_flight` slots each keep one call outstanding, starting
// the next as soon as the previous ends, until `duration` has passed. This
// measures what the server sustains at that concurrency (an open loop would
// measure queueing at a chosen rate instead). Blocks until every slot is done.
LoopResult RunClosedLoop(const StartCallFactory& factory,
                         const LoopOptions& options);

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_CLOSED_LOOP_H_
