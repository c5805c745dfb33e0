// Scan preparation (deskew, seal removal, size limits) and the image reader (multi-page TIFF
// with a G4 page, corrupt files), on images drawn here with Leptonica.
#include <leptonica/allheaders.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/ingest.h"
#include "ingest/prepare.h"

namespace jixiao {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string TempPath(const std::string& name) { return ::testing::TempDir() + name; }

// An A4 page at 200 dpi: rulings every 120 px (one through the centre) and, between them,
// rows of glyph-sized black blocks, like a ruled form.
PixPtr RuledPage() {
  const int width = 1654, height = 2339;
  PixPtr pix(pixCreate(width, height, 8));
  pixSetAll(pix.get());  // white
  const int cy = height / 2;
  for (int k = -6; k <= 6; ++k) {
    const int y = cy + k * 120;
    pixRenderLine(pix.get(), 150, y, 1500, y, 3, L_CLEAR_PIXELS);
    if (k == 6) continue;
    for (int x = 200; x + 24 < 1450; x += 30) {
      if ((x / 30) % 9 == 8) continue;  // a word gap now and then
      BOX* glyph = boxCreate(x, y + 45, 24, 26);
      pixClearInRect(pix.get(), glyph);
      boxDestroy(&glyph);
    }
  }
  for (int x : {150, 500, 900, 1500}) {
    pixRenderLine(pix.get(), x, cy - 720, x, cy + 720, 3, L_CLEAR_PIXELS);
  }
  return pix;
}

// Row (near `y_hint`) where column `x` of `gray` is darkest: where the ruling crosses it.
int DarkestRow(Pix* gray, int x, int y_hint) {
  int best_y = -1;
  l_uint32 best = 256;
  for (int y = y_hint - 40; y <= y_hint + 40; ++y) {
    l_uint32 value = 255;
    pixGetPixel(gray, x, y, &value);
    if (value < best) {
      best = value;
      best_y = y;
    }
  }
  return best_y;
}

struct SkewCase {
  double rotate_degrees;  // applied to the clean page (Leptonica's sign convention)
};

// Up to 5° either way (4.5°: near the end of the search, where Leptonica gave no confidence).
static const SkewCase kSkewCases[] = {{2.0}, {-3.0}, {0.7}, {4.5}, {-4.8}};

TEST(PrepareScanTest, DeskewsRuledPages) {
  for (const SkewCase& c : kSkewCases) {
    PixPtr clean = RuledPage();
    const float radians = static_cast<float>(c.rotate_degrees * kPi / 180);
    PixPtr skewed(pixRotateAMGray(clean.get(), radians, 255));
    ScanReport report;
    auto page = PrepareScan(std::move(skewed), 1, 200, IngestOptions{}, &report);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    // Undoing a rotation by a means rotating by −a.
    EXPECT_NEAR(report.skew_degrees, -c.rotate_degrees, 0.2) << c.rotate_degrees;
    EXPECT_GE(report.skew_confidence, 3.0);
    ASSERT_NE(page->gray, nullptr);
    EXPECT_EQ(pixGetDepth(page->gray.get()), 8);
    EXPECT_EQ(page->color, nullptr);  // gray source
    // The ruling through the centre is level again: same row 1100 px apart (≤ 0.1°).
    const int cy = page->height / 2;
    const int left = DarkestRow(page->gray.get(), 250, cy);
    const int right = DarkestRow(page->gray.get(), 1350, cy);
    EXPECT_LE(std::abs(left - right), 2) << c.rotate_degrees << ": " << left << " vs " << right;
    EXPECT_NEAR(left, cy, 3);
  }
}

TEST(PrepareScanTest, StraightPageIsNotRotated) {
  ScanReport report;
  auto page = PrepareScan(RuledPage(), 1, 200, IngestOptions{}, &report);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(report.skew_degrees, 0.0);
  EXPECT_EQ(page->dpi, 200);
  EXPECT_FALSE(report.dpi_estimated);
}

// Red ink printed over the page: each channel is the darker of page and ink.
void StampRed(Pix* pix32, int cx, int cy, int r_inner, int r_outer) {
  const l_int32 ink_r = 220, ink_g = 40, ink_b = 40;
  for (int y = cy - r_outer; y <= cy + r_outer; ++y) {
    for (int x = cx - r_outer; x <= cx + r_outer; ++x) {
      const double d = std::hypot(x - cx, y - cy);
      if (d < r_inner || d > r_outer) continue;
      l_int32 r = 0, g = 0, b = 0;
      pixGetRGBPixel(pix32, x, y, &r, &g, &b);
      pixSetRGBPixel(pix32, x, y, std::min(r, ink_r), std::min(g, ink_g), std::min(b, ink_b));
    }
  }
}

TEST(PrepareScanTest, OcrImageDropsRedSealKeepsBlackText) {
  PixPtr pix(pixCreate(800, 600, 32));
  pixSetAll(pix.get());
  for (int row = 0; row < 6; ++row) {  // text-like bars
    BOX* bar = boxCreate(100, 100 + row * 70, 600, 24);
    pixClearInRect(pix.get(), bar);
    boxDestroy(&bar);
  }
  StampRed(pix.get(), 400, 300, 0, 60);     // a filled disc over the bars
  StampRed(pix.get(), 400, 300, 150, 170);  // and a ring
  auto page = PrepareScan(std::move(pix), 1, 200, IngestOptions{});
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_NE(page->color, nullptr);
  PixPtr ocr = OcrImage(*page);
  ASSERT_NE(ocr, nullptr);
  ASSERT_EQ(pixGetDepth(ocr.get()), 8);

  struct Probe {
    int x, y;
    bool dark_in_ocr;   // expected in the OCR image
    bool dark_in_gray;  // expected in page.gray (luminance)
    const char* what;
  };
  static const Probe kProbes[] = {
      {400, 270, false, true, "red disc only"},
      {400, 140, false, true, "red ring only"},
      {560, 300, false, true, "red ring only (side)"},
      {400, 312, true, true, "black bar under the disc"},
      {150, 312, true, true, "black bar, no seal"},
      {50, 50, false, false, "paper"},
  };
  for (const Probe& p : kProbes) {
    l_uint32 ocr_value = 0, gray_value = 0;
    pixGetPixel(ocr.get(), p.x, p.y, &ocr_value);
    pixGetPixel(page->gray.get(), p.x, p.y, &gray_value);
    if (p.dark_in_ocr) EXPECT_LE(ocr_value, 60u) << p.what;
    else EXPECT_GE(ocr_value, 245u) << p.what;
    if (p.dark_in_gray) EXPECT_LE(gray_value, 160u) << p.what;
    else EXPECT_GE(gray_value, 245u) << p.what;
  }
}

// A scanner's streak: a 2 px line of mid-gray through the whole page height. It is painted
// over: paper where it crossed only paper, the horizontal rulings it crossed run on, and a
// ruling that runs under it for a stretch (slanted by 0.5°) stays. A page without one is
// untouched.
TEST(PrepareScanTest, ScannerStreakIsPaintedOver) {
  {
    ScanReport report;
    auto page = PrepareScan(RuledPage(), 1, 200, IngestOptions{}, &report);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(report.streaks, 0);
  }
  PixPtr pix = RuledPage();
  const int height = pixGetHeight(pix.get()), cy = height / 2;
  // The slanted ruling: from x 1194 at the top of the table to 1206 at its bottom.
  pixRenderLine(pix.get(), 1194, cy - 720, 1206, cy + 720, 2, L_CLEAR_PIXELS);
  for (int x : {700, 1200}) {
    BOX* streak = boxCreate(x, 0, 2, height);
    pixSetInRectArbitrary(pix.get(), streak, 90);
    boxDestroy(&streak);
  }
  ScanReport report;
  auto page = PrepareScan(std::move(pix), 1, 200, IngestOptions{}, &report);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  EXPECT_EQ(report.streaks, 2);
  EXPECT_EQ(report.skew_degrees, 0);
  auto gray = [&](int x, int y) {
    l_uint32 value = 0;
    pixGetPixel(page->gray.get(), x, y, &value);
    return static_cast<int>(value);
  };
  EXPECT_GE(gray(700, 50), 200) << "above the table";
  EXPECT_GE(gray(701, cy + 100), 200) << "between two rows of glyphs";
  EXPECT_LE(gray(700, cy), 100) << "a horizontal ruling it crossed";
  EXPECT_LE(gray(1200, cy + 20), 100) << "the slanted ruling under it";
  EXPECT_GE(gray(1200, 50), 200) << "above the table";
}

// A quarter turn clockwise takes the top-left corner to the top-right, in gray and colour
// and in the words' boxes; four turns give the page back.
TEST(TurnPageTest, QuarterTurnsClockwise) {
  PixPtr pix(pixCreate(300, 200, 32));
  pixSetAll(pix.get());
  BOX* mark = boxCreate(10, 10, 40, 20);  // near the top-left corner
  pixClearInRect(pix.get(), mark);
  boxDestroy(&mark);
  auto page = PrepareScan(std::move(pix), 1, 200, IngestOptions{});
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_NE(page->color, nullptr);
  auto dark = [](Pix* image, int x, int y) {
    l_uint32 value = 0;
    pixGetPixel(image, x, y, &value);
    return pixGetDepth(image) == 32 ? (value >> 24) < 100 : value < 100;  // red byte for RGB
  };
  EXPECT_TRUE(dark(page->gray.get(), 20, 15));

  TurnPage(*page, 1);
  EXPECT_EQ(page->width, 200);
  EXPECT_EQ(page->height, 300);
  EXPECT_EQ(pixGetWidth(page->color.get()), 200);
  EXPECT_TRUE(dark(page->gray.get(), 200 - 1 - 15, 20));
  EXPECT_TRUE(dark(page->color.get(), 200 - 1 - 15, 20));
  EXPECT_FALSE(dark(page->gray.get(), 20, 15));

  TurnPage(*page, 3);
  EXPECT_EQ(page->width, 300);
  EXPECT_TRUE(dark(page->gray.get(), 20, 15));

  page->words.push_back(Word{"项目名称", {10, 10, 50, 30}});
  TurnPage(*page, 1);
  EXPECT_TRUE(dark(page->gray.get(), 200 - 1 - 15, 20));
  const Box turned = page->words[0].box;
  EXPECT_EQ((std::vector<double>{turned.x0, turned.y0, turned.x1, turned.y1}),
            (std::vector<double>{170, 10, 190, 50}));
  TurnPage(*page, 2);  // upside down: the mark and the word at the bottom left
  EXPECT_TRUE(dark(page->gray.get(), 15, 300 - 1 - 20));
  const Box upside_down = page->words[0].box;
  EXPECT_EQ((std::vector<double>{upside_down.x0, upside_down.y0, upside_down.x1, upside_down.y1}),
            (std::vector<double>{10, 250, 30, 290}));
  TurnPage(*page, 1);
  EXPECT_EQ(page->words[0].box.x0, 10);
  EXPECT_EQ(page->words[0].box.y0, 10);
  EXPECT_EQ(page->words[0].box.x1, 50);
  EXPECT_EQ(page->words[0].box.y1, 30);
}

TEST(PrepareScanTest, RefusesGiantImageAndNull) {
  IngestOptions options;
  options.max_pixels = 1'000'000;
  auto giant = PrepareScan(PixPtr(pixCreate(2000, 1000, 1)), 3, 0, options);
  ASSERT_FALSE(giant.has_value());
  EXPECT_EQ(giant.error().code, "IMAGE_TOO_LARGE");
  auto none = PrepareScan(nullptr, 1, 0, options);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, "CORRUPT_IMAGE");
}

