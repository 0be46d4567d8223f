#ifndef ANJU_TESTS_SUBMISSION_REPLICA_SYSTEM_H_
#define ANJU_TESTS_SUBMISSION_REPLICA_SYSTEM_H_

// Two anju-submission replicas as a deployment runs them: the real binary
// twice, each with its own config file and data folder, both on ONE
// PostgreSQL database (a fresh schema of the test binary's throwaway
// cluster, tests/support/postgres_server.h), both scoring through one real
// anju-scoring, all on 127.0.0.1 ports the kernel picks.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/storage/open_database.h"
#include "tests/cli/subprocess.h"
#include "tests/scoring_service/requests.h"
#include "tests/support/postgres_server.h"
#include "tests/support/test_database.h"

namespace anju::testing {

inline constexpr int kReplicaYear = 2023;
inline constexpr char kPlannedUnits[] = "shanty_planned_units";

inline std::shared_ptr<grpc::Channel> LocalChannel(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                             grpc::InsecureChannelCredentials());
}

template <typename Stub, typename Method, typename Request, typename Response>
grpc::Status Call(Stub& stub, Method method, const Request& request,
                  Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  return (stub.*method)(&context, request, response);
}

// The Chifeng shanty sample filed by `org`, with `units` planned and
// started: a draft save over the report at `etag` ("" to create it).
inline v1::SaveDraftRequest ShantyDraft(const std::string& org, double units,
                                        const std::string& etag) {
  const v1::EvaluateRequest sample = ShantyRequest();
  v1::SaveDraftRequest draft;
  draft.set_org(org);
  draft.set_programme("shanty");
  draft.set_year(kReplicaYear);
  draft.set_etag(etag);
  for (const auto& [name, fact] : sample.facts()) {
    if (name == "submitted_on_time" || name == "report_complete") continue;
    (*draft.mutable_facts())[name] = fact;
  }
  (*draft.mutable_facts())[kPlannedUnits].set_number(units);
  (*draft.mutable_facts())["shanty_started_units"].set_number(units);
  *draft.mutable_self_scores() = sample.self_scores();
  return draft;
}

class ReplicaSystem {
 public:
  // `dir` holds the config files and data folders; the caller removes it.
  static absl::StatusOr<std::unique_ptr<ReplicaSystem>> Start(
      const std::filesystem::path& dir) {
    std::unique_ptr<ReplicaSystem> system(new ReplicaSystem(dir));
    absl::StatusOr<test_support::PostgresServer*> server =
        test_support::SharedPostgresServer();
    if (!server.ok()) return server.status();
    absl::StatusOr<std::string> dsn = (*server)->CreateDatabase();
    if (!dsn.ok()) return dsn.status();
    system->database_.backend = storage::Backend::kPostgres;
    system->database_.dsn = *dsn;
    system->scoring_ = std::make_unique<cli::testing::Server>(SCORING_BIN);
    if (system->scoring_->port() == 0) {
      return absl::InternalError(absl::StrCat("anju-scoring did not start:\n",
                                              system->scoring_->log()));
    }
    // Both at once on the empty database: one applies the schema steps,
    // the other waits for it and finds them applied.
    std::array<std::unique_ptr<cli::testing::Server>, 2> started;
    std::thread b([&] { started[1] = system->LaunchReplica("b"); });
    started[0] = system->LaunchReplica("a");
    b.join();
    for (int i = 0; i < 2; ++i) {
      if (started[i]->port() == 0) {
        return absl::InternalError(absl::StrCat("replica ", i == 0 ? "a" : "b",
                                                " did not start:\n",
                                                started[i]->log()));
      }
      system->stubs_.push_back(
          v1::SubmissionService::NewStub(LocalChannel(started[i]->port())));
      system->replicas_.push_back(std::move(started[i]));
    }
    return system;
  }

  v1::SubmissionService::Stub& a() { return *stubs_[0]; }
  v1::SubmissionService::Stub& b() { return *stubs_[1]; }
  int port_a() const { return replicas_[0]->port(); }
  int port_b() const { return replicas_[1]->port(); }

 private:
  explicit ReplicaSystem(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Its own config file and data folder; the database is the shared one.
  std::unique_ptr<cli::testing::Server> LaunchReplica(
      const std::string& name) const {
    const std::string config = (dir_ / absl::StrCat(name, ".yaml")).string();
    std::ofstream(config) << "data_dir: data-" << name << "\n"
                          << "scoring_address: 127.0.0.1:" << scoring_->port()
                          << "\n"
                          << test_support::DatabaseYaml(database_);
    return std::make_unique<cli::testing::Server>(
        SUBMISSION_BIN, std::vector<std::string>{"--config", config});
  }

  const std::filesystem::path dir_;
  storage::DatabaseSettings database_;
  std::unique_ptr<cli::testing::Server> scoring_;
  std::vector<std::unique_ptr<cli::testing::Server>> replicas_;
  std::vector<std::unique_ptr<v1::SubmissionService::Stub>> stubs_;
};

}  // namespace anju::testing

#endif  // ANJU_TESTS_SUBMISSION_REPLICA_SYSTEM_H_
