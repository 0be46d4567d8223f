#ifndef ANJU_SERVICES_NOTIFICATION_WORKER_POOL_H_
#define ANJU_SERVICES_NOTIFICATION_WORKER_POOL_H_

// A fixed set of threads running queued work in order of arrival: the
// handlers' blocking work (SQLite, calls to the submission service) never
// runs on gRPC's callback threads. On destruction every queued item still
// runs (each must finish its RPC), then the threads stop.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace anju::notification {

class WorkerPool {
 public:
  explicit WorkerPool(int threads) {
    for (int i = 0; i < (threads < 1 ? 1 : threads); ++i) {
      threads_.emplace_back([this] { Run(); });
    }
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }
  void Post(std::function<void()> work) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(work));
    }
    ready_.notify_one();
  }

 private:
  void Run() {
    while (true) {
      std::function<void()> work;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        work = std::move(queue_.front());
        queue_.pop_front();
      }
      work();
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_WORKER_POOL_H_
