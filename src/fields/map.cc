// MapDocument: tables and lines of a document → SPEC.md records.
//
// Nothing here knows where a field sits on a page; every field is found by its label:
//
//   +----------+---------------------------------------+          label row: value = the next
//   | 项目名称  | 退役军人辅助性岗位经费                   |          non-empty cell to the right
//   | 主管部门  |           | 实施单位 | 大厂…医疗保障局    |          (a label there → null)
//   +----+-----+-----+-----+-----+-----+-----+--------+
//   |项目|     |年初  |全年  |全年  |分值 |执行率|得分    |  ← funds header: its cells give the
//   |资金|年度资金总额| 5.6 | 5.6 | 5.18| 10 |92.5%| 9.25 |    columns, then each labelled row
//   |    |其中:当年…  | ...                               |    is read through Table::At
//   +----+-----------+-----------------------------------+
//   |绩效| 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差… |  ← indicator header
//   |指标| 产出 | 数量 | 指标1:…                              |  ← rows until 总分; At(row, col)
//   |    | 指标 | 指标 | 指标2:  (placeholder: dropped)        |    lets merged 一级/二级/note
//   | 总分                         | 100 | 97.75 |             cells apply to every row
//
// Forms: a table holding a 项目名称 label with a value beside it starts a project form; a
// table without one that follows a form lacking its 总分 row continues it (a form broken
// over pages). Any other table becomes an unrecognized_table record. Text lines go to the
// nearest table of their page: sign-off lines to the table above them, other lines (title,
// "(2022年度)") to the table below them; the other way round when there is none.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "common/text.h"
#include "fields/fields.h"
#include "fields/patterns.h"

namespace jixiao {
namespace {

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

bool IsOcr(const Cell* cell) { return cell != nullptr && cell->confidence < 1.0; }

bool MatchesAnyLabel(const Patterns& p, const std::string& text);

// A table with its cells' normalized text computed once. An OCR'd cell that is no label but
// lies within a few edits of one (labels are a closed vocabulary) reads as that label:
// "项旧名称" → 项目名称, "执行次" → 执行率. Values are not snapped here.
class TableView {
 public:
  TableView(const Patterns& p, const Table& table) : table_(table) {
    for (const Cell& cell : table.cells) {
      std::string text = NormalizeText(cell.text);
      if (IsOcr(&cell)) {
        ocr_ = true;
        if (!text.empty() && !MatchesAnyLabel(p, text)) text = SnapLabel(p, std::move(text));
      }
      text_[&cell] = std::move(text);
    }
  }

  // Some cell of the table was OCR'd (so the table is a scan's).
  bool ocr() const { return ocr_; }

  const Table& table() const { return table_; }
  const Cell* At(int row, int col) const { return table_.At(row, col); }
  const std::string& Text(const Cell* cell) const {
    static const std::string kEmpty;
    if (cell == nullptr) return kEmpty;
    auto it = text_.find(cell);
    return it == text_.end() ? kEmpty : it->second;
  }
  // The cells that start in `row`, left to right.
  std::vector<const Cell*> StartingIn(int row) const {
    std::vector<const Cell*> cells;
    for (const Cell& cell : table_.cells) {
      if (cell.row == row) cells.push_back(&cell);
    }
    std::sort(cells.begin(), cells.end(),
              [](const Cell* a, const Cell* b) { return a->col < b->col; });
    return cells;
  }
  // The distinct cells covering `row`, left to right (including ones merged from above).
  std::vector<const Cell*> Covering(int row) const {
    std::vector<const Cell*> cells;
    for (int col = 0; col < table_.cols; ++col) {
      const Cell* cell = At(row, col);
      if (cell != nullptr && (cells.empty() || cells.back() != cell)) cells.push_back(cell);
    }
    return cells;
  }

 private:
  // The label an OCR'd cell that matches none stands for, or the text unchanged.
  static std::string SnapLabel(const Patterns& p, std::string text) {
    if (auto snapped = SnapToVocabulary(p, "ocr.label_spelling", text)) return *snapped;
    // Specks of the seal or of noise read as one or two characters before the wide 总分 cell
    // ("AS总分", "罗一总分"): its label is what follows them.
    size_t skip = 0;
    for (int dropped = 0; dropped < 2 && skip < text.size(); ++dropped) {
      const unsigned char lead = static_cast<unsigned char>(text[skip]);
      skip += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      if (skip < text.size() && p.Matches("total.label", text.substr(skip))) {
        return text.substr(skip);
      }
    }
    return text;
  }

