#include "ingest/prepare.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jixiao {
namespace {

// Paper long sides in inches, and their aspect ratios (long / short).
constexpr double kA4LongInches = 297 / 25.4;
constexpr double kA4Aspect = 297.0 / 210.0;
constexpr double kLetterLongInches = 11.0;
constexpr double kLetterAspect = 11.0 / 8.5;

// Skew search: this many degrees either way. Scans skewed up to 5° must be straightened, and
// Leptonica gives no confidence to a peak near the end of its sweep (a page turned 4.5° was
// found at 4.48° with confidence 0, and left skewed, with a 5° sweep).
constexpr float kMaxSkewDegrees = 7.0f;
// Below this the rotation would blur more than it straightens (Leptonica's pixDeskew uses
// the same two limits).
constexpr double kMinSkewDegrees = 0.1;
constexpr double kMinSkewConfidence = 3.0;

// True when the colormap (if any) holds a non-gray colour.
bool ColormapHasColor(Pix* pix) {
  PIXCMAP* cmap = pixGetColormap(pix);
  if (cmap == nullptr) return false;
  l_int32 has_color = 0;
  pixcmapHasColor(cmap, &has_color);
  return has_color != 0;
}

// A plain 32-bpp RGB copy of a colour source (colormap expanded, alpha blended onto white),
// or null when the source is gray or 1-bit.
PixPtr ColorOf(Pix* src) {
  const int depth = pixGetDepth(src);
  if (depth == 32) {
    if (pixGetSpp(src) == 4) return PixPtr(pixRemoveAlpha(src));
    return PixPtr(pixCopy(nullptr, src));
  }
  if (ColormapHasColor(src)) return PixPtr(pixConvertTo32(src));
  return nullptr;
}

// 8-bit luminance of any source.
PixPtr LuminanceOf(Pix* src, Pix* color) {
  if (color != nullptr) return PixPtr(pixConvertRGBToLuminance(color));
  return PixPtr(pixConvertTo8(src, 0));  // removes a gray colormap, expands 1/2/4/16 bpp
}

// Background to white (uneven lighting, gray paper), ink kept. Falls back to the input when
// Leptonica cannot estimate a background (e.g. an almost all-black image).
PixPtr NormalizeBackground(PixPtr gray) {
  PixPtr clean(pixCleanBackgroundToWhite(gray.get(), nullptr, nullptr, 1.0, 70, 190));
  return clean != nullptr ? std::move(clean) : std::move(gray);
}

// A scanner's streak (dirt on the glass, or on the sensor of a sheet feeder) is a thin line of
// ink through the whole page along the feed: a column (or row) of the raw scan that is ink in
// at least kStreakCoverage of its pixels. No print does that: a table's rulings end at its
// borders, inside the page's margins, and a skewed one drifts across columns. Left in, a
// streak through a table was taken for a ruling and split the cells it crossed.
constexpr double kStreakCoverage = 0.97;
// Ink for the streak test: the ink threshold of layout for paper at 255 (faint streaks too).
constexpr int kStreakInk = 204;
// A wider run of such columns is no streak (a scanner's black border is left as it is).
constexpr double kMaxStreakInches = 0.05;

// The runs {first, last} of columns (rows when `rows`) of `ink` (1 bpp) that are ink in at
// least kStreakCoverage of their length, away from the image's edges and at most
// kMaxStreakInches wide.
std::vector<std::pair<int, int>> Streaks(Pix* ink, bool rows, double dpi) {
  std::vector<std::pair<int, int>> runs;
  NUMA* counts = rows ? pixCountByRow(ink, nullptr) : pixCountByColumn(ink, nullptr);
  if (counts == nullptr) return runs;
  const int n = numaGetCount(counts);
  const int length = rows ? pixGetWidth(ink) : pixGetHeight(ink);
  const int max_width = std::max(1, static_cast<int>(kMaxStreakInches * dpi));
  auto streak = [&](int i) {
    l_int32 count = 0;
    numaGetIValue(counts, i, &count);
    return count >= kStreakCoverage * length;
  };
  for (int i = 0; i < n; ++i) {
    if (!streak(i)) continue;
    int last = i;
    while (last + 1 < n && streak(last + 1)) ++last;
    if (i > 1 && last < n - 2 && last - i + 1 <= max_width) runs.push_back({i, last});
    i = last;
  }
  numaDestroy(&counts);
  return runs;
}

// A ruling nearly parallel to a streak runs beside it, then under it for a stretch, then
// beside it on the other side (a page skewed by 1° against the scanner: about 1.5 in under a
// thin streak at 150 dpi; the less skew, the longer). Those stretches are left as scanned,
// ruling and streak: true for each position along the streak (columns first..last, rows when
// `rows`) that lies between two runs of ink at least kMinRulingInches long in the
// kBesideStreakInches strips on either side.
constexpr double kMinRulingInches = 0.3;
constexpr double kBesideStreakInches = 0.015;
std::vector<bool> RulingUnder(Pix* ink, int first, int last, bool rows, double dpi) {
  const int along = rows ? pixGetWidth(ink) : pixGetHeight(ink);
  const int across = rows ? pixGetHeight(ink) : pixGetWidth(ink);
  const int beside = std::max(2, static_cast<int>(kBesideStreakInches * dpi));
  std::vector<bool> ruled(along, false);  // ink beside the streak
  for (int i = std::max(0, first - 1 - beside); i <= std::min(across - 1, last + 1 + beside); ++i) {
    if (i >= first - 1 && i <= last + 1) continue;
    for (int a = 0; a < along; ++a) {
      l_uint32 v = 0;
      pixGetPixel(ink, rows ? a : i, rows ? i : a, &v);
      if (v != 0) ruled[a] = true;
    }
  }
  // Only runs a ruling's length count.
  const int min_run = static_cast<int>(kMinRulingInches * dpi);
  for (int a = 0; a < along;) {
    int end = a;
    while (end < along && ruled[end] == ruled[a]) ++end;
    if (ruled[a] && end - a < min_run) std::fill(ruled.begin() + a, ruled.begin() + end, false);
    a = end;
  }
  std::vector<bool> under(along, false);
  for (int a = 0, last_ruled = -1; a < along; ++a) {
    if (!ruled[a]) continue;
    if (last_ruled >= 0 && a - last_ruled > 1) {
      std::fill(under.begin() + last_ruled, under.begin() + a, true);
    }
    last_ruled = a;
  }
  return under;
}

// Paints over columns (rows when `rows`) first..last of `pix` (8 or 32 bpp) and one more on
// each side (the streak's blurred edge) with what lies beside them: every pixel linearly
// between the pixels just outside; not where `keep` says so. A ruling across the streak runs
// on; the strokes of text it crossed lose the streak's width.
void PaintOver(Pix* pix, int first, int last, bool rows, const std::vector<bool>& keep) {
  const int depth = pixGetDepth(pix);
  const int across = rows ? pixGetWidth(pix) : pixGetHeight(pix);
  const int before = first - 2, after = last + 2;  // callers keep these inside the image
  for (int a = 0; a < across; ++a) {
    if (keep[a]) continue;
    auto at = [&](int i) { return rows ? std::pair{a, i} : std::pair{i, a}; };
    l_uint32 lo = 0, hi = 0;
    pixGetPixel(pix, at(before).first, at(before).second, &lo);
    pixGetPixel(pix, at(after).first, at(after).second, &hi);
    for (int i = before + 1; i < after; ++i) {
      const double t = double(i - before) / (after - before);
      auto mix = [t](int x, int y) { return static_cast<int>(std::lround(x + t * (y - x))); };
      l_uint32 value = 0;
      if (depth == 32) {
        l_int32 r0, g0, b0, r1, g1, b1;
        extractRGBValues(lo, &r0, &g0, &b0);
        extractRGBValues(hi, &r1, &g1, &b1);
        composeRGBPixel(mix(r0, r1), mix(g0, g1), mix(b0, b1), &value);
      } else {
        value = mix(static_cast<int>(lo), static_cast<int>(hi));  // 8 bpp: 0-255
      }
      pixSetPixel(pix, at(i).first, at(i).second, value);
    }
  }
}

// Paints over the streaks of the raw scan, in `gray` and in `color` (when not null), and
// returns how many there were.
int RemoveStreaks(Pix* gray, Pix* color, double dpi) {
  PixPtr ink(pixThresholdToBinary(gray, kStreakInk));
  if (ink == nullptr) return 0;
  int found = 0;
  for (bool rows : {false, true}) {
    for (const auto& [first, last] : Streaks(ink.get(), rows, dpi)) {
      const std::vector<bool> keep = RulingUnder(ink.get(), first, last, rows, dpi);
      PaintOver(gray, first, last, rows, keep);
      if (color != nullptr) PaintOver(color, first, last, rows, keep);
      ++found;
    }
  }
  return found;
}

// The skew angle in degrees (rotate by it to straighten) and Leptonica's confidence.
void FindSkew(Pix* gray, double* degrees, double* confidence) {
  *degrees = 0;
  *confidence = 0;
  PixPtr binary(pixThresholdToBinary(gray, 160));
  if (binary == nullptr) return;
  // Sweep at 4x reduction in 1° steps, then binary search at 2x down to 0.01°.
  l_float32 angle = 0, conf = 0;
  if (pixFindSkewSweepAndSearch(binary.get(), &angle, &conf, 4, 2, kMaxSkewDegrees, 1.0f,
                                0.01f) != 0) {
    return;
  }
  *degrees = angle;
  *confidence = conf;
}

}  // namespace

