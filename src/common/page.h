// The page model every stage shares, whatever the text came from.
//
// A page is an image (8-bit gray, and for scans also the original colour) plus words with
// boxes. Coordinates are pixels of that image, origin top-left, at `dpi`. A born-digital
// page gets its words from the PDF text layer (points scaled to pixels); a scanned page gets
// them from OCR. Layout and mapping never ask which: they read `words` and `image`.
//
// Errors cross stage boundaries as values: Result<T> holds either a T or an Error whose
// `code` is one of the stable codes of SPEC.md's error objects (EMPTY_FILE, NOT_A_PDF, …).
#ifndef JIXIAO_COMMON_PAGE_H_
#define JIXIAO_COMMON_PAGE_H_

#include <algorithm>
#include <expected>
#include <memory>
#include <string>
#include <vector>

struct Pix;  // Leptonica's image; only adapters include <leptonica/allheaders.h>.

namespace jixiao {

struct Error {
  std::string code;     // stable, upper snake case: "ENCRYPTED_PDF"
  std::string message;  // for a person: what was wrong and with what
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> Fail(std::string code, std::string message) {
  return std::unexpected<Error>(Error{std::move(code), std::move(message)});
}

struct PixDeleter {
  void operator()(Pix* pix) const;  // pixDestroy
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
  double area() const { return std::max(0.0, width()) * std::max(0.0, height()); }
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  // The box with every coordinate times `factor` (the same page at another resolution).
  Box Scaled(double factor) const { return {x0 * factor, y0 * factor, x1 * factor, y1 * factor}; }
  bool Contains(double x, double y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
  Box Intersect(const Box& o) const {
    return {std::max(x0, o.x0), std::max(y0, o.y0), std::min(x1, o.x1), std::min(y1, o.y1)};
  }
  // The box on its page turned `quarter_turns` × 90° clockwise, the page being `width` ×
  // `height` before the turn.
  Box Turned(int quarter_turns, double width, double height) const {
    switch (((quarter_turns % 4) + 4) % 4) {
      case 1: return {height - y1, x0, height - y0, x1};
      case 2: return {width - x1, height - y1, width - x0, height - y0};
      case 3: return {y0, width - x1, y1, width - x0};
      default: return *this;
    }
  }
  Box Union(const Box& o) const {
    if (empty()) return o;
    if (o.empty()) return *this;
    return {std::min(x0, o.x0), std::min(y0, o.y0), std::max(x1, o.x1), std::max(y1, o.y1)};
  }
};

struct Word {
  std::string text;         // UTF-8 as read, not yet normalized
  Box box;                  // page pixels
  double confidence = 1.0;  // 0..1; 1 for a text layer
  bool space_after = false; // the source put a space after this word
};

enum class TextSource { kNone, kTextLayer, kOcr };

struct Page {
  int number = 0;      // 1-based page number in its file
  double dpi = 0;      // of `gray` (and of every box on the page)
  int width = 0;       // pixels
  int height = 0;
  PixPtr gray;         // 8 bpp, deskewed; what layout reads
  PixPtr color;        // 32 bpp original for scans (seal removal, OCR); may be null
  // The scan was decoded from a 1-bit image (fax/G4 TIFF): its strokes are hard-edged and,
  // at low dpi, thin. Deskewing makes `gray` 8 bpp, so this is the only trace of it. The OCR
  // stage reads it: from 250 dpi the recognizer gets a lightly smoothed copy (thickening the
  // strokes was measured and lost more than it won). False for born-digital pages and 8/24-bit
  // scans.
  bool bilevel = false;
  TextSource source = TextSource::kNone;
  std::vector<Word> words;  // empty until a text source filled it
};

}  // namespace jixiao

#endif  // JIXIAO_COMMON_PAGE_H_