  const Table& table_;
  std::unordered_map<const Cell*, std::string> text_;
  bool ocr_ = false;
};

// Header columns of a block: key → first grid column of the header cell.
using Columns = std::map<std::string, int, std::less<>>;

// Finds, among `cells` of one row, the columns of the header keys they match. A cell gives
// its column to the first key (in `keys` order) it matches that has no column yet.
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

// The form prints header `missing` right next to header `found` (`right`: on its right; else
// on its left). When OCR lost `missing`'s label (read as "3", "指标" or nothing), the OCR'd,
// unrecognized (or, in a scan, empty) cell in that place of the header row, as tall as
// `found`'s, is that header: its column is taken.
void InferNeighbourColumn(const Patterns& p, const TableView& view,
                          const std::vector<const Cell*>& cells, Columns& columns,
                          const std::string& found, const std::string& missing, bool right) {
  auto it = columns.find(found);
  if (it == columns.end() || columns.contains(missing)) return;
  const Cell* anchor = nullptr;
  for (const Cell* cell : cells) {
    if (cell->col == it->second) anchor = cell;
  }
  if (anchor == nullptr) return;
  for (const Cell* cell : cells) {
    const bool adjacent = right ? cell->col == anchor->col + anchor->colspan
                                : cell->col + cell->colspan == anchor->col;
    if (!adjacent || cell->rowspan != anchor->rowspan) continue;
    // Also an empty one in a scan: OCR may read nothing of a faint label.
    const std::string& text = view.Text(cell);
    if (text.empty() ? view.ocr() : IsOcr(cell) && !MatchesAnyLabel(p, text)) {
      columns[missing] = cell->col;
    }
  }
}

int CountOf(const Columns& columns, std::initializer_list<const char*> keys) {
  int count = 0;
  for (const char* key : keys) count += columns.contains(key) ? 1 : 0;
  return count;
}

const std::vector<std::string> kFundsKeys = {"funds.initial_budget", "funds.annual_budget",
                                             "funds.executed",       "funds.rate",
                                             "funds.weight",         "funds.score"};
const std::vector<std::string> kIndicatorKeys = {
    "ind.level1", "ind.level2", "ind.name",        "ind.unit",   "ind.target",
    "ind.actual", "ind.coefficient", "ind.score", "ind.weight", "ind.note"};
const char* const kFundsRows[][2] = {{"funds.row_total", "total"},
                                     {"funds.row_current_year", "current_year"},
                                     {"funds.row_carryover", "carryover"},
                                     {"funds.row_other", "other"}};
const char* const kHeaderLabels[][2] = {{"label.project_name", "project_name"},
                                        {"label.department", "department"},
                                        {"label.implementer", "implementer"}};
const char* const kSignoffKeys[][2] = {{"signoff.unit_head", "unit_head"},
                                       {"signoff.filler", "filler"},
                                       {"signoff.phone", "phone"},
                                       {"signoff.date", "date"},
                                       {"signoff.filler_phone", "filler+phone"},
                                       {"signoff.other", ""}};

// Labels that may stand right of a header label's (empty) value: 主管部门 | | 实施单位 …,
// 转移支付名称 | | 自评总分. A text that starts with one counts (OCR'd "实施单位大厂…").
bool IsHeaderLabel(const Patterns& p, const std::string& text) {
  for (const auto& [key, field] : kHeaderLabels) {
    if (p.PrefixLength(key, text) > 0) return true;
  }
  return p.PrefixLength("total.label", text) > 0;
}

// What a label cell says for one grid row of it. A cell is read as a run of labels from
// `keys` and an optional value after them, because a missing ruling makes the layout merge
// what the form keeps apart:
//   "项目名称主管部门" (two rows, one cell)   → 项目名称 for its first row, 主管部门 for its second;
//   "实施单位大厂回族自治县医疗保障局"          → 实施单位 with its value inline;
//   "年度资金总额其中:当年财政拨款" (two rows) → one funds row label a row.
// A plain label cell ("项目名称") is the common case of the same rule.
struct LabelRead {
  std::string key;
  std::optional<std::string> inline_value;
};
std::optional<LabelRead> LabelForRow(const Patterns& p, const std::vector<std::string>& keys,
                                     const TableView& view, const Cell& cell, int row) {
  const std::string& text = view.Text(&cell);
  std::vector<std::string> labels;
  size_t pos = 0;
  while (pos < text.size()) {
    std::string_view rest = std::string_view(text).substr(pos);
    size_t best = 0;
    std::string best_key;
    for (const std::string& key : keys) {
      if (size_t length = p.PrefixLength(key, rest); length > best) {
        best = length;
        best_key = key;
      }
    }
    if (best == 0) break;
    labels.push_back(best_key);
    pos += best;
    while (pos < text.size() && (text[pos] == ':' || text[pos] == ';')) ++pos;
  }
  const int index = row - cell.row;
  if (labels.empty() || index < 0 || index >= static_cast<int>(labels.size())) {
    return std::nullopt;
  }
  LabelRead read{labels[index], std::nullopt};
  if (index + 1 == static_cast<int>(labels.size()) && pos < text.size()) {
    read.inline_value = text.substr(pos);
  }
  return read;
}

// The pattern keys of a {key, field} table.
template <size_t N>
std::vector<std::string> KeysOf(const char* const (&table)[N][2]) {
  std::vector<std::string> keys;
  for (const auto& [key, field] : table) keys.push_back(key);
  return keys;
}

bool MatchesAnyLabel(const Patterns& p, const std::string& text) {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> keys = kFundsKeys;
    keys.insert(keys.end(), kIndicatorKeys.begin(), kIndicatorKeys.end());
    for (const std::string& key : KeysOf(kFundsRows)) keys.push_back(key);
    for (const std::string& key : KeysOf(kHeaderLabels)) keys.push_back(key);
    for (const char* key : {"goals.planned", "goals.achieved", "total.label"}) keys.push_back(key);
    return keys;
  }();
  for (const std::string& key : kKeys) {
    if (p.Matches(key, text)) return true;
  }
  return false;
}

// The value right of column `from_col` in `row`: the first non-empty cell; null when that is
// another label (主管部门 | (empty) | 实施单位 …) or there is none.
std::optional<std::string> ValueRightOf(const Patterns& p, const TableView& view, int row,
                                        int from_col, const Cell** where = nullptr) {
  for (int col = from_col; col < view.table().cols;) {
    const Cell* cell = view.At(row, col);
    if (cell == nullptr) break;
    const std::string& text = view.Text(cell);
    if (!text.empty()) {
      if (IsHeaderLabel(p, text)) return std::nullopt;
      if (where != nullptr) *where = cell;
      return text;
    }
    col = cell->col + cell->colspan;
  }
  return std::nullopt;
}

// The value a header label (项目名称, 主管部门, 实施单位) gives in `row`, if `cell` holds it.
std::optional<std::string> HeaderValue(const Patterns& p, const TableView& view, const Cell& cell,
                                       int row, std::string* key,
                                       const Cell** where = nullptr) {
  static const std::vector<std::string> kKeys = KeysOf(kHeaderLabels);
  std::optional<LabelRead> read = LabelForRow(p, kKeys, view, cell, row);
  if (!read) return std::nullopt;
  *key = read->key;
  if (read->inline_value) {
    if (where != nullptr) *where = &cell;
    return read->inline_value;
  }
  return ValueRightOf(p, view, row, cell.col + cell.colspan, where);
}

// Does this table start a project form? (a 项目名称 label with a value beside it)
bool StartsProjectForm(const Patterns& p, const TableView& view) {
  for (const Cell& cell : view.table().cells) {
    for (int row = cell.row; row < cell.row + cell.rowspan; ++row) {
      std::string key;
      if (HeaderValue(p, view, cell, row, &key) && key == "label.project_name") return true;
    }
  }
  return false;
}

bool HasTotalRow(const Patterns& p, const TableView& view) {
  for (const Cell& cell : view.table().cells) {
    if (p.Matches("total.label", view.Text(&cell))) return true;
  }
  return false;
}

bool IsSignoffText(const Patterns& p, std::string_view text) {
  for (const auto& [key, field] : kSignoffKeys) {
    if (!p.FindAll(key, text).empty()) return true;
  }
  return false;
}

// Reads the sign-off labels of one normalized line into `signoff` (first value wins).
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
    // The separator after a label: ":" (NFKC made "：" ASCII; OCR often reads it as ";").
    while (!value.empty() && (value.front() == ':' || value.front() == ';' ||
                              value.front() == ' ')) {
      value.erase(0, 1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == ',')) value.pop_back();
    const std::string field = labels[i].field;
    if (field.empty() || value.empty()) continue;
    if (field == "filler+phone") {  // 联系人及电话: 成志明 53556726
      std::vector<std::string> groups;
      if (p.FullMatch("value.name_phone", value, &groups) && groups.size() == 2) {
        if (signoff["filler"].is_null() && !groups[0].empty()) signoff["filler"] = groups[0];
        if (signoff["phone"].is_null()) signoff["phone"] = groups[1];
      } else if (signoff["filler"].is_null()) {
        signoff["filler"] = value;
      }
      continue;
    }
    if (!signoff[field].is_null()) continue;
    if (field == "date") {
      if (std::optional<std::string> date = ParseDate(p, value)) signoff[field] = *date;
    } else {
      signoff[field] = value;
    }
  }
}

