#include "services/notification/contact_checks.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace anju::notification {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(
      absl::StrCat("contact.", field, ": ", rule));
}

absl::Status CheckLength(absl::string_view text, int max,
                         absl::string_view field) {
  if (static_cast<int>(text.size()) > max) {
    return Invalid(field,
                   absl::StrCat("至多 ", max, " 字节 (got ", text.size(), ")"));
  }
  return absl::OkStatus();
}

// No control characters or spaces: nothing that could end a mail header or
// split a URL.
bool Plain(absl::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

absl::Status CheckEmail(absl::string_view email, const ContactLimits& limits) {
  if (email.empty()) return absl::OkStatus();
  if (auto s = CheckLength(email, limits.max_email_bytes, "email"); !s.ok()) {
    return s;
  }
  const size_t at = email.find('@');
  if (!Plain(email) || at == 0 || at == absl::string_view::npos ||
      at + 1 == email.size() ||
      email.find('@', at + 1) != absl::string_view::npos ||
      email.find_first_of("<>,;\"") != absl::string_view::npos) {
    return Invalid("email", absl::StrCat("须为一个电子邮件地址, 如 "
                                         "wang@example.gov.cn (got \"",
                                         email.substr(0, 64), "\")"));
  }
  return absl::OkStatus();
}

absl::Status CheckUrl(absl::string_view url, const ContactLimits& limits) {
  if (url.empty()) return absl::OkStatus();
  if (auto s = CheckLength(url, limits.max_url_bytes, "webhook_url"); !s.ok()) {
    return s;
  }
  const bool http = absl::StartsWith(url, "http://") && url.size() > 7;
  const bool https = absl::StartsWith(url, "https://") && url.size() > 8;
  if (!Plain(url) || !(http || https)) {
    return Invalid("webhook_url", absl::StrCat("须为 http(s):// 地址 (got \"",
                                               url.substr(0, 64), "\")"));
  }
  return absl::OkStatus();
}

absl::Status CheckKinds(const v1::Contact& contact) {
  std::set<int> seen;
  for (int i = 0; i < contact.kinds_size(); ++i) {
    const int kind = contact.kinds(i);
    const std::string field = absl::StrCat("kinds[", i, "]");
    if (kind == v1::NOTICE_KIND_UNSPECIFIED || !v1::NoticeKind_IsValid(kind)) {
      return Invalid(field, absl::StrCat("未知的通知类型 ", kind));
    }
    if (!seen.insert(kind).second) {
      return Invalid(
          field, absl::StrCat("重复的通知类型 ", v1::NoticeKind_Name(kind)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckContact(const v1::Contact& c, const ContactLimits& limits) {
  if (auto s = CheckLength(c.id(), limits.max_id_bytes, "id"); !s.ok())
    return s;
  for (char ch : c.id()) {
    if (!absl::ascii_isalnum(ch) && ch != '-' && ch != '_') {
      return Invalid("id", "只可含字母、数字、- 和 _");
    }
  }
  if (c.org().empty()) return Invalid("org", "必填: 组织代码");
  if (c.name().empty()) return Invalid("name", "必填");
  if (auto s = CheckLength(c.name(), limits.max_name_bytes, "name"); !s.ok()) {
    return s;
  }
  if (c.role() != "filer" && c.role() != "coordinator") {
    return Invalid("role", absl::StrCat("须为 filer (填报人) 或 coordinator "
                                        "(负责人) (got \"",
                                        c.role().substr(0, 32), "\")"));
  }
  if (auto s = CheckEmail(c.email(), limits); !s.ok()) return s;
  if (auto s = CheckUrl(c.webhook_url(), limits); !s.ok()) return s;
  if (auto s = CheckLength(c.webhook_secret(), limits.max_secret_bytes,
                           "webhook_secret");
      !s.ok()) {
    return s;
  }
  if (c.email().empty() && c.webhook_url().empty() && !c.inbox()) {
    return Invalid("email", "email、webhook_url、inbox 至少需要一项");
  }
  return CheckKinds(c);
}

}  // namespace anju::notification
