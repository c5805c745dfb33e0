// Short figures in table cells of real scans (samples/*/scans): digits, % and comparators that
// chi_sim alone misreads ("100%" → "1009", "105.56" → "105.356", "5" → "3", "≥90%" →
// "≥909") and the OCR stage reads again with its figure reader (eng, digits whitelist).
// Each page goes through ingest, layout and OCR as in the pipeline; the test looks for the
// cells' texts anywhere on the page, so it does not depend on the grid's numbering.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include "common/text.h"
#include "ingest/prepare.h"
#include "scan_test_util.h"

namespace jixiao {
namespace {

struct FigureCase {
  const char* file;                    // under samples/
  std::vector<std::string> present;    // cell texts (normalized) that must be on the page
  std::vector<std::string> absent;     // chi_sim's misreadings, gone
};

// The normalized texts of every table cell of page `index` (0-based) of samples/`name`.
std::vector<std::string> CellTexts(const std::string& name, int index = 0) {
  std::vector<std::string> texts;
  for (const Table& table : testing::ReadScanTables(testing::SamplePath(name), index)) {
    for (const Cell& cell : table.cells) texts.push_back(NormalizeText(cell.text));
  }
  return texts;
}

TEST(OcrFiguresTest, FiguresInCellsOfRealScans) {
  static const FigureCase kCases[] = {
      // 250 dpi colour photo-like scan: % signs read as 9 by chi_sim.
      {"dachang-2022/scans/dachang-2022-p12-250dpi.jpg",
       {"100%", "≥90%", "<20%"},
       {"1009", "≥909", "<209"}},
      // 150 dpi scan (and the same page without a resolution): a 5 read as 3, an extra 3.
      {"gongjue-2023/scans/gongjue-2023-p1-150dpi.png", {"105.56", "5"}, {"105.356"}},
      {"gongjue-2023/scans/gongjue-2023-p1-nodpi.png", {"105.56", "100%", "5"}, {"105.356"}},
  };
  for (const FigureCase& c : kCases) {
    SCOPED_TRACE(c.file);
    const std::vector<std::string> texts = CellTexts(c.file);
    ASSERT_FALSE(texts.empty());
    for (const std::string& want : c.present) {
      EXPECT_NE(std::find(texts.begin(), texts.end(), NormalizeText(want)), texts.end())
          << "missing " << want;
    }
    for (const std::string& gone : c.absent) {
      EXPECT_EQ(std::find(texts.begin(), texts.end(), NormalizeText(gone)), texts.end())
          << "still read " << gone;
    }
  }
}

// A lone cell figure or sign is never invented: hanzi cells keep chi_sim's reading.
TEST(OcrFiguresTest, HanziCellsKeepTheirText) {
  const std::vector<std::string> texts = CellTexts("gongjue-2023/scans/gongjue-2023-p1-150dpi.png");
  for (const char* want : {"项目名称", "年度指标值", "实际完成值"}) {
    EXPECT_NE(std::find(texts.begin(), texts.end(), NormalizeText(want)), texts.end())
        << "missing " << want;
  }
}

// A lone "=" (the 指标性质 column of seed 001's department form, page 6 of the chongqing
// scan): two faint bars 10 px wide that chi_sim drops; told by shape. The born-digital page
// has four, and no other cell of the page is read as one.
TEST(OcrFiguresTest, LoneEqualsSignsOfADepartmentForm) {
  const std::vector<std::string> texts =
      CellTexts("chongqing-2020/scans/chongqing-2020-scan-200dpi.pdf", 5);
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(std::count(texts.begin(), texts.end(), "="), 4);
}

// Page 5 of the chongqing 200 dpi scan: its ≥ signs are drawn lighter than the figures (the
// bar and the outer ends of the arms under the ink threshold; chi_sim read ">"), and its unit
// cells hold lone % signs whose hairline slash the scan lost (read as 由, 9 or nothing). The
// born-digital page has the four ≥ figures twice each and four "%" unit cells. ("≥98%" needs
// the figure reader to see the faint rows above and below the ink box.)
TEST(OcrFiguresTest, LightComparatorsAndSlashlessPercentSigns) {
  const std::vector<std::string> texts =
      CellTexts("chongqing-2020/scans/chongqing-2020-scan-200dpi.pdf", 4);
  ASSERT_FALSE(texts.empty());
  for (const char* want : {"≥25%", "≥36000人次", "≥90%", "≥98%"}) {
    EXPECT_EQ(std::count(texts.begin(), texts.end(), NormalizeText(want)), 2) << want;
  }
  EXPECT_EQ(std::count(texts.begin(), texts.end(), "%"), 4);
  for (const char* gone : {">259", ">36000人次", "由"}) {
    EXPECT_EQ(std::find(texts.begin(), texts.end(), NormalizeText(gone)), texts.end())
        << "still read " << gone;
  }
}

// The same department form as a 300 dpi G4 TIFF: five "%" unit cells, rings without slash.
TEST(OcrFiguresTest, SlashlessPercentSignsOnABilevelPage) {
  const std::vector<std::string> texts =
      CellTexts("chongqing-2020/scans/chongqing-2020-p6-g4-300dpi.tif");
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(std::count(texts.begin(), texts.end(), "%"), 5);
}

// A % whose slash a 1-bit scan lost, after digits: chi_sim reads `88"`, the figure reader 88%.
// The page is the born-digital dachang-2022 page 9 rendered at 300 dpi, turned 0.7° as if fed
// askew, and cut at gray 150 into 1-bit, as a G4 scanner would (its funds row prints 执行率 88%).
TEST(OcrFiguresTest, SlashlessPercentSignAfterDigitsOnABilevelPage) {
  IngestOptions options;
  options.render_dpi = 300;
  auto reader = OpenDocument(testing::SamplePath("dachang-2022/dachang-2022.pdf"), options);
  ASSERT_TRUE(reader.has_value());
  Result<Page> rendered = (*reader)->LoadPage(8);
  ASSERT_TRUE(rendered.has_value());
  PixPtr skewed(pixRotate(rendered->gray.get(), -0.7 * M_PI / 180, L_ROTATE_AREA_MAP,
                          L_BRING_IN_WHITE, 0, 0));
  PixPtr bits(pixThresholdToBinary(skewed.get(), 150));
  Result<Page> page = PrepareScan(std::move(bits), 1, 300, options);
  ASSERT_TRUE(page.has_value());
  ASSERT_TRUE(page->bilevel);
  OcrEngine* engine = testing::SharedOcrEngine();
  ASSERT_NE(engine, nullptr);
  std::vector<Table> tables = FindTables(*page);
  const std::vector<Word> words = engine->ReadPage(*page, tables);
  const PageLayout layout = PlaceWords(1, std::move(tables), words);
  std::vector<std::string> texts;
  for (const Table& table : layout.tables) {
    for (const Cell& cell : table.cells) texts.push_back(NormalizeText(cell.text));
  }
  EXPECT_NE(std::find(texts.begin(), texts.end(), "88%"), texts.end());
}

// A page scanned at 600 dpi is read at 300 (chi_sim misread its % signs as 鸭 and 儿 at full
// size) and its words come back in the page's own pixels: they land in the cells found on
// the 600 dpi page. The page is the born-digital dachang-2022 page 12 rendered at 600 dpi and
// turned 3.5° as if fed askew.
TEST(OcrFiguresTest, PagesFinerThan300DpiAreReadAt300) {
  IngestOptions options;
  options.render_dpi = 600;
  auto reader = OpenDocument(testing::SamplePath("dachang-2022/dachang-2022.pdf"), options);
  ASSERT_TRUE(reader.has_value());
  Result<Page> rendered = (*reader)->LoadPage(11);
  ASSERT_TRUE(rendered.has_value());
  PixPtr skewed(pixRotate(rendered->gray.get(), 3.5 * M_PI / 180, L_ROTATE_AREA_MAP,
                          L_BRING_IN_WHITE, 0, 0));
  Result<Page> page = PrepareScan(std::move(skewed), 1, 600, options);
  ASSERT_TRUE(page.has_value());
  OcrEngine* engine = testing::SharedOcrEngine();
  ASSERT_NE(engine, nullptr);
  std::vector<Table> tables = FindTables(*page);
  const std::vector<Word> words = engine->ReadPage(*page, tables);
  const PageLayout layout = PlaceWords(1, std::move(tables), words);
  std::vector<std::string> texts;
  for (const Table& table : layout.tables) {
    for (const Cell& cell : table.cells) texts.push_back(NormalizeText(cell.text));
  }
  for (const char* text : {"城乡医疗救助资金", "98.95%", "19.79"}) {
    EXPECT_NE(std::find(texts.begin(), texts.end(), text), texts.end()) << text;
  }
  EXPECT_GE(std::count(texts.begin(), texts.end(), "100%"), 2);
}

// Digits that touch at mid-height (a phone number in bold 200 dpi print) make a horizontal run
// of ink as long as a ruling; it must not be whitened as one. The sign-off lines of the
// dachang-a 200 dpi scan read "82sSss22", "5366b88" and "83GGGR8" for 8366688 when it was.
TEST(OcrFiguresTest, DigitsTouchingAtMidHeightAreNotARuling) {
  const std::string path =
      testing::SamplePath("dachang-2022-a/scans/dachang-2022-a-scan-200dpi.pdf");
  for (int index : {0, 5}) {
    SCOPED_TRACE(index);
    std::vector<std::string> lines;
    for (const TextLine& line : testing::ReadScanPage(path, index).lines) {
      lines.push_back(NormalizeText(line.text));
    }
    EXPECT_NE(std::find(lines.begin(), lines.end(), NormalizeText("联系方式:8366688")), lines.end());
  }
}

}  // namespace
}  // namespace jixiao
