// The interceptor on a real gRPC server (callback API) on 127.0.0.1:0,
// called over TCP as each kind of client would.

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/access_gate.h"
#include "common/auth/auth_interceptor.h"
#include "common/server.h"
#include "common/status.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/auth/auth_fixture.h"
#include "tests/auth/probe.grpc.pb.h"

namespace anju::auth {
namespace {

using ::anju::testing::auth::ReportProbe;
using ::anju::testing::auth::TouchReply;
using ::anju::testing::auth::TouchRequest;
using ::testing::AllOf;
using testing::CredentialsYaml;
using ::testing::HasSubstr;
using testing::Mint;
using testing::RecordingSink;
using testing::ShippedTree;
using ::testing::SizeIs;
using testing::TestCredential;

constexpr char kPolicy[] = R"(methods:
  /grpc.health.v1.Health/Check: {public: true}
  /grpc.health.v1.Health/Watch: {public: true}
  /anju.testing.auth.ReportProbe/Touch:
    county_filer: own_org
    city_coordinator: own_city
    region_reviewer: region
    region_admin: region
    external_system: none
    service: region
  /anju.testing.auth.ReportProbe/AdminOnly:
    county_filer: none
    city_coordinator: none
    region_reviewer: none
    region_admin: region
    external_system: none
    service: none
  /anju.testing.auth.ReportProbe/Careless:
    county_filer: none
    city_coordinator: none
    region_reviewer: none
    region_admin: none
    external_system: none
    service: none
)";

// What each handler got from Authenticate, in order.
class Observations {
 public:
  void Add(const absl::Status& status) {
    absl::MutexLock lock(&mu_);
    seen_.push_back(status);
  }
  // Waits (up to 10 s) until `n` handlers have run: for a refused call the
  // client has its status before the handler runs on the ended call.
  std::vector<absl::Status> WaitFor(std::size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return seen_.size() >= n;
    };
    mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
    return seen_;
  }

 private:
  absl::Mutex mu_;
  std::vector<absl::Status> seen_ ABSL_GUARDED_BY(mu_);
};

class ProbeService final : public ReportProbe::CallbackService {
 public:
  ProbeService(const AccessGate* gate, Observations* seen)
      : gate_(gate), seen_(seen) {}

  grpc::ServerUnaryReactor* Touch(grpc::CallbackServerContext* context,
                                  const TouchRequest* request,
                                  TouchReply* reply) override {
    return Serve(context, *request, reply);
  }
  grpc::ServerUnaryReactor* AdminOnly(grpc::CallbackServerContext* context,
                                      const TouchRequest* request,
                                      TouchReply* reply) override {
    return Serve(context, *request, reply);
  }
  grpc::ServerUnaryReactor* Unlisted(grpc::CallbackServerContext* context,
                                     const TouchRequest* request,
                                     TouchReply* reply) override {
    return Serve(context, *request, reply);
  }
  grpc::ServerUnaryReactor* Careless(grpc::CallbackServerContext* context,
                                     const TouchRequest* /*request*/,
                                     TouchReply* reply) override {
    reply->set_principal_id("leaked");
    seen_->Add(absl::OkStatus());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context,
                                  const TouchRequest& request,
                                  TouchReply* reply) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    absl::StatusOr<Caller> caller = gate_->Authenticate(context);
    seen_->Add(caller.status());
    if (!caller.ok()) {
      reactor->Finish(common::ToGrpcStatus(caller.status()));
      return reactor;
    }
    if (absl::Status s = gate_->Authorize(*caller, request.org()); !s.ok()) {
      reactor->Finish(common::ToGrpcStatus(s));
      return reactor;
    }
    reply->set_principal_id(caller->principal.id);
    reply->set_role(std::string(RoleName(caller->principal.role)));
    reply->set_org(caller->principal.org);
    reply->set_scope(std::string(ScopeName(caller->scope)));
    reply->set_authenticated(caller->authenticated);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  const AccessGate* const gate_;
  Observations* const seen_;
};

// A server with the probe service, gRPC's health service and the gate's
// interceptor, on a free port.
class Server {
 public:
  explicit Server(const AccessGate* gate) : service_(gate, &seen_) {
    common::ServerOptions options;  // 127.0.0.1:0
    options.interceptors = [gate] { return MakeInterceptorCreators(gate); };
    auto runner = common::ServerRunner::Start(options, {&service_});
    EXPECT_TRUE(runner.ok()) << runner.status();
    if (runner.ok()) runner_ = *std::move(runner);
    channel_ = grpc::CreateChannel(runner_->address(),
                                   grpc::InsecureChannelCredentials());
    stub_ = ReportProbe::NewStub(channel_);
  }

