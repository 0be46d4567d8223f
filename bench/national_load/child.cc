#include "bench/national_load/child.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace anju::bench {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<Child> Child::Start(const std::vector<std::string>& argv,
                                   const std::string& log_file) {
  // Built before fork: between fork and exec only async-signal-safe calls.
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int fd =
      open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return absl::InternalError(absl::StrCat("cannot open ", log_file));
  const pid_t pid = fork();
  if (pid < 0) {
    close(fd);
    return absl::InternalError("fork failed");
  }
  if (pid == 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fd);
  return Child(pid, log_file);
}

Child::Child(Child&& other) noexcept
    : pid_(other.pid_), log_file_(std::move(other.log_file_)) {
  other.pid_ = -1;
}

Child::~Child() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool Child::Exited() const {
  // A zombie is still a process: look at its state, do not reap it here.
  const std::string stat = ReadFile(absl::StrCat("/proc/", pid_, "/stat"));
  const size_t paren = stat.rfind(')');
  return stat.empty() || (paren != std::string::npos &&
                          paren + 2 < stat.size() && stat[paren + 2] == 'Z');
}

std::string Child::LogTail() const {
  const std::string log = ReadFile(log_file_);
  return log.size() <= 2000 ? log : log.substr(log.size() - 2000);
}

absl::StatusOr<std::string> Child::WaitForLine(
    const std::string& needle, std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const std::string log = ReadFile(log_file_);
    const size_t at = log.find(needle);
    if (at != std::string::npos) {
      const size_t begin = log.rfind('\n', at);
      const size_t end = log.find('\n', at);
      return log.substr(begin == std::string::npos ? 0 : begin + 1,
                        end == std::string::npos ? end : end - begin - 1);
    }
    if (Exited()) {
      return absl::UnavailableError(
          absl::StrCat(log_file_, ": exited before '", needle, "':\n", log));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat(log_file_, ": no '", needle, "' in time:\n", LogTail()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

absl::StatusOr<int> Child::WaitForListeningPort() const {
  auto line = WaitForLine("\"msg\":\"listening\"", std::chrono::seconds(60));
  if (!line.ok()) return line.status();
  const std::string key = "\"port\":";
  const size_t at = line->find(key);
  int port = 0;
  if (at != std::string::npos) {
    const size_t start = at + key.size();
    const size_t end = line->find_first_not_of("0123456789", start);
    if (!absl::SimpleAtoi(line->substr(start, end - start), &port)) port = 0;
  }
  if (port <= 0) {
    return absl::InternalError(absl::StrCat("no port in: ", *line));
  }
  return port;
}

int64_t ProcStatusKib(pid_t pid, const char* field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  const std::string key = absl::StrCat(field, ":");
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    int64_t kib = -1;
    std::istringstream(line.substr(key.size())) >> kib;
    return kib;
  }
  return -1;
}

int64_t Child::PeakRssKib() const { return ProcStatusKib(pid_, "VmHWM"); }
int64_t Child::RssKib() const { return ProcStatusKib(pid_, "VmRSS"); }

int Child::Stop(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

absl::StatusOr<int> FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  if (port == 0) return absl::InternalError("no free port");
  return port;
}

}  // namespace anju::bench
