// Tesseract adapter. The whole page is handed to Tesseract once; each cell is then read
// through SetRectangle, which reuses the page image and Tesseract's loaded model.
//
//   page.gray ──► ruling mask (long thin openings) ─────────────┐
//   OcrImage(page) (red channel: seals gone) ──► rulings whitened ──► SetImage
//                                                     │
//        for each table cell: ink box inside the cell (skip if almost empty; faint ink
//        counts when it is a text line's height)
//             ──► SetRectangle(ink box + margin) ──► PSM 7 (one text row) / 6 (several)
//             ──► one row that reads as a short figure or a lone glyph ("1009", "全959",
//                 "号"): the ink with white around it ──► eng, whitelisted, PSM 7
//                 ──► its text when ChooseFigure takes it ("100%", "≥95%", "%")
//             (faint small print: the crop enlarged ×2/×3 and set as its own image instead)
//        then tables whitened; the rest of the page cut into ink bands by row projection
//             ──► one SetRectangle per band (title, "( 2022 年度 )", signature lines)
//
// Why not whole-page PSM 3: on ruled forms its layout analysis drops or reorders cells
// (measured in OCR-NOTES §1.2); per-cell reading returned every cell.
#include "ocr/ocr.h"

#include <leptonica/allheaders.h>
#include <sys/stat.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/text.h"
#include "ingest/prepare.h"

