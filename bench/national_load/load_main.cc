// anju-national-load: the deadline-day surge of a whole country against the
// real suite (issue 7, item 6). Starts redis-server, anju-scoring and
// anju-submission (SQLite or PostgreSQL) with authentication on, opens the
// 2023 campaign, has every county and city file and submit its three
// programmes within a compressed simulated hour while external systems
// poll GetCityTotals, RankCities and Evaluate, and prints the figures as
// markdown (bench/README.md, "National-scale load").
//
//   anju-national-load [--scale country|province] [--backend sqlite|postgres]
//                      [--threads 8] [--pollers 2] [--hour-seconds 60]
//                      [--seconds 480] [--smoke] …   (--help)

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "anju/v1/submission.grpc.pb.h"
#include "bench/national_load/country.h"
#include "bench/national_load/facts.h"
#include "bench/national_load/pollers.h"
#include "bench/national_load/principals.h"
#include "bench/national_load/report.h"
#include "bench/national_load/suite.h"
#include "bench/national_load/surge.h"

namespace anju::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSkipped = 77;

struct Flags {
  std::string scale = "country";
  std::string backend = "sqlite";
  std::string dsn;
  std::string divisions = DefaultDivisionsDir();
  std::string bin_dir;
  std::string scoring, submission;  // an already running suite
  std::vector<std::string> poll;    // empty: kPolledRpcs
  bool auth = true;
  bool smoke = false;
  bool keep = false;
  int threads = 8;
  int pollers = 2;
  double hour_seconds = 60;
  double seconds = 480;
  double baseline_seconds = 2;
};

std::string SelfDir() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "anju-national-load: %s\n", status.ToString().c_str());
  return 1;
}

absl::Status OpenCampaign(const std::string& address, const FactMaker& facts,
                          const std::string& token, Recorder& recorder) {
  auto stub = v1::SubmissionService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  v1::CreateCampaignRequest request;
  v1::Campaign& campaign = *request.mutable_campaign();
  campaign.set_year(kFilingYear);
  for (const std::string& p : facts.programmes()) campaign.add_programmes(p);
  // Far ahead: every filing of the run is on time.
  campaign.mutable_deadlines()->set_county_to_city("2099-06-01T18:00:00+08:00");
  campaign.mutable_deadlines()->set_city_to_region("2099-06-15T18:00:00+08:00");
  v1::Campaign created;
  grpc::Status s = Timed(recorder, "CreateCampaign", [&] {
    grpc::ClientContext context;
    PrepareContext(context, token, std::chrono::seconds(30));
    context.set_wait_for_ready(true);
    return stub->CreateCampaign(&context, request, &created);
  });
  if (s.ok() || s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    return absl::OkStatus();
  }
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat("CreateCampaign: ", s.error_message()));
}

// After the surge: the ranking of each programme must list every city.
std::string FinalCheck(const std::string& scoring, const FactMaker& facts,
                       const std::string& token, Recorder& recorder,
                       int* not_submitted) {
  auto stub = v1::ScoringService::NewStub(
      grpc::CreateChannel(scoring, grpc::InsecureChannelCredentials()));
  std::vector<std::string> parts;
  for (const std::string& programme : facts.programmes()) {
    v1::RankCitiesRequest request;
    request.set_year(kFilingYear);
    request.set_programme(programme);
    v1::RankCitiesResponse response;
    grpc::Status s = Timed(recorder, "RankCities (after)", [&] {
      grpc::ClientContext context;
      PrepareContext(context, token, std::chrono::seconds(60));
      return stub->RankCities(&context, request, &response);
    });
    if (!s.ok()) {
      ++*not_submitted;
      parts.push_back(absl::StrCat(programme, ": ",
                                   StatusCodeName(s.error_code()), " ",
                                   s.error_message()));
      continue;
    }
    *not_submitted += response.cities_not_submitted_size();
    parts.push_back(absl::StrCat(
        programme, ": ", response.entries_size(), " cities ranked, ",
        response.cities_not_submitted_size(), " not submitted"));
  }
  return absl::StrCat(
      "After the surge, RankCities: ", absl::StrJoin(parts, "; "), ".");
}

