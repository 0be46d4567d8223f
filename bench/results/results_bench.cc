// anju-results-bench: the results API's two benchmarks of issue 3, item 14,
// each against a baseline measured in the same run (the machine is shared
// and noisy; only ratios mean something).
//
//  (a) cached GetCityTotals p99 against a plain Redis GET p99 of a value of
//      the same size, same client threads: in process (Results, including
//      the version fetch from anju-submission over gRPC) and end to end
//      (a gRPC call to anju-scoring). Rounds interleave them, with the
//      version fetch alone (one gRPC call to anju-submission) to show
//      where a cached read's time goes.
//  (b) cold aggregation of the whole region (103 counties × 3 programmes +
//      12 cities × 3): GetCityTotals of the 12 cities and RankCities of the
//      3 programmes after FLUSHALL, against the raw ListScoredReports fetch
//      of the whole region.
//
// Real parts throughout: redis-server started here, anju-submission and
// anju-scoring in-process on 127.0.0.1 sockets, SQLite in a temp folder.

#include <grpcpp/grpcpp.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "bench/results/latency.h"
#include "bench/results/region_seed.h"
#include "tests/results/results_fixture.h"

namespace anju::bench {
namespace {

struct Options {
  int threads = 4;
  double seconds = 2;  // per measurement and round
  int rounds = 3;
  int cold_repetitions = 7;
};

// Latencies, and their ratios to the baseline's when one is given (the
// p50 ratio too: on a loaded machine the p99 is mostly scheduling noise).
void PrintLatencies(const char* name, const Latencies& l,
                    const Latencies* base) {
  std::printf("  %-26s p50 %7.1f us  p99 %7.1f us  calls %6zu  failed %d", name,
              l.Quantile(0.5), l.Quantile(0.99), l.micros.size(), l.failures);
  if (base != nullptr) {
    std::printf("  ratio p50 %.2fx p99 %.2fx",
                l.Quantile(0.5) / base->Quantile(0.5),
                l.Quantile(0.99) / base->Quantile(0.99));
  }
  std::printf("\n");
}

v1::GetCityTotalsRequest Chifeng() {
  v1::GetCityTotalsRequest request;
  request.set_city("150400");
  request.set_year(kSeedYear);
  return request;
}

// (a): plain GET, in-process cached read, gRPC cached read.
absl::Status CachedVersusGet(testing::ResultsSystem& system,
                             const redis::RedisOptions& redis_options,
                             const Options& options) {
  scoring::results::Results& results = *system.stack().results;
  auto warm = results.GetCityTotals(Chifeng());
  if (!warm.ok()) return warm.status();
  const std::string value(warm->SerializeAsString().size(), 'x');
  auto plain = redis::RedisClient::Create(redis_options);
  if (!plain.ok()) return plain.status();
  if (auto s = (*plain)->Set("bench:plain", value, absl::Hours(1)); !s.ok()) {
    return s;
  }
  const auto before = results.cache_stats();
  Latencies get, version, in_process, grpc_call;
  const absl::Duration each = absl::Seconds(options.seconds);
  for (int round = 0; round < options.rounds; ++round) {
    get.Append(ClosedLoop(options.threads, each,
                          [&] { return (*plain)->Get("bench:plain").ok(); }));
    version.Append(ClosedLoop(options.threads, each, [&] {
      return system.stack().reader->ResultsVersion(kSeedYear).ok();
    }));
    in_process.Append(ClosedLoop(options.threads, each, [&] {
      return results.GetCityTotals(Chifeng()).ok();
    }));
    grpc_call.Append(ClosedLoop(options.threads, each, [&] {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
      v1::CityTotals totals;
      return system.results().GetCityTotals(&context, Chifeng(), &totals).ok();
    }));
  }
  const auto after = results.cache_stats();
  std::printf(
      "== (a) cached GetCityTotals vs plain Redis GET, %zu-byte value,"
      " %d threads, %d rounds x %.1f s\n",
      value.size(), options.threads, options.rounds, options.seconds);
  PrintLatencies("redis GET (baseline)", get, nullptr);
  PrintLatencies("GetResultsVersion alone", version, &get);
  PrintLatencies("GetCityTotals in-process", in_process, &get);
  PrintLatencies("GetCityTotals gRPC", grpc_call, &get);
  std::printf("  cache during the run: %lld hits, %lld misses, %lld errors\n",
              static_cast<long long>(after.hits - before.hits),
              static_cast<long long>(after.misses - before.misses),
              static_cast<long long>(after.errors - before.errors));
  if (get.failures + version.failures + in_process.failures +
          grpc_call.failures >
      0) {
    return absl::InternalError("some calls failed (see the table)");
  }
  return absl::OkStatus();
}

// One cold pass: every city's totals and every programme's ranking.
absl::Status ColdRegion(testing::ResultsSystem& system) {
  scoring::results::Results& results = *system.stack().results;
  for (const orgs::Org& org : system.orgs().orgs()) {
    if (org.level != orgs::OrgLevel::kCity) continue;
    v1::GetCityTotalsRequest request;
    request.set_city(org.code);
    request.set_year(kSeedYear);
    if (auto t = results.GetCityTotals(request); !t.ok()) return t.status();
  }
  for (const char* programme : kSeedProgrammes) {
    v1::RankCitiesRequest request;
    request.set_year(kSeedYear);
    request.set_programme(programme);
    if (auto r = results.RankCities(request); !r.ok()) return r.status();
  }
  return absl::OkStatus();
}

double Median(std::vector<double> v) {
  Latencies l;
  l.micros = std::move(v);
  return l.Quantile(0.5);
}

// (b): the whole region from an empty cache, vs the raw fetch.
absl::Status ColdAggregation(testing::ResultsSystem& system,
                             const Options& options) {
  std::vector<double> fetch, cold;
  absl::Status status;
  for (int i = 0; i < options.cold_repetitions && status.ok(); ++i) {
    fetch.push_back(TimeOnce([&] {
      v1::ListScoredReportsRequest request;
      request.set_year(kSeedYear);
      status.Update(system.stack().reader->ListScoredReports(request).status());
    }));
    status.Update(system.stack().redis->Command({"FLUSHALL"}).status());
    cold.push_back(TimeOnce([&] { status.Update(ColdRegion(system)); }));
  }
  if (!status.ok()) return status;
  const double base = Median(fetch);
  std::printf(
      "== (b) cold aggregation of the region, %d repetitions, "
      "medians\n",
      options.cold_repetitions);
  std::printf("  %-44s %9.1f ms\n",
              "ListScoredReports, whole region (baseline)", base / 1000);
  std::printf("  %-44s %9.1f ms  ratio %.2fx\n",
              "12 GetCityTotals + 3 RankCities, cold", Median(cold) / 1000,
              Median(cold) / base);
  return absl::OkStatus();
}

absl::Status Run(const Options& options) {
  if (!redis::RedisServer::Installed()) {
    return absl::FailedPreconditionError("redis-server is not installed");
  }
  char pattern[] = "/tmp/anju-results-bench-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return absl::InternalError("mkdtemp");
  const std::string dir = pattern;
  absl::Status status;
  {
    auto server = redis::RedisServer::Start();
    if (!server.ok()) return server.status();
    const redis::RedisOptions redis_options = (*server)->TcpOptions();
    auto system = testing::ResultsSystem::Start(dir, &redis_options);
    if (!system.ok()) return system.status();
    status = SeedRegion((*system)->orgs(), (*system)->scoring().service(),
                        (*system)->store());
    if (status.ok()) status = CachedVersusGet(**system, redis_options, options);
    if (status.ok()) status = ColdAggregation(**system, options);
  }
  std::filesystem::remove_all(dir);
  return status;
}

}  // namespace
}  // namespace anju::bench

int main(int argc, char** argv) {
  CLI::App app{"anju-results-bench: cached and cold results API"};
  anju::bench::Options options;
  bool smoke = false;
  app.add_option("--threads", options.threads, "client threads (default 4)");
  app.add_option("--seconds", options.seconds,
                 "per measurement and round (default 2)");
  app.add_option("--rounds", options.rounds, "interleaved rounds (default 3)");
  app.add_option("--cold", options.cold_repetitions,
                 "cold passes over the region (default 7)");
  app.add_flag("--smoke", smoke, "a second in all: proves the code runs");
  CLI11_PARSE(app, argc, argv);
  if (smoke) {
    options.seconds = 0.1;
    options.rounds = 1;
    options.cold_repetitions = 1;
  }
  absl::Status status = anju::bench::Run(options);
  if (!status.ok()) {
    std::fprintf(stderr, "anju-results-bench: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
