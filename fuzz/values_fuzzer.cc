// Fuzz target: the value parsers of fields.h (amounts, percentages, dates, comparator
// quantities, the indicator prefix) and the text normalization under them, on any bytes.
// Oracle: no crash or sanitizer report, and results of the documented shape.
#include <cmath>
#include <cstdint>
#include <string>

#include "common/text.h"
#include "fuzz_util.h"

using namespace jixiao;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Patterns& p = fuzz::LoadedPatterns();
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::string normalized = NormalizeText(text);
  // Normalized text is what the patterns see: normalizing it again changes nothing.
  JIXIAO_FUZZ_CHECK(NormalizeText(normalized) == normalized);

  if (auto amount = ParseAmount(p, text)) JIXIAO_FUZZ_CHECK(!std::isnan(*amount));
  if (auto percent = ParsePercent(p, text)) JIXIAO_FUZZ_CHECK(!std::isnan(*percent));
  if (auto date = ParseDate(p, text)) {
    // "YYYY-MM-DD"
    JIXIAO_FUZZ_CHECK(date->size() == 10 && (*date)[4] == '-' && (*date)[7] == '-');
  }
  if (auto quantity = ParseQuantity(p, text)) {
    static const char* const kComparators[] = {"", "≥", "≤", "=", "<", ">"};
    bool known = false;
    for (const char* c : kComparators) known = known || quantity->comparator == c;
    JIXIAO_FUZZ_CHECK(known);
  }
  const std::string rest = StripIndicatorPrefix(p, text);
  JIXIAO_FUZZ_CHECK(rest.size() <= normalized.size());
  // Label search over the same text, as the mapper does for every cell.
  for (const std::string& key : p.Keys()) {
    for (const Span& span : p.FindAll(key, normalized)) {
      JIXIAO_FUZZ_CHECK(span.begin <= span.end && span.end <= normalized.size());
    }
  }
  return 0;
}
