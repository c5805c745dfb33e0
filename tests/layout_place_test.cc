// PlaceWords / AnalyzePage: fake words with boxes go into hand-made cells (by box centre, in
// reading order, joined by JoinWords) or out into lines; asserted through Dump and line texts.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include "layout/layout.h"

namespace jixiao {
namespace {

// A table whose column separators are at `xs` and row separators at `ys` (pixels), with the
// given merged cells; cell boxes sit 2 px inside the separators.
struct Merge {
  int row, col, rowspan, colspan;
};
Table MakeTable(const std::vector<double>& xs, const std::vector<double>& ys,
                const std::vector<Merge>& merges) {
  Table table;
  table.rows = ys.size() - 1;
  table.cols = xs.size() - 1;
  table.box = {xs.front() - 1, ys.front() - 1, xs.back() + 1, ys.back() + 1};
  std::vector<int> owner(table.rows * table.cols, -1);
  for (size_t i = 0; i < merges.size(); ++i) {
    const Merge& m = merges[i];
    for (int r = m.row; r < m.row + m.rowspan; ++r) {
      for (int c = m.col; c < m.col + m.colspan; ++c) owner[r * table.cols + c] = i;
    }
  }
  for (int r = 0; r < table.rows; ++r) {
    for (int c = 0; c < table.cols; ++c) {
      int rs = 1, cs = 1;
      int o = owner[r * table.cols + c];
      if (o >= 0) {
        const Merge& m = merges[o];
        if (m.row != r || m.col != c) continue;
        rs = m.rowspan, cs = m.colspan;
      }
      Cell cell;
      cell.row = r, cell.col = c, cell.rowspan = rs, cell.colspan = cs;
      cell.box = {xs[c] + 2, ys[r] + 2, xs[c + cs] - 2, ys[r + rs] - 2};
      table.cells.push_back(cell);
    }
  }
  return table;
}

Word W(const char* text, double x0, double y0, double x1, double y1, double confidence = 1.0,
       bool space_after = false) {
  return Word{text, {x0, y0, x1, y1}, confidence, space_after};
}

// 3 columns (100..300, 300..500, 500..700) × 3 rows (100..160, 160..260, 260..320); the
// first cell of row 0 spans two columns, column 0 spans rows 1–2.
Table Form() { return MakeTable({100, 300, 500, 700}, {100, 160, 260, 320}, {{0, 0, 1, 2}, {1, 0, 2, 1}}); }

struct Case {
  const char* name;
  std::vector<Word> words;
  std::string dump;
  std::vector<std::string> lines;
};

const Case kCases[] = {
    {"empty", {}, "table{row{cell[cs=2]{}cell{}}row{cell[rs=2]{}cell{}cell{}}row{cell{}cell{}}}", {}},
    {"one_word_per_cell",
     {W("项目名称", 110, 110, 200, 140), W("合计", 510, 110, 560, 140),
      W("261.35", 310, 190, 380, 220), W("100%", 610, 280, 660, 300)},
     "table{row{cell[cs=2]{项目名称}cell{合计}}row{cell[rs=2]{}cell{261.35}cell{}}"
     "row{cell{}cell{100%}}}",
     {}},
    {"multi_line_cell_joined_without_space",
     // Given bottom line first and right word first: reading order is restored.
     {W("指标", 110, 215, 150, 240), W("绩效", 110, 180, 150, 205, 1.0, true),
      W("偏差", 310, 170, 350, 195), W("分析", 355, 170, 395, 195)},
     "table{row{cell[cs=2]{}cell{}}row{cell[rs=2]{绩效指标}cell{偏差分析}cell{}}row{cell{}cell{}}}",
     {}},
    {"ascii_words_keep_one_space",
     {W("cost", 370, 170, 410, 190), W("Total", 310, 170, 360, 190, 1.0, true),
      W("2022", 510, 170, 550, 190, 1.0, true), W("年", 552, 170, 570, 190)},
     "table{row{cell[cs=2]{}cell{}}row{cell[rs=2]{}cell{Total cost}cell{2022年}}row{cell{}cell{}}}",
     {}},
    {"straddling_word_goes_by_centre",
     // Centre x = 290 (column 0 side of the separator at 300); centre x = 520 (column 2).
     {W("跨界", 250, 280, 330, 300), W("右侧", 480, 280, 560, 300)},
     "table{row{cell[cs=2]{}cell{}}row{cell[rs=2]{跨界}cell{}cell{}}row{cell{}cell{右侧}}}",
     {}},
    {"centre_on_ruling_goes_to_nearest_cell",
     // 甲's centre (301, 130) is over the hidden separator at 300, inside the colspan cell
     // (0,0). 乙's centre (499.5, 200) is in the gap between (1,1) (ends at 498) and (1,2)
     // (starts at 502): the nearer is (1,1).
     {W("甲", 296, 120, 306, 140), W("乙", 497, 190, 502, 210)},
     "table{row{cell[cs=2]{甲}cell{}}row{cell[rs=2]{}cell{乙}cell{}}row{cell{}cell{}}}",
     {}},
    {"words_outside_become_lines_top_to_bottom",
     {W("填报日期：2024年3月19日", 400, 60, 700, 85), W("（盖章）", 200, 62, 280, 84),
      W("填报单位：", 100, 60, 190, 85), W("绩效自评表", 250, 20, 450, 50),
      W("单位负责人：", 100, 340, 220, 365), W("项目名称", 110, 110, 200, 140)},
     "table{row{cell[cs=2]{项目名称}cell{}}row{cell[rs=2]{}cell{}cell{}}row{cell{}cell{}}}",
     {"绩效自评表", "填报单位：（盖章）填报日期：2024年3月19日", "单位负责人："}},
};

TEST(PlaceWordsTest, Cases) {
  for (const Case& c : kCases) {
    PageLayout layout = PlaceWords(3, {Form()}, c.words);
    EXPECT_EQ(layout.page, 3) << c.name;
    ASSERT_EQ(layout.tables.size(), 1u) << c.name;
    EXPECT_EQ(layout.tables[0].page, 3) << c.name;
    EXPECT_EQ(Dump(layout.tables[0]), c.dump) << c.name;
    std::vector<std::string> lines;
    for (const TextLine& line : layout.lines) lines.push_back(line.text);
    EXPECT_EQ(lines, c.lines) << c.name;
  }
}

TEST(PlaceWordsTest, CellWordsConfidenceAndLineBoxes) {
  std::vector<Word> words = {W("二", 150, 200, 170, 220, 0.9), W("一", 110, 170, 130, 190, 0.7),
                             W("标题", 300, 20, 400, 50, 0.8), W("副", 420, 25, 440, 45, 0.6)};
  PageLayout layout = PlaceWords(1, {Form()}, words);
  const Cell* cell = layout.tables[0].At(2, 0);  // the rowspan cell
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->row, 1);
  ASSERT_EQ(cell->words.size(), 2u);
  EXPECT_EQ(cell->words[0].text, "一");
  EXPECT_EQ(cell->words[1].text, "二");
  EXPECT_DOUBLE_EQ(cell->confidence, 0.7);
  EXPECT_DOUBLE_EQ(layout.tables[0].At(0, 0)->confidence, 1.0);  // empty cell
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_EQ(layout.lines[0].text, "标题副");
  EXPECT_DOUBLE_EQ(layout.lines[0].confidence, 0.6);
  EXPECT_DOUBLE_EQ(layout.lines[0].box.x0, 300);
  EXPECT_DOUBLE_EQ(layout.lines[0].box.x1, 440);
  EXPECT_DOUBLE_EQ(layout.lines[0].box.y0, 20);
  EXPECT_DOUBLE_EQ(layout.lines[0].box.y1, 50);
}

TEST(PlaceWordsTest, TwoTablesAndNoTables) {
  Table upper = MakeTable({100, 200, 300}, {100, 150, 200}, {});
  Table lower = MakeTable({100, 200, 300}, {400, 450, 500}, {});
  std::vector<Word> words = {W("下", 110, 410, 130, 430), W("上", 210, 160, 230, 180),
                             W("中间", 100, 300, 150, 320)};
  // Tables given bottom first come out top to bottom.
  PageLayout layout = PlaceWords(1, {lower, upper}, words);
  ASSERT_EQ(layout.tables.size(), 2u);
  EXPECT_EQ(Dump(layout.tables[0]), "table{row{cell{}cell{}}row{cell{}cell{上}}}");
  EXPECT_EQ(Dump(layout.tables[1]), "table{row{cell{下}cell{}}row{cell{}cell{}}}");
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_EQ(layout.lines[0].text, "中间");

  PageLayout plain = PlaceWords(2, {}, words);
  EXPECT_TRUE(plain.tables.empty());
  std::vector<std::string> texts;
  for (const TextLine& line : plain.lines) texts.push_back(line.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"上", "中间", "下"}));
}

