#ifndef ANJU_BENCH_GRPC_COMPARISON_H_
#define ANJU_BENCH_GRPC_COMPARISON_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/grpc/closed_loop.h"

namespace anju::bench {

// One RPC to drive: a name for the report and how to start a call.
struct Workload {
  std::string name;
  StartCallFactory factory;
  // Optional, untimed: runs before each of this workload's rounds (and its
  // warm-up), e.g. to give every round a fresh database file.
  std::function<void()> before_round;
};

struct CompareOptions {
  int in_flight = 1;
  int rounds = 3;
  std::chrono::nanoseconds round = std::chrono::seconds(2);
  std::chrono::nanoseconds warmup = std::chrono::milliseconds(500);
  std::chrono::nanoseconds deadline = std::chrono::seconds(5);
  // The server process's CPU time so far in nanoseconds, or -1; read
  // around each round to split a call's cost between server and client.
  std::function<int64_t()> server_cpu_nanos;
};

// Every workload at one concurrency; the last one is the baseline.
struct Comparison {
  int in_flight = 0;
  std::vector<std::string> names;
  std::vector<LoopResult> results;  // by workload, every round summed
  // round_ratios[w][r]: workload w's calls/s over the baseline's, round r.
  std::vector<std::vector<double>> round_ratios;

  // Workload w's calls/s over the baseline's, all rounds.
  double Ratio(size_t w) const;
};

// Runs the workloads in alternating rounds (ABC CBA ABC …) at the same
// concurrency, so that a colleague's compile or a CPU-frequency change hits
// all alike; each round also yields its own ratios, whose spread shows how
// noisy the run was.
Comparison Compare(const std::vector<Workload>& workloads,
                   const CompareOptions& options);

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_COMPARISON_H_
