// For the tests that run real sample scans through the pipeline's first stages: one page
// ingested, its tables found, OCR'd and its words placed, as src/pipeline does.
#ifndef JIXIAO_TESTS_SCAN_TEST_UTIL_H_
#define JIXIAO_TESTS_SCAN_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ingest/ingest.h"
#include "layout/layout.h"
#include "ocr/ocr.h"

namespace jixiao::testing {

// The OCR engine of the test process, loaded once (about 0.4 s); null, failing the test, when
// it does not load.
inline OcrEngine* SharedOcrEngine() {
  static Result<std::unique_ptr<OcrEngine>> engine = NewOcrEngine();
  EXPECT_TRUE(engine.has_value()) << (engine ? std::string() : engine.error().message);
  return engine ? engine->get() : nullptr;
}

// The path of `name` (e.g. "dachang-2022/scans/….tif") under samples/.
inline std::string SamplePath(const std::string& name) {
  return std::string(JIXIAO_SOURCE_DIR) + "/samples/" + name;
}

// Page `index` (0-based) of `path` laid out with its OCR'd text: its tables and the text lines
// outside them; `bilevel` (when given) tells whether the page came from a 1-bit image. A file
// or page that does not load fails the test and gives an empty layout.
inline PageLayout ReadScanPage(const std::string& path, int index, bool* bilevel = nullptr) {
  OcrEngine* engine = SharedOcrEngine();
  if (engine == nullptr) return {};
  auto reader = OpenDocument(path);
  EXPECT_TRUE(reader.has_value()) << path;
  if (!reader) return {};
  Result<Page> page = (*reader)->LoadPage(index);
  EXPECT_TRUE(page.has_value()) << path << " page " << index + 1;
  if (!page) return {};
  if (bilevel != nullptr) *bilevel = page->bilevel;
  std::vector<Table> tables = FindTables(*page);
  const std::vector<Word> words = engine->ReadPage(*page, tables);
  return PlaceWords(page->number, std::move(tables), words);
}

// The tables of that page with their OCR'd text.
inline std::vector<Table> ReadScanTables(const std::string& path, int index,
                                         bool* bilevel = nullptr) {
  return ReadScanPage(path, index, bilevel).tables;
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_SCAN_TEST_UTIL_H_
