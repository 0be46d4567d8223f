#ifndef ANJU_COMMON_WORKER_POOL_H_
#define ANJU_COMMON_WORKER_POOL_H_

// The service's own threads. gRPC's callback reactions must not block, and
// the stateful services' handlers do (SQLite with fsync on commit, calls to
// other services), so a reaction posts its work here and a worker finishes
// the RPC. Work runs in order of arrival. Destroying the pool still runs
// everything queued (each item must finish its RPC), then joins.
//
// The queue length is exported as anju_worker_queue_depth{service}.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/metrics/registry.h"

namespace anju::common {

class WorkerPool {
 public:
  // At least one thread, whatever `threads` says.
  WorkerPool(int threads, absl::string_view service);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> work);

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  metrics::Gauge& depth_;
  std::vector<std::thread> threads_;
};

}  // namespace anju::common

#endif  // ANJU_COMMON_WORKER_POOL_H_
