#include "services/notification/delivery/outcome.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/text.h"

namespace anju::notification {
namespace {

// What the server said, for last_error: its reply if any, else libcurl's.
std::string Said(const Attempt& attempt) {
  std::string said =
      common::Preview(absl::StripTrailingAsciiWhitespace(attempt.reply), 300);
  if (said.empty()) said = attempt.curl_error;
  if (said.empty()) said = curl_easy_strerror(attempt.result);
  return said;
}

// A transport failure, before or without a usable reply code.
absl::Status NetworkOutcome(const Attempt& attempt, absl::string_view what) {
  const std::string said = Said(attempt);
  switch (attempt.result) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(absl::StrCat(what, " 超时: ", said));
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_AGAIN:
      return absl::UnavailableError(absl::StrCat(what, " 无法投递: ", said));
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return absl::InvalidArgumentError(
          absl::StrCat(what, " 地址无效: ", said));
    default:
      // Certificates, TLS required but refused, login denied: a setting to
      // fix, not a moment to wait for.
      return absl::FailedPreconditionError(
          absl::StrCat(what, " 投递失败: ", said));
  }
}

}  // namespace

absl::Status SmtpOutcome(const Attempt& attempt) {
  const long code = attempt.reply_code;
  if (attempt.result == CURLE_OK && (code == 0 || code < 400)) {
    return absl::OkStatus();
  }
  if (code >= 400 && code < 500) {
    return absl::UnavailableError(
        absl::StrCat("SMTP 暂时拒收 (", code, "): ", Said(attempt)));
  }
  if (code >= 500 && code < 600) {
    return absl::FailedPreconditionError(
        absl::StrCat("SMTP 拒收 (", code, "): ", Said(attempt)));
  }
  return NetworkOutcome(attempt, "SMTP");
}

absl::Status HttpOutcome(const Attempt& attempt) {
  const long code = attempt.reply_code;
  // A reply code decides even when reading the body failed afterwards (the
  // body was too long and we stopped reading it).
  if (code == 0 ||
      (attempt.result != CURLE_OK && attempt.result != CURLE_WRITE_ERROR)) {
    return NetworkOutcome(attempt, "webhook");
  }
  if (code >= 200 && code < 300) return absl::OkStatus();
  const std::string said =
      absl::StrCat("webhook 返回 HTTP ", code, ": ", Said(attempt));
  if (code == 408 || code == 429 || code >= 500) {
    return absl::UnavailableError(said);
  }
  if (code >= 300 && code < 400) {
    return absl::FailedPreconditionError(absl::StrCat(said, " (不跟随重定向)"));
  }
  return absl::FailedPreconditionError(said);
}

void AppendCapped(std::string* reply, absl::string_view bytes,
                  std::size_t cap) {
  if (reply->size() >= cap) return;
  bytes = bytes.substr(0, cap - reply->size());
  reply->append(bytes.data(), bytes.size());
}

}  // namespace anju::notification
