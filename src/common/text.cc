#include "common/text.h"

#include <algorithm>

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

// One pass: comparators, then white space; a run of spaces survives as one space only
// between two ASCII letters or digits.
icu::UnicodeString SqueezeSpaces(const icu::UnicodeString& text) {
  icu::UnicodeString out;
  UChar32 previous = 0;  // last kept character
  bool pending_space = false;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 raw = text.char32At(i);
    i += U16_LENGTH(raw);
    const UChar32 c = UnifyComparator(raw);
    if (c == 0x200B || c == 0xFEFF) continue;  // zero width: not a space, just dropped
    if (u_isUWhiteSpace(c)) {
      pending_space = previous != 0;
      continue;
    }
    if (pending_space && IsAsciiAlnum(previous) && IsAsciiAlnum(c)) out.append(UChar32(' '));
    pending_space = false;
    out.append(c);
    previous = c;
  }
  return out;
}

}  // namespace

std::string NormalizeText(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) nfkc = nullptr;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  // Dropping a space can put a combining mark next to a letter that NFKC then composes
  // ("e \u0301"), and the composed letter is no longer ASCII: repeat until the text is NFKC as
  // it stands, so that normalizing twice changes nothing. A pass that changes anything shortens
  // the text, so this ends; the bound is for ICU's sake.
  for (int pass = 0; pass < 16; ++pass) {
    status = U_ZERO_ERROR;
    icu::UnicodeString normalized = nfkc ? nfkc->normalize(text, status) : text;
    text = SqueezeSpaces(U_SUCCESS(status) ? normalized : text);
    status = U_ZERO_ERROR;
    if (!nfkc || nfkc->isNormalized(text, status) || U_FAILURE(status)) break;
  }
  std::string result;
  text.toUTF8String(result);
  return result;
}

std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> points;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    length = std::min(length, text.size() - i);
    points.push_back(text.substr(i, length));
    i += length;
  }
  return points;
}

bool IsHan(std::string_view point) {
  if (point.size() != 3) return false;
  const unsigned char b0 = point[0], b1 = point[1];
  return b0 >= 0xE4 && b0 <= 0xE9 && (b0 != 0xE4 || b1 >= 0xB8);
}

}  // namespace jixiao