std::string Title(const Flags& f, const Country& c, int principals) {
  return absl::StrCat(
      f.scoring.empty() ? f.backend : "a running suite", ", ", f.scale,
      " scale: ", c.cities.size(), " cities (", c.grouped_cities, " grouped), ",
      c.counties, " counties, 3 programmes; ",
      f.auth ? absl::StrCat("auth on (", principals, " principals)")
             : std::string("auth off"),
      "; ", f.threads, " filing threads, ", f.pollers,
      " pollers; simulated "
      "hour = ",
      f.hour_seconds, " s");
}

int Run(Flags& f) {
  const auto run_start = Clock::now();
  const Scale scale =
      f.scale == "province" ? Scale::kProvince : Scale::kCountry;
  if (scale == Scale::kCountry && !std::filesystem::exists(f.divisions)) {
    std::fprintf(stderr, "skipped: no division lists in %s\n",
                 f.divisions.c_str());
    return kSkipped;
  }
  auto country = LoadCountry(scale, f.divisions);
  if (!country.ok()) return Fail(country.status());
  auto facts = FactMaker::Load(ANJU_SOURCE_DIR "/rubrics", kFilingYear);
  if (!facts.ok()) return Fail(facts.status());

  const std::string work = (std::filesystem::temp_directory_path() /
                            absl::StrCat("anju-national-load-", getpid()))
                               .string();
  std::filesystem::create_directories(work);
  // Removed on every way out (after the suite has stopped), unless kept.
  struct WorkDir {
    const std::string& path;
    bool keep;
    ~WorkDir() {
      if (keep) {
        std::printf("kept %s\n", path.c_str());
      } else {
        std::filesystem::remove_all(path);
      }
    }
  } work_dir{work, f.keep};
  SuiteOptions options;
  options.bin_dir = f.bin_dir.empty() ? SelfDir() : f.bin_dir;
  options.work_dir = work;
  options.orgs_file = absl::StrCat(work, "/orgs.yaml");
  options.backend =
      f.backend == "postgres" ? Backend::kPostgres : Backend::kSqlite;
  options.postgres_dsn = f.dsn;
  if (auto s = WriteOrgYaml(*country->tree, options.orgs_file); !s.ok()) {
    return Fail(s);
  }
  const bool attach = !f.scoring.empty();
  if (attach) f.auth = false;
  Principals principals;
  if (f.auth) {
    auto minted = MintPrincipals(*country, work);
    if (!minted.ok()) return Fail(minted.status());
    principals = *std::move(minted);
    options.credentials_file = principals.credentials_file;
    options.service_token_file = principals.service_token_file;
  }
  std::unique_ptr<Suite> suite;
  if (attach) {
    suite = Suite::Attach(f.scoring, f.submission);
  } else {
    auto started = Suite::Start(options);
    if (!started.ok()) return Fail(started.status());
    suite = *std::move(started);
  }
  RunFigures figures;
  figures.title = Title(f, *country, principals.count);
  for (const auto& [name, child] : suite->processes()) {
    figures.memory[name].idle_kib = child->RssKib();
  }
  Recorder setup, baseline, load;
  if (auto s = OpenCampaign(suite->submission_address(), *facts,
                            principals.admin_token, setup);
      !s.ok()) {
    return Fail(s);
  }
  Channels channels{grpc::CreateChannel(suite->scoring_address(),
                                        grpc::InsecureChannelCredentials()),
                    grpc::CreateChannel(suite->submission_address(),
                                        grpc::InsecureChannelCredentials())};
  CheckClosedLoop(channels.submission, "anju-submission", f.threads,
                  f.baseline_seconds, baseline);
  CheckClosedLoop(channels.scoring, "anju-scoring", f.threads,
                  f.baseline_seconds, baseline);
  figures.baseline = baseline.Snapshot();
  figures.baseline_seconds = f.baseline_seconds;

  Pollers pollers(*country, *facts, channels, principals.external_token, f.poll,
                  load);
  pollers.Start(f.pollers);
  SurgeOptions surge;
  surge.threads = f.threads;
  surge.hour_seconds = f.hour_seconds;
  surge.limit_seconds = f.seconds;
  figures.surge =
      RunSurge(*country, *facts, principals, channels.submission, surge, load);
  pollers.Stop();
  figures.load = load.Snapshot();

  int not_submitted = 0;
  Recorder after;
  figures.final_check =
      FinalCheck(suite->scoring_address(), *facts, principals.external_token,
                 after, &not_submitted);
  for (const auto& [name, child] : suite->processes()) {
    figures.memory[name].peak_kib = child->PeakRssKib();
  }
  const auto stops = suite->Stop();
  figures.wall_seconds =
      std::chrono::duration<double>(Clock::now() - run_start).count();
  std::printf("%s", Markdown(figures).c_str());

  int bad_stops = 0;
  for (const auto& [name, code] : stops) {
    if (code != 0) {
      std::printf("%s stopped with status %d\n", name.c_str(), code);
      ++bad_stops;
    }
  }
  const int64_t errors =
      TotalErrors(figures.load) + TotalErrors(setup.Snapshot());
  if (f.smoke) {
    // Province scale, no contention the suite cannot take: anything but a
    // clean, complete run is a failure.
    const bool ok = errors == 0 && bad_stops == 0 && not_submitted == 0 &&
                    figures.surge.orgs_filed == figures.surge.orgs_total;
    std::printf(
        "smoke: %s (%ld errors, %d orgs of %d filed, %d cities not "
        "ranked, %d unclean stops)\n",
        ok ? "PASS" : "FAIL", static_cast<long>(errors),
        figures.surge.orgs_filed, figures.surge.orgs_total, not_submitted,
        bad_stops);
    return ok ? 0 : 1;
  }
  return 0;
}

}  // namespace
}  // namespace anju::bench

