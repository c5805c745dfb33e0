// Shared by the fuzz targets: the patterns, loaded once, and a reader of the fuzzer's bytes.
#ifndef JIXIAO_FUZZ_FUZZ_UTIL_H_
#define JIXIAO_FUZZ_FUZZ_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "fields/fields.h"
#include "fields/patterns.h"

namespace jixiao::fuzz {

// The source tree's patterns/ (the ones jixiao ships), loaded on first use.
inline const Patterns& LoadedPatterns() {
  static const std::shared_ptr<const Patterns> patterns = [] {
    auto loaded = LoadPatterns(DefaultPatternsDir());
    if (!loaded) {
      std::fprintf(stderr, "fuzz: %s\n", loaded.error().message.c_str());
      std::abort();
    }
    return *loaded;
  }();
  return *patterns;
}

// Takes integers and strings off the front of the input; past its end, zeros and "".
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  int Int(int lo, int hi) {  // lo..hi inclusive
    const unsigned value = Byte() | (Byte() << 8);
    return lo + static_cast<int>(value % static_cast<unsigned>(hi - lo + 1));
  }
  std::string_view Rest() {
    std::string_view rest(reinterpret_cast<const char*>(data_) + pos_, size_ - pos_);
    pos_ = size_;
    return rest;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Aborts (a finding for the fuzzer) when a contract of a public header is broken.
#define JIXIAO_FUZZ_CHECK(condition)                                                   \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)

}  // namespace jixiao::fuzz

#endif  // JIXIAO_FUZZ_FUZZ_UTIL_H_
