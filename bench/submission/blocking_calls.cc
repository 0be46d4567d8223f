#include "bench/submission/blocking_calls.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace anju::bench {
namespace {

// A thread that runs one slot's calls one after another. Destroyed when the
// closed loop drops the slot, after the slot's last callback has run.
class SlotThread {
 public:
  explicit SlotThread(BlockingCall call)
      : call_(std::move(call)), thread_([this] { Loop(); }) {}

  ~SlotThread() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void Start(DoneFn done) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_ = std::move(done);
    }
    cv_.notify_one();
  }

 private:
  void Loop() {
    while (true) {
      DoneFn done;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || pending_ != nullptr; });
        if (pending_ == nullptr) return;
        done = std::move(pending_);
        pending_ = nullptr;
      }
      done(call_());
    }
  }

  BlockingCall call_;
  std::mutex mu_;
  std::condition_variable cv_;
  DoneFn pending_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace

StartCallFactory OnOwnThreads(BlockingCallFactory factory) {
  return [factory = std::move(factory)]() -> StartCall {
    auto slot = std::make_shared<SlotThread>(factory());
    // The context's deadline is for RPCs the loop starts itself; blocking
    // calls set their own.
    return [slot](grpc::ClientContext*, DoneFn done) {
      slot->Start(std::move(done));
    };
  };
}

}  // namespace anju::bench
