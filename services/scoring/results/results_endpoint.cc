#include "services/scoring/results/results_endpoint.h"

#include <utility>

#include "common/status.h"

namespace anju::scoring::results {
namespace {

// Runs one blocking RPC body and finishes the reactor with its outcome.
template <typename Response, typename Compute>
void Finish(grpc::ServerUnaryReactor* reactor, Response* response,
            Compute compute) {
  auto result = compute();
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(common::ToGrpcStatus(result.status()));
}

}  // namespace

ResultsEndpoint::ResultsEndpoint(Results* results, int workers)
    : results_(results) {
  for (int i = 0; i < (workers < 1 ? 1 : workers); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

ResultsEndpoint::~ResultsEndpoint() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void ResultsEndpoint::Post(std::function<void()> call) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(call));
  }
  ready_.notify_one();
}

// Every queued call runs, also while stopping: each must finish its RPC.
void ResultsEndpoint::Work() {
  for (;;) {
    std::function<void()> call;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      call = std::move(queue_.front());
      queue_.pop_front();
    }
    call();
  }
}

grpc::ServerUnaryReactor* ResultsEndpoint::GetCityTotals(
    grpc::CallbackServerContext* context,
    const v1::GetCityTotalsRequest* request, v1::CityTotals* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Post([this, reactor, request, response] {
    Finish(reactor, response,
           [&] { return results_->GetCityTotals(*request); });
  });
  return reactor;
}

grpc::ServerUnaryReactor* ResultsEndpoint::RankCities(
    grpc::CallbackServerContext* context, const v1::RankCitiesRequest* request,
    v1::RankCitiesResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Post([this, reactor, request, response] {
    Finish(reactor, response, [&] { return results_->RankCities(*request); });
  });
  return reactor;
}

}  // namespace anju::scoring::results
