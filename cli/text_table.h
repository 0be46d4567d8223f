#ifndef ANJU_CLI_TEXT_TABLE_H_
#define ANJU_CLI_TEXT_TABLE_H_

// A plain-text table for terminals, aligned by display width so that
// Chinese text lines up, with long cells wrapped inside their column.
// ASCII rules (+-|) rather than box drawing: box-drawing characters are
// East Asian Ambiguous and render double-width in some CJK terminals.

#include <string>
#include <vector>

namespace anju::cli {

struct TextColumn {
  std::string header;
  int max_width = 0;  // wrap cells wider than this; 0: never wrap
  bool right_align = false;
};

struct TextRow {
  std::vector<std::string> cells;  // one per column
  bool rule_before = false;        // a horizontal rule above this row
};

// Every line of the result has the same display width.
std::string RenderTextTable(const std::vector<TextColumn>& columns,
                            const std::vector<TextRow>& rows);

}  // namespace anju::cli

#endif  // ANJU_CLI_TEXT_TABLE_H_
