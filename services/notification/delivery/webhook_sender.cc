// Webhooks (Webhook 推送): an HTTP POST of the signed JSON body of
// webhook_body.h, carried by libcurl; redirects are not followed.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/notification/delivery/curl_handles.h"
#include "services/notification/delivery/outcome.h"
#include "services/notification/delivery/senders.h"
#include "services/notification/delivery/webhook_body.h"

namespace anju::notification {
namespace {

constexpr std::size_t kReplyCap = 512;
// A receiver that answers with more than this is cut off: the status line
// has been read by then and decides.
constexpr std::size_t kMaxResponseBytes = 64 * 1024;

struct Response {
  std::string kept;  // the first kReplyCap bytes, for last_error
  std::size_t total = 0;
};

size_t KeepResponse(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  const size_t n = size * count;
  response->total += n;
  if (response->total > kMaxResponseBytes) return 0;  // CURLE_WRITE_ERROR
  AppendCapped(&response->kept, absl::string_view(data, n), kReplyCap);
  return n;
}

// The User-Agent goes into a header: printable ASCII only.
absl::Status CheckUserAgent(absl::string_view agent) {
  const bool ok = agent.size() <= 256 &&
                  std::all_of(agent.begin(), agent.end(),
                              [](char c) { return c >= 0x20 && c < 0x7f; });
  if (ok) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "webhook.user_agent: 须为不超过 256 字节的可见 ASCII");
}

class WebhookSender : public Sender {
 public:
  explicit WebhookSender(WebhookSettings settings)
      : settings_(std::move(settings)),
        agent_ok_(CheckUserAgent(settings_.user_agent)),
        pool_(settings_.timeout) {}

  absl::Status Send(const Notice& notice) override {
    if (!agent_ok_.ok()) return agent_ok_;
    if (absl::Status s = CheckWebhookUrl("notice.address", notice.address);
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> body = WebhookBody(notice);
    if (!body.ok()) return body.status();
    const int64_t timestamp = absl::ToUnixSeconds(absl::Now());
    Slist headers = Headers(notice, timestamp, *body);
    EasyHandle easy = pool_.Take();
    if (easy == nullptr) return absl::ResourceExhaustedError("curl 初始化失败");
    Attempt attempt = Post(easy.get(), notice.address, headers.get(), *body);
    pool_.Give(std::move(easy));
    return HttpOutcome(attempt);
  }

 private:
  static Slist Headers(const Notice& notice, int64_t timestamp,
                       absl::string_view body) {
    Slist list;
    auto add = [&list](const std::string& line) {
      list.reset(curl_slist_append(list.release(), line.c_str()));
    };
    add("Content-Type: application/json; charset=utf-8");
    add("Expect:");  // no 100-continue round trip
    add(absl::StrCat("Idempotency-Key: ",
                     HeaderSafeKey(notice.idempotency_key)));
    add(absl::StrCat("X-Anju-Timestamp: ", timestamp));
    if (!notice.webhook_secret.empty()) {
      add(absl::StrCat(
          "X-Anju-Signature: ",
          WebhookSignature(notice.webhook_secret, timestamp, body)));
    }
    return list;
  }

  Attempt Post(CURL* easy, const std::string& url, curl_slist* headers,
               const std::string& body) {
    Attempt attempt;
    Response response;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, settings_.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &KeepResponse);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
    attempt.result = curl_easy_perform(easy);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &attempt.reply_code);
    attempt.reply = std::move(response.kept);
    attempt.curl_error = error;
    return attempt;
  }

  const WebhookSettings settings_;
  const absl::Status agent_ok_;
  EasyPool pool_;
};

}  // namespace

std::unique_ptr<Sender> NewWebhookSender(WebhookSettings settings) {
  return std::make_unique<WebhookSender>(std::move(settings));
}

}  // namespace anju::notification
