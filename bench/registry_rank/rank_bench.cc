// anju-registry-rank-bench: RankProjects over a generated reserve, against
// std::sort of the same projects by a precomputed double key, measured in
// the same run (bench/README.md, "Registry: ranking"). Rounds alternate the
// order of the measurements so that the machine's noise hits both.
//
//   anju-registry-rank-bench [--projects N] [--rounds R] [--models DIR]
//                            [--smoke]

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "bench/registry_rank/generated_reserve.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/priority/ranking.h"

namespace anju::registry::bench {
namespace {

struct Options {
  int projects = 10000;
  int rounds = 7;
  std::string models = ANJU_SOURCE_DIR "/config/registry/priority";
};

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--smoke") {
      o->projects = 500;
      o->rounds = 1;
    } else if (arg == "--projects" && has_value) {
      o->projects = std::atoi(argv[++i]);
    } else if (arg == "--rounds" && has_value) {
      o->rounds = std::atoi(argv[++i]);
    } else if (arg == "--models" && has_value) {
      o->models = argv[++i];
    } else {
      return false;
    }
  }
  return o->projects > 0 && o->projects <= 1000000 && o->rounds > 0 &&
         o->rounds <= 1000;
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// One measurement: wall and CPU seconds of fn().
struct Timing {
  double wall = 0;
  double cpu = 0;
};

template <typename Fn>
Timing Time(Fn&& fn) {
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = ThreadCpuSeconds();
  fn();
  const double cpu = ThreadCpuSeconds() - cpu0;
  const std::chrono::duration<double> wall =
      std::chrono::steady_clock::now() - wall0;
  return {wall.count(), cpu};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Keeps results alive so that the compiler cannot drop the work.
volatile size_t sink = 0;

int Run(const Options& o) {
  absl::StatusOr<PriorityModels> models =
      PriorityModels::LoadDirectory(o.models);
  if (!models.ok()) {
    std::fprintf(stderr, "%s\n", models.status().ToString().c_str());
    return 1;
  }
  const PriorityModel& model = models->in_force();
  const std::vector<v1::ReserveProject> projects = GeneratedReserve(o.projects);
  // The baseline's key, computed once outside the timings.
  std::vector<std::pair<double, const v1::ReserveProject*>> keyed;
  for (const auto& p : projects) {
    keyed.emplace_back(model.Score(p, 2024).score(), &p);
  }

  std::vector<double> rank_cpu, sort_cpu, copy_cpu, score_cpu, free_cpu, ratios;
  for (int round = 0; round < o.rounds; ++round) {
    Timing rank, sort, copy, score, free;
    const auto measure_rank = [&] {
      std::vector<v1::ReserveProject> input = projects;  // untimed copy
      std::vector<v1::RankedProject> ranked;
      rank =
          Time([&] { ranked = RankProjects(model, std::move(input), 2024); });
      // Freeing the answer is the caller's, and costs as much again.
      free = Time([&] {
        sink = sink + ranked.size();
        std::vector<v1::RankedProject>().swap(ranked);
      });
    };
    // Baseline: std::sort of the same projects by the precomputed key.
    const auto measure_sort = [&] {
      auto input = keyed;
      sort = Time([&] {
        std::sort(input.begin(), input.end(), [](const auto& a, const auto& b) {
          return a.first > b.first;
        });
      });
      sink = sink + input.size();
    };
    // Where RankProjects' time goes: copying the projects, scoring them.
    const auto measure_parts = [&] {
      copy = Time([&] {
        std::vector<v1::ReserveProject> c = projects;
        sink = sink + c.size();
      });
      score = Time([&] {
        for (const auto& p : projects) {
          sink = sink + model.Score(p, 2024).components_size();
        }
      });
    };
    if (round % 2 == 0) {
      measure_rank();
      measure_sort();
    } else {
      measure_sort();
      measure_rank();
    }
    measure_parts();
    rank_cpu.push_back(rank.cpu);
    sort_cpu.push_back(sort.cpu);
    copy_cpu.push_back(copy.cpu);
    score_cpu.push_back(score.cpu);
    free_cpu.push_back(free.cpu);
    ratios.push_back(rank.cpu / sort.cpu);
    std::printf(
        "round %d: RankProjects %.2f ms (wall %.2f), std::sort %.3f ms (wall "
        "%.3f), ratio %.0f\n",
        round + 1, rank.cpu * 1e3, rank.wall * 1e3, sort.cpu * 1e3,
        sort.wall * 1e3, rank.cpu / sort.cpu);
  }
  std::printf(
      "\nregistry ranking, %d projects, model %s, %d rounds "
      "(median CPU time, one thread)\n",
      o.projects, model.version().c_str(), o.rounds);
  std::printf(
      "  RankProjects (score + order + ranks)   %9.2f ms  %7.2f us/project\n",
      Median(rank_cpu) * 1e3, Median(rank_cpu) * 1e6 / o.projects);
  std::printf("  baseline: std::sort by a double key    %9.3f ms\n",
              Median(sort_cpu) * 1e3);
  std::printf(
      "  ratio RankProjects / baseline          %9.0f (median of the "
      "rounds' ratios)\n",
      Median(ratios));
  std::printf("  of which: scoring every project        %9.2f ms\n",
              Median(score_cpu) * 1e3);
  std::printf("  for scale: copying the projects        %9.2f ms\n",
              Median(copy_cpu) * 1e3);
  std::printf("  not timed above: freeing the ranking   %9.2f ms\n",
              Median(free_cpu) * 1e3);
  return 0;
}

}  // namespace
}  // namespace anju::registry::bench

int main(int argc, char** argv) {
  anju::registry::bench::Options options;
  if (!anju::registry::bench::ParseArgs(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: %s [--projects N] [--rounds R] [--models DIR] "
                 "[--smoke]\n",
                 argv[0]);
    return 2;
  }
  return anju::registry::bench::Run(options);
}
