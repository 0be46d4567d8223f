#include "common/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace anju::common {
namespace {

int pipe_fds[2] = {-1, -1};
std::once_flag install_once;

// Async-signal-safe: write() only, errno preserved.
void OnTerminationSignal(int signo) {
  const int saved_errno = errno;
  const unsigned char byte = static_cast<unsigned char>(signo);
  [[maybe_unused]] ssize_t n = write(pipe_fds[1], &byte, 1);
  errno = saved_errno;
}

void Install() {
  if (pipe(pipe_fds) != 0) {
    // Out of file descriptors before the server even started.
    std::perror("anju: cannot create the signal pipe");
    std::abort();
  }
  fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(pipe_fds[1], F_SETFD, FD_CLOEXEC);
  // A full pipe must not block the handler: one pending byte is enough.
  fcntl(pipe_fds[1], F_SETFL, O_NONBLOCK);
  struct sigaction action = {};
  action.sa_handler = OnTerminationSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

}  // namespace

void InstallTerminationHandlers() { std::call_once(install_once, Install); }

int WaitForTerminationSignal() {
  InstallTerminationHandlers();
  unsigned char byte = 0;
  while (true) {
    const ssize_t n = read(pipe_fds[0], &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && errno == EINTR) continue;
    // The pipe is ours and never closed, so this should not happen; stop
    // the server rather than spin on a broken pipe.
    return SIGTERM;
  }
}

}  // namespace anju::common
