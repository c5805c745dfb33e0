// FindTables: ruling lines → holes → grid separators → cells with spans.
//
//   page (8 bpp)          line mask              holes (4-connected)     grid
//   +----+-------+        +----+-------+         ....A.....B......       |0 |1      |
//   |项目|  xxx  |  --->  |    |       |  --->   .   .    .      .  ---> +--+---+---+
//   +----+---+---+        +----+---+---+         ....C...D...E....       |2 |3  |4  |
//   |  a | b | c |        |    |   |   |                                 A cs=2: no ruling
//   +----+---+---+        +----+---+---+                                 between its slots
//
// 1. Binarize with a global threshold below the paper's gray level (faint rulings stay).
// 2. Rulings: in each direction, close 1–2 px breaks (noise), open with a short brick (drops
//    text and specks), close the gaps of broken rulings, open with the shortest ruling length
//    (dpi/4, Tesseract's min_line_length). A seal or any blob shorter than that leaves nothing;
//    where it crosses a ruling, the ruling runs through it and survives. Open sides (no outer
//    vertical rulings) are drawn in where the horizontal rulings end (CloseOpenSides).
// 3. The holes of the (slightly dilated) line mask are the cell candidates; holes touching the
//    image border are background, holes holding other holes are frames, tiny holes are
//    intersections of thick lines. Holes that sit next to each other form one table.
// 4. Probing outwards from each hole's sides finds the centres of the rulings around it (and
//    their darkest gray and their slope). Per table, the median slope gives the skew; the
//    centres, moved to deskewed coordinates and clustered (single link), are the grid's column
//    and row separators. A side whose ruling is much lighter than the table's (a seal's ring
//    running along a ruling) does not count.
// 5. Spans are decided by the rulings themselves, not by the holes: two neighbouring grid slots
//    are merged when less than half of the ruling segment between them is present, measured on
//    rulings found again at a stricter threshold (dark ink only). This splits two cells that
//    leaked into one hole through a broken ruling, and keeps a missing hole (a cell filled by a
//    dark blob) as its own cell. A separator with no segment at all (a loop of text inside a
//    cell made a hole) is dropped.
//    A segment missing from the dark-ink rulings still counts when, at the lenient threshold,
//    it stands alone: one thin run of real ink with paper on both sides. On a blurred 150 dpi
//    scan the 1 px rulings blur to mid-gray while the thick ones stay black, so the dark pass
//    alone lost whole columns (gongjue 5 instead of 9, taojiang 5); the strokes that text forms
//    at the lenient threshold have the other strokes of their glyphs beside them and still fail.
// With the colour original of a scan, red seal ink is removed before everything else.
// Tried and dropped: removing solid blobs first (Tesseract's "hollow" step) eats the ruling under
// a seal-like blob; with no removal the blob stays in the mask but the topology is unchanged.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <vector>

#include <leptonica/allheaders.h>

#include "layout/layout.h"

