// FindTables on synthetic pages drawn with Leptonica: each case draws a ruled table (spans,
// broken, thick, skewed, noisy, seal-crossed rulings; several tables; no table) at a given dpi
// and asserts the grid dump and the cell boxes against the drawn geometry.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include "layout/layout.h"

namespace jixiao {
namespace {

struct Span {
  int row, col, rowspan, colspan;
};

// A ruled table to draw: column widths and row heights in inches, merged cells.
struct Spec {
  std::vector<double> cols;
  std::vector<double> rows;
  std::vector<Span> spans;
};

enum Damage : unsigned {
  kNone = 0,
  kBroken = 1,       // rulings drawn as long dashes with small gaps
  kNoise = 2,        // salt and pepper, 2 % each
  kSeal = 4,         // a mid-gray ring and disk over rulings
  kRotate = 8,       // 0.4°
  kFaint = 16,       // rulings gray 170 instead of black
  kTextBlobs = 32,   // character-like blobs inside the cells
  kOpenSides = 64,   // no outer vertical rulings: the horizontal ones end in the open
};

// Sets pixels of an 8 bpp image to min(old, value) in a rectangle (ink over ink stays dark).
void Ink(Pix* pix, int x, int y, int w, int h, int value) {
  int width = pixGetWidth(pix), height = pixGetHeight(pix);
  for (int yy = std::max(0, y); yy < std::min(height, y + h); ++yy) {
    for (int xx = std::max(0, x); xx < std::min(width, x + w); ++xx) {
      l_uint32 old = 0;
      pixGetPixel(pix, xx, yy, &old);
      if (static_cast<int>(old) > value) pixSetPixel(pix, xx, yy, value);
    }
  }
}

PixPtr WhitePage(int width, int height) {
  Pix* pix = pixCreate(width, height, 8);
  pixSetAll(pix);
  return PixPtr(pix);
}

std::vector<int> Edges(double origin, const std::vector<double>& sizes, double dpi) {
  std::vector<int> edges{static_cast<int>(std::lround(origin))};
  double at = origin;
  for (double size : sizes) edges.push_back(static_cast<int>(std::lround(at += size * dpi)));
  return edges;
}

// Cells of a spec: the spans plus a 1×1 cell for every slot no span covers.
std::vector<Span> CellsOf(const Spec& spec) {
  int nrows = spec.rows.size(), ncols = spec.cols.size();
  std::vector<int> covered(nrows * ncols, 0);
  for (const Span& s : spec.spans) {
    for (int r = s.row; r < s.row + s.rowspan; ++r) {
      for (int c = s.col; c < s.col + s.colspan; ++c) covered[r * ncols + c] = 1;
    }
  }
  std::vector<Span> cells = spec.spans;
  for (int r = 0; r < nrows; ++r) {
    for (int c = 0; c < ncols; ++c) {
      if (!covered[r * ncols + c]) cells.push_back({r, c, 1, 1});
    }
  }
  return cells;
}

// A horizontal or vertical ruling, optionally broken: small gaps every `piece` pixels, placed
// symmetrically so that both end pieces are at least half a piece long.
void Ruling(Pix* pix, int x0, int y0, int x1, int y1, int thick, int value, int piece, int gap) {
  bool horizontal = y0 == y1;
  int length = (horizontal ? x1 - x0 : y1 - y0) + thick;
  int start = -(thick / 2);
  auto ink = [&](int from, int run) {
    if (run <= 0) return;
    if (horizontal) {
      Ink(pix, x0 + from, y0 - thick / 2, run, thick, value);
    } else {
      Ink(pix, x0 - thick / 2, y0 + from, thick, run, value);
    }
  };
  if (piece <= 0 || length < 2 * piece) return ink(start, length);
  int gaps = length / piece;
  int first = (length - gaps * gap - (gaps - 1) * piece) / 2;  // the two end pieces
  int at = start;
  ink(at, first);
  at += first + gap;
  for (int k = 1; k < gaps; ++k, at += piece + gap) ink(at, piece);
  ink(at, start + length - at);
}

// Character-like blobs in a cell: per glyph a horizontal and a vertical stroke at random places,
// 0.14 in glyphs with small gaps; a cell narrower than 0.5 in gets a "——" (0.3 in) instead,
// the "not applicable" mark of the forms.
void DrawText(Pix* pix, int x0, int y0, int x1, int y1, double dpi) {
  std::mt19937 rng(x0 * 7919 + y0);
  int glyph = static_cast<int>(dpi * 0.14), y = y0 + static_cast<int>(dpi * 0.07);
  if (y + glyph >= y1) return;
  std::uniform_int_distribution<int> where(0, glyph - 3);
  if (x1 - x0 < dpi * 0.5) {
    int dash = static_cast<int>(dpi * 0.3);
    Ink(pix, (x0 + x1 - dash) / 2, y + glyph / 2, dash, 2, 0);
    return;
  }
  for (int x = x0 + glyph / 2; x + glyph < x1 - glyph / 2; x += glyph + 3) {
    Ink(pix, x, y + where(rng), glyph, 2, 0);
    Ink(pix, x + where(rng), y, 2, glyph, 0);
    Ink(pix, x + where(rng) / 2, y + where(rng) / 2, glyph / 3, glyph / 3, 40);
  }
}

struct Drawn {
  std::vector<Span> cells;
  std::vector<Box> boxes;  // expected interior of each cell, same order
};

// Draws `spec` with its top-left ruling at (left, top) pixels.
Drawn DrawTable(Pix* pix, const Spec& spec, double dpi, double left, double top, int thick,
                unsigned damage) {
  std::vector<int> xs = Edges(left, spec.cols, dpi), ys = Edges(top, spec.rows, dpi);
  int value = damage & kFaint ? 170 : 0;
  int piece = damage & kBroken ? static_cast<int>(dpi * 0.35) : 0;
  int gap = damage & kBroken ? static_cast<int>(dpi * 0.03) : 0;
  Drawn drawn;
  drawn.cells = CellsOf(spec);
  for (const Span& s : drawn.cells) {
    int x0 = xs[s.col], x1 = xs[s.col + s.colspan], y0 = ys[s.row], y1 = ys[s.row + s.rowspan];
    Ruling(pix, x0, y0, x1, y0, thick, value, piece, gap);
    Ruling(pix, x0, y1, x1, y1, thick, value, piece, gap);
    const bool open = damage & kOpenSides;
    if (!open || s.col > 0) Ruling(pix, x0, y0, x0, y1, thick, value, piece, gap);
    if (!open || x1 != xs.back()) Ruling(pix, x1, y0, x1, y1, thick, value, piece, gap);
    double in = thick / 2.0;
    drawn.boxes.push_back({x0 + in, y0 + in, x1 - in, y1 - in});
    if (damage & kTextBlobs) DrawText(pix, x0, y0, x1, y1, dpi);
  }
  return drawn;
}

// A seal as it looks in the gray image: a mid-gray ring with a filled star in the middle.
void DrawSeal(Pix* pix, double cx, double cy, double dpi) {
  double radius = dpi * 0.75, ring = dpi * 0.035, star = dpi * 0.15;
  int r = static_cast<int>(radius + ring);
  for (int y = static_cast<int>(cy) - r; y <= cy + r; ++y) {
    for (int x = static_cast<int>(cx) - r; x <= cx + r; ++x) {
      double d = std::hypot(x - cx, y - cy);
      if (std::abs(d - radius) <= ring / 2 || d <= star) Ink(pix, x, y, 1, 1, 110);
    }
  }
}

void SaltAndPepper(Pix* pix, double fraction, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  int w = pixGetWidth(pix), h = pixGetHeight(pix);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      double v = u(rng);
      if (v < fraction) pixSetPixel(pix, x, y, 0);
      else if (v < 2 * fraction) pixSetPixel(pix, x, y, 255);
    }
  }
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

Page MakePage(PixPtr pix, double dpi) {
  Page page;
  page.number = 1;
  page.dpi = dpi;
  page.width = pixGetWidth(pix.get());
  page.height = pixGetHeight(pix.get());
  page.gray = std::move(pix);
  return page;
}

// A4 at dpi.
PixPtr A4(double dpi) { return WhitePage(std::lround(8.27 * dpi), std::lround(11.69 * dpi)); }

const Spec kSimple = {{1.2, 1.0, 1.0, 1.5}, {0.35, 0.35, 0.35}, {}};
const std::string kSimpleDump =
    "table{row{cell{}cell{}cell{}cell{}}row{cell{}cell{}cell{}cell{}}"
    "row{cell{}cell{}cell{}cell{}}}";

const Spec kSpans = {{1.0, 0.8, 0.8, 0.8}, {0.3, 0.3, 0.3, 0.3},
                     {{0, 1, 1, 3}, {1, 0, 3, 1}, {2, 2, 2, 2}}};
const std::string kSpansDump =
    "table{row{cell{}cell[cs=3]{}}row{cell[rs=3]{}cell{}cell{}cell{}}"
    "row{cell{}cell[rs=2][cs=2]{}}row{cell{}}}";

// The national 项目支出绩效自评表 layout: 9 columns; 项目资金, 年度总体目标 and 绩效指标 span
// rows in column 0; 一级指标 and some 二级指标 span rows; 总分 spans six columns.
const Spec kSelfEvaluation = {
    {0.6, 0.8, 0.9, 1.3, 0.7, 0.7, 0.45, 0.45, 1.0},
    std::vector<double>(19, 0.3),
    {{0, 1, 1, 8},                                              // 项目名称 | value
     {1, 1, 1, 3}, {1, 5, 1, 4},                                // 主管部门 | 实施单位
     {2, 0, 4, 1}, {2, 1, 1, 2}, {3, 1, 1, 2}, {4, 1, 1, 2}, {5, 1, 1, 2},  // 项目资金
     {6, 0, 2, 1}, {6, 1, 1, 4}, {6, 5, 1, 4}, {7, 1, 1, 4}, {7, 5, 1, 4},  // 年度总体目标
     {8, 0, 10, 1},                                             // 绩效指标
     {9, 1, 4, 1}, {9, 2, 2, 1},                                // 产出指标, 数量指标
     {13, 1, 3, 1},                                             // 效益指标
     {16, 1, 2, 1}, {16, 2, 2, 1},                              // 满意度指标
     {18, 0, 1, 6}}};                                           // 总分
const std::string kSelfEvaluationDump =
    "table{row{cell{}cell[cs=8]{}}"
    "row{cell{}cell[cs=3]{}cell{}cell[cs=4]{}}"
    "row{cell[rs=4]{}cell[cs=2]{}" + Repeat("cell{}", 6) + "}" +
    Repeat("row{cell[cs=2]{}" + Repeat("cell{}", 6) + "}", 3) +
    "row{cell[rs=2]{}cell[cs=4]{}cell[cs=4]{}}"
    "row{cell[cs=4]{}cell[cs=4]{}}"
    "row{cell[rs=10]{}" + Repeat("cell{}", 8) + "}"
    "row{cell[rs=4]{}cell[rs=2]{}" + Repeat("cell{}", 6) + "}"
    "row{" + Repeat("cell{}", 6) + "}" +
    Repeat("row{" + Repeat("cell{}", 7) + "}", 2) +
    "row{cell[rs=3]{}" + Repeat("cell{}", 7) + "}" +
    Repeat("row{" + Repeat("cell{}", 7) + "}", 2) +
    "row{cell[rs=2]{}cell[rs=2]{}" + Repeat("cell{}", 6) + "}"
    "row{" + Repeat("cell{}", 6) + "}"
    "row{cell[cs=6]{}cell{}cell{}cell{}}}";

struct Case {
  const char* name;
  const Spec* spec;
  const std::string* dump;
  double dpi;
  int thick;
  unsigned damage;
  double box_tolerance;  // pixels, for cell boxes against the drawn geometry
};

const Case kCases[] = {
    {"simple_150", &kSimple, &kSimpleDump, 150, 1, kNone, 3},
    {"simple_200", &kSimple, &kSimpleDump, 200, 2, kNone, 3},
    {"simple_300", &kSimple, &kSimpleDump, 300, 3, kNone, 3},
    {"spans_200", &kSpans, &kSpansDump, 200, 2, kNone, 3},
    {"spans_faint_300", &kSpans, &kSpansDump, 300, 2, kFaint, 3},
    {"form_150", &kSelfEvaluation, &kSelfEvaluationDump, 150, 1, kNone, 3},
    {"form_200", &kSelfEvaluation, &kSelfEvaluationDump, 200, 2, kNone, 3},
    {"form_300", &kSelfEvaluation, &kSelfEvaluationDump, 300, 3, kNone, 3},
    {"form_text_200", &kSelfEvaluation, &kSelfEvaluationDump, 200, 2, kTextBlobs, 3},
    {"form_broken_200", &kSelfEvaluation, &kSelfEvaluationDump, 200, 2, kBroken, 4},
    {"form_broken_300", &kSelfEvaluation, &kSelfEvaluationDump, 300, 2, kBroken, 4},
    {"form_thick_200", &kSelfEvaluation, &kSelfEvaluationDump, 200, 5, kNone, 4},
    {"form_thick_150", &kSelfEvaluation, &kSelfEvaluationDump, 150, 5, kNone, 4},
    {"form_rotated_200", &kSelfEvaluation, &kSelfEvaluationDump, 200, 2, kRotate, 14},
    {"form_rotated_300", &kSelfEvaluation, &kSelfEvaluationDump, 300, 2, kRotate | kNoise, 20},
    {"form_noise_300", &kSelfEvaluation, &kSelfEvaluationDump, 300, 2, kNoise, 4},
    {"form_noise_150", &kSelfEvaluation, &kSelfEvaluationDump, 150, 2, kNoise | kTextBlobs, 4},
    {"form_seal_200", &kSelfEvaluation, &kSelfEvaluationDump, 200, 2, kSeal | kTextBlobs, 4},
    {"form_seal_300", &kSelfEvaluation, &kSelfEvaluationDump, 300, 3, kSeal | kNoise, 4},
    {"spans_everything_200", &kSpans, &kSpansDump, 200, 2,
     kBroken | kNoise | kSeal | kRotate | kTextBlobs, 10},
    {"spans_open_200", &kSpans, &kSpansDump, 200, 2, kOpenSides, 3},
    {"form_open_150", &kSelfEvaluation, &kSelfEvaluationDump, 150, 1, kOpenSides | kTextBlobs, 3},
    {"form_open_rotated_300", &kSelfEvaluation, &kSelfEvaluationDump, 300, 2,
     kOpenSides | kRotate | kNoise, 20},
};

class GridTest : public testing::TestWithParam<Case> {};

TEST_P(GridTest, FindsGridSpansAndBoxes) {
  const Case& c = GetParam();
  PixPtr pix = A4(c.dpi);
  double left = 0.6 * c.dpi, top = 1.2 * c.dpi;
  Drawn drawn = DrawTable(pix.get(), *c.spec, c.dpi, left, top, c.thick, c.damage);
  if (c.damage & kSeal) {
    // Over the boundary between column 0 and 1 and across several row rulings.
    DrawSeal(pix.get(), left + 0.7 * c.dpi, top + 2.1 * c.dpi, c.dpi);
  }
  if (c.damage & kRotate) {
    pix.reset(pixRotate(pix.get(), 0.4 * M_PI / 180, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  }
  if (c.damage & kNoise) SaltAndPepper(pix.get(), 0.02, 7);

  Page page = MakePage(std::move(pix), c.dpi);
  std::vector<Table> tables = FindTables(page);
  ASSERT_EQ(tables.size(), 1u);
  const Table& table = tables[0];
  EXPECT_EQ(Dump(table), *c.dump);
  EXPECT_EQ(table.rows, static_cast<int>(c.spec->rows.size()));
  EXPECT_EQ(table.cols, static_cast<int>(c.spec->cols.size()));
  EXPECT_EQ(table.page, 1);
  for (size_t i = 0; i < drawn.cells.size(); ++i) {
    const Span& s = drawn.cells[i];
    const Cell* cell = table.At(s.row, s.col);
    ASSERT_NE(cell, nullptr) << s.row << "," << s.col;
    EXPECT_EQ(cell->row, s.row);
    EXPECT_EQ(cell->col, s.col);
    const Box& want = drawn.boxes[i];
    EXPECT_NEAR(cell->box.x0, want.x0, c.box_tolerance) << s.row << "," << s.col;
    EXPECT_NEAR(cell->box.y0, want.y0, c.box_tolerance) << s.row << "," << s.col;
    EXPECT_NEAR(cell->box.x1, want.x1, c.box_tolerance) << s.row << "," << s.col;
    EXPECT_NEAR(cell->box.y1, want.y1, c.box_tolerance) << s.row << "," << s.col;
    EXPECT_EQ(cell->text, "");
  }
  // Every slot covered exactly once, cells sorted by (row, col).
  std::vector<int> cover(table.rows * table.cols, 0);
  for (size_t i = 0; i < table.cells.size(); ++i) {
    const Cell& cell = table.cells[i];
    if (i > 0) {
      const Cell& prev = table.cells[i - 1];
      EXPECT_TRUE(prev.row < cell.row || (prev.row == cell.row && prev.col < cell.col));
    }
    for (int r = cell.row; r < cell.row + cell.rowspan; ++r) {
      for (int col = cell.col; col < cell.col + cell.colspan; ++col) ++cover[r * table.cols + col];
    }
  }
  for (int n : cover) EXPECT_EQ(n, 1);
}

INSTANTIATE_TEST_SUITE_P(Drawn, GridTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

TEST(GridTest, TwoTablesTopToBottom) {
  const double dpi = 200;
  PixPtr pix = A4(dpi);
  DrawTable(pix.get(), kSpans, dpi, 0.8 * dpi, 6.0 * dpi, 2, kNone);  // lower one drawn first
  DrawTable(pix.get(), kSimple, dpi, 0.8 * dpi, 1.0 * dpi, 2, kNone);
  Page page = MakePage(std::move(pix), dpi);
  std::vector<Table> tables = FindTables(page);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(Dump(tables[0]), kSimpleDump);
  EXPECT_EQ(Dump(tables[1]), kSpansDump);
  EXPECT_NEAR(tables[0].box.y0, 1.0 * dpi - 1, 3);
  EXPECT_NEAR(tables[1].box.y0, 6.0 * dpi - 1, 3);
  EXPECT_NEAR(tables[1].box.x1, 0.8 * dpi + 3.4 * dpi + 1, 3);
}

// Two open-sided tables one above the other, their rulings ending at the same x: each gets
// its sides, and the space between them stays outside both.
TEST(GridTest, TwoOpenSidedTablesStayApart) {
  const double dpi = 200;
  PixPtr pix = A4(dpi);
  DrawTable(pix.get(), kSimple, dpi, 0.8 * dpi, 1.0 * dpi, 2, kOpenSides);
  DrawTable(pix.get(), kSimple, dpi, 0.8 * dpi, 3.0 * dpi, 2, kOpenSides);
  Page page = MakePage(std::move(pix), dpi);
  std::vector<Table> tables = FindTables(page);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(Dump(tables[0]), kSimpleDump);
  EXPECT_EQ(Dump(tables[1]), kSimpleDump);
}

// A scan's dropout that cuts two rulings of an open-sided table at the same x, in its first
// column, is no side: the rulings go on past it.
TEST(GridTest, DropoutAcrossTwoRulingsIsNoSide) {
  const double dpi = 200;
  PixPtr pix = A4(dpi);
  const double left = 0.8 * dpi, top = 1.0 * dpi;
  DrawTable(pix.get(), kSimple, dpi, left, top, 2, kOpenSides);
  // Whiten 0.12 in of the two inner horizontal rulings in the middle of column 0.
  const int x = static_cast<int>(left + 0.5 * dpi);
  for (double y : {top + 0.35 * dpi, top + 0.70 * dpi}) {
    BOX* gap = boxCreate(x, static_cast<int>(y) - 3, static_cast<int>(0.12 * dpi), 6);
    pixSetInRectArbitrary(pix.get(), gap, 255);
    boxDestroy(&gap);
  }
  Page page = MakePage(std::move(pix), dpi);
  std::vector<Table> tables = FindTables(page);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(Dump(tables[0]), kSimpleDump);
}

// Underlines stacked at one left margin (signature lines) have no vertical ruling crossing
// them: they get no sides and make no table.
TEST(GridTest, StackedUnderlinesAreNoTable) {
  const double dpi = 200;
  PixPtr pix = A4(dpi);
  for (int k = 0; k < 6; ++k) {
    Ruling(pix.get(), static_cast<int>(1.0 * dpi), static_cast<int>((2 + 0.4 * k) * dpi),
           static_cast<int>(4.0 * dpi), static_cast<int>((2 + 0.4 * k) * dpi), 2, 0, 0, 0);
  }
  Page page = MakePage(std::move(pix), dpi);
  EXPECT_TRUE(FindTables(page).empty());
}

// A scan with its colour original: a dark red seal (luminance ≈ 42, as dark as a ruling in
// the gray image) multiplied over the form. Red ink is paper for ruling detection; where the
// seal crosses a ruling the product is dark and the ruling stays.
TEST(GridTest, RedSealInColourOriginal) {
  for (double dpi : {200.0, 300.0}) {
    PixPtr gray = A4(dpi);
    double left = 0.6 * dpi, top = 1.2 * dpi;
    DrawTable(gray.get(), kSelfEvaluation, dpi, left, top, 2, kTextBlobs);
    PixPtr color(pixConvertTo32(gray.get()));
    double cx = left + 0.7 * dpi, cy = top + 2.1 * dpi;
    double radius = dpi * 0.75, ring = dpi * 0.035, star = dpi * 0.15;
    int r = static_cast<int>(radius + ring);
    for (int y = static_cast<int>(cy) - r; y <= cy + r; ++y) {
      for (int x = static_cast<int>(cx) - r; x <= cx + r; ++x) {
        double d = std::hypot(x - cx, y - cy);
        if (std::abs(d - radius) > ring / 2 && d > star) continue;
        l_int32 red, green, blue;
        pixGetRGBPixel(color.get(), x, y, &red, &green, &blue);
        pixSetRGBPixel(color.get(), x, y, red * 140 / 255, 0, 0);  // multiply by (140, 0, 0)
      }
    }
    Page page = MakePage(PixPtr(pixConvertRGBToLuminance(color.get())), dpi);
    page.color = std::move(color);
    std::vector<Table> tables = FindTables(page);
    ASSERT_EQ(tables.size(), 1u) << dpi;
    EXPECT_EQ(Dump(tables[0]), kSelfEvaluationDump) << dpi;
  }
}

// A seal's ring stroke running along a faint ruling: the ruling under it is reddish
// (gray 170 times the seal's red is R 153, G and B 40), yet dark in the red channel, and stays.
TEST(GridTest, FaintRulingUnderARedRingStroke) {
  const double dpi = 200;
  PixPtr gray = A4(dpi);
  const double left = 0.8 * dpi, top = 1.0 * dpi;
  DrawTable(gray.get(), kSpans, dpi, left, top, 2, kFaint);
  PixPtr color(pixConvertTo32(gray.get()));
  const std::vector<int> xs = Edges(left, kSpans.cols, dpi), ys = Edges(top, kSpans.rows, dpi);
  const int stroke = static_cast<int>(dpi * 0.035);
  // Along the ruling between 0,0 and the span right of it, and between 1,1 and 1,2.
  for (const auto& [x, y0, y1] : {std::tuple{xs[1], ys[0], ys[1]}, {xs[2], ys[1], ys[2]}}) {
    for (int y = y0 - stroke; y <= y1 + stroke; ++y) {
      for (int dx = -stroke / 2; dx <= stroke / 2; ++dx) {
        l_int32 red, green, blue;
        pixGetRGBPixel(color.get(), x + dx, y, &red, &green, &blue);
        pixSetRGBPixel(color.get(), x + dx, y, red * 230 / 255, green * 60 / 255, blue * 60 / 255);
      }
    }
  }
  Page page = MakePage(PixPtr(pixConvertRGBToLuminance(color.get())), dpi);
  page.color = std::move(color);
  std::vector<Table> tables = FindTables(page);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(Dump(tables[0]), kSpansDump);
}

// Pages that must yield no table at all.
struct NoTableCase {
  const char* name;
  void (*draw)(Pix* pix, double dpi);
};

void DrawNothing(Pix*, double) {}

// Lines of character-like blobs, an underlined signature line, a lone box and a box split in
// two: text, not tables.
void DrawTextLike(Pix* pix, double dpi) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> size(static_cast<int>(dpi * 0.08), static_cast<int>(dpi * 0.15));
  for (int line = 0; line < 25; ++line) {
    int y = static_cast<int>(dpi * (1.0 + line * 0.3));
    for (int x = static_cast<int>(dpi * 0.8); x < dpi * 7.4;) {
      int w = size(rng), h = size(rng);
      Ink(pix, x, y, w, 2, 0);
      Ink(pix, x, y, 2, h, 0);
      Ink(pix, x + w / 2, y + h / 3, w / 2, h / 2, 30);
      x += w + 4;
    }
  }
  int y = static_cast<int>(dpi * 9);
  Ruling(pix, dpi * 1, y, dpi * 4, y, 2, 0, 0, 0);  // an underline
  int bx = dpi * 5, by = dpi * 8.5, bw = dpi * 2, bh = dpi * 0.5;
  Ruling(pix, bx, by, bx + bw, by, 2, 0, 0, 0);  // a lone box
  Ruling(pix, bx, by + bh, bx + bw, by + bh, 2, 0, 0, 0);
  Ruling(pix, bx, by, bx, by + bh, 2, 0, 0, 0);
  Ruling(pix, bx + bw, by, bx + bw, by + bh, 2, 0, 0, 0);
  by = dpi * 10;  // a box split in two: 2 cells < min_cells
  Ruling(pix, bx, by, bx + bw, by, 2, 0, 0, 0);
  Ruling(pix, bx, by + bh, bx + bw, by + bh, 2, 0, 0, 0);
  Ruling(pix, bx, by, bx, by + bh, 2, 0, 0, 0);
  Ruling(pix, bx + bw, by, bx + bw, by + bh, 2, 0, 0, 0);
  Ruling(pix, bx + bw / 2, by, bx + bw / 2, by + bh, 2, 0, 0, 0);
}

void DrawSealOnly(Pix* pix, double dpi) {
  DrawSeal(pix, dpi * 4, dpi * 5, dpi);
  SaltAndPepper(pix, 0.02, 11);
}

const NoTableCase kNoTableCases[] = {
    {"empty", DrawNothing},
    {"text_like", DrawTextLike},
    {"seal_and_noise", DrawSealOnly},
};

TEST(GridTest, NoTable) {
  for (const NoTableCase& c : kNoTableCases) {
    for (double dpi : {150.0, 300.0}) {
      PixPtr pix = A4(dpi);
      c.draw(pix.get(), dpi);
      Page page = MakePage(std::move(pix), dpi);
      EXPECT_EQ(FindTables(page).size(), 0u) << c.name << " at " << dpi;
    }
  }
}

// Pages whose rulings are not all equally dark, as on a blurred low-resolution scan: thick rulings
// stay black while 1 px rulings blur to mid-gray, darker than paper yet far lighter than text.
// Spans are decided on dark ink first (so text that the lenient threshold merges into strokes
// makes no separator); a ruling missing there still counts where it stands alone between the
// cells, with paper beside it. Stacked glyphs whose vertical strokes line up over two text lines
// (joined into one "ruling" by the gap closing) must still make no column.
struct MixedInkCase {
  const char* name;
  double dpi;
  int thin_gray;      // gray of the 1 px inner vertical rulings (horizontal ones: 2 px black)
  int text_gray;      // gray of the glyph strokes
  bool stacked;       // two text lines in some cells, vertical strokes aligned across them
  bool blurred;       // the page box-blurred (3×3) afterwards; horizontal rulings then 3 px
};

const MixedInkCase kMixedInkCases[] = {
    {"thin_mid_gray_150", 150, 120, 0, false, false},
    {"thin_mid_gray_200", 200, 120, 0, false, false},
    {"thin_light_gray_150", 150, 150, 0, false, false},
    {"blurred_150", 150, 0, 0, false, true},
    {"stacked_gray_text_200", 200, 0, 90, true, false},
};

// Two text lines per cell (a 0.3 in row holds two 0.115 in lines); each glyph dense as a CJK
// character (four vertical strokes a fifth of the glyph apart, two bars), at the same x in both
// lines, so the vertical strokes line up into "rulings" once the gap between the lines closes.
void DrawStackedText(Pix* pix, int x0, int y0, int x1, int y1, double dpi, int gray) {
  int glyph = static_cast<int>(dpi * 0.115), lead = static_cast<int>(dpi * 0.03);
  int top = y0 + static_cast<int>(dpi * 0.025);
  if (top + 2 * glyph + lead >= y1) return;
  for (int x = x0 + glyph; x + 2 * glyph < x1; x += glyph + glyph / 2) {
    for (int line = 0; line < 2; ++line) {
      int y = top + line * (glyph + lead);
      Ink(pix, x, y + glyph / 3, glyph, 1, gray);
      for (int k = 1; k <= 4; ++k) Ink(pix, x + k * glyph / 5, y, 1, glyph, gray);
      Ink(pix, x + 1, y + glyph - 2, glyph / 3, 1, gray);
    }
  }
}

TEST(GridTest, MixedInkRulings) {
  for (const MixedInkCase& c : kMixedInkCases) {
    const double dpi = c.dpi;
    const Spec& spec = kSelfEvaluation;
    PixPtr pix = A4(dpi);
    double left = 0.6 * dpi, top = 1.2 * dpi;
    std::vector<int> xs = Edges(left, spec.cols, dpi), ys = Edges(top, spec.rows, dpi);
    for (const Span& s : CellsOf(spec)) {
      int x0 = xs[s.col], x1 = xs[s.col + s.colspan], y0 = ys[s.row], y1 = ys[s.row + s.rowspan];
      bool outer_left = s.col == 0, outer_right = s.col + s.colspan == static_cast<int>(spec.cols.size());
      const int across = c.blurred ? 3 : 2;
      Ruling(pix.get(), x0, y0, x1, y0, across, 0, 0, 0);
      Ruling(pix.get(), x0, y1, x1, y1, across, 0, 0, 0);
      Ruling(pix.get(), x0, y0, x0, y1, outer_left ? 2 : 1, outer_left ? 0 : c.thin_gray, 0, 0);
      Ruling(pix.get(), x1, y0, x1, y1, outer_right ? 2 : 1, outer_right ? 0 : c.thin_gray, 0, 0);
      // Stacked lines in some one-row cells (as a wrapped cell text), glyphs elsewhere.
      if (c.stacked && s.rowspan == 1 && s.row % 3 == 1) {
        DrawStackedText(pix.get(), x0 + s.row % 5, y0, x1, y1, dpi, c.text_gray);
      } else {
        DrawText(pix.get(), x0, y0, x1, y1, dpi);
      }
    }
    if (c.blurred) pix.reset(pixBlockconv(pix.get(), 1, 1));
    Page page = MakePage(std::move(pix), dpi);
    std::vector<Table> tables = FindTables(page);
    ASSERT_EQ(tables.size(), 1u) << c.name;
    EXPECT_EQ(tables[0].cols, static_cast<int>(spec.cols.size())) << c.name;
    EXPECT_EQ(tables[0].rows, static_cast<int>(spec.rows.size())) << c.name;
    EXPECT_EQ(Dump(tables[0]), kSelfEvaluationDump) << c.name;
  }
}

TEST(GridTest, MissingOrTinyImage) {
  Page none;
  EXPECT_TRUE(FindTables(none).empty());
  Page tiny = MakePage(WhitePage(3, 2), 200);
  EXPECT_TRUE(FindTables(tiny).empty());
  Page no_dpi = MakePage(A4(200), 0);  // dpi estimated from the size; white → nothing
  EXPECT_TRUE(FindTables(no_dpi).empty());
}

TEST(GridTest, MinCellsOption) {
  const double dpi = 200;
  const Spec two = {{1.0, 1.0}, {0.4}, {}};
  PixPtr pix = A4(dpi);
  DrawTable(pix.get(), two, dpi, dpi, dpi, 2, kNone);
  Page page = MakePage(std::move(pix), dpi);
  EXPECT_TRUE(FindTables(page).empty());
  LayoutOptions options;
  options.min_cells = 2;
  std::vector<Table> tables = FindTables(page, options);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(Dump(tables[0]), "table{row{cell{}cell{}}}");
}

// A 600 dpi page larger than the work limit is reduced first; the answer is in page pixels.
TEST(GridTest, HugeImageIsReduced) {
  const double dpi = 600;
  PixPtr pix = A4(dpi);
  double left = 0.6 * dpi, top = 1.2 * dpi;
  Drawn drawn = DrawTable(pix.get(), kSelfEvaluation, dpi, left, top, 3, kNone);
  Page page = MakePage(std::move(pix), dpi);
  auto start = std::chrono::steady_clock::now();
  std::vector<Table> tables = FindTables(page);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
  std::printf("huge page %dx%d: %.1f ms\n", page.width, page.height, ms);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(Dump(tables[0]), kSelfEvaluationDump);
  const Cell* last = tables[0].At(18, 8);
  ASSERT_NE(last, nullptr);
  EXPECT_NEAR(last->box.x1, drawn.boxes.back().x1, 8);
  EXPECT_NEAR(last->box.y1, drawn.boxes.back().y1, 8);
  EXPECT_LT(ms, 20000);  // a sanity bound only: the machine is shared
}

// A glyph's two vertical strokes inside the colspan-8 project-name cell, in line with a column
// ruling of the row below: at the lenient threshold they join that ruling and cut the cell's
// hole in two pieces, yet they are no ruling (side by side, and the first is dark only in its
// upper part, shorter than a ruling, so the dark-ink pass drops it). The piece left of them
// sees the dark stroke and lands on the column separator; the piece right of them sees the
// light one and lands on none. The cell keeps its span, and its box is the whole span, not
// the left piece alone (seen on a 200 dpi scan: only the first glyph of the name was read).
TEST(GridTest, SpanBoxCoversHolePiecesCutByStrokes) {
  const double dpi = 200;
  PixPtr pix = A4(dpi);
  const double left = 0.6 * dpi, top = 1.2 * dpi;
  Drawn drawn = DrawTable(pix.get(), kSelfEvaluation, dpi, left, top, 2, kNone);
  // Column separator 4 lies after 0.6 + 0.8 + 0.9 + 1.3 in; row 0 is 0.3 in tall.
  const int x = static_cast<int>(std::lround(left + 3.6 * dpi));
  const int y0 = static_cast<int>(std::lround(top)), height = static_cast<int>(0.3 * dpi);
  const int dark = height * 7 / 12;  // over half the stroke, under the shortest ruling
  Ink(pix.get(), x - 1, y0, 2, dark, 0);
  Ink(pix.get(), x - 1, y0 + dark, 2, height - dark, 110);
  Ink(pix.get(), x + 5, y0, 2, height, 110);
  Page page = MakePage(std::move(pix), dpi);
  std::vector<Table> tables = FindTables(page);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(Dump(tables[0]), kSelfEvaluationDump);
  const Cell* name = tables[0].At(0, 1);
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->colspan, 8);
  const Box& want = drawn.boxes[0];  // spans come first in CellsOf: {0, 1, 1, 8}
  EXPECT_NEAR(name->box.x0, want.x0, 3);
  EXPECT_NEAR(name->box.x1, want.x1, 3);
  EXPECT_NEAR(name->box.y0, want.y0, 3);
  EXPECT_NEAR(name->box.y1, want.y1, 3);
}

// Timing of the whole form page at the two target resolutions (reported, loosely bounded
// because the machine is shared).
TEST(GridTest, Speed) {
  for (double dpi : {200.0, 300.0}) {
    PixPtr pix = A4(dpi);
    DrawTable(pix.get(), kSelfEvaluation, dpi, 0.6 * dpi, 1.2 * dpi, 2, kTextBlobs);
    Page page = MakePage(std::move(pix), dpi);
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
      auto start = std::chrono::steady_clock::now();
      std::vector<Table> tables = FindTables(page);
      best = std::min(best, std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - start).count());
      ASSERT_EQ(tables.size(), 1u);
    }
    std::printf("FindTables A4 at %.0f dpi: %.1f ms\n", dpi, best);
    EXPECT_LT(best, dpi < 250 ? 5000 : 10000);  // sanity bounds only: the machine is shared
  }
}

}  // namespace
}  // namespace jixiao