struct DpiCase {
  int width, height;
  double file_dpi;
  double expected;
};

static const DpiCase kDpiCases[] = {
    {2480, 3508, 300, 300},  // A4 at 300, as the file says
    {2480, 3508, 72, 300},   // a scanner's default 72 dpi would make a 48-inch page
    {1654, 2339, 0, 200},    // A4, no resolution in the file
    {2550, 3300, 0, 300},    // Letter
    {3508, 2480, 0, 300},    // A4 landscape
    {400, 566, 0, 100},      // a thumbnail: clamped
};

TEST(PrepareScanTest, ResolutionFromFileOrPaperSize) {
  for (const DpiCase& c : kDpiCases) {
    auto page = PrepareScan(PixPtr(pixCreate(c.width, c.height, 1)), 1, c.file_dpi, {});
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->dpi, c.expected) << c.width << "x" << c.height << " @" << c.file_dpi;
    EXPECT_EQ(page->width, c.width);
  }
}

TEST(OpenImageTest, MultiPageTiffWithG4Page) {
  const std::string path = TempPath("multi.tif");
  std::remove(path.c_str());
  PixPtr g4(pixCreate(2480, 3508, 1));  // A4 at 300 dpi, 1 bit
  pixRenderLine(g4.get(), 200, 1000, 2200, 1000, 4, L_SET_PIXELS);
  pixSetResolution(g4.get(), 300, 300);
  ASSERT_EQ(pixWriteTiff(path.c_str(), g4.get(), IFF_TIFF_G4, "w"), 0);
  PixPtr gray = RuledPage();
  pixSetResolution(gray.get(), 150, 150);  // says 150; 1654 px long side → 11 in: plausible
  ASSERT_EQ(pixWriteTiff(path.c_str(), gray.get(), IFF_TIFF_ZIP, "a"), 0);

  auto reader = OpenImage(path, {});
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  ASSERT_EQ((*reader)->page_count(), 2);

  auto first = (*reader)->LoadPage(0);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->number, 1);
  EXPECT_EQ(first->dpi, 300);
  EXPECT_EQ(first->width, 2480);
  EXPECT_EQ(first->height, 3508);
  EXPECT_EQ(pixGetDepth(first->gray.get()), 8);
  EXPECT_EQ(first->color, nullptr);
  EXPECT_TRUE(first->bilevel);  // a 1-bit page says so, though its gray is 8 bpp
  EXPECT_EQ(first->source, TextSource::kNone);
  EXPECT_TRUE(first->words.empty());
  l_uint32 on_line = 255;
  pixGetPixel(first->gray.get(), 1200, 1000, &on_line);
  EXPECT_EQ(on_line, 0u);  // G4 black stays black after conversion

  auto second = (*reader)->LoadPage(1);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->number, 2);
  EXPECT_EQ(second->dpi, 150);
  EXPECT_EQ(second->width, 1654);
  EXPECT_FALSE(second->bilevel);  // an 8-bit page does not

  EXPECT_FALSE((*reader)->LoadPage(2).has_value());
}

