#include "services/registry/tabular/text.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace anju::registry::tabular {
namespace {

constexpr std::size_t kExcerptCodePoints = 40;

// The length of the valid sequence starting at text[i], or 0.
std::size_t SequenceLength(absl::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned low = 0x80, high = 0xBF;  // bounds of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

bool StripOnePrefix(absl::string_view& text) {
  for (absl::string_view space :
       {" ", "\t", "\r", "\n", "\xE3\x80\x80", "\xC2\xA0"}) {
    if (absl::ConsumePrefix(&text, space)) return true;
  }
  return false;
}

bool StripOneSuffix(absl::string_view& text) {
  for (absl::string_view space :
       {" ", "\t", "\r", "\n", "\xE3\x80\x80", "\xC2\xA0"}) {
    if (absl::ConsumeSuffix(&text, space)) return true;
  }
  return false;
}

}  // namespace

std::size_t FirstInvalidUtf8(absl::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = SequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return text.size();
}

std::size_t CodePointCount(absl::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

absl::string_view TrimCell(absl::string_view text) {
  while (StripOnePrefix(text)) {
  }
  while (StripOneSuffix(text)) {
  }
  return text;
}

bool HasControlCharacter(absl::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

std::string Excerpt(absl::string_view text) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts && points++ == kExcerptCodePoints) {
      return std::string(text.substr(0, i)) + "…";
    }
  }
  return std::string(text);
}

}  // namespace anju::registry::tabular
