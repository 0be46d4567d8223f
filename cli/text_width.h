#ifndef ANJU_CLI_TEXT_WIDTH_H_
#define ANJU_CLI_TEXT_WIDTH_H_

// Terminal display width of UTF-8 text: Chinese characters and full-width
// punctuation take two columns (East Asian Wide/Fullwidth), per
// libunistring's tables rather than hand-written ranges.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace anju::cli {

// Columns `text` occupies in a terminal. East Asian Ambiguous characters
// count as narrow, as in a UTF-8 locale.
int DisplayWidth(absl::string_view text);

// Breaks `text` into lines of at most `width` columns: at its newlines,
// then where Unicode line breaking (UAX #14) allows, which for Chinese is
// between most characters but never before "，" or "）"; a run longer than
// `width` with no break opportunity is cut between characters.
std::vector<std::string> WrapText(absl::string_view text, int width);

// `text` followed (or preceded, for right alignment) by spaces up to
// `width` columns.
std::string Pad(absl::string_view text, int width, bool right_align);

}  // namespace anju::cli

#endif  // ANJU_CLI_TEXT_WIDTH_H_