namespace jixiao {
namespace {

// Above this many pixels the page is reduced (darkest pixel of each block, so thin rulings
// survive) before any morphology: a 600 dpi A3 scan still takes bounded time.
constexpr double kMaxWorkPixels = 12e6;
// More holes than this is noise or an image, not a form; the rest are ignored (bounded work).
constexpr int kMaxHoles = 4000;
// Fraction of a ruling segment that must be present for two slots to stay separate.
constexpr double kMinRulingCoverage = 0.5;
// A cell's box is the union of its holes only when they span this much of its separators'
// width and height (a skewed page makes the two differ by a few pixels, a lost piece by more).
constexpr double kMinHoleFill = 0.9;
// Ink threshold of the second look at a page without tables (light gray rulings).
constexpr int kLightRulingInk = 245;
// A horizontal ruling outside the tables is a loose rule (FindTables) from this length on.
constexpr double kMinLooseRuleInches = 1.0;

PixPtr Own(Pix* pix) { return PixPtr(pix); }

template <typename T>
T Median(std::vector<T>& values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// Sizes in pixels at the working resolution.
struct Geometry {
  int close_small = 3;  // bridges 1–2 px breaks before the first opening
  int min_stroke = 20;  // first opening: longer than a text stroke or speck
  int gap = 10;         // broken-ruling gaps bridged
  int min_line = 50;    // shortest ruling kept
  int dilate = 3;       // line mask thickening, so cells do not leak at corners
  int extend = 5;       // rulings lengthened by this much at each end (corner gaps)
  int min_cell = 16;    // a hole narrower or lower than this is not a cell
  int max_run = 25;     // thickest ruling (plus dilation) a probe accepts
  int tol = 8;          // separators closer than this are one
  int flank = 6;        // paper checked beside a ruling (cell padding is wider)
  int dash_min = 4;     // a dash of a dashed ruling: at least this long,
  int dash_thick = 6;   // at most this thick,
  int dash_gap = 40;    // and at most this far from the next one (a lost dash between)
};

Geometry GeometryFor(double dpi, const LayoutOptions& options) {
  auto px = [dpi](double inches, int at_least) {
    return std::max(at_least, static_cast<int>(std::lround(dpi * inches)));
  };
  Geometry g;
  g.close_small = px(1.0 / 75, 2);
  g.min_stroke = px(0.1, 6);
  g.gap = px(0.05, 3);
  g.min_line = std::max(g.min_stroke + 1, px(options.min_line_inches, 12));
  g.dilate = px(1.0 / 70, 3) | 1;  // odd, so the dilation is symmetric
  // Bridges a corner whose short end piece the first opening dropped, yet leaves a "——" in a
  // narrow cell (0.3 in of ink in 0.45 in) short of the rulings.
  g.extend = g.gap;
  g.min_cell = px(0.08, 8);
  g.max_run = px(0.1, 8) + g.dilate;
  g.tol = px(0.04, 4);
  g.flank = px(0.03, 3);
  g.dash_min = px(0.02, 3);
  g.dash_thick = px(0.03, 2);
  g.dash_gap = px(0.2, 4);
  return g;
}

// 8 bpp view of any input depth.
PixPtr ToGray8(Pix* pix) {
  switch (pixGetDepth(pix)) {
    case 8:
      return Own(pixGetColormap(pix) ? pixRemoveColormap(pix, REMOVE_CMAP_TO_GRAYSCALE)
                                     : pixClone(pix));
    case 1: return Own(pixConvert1To8(nullptr, pix, 255, 0));
    case 32: return Own(pixConvertRGBToLuminance(pix));
    default: return Own(pixConvertTo8(pix, 0));
  }
}

// With the colour original of a scan, seal ink (clearly red: R above the mean of G and B by
// kRedness) takes its red channel's value before the rulings are sought, as through a red
// filter: the seal alone is near paper there, so its ring leaves no ruling-like pieces, while
// a ruling under it stays dark (black ink absorbs red). A thin ruling under a ring's stroke is
// itself reddish (R 90-110 with G and B 33-55 on the chongqing scan): turned into paper, it
// was lost and two columns merged. Without colour, the seal stays mid-gray and the ink checks
// below deal with it.
constexpr int kRedness = 60;
PixPtr WithoutRedInk(Pix* gray, Pix* color) {
  if (!color || pixGetDepth(color) != 32 || pixGetWidth(color) != pixGetWidth(gray) ||
      pixGetHeight(color) != pixGetHeight(gray)) {
    return nullptr;
  }
  PixPtr redness = Own(pixConvertRGBToGrayArb(color, 1.0, -0.5, -0.5));
  if (!redness) return nullptr;
  PixPtr red = Own(pixThresholdToBinary(redness.get(), kRedness));  // 1 where not red
  if (!red) return nullptr;
  pixInvert(red.get(), red.get());
  PixPtr red_channel = Own(pixGetRGBComponent(color, COLOR_RED));
  PixPtr out = Own(pixCopy(nullptr, gray));
  if (!out || !red_channel || pixCombineMasked(out.get(), red_channel.get(), red.get()) != 0) {
    return nullptr;
  }
  return out;
}

// Shaded cells (a header row filled gray or in a colour, as spreadsheets print them) are solid
// ink at the lenient ruling threshold: the fill became one blob, its cells no holes, and the
// row was lost (a born-digital header filled at 70 % gray). Solid ink thicker than any ruling
// or stroke (a kMinShadeInches square fits in it) is a fill: in it only ink darker than
// kShadeInk (the rulings and the text printed on it) stays; the fill turns to paper. (A 200
// dpi scan of that page kept its header: ingest's background normalization lightens fills.)
constexpr double kMinShadeInches = 0.06;
constexpr int kShadeInk = 110;
PixPtr WithoutShading(Pix* gray, int threshold, double dpi) {
  PixPtr binary = Own(pixThresholdToBinary(gray, threshold));
  if (!binary) return nullptr;
  // Sought 4× reduced (a pixel is ink where its whole 4×4 block is): cheap on the many pages
  // that have no fill.
  PixPtr reduced = Own(pixReduceRankBinaryCascade(binary.get(), 4, 4, 0, 0));
  if (!reduced) return nullptr;
  const int side = std::max(2, static_cast<int>(std::lround(kMinShadeInches * dpi / 4)));
  PixPtr found = Own(pixOpenBrick(nullptr, reduced.get(), side, side));
  l_int32 none = 1;
  if (!found || pixZero(found.get(), &none) != 0 || none) return nullptr;
  PixPtr expanded = Own(pixExpandBinaryPower2(found.get(), 4));
  PixPtr fill = Own(pixCreateTemplate(binary.get()));
  if (!expanded || !fill) return nullptr;
  pixRasterop(fill.get(), 0, 0, pixGetWidth(expanded.get()), pixGetHeight(expanded.get()), PIX_SRC,
              expanded.get(), 0, 0);
  PixPtr light = Own(pixThresholdToBinary(gray, kShadeInk + 1));  // 1: darker than the fill
  if (!light) return nullptr;
  pixInvert(light.get(), light.get());
  pixAnd(fill.get(), fill.get(), light.get());
  PixPtr out = Own(pixCopy(nullptr, gray));
  if (!out || pixSetMasked(out.get(), fill.get(), 255) != 0) return nullptr;
  return out;
}

// A threshold between paper and ink: the paper level is the most common bright gray; rulings
// that are only a little darker than the paper (faint scans) still count as ink.
int InkThreshold(Pix* gray) {
  int factor = std::max(1, static_cast<int>(std::sqrt(pixGetWidth(gray) * 1.0 *
                                                      pixGetHeight(gray) / 250000.0)));
  NUMA* hist = pixGetGrayHistogram(gray, factor);
  if (!hist) return 160;
  int paper = 255;
  double best = -1;
  for (int value = 128; value < 256; ++value) {
    l_float32 count = 0;
    numaGetFValue(hist, value, &count);
    if (count > best) best = count, paper = value;
  }
  numaDestroy(&hist);
  return std::clamp(static_cast<int>(paper * 0.8), 96, 210);
}

// Read-only bit access to a 1 bpp Pix.
class Bits {
 public:
  explicit Bits(Pix* pix)
      : data_(pixGetData(pix)), wpl_(pixGetWpl(pix)), w_(pixGetWidth(pix)),
        h_(pixGetHeight(pix)) {}
  bool At(int x, int y) const {
    if (x < 0 || y < 0 || x >= w_ || y >= h_) return false;
    return GET_DATA_BIT(data_ + static_cast<size_t>(y) * wpl_, x);
  }

 private:
  l_uint32* data_;
  int wpl_, w_, h_;
};

// Read-only access to an 8 bpp Pix.
class Gray {
 public:
  explicit Gray(Pix* pix)
      : data_(pixGetData(pix)), wpl_(pixGetWpl(pix)), w_(pixGetWidth(pix)),
        h_(pixGetHeight(pix)) {}
  int At(int x, int y) const {
    if (x < 0 || y < 0 || x >= w_ || y >= h_) return 255;
    return GET_DATA_BYTE(data_ + static_cast<size_t>(y) * wpl_, x);
  }

 private:
  l_uint32* data_;
  int wpl_, w_, h_;
};

struct Rulings {
  PixPtr horizontal;  // lengthened and thickened horizontal rulings
  PixPtr vertical;
  PixPtr lines;       // both
  PixPtr binary;      // the thresholded page the rulings came from
  PixPtr dashed_horizontal, dashed_vertical;  // the dashed ones among them, or nullptr
};

// A chain of at least this many dashes is a dashed ruling.
constexpr int kMinDashes = 4;

// The pitch of the dashes when pieces (along: start, length), sorted along a line, are the
// dashes of one dashed ruling, else 0: at least kMinDashes; 80 % as long as their median
// length (±40 %); half or more one median pitch apart and 90 % one or two pitches apart (two:
// a dash lost where a ruling crosses, joined to it). The strokes of glyphs that happen to lie
// in a row are not so regular.
double RegularDashes(const std::vector<std::pair<int, int>>& pieces) {
  const int n = static_cast<int>(pieces.size());
  if (n < kMinDashes) return 0;
  std::vector<int> lengths, pitches;
  for (int i = 0; i < n; ++i) {
    lengths.push_back(pieces[i].second);
    if (i > 0) pitches.push_back(pieces[i].first - pieces[i - 1].first);
  }
  std::vector<int> sorted = lengths;
  const double length = Median(sorted);
  sorted = pitches;
  const double pitch = Median(sorted);
  // Touching pieces have no gaps between them; gaps longer than 1.5 dashes are of stacked
  // text lines (a glyph's stroke at the same place in each) rather than of a dashed line.
  if (pitch <= length || pitch > 2.5 * length) return 0;
  const auto even = std::ranges::count_if(lengths, [&](int l) {
    return std::abs(l - length) <= 0.4 * length;
  });
  const auto single = std::ranges::count_if(pitches, [&](int p) {
    return std::abs(p - pitch) <= 0.25 * pitch;
  });
  const auto dropped = std::ranges::count_if(pitches, [&](int p) {
    return std::abs(p - 2 * pitch) <= 0.25 * pitch;
  });
  const bool regular =
      even >= 0.8 * n && single >= 0.5 * (n - 1) && single + dropped >= 0.9 * (n - 1);
  return regular ? pitch : 0;
}

// Dashed rulings (Word's and Excel's dashed borders, 2-6 pt dashes and gaps), drawn solid as
// a mask like `binary`: the dashes are `pieces` (the ink's connected components) shorter than
// the first opening keeps (min_stroke), at least dash_min long, at most dash_thick across and
// twice as long as that; those no more than dash_gap apart along one line are joined (across a
// dash lost where a ruling crosses, too),
// and a chain at least min_line long whose pieces are RegularDashes is a ruling. Dots
// (leaders, "……") are as long as thick, a glyph's strokes are joined to its other strokes or
// lie at random in a row: none is a dashed ruling. nullptr when there is none; `pitch` is the
// dashes' median pitch.
PixPtr DashedRulings(Pix* binary, BOXA* pieces, const Geometry& g, bool horizontal,
                     int* pitch) {
  struct Dash {
    int start, length, lo, hi;  // along: first pixel and length; across: first and last
  };
  std::vector<Dash> dashes;
  for (int i = 0; i < boxaGetCount(pieces); ++i) {
    int x, y, w, h;
    boxaGetBoxGeometry(pieces, i, &x, &y, &w, &h);
    const int along = horizontal ? w : h, across = horizontal ? h : w;
    if (along < g.dash_min || along >= g.min_stroke || across > g.dash_thick ||
        along < 2 * across) {
      continue;
    }
    dashes.push_back(horizontal ? Dash{x, w, y, y + h - 1} : Dash{y, h, x, x + w - 1});
  }
  if (static_cast<int>(dashes.size()) < kMinDashes) return nullptr;
  // Chains along the lines: each dash joins the chain whose last dash shares a pixel row (a
  // column for vertical ones) with it and ends no more than dash_gap before it.
  std::ranges::sort(dashes, {}, &Dash::start);
  std::vector<std::vector<int>> chains;
  std::vector<int> open;  // chains whose last dash may still be continued
  for (int i = 0; i < static_cast<int>(dashes.size()); ++i) {
    const Dash& d = dashes[i];
    int best = -1, best_gap = 0;
    std::erase_if(open, [&](int c) {
      const Dash& last = dashes[chains[c].back()];
      return last.start + last.length + g.dash_gap < d.start;
    });
    for (int c : open) {
      const Dash& last = dashes[chains[c].back()];
      const int gap = d.start - (last.start + last.length);
      if (gap >= 0 && last.lo <= d.hi && d.lo <= last.hi && (best < 0 || gap < best_gap)) {
        best = c, best_gap = gap;
      }
    }
    if (best < 0) {
      best = static_cast<int>(chains.size());
      chains.emplace_back();
      open.push_back(best);
    }
    chains[best].push_back(i);
  }
  PixPtr lines = Own(pixCreateTemplate(binary));
  std::vector<double> pitches;
  for (const std::vector<int>& chain : chains) {
    const Dash& first = dashes[chain.front()];
    const Dash& last = dashes[chain.back()];
    if (!lines || last.start + last.length - first.start < g.min_line) continue;
    std::vector<std::pair<int, int>> along;
    for (int i : chain) along.push_back({dashes[i].start, dashes[i].length});
    const double chain_pitch = RegularDashes(along);
    if (chain_pitch <= 0) continue;
    pitches.push_back(chain_pitch);
    for (size_t k = 0; k < chain.size(); ++k) {  // each dash and the gap after it, solid
      const Dash& a = dashes[chain[k]];
      const Dash& b = k + 1 < chain.size() ? dashes[chain[k + 1]] : a;
      const int from = a.start, to = std::max(a.start + a.length, b.start) - 1;
      const int lo = std::min(a.lo, b.lo), hi = std::max(a.hi, b.hi);
      if (horizontal) {
        pixRasterop(lines.get(), from, lo, to - from + 1, hi - lo + 1, PIX_SET, nullptr, 0, 0);
      } else {
        pixRasterop(lines.get(), lo, from, hi - lo + 1, to - from + 1, PIX_SET, nullptr, 0, 0);
      }
    }
  }
  if (pitches.empty()) return nullptr;
  *pitch = static_cast<int>(std::lround(Median(pitches)));
  return lines;
}

// One direction of step 2; `along`/`across` swap for vertical rulings. `dashed` gets the
// dashed rulings among them (DashedRulings of the ink's connected `pieces`) and `pitch` their
// dashes' pitch, or nullptr.
PixPtr LinesOneWay(Pix* binary, BOXA* pieces, const Geometry& g, bool horizontal,
                   PixPtr* dashed, int* pitch) {
  auto brick = [horizontal](int along, int across) {
    return horizontal ? std::pair{along, across} : std::pair{across, along};
  };
  auto [cw, ch] = brick(g.close_small, 1);
  PixPtr pix = Own(pixCloseSafeBrick(nullptr, binary, cw, ch));
  auto [sw, sh] = brick(g.min_stroke, 1);
  pix = Own(pixOpenCompBrick(nullptr, pix.get(), sw, sh));
  *dashed = pieces ? DashedRulings(binary, pieces, g, horizontal, pitch) : nullptr;
  if (*dashed && pix) pixOr(pix.get(), pix.get(), dashed->get());
  auto [gw, gh] = brick(g.gap, 1);
  pix = Own(pixCloseSafeCompBrick(nullptr, pix.get(), gw, gh));
  auto [lw, lh] = brick(g.min_line, 1);
  pix = Own(pixOpenCompBrick(nullptr, pix.get(), lw, lh));
  auto [dw, dh] = brick(2 * g.extend + 1, g.dilate);
  return Own(pixDilateCompBrick(nullptr, pix.get(), dw, dh));
}

// Fraction of the ruling segment spanning [from, to] along it that the mask covers; at
// `along` the ruling lies within [lo, hi] + along·shift across (shift: the skew).
double Coverage(const Bits& mask, bool horizontal, double lo, double hi, double shift, int from,
                int to) {
  if (to < from) std::swap(from, to);
  int present = 0, total = 0;
  for (int along = from; along <= to; ++along, ++total) {
    int first = static_cast<int>(std::floor(lo + along * shift));
    int last = static_cast<int>(std::ceil(hi + along * shift));
    for (int across = first; across <= last; ++across) {
      if (horizontal ? mask.At(along, across) : mask.At(across, along)) {
        ++present;
        break;
      }
    }
  }
  return total ? static_cast<double>(present) / total : 0;
}

// A table printed without its outer vertical rulings (open sides: its horizontal rulings run
// on past the outermost vertical one and end there) has no closed cells in its first and last
// columns. Where two horizontal rulings, one below the other, end at one x (within g.tol), a
// vertical ruling crosses both further in and none stands further out beside them, the missing
// side is drawn into `vertical` between them at the rulings' printed end. Left open: lone
// underlines (no vertical crosses them), two tables one above the other (no vertical joins
// their rulings), the ends of rulings inside a closed table (a seal's ring pieces, a spanning
// cell's rulings), and a ruling broken by a dropout (its pieces count as one ruling).
void CloseOpenSides(Pix* horizontal, Pix* vertical, const Geometry& g) {
  struct Ruling {
    int x0, x1, y0, y1;
  };
  auto rulings_of = [](Pix* mask) {
    std::vector<Ruling> out;
    BOXA* boxa = pixConnCompBB(mask, 8);
    for (int i = 0; boxa != nullptr && i < boxaGetCount(boxa); ++i) {
      l_int32 x, y, w, h;
      if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) == 0) {
        out.push_back({x, x + w - 1, y, y + h - 1});
      }
    }
    boxaDestroy(&boxa);
    return out;
  };
  std::vector<Ruling> pieces = rulings_of(horizontal), hs;
  const std::vector<Ruling> vs = rulings_of(vertical);
  if (pieces.size() < 2 || vs.empty()) return;
  std::sort(pieces.begin(), pieces.end(), [](const Ruling& a, const Ruling& b) {
    return a.x0 < b.x0;
  });
  for (const Ruling& piece : pieces) {
    auto same = std::ranges::find_if(hs, [&](const Ruling& r) {
      return piece.y0 <= r.y1 && r.y0 <= piece.y1 && piece.x0 - r.x1 <= 2 * g.min_cell;
    });
    if (same == hs.end()) {
      hs.push_back(piece);
    } else {
      *same = {same->x0, std::max(same->x1, piece.x1), std::min(same->y0, piece.y0),
               std::max(same->y1, piece.y1)};
    }
  }
  std::sort(hs.begin(), hs.end(), [](const Ruling& a, const Ruling& b) { return a.y0 < b.y0; });
  Bits vmask(vertical);
  for (bool left : {true, false}) {
    auto end = [left](const Ruling& r) { return left ? r.x0 : r.x1; };
    for (size_t i = 0; i < hs.size(); ++i) {
      const Ruling& upper = hs[i];
      // The next ruling below that ends at the same x.
      const Ruling* lower = nullptr;
      for (size_t j = i + 1; j < hs.size() && lower == nullptr; ++j) {
        if (std::abs(end(hs[j]) - end(upper)) <= g.tol) lower = &hs[j];
      }
      if (lower == nullptr) continue;
      const int x = left ? std::max(upper.x0, lower->x0) : std::min(upper.x1, lower->x1);
      const int inner_from = left ? x + g.min_cell : std::max(upper.x0, lower->x0);
      const int inner_to = left ? std::min(upper.x1, lower->x1) : x - g.min_cell;
      const bool crossed = std::ranges::any_of(vs, [&](const Ruling& v) {
        return v.x0 >= inner_from && v.x1 <= inner_to && v.y0 <= upper.y1 + g.tol &&
               v.y1 >= lower->y0 - g.tol;
      });
      const bool enclosed = std::ranges::any_of(vs, [&](const Ruling& v) {
        return (left ? v.x1 < x : v.x0 > x) &&
               std::min(v.y1, lower->y0) - std::max(v.y0, upper.y1) > (lower->y0 - upper.y1) / 2;
      });
      if (!crossed || enclosed) continue;
      const int y0 = upper.y0, y1 = lower->y1;
      const int thickness = g.dilate;  // as thick as a ruling in the mask
      // The mask runs g.extend past the printed end: the side stands at the printed end.
      const int strip0 = left ? x + g.extend : x - g.extend - thickness + 1;
      if (Coverage(vmask, /*horizontal=*/false, strip0 - g.tol, strip0 + thickness + g.tol, 0, y0,
                   y1) >= kMinRulingCoverage) {
        continue;  // a vertical ruling stands there
      }
      BOX* side = boxCreate(strip0, y0, thickness, y1 - y0 + 1);
      pixSetInRect(vertical, side);
      boxDestroy(&side);
    }
  }
}

// The dash where a dashed ruling meets another ruling is joined to it (no dash shape), and
// the last free dash ends up to a pitch before it: each chain of `dashed` (one direction) is
// drawn on in `lines`, `thick` across, from each end to `extend` into the first ruling across
// it in `across` when that lies within `reach`. (Not further: a chain that ends at a spanning
// cell must not cross it.)
void JoinDashedEnds(Pix* lines, Pix* dashed, Pix* across, int reach, int thick, int extend,
                    bool horizontal) {
  BOXA* chains = pixConnCompBB(dashed, 8);
  const Bits ink(dashed), other(across);
  auto at = [horizontal](const Bits& bits, int along, int side) {
    return horizontal ? bits.At(along, side) : bits.At(side, along);
  };
  for (int i = 0; chains != nullptr && i < boxaGetCount(chains); ++i) {
    int x, y, w, h;
    boxaGetBoxGeometry(chains, i, &x, &y, &w, &h);
    const int first = horizontal ? x : y, last = first + (horizontal ? w : h) - 1;
    const int lo = horizontal ? y : x, hi = lo + (horizontal ? h : w) - 1;
    for (const auto [end, step] : {std::pair{first, -1}, std::pair{last, 1}}) {
      int sum = 0, count = 0;  // the chain's middle across at its end
      for (int side = lo; side <= hi; ++side) {
        if (at(ink, end, side)) sum += side, ++count;
      }
      if (count == 0) continue;
      const int middle = sum / count;
      for (int along = end + step; std::abs(along - end) <= reach; along += step) {
        if (!at(other, along, middle)) continue;
        const int stop = along + step * extend;  // into it, as a solid ruling's mask goes
        const int from = std::min(stop, end), length = std::abs(stop - end) + 1;
        if (horizontal) {
          pixRasterop(lines, from, middle - thick / 2, length, thick, PIX_SET, nullptr, 0, 0);
        } else {
          pixRasterop(lines, middle - thick / 2, from, thick, length, PIX_SET, nullptr, 0, 0);
        }
        break;
      }
    }
  }
  boxaDestroy(&chains);
}

std::optional<Rulings> FindRulings(Pix* gray, int threshold, const Geometry& g) {
  PixPtr binary = Own(pixThresholdToBinary(gray, threshold));
  if (!binary) return std::nullopt;
  Rulings r;
  int h_pitch = 0, v_pitch = 0;
  BOXA* pieces = pixConnCompBB(binary.get(), 8);
  r.horizontal = LinesOneWay(binary.get(), pieces, g, true, &r.dashed_horizontal, &h_pitch);
  r.vertical = LinesOneWay(binary.get(), pieces, g, false, &r.dashed_vertical, &v_pitch);
  boxaDestroy(&pieces);
  if (!r.horizontal || !r.vertical) return std::nullopt;
  if (r.dashed_horizontal) {
    JoinDashedEnds(r.horizontal.get(), r.dashed_horizontal.get(), r.vertical.get(), h_pitch,
                   g.dilate, g.extend, true);
  }
  if (r.dashed_vertical) {
    JoinDashedEnds(r.vertical.get(), r.dashed_vertical.get(), r.horizontal.get(), v_pitch,
                   g.dilate, g.extend, false);
  }
  CloseOpenSides(r.horizontal.get(), r.vertical.get(), g);
  r.lines = Own(pixOr(nullptr, r.horizontal.get(), r.vertical.get()));
  if (!r.lines) return std::nullopt;
  r.binary = std::move(binary);
  return r;
}

struct Hole {
  int x0, y0, x1, y1;           // inclusive bbox in the dilated mask
  double sep[4] = {0, 0, 0, 0};  // ruling centres: left, top, right, bottom
  double run = 0;               // median ruling thickness seen by the probes
  // Skew seen by the probes: dy/dx of the top/bottom rulings, dx/dy of the left/right ones
  // (NaN when a side had too few probes).
  double slope[4] = {NAN, NAN, NAN, NAN};
  int ink[4] = {0, 0, 0, 0};    // darkest gray across each side's ruling (median of probes)
  int cluster[4] = {-1, -1, -1, -1};
};
enum Side { kLeft = 0, kTop = 1, kRight = 2, kBottom = 3 };

// Walks from inside a hole outwards (dx, dy) until the mask, then across it. Returns the ruling
// centre along the walk axis and its thickness, or nothing (no ruling near, or a blob).
struct Probed {
  double centre;
  int run;
  int ink;  // darkest gray across the ruling
};
std::optional<Probed> Probe(const Bits& mask, const Gray& gray, int x, int y, int dx, int dy,
                            int search, int max_run, int gap) {
  int steps = 0;
  while (!mask.At(x, y)) {
    if (++steps > search) return std::nullopt;
    x += dx, y += dy;
  }
  int start = dx ? x : y, run = 0, ink = 255;
  while (mask.At(x, y)) {
    if (++run > max_run) return std::nullopt;
    // Also a little way along the ruling, so a probe that lands in a break still sees ink.
    for (int along : {0, -gap / 2, gap / 2, -gap, gap}) {
      ink = std::min(ink, dx ? gray.At(x, y + along) : gray.At(x + along, y));
    }
    x += dx, y += dy;
  }
  int sign = dx + dy;
  return Probed{start + sign * (run - 1) / 2.0, run, ink};
}

// Least-squares slope of (x, y) points; NaN with fewer than three or no spread.
double Slope(const std::vector<double>& xs, const std::vector<double>& ys) {
  size_t n = xs.size();
  if (n < 3) return NAN;
  double mx = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
  double my = std::accumulate(ys.begin(), ys.end(), 0.0) / n;
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < n; ++i) sxy += (xs[i] - mx) * (ys[i] - my), sxx += (xs[i] - mx) * (xs[i] - mx);
  return sxx > 0 ? sxy / sxx : NAN;
}

