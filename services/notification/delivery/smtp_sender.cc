// E-mail over SMTP (邮件提醒): one message per notice, composed by
// mail_format, carried by libcurl.
#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/notification/delivery/crypto.h"
#include "services/notification/delivery/curl_handles.h"
#include "services/notification/delivery/mail_format.h"
#include "services/notification/delivery/outcome.h"
#include "services/notification/delivery/senders.h"

namespace anju::notification {
namespace {

constexpr std::size_t kReplyCap = 512;

// The message being uploaded after DATA.
struct Upload {
  absl::string_view rest;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

// The server's replies arrive as "header in" lines. The one that ended the
// transaction (e.g. "550 5.1.1 no such user") may be followed by "221 Bye",
// so keep the last few and pick by the reply code afterwards.
struct Replies {
  std::deque<std::string> last;
};

int KeepReply(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* replies = static_cast<Replies*>(user);
  std::string reply;
  AppendCapped(&reply, absl::string_view(data, size), kReplyCap);
  replies->last.push_back(std::move(reply));
  if (replies->last.size() > 8) replies->last.pop_front();
  return 0;
}

// The last reply that carries `code`, else the last one.
std::string ReplyFor(const Replies& replies, long code) {
  const std::string prefix = absl::StrCat(code);
  for (auto it = replies.last.rbegin(); it != replies.last.rend(); ++it) {
    if (absl::StartsWith(*it, prefix)) return *it;
  }
  return replies.last.empty() ? "" : replies.last.back();
}

// The Message-ID's right side: a host name, nothing that could end the
// header or the id.
absl::Status CheckDomain(absl::string_view domain) {
  const bool ok =
      !domain.empty() && domain.size() <= 253 &&
      std::all_of(domain.begin(), domain.end(), [](char c) {
        return absl::ascii_isalnum(c) || c == '.' || c == '-' || c == '_';
      });
  if (ok) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "smtp.message_id_domain: 须为主机名 (got \"", domain, "\")"));
}

class SmtpSender : public Sender {
 public:
  explicit SmtpSender(SmtpSettings settings)
      : settings_(std::move(settings)),
        from_(ParseMailbox("smtp.from", settings_.from)),
        domain_ok_(CheckDomain(settings_.message_id_domain)),
        pool_(settings_.timeout) {}

  absl::Status Send(const Notice& notice) override {
    // Settings are checked when the service loads its configuration; a bad
    // one here is the operator's to fix, not worth retrying.
    if (!from_.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("SMTP 发件人设置无效: ", from_.status().message()));
    }
    if (!domain_ok_.ok()) return domain_ok_;
    MailEnvelope envelope{
        *from_, MessageIdFor(notice, settings_.message_id_domain), absl::Now()};
    absl::StatusOr<std::string> mail = ComposeMail(notice, envelope);
    if (!mail.ok()) return mail.status();
    EasyHandle easy = pool_.Take();
    if (easy == nullptr) return absl::ResourceExhaustedError("curl 初始化失败");
    Attempt attempt = Transfer(easy.get(), notice.address, *mail);
    pool_.Give(std::move(easy));
    return SmtpOutcome(attempt);
  }

 private:
  Attempt Transfer(CURL* easy, const std::string& to, const std::string& mail) {
    const std::string mail_from = absl::StrCat("<", from_->address, ">");
    Slist rcpt(curl_slist_append(nullptr, absl::StrCat("<", to, ">").c_str()));
    Upload upload{mail};
    Attempt attempt;
    Replies replies;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(easy, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(easy, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE,
                     static_cast<curl_off_t>(mail.size()));
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &ReadMessage);
    curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
    // The debug callback is how libcurl shows the server's reply text.
    curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, &KeepReply);
    curl_easy_setopt(easy, CURLOPT_DEBUGDATA, &replies);
    if (!settings_.username.empty()) {
      curl_easy_setopt(easy, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(easy, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_USE_SSL,
                     settings_.require_tls
                         ? static_cast<long>(CURLUSESSL_ALL)
                         : static_cast<long>(CURLUSESSL_NONE));
    attempt.result = curl_easy_perform(easy);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &attempt.reply_code);
    attempt.reply = ReplyFor(replies, attempt.reply_code);
    attempt.curl_error = error;
    return attempt;
  }

  const SmtpSettings settings_;
  const absl::StatusOr<Mailbox> from_;
  const absl::Status domain_ok_;
  EasyPool pool_;
};

}  // namespace

std::unique_ptr<Sender> NewSmtpSender(SmtpSettings settings) {
  return std::make_unique<SmtpSender>(std::move(settings));
}

std::string MessageIdFor(const Notice& notice, absl::string_view domain) {
  return absl::StrCat("<", Sha256Hex(notice.idempotency_key).substr(0, 32), "@",
                      domain, ">");
}

}  // namespace anju::notification
