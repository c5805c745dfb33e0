// Scan preparation: any decoded image (1/8/32 bpp, colormapped or not) → a Page ready for
// ruling detection (page.gray) and OCR (OcrImage(page)).
//
//   decoded Pix ──► size check ──► dpi (from the file, else from the paper size)
//        │
//        ├─► luminance ──► background normalized ──► scanner streaks painted over (also in
//        │                 the colour) ──► binarized copy ──► skew angle (±5°)
//        │                                                                  │
//        └─► colour (32 bpp, only for colour sources) ──────── both rotated by the angle
//
//   page.gray  = deskewed, background-normalized 8-bit luminance. Rulings are found on it:
//                a red seal crossing a ruling keeps the ruling dark here.
//   page.color = deskewed colour, or null for gray and 1-bit sources.
//   OcrImage() = the red channel of page.color, background-normalized, with light coloured
//                pixels whitened: red seal ink turns white while black text (also under the
//                seal) stays dark. Gray when no colour.
//
// The OCR stage includes this header for OcrImage(); that function is inline so jixiao_ocr
// does not have to link jixiao_ingest.
#ifndef JIXIAO_INGEST_PREPARE_H_
#define JIXIAO_INGEST_PREPARE_H_

#include <leptonica/allheaders.h>

#include "common/page.h"
#include "ingest/ingest.h"

namespace jixiao {

// What PrepareScan measured on the way, for diagnostics and tests.
struct ScanReport {
  double skew_degrees = 0;     // the rotation applied (0 when none was needed or trusted)
  double skew_confidence = 0;  // Leptonica's score; rotation happens only when >= 3
  bool dpi_estimated = false;  // true when the file gave no plausible resolution
  int streaks = 0;             // scanner streaks painted over (lines through the whole page)
};

// Builds the page from `image` (taken over). `dpi_or_0` is the file's resolution or 0 when
// unknown; an implausible one (the page would be under 4 or over 20 inches long, as with the
// 72 dpi many scanners write by default) is replaced by an estimate that assumes an A4 or
// Letter page, clamped to 100–600 dpi. Errors: CORRUPT_IMAGE for a null or empty image,
// IMAGE_TOO_LARGE above options.max_pixels (checked before any heavy work).
Result<Page> PrepareScan(PixPtr image, int page_number, double dpi_or_0,
                         const IngestOptions& options, ScanReport* report = nullptr);

// Turns a page `quarter_turns` × 90° clockwise (gray, colour, width, height and the words'
// boxes): for a sheet fed sideways or upside down, or a text layer that runs sideways.
void TurnPage(Page& page, int quarter_turns);

// The resolution of a page of `width` × `height` pixels if it were A4 or Letter (whichever
// aspect is closer), clamped to 100–600.
double EstimateDpi(int width, int height);

// The image to OCR (8 bpp, page-sized, caller owns it): see the top comment. Null when the
// page has no image.
inline PixPtr OcrImage(const Page& page) {
  if (page.color != nullptr && pixGetDepth(page.color.get()) == 32) {
    PixPtr red(pixGetRGBComponent(page.color.get(), COLOR_RED));
    if (red == nullptr) return nullptr;
    // Background to white, ink kept (Leptonica's defaults: the background is mapped to 200,
    // above 190 → white, below 70 → black). A harder whiteval (165) also cleared seals but
    // washed out thin, blurred table print on scans, so seal ink is removed by colour below.
    PixPtr clean(pixCleanBackgroundToWhite(red.get(), nullptr, nullptr, 1.0, 70, 190));
    if (clean == nullptr) return red;
    // Seal ink that curve leaves gray: coloured pixels (max − min channel ≥ 25; black
    // and gray print have ≈ 5, toned paper ≈ 15) that are not dark (≥ 170) in the red
    // channel turn white. Black text under the seal stays dark in the red channel and is
    // kept, as is blue or black handwriting. Measured on the sample scans: a threshold of 50
    // left the seal's blurred outlines; a dark limit of 90 ate text the seal's edge crossed,
    // and so did 140: thin print under the seal's strokes has red 120-165 (paper ≈ 245, seal
    // alone ≥ 195), ≈ 140-170 here; 170 took field F1 on the colour scans 0.908 → 0.914.
    PixPtr colored(pixMaskOverColorPixels(page.color.get(), 25, 1));
    PixPtr light(pixThresholdToBinary(clean.get(), 170));  // 1 = dark
    if (colored != nullptr && light != nullptr) {
      pixInvert(light.get(), light.get());                  // 1 = light
      pixAnd(colored.get(), colored.get(), light.get());
      pixSetMasked(clean.get(), colored.get(), 255);
    }
    return clean;
  }
  if (page.gray == nullptr) return nullptr;
  return PixPtr(pixCopy(nullptr, page.gray.get()));
}

}  // namespace jixiao

#endif  // JIXIAO_INGEST_PREPARE_H_
