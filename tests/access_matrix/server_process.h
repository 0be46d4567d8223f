#ifndef ANJU_TESTS_ACCESS_MATRIX_SERVER_PROCESS_H_
#define ANJU_TESTS_ACCESS_MATRIX_SERVER_PROCESS_H_

// A built server binary run as a child process on `--listen 127.0.0.1:0`,
// its stderr (the JSON log lines) going to a file the test reads at any
// time: the port from the "listening" line, and later the "access denied"
// lines of the audit.

#include <sys/types.h>

#include <string>
#include <vector>

namespace anju::access_matrix {

class ServerProcess {
 public:
  // Starts `binary` with `--listen 127.0.0.1:0` and `args`, logging to
  // `log_path`, and waits up to 20 s for its "listening" line.
  ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                std::string log_path);
  ~ServerProcess();  // Terminate(), then waits for the exit
  // Sends SIGTERM without waiting, so that several servers stop together.
  void Terminate();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }  // 0: it never said it listens
  std::string address() const;        // "127.0.0.1:PORT"
  // Everything it has logged so far.
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  const std::string log_path_;
};

}  // namespace anju::access_matrix

#endif  // ANJU_TESTS_ACCESS_MATRIX_SERVER_PROCESS_H_
