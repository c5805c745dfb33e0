// The per-page OCR time budget (OcrOptions::page_seconds): a page that runs over stops, keeps
// the words read before, and says so through OcrEngine::timed_out().
#include <leptonica/allheaders.h>

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ocr/ocr.h"

namespace jixiao {
namespace {

// tests/data/ocr/form.png as a gray scan: a full A4 form at 200 dpi, read line by line
// (about 3 s without a budget).
Page LoadGrayPage() {
  Page page;
  PixPtr pix(pixRead(JIXIAO_SOURCE_DIR "/tests/data/ocr/form.png"));
  if (pix == nullptr) return page;
  page.number = 1;
  page.dpi = 200;
  page.gray.reset(pixConvertTo8(pix.get(), 0));
  page.width = pixGetWidth(page.gray.get());
  page.height = pixGetHeight(page.gray.get());
  return page;
}

struct Case {
  double page_seconds;
  bool timed_out;
  double max_seconds;  // the page must come back within this (budget + one Recognize's slack)
};

TEST(OcrDeadlineTest, ABudgetStopsThePageAndSaysSo) {
  static const Case kCases[] = {
      {0.0, false, 120.0},   // no limit: the whole page
      {0.001, true, 1.5},    // spent before the first line: nothing read
      {0.1, true, 1.5},      // spent part way (the whole page takes over a second)
      {600.0, false, 120.0}, // a generous budget changes nothing
  };
  const Page page = LoadGrayPage();
  ASSERT_NE(page.gray, nullptr);
  size_t full = 0;
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.page_seconds);
    OcrOptions options;
    options.page_seconds = c.page_seconds;
    auto engine = NewOcrEngine(options);
    ASSERT_TRUE(engine.has_value()) << engine.error().message;
    const auto start = std::chrono::steady_clock::now();
    const std::vector<Word> words = (*engine)->ReadPage(page, {});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ((*engine)->timed_out(), c.timed_out);
    EXPECT_LT(seconds, c.max_seconds);
    if (!c.timed_out) {
      EXPECT_GT(words.size(), 10u);
      if (full == 0) full = words.size();
      EXPECT_EQ(words.size(), full);
    } else {
      EXPECT_LT(words.size(), full);  // the first case read the whole page
    }
    for (const Word& w : words) EXPECT_FALSE(w.text.empty());
  }
}

TEST(OcrDeadlineTest, TheFlagIsPerPage) {
  const Page page = LoadGrayPage();
  ASSERT_NE(page.gray, nullptr);
  OcrOptions options;
  options.page_seconds = 0.001;
  auto engine = NewOcrEngine(options);
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  (*engine)->ReadPage(page, {});
  EXPECT_TRUE((*engine)->timed_out());
  Page empty;  // nothing to read: nothing runs over
  EXPECT_TRUE((*engine)->ReadPage(empty, {}).empty());
  EXPECT_FALSE((*engine)->timed_out());
}

}  // namespace
}  // namespace jixiao
