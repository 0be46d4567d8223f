#ifndef ANJU_TESTS_RESULTS_RESULTS_FIXTURE_H_
#define ANJU_TESTS_RESULTS_RESULTS_FIXTURE_H_

// The results API with real parts: anju-submission in-process on a temp
// SQLite file (scoring its submissions with a real in-process scoring
// service), a real redis-server started by the test, and a second scoring
// service with the results API reading the submission service over gRPC,
// all on 127.0.0.1 sockets. Shared by the integration tests and the
// benchmarks.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/orgs/org_yaml.h"
#include "common/server.h"
#include "services/scoring/results/results_stack.h"
#include "services/scoring/scoring_service.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "tests/redis/redis_server.h"
#include "tests/scoring_service/scoring_fixture.h"

namespace anju::testing {

class ResultsSystem {
 public:
  // `dir` is created and removed by the caller. Redis: null for none.
  static absl::StatusOr<std::unique_ptr<ResultsSystem>> Start(
      const std::string& dir, const redis::RedisOptions* redis) {
    auto system = std::unique_ptr<ResultsSystem>(new ResultsSystem());
    if (auto s = system->StartSubmission(dir); !s.ok()) return s;
    if (auto s = system->StartResults(redis); !s.ok()) return s;
    return system;
  }

  ~ResultsSystem() {
    results_stub_.reset();
    results_runner_.reset();
    results_service_.reset();
    stack_.reset();
    submission_stub_.reset();
    submission_runner_.reset();
    submission_.reset();
  }

  v1::SubmissionService::Stub& submission() { return *submission_stub_; }
  v1::ScoringService::Stub& results() { return *results_stub_; }
  scoring::results::ResultsStack& stack() { return *stack_; }
  submission::Store& store() { return *store_; }
  ScoringServer& scoring() { return *scoring_; }
  const orgs::OrgTree& orgs() const { return *tree_; }
  std::string submission_address() const {
    return submission_runner_->address();
  }
  std::string results_address() const { return results_runner_->address(); }

 private:
  ResultsSystem() = default;

  absl::Status StartSubmission(const std::string& dir) {
    auto scoring = ScoringServer::Start();
    if (!scoring.ok()) return scoring.status();
    scoring_ = *std::move(scoring);
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    if (!tree.ok()) return tree.status();
    tree_ = *std::move(tree);
    storage::DatabaseSettings db;
    db.path = dir + "/submission.db";
    auto store = submission::Store::Open(db);
    if (!store.ok()) return store.status();
    store_ = *std::move(store);
    scoring_client_ = submission::NewGrpcScoringClient(scoring_->channel(),
                                                       absl::Seconds(10));
    submission::SubmissionDeps deps;
    deps.store = store_.get();
    deps.orgs = tree_.get();
    deps.scoring = scoring_client_.get();
    deps.workers = 2;
    submission_ =
        std::make_unique<submission::SubmissionServiceImpl>(std::move(deps));
    auto runner = common::ServerRunner::Start({}, {submission_.get()});
    if (!runner.ok()) return runner.status();
    submission_runner_ = *std::move(runner);
    submission_stub_ = v1::SubmissionService::NewStub(grpc::CreateChannel(
        submission_runner_->address(), grpc::InsecureChannelCredentials()));
    return absl::OkStatus();
  }

  absl::Status StartResults(const redis::RedisOptions* redis) {
    auto rubrics = scoring::RubricSet::LoadDirectory(kRubricsDir);
    if (!rubrics.ok()) return rubrics.status();
    std::shared_ptr<const scoring::RubricSet> shared = std::move(*rubrics);
    scoring::results::ResultsSettings settings;
    settings.submission = submission_runner_->address();
    settings.orgs_file = orgs::DefaultOrgTreePath();
    if (redis != nullptr) settings.redis = *redis;
    auto stack = scoring::results::BuildResultsStack(settings, shared);
    if (!stack.ok()) return stack.status();
    stack_ = *std::move(stack);
    results_service_ = std::make_unique<scoring::ScoringServiceImpl>(shared);
    results_service_->set_results(stack_->endpoint.get());
    auto runner = common::ServerRunner::Start({}, {results_service_.get()});
    if (!runner.ok()) return runner.status();
    results_runner_ = *std::move(runner);
    results_stub_ = v1::ScoringService::NewStub(grpc::CreateChannel(
        results_runner_->address(), grpc::InsecureChannelCredentials()));
    return absl::OkStatus();
  }

  std::unique_ptr<ScoringServer> scoring_;
  std::unique_ptr<orgs::OrgTree> tree_;
  std::unique_ptr<submission::Store> store_;
  std::unique_ptr<submission::ScoringClient> scoring_client_;
  std::unique_ptr<submission::SubmissionServiceImpl> submission_;
  std::unique_ptr<common::ServerRunner> submission_runner_;
  std::unique_ptr<v1::SubmissionService::Stub> submission_stub_;
  std::unique_ptr<scoring::results::ResultsStack> stack_;
  std::unique_ptr<scoring::ScoringServiceImpl> results_service_;
  std::unique_ptr<common::ServerRunner> results_runner_;
  std::unique_ptr<v1::ScoringService::Stub> results_stub_;
};

}  // namespace anju::testing

#endif  // ANJU_TESTS_RESULTS_RESULTS_FIXTURE_H_