TEST(OpenImageTest, ColourPngKeepsColourAndDeclaredSizeIsChecked) {
  const std::string path = TempPath("colour.png");
  PixPtr pix(pixCreate(1240, 1754, 32));  // A4 at 150 dpi
  pixSetAll(pix.get());
  StampRed(pix.get(), 600, 800, 100, 120);
  ASSERT_EQ(pixWrite(path.c_str(), pix.get(), IFF_PNG), 0);

  auto reader = OpenImage(path, {});
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ((*reader)->page_count(), 1);
  auto page = (*reader)->LoadPage(0);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_NE(page->color, nullptr);
  EXPECT_EQ(pixGetDepth(page->color.get()), 32);
  EXPECT_EQ(page->dpi, 150);  // no resolution written: estimated from A4

  // The same page as JPEG with a JFIF resolution: the file's dpi is used.
  const std::string jpeg = TempPath("colour.jpg");
  pixSetResolution(pix.get(), 150, 150);
  ASSERT_EQ(pixWrite(jpeg.c_str(), pix.get(), IFF_JFIF_JPEG), 0);
  auto jpeg_reader = OpenImage(jpeg, {});
  ASSERT_TRUE(jpeg_reader.has_value()) << jpeg_reader.error().message;
  auto jpeg_page = (*jpeg_reader)->LoadPage(0);
  ASSERT_TRUE(jpeg_page.has_value()) << jpeg_page.error().message;
  EXPECT_EQ(jpeg_page->dpi, 150);
  EXPECT_FALSE(jpeg_page->color == nullptr);

  IngestOptions small;
  small.max_pixels = 1'000'000;  // the file declares 2.2 Mpx
  auto refused = OpenImage(path, small);
  ASSERT_TRUE(refused.has_value());
  auto bomb = (*refused)->LoadPage(0);
  ASSERT_FALSE(bomb.has_value());
  EXPECT_EQ(bomb.error().code, "IMAGE_TOO_LARGE");
}