  using Method = grpc::Status (ReportProbe::Stub::*)(grpc::ClientContext*,
                                                     const TouchRequest&,
                                                     TouchReply*);

  // `authorization` empty: no metadata at all.
  grpc::Status Call(Method method, const std::string& authorization,
                    const std::string& org, TouchReply* reply) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (!authorization.empty()) {
      context.AddMetadata("authorization", authorization);
    }
    TouchRequest request;
    request.set_org(org);
    return (stub_.get()->*method)(&context, request, reply);
  }

  grpc::Status Touch(const std::string& authorization, const std::string& org,
                     TouchReply* reply) {
    return Call(&ReportProbe::Stub::Touch, authorization, org, reply);
  }

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  Observations& seen() { return seen_; }

 private:
  Observations seen_;
  ProbeService service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<ReportProbe::Stub> stub_;
};

std::unique_ptr<AccessPolicy> Policy() {
  absl::StatusOr<std::unique_ptr<AccessPolicy>> policy =
      AccessPolicy::Parse(kPolicy, "policy.yaml");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *std::move(policy) : nullptr;
}

std::string Bearer(const TestCredential& c) {
  return absl::StrCat("Bearer ", c.token);
}

class InterceptorTest : public ::testing::Test {
 protected:
  InterceptorTest()
      : filer_(Mint("hongshan-filer", Role::kCountyFiler, "150402")),
        coordinator_(Mint("chifeng", Role::kCityCoordinator, "150400")),
        admin_(Mint("admin", Role::kRegionAdmin, "150000")),
        external_(Mint("fund-system", Role::kExternalSystem, "150000")) {
    absl::StatusOr<std::unique_ptr<CredentialStore>> store =
        CredentialStore::Parse(
            CredentialsYaml({filer_, coordinator_, admin_, external_}),
            "creds.yaml", ShippedTree());
    EXPECT_TRUE(store.ok()) << store.status();
    absl::StatusOr<std::unique_ptr<AccessGate>> gate = AccessGate::Create(
        *std::move(store), Policy(), &ShippedTree(), audit_.sink());
    EXPECT_TRUE(gate.ok()) << gate.status();
    gate_ = *std::move(gate);
    server_ = std::make_unique<Server>(gate_.get());
  }