namespace jixiao {
namespace {

constexpr char kDebianTessdata[] = "/usr/share/tesseract-ocr/5/tessdata";
// The figure reader: eng reads digits and % far better than chi_sim (OCR-NOTES §1.3).
constexpr char kFigureLanguage[] = "eng";
constexpr char kFigureWhitelist[] = "0123456789.,%<>=-";

// All sizes below are in inches and scaled by the page's dpi, so they hold at any resolution.
// A horizontal ruling is at least this long; longer than any stroke of a 28 pt glyph.
constexpr double kMinRulingInches = 0.4;
// A horizontal run of ink that long is not a ruling when the rows within this distance above
// it and those below it are each more than this much ink (glyphs that touch at mid-height; a
// ruling that text touches has ink on one side).
constexpr double kRulingSideInches = 0.02;
constexpr double kMaxInkBesideRuling = 0.3;
// A vertical ruling: longer than any stroke of the 18 pt titles these forms use.
constexpr double kMinVerticalRulingInches = 0.3;
// Cells are read this far inside their box, clear of ruling residue.
constexpr double kCellInsetInches = 0.02;
// White margin kept around the ink when cropping (Tesseract misreads ink touching the edge).
constexpr double kMarginInches = 0.05;
// A cell or band with less ink than a square of this side is empty (specks, ruling residue).
constexpr double kMinInkSideInches = 0.025;
// Ink rows closer than this belong to the same text line (gaps inside glyphs such as 三).
constexpr double kLineGapInches = 0.02;
// A text line is at least this tall (smaller runs are noise or underlines).
constexpr double kMinLineInches = 0.035;
// A band taller than this holds touching lines: read it as a block (PSM 6).
constexpr double kMaxSingleLineInches = 0.45;
// A cell whose only ink is one solid horizontal bar about a character wide, roughly centred,
// holds a dash ("—", nothing to report). Tesseract drops a lone dash, so it is told by shape:
// longer than a hyphen of 9-12 pt print, shorter than two characters, thinner than a stroke
// of a bold 12 pt glyph is tall.
constexpr double kDashMinWidthInches = 0.07;
constexpr double kDashMaxWidthInches = 0.3;
constexpr double kDashMaxThicknessInches = 0.035;
constexpr char kDash[] = "\u2014";
// A page scanned finer than kMaxOcrDpi is read at kOcrDpi (see ReadPage). chi_sim reads 300 dpi
// print best: a sample page turned 3.5° scored F1 1.000 at 300 dpi, 0.959 at 400 and 0.869 at
// 600 (a % read as 鸭 or 儿), and took twice the time at 600.
constexpr double kMaxOcrDpi = 320;
constexpr double kOcrDpi = 300;
// How far a 1-bit page's ink is smoothed before recognition (see SmoothedBilevel).
constexpr double kBilevelSmoothInches = 0.004;
// A dot of a dotted placeholder ("....."): a period of print up to about 14 pt.
constexpr double kMaxDotInches = 0.03;
// Faint print whose text lines are shorter than this many pixels is enlarged before OCR, to
// about kTargetGlyphPixels (see ScaleFor).
constexpr int kMinGlyphPixels = 12;
constexpr int kTargetGlyphPixels = 20;
// A word read from faint ink only is kept at this confidence or more.
constexpr double kMinFaintConfidence = 0.6;

// chi_sim's confidence in a character it is sure of (MendUnsureGlyphs, and a lone 和 in
// ReadRegion: a gap it read, "1和套", "合规和开展", "人民和群众", at 0.00-0.74 on the sample
// scans; a printed 和 read at 0.92-0.97).
constexpr double kSureConfidence = 0.8;
// Under this chi_sim does not know the glyph (MendUnsureGlyphs).
constexpr double kUnsureConfidence = 0.5;
// Gray level under which the OCR image counts as (faint) ink when looking for a dash; text is
// thresholded at 160.
constexpr int kLightInk = 200;
// A chevron read as > or < is ≥ or ≤ when its lower half holds this many times the ink of its
// upper half. Measured in the light ink of the samples: bare < 0.90-1.00; signs whose bar runs
// along the lower arm 1.39-1.58 (flat-barred ones, told apart by ComparatorAt, 1.1-1.5).
constexpr double kBarredChevronInk = 1.25;
// The chevron of such a sign drawn as one part: its upper 7/10 (the bar lies about a quarter
// of the height below the lower arm).
constexpr int kBarredChevronTenths = 7;
// White added around a cell's ink before the figure reader sees it.
constexpr double kFigurePadInches = 0.1;
// The figure reader's crop reaches this far above and below the ink box: that box is the
// ink under 160, and light print's faint top and bottom rows lie outside it. Cut there, eng
// read the "98%" of the chongqing 200 dpi scan as nothing; with them, at 0.9 confidence.
constexpr double kFigureSlackInches = 0.01;
// Its text replaces chi_sim's only at this confidence or more.
constexpr double kMinFigureConfidence = 0.5;
// A figure cell holds at most this many characters ("≥1234567.89%").
constexpr size_t kMaxFigureChars = 14;
// A lone glyph worth a second reading is no taller than 11 pt print.
constexpr double kMaxLoneGlyphInches = 0.16;

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// True when every language of "chi_sim+eng" has its traineddata in `dir`.
bool HasModels(const std::string& dir, const std::string& language) {
  size_t start = 0;
  while (start <= language.size()) {
    size_t plus = language.find('+', start);
    if (plus == std::string::npos) plus = language.size();
    const std::string lang = language.substr(start, plus - start);
    if (lang.empty() || !FileExists(dir + "/" + lang + ".traineddata")) return false;
    start = plus + 1;
  }
  return true;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  bool empty() const { return w <= 0 || h <= 0; }
};

// Mends two glyphs chi_sim misreads, and is unsure of, in `read` (one region's words):
// - a 人 under kSureConfidence before 台 is the roof of a 合 split off (合法合规 read
//   人台法人台规 in a thin Song face at 200 dpi, the 人 at 0.70-0.77): joined;
// - a lone hanzi under kUnsureConfidence before 盖 is the 覆 of 覆盖 (覆盖率, 覆盖范围: the
//   word of these forms). chi_sim cannot read 覆: in Song, Kai and Hei faces at 150-300 dpi
//   it gave 履, 歼, 聊, 畴, 政, 区, 获, at 0.00-0.48 on the sample scans.
void MendUnsureGlyphs(std::vector<Word>* read) {
  for (size_t i = 0; i + 1 < read->size(); ++i) {
    Word& roof = (*read)[i];
    Word& rest = (*read)[i + 1];
    if (roof.text == "\u4eba" && roof.confidence < kSureConfidence &&
        rest.text.starts_with("\u53f0")) {
      roof.text = "\u5408";
      roof.box = roof.box.Union(rest.box);
      rest.text.erase(0, std::string_view("\u53f0").size());
    }
    if (roof.confidence < kUnsureConfidence && CodePoints(roof.text).size() == 1 &&
        IsHan(roof.text) && rest.text.starts_with("\u76d6")) {
      roof.text = "\u8986";
    }
  }
  std::erase_if(*read, [](const Word& w) { return w.text.empty(); });
}

Rect ClipTo(Rect r, int width, int height) {
  const int x1 = std::min(r.x + r.w, width), y1 = std::min(r.y + r.h, height);
  r.x = std::max(r.x, 0);
  r.y = std::max(r.y, 0);
  r.w = x1 - r.x;
  r.h = y1 - r.y;
  return r;
}

// The pixels of `box` grown by `grow` on each side (shrunk when negative), clipped to the
// page; empty for a box with non-finite corners.
Rect PixelRect(const Box& box, int grow, int width, int height) {
  if (!std::isfinite(box.x0) || !std::isfinite(box.y0) || !std::isfinite(box.x1) ||
      !std::isfinite(box.y1)) {
    return {};
  }
  const double x0 = std::clamp(std::ceil(box.x0) - grow, 0.0, double(width));
  const double y0 = std::clamp(std::ceil(box.y0) - grow, 0.0, double(height));
  const double x1 = std::clamp(std::floor(box.x1) + grow, 0.0, double(width));
  const double y1 = std::clamp(std::floor(box.y1) + grow, 0.0, double(height));
  return {int(x0), int(y0), int(x1 - x0), int(y1 - y0)};
}

// Runs of ink rows in `binary` inside `r`, gaps shorter than `max_gap` bridged. Returns the
// runs at least `min_height` tall as (top, bottom) pairs, page coordinates.
std::vector<std::pair<int, int>> InkRows(Pix* binary, const Rect& r, int max_gap,
                                         int min_height, int min_pixels_per_row) {
  std::vector<std::pair<int, int>> runs;
  BOX* box = boxCreate(r.x, r.y, r.w, r.h);
  Pix* clip = pixClipRectangle(binary, box, nullptr);
  boxDestroy(&box);
  if (clip == nullptr) return runs;
  NUMA* counts = pixCountPixelsByRow(clip, nullptr);
  pixDestroy(&clip);
  if (counts == nullptr) return runs;
  const int n = numaGetCount(counts);
  int top = -1, last_ink = -1;
  for (int row = 0; row <= n; ++row) {
    l_int32 count = 0;
    if (row < n) numaGetIValue(counts, row, &count);
    const bool ink = row < n && count >= min_pixels_per_row;
    if (ink) {
      if (top < 0) top = row;
      else if (row - last_ink - 1 > max_gap) {
        if (last_ink - top + 1 >= min_height) runs.push_back({r.y + top, r.y + last_ink});
        top = row;
      }
      last_ink = row;
    }
  }
  if (top >= 0 && last_ink - top + 1 >= min_height) runs.push_back({r.y + top, r.y + last_ink});
  numaDestroy(&counts);
  return runs;
}

// `inches` at `dpi` in whole pixels, at least one.
int Pixels(double inches, double dpi) { return std::max(1, int(std::lround(inches * dpi))); }

// True when `ink` lies near the vertical middle of `region` and clear of its left and right
// edges (not an underline, not ruling residue).
bool CentredIn(const Rect& region, const Rect& ink) {
  const double dy = (ink.y + ink.h / 2.0) - (region.y + region.h / 2.0);
  return std::abs(dy) <= region.h / 4.0 && ink.x > region.x && ink.x + ink.w < region.x + region.w;
}

// The smallest box holding `a` and `b`.
Rect Cover(const Rect& a, const Rect& b) {
  const int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  Rect r{std::min(a.x, b.x), std::min(a.y, b.y), 0, 0};
  r.w = x1 - r.x;
  r.h = y1 - r.y;
  return r;
}

// `binary` inside `r` as an image of its own; null when that fails.
PixPtr ClipOf(Pix* binary, const Rect& r) {
  BOX* box = boxCreate(r.x, r.y, r.w, r.h);
  PixPtr clip(pixClipRectangle(binary, box, nullptr));
  boxDestroy(&box);
  return clip;
}

// The boxes of the 8-connected components of `pix`, in its coordinates.
std::vector<Rect> ComponentBoxes(Pix* pix) {
  std::vector<Rect> boxes;
  BOXA* parts = pixConnCompBB(pix, 8);
  for (int i = 0; parts != nullptr && i < boxaGetCount(parts); ++i) {
    Rect r;
    boxaGetBoxGeometry(parts, i, &r.x, &r.y, &r.w, &r.h);
    boxes.push_back(r);
  }
  boxaDestroy(&parts);
  return boxes;
}

// True when `binary`'s ink inside `region` (its bounding box `ink`, `ink_pixels` pixels) is a
// lone dash: one solid 8-connected bar, wide and thin, vertically near the region's middle
// and clear of its edges. Sizes scale with `dpi`.
bool IsDash(Pix* binary, const Rect& region, const Rect& ink, int ink_pixels, double dpi) {
  if (ink.h > std::max(2, Pixels(kDashMaxThicknessInches, dpi)) ||
      ink.w < Pixels(kDashMinWidthInches, dpi) || ink.w > Pixels(kDashMaxWidthInches, dpi) ||
      ink.w < 3 * ink.h) {
    return false;
  }
  if (ink_pixels < 0.7 * ink.w * ink.h) return false;  // dotted or broken: not a bar
  if (!CentredIn(region, ink)) return false;
  PixPtr clip = ClipOf(binary, ink);
  if (clip == nullptr) return false;
  l_int32 components = 0;
  pixCountConnComp(clip.get(), 8, &components);
  return components == 1;
}

// True when `binary`'s ink inside `region` (its bounding box `ink`) is a lone "=": two
// dash-thin bars of about the same width, one above the other and a bar's width apart at
// most, near the region's middle and clear of its edges. In a 300 dpi fax scan the bars of
// "=" (指标性质) are a pixel or two thick: under the ink floor, so the cell came back empty.
bool IsEqualsSign(Pix* binary, const Rect& region, const Rect& ink, double dpi) {
  if (ink.w > Pixels(kDashMaxWidthInches, dpi) || ink.h > ink.w) return false;
  if (!CentredIn(region, ink)) return false;
  PixPtr clip = ClipOf(binary, ink);
  if (clip == nullptr) return false;
  std::vector<Rect> bars = ComponentBoxes(clip.get());
  if (bars.size() != 2) return false;
  if (bars[0].y > bars[1].y) std::swap(bars[0], bars[1]);
  const int thickness = std::max(2, Pixels(kDashMaxThicknessInches, dpi));
  for (const Rect& bar : bars) {
    if (bar.h > thickness || bar.w < 3 * bar.h || bar.w < Pixels(kDashMinWidthInches, dpi) / 2) {
      return false;
    }
  }
  // Both ends aligned (二, whose upper bar is shorter and centred, is not "=").
  const int narrow = std::min(bars[0].w, bars[1].w);
  const int slack = narrow / 8 + 1;
  const int gap = bars[1].y - (bars[0].y + bars[0].h);
  return std::abs(bars[0].x - bars[1].x) <= slack &&
         std::abs((bars[0].x + bars[0].w) - (bars[1].x + bars[1].w)) <= slack && gap >= 1 &&
         gap <= narrow;
}

// True when `binary`'s ink inside `ink` (its bounding box) is a lone % whose hairline slash
// was lost: 9-11 pt print scanned at 200-300 dpi keeps the two rings of a % but not always
// its slash, and chi_sim then reads 9, 由, 史, 和 or nothing. Told by where the ink lies: a
// glyph no taller than kMaxLoneGlyphInches, at least 7/10 as wide as tall (a 5 is narrower),
// whose parts all lie in the upper-left or in the lower-right three fifths of its box (at
// most one more part, a piece of the slash, with at most a fifth of the ink), each corner
// holding a quarter of the ink in parts no flatter than twice as wide as tall (the rings).
bool IsPercentSign(Pix* binary, const Rect& ink, double dpi) {
  if (ink.h > std::lround(kMaxLoneGlyphInches * dpi) || ink.h < 6 || ink.w * 10 < ink.h * 7 ||
      ink.w * 2 > ink.h * 3) {
    return false;
  }
  PixPtr clip = ClipOf(binary, ink);
  if (clip == nullptr) return false;
  PIXA* parts = nullptr;
  BOXA* boxes = pixConnComp(clip.get(), &parts, 8);
  int upper_left = 0, lower_right = 0, other = 0, others = 0;
  std::optional<Rect> ring[2];  // what the upper-left and the lower-right parts cover
  auto grow = [](std::optional<Rect>& span, const Rect& r) { span = span ? Cover(*span, r) : r; };
  for (int i = 0; boxes != nullptr && parts != nullptr && i < boxaGetCount(boxes); ++i) {
    Rect r;
    boxaGetBoxGeometry(boxes, i, &r.x, &r.y, &r.w, &r.h);
    Pix* part = pixaGetPix(parts, i, L_CLONE);
    l_int32 n = 0;
    pixCountPixels(part, &n, nullptr);
    pixDestroy(&part);
    if (5 * (r.x + r.w) <= 3 * ink.w + 5 && 5 * (r.y + r.h) <= 3 * ink.h + 5) {
      upper_left += n;
      grow(ring[0], r);
    } else if (5 * r.x >= 2 * ink.w - 5 && 5 * r.y >= 2 * ink.h - 5) {
      lower_right += n;
      grow(ring[1], r);
    } else {
      other += n;
      ++others;
    }
  }
  boxaDestroy(&boxes);
  pixaDestroy(&parts);
  // Each corner's ink is a ring, not flat: a broken 5 or 3 (its top bar upper left, its bowl
  // lower right) is not a %.
  for (const std::optional<Rect>& span : ring) {
    if (!span || 2 * span->h < span->w) return false;
  }
  const int total = upper_left + lower_right + other;
  return total > 0 && others <= 1 && 5 * other <= total && 4 * upper_left >= total &&
         4 * lower_right >= total;
}

// The number of dots when `binary`'s ink inside `ink` (its bounding box) is only a row of
// dots ("....." fills an unused indicator row), else 0: at least three 8-connected specks,
// each at most kMaxDotInches on a side and about as wide as tall, on one line no taller than
// a dot. Tesseract read such a row in a 300 dpi fax scan as "ee" (a bogus indicator).
int DotRow(Pix* binary, const Rect& ink, double dpi) {
  const int max_dot = std::max(2, Pixels(kMaxDotInches, dpi));
  if (ink.h > max_dot || ink.w < 3 * ink.h) return 0;
  PixPtr clip = ClipOf(binary, ink);
  if (clip == nullptr) return 0;
  const std::vector<Rect> dots = ComponentBoxes(clip.get());
  for (const Rect& d : dots) {
    if (d.w > max_dot || d.w > 2 * d.h + 1 || d.h > 2 * d.w + 1) return 0;
  }
  return dots.size() >= 3 ? static_cast<int>(dots.size()) : 0;
}

// The OCR image of a 1-bit page as the recognizer should see it: box-smoothed over
// kBilevelSmoothInches either way, like the antialiased print chi_sim was trained on; null
// when that is under a pixel (below 250 dpi) or fails. Measured on the G4 samples: at 300 dpi
// F1 0.907 → 0.919 (all three files gained); at 200 dpi a one-pixel box ruined a thin face
// (0.46 → 0.10: its one-pixel strokes fade to a third of their ink), hence no smoothing there.
PixPtr SmoothedBilevel(Pix* image, double dpi) {
  const int half = static_cast<int>(kBilevelSmoothInches * dpi);
  if (half < 1) return nullptr;
  return PixPtr(pixBlockconv(image, half, half));
}

// A comparator whose bar touches the chevron's lower tip (a pixel of blur at 200 dpi joins
// them into one component): true when the bottom rows of `part` (a box of `clip`) are a bar,
// rows at least 60 % of its width wide, under a neck of rows with at most
// max(2, width × neck_tenths / 10) pixels, with the rest above; `chevron` and `bar` are then
// the two pieces' boxes.
bool SplitBarBelow(Pix* clip, const Rect& part, int neck_tenths, Rect* chevron, Rect* bar) {
  auto row_ink = [&](int y) {
    int n = 0;
    for (int x = part.x; x < part.x + part.w; ++x) {
      l_uint32 v = 0;
      pixGetPixel(clip, x, y, &v);
      n += v != 0;
    }
    return n;
  };
  const int bottom = part.y + part.h - 1;
  int y = bottom;
  while (y >= part.y && row_ink(y) * 10 >= part.w * 6) --y;
  const int bar_top = y + 1;
  if (bar_top > bottom) return false;  // no bar at the bottom
  const int neck_max = std::max(2, part.w * neck_tenths / 10);
  while (y >= part.y && row_ink(y) > 0 && row_ink(y) <= neck_max) --y;
  const int neck_top = y + 1;
  if (neck_top == bar_top || y < part.y) return false;  // no neck, or nothing above it
  // The chevron: the rows above the neck, narrowed to their ink columns.
  int x0 = part.x + part.w, x1 = part.x - 1;
  for (int yy = part.y; yy < neck_top; ++yy) {
    for (int x = part.x; x < part.x + part.w; ++x) {
      l_uint32 v = 0;
      pixGetPixel(clip, x, yy, &v);
      if (v) x0 = std::min(x0, x), x1 = std::max(x1, x);
    }
  }
  if (x1 < x0) return false;
  *chevron = {x0, part.y, x1 - x0 + 1, neck_top - part.y};
  *bar = {part.x, bar_top, part.w, bottom - bar_top + 1};
  return true;
}

// "≥" or "≤" when the ink of `chevron` (a box of `clip`) points as a comparator's chevron: in
// its top rows the ink sits at one side, in its middle row at the other (> opens left and
// points right, < the other way); else "".
std::string ChevronPointing(Pix* clip, const Rect& chevron) {
  if (!(chevron.h * 2 > chevron.w && chevron.w * 2 > chevron.h && chevron.h >= 5)) return "";
  auto centroid = [&](int y0, int y1) {
    double sum = 0, n = 0;
    for (int y = y0; y <= y1; ++y) {
      for (int x = chevron.x; x < chevron.x + chevron.w; ++x) {
        l_uint32 v = 0;
        pixGetPixel(clip, x, y, &v);
        if (v) sum += x, n += 1;
      }
    }
    return n > 0 ? (sum / n - chevron.x) / chevron.w : 0.5;
  };
  const double top = centroid(chevron.y, chevron.y + std::max(0, chevron.h / 5 - 1));
  const double mid = centroid(chevron.y + chevron.h / 2 - 1, chevron.y + chevron.h / 2);
  if (top < 0.34 && mid > 0.66) return "\u2265";  // ≥
  if (top > 0.66 && mid < 0.34) return "\u2264";  // ≤
  return "";
}

// "≥" or "≤" when `glyph` (boxes in `clip`) is a chevron and a bar under it, else "".
std::string ComparatorOf(Pix* clip, std::vector<Rect> glyph) {
  if (glyph.size() != 2) return "";
  if (glyph[0].y > glyph[1].y) std::swap(glyph[0], glyph[1]);
  const Rect& chevron = glyph[0];
  const Rect& bar = glyph[1];
  // The bar is flat (≥) or slanted along the lower arm (⩾, Song faces): wider than
  // tall and lower than the chevron, most of its width, ending below it.
  const bool bar_ok = bar.h < bar.w && bar.h * 4 <= chevron.h * 3 &&
                      bar.w * 10 >= chevron.w * 6 && bar.y + bar.h > chevron.y + chevron.h &&
                      2 * bar.y + bar.h > 2 * chevron.y + chevron.h;
  return bar_ok ? ChevronPointing(clip, chevron) : "";
}

// The leftmost glyph of `clip`: its leftmost component (specks aside) and every one that
// overlaps that one's columns by half (the bar under a chevron). Empty when there is no ink.
std::vector<Rect> LeftmostGlyph(Pix* clip) {
  std::vector<Rect> comps = ComponentBoxes(clip);
  std::erase_if(comps, [](const Rect& r) { return r.w * r.h < 4; });
  std::vector<Rect> glyph;
  if (comps.empty()) return glyph;
  const Rect first = *std::min_element(comps.begin(), comps.end(),
                                       [](const Rect& a, const Rect& b) { return a.x < b.x; });
  for (const Rect& c : comps) {
    const int overlap = std::min(c.x + c.w, first.x + first.w) - std::max(c.x, first.x);
    if (overlap * 2 >= std::min(c.w, first.w)) glyph.push_back(c);
  }
  return glyph;
}

// The first column right of every box of `boxes` (0 when there are none).
int RightOf(const std::vector<Rect>& boxes) {
  int right = 0;
  for (const Rect& r : boxes) right = std::max(right, r.x + r.w);
  return right;
}

// "≥" or "≤" when `glyph` (LeftmostGlyph of `clip`) is a chevron with a bar under it, as two
// parts or as one part whose bar touches the chevron's lower tip; else "".
std::string ComparatorGlyph(Pix* clip, const std::vector<Rect>& glyph) {
  if (glyph.size() != 1) return ComparatorOf(clip, glyph);
  // A thin neck first; a bold face's lower arm meets the bar as thick as its stroke,
  // about 3/10 of the glyph's width (the ≥ of the chongqing scans; the wider neck alone
  // cut the chevron of thinner faces short).
  for (int neck_tenths : {2, 3}) {
    Rect chevron, bar;
    if (SplitBarBelow(clip, glyph[0], neck_tenths, &chevron, &bar)) {
      std::string sign = ComparatorOf(clip, {chevron, bar});
      if (!sign.empty()) return sign;
    }
  }
  return "";
}

// How much more ink the lower half of `glyph` (boxes in `clip`) holds than its upper half.
double LowerToUpperInk(Pix* clip, const std::vector<Rect>& glyph) {
  Rect u = glyph.front();
  for (const Rect& r : glyph) u = Cover(u, r);
  if (u.h < 2) return 0;
  l_int32 upper = 0, lower = 0;
  BOX* top = boxCreate(u.x, u.y, u.w, u.h / 2);
  BOX* bottom = boxCreate(u.x, u.y + (u.h + 1) / 2, u.w, u.h / 2);
  pixCountPixelsInRect(clip, top, &upper, nullptr);
  pixCountPixelsInRect(clip, bottom, &lower, nullptr);
  boxDestroy(&top);
  boxDestroy(&bottom);
  return double(lower) / std::max(1, upper);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A figure's characters as chi_sim returns them: digits, separators and the % sign (or the
// ‰ it makes of one).
bool IsFigureChar(std::string_view point) {
  return point.size() == 1 ? IsDigit(point[0]) || point == "." || point == "," || point == "%"
                           : point == "\u2030";
}

// Where the first digit stands among `points` (code points): its index, else points.size().
size_t FirstDigit(const std::vector<std::string_view>& points) {
  auto digit = [](std::string_view p) { return p.size() == 1 && IsDigit(p[0]); };
  return static_cast<size_t>(std::ranges::find_if(points, digit) - points.begin());
}

// Puts comparator `sign`, a glyph ending at page column `sign_end`, at the start of a cell's
// words `read`, in place of what Tesseract made of the glyph: the words of one or two
// characters, no digit, that start left of `sign_end` ("<" "和" for ⩽), then the one or two
// characters before the first digit of the word after them ("和", "PP", ">="; else its first
// character); or in front of a digit.
void PutComparator(const std::string& sign, int sign_end, std::vector<Word>* read) {
  auto sign_word = [&](const Word& w) {
    return w.box.x0 < sign_end && CodePoints(w.text).size() <= 2 &&
           !std::ranges::any_of(w.text, IsDigit);
  };
  while (read->size() > 1 && sign_word(read->front())) {
    (*read)[1].box = (*read)[1].box.Union(read->front().box);
    read->erase(read->begin());
  }
  std::string* text = &read->front().text;
  if (text->empty() || text->starts_with(sign)) return;
  const std::vector<std::string_view> points = CodePoints(*text);
  size_t n = FirstDigit(points);
  if (n > 2) n = 1;
  size_t len = 0;
  for (size_t i = 0; i < n; ++i) len += points[i].size();
  text->replace(0, len, sign);
}

// How many glyphs at least a third of the ink's height stand side by side in `clip`: groups
// of such components overlapping in columns (specks, dots and commas not counted).
int TallGlyphs(Pix* clip) {
  std::vector<Rect> parts = ComponentBoxes(clip);
  std::erase_if(parts, [&](const Rect& r) { return r.h * 3 < pixGetHeight(clip); });
  std::sort(parts.begin(), parts.end(), [](const Rect& a, const Rect& b) { return a.x < b.x; });
  int glyphs = 0, right = -1;
  for (const Rect& r : parts) {
    glyphs += r.x >= right;
    right = std::max(right, r.x + r.w);
  }
  return glyphs;
}

// The words' texts, joined.
std::string TextOf(const std::vector<Word>& words) {
  std::string text;
  for (const Word& w : words) text += w.text;
  return text;
}

// True when chi_sim's reading `read` of the cell whose ink is `clip` is a figure with a
// misread or dropped sign in front: a digit after one or two other characters ("记90%",
// "P95%"), or first, in a word that starts right of the sign's ink at `sign_end` or with one
// tall glyph more in the ink than figure characters read ("90%"). Not where chi_sim made a
// digit of the sign ("5s5元/册" for ≤5元/册).
bool SignBeforeDigits(const std::vector<Word>& read, Pix* clip, int sign_end) {
  const std::string chi = TextOf(read);
  const std::vector<std::string_view> points = CodePoints(chi);
  const size_t prefix = FirstDigit(points);
  if (prefix > 0) return prefix <= 2 && prefix < points.size();
  if (read.empty()) return false;
  if (read.front().box.x0 >= sign_end) return true;
  if (!std::ranges::all_of(points, IsFigureChar)) return false;
  const auto tall = std::ranges::count_if(points, [](std::string_view p) {
    return p != "." && p != ",";
  });
  return TallGlyphs(clip) == tall + 1;
}

// True when `first`, chi_sim's reading of a figure with a sign in front, is `rest` (the
// reading of the ink right of the sign) after what chi_sim made of the sign: a digit, and at
// most one more character that is no digit ("23年" → "3年", "2P8年" → "8年"). A `rest` that is
// not the end of `first`, or lost a digit of it ("909" → "0": the sign's ink reached into the
// 9), is no better reading.
bool SignReadAsDigit(const std::string& first, const std::string& rest) {
  if (rest.empty() || rest.size() >= first.size() || !first.ends_with(rest)) return false;
  const std::string read_sign = first.substr(0, first.size() - rest.size());
  const std::vector<std::string_view> sign = CodePoints(read_sign);
  auto digit = [](std::string_view p) { return p.size() == 1 && IsDigit(p[0]); };
  return digit(sign[0]) && (sign.size() == 1 || (sign.size() == 2 && !digit(sign[1])));
}

// "≥" or "≤" when `glyph` (LeftmostGlyph of `clip`) is one part: a chevron whose bar, drawn
// along its lower arm, touches it (⩾, ⩽ of Kai and Song faces; no neck to split at). Its lower
// half holds at least kBarredChevronInk times the ink of its upper half, and its upper
// kBarredChevronTenths (the chevron, about) point as a chevron does; no digit passes that
// test. Else "".
std::string BarredChevron(Pix* clip, const std::vector<Rect>& glyph) {
  if (glyph.size() != 1 || LowerToUpperInk(clip, glyph) < kBarredChevronInk) return "";
  Rect chevron = glyph[0];
  chevron.h = chevron.h * kBarredChevronTenths / 10;
  return ChevronPointing(clip, chevron);
}

// "≥" or "≤" when the leftmost glyph of the ink in `ink` (a box of `binary`) is drawn as one:
// a chevron with a bar under it (ComparatorGlyph), or, in front of the figure chi_sim read
// (`read`), one with its bar touching the lower arm (BarredChevron). chi_sim has neither sign
// in its character set, so Tesseract reads them as >, =, 二, 之, 过, 记, P or drops them; their
// shape is unambiguous. Else "". `sign_end` is set to the first page column right of the glyph.
std::string ComparatorAt(Pix* binary, const Rect& ink, const std::vector<Word>& read,
                         int* sign_end) {
  PixPtr clip = ClipOf(binary, ink);
  if (clip == nullptr) return "";
  const std::vector<Rect> glyph = LeftmostGlyph(clip.get());
  *sign_end = ink.x + RightOf(glyph);
  std::string sign = ComparatorGlyph(clip.get(), glyph);
  if (sign.empty() && SignBeforeDigits(read, clip.get(), *sign_end)) {
    sign = BarredChevron(clip.get(), glyph);
  }
  return sign;
}

// True when chi_sim's reading `chi` of a one-line cell may be a misread figure, worth a
// second reading: at most two non-figure characters (a comparator read as 全, PP, 之 ...)
// and then only figure characters, at least one digit; or a lone character on ink no taller
// than a line of print (`lone_glyph_size`: a "%" read as 号, 马, 多 or 9). The last character
// may be a quote or a degree sign: a % whose slash a 1-bit scan lost ("88\"" for 88%). Cells
// holding words (万元, 人次, 比率) are not: the figure reader cannot read their hanzi.
bool FigureCandidate(const std::string& chi, bool lone_glyph_size) {
  std::vector<std::string_view> points = CodePoints(chi);
  if (points.size() == 1) return lone_glyph_size;
  static const std::string_view kSlashlessPercent[] = {"\"", "'", "\u201d", "\u2019", "\u00b0"};
  if (std::ranges::find(kSlashlessPercent, points.back()) != std::end(kSlashlessPercent)) {
    points.pop_back();
  }
  const size_t prefix = FirstDigit(points);
  if (prefix > 2 || prefix == points.size() || points.size() > kMaxFigureChars) return false;
  return std::all_of(points.begin() + prefix, points.end(), IsFigureChar);
}

// The text to put in place of chi_sim's reading `chi` (min word confidence `chi_conf`) given
// the figure reader's `eng` (`eng_conf`), or "" to keep chi_sim's. The figure reader's text is
// taken only when it is a figure — digits with at most one decimal point, optionally a
// trailing % — or, for a lone glyph, a lone % or digit; and only when it is at least as
// confident as chi_sim and fairly sure (kMinFigureConfidence). Never invented: a sign in
// front is the one chi_sim read or eng's ASCII one (the shape test ComparatorAt puts ≥ or ≤),
// and the "2" that eng makes of a ≥ glyph is dropped only where chi_sim read a non-digit or
// ComparatorAt saw a sign (`sign_glyph`) and eng read it too (not `sign_cut`: eng saw only
// the ink right of the sign).
std::string ChooseFigure(std::string chi, double chi_conf, std::string eng, double eng_conf,
                         bool sign_glyph, bool sign_cut) {
  // A thin face's 1 that chi_sim read as "]" or "|" in front of digits ("]0" for 10,
  // "].995" for 1.995) is a digit, not a sign.
  if (chi.size() > 1 && (chi[0] == ']' || chi[0] == '|') && (IsDigit(chi[1]) || chi[1] == '.')) {
    chi[0] = '1';
  }
  while (!eng.empty() && (eng.back() == ',' || eng.back() == '.' || eng.back() == '-')) {
    eng.pop_back();  // a speck after the figure
  }
  // chi_sim's most frequent misread, a % read as 9 ("≥909" for "≥90%"), is no reason to
  // trust chi_sim more than eng when eng reads the same with the %.
  const bool percent_as_9 =
      eng.ends_with("%") && chi.ends_with(eng.substr(0, eng.size() - 1) + "9");
  if (eng_conf < kMinFigureConfidence || (eng_conf < chi_conf && !percent_as_9)) return "";
  const std::vector<std::string_view> points = CodePoints(chi);
  if (points.size() == 1 && (!IsDigit(chi[0]) || chi == "9")) {
    // A lone glyph: a % or one digit ("5" read as 号, 呈). Not a lone "2": eng reads a lone ≥
    // so, and a hanzi comes back empty.
    const bool digit = eng.size() == 1 && IsDigit(eng[0]) && eng != "2";
    return eng == "%" || digit ? eng : "";
  }
  // chi_sim's sign: the characters before its first digit.
  size_t prefix = 0;
  while (prefix < chi.size() && !IsDigit(chi[prefix])) ++prefix;
  const std::string sign = chi.substr(0, prefix);
  // eng's sign: ASCII comparators, or the "2" (and "=") it reads for a ≥ glyph.
  size_t eng_prefix = 0;
  while (eng_prefix < eng.size() &&
         (eng[eng_prefix] == '<' || eng[eng_prefix] == '>' || eng[eng_prefix] == '=')) {
    ++eng_prefix;
  }
  const std::string eng_sign = eng.substr(0, eng_prefix);
  if ((!sign.empty() || sign_glyph) && !sign_cut && eng_prefix == 0 && eng.size() > 1 &&
      eng[0] == '2') {
    eng_prefix = 1;
    while (eng_prefix < eng.size() && eng[eng_prefix] == '=') ++eng_prefix;
  }
  if (sign.empty() && !sign_glyph && eng_prefix > 0) return "";  // a sign only eng saw
  const std::string number = eng.substr(eng_prefix);
  // digits[.digits][%]
  size_t i = 0, dots = 0;
  while (i < number.size() && (IsDigit(number[i]) || number[i] == '.')) dots += number[i++] == '.';
  if (i == 0 || dots > 1 || number[0] == '.' || number[i - 1] == '.') return "";
  if (i < number.size() && !(number[i] == '%' && i + 1 == number.size())) return "";
  // eng reads a sign glyph as a digit too ("≥90%" as "190%"): behind a sign, the first
  // digits must agree.
  if ((!sign.empty() || sign_glyph) && chi[prefix] != number[0]) return "";
  // A percentage that eng reads with one more leading "2" than chi_sim ("40%" against
  // "240%"): a sign chi_sim dropped and ComparatorAt missed, or a digit; unknown, so kept.
  // (Percentages are what follows a sign in these forms; in amounts the "2" is a digit
  // chi_sim dropped, as "0" for a printed "20".)
  std::string chi_digits = chi.substr(prefix);
  if (chi_digits.ends_with("%")) chi_digits.pop_back();
  if (sign.empty() && !sign_glyph && number.back() == '%' && number[0] == '2' &&
      chi_digits.starts_with(number.substr(1, number.size() - 2))) {
    return "";
  }
  // chi_sim saw a % that eng did not: they disagree.
  if (chi.ends_with("%") && number.back() != '%') return "";
  // eng read the ink right of a sign glyph the shape tests named; that sign goes in front,
  // in place of all chi_sim made of the glyph (和志, PP).
  if (sign_cut) return number;
  const bool ascii_sign = std::all_of(sign.begin(), sign.end(),
                                      [](char c) { return c == '<' || c == '>' || c == '='; });
  return (ascii_sign || eng_sign.empty() ? sign : eng_sign) + number;
}

class TesseractEngine : public OcrEngine {
 public:
  TesseractEngine(std::unique_ptr<tesseract::TessBaseAPI> api,
                  std::unique_ptr<tesseract::TessBaseAPI> figure_api, double page_seconds)
      : api_(std::move(api)), figure_api_(std::move(figure_api)), page_seconds_(page_seconds) {}
  ~TesseractEngine() override {
    api_->End();
    figure_api_->End();
  }

  bool timed_out() const override { return timed_out_; }
  bool stopped_early() const override { return stopped_early_; }

  // A page scanned finer than kMaxOcrDpi is read from a copy averaged down to kOcrDpi, its
  // table boxes scaled to match and the words' boxes scaled back: page coordinates stay the
  // scan's.
  std::vector<Word> ReadPage(const Page& page, const std::vector<Table>& tables,
                             double min_confidence) override {
    min_confidence_ = min_confidence;
    if (!(page.dpi > kMaxOcrDpi) || page.gray == nullptr) return ReadAtOwnDpi(page, tables);
    const float factor = static_cast<float>(kOcrDpi / page.dpi);
    Page reduced;
    reduced.number = page.number;
    reduced.dpi = kOcrDpi;
    reduced.gray.reset(pixScaleAreaMap(page.gray.get(), factor, factor));
    if (page.color != nullptr) {
      reduced.color.reset(pixScaleAreaMap(page.color.get(), factor, factor));
    }
    if (reduced.gray == nullptr || (page.color != nullptr && reduced.color == nullptr)) {
      return ReadAtOwnDpi(page, tables);
    }
    reduced.width = pixGetWidth(reduced.gray.get());
    reduced.height = pixGetHeight(reduced.gray.get());
    std::vector<Table> scaled = tables;
    for (Table& table : scaled) {
      table.box = table.box.Scaled(factor);
      for (Cell& cell : table.cells) cell.box = cell.box.Scaled(factor);
    }
    std::vector<Word> words = ReadAtOwnDpi(reduced, scaled);
    for (Word& word : words) word.box = word.box.Scaled(1 / factor);
    return words;
  }

 private:
  std::vector<Word> ReadAtOwnDpi(const Page& page, const std::vector<Table>& tables) {
    std::vector<Word> words;
    timed_out_ = stopped_early_ = false;
    probed_regions_ = 0;
    // Clamped to a year: a huge budget must not overflow the clock.
    deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(std::clamp(page_seconds_, 0.0, 3.2e7)));
    image_ = OcrImage(page);
    Pix* image_raw = image_.get();
    if (image_raw == nullptr || page.dpi <= 0) return words;
    dpi_ = page.dpi;
    bilevel_ = page.bilevel;
    width_ = pixGetWidth(image_raw);
    height_ = pixGetHeight(image_raw);
    const int dpi = static_cast<int>(std::lround(dpi_));

    // Rulings are found on luminance (a seal crossing a ruling would break it in the red
    // channel) and whitened in the OCR image so they never read as 一 or 丨.
    PixPtr gray_binary(pixThresholdToBinary(page.gray ? page.gray.get() : image_raw, 160));
    if (gray_binary == nullptr) return words;
    PixPtr rulings = RulingMask(gray_binary.get());
    if (rulings != nullptr) pixSetMasked(image_raw, rulings.get(), 255);
    binary_.reset(pixThresholdToBinary(image_raw, 160));
    if (binary_ == nullptr) return words;
    light_.reset(pixThresholdToBinary(image_raw, kLightInk));
    if (page.bilevel) {  // ink and dashes were found above on the unsmoothed bits
      if (PixPtr smooth = SmoothedBilevel(image_raw, dpi_)) {
        image_ = std::move(smooth);
        image_raw = image_.get();
      }
    }

    api_->SetImage(image_raw);
    api_->SetSourceResolution(dpi);
    ReadRegions(tables, &words);
    api_->Clear();
    binary_.reset();
    light_.reset();
    image_.reset();
    return words;
  }

  // Reads the cells of `tables`, then the rest of the page band by band, into `words`; stops
  // early when the probe says so (ReadPage).
  void ReadRegions(const std::vector<Table>& tables, std::vector<Word>* words) {
    Pix* image_raw = image_.get();
    const int dpi = static_cast<int>(std::lround(dpi_));
    for (const Table& table : tables) {
      for (const Cell& cell : table.cells) {
        const size_t before = words->size();
        ReadCell(cell.box, words);
        if (Unreadable(*words, before)) return;
      }
    }

    // Outside the tables: whiten them and read the rest band by band.
    if (!tables.empty()) {
      for (const Table& table : tables) {
        const Rect r = PixelRect(table.box, Px(kCellInsetInches), width_, height_);
        if (r.empty()) continue;
        BOX* box = boxCreate(r.x, r.y, r.w, r.h);
        pixSetInRect(image_raw, box);       // 8 bpp: white
        pixClearInRect(binary_.get(), box);   // 1 bpp: no ink
        boxDestroy(&box);
      }
      api_->SetImage(image_raw);
      api_->SetSourceResolution(dpi);
    }
    for (const auto& [top, bottom] :
         InkRows(binary_.get(), {0, 0, width_, height_}, Px(kLineGapInches),
                 Px(kMinLineInches), std::max(2, width_ / 400))) {
      // The rows around a band are blank (else they would belong to it): room for a margin.
      const int margin = Px(kMarginInches);
      const size_t before = words->size();
      ReadRegion(ClipTo({0, top - margin, width_, bottom - top + 1 + 2 * margin}, width_, height_),
                 /*one_line_hint=*/true, words);
      if (Unreadable(*words, before)) return;
    }
  }

  // Counts a region that added words to `words` (it had `before`); true, with stopped_early_,
  // when it is the last of the probe and the probe reads under min_confidence_.
  bool Unreadable(const std::vector<Word>& words, size_t before) {
    if (min_confidence_ <= 0 || words.size() == before || ++probed_regions_ != kProbeRegions) {
      return false;
    }
    stopped_early_ = MeanConfidence(words) < min_confidence_;
    return stopped_early_;
  }

  int Px(double inches) const { return Pixels(inches, dpi_); }

  // Horizontal and vertical rulings of `binary`, dilated to cover their antialiased edges.
  PixPtr RulingMask(Pix* binary) const {
    PixPtr h(pixOpenCompBrick(nullptr, binary, Px(kMinRulingInches), 1));
    PixPtr v(pixOpenCompBrick(nullptr, binary, 1, Px(kMinVerticalRulingInches)));
    if (h == nullptr || v == nullptr) return nullptr;
    DropRunsThroughText(binary, v.get(), h.get());
    pixOr(h.get(), h.get(), v.get());
    const int grow = std::max(3, Px(0.01) | 1);
    return PixPtr(pixDilateBrick(nullptr, h.get(), grow, grow));
  }

  // Removes from `h` (long horizontal runs of `binary`'s ink) the runs that go through a line
  // of text rather than along a ruling: bold or blurred digits touch at mid-height, and a
  // phone number's middle row (8366688, 200 dpi) made a run longer than kMinRulingInches
  // that was whitened away. Such a run has the glyphs' strokes both just above and just below
  // it (each more than kMaxInkBesideRuling of the pixels); a ruling has text on one side at
  // most. A run that meets a vertical ruling of `v` is kept: a ruling crossed by a seal's
  // ring has ink on both sides too.
  void DropRunsThroughText(Pix* binary, Pix* v, Pix* h) const {
    BOXA* runs = pixConnCompBB(h, 8);
    const int d = Px(kRulingSideInches);
    for (int i = 0; runs != nullptr && i < boxaGetCount(runs); ++i) {
      Rect r;
      boxaGetBoxGeometry(runs, i, &r.x, &r.y, &r.w, &r.h);
      l_int32 above = 0, below = 0, crossing = 0;
      BOX* over = boxCreate(r.x, r.y - d, r.w, d);
      BOX* under = boxCreate(r.x, r.y + r.h, r.w, d);
      BOX* around = boxCreate(r.x - 2, r.y - 2, r.w + 4, r.h + 4);
      pixCountPixelsInRect(binary, over, &above, nullptr);
      pixCountPixelsInRect(binary, under, &below, nullptr);
      pixCountPixelsInRect(v, around, &crossing, nullptr);
      boxDestroy(&over);
      boxDestroy(&under);
      boxDestroy(&around);
      if (crossing == 0 && std::min(above, below) > kMaxInkBesideRuling * d * r.w) {
        BOX* run = boxCreate(r.x, r.y, r.w, r.h);
        pixClearInRect(h, run);
        boxDestroy(&run);
      }
    }
    boxaDestroy(&runs);
  }

  void ReadCell(const Box& cell, std::vector<Word>* words) {
    const Rect inner = PixelRect(cell, -Px(kCellInsetInches), width_, height_);
    if (inner.w < 4 || inner.h < 4) return;
    ReadRegion(inner, /*one_line_hint=*/false, words, /*dash_allowed=*/true);
  }

  // The bounding box of `bin`'s ink inside `region` and its pixel count; false when none.
  static bool InkIn(Pix* bin, const Rect& region, Rect* ink_rect, int* ink) {
    BOX* region_box = boxCreate(region.x, region.y, region.w, region.h);
    BOX* ink_box = nullptr;
    pixClipBoxToForeground(bin, region_box, nullptr, &ink_box);
    boxDestroy(&region_box);
    if (ink_box == nullptr) return false;
    l_int32 count = 0;
    pixCountPixelsInRect(bin, ink_box, &count, nullptr);
    boxGetGeometry(ink_box, &ink_rect->x, &ink_rect->y, &ink_rect->w, &ink_rect->h);
    boxDestroy(&ink_box);
    *ink = count;
    return true;
  }

  // Widens `ink` (the dark ink of `region`) sideways to the light ink of `region` on its rows.
  void WidenToLightInk(const Rect& region, Rect* ink) const {
    Rect light;
    int pixels = 0;
    if (!InkIn(light_.get(), {region.x, ink->y, region.w, ink->h}, &light, &pixels)) return;
    const int x0 = std::min(ink->x, light.x);
    const int x1 = std::max(ink->x + ink->w, light.x + light.w);
    ink->x = x0;
    ink->w = x1 - x0;
  }

  // True when the only ink of `bin` inside `region` is a dash; `bar` is its box.
  bool DashIn(Pix* bin, const Rect& region, Rect* bar) const {
    int ink = 0;
    return InkIn(bin, region, bar, &ink) && IsDash(bin, region, *bar, ink, dpi_);
  }

  // True when the only ink of `bin` inside `region` is "="; `pair` is its box.
  bool EqualsIn(Pix* bin, const Rect& region, Rect* pair) const {
    int ink = 0;
    return InkIn(bin, region, pair, &ink) && IsEqualsSign(bin, region, *pair, dpi_);
  }

  // A word told by its shape rather than read by Tesseract: `text` on the ink `box`.
  static Word ShapeWord(std::string text, const Rect& box) {
    Word word;
    word.text = std::move(text);
    word.box = Box{double(box.x), double(box.y), double(box.x + box.w), double(box.y + box.h)};
    word.confidence = 0.9;
    return word;
  }

  // Reads the ink inside `region`: skipped when almost empty, else cropped to the ink plus a
  // margin (still inside `region`) and recognized as one line or as a block.
  void ReadRegion(const Rect& region, bool one_line_hint, std::vector<Word>* words,
                  bool dash_allowed = false) {  // dash_allowed: `region` is a table cell
    // A lone dash is often printed lighter than text (and one pixel thick at 200 dpi), below
    // the ink floor: it is looked for before that floor, in the light ink too.
    if (dash_allowed && !timed_out_) {
      Rect bar;
      if (DashIn(binary_.get(), region, &bar) ||
          (light_ != nullptr && DashIn(light_.get(), region, &bar))) {
        words->push_back(ShapeWord(kDash, bar));
        return;
      }
      Rect pair;
      if (EqualsIn(binary_.get(), region, &pair) ||
          (light_ != nullptr && EqualsIn(light_.get(), region, &pair))) {
        words->push_back(ShapeWord("=", pair));
        return;
      }
    }
    Rect ink_rect;
    int ink = 0;
    const int min_side = Px(kMinInkSideInches);
    bool faint = false;
    const bool has_ink = InkIn(binary_.get(), region, &ink_rect, &ink);
    if (const int dots = dash_allowed && has_ink ? DotRow(binary_.get(), ink_rect, dpi_) : 0) {
      words->push_back(ShapeWord(std::string(dots, '.'), ink_rect));  // a placeholder row
      return;
    }
    if (dash_allowed && has_ink && IsPercentSign(binary_.get(), ink_rect, dpi_)) {
      words->push_back(ShapeWord("%", ink_rect));  // a unit cell
      return;
    }
    if (!has_ink || ink < min_side * min_side) {
      // Faint print (thin gray strokes of small digits: a few pixels under 160) counts when
      // its light ink is a text line's height; specks and ruling residue are not.
      faint = true;
      if (!dash_allowed || light_ == nullptr || !InkIn(light_.get(), region, &ink_rect, &ink) ||
          ink < min_side * min_side || ink_rect.h < Px(kMinLineInches)) {
        return;
      }
    }
    // Light print is partly under the ink threshold: a one-line crop cut at the dark ink would
    // lose its faint glyphs ("4.18" of a thin Song face at 150 dpi read as ".18"; "2022年决算数"
    // as "年以算数"). On a 1-bit page light ink is only the blur of the deskew.
    const bool one_ink_row =
        InkRows(binary_.get(), ink_rect, Px(kLineGapInches), Px(kMinLineInches), 1).size() <= 1;
    if (!faint && !bilevel_ && light_ != nullptr && one_ink_row) {
      WidenToLightInk(region, &ink_rect);
    }
    const int ix = ink_rect.x, iy = ink_rect.y, iw = ink_rect.w, ih = ink_rect.h;
    bool one_line = one_line_hint || one_ink_row;
    if (ih > Px(kMaxSingleLineInches)) one_line = false;
    const int margin = Px(kMarginInches);
    Rect crop{ix - margin, iy - margin, iw + 2 * margin, ih + 2 * margin};
    // Keep the margin inside the region: outside it lie rulings or other cells.
    const int rx1 = region.x + region.w, ry1 = region.y + region.h;
    crop.x = std::max(crop.x, region.x);
    crop.y = std::max(crop.y, region.y);
    crop.w = std::min(ix + iw + margin, rx1) - crop.x;
    crop.h = std::min(iy + ih + margin, ry1) - crop.y;
    if (crop.empty()) return;

    // The page's time budget: once spent, every remaining region is skipped; a Recognize
    // that overruns it is stopped by Tesseract's monitor and its partial result dropped (the
    // words of an interrupted pass are not all recognized yet).
    tesseract::ETEXT_DESC monitor;
    if (page_seconds_ > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
      if (timed_out_ || left.count() <= 0) {
        timed_out_ = true;
        return;
      }
      monitor.set_deadline_msecs(static_cast<int32_t>(std::min<int64_t>(left.count(), INT32_MAX)));
    }
    std::vector<Word> read;
    int line_height = ih;
    if (!one_line) {
      std::vector<int> heights;
      for (const auto& [top, bottom] :
           InkRows(binary_.get(), ink_rect, Px(kLineGapInches), Px(kMinLineInches), 1)) {
        heights.push_back(bottom - top + 1);
      }
      if (!heights.empty()) {
        std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
        line_height = heights[heights.size() / 2];
      }
    }
    // Only faint print is enlarged: small black print of these scans (150 dpi, 11 px digits)
    // reads as well at its size, and enlarged it came out worse (measured on the samples).
    if (!Recognize(crop, one_line, faint ? ScaleFor(line_height) : 1, &monitor, &read)) return;
    MendUnsureGlyphs(&read);
    // Faint ink in a cell is as often residue (a broken ruling, show-through) as print: kept
    // only when Tesseract is fairly sure of it and it is more than one stroke (a faint dash
    // was looked for above; a lone 一 or 丨 is a ruling's remains).
    if (faint) {
      std::erase_if(read, [](const Word& w) {
        return w.confidence < kMinFaintConfidence || w.text == "\u4e00" || w.text == "\u4e28" ||
               w.text == "|" || w.text == "-" || w.text == "_";
      });
    }
    if (dash_allowed && !read.empty()) {
      int sign_end = 0;
      std::string sign = ComparatorAt(binary_.get(), ink_rect, read, &sign_end);
      if (sign.empty()) sign = LightComparator(region, read, &sign_end);
      // chi_sim may have made a digit of the sign ("23年" for ⩾3年): the ink right of it is
      // read again, and that reading replaces the first where it is the first without the sign
      // (SignReadAsDigit), or the sign's digit would stay in the figure.
      if (!sign.empty() && IsDigit(read.front().text[0]) && read.front().box.x0 < sign_end &&
          sign_end < crop.x + crop.w) {
        std::vector<Word> rest;
        if (Recognize(crop, one_line, 1, &monitor, &rest, sign_end) &&
            SignReadAsDigit(TextOf(read), TextOf(rest))) {
          read = std::move(rest);
        }
      }
      if (one_line) ReadFigures(ink_rect, sign.empty() ? 0 : sign_end, &monitor, &read);
      if (!sign.empty()) PutComparator(sign, sign_end, &read);
    }
    // After the figure reader and the comparator: an unsure 和 there was a % or a ⩽.
    std::erase_if(read, [](const Word& w) {
      return w.text == "\u548c" && w.confidence < kSureConfidence;
    });
    words->insert(words->end(), read.begin(), read.end());
  }

  // The comparator at the start of `region` (a cell chi_sim read as the words `read`) when
  // it is drawn lighter than the figures after it: the outer ends of its arms and its thin bar
  // are gray at 150-200 dpi, under the ink threshold. Its shape is looked for in the light ink: a
  // chevron with a bar under it (ComparatorGlyph), or, where chi_sim read the sign as > or <,
  // a chevron whose lower half holds at least kBarredChevronInk times the ink of its upper
  // half — a bar drawn along the lower arm (⩾, ⩽) that touches it; or, in front of a figure
  // or as a glyph with almost no dark ink (LightOnly: chi_sim may have read it as a digit),
  // such a sign that also points as one (BarredChevron, as in ComparatorAt). "" when none;
  // `sign_end` as for ComparatorAt.
  std::string LightComparator(const Rect& region, const std::vector<Word>& read,
                              int* sign_end) const {
    const std::string& chi = read.front().text;
    Rect ink;
    int pixels = 0;
    if (light_ == nullptr || !InkIn(light_.get(), region, &ink, &pixels)) return "";
    PixPtr clip = ClipOf(light_.get(), ink);
    if (clip == nullptr) return "";
    const std::vector<Rect> glyph = LeftmostGlyph(clip.get());
    std::string sign = ComparatorGlyph(clip.get(), glyph);
    if (sign.empty() && !glyph.empty() && !chi.empty() && (chi[0] == '>' || chi[0] == '<') &&
        LowerToUpperInk(clip.get(), glyph) >= kBarredChevronInk) {
      sign = chi[0] == '>' ? "\u2265" : "\u2264";
    }
    *sign_end = ink.x + RightOf(glyph);
    if (sign.empty() && (SignBeforeDigits(read, clip.get(), *sign_end) ||
                         LightOnly(ink, glyph))) {
      sign = BarredChevron(clip.get(), glyph);
    }
    return sign;
  }

  // True when `glyph` (boxes in the light ink of the page box `ink`) is drawn lighter than
  // text: the dark ink in its box is under a quarter of its light ink. Such a glyph in front
  // of dark figures is their sign, whatever chi_sim read ("2P95%" for ⩾95%), not a digit.
  bool LightOnly(const Rect& ink, const std::vector<Rect>& glyph) const {
    if (glyph.size() != 1) return false;
    const Rect& g = glyph[0];
    BOX* box = boxCreate(ink.x + g.x, ink.y + g.y, g.w, g.h);
    l_int32 light = 0, dark = 0;
    pixCountPixelsInRect(light_.get(), box, &light, nullptr);
    pixCountPixelsInRect(binary_.get(), box, &dark, nullptr);
    boxDestroy(&box);
    return light > 0 && 4 * dark < light;
  }

  // One Tesseract pass over `crop` (page pixels), its columns left of `blank_before` (a page
  // column) whitened when that lies inside it, enlarged `scale` times when > 1; false when it
  // failed or ran out of time. Word boxes are in page pixels either way.
  bool Recognize(const Rect& crop, bool one_line, int scale, tesseract::ETEXT_DESC* monitor,
                 std::vector<Word>* words, int blank_before = 0) {
    api_->SetPageSegMode(one_line ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SINGLE_BLOCK);
    PixPtr own;  // the crop as an image of its own, when it is changed
    if (scale > 1 || blank_before > crop.x) {
      PixPtr clip = ClipOf(image_.get(), crop);
      if (clip != nullptr && blank_before > crop.x) {
        BOX* blank = boxCreate(0, 0, blank_before - crop.x, crop.h);
        pixSetInRect(clip.get(), blank);  // white
        boxDestroy(&blank);
      }
      if (clip != nullptr && scale > 1) {
        own.reset(pixScaleGrayLI(clip.get(), scale, scale));
      } else {
        own = std::move(clip);
      }
    }
    if (own != nullptr) {
      api_->SetImage(own.get());
      api_->SetSourceResolution(static_cast<int>(std::lround(dpi_ * scale)));
    } else {
      scale = 1;
      api_->SetRectangle(crop.x, crop.y, crop.w, crop.h);
    }
    const bool failed = api_->Recognize(monitor) != 0;
    if (monitor->deadline_exceeded()) timed_out_ = true;
    const size_t first = words->size();
    if (!failed && !timed_out_) CollectWords(api_.get(), words);
    if (own != nullptr) {
      for (size_t i = first; i < words->size(); ++i) {
        Box& b = (*words)[i].box;
        b = Box{crop.x + b.x0 / scale, crop.y + b.y0 / scale, crop.x + b.x1 / scale,
                crop.y + b.y1 / scale};
      }
      // Back to the page for the next region.
      api_->SetImage(image_.get());
      api_->SetSourceResolution(static_cast<int>(std::lround(dpi_)));
    }
    return !failed && !timed_out_;
  }

  // Reads a one-line table cell's ink again with the figure reader when chi_sim's reading
  // `read` looks like a misread figure (see FigureCandidate), and takes the figure reader's
  // text when ChooseFigure says so. The ink is cut out with kFigurePadInches of white around
  // it: a crop's own margin is bounded by the cell ("15" read as "1" with it, as "15" with
  // more white). Not enlarged: eng's readings of 11-13 px % signs and 5s got worse ×2-×3
  // (measured on the samples: lone % cells came back empty, "500" as "300").
  // `sign_end`, when not 0, is where a comparator glyph that the shape tests found ends: the
  // figure reader sees only the ink right of it (it reads ≥ as 1 or 2: "≥90%" as "190%").
  void ReadFigures(const Rect& ink, int sign_end, tesseract::ETEXT_DESC* monitor,
                   std::vector<Word>* read) {
    std::string chi;
    double chi_conf = 1;
    for (const Word& w : *read) chi += w.text, chi_conf = std::min(chi_conf, w.confidence);
    if (!FigureCandidate(chi, ink.h <= Px(kMaxLoneGlyphInches))) return;
    Rect figure = ink;
    if (sign_end > ink.x && sign_end < ink.x + ink.w) {
      figure.w -= sign_end - ink.x;
      figure.x = sign_end;
    }
    double eng_conf = 0;
    const std::string eng = FigureReading(figure, monitor, &eng_conf);
    const std::string chosen = ChooseFigure(chi, chi_conf, eng, eng_conf, sign_end != 0,
                                            figure.x != ink.x);
    if (chosen.empty()) return;
    Word word;
    word.text = chosen;
    word.box = read->front().box;
    for (const Word& w : *read) word.box = word.box.Union(w.box);
    word.confidence = eng_conf;
    *read = {std::move(word)};
  }

  // The figure reader's text of the page's ink in `ink` (and kFigureSlackInches above and
  // below), cut out with kFigurePadInches of white around it, read as one line; `confidence`
  // is its least word confidence (0 when it read nothing).
  std::string FigureReading(const Rect& ink, tesseract::ETEXT_DESC* monitor, double* confidence) {
    *confidence = 0;
    const int slack = Px(kFigureSlackInches);
    PixPtr clip = ClipOf(image_.get(),
                         ClipTo({ink.x, ink.y - slack, ink.w, ink.h + 2 * slack}, width_, height_));
    if (clip == nullptr) return "";
    PixPtr padded(pixAddBorder(clip.get(), Px(kFigurePadInches), 255));
    if (padded == nullptr) return "";
    figure_api_->SetImage(padded.get());
    figure_api_->SetSourceResolution(static_cast<int>(std::lround(dpi_)));
    figure_api_->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    std::vector<Word> figures;
    if (figure_api_->Recognize(monitor) == 0) CollectWords(figure_api_.get(), &figures);
    if (monitor->deadline_exceeded()) timed_out_ = true;
    std::string text;
    if (!figures.empty()) *confidence = 1;
    for (const Word& w : figures) {
      text += w.text;
      *confidence = std::min(*confidence, w.confidence);
    }
    return text;
  }

  // How many times to enlarge a crop whose text lines are `line_height` pixels tall: chi_sim
  // reads glyphs of about 20-26 px best and drops or misreads those under about
  // kMinGlyphPixels (OCR-NOTES §1.4); those are brought to about kTargetGlyphPixels.
  static int ScaleFor(int line_height) {
    if (line_height <= 0 || line_height >= kMinGlyphPixels) return 1;
    return std::clamp((kTargetGlyphPixels + line_height - 1) / line_height, 2, 3);
  }

  // Appends the recognized words in reading order. chi_sim puts no spaces between hanzi, so
  // space_after is set only between two ASCII letters/digits on the same line.
  static void CollectWords(tesseract::TessBaseAPI* api, std::vector<Word>* words) {
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (it == nullptr) return;
    const size_t first = words->size();
    std::vector<bool> line_end;
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
      if (text == nullptr) continue;
      std::string utf8(text.get());
      utf8.erase(std::remove_if(utf8.begin(), utf8.end(),
                                [](char c) { return c == ' ' || c == '\n' || c == '\t'; }),
                 utf8.end());
      if (utf8.empty()) continue;
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom)) continue;
      Word word;
      word.text = std::move(utf8);
      word.box = Box{double(left), double(top), double(right), double(bottom)};
      word.confidence = std::clamp(it->Confidence(tesseract::RIL_WORD) / 100.0, 0.0, 1.0);
      words->push_back(std::move(word));
      line_end.push_back(it->IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_WORD));
    } while (it->Next(tesseract::RIL_WORD));
    for (size_t i = first; i + 1 < words->size(); ++i) {
      const std::string& a = (*words)[i].text;
      const std::string& b = (*words)[i + 1].text;
      (*words)[i].space_after = !line_end[i - first] &&
                                IsAsciiAlnum(static_cast<unsigned char>(a.back())) &&
                                IsAsciiAlnum(static_cast<unsigned char>(b.front()));
    }
  }

  using Clock = std::chrono::steady_clock;

  std::unique_ptr<tesseract::TessBaseAPI> api_;
  std::unique_ptr<tesseract::TessBaseAPI> figure_api_;  // eng, whitelisted: short figure cells
  double page_seconds_ = 0;        // OcrOptions::page_seconds; 0 = no limit
  Clock::time_point deadline_;     // of the page being read
  bool timed_out_ = false;         // the last ReadPage ran out of time
  double min_confidence_ = 0;      // of the probe (ReadPage); 0 = no probe
  int probed_regions_ = 0;         // regions of the probe read so far
  bool stopped_early_ = false;     // the last ReadPage stopped after its probe
  PixPtr binary_;  // ink of the OCR image (rulings and, later, tables removed)
  PixPtr light_;   // the same, faint ink included (dashes, faint small print)
  PixPtr image_;   // the OCR image of the page being read (rulings whitened)
  bool bilevel_ = false;  // that page is a 1-bit scan
  double dpi_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace

