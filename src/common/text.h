// Text normalization of SPEC.md ("Normalization of text values"), used by every stage that
// emits text: NFKC (ICU); comparators unified (≧ ⩾ → ≥, ≦ ⩽ → ≤, ＝ → =); white space removed
// except one space between two ASCII letters or digits. Nothing else is rewritten.
#ifndef JIXIAO_COMMON_TEXT_H_
#define JIXIAO_COMMON_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

std::string NormalizeText(std::string_view utf8);

// UTF-8 → code points, each as its bytes in `text` (a truncated last one as what is left).
std::vector<std::string_view> CodePoints(std::string_view text);

// True when `point` (one UTF-8 character) is a CJK unified ideograph (U+4E00–U+9FFF).
bool IsHan(std::string_view point);

}  // namespace jixiao

#endif  // JIXIAO_COMMON_TEXT_H_