// AnalyzePage end to end on a drawn 2×2 table with words from a fake text source.
TEST(AnalyzePageTest, DrawnTableWithWords) {
  const double dpi = 200;
  Pix* pix1 = pixCreate(1654, 2339, 1);
  // Rulings 2 px thick: columns at 200, 600, 1000; rows at 300, 380, 460.
  for (int x : {200, 600, 1000}) pixRenderLine(pix1, x, 300, x, 460, 2, L_SET_PIXELS);
  for (int y : {300, 380, 460}) pixRenderLine(pix1, 200, y, 1000, y, 2, L_SET_PIXELS);
  Page page;
  page.number = 4;
  page.dpi = dpi;
  page.gray.reset(pixConvert1To8(nullptr, pix1, 255, 0));
  pixDestroy(&pix1);
  page.words = {W("主管部门", 220, 320, 380, 360), W("205-医保局", 620, 320, 800, 360),
                W("实施单位", 220, 400, 380, 440), W("贡觉县", 620, 400, 700, 440),
                W("医疗保障局", 620, 445, 760, 458), W("填报单位：", 200, 200, 320, 240)};
  PageLayout layout = AnalyzePage(page);
  EXPECT_EQ(layout.page, 4);
  ASSERT_EQ(layout.tables.size(), 1u);
  EXPECT_EQ(Dump(layout.tables[0]),
            "table{row{cell{主管部门}cell{205-医保局}}row{cell{实施单位}cell{贡觉县医疗保障局}}}");
  EXPECT_NEAR(layout.tables[0].box.x0, 199, 3);
  EXPECT_NEAR(layout.tables[0].box.y1, 461, 3);
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_EQ(layout.lines[0].text, "填报单位：");

  Page blank;  // no image: every word is a line
  blank.words = {W("甲", 0, 0, 10, 10)};
  PageLayout none = AnalyzePage(blank);
  EXPECT_TRUE(none.tables.empty());
  ASSERT_EQ(none.lines.size(), 1u);
}

}  // namespace
}  // namespace jixiao
