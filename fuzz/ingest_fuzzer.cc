// Fuzz target: document ingestion (content sniffing, the PDF adapter over Poppler, the image
// adapter over Leptonica, scan preparation) on any bytes written to a file.
// Limits are small so that one input stays fast: 4 pages, 4 Mpixels, 72 dpi.
// Oracle: no crash or sanitizer report; an error carries a non-empty code and message; a
// page carries a gray image of its stated size.
#include <leptonica/allheaders.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_util.h"
#include "ingest/ingest.h"

using namespace jixiao;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setMsgSeverity(L_SEVERITY_NONE);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/jixiao-ingest-fuzz-" +
           std::to_string(::getpid());
  }();
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);

  IngestOptions options;
  options.render_dpi = 72;
  options.max_pages = 4;
  options.max_pixels = 4'000'000;
  (void)SniffFile(path);
  auto reader = OpenDocument(path, options);
  if (!reader) {
    JIXIAO_FUZZ_CHECK(!reader.error().code.empty() && !reader.error().message.empty());
  } else {
    const int pages = (*reader)->page_count();
    JIXIAO_FUZZ_CHECK(pages >= 1 && pages <= options.max_pages);
    for (int i = 0; i < pages; ++i) {
      Result<Page> page = (*reader)->LoadPage(i);
      if (!page) {
        JIXIAO_FUZZ_CHECK(!page.error().code.empty());
        continue;
      }
      JIXIAO_FUZZ_CHECK(page->gray != nullptr && page->width > 0 && page->height > 0);
      JIXIAO_FUZZ_CHECK(int64_t(page->width) * page->height <= options.max_pixels * 2);
      JIXIAO_FUZZ_CHECK(page->number == i + 1 && page->dpi > 0);
    }
  }
  std::remove(path.c_str());
  return 0;
}
