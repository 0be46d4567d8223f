// The e-mail message (RFC 5322 with MIME, RFC 2045/2047) for one notice:
// Chinese subject and names as UTF-8 encoded words, the body as base64.
// Pure functions, no I/O: the SMTP sender only moves the bytes.
#ifndef ANJU_SERVICES_NOTIFICATION_DELIVERY_MAIL_FORMAT_H_
#define ANJU_SERVICES_NOTIFICATION_DELIVERY_MAIL_FORMAT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/notification/delivery/sender.h"

namespace anju::notification {

// Limits: a header or address longer than this is a mistake or an attack.
inline constexpr std::size_t kMaxAddressBytes = 254;  // RFC 5321 path
inline constexpr std::size_t kMaxNameBytes = 256;
inline constexpr std::size_t kMaxSubjectBytes = 998;
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;  // 1 MiB

// A display name and an address: "安居绩效评价 <noreply@anju.local>".
struct Mailbox {
  std::string name;     // UTF-8, may be empty
  std::string address;  // local@domain, ASCII
};

// Parses "Name <addr>" or a bare "addr". INVALID_ARGUMENT names `field`.
absl::StatusOr<Mailbox> ParseMailbox(absl::string_view field,
                                     absl::string_view text);

// An addr-spec we can put on an SMTP envelope: ASCII, one '@', no spaces,
// no CR/LF, no angle brackets or commas, at most kMaxAddressBytes.
absl::Status CheckAddress(absl::string_view field, absl::string_view address);

// Text that goes into a header once encoded: well-formed UTF-8, no CR, LF
// or NUL (header injection), at most max_bytes.
absl::Status CheckHeaderText(absl::string_view field, absl::string_view text,
                             std::size_t max_bytes);

// RFC 2047 "B" encoded words (=?UTF-8?B?…?=), each at most 75 characters,
// never cutting a UTF-8 sequence, joined by CRLF + space (folding) so that
// no line is longer than 76 characters. `first_line_used` is what already
// stands on the first line (e.g. 9 for "Subject: ").
std::string EncodeWords(absl::string_view utf8,
                        std::size_t first_line_used = 0);

// "name <address>" with the name encoded, the address folded onto its own
// line when it would not fit; just "<address>" without a name.
std::string FormatMailbox(const Mailbox& mailbox,
                          std::size_t first_line_used = 0);

// Base64 (RFC 2045) in lines of 76 characters, each ended by CRLF.
std::string Base64Lines(absl::string_view bytes);

// RFC 5322 date in China Standard Time: "Fri, 27 Nov 2026 20:15:10 +0800".
std::string MailDate(absl::Time time);

// The headers the sender decides; the rest come from the notice.
struct MailEnvelope {
  Mailbox from;
  std::string message_id;  // "<…@…>"
  absl::Time date;
};

// The whole message, CRLF line ends, ready for DATA. INVALID_ARGUMENT if the
// recipient's address or name or the subject would break the header.
absl::StatusOr<std::string> ComposeMail(const Notice& notice,
                                        const MailEnvelope& envelope);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DELIVERY_MAIL_FORMAT_H_
