#include "services/notification/delivery/mail_format.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "common/text.h"

namespace anju::notification {
namespace {

using common::Preview;

// A line holds 76 characters (RFC 2047 §2), a word at most 75. A word is
// =?UTF-8?B? + base64 + ?= (12 characters around); base64 takes 4 characters
// per 3 bytes of text.
constexpr std::size_t kMaxLine = 76;
constexpr std::size_t kMaxWord = 75;

std::size_t WordTextBytes(std::size_t room) {
  room = std::min(room, kMaxWord);
  return room <= 12 + 4 ? 3 : (room - 12) / 4 * 3;
}

absl::Status Invalid(absl::string_view field, absl::string_view rule,
                     absl::string_view value) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", rule, " (got ", Preview(value), ")"));
}

bool IsAddressByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;  // controls, space, non-ASCII
  return c != '<' && c != '>' && c != ',' && c != ';' && c != '"' && c != '(' &&
         c != ')' && c != '\\' && c != '[' && c != ']';
}

// Bare LF (and lone CR) to CRLF: the canonical form of text before base64.
std::string CanonicalLines(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

absl::Status CheckAddress(absl::string_view field, absl::string_view address) {
  if (address.empty()) return Invalid(field, "不能为空", address);
  if (address.size() > kMaxAddressBytes) {
    return Invalid(field, absl::StrCat("不能超过 ", kMaxAddressBytes, " 字节"),
                   address);
  }
  for (char c : address) {
    if (!IsAddressByte(c)) {
      return Invalid(field,
                     "须为 ASCII 邮箱地址, 不得含空格、换行或 <>,;\"()[]\\",
                     address);
    }
  }
  const std::size_t at = address.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != absl::string_view::npos) {
    return Invalid(field, "须为 local@domain 形式", address);
  }
  return absl::OkStatus();
}

absl::Status CheckHeaderText(absl::string_view field, absl::string_view text,
                             std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Invalid(field, absl::StrCat("不能超过 ", max_bytes, " 字节"), text);
  }
  if (!common::IsValidUtf8(text)) {
    return Invalid(field, "须为合法 UTF-8", text);
  }
  if (text.find_first_of(absl::string_view("\r\n\0", 3)) !=
      absl::string_view::npos) {
    return Invalid(field, "不得含回车、换行或 NUL (邮件头注入)", text);
  }
  return absl::OkStatus();
}

absl::StatusOr<Mailbox> ParseMailbox(absl::string_view field,
                                     absl::string_view text) {
  Mailbox mailbox;
  const std::size_t open = text.rfind('<');
  if (open == absl::string_view::npos) {
    mailbox.address = std::string(absl::StripAsciiWhitespace(text));
  } else {
    if (text.empty() || text.back() != '>') {
      return Invalid(field, "须为 \"名称 <地址>\" 或地址", text);
    }
    mailbox.name =
        std::string(absl::StripAsciiWhitespace(text.substr(0, open)));
    mailbox.address =
        std::string(text.substr(open + 1, text.size() - open - 2));
  }
  if (absl::Status s = CheckHeaderText(absl::StrCat(field, " (名称)"),
                                       mailbox.name, kMaxNameBytes);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckAddress(field, mailbox.address); !s.ok()) return s;
  return mailbox;
}

std::string EncodeWords(absl::string_view utf8, std::size_t first_line_used) {
  std::string out;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    // Continuation lines start with one space.
    const std::size_t text_bytes = WordTextBytes(
        out.empty() ? kMaxLine - std::min(first_line_used, kMaxLine - 16)
                    : kMaxLine - 1);
    // Take whole characters while they fit; an ill-formed byte counts as one
    // (callers check UTF-8 first, this only must not loop forever).
    std::size_t end = pos;
    while (end < utf8.size()) {
      const std::size_t len =
          std::max<std::size_t>(1, common::Utf8SequenceLength(utf8, end));
      if (end + len - pos > text_bytes && end > pos) break;
      end += len;
    }
    if (!out.empty()) out += "\r\n ";
    absl::StrAppend(&out, "=?UTF-8?B?",
                    absl::Base64Escape(utf8.substr(pos, end - pos)), "?=");
    pos = end;
  }
  return out;
}

std::string FormatMailbox(const Mailbox& mailbox, std::size_t first_line_used) {
  const std::string address = absl::StrCat("<", mailbox.address, ">");
  if (mailbox.name.empty()) return address;
  const std::string name = EncodeWords(mailbox.name, first_line_used);
  const std::size_t last_break = name.rfind("\r\n");
  const std::size_t last_line = last_break == std::string::npos
                                    ? first_line_used + name.size()
                                    : name.size() - last_break - 2;
  const bool fits = last_line + 1 + address.size() <= kMaxLine;
  return absl::StrCat(name, fits ? " " : "\r\n ", address);
}

std::string Base64Lines(absl::string_view bytes) {
  const std::string encoded = absl::Base64Escape(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
  for (std::size_t pos = 0; pos < encoded.size(); pos += 76) {
    absl::StrAppend(&out, absl::string_view(encoded).substr(pos, 76), "\r\n");
  }
  return out;
}

std::string MailDate(absl::Time time) {
  // Names spelled out: strftime's %a and %b follow the process locale.
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu",
                                          "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  const absl::TimeZone cst = absl::FixedTimeZone(8 * 60 * 60);
  const absl::TimeZone::CivilInfo civil = cst.At(time);
  const int weekday = static_cast<int>(absl::GetWeekday(civil.cs));
  return absl::StrFormat("%s, %02d %s %04d %02d:%02d:%02d +0800",
                         kDays[weekday], civil.cs.day(),
                         kMonths[civil.cs.month() - 1], civil.cs.year(),
                         civil.cs.hour(), civil.cs.minute(), civil.cs.second());
}

absl::StatusOr<std::string> ComposeMail(const Notice& notice,
                                        const MailEnvelope& envelope) {
  if (absl::Status s = CheckAddress("notice.address", notice.address);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckHeaderText("notice.recipient_name",
                                       notice.recipient_name, kMaxNameBytes);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckHeaderText("notice.subject", notice.subject, kMaxSubjectBytes);
      !s.ok()) {
    return s;
  }
  if (notice.body.size() > kMaxBodyBytes) {
    return Invalid("notice.body",
                   absl::StrCat("不能超过 ", kMaxBodyBytes, " 字节"), "…");
  }
  if (!common::IsValidUtf8(notice.body)) {
    return Invalid("notice.body", "须为合法 UTF-8", notice.body);
  }
  std::string mail;
  absl::StrAppend(&mail, "From: ", FormatMailbox(envelope.from, 6), "\r\n");
  absl::StrAppend(
      &mail, "To: ", FormatMailbox({notice.recipient_name, notice.address}, 4),
      "\r\n");
  absl::StrAppend(&mail, "Subject: ", EncodeWords(notice.subject, 9), "\r\n");
  absl::StrAppend(&mail, "Date: ", MailDate(envelope.date), "\r\n");
  absl::StrAppend(&mail, "Message-ID: ", envelope.message_id, "\r\n");
  absl::StrAppend(&mail, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&mail, "Content-Type: text/plain; charset=UTF-8\r\n");
  absl::StrAppend(&mail, "Content-Transfer-Encoding: base64\r\n");
  absl::StrAppend(&mail, "\r\n", Base64Lines(CanonicalLines(notice.body)));
  return mail;
}

}  // namespace anju::notification
