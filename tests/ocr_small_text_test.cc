// Small faint print in table cells: figures about 9 px high (a summary table scanned at
// 150 dpi) must be read. Tesseract's chi_sim returns nothing or misreads glyphs that
// small, and thin gray strokes fall under the ink floor; the OCR stage enlarges such crops.
// The page is drawn here at 2.5 times its size with Leptonica's bitmap font and shrunk, so
// the figures get the blurred gray edges of a real scan.
#include <leptonica/allheaders.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/text.h"
#include "ocr/ocr.h"

namespace jixiao {
namespace {

constexpr double kDpi = 150;
constexpr double kShrink = 0.4;                // drawn at 375 dpi, read at 150
constexpr int kCellW = 600, kCellH = 80;       // drawn pixels: 1.6 x 0.21 inches
constexpr int kLeft = 100, kTop = 100;

struct SmallCase {
  const char* text;
  int font_size;  // Leptonica bitmap font; 8 → digits 23 px drawn, 9 px read
  int level;      // gray level of the ink (0 black)
};

// The cells' boxes in page (shrunk) pixels.
Page DrawPage(const std::vector<SmallCase>& cases, std::vector<Box>* boxes) {
  const int w = 2 * kLeft + kCellW, h = 2 * kTop + kCellH * int(cases.size());
  PixPtr pix(pixCreate(w, h, 8));
  pixSetAll(pix.get());
  for (size_t i = 0; i <= cases.size(); ++i) {  // horizontal rulings, 4 px
    BOX* b = boxCreate(kLeft, kTop + kCellH * int(i), kCellW, 4);
    pixClearInRect(pix.get(), b);
    boxDestroy(&b);
  }
  for (int x : {kLeft, kLeft + kCellW - 4}) {  // vertical rulings
    BOX* b = boxCreate(x, kTop, 4, kCellH * int(cases.size()));
    pixClearInRect(pix.get(), b);
    boxDestroy(&b);
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    L_BMF* bmf = bmfCreate(nullptr, cases[i].font_size);
    if (bmf == nullptr) continue;  // the cell stays empty and its case fails
    const int y = kTop + kCellH * int(i);
    l_int32 width = 0, overflow = 0;
    pixSetTextline(pix.get(), bmf, cases[i].text, cases[i].level, kLeft + 250,
                   y + kCellH / 2 + bmf->baselinetab[int('0')] / 2, &width, &overflow);
    bmfDestroy(&bmf);
    boxes->push_back(Box{(kLeft + 4) * kShrink, (y + 4) * kShrink, (kLeft + kCellW - 4) * kShrink,
                         (y + kCellH) * kShrink});
  }
  Page page;
  page.number = 1;
  page.dpi = kDpi;
  page.gray.reset(pixScaleAreaMap(pix.get(), kShrink, kShrink));
  page.width = pixGetWidth(page.gray.get());
  page.height = pixGetHeight(page.gray.get());
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
    table.box = table.box.Union(boxes[i]);
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

TEST(OcrSmallTextTest, SmallFiguresInCellsAreRead) {
  // Faint gray figures about 9 px high: their strokes are mostly lighter than the ink
  // threshold once shrunk, as on the 150-dpi summary table of samples/dachang-2022.
  const std::vector<SmallCase> kCases = {
      {"23", 8, 120},     {"20", 8, 120},      {"3", 8, 120},
      {"568", 8, 120},    {"23", 16, 0},  // normal-size black print reads as before
  };
  std::vector<Box> boxes;
  const Page page = DrawPage(kCases, &boxes);
  ASSERT_NE(page.gray, nullptr);
  auto engine = NewOcrEngine();
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  const std::vector<Word> words = (*engine)->ReadPage(page, {TableOf(boxes)});
  for (size_t i = 0; i < kCases.size(); ++i) {
    SCOPED_TRACE(std::string(kCases[i].text) + " level " + std::to_string(kCases[i].level));
    EXPECT_EQ(TextIn(words, boxes[i]), kCases[i].text);
  }
  // Word boxes of enlarged crops are mapped back into their cells, on the page's scale.
  for (const Word& word : words) {
    EXPECT_LT(word.box.y1 - word.box.y0, kCellH * kShrink) << word.text;
  }
}

}  // namespace
}  // namespace jixiao
