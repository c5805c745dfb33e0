// Ingest: a file on disk → pages of the common page model (common/page.h), one at a time.
//
// In:  a path. PDFs are read with Poppler: each page's text layer gives words with boxes
//      (points scaled to the render dpi) and the page is rendered to 8-bit gray for layout.
//      A page whose text layer is missing or garbage gets source = kNone: it needs OCR.
//      Images (PNG, JPEG, TIFF incl. multi-page and 1-bit G4) are read with Leptonica and
//      prepared for OCR (deskew, background normalization, red-seal removal).
// Out: a DocumentReader that hands out pages one by one (memory stays bounded by one page),
//      or an Error with a stable code: EMPTY_FILE, NOT_FOUND, UNSUPPORTED_TYPE, CORRUPT_PDF,
//      ENCRYPTED_PDF, NO_PAGES, TOO_MANY_PAGES, IMAGE_TOO_LARGE, CORRUPT_IMAGE.
// The file type is decided by its first bytes, never by its extension.
#ifndef JIXIAO_INGEST_INGEST_H_
#define JIXIAO_INGEST_INGEST_H_

#include <cstdint>
#include <memory>
#include <string>

#include "common/page.h"

namespace jixiao {

struct IngestOptions {
  double render_dpi = 200;              // born-digital pages are rendered at this resolution
  int max_pages = 2000;                 // a document with more is refused (TOO_MANY_PAGES)
  int64_t max_pixels = 200'000'000;     // per page, after rendering or decoding
  std::string password;                 // for encrypted PDFs
};

enum class FileKind { kUnknown, kPdf, kPng, kJpeg, kTiff };

// Sniffs the first bytes of `path`.
FileKind SniffFile(const std::string& path);

class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  virtual int page_count() const = 0;
  // Page `index` (0-based) with gray image and, for a text layer, its words.
  virtual Result<Page> LoadPage(int index) = 0;
};

// Opens `path` (PDF or image) for reading pages.
Result<std::unique_ptr<DocumentReader>> OpenDocument(const std::string& path,
                                                     const IngestOptions& options = {});

// SHA-256 of the file's bytes as lowercase hex.
Result<std::string> Sha256File(const std::string& path);

// Image files (ingest/image.cc): a DocumentReader over the pages of a PNG/JPEG/TIFF.
Result<std::unique_ptr<DocumentReader>> OpenImage(const std::string& path,
                                                  const IngestOptions& options);

// PDF files (ingest/pdf.cc).
Result<std::unique_ptr<DocumentReader>> OpenPdf(const std::string& path,
                                                const IngestOptions& options);

}  // namespace jixiao

#endif  // JIXIAO_INGEST_INGEST_H_
