// 1-bit scans (CCITT G4 TIFF) read through ingest, layout and the real OCR engine, on the
// sample scans: a thin Song face binarized at 200 dpi whose short cells Tesseract used to drop
// as noise; dotted placeholder rows ("....." under 指标2:) of a 300 dpi fax page that
// Tesseract read as "ee", a bogus indicator that shifted every later row by one; and "="
// signs whose one-pixel bars fell under the ink floor.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scan_test_util.h"

namespace jixiao {
namespace {

// The tables of page `index` (0-based) of samples/`name`, a 1-bit scan, with OCR'd text in
// their cells.
std::vector<Table> ReadBilevelTables(const std::string& name, int index) {
  bool bilevel = false;
  std::vector<Table> tables = testing::ReadScanTables(testing::SamplePath(name), index, &bilevel);
  EXPECT_TRUE(bilevel) << name;
  return tables;
}

bool OnlyDots(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c == '.'; });
}

TEST(BilevelScanTest, DottedPlaceholderRowsReadAsDots) {
  const std::vector<Table> tables =
      ReadBilevelTables("dachang-2022-a/scans/dachang-2022-a-g4-300dpi.tif", 5);
  ASSERT_EQ(tables.size(), 1u);
  const Table& table = tables[0];
  // The born-digital page 6 (samples/dachang-2022-a/dachang-2022-a.pdf) has this grid.
  EXPECT_EQ(table.rows, 29);
  EXPECT_EQ(table.cols, 9);
  // 三级指标 column: "指标2:" then "....." under 数量指标 and under 时效指标.
  for (int row : {12, 17}) {
    const Cell* cell = table.At(row, 3);
    ASSERT_NE(cell, nullptr) << row;
    EXPECT_TRUE(OnlyDots(cell->text)) << "row " << row << ": " << cell->text;
  }
}

TEST(BilevelScanTest, ThinFaceShortCellsAreRead) {
  const std::vector<Table> tables =
      ReadBilevelTables("dachang-2022-d/scans/dachang-2022-d-g4-200dpi.tif", 0);
  ASSERT_EQ(tables.size(), 1u);
  // 实际完成值 (column 5) of the seven indicator rows (10-16) all say 完成. Glyphs are
  // 17-22 px with missing horizontal strokes, so some are misread (宛成); none may be empty
  // (three were, with Tesseract's noise-row rejection on).
  int read = 0, exact = 0;
  for (int row = 10; row <= 16; ++row) {
    const Cell* cell = tables[0].At(row, 5);
    ASSERT_NE(cell, nullptr) << row;
    read += !cell->text.empty();
    exact += cell->text == "完成";
  }
  EXPECT_EQ(read, 7);
  EXPECT_GE(exact, 4);
}

TEST(BilevelScanTest, ThinEqualsSignsAreRead) {
  const std::vector<Table> tables =
      ReadBilevelTables("chongqing-2020/scans/chongqing-2020-p6-g4-300dpi.tif", 0);
  ASSERT_EQ(tables.size(), 1u);
  // 指标性质 (column 3) of indicator rows 8-11 is "="; its bars are a pixel or two thick
  // here and came back empty (under the ink floor).
  for (int row = 8; row <= 11; ++row) {
    const Cell* cell = tables[0].At(row, 3);
    ASSERT_NE(cell, nullptr) << row;
    EXPECT_EQ(cell->text, "=") << "row " << row;
  }
}

}  // namespace
}  // namespace jixiao
