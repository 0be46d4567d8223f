// The access matrix of issue 7, generated from data: every RPC of the four
// services (protobuf descriptors) × every role (config/access-policy.yaml) ×
// own and foreign orgs, called on the four real server binaries with
// authentication on (credentials minted by deploy/mint-credentials). A
// denied call must end PERMISSION_DENIED (UNAUTHENTICATED without a
// credential), an allowed one anything else (NOT_FOUND, INVALID_ARGUMENT…:
// the gate let it through). Denials must be in the audit log lines.

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "anju/v1/notification.grpc.pb.h"
#include "anju/v1/registry.grpc.pb.h"
#include "anju/v1/scoring.grpc.pb.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/access_policy.h"
#include "common/orgs/org_yaml.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/access_matrix/matrix_plan.h"
#include "tests/access_matrix/raw_call.h"
#include "tests/access_matrix/server_process.h"
#include "tests/registry/sample_projects.h"

namespace anju::access_matrix {
namespace {

using ::testing::HasSubstr;

// The four services, found through one message of each proto file: the
// call also makes the linker keep the file's descriptors in the pool.
std::vector<std::string> AllServices() {
  const std::pair<const google::protobuf::Descriptor*, const char*> files[] = {
      {v1::EvaluateRequest::descriptor(), "ScoringService"},
      {v1::GetReportRequest::descriptor(), "SubmissionService"},
      {v1::GetProjectRequest::descriptor(), "RegistryService"},
      {v1::PutContactRequest::descriptor(), "NotificationService"}};
  std::vector<std::string> services;
  for (const auto& [message, service] : files) {
    services.push_back(
        message->file()->FindServiceByName(service)->full_name());
  }
  return services;
}

// One principal per role. The external system acts for a city, so that
// its `region` scope is checked from below the region.
struct Holder {
  auth::Role role;
  std::string id;
  std::string org;
  std::string token;  // read from the minted token file
};

std::vector<Holder> Holders() {
  return {{auth::Role::kCountyFiler, "filer", "150402", ""},
          {auth::Role::kCityCoordinator, "city", "150400", ""},
          {auth::Role::kRegionReviewer, "reviewer", "150000", ""},
          {auth::Role::kRegionAdmin, "admin", "150000", ""},
          {auth::Role::kExternalSystem, "external", "150400", ""},
          {auth::Role::kService, "service", "150000", ""}};
}

// Own and foreign orgs: 红山区 (the filer's county) and 元宝山区 (its
// neighbour) of 赤峰市 (the coordinator's city), 呼和浩特市 and its 新城区.
const std::vector<std::string>& TargetsOf(TargetKind kind) {
  static const auto* const targets =
      new std::map<TargetKind, std::vector<std::string>>{
          {TargetKind::kNone, {""}},
          {TargetKind::kOrg,
           {"150402", "150403", "150400", "150102", "150100"}},
          {TargetKind::kCity, {"150400", "150100"}},
          {TargetKind::kProject, {"150402", "150403", "150102"}},
          {TargetKind::kCounty, {"150402", "150403", "150102"}}};
  return targets->at(kind);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

struct Outcome {
  std::string method;
  const Holder* holder;
  std::string target;
  bool expect_allowed;
  CallOutcome got;
  bool Matches() const {
    const bool denied = got.code == grpc::StatusCode::PERMISSION_DENIED ||
                        got.code == grpc::StatusCode::UNAUTHENTICATED;
    if (expect_allowed) return !denied;
    return got.code == grpc::StatusCode::PERMISSION_DENIED;
  }
};

class AccessMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new Env();
    env_->Start();
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }

  struct Env {
    std::string dir;
    std::vector<Holder> holders = Holders();
    std::unique_ptr<orgs::OrgTree> tree;
    std::unique_ptr<auth::AccessPolicy> policy;
    std::unique_ptr<ServerProcess> scoring_backend, registry, submission,
        scoring, notification;
    std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
    std::map<std::string, ServerProcess*> servers;  // by service
    std::map<std::string, std::string> projects;    // org → project id
    std::string setup_error;

    ~Env() {
      for (ServerProcess* s :
           {notification.get(), scoring.get(), submission.get(), registry.get(),
            scoring_backend.get()}) {
        if (s != nullptr) s->Terminate();
      }
      notification.reset();
      scoring.reset();
      submission.reset();
      registry.reset();
      scoring_backend.reset();
      if (!dir.empty()) std::system(("rm -rf " + dir).c_str());
    }

    const Holder& HolderOf(auth::Role role) const {
      for (const Holder& h : holders) {
        if (h.role == role) return h;
      }
      std::abort();
    }

