// FindOpenTables: tables ruled across only, from their rules and their words (see layout.h).
//
// Everything is measured in text heights (the median height of the words outside the ruled
// tables), not in inches: the words and rules are page pixels whatever the source.
// Known limits: each text line of a three-line table's body is a row (a body cell wrapped onto
// two lines makes two rows); two three-line tables of the same width, one under the other,
// are taken for one table with their caption as a row.
#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "layout/layout.h"

namespace jixiao {
namespace {

// Rules are one table's when both their ends lie within this many text heights.
constexpr double kEndsHeights = 2.0;
// Two rules closer than this (a double rule) are one.
constexpr double kDoubleRuleHeights = 0.5;
// A column split is a gap at least this many text heights wide...
constexpr double kMinGapHeights = 0.8;
// ...that no more than this fraction of the lines crosses (a header spanning columns).
constexpr double kMaxCrossingLines = 0.25;
// A phrase spans a split when it reaches this far past it on both sides.
constexpr double kSpanHeights = 0.25;

double MedianHeight(const std::vector<Word>& words) {
  std::vector<double> heights;
  for (const Word& word : words) heights.push_back(word.box.height());
  if (heights.empty()) return 0;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

// True when `box` overlaps a table of `tables`.
bool Overlaps(const std::vector<Table>& tables, const Box& box) {
  return std::ranges::any_of(tables, [&](const Table& t) { return !t.box.Intersect(box).empty(); });
}

// The phrases of a line (words left to right): runs of words less than a column gap apart, as
// boxes. A text centred over two columns may come as one word per character.
std::vector<Box> Phrases(const std::vector<Word>& line, double height) {
  std::vector<Box> phrases;
  for (const Word& word : line) {
    if (!phrases.empty() && word.box.x0 - phrases.back().x1 < kMinGapHeights * height) {
      phrases.back() = phrases.back().Union(word.box);
    } else {
      phrases.push_back(word.box);
    }
  }
  return phrases;
}

// The splits between columns (x positions, left to right): middles of the gaps that at most
// kMaxCrossingLines of the lines (as phrases) have ink in, between the leftmost and rightmost
// phrase, within [x0, x1] (the rules' ends).
std::vector<double> ColumnSplits(const std::vector<std::vector<Box>>& lines, double height,
                                 double x0_rules, double x1_rules) {
  double left = x1_rules, right = x0_rules;
  for (const auto& line : lines) {
    for (const Box& box : line) left = std::min(left, box.x0), right = std::max(right, box.x1);
  }
  left = std::max(left, x0_rules), right = std::min(right, x1_rules);
  const int x0 = static_cast<int>(std::floor(left)),
            width = static_cast<int>(std::ceil(right)) - x0;
  if (width <= 0) return {};
  std::vector<int> count(width, 0);
  for (const auto& line : lines) {
    for (const Box& box : line) {  // phrases do not overlap
      const int a = std::clamp(static_cast<int>(std::floor(box.x0)) - x0, 0, width);
      const int b = std::clamp(static_cast<int>(std::ceil(box.x1)) - x0, 0, width);
      for (int x = a; x < b; ++x) ++count[x];
    }
  }
  const int allowed = static_cast<int>(kMaxCrossingLines * lines.size());
  std::vector<double> splits;
  for (int x = 0; x < width;) {
    if (count[x] > allowed) {
      ++x;
      continue;
    }
    int end = x;
    while (end < width && count[end] <= allowed) ++end;
    // A run at either end lies beside the text of a few long lines, not between columns.
    if (x > 0 && end < width && end - x >= kMinGapHeights * height) {
      splits.push_back(x0 + (x + end) / 2.0);
    }
    x = end;
  }
  return splits;
}

// The table of one stack of rules (top to bottom) and the words between them, or nothing.
std::optional<Table> BuildOpenTable(const std::vector<Box>& rules, std::vector<Word> words,
                                    double height, const LayoutOptions& options) {
  std::vector<std::vector<Word>> lines = GroupLines(std::move(words));
  if (lines.size() < 2) return std::nullopt;
  std::vector<std::vector<Box>> phrases;
  for (const auto& line : lines) phrases.push_back(Phrases(line, height));
  double x0 = rules.front().x0, x1 = rules.front().x1;
  for (const Box& rule : rules) x0 = std::min(x0, rule.x0), x1 = std::max(x1, rule.x1);
  const std::vector<double> splits = ColumnSplits(phrases, height, x0, x1);
  if (splits.empty()) return std::nullopt;

  // Rows: the lines, or in a table ruled under every row (most bands between two rules
  // hold one line) the lines between two rules.
  auto band = [&](const std::vector<Word>& line) {
    const double cy = line.front().box.cy();
    return std::ranges::count_if(rules, [&](const Box& rule) { return rule.cy() < cy; });
  };
  std::vector<int> per_band(rules.size() + 1, 0);
  for (const auto& line : lines) ++per_band[band(line)];
  const int bands = static_cast<int>(std::ranges::count_if(per_band, [](int n) { return n > 0; }));
  const int crowded =
      static_cast<int>(std::ranges::count_if(per_band, [](int n) { return n > 1; }));
  const bool ruled_rows = rules.size() >= 4 && crowded * 3 <= bands;
  std::vector<std::vector<Box>> rows;  // the phrases of each row
  for (size_t i = 0; i < lines.size(); ++i) {
    if (ruled_rows && i > 0 && band(lines[i]) == band(lines[i - 1])) {
      rows.back().insert(rows.back().end(), phrases[i].begin(), phrases[i].end());
    } else {
      rows.push_back(phrases[i]);
    }
  }

  Table table;
  table.rows = static_cast<int>(rows.size());
  table.cols = static_cast<int>(splits.size()) + 1;
  if (table.rows < 2 || table.rows * table.cols < options.min_cells) return std::nullopt;
  table.box = {x0, rules.front().y0, x1, rules.back().y1};
  std::vector<double> xs{x0};
  xs.insert(xs.end(), splits.begin(), splits.end());
  xs.push_back(x1);
  std::vector<Box> row_boxes;
  for (const auto& row : rows) {
    Box box;
    for (const Box& phrase : row) box = box.Union(phrase);
    row_boxes.push_back(box);
  }
  std::vector<double> ys{rules.front().cy()};
  for (size_t r = 0; r + 1 < rows.size(); ++r) {
    const double above = row_boxes[r].y1, below = row_boxes[r + 1].y0;
    auto rule = std::ranges::find_if(
        rules, [&](const Box& b) { return b.cy() >= above && b.cy() <= below; });
    ys.push_back(rule != rules.end() ? rule->cy() : (above + below) / 2);
  }
  ys.push_back(rules.back().cy());

  auto column_of = [&](double x) {
    return static_cast<int>(std::ranges::count_if(splits, [x](double s) { return s < x; }));
  };
  int rows_in_columns = 0;
  for (int r = 0; r < table.rows; ++r) {
    std::vector<int> span_to(table.cols);  // the last column of the cell starting at each
    for (int c = 0; c < table.cols; ++c) span_to[c] = c;
    std::vector<bool> filled(table.cols, false);
    for (const Box& phrase : rows[r]) {
      const int first = column_of(phrase.x0 + kSpanHeights * height);
      const int last = std::max(first, column_of(phrase.x1 - kSpanHeights * height));
      span_to[first] = std::max(span_to[first], last);
      filled[column_of(phrase.cx())] = true;
    }
    if (std::ranges::count(filled, true) >= 2) ++rows_in_columns;
    for (int c = 0; c < table.cols;) {
      int last = span_to[c];
      for (int k = c; k <= last; ++k) last = std::max(last, span_to[k]);  // overlapping spans
      Cell cell;
      cell.row = r, cell.col = c, cell.colspan = last - c + 1;
      cell.box = {xs[c], ys[r], xs[last + 1], ys[r + 1]};
      table.cells.push_back(std::move(cell));
      c = last + 1;
    }
  }
  if (rows_in_columns * 2 < table.rows) return std::nullopt;  // a paragraph, a list
  return table;
}

// A grid row is rows printed without rulings between them when its words make at least
// kMinUnruledRows lines, each with words in two cells or more, and at least kMinUnruledCells
// cells hold two lines or more. A cell whose text wraps leaves lines with words in that cell
// alone; a header whose every cell wraps onto two lines is not split.
constexpr int kMinUnruledRows = 3;
constexpr int kMinUnruledCells = 3;
// Nor is it when two of its cells or more hold wrapped text: every line but the last fills
// this much of the cell's width (年度总 / 体目标 beside a goal's three lines, lined up).
constexpr double kFullLine = 0.8;

// Splits grid row `row` of `table` into its text lines when they are unruled rows (above).
void SplitUnruledRow(Table& table, int row, const std::vector<Word>& words) {
  std::vector<size_t> in_row;  // the cells of the row, none spanning rows
  for (size_t i = 0; i < table.cells.size(); ++i) {
    const Cell& cell = table.cells[i];
    if (cell.row > row || cell.row + cell.rowspan <= row) continue;
    if (cell.rowspan != 1) return;
    in_row.push_back(i);
  }
  auto cell_of = [&](const Word& word) {
    for (size_t k = 0; k < in_row.size(); ++k) {
      if (table.cells[in_row[k]].box.Contains(word.box.cx(), word.box.cy())) return int(k);
    }
    return -1;
  };
  std::vector<Word> row_words;
  for (const Word& word : words) {
    if (cell_of(word) >= 0) row_words.push_back(word);
  }
  const std::vector<std::vector<Word>> lines = GroupLines(std::move(row_words));
  const int k = static_cast<int>(lines.size());
  if (k < kMinUnruledRows) return;
  std::vector<int> lines_per_cell(in_row.size(), 0);
  std::vector<int> full_lines(in_row.size(), 0);  // lines that fill the cell's width
  std::vector<bool> last_full(in_row.size(), false);
  std::vector<Box> line_boxes;
  for (const auto& line : lines) {
    std::vector<Box> in_cell(in_row.size());
    Box box;
    for (const Word& word : line) {
      in_cell[cell_of(word)] = in_cell[cell_of(word)].Union(word.box);
      box = box.Union(word.box);
    }
    int cells_on_line = 0;
    for (size_t c = 0; c < in_cell.size(); ++c) {
      if (in_cell[c].empty()) continue;
      last_full[c] = in_cell[c].width() >= kFullLine * table.cells[in_row[c]].box.width();
      ++cells_on_line, ++lines_per_cell[c], full_lines[c] += last_full[c];
    }
    if (cells_on_line < 2) return;  // a wrapped cell's line
    line_boxes.push_back(box);
  }
  if (std::ranges::count_if(lines_per_cell, [](int n) { return n >= 2; }) < kMinUnruledCells) {
    return;
  }
  int prose = 0;  // cells whose every line but the last fills them
  for (size_t c = 0; c < in_row.size(); ++c) {
    prose += lines_per_cell[c] >= 2 && full_lines[c] - last_full[c] == lines_per_cell[c] - 1;
  }
  if (prose >= 2) return;
  std::vector<Cell> cells;
  for (Cell& cell : table.cells) {
    if (cell.row > row) cell.row += k - 1;
    if (cell.row != row) cells.push_back(std::move(cell));
  }
  for (size_t i : in_row) {
    const Cell& whole = table.cells[i];
    for (int s = 0; s < k; ++s) {
      Cell cell;
      cell.row = row + s, cell.col = whole.col, cell.colspan = whole.colspan;
      cell.box = whole.box;
      if (s > 0) cell.box.y0 = (line_boxes[s - 1].y1 + line_boxes[s].y0) / 2;
      if (s + 1 < k) cell.box.y1 = (line_boxes[s].y1 + line_boxes[s + 1].y0) / 2;
      cells.push_back(std::move(cell));
    }
  }
  std::ranges::sort(cells, [](const Cell& a, const Cell& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  table.cells = std::move(cells);
  table.rows += k - 1;
}

}  // namespace

void SplitUnruledRows(std::vector<Table>& tables, const std::vector<Word>& words) {
  for (Table& table : tables) {
    for (int row = table.rows - 1; row >= 0; --row) SplitUnruledRow(table, row, words);
  }
}

std::vector<Table> FindOpenTables(const std::vector<Box>& rules, const std::vector<Table>& ruled,
                                  const std::vector<Word>& words, const LayoutOptions& options) {
  std::vector<Table> tables;
  if (rules.size() < 2) return tables;
  std::vector<Word> loose;
  for (const Word& word : words) {
    const bool held = std::ranges::any_of(
        ruled, [&](const Table& t) { return t.box.Contains(word.box.cx(), word.box.cy()); });
    if (!held) loose.push_back(word);
  }
  const double height = MedianHeight(loose);
  if (height <= 0) return tables;

  // Stacks of rules whose ends line up, each top to bottom.
  std::vector<std::vector<Box>> stacks;
  for (const Box& rule : rules) {
    auto lined_up = [&](const std::vector<Box>& stack) {
      const Box& last = stack.back();
      return std::abs(last.x0 - rule.x0) <= kEndsHeights * height &&
             std::abs(last.x1 - rule.x1) <= kEndsHeights * height;
    };
    auto stack = std::find_if(stacks.rbegin(), stacks.rend(), lined_up);
    if (stack == stacks.rend()) {
      stacks.push_back({rule});
    } else if (rule.cy() - stack->back().cy() > kDoubleRuleHeights * height) {
      stack->push_back(rule);
    }
  }

  for (const std::vector<Box>& stack : stacks) {
    if (stack.size() < 2) continue;
    Box band{stack.front().x0, stack.front().cy(), stack.front().x1, stack.back().cy()};
    for (const Box& rule : stack)
      band.x0 = std::min(band.x0, rule.x0), band.x1 = std::max(band.x1, rule.x1);
    if (Overlaps(ruled, band) || Overlaps(tables, band)) continue;
    std::vector<Word> inside;
    for (const Word& word : loose) {
      if (band.Contains(word.box.cx(), word.box.cy())) inside.push_back(word);
    }
    if (std::optional<Table> table = BuildOpenTable(stack, std::move(inside), height, options)) {
      tables.push_back(std::move(*table));
    }
  }
  return tables;
}

}  // namespace jixiao
