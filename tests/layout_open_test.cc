// FindOpenTables: tables ruled across only, from hand-placed rules and words (text 20 px
// high, a CJK character 20 px wide, an ASCII one 10 px), asserted through Dump after
// PlaceWords; and what must not become a table (a paragraph or a list between two rules, a
// lone rule, rules a ruled table holds). SplitUnruledRows: a ruled grid row holding unruled
// rows is split; a row with a wrapped cell, wrapped text in cells side by side or a two-line
// header is not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "layout/layout.h"

namespace jixiao {
namespace {

// A rule from x 100 to 700 at `y`.
Box Rule(double y) { return {100, y - 1, 700, y + 1}; }

// `text` set from x0 on the line whose top is y.
Word Put(const std::string& text, double x0, double y) {
  double width = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += n == 1 ? 10 : 20;
    i += n;
  }
  return Word{text, {x0, y, x0 + width, y + 20}, 1.0, false};
}

// Every character of `text` (CJK) as a word of its own, as a text layer may give them.
std::vector<Word> PutChars(const std::string& text, double x0, double y) {
  std::vector<Word> words;
  for (size_t i = 0; i < text.size(); i += 3, x0 += 22)
    words.push_back(Put(text.substr(i, 3), x0, y));
  return words;
}

std::vector<Word> Join(std::vector<std::vector<Word>> parts) {
  std::vector<Word> out;
  for (auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Three columns at x 120, 350, 550.
std::vector<Word> Body(double y, const char* a, const char* b, const char* c) {
  return {Put(a, 120, y), Put(b, 350, y), Put(c, 550, y)};
}

struct Case {
  const char* name;
  std::vector<Box> rules;
  std::vector<Word> words;
  std::string dump;  // "" = no table
};

const Case kCases[] = {
    {"three_line_table",
     {Rule(100), Rule(140), Rule(260)},
     Join({Body(110, "项目", "预算", "执行"), Body(150, "资金", "12.50", "11.00"),
           Body(180, "人数", "305", "298"), Body(210, "合计", "317.5", "309")}),
     "table{row{cell{项目}cell{预算}cell{执行}}row{cell{资金}cell{12.50}cell{11.00}}"
     "row{cell{人数}cell{305}cell{298}}row{cell{合计}cell{317.5}cell{309}}}"},
    {"header_spanning_two_columns",
     // "二〇二二年度" (390-510) over the columns at 350 and 550, one word per character.
     {Rule(100), Rule(170), Rule(290)},
     Join({{Put("项目", 120, 105)},
           PutChars("二〇二二年度", 390, 105),
           {Put("预算", 350, 135), Put("执行", 550, 135)},
           Body(180, "资金", "12.50", "11.00"),
           Body(210, "人数", "305", "298"),
           Body(240, "合计", "317.5", "309")}),
     "table{row{cell{项目}cell[cs=2]{二〇二二年度}}row{cell{}cell{预算}cell{执行}}"
     "row{cell{资金}cell{12.50}cell{11.00}}row{cell{人数}cell{305}cell{298}}"
     "row{cell{合计}cell{317.5}cell{309}}}"},
    {"ruled_under_every_row_with_a_wrapped_cell",
     {Rule(100), Rule(140), Rule(180), Rule(230), Rule(270)},
     Join({Body(110, "项目", "预算", "执行"),
           Body(150, "资金", "12.50", "11.00"),
           {Put("医疗保障", 120, 184), Put("9.41", 350, 195), Put("8.00", 550, 195),
            Put("救助资金", 120, 206)},
           Body(240, "合计", "21.91", "19.00")}),
     "table{row{cell{项目}cell{预算}cell{执行}}row{cell{资金}cell{12.50}cell{11.00}}"
     "row{cell{医疗保障救助资金}cell{9.41}cell{8.00}}row{cell{合计}cell{21.91}cell{19.00}}}"},
    {"ragged_long_texts_split_nothing",
     // Centred texts of 2 to 6 characters in the last column: the few long ones stick out.
     {Rule(100), Rule(140), Rule(260)},
     {Put("项目", 120, 110), Put("预算", 350, 110), Put("救助", 590, 110), Put("资金", 120, 150),
      Put("12.50", 350, 150), Put("年度管理管理", 550, 150), Put("人数", 120, 180),
      Put("305", 350, 180), Put("经费", 590, 180), Put("合计", 120, 210), Put("317.5", 350, 210),
      Put("单位", 590, 210)},
     "table{row{cell{项目}cell{预算}cell{救助}}row{cell{资金}cell{12.50}cell{年度管理管理}}"
     "row{cell{人数}cell{305}cell{经费}}row{cell{合计}cell{317.5}cell{单位}}}"},
    {"paragraph_between_two_rules",
     {Rule(100), Rule(200)},
     {Put("通过各种形式进行宣传提高城乡居民缴纳医疗保险认知度落实全民参保工作", 100, 110),
      Put("要求确保资金", 100, 140), Put("及时足额到位", 100, 170)},
     ""},
    {"list_between_two_rules",
     {Rule(100), Rule(200)},
     {Put("1.资金到位率100%", 120, 110), Put("2.项目完成率98%", 120, 140),
      Put("3.群众满意度95%以上", 120, 170)},
     ""},
    {"one_rule",
     {Rule(100)},
     Join({Body(110, "项目", "预算", "执行"), Body(150, "资金", "12.50", "11.00")}),
     ""},
    {"rules_of_different_widths",
     {Rule(100), {300, 139, 700, 141}},
     Join({Body(110, "项目", "预算", "执行")}),
     ""},
};

TEST(FindOpenTablesTest, Cases) {
  for (const Case& c : kCases) {
    std::vector<Table> tables = FindOpenTables(c.rules, {}, c.words);
    if (c.dump.empty()) {
      EXPECT_TRUE(tables.empty()) << c.name << ": " << (tables.empty() ? "" : Dump(tables[0]));
      continue;
    }
    ASSERT_EQ(tables.size(), 1u) << c.name;
    PageLayout layout = PlaceWords(1, tables, c.words);
    ASSERT_EQ(layout.tables.size(), 1u) << c.name;
    EXPECT_EQ(Dump(layout.tables[0]), c.dump) << c.name;
    EXPECT_TRUE(layout.lines.empty()) << c.name << ": " << layout.lines[0].text;
  }
}

TEST(FindOpenTablesTest, IgnoresWhatARuledTableHolds) {
  // The rules and words of the three-line table lie inside a ruled table's box.
  Table ruled;
  ruled.rows = ruled.cols = 1;
  ruled.box = {90, 90, 710, 300};
  std::vector<Word> words =
      Join({Body(110, "项目", "预算", "执行"), Body(150, "资金", "12.50", "11.00")});
  EXPECT_TRUE(FindOpenTables({Rule(100), Rule(140), Rule(260)}, {ruled}, words).empty());
}

TEST(FindOpenTablesTest, CaptionAndNotesStayLines) {
  std::vector<Word> words = Join({{Put("表1 资金情况", 100, 70)},
                                  Body(110, "项目", "预算", "执行"),
                                  Body(150, "资金", "12.50", "11.00"),
                                  Body(180, "人数", "305", "298"),
                                  {Put("注:单位万元", 100, 270)}});
  std::vector<Table> tables = FindOpenTables({Rule(100), Rule(140), Rule(210)}, {}, words);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, 3);
  EXPECT_EQ(tables[0].cols, 3);
  PageLayout layout = PlaceWords(1, tables, words);
  ASSERT_EQ(layout.lines.size(), 2u);
  EXPECT_EQ(layout.lines[0].text, "表1 资金情况");
  EXPECT_EQ(layout.lines[1].text, "注:单位万元");
}

// Columns ruled at 100, 300, 500, 700; rows ruled at 100, 140 (header) and 260 (body).
Table ColumnRuled() {
  Table table;
  table.rows = 2, table.cols = 3;
  table.box = {99, 99, 701, 261};
  const double xs[] = {100, 300, 500, 700}, ys[] = {100, 140, 260};
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 3; ++c) {
      Cell cell;
      cell.row = r, cell.col = c;
      cell.box = {xs[c] + 2, ys[r] + 2, xs[c + 1] - 2, ys[r + 1] - 2};
      table.cells.push_back(cell);
    }
  }
  return table;
}