struct BadFileCase {
  const char* name;
  std::string bytes;  // empty: the first 60 bytes of a valid PNG
  const char* code;
};

TEST(OpenImageTest, CorruptOrUnsupportedFilesAreErrors) {
  // A valid PNG to truncate.
  const std::string valid = TempPath("valid.png");
  PixPtr pix = RuledPage();
  ASSERT_EQ(pixWrite(valid.c_str(), pix.get(), IFF_PNG), 0);
  std::ifstream in(valid, std::ios::binary);
  std::string png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(png.size(), 200u);

  const std::string garbage(4000, '\x5a');
  const BadFileCase kCases[] = {
      {"truncated.png", png.substr(0, 200), "CORRUPT_IMAGE"},
      {"garbage.png", png.substr(0, 8) + garbage, "CORRUPT_IMAGE"},
      {"garbage.jpg", std::string("\xff\xd8\xff\xe0", 4) + garbage, "CORRUPT_IMAGE"},
      {"garbage.tif", std::string("II*\0", 4) + garbage, "CORRUPT_IMAGE"},
      {"text.txt", "项目名称 not an image\n", "UNSUPPORTED_TYPE"},
      {"empty.png", "", "EMPTY_FILE"},
  };
  for (const BadFileCase& c : kCases) {
    const std::string path = TempPath(c.name);
    std::ofstream(path, std::ios::binary) << c.bytes;
    auto reader = OpenImage(path, {});
    std::string code;
    if (!reader) {
      code = reader.error().code;
    } else {
      for (int i = 0; i < (*reader)->page_count() && code.empty(); ++i) {
        auto page = (*reader)->LoadPage(i);
        if (!page) code = page.error().code;
      }
    }
    EXPECT_EQ(code, c.code) << c.name;
  }
  auto missing = OpenImage(TempPath("does-not-exist.png"), {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "NOT_FOUND");
}

}  // namespace
}  // namespace jixiao
