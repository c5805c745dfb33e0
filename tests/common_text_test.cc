// NormalizeText against SPEC.md's "Normalization of text values", and its fixed point: what it
// returns, it returns unchanged.
#include "common/text.h"

#include <gtest/gtest.h>

namespace jixiao {
namespace {

struct Case {
  const char* in;
  const char* out;
};

TEST(NormalizeTextTest, FollowsTheSpec) {
  const Case cases[] = {
      {"工资保 险", "工资保险"},            // OCR-split word
      {"≧90%", "≥90%"},                      // comparators unified
      {"⩽ 5 天", "≤5天"},
      {"＝１００", "=100"},                  // full width (NFKC)
      {"Wi Fi 6", "Wi Fi 6"},                // one space kept between ASCII letters or digits
      {"12   34", "12 34"},
      {" \t前后\u3000", "前后"},             // ideographic space is white space
      {"a\u200Bb", "ab"},                    // zero width space dropped
      {"e \u0301", "é"},                     // the space goes, then NFKC composes
      {"a e\u0301", "aé"},                   // é is not ASCII: no space before it
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeText(c.in), c.out) << c.in;
}

TEST(NormalizeTextTest, NormalizingTwiceChangesNothing) {
  const char* const inputs[] = {
      "e \u0301", "a e\u0301 b", "x\u0301 \u0316", "\xff\xfe 1 2", "\u00B4 a", "工资保 险 ≧ 1",
      "A \u030A B", "\u1100 \u1161",  // a Hangul jamo pair NFKC composes once the space goes
  };
  for (const char* in : inputs) {
    const std::string once = NormalizeText(in);
    EXPECT_EQ(NormalizeText(once), once) << in;
  }
}

}  // namespace
}  // namespace jixiao
