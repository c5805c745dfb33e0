// For the fields tests: the default patterns/, compiled once per test binary, and tables and
// lines built by hand.
#ifndef JIXIAO_TESTS_FIELDS_TEST_UTIL_H_
#define JIXIAO_TESTS_FIELDS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fields/fields.h"
#include "fields/patterns.h"
#include "layout/layout.h"

namespace jixiao::testing {

inline const Patterns& LoadedPatterns() {
  static const std::shared_ptr<const Patterns> patterns = [] {
    auto loaded = LoadPatterns(DefaultPatternsDir());
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
    return loaded.has_value() ? *loaded : nullptr;
  }();
  return *patterns;
}

// --- Page layouts built by hand, as the layout stage would give them. ---

inline constexpr double kCellWidth = 100;
inline constexpr double kRowHeight = 30;

// Builds a table the way HTML lays one out: each string is a row, its cells separated by
// '|'; a cell may end in "#rNcM" (rowspan N, colspan M; either part optional). Cells fill
// the next grid slots not already covered by a rowspan from above. Boxes follow the grid:
// column c spans x ∈ [100c, 100c+100), row r spans y ∈ [top+30r, top+30r+30). Every
// non-empty cell gets `confidence` (below 1: the cell was OCR'd; empty cells keep 1, as the
// layout stage gives them).
inline Table BuildTable(int page, double top, int cols, const std::vector<std::string>& rows,
                        double confidence = 1.0) {
  Table table;
  table.page = page;
  table.rows = static_cast<int>(rows.size());
  table.cols = cols;
  std::vector<std::vector<bool>> taken(rows.size(), std::vector<bool>(cols, false));
  for (int row = 0; row < table.rows; ++row) {
    int col = 0;
    std::vector<std::string> specs;  // split on '|', keeping empty cells at either end
    for (size_t from = 0;;) {
      const size_t bar = rows[row].find('|', from);
      specs.push_back(rows[row].substr(from, bar - from));
      if (bar == std::string::npos) break;
      from = bar + 1;
    }
    for (std::string spec : specs) {
      while (col < cols && taken[row][col]) ++col;
      Cell cell;
      cell.row = row;
      cell.col = col;
      const size_t hash = spec.rfind('#');
      if (hash != std::string::npos) {
        const std::string spans = spec.substr(hash + 1);
        spec.resize(hash);
        if (size_t r = spans.find('r'); r != std::string::npos) {
          cell.rowspan = std::stoi(spans.substr(r + 1));
        }
        if (size_t c = spans.find('c'); c != std::string::npos) {
          cell.colspan = std::stoi(spans.substr(c + 1));
        }
      }
      cell.text = spec;
      cell.confidence = spec.empty() ? 1.0 : confidence;
      EXPECT_LE(col + cell.colspan, cols) << "row " << row << ": " << rows[row];
      EXPECT_LE(row + cell.rowspan, table.rows) << "row " << row << ": " << rows[row];
      for (int r = row; r < std::min(table.rows, row + cell.rowspan); ++r) {
        for (int c = col; c < std::min(cols, col + cell.colspan); ++c) taken[r][c] = true;
      }
      cell.box = {col * kCellWidth, top + row * kRowHeight, (col + cell.colspan) * kCellWidth,
                  top + (row + cell.rowspan) * kRowHeight};
      col += cell.colspan;
      table.cells.push_back(cell);
    }
  }
  for (int row = 0; row < table.rows; ++row) {
    for (int col = 0; col < cols; ++col) {
      EXPECT_TRUE(taken[row][col]) << "slot " << row << "," << col << " not covered";
    }
  }
  table.box = {0, top, cols * kCellWidth, top + table.rows * kRowHeight};
  return table;
}

inline TextLine Line(const std::string& text, double y) {
  return {text, {0, y, 800, y + 20}, 1.0};
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_FIELDS_TEST_UTIL_H_
