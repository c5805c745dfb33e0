// OCR post-correction (fields.h): the rules are code, what they recognize is patterns/ocr.txt.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/text.h"
#include "fields/fields.h"
#include "fields/patterns.h"

namespace jixiao {
namespace {


// True when OCR character `read` may stand for the printed `printed`: the same, or "=" for 二 or
// 三 (a thin face's strokes read as the sign; "=公经费" is 三公经费, not 办公经费).
bool ReadsAs(std::string_view read, std::string_view printed) {
  return read == printed || (read == "=" && (printed == "二" || printed == "三"));
}

// Edit distance from the OCR'd `a` to the label `b`, a substitution of ReadsAs costing nothing.
int EditDistance(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const int substitution = diagonal + (ReadsAs(a[i - 1], b[j - 1]) ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A vocabulary pattern is a literal with RE2 escapes ("项目资金\(万元\)"): drop the escapes.
std::string Unescape(std::string_view pattern) {
  std::string text;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
    text += pattern[i];
  }
  return text;
}

// A quantity without a printed comparator: what must follow a misread comparator.
bool IsBareQuantity(const Patterns& p, std::string_view text) {
  std::optional<Quantity> quantity = ParseQuantity(p, text);
  return quantity && quantity->comparator.empty() && quantity->value.has_value();
}

// "N" followed by the 9 that a printed % sign was read as ("100%" → "1009%", "1009" or
// "1009%6"): certain only when "N9" cannot be a percentage of these forms (over 200, or more
// than two decimals) while "N" can (0 to 100). "99%", "109%" or "150.5%" stay as read.
bool PercentSignReadAsNine(std::string_view number) {
  const std::string n(number);
  char* end = nullptr;
  const double value = std::strtod(n.c_str(), &end);
  if (n.empty() || end != n.c_str() + n.size() || value < 0 || value > 100) return false;
  const std::string with_nine = n + "9";
  const size_t dot = with_nine.find('.');
  const size_t decimals = dot == std::string::npos ? 0 : with_nine.size() - dot - 1;
  return std::strtod(with_nine.c_str(), nullptr) > 200 || decimals > 2;
}

}  // namespace

std::string CorrectQuotes(std::string text) {
  if (std::count(text.begin(), text.end(), '"') % 2 != 0) return text;
  std::string out;
  bool open = true;
  for (char c : text) {
    if (c != '"') {
      out += c;
      continue;
    }
    out += open ? "\u201c" : "\u201d";
    open = !open;
  }
  return out;
}

std::string JoinSplitSemicolons(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ',' && !out.empty() && (out.back() == ';' || out.back() == ':')) {
      out.back() = ';';
    } else {
      out += c;
    }
  }
  return out;
}

std::string CloseYearBrackets(std::string text) {
  for (size_t open = text.find('['); open != std::string::npos; open = text.find('[', open + 1)) {
    size_t end = open + 1;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    const bool year = text.compare(open + 1, 2, "19") == 0 || text.compare(open + 1, 2, "20") == 0;
    if (end - open - 1 >= 6 && year && text[open + 5] == '1' &&
        (end == text.size() || text[end] != ']')) {
      text[open + 5] = ']';
    }
  }
  return text;
}

std::string CorrectFullStop(std::string text) {
  if (!(text.ends_with(".") || text.ends_with("*"))) return text;
  const std::vector<std::string_view> points = CodePoints(text);
  if (points.size() >= 2 && IsHan(points[points.size() - 2])) {
    text.pop_back();
    text += "\u3002";
  }
  return text;
}

