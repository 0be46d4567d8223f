// anju-submission-bench: durable submissions per second against plain
// SQLite commits on the same disk in the same run (issue 3, item 14), at
// two levels: Store::WriteReport of a submitted report, and a county's
// SaveDraft + SubmitReport over gRPC with the real scoring service. Rounds
// alternate between the three workloads (bench/grpc's comparison), so that
// the machine's noise hits them alike; bench/README.md explains the figures.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "anju/v1/scoring.grpc.pb.h"
#include "bench/grpc/comparison.h"
#include "bench/grpc/report.h"
#include "bench/submission/in_process_scoring.h"
#include "bench/submission/samples.h"
#include "bench/submission/scratch.h"
#include "bench/submission/service_submissions.h"
#include "bench/submission/sqlite_commits.h"
#include "bench/submission/store_writes.h"
#include "common/orgs/org_yaml.h"

namespace anju::bench {
namespace {

struct Flags {
  std::vector<int> clients = {1, 4};
  // Short rounds, many of them: a Submission round can file 309 reports.
  int rounds = 7;
  double seconds = 0.5;
  double warmup_seconds = 0.3;
  std::string dir = std::filesystem::temp_directory_path().string();
  std::string rubrics = std::string(ANJU_SOURCE_DIR) + "/rubrics";
  std::string samples =
      std::string(ANJU_SOURCE_DIR) + "/data/samples/chifeng-2023";
  std::string orgs = orgs::DefaultOrgTreePath();
  double target_ratio = 0.5;
};

std::chrono::nanoseconds Seconds(double s) {
  return std::chrono::nanoseconds(static_cast<int64_t>(s * 1e9));
}

void PrintSetup(const Flags& flags, const ScratchDir& scratch,
                const Samples& samples, const std::vector<std::string>& rows) {
  std::cout << "data in " << scratch.path() << " (baseline and subjects)\n";
  // An incomplete report costs the service a second Evaluate per submit.
  for (size_t i = 0; i < samples.programmes.size(); ++i) {
    const v1::Report& r = samples.programmes[i].submitted;
    std::cout << "sample " << r.programme() << ": " << rows[i].size()
              << " B as submitted JSON, scored complete: "
              << (r.scored().complete() ? "yes" : "no") << "\n";
  }
  std::cout << flags.rounds << " rounds of " << flags.seconds
            << " s per workload and client count, after "
            << flags.warmup_seconds
            << " s of warm-up, each round on a fresh database file\n"
            << "Store.Write: one Store::WriteReport of a submitted report"
               " (1 transaction)\n"
            << "Submission: SaveDraft + SubmitReport over gRPC (2"
               " transactions, 1-2 Evaluate calls)\n"
            << "SQLiteCommit: one INSERT of such a JSON row per transaction,"
               " WAL, synchronous=FULL\n"
            << "latency and cpu in microseconds per call; 'in-flight' is the"
               " number of clients; cpu is the whole process's\n";
}

std::vector<Comparison> RunAll(const Flags& flags,
                               const std::vector<Workload>& workloads,
                               int64_t* errors) {
  std::vector<Comparison> results;
  for (int n : flags.clients) {
    CompareOptions options;
    options.in_flight = n;
    options.rounds = flags.rounds;
    options.round = Seconds(flags.seconds);
    options.warmup = Seconds(flags.warmup_seconds);
    results.push_back(Compare(workloads, options));
    for (const LoopResult& r : results.back().results) *errors += r.errors;
  }
  return results;
}

int Run(const Flags& flags) {
  auto tree = orgs::LoadOrgTreeFile(flags.orgs);
  auto scoring =
      tree.ok()
          ? InProcessScoring::Start(flags.rubrics)
          : absl::StatusOr<std::unique_ptr<InProcessScoring>>(tree.status());
  if (!scoring.ok()) {
    std::cerr << scoring.status() << "\n";
    return 2;
  }
  auto stub = v1::ScoringService::NewStub((*scoring)->channel());
  absl::StatusOr<Samples> samples = LoadSamples(flags.samples, **tree, *stub);
  absl::StatusOr<std::vector<std::string>> rows =
      samples.ok() ? SubmittedJson(*samples)
                   : absl::StatusOr<std::vector<std::string>>(samples.status());
  absl::StatusOr<ScratchDir> scratch = ScratchDir::Create(flags.dir);
  if (!rows.ok() || !scratch.ok()) {
    std::cerr << (rows.ok() ? scratch.status() : rows.status()) << "\n";
    return 2;
  }
  PrintSetup(flags, *scratch, *samples, *rows);
  // The baseline goes last: bench/grpc's report divides by the last one.
  const std::vector<Workload> workloads = {
      StoreWriteWorkload(scratch->path(), &*samples),
      ServiceSubmitWorkload(scratch->path(), &*samples, tree->get(),
                            (*scoring)->channel()),
      SqliteCommitWorkload(scratch->path(), *rows)};
  int64_t errors = 0;
  const std::vector<Comparison> results = RunAll(flags, workloads, &errors);
  PrintComparisons(results, std::cout);
  for (const Comparison& c : results) {
    PrintVerdict(c, 0, flags.target_ratio, std::cout);
    PrintVerdict(c, 1, flags.target_ratio, std::cout);
  }
  // A missed target is a figure to report; a failed call is a failure.
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace anju::bench

int main(int argc, char** argv) {
  anju::bench::Flags flags;
  CLI::App app{"Durable submissions per second vs plain SQLite commits"};
  app.add_option("--clients", flags.clients, "client counts, e.g. 1,4")
      ->delimiter(',');
  app.add_option("--rounds", flags.rounds,
                 "rounds per client count, each running every workload once");
  app.add_option("--seconds", flags.seconds,
                 "length of a round (a Submission round files at most 309 "
                 "reports)");
  app.add_option("--warmup-seconds", flags.warmup_seconds,
                 "unrecorded warm-up");
  app.add_option("--dir", flags.dir,
                 "where the databases go: the disk being measured");
  app.add_option("--rubrics", flags.rubrics, "rubric directory");
  app.add_option("--samples", flags.samples, "the Chifeng 2023 samples");
  app.add_option("--orgs", flags.orgs, "the region's org tree");
  app.add_option("--target-ratio", flags.target_ratio,
                 "submissions/s over SQLite commits/s to reach");
  CLI11_PARSE(app, argc, argv);
  return anju::bench::Run(flags);
}
