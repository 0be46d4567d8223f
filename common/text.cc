#include "common/text.h"

#include <cstdint>

#include "absl/strings/str_format.h"

namespace anju::common {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The valid range of the second byte depends on the first (Unicode table
// 3-7): this is what rules out overlong forms and surrogates.
bool SecondByteOk(unsigned char lead, unsigned char second) {
  switch (lead) {
    case 0xE0:
      return second >= 0xA0 && second <= 0xBF;
    case 0xED:
      return second >= 0x80 && second <= 0x9F;
    case 0xF0:
      return second >= 0x90 && second <= 0xBF;
    case 0xF4:
      return second >= 0x80 && second <= 0x8F;
    default:
      return IsContinuation(second);
  }
}

std::size_t ExpectedLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // continuation byte, C0/C1 overlong leads, F5..FF
}

}  // namespace

std::size_t Utf8SequenceLength(absl::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  const auto lead = static_cast<unsigned char>(s[pos]);
  const std::size_t n = ExpectedLength(lead);
  if (n == 0 || pos + n > s.size()) return 0;
  if (n == 1) return 1;
  if (!SecondByteOk(lead, static_cast<unsigned char>(s[pos + 1]))) return 0;
  for (std::size_t i = 2; i < n; ++i) {
    if (!IsContinuation(static_cast<unsigned char>(s[pos + i]))) return 0;
  }
  return n;
}

std::size_t FirstInvalidUtf8(absl::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t n = Utf8SequenceLength(s, pos);
    if (n == 0) return pos;
    pos += n;
  }
  return s.size();
}

bool IsValidUtf8(absl::string_view s) {
  return FirstInvalidUtf8(s) == s.size();
}

std::string Preview(absl::string_view s, std::size_t max_bytes) {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t n = Utf8SequenceLength(s, pos);
    const std::size_t width = n == 0 ? 1 : n;
    if (pos + width > max_bytes) {
      out += "…";
      break;
    }
    if (n == 0) {
      out += absl::StrFormat("\\x%02X", static_cast<unsigned char>(s[pos]));
    } else {
      out.append(s.data() + pos, n);
    }
    pos += width;
  }
  return out;
}

}  // namespace anju::common
