#include "tests/redis/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/redis/redis_connection.h"
#include "gtest/gtest.h"

namespace anju::redis {
namespace {

constexpr absl::Duration kStartTimeout = absl::Seconds(15);
constexpr absl::Duration kStopTimeout = absl::Seconds(15);
// Another process may take the free port before redis-server binds it.
constexpr int kStartAttempts = 5;

// redis-server has no "--port 0" for TCP: ask the kernel for a free port
// and release it for redis-server to bind.
absl::StatusOr<int> FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(addr);
  const bool ok =
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
  close(fd);
  if (!ok) return absl::InternalError("bind() to 127.0.0.1:0 failed");
  return ntohs(addr.sin_port);
}

absl::StatusOr<std::string> MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "anju-redis-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("mkdtemp failed");
  }
  return pattern;
}

}  // namespace

bool RedisServer::Installed() { return access(kBinary, X_OK) == 0; }

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(
    RedisServerOptions options) {
  absl::StatusOr<std::string> dir = MakeTempDir();
  if (!dir.ok()) return dir.status();
  const bool tcp = options.tcp;
  std::unique_ptr<RedisServer> server(
      new RedisServer(*std::move(dir), std::move(options)));
  if (!tcp) {
    if (absl::Status s = server->Launch(); !s.ok()) return s;
    return server;
  }
  absl::Status status;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    absl::StatusOr<int> port = FreePort();
    if (!port.ok()) return port.status();
    server->port_ = *port;
    status = server->Launch();
    if (status.ok()) return server;
  }
  return status;
}

RedisServer::~RedisServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status RedisServer::Launch() {
  std::vector<std::string> args = {kBinary,
                                   "--port",
                                   absl::StrCat(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--unixsocket",
                                   dir_ + "/redis.sock",
                                   "--unixsocketperm",
                                   "700",
                                   "--dir",
                                   dir_,
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "no",
                                   "--daemonize",
                                   "no",
                                   "--logfile",
                                   dir_ + "/redis.log"};
  args.insert(args.end(), options_.extra_args.begin(),
              options_.extra_args.end());
  // Built before fork: between fork and exec the child may not allocate.
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    execv(kBinary, argv.data());
    _exit(127);
  }
  pid_ = pid;
  return WaitReady();
}

absl::Status RedisServer::WaitReady() {
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (absl::Now() < deadline) {
    int wstatus = 0;
    if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError(
          absl::StrCat("redis-server on port ", port_, " exited: ", LogTail()));
    }
    if ((!options_.tcp || Answers(TcpOptions())) && Answers(UnixOptions())) {
      return absl::OkStatus();
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat(
      "redis-server on port ", port_, " did not answer: ", LogTail()));
}

bool RedisServer::Answers(const RedisOptions& options) const {
  absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
      RedisConnection::Open(options);
  if (!connection.ok()) return false;
  absl::StatusOr<RedisReply> reply =
      (*connection)->Command({"PING"}, absl::Now() + options.command_timeout);
  // NOAUTH (a server with a password) answers too; LOADING is not ready.
  return reply.ok() && !absl::StartsWith(reply->text, "LOADING");
}

absl::Status RedisServer::Stop() {
  if (pid_ <= 0) return absl::OkStatus();
  kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + kStopTimeout;
  while (waitpid(pid_, nullptr, WNOHANG) != pid_) {
    if (absl::Now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
      return absl::DeadlineExceededError("redis-server ignored SIGTERM");
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  pid_ = -1;
  return absl::OkStatus();
}

absl::Status RedisServer::Restart() {
  if (absl::Status s = Stop(); !s.ok()) return s;
  return Launch();
}

RedisOptions RedisServer::TcpOptions() const {
  RedisOptions options;
  options.host = "127.0.0.1";
  options.port = port_;
  options.connect_timeout = absl::Milliseconds(500);
  options.command_timeout = absl::Milliseconds(500);
  return options;
}

RedisOptions RedisServer::UnixOptions() const {
  RedisOptions options = TcpOptions();
  options.unix_socket = dir_ + "/redis.sock";
  return options;
}

std::string RedisServer::LogTail() const {
  std::ifstream log(dir_ + "/redis.log");
  std::stringstream text;
  text << log.rdbuf();
  const std::string all = text.str();
  return all.size() > 600 ? all.substr(all.size() - 600) : all;
}

}  // namespace anju::redis
