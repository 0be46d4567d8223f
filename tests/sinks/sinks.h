// Test receivers for notification delivery, as child processes: a real SMTP
// server (smtp_sink.py, aiosmtpd) and a webhook receiver that checks the
// HMAC signature (webhook_receiver.py). Each listens on 127.0.0.1 on a port
// the kernel picks, keeps what it received in a temporary folder (removed
// with the object) and is stopped with SIGTERM when destroyed. See
// README.md in this folder.
#ifndef ANJU_TESTS_SINKS_SINKS_H_
#define ANJU_TESTS_SINKS_SINKS_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace anju::testing::sinks {

// One accepted e-mail, decoded by Python's email package.
struct MailMessage {
  int seq = 0;                        // 1, 2, … in arrival order
  std::string mail_from;              // envelope
  std::vector<std::string> rcpt_tos;  // envelope, accepted recipients
  std::string raw;                    // the DATA bytes
  std::string from, to, subject;      // headers, RFC 2047 decoded
  std::string message_id, date;       // headers as sent
  std::string content_type, charset, transfer_encoding;
  std::string body;  // decoded text, line ends as sent (CRLF for ours)
  int max_line = 0;  // longest raw line without its CRLF
};

// One request the webhook receiver got.
struct WebhookRequest {
  int seq = 0;
  std::string method, path;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  bool signature_ok = false;  // always true when started without a secret
  bool json_ok = false;       // the body is a JSON object
  bool duplicate = false;     // its Idempotency-Key was accepted before
  int status = 0;             // what the receiver answered
};

// A child process that prints its port on the first line of stdout.
class SinkProcess {
 public:
  ~SinkProcess();  // SIGTERM, then SIGKILL after 5 s; removes the folder
  SinkProcess(const SinkProcess&) = delete;
  SinkProcess& operator=(const SinkProcess&) = delete;

  int port() const { return port_; }
  const std::string& folder() const { return folder_; }

 protected:
  SinkProcess() = default;
  // Makes the folder, runs `script` with args (FOLDER in them replaced by
  // the folder), waits up to 15 s for the port.
  absl::Status Start(const std::string& script, std::vector<std::string> args);

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  std::string folder_;
};

struct SmtpSinkOptions {
  // "REGEX=CODE": RCPT TO of a matching address is answered with CODE
  // (421 450 451 452 550 551 552 553), e.g. "later@.*=451".
  std::vector<std::string> fail;
  // "user:password": SMTP AUTH required with these (535 wrong, 530 none).
  std::string auth;
};

class SmtpSink : public SinkProcess {
 public:
  static absl::StatusOr<std::unique_ptr<SmtpSink>> Start(
      SmtpSinkOptions options = {});

  std::string url() const;  // "smtp://127.0.0.1:PORT"
  // Every message stored so far, by seq.
  absl::StatusOr<std::vector<MailMessage>> Messages() const;
  // Waits until at least n are stored (or the timeout), then Messages().
  absl::StatusOr<std::vector<MailMessage>> WaitForMessages(
      std::size_t n, absl::Duration timeout = absl::Seconds(10)) const;
};

struct WebhookReceiverOptions {
  std::string secret;        // empty: signatures are not checked
  int fail_first = 0;        // answer 500 to the first N requests
  int always = 0;            // nonzero: answer this status to every request
  double delay_seconds = 0;  // sleep before answering
};

class WebhookReceiver : public SinkProcess {
 public:
  static absl::StatusOr<std::unique_ptr<WebhookReceiver>> Start(
      WebhookReceiverOptions options = {});

  std::string url(const std::string& path = "/hook") const;
  absl::StatusOr<std::vector<WebhookRequest>> Requests() const;
  absl::StatusOr<std::vector<WebhookRequest>> WaitForRequests(
      std::size_t n, absl::Duration timeout = absl::Seconds(10)) const;
};

}  // namespace anju::testing::sinks

#endif  // ANJU_TESTS_SINKS_SINKS_H_
