#include "tests/sinks/sinks.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

extern char** environ;

namespace anju::testing::sinks {
namespace {

namespace fs = std::filesystem;
using google::protobuf::Struct;
using google::protobuf::Value;

std::string ScriptPath(const std::string& name) {
  return absl::StrCat(ANJU_SOURCE_DIR, "/tests/sinks/", name);
}

absl::StatusOr<Struct> ParseJson(const std::string& text) {
  Struct out;
  auto status = google::protobuf::util::JsonStringToMessage(text, &out);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("sink record is not JSON: ", status.ToString()));
  }
  return out;
}

std::string Str(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}
int Int(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? 0
                                : static_cast<int>(it->second.number_value());
}
bool Bool(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it != s.fields().end() && it->second.bool_value();
}

absl::StatusOr<MailMessage> ToMail(const std::string& text) {
  absl::StatusOr<Struct> s = ParseJson(text);
  if (!s.ok()) return s.status();
  MailMessage m;
  m.seq = Int(*s, "seq");
  m.mail_from = Str(*s, "mail_from");
  for (const Value& v : s->fields().at("rcpt_tos").list_value().values()) {
    m.rcpt_tos.push_back(v.string_value());
  }
  absl::Base64Unescape(Str(*s, "raw_b64"), &m.raw);
  m.from = Str(*s, "from");
  m.to = Str(*s, "to");
  m.subject = Str(*s, "subject");
  m.message_id = Str(*s, "message_id");
  m.date = Str(*s, "date");
  m.content_type = Str(*s, "content_type");
  m.charset = Str(*s, "charset");
  m.transfer_encoding = Str(*s, "transfer_encoding");
  m.body = Str(*s, "body");
  m.max_line = Int(*s, "max_line");
  return m;
}

absl::StatusOr<WebhookRequest> ToRequest(const std::string& line) {
  absl::StatusOr<Struct> s = ParseJson(line);
  if (!s.ok()) return s.status();
  WebhookRequest r;
  r.seq = Int(*s, "seq");
  r.method = Str(*s, "method");
  r.path = Str(*s, "path");
  for (const auto& [name, value] :
       s->fields().at("headers").struct_value().fields()) {
    r.headers[name] = value.string_value();
  }
  r.body = Str(*s, "body");
  r.signature_ok = Bool(*s, "signature_ok");
  r.json_ok = Bool(*s, "json_ok");
  r.duplicate = Bool(*s, "duplicate");
  r.status = Int(*s, "status");
  return r;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Polls `count` until it reaches n or the timeout passes.
template <typename F>
void WaitFor(std::size_t n, absl::Duration timeout, F count) {
  const absl::Time deadline = absl::Now() + timeout;
  while (count() < n && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
}

}  // namespace

absl::Status SinkProcess::Start(const std::string& script,
                                std::vector<std::string> args) {
  std::string folder_template =
      (fs::temp_directory_path() / "anju-sink-XXXXXX").string();
  if (mkdtemp(folder_template.data()) == nullptr) {
    return absl::InternalError("mkdtemp failed");
  }
  folder_ = folder_template;
  for (std::string& arg : args) {
    if (arg.rfind("FOLDER", 0) == 0) arg = folder_ + arg.substr(6);
  }
  args.insert(args.begin(), script);
  // argv built before fork: the child of a threaded process may only make
  // async-signal-safe calls.
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) return absl::InternalError("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execve(argv[0], argv.data(), environ);
    _exit(127);
  }
  close(out[1]);
  stdout_fd_ = out[0];
  std::string line;
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (line.find('\n') == std::string::npos && absl::Now() < deadline) {
    pollfd fd{stdout_fd_, POLLIN, 0};
    if (poll(&fd, 1, 200) <= 0) continue;
    char buffer[256];
    const ssize_t n = read(stdout_fd_, buffer, sizeof buffer);
    if (n <= 0) break;  // it exited
    line.append(buffer, n);
  }
  if (!absl::SimpleAtoi(line.substr(0, line.find('\n')), &port_) ||
      port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat(script, " did not print its port (got \"", line, "\")"));
  }
  return absl::OkStatus();
}

