// anju-loadgen: Evaluate against the empty RPC (and against a canned
// Evaluate: the payload without scoring) on one server, at several
// concurrencies, in alternating rounds; prints throughput, p50/p99 latency,
// CPU per call and the throughput ratios over Ping (bench/README.md).

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "anju/v1/scoring.grpc.pb.h"
#include "bench/grpc/comparison.h"
#include "bench/grpc/empty.grpc.pb.h"
#include "bench/grpc/report.h"
#include "cli/facts_file.h"

namespace anju::bench {
namespace {

struct Flags {
  std::string target;
  std::string facts =
      std::string(ANJU_SOURCE_DIR) + "/data/samples/chifeng-2023/rental.yaml";
  std::vector<int> in_flight = {1, 8, 64};
  int rounds = 3;
  double round_seconds = 2;
  double warmup_seconds = 0.5;
  double deadline_seconds = 5;
  double target_ratio = 0.8;
};

std::chrono::nanoseconds Seconds(double s) {
  return std::chrono::nanoseconds(static_cast<int64_t>(s * 1e9));
}

Workload EvaluateWorkload(anju::v1::ScoringService::Stub* stub,
                          const anju::v1::EvaluateRequest* request) {
  return {"Evaluate", [stub, request]() -> StartCall {
            auto response = std::make_shared<anju::v1::EvaluateResponse>();
            return [stub, request, response](grpc::ClientContext* context,
                                             DoneFn done) {
              stub->async()->Evaluate(context, request, response.get(),
                                      std::move(done));
            };
          }};
}

// The same request to the canned Evaluate: the payload without scoring.
Workload CannedWorkload(v1::BenchService::Stub* stub,
                        const anju::v1::EvaluateRequest* request) {
  return {"EvaluateCanned", [stub, request]() -> StartCall {
            auto response = std::make_shared<anju::v1::EvaluateResponse>();
            return [stub, request, response](grpc::ClientContext* context,
                                             DoneFn done) {
              stub->async()->EvaluateCanned(context, request, response.get(),
                                            std::move(done));
            };
          }};
}

Workload PingWorkload(v1::EmptyService::Stub* stub) {
  static const v1::PingRequest kRequest;
  return {"Ping", [stub]() -> StartCall {
            auto response = std::make_shared<v1::PingResponse>();
            return [stub, response](grpc::ClientContext* context, DoneFn done) {
              stub->async()->Ping(context, &kRequest, response.get(),
                                  std::move(done));
            };
          }};
}

// The server's CPU time so far, through the bench server's GetUsage; -1 if
// it cannot be read (then the report leaves the column at -1).
std::function<int64_t()> ServerCpuProbe(v1::BenchService::Stub* stub) {
  return [stub]() -> int64_t {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    v1::Usage usage;
    if (!stub->GetUsage(&context, v1::GetUsageRequest(), &usage).ok()) {
      return -1;
    }
    return usage.user_cpu_nanos() + usage.system_cpu_nanos();
  };
}

// One synchronous Evaluate first: a broken server or sample should fail
// loudly, not show up as a fast stream of errors.
bool CheckEvaluate(anju::v1::ScoringService::Stub* stub,
                   const anju::v1::EvaluateRequest& request,
                   const Flags& flags) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       Seconds(flags.deadline_seconds));
  context.set_wait_for_ready(true);
  anju::v1::EvaluateResponse response;
  const grpc::Status status = stub->Evaluate(&context, request, &response);
  if (!status.ok()) {
    std::cerr << "Evaluate failed: " << status.error_code() << " "
              << status.error_message() << "\n";
    return false;
  }
  std::cout << "Evaluate " << request.programme() << " " << request.year()
            << ": " << response.indicators_size() << " indicators, total "
            << response.total() << " " << response.grade_label() << ", "
            << request.ByteSizeLong() << " B request, "
            << response.ByteSizeLong() << " B response\n";
  return true;
}

int Run(const Flags& flags) {
  absl::StatusOr<cli::FactsFile> file = cli::ReadFactsFile(flags.facts);
  if (!file.ok()) {
    std::cerr << file.status() << "\n";
    return 2;
  }
  const anju::v1::EvaluateRequest& request = file->request;
  // One channel for every RPC: they share the connection, as real clients
  // of this server would.
  auto channel =
      grpc::CreateChannel(flags.target, grpc::InsecureChannelCredentials());
  auto scoring = anju::v1::ScoringService::NewStub(channel);
  auto empty = v1::EmptyService::NewStub(channel);
  auto bench = v1::BenchService::NewStub(channel);
  if (!CheckEvaluate(scoring.get(), request, flags)) return 1;

  // Evaluate first: the verdict reads workload 0; the baseline goes last.
  const std::vector<Workload> workloads = {
      EvaluateWorkload(scoring.get(), &request),
      CannedWorkload(bench.get(), &request), PingWorkload(empty.get())};
  std::vector<Comparison> results;
  int64_t errors = 0;
  for (int n : flags.in_flight) {
    CompareOptions options;
    options.in_flight = n;
    options.rounds = flags.rounds;
    options.round = Seconds(flags.round_seconds);
    options.warmup = Seconds(flags.warmup_seconds);
    options.deadline = Seconds(flags.deadline_seconds);
    options.server_cpu_nanos = ServerCpuProbe(bench.get());
    results.push_back(Compare(workloads, options));
    for (const LoopResult& r : results.back().results) errors += r.errors;
  }
  std::cout << flags.rounds << " rounds of " << flags.round_seconds
            << " s per RPC and concurrency, after " << flags.warmup_seconds
            << " s of warm-up; latency and cpu in microseconds per call\n";
  PrintComparisons(results, std::cout);
  PrintVerdict(results.back(), 0, flags.target_ratio, std::cout);
  // A missed speed target is a figure to report, not a failure; errors are.
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace anju::bench

int main(int argc, char** argv) {
  anju::bench::Flags flags;
  CLI::App app{"Evaluate vs the empty RPC: throughput and latency"};
  app.add_option("--target", flags.target, "server HOST:PORT")->required();
  app.add_option("--facts", flags.facts, "facts file for Evaluate");
  app.add_option("--in-flight", flags.in_flight, "concurrencies, e.g. 1,8,64")
      ->delimiter(',');
  app.add_option("--rounds", flags.rounds,
                 "rounds per concurrency, each running every RPC once");
  app.add_option("--round-seconds", flags.round_seconds, "length of a round");
  app.add_option("--warmup-seconds", flags.warmup_seconds,
                 "unrecorded warm-up");
  app.add_option("--deadline-seconds", flags.deadline_seconds, "per call");
  app.add_option("--target-ratio", flags.target_ratio,
                 "Evaluate/Ping throughput to reach at the last concurrency");
  CLI11_PARSE(app, argc, argv);
  return anju::bench::Run(flags);
}