void ProbeSides(const Bits& mask, const Gray& gray, const Geometry& g, Hole& hole) {
  constexpr double kAt[] = {0.2, 0.35, 0.5, 0.65, 0.8};
  constexpr int kInset = 2;
  std::vector<int> runs;
  for (int side = 0; side < 4; ++side) {
    bool vertical_side = side == kLeft || side == kRight;
    std::vector<double> found, where;
    std::vector<int> inks;
    for (double at : kAt) {
      int x, y, dx = 0, dy = 0;
      if (vertical_side) {
        y = hole.y0 + static_cast<int>(at * (hole.y1 - hole.y0));
        x = side == kLeft ? hole.x0 + kInset : hole.x1 - kInset;
        dx = side == kLeft ? -1 : 1;
      } else {
        x = hole.x0 + static_cast<int>(at * (hole.x1 - hole.x0));
        y = side == kTop ? hole.y0 + kInset : hole.y1 - kInset;
        dy = side == kTop ? -1 : 1;
      }
      if (auto p = Probe(mask, gray, x, y, dx, dy, 2 * kInset + 2, g.max_run, g.gap)) {
        found.push_back(p->centre);
        where.push_back(vertical_side ? y : x);
        runs.push_back(p->run);
        inks.push_back(p->ink);
      }
    }
    if (found.empty()) {  // every probe met a blob: assume a plain ruling
      double edge = side == kLeft ? hole.x0 : side == kTop ? hole.y0
                  : side == kRight ? hole.x1 : hole.y1;
      double out = (side == kLeft || side == kTop) ? -1 : 1;
      hole.sep[side] = edge + out * (g.dilate / 2 + 2);
    } else {
      hole.slope[side] = Slope(where, found);
      hole.sep[side] = Median(found);
      hole.ink[side] = Median(inks);
    }
  }
  hole.run = runs.empty() ? g.dilate + 2 : Median(runs);
}