    void Start() {
      char pattern[] = "/tmp/anju-access-matrix-XXXXXX";
      dir = mkdtemp(pattern);
      auto tree_or = orgs::LoadOrgTreeFile(std::string(ANJU_SOURCE_DIR) +
                                           "/data/orgs/inner-mongolia.yaml");
      auto policy_or = auth::AccessPolicy::LoadFile(auth::DefaultPolicyPath());
      if (!tree_or.ok() || !policy_or.ok()) {
        setup_error = "cannot load the org tree or the policy";
        return;
      }
      tree = *std::move(tree_or);
      policy = *std::move(policy_or);
      if (!Mint()) return;
      StartServers();
      if (setup_error.empty()) CreateFixtures();
    }

    bool Mint() {
      std::string command = absl::StrCat(
          ANJU_SOURCE_DIR, "/deploy/mint-credentials ", dir, "/creds");
      for (const Holder& h : holders) {
        absl::StrAppend(&command, " ", h.id, ":", auth::RoleName(h.role), ":",
                        h.org);
      }
      if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
        setup_error = "mint-credentials failed: " + command;
        return false;
      }
      for (Holder& h : holders) {
        h.token =
            Trim(ReadAll(absl::StrCat(dir, "/creds/tokens/", h.id, ".token")));
      }
      return true;
    }

    std::string Config(const std::string& name, const std::string& extra) {
      return WriteFile(absl::StrCat(dir, "/", name, ".yaml"),
                       absl::StrCat("auth:\n  credentials_file: ", dir,
                                    "/creds/credentials.yaml\n  policy_file: ",
                                    auth::DefaultPolicyPath(), "\n", extra));
    }

    std::unique_ptr<ServerProcess> Run(const std::string& binary,
                                       const std::string& name,
                                       std::vector<std::string> args) {
      auto server = std::make_unique<ServerProcess>(
          binary, args, absl::StrCat(dir, "/", name, ".log"));
      if (server->port() == 0 && setup_error.empty()) {
        setup_error = absl::StrCat(name, " did not start:\n", server->Log());
      }
      return server;
    }

    void StartServers() {
      const std::string token =
          absl::StrCat(dir, "/creds/tokens/service.token");
      const std::string scoring_config = Config("scoring", "");
      scoring_backend =
          Run(SCORING_BIN, "scoring-backend", {"--config", scoring_config});
      registry = Run(
          REGISTRY_BIN, "registry",
          {"--config", Config("registry", ""), "--data", dir + "/registry"});
      if (!setup_error.empty()) return;
      submission =
          Run(SUBMISSION_BIN, "submission",
              {"--config",
               Config("submission",
                      absl::StrCat("scoring_token_file: ", token,
                                   "\nregistry_token_file: ", token, "\n")),
               "--data", dir + "/submission", "--scoring",
               scoring_backend->address(), "--registry", registry->address()});
      if (!setup_error.empty()) return;
      scoring = Run(SCORING_BIN, "scoring",
                    {"--config", scoring_config, "--submission",
                     submission->address(), "--submission-token-file", token});
      notification =
          Run(NOTIFICATION_BIN, "notification",
              {"--config",
               Config("notification",
                      absl::StrCat("submission_token_file: ", token, "\n")),
               "--data", dir + "/notification", "--submission",
               submission->address()});
      if (!setup_error.empty()) return;
      servers = {{"anju.v1.ScoringService", scoring.get()},
                 {"anju.v1.SubmissionService", submission.get()},
                 {"anju.v1.RegistryService", registry.get()},
                 {"anju.v1.NotificationService", notification.get()}};
      for (const auto& [service, server] : servers) {
        channels[service] = grpc::CreateChannel(
            server->address(), grpc::InsecureChannelCredentials());
      }
    }

    // A campaign, and a reserve project in each county the project RPCs
    // target, made by the region administrator.
    void CreateFixtures() {
      const std::string& admin = HolderOf(auth::Role::kRegionAdmin).token;
      auto deadline = [] {
        return std::chrono::system_clock::now() + std::chrono::seconds(10);
      };
      {
        grpc::ClientContext context;
        context.set_deadline(deadline());
        context.AddMetadata("authorization", "Bearer " + admin);
        v1::CreateCampaignRequest request;
        request.mutable_campaign()->set_year(2023);
        request.mutable_campaign()->add_programmes("rental");
        request.mutable_campaign()->mutable_deadlines()->set_county_to_city(
            "2099-03-31T23:59:59+08:00");
        request.mutable_campaign()->mutable_deadlines()->set_city_to_region(
            "2099-04-30T23:59:59+08:00");
        v1::Campaign campaign;
        grpc::Status status =
            v1::SubmissionService::NewStub(
                channels["anju.v1.SubmissionService"])
                ->CreateCampaign(&context, request, &campaign);
        if (!status.ok()) {
          setup_error = "CreateCampaign: " + status.error_message();
          return;
        }
      }
      auto stub =
          v1::RegistryService::NewStub(channels["anju.v1.RegistryService"]);
      for (const std::string& org : TargetsOf(TargetKind::kProject)) {
        grpc::ClientContext context;
        context.set_deadline(deadline());
        context.AddMetadata("authorization", "Bearer " + admin);
        v1::CreateProjectRequest request;
        *request.mutable_project() = registry::testing::SampleProject(org);
        v1::ReserveProject project;
        grpc::Status status = stub->CreateProject(&context, request, &project);
        if (!status.ok()) {
          setup_error =
              absl::StrCat("CreateProject ", org, ": ", status.error_message());
          return;
        }
        projects[org] = project.id();
      }
    }
  };

