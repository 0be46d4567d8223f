#ifndef ANJU_SERVICES_REGISTRY_TABULAR_TEXT_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_TEXT_H_

// UTF-8 helpers for cells: protobuf strings must be valid UTF-8, error
// messages quote cells, and spreadsheets pad cells with full-width spaces.

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace anju::registry::tabular {

// The offset of the first byte that is not part of a valid UTF-8 sequence
// (overlong forms and surrogates included); text.size() when all is valid.
std::size_t FirstInvalidUtf8(absl::string_view text);

// Unicode code points in valid UTF-8 text.
std::size_t CodePointCount(absl::string_view text);

// Without leading and trailing ASCII whitespace, U+3000 (全角空格) and
// U+00A0 (no-break space).
absl::string_view TrimCell(absl::string_view text);

// Whether the text holds a C0 control character or DEL (tab and line breaks
// included): names and addresses are one line.
bool HasControlCharacter(absl::string_view text);

// The cell as an error message quotes it: at most 40 code points, then "…".
std::string Excerpt(absl::string_view text);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_TEXT_H_
