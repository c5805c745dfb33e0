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

// The normalized texts of every cell of `tables`.
std::vector<std::string> TextsOf(const std::vector<Table>& tables) {
  std::vector<std::string> texts;
  for (const Table& table : tables) {
    for (const Cell& cell : table.cells) texts.push_back(NormalizeText(cell.text));
  }
  return texts;
}

// The normalized texts of every table cell of page `index` (0-based) of samples/`name`.
std::vector<std::string> CellTexts(const std::string& name, int index = 0) {
  return TextsOf(testing::ReadScanTables(testing::SamplePath(name), index));
}

TEST(OcrFiguresTest, FiguresInCellsOfRealScans) {
  static const FigureCase kCases[] = {
      // 250 dpi colour photo-like scan: % signs read as 9 by chi_sim.
      {"dachang-2022/scans/dachang-2022-p12-250dpi.jpg",
       {"100%", "≥90%", "<20%"},
       {"1009", "≥909", "<209"}},
      // 150 dpi scan (and the same page without a resolution): a 5 read as 3, an extra 3.
      {"gongjue-2023/scans/gongjue-2023-p1-150dpi.png", {"105.56", "5"}, {"105.356"}},
      {"gongjue-2023/scans/gongjue-2023-p1-nodpi.png", {"105.56", "100%", "5", "≥98%"},
       {"105.356"}},
      // 200 dpi JPEG of a Song face: a light ⩾ whose bar touches the arm, read as nothing
      // ("95%") or with the % as 9 ("1009"); told by BarredChevron in the light ink.
      {"dachang-2022-b/scans/dachang-2022-b-p1-200dpi.jpg", {"≥100%", "≥95%"}, {"1009", "95%"}},
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

// The gap between a figure and its unit read as a 和 chi_sim is unsure of ("1和套", 0.62;
// "≥1和辆", 0.40): dropped. Page 5 of the dachang-a 200 dpi scan prints "1套" in four cells,
// page 3 of the dachang-e 300 dpi G4 scan "≥1辆" and "1辆".
TEST(OcrFiguresTest, AGapReadAsHeIsDropped) {
  const std::vector<std::string> a =
      CellTexts("dachang-2022-a/scans/dachang-2022-a-scan-200dpi.pdf", 4);
  EXPECT_EQ(std::count(a.begin(), a.end(), "1套"), 4);
  const std::vector<std::string> e =
      CellTexts("dachang-2022-e/scans/dachang-2022-e-g4-300dpi.tif", 2);
  EXPECT_EQ(std::count(e.begin(), e.end(), NormalizeText("≥1辆")), 1);
  EXPECT_EQ(std::count(e.begin(), e.end(), NormalizeText("1辆")), 1);
}

// 合 split into 人 (its roof, read unsure) and 台 is joined again: the dachang-b 200 dpi PNG
// prints 合法合规 in its goals cell (read 人台法人台规).
TEST(OcrFiguresTest, ASplitHeIsJoined) {
  const std::vector<std::string> texts =
      CellTexts("dachang-2022-b/scans/dachang-2022-b-p1-200dpi.png");
  auto holds = [&](const std::string& part) {
    return std::ranges::any_of(texts, [&](const std::string& t) { return t.find(part) != t.npos; });
  };
  EXPECT_TRUE(holds("合法合规"));
  EXPECT_FALSE(holds("人台"));
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

// A light comparator that chi_sim dropped (or read as a digit), in front of dark figures: its
// glyph has almost no dark ink, so it is the sign (LightOnly). Page 4 of the chongqing 200 dpi
// scan prints "≥40%" twice (the second was "40%"); the gongjue page without a resolution
// "≥99%" (was "99%").
TEST(OcrFiguresTest, LightSignsChiSimReadAsADigitOrDropped) {
  const std::vector<std::string> chongqing =
      CellTexts("chongqing-2020/scans/chongqing-2020-scan-200dpi.pdf", 3);
  EXPECT_EQ(std::count(chongqing.begin(), chongqing.end(), NormalizeText("≥40%")), 2);
  const std::vector<std::string> gongjue =
      CellTexts("gongjue-2023/scans/gongjue-2023-p1-nodpi.png");
  EXPECT_EQ(std::count(gongjue.begin(), gongjue.end(), NormalizeText("≥99%")), 1);
}

// The same department form as a 300 dpi G4 TIFF: five "%" unit cells, rings without slash.
TEST(OcrFiguresTest, SlashlessPercentSignsOnABilevelPage) {
  const std::vector<std::string> texts =
      CellTexts("chongqing-2020/scans/chongqing-2020-p6-g4-300dpi.tif");
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(std::count(texts.begin(), texts.end(), "%"), 5);
}

// A Kai face draws ≥ and ≤ as ⩾ and ⩽, the bar along the lower arm; on the 300 dpi G4 scan of
// samples/dachang-2022-e it touches the arm, so no neck splits the glyph. chi_sim read these
// signs as 记, as "<" and 和, or not at all ("90%", "95多"); the shape test BarredChevron tells
// them. The born-digital pages print each figure below: page 1 ≥90% twice and ≥95% four
// times, page 2 ≤3.5万元 and ≤1.5万元.
TEST(OcrFiguresTest, KaiComparatorsWhoseBarTouchesTheChevron) {
  const std::string file = "dachang-2022-e/scans/dachang-2022-e-g4-300dpi.tif";
  const std::vector<std::string> first = CellTexts(file, 0);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(std::count(first.begin(), first.end(), NormalizeText("≥90%")), 2);
  EXPECT_EQ(std::count(first.begin(), first.end(), NormalizeText("≥95%")), 4);
  const std::vector<std::string> second = CellTexts(file, 1);
  for (const char* want : {"≤3.5万元", "≤1.5万元"}) {
    EXPECT_NE(std::find(second.begin(), second.end(), NormalizeText(want)), second.end())
        << "missing " << want;
  }
}

// Page `index` (0-based) of the born-digital samples/dachang-2022/dachang-2022.pdf as a scanner
// gives it: rendered at `dpi`, turned `degrees` as if fed askew and, when `bilevel`, cut at gray
// 150 into 1 bit; then prepared as a scan, laid out and OCR'd. Its cells' normalized texts.
std::vector<std::string> RescannedCellTexts(int index, double dpi, double degrees, bool bilevel) {
  IngestOptions options;
  options.render_dpi = dpi;
  auto reader = OpenDocument(testing::SamplePath("dachang-2022/dachang-2022.pdf"), options);
  EXPECT_TRUE(reader.has_value());
  if (!reader) return {};
  Result<Page> rendered = (*reader)->LoadPage(index);
  EXPECT_TRUE(rendered.has_value());
  if (!rendered) return {};
  PixPtr image(pixRotate(rendered->gray.get(), static_cast<float>(degrees * M_PI / 180),
                         L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  if (bilevel) image.reset(pixThresholdToBinary(image.get(), 150));
  Result<Page> page = PrepareScan(std::move(image), 1, dpi, options);
  OcrEngine* engine = testing::SharedOcrEngine();
  EXPECT_TRUE(page.has_value() && engine != nullptr);
  if (!page || engine == nullptr) return {};
  EXPECT_EQ(page->bilevel, bilevel);
  std::vector<Table> tables = FindTables(*page);
  const std::vector<Word> words = engine->ReadPage(*page, tables);
  return TextsOf(PlaceWords(1, std::move(tables), words).tables);
}

// A % whose slash a 1-bit scan lost, after digits: chi_sim reads `88"`, the figure reader 88%
// (the funds row of page 9 prints 执行率 88%; 300 dpi, 0.7°, 1-bit).
TEST(OcrFiguresTest, SlashlessPercentSignAfterDigitsOnABilevelPage) {
  const std::vector<std::string> texts = RescannedCellTexts(8, 300, -0.7, true);
  EXPECT_NE(std::find(texts.begin(), texts.end(), "88%"), texts.end());
}

// A page scanned at 600 dpi is read at 300 (chi_sim misread its % signs as 鸭 and 儿 at full
// size) and its words come back in the page's own pixels: they land in the cells found on
// the 600 dpi page (page 12, turned 3.5°).
TEST(OcrFiguresTest, PagesFinerThan300DpiAreReadAt300) {
  const std::vector<std::string> texts = RescannedCellTexts(11, 600, 3.5, false);
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
