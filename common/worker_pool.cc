#include "common/worker_pool.h"

#include <string>
#include <utility>

namespace anju::common {

namespace {

metrics::Gauge& QueueDepth(absl::string_view service) {
  return metrics::DefaultRegistry()
      .MustAddGauge("anju_worker_queue_depth",
                    "Calls waiting for a worker thread.", {"service"})
      .WithLabels({std::string(service)});
}

}  // namespace

WorkerPool::WorkerPool(int threads, absl::string_view service)
    : depth_(QueueDepth(service)) {
  for (int i = 0; i < (threads < 1 ? 1 : threads); ++i) {
    threads_.emplace_back([this] { Run(); });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::Post(std::function<void()> work) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(work));
  }
  depth_.Add(1);
  ready_.notify_one();
}

void WorkerPool::Run() {
  while (true) {
    std::function<void()> work;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    depth_.Sub(1);
    work();
  }
}

}  // namespace anju::common