// Step 3: cell candidates of the whole page.
std::vector<Hole> FindHoles(Pix* lines, const Geometry& g) {
  std::vector<Hole> holes;
  PixPtr inverse = Own(pixInvert(nullptr, lines));
  if (!inverse) return holes;
  BOXA* boxa = pixConnCompBB(inverse.get(), 4);
  if (!boxa) return holes;
  int n = boxaGetCount(boxa);
  int w = pixGetWidth(lines), h = pixGetHeight(lines);
  for (int i = 0; i < n && static_cast<int>(holes.size()) < kMaxHoles; ++i) {
    l_int32 bx, by, bw, bh;
    if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0) continue;
    if (bx <= 0 || by <= 0 || bx + bw >= w || by + bh >= h) continue;  // background
    if (bw < g.min_cell || bh < g.min_cell) continue;
    holes.push_back({bx, by, bx + bw - 1, by + bh - 1});
  }
  boxaDestroy(&boxa);
  // A hole that holds another hole's centre is a frame around a table (or a table in a cell's
  // frame); the inner holes are the cells.
  std::vector<bool> frame(holes.size(), false);
  for (size_t i = 0; i < holes.size(); ++i) {
    const Hole& outer = holes[i];
    for (const Hole& inner : holes) {
      if (&inner == &outer) continue;
      double cx = (inner.x0 + inner.x1) / 2.0, cy = (inner.y0 + inner.y1) / 2.0;
      if (cx > outer.x0 && cx < outer.x1 && cy > outer.y0 && cy < outer.y1) {
        frame[i] = true;
        break;
      }
    }
  }
  std::vector<Hole> cells;
  for (size_t i = 0; i < holes.size(); ++i) {
    if (!frame[i]) cells.push_back(holes[i]);
  }
  return cells;
}

