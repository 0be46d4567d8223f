#ifndef ANJU_TESTS_CLI_SUBPROCESS_H_
#define ANJU_TESTS_CLI_SUBPROCESS_H_

// Running the built binaries from tests: anjuctl as a command, and
// anju-scoring as a server on a port the kernel picks.

#include <sys/types.h>

#include <string>
#include <thread>
#include <vector>

namespace anju::cli::testing {

struct Result {
  int exit_code = -1;  // -1 if the process did not exit normally
  std::string out;
  std::string err;
};

// Runs argv[0] with the given arguments (no shell), `env` entries
// ("NAME=value") added to the environment, and waits for it.
Result RunProcess(const std::vector<std::string>& argv,
                  const std::vector<std::string>& env = {});

// A server started with `--listen 127.0.0.1:0`; the port is read from its
// JSON log line {"msg":"listening",…,"port":N} on stderr. Stopped with
// SIGTERM when destroyed.
class Server {
 public:
  // `args` follow `--listen 127.0.0.1:0`.
  explicit Server(const std::string& binary,
                  const std::vector<std::string>& args = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }  // 0 if it never said it listens
  const std::string& log() const { return log_; }

 private:
  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  int port_ = 0;
  std::string log_;    // what it logged before listening
  std::thread drain_;  // keeps reading stderr so the server never blocks
};

}  // namespace anju::cli::testing

#endif  // ANJU_TESTS_CLI_SUBPROCESS_H_
