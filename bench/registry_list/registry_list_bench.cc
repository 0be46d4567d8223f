// anju-registry-list-bench: how long paging through the whole reserve with
// ListProjects takes over gRPC (page 1000, every page's total_size, each
// project's priority and missing archive types included), as a ratio against
// the least any implementation must do: one plain SELECT of the same rows, in
// the same order, through common/storage, reading every row's body. The machine
// is shared and noisy, so only the ratio of the same run means something;
// rounds alternate the two and the medians are reported.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "anju/v1/registry.grpc.pb.h"
#include "common/orgs/org_yaml.h"
#include "common/server.h"
#include "common/storage/sqlite_database.h"
#include "services/registry/archive_rules.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/registry_service.h"
#include "services/registry/store.h"

namespace {

using anju::registry::Store;
using Clock = std::chrono::steady_clock;

struct Options {
  int projects = 100000;
  int page_size = 1000;
  int rounds = 5;
  bool bare = false;  // without the priority model and archive rules
};

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Spreads the projects over every county and the four programmes.
bool Fill(Store& store, const anju::orgs::OrgTree& tree, int count) {
  std::vector<std::string> counties;
  for (const anju::orgs::Org& org : tree.orgs()) {
    if (org.level == anju::orgs::OrgLevel::kCounty)
      counties.push_back(org.code);
  }
  const char* programmes[] = {"shanty", "affordable_rental", "public_rental",
                              "oldcomm"};
  const int kBatch = 5000;
  for (int done = 0; done < count; done += kBatch) {
    std::vector<anju::v1::ReserveProject> batch;
    for (int i = done; i < std::min(count, done + kBatch); ++i) {
      anju::v1::ReserveProject p;
      p.set_org(counties[i % counties.size()]);
      p.set_programme(programmes[(i / counties.size()) % 4]);
      p.set_name(absl::StrCat("项目储备第", i, "号"));
      p.set_address("内蒙古自治区某旗某镇某路");
      p.set_units(100 + i % 300);
      p.set_households(90 + i % 300);
      p.set_buildings(1 + i % 20);
      p.set_floor_area_10k_m2(1.5);
      p.set_investment_10k_yuan(3000 + i % 1000);
      p.mutable_funding()->set_central(1000);
      p.mutable_readiness()->set_approved(true);
      p.set_resident_consent_pct(80 + i % 20);
      p.set_building_year(1980 + i % 20);
      batch.push_back(std::move(p));
    }
    auto written =
        store.WriteProjects(std::move(batch), {"bench", absl::Now()});
    if (!written.ok()) {
      std::fprintf(stderr, "fill: %s\n", written.status().ToString().c_str());
      return false;
    }
  }
  return true;
}

// The baseline: every row's body, in list order, in one read transaction.
double PlainSelect(anju::storage::Database& db, int expected) {
  const auto start = Clock::now();
  auto tx = db.Begin(anju::storage::TransactionMode::kRead);
  auto select = (*tx)->Prepare(
      "SELECT id, body FROM projects ORDER BY org, programme, id");
  int rows = 0;
  size_t bytes = 0;
  while (*(*select)->Step()) {
    bytes += (*select)->ColumnBlob(1).size() + (*select)->ColumnText(0).size();
    ++rows;
  }
  const double seconds = Seconds(start);
  if (rows != expected || bytes == 0) std::fprintf(stderr, "baseline short\n");
  return seconds;
}

// Every page of the region's projects through the real service and stub.
double PageThrough(anju::v1::RegistryService::Stub& stub, const Options& o,
                   int* pages) {
  const auto start = Clock::now();
  anju::v1::ListProjectsRequest request;
  request.set_org("150000");
  request.set_page_size(o.page_size);
  int seen = 0;
  *pages = 0;
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    anju::v1::ListProjectsResponse page;
    grpc::Status s = stub.ListProjects(&context, request, &page);
    if (!s.ok()) {
      std::fprintf(stderr, "ListProjects: %s\n", s.error_message().c_str());
      return -1;
    }
    seen += page.projects_size();
    ++*pages;
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  const double seconds = Seconds(start);
  if (seen != o.projects) std::fprintf(stderr, "paged %d rows only\n", seen);
  return seconds;
}

int Run(const Options& o) {
  auto tree = anju::orgs::LoadOrgTreeFile(anju::orgs::DefaultOrgTreePath());
  if (!tree.ok()) return 1;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      absl::StrCat("anju-registry-list-bench-", getpid());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "registry.db").string();
  anju::storage::DatabaseSettings db;
  db.path = path;
  auto store = Store::Open(db, tree->get());
  if (!store.ok() || !Fill(**store, **tree, o.projects)) return 1;
  auto baseline_db = anju::storage::OpenSqlite(path);
  if (!baseline_db.ok()) return 1;

  // As the service runs: every listed project carries its priority under
  // the model in force and its missing archive types.
  auto models = anju::registry::PriorityModels::LoadDirectory(
      absl::StrCat(ANJU_SOURCE_DIR, "/config/registry/priority"));
  auto rules = anju::registry::ArchiveRules::LoadFile(
      absl::StrCat(ANJU_SOURCE_DIR, "/config/registry/archives.yaml"));
  if (!models.ok() || !rules.ok()) return 1;
  anju::registry::RegistryDeps deps;
  if (!o.bare) {
    deps.priority_models = &*models;
    deps.archive_rules = &*rules;
  }
  deps.store = store->get();
  deps.orgs = tree->get();
  deps.workers = 2;
  auto service =
      std::make_unique<anju::registry::RegistryServiceImpl>(std::move(deps));
  anju::common::ServerOptions options;
  auto runner = anju::common::ServerRunner::Start(options, {service.get()});
  if (!runner.ok()) return 1;
  auto stub = anju::v1::RegistryService::NewStub(grpc::CreateChannel(
      (*runner)->address(), grpc::InsecureChannelCredentials()));

  std::vector<double> listed, baseline;
  int pages = 0;
  PlainSelect(**baseline_db, o.projects);  // warm the page cache
  for (int round = 0; round < o.rounds; ++round) {
    baseline.push_back(PlainSelect(**baseline_db, o.projects));
    const double seconds = PageThrough(*stub, o, &pages);
    if (seconds < 0) return 1;
    listed.push_back(seconds);
  }
  const double l = Median(listed), b = Median(baseline);
  std::printf(
      "registry paging: %d projects, page %d (%d pages), %d rounds, medians%s\n"
      "  ListProjects over gRPC : %8.3f s  (%.0f projects/s, %.2f ms/page)\n"
      "  plain SELECT (baseline): %8.3f s  (%.0f rows/s)\n"
      "  ratio ListProjects / SELECT: %.1f\n",
      o.projects, o.page_size, pages, o.rounds,
      o.bare ? " (--bare: no priority, no archive types)" : "", l,
      o.projects / l, 1000 * l / pages, b, o.projects / b, l / b);
  stub.reset();
  runner->reset();
  service.reset();
  store->reset();
  baseline_db->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"anju-registry-list-bench: ListProjects paging vs plain SELECT"};
  Options o;
  app.add_option("--projects", o.projects, "projects in the reserve")
      ->check(CLI::Range(1, 10000000));
  app.add_option("--page-size", o.page_size, "ListProjects page size")
      ->check(CLI::Range(1, 1000));
  app.add_option("--rounds", o.rounds, "alternating rounds; medians")
      ->check(CLI::Range(1, 100));
  app.add_flag("--bare", o.bare,
               "list without the priority model and the archive rules, to "
               "see what the computed fields cost");
  CLI11_PARSE(app, argc, argv);
  return Run(o);
}