Json EmptyFundsRow() {
  Json row = Json::object();
  for (const char* key :
       {"initial_budget", "annual_budget", "executed", "weight", "execution_rate", "score"}) {
    row[key] = nullptr;
  }
  return row;
}

// One project form being read: its tables (in order) and the lines given to it.
struct FormParts {
  std::vector<const Table*> tables;
  std::vector<std::string> above;  // normalized lines above its tables, top to bottom
  std::vector<std::string> below;  // lines below them
  std::set<int> pages;
  bool has_total = false;
};

class ProjectFormReader {
 public:
  ProjectFormReader(const Patterns& p, const MapOptions& options) : p_(p), options_(options) {
    for (const char* field : {"project_name", "department", "implementer"}) header_[field] = nullptr;
    for (const char* field : {"unit_head", "filler", "phone", "date"}) signoff_[field] = nullptr;
  }

  void ReadTable(const Table& table) {
    TableView view(p_, table);
    page_ = table.page;
    // Header rows are rows of one table; the columns they gave carry over to a table that
    // continues the form on the next page (it seldom repeats the header).
    indicator_header_row_ = -1;
    funds_header_row_ = -2;
    goals_header_row_.reset();
    for (int row = 0; row < table.rows; ++row) ReadRow(view, row);
  }

  void ReadLine(const std::string& text) {
    if (IsSignoffText(p_, text)) ReadSignoff(p_, text, signoff_);
  }

