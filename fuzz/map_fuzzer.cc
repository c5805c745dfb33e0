// Fuzz target: the pattern-driven field mapper (MapDocument) and the checker on its records,
// fed page layouts written as text (see fuzz/corpus/map/ for examples, made from samples/):
//
//   #page                 starts a page (one is started implicitly)
//   #table                starts a table on the current page; its lines are rows
//   a|b|<|c               a row: cells split by '|'; "<" merges into the cell on the left
//   x|^|y                 "^" merges into the cell above (one column wide cells only)
//   #lines                the following lines are text lines outside tables, until #table
//
// Short rows are padded with empty cells, so every grid slot is covered exactly once, as
// layout guarantees. Boxes are synthesized top to bottom in input order.
// Oracle: no crash or sanitizer report; every record is a JSON object with "form" and
// "source"."pages" within the document's pages.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "check/check.h"
#include "fuzz_util.h"

using namespace jixiao;

namespace {

constexpr double kColWidth = 120, kRowHeight = 40, kLineHeight = 30;

struct Builder {
  std::vector<PageLayout> pages;
  std::vector<std::vector<std::string>> rows;  // of the table being read
  bool in_table = false;
  double y = 50;

  PageLayout& page() {
    if (pages.empty()) NewPage();
    return pages.back();
  }
  void NewPage() {
    FinishTable();
    pages.push_back({});
    pages.back().page = static_cast<int>(pages.size());
    y = 50;
  }
  void FinishTable() {
    if (!in_table) return;
    in_table = false;
    if (rows.empty()) return;
    size_t cols = 0;
    for (const auto& row : rows) cols = std::max(cols, row.size());
    Table table;
    table.page = page().page;
    table.rows = static_cast<int>(rows.size());
    table.cols = static_cast<int>(cols);
    table.box = {50, y, 50 + kColWidth * cols, y + kRowHeight * rows.size()};
    // owner[r][c]: index into table.cells.
    std::vector<std::vector<int>> owner(rows.size(), std::vector<int>(cols, -1));
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < cols; ++c) {
        const std::string text = c < rows[r].size() ? rows[r][c] : "";
        if (text == "<" && c > 0) {
          Cell& left = table.cells[owner[r][c - 1]];
          if (left.row == static_cast<int>(r) && left.rowspan == 1) {
            ++left.colspan;
            owner[r][c] = owner[r][c - 1];
            continue;
          }
        }
        if (text == "^" && r > 0) {
          Cell& above = table.cells[owner[r - 1][c]];
          if (above.colspan == 1 && above.row + above.rowspan == static_cast<int>(r)) {
            ++above.rowspan;
            owner[r][c] = owner[r - 1][c];
            continue;
          }
        }
        Cell cell;
        cell.row = static_cast<int>(r);
        cell.col = static_cast<int>(c);
        cell.text = text;
        owner[r][c] = static_cast<int>(table.cells.size());
        table.cells.push_back(cell);
      }
    }
    for (Cell& cell : table.cells) {
      cell.box = {50 + kColWidth * cell.col, y + kRowHeight * cell.row,
                  50 + kColWidth * (cell.col + cell.colspan), y + kRowHeight * (cell.row + cell.rowspan)};
      if (!cell.text.empty()) cell.words.push_back({cell.text, cell.box, 1.0, false});
    }
    // Cells sorted by (row, col), as layout.h promises.
    std::stable_sort(table.cells.begin(), table.cells.end(), [](const Cell& a, const Cell& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    y = table.box.y1 + 20;
    page().tables.push_back(std::move(table));
    rows.clear();
  }
  void Line(const std::string& line) {
    if (line == "#page") return NewPage();
    if (line == "#table") {
      FinishTable();
      page();
      in_table = true;
      return;
    }
    if (line == "#lines") return FinishTable();
    if (in_table) {
      std::vector<std::string> cells;
      std::string cell;
      std::istringstream split(line);
      while (std::getline(split, cell, '|')) cells.push_back(cell);
      if (!line.empty() && line.back() == '|') cells.push_back("");
      if (cells.size() > 64) cells.resize(64);  // bounded like a real page
      rows.push_back(std::move(cells));
      return;
    }
    page().lines.push_back({line, {50, y, 50 + 12.0 * line.size(), y + kLineHeight}, 1.0});
    y += kLineHeight;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // a page of forms is a few kilobytes of text
  const Patterns& p = fuzz::LoadedPatterns();
  Builder builder;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string line; std::getline(in, line);) {
    if (builder.pages.size() > 16) break;
    builder.Line(line);
  }
  builder.FinishTable();

  std::vector<Json> records = MapDocument(p, builder.pages);
  for (Json& record : records) {
    JIXIAO_FUZZ_CHECK(record.is_object() && record.contains("form"));
    JIXIAO_FUZZ_CHECK(record.contains("source") && record["source"].contains("pages"));
    for (const Json& page : record["source"]["pages"]) {
      JIXIAO_FUZZ_CHECK(page.is_number_integer() && page.get<int>() >= 1 &&
                        page.get<int>() <= static_cast<int>(builder.pages.size()));
    }
    CheckRecord(record);
    (void)record.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  CheckDocument(records);
  return 0;
}