// Holes separated by no more than a ruling belong to one table.
std::vector<std::vector<int>> GroupHoles(const std::vector<Hole>& holes, const Geometry& g) {
  std::vector<int> parent(holes.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  int reach = g.max_run + 2;
  std::vector<int> order(holes.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return holes[a].y0 < holes[b].y0; });
  for (size_t i = 0; i < order.size(); ++i) {
    const Hole& a = holes[order[i]];
    for (size_t j = i + 1; j < order.size(); ++j) {
      const Hole& b = holes[order[j]];
      if (b.y0 > a.y1 + reach) break;
      bool touch = b.x0 <= a.x1 + reach && a.x0 <= b.x1 + reach && b.y0 <= a.y1 + reach &&
                   a.y0 <= b.y1 + reach;
      // Touching only at a corner is not enough: the shared side must overlap.
      bool side_x = std::min(a.x1, b.x1) - std::max(a.x0, b.x0) > 0;
      bool side_y = std::min(a.y1, b.y1) - std::max(a.y0, b.y0) > 0;
      if (touch && (side_x || side_y)) parent[find(order[i])] = find(order[j]);
    }
  }
  std::vector<std::vector<int>> groups;
  std::vector<int> group_of(holes.size(), -1);
  for (size_t i = 0; i < holes.size(); ++i) {
    int root = find(static_cast<int>(i));
    if (group_of[root] < 0) {
      group_of[root] = static_cast<int>(groups.size());
      groups.emplace_back();
    }
    groups[group_of[root]].push_back(static_cast<int>(i));
  }
  return groups;
}

struct Separator {
  double pos = 0, lo = 0, hi = 0;  // median and extent of the member ruling centres
};

// Ruling ink lighter than the table's typical ruling by more than this is not a ruling (seal).
constexpr int kLighter = 45;