  Json Record(std::optional<int> year, const std::set<int>& pages) const {
    Json record = Json::object();
    Json review = review_;
    record["form"] = "project_self_evaluation";
    record["year"] = year ? Json(*year) : Json(nullptr);
    record["project_name"] = header_["project_name"];
    record["department"] = header_["department"];
    record["implementer"] = header_["implementer"];
    Json funds = Json::object();
    for (const auto& [key, name] : kFundsRows) {
      auto it = funds_.find(name);
      if (it != funds_.end()) funds[name] = it->second;
    }
    if (!funds.contains("total") && any_ocr_) {
      // The funds block was not found in a scan (its rulings or labels lost): SPEC's shape
      // needs the row; its values are unknown, not invented, and a person should look.
      funds["total"] = EmptyFundsRow();
      review.push_back("funds.total");
    }
    record["funds"] = funds;
    record["goals"] = {{"planned", TextOrNull(planned_)}, {"achieved", TextOrNull(achieved_)}};
    record["indicators"] = indicators_;
    record["total"] = {{"weight", NumberOrNull(total_weight_)},
                       {"score", NumberOrNull(total_score_)}};
    record["signoff"] = signoff_;
    Json page_list = Json::array();
    for (int page : pages) page_list.push_back(page);
    record["source"] = {{"pages", page_list}};
    if (any_ocr_) {
      record["review"] = review;
      record["provenance"] = provenance_;
    }
    return record;
  }