double MeanConfidence(const std::vector<Word>& words) {
  double sum = 0;
  size_t bytes = 0;
  for (const Word& w : words) {
    sum += w.confidence * w.text.size();
    bytes += w.text.size();
  }
  return bytes == 0 ? 1 : sum / bytes;
}

std::string DefaultModelsDir() {
  const char* home = std::getenv("JIXIAO_HOME");
  if (home != nullptr && *home != '\0') return std::string(home) + "/models";
  return JIXIAO_SOURCE_DIR "/models";
}

Result<std::unique_ptr<OcrEngine>> NewOcrEngine(const OcrOptions& options) {
  std::vector<std::string> dirs;
  if (!options.models_dir.empty()) dirs.push_back(options.models_dir);
  dirs.push_back(DefaultModelsDir());
  dirs.push_back(kDebianTessdata);

  // Tesseract's chatter (warnings, "Empty page!!") goes to debug_file, not our stderr.
  // tessedit_do_invert: our OCR image is background-normalized black on white, so the
  // second, inverted pass Tesseract runs on low-confidence lines can only cost time.
  const std::vector<std::string> names = {"debug_file", "tessedit_do_invert"};
  const std::vector<std::string> values = {"/dev/null", "0"};
  // textord_noise_rejrows off for chi_sim: Tesseract drops a text row as noise when most of
  // its blobs are specks. A brush face (AR PL UKai) is made of separate small strokes, a 1-bit
  // scan of a thin face has its strokes broken into specks, a page averaged down from 600 dpi
  // has strokes thinned to gray specks: whole cells came back empty (资金, 覆盖率, 完成, 5)
  // that read correctly with it off. On 24 scans of six generic ruled tables in three CJK
  // faces (150/200 dpi, turned JPEG, G4): 17 cells read empty with it on, none with it off,
  // and 1471 → 1487 of 1540 cells exact; on the sample scans one field more right, no other
  // change (it was already off for 1-bit pages: G4 F1 0.709 → 0.711).
  std::vector<std::string> text_names = names, text_values = values;
  text_names.push_back("textord_noise_rejrows");
  text_values.push_back("0");
  std::string tried;
  for (const std::string& dir : dirs) {
    if (!tried.empty()) tried += ", ";
    tried += dir;
    if (!HasModels(dir, options.language)) continue;
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    if (api->Init(dir.c_str(), options.language.c_str(), tesseract::OEM_LSTM_ONLY, nullptr, 0,
                  &text_names, &text_values, false) == 0) {
      auto digits = std::make_unique<tesseract::TessBaseAPI>();
      std::vector<std::string> digit_names = names, digit_values = values;
      digit_names.push_back("tessedit_char_whitelist");
      digit_values.push_back(kFigureWhitelist);
      for (const std::string& ddir : dirs) {
        if (!HasModels(ddir, kFigureLanguage)) continue;
        if (digits->Init(ddir.c_str(), kFigureLanguage, tesseract::OEM_LSTM_ONLY, nullptr, 0,
                         &digit_names, &digit_values, false) == 0) {
          return std::unique_ptr<OcrEngine>(
              new TesseractEngine(std::move(api), std::move(digits), options.page_seconds));
        }
      }
      api->End();
      return Fail("OCR_INIT", std::string("no usable ") + kFigureLanguage + ".traineddata");
    }
    api->End();
  }
  return Fail("OCR_INIT", "no usable " + options.language + ".traineddata in: " + tried);
}

}  // namespace jixiao