Correction CorrectQuantityText(const Patterns& p, std::string_view text) {
  Correction result{std::string(text)};
  std::vector<std::string> groups;
  for (const auto& [key, comparator] : {std::pair{"ocr.reads_ge", "≥"}, {"ocr.reads_le", "≤"}}) {
    if (p.FullMatch(key, text, &groups) && !groups.empty() && IsBareQuantity(p, groups[0])) {
      result.text = comparator + groups[0];
      result.changed = true;
      break;
    }
  }
  if (!result.changed && p.Matches("ocr.uncertain_comparator", text)) result.doubtful = true;
  // The % sign read as "9%" ("≥959%" → "≥95%"), where that is certain: corrected, reviewed.
  if (p.FullMatch("ocr.percent_reads_9", result.text, &groups) && groups.size() >= 2 &&
      PercentSignReadAsNine(groups[1])) {
    result.text = groups[0] + groups[1] + "%";
    result.changed = result.doubtful = true;
  }
  // Any other percentage over 100 in a target or actual ("109%": 10% with the % read twice,
  // or not) is not certain: only flagged.
  if (std::optional<Quantity> quantity = ParseQuantity(p, result.text);
      quantity && quantity->value && *quantity->value > 100 && quantity->unit.starts_with("%")) {
    result.doubtful = true;
  }
  return result;
}

Correction CorrectNumberText(const Patterns& p, std::string_view text, bool percent) {
  Correction result{std::string(text)};
  auto parse = [&](std::string_view candidate) {
    return percent ? ParsePercent(p, candidate) : ParseAmount(p, candidate);
  };
  std::optional<double> value = parse(text);
  if (!value && !text.empty() && p.Matches("ocr.digit_like", text)) {
    std::string fixed;
    bool dropped = false;
    for (char c : text) {
      if (c == ')') {
        dropped = true;
        continue;
      }
      fixed += (c == 'O' || c == 'o' || c == 'U') ? '0' : (c == 'l' || c == 'I') ? '1' : c;
    }
    // A comma followed by other than exactly three digits is no thousands separator.
    if (size_t comma = fixed.find(','); comma != std::string::npos) {
      size_t digits = 0;
      while (comma + 1 + digits < fixed.size() && std::isdigit(
                 static_cast<unsigned char>(fixed[comma + 1 + digits]))) {
        ++digits;
      }
      if (digits != 3) fixed[comma] = '.';
    }
    if ((value = parse(fixed))) {
      result.text = fixed;
      result.changed = true;
      result.doubtful = dropped;
    }
  }
  // A rate whose % sign was read as a 9 ("1009", "74.119", "959%"), where that is certain:
  // corrected, reviewed.
  std::vector<std::string> groups;
  if (percent && value && p.FullMatch("ocr.rate_reads_9", result.text, &groups) &&
      !groups.empty() && PercentSignReadAsNine(groups[0])) {
    result.text = groups[0] + "%";
    result.changed = result.doubtful = true;
    return result;
  }
  // Text that is no number ("号", "]10") stays as read: it parses to null, flagged.
  if (!value && !text.empty()) result.doubtful = true;
  if (value && percent && *value > 100) result.doubtful = true;
  return result;
}

std::optional<std::string> SnapToVocabulary(const Patterns& p, std::string_view key,
                                            std::string_view text, bool whole_column) {
  const std::vector<std::string_view> points = CodePoints(text);
  if (points.size() < 3) return std::nullopt;  // too short to tell a label from a misreading
  int best = -1, second = -1;
  std::string best_spelling;
  for (const std::string& source : p.Sources(key)) {
    const std::string spelling = Unescape(source);
    if (spelling == text) return std::nullopt;
    const int distance = EditDistance(points, CodePoints(spelling));
    if (best < 0 || distance < best) {
      second = best;
      best = distance;
      best_spelling = spelling;
    } else if (second < 0 || distance < second) {
      second = distance;
    }
  }
  if (best < 0) return std::nullopt;
  const int length = static_cast<int>(CodePoints(best_spelling).size());
  const int allowed =
      std::max(length <= 5 ? 1 : 1 + (length - 2) / 4, whole_column ? length / 2 : 0);
  if (best > allowed || (second >= 0 && second <= best)) return std::nullopt;
  return best_spelling;
}

}  // namespace jixiao
