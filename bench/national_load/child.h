#ifndef ANJU_BENCH_NATIONAL_LOAD_CHILD_H_
#define ANJU_BENCH_NATIONAL_LOAD_CHILD_H_

// A server run as a child process with its stderr and stdout in a log file
// (a file never fills up and blocks the server the way an unread pipe
// does), and its peak memory read from /proc.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace anju::bench {

class Child {
 public:
  // Starts `argv` (argv[0] a path) with its output in `log_file`.
  static absl::StatusOr<Child> Start(const std::vector<std::string>& argv,
                                     const std::string& log_file);
  Child(Child&& other) noexcept;
  Child& operator=(Child&&) = delete;
  ~Child();  // SIGKILL if still running

  // Waits until a line of the log contains `needle`; returns the line.
  // DEADLINE_EXCEEDED on timeout, UNAVAILABLE when the child exited,
  // both with the log's tail.
  absl::StatusOr<std::string> WaitForLine(const std::string& needle,
                                          std::chrono::seconds timeout) const;
  // The port of the JSON log line {"msg":"listening",…,"port":N}.
  absl::StatusOr<int> WaitForListeningPort() const;

  // VmHWM and VmRSS of /proc/<pid>/status in KiB; -1 when unreadable.
  int64_t PeakRssKib() const;
  int64_t RssKib() const;

  // SIGTERM, then waits; the exit status (128 + signal when killed).
  int Stop(std::chrono::seconds timeout = std::chrono::seconds(20));

  pid_t pid() const { return pid_; }
  std::string LogTail() const;

 private:
  Child(pid_t pid, std::string log_file)
      : pid_(pid), log_file_(std::move(log_file)) {}
  bool Exited() const;

  pid_t pid_ = -1;
  std::string log_file_;
};

// A TCP port of 127.0.0.1 that was free a moment ago (for redis-server,
// which cannot report the port the kernel picked).
absl::StatusOr<int> FreePort();

// VmHWM/VmRSS of any process, KiB; -1 when unreadable.
int64_t ProcStatusKib(pid_t pid, const char* field);

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_CHILD_H_
