#ifndef ANJU_COMMON_SIGNALS_H_
#define ANJU_COMMON_SIGNALS_H_

// SIGTERM (Kubernetes, systemd) and SIGINT (Ctrl-C) stop a server cleanly:
// the handler only writes to a pipe, and the main thread, blocked reading
// it, runs the shutdown outside signal context.

namespace anju::common {

// Call early in main, before the server starts, so that a signal arriving
// during start-up is not lost. Idempotent.
void InstallTerminationHandlers();

// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace anju::common

#endif  // ANJU_COMMON_SIGNALS_H_
