// Field mapping: page layouts of one document → records of SPEC.md (nlohmann::ordered_json).
//
// In:  the PageLayouts of one file, in page order (tables with cell text, lines outside them).
// Out: one record per form instance found, in page order, each with "form", the form's fields,
//      and "source": {"pages": [...]} (the caller adds "file"). "checks" and "grade" are left
//      to the checker (check/check.h). A table no form matches gives an "unrecognized_table"
//      record carrying its cells, so nothing is lost. A run of pages without forms (their
//      own tables, if any, are unrecognized_table records) that names a report (绩效自评报告 …) gives a narrative_report record. A document with no
//      table and no report yields no records (the caller reports that).
//
// What is recognized is data, not code: patterns/*.txt hold the labels (and their synonyms)
// that identify forms and fields and the value grammars (amounts, percentages, comparators,
// dates, the "指标 N:" prefix). They are RE2 patterns compiled once by LoadPatterns; a pattern
// that does not compile is refused with file:line and RE2's message.
#ifndef JIXIAO_FIELDS_FIELDS_H_
#define JIXIAO_FIELDS_FIELDS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/page.h"
#include "layout/layout.h"

namespace jixiao {

using Json = nlohmann::ordered_json;

class Patterns;  // compiled patterns/ (defined in fields/patterns.h)

// Loads and compiles every pattern file under `dir`. Error code PATTERN_ERROR with
// "file:line: message" when one does not compile.
Result<std::shared_ptr<const Patterns>> LoadPatterns(const std::string& dir);

// The default patterns directory: $JIXIAO_HOME/patterns if set, else the source tree's.
std::string DefaultPatternsDir();

// Value parsers (their grammars live in patterns/values.txt).
// "5.18" → 5.18, "1,234.5" → 1234.5, "4316万" → 4316; "—", "-", "" → nullopt.
std::optional<double> ParseAmount(const Patterns& p, std::string_view text);
// "92.5%" → 92.5, "100" → 100; "—" / "" → nullopt.
std::optional<double> ParsePercent(const Patterns& p, std::string_view text);
// "2023.3.1", "2024 年 3 月 19 日", "2023-03-01" → "2023-03-01"; otherwise nullopt.
std::optional<std::string> ParseDate(const Patterns& p, std::string_view text);

// A comparator expression as printed in a target/actual cell: "≥ 45000 人" → {"≥", 45000, "人"}.
struct Quantity {
  std::string comparator;  // "≥", "≤", "=", "<", ">" or "" when none printed
  std::optional<double> value;
  std::string unit;        // what follows the number, normalized ("人", "%", "万元")
};
std::optional<Quantity> ParseQuantity(const Patterns& p, std::string_view text);

// Strips the "指标 N:" prefix; returns the normalized rest ("" for a placeholder row).
std::string StripIndicatorPrefix(const Patterns& p, std::string_view text);

// --- OCR post-correction (data: patterns/ocr.txt). The mapper applies these to OCR'd cells
// only (cell confidence < 1); born-digital text is never touched. Each takes normalized text.
// Nothing is guessed: a value the form's grammar does not pin down stays as read and is only
// marked `doubtful` (its field path then goes into the record's `review`).
struct Correction {
  std::string text;       // the corrected text, or the input unchanged
  bool changed = false;   // a rule rewrote the text
  bool doubtful = false;  // kept as read, but the form says it cannot be right or is ambiguous
};
// Target/actual cells: a comparator read as a CJK character or as two ASCII characters at
// the start of a quantity ("之95%" → "≥95%", ">=1人" → "≥1人", "冬5元/册" → "≤5元/册"), and a
// "%" read as "9" where only that makes a percentage of it ("≥959%" → "≥95%"). A bare
// ">"/"<" (may be ≥/≤ without its bar) and a percentage above 100 are doubtful.
Correction CorrectQuantityText(const Patterns& p, std::string_view text);
// Text of an OCR'd cell: ASCII double quotes, which chi_sim reads for “ ”, become “ and ”
// in turn when they pair up ("落实"两病"门诊" → "落实“两病”门诊"); an odd count stays as read.
std::string CorrectQuotes(std::string text);
// Text of an OCR'd cell: a full-width semicolon that chi_sim read as two marks, its dot part
// as ";" or ":" and its tail as "," ("保命钱”:,聚焦"), becomes one ";". Chinese text never
// puts a comma right after a colon or semicolon.
std::string JoinSplitSemicolons(const std::string& text);
// Text of an OCR'd cell: the "]" closing a document number's year that chi_sim read as "1"
// ("渝财社[20191326号" → "渝财社[2019]326号"): a "[" with a year, a 1 and more digits after
// it, and no "]" after them.
std::string CloseYearBrackets(std::string text);
// Text of an OCR'd cell: the full stop that ends it, read as "." or "*" after a hanzi
// ("保障人民健康*", "满意度达95%以上."), becomes "。". (Chinese text ends a sentence with 。;
// after a digit or a letter the mark stays: "1.", "No.".)
std::string CorrectFullStop(std::string text);
// Numeric cells: letters read for digits ("1O" → "10", "1U0" → "100", "9l.5" → "91.5") and a
// decimal comma ("5,18" → "5.18"; "1,234" is a thousands group and stays). A rate whose "%"
// was read as "9" ("1009" → "100") is corrected the same way. A cell that still does not
// parse as a number is doubtful. `percent`: the cell is a rate (a value over 100 is doubtful).
Correction CorrectNumberText(const Patterns& p, std::string_view text, bool percent);
// The spelling of closed vocabulary `key` (ocr.label_spelling, ocr.level_spelling) nearest to
// `text` by edit distance over code points, when it is near enough (1 edit up to 5 code
// points, then one more per 4; `whole_column`: the cell's column holds nothing but this
// vocabulary, so up to half the spelling's code points) and strictly nearer than every other
// spelling; else nullopt (also when `text` already is a spelling).
std::optional<std::string> SnapToVocabulary(const Patterns& p, std::string_view key,
                                            std::string_view text, bool whole_column = false);

struct MapOptions {
  // A field read from an OCR'd cell whose confidence is below this goes into `review`.
  double review_below = 0.6;
};

// Maps one document's layouts to records (see the top of this file). Records read from OCR'd
// cells also carry `review` (field paths to look at: low confidence, corrected or doubtful)
// and `provenance` ({path: {"page", "bbox": [x0,y0,x1,y1], "confidence"}}), as SPEC allows.
std::vector<Json> MapDocument(const Patterns& p, const std::vector<PageLayout>& pages,
                              const MapOptions& options = {});

}  // namespace jixiao

#endif  // JIXIAO_FIELDS_FIELDS_H_