double EstimateDpi(int width, int height) {
  const double long_side = std::max(width, height);
  const double short_side = std::max(1, std::min(width, height));
  const double aspect = long_side / short_side;
  const double inches = std::abs(aspect - kA4Aspect) <= std::abs(aspect - kLetterAspect)
                            ? kA4LongInches
                            : kLetterLongInches;
  return std::clamp(std::round(long_side / inches), 100.0, 600.0);
}

Result<Page> PrepareScan(PixPtr image, int page_number, double dpi_or_0,
                         const IngestOptions& options, ScanReport* report) {
  ScanReport local;
  ScanReport& out = report != nullptr ? *report : local;
  out = ScanReport{};
  if (image == nullptr) {
    return Fail("CORRUPT_IMAGE", "page " + std::to_string(page_number) + ": no image");
  }
  const int width = pixGetWidth(image.get());
  const int height = pixGetHeight(image.get());
  if (width <= 0 || height <= 0) {
    return Fail("CORRUPT_IMAGE", "page " + std::to_string(page_number) + ": empty image");
  }
  if (static_cast<int64_t>(width) * height > options.max_pixels) {
    return Fail("IMAGE_TOO_LARGE", "page " + std::to_string(page_number) + " is " +
                                       std::to_string(width) + "x" + std::to_string(height) +
                                       " pixels; the limit is " +
                                       std::to_string(options.max_pixels));
  }

  double dpi = dpi_or_0;
  const double long_inches = dpi > 0 ? std::max(width, height) / dpi : 0;
  if (!(long_inches >= 4 && long_inches <= 20)) {
    dpi = EstimateDpi(width, height);
    out.dpi_estimated = true;
  }

  PixPtr color = ColorOf(image.get());
  PixPtr gray = LuminanceOf(image.get(), color.get());
  if (gray == nullptr) {
    return Fail("CORRUPT_IMAGE", "page " + std::to_string(page_number) +
                                     ": cannot convert a " +
                                     std::to_string(pixGetDepth(image.get())) + "-bpp image");
  }
  // A 1-bit source is already black on white; normalizing it would only cost time.
  const bool bilevel = pixGetDepth(image.get()) == 1;
  image.reset();  // no longer needed: peak memory stays at gray + colour
  if (!bilevel) gray = NormalizeBackground(std::move(gray));
  out.streaks = RemoveStreaks(gray.get(), color.get(), dpi);

  FindSkew(gray.get(), &out.skew_degrees, &out.skew_confidence);
  if (std::abs(out.skew_degrees) >= kMinSkewDegrees &&
      out.skew_confidence >= kMinSkewConfidence) {
    const float radians = static_cast<float>(out.skew_degrees * M_PI / 180.0);
    PixPtr rotated(pixRotateAMGray(gray.get(), radians, 255));
    if (rotated != nullptr) gray = std::move(rotated);
    if (color != nullptr) {
      PixPtr rotated_color(pixRotateAMColor(color.get(), radians, 0xffffff00));
      if (rotated_color != nullptr) color = std::move(rotated_color);
    }
  } else {
    out.skew_degrees = 0;
  }

  Page page;
  page.number = page_number;
  page.dpi = dpi;
  page.width = pixGetWidth(gray.get());
  page.height = pixGetHeight(gray.get());
  pixSetResolution(gray.get(), static_cast<int>(std::lround(dpi)),
                   static_cast<int>(std::lround(dpi)));
  page.gray = std::move(gray);
  page.color = std::move(color);
  page.bilevel = bilevel;
  page.source = TextSource::kNone;
  return page;
}

void TurnPage(Page& page, int quarter_turns) {
  quarter_turns = ((quarter_turns % 4) + 4) % 4;
  if (quarter_turns == 0 || page.gray == nullptr) return;
  PixPtr gray(pixRotateOrth(page.gray.get(), quarter_turns));
  PixPtr color(page.color != nullptr ? pixRotateOrth(page.color.get(), quarter_turns) : nullptr);
  if (gray == nullptr || (page.color != nullptr && color == nullptr)) return;
  for (Word& word : page.words) word.box = word.box.Turned(quarter_turns, page.width, page.height);
  page.gray = std::move(gray);
  page.color = std::move(color);
  page.width = pixGetWidth(page.gray.get());
  page.height = pixGetHeight(page.gray.get());
}

}  // namespace jixiao