SinkProcess::~SinkProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    const absl::Time deadline = absl::Now() + absl::Seconds(5);
    while (waitpid(pid_, nullptr, WNOHANG) != pid_) {
      if (absl::Now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        break;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  std::error_code ignored;
  if (!folder_.empty()) fs::remove_all(folder_, ignored);
}

absl::StatusOr<std::unique_ptr<SmtpSink>> SmtpSink::Start(
    SmtpSinkOptions options) {
  std::unique_ptr<SmtpSink> sink(new SmtpSink());
  std::vector<std::string> args = {"--dir", "FOLDER/mail"};
  for (const std::string& fail : options.fail) {
    args.push_back("--fail");
    args.push_back(fail);
  }
  if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
  if (absl::Status s =
          sink->SinkProcess::Start(ScriptPath("smtp_sink.py"), std::move(args));
      !s.ok()) {
    return s;
  }
  return sink;
}

std::string SmtpSink::url() const {
  return absl::StrCat("smtp://127.0.0.1:", port());
}

absl::StatusOr<std::vector<MailMessage>> SmtpSink::Messages() const {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder() + "/mail", error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // NNNNNN.json: arrival order
  std::vector<MailMessage> messages;
  for (const fs::path& file : files) {
    absl::StatusOr<MailMessage> m = ToMail(ReadAll(file));
    if (!m.ok()) return m.status();
    messages.push_back(std::move(*m));
  }
  return messages;
}

absl::StatusOr<std::vector<MailMessage>> SmtpSink::WaitForMessages(
    std::size_t n, absl::Duration timeout) const {
  WaitFor(n, timeout, [this] {
    std::error_code error;
    std::size_t count = 0;
    for (const auto& entry :
         fs::directory_iterator(folder() + "/mail", error)) {
      count += entry.path().extension() == ".json";
    }
    return count;
  });
  return Messages();
}

absl::StatusOr<std::unique_ptr<WebhookReceiver>> WebhookReceiver::Start(
    WebhookReceiverOptions options) {
  std::unique_ptr<WebhookReceiver> receiver(new WebhookReceiver());
  std::vector<std::string> args = {"--log", "FOLDER/requests.jsonl"};
  if (!options.secret.empty())
    args.insert(args.end(), {"--secret", options.secret});
  if (options.fail_first > 0) {
    args.insert(args.end(), {"--fail-first", absl::StrCat(options.fail_first)});
  }
  if (options.always != 0) {
    args.insert(args.end(), {"--always", absl::StrCat(options.always)});
  }
  if (options.delay_seconds > 0) {
    args.insert(args.end(), {"--delay", absl::StrCat(options.delay_seconds)});
  }
  if (absl::Status s = receiver->SinkProcess::Start(
          ScriptPath("webhook_receiver.py"), std::move(args));
      !s.ok()) {
    return s;
  }
  return receiver;
}

std::string WebhookReceiver::url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port(), path);
}

absl::StatusOr<std::vector<WebhookRequest>> WebhookReceiver::Requests() const {
  std::vector<WebhookRequest> requests;
  const std::string log = ReadAll(folder() + "/requests.jsonl");
  for (absl::string_view line : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    absl::StatusOr<WebhookRequest> r = ToRequest(std::string(line));
    if (!r.ok()) return r.status();
    requests.push_back(std::move(*r));
  }
  return requests;
}

absl::StatusOr<std::vector<WebhookRequest>> WebhookReceiver::WaitForRequests(
    std::size_t n, absl::Duration timeout) const {
  WaitFor(n, timeout, [this] {
    const std::string log = ReadAll(folder() + "/requests.jsonl");
    return static_cast<std::size_t>(std::count(log.begin(), log.end(), '\n'));
  });
  return Requests();
}

}  // namespace anju::testing::sinks
