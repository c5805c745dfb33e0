// OCR of a rendered form with known cell boxes (tests/data/ocr/, made by make_ocr_fixtures.py:
// a 200-dpi colour page with a red seal stamped over three cells).
#include <leptonica/allheaders.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "common/text.h"
#include "ocr/ocr.h"

namespace jixiao {
namespace {

const std::string kDataDir = JIXIAO_SOURCE_DIR "/tests/data/ocr/";

struct FixtureCell {
  Box box;
  std::string text;
};

// (row, col) → box and printed text, from form_cells.tsv.
std::map<std::pair<int, int>, FixtureCell> LoadCells() {
  std::map<std::pair<int, int>, FixtureCell> cells;
  std::ifstream in(kDataDir + "form_cells.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    int row = 0, col = 0;
    FixtureCell cell;
    fields >> row >> col >> cell.box.x0 >> cell.box.y0 >> cell.box.x1 >> cell.box.y1;
    fields.get();  // the tab before the text
    std::getline(fields, cell.text);
    cells[{row, col}] = cell;
  }
  return cells;
}

// The page as ingest would hand it over: colour original plus its luminance.
Page LoadPage() {
  Page page;
  PixPtr pix(pixRead((kDataDir + "form.png").c_str()));
  if (pix == nullptr) return page;
  page.number = 1;
  page.dpi = 200;
  page.color.reset(pixConvertTo32(pix.get()));
  page.gray.reset(pixConvertRGBToLuminance(page.color.get()));
  page.width = pixGetWidth(page.gray.get());
  page.height = pixGetHeight(page.gray.get());
  return page;
}

std::string TextIn(const std::vector<Word>& words, const Box& box) {
  std::string text;
  for (const Word& word : words) {
    if (!box.Contains(word.box.cx(), word.box.cy())) continue;
    text += word.text;
    if (word.space_after) text += ' ';
  }
  return NormalizeText(text);
}

struct CellCase {
  int row, col;
  const char* expected;  // normalized
};

static const CellCase kCellCases[] = {
    {0, 0, "项目名称"},
    {0, 1, "2022年城乡居民医疗保险财政代缴资金"},
    {1, 1, "贡觉县医疗保障局"},
    {1, 5, "贡觉县医疗保障局"},  // under the seal's ring
    {2, 1, "年初预算数"},
    {2, 5, "执行率"},            // under the seal's red text
    {3, 0, "年度资金总额"},
    {3, 1, "261.53"},
    {3, 3, "258.40"},
    {3, 5, "98.80%"},            // under the seal's ring
    {3, 6, "9.88"},
    {5, 4, "年度指标值"},
    {6, 5, "3125人"},
    {7, 6, ""},                  // empty cell: skipped, no words
};

TEST(OcrEngineTest, MissingModelIsOcrInit) {
  OcrOptions options;
  options.models_dir = "/nonexistent";
  options.language = "zz_none";
  auto engine = NewOcrEngine(options);
  ASSERT_FALSE(engine.has_value());
  EXPECT_EQ(engine.error().code, "OCR_INIT");
}

TEST(OcrEngineTest, DefaultModelsDirIsTheSourceTreeWithoutJixiaoHome) {
  if (std::getenv("JIXIAO_HOME") != nullptr) GTEST_SKIP() << "JIXIAO_HOME is set";
  EXPECT_EQ(DefaultModelsDir(), std::string(JIXIAO_SOURCE_DIR) + "/models");
}

TEST(OcrEngineTest, GrayPageWithoutTablesIsReadLineByLine) {
  Page page = LoadPage();
  ASSERT_NE(page.gray, nullptr);
  page.color.reset();  // a gray scan: OCR runs on the luminance
  auto engine = NewOcrEngine();
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  const std::vector<Word> words = (*engine)->ReadPage(page, {});
  const std::string text = TextIn(words, Box{0, 0, 1e9, 1e9});
  EXPECT_NE(text.find("项目支出绩效自评表"), std::string::npos) << text;
  EXPECT_NE(text.find("年度资金总额"), std::string::npos) << text;
  EXPECT_NE(text.find("2024年3月19日"), std::string::npos) << text;

  Page empty;  // no image: nothing to read, no crash
  EXPECT_TRUE((*engine)->ReadPage(empty, {}).empty());
}

// The probe (ReadPage's min_confidence): an upright form is read whole, the same form turned
// a quarter stops after its first kProbeRegions cells, which read under the bar.
TEST(OcrEngineTest, AProbeStopsASidewaysPageOnly) {
  Page page = LoadPage();
  ASSERT_NE(page.gray, nullptr);
  Table table, turned;
  for (const auto& [pos, cell] : LoadCells()) {
    const Box& b = cell.box;  // a quarter turn clockwise: (x, y) → (height − y, x)
    const Box t{page.height - b.y1, b.x0, page.height - b.y0, b.x1};
    table.cells.push_back(Cell{.row = pos.first, .col = pos.second, .box = b});
    turned.cells.push_back(Cell{.row = pos.first, .col = pos.second, .box = t});
    table.box = table.box.Union(b);
    turned.box = turned.box.Union(t);
  }
  auto engine = NewOcrEngine();
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  const std::vector<Word> whole = (*engine)->ReadPage(page, {table});
  const std::vector<Word> probed = (*engine)->ReadPage(page, {table}, 0.4);
  EXPECT_FALSE((*engine)->stopped_early());
  EXPECT_EQ(TextIn(probed, Box{0, 0, 1e9, 1e9}), TextIn(whole, Box{0, 0, 1e9, 1e9}));
  EXPECT_GT(MeanConfidence(probed), 0.8);

  page.gray.reset(pixRotateOrth(page.gray.get(), 1));
  page.color.reset(pixRotateOrth(page.color.get(), 1));
  std::swap(page.width, page.height);
  const std::vector<Word> sideways = (*engine)->ReadPage(page, {turned}, 0.4);
  EXPECT_TRUE((*engine)->stopped_early());
  EXPECT_LT(MeanConfidence(sideways), 0.4);
  EXPECT_LE(sideways.size(), whole.size() / 2);
  (*engine)->ReadPage(page, {turned});
  EXPECT_FALSE((*engine)->stopped_early());
}

TEST(OcrEngineTest, ReadsCellsAndLinesOfAFormWithASeal) {
  const auto cells = LoadCells();
  ASSERT_EQ(cells.size(), 40u);
  Page page = LoadPage();
  ASSERT_NE(page.gray, nullptr);

  Table table;
  table.page = 1;
  for (const auto& [pos, cell] : cells) {
    Cell c;
    c.row = pos.first;
    c.col = pos.second;
    c.box = cell.box;
    table.cells.push_back(c);
    table.box = table.box.Union(cell.box);
  }

  auto start = std::chrono::steady_clock::now();
  auto engine = NewOcrEngine();
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  auto loaded = std::chrono::steady_clock::now();
  std::vector<Word> words = (*engine)->ReadPage(page, {table});
  auto done = std::chrono::steady_clock::now();
  // Twice: the engine is reused page after page.
  std::vector<Word> again = (*engine)->ReadPage(page, {table});
  auto done_again = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  std::cout << "init " << ms(start, loaded) << " ms, page " << ms(loaded, done) << " ms, again "
            << ms(done, done_again) << " ms, " << cells.size() << " cells, " << words.size()
            << " words\n";
  EXPECT_EQ(words.size(), again.size());

  for (const CellCase& c : kCellCases) {
    const FixtureCell& cell = cells.at({c.row, c.col});
    EXPECT_EQ(NormalizeText(cell.text), c.expected) << "fixture and test disagree";
    EXPECT_EQ(TextIn(words, cell.box), c.expected) << "cell " << c.row << "," << c.col;
  }

  // Every cell: characters right, measured as the share of cells read exactly.
  int exact = 0;
  for (const auto& [pos, cell] : cells) {
    const std::string got = TextIn(words, cell.box);
    if (got == NormalizeText(cell.text)) ++exact;
    else std::cout << "cell " << pos.first << "," << pos.second << ": " << got << " ≠ " << cell.text << "\n";
  }
  std::cout << exact << " of " << cells.size() << " cells exact\n";
  EXPECT_GE(exact, static_cast<int>(cells.size()) - 4);

  for (const Word& word : words) {
    EXPECT_GT(word.confidence, 0.0) << word.text << " at " << word.box.x0 << "," << word.box.y0 << " " << word.box.width() << "x" << word.box.height();
    EXPECT_LE(word.confidence, 1.0) << word.text;
    EXPECT_FALSE(word.box.empty()) << word.text;
    // The seal's own text is red: it must vanish from the OCR image.
    EXPECT_EQ(word.text.find("专用"), std::string::npos);
  }

  // Outside the table: title, year line and signature line, in page order.
  std::vector<Word> outside;
  for (const Word& word : words) {
    if (!table.box.Contains(word.box.cx(), word.box.cy())) outside.push_back(word);
  }
  const std::string rest = TextIn(outside, Box{0, 0, 1e9, 1e9});
  std::cout << "outside: " << rest << "\n";
  EXPECT_NE(rest.find("项目支出绩效自评表"), std::string::npos);
  EXPECT_NE(rest.find("2022年度)"), std::string::npos);  // "(" is sometimes read as 〈
  EXPECT_NE(rest.find("2024年3月19日"), std::string::npos);
  EXPECT_LT(rest.find("项目支出绩效自评表"), rest.find("2024年3月19日"));
}

}  // namespace
}  // namespace jixiao
