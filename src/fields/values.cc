// The value parsers of fields.h. Their grammars are patterns/values.txt; this file only turns
// the captured groups into numbers and canonical strings.
#include <charconv>
#include <cstdio>
#include <string>

#include "common/text.h"
#include "fields/fields.h"
#include "fields/patterns.h"

namespace jixiao {
namespace {

// "1,234.5" → 1234.5. The grammar has already checked the shape.
std::optional<double> ToNumber(std::string digits) {
  std::erase(digits, ',');
  if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<double> ParseAmount(const Patterns& p, std::string_view text) {
  std::vector<std::string> groups;
  if (!p.FullMatch("value.amount", NormalizeText(text), &groups) || groups.empty()) {
    return std::nullopt;
  }
  return ToNumber(groups[0]);
}

std::optional<double> ParsePercent(const Patterns& p, std::string_view text) {
  std::vector<std::string> groups;
  if (!p.FullMatch("value.percent", NormalizeText(text), &groups) || groups.empty()) {
    return std::nullopt;
  }
  return ToNumber(groups[0]);
}

std::optional<std::string> ParseDate(const Patterns& p, std::string_view text) {
  std::vector<std::string> groups;
  if (!p.FullMatch("value.date", NormalizeText(text), &groups) || groups.size() < 3) {
    return std::nullopt;
  }
  const int year = std::stoi(groups[0]);
  const int month = std::stoi(groups[1]);
  const int day = std::stoi(groups[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
  return std::string(out);
}

std::optional<Quantity> ParseQuantity(const Patterns& p, std::string_view text) {
  std::vector<std::string> groups;
  if (!p.FullMatch("value.quantity", NormalizeText(text), &groups) || groups.size() < 3) {
    return std::nullopt;
  }
  Quantity quantity;
  quantity.comparator = groups[0];
  if (quantity.comparator == ">=") quantity.comparator = "≥";
  if (quantity.comparator == "<=") quantity.comparator = "≤";
  quantity.value = ToNumber(groups[1]);
  quantity.unit = groups[2];
  return quantity;
}

std::string StripIndicatorPrefix(const Patterns& p, std::string_view text) {
  std::string rest = NormalizeText(text);
  // A cell may hold several empty prefixes ("指标1:指标2:"); strip them all.
  while (size_t length = p.PrefixLength("value.indicator_prefix", rest)) rest.erase(0, length);
  if (p.Matches("value.placeholder", rest)) return "";
  return rest;
}

}  // namespace jixiao
