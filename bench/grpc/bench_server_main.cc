// anju-bench-server: ScoringService and the empty RPC on ONE server, so that
// anju-loadgen compares Evaluate with a call that costs only the transport,
// under the same threads, connection and noise; plus the load generator's
// helpers (a canned Evaluate, CPU usage).

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <utility>

#include "bench/grpc/bench_service.h"
#include "bench/grpc/empty_service.h"
#include "common/log.h"
#include "common/server.h"
#include "common/signals.h"
#include "services/scoring/engine/rubric.h"
#include "services/scoring/scoring_service.h"

namespace anju::bench {
namespace {

struct Flags {
  std::string listen = "127.0.0.1:0";
  std::string rubrics = std::string(ANJU_SOURCE_DIR) + "/rubrics";
  bool heap = false;
};

int Serve(const Flags& flags) {
  const common::Logger logger("bench");
  auto rubrics = scoring::RubricSet::LoadDirectory(flags.rubrics);
  if (!rubrics.ok()) {
    logger.Error("rubrics", {{"error", rubrics.status().ToString()}});
    return 1;
  }
  scoring::ScoringServiceImpl scoring(
      std::shared_ptr<const scoring::RubricSet>(std::move(*rubrics)));
  // An experiment, off by default so that the figures are the service's
  // as shipped: Evaluate's messages on the heap, as gRPC puts them without
  // the service's arena allocator.
  if (flags.heap) scoring.SetMessageAllocatorFor_Evaluate(nullptr);
  EmptyServiceImpl empty;
  BenchServiceImpl bench(&scoring);
  common::ServerOptions options;
  options.listen = flags.listen;
  auto runner =
      common::ServerRunner::Start(options, {&scoring, &empty, &bench}, &logger);
  if (!runner.ok()) {
    logger.Error("start", {{"error", runner.status().ToString()}});
    return 1;
  }
  common::WaitForTerminationSignal();
  (*runner)->Shutdown();
  return 0;
}

}  // namespace
}  // namespace anju::bench

int main(int argc, char** argv) {
  // Before anything else, so that a SIGTERM during start-up is not lost.
  anju::common::InstallTerminationHandlers();
  anju::bench::Flags flags;
  CLI::App app{
      "ScoringService and an empty RPC on one server, for anju-loadgen"};
  app.add_option("--listen", flags.listen,
                 "HOST:PORT; port 0 picks a free one");
  app.add_option("--rubrics", flags.rubrics, "rubric directory");
  app.add_flag("--heap", flags.heap,
               "experiment: Evaluate's messages on the heap, not an arena");
  CLI11_PARSE(app, argc, argv);
  return anju::bench::Serve(flags);
}
