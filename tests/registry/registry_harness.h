#ifndef ANJU_TESTS_REGISTRY_REGISTRY_HARNESS_H_
#define ANJU_TESTS_REGISTRY_REGISTRY_HARNESS_H_

// The registry service in-process for integration tests: a SQLite file (or
// a fresh PostgreSQL schema with ANJU_TEST_BACKEND=postgres) and an archive
// folder in a fresh temporary folder, the shipped required
// archive types, the service on the deps the test gives, served on
// 127.0.0.1:0 over TCP (with the test's interceptors, e.g. a real
// AccessGate), and a real stub on a real channel.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "anju/v1/registry.grpc.pb.h"
#include "common/blobs/blob_dir.h"
#include "common/orgs/org_yaml.h"
#include "common/server.h"
#include "services/registry/archive_rules.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/registry_service.h"
#include "services/registry/store.h"
#include "tests/support/test_database.h"

namespace anju::registry::testing {

inline const orgs::OrgTree& Tree() {
  static const orgs::OrgTree* tree =
      orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath())->release();
  return *tree;
}

class RegistryHarness {
 public:
  // `name` names the temporary folder; store, orgs, archive files and
  // rules are the harness's unless deps has them.
  static absl::StatusOr<std::unique_ptr<RegistryHarness>> Start(
      const std::string& name, RegistryDeps deps,
      common::ServerOptions options = {}) {
    std::unique_ptr<RegistryHarness> h(new RegistryHarness());
    h->dir_ = std::filesystem::path(::testing::TempDir()) /
              absl::StrCat("anju_registry_", name, "_", ::getpid());
    std::filesystem::remove_all(h->dir_);
    std::filesystem::create_directories(h->dir_);
    if (deps.orgs == nullptr) deps.orgs = &Tree();
    // SQLite in the folder, or a fresh PostgreSQL schema in the suite's
    // PostgreSQL run (registry_service.postgres).
    auto db =
        test_support::TestDatabaseSettings((h->dir_ / "registry.db").string());
    if (!db.ok()) return db.status();
    auto store = Store::Open(*db, deps.orgs);
    if (!store.ok()) return store.status();
    h->store_ = *std::move(store);
    deps.store = h->store_.get();
    blobs::BlobLimits limits;
    limits.max_bytes = 1 << 20;
    limits.noun = "档案文件";
    auto files = blobs::BlobDir::Open((h->dir_ / "archives").string(), limits);
    if (!files.ok()) return files.status();
    h->files_ = *std::move(files);
    deps.archive_files = h->files_.get();
    auto rules = ArchiveRules::LoadFile(
        absl::StrCat(ANJU_SOURCE_DIR, "/config/registry/archives.yaml"));
    if (!rules.ok()) return rules.status();
    h->rules_ = std::make_unique<ArchiveRules>(*std::move(rules));
    deps.archive_rules = h->rules_.get();
    auto models = PriorityModels::LoadDirectory(
        absl::StrCat(ANJU_SOURCE_DIR, "/config/registry/priority"));
    if (!models.ok()) return models.status();
    h->models_ = std::make_unique<PriorityModels>(*std::move(models));
    deps.priority_models = h->models_.get();
    if (deps.workers > 2) deps.workers = 2;
    h->service_ = std::make_unique<RegistryServiceImpl>(std::move(deps));
    options.health_services = {v1::RegistryService::service_full_name()};
    options.max_receive_message_bytes = 17 << 20;
    auto runner = common::ServerRunner::Start(options, {h->service_.get()});
    if (!runner.ok()) return runner.status();
    h->runner_ = *std::move(runner);
    h->stub_ = v1::RegistryService::NewStub(grpc::CreateChannel(
        h->runner_->address(), grpc::InsecureChannelCredentials()));
    return h;
  }

  // Stub, server, service and store go in that order; then the folder.
  ~RegistryHarness() {
    stub_.reset();
    runner_.reset();
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  v1::RegistryService::Stub& stub() { return *stub_; }
  Store& store() { return *store_; }
  RegistryServiceImpl& service() { return *service_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string address() const { return runner_->address(); }

 private:
  RegistryHarness() = default;

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<blobs::BlobDir> files_;
  std::unique_ptr<ArchiveRules> rules_;
  std::unique_ptr<PriorityModels> models_;
  std::unique_ptr<RegistryServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::unique_ptr<v1::RegistryService::Stub> stub_;
};

// A client context with a 10 s deadline.
inline std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

}  // namespace anju::registry::testing

#endif  // ANJU_TESTS_REGISTRY_REGISTRY_HARNESS_H_
