// The PDF adapter: the only file that includes Poppler.
//
// A page with a usable text layer gives words (one per glyph, so a word never straddles a cell
// border) and a gray rendering for layout. A page without one — no text, or a layer whose
// characters are implausible for a Chinese government form (broken ToUnicode maps decode to
// kana, math symbols, private-use or replacement characters) — is rendered in colour and
// prepared like a scan (ingest/prepare.h), with source = kNone so the caller OCRs it.
#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

#include "ingest/ingest.h"
#include "ingest/prepare.h"

namespace jixiao {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}

// The least resolution a page is rendered at (10 pt text is then about 14 px tall).
constexpr double kMinRenderDpi = 100;

// Share of characters one expects in a Chinese form. OCR-NOTES §4.4: below 0.8 the layer is
// garbage even when it contains no U+FFFD.
bool Plausible(UChar32 c) {
  if (c < 0x80) return c >= 0x20 || c == '\t';
  if (c >= 0x4E00 && c <= 0x9FFF) return true;             // CJK unified ideographs
  if (c >= 0x3000 && c <= 0x303F) return true;             // CJK punctuation
  if (c >= 0xFF00 && c <= 0xFFEF) return c != 0xFFFD;      // full-width forms
  if (c >= 0x2010 && c <= 0x2027) return true;             // dashes, quotes, ellipsis
  switch (c) {
    case 0x00B7: case 0x00D7: case 0x2103: case 0x2116: case 0x2160: case 0x2161:
    case 0x2264: case 0x2265: case 0x2266: case 0x2267: case 0x2A7D: case 0x2A7E:
    case 0x00B2: case 0x00B3: case 0x25CB: case 0x25A1: case 0x2460: case 0x2461:
      return true;
    default:
      return false;
  }
}

double PlausibleShare(const std::vector<Word>& words) {
  int total = 0, good = 0;
  for (const Word& w : words) {
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(w.text);
    for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
      UChar32 c = s.char32At(i);
      if (u_isUWhiteSpace(c)) continue;
      ++total;
      good += Plausible(c);
    }
  }
  return total == 0 ? 0 : static_cast<double>(good) / total;
}

// Converts a rendered poppler image to a Leptonica Pix: gray8 → 8 bpp, argb32 → 32 bpp RGB.
PixPtr ToPix(const poppler::image& img) {
  const int w = img.width(), h = img.height();
  const bool gray = img.format() == poppler::image::format_gray8;
  PixPtr pix(pixCreate(w, h, gray ? 8 : 32));
  if (!pix) return nullptr;
  const char* data = img.const_data();
  for (int y = 0; y < h; ++y) {
    const unsigned char* src = reinterpret_cast<const unsigned char*>(data + y * img.bytes_per_row());
    l_uint32* line = pixGetData(pix.get()) + y * pixGetWpl(pix.get());
    for (int x = 0; x < w; ++x) {
      if (gray) {
        SET_DATA_BYTE(line, x, src[x]);
      } else {  // BGRA in memory on little-endian
        composeRGBPixel(src[4 * x + 2], src[4 * x + 1], src[4 * x], line + x);
      }
    }
  }
  return pix;
}

// Splits poppler's text boxes into one Word per glyph, in page pixels. `turns` gets the
// quarter turns clockwise that make most of the text upright (poppler's text direction: 1
// runs top to bottom, 3 bottom to top): a wide table set sideways on an upright page, or a
// page whose /Rotate shows its text sideways.
std::vector<Word> WordsOf(const poppler::page& page, double scale, int* turns) {
  std::vector<Word> words;
  std::array<size_t, 4> glyphs_by_direction{};
  for (const poppler::text_box& box : page.text_list()) {
    poppler::byte_array bytes = box.text().to_utf8();
    std::string utf8(bytes.begin(), bytes.end());
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
    std::vector<std::string> glyphs;
    for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
      std::string g;
      icu::UnicodeString(s.char32At(i)).toUTF8String(g);
      glyphs.push_back(g);
    }
    glyphs_by_direction[std::clamp(box.rotation(), 0, 3)] += glyphs.size();
    // Per-glyph boxes when poppler gives one for every character; else the whole box.
    bool per_glyph = !glyphs.empty();
    for (size_t i = 0; per_glyph && i < glyphs.size(); ++i) {
      poppler::rectf r = box.char_bbox(i);
      per_glyph = r.width() > 0 || r.height() > 0;
    }
    auto to_box = [scale](const poppler::rectf& r) {
      return Box{r.left() * scale, r.top() * scale, r.right() * scale, r.bottom() * scale};
    };
    if (!per_glyph) {
      words.push_back({utf8, to_box(box.bbox()), 1.0, box.has_space_after()});
      continue;
    }
    for (size_t i = 0; i < glyphs.size(); ++i) {
      const bool last = i + 1 == glyphs.size();
      words.push_back({glyphs[i], to_box(box.char_bbox(i)), 1.0, last && box.has_space_after()});
    }
  }
  const int direction = static_cast<int>(std::ranges::max_element(glyphs_by_direction) -
                                         glyphs_by_direction.begin());
  *turns = (4 - direction) % 4;
  return words;
}

