#include "fields/form.h"

#include <algorithm>
#include <cmath>

#include "common/text.h"

namespace jixiao {
namespace {

// The 总分 cell spans the label columns of the indicator table: six in the national template.
constexpr int kMinTotalLabelColumns = 3;

const char* const kSignoffKeys[][2] = {{"signoff.unit_head", "unit_head"},
                                       {"signoff.filler", "filler"},
                                       {"signoff.phone", "phone"},
                                       {"signoff.date", "date"},
                                       {"signoff.filler_phone", "filler+phone"},
                                       {"signoff.other", ""}};

// `text` without the marks OCR leaves around a name or number: quotes, full stops, brackets
// and bars read from specks or from a seal's strokes ("祥占明。”" → "祥占明").
std::string TrimMarks(std::string text) {
  static const char* const kMarks[] = {"\u3002", "\u201c", "\u201d", "\u2018", "\u2019", "\u3001",
                                       "\"", "'", ".", ",", ";", ":", "]", "[", "|", "-", "_", " "};
  for (bool trimmed = true; trimmed && !text.empty();) {
    trimmed = false;
    for (std::string_view mark : kMarks) {
      if (text.starts_with(mark)) text.erase(0, mark.size()), trimmed = true;
      if (text.ends_with(mark)) text.erase(text.size() - mark.size()), trimmed = true;
    }
  }
  return text;
}

// A phone number as printed, the spaces OCR put into it removed ("535 5726").
std::string CleanPhone(std::string text) {
  std::erase(text, ' ');
  return TrimMarks(std::move(text));
}

// The label an OCR'd cell of `colspan` columns that matches none stands for, or the text
// unchanged.
std::string SnapLabel(const Patterns& p, std::string text, int colspan) {
  if (auto snapped = SnapToVocabulary(p, "ocr.label_spelling", text)) return *snapped;
  // Specks of the seal or of noise read as one or two characters before the 总分 cell
  // ("AS总分", "罗一总分"), up to four before one as wide as the label's (a black seal's
  // strokes on a 1-bit page, "要人一有总分"): its label is what follows them.
  const std::vector<std::string_view> points = CodePoints(text);
  const size_t max_dropped = colspan >= kMinTotalLabelColumns ? 4 : 2;
  size_t skip = 0;
  for (size_t dropped = 0; dropped < max_dropped && dropped + 1 < points.size(); ++dropped) {
    skip += points[dropped].size();
    if (p.Matches("total.label", text.substr(skip))) return text.substr(skip);
  }
  // A seal read after it ("总分下”辣AJR"): a cell as wide as the 总分 label's that starts
  // with the label and has no digit after it. (A one-column 总分值 is a column header.)
  if (const size_t label = p.PrefixLength("total.label", text);
      colspan >= kMinTotalLabelColumns && label > 0 &&
      std::none_of(text.begin() + label, text.end(),
                   [](unsigned char c) { return std::isdigit(c); })) {
    return text.substr(0, label);
  }
  // The unit after a label misread ("执行率得分(7好)", "自评总分分)", "执行过(9)"): the label
  // is the hanzi before it, as printed or snapped, when no more than a unit follows.
  size_t hanzi = 0, head = 0;
  while (hanzi < points.size() && IsHan(points[hanzi])) head += points[hanzi++].size();
  const size_t rest = points.size() - hanzi;
  if (hanzi > 0 && rest > 0 && rest <= 4) {
    std::string name = text.substr(0, head);
    if (MatchesAnyLabel(p, name)) return name;
    if (auto snapped = SnapToVocabulary(p, "ocr.label_spelling", name)) return *snapped;
  }
  return text;
}

}  // namespace

Json NumberOrNull(std::optional<double> value) {
  if (!value) return nullptr;
  // Integral values print as integers (10, not 10.0), as SPEC's examples do.
  if (std::floor(*value) == *value && std::fabs(*value) < 1e15) {
    return static_cast<long long>(*value);
  }
  return *value;
}

Json TextOrNull(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json(text);
}

Json SourcePages(const std::set<int>& pages) {
  Json list = Json::array();
  for (int page : pages) list.push_back(page);
  return {{"pages", list}};
}

TableView::TableView(const Patterns& p, const Table& table) : table_(table) {
  for (const Cell& cell : table.cells) {
    std::string text = NormalizeText(cell.text);
    if (IsOcr(&cell)) {
      ocr_ = true;
      if (!text.empty() && !MatchesAnyLabel(p, text)) {
        text = SnapLabel(p, std::move(text), cell.colspan);
      }
      text = CorrectFullStop(
          CloseYearBrackets(JoinSplitSemicolons(CorrectQuotes(std::move(text)))));
    }
    text_[&cell] = std::move(text);
  }
}

const std::string& TableView::Text(const Cell* cell) const {
  static const std::string kEmpty;
  if (cell == nullptr) return kEmpty;
  auto it = text_.find(cell);
  return it == text_.end() ? kEmpty : it->second;
}

std::vector<const Cell*> TableView::StartingIn(int row) const {
  std::vector<const Cell*> cells;
  for (const Cell& cell : table_.cells) {
    if (cell.row == row) cells.push_back(&cell);
  }
  std::sort(cells.begin(), cells.end(),
            [](const Cell* a, const Cell* b) { return a->col < b->col; });
  return cells;
}

std::vector<const Cell*> TableView::Covering(int row) const {
  std::vector<const Cell*> cells;
  for (int col = 0; col < table_.cols; ++col) {
    const Cell* cell = At(row, col);
    if (cell != nullptr && (cells.empty() || cells.back() != cell)) cells.push_back(cell);
  }
  return cells;
}

Columns MatchHeader(const Patterns& p, const TableView& view, const std::vector<const Cell*>& cells,
                    const std::vector<std::string>& keys) {
  Columns columns;
  for (const Cell* cell : cells) {
    const std::string& text = view.Text(cell);
    if (text.empty()) continue;
    for (const std::string& key : keys) {
      if (!columns.contains(key) && p.Matches(key, text)) {
        columns[key] = cell->col;
        break;
      }
    }
  }
  return columns;
}

bool IsSignoffText(const Patterns& p, std::string_view text) {
  for (const auto& [key, field] : kSignoffKeys) {
    if (!p.FindAll(key, text).empty()) return true;
  }
  return false;
}

void ReadSignoff(const Patterns& p, const std::string& text, Json& signoff) {
  struct Found {
    Span span;
    const char* field;
  };
  std::vector<Found> found;
  for (const auto& [key, field] : kSignoffKeys) {
    for (const Span& span : p.FindAll(key, text)) found.push_back({span, field});
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
  });
  std::vector<Found> labels;  // no overlaps: 填报单位负责人 hides the 填报单位 inside it
  for (const Found& f : found) {
    if (labels.empty() || f.span.begin >= labels.back().span.end) labels.push_back(f);
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    const size_t begin = labels[i].span.end;
    const size_t end = i + 1 < labels.size() ? labels[i + 1].span.begin : text.size();
    std::string value = text.substr(begin, end - begin);
    // The separator after a label: ":" (NFKC made "：" ASCII; OCR often reads it as ";" or ",").
    while (!value.empty() && (value.front() == ':' || value.front() == ';' ||
                              value.front() == ' ' || value.front() == ',')) {
      value.erase(0, 1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == ',')) value.pop_back();
    const std::string field = labels[i].field;
    if (field.empty() || value.empty()) continue;
    if (field == "filler+phone") {  // 联系人及电话: 成志明 53556726
      std::vector<std::string> groups;
      if (p.FullMatch("value.name_phone", value, &groups) && groups.size() == 2) {
        const std::string name = TrimMarks(groups[0]);
        if (signoff["filler"].is_null() && !name.empty()) signoff["filler"] = name;
        if (signoff["phone"].is_null()) signoff["phone"] = CleanPhone(groups[1]);
      } else if (signoff["filler"].is_null()) {
        signoff["filler"] = TrimMarks(value);
      }
      continue;
    }
    if (!signoff[field].is_null()) continue;
    if (field == "date") {
      // Marks read from a seal may follow the date ("2023.3.1:4"): it ends at a non-digit.
      Span date;
      if (p.Search("value.date", value, &date) && date.begin == 0 &&
          (date.end == value.size() || !std::isdigit(static_cast<unsigned char>(value[date.end])))) {
        value.resize(date.end);
      }
      if (std::optional<std::string> date = ParseDate(p, value)) signoff[field] = *date;
    } else if (field == "phone") {
      signoff[field] = CleanPhone(value);
    } else if (std::string name = TrimMarks(value); !name.empty()) {
      signoff[field] = name;
    }
  }
}