int main(int argc, char** argv) {
  anju::bench::Flags f;
  CLI::App app{"anju-national-load: deadline-day surge against the real suite"};
  app.add_option("--scale", f.scale, "country or province (Inner Mongolia)")
      ->check(CLI::IsMember({"country", "province"}));
  app.add_option("--backend", f.backend, "the submission service's database")
      ->check(CLI::IsMember({"sqlite", "postgres"}));
  app.add_option("--dsn", f.dsn,
                 "PostgreSQL conninfo; default: a throwaway "
                 "cluster (tests/support/postgres_server.h)");
  app.add_option("--divisions", f.divisions, "the country's division CSVs");
  app.add_option("--bin-dir", f.bin_dir,
                 "anju-scoring and anju-submission; "
                 "default: this binary's folder");
  app.add_option("--scoring", f.scoring,
                 "HOST:PORT of a running anju-scoring "
                 "(with --submission; auth off)");
  app.add_option("--submission", f.submission,
                 "HOST:PORT of a running "
                 "anju-submission");
  app.add_option("--auth", f.auth, "authentication on (default) or off");
  app.add_option("--poll", f.poll,
                 "what the pollers call, in turn (default: all three)")
      ->delimiter(',')
      ->check(CLI::IsMember(anju::bench::kPolledRpcs));
  app.add_option("--threads", f.threads, "filing client threads")
      ->check(CLI::Range(1, 256));
  app.add_option("--pollers", f.pollers, "polling threads (external systems)")
      ->check(CLI::Range(0, 64));
  app.add_option("--hour-seconds", f.hour_seconds,
                 "real seconds of the simulated hour")
      ->check(CLI::Range(1.0, 3600.0));
  app.add_option("--seconds", f.seconds, "stop filing after this long")
      ->check(CLI::Range(1.0, 3600.0));
  app.add_flag("--keep", f.keep, "keep the work folder (configs, logs, data)");
  app.add_flag("--smoke", f.smoke,
               "province scale, 10 s hour, 2 threads; "
               "fail unless the run is clean");
  CLI11_PARSE(app, argc, argv);
  if (f.scoring.empty() != f.submission.empty()) {
    std::fprintf(stderr, "--scoring and --submission go together\n");
    return 2;
  }
  if (f.smoke) {
    f.scale = "province";
    f.hour_seconds = 10;
    f.seconds = 45;
    f.baseline_seconds = 0.5;
  }
  return anju::bench::Run(f);
}
