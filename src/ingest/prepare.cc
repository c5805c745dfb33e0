#include "ingest/prepare.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace jixiao {
namespace {

// Paper long sides in inches, and their aspect ratios (long / short).
constexpr double kA4LongInches = 297 / 25.4;
constexpr double kA4Aspect = 297.0 / 210.0;
constexpr double kLetterLongInches = 11.0;
constexpr double kLetterAspect = 11.0 / 8.5;

// Skew search: scans are straightened up to this many degrees either way.
constexpr float kMaxSkewDegrees = 5.0f;
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
  if (quarter_turns == 0 || !page.words.empty() || page.gray == nullptr) return;
  PixPtr gray(pixRotateOrth(page.gray.get(), quarter_turns));
  PixPtr color(page.color != nullptr ? pixRotateOrth(page.color.get(), quarter_turns) : nullptr);
  if (gray == nullptr || (page.color != nullptr && color == nullptr)) return;
  page.gray = std::move(gray);
  page.color = std::move(color);
  page.width = pixGetWidth(page.gray.get());
  page.height = pixGetHeight(page.gray.get());
}

}  // namespace jixiao