Json EmptySignoff() {
  Json signoff = Json::object();
  for (const char* field : {"unit_head", "filler", "phone", "date"}) signoff[field] = nullptr;
  return signoff;
}

std::optional<int> YearFromLine(const Patterns& p, const std::string& text, const char* key) {
  std::vector<std::string> groups;
  Span where;
  if (p.Search(key, text, &where, &groups) && !groups.empty()) return std::stoi(groups[0]);
  return std::nullopt;
}

std::optional<int> FindYear(const Patterns& p, const std::vector<std::string>& above,
                            const char* title_key) {
  for (size_t i = 0; i < above.size(); ++i) {
    if (!p.Matches(title_key, above[i])) continue;
    std::string title = above[i];
    if (i > 0 && !IsSignoffText(p, above[i - 1])) title = above[i - 1] + title;
    if (auto year = YearFromLine(p, title, "value.year_of")) return year;
    if (auto year = YearFromLine(p, title, "value.year")) return year;
  }
  for (auto it = above.rbegin(); it != above.rend(); ++it) {
    if (IsSignoffText(p, *it)) continue;
    if (auto year = YearFromLine(p, *it, "value.year_of")) return year;
  }
  return std::nullopt;
}

void FieldReader::Note(const std::string& path, const Cell* cell, const Correction* correction) {
  if (cell == nullptr) return;
  auto round = [](double v, double unit) { return std::round(v / unit) * unit; };
  provenance_[path] = {{"page", page_},
                       {"bbox", {round(cell->box.x0, 1), round(cell->box.y0, 1),
                                 round(cell->box.x1, 1), round(cell->box.y1, 1)}},
                       {"confidence", round(cell->confidence, 0.001)}};
  if (!IsOcr(cell)) return;
  any_ocr_ = true;
  const bool flagged = cell->confidence < options_.review_below ||
                       (correction != nullptr && (correction->changed || correction->doubtful));
  if (flagged) Review(path);
}