 private:
  void ReadRow(const TableView& view, int row) {
    const std::vector<const Cell*> starting = view.StartingIn(row);
    const std::vector<const Cell*> covering = view.Covering(row);

    // 项目名称 / 主管部门 / 实施单位 → the value beside each.
    for (const Cell* cell : covering) {
      std::string key;
      const Cell* value_cell = nullptr;
      std::optional<std::string> value = HeaderValue(p_, view, *cell, row, &key, &value_cell);
      for (const auto& [label_key, field] : kHeaderLabels) {
        if (value && key == label_key && header_[field].is_null()) {
          header_[field] = *value;
          Note(field, value_cell);
        }
      }
    }

    // 总分 ends the indicators: its 分值 and 得分 columns give the total.
    for (const Cell* cell : starting) {
      if (p_.Matches("total.label", view.Text(cell))) {
        ReadTotal(view, row, *cell);
        in_indicators_ = false;
        return;
      }
    }

    // Header rows: funds (年初预算数 全年预算数 …), goals (预期目标 实际完成情况), indicators.
    Columns funds = MatchHeader(p_, view, starting, kFundsKeys);
    if (CountOf(funds, {"funds.initial_budget", "funds.annual_budget", "funds.executed",
                        "funds.rate"}) >= 2) {
      funds_columns_ = funds;
      funds_header_row_ = row;
      in_indicators_ = false;
      return;
    }
    Columns indicators = MatchHeader(p_, view, starting, kIndicatorKeys);
    if (CountOf(indicators, {"ind.level1", "ind.level2", "ind.name", "ind.target",
                             "ind.actual"}) >= 3) {
      InferNeighbourColumn(p_, view, starting, indicators, "ind.level2", "ind.level1", false);
      indicator_columns_ = indicators;
      indicator_header_row_ = row;
      in_indicators_ = true;
      return;
    }
    // Either header is enough: OCR may lose the other one.
    Columns goals = MatchHeader(p_, view, starting, {"goals.planned", "goals.achieved"});
    if (!goals.empty()) {
      InferNeighbourColumn(p_, view, starting, goals, "goals.planned", "goals.achieved", true);
      InferNeighbourColumn(p_, view, starting, goals, "goals.achieved", "goals.planned", false);
      goals_columns_ = goals;
      goals_header_row_ = row;
      return;
    }

    // The row under the goals header holds the two texts.
    if (goals_header_row_ && *goals_header_row_ == row - 1 && planned_.empty() &&
        achieved_.empty()) {
      if (auto it = goals_columns_.find("goals.planned"); it != goals_columns_.end()) {
        planned_ = TextBelowHeader(view, row, it->second);
        if (!planned_.empty()) Note("goals.planned", view.At(row, it->second));
      }
      if (auto it = goals_columns_.find("goals.achieved"); it != goals_columns_.end()) {
        achieved_ = TextBelowHeader(view, row, it->second);
        if (!achieved_.empty()) Note("goals.achieved", view.At(row, it->second));
      }
      goals_header_row_.reset();
      return;
    }

    // A labelled funds row.
    if (!funds_columns_.empty()) {
      static const std::vector<std::string> kKeys = KeysOf(kFundsRows);
      for (const Cell* cell : covering) {
        std::optional<LabelRead> read = LabelForRow(p_, kKeys, view, *cell, row);
        if (!read) continue;
        for (const auto& [key, name] : kFundsRows) {
          if (read->key == key && !funds_.contains(name)) {
            ReadFundsRow(view, row, cell, name);
            return;
          }
        }
      }
      // The transfer-payment layout has one unlabelled row of amounts under the header:
      // that is the total.
      if (row == funds_header_row_ + 1 && !funds_.contains("total") &&
          !ColumnText(view, funds_columns_, "funds.annual_budget", row, nullptr, -1).empty()) {
        ReadFundsRow(view, row, nullptr, "total");
        return;
      }
    }

    if (in_indicators_) {
      ReadIndicatorRow(view, row);
      return;
    }

    // Sign-off written inside the table ("填报人 | 王刚 | 联系电话 | …").
    std::string joined;
    for (const Cell* cell : starting) joined += view.Text(cell);
    ReadLine(joined);
  }

  std::string TextBelowHeader(const TableView& view, int row, int col) const {
    const Cell* cell = view.At(row, col);
    if (cell == nullptr || cell->row != row) return "";
    return view.Text(cell);
  }

