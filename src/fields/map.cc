// MapDocument: tables and lines of a document → SPEC.md records; project and department
// forms are read here, the other kinds in sheets.cc and narrative.cc (form.h).
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
// Forms (docs/records.md): each table is offered to the kinds in turn — basic data sheet,
// summary, project form (a 项目名称 label with a value beside it), department form (a 主管部门 /
// 县级预算部门 label with a department-only mark) — and starts a form of the first that takes
// it. A table that starts none continues the form before it when that one is not finished (a
// form broken over pages); else it becomes an unrecognized_table record. Text lines go to the
// nearest table of their page: sign-off lines to the table above them, other lines (title,
// "(2022年度)") to the table below them; the other way round when there is none. A run of
// pages without forms is a report's text: a narrative_report record when it names one; the
// tables of those pages (a report's own tables) are unrecognized_table records as well.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "common/text.h"
#include "fields/fields.h"
#include "fields/form.h"
#include "fields/patterns.h"

namespace jixiao {
namespace {

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
// The funds header columns of the family's layouts, left to right: the national template
// and the department forms; the transfer-payment layout (no 分值).
const std::vector<std::vector<std::string>> kFundsLayouts = {
    {"funds.initial_budget", "funds.annual_budget", "funds.executed", "funds.weight", "funds.rate",
     "funds.score"},
    {"funds.initial_budget", "funds.annual_budget", "funds.executed", "funds.rate", "funds.score"}};
const std::vector<std::string> kIndicatorKeys = {
    "ind.level1", "ind.level2", "ind.name",        "ind.unit",   "ind.target",
    "ind.actual", "ind.coefficient", "ind.score", "ind.weight", "ind.note",
    "ind.nature", "ind.adjusted_target", "ind.core"};
// The indicator header columns of the family's layouts, left to right (docs/records.md):
// national template, transfer-payment layout, department form of seed 001.
const std::vector<std::vector<std::string>> kIndicatorLayouts = {
    {"ind.level1", "ind.level2", "ind.name", "ind.target", "ind.actual", "ind.weight",
     "ind.score", "ind.note"},
    {"ind.name", "ind.unit", "ind.target", "ind.actual", "ind.coefficient", "ind.weight",
     "ind.score"},
    {"ind.name", "ind.unit", "ind.nature", "ind.target", "ind.adjusted_target", "ind.actual",
     "ind.coefficient", "ind.weight", "ind.score", "ind.core"}};
const std::vector<std::string> kGoalsKeys = {"goals.planned", "goals.adjusted", "goals.achieved"};
const char* const kFundsRows[][2] = {{"funds.row_total", "total"},
                                     {"funds.row_current_year", "current_year"},
                                     {"funds.row_carryover", "carryover"},
                                     {"funds.row_other", "other"}};
const char* const kHeaderLabels[][2] = {{"label.project_name", "project_name"},
                                        {"label.department", "department"},
                                        {"label.implementer", "implementer"},
                                        {"label.finance_office", "finance_office"}};

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

// Does this table start a project form? A 项目名称 label with a value beside it that spans
// columns, or with another mark of the form (below); or, where a scan lost that label (项上日名称
// on a 1-bit page), the two that only project forms print together: 实施单位 with a value beside
// it and the funds block's 年度资金总额 row.
bool StartsProjectForm(const Patterns& p, const TableView& view) {
  bool project_name = false, wide_name = false, implementer = false, department = false,
       funds_total = false, form_block = false;
  for (const Cell& cell : view.table().cells) {
    const std::string& text = view.Text(&cell);
    funds_total = funds_total || p.Matches("funds.row_total", text);
    for (const char* key : {"ind.level1", "ind.level2", "goals.block", "goals.planned",
                            "goals.achieved", "total.label"}) {
      form_block = form_block || p.Matches(key, text);
    }
    for (int row = cell.row; row < cell.row + cell.rowspan; ++row) {
      std::string key;
      const Cell* value = nullptr;
      if (!HeaderValue(p, view, cell, row, &key, &value)) continue;
      project_name = project_name || key == "label.project_name";
      wide_name = wide_name || (key == "label.project_name" && value->colspan > 1);
      implementer = implementer || key == "label.implementer";
      department = department || key == "label.department";
    }
  }
  // A 项目名称 heading a column of a report's own table (项目名称 | 预算数 | 执行数) is no form:
  // a form's name fills the row beside it, or the form names its 主管部门 or 实施单位, or has
  // the funds block, the goals' or indicators' headers or the 总分 row.
  if (project_name) {
    return wide_name || implementer || department || funds_total || form_block;
  }
  return implementer && funds_total;
}

bool HasTotalRow(const Patterns& p, const TableView& view) {
  for (const Cell& cell : view.table().cells) {
    if (p.Matches("total.label", view.Text(&cell))) return true;
  }
  return false;
}

// Does this table start a department form? (a 主管部门 / 县级预算部门 label with a value
// beside it, and a mark only department forms print: 财务科室, 部门预算执行情况, …)
bool StartsDepartmentForm(const Patterns& p, const TableView& view) {
  bool labelled = false, marked = false;
  for (const Cell& cell : view.table().cells) {
    const std::string& text = view.Text(&cell);
    marked = marked || p.Matches("department.marker", text);
    for (int row = cell.row; row < cell.row + cell.rowspan && !labelled; ++row) {
      std::string key;
      labelled = HeaderValue(p, view, cell, row, &key) && key == "label.department";
    }
  }
  return labelled && marked;
}

Json EmptyFundsRow() {
  Json row = Json::object();
  for (const char* key :
       {"initial_budget", "annual_budget", "executed", "weight", "execution_rate", "score"}) {
    row[key] = nullptr;
  }
  return row;
}


// Reads a project form or a department form: the two share their blocks (header labels,
// funds, goals, indicators, 总分) and differ in a few labels and columns (docs/records.md).
class ProjectFormReader : public FieldReader {
 public:
  ProjectFormReader(const Patterns& p, const MapOptions& options, bool department)
      : FieldReader(p, options), department_(department) {
    for (const auto& [key, field] : kHeaderLabels) header_[field] = nullptr;
    signoff_ = EmptySignoff();
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

  Json Record(std::optional<int> year, const std::set<int>& pages) {
    Json record = Json::object();
    record["form"] = department_ ? "department_self_evaluation" : "project_self_evaluation";
    record["year"] = year ? Json(*year) : Json(nullptr);
    if (department_) {
      record["department"] = header_["department"];
      record["finance_office"] = header_["finance_office"];
    } else {
      record["project_name"] = header_["project_name"];
      record["department"] = header_["department"];
      record["implementer"] = header_["implementer"];
    }
    Json funds = Json::object();
    for (const auto& [key, name] : kFundsRows) {
      auto it = funds_.find(name);
      if (it != funds_.end()) funds[name] = it->second;
    }
    if (!funds.contains("total") && any_ocr()) {
      // The funds block was not found in a scan (its rulings or labels lost): SPEC's shape
      // needs the row; its values are unknown, not invented, and a person should look.
      funds["total"] = EmptyFundsRow();
      Review("funds.total");
    }
    record["funds"] = funds;
    if (department_) {
      record["funds_by_source"] = funds_by_source_;
      record["funds_by_use"] = funds_by_use_;
      record["goals"] = {{"planned", TextOrNull(goals_["goals.planned"])},
                         {"adjusted", TextOrNull(goals_["goals.adjusted"])},
                         {"achieved", TextOrNull(goals_["goals.achieved"])}};
    } else {
      record["goals"] = {{"planned", TextOrNull(goals_["goals.planned"])},
                         {"achieved", TextOrNull(goals_["goals.achieved"])}};
    }
    Level1FromLevel2(indicators_);
    record["indicators"] = indicators_;
    record["total"] = {{"weight", NumberOrNull(total_weight_)},
                       {"score", NumberOrNull(total_score_)}};
    record["signoff"] = signoff_;
    record["source"] = SourcePages(pages);
    AddTo(record);
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
    if (view.ocr()) InferColumnsBetween(view, starting, kFundsLayouts, funds);
    if (CountOf(funds, {"funds.initial_budget", "funds.annual_budget", "funds.executed",
                        "funds.rate"}) >= 2) {
      funds_columns_ = funds;
      funds_header_row_ = row;
      in_indicators_ = false;
      return;
    }
    Columns indicators = MatchHeader(p_, view, starting, kIndicatorKeys);
    if (view.ocr()) {
      InferIndicatorColumns(view, starting, indicators);
      InferColumnsBetween(view, starting, kIndicatorLayouts, indicators);
    }
    // (分值 and 得分 are no evidence: the funds header prints them too.)
    if (CountOf(indicators, {"ind.level1", "ind.level2", "ind.name", "ind.target", "ind.actual",
                             "ind.unit", "ind.nature", "ind.adjusted_target", "ind.coefficient",
                             "ind.core"}) >= 3) {
      InferNeighbourColumn(p_, view, starting, indicators, "ind.level2", "ind.level1", false);
      indicator_columns_ = indicators;
      indicator_header_row_ = row;
      in_indicators_ = true;
      return;
    }
    // Any goals header is enough: OCR may lose the other one.
    Columns goals = MatchHeader(p_, view, starting, kGoalsKeys);
    if (!goals.empty()) {
      InferNeighbourColumn(p_, view, starting, goals, "goals.planned", "goals.achieved", true);
      InferNeighbourColumn(p_, view, starting, goals, "goals.achieved", "goals.planned", false);
      goals_columns_ = goals;
      goals_header_row_ = row;
      return;
    }

    // The row under the goals header holds the texts.
    if (goals_header_row_ && *goals_header_row_ == row - 1 && goals_.empty()) {
      for (const auto& [key, col] : goals_columns_) {
        const std::string text = TextBelowHeader(view, row, col);
        if (!text.empty()) Note(key, view.At(row, col));  // the key is the field's path
        goals_[key] = text;
      }
      goals_header_row_.reset();
      return;
    }

    // A department form's budget by source and by use ("其中:一般公共预算:694.15").
    if (department_ && ReadFundsBy(view, row, covering)) return;

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

  // OCR loses the one stroke that tells 一级指标, 二级指标 and 三级指标 apart (":级指标",
  // "-级指标" or "一级指标" for any of them), but they stand in that order: when a header row
  // holds two or three "…级指标" cells, the rightmost is 三级 (the name), the one before it 二级,
  // the one before that 一级 (or, when that one is lost too, the unread cell left of 二级).
  // Three cells from the first "…级指标" on, up to the first other known header, are 一级,
  // 二级 and 三级 in that order when each reads "…级指标" or nothing: OCR can lose 三级指标
  // whole ("-级指标 | -级指标 | (nothing) | 年度指标值", a 150 dpi scan).
  void InferIndicatorColumns(const TableView& view, const std::vector<const Cell*>& cells,
                             Columns& columns) const {
    const char* const kOrder[] = {"ind.name", "ind.level2", "ind.level1"};
    auto other_header = [&](const Cell* cell) {
      for (const auto& [key, col] : columns) {
        if (col == cell->col && key != "ind.name" && key != "ind.level2" && key != "ind.level1") {
          return true;
        }
      }
      return false;
    };
    std::vector<const Cell*> levels;
    for (const Cell* cell : cells) {
      if (p_.Matches("ocr.level_header", view.Text(cell))) levels.push_back(cell);
    }
    if (levels.size() < 2 || levels.size() > 3) return;
    for (const char* key : kOrder) columns.erase(key);
    std::vector<const Cell*> run;
    for (const Cell* cell : cells) {
      if (run.empty() && cell != levels.front()) continue;
      const std::string& text = view.Text(cell);
      if (run.size() == 3 || other_header(cell) ||
          !(text.empty() || p_.Matches("ocr.level_header", text))) {
        break;
      }
      run.push_back(cell);
    }
    if (run.size() == 3) {
      for (size_t i = 0; i < run.size(); ++i) columns[kOrder[2 - i]] = run[i]->col;
      return;
    }
    for (size_t i = 0; i < levels.size(); ++i) {
      columns[kOrder[i]] = levels[levels.size() - 1 - i]->col;
    }
    InferNeighbourColumn(p_, view, cells, columns, "ind.level2", "ind.level1", false);
  }

  // A run of OCR'd header cells that match no label, between two that do, holds the keys the
  // family's `layouts` print between those two ("调整指标值 | 爹年值 | 系数(9 | 指标权重" →
  // 全年完成值, 得分系数; "年初预算数 | 金华访算数 | 企年扒行数 | 分值" → 全年预算数, 全年执行数),
  // when exactly as many stand there. A run before the row's first known cell (or after its
  // last), from an empty cell, a label or the row's end, holds the keys a layout prints before
  // that key (after it) when exactly as many: "人牟初预算数 | 金华预算数 | 全年执行数" → 年初预算数,
  // 全年预算数.
  void InferColumnsBetween(const TableView& view, const std::vector<const Cell*>& cells,
                           const std::vector<std::vector<std::string>>& layouts,
                           Columns& columns) const {
    auto key_at = [&](const Cell* cell) -> std::string {
      for (const auto& [key, col] : columns) {
        if (col == cell->col) return key;
      }
      return "";
    };
    auto unknown = [&](const Cell* cell) {
      return key_at(cell).empty() && IsOcr(cell) && !MatchesAnyLabel(p_, view.Text(cell));
    };
    // Gives cells[first + k] the key layout[at + k] for k < count, where that key is unknown.
    auto assign = [&](const std::vector<std::string>& layout, size_t at, size_t first,
                      size_t count) {
      for (size_t k = 0; k < count; ++k) {
        if (!columns.contains(layout[at + k])) columns[layout[at + k]] = cells[first + k]->col;
      }
    };
    std::vector<size_t> known;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (!key_at(cells[i]).empty()) known.push_back(i);
    }
    if (known.empty()) return;
    for (size_t n = 0; n + 1 < known.size(); ++n) {
      const size_t left = known[n], right = known[n + 1];
      const size_t gap = right - left - 1;
      if (gap == 0 || !std::all_of(cells.begin() + left + 1, cells.begin() + right, unknown)) {
        continue;
      }
      const std::string from = key_at(cells[left]), to = key_at(cells[right]);
      for (const std::vector<std::string>& layout : layouts) {
        auto a = std::find(layout.begin(), layout.end(), from);
        if (a != layout.end() && layout.end() - a > static_cast<long>(gap + 1) &&
            *(a + gap + 1) == to) {
          assign(layout, a - layout.begin() + 1, left + 1, gap);
          break;
        }
      }
    }
    size_t begin = known.front();
    while (begin > 0 && unknown(cells[begin - 1])) --begin;
    if (const size_t gap = known.front() - begin; gap > 0) {
      for (const std::vector<std::string>& layout : layouts) {
        auto a = std::find(layout.begin(), layout.end(), key_at(cells[known.front()]));
        if (a != layout.end() && a - layout.begin() == static_cast<long>(gap)) {
          assign(layout, 0, begin, gap);
          break;
        }
      }
    }
    size_t end = known.back() + 1;
    while (end < cells.size() && unknown(cells[end])) ++end;
    if (const size_t gap = end - known.back() - 1; gap > 0) {
      for (const std::vector<std::string>& layout : layouts) {
        auto a = std::find(layout.begin(), layout.end(), key_at(cells[known.back()]));
        if (a != layout.end() && layout.end() - a == static_cast<long>(gap + 1)) {
          assign(layout, a - layout.begin() + 1, known.back() + 1, gap);
          break;
        }
      }
    }
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

  // The 按收入性质分 / 按支出性质分 block: from its header on, each cell is "label:amount".
  // Returns whether the row belonged to it.
  bool ReadFundsBy(const TableView& view, int row, const std::vector<const Cell*>& cells) {
    static const char* const kSource[][2] = {
        {"funds_by.general_public_budget", "general_public_budget"},
        {"funds_by.government_fund", "government_fund"},
        {"funds_by.special_account_non_tax", "special_account_non_tax"},
        {"funds_by.other", "other"}};
    static const char* const kUse[][2] = {{"funds_by.basic", "basic"},
                                          {"funds_by.project", "project"}};
    bool read = false;
    for (const Cell* cell : cells) {
      if (cell->row != row) continue;
      const std::string& text = view.Text(cell);
      if (p_.PrefixLength("funds_by.source_header", text) > 0) {
        in_funds_by_ = true;
        read = true;
        funds_by_source_ = Json::object();
        for (const auto& [key, field] : kSource) funds_by_source_[field] = nullptr;
        continue;
      }
      if (p_.PrefixLength("funds_by.use_header", text) > 0) {
        in_funds_by_ = true;
        read = true;
        funds_by_use_ = Json::object();
        for (const auto& [key, field] : kUse) funds_by_use_[field] = nullptr;
        continue;
      }
      if (!in_funds_by_) continue;
      auto take = [&](const auto& labels, Json& block, const char* block_name) {
        for (const auto& [key, field] : labels) {
          const size_t length = p_.PrefixLength(key, text);
          if (length == 0 || !block.is_object()) continue;
          std::string value = text.substr(length);
          while (!value.empty() && (value.front() == ':' || value.front() == ';')) {
            value.erase(0, 1);
          }
          Correction fixed{value};
          if (IsOcr(cell)) fixed = CorrectNumberText(p_, value, false);
          const std::string path = std::string(block_name) + "." + field;
          if (!value.empty()) Note(path, cell, &fixed);
          block[field] = NumberOrNull(ParseAmount(p_, fixed.text));
          return true;
        }
        return false;
      };
      if (take(kSource, funds_by_source_, "funds_by_source") ||
          take(kUse, funds_by_use_, "funds_by_use")) {
        read = true;
      }
    }
    // A row of the block may hold only empty cells and labels with no amount.
    if (!read && in_funds_by_) {
      for (const Cell* cell : cells) {
        if (cell->row == row && !view.Text(cell).empty()) {
          in_funds_by_ = false;  // something else: the block is over
          return false;
        }
      }
      return true;
    }
    return read;
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
      const std::string& merged = view.Text(name_cell);
      // The last row of a scanned table, an empty cell across the label columns: the 总分 row
      // whose label a seal hid. Its 分值 and 得分 still give the total, for review.
      if (columns_covered >= 3 && merged.empty() && view.ocr() &&
          row == view.table().rows - 1) {
        const bool had_weight = total_weight_.has_value(), had_score = total_score_.has_value();
        ReadTotal(view, row, *name_cell);
        if (!had_weight && total_weight_) Review("total.weight");
        if (!had_score && total_score_) Review("total.score");
        in_indicators_ = false;
        return;
      }
      // (An empty cell, or an indicator's own "指标 N:" cell, merged over its row by lost
      // rulings is no such block-wide row: it is skipped, and the rows after it are read.)
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
    // A department form has every key on every row (docs/records.md); a project form the
    // columns of its layout.
    if (has_unit || department_) indicator["unit"] = noted("ind.unit", "unit");
    if (department_) {
      indicator["nature"] = TextOrNull(SignText(view, cell("ind.nature"), at + "nature"));
    }
    indicator["target"] = TextOrNull(QuantityText(view, cell("ind.target"), at + "target"));
    if (department_) {
      indicator["adjusted_target"] =
          TextOrNull(QuantityText(view, cell("ind.adjusted_target"), at + "adjusted_target"));
    }
    indicator["actual"] = TextOrNull(QuantityText(view, cell("ind.actual"), at + "actual"));
    if (has_coefficient || department_) {
      indicator["coefficient"] =
          NumberOrNull(Number(view, cell("ind.coefficient"), at + "coefficient", false));
    }
    indicator["weight"] = NumberOrNull(Number(view, cell("ind.weight"), at + "weight", false));
    indicator["score"] = NumberOrNull(Number(view, cell("ind.score"), at + "score", false));
    if (department_) {
      const std::string core = Text(view, cell("ind.core"), at + "core");
      indicator["core"] = p_.Matches("value.yes", core)  ? Json(true)
                          : p_.Matches("value.no", core) ? Json(false)
                                                         : Json(nullptr);
    }
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

  Json header_ = Json::object();
  Json signoff_ = Json::object();
  std::map<std::string, Json> funds_;
  Columns funds_columns_, goals_columns_, indicator_columns_;
  std::optional<int> goals_header_row_;
  int funds_header_row_ = -2;
  int indicator_header_row_ = -1;
  bool in_indicators_ = false;
  std::map<std::string, std::string> goals_;  // goals.planned … → text
  Json funds_by_source_, funds_by_use_;      // null: the form has no such block
  bool in_funds_by_ = false;
  const bool department_;
  Json indicators_ = Json::array();
  std::optional<double> total_weight_, total_score_;
};

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

bool MatchesAnyLabel(const Patterns& p, const std::string& text) {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> keys = kFundsKeys;
    keys.insert(keys.end(), kIndicatorKeys.begin(), kIndicatorKeys.end());
    for (const std::string& key : KeysOf(kFundsRows)) keys.push_back(key);
    for (const std::string& key : KeysOf(kHeaderLabels)) keys.push_back(key);
    for (const char* key : {"goals.block", "goals.planned", "goals.adjusted", "goals.achieved",
                            "department.marker", "total.label"}) {
      keys.push_back(key);
    }
    return keys;
  }();
  for (const std::string& key : kKeys) {
    if (p.Matches(key, text)) return true;
  }
  return false;
}

namespace {

// The kind of form a table starts, by its labels; "" when it starts none.
// The sheets come first: their labels occur in no project or department table, while an
// OCR'd sheet row label "项目支出:" snaps to 项目支出名称 and would start a project form.
std::string KindOf(const Patterns& p, const TableView& view) {
  if (StartsBasicDataSheet(p, view)) return "department_basic_data";
  if (StartsEvaluationSummary(p, view)) return "evaluation_summary";
  if (StartsProjectForm(p, view)) return "project_self_evaluation";
  if (StartsDepartmentForm(p, view)) return "department_self_evaluation";
  return "";
}

Json ReadForm(const Patterns& p, const FormParts& form, const MapOptions& options) {
  if (form.kind == "department_basic_data") return ReadBasicDataSheet(p, form, options);
  if (form.kind == "evaluation_summary") return ReadEvaluationSummary(p, form, options);
  const bool department = form.kind == "department_self_evaluation";
  ProjectFormReader reader(p, options, department);
  for (const Table* table : form.tables) reader.ReadTable(*table);
  for (const std::string& line : form.below) reader.ReadLine(line);
  for (const std::string& line : form.above) reader.ReadLine(line);
  const char* title = department ? "title.department_form" : "title.project_form";
  return reader.Record(FindYear(p, form.above, title), form.pages);
}

}  // namespace

std::vector<Json> MapDocument(const Patterns& p, const std::vector<PageLayout>& pages,
                              const MapOptions& options) {
  // What each table (or run of pages without forms) became, in document order.
  struct Item {
    int form = -1;                 // index into `forms`
    const Table* table = nullptr;  // an unrecognized table
    const PageLayout* layout = nullptr;
    std::optional<Json> narrative;
  };
  std::vector<Item> items;
  std::vector<FormParts> forms;
  std::map<const Table*, int> form_of_table;
  const Table* previous_table = nullptr;  // the table just before, anywhere in the document
  const PageLayout* previous_layout = nullptr;
  // Text of the current run of pages that hold no form (a report's pages), and the item its
  // record goes to (before the unrecognized tables of its pages).
  std::vector<NarrativeLine> narrative_lines;
  std::set<int> narrative_pages;
  std::optional<size_t> narrative_item;
  auto end_narrative = [&] {
    if (narrative_item) {
      std::optional<Json> record = ReadNarrative(p, narrative_lines, narrative_pages, options);
      if (record) {
        items[*narrative_item].narrative = std::move(record);
      } else {
        items.erase(items.begin() + *narrative_item);
      }
    }
    narrative_item.reset();
    narrative_lines.clear();
    narrative_pages.clear();
  };

  for (const PageLayout& layout : pages) {
    const size_t page_items = items.size();
    bool has_form = false;  // a table of the page starts or continues a form
    for (const Table& table : layout.tables) {
      TableView view(p, table);
      const std::string kind = KindOf(p, view);
      // A table that starts no form continues the form of the table just before it when that
      // form is not finished: a project or department form until its 总分 row; a sheet when
      // this table is the first of the next page and the sheet's table was the last of its.
      bool continues = false;
      if (kind.empty() && previous_table != nullptr && form_of_table.contains(previous_table)) {
        const FormParts& last = forms[form_of_table[previous_table]];
        const bool has_total_row = last.kind == "project_self_evaluation" ||
                                   last.kind == "department_self_evaluation";
        const bool next_page = &table == &layout.tables.front() && previous_layout != &layout &&
                               previous_table == &previous_layout->tables.back();
        continues = has_total_row ? !last.has_total : next_page;
      }
      if (!kind.empty() || continues) {
        if (!has_form) end_narrative();
        has_form = true;
        if (!kind.empty()) {
          forms.emplace_back();
          forms.back().kind = kind;
          items.push_back({static_cast<int>(forms.size()) - 1, nullptr, &layout});
        }
        FormParts& form = continues ? forms[form_of_table[previous_table]] : forms.back();
        form.tables.push_back(&table);
        form.pages.insert(layout.page);
        form.has_total = form.has_total || HasTotalRow(p, view);
        form_of_table[&table] = continues ? form_of_table[previous_table]
                                          : static_cast<int>(forms.size()) - 1;
      } else {
        items.push_back({-1, &table, &layout});
      }
      previous_table = &table;
      previous_layout = &layout;
    }
    if (!has_form) {  // a report's page, maybe with tables of its own (they are kept as well)
      if (!narrative_item) {  // before the page's tables
        narrative_item = page_items;
        items.insert(items.begin() + page_items, Item{});
      }
      for (const TextLine& line : layout.lines) {
        std::string text = NormalizeText(line.text);
        if (!text.empty()) {
          narrative_lines.push_back({std::move(text), layout.page, line.box, line.confidence});
        }
      }
      narrative_pages.insert(layout.page);
      continue;
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
  end_narrative();

  std::vector<Json> records;
  for (Item& item : items) {
    if (item.narrative) {
      records.push_back(std::move(*item.narrative));
    } else if (item.form < 0) {
      records.push_back(UnrecognizedTable(*item.table, *item.layout));
    } else {
      records.push_back(ReadForm(p, forms[item.form], options));
    }
  }
  return records;
}

}  // namespace jixiao
