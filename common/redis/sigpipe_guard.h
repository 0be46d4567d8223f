#ifndef ANJU_COMMON_REDIS_SIGPIPE_GUARD_H_
#define ANJU_COMMON_REDIS_SIGPIPE_GUARD_H_

// hiredis writes with write(), which raises SIGPIPE when Redis has closed
// the connection; by default SIGPIPE kills the process. Rather than change
// the signal handling of the whole process, a guard (as libpq does) blocks
// SIGPIPE in the writing thread and discards one that the write raised; the
// write then fails with EPIPE like any other I/O error.

#include <signal.h>

namespace anju::redis {

class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_mask_;
  // A SIGPIPE pending before the write is not ours to discard.
  bool was_pending_ = false;
};

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_SIGPIPE_GUARD_H_
