#ifndef ANJU_SERVICES_SCORING_RESULTS_RESULTS_ENDPOINT_H_
#define ANJU_SERVICES_SCORING_RESULTS_RESULTS_ENDPOINT_H_

// The RPCs GetCityTotals and RankCities of the scoring service. Unlike the
// engine's RPCs they block (a call to the submission service, Redis), so a
// reaction hands the call to a few threads of its own and returns; the
// thread finishes the RPC. ScoringServiceImpl forwards to this when the
// results API is configured (set_results).

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "anju/v1/scoring.pb.h"
#include "services/scoring/results/results.h"

namespace anju::scoring::results {

class ResultsEndpoint {
 public:
  // `results` outlives the endpoint.
  ResultsEndpoint(Results* results, int workers);
  // Finishes every call already queued, then stops the threads.
  ~ResultsEndpoint();

  grpc::ServerUnaryReactor* GetCityTotals(
      grpc::CallbackServerContext* context,
      const v1::GetCityTotalsRequest* request, v1::CityTotals* response);
  grpc::ServerUnaryReactor* RankCities(grpc::CallbackServerContext* context,
                                       const v1::RankCitiesRequest* request,
                                       v1::RankCitiesResponse* response);

  Results& results() { return *results_; }

 private:
  void Post(std::function<void()> call);
  void Work();

  Results* const results_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace anju::scoring::results

#endif  // ANJU_SERVICES_SCORING_RESULTS_RESULTS_ENDPOINT_H_