  static std::string RequestsDir() {
    return std::string(ANJU_SOURCE_DIR) + "/tests/access_matrix/requests";
  }

  static std::string ServiceOf(const std::string& method) {
    return method.substr(1, method.find('/', 1) - 1);
  }

  static Env* env_;
};

AccessMatrixTest::Env* AccessMatrixTest::env_ = nullptr;

TEST_F(AccessMatrixTest, ThePolicyListsEveryRpcAndEveryRoleHasAPrincipal) {
  ASSERT_TRUE(env_->policy != nullptr) << env_->setup_error;
  auto methods = auth::MethodsOfServices(AllServices());
  ASSERT_TRUE(methods.ok()) << methods.status();
  EXPECT_GE(methods->size(), 50u);  // the four services' RPCs, as linked
  EXPECT_TRUE(env_->policy->CheckCovers(*methods).ok())
      << env_->policy->CheckCovers(*methods);
  for (const std::string& method : *methods) {
    EXPECT_FALSE(env_->policy->IsPublic(method)) << method;
  }
  std::set<auth::Role> held;
  for (const Holder& h : env_->holders) held.insert(h.role);
  EXPECT_EQ(held.size(), auth::AllRoles().size());
}

TEST_F(AccessMatrixTest, EveryRpcAsEveryRoleOnOwnAndForeignOrgs) {
  ASSERT_TRUE(env_->setup_error.empty()) << env_->setup_error;
  auto plans = PlanMethods(AllServices(), RequestsDir());
  ASSERT_TRUE(plans.ok()) << plans.status();

  // Build every call first, so that a bad template fails before any call.
  struct Planned {
    const MethodPlan* plan;
    const Holder* holder;
    std::string target;
    std::string request;
    bool expect_allowed;
  };
  std::map<std::string, std::vector<Planned>> by_service;
  for (const MethodPlan& plan : *plans) {
    for (const Holder& holder : env_->holders) {
      const auth::Scope scope = env_->policy->ScopeFor(plan.name, holder.role);
      // An org-bound scope on an RPC whose request names no org cannot be
      // checked: the request (or its template) must name one.
      if (plan.kind == TargetKind::kNone) {
        EXPECT_TRUE(scope == auth::Scope::kNone || scope == auth::Scope::kAny ||
                    scope == auth::Scope::kRegion)
            << plan.name << " gives " << auth::RoleName(holder.role) << " "
            << auth::ScopeName(scope)
            << " but its request names no org: add a template";
      }
      for (const std::string& target : TargetsOf(plan.kind)) {
        const std::string project =
            plan.kind == TargetKind::kProject ? env_->projects[target] : "";
        auto request = BuildRequest(plan, target, project);
        ASSERT_TRUE(request.ok()) << request.status();
        auth::Principal principal{holder.id, holder.role, holder.org};
        by_service[ServiceOf(plan.name)].push_back(
            {&plan, &holder, target, *request,
             Reaches(principal, scope, target, *env_->tree)});
      }
    }
  }

  // One thread per server: the four run side by side.
  std::map<std::string, std::vector<Outcome>> outcomes;
  std::vector<std::thread> threads;
  for (auto& [service, calls] : by_service) {
    auto* out = &outcomes[service];
    auto channel = env_->channels[service];
    const auto* planned = &calls;
    threads.emplace_back([out, channel, planned] {
      for (const Planned& p : *planned) {
        out->push_back(
            {p.plan->name, p.holder, p.target, p.expect_allowed,
             RawCall(channel, p.plan->name, p.request, p.holder->token)});
      }
    });
  }
  for (std::thread& t : threads) t.join();

  // The coverage table: for each RPC and role, calls allowed/denied as
  // expected (A allowed, D denied); "!" marks a mismatch.
  std::map<std::string, std::map<auth::Role, std::string>> cells;
  std::map<std::string, std::map<auth::Role, int>> counts;
  std::vector<std::string> mismatches;
  int calls = 0;
  for (const auto& [service, list] : outcomes) {
    for (const Outcome& o : list) {
      ++calls;
      ++counts[o.method][o.holder->role];
      cells[o.method][o.holder->role] +=
          o.Matches() ? (o.expect_allowed ? "A" : "D") : "!";
      if (!o.Matches()) {
        mismatches.push_back(absl::StrCat(
            o.method, " as ", auth::RoleName(o.holder->role), " (",
            o.holder->org, ") on ", o.target.empty() ? "-" : o.target,
            ": expected ", o.expect_allowed ? "allowed" : "PERMISSION_DENIED",
            ", got ", o.got.code, " ", o.got.message));
      }
    }
  }
  std::ostringstream table;
  table << absl::StrFormat("%-52s", "RPC");
  for (auth::Role role : auth::AllRoles()) {
    table << absl::StrFormat(" %-16s", auth::RoleName(role));
  }
  table << "\n";
  for (const MethodPlan& plan : *plans) {
    table << absl::StrFormat("%-52s", plan.name);
    for (auth::Role role : auth::AllRoles()) {
      table << absl::StrFormat(" %-16s", cells[plan.name][role]);
    }
    table << "\n";
  }
  std::cout << table.str() << calls << " calls\n";

  // Coverage: every RPC × every role was called at least once.
  for (const MethodPlan& plan : *plans) {
    for (auth::Role role : auth::AllRoles()) {
      EXPECT_GT(counts[plan.name][role], 0)
          << plan.name << " × " << auth::RoleName(role) << " never called";
    }
  }
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " mismatches:\n"
                                  << absl::StrJoin(mismatches, "\n");
}

