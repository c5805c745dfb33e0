#include "common/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace jixiao {
namespace {

bool IsAsciiAlnum(UChar32 c) { return c < 128 && u_isalnum(c); }

UChar32 UnifyComparator(UChar32 c) {
  switch (c) {
    case 0x2267: case 0x2A7E: return 0x2265;  // ≧ ⩾ → ≥
    case 0x2266: case 0x2A7D: return 0x2264;  // ≦ ⩽ → ≤
    case 0xFF1D: return '=';                  // ＝ (NFKC does this too)
    default: return c;
  }
}

}  // namespace

std::string NormalizeText(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString normalized = U_SUCCESS(status) ? nfkc->normalize(in, status) : in;
  if (U_FAILURE(status)) normalized = in;

  // Comparators first, then white space: a run of spaces survives as one space only between
  // two ASCII letters or digits.
  icu::UnicodeString out;
  UChar32 previous = 0;  // last kept character
  bool pending_space = false;
  for (int32_t i = 0; i < normalized.length();) {
    UChar32 c = UnifyComparator(normalized.char32At(i));
    i += U16_LENGTH(normalized.char32At(i));
    if (u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF) {
      pending_space = previous != 0;
      continue;
    }
    if (pending_space && IsAsciiAlnum(previous) && IsAsciiAlnum(c)) out.append(UChar32(' '));
    pending_space = false;
    out.append(c);
    previous = c;
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace jixiao