  // The text of column `key` in `row`, ignoring the label cell itself and header cells that
  // reach down into the row.
  std::string ColumnText(const TableView& view, const Columns& columns, const std::string& key,
                         int row, const Cell* label, int header_row) const {
    return view.Text(ColumnCell(view, columns, key, row, label, header_row));
  }
  const Cell* ColumnCell(const TableView& view, const Columns& columns, const std::string& key,
                         int row, const Cell* label, int header_row) const {
    auto it = columns.find(key);
    if (it == columns.end()) return nullptr;
    const Cell* cell = view.At(row, it->second);
    if (cell == nullptr || cell == label || cell->row <= header_row) return nullptr;
    return cell;
  }

  // Records where field `path` was read and, for an OCR'd cell, whether a person should look
  // at it: low confidence, corrected, or doubtful. Born-digital cells add provenance only.
  void Note(const std::string& path, const Cell* cell, const Correction* correction = nullptr) {
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
    if (flagged && reviewed_.insert(path).second) review_.push_back(path);
  }

  // A number read from `cell`: corrected where certain when the cell is OCR'd.
  std::optional<double> Number(const TableView& view, const Cell* cell, const std::string& path,
                               bool percent) {
    const std::string& text = view.Text(cell);
    if (!IsOcr(cell)) {
      Note(path, cell);
      return percent ? ParsePercent(p_, text) : ParseAmount(p_, text);
    }
    Correction fixed = CorrectNumberText(p_, text, percent);
    if (!text.empty()) Note(path, cell, &fixed);
    return percent ? ParsePercent(p_, fixed.text) : ParseAmount(p_, fixed.text);
  }

