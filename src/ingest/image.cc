// Image files (PNG, JPEG, TIFF incl. multi-page and 1-bit CCITT G4) read with Leptonica.
//
// Opening reads only headers: the format (by magic bytes), the page count and the first
// page's declared size. Each LoadPage decodes one page, after checking that page's declared
// size against max_pixels, so a decompression bomb is refused before any pixel is inflated
// and memory stays bounded by one page.
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "ingest/ingest.h"
#include "ingest/prepare.h"

namespace jixiao {
namespace {

struct PageHeader {
  int width = 0, height = 0;
};

class ImageReader : public DocumentReader {
 public:
  ImageReader(std::string path, int format, int page_count, const IngestOptions& options)
      : path_(std::move(path)), format_(format), page_count_(page_count), options_(options) {}

  int page_count() const override { return page_count_; }

  Result<Page> LoadPage(int index) override {
    if (index < 0 || index >= page_count_) {
      return Fail("NO_PAGES", path_ + ": no page " + std::to_string(index + 1) + " of " +
                                  std::to_string(page_count_));
    }
    Result<PageHeader> header = ReadHeader(path_, format_, index);
    if (!header) return std::unexpected(header.error());
    if (auto too_large = CheckSize(*header, index)) return std::unexpected(*too_large);

    PixPtr pix(L_FORMAT_IS_TIFF(format_) ? pixReadTiff(path_.c_str(), index)
                                         : pixRead(path_.c_str()));
    if (pix == nullptr) {
      return Fail("CORRUPT_IMAGE", path_ + ": page " + std::to_string(index + 1) +
                                       " could not be decoded");
    }
    const double dpi = pixGetXRes(pix.get());
    Result<Page> page = PrepareScan(std::move(pix), index + 1, dpi, options_);
    if (page) page->source = TextSource::kNone;
    return page;
  }

  // Declared size of page `index`, read without decoding pixels.
  static Result<PageHeader> ReadHeader(const std::string& path, int format, int index) {
    PageHeader header;
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, fmt = 0;
    const bool ok = L_FORMAT_IS_TIFF(format)
                        ? readHeaderTiff(path.c_str(), index, &w, &h, &bps, &spp, &res, &cmap,
                                         &fmt) == 0
                        : pixReadHeader(path.c_str(), &fmt, &w, &h, &bps, &spp, &cmap) == 0;
    if (!ok || w <= 0 || h <= 0) {
      return Fail("CORRUPT_IMAGE", path + ": page " + std::to_string(index + 1) +
                                       " has no readable image header");
    }
    header.width = w;
    header.height = h;
    return header;
  }

  std::optional<Error> CheckSize(const PageHeader& header, int index) const {
    if (static_cast<int64_t>(header.width) * header.height <= options_.max_pixels) {
      return std::nullopt;
    }
    return Error{"IMAGE_TOO_LARGE",
                 path_ + ": page " + std::to_string(index + 1) + " declares " +
                     std::to_string(header.width) + "x" + std::to_string(header.height) +
                     " pixels; the limit is " + std::to_string(options_.max_pixels)};
  }

 private:
  std::string path_;
  int format_;
  int page_count_;
  IngestOptions options_;
};

// The image format by magic bytes alone. (Leptonica's findFileFormat also opens a TIFF to
// learn its compression, and calls a damaged TIFF "unknown" instead of corrupt.)
int SniffFormat(const std::string& path) {
  unsigned char magic[8] = {};
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return IFF_UNKNOWN;
  const size_t n = std::fread(magic, 1, sizeof magic, file);
  std::fclose(file);
  static const unsigned char kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (n >= 8 && std::memcmp(magic, kPng, 8) == 0) return IFF_PNG;
  if (n >= 3 && magic[0] == 0xff && magic[1] == 0xd8 && magic[2] == 0xff) return IFF_JFIF_JPEG;
  if (n >= 4 && ((magic[0] == 'I' && magic[1] == 'I' && magic[2] == 42 && magic[3] == 0) ||
                 (magic[0] == 'M' && magic[1] == 'M' && magic[2] == 0 && magic[3] == 42))) {
    return IFF_TIFF;
  }
  return IFF_UNKNOWN;
}

// Number of pages (directories) of a TIFF, or 0 when libtiff cannot walk them.
int TiffPageCount(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return 0;
  l_int32 count = 0;
  if (tiffGetCount(file, &count) != 0) count = 0;
  std::fclose(file);
  return count;
}

}  // namespace

Result<std::unique_ptr<DocumentReader>> OpenImage(const std::string& path,
                                                  const IngestOptions& options) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return Fail("NOT_FOUND", path + ": no such file");
  if (st.st_size == 0) return Fail("EMPTY_FILE", path + ": the file is empty");

  const int format = SniffFormat(path);
  if (format == IFF_UNKNOWN) {
    return Fail("UNSUPPORTED_TYPE", path + ": not a PNG, JPEG or TIFF image");
  }

  int page_count = 1;
  if (L_FORMAT_IS_TIFF(format)) {
    page_count = TiffPageCount(path);
    if (page_count <= 0) return Fail("CORRUPT_IMAGE", path + ": unreadable TIFF directory");
    if (page_count > options.max_pages) {
      return Fail("TOO_MANY_PAGES", path + " has " + std::to_string(page_count) +
                                        " pages; the limit is " +
                                        std::to_string(options.max_pages));
    }
  }
  auto reader = std::make_unique<ImageReader>(path, format, page_count, options);
  // A file whose first header is unreadable is corrupt; refuse it now rather than per page.
  Result<PageHeader> first = ImageReader::ReadHeader(path, format, 0);
  if (!first) return std::unexpected(first.error());
  return std::unique_ptr<DocumentReader>(std::move(reader));
}

}  // namespace jixiao