// Step 4 for one axis: clusters the hole sides' ruling centres (single link) and records each
// side's cluster index.
//
// A seal's ring leaves straight-looking pieces of "ruling" where it runs along a ruling's
// direction, and they can cut a hole in two. In the luminance image seal ink is clearly lighter
// than the table's rulings, so a side whose ruling is lighter than the table's typical one by
// kLighter is left out of a cluster that has dark members, and a cluster of only light sides
// from one split hole (two members) is no separator. The sides left out get cluster -1.
std::vector<Separator> Cluster(std::vector<Hole>& holes, const std::vector<int>& group,
                               int side_a, int side_b, int tol) {
  struct Item {
    double pos;
    int hole, side, ink;
  };
  std::vector<Item> items;
  std::vector<int> inks;
  for (int index : group) {
    for (int side : {side_a, side_b}) {
      items.push_back({holes[index].sep[side], index, side, holes[index].ink[side]});
      inks.push_back(holes[index].ink[side]);
    }
  }
  int typical = Median(inks);
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.pos < b.pos; });
  std::vector<std::pair<size_t, size_t>> ranges;  // [begin, end) of each single-link cluster
  for (size_t i = 0; i < items.size(); ++i) {
    if (i == 0 || items[i].pos - items[i - 1].pos > tol) ranges.push_back({i, i});
    ranges.back().second = i + 1;
  }
  std::vector<Separator> seps;
  for (size_t k = 0; k < ranges.size(); ++k) {
    auto [begin, end] = ranges[k];
    bool any_dark = false;
    for (size_t i = begin; i < end; ++i) any_dark |= items[i].ink <= typical + kLighter;
    bool outer = k == 0 || k + 1 == ranges.size();
    if (!any_dark && !outer && end - begin <= 2) continue;
    std::vector<double> members;
    for (size_t i = begin; i < end; ++i) {
      if (any_dark && items[i].ink > typical + kLighter) continue;
      members.push_back(items[i].pos);
      holes[items[i].hole].cluster[items[i].side] = static_cast<int>(seps.size());
    }
    std::sort(members.begin(), members.end());
    seps.push_back({members[members.size() / 2], members.front(), members.back()});
  }
  return seps;
}

// Like Coverage, but a position along the segment counts only where a ruling stands alone: at
// that position the page's ink under the mask (not a gap that the closings bridged, e.g. between
// two text lines) is one run at most `thick` across, with no other ink within `flank` pixels
// beyond a 2 px halo on either side. A ruling runs between cells, with paper (the cells'
// padding) beside it; a "line" that text strokes formed at the lenient threshold (blurred
// glyphs, or the aligned vertical strokes of glyphs in two text lines) sits among the other
// strokes of its characters.
double CleanCoverage(const Bits& mask, const Bits& ink, bool horizontal, double lo, double hi,
                     double shift, int from, int to, int thick, int flank) {
  if (to < from) std::swap(from, to);
  auto at = [horizontal](const Bits& bits, int along, int across) {
    return horizontal ? bits.At(along, across) : bits.At(across, along);
  };
  constexpr int kHalo = 2;
  int present = 0, total = 0;
  for (int along = from; along <= to; ++along, ++total) {
    int first = static_cast<int>(std::floor(lo + along * shift));
    int last = static_cast<int>(std::ceil(hi + along * shift));
    int r0 = first;
    while (r0 <= last && !(at(mask, along, r0) && at(ink, along, r0))) ++r0;
    if (r0 > last) continue;
    int r1 = r0;
    while (r0 > first - thick && at(ink, along, r0 - 1)) --r0;
    while (r1 < last + thick && at(ink, along, r1 + 1)) ++r1;
    if (r1 - r0 + 1 > thick) continue;  // a blob, not a ruling
    bool crowded = false;
    for (int d = kHalo + 1; d <= kHalo + flank && !crowded; ++d) {
      crowded = at(ink, along, r0 - d) || at(ink, along, r1 + d);
    }
    if (!crowded) ++present;
  }
  return total ? static_cast<double>(present) / total : 0;
}

// The separator index of a hole side: its cluster when it has one, else (cluster −1) by
// position: for a low side (left, top) the last separator at or before `pos`, for a high side
// the first at or after it, `tol` pixels of slack. −1 when there is none.
int SlotOf(const std::vector<Separator>& seps, int cluster, double pos, bool low_side, int tol) {
  if (cluster >= 0) return cluster;
  const int n = static_cast<int>(seps.size());
  if (low_side) {
    for (int i = n - 1; i >= 0; --i) {
      if (seps[i].pos <= pos + tol) return i;
    }
    return -1;
  }
  for (int i = 0; i < n; ++i) {
    if (seps[i].pos >= pos - tol) return i;
  }
  return -1;
}

// The table's skew as tan(angle): median of the holes' ruling slopes (a horizontal ruling
// y = y0 + x·t, a vertical one x = x0 − y·t). Sides are then moved to deskewed coordinates
// x' = x + y·t, y' = y − x·t, where one ruling has one position however long it is.
double Deskew(std::vector<Hole>& holes, const std::vector<int>& group) {
  std::vector<double> slopes;
  for (int index : group) {
    const Hole& hole = holes[index];
    for (int side : {kTop, kBottom}) {
      if (!std::isnan(hole.slope[side])) slopes.push_back(hole.slope[side]);
    }
    for (int side : {kLeft, kRight}) {
      if (!std::isnan(hole.slope[side])) slopes.push_back(-hole.slope[side]);
    }
  }
  if (slopes.empty()) return 0;
  double t = std::clamp(Median(slopes), -0.05, 0.05);  // ±3°: beyond that, not a deskewed page
  for (int index : group) {
    Hole& hole = holes[index];
    double cx = (hole.x0 + hole.x1) / 2.0, cy = (hole.y0 + hole.y1) / 2.0;
    hole.sep[kLeft] += cy * t, hole.sep[kRight] += cy * t;
    hole.sep[kTop] -= cx * t, hole.sep[kBottom] -= cx * t;
  }
  return t;
}

