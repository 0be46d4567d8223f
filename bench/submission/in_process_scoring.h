#ifndef ANJU_BENCH_SUBMISSION_IN_PROCESS_SCORING_H_
#define ANJU_BENCH_SUBMISSION_IN_PROCESS_SCORING_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/server.h"
#include "services/scoring/scoring_service.h"

namespace anju::bench {

// The real scoring service with the repository's rubrics, on its own
// server on 127.0.0.1:0, as the submission service reaches it in
// production: over a channel, on another server.
class InProcessScoring {
 public:
  static absl::StatusOr<std::unique_ptr<InProcessScoring>> Start(
      const std::string& rubrics_dir);

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

 private:
  InProcessScoring() = default;

  // Destroyed bottom-up: the channel, then the server, then its service.
  std::unique_ptr<scoring::ScoringServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_SUBMISSION_IN_PROCESS_SCORING_H_
