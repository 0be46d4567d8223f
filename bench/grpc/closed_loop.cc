#include "bench/grpc/closed_loop.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace anju::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Counts slots still running; the loop waits for it to reach zero.
class Latch {
 public:
  explicit Latch(int count) : count_(count) {}
  void CountDown() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--count_ == 0) cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return count_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_;
};

// One outstanding call at a time. Its calls are sequential (the next starts
// in the previous one's callback), so its counters need no lock: gRPC orders
// a call's start before its callback.
class Slot {
 public:
  Slot(StartCall start, const LoopOptions& options, Clock::time_point end,
       Latch* latch)
      : start_(std::move(start)), options_(options), end_(end), latch_(latch) {}

  void Start() {
    context_ = std::make_unique<grpc::ClientContext>();
    began_ = Clock::now();
    // gRPC takes deadlines on the system clock only.
    context_->set_deadline(std::chrono::system_clock::now() +
                           options_.deadline);
    start_(context_.get(), [this](grpc::Status status) { OnDone(status); });
  }

  void AddTo(LoopResult* result) const {
    result->calls += calls_;
    result->errors += errors_;
    if (result->first_error.empty()) result->first_error = first_error_;
    result->latency.Merge(latency_);
  }

  Clock::time_point last_done() const { return last_done_; }

 private:
  void OnDone(const grpc::Status& status) {
    last_done_ = Clock::now();
    ++calls_;
    if (status.ok()) {
      latency_.Record((last_done_ - began_).count());
    } else if (errors_++ == 0) {
      first_error_ =
          std::to_string(status.error_code()) + " " + status.error_message();
    }
    if (last_done_ < end_) {
      Start();
    } else {
      latch_->CountDown();
    }
  }

  StartCall start_;
  const LoopOptions& options_;
  const Clock::time_point end_;
  Latch* const latch_;
  std::unique_ptr<grpc::ClientContext> context_;
  Clock::time_point began_;
  Clock::time_point last_done_;
  int64_t calls_ = 0;
  int64_t errors_ = 0;
  std::string first_error_;
  LatencyHistogram latency_;
};

}  // namespace

double LoopResult::CallsPerSecond() const {
  if (elapsed.count() <= 0) return 0;
  return static_cast<double>(calls - errors) * 1e9 /
         static_cast<double>(elapsed.count());
}

namespace {

double MicrosPerCall(int64_t cpu_nanos, int64_t calls) {
  if (cpu_nanos < 0 || calls <= 0) return -1;
  return static_cast<double>(cpu_nanos) / 1e3 / static_cast<double>(calls);
}

}  // namespace

double LoopResult::ClientCpuMicrosPerCall() const {
  return MicrosPerCall(client_cpu_nanos, calls);
}

double LoopResult::ServerCpuMicrosPerCall() const {
  return MicrosPerCall(server_cpu_nanos, calls);
}

void LoopResult::Add(const LoopResult& other) {
  calls += other.calls;
  client_cpu_nanos += other.client_cpu_nanos;
  // Unknown stays unknown.
  server_cpu_nanos = server_cpu_nanos < 0 || other.server_cpu_nanos < 0
                         ? -1
                         : server_cpu_nanos + other.server_cpu_nanos;
  errors += other.errors;
  if (first_error.empty()) first_error = other.first_error;
  elapsed += other.elapsed;
  latency.Merge(other.latency);
}

LoopResult RunClosedLoop(const StartCallFactory& factory,
                         const LoopOptions& options) {
  Latch latch(options.in_flight);
  const Clock::time_point begin = Clock::now();
  const Clock::time_point end = begin + options.duration;
  std::vector<std::unique_ptr<Slot>> slots;
  for (int i = 0; i < options.in_flight; ++i) {
    slots.push_back(std::make_unique<Slot>(factory(), options, end, &latch));
  }
  for (auto& slot : slots) slot->Start();
  latch.Wait();

  LoopResult result;
  Clock::time_point last = begin;
  for (const auto& slot : slots) {
    slot->AddTo(&result);
    if (slot->last_done() > last) last = slot->last_done();
  }
  result.elapsed = last - begin;
  return result;
}

}  // namespace anju::bench
