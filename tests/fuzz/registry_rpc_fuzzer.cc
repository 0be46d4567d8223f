// anju.v1.RegistryService's handlers (CreateProject, ImportProjects,
// ListProjects) on any request bytes: RegistryServiceImpl's Do* methods on
// a SQLite store and an archive folder in a scratch folder (tmpfs), the
// shipped org tree, archive rules and priority models, a fixed clock.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "anju/v1/registry.pb.h"
#include "common/blobs/blob_dir.h"
#include "common/orgs/org_yaml.h"
#include "common/storage/open_database.h"
#include "services/registry/archive_rules.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/registry_service.h"
#include "services/registry/store.h"
#include "tests/fuzz/rpc_fuzz.h"

namespace anju::fuzz {
namespace {

struct World {
  std::unique_ptr<orgs::OrgTree> tree;
  std::unique_ptr<registry::Store> store;
  std::unique_ptr<blobs::BlobDir> files;
  std::unique_ptr<registry::ArchiveRules> rules;
  std::unique_ptr<registry::PriorityModels> models;
  std::unique_ptr<registry::RegistryServiceImpl> service;
  auth::Caller caller;
};

World& TheWorld() {
  static World* const world = [] {
    auto* w = new World;
    w->tree = OrDie(orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath()));
    storage::DatabaseSettings database;  // SQLite, the default backend
    database.path = (ScratchDir() / "registry.db").string();
    w->store = OrDie(registry::Store::Open(database, w->tree.get()));
    blobs::BlobLimits limits;
    limits.max_bytes = 1 << 20;
    limits.noun = "档案文件";
    w->files = OrDie(
        blobs::BlobDir::Open((ScratchDir() / "archives").string(), limits));
    w->rules = std::make_unique<registry::ArchiveRules>(
        OrDie(registry::ArchiveRules::LoadFile(
            SourcePath("config/registry/archives.yaml"))));
    w->models = std::make_unique<registry::PriorityModels>(
        OrDie(registry::PriorityModels::LoadDirectory(
            SourcePath("config/registry/priority"))));
    registry::RegistryDeps deps;
    deps.store = w->store.get();
    deps.orgs = w->tree.get();
    deps.archive_files = w->files.get();
    deps.archive_rules = w->rules.get();
    deps.priority_models = w->models.get();
    deps.clock = [] { return absl::FromUnixSeconds(1709254800); };  // 3月1日
    deps.workers = 1;
    deps.limits.max_import_bytes = 1 << 20;
    w->service =
        std::make_unique<registry::RegistryServiceImpl>(std::move(deps));
    w->caller = registry::AnonymousRegionCaller(*w->tree);
    return w;
  }();
  return *world;
}

const std::vector<RpcMethod>& Methods() {
  using registry::RegistryServiceImpl;
  static const auto* const methods = new std::vector<RpcMethod>{
      CallerMethod<v1::CreateProjectRequest, v1::ReserveProject>(
          "create_project", TheWorld, &RegistryServiceImpl::DoCreateProject),
      CallerMethod<v1::ImportProjectsRequest, v1::ImportProjectsResponse>(
          "import_projects", TheWorld, &RegistryServiceImpl::DoImportProjects),
      CallerMethod<v1::ListProjectsRequest, v1::ListProjectsResponse>(
          "list_projects", TheWorld, &RegistryServiceImpl::DoListProjects),
  };
  return *methods;
}

}  // namespace
}  // namespace anju::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  anju::fuzz::MaybeWriteSeeds(anju::fuzz::Methods());
  anju::fuzz::TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return anju::fuzz::RunRpcInput(anju::fuzz::Methods(), data, size);
}
