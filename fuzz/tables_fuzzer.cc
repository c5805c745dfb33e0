// Fuzz target: the table builder (FindTables → PlaceWords → Html/Dump) fed with random line
// sets drawn on a page, plus random words.
//
// Input: a resolution byte, then records of 7 bytes each:
//   kind  x(2) y(2) length thickness
//   kind % 5: 0 horizontal ruling, 1 vertical ruling, 2 slanted line (skewed scans),
//             3 filled blob (stamps, specks), 4 a word ("项目" … "92.5%") with its box
// Oracle: the contract of layout.h: every grid slot covered exactly once, spans inside the
// grid, cells sorted by (row, col), boxes finite, words in cells come from the input.
#include <leptonica/allheaders.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "layout/layout.h"

using namespace jixiao;

namespace {

// A quarter of a Letter page (4.25 x 5.5 in): room for a form's table, small enough for
// hundreds of runs a second. Pixels at 100 dpi; scaled by the dpi byte.
constexpr int kWidth = 425, kHeight = 550;

bool Finite(const jixiao::Box& b) {
  return std::isfinite(b.x0) && std::isfinite(b.y0) && std::isfinite(b.x1) && std::isfinite(b.y1);
}

void CheckTable(const Table& t) {
  JIXIAO_FUZZ_CHECK(t.rows > 0 && t.cols > 0 && t.rows <= 10000 && t.cols <= 10000);
  JIXIAO_FUZZ_CHECK(Finite(t.box));
  std::vector<int> covered(static_cast<size_t>(t.rows) * t.cols, 0);
  for (size_t i = 0; i < t.cells.size(); ++i) {
    const Cell& c = t.cells[i];
    JIXIAO_FUZZ_CHECK(c.row >= 0 && c.col >= 0 && c.rowspan >= 1 && c.colspan >= 1);
    JIXIAO_FUZZ_CHECK(c.row + c.rowspan <= t.rows && c.col + c.colspan <= t.cols);
    JIXIAO_FUZZ_CHECK(Finite(c.box));
    if (i > 0) {
      const Cell& p = t.cells[i - 1];
      JIXIAO_FUZZ_CHECK(p.row < c.row || (p.row == c.row && p.col < c.col));
    }
    for (int r = c.row; r < c.row + c.rowspan; ++r) {
      for (int k = c.col; k < c.col + c.colspan; ++k) ++covered[size_t(r) * t.cols + k];
    }
  }
  for (int n : covered) JIXIAO_FUZZ_CHECK(n == 1);
  for (int r = 0; r < t.rows; ++r) {
    for (int k = 0; k < t.cols; ++k) JIXIAO_FUZZ_CHECK(t.At(r, k) != nullptr);
  }
  JIXIAO_FUZZ_CHECK(t.At(-1, 0) == nullptr && t.At(t.rows, 0) == nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setMsgSeverity(L_SEVERITY_NONE);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 7 * 400 + 1) return 0;  // a few hundred strokes is a dense form
  static const char* const kTexts[] = {"项目名称", "5.6",  "92.5%", "≥ 45000 人", "指标1:",
                                       "总分",     "A B", "",      "—",         "2023.3.1"};
  fuzz::Bytes in(data, size);
  const double dpi = 50 + in.Byte() % 4 * 50;  // 50, 100, 150, 200
  const double scale = dpi / 100;
  const int width = static_cast<int>(kWidth * scale), height = static_cast<int>(kHeight * scale);
  PixPtr binary(pixCreate(width, height, 1));
  std::vector<Word> words;
  while (!in.empty()) {
    const int kind = in.Byte() % 5;
    const int x = in.Int(-20, width + 20), y = in.Int(-20, height + 20);
    const int length = static_cast<int>(in.Byte() * 4 * scale);
    const uint8_t extra = in.Byte();
    const int thickness = 1 + extra % 6;
    switch (kind) {
      case 0:
        pixRenderLine(binary.get(), x, y, x + length, y, thickness, L_SET_PIXELS);
        break;
      case 1:
        pixRenderLine(binary.get(), x, y, x, y + length, thickness, L_SET_PIXELS);
        break;
      case 2:
        pixRenderLine(binary.get(), x, y, x + length, y + length / 40 + thickness, 1, L_SET_PIXELS);
        break;
      case 3: {
        BOX* box = boxCreate(x, y, length / 8 + 1, length / 8 + 1);
        pixSetInRect(binary.get(), box);
        boxDestroy(&box);
        break;
      }
      default:
        words.push_back({kTexts[extra % std::size(kTexts)],
                         jixiao::Box{double(x), double(y), double(x) + length / 4.0, double(y) + 12 * scale},
                         (length % 101) / 100.0, extra % 2 == 0});
    }
  }
  Page page;
  page.number = 1;
  page.dpi = dpi;
  page.width = width;
  page.height = height;
  page.gray.reset(pixConvert1To8(nullptr, binary.get(), 255, 0));
  page.words = words;

  std::vector<Table> tables = FindTables(page);
  for (const Table& t : tables) {
    JIXIAO_FUZZ_CHECK(t.page == 1);
    CheckTable(t);
  }
  PageLayout layout = PlaceWords(1, tables, words);
  size_t placed = 0;
  for (const Table& t : layout.tables) {
    CheckTable(t);
    for (const Cell& c : t.cells) placed += c.words.size();
    (void)Html(t);
    (void)Dump(t);
  }
  JIXIAO_FUZZ_CHECK(placed <= words.size());
  return 0;
}