  // Once every call is over, the table of calls is empty again.
  void ExpectNoCallsLeft() {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (gate_->calls().size() > 0 && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    EXPECT_EQ(gate_->calls().size(), 0u);
  }

  TestCredential filer_, coordinator_, admin_, external_;
  RecordingSink audit_;
  std::unique_ptr<AccessGate> gate_;
  std::unique_ptr<Server> server_;
};

TEST_F(InterceptorTest, NoTokenIsUnauthenticatedAndTheHandlerSeesIt) {
  TouchReply reply;
  grpc::Status s = server_->Touch("", "150402", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(),
              AllOf(HasSubstr("未认证"), HasSubstr("no credential")));
  EXPECT_EQ(reply.principal_id(), "");
  std::vector<absl::Status> seen = server_->seen().WaitFor(1);
  ASSERT_THAT(seen, SizeIs(1));
  EXPECT_EQ(seen[0].code(), absl::StatusCode::kUnauthenticated);
  std::vector<Denial> denials = audit_.denials();
  ASSERT_THAT(denials, SizeIs(1));
  EXPECT_EQ(denials[0].method, "/anju.testing.auth.ReportProbe/Touch");
  EXPECT_THAT(denials[0].peer, HasSubstr("127.0.0.1"));
  ExpectNoCallsLeft();
}

TEST_F(InterceptorTest, BadTokensAreUnauthenticated) {
  TouchReply reply;
  for (const std::string& value :
       {std::string("Bearer not-a-known-token"), std::string("Bearer"),
        absl::StrCat("Basic ", filer_.token),
        absl::StrCat("Bearer ", filer_.sha256_hex)}) {
    grpc::Status s = server_->Touch(value, "150402", &reply);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << value;
    EXPECT_EQ(reply.principal_id(), "");
  }
  EXPECT_THAT(audit_.denials(), SizeIs(4));
  ExpectNoCallsLeft();
}

TEST_F(InterceptorTest, ScopeNoneIsPermissionDeniedBeforeTheHandlerActs) {
  TouchReply reply;
  grpc::Status s = server_->Touch(Bearer(external_), "150402", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("role external_system may not"));
  s = server_->Call(&ReportProbe::Stub::AdminOnly, Bearer(coordinator_),
                    "150400", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  std::vector<absl::Status> seen = server_->seen().WaitFor(2);
  ASSERT_THAT(seen, SizeIs(2));
  for (const absl::Status& status : seen) {
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  }
  std::vector<Denial> denials = audit_.denials();
  ASSERT_THAT(denials, SizeIs(2));
  EXPECT_EQ(denials[0].principal->id, "fund-system");
  EXPECT_EQ(denials[1].principal->id, "chifeng");
  ExpectNoCallsLeft();
}

// The handler ignores the gate and answers OK with data; the client must
// still get only the refusal.
TEST_F(InterceptorTest, ARefusedCallsAnswerNeverReachesTheClient) {
  TouchReply reply;
  grpc::Status s = server_->Call(&ReportProbe::Stub::Careless, Bearer(admin_),
                                 "150000", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(reply.principal_id(), "");
  s = server_->Call(&ReportProbe::Stub::Careless, "", "150000", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(reply.principal_id(), "");
  server_->seen().WaitFor(2);
  ExpectNoCallsLeft();
}

TEST_F(InterceptorTest, MethodsMissingFromThePolicyAreDenied) {
  TouchReply reply;
  grpc::Status s = server_->Call(&ReportProbe::Stub::Unlisted, Bearer(admin_),
                                 "150000", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("default deny"));
  ExpectNoCallsLeft();
}

TEST_F(InterceptorTest, AValidTokenReachesTheHandlerWithItsPrincipal) {
  TouchReply reply;
  grpc::Status s = server_->Touch(Bearer(filer_), "150402", &reply);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reply.principal_id(), "hongshan-filer");
  EXPECT_EQ(reply.role(), "county_filer");
  EXPECT_EQ(reply.org(), "150402");
  EXPECT_EQ(reply.scope(), "own_org");
  EXPECT_TRUE(reply.authenticated());

  reply.Clear();
  s = server_->Call(&ReportProbe::Stub::AdminOnly, Bearer(admin_), "150425",
                    &reply);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reply.principal_id(), "admin");
  EXPECT_EQ(reply.scope(), "region");
  EXPECT_THAT(audit_.denials(), SizeIs(0));
  ExpectNoCallsLeft();
}

// The handler's Authorize: a county filer touches only its own reports, a
// city coordinator its city and counties.
TEST_F(InterceptorTest, HandlersRefuseOrgsOutsideTheCallersScope) {
  TouchReply reply;
  grpc::Status s = server_->Touch(Bearer(filer_), "150425", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("scope own_org"));
  EXPECT_TRUE(server_->Touch(Bearer(coordinator_), "150425", &reply).ok());
  EXPECT_TRUE(server_->Touch(Bearer(coordinator_), "150400", &reply).ok());
  s = server_->Touch(Bearer(coordinator_), "150502", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = server_->Touch(Bearer(filer_), "999999", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<Denial> denials = audit_.denials();
  ASSERT_THAT(denials, SizeIs(2));
  EXPECT_EQ(denials[0].target_org, "150425");
  EXPECT_EQ(denials[1].target_org, "150502");
  EXPECT_EQ(denials[1].principal->id, "chifeng");
}

TEST_F(InterceptorTest, HealthNeedsNoToken) {
  auto stub = grpc::health::v1::Health::NewStub(server_->channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status s = stub->Check(&context, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_THAT(audit_.denials(), SizeIs(0));
}

// Many calls from many threads at once: each handler sees its own caller.
TEST_F(InterceptorTest, ConcurrentCallsKeepTheirOwnPrincipals) {
  constexpr int kThreads = 8;
  constexpr int kCalls = 25;
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const TestCredential& who = t % 2 == 0 ? filer_ : coordinator_;
      for (int i = 0; i < kCalls; ++i) {
        TouchReply reply;
        grpc::Status s = server_->Touch(Bearer(who), who.principal.org, &reply);
        if (!s.ok() || reply.principal_id() != who.principal.id) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  ExpectNoCallsLeft();
}

TEST(DisabledInterceptorTest, WithoutCredentialsEveryCallIsAnonymous) {
  absl::StatusOr<std::unique_ptr<AccessGate>> gate =
      AccessGate::Create(nullptr, Policy(), &ShippedTree(), nullptr);
  ASSERT_TRUE(gate.ok()) << gate.status();
  Server server(gate->get());
  TouchReply reply;
  grpc::Status s = server.Touch("", "150502", &reply);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reply.principal_id(), "anonymous");
  EXPECT_FALSE(reply.authenticated());
  s = server.Call(&ReportProbe::Stub::Unlisted, "", "150000", &reply);
  EXPECT_TRUE(s.ok()) << s.error_message();
  s = server.Touch("", "999999", &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace anju::auth
