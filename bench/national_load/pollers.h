#ifndef ANJU_BENCH_NATIONAL_LOAD_POLLERS_H_
#define ANJU_BENCH_NATIONAL_LOAD_POLLERS_H_

// The external systems that poll during the surge (资金分配, 大屏): each
// poller thread calls GetCityTotals (a random city), RankCities (a random
// programme) and Evaluate (a random county's facts) in turn, back to back,
// as role external_system. Beside them a prober calls the gRPC health
// Check of each server every 20 ms: the latency baseline, a call that does
// nothing, on the same server under the same load.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/national_load/country.h"
#include "bench/national_load/facts.h"
#include "bench/national_load/recorder.h"

namespace anju::bench {

struct Channels {
  std::shared_ptr<grpc::Channel> scoring;
  std::shared_ptr<grpc::Channel> submission;
};

inline const std::vector<std::string> kPolledRpcs = {"GetCityTotals",
                                                     "RankCities", "Evaluate"};

// "Check (anju-scoring)", "Check (anju-submission)".
std::string CheckName(const std::string& server);

class Pollers {
 public:
  // `rpcs`: which of GetCityTotals, RankCities and Evaluate to call, in
  // turn (kPolledRpcs when empty).
  Pollers(const Country& country, const FactMaker& facts, Channels channels,
          std::string token, std::vector<std::string> rpcs, Recorder& recorder);
  ~Pollers();  // Stop()

  void Start(int pollers);
  void Stop();

 private:
  void Poll(int index);
  void Probe();

  const Country& country_;
  const FactMaker& facts_;
  Channels channels_;
  const std::string token_;
  std::vector<std::string> rpcs_;
  Recorder& recorder_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

// The throughput baseline: `threads` clients calling health Check back to
// back for `seconds`; recorded as CheckName(server).
void CheckClosedLoop(std::shared_ptr<grpc::Channel> channel,
                     const std::string& server, int threads, double seconds,
                     Recorder& recorder);

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_POLLERS_H_
