// Table layout: ruling lines on a page image → grid with row/column spans → text in cells.
//
// In:  a Page (its `gray` image and its `words`, in page pixels at page.dpi).
// Out: a PageLayout: every ruled table found (cells with spans, boxes and text) and the text
//      lines outside the tables (titles, "( 2022 年度 )", signature lines), top to bottom.
//
// The algorithm works on any ruled table, not on one form's geometry:
//   1. binarize; horizontal and vertical rulings by morphological opening with lengths scaled
//      to dpi (broken, faint, thick and slightly skewed lines are closed first); a table
//      printed without its outer vertical rulings gets them where its horizontal ones end;
//   2. the rulings' positions, clustered, give the grid's row and column separators;
//   3. a cell is a grid rectangle whose inner separators are absent: a missing vertical
//      segment between two grid cells merges them into a colspan, a missing horizontal one into
//      a rowspan;
//   4. words are placed into the cell that holds their box's centre; a cell's text is its
//      words in reading order, lines joined without inventing spaces (a space is kept only
//      where the source had one between two ASCII letters/digits).
// A page with no rulings yields no tables; all its words then come out as lines.
#ifndef JIXIAO_LAYOUT_LAYOUT_H_
#define JIXIAO_LAYOUT_LAYOUT_H_

#include <string>
#include <vector>

#include "common/page.h"

namespace jixiao {

struct Cell {
  int row = 0, col = 0;          // top-left grid position, 0-based
  int rowspan = 1, colspan = 1;
  Box box;                       // page pixels, inside the rulings
  std::string text;              // words joined as described above; not normalized
  double confidence = 1.0;       // lowest word confidence in the cell; 1 when empty
  std::vector<Word> words;       // the words placed here, in reading order
};

struct Table {
  int page = 0;                  // 1-based
  Box box;                       // outer rulings
  int rows = 0, cols = 0;
  std::vector<Cell> cells;       // sorted by (row, col); each grid slot covered exactly once

  // The cell covering grid slot (row, col), or nullptr outside the grid.
  const Cell* At(int row, int col) const;
};

struct TextLine {
  std::string text;              // words of one line joined as for cells
  Box box;
  double confidence = 1.0;
};

struct PageLayout {
  int page = 0;
  std::vector<Table> tables;     // top to bottom
  std::vector<TextLine> lines;   // text outside every table, top to bottom
};

struct LayoutOptions {
  // Shortest ruling, as a fraction of an inch (Tesseract uses dpi/4 for min_line_length).
  double min_line_inches = 0.25;
  // A table needs at least this many cells to count (fewer is a box or an underline).
  int min_cells = 4;
};

// Finds the ruled tables of `page` (cell geometry only: text empty, words empty).
// An empty or missing image yields no tables.
std::vector<Table> FindTables(const Page& page, const LayoutOptions& options = {});

// Places `words` into the cells of `tables` and gathers the rest into lines.
PageLayout PlaceWords(int page_number, std::vector<Table> tables, const std::vector<Word>& words);

// FindTables followed by PlaceWords on page.words.
PageLayout AnalyzePage(const Page& page, const LayoutOptions& options = {});

// Joins words (already in reading order) into text: lines joined without a separator; a
// single space kept only where the source put one between two ASCII letters or digits.
std::string JoinWords(const std::vector<Word>& words);

// Canonical dump for tests: table{row{cell{项目名称}cell[cs=8]{…}}row{…}} — one row{} per
// grid row, listing the cells that start in that row; [rs=N] / [cs=N] when a span is > 1.
std::string Dump(const Table& table);

// SPEC.md's html: <table><tr><td rowspan=.. colspan=..>text</td>…</tr>…</table>, cell text
// normalized (NFKC, comparators, white space) and HTML-escaped.
std::string Html(const Table& table);

}  // namespace jixiao

#endif  // JIXIAO_LAYOUT_LAYOUT_H_