void FieldReader::Review(const std::string& path) {
  if (reviewed_.insert(path).second) review_.push_back(path);
}

std::optional<double> FieldReader::Number(const TableView& view, const Cell* cell,
                                          const std::string& path, bool percent) {
  const std::string& text = view.Text(cell);
  if (!IsOcr(cell)) {
    Note(path, cell);
    return percent ? ParsePercent(p_, text) : ParseAmount(p_, text);
  }
  Correction fixed = CorrectNumberText(p_, text, percent);
  if (!text.empty()) Note(path, cell, &fixed);
  return percent ? ParsePercent(p_, fixed.text) : ParseAmount(p_, fixed.text);
}

std::string FieldReader::QuantityText(const TableView& view, const Cell* cell,
                                      const std::string& path) {
  const std::string& text = view.Text(cell);
  if (text.empty()) return text;
  if (!IsOcr(cell)) {
    Note(path, cell);
    return text;
  }
  Correction fixed = CorrectQuantityText(p_, text);
  Note(path, cell, &fixed);
  return fixed.text;
}

std::string FieldReader::SignText(const TableView& view, const Cell* cell,
                                  const std::string& path) {
  if (!IsOcr(cell)) return QuantityText(view, cell, path);
  Correction fixed{view.Text(cell)};
  for (const auto& [key, sign] :
       {std::pair{"ocr.sign_reads_ge", "\u2265"}, {"ocr.sign_reads_le", "\u2264"}}) {
    if (p_.Matches(key, fixed.text)) {
      fixed = {sign, true};
      Note(path, cell, &fixed);
      return fixed.text;
    }
  }
  return QuantityText(view, cell, path);
}

std::string FieldReader::LevelText(const TableView& view, const Cell* cell,
                                   const std::string& path) {
  std::string text = view.Text(cell);
  if (text.empty()) return text;
  Correction fixed{text};
  if (IsOcr(cell)) {
    std::vector<std::string> groups;
    // A colon after the level is printed so ("数量指标:", seed 003): kept, not snapped away.
    const bool colon = text.ends_with(":");
    const std::string bare = colon ? text.substr(0, text.size() - 1) : text;
    if (auto snapped = SnapToVocabulary(p_, "ocr.level_spelling", bare, true)) {
      fixed.text = *snapped + (colon ? ":" : "");
    } else if (p_.FullMatch("ocr.level_with_points", text, &groups) && groups.size() == 2) {
      const std::string& name = groups[0];
      const bool known = p_.Matches("ocr.level_spelling", name);
      std::optional<std::string> snapped_name = SnapToVocabulary(p_, "ocr.level_spelling", name);
      if (known || snapped_name) {
        fixed.text = (known ? name : *snapped_name) + "(" + groups[1] + "分)";
      }
    }
    fixed.changed = fixed.text != text;
  }
  Note(path, cell, &fixed);
  return fixed.text;
}

void FieldReader::Level1FromLevel2(Json& indicators) {
  static constexpr std::string_view kParentKey = "ocr.level1_of.";
  if (!any_ocr_) return;
  std::vector<std::string> parents;
  for (const std::string& key : p_.Keys()) {
    if (key.starts_with(kParentKey)) parents.push_back(key.substr(kParentKey.size()));
  }
  // "满意度指标(10分)" names its level as well.
  auto named = [&](const Json& level1) {
    return level1.is_string() && std::ranges::any_of(parents, [&](const std::string& parent) {
             return level1.get<std::string>().starts_with(parent);
           });
  };
  if (std::ranges::none_of(indicators, [&](const Json& i) { return named(i["level1"]); })) return;
  for (size_t i = 0; i < indicators.size(); ++i) {
    Json& indicator = indicators[i];
    const std::string path = "indicators[" + std::to_string(i) + "].level1";
    const bool ocr = provenance_.contains(path) && provenance_[path]["confidence"] < 1.0;
    if (!ocr || !indicator["level1"].is_string() || !indicator["level2"].is_string() ||
        named(indicator["level1"]) ||
        p_.Matches("ocr.level_spelling", indicator["level1"].get<std::string>())) {
      continue;
    }
    for (const std::string& parent : parents) {
      if (p_.Matches(std::string(kParentKey) + parent, indicator["level2"].get<std::string>())) {
        indicator["level1"] = parent;
        Review(path);
        break;
      }
    }
  }
}

std::string FieldReader::Text(const TableView& view, const Cell* cell, const std::string& path) {
  const std::string& text = view.Text(cell);
  if (!text.empty()) Note(path, cell);
  return text;
}

void FieldReader::AddTo(Json& record) const {
  if (!any_ocr_) return;
  record["review"] = review_;
  record["provenance"] = provenance_;
}

}  // namespace jixiao
