#ifndef ANJU_TESTS_SUBMISSION_SUBMISSION_HARNESS_H_
#define ANJU_TESTS_SUBMISSION_SUBMISSION_HARNESS_H_

// The submission service in-process for integration tests: a SQLite file in
// a fresh temporary folder, the service on the deps the test gives, served
// on 127.0.0.1:0 over TCP, and a real stub on a real channel.
//
//   SubmissionDeps deps;  // orgs, scoring, clock, rules…; not the store
//   auto harness = SubmissionHarness::Start("my_test", std::move(deps));
//   harness->stub().SaveDraft(&context, request, &report);

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/server.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "tests/submission/test_store.h"

namespace anju::testing {

class SubmissionHarness {
 public:
  // `name` names the temporary folder; deps.store is the harness's own.
  static absl::StatusOr<std::unique_ptr<SubmissionHarness>> Start(
      const std::string& name, submission::SubmissionDeps deps) {
    std::unique_ptr<SubmissionHarness> h(new SubmissionHarness());
    h->dir_ = std::filesystem::path(::testing::TempDir()) /
              absl::StrCat("anju_", name, "_", ::getpid());
    std::filesystem::remove_all(h->dir_);
    std::filesystem::create_directories(h->dir_);
    auto store = OpenTestStore((h->dir_ / "submission.db").string());
    if (!store.ok()) return store.status();
    h->store_ = *std::move(store);
    deps.store = h->store_.get();
    h->service_ =
        std::make_unique<submission::SubmissionServiceImpl>(std::move(deps));
    common::ServerOptions options;
    options.health_services = {v1::SubmissionService::service_full_name()};
    auto runner = common::ServerRunner::Start(options, {h->service_.get()});
    if (!runner.ok()) return runner.status();
    h->runner_ = *std::move(runner);
    h->stub_ = v1::SubmissionService::NewStub(grpc::CreateChannel(
        h->runner_->address(), grpc::InsecureChannelCredentials()));
    return h;
  }

  // Stub, server, service and store go in that order; then the folder.
  ~SubmissionHarness() {
    stub_.reset();
    runner_.reset();
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  v1::SubmissionService::Stub& stub() { return *stub_; }
  submission::Store& store() { return *store_; }

 private:
  SubmissionHarness() = default;

  std::filesystem::path dir_;
  std::unique_ptr<submission::Store> store_;
  std::unique_ptr<submission::SubmissionServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::unique_ptr<v1::SubmissionService::Stub> stub_;
};

}  // namespace anju::testing

#endif  // ANJU_TESTS_SUBMISSION_SUBMISSION_HARNESS_H_
