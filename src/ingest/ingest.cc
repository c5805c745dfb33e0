// Dispatch by content, file hashing.
#include "ingest/ingest.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace jixiao {

FileKind SniffFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, 1024> head{};
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  const size_t n = static_cast<size_t>(in.gcount());
  auto starts = [&](const char* magic, size_t len) {
    return n >= len && std::memcmp(head.data(), magic, len) == 0;
  };
  if (starts("\x89PNG\r\n\x1a\n", 8)) return FileKind::kPng;
  if (starts("\xff\xd8\xff", 3)) return FileKind::kJpeg;
  if (starts("II*\0", 4) || starts("MM\0*", 4)) return FileKind::kTiff;
  // "%PDF-" may follow some junk bytes; readers accept it within the first kilobyte.
  for (size_t i = 0; i + 5 <= n; ++i) {
    if (std::memcmp(head.data() + i, "%PDF-", 5) == 0) return FileKind::kPdf;
  }
  return FileKind::kUnknown;
}

Result<std::string> Sha256File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail("NOT_FOUND", "cannot open " + path);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::array<char, 1 << 16> buffer;
  while (in) {
    in.read(buffer.data(), buffer.size());
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

Result<std::unique_ptr<DocumentReader>> OpenDocument(const std::string& path,
                                                     const IngestOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Fail("NOT_FOUND", "no such file: " + path);
  if (std::filesystem::file_size(path, ec) == 0) return Fail("EMPTY_FILE", "the file is empty");
  switch (SniffFile(path)) {
    case FileKind::kPdf:
      return OpenPdf(path, options);
    case FileKind::kPng:
    case FileKind::kJpeg:
    case FileKind::kTiff:
      return OpenImage(path, options);
    case FileKind::kUnknown:
      break;
  }
  return Fail("UNSUPPORTED_TYPE",
              "not a PDF, PNG, JPEG or TIFF (judged by content, whatever the extension)");
}

}  // namespace jixiao
