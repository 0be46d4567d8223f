#ifndef ANJU_SERVICES_SUBMISSION_TIME_TEXT_H_
#define ANJU_SERVICES_SUBMISSION_TIME_TEXT_H_

// Times in the API: RFC 3339 with an explicit offset, shown in China
// Standard Time (Asia/Shanghai, UTC+08:00 all year since 1991, so a fixed
// zone needs no tzdata on the host).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace anju::submission {

// "2024-03-31T23:59:59+08:00" (fractions when present).
std::string FormatShanghai(absl::Time time);

// An instant written in RFC 3339 with "Z" or a ±hh:mm offset. A text
// without an offset is refused: it would not say which instant it means.
// INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::Time> ParseInstant(absl::string_view text,
                                        absl::string_view field);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_TIME_TEXT_H_