// Step 5 for one table: slots merged where their ruling is absent, then cells. A segment is
// present when `rulings` cover it; failing that, when `lenient` (the rulings at the lenient
// threshold, if `rulings` are the dark-ink ones) cover it with paper on both sides
// (CleanCoverage): on a blurred low-resolution scan thin rulings are mid-gray and only partly
// in the dark-ink mask, yet they still stand alone between the cells.
std::optional<Table> BuildTable(std::vector<Hole>& holes, const std::vector<int>& group,
                                const Rulings& rulings, const Rulings* lenient,
                                const Geometry& g) {
  const double t = Deskew(holes, group);
  std::vector<Separator> cols = Cluster(holes, group, kLeft, kRight, g.tol);
  std::vector<Separator> rows = Cluster(holes, group, kTop, kBottom, g.tol);
  if (cols.size() < 2 || rows.size() < 2) return std::nullopt;

  std::vector<double> runs;
  for (int index : group) runs.push_back(holes[index].run);
  std::nth_element(runs.begin(), runs.begin() + runs.size() / 2, runs.end());
  double half = runs[runs.size() / 2] / 2.0;  // half a (dilated) ruling
  int margin = static_cast<int>(std::ceil(half)) + g.extend + 1;
  // The members already span the ruling's drift (skew); the band only absorbs rounding.
  int band = g.dilate / 2 + 1;

  Bits hmask(rulings.horizontal.get()), vmask(rulings.vertical.get());
  const Rulings& alone = lenient ? *lenient : rulings;
  Bits alone_h(alone.horizontal.get()), alone_v(alone.vertical.get()), ink(alone.binary.get());
  const int thick = static_cast<int>(std::ceil(2 * half));  // a (dilated) ruling's width
  // Does the ruling on separator `sep` exist between separators a and b of the other axis?
  // In page pixels a vertical ruling at x' runs along x = x' − y·t, a horizontal one at y'
  // along y = y' + x·t; the segment's ends are the other axis' separators seen at this ruling.
  auto present = [&](const Separator& sep, const Separator& a, const Separator& b, bool horiz) {
    double shift = horiz ? t : -t;
    double end_shift = horiz ? -sep.pos * t : sep.pos * t;
    int from = static_cast<int>(a.hi + end_shift) + margin;
    int to = static_cast<int>(b.lo + end_shift) - margin;
    if (to < from) from = to = static_cast<int>((a.pos + b.pos) / 2 + end_shift);
    if (Coverage(horiz ? hmask : vmask, horiz, sep.lo - band, sep.hi + band, shift, from, to) >=
        kMinRulingCoverage) {
      return true;
    }
    // A dashed ruling (its dashes regular, DashedRulings) is one even where the darker pass
    // lost its dashes and its ink, gaps and all, covers too little for CleanCoverage.
    if (Pix* dashed = horiz ? alone.dashed_horizontal.get() : alone.dashed_vertical.get();
        dashed != nullptr && Coverage(Bits(dashed), horiz, sep.lo - band, sep.hi + band, shift,
                                      from, to) >= kMinRulingCoverage) {
      return true;
    }
    return lenient && CleanCoverage(horiz ? alone_h : alone_v, ink, horiz, sep.lo - band,
                                    sep.hi + band, shift, from, to, thick,
                                    g.flank) >= kMinRulingCoverage;
  };

  // Which ruling segments exist: right[r][c] between slots (r,c) and (r,c+1), below[r][c]
  // between (r,c) and (r+1,c). An inner separator with no segment at all separates nothing
  // (it came from a hole inside a cell, e.g. text that closed a loop): it is dropped and the
  // segments are measured again on the coarser grid.
  int nrows = 0, ncols = 0;
  std::vector<std::vector<bool>> right, below;
  for (int pass = 0; pass < 4; ++pass) {
    nrows = static_cast<int>(rows.size()) - 1, ncols = static_cast<int>(cols.size()) - 1;
    right.assign(nrows, std::vector<bool>(ncols, false));
    below.assign(nrows, std::vector<bool>(ncols, false));
    std::vector<bool> col_used(ncols + 1, false), row_used(nrows + 1, false);
    for (int r = 0; r < nrows; ++r) {
      for (int c = 0; c < ncols; ++c) {
        if (c + 1 < ncols && present(cols[c + 1], rows[r], rows[r + 1], false)) {
          right[r][c] = col_used[c + 1] = true;
        }
        if (r + 1 < nrows && present(rows[r + 1], cols[c], cols[c + 1], true)) {
          below[r][c] = row_used[r + 1] = true;
        }
      }
    }
    col_used.front() = col_used.back() = row_used.front() = row_used.back() = true;
    auto prune = [&](std::vector<Separator>& seps, const std::vector<bool>& used, int side_a,
                     int side_b) {
      std::vector<int> remap(seps.size(), -1);
      std::vector<Separator> kept;
      for (size_t i = 0; i < seps.size(); ++i) {
        if (!used[i]) continue;
        remap[i] = static_cast<int>(kept.size());
        kept.push_back(seps[i]);
      }
      for (int index : group) {
        for (int side : {side_a, side_b}) {
          int& cluster = holes[index].cluster[side];
          if (cluster >= 0) cluster = remap[cluster];
        }
      }
      bool changed = kept.size() != seps.size();
      seps = std::move(kept);
      return changed;
    };
    bool changed = prune(cols, col_used, kLeft, kRight);
    changed |= prune(rows, row_used, kTop, kBottom);
    if (!changed) break;
  }

  int slots = nrows * ncols;
  std::vector<int> parent(slots);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (int r = 0; r < nrows; ++r) {
    for (int c = 0; c < ncols; ++c) {
      if (c + 1 < ncols && !right[r][c]) parent[find(r * ncols + c)] = find(r * ncols + c + 1);
      if (r + 1 < nrows && !below[r][c]) parent[find(r * ncols + c)] = find((r + 1) * ncols + c);
    }
  }

  // Each merged group should be a rectangle; one that is not (a ruling piece missing in the
  // middle of a grid) is cut into rectangles greedily, so every slot is still covered once.
  std::vector<int> owner(slots, -1);  // slot → cell index
  Table table;
  table.rows = nrows;
  table.cols = ncols;
  for (int r = 0; r < nrows; ++r) {
    for (int c = 0; c < ncols; ++c) {
      if (owner[r * ncols + c] >= 0) continue;
      int root = find(r * ncols + c);
      auto same = [&](int rr, int cc) {
        return owner[rr * ncols + cc] < 0 && find(rr * ncols + cc) == root;
      };
      int cs = 1;
      while (c + cs < ncols && same(r, c + cs)) ++cs;
      int rs = 1;
      while (r + rs < nrows) {
        bool full = true;
        for (int k = 0; k < cs && full; ++k) full = same(r + rs, c + k);
        if (!full) break;
        ++rs;
      }
      Cell cell;
      cell.row = r, cell.col = c, cell.rowspan = rs, cell.colspan = cs;
      for (int rr = r; rr < r + rs; ++rr) {
        for (int cc = c; cc < c + cs; ++cc) owner[rr * ncols + cc] = table.cells.size();
      }
      table.cells.push_back(std::move(cell));
    }
  }

  // Boxes: the union of the holes lying inside the cell (exact even on a skewed page), else
  // the separators minus half a ruling. A hole side that belongs to no separator (a text
  // stroke or a seal's ring that cut a spanning cell's hole, or a dropped separator) is placed
  // by its position: inside the cell, on the nearest separator outward. Skipping such holes
  // instead cut a colspan's box short at the first stroke that split it (a 200 dpi scan read
  // only the first glyph of a colspan-8 project name).
  double grow = (g.dilate - 1) / 2.0;
  std::vector<Box> from_holes(table.cells.size());
  for (int index : group) {
    const Hole& hole = holes[index];
    int c0 = SlotOf(cols, hole.cluster[kLeft], hole.sep[kLeft], true, g.tol);
    int c1 = SlotOf(cols, hole.cluster[kRight], hole.sep[kRight], false, g.tol) - 1;
    int r0 = SlotOf(rows, hole.cluster[kTop], hole.sep[kTop], true, g.tol);
    int r1 = SlotOf(rows, hole.cluster[kBottom], hole.sep[kBottom], false, g.tol) - 1;
    if (c0 < 0 || r0 < 0 || c1 < c0 || r1 < r0 || c1 >= ncols || r1 >= nrows) continue;
    int cell = owner[r0 * ncols + c0];
    if (owner[r1 * ncols + c1] != cell) continue;
    const Cell& target = table.cells[cell];
    if (r1 >= target.row + target.rowspan || c1 >= target.col + target.colspan) continue;
    Box box{hole.x0 - grow, hole.y0 - grow, hole.x1 + 1 + grow, hole.y1 + 1 + grow};
    from_holes[cell] = from_holes[cell].Union(box);
  }
  // The holes must fill the cell's span: when part of it is missing (a piece of the hole
  // that could not be placed, or none at all), the separators give the box.
  double inner = std::max(1.0, half - grow);
  for (size_t i = 0; i < table.cells.size(); ++i) {
    Cell& cell = table.cells[i];
    // Back from deskewed coordinates at the cell's centre.
    double cx = (cols[cell.col].pos + cols[cell.col + cell.colspan].pos) / 2;
    double cy = (rows[cell.row].pos + rows[cell.row + cell.rowspan].pos) / 2;
    double dx = -cy * t, dy = cx * t;
    const Box by_separators = {cols[cell.col].pos + dx + inner, rows[cell.row].pos + dy + inner,
                               cols[cell.col + cell.colspan].pos + dx - inner + 1,
                               rows[cell.row + cell.rowspan].pos + dy - inner + 1};
    const Box& holes_box = from_holes[i];
    const bool filled =
        !holes_box.empty() &&
        holes_box.x1 - holes_box.x0 >= kMinHoleFill * (by_separators.x1 - by_separators.x0) &&
        holes_box.y1 - holes_box.y0 >= kMinHoleFill * (by_separators.y1 - by_separators.y0);
    cell.box = filled ? holes_box : by_separators;
  }
  // The outer rulings: around every cell (on a skewed page, the cells' extremes).
  double outer = half - grow + 1;
  for (const Cell& cell : table.cells) table.box = table.box.Union(cell.box);
  table.box = {table.box.x0 - outer, table.box.y0 - outer, table.box.x1 + outer,
               table.box.y1 + outer};
  return table;
}

