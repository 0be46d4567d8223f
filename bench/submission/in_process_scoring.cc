#include "bench/submission/in_process_scoring.h"

#include <utility>

#include "anju/v1/scoring.grpc.pb.h"
#include "services/scoring/engine/rubric.h"

namespace anju::bench {

absl::StatusOr<std::unique_ptr<InProcessScoring>> InProcessScoring::Start(
    const std::string& rubrics_dir) {
  auto rubrics = scoring::RubricSet::LoadDirectory(rubrics_dir);
  if (!rubrics.ok()) return rubrics.status();
  auto scoring = std::unique_ptr<InProcessScoring>(new InProcessScoring());
  scoring->service_ = std::make_unique<scoring::ScoringServiceImpl>(
      std::shared_ptr<const scoring::RubricSet>(*std::move(rubrics)));
  common::ServerOptions options;
  options.health_services = {v1::ScoringService::service_full_name()};
  auto runner = common::ServerRunner::Start(options, {scoring->service_.get()});
  if (!runner.ok()) return runner.status();
  scoring->runner_ = *std::move(runner);
  scoring->channel_ = grpc::CreateChannel(scoring->runner_->address(),
                                          grpc::InsecureChannelCredentials());
  return scoring;
}

}  // namespace anju::bench
