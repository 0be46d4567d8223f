#include "common/metrics/grpc_interceptor.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/interceptor.h>
#include <grpcpp/support/status.h>

#include <array>
#include <atomic>
#include <chrono>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"

namespace anju::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

constexpr int kCodes = 17;  // OK … UNAUTHENTICATED
// A client can name any method, and the interceptor sees the call before
// the server answers UNIMPLEMENTED. Names the binary has no descriptor of
// share one series (grpc_service="unknown"), so that random names cannot
// grow memory and the scrape without bound; the cap is a second fence.
constexpr size_t kMaxMethods = 512;

// "/pkg.Service/Method" is a method some service in this binary declares:
// its descriptor is in the generated pool (every anju.v1 service, server
// reflection), or it is gRPC's own health service, whose messages gRPC
// keeps outside that pool.
bool IsKnownMethod(absl::string_view path) {
  if (path == "/grpc.health.v1.Health/Check" ||
      path == "/grpc.health.v1.Health/Watch") {
    return true;
  }
  if (!absl::ConsumePrefix(&path, "/")) return false;
  const size_t slash = path.find('/');
  if (slash == absl::string_view::npos) return false;
  const std::string dotted =
      absl::StrCat(path.substr(0, slash), ".", path.substr(slash + 1));
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
             dotted) != nullptr;
}

const char* TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unknown";
}

// The series of one method, looked up once per method and then shared.
struct MethodSeries {
  std::vector<std::string> labels;  // grpc_type, grpc_service, grpc_method
  Counter* started = nullptr;
  Histogram* seconds = nullptr;
  std::array<std::atomic<Counter*>, kCodes> handled{};
};

class Families {
 public:
  explicit Families(Registry* registry)
      : started_(registry->MustAddCounter(
            "anju_grpc_server_started_total",
            "Total number of RPCs started on the server.",
            {"grpc_type", "grpc_service", "grpc_method"})),
        handled_(registry->MustAddCounter(
            "anju_grpc_server_handled_total",
            "Total number of RPCs completed on the server, regardless of "
            "success or failure.",
            {"grpc_type", "grpc_service", "grpc_method", "grpc_code"})),
        seconds_(registry->MustAddHistogram(
            "anju_grpc_server_handling_seconds",
            "Histogram of response latency (seconds) of gRPC that had been "
            "application-level handled by the server.",
            {"grpc_type", "grpc_service", "grpc_method"},
            DefaultLatencyBuckets())) {}

  MethodSeries* For(absl::string_view full_method, ServerRpcInfo::Type type) {
    const std::string key = absl::StrCat(TypeName(type), full_method);
    {
      absl::ReaderMutexLock lock(&mu_);
      auto it = methods_.find(key);
      if (it != methods_.end()) return it->second.get();
    }
    const bool known = IsKnownMethod(full_method);
    absl::MutexLock lock(&mu_);
    if (!known || methods_.size() >= kMaxMethods) return Unknown();
    auto& slot = methods_[key];
    if (slot == nullptr) slot = NewSeries(TypeName(type), full_method);
    return slot.get();
  }

  void Handled(MethodSeries* m, int code) {
    if (code < 0 || code >= kCodes) code = 2;  // UNKNOWN
    Counter* counter = m->handled[code].load(std::memory_order_acquire);
    if (counter == nullptr) {
      std::vector<std::string> labels = m->labels;
      labels.emplace_back(GrpcCodeName(code));
      counter = &handled_.WithLabels(labels);  // the same one on a race
      m->handled[code].store(counter, std::memory_order_release);
    }
    counter->Increment();
  }

 private:
  // "/anju.v1.ScoringService/Evaluate" → service, method.
  std::unique_ptr<MethodSeries> NewSeries(absl::string_view type,
                                          absl::string_view full_method) {
    absl::string_view path = full_method;
    absl::ConsumePrefix(&path, "/");
    const size_t slash = path.find('/');
    std::string service = "unknown", method(path);
    if (slash != absl::string_view::npos) {
      service = std::string(path.substr(0, slash));
      method = std::string(path.substr(slash + 1));
    }
    auto m = std::make_unique<MethodSeries>();
    m->labels = {std::string(type), service, method};
    m->started = &started_.WithLabels(m->labels);
    m->seconds = &seconds_.WithLabels(m->labels);
    return m;
  }

  MethodSeries* Unknown() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (unknown_ == nullptr)
      unknown_ = NewSeries("unknown", "/unknown/unknown");
    return unknown_.get();
  }

  CounterFamily& started_;
  CounterFamily& handled_;
  HistogramFamily& seconds_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> methods_
      ABSL_GUARDED_BY(mu_);
  std::unique_ptr<MethodSeries> unknown_ ABSL_GUARDED_BY(mu_);
};

class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(Families* families, MethodSeries* series)
      : families_(families),
        series_(series),
        start_(std::chrono::steady_clock::now()) {
    series_->started->Increment();
  }

  // A call that ends without the server sending a status (the client
  // cancelled, or the deadline passed, before the handler finished) is
  // still counted, as CANCELLED.
  ~MetricsInterceptor() override {
    if (!done_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (!done_ && methods->QueryInterceptionHookPoint(
                      InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(int code) {
    done_ = true;
    const std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start_;
    series_->seconds->Observe(elapsed.count());
    families_->Handled(series_, code);
  }

  Families* const families_;
  MethodSeries* const series_;
  const std::chrono::steady_clock::time_point start_;
  bool done_ = false;
};

class MetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactory(Registry* registry)
      : families_(registry) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override {
    const char* method = info->method() != nullptr ? info->method() : "";
    return new MetricsInterceptor(&families_,
                                  families_.For(method, info->type()));
  }

 private:
  Families families_;
};

}  // namespace

const char* GrpcCodeName(int code) {
  static constexpr const char* kNames[kCodes] = {"OK",
                                                 "Canceled",
                                                 "Unknown",
                                                 "InvalidArgument",
                                                 "DeadlineExceeded",
                                                 "NotFound",
                                                 "AlreadyExists",
                                                 "PermissionDenied",
                                                 "ResourceExhausted",
                                                 "FailedPrecondition",
                                                 "Aborted",
                                                 "OutOfRange",
                                                 "Unimplemented",
                                                 "Internal",
                                                 "Unavailable",
                                                 "DataLoss",
                                                 "Unauthenticated"};
  if (code < 0 || code >= kCodes) return "Unknown";
  return kNames[code];
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewGrpcMetricsInterceptorFactory(Registry* registry) {
  return std::make_unique<MetricsInterceptorFactory>(registry);
}

}  // namespace anju::metrics
