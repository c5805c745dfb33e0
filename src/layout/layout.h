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
// A page with no rulings yields no tables; all its words then come out as lines. Tables ruled
// across only are found from their words (FindOpenTables).
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
// An empty or missing image yields no tables. With `loose_rules`, it also gets the horizontal
// rulings at least an inch long that none of the tables holds, top to bottom: the rules of
// tables printed without vertical rulings, for FindOpenTables.
std::vector<Table> FindTables(const Page& page, const LayoutOptions& options = {},
                              std::vector<Box>* loose_rules = nullptr);

// Tables ruled across only (no vertical rulings): a "three-line table" (a rule above and
// below its header and one at its foot, the usual style of statistical tables), or a rule
// under every row. FindTables sees no cells there, so they are found from the words:
//
//   ━━━━━━━━━━━━━━━━━━━━━━━━━━━   rules whose ends line up, one under the other, are one
//    项目     2022年      增长       table's; the words between the first and the last rule,
//            预算  执行              in lines, are its rows (ruled under every row: the words
//   ───────────────────────────   between two rules are one row); its columns are split
//    资金   12.50  11.00  4.2%      where every line but a few (a header spanning columns)
//    人数   305    298    1.1%      leaves a gap of at least kMinGapHeights of the text's
//   ━━━━━━━━━━━━━━━━━━━━━━━━━━━   height; a word across a split spans those columns.
//
// `rules` come from FindTables; `ruled` are its tables (their words and rules are not
// looked at); `words` are the page's. Cell geometry only, as FindTables. Found: at least 2
// rows and 2 columns with words in 2 columns or more in most rows; else nothing (a paragraph
// between two rules, a running head and foot).
std::vector<Table> FindOpenTables(const std::vector<Box>& rules, const std::vector<Table>& ruled,
                                  const std::vector<Word>& words,
                                  const LayoutOptions& options = {});

// Splits the grid rows of `tables` that hold several rows printed without rulings between
// them (a table ruled down its columns only) into one row per text line of `words`: when
// the row has at least 3 lines, each with words in two cells or more, and at least 3 of its
// cells hold two lines or more (a wrapped cell's lines have words in it alone), and fewer than
// two of its cells hold wrapped text (every line but the last fills the cell). Rows with a
// cell spanning rows are left as they are.
void SplitUnruledRows(std::vector<Table>& tables, const std::vector<Word>& words);

// Words grouped into text lines: a word joins the line it overlaps most vertically, by at
// least half the lower of the two heights. Lines top to bottom, words left to right.
std::vector<std::vector<Word>> GroupLines(std::vector<Word> words);

// Places `words` into the cells of `tables` and gathers the rest into lines.
PageLayout PlaceWords(int page_number, std::vector<Table> tables, const std::vector<Word>& words);

// FindTables, SplitUnruledRows and FindOpenTables followed by PlaceWords on page.words.
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