  // A target/actual text, corrected where certain when the cell is OCR'd.
  std::string QuantityText(const TableView& view, const Cell* cell, const std::string& path) {
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

  // A 一级/二级 name: snapped to the framework's closed vocabulary when OCR'd.
  std::string LevelText(const TableView& view, const Cell* cell, const std::string& path) {
    std::string text = view.Text(cell);
    if (text.empty()) return text;
    Correction fixed{text};
    if (IsOcr(cell)) {
      if (auto snapped = SnapToVocabulary(p_, "ocr.level_spelling", text)) {
        fixed.text = *snapped;
        fixed.changed = true;
      }
    }
    Note(path, cell, &fixed);
    return fixed.text;
  }

  void ReadFundsRow(const TableView& view, int row, const Cell* label, const std::string& name) {
    auto number = [&](const char* key, const char* field) {
      const Cell* cell = ColumnCell(view, funds_columns_, key, row, label, -1);
      const std::string path = "funds." + name + "." + field;
      return NumberOrNull(Number(view, cell, path, std::string_view(field) == "execution_rate"));
    };
    Json values = EmptyFundsRow();
    values["initial_budget"] = number("funds.initial_budget", "initial_budget");
    values["annual_budget"] = number("funds.annual_budget", "annual_budget");
    values["executed"] = number("funds.executed", "executed");
    values["weight"] = number("funds.weight", "weight");
    values["execution_rate"] = number("funds.rate", "execution_rate");
    values["score"] = number("funds.score", "score");
    funds_[name] = values;
  }

  void ReadIndicatorRow(const TableView& view, int row) {
    // A cell reaching from the name column into other columns of the header is no
    // indicator: skipped; across three or more columns it is a block-wide row that ends the
    // indicators (未完成绩效目标或偏离较多的原因、改进措施及其他说明 in the transfer layout).
    if (auto name_column = indicator_columns_.find("ind.name");
        name_column != indicator_columns_.end()) {
      const Cell* name_cell = view.At(row, name_column->second);
      int columns_covered = 0;
      for (const auto& [key, col] : indicator_columns_) {
        if (name_cell != nullptr && view.At(row, col) == name_cell) ++columns_covered;
      }
      // (An empty cell, or an indicator's own "指标 N:" cell, merged over its row by lost
      // rulings is no such block-wide row: it is skipped, and the rows after it are read.)
      const std::string& merged = view.Text(name_cell);
      if (columns_covered >= 3 && !merged.empty() &&
          p_.PrefixLength("value.indicator_prefix", merged) == 0) {
        in_indicators_ = false;
      }
      if (columns_covered >= 2) return;
    }
    auto text = [&](const char* key) {
      return ColumnText(view, indicator_columns_, key, row, nullptr, indicator_header_row_);
    };
    const std::string name = StripIndicatorPrefix(p_, text("ind.name"));
    const std::string target = text("ind.target");
    const std::string actual = text("ind.actual");
    const std::string weight = text("ind.weight");
    const std::string score = text("ind.score");
    // A row that is only a placeholder ("指标 2:", ".....", empty) is not an indicator; nor,
    // in a scan, a row with neither name nor target nor actual (numbers that bled into the
    // weight/score columns of a merged row: SPEC counts such a row as a placeholder).
    if (name.empty() && target.empty() && actual.empty() &&
        ((weight.empty() && score.empty()) || view.ocr())) {
      return;
    }
    const bool has_unit = indicator_columns_.contains("ind.unit");
    const bool has_coefficient = indicator_columns_.contains("ind.coefficient");
    auto cell = [&](const char* key) {
      return ColumnCell(view, indicator_columns_, key, row, nullptr, indicator_header_row_);
    };
    const std::string at = "indicators[" + std::to_string(indicators_.size()) + "].";
    auto noted = [&](const char* key, const char* field) {
      const Cell* from = cell(key);
      if (!view.Text(from).empty()) Note(at + field, from);
      return TextOrNull(view.Text(from));
    };
    Json indicator = Json::object();
    indicator["level1"] = TextOrNull(LevelText(view, cell("ind.level1"), at + "level1"));
    indicator["level2"] = TextOrNull(LevelText(view, cell("ind.level2"), at + "level2"));
    indicator["name"] = TextOrNull(name);
    if (!name.empty()) Note(at + "name", cell("ind.name"));
    if (has_unit) indicator["unit"] = noted("ind.unit", "unit");
    indicator["target"] = TextOrNull(QuantityText(view, cell("ind.target"), at + "target"));
    indicator["actual"] = TextOrNull(QuantityText(view, cell("ind.actual"), at + "actual"));
    if (has_coefficient) {
      indicator["coefficient"] =
          NumberOrNull(Number(view, cell("ind.coefficient"), at + "coefficient", false));
    }
    indicator["weight"] = NumberOrNull(Number(view, cell("ind.weight"), at + "weight", false));
    indicator["score"] = NumberOrNull(Number(view, cell("ind.score"), at + "score", false));
    indicator["note"] = noted("ind.note", "note");
    indicators_.push_back(indicator);
  }

  void ReadTotal(const TableView& view, int row, const Cell& label) {
    const Cell* weight = ColumnCell(view, indicator_columns_, "ind.weight", row, &label, -1);
    const Cell* score = ColumnCell(view, indicator_columns_, "ind.score", row, &label, -1);
    if (indicator_columns_.empty() || (view.Text(weight).empty() && view.Text(score).empty())) {
      // No usable header columns: the numbers right of 总分, in order, are 分值 then 得分.
      std::vector<const Cell*> numbers;
      for (const Cell* cell : view.Covering(row)) {
        if (cell->col > label.col && ParseAmount(p_, view.Text(cell))) numbers.push_back(cell);
      }
      weight = numbers.size() >= 2 ? numbers[0] : nullptr;
      score = numbers.size() >= 2 ? numbers[1] : numbers.size() == 1 ? numbers[0] : nullptr;
    }
    if (!total_weight_) total_weight_ = Number(view, weight, "total.weight", false);
    if (!total_score_) total_score_ = Number(view, score, "total.score", false);
  }

  const Patterns& p_;
  const MapOptions& options_;
  int page_ = 0;  // of the table being read
  bool any_ocr_ = false;  // a field came from an OCR'd cell: the record gets review/provenance
  Json review_ = Json::array();
  std::set<std::string> reviewed_;
  Json provenance_ = Json::object();
  Json header_ = Json::object();
  Json signoff_ = Json::object();
  std::map<std::string, Json> funds_;
  Columns funds_columns_, goals_columns_, indicator_columns_;
  std::optional<int> goals_header_row_;
  int funds_header_row_ = -2;
  int indicator_header_row_ = -1;
  bool in_indicators_ = false;
  std::string planned_, achieved_;
  Json indicators_ = Json::array();
  std::optional<double> total_weight_, total_score_;
};

std::optional<int> YearFromLine(const Patterns& p, const std::string& text, const char* key) {
  std::vector<std::string> groups;
  Span where;
  if (p.Search(key, text, &where, &groups) && !groups.empty()) return std::stoi(groups[0]);
  return std::nullopt;
}

// The year: from the title line, else from the nearest line above the table that prints one.
// A long title wraps ("…局 2022 年城乡居民医疗保险财政代" / "缴项目支出绩效自评表"), so the line
// before the one naming the form is read with it.
std::optional<int> FindYear(const Patterns& p, const std::vector<std::string>& above) {
  for (size_t i = 0; i < above.size(); ++i) {
    if (!p.Matches("title.project_form", above[i])) continue;
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

Json UnrecognizedTable(const Table& table, const PageLayout& layout) {
  Json cells = Json::array();
  for (const Cell& cell : table.cells) {
    cells.push_back({{"row", cell.row},
                     {"col", cell.col},
                     {"rowspan", cell.rowspan},
                     {"colspan", cell.colspan},
                     {"text", NormalizeText(cell.text)}});
  }
  Json lines = Json::array();
  for (const TextLine& line : layout.lines) lines.push_back(NormalizeText(line.text));
  return {{"form", "unrecognized_table"},
          {"rows", table.rows},
          {"cols", table.cols},
          {"cells", cells},
          {"lines", lines},
          {"source", {{"pages", {table.page > 0 ? table.page : layout.page}}}}};
}

}  // namespace

std::vector<Json> MapDocument(const Patterns& p, const std::vector<PageLayout>& pages,
                              const MapOptions& options) {
  // What each table became, in document order.
  struct Item {
    int form = -1;                 // index into `forms`, or -1 for an unrecognized table
    const Table* table = nullptr;  // for an unrecognized table
    const PageLayout* layout = nullptr;
  };
  std::vector<Item> items;
  std::vector<FormParts> forms;
  std::map<const Table*, int> form_of_table;
  const Table* previous_table = nullptr;  // the table just before, anywhere in the document

  for (const PageLayout& layout : pages) {
    for (const Table& table : layout.tables) {
      TableView view(p, table);
      const bool starts = StartsProjectForm(p, view);
      const bool continues = !starts && !forms.empty() && !forms.back().has_total &&
                             previous_table != nullptr &&
                             form_of_table.contains(previous_table);
      if (starts || continues) {
        if (starts) {
          forms.emplace_back();
          items.push_back({static_cast<int>(forms.size()) - 1, nullptr, &layout});
        }
        FormParts& form = forms.back();
        form.tables.push_back(&table);
        form.pages.insert(layout.page);
        form.has_total = form.has_total || HasTotalRow(p, view);
        form_of_table[&table] = static_cast<int>(forms.size()) - 1;
      } else {
        items.push_back({-1, &table, &layout});
      }
      previous_table = &table;
    }

    // Lines → the nearest table of the page (sign-off: the one above; others: the one below).
    for (const TextLine& line : layout.lines) {
      const std::string text = NormalizeText(line.text);
      if (text.empty()) continue;
      const Table* above = nullptr;
      const Table* below = nullptr;
      for (const Table& table : layout.tables) {
        if (table.box.cy() <= line.box.cy()) above = &table;  // tables run top to bottom
        if (table.box.cy() > line.box.cy() && below == nullptr) below = &table;
      }
      const bool signoff = IsSignoffText(p, text);
      const Table* owner = signoff ? (above ? above : below) : (below ? below : above);
      auto it = form_of_table.find(owner);
      if (it == form_of_table.end()) continue;  // unrecognized tables carry all page lines
      FormParts& form = forms[it->second];
      (owner == above ? form.below : form.above).push_back(text);
    }
  }

  std::vector<Json> records;
  for (const Item& item : items) {
    if (item.form < 0) {
      records.push_back(UnrecognizedTable(*item.table, *item.layout));
      continue;
    }
    const FormParts& form = forms[item.form];
    ProjectFormReader reader(p, options);
    for (const Table* table : form.tables) reader.ReadTable(*table);
    for (const std::string& line : form.below) reader.ReadLine(line);
    for (const std::string& line : form.above) reader.ReadLine(line);
    records.push_back(reader.Record(FindYear(p, form.above), form.pages));
  }
  return records;
}

}  // namespace jixiao
