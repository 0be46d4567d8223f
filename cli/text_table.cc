#include "cli/text_table.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "cli/text_width.h"

namespace anju::cli {
namespace {

// Lines of one cell, wrapped to its column. Tabs would be counted as
// zero columns but shown as several, so they become spaces.
std::vector<std::string> CellLines(const std::string& text,
                                   const TextColumn& column) {
  const std::string clean = absl::StrReplaceAll(text, {{"\t", " "}});
  if (column.max_width <= 0) return WrapText(clean, DisplayWidth(clean) + 1);
  return WrapText(clean, column.max_width);
}

using Grid = std::vector<std::vector<std::vector<std::string>>>;

std::vector<int> ColumnWidths(const std::vector<TextColumn>& columns,
                              const Grid& grid) {
  std::vector<int> widths;
  for (const TextColumn& column : columns) {
    widths.push_back(DisplayWidth(column.header));
  }
  for (const auto& row : grid) {
    for (size_t c = 0; c < row.size(); ++c) {
      for (const std::string& line : row[c]) {
        widths[c] = std::max(widths[c], DisplayWidth(line));
      }
    }
  }
  return widths;
}

std::string Rule(const std::vector<int>& widths) {
  std::string line = "+";
  for (int width : widths) line += std::string(width + 2, '-') + "+";
  return line + "\n";
}

// One table row, as many lines tall as its tallest cell.
std::string Lines(const std::vector<std::vector<std::string>>& cells,
                  const std::vector<TextColumn>& columns,
                  const std::vector<int>& widths) {
  size_t height = 1;
  for (const auto& cell : cells) height = std::max(height, cell.size());
  std::string out;
  for (size_t i = 0; i < height; ++i) {
    out += "|";
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string text = i < cells[c].size() ? cells[c][i] : "";
      out += " " + Pad(text, widths[c], columns[c].right_align) + " |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string RenderTextTable(const std::vector<TextColumn>& columns,
                            const std::vector<TextRow>& rows) {
  Grid grid;
  for (const TextRow& row : rows) {
    std::vector<std::vector<std::string>> cells;
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string text = c < row.cells.size() ? row.cells[c] : "";
      cells.push_back(CellLines(text, columns[c]));
    }
    grid.push_back(std::move(cells));
  }
  const std::vector<int> widths = ColumnWidths(columns, grid);
  std::vector<std::vector<std::string>> header;
  for (const TextColumn& column : columns) header.push_back({column.header});

  std::string out =
      Rule(widths) + Lines(header, columns, widths) + Rule(widths);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].rule_before && r > 0) out += Rule(widths);
    out += Lines(grid[r], columns, widths);
  }
  return out + Rule(widths);
}

}  // namespace anju::cli
