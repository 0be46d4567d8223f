#include "cli/text_width.h"

#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace anju::cli {
namespace {

// The encoding argument only decides the width of East Asian Ambiguous
// characters; "UTF-8" makes them narrow.
constexpr char kEncoding[] = "UTF-8";

const uint8_t* Bytes(absl::string_view text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

absl::string_view TrimTrailingSpaces(absl::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Cuts a run that has no break opportunity into pieces of at most `width`
// columns, between characters.
void HardSplit(absl::string_view text, int width,
               std::vector<std::string>* lines) {
  std::string line;
  int columns = 0;
  size_t i = 0;
  while (i < text.size()) {
    ucs4_t c;
    const int len = u8_mbtouc(&c, Bytes(text) + i, text.size() - i);
    const int w = std::max(uc_width(c, kEncoding), 0);
    if (columns + w > width && !line.empty()) {
      lines->push_back(line);
      line.clear();
      columns = 0;
    }
    line.append(text.data() + i, len);
    columns += w;
    i += len;
  }
  lines->push_back(line);
}

// UAX #14 lets a line break between a number and the Chinese unit after
// it ("得2" / "分"); a reader of the 指标表 expects "2分" and "2198套"
// to stay whole.
std::vector<char> KeepNumbersWithUnits(absl::string_view text) {
  std::vector<char> override(text.size(), UC_BREAK_UNDEFINED);
  for (size_t i = 1; i < text.size(); ++i) {
    const bool starts_non_ascii = static_cast<unsigned char>(text[i]) >= 0xC0;
    if (starts_non_ascii && absl::ascii_isdigit(text[i - 1])) {
      override[i] = UC_BREAK_PROHIBITED;
    }
  }
  return override;
}

void WrapParagraph(absl::string_view text, int width,
                   std::vector<std::string>* lines) {
  std::vector<char> breaks(text.size());
  const std::vector<char> override = KeepNumbersWithUnits(text);
  u8_width_linebreaks(Bytes(text), text.size(), width, 0, 0, override.data(),
                      kEncoding, breaks.data());
  size_t start = 0;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i < text.size() && breaks[i] != UC_BREAK_POSSIBLE) continue;
    absl::string_view line = TrimTrailingSpaces(text.substr(start, i - start));
    if (DisplayWidth(line) > width) {
      HardSplit(line, width, lines);
    } else {
      lines->emplace_back(line);
    }
    start = i;
  }
}

}  // namespace

int DisplayWidth(absl::string_view text) {
  return u8_width(Bytes(text), text.size(), kEncoding);
}

std::vector<std::string> WrapText(absl::string_view text, int width) {
  std::vector<std::string> lines;
  for (absl::string_view paragraph : absl::StrSplit(text, '\n')) {
    if (!paragraph.empty() && paragraph.back() == '\r') {
      paragraph.remove_suffix(1);
    }
    if (paragraph.empty()) {
      lines.emplace_back();
      continue;
    }
    WrapParagraph(paragraph, width, &lines);
  }
  return lines;
}

std::string Pad(absl::string_view text, int width, bool right_align) {
  const int fill = std::max(width - DisplayWidth(text), 0);
  std::string padded;
  if (right_align) padded.append(fill, ' ');
  padded.append(text.data(), text.size());
  if (!right_align) padded.append(fill, ' ');
  return padded;
}

}  // namespace anju::cli
