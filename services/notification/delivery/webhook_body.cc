#include "services/notification/delivery/webhook_body.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text.h"
#include "services/notification/delivery/crypto.h"

namespace anju::notification {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule,
                     absl::string_view value) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", rule, " (got ", common::Preview(value), ")"));
}

absl::Status CheckText(absl::string_view field, absl::string_view text) {
  if (!common::IsValidUtf8(text)) return Invalid(field, "须为合法 UTF-8", text);
  return absl::OkStatus();
}

}  // namespace

std::string JsonQuote(absl::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else if (c == 0xe2 && i + 2 < s.size() &&
                   static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xa8 ||
                    static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
          out += s[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

absl::string_view KindName(v1::NoticeKind kind) {
  switch (kind) {
    case v1::NOTICE_KIND_REMINDER:
      return "reminder";
    case v1::NOTICE_KIND_OVERDUE:
      return "overdue";
    case v1::NOTICE_KIND_ESCALATION:
      return "escalation";
    case v1::NOTICE_KIND_REPORT_RETURNED:
      return "report_returned";
    case v1::NOTICE_KIND_REPORT_SUBMITTED:
      return "report_submitted";
    case v1::NOTICE_KIND_REVIEW_PUBLISHED:
      return "review_published";
    default:
      return "unspecified";
  }
}

std::string ChinaTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+08:00", time,
                          absl::FixedTimeZone(8 * 60 * 60));
}

absl::StatusOr<std::string> WebhookBody(const Notice& notice) {
  const std::pair<const char*, const std::string*> texts[] = {
      {"idempotency_key", &notice.idempotency_key},
      {"org", &notice.org},
      {"org_name", &notice.org_name},
      {"subject", &notice.subject},
      {"body", &notice.body}};
  for (const auto& [name, text] : texts) {
    if (absl::Status s = CheckText(absl::StrCat("notice.", name), *text);
        !s.ok()) {
      return s;
    }
  }
  if (notice.fields.size() > kMaxFields) {
    return absl::InvalidArgumentError(absl::StrCat("notice.fields: 不能超过 ",
                                                   kMaxFields, " 项 (got ",
                                                   notice.fields.size(), ")"));
  }
  std::string json;
  absl::StrAppend(&json,
                  "{\"idempotency_key\":", JsonQuote(notice.idempotency_key),
                  ",\"kind\":", JsonQuote(KindName(notice.kind)),
                  ",\"org\":", JsonQuote(notice.org),
                  ",\"org_name\":", JsonQuote(notice.org_name),
                  ",\"subject\":", JsonQuote(notice.subject),
                  ",\"body\":", JsonQuote(notice.body));
  absl::StrAppend(&json,
                  ",\"due_time\":", JsonQuote(ChinaTime(notice.due_time)),
                  ",\"fields\":{");
  bool first = true;
  for (const auto& [key, value] : notice.fields) {
    const std::string field = absl::StrCat("notice.fields[", key, "]");
    if (absl::Status s = CheckText(field, key); !s.ok()) return s;
    if (absl::Status s = CheckText(field, value); !s.ok()) return s;
    absl::StrAppend(&json, first ? "" : ",", JsonQuote(key), ":",
                    JsonQuote(value));
    first = false;
  }
  json += "}}";
  if (json.size() > kMaxWebhookBodyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("notice: webhook 正文不能超过 ", kMaxWebhookBodyBytes,
                     " 字节 (got ", json.size(), ")"));
  }
  return json;
}

std::string WebhookSignature(absl::string_view secret, int64_t timestamp,
                             absl::string_view body) {
  return absl::StrCat(
      "sha256=", HmacSha256Hex(secret, absl::StrCat(timestamp, ".", body)));
}

std::string HeaderSafeKey(absl::string_view key) {
  std::string out;
  for (char c : key) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7f && c != '%') {
      out += c;
    } else {
      absl::StrAppendFormat(&out, "%%%02X", u);
    }
  }
  return out;
}

absl::Status CheckWebhookUrl(absl::string_view field, absl::string_view url) {
  if (url.size() > kMaxUrlBytes) {
    return Invalid(field, absl::StrCat("不能超过 ", kMaxUrlBytes, " 字节"),
                   url);
  }
  absl::string_view rest;
  const std::string lower = absl::AsciiStrToLower(url.substr(0, 8));
  if (absl::StartsWith(lower, "http://")) {
    rest = url.substr(7);
  } else if (absl::StartsWith(lower, "https://")) {
    rest = url.substr(8);
  } else {
    return Invalid(field, "须以 http:// 或 https:// 开头", url);
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') {
    return Invalid(field, "须含主机名", url);
  }
  for (char c : url) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return Invalid(field, "须为可见 ASCII 字符 (中文请先百分号编码)", url);
    }
  }
  return absl::OkStatus();
}

}  // namespace anju::notification
