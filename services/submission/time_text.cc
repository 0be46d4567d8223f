#include "services/submission/time_text.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace anju::submission {
namespace {

absl::TimeZone Shanghai() {
  static const absl::TimeZone zone =
      absl::FixedTimeZone(8 * 60 * 60);  // 北京时间
  return zone;
}

}  // namespace

std::string FormatShanghai(absl::Time time) {
  return absl::FormatTime(absl::RFC3339_full, time, Shanghai());
}

absl::StatusOr<absl::Time> ParseInstant(absl::string_view text,
                                        absl::string_view field) {
  absl::Time time;
  std::string error;
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ": required, RFC 3339 with an offset, e.g. "
                     "2024-03-31T23:59:59+08:00"));
  }
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", text,
        "\" is not RFC 3339 with an offset (e.g. 2024-03-31T23:59:59+08:00): ",
        error));
  }
  return time;
}

}  // namespace anju::submission
