#include "bench/national_load/pollers.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "bench/national_load/surge.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace anju::bench {
namespace {

using grpc::health::v1::Health;
constexpr std::chrono::seconds kDeadline(30);

grpc::Status Check(Health::Stub& stub) {
  grpc::ClientContext context;
  PrepareContext(context, "", kDeadline);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  return stub.Check(&context, request, &response);
}

}  // namespace

std::string CheckName(const std::string& server) {
  return absl::StrCat("Check (", server, ")");
}

Pollers::Pollers(const Country& country, const FactMaker& facts,
                 Channels channels, std::string token,
                 std::vector<std::string> rpcs, Recorder& recorder)
    : country_(country),
      facts_(facts),
      channels_(std::move(channels)),
      token_(std::move(token)),
      rpcs_(rpcs.empty() ? kPolledRpcs : std::move(rpcs)),
      recorder_(recorder) {}

Pollers::~Pollers() { Stop(); }

void Pollers::Start(int pollers) {
  for (int i = 0; i < pollers; ++i) {
    threads_.emplace_back([this, i] { Poll(i); });
  }
  threads_.emplace_back([this] { Probe(); });
}

void Pollers::Stop() {
  stop_ = true;
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void Pollers::Poll(int index) {
  auto stub = v1::ScoringService::NewStub(channels_.scoring);
  const auto& programmes = facts_.programmes();
  const auto& cities = country_.cities;
  // A different walk per poller (a prime stride) over cities and programmes.
  size_t n = static_cast<size_t>(index) * 104729;
  for (int call = index; !stop_; ++call, n += 7919) {
    const std::string& programme = programmes[n % programmes.size()];
    const FilingCity& city = cities[n % cities.size()];
    grpc::ClientContext context;
    PrepareContext(context, token_, kDeadline);
    const std::string& rpc = rpcs_[call % rpcs_.size()];
    if (rpc == "GetCityTotals") {
      v1::GetCityTotalsRequest request;
      request.set_city(city.code);
      request.set_year(kFilingYear);
      v1::CityTotals response;
      Timed(recorder_, "GetCityTotals",
            [&] { return stub->GetCityTotals(&context, request, &response); });
    } else if (rpc == "RankCities") {
      v1::RankCitiesRequest request;
      request.set_year(kFilingYear);
      request.set_programme(programme);
      v1::RankCitiesResponse response;
      Timed(recorder_, "RankCities",
            [&] { return stub->RankCities(&context, request, &response); });
    } else {
      const std::string& org = city.counties.empty()
                                   ? city.code
                                   : city.counties[n % city.counties.size()];
      v1::EvaluateRequest request;
      request.set_programme(programme);
      request.set_year(kFilingYear);
      for (auto& [name, fact] : facts_.FactsFor(org, programme)) {
        (*request.mutable_facts())[name] = fact;
      }
      v1::EvaluateResponse response;
      Timed(recorder_, "Evaluate",
            [&] { return stub->Evaluate(&context, request, &response); });
    }
  }
}

void Pollers::Probe() {
  auto scoring = Health::NewStub(channels_.scoring);
  auto submission = Health::NewStub(channels_.submission);
  const std::string scoring_name = CheckName("anju-scoring");
  const std::string submission_name = CheckName("anju-submission");
  while (!stop_) {
    Timed(recorder_, scoring_name, [&] { return Check(*scoring); });
    Timed(recorder_, submission_name, [&] { return Check(*submission); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void CheckClosedLoop(std::shared_ptr<grpc::Channel> channel,
                     const std::string& server, int threads, double seconds,
                     Recorder& recorder) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::duration<double>(seconds));
  const std::string name = CheckName(server);
  std::vector<std::thread> clients;
  for (int i = 0; i < threads; ++i) {
    clients.emplace_back([&] {
      auto stub = Health::NewStub(channel);
      while (std::chrono::steady_clock::now() < until) {
        Timed(recorder, name, [&] { return Check(*stub); });
      }
    });
  }
  for (std::thread& t : clients) t.join();
}

}  // namespace anju::bench