// The pieces of the horizontal rulings mask at least kMinLooseRuleInches long (at `dpi`, the
// working resolution) that no table of `tables` (in page pixels) holds, in page pixels, top to
// bottom.
std::vector<Box> LooseRules(Pix* horizontal, const std::vector<Table>& tables, double dpi,
                            int reduction, const Geometry& g) {
  std::vector<Box> rules;
  BOXA* boxa = pixConnCompBB(horizontal, 8);
  for (int i = 0; boxa != nullptr && i < boxaGetCount(boxa); ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) != 0) continue;
    if (w < kMinLooseRuleInches * dpi || h > g.max_run) continue;
    const Box rule = Box{double(x), double(y), double(x + w), double(y + h)}.Scaled(reduction);
    const bool held = std::ranges::any_of(tables, [&](const Table& table) {
      const double tol = g.tol * reduction;
      return rule.cy() >= table.box.y0 - tol && rule.cy() <= table.box.y1 + tol &&
             rule.Intersect(table.box).width() > rule.width() / 2;
    });
    if (!held) rules.push_back(rule);
  }
  boxaDestroy(&boxa);
  std::ranges::sort(rules, [](const Box& a, const Box& b) { return a.y0 < b.y0; });
  return rules;
}

// The tables of `page_gray` (the page `reduction` times smaller, at `dpi`) whose rulings are
// ink under `threshold`; `loose_rules` as FindTables.
std::vector<Table> TablesAt(Pix* page_gray, int threshold, double dpi, int reduction,
                            const Geometry& g, const LayoutOptions& options, int page_number,
                            std::vector<Box>* loose_rules) {
  std::vector<Table> tables;
  PixPtr unshaded = WithoutShading(page_gray, threshold, dpi);
  Pix* gray = unshaded ? unshaded.get() : page_gray;
  std::optional<Rulings> rulings = FindRulings(gray, threshold, g);
  if (!rulings) return tables;
  std::vector<Hole> holes = FindHoles(rulings->lines.get(), g);
  Bits mask(rulings->lines.get());
  Gray gray_pixels(gray);
  for (Hole& hole : holes) ProbeSides(mask, gray_pixels, g, hole);
  if (holes.empty()) {
    if (loose_rules) *loose_rules = LooseRules(rulings->horizontal.get(), tables, dpi, reduction, g);
    return tables;
  }

  // Spans are decided on rulings found again from dark ink only, when the rulings are much
  // darker than the ink threshold: a seal ring's straight-looking pieces (mid-gray) then leave
  // no "ruling" between two slots that a colspan joins, and the strokes of blurred text that
  // the lenient threshold merged into "lines" mostly fall apart. (Measured on the sample scans:
  // without this pass a 200 dpi page got 13–21 columns instead of 9.) Rulings lighter than
  // that, the lenient ones, are the fallback in BuildTable (CleanCoverage).
  std::vector<int> inks;
  for (const Hole& hole : holes) inks.insert(inks.end(), hole.ink, hole.ink + 4);
  int dark = Median(inks) + kLighter + 1;
  std::optional<Rulings> dark_rulings;
  if (dark < threshold - 10) dark_rulings = FindRulings(gray, dark, g);
  const Rulings& span_rulings = dark_rulings ? *dark_rulings : *rulings;

  for (const std::vector<int>& group : GroupHoles(holes, g)) {
    if (group.size() < 2) continue;  // a lone box
    std::optional<Table> table =
        BuildTable(holes, group, span_rulings, dark_rulings ? &*rulings : nullptr, g);
    if (!table || static_cast<int>(table->cells.size()) < options.min_cells) continue;
    table->page = page_number;
    if (reduction > 1) {
      table->box = table->box.Scaled(reduction);
      for (Cell& cell : table->cells) cell.box = cell.box.Scaled(reduction);
    }
    tables.push_back(std::move(*table));
  }
  std::sort(tables.begin(), tables.end(), [](const Table& a, const Table& b) {
    return a.box.y0 != b.box.y0 ? a.box.y0 < b.box.y0 : a.box.x0 < b.box.x0;
  });
  if (loose_rules) *loose_rules = LooseRules(rulings->horizontal.get(), tables, dpi, reduction, g);
  return tables;
}

}  // namespace

std::vector<Table> FindTables(const Page& page, const LayoutOptions& options,
                              std::vector<Box>* loose_rules) {
  std::vector<Table> tables;
  if (loose_rules) loose_rules->clear();
  if (!page.gray) return tables;
  int width = pixGetWidth(page.gray.get()), height = pixGetHeight(page.gray.get());
  if (width < 16 || height < 16) return tables;
  PixPtr gray = ToGray8(page.gray.get());
  if (!gray) return tables;
  if (PixPtr cleaned = WithoutRedInk(gray.get(), page.color.get())) gray = std::move(cleaned);

  // Without a resolution, assume the long side is A4's 11.69 in.
  double dpi = page.dpi > 0 ? page.dpi : std::max(width, height) / 11.69;
  dpi = std::clamp(dpi, 50.0, 1200.0);
  int reduction = 1;
  while (static_cast<double>(width) * height / (reduction * reduction) > kMaxWorkPixels) {
    ++reduction;
  }
  if (reduction > 1) {
    gray = Own(pixScaleGrayMinMax(gray.get(), reduction, reduction, L_CHOOSE_MIN));
    if (!gray) return tables;
    dpi /= reduction;
  }

  const Geometry g = GeometryFor(dpi, options);
  const int threshold = InkThreshold(gray.get());
  tables = TablesAt(gray.get(), threshold, dpi, reduction, g, options, page.number, loose_rules);
  // Rulings printed light (a spreadsheet's gridlines at 80-90 % gray) are paper at that
  // threshold; a page without tables is looked at again with them as ink.
  if (tables.empty() && threshold < kLightRulingInk) {
    tables = TablesAt(gray.get(), kLightRulingInk, dpi, reduction, g, options, page.number,
                      loose_rules);
  }
  return tables;
}

}  // namespace jixiao