class PdfReader : public DocumentReader {
 public:
  PdfReader(std::unique_ptr<poppler::document> doc, IngestOptions options)
      : doc_(std::move(doc)), options_(std::move(options)) {}

  int page_count() const override { return doc_->pages(); }

  Result<Page> LoadPage(int index) override {
    std::unique_ptr<poppler::page> page(doc_->create_page(index));
    if (!page) return Fail("CORRUPT_PDF", "page " + std::to_string(index + 1) + " cannot be read");
    const poppler::rectf rect = page->page_rect(poppler::media_box);
    if (!(rect.width() > 1 && rect.height() > 1)) {
      return Fail("CORRUPT_PDF", "page " + std::to_string(index + 1) + " has no size");
    }
    int turns = 0;
    std::vector<Word> words = WordsOf(*page, 1.0, &turns);
    const bool has_text = !words.empty() && PlausibleShare(words) >= 0.8;

    // Resolution: the requested one, lowered for oversized pages so the pixels stay bounded,
    // but not below kMinRenderDpi: coarser than that, rulings and glyphs blur beyond what
    // layout and OCR can read, so such a page is refused rather than read as noise.
    double dpi = options_.render_dpi;
    const double area_in2 = rect.width() * rect.height() / (72.0 * 72.0);
    if (area_in2 * dpi * dpi > static_cast<double>(options_.max_pixels)) {
      dpi = std::floor(std::sqrt(options_.max_pixels / area_in2));
      if (dpi < std::min(kMinRenderDpi, options_.render_dpi)) {
        return Fail("PAGE_TOO_LARGE", "page " + std::to_string(index + 1) + " is " +
                                          std::to_string(int(rect.width())) + "x" +
                                          std::to_string(int(rect.height())) +
                                          " pt: too large to render at a readable resolution "
                                          "within --max-pixels " +
                                          std::to_string(options_.max_pixels));
      }
    }
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(has_text ? poppler::image::format_gray8
                                       : poppler::image::format_argb32);
    poppler::image img = renderer.render_page(page.get(), dpi, dpi);
    if (!img.is_valid()) {
      return Fail("CORRUPT_PDF", "page " + std::to_string(index + 1) + " cannot be rendered");
    }
    PixPtr pix = ToPix(img);
    if (!pix) return Fail("OUT_OF_MEMORY", "page " + std::to_string(index + 1));
    pixSetResolution(pix.get(), static_cast<int>(dpi), static_cast<int>(dpi));

    if (!has_text) return PrepareScan(std::move(pix), index + 1, dpi, options_);

    Page out;
    out.number = index + 1;
    out.dpi = dpi;
    out.width = pixGetWidth(pix.get());
    out.height = pixGetHeight(pix.get());
    out.gray = std::move(pix);
    out.source = TextSource::kTextLayer;
    const double scale = dpi / 72.0;
    for (Word& w : words) {
      w.box = {w.box.x0 * scale, w.box.y0 * scale, w.box.x1 * scale, w.box.y1 * scale};
    }
    out.words = std::move(words);
    TurnPage(out, turns);
    return out;
  }

 private:
  std::unique_ptr<poppler::document> doc_;
  IngestOptions options_;
};

}  // namespace

Result<std::unique_ptr<DocumentReader>> OpenPdf(const std::string& path,
                                                const IngestOptions& options) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_file(path, options.password, options.password));
  if (!doc) return Fail("CORRUPT_PDF", "Poppler cannot parse this PDF (truncated or damaged)");
  if (doc->is_locked()) {
    return Fail("ENCRYPTED_PDF", options.password.empty()
                                     ? "the PDF is encrypted; pass --password"
                                     : "the PDF is encrypted and the password does not open it");
  }
  if (doc->pages() <= 0) return Fail("NO_PAGES", "the PDF has no pages");
  if (doc->pages() > options.max_pages) {
    return Fail("TOO_MANY_PAGES", "the PDF has " + std::to_string(doc->pages()) +
                                      " pages; the limit is " + std::to_string(options.max_pages) +
                                      " (--max-pages)");
  }
  return std::unique_ptr<DocumentReader>(new PdfReader(std::move(doc), options));
}

}  // namespace jixiao
