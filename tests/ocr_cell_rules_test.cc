// Rules the OCR stage applies to table cells, on synthetic ruled pages drawn here:
//   - a cell whose only ink is one short, centred horizontal bar reads as a dash "—";
//   - a chevron with a separate bar under it, leading a cell, reads as "≥" or "≤".
#include <leptonica/allheaders.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/text.h"
#include "ocr/ocr.h"

namespace jixiao {
namespace {

constexpr int kDpi = 200;
constexpr int kCellW = 300, kCellH = 60;  // 1.5 x 0.3 inches
constexpr int kLeft = 100, kTop = 100;

// What is drawn in one cell, relative to its top-left corner.
struct Bar {
  int x, y, w, h;
  int level = 0;  // gray level of the ink (0 black)
};
struct CellCase {
  const char* name;
  std::vector<Bar> bars;  // solid black rectangles
  const char* text;       // drawn with Leptonica's bitmap font (nullptr: none)
  int text_x;             // where the text starts
  bool dash;              // the cell must read exactly "—"
};

// A white page with one column of ruled cells, one per case; returns the cells' boxes.
// `bilevel`: pure black and white, as a 1-bit source; else edges are blurred to gray.
Page DrawPage(const std::vector<CellCase>& cases, int font_size, bool bilevel,
              std::vector<Box>* boxes) {
  const int w = 2 * kLeft + kCellW, h = 2 * kTop + kCellH * int(cases.size());
  PixPtr pix(pixCreate(w, h, 8));
  pixSetAll(pix.get());  // white
  L_BMF* bmf = bmfCreate(nullptr, font_size);
  for (size_t i = 0; i < cases.size(); ++i) {
    const int x = kLeft, y = kTop + kCellH * int(i);
    // Rulings: 2 px, the cell box inside them.
    BOX* top = boxCreate(x, y, kCellW, 2);
    BOX* left = boxCreate(x, y, 2, kCellH);
    BOX* right = boxCreate(x + kCellW - 2, y, 2, kCellH);
    pixClearInRect(pix.get(), top);
    pixClearInRect(pix.get(), left);
    pixClearInRect(pix.get(), right);
    boxDestroy(&top);
    boxDestroy(&left);
    boxDestroy(&right);
    for (const Bar& bar : cases[i].bars) {
      BOX* b = boxCreate(x + bar.x, y + bar.y, bar.w, bar.h);
      pixSetInRectArbitrary(pix.get(), b, bar.level);
      boxDestroy(&b);
    }
    if (cases[i].text != nullptr && bmf != nullptr) {
      l_int32 width = 0, overflow = 0;
      pixSetTextline(pix.get(), bmf, cases[i].text, 0, x + cases[i].text_x,
                     y + kCellH / 2 + bmf->baselinetab[int('0')] / 2, &width, &overflow);
    }
    boxes->push_back(Box{double(x + 2), double(y + 2), double(x + kCellW - 2), double(y + kCellH)});
  }
  BOX* bottom = boxCreate(kLeft, kTop + kCellH * int(cases.size()), kCellW, 2);
  pixClearInRect(pix.get(), bottom);
  boxDestroy(&bottom);
  bmfDestroy(&bmf);

  Page page;
  page.number = 1;
  page.dpi = kDpi;
  if (!bilevel) pix.reset(pixBlockconv(pix.get(), 1, 1));  // gray edges, as a scanner gives
  page.gray = std::move(pix);
  page.width = w;
  page.height = h;
  return page;
}

Table TableOf(const std::vector<Box>& boxes) {
  Table table;
  table.page = 1;
  table.cols = 1;
  table.rows = int(boxes.size());
  for (size_t i = 0; i < boxes.size(); ++i) {
    Cell cell;
    cell.row = int(i);
    cell.box = boxes[i];
    table.cells.push_back(cell);
    const Box& b = boxes[i];
    table.box = table.box.Union(Box{b.x0 - 2, b.y0 - 2, b.x1 + 2, b.y1 + 2});  // the rulings
  }
  return table;
}

std::string TextIn(const std::vector<Word>& words, const Box& box) {
  std::string text;
  for (const Word& word : words) {
    if (box.Contains(word.box.cx(), word.box.cy())) text += word.text;
  }
  return NormalizeText(text);
}

TEST(OcrCellRulesTest, ALoneCentredBarIsADash) {
  // Cell 300x60 px at 200 dpi; a 10.5 pt character is about 29 px wide.
  const std::vector<CellCase> kCases = {
      {"dash, centred", {{135, 29, 30, 3}}, nullptr, 0, true},
      {"bold dash, left of centre", {{40, 27, 36, 5}}, nullptr, 0, true},
      {"two-character dash", {{120, 28, 56, 3}}, nullptr, 0, true},
      {"faint thin dash", {{136, 29, 26, 2, 140}}, nullptr, 0, true},
      {"hyphen inside text", {}, "12-3", 110, false},
      {"empty cell", {}, nullptr, 0, false},
      {"dot", {{148, 29, 4, 4}}, nullptr, 0, false},
      {"short hyphen alone", {{145, 29, 10, 3}}, nullptr, 0, false},
      {"underline at the bottom", {{135, 50, 30, 3}}, nullptr, 0, false},
      {"bar beside other ink", {{60, 29, 30, 3}, {200, 18, 6, 24}}, nullptr, 0, false},
      {"dotted bar", {{130, 29, 6, 3}, {142, 29, 6, 3}, {154, 29, 6, 3}}, nullptr, 0, false},
      {"long bar (a ruling stub)", {{40, 29, 200, 3}}, nullptr, 0, false},
  };
  std::vector<Box> boxes;
  const Page page = DrawPage(kCases, 10, /*bilevel=*/false, &boxes);
  ASSERT_NE(page.gray, nullptr);
  auto engine = NewOcrEngine();
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  const std::vector<Word> words = (*engine)->ReadPage(page, {TableOf(boxes)});
  const std::string dash = NormalizeText("—");
  for (size_t i = 0; i < kCases.size(); ++i) {
    SCOPED_TRACE(kCases[i].name);
    const std::string got = TextIn(words, boxes[i]);
    if (kCases[i].dash) {
      EXPECT_EQ(got, dash);
    } else {
      EXPECT_NE(got, dash);
    }
  }
  // The rule never swallows text: the hyphenated number is still read as text.
  EXPECT_NE(TextIn(words, boxes[4]).find("12"), std::string::npos) << TextIn(words, boxes[4]);
  EXPECT_EQ(TextIn(words, boxes[5]), "");  // nothing to read in an empty cell
  EXPECT_EQ(TextIn(words, boxes[6]), "");  // a speck is below the ink floor
}

TEST(OcrCellRulesTest, AChevronOverABarIsAComparator) {
  // Leftmost glyph drawn as lines (x, y of the chevron's open ends and apex; a bar under it),
  // then digits. chi_sim has no ≥/≤, so Tesseract alone cannot produce them.
  struct Case {
    const char* name;
    int apex_dx;     // apex x relative to the open ends: + points right (>), - left (<)
    bool chevron;    // draw the chevron (else a second bar: "=")
    bool bar;        // draw the bar under it
    bool slanted;    // the bar runs along the lower arm (⩾ of Song faces)
    const char* starts_with;  // "" = must start with neither ≥ nor ≤
    int bar_dy = 26;  // the bar's row below the glyph's top (22: touches the chevron's tip)
  };
  static const Case kCases[] = {
      {"greater or equal", +16, true, true, false, "\u2265"},
      {"less or equal", -16, true, true, false, "\u2264"},
      {"greater or equal, slanted bar", +16, true, true, true, "\u2265"},
      // Blur at 200 dpi joins the bar to the chevron's lower tip (seen on the sample scans).
      {"greater or equal, bar touching", +16, true, true, false, "\u2265", 22},
      {"less or equal, bar touching", -16, true, true, false, "\u2264", 22},
      {"greater, no bar", +16, true, false, false, ""},
      {"equals", 0, false, true, false, ""},
      {"digits only", 0, false, false, false, ""},
  };
  std::vector<CellCase> cells;
  for (const Case& c : kCases) cells.push_back({c.name, {}, "95", 90, false});
  std::vector<Box> boxes;
  Page page = DrawPage(cells, 10, /*bilevel=*/true, &boxes);
  ASSERT_NE(page.gray, nullptr);
  for (size_t i = 0; i < std::size(kCases); ++i) {
    const Case& c = kCases[i];
    const int x = int(boxes[i].x0) + 58, y = int(boxes[i].y0) + 14;  // the glyph's top left
    if (c.chevron) {
      const int open_x = c.apex_dx > 0 ? x : x + 16, apex_x = open_x + c.apex_dx;
      pixRenderLine(page.gray.get(), open_x, y, apex_x, y + 10, 2, L_CLEAR_PIXELS);
      pixRenderLine(page.gray.get(), apex_x, y + 10, open_x, y + 20, 2, L_CLEAR_PIXELS);
    } else if (c.bar) {
      pixRenderLine(page.gray.get(), x, y + 12, x + 16, y + 12, 2, L_CLEAR_PIXELS);
    }
    if (c.bar && c.slanted) {
      pixRenderLine(page.gray.get(), x + 16, y + 17, x, y + 27, 2, L_CLEAR_PIXELS);
    } else if (c.bar) {
      pixRenderLine(page.gray.get(), x, y + c.bar_dy, x + 16, y + c.bar_dy, 2, L_CLEAR_PIXELS);
    }
  }
  auto engine = NewOcrEngine();
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  const std::vector<Word> words = (*engine)->ReadPage(page, {TableOf(boxes)});
  for (size_t i = 0; i < std::size(kCases); ++i) {
    SCOPED_TRACE(kCases[i].name);
    const std::string got = TextIn(words, boxes[i]);
    EXPECT_NE(got.find("95"), std::string::npos) << got;  // the number itself is kept
    const std::string want = kCases[i].starts_with;
    if (!want.empty()) {
      EXPECT_EQ(got.rfind(NormalizeText(want), 0), 0u) << got;
    } else {
      EXPECT_NE(got.rfind(NormalizeText("\u2265"), 0), 0u) << got;
      EXPECT_NE(got.rfind(NormalizeText("\u2264"), 0), 0u) << got;
    }
  }
}

}  // namespace
}  // namespace jixiao