TEST_F(AccessMatrixTest, EveryRpcWithoutACredentialIsUnauthenticated) {
  ASSERT_TRUE(env_->setup_error.empty()) << env_->setup_error;
  auto plans = PlanMethods(AllServices(), RequestsDir());
  ASSERT_TRUE(plans.ok()) << plans.status();
  for (const MethodPlan& plan : *plans) {
    auto request = BuildRequest(plan, TargetsOf(plan.kind)[0], "");
    ASSERT_TRUE(request.ok()) << request.status();
    CallOutcome got =
        RawCall(env_->channels[ServiceOf(plan.name)], plan.name, *request, "");
    EXPECT_EQ(got.code, grpc::StatusCode::UNAUTHENTICATED)
        << plan.name << ": " << got.message;
    got = RawCall(env_->channels[ServiceOf(plan.name)], plan.name, *request,
                  std::string(64, 'f'));
    EXPECT_EQ(got.code, grpc::StatusCode::UNAUTHENTICATED)
        << plan.name << " with an unknown token: " << got.message;
  }
}

// A denial by the interceptor (scope none) and one by a handler (a foreign
// org) each leave an "access denied" line naming who, what and which org.
TEST_F(AccessMatrixTest, DenialsAreAuditedWithPrincipalMethodAndOrg) {
  ASSERT_TRUE(env_->setup_error.empty()) << env_->setup_error;
  const Holder& filer = env_->HolderOf(auth::Role::kCountyFiler);
  auto channel = env_->channels["anju.v1.SubmissionService"];

  v1::GetReportRequest foreign;
  foreign.set_org("150403");
  foreign.set_programme("rental");
  foreign.set_year(2023);
  CallOutcome got = RawCall(channel, "/anju.v1.SubmissionService/GetReport",
                            foreign.SerializeAsString(), filer.token);
  ASSERT_EQ(got.code, grpc::StatusCode::PERMISSION_DENIED) << got.message;
  got = RawCall(channel, "/anju.v1.SubmissionService/VerifyAuditLog", "",
                filer.token);
  ASSERT_EQ(got.code, grpc::StatusCode::PERMISSION_DENIED) << got.message;

  // The log is written by another process: give it a moment.
  std::string log;
  bool by_handler = false, by_interceptor = false;
  for (int i = 0; i < 50 && !(by_handler && by_interceptor); ++i) {
    log = env_->submission->Log();
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("\"msg\":\"access denied\"") == std::string::npos ||
          line.find("\"principal\":\"filer\"") == std::string::npos ||
          line.find("\"code\":\"PERMISSION_DENIED\"") == std::string::npos) {
        continue;
      }
      by_handler |=
          line.find("\"method\":\"/anju.v1.SubmissionService/GetReport\"") !=
              std::string::npos &&
          line.find("\"target_org\":\"150403\"") != std::string::npos &&
          line.find("\"org\":\"150402\"") != std::string::npos;
      by_interceptor |=
          line.find("/anju.v1.SubmissionService/VerifyAuditLog") !=
          std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(by_handler) << log;
  EXPECT_TRUE(by_interceptor) << log;
  // Tokens are never logged.
  EXPECT_THAT(log, ::testing::Not(HasSubstr(filer.token)));
}

}  // namespace
}  // namespace anju::access_matrix
