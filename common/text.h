#ifndef ANJU_COMMON_TEXT_H_
#define ANJU_COMMON_TEXT_H_

// Byte-level text helpers for validating input at the edge: the APIs carry
// Chinese text, so limits are in UTF-8 bytes and text must be well-formed.

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace anju::common {

// Length of the well-formed UTF-8 sequence that starts at s[pos] (1–4), or 0
// if it is ill-formed (stray continuation byte, overlong form, surrogate,
// beyond U+10FFFF, truncated).
std::size_t Utf8SequenceLength(absl::string_view s, std::size_t pos);

bool IsValidUtf8(absl::string_view s);

// Byte offset of the first ill-formed sequence, or s.size() if none.
std::size_t FirstInvalidUtf8(absl::string_view s);

// s quoted for an error message: at most max_bytes of it, cut at a
// character boundary with "…" appended when cut, ill-formed bytes shown as
// \xNN. Error messages must never echo megabytes of someone's input.
std::string Preview(absl::string_view s, std::size_t max_bytes = 40);

}  // namespace anju::common

#endif  // ANJU_COMMON_TEXT_H_