struct SplitCase {
  const char* name;
  std::vector<Word> words;
  std::string dump;
};

const SplitCase kSplitCases[] = {
    {"unruled_body_rows",
     Join({Body(110, "项目", "预算", "执行"), Body(150, "资金", "12.50", "11.00"),
           Body(180, "人数", "305", "298"), Body(210, "合计", "317.5", "309")}),
     "table{row{cell{项目}cell{预算}cell{执行}}row{cell{资金}cell{12.50}cell{11.00}}"
     "row{cell{人数}cell{305}cell{298}}row{cell{合计}cell{317.5}cell{309}}}"},
    {"a_blank_entry_still_splits",
     Join({Body(110, "项目", "预算", "执行"),
           Body(150, "资金", "12.50", "11.00"),
           {Put("人数", 120, 180), Put("298", 550, 180)},
           Body(210, "合计", "317.5", "309")}),
     "table{row{cell{项目}cell{预算}cell{执行}}row{cell{资金}cell{12.50}cell{11.00}}"
     "row{cell{人数}cell{}cell{298}}row{cell{合计}cell{317.5}cell{309}}}"},
    {"wrapped_cell_beside_one_line_cells",
     // Three lines in the last cell, one in the others: one row.
     Join({Body(110, "项目", "预算", "执行"),
           {Put("资金", 120, 180), Put("12.50", 350, 180), Put("通过完成该项目", 510, 150),
            Put("对村级代办员", 510, 180), Put("及时发放补助", 510, 210)}}),
     "table{row{cell{项目}cell{预算}cell{执行}}"
     "row{cell{资金}cell{12.50}cell{通过完成该项目对村级代办员及时发放补助}}}"},
    {"text_wrapped_in_cells_beside_each_other",
     // Two goals of three lines (the first two fill their cells), and 年度 / 总体 / 目标.
     {Put("年度", 120, 150), Put("总体", 120, 180), Put("目标", 120, 210),
      Put("通过各种形式进行宣", 310, 150), Put("传提高城乡居民缴纳", 310, 180),
      Put("认知度", 310, 210), Put("目标按计划完成全县", 510, 150),
      Put("参保人数达到十万人", 510, 180), Put("以上", 510, 210)},
     "table{row{cell{}cell{}cell{}}row{cell{年度总体目标}cell{"
     "通过各种形式进行宣传提高城乡居民缴纳认知度}"
     "cell{目标按计划完成全县参保人数达到十万人以上}}}"},
    {"two_lines_in_every_cell",
     // A header-like row whose every cell wraps once: under three lines, one row.
     Join({Body(110, "项目", "预算", "执行"), Body(170, "年初", "全年", "全年"),
           Body(195, "预算数", "预算数", "执行数")}),
     "table{row{cell{项目}cell{预算}cell{执行}}row{cell{年初预算数}cell{全年预算数}cell{全年执行数}"
     "}}"},
};

TEST(SplitUnruledRowsTest, Cases) {
  for (const SplitCase& c : kSplitCases) {
    std::vector<Table> tables{ColumnRuled()};
    SplitUnruledRows(tables, c.words);
    PageLayout layout = PlaceWords(1, tables, c.words);
    ASSERT_EQ(layout.tables.size(), 1u) << c.name;
    EXPECT_EQ(Dump(layout.tables[0]), c.dump) << c.name;
  }
}

TEST(SplitUnruledRowsTest, LeavesRowsWithARowspan) {
  Table table = ColumnRuled();
  table.cells.erase(table.cells.begin() + 3);  // column 0 spans both rows
  table.cells[0].rowspan = 2;
  table.cells[0].box.y1 = 258;
  std::vector<Table> tables{table};
  SplitUnruledRows(tables,
                   Join({Body(150, "资金", "12.50", "11.00"), Body(180, "人数", "305", "298"),
                         Body(210, "合计", "317.5", "309")}));
  EXPECT_EQ(tables[0].rows, 2);
  EXPECT_EQ(tables[0].cells.size(), 5u);
}

}  // namespace
}  // namespace jixiao
