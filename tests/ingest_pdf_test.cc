// PDF ingest and file sniffing on the fixtures of tests/data/ (see make_fixtures.py there).
#include <gtest/gtest.h>

#include <fstream>

#include "ingest/ingest.h"

namespace jixiao {
namespace {

std::string Data(const std::string& name) { return std::string(JIXIAO_SOURCE_DIR) + "/tests/data/" + name; }

TEST(Sniff, ByContentNotExtension) {
  struct Case {
    const char* file;
    FileKind kind;
  };
  static const Case kCases[] = {
      {"form.pdf", FileKind::kPdf},        {"encrypted.pdf", FileKind::kPdf},
      {"truncated.pdf", FileKind::kPdf},   {"random.pdf", FileKind::kUnknown},
      {"empty.pdf", FileKind::kUnknown},   {"image-as.pdf", FileKind::kPng},
  };
  for (const Case& c : kCases) EXPECT_EQ(SniffFile(Data(c.file)), c.kind) << c.file;
}

TEST(Sha256, KnownVector) {
  const std::string path = ::testing::TempDir() + "/abc.txt";
  std::ofstream(path) << "abc";
  auto sha = Sha256File(path);
  ASSERT_TRUE(sha);
  EXPECT_EQ(*sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256File(Data("no-such-file")).error().code, "NOT_FOUND");
}

TEST(OpenDocument, BadInputsGiveClearErrors) {
  struct Case {
    const char* file;
    const char* code;
  };
  static const Case kCases[] = {
      {"empty.pdf", "EMPTY_FILE"},         {"random.pdf", "UNSUPPORTED_TYPE"},
      {"encrypted.pdf", "ENCRYPTED_PDF"},  {"truncated.pdf", "CORRUPT_PDF"},
      {"no-such-file.pdf", "NOT_FOUND"},
  };
  for (const Case& c : kCases) {
    auto doc = OpenDocument(Data(c.file));
    if (doc) {  // a damaged PDF may open and fail on its pages instead
      bool failed = false;
      for (int i = 0; i < (*doc)->page_count(); ++i) {
        auto page = (*doc)->LoadPage(i);
        if (!page) {
          EXPECT_EQ(page.error().code, c.code) << c.file;
          failed = true;
        }
      }
      EXPECT_TRUE(failed || (*doc)->page_count() == 0) << c.file << " opened without error";
      continue;
    }
    EXPECT_EQ(doc.error().code, c.code) << c.file << ": " << doc.error().message;
  }
}

TEST(OpenDocument, PasswordOpensAnEncryptedPdf) {
  IngestOptions options;
  options.password = "secret";
  auto doc = OpenDocument(Data("encrypted.pdf"), options);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ((*doc)->page_count(), 1);
  options.password = "wrong";
  EXPECT_EQ(OpenDocument(Data("encrypted.pdf"), options).error().code, "ENCRYPTED_PDF");
}

TEST(PdfPage, TextLayerGivesGlyphWordsInPagePixels) {
  auto doc = OpenDocument(Data("form.pdf"));
  ASSERT_TRUE(doc) << doc.error().message;
  auto page = (*doc)->LoadPage(0);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->number, 1);
  EXPECT_EQ(page->dpi, 200);
  EXPECT_EQ(page->source, TextSource::kTextLayer);
  // A4 at 200 dpi.
  EXPECT_NEAR(page->width, 1654, 2);
  EXPECT_NEAR(page->height, 2339, 2);
  ASSERT_NE(page->gray, nullptr);
  std::string text;
  for (const Word& w : page->words) text += w.text;
  EXPECT_NE(text.find("项目支出绩效自评表"), std::string::npos);
  EXPECT_NE(text.find("92.5%"), std::string::npos);
  // The title's first glyph sits near the top centre: y ≈ (842-80) pt from the bottom.
  for (const Word& w : page->words) {
    if (w.text == "项") {
      EXPECT_NEAR(w.box.y1, 80 * 200 / 72.0, 15);
      EXPECT_NEAR(w.box.width(), 16 * 200 / 72.0, 6);
      break;
    }
  }
}

TEST(PdfPage, OversizedPagesRenderAtALowerResolution) {
  IngestOptions options;
  options.max_pixels = 1'000'000;  // far below A4 at 200 dpi (3.9 Mpx)
  auto doc = OpenDocument(Data("form.pdf"), options);
  ASSERT_TRUE(doc);
  auto page = (*doc)->LoadPage(0);
  ASSERT_TRUE(page);
  EXPECT_LE(static_cast<long>(page->width) * page->height, 1'000'000);
  EXPECT_LT(page->dpi, 200);
}

}  // namespace
}  // namespace jixiao
