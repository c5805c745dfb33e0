// department_basic_data and evaluation_summary (docs/records.md): the two sheets that are
// neither project nor department forms. Like map.cc, nothing here knows where a field sits:
// blocks are found by their header rows, rows by their printed labels, columns by the header
// cell above them.
//
//   基础数据表 (seed 002, 附件1)                            汇总表 (seed 003, 附件2)
//   +--------------+------+-----------+------+            +----------+------+------+----+
//   |财政供养人员情况| 编制数| 2023年实际…| 控制率|← header   | 统计内容  |应评价数|已评价数|    |
//   |              |  42  |    43     | 102% |← numbers  | 项目数量  |  23  |  23  |    |
//   |经费控制情况    |2022年决算数|2023年预算数|2023年决算数| | 资金总量  |568.64|568.64|    |
//   |三公经费:       | 4.18 |    16     | 4.18 |← by label |绩效评价等级| 优   |其中:优| 20 |← the
//   |1、公务用车…    |      |           |      |            |          |      |  良  |    |  count
//   |楼堂馆所控制情况|批复规模|实际规模|规模控制率|…         |          |      |  差  |  3 |  beside
//   |              |  无  |      |      |…                  +----------+------+------+----+
//   |厉行节约保障措施| 严格执行单位财务管理制度…  |
//
// The labels are data (patterns/sheets.txt). OCR'd labels that match none are snapped to the
// sheets' own vocabulary (ocr.sheet_label_spelling) before they are matched.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "common/text.h"
#include "fields/form.h"

namespace jixiao {
namespace {

const char* const kStaffColumns[][2] = {{"sheet.staff.authorized", "authorized"},
                                        {"sheet.staff.actual", "actual"},
                                        {"sheet.staff.control_rate", "control_rate"}};
const char* const kBuildingColumns[][2] = {
    {"sheet.bld.approved_area", "approved_area"},
    {"sheet.bld.actual_area", "actual_area"},
    {"sheet.bld.area_control_rate", "area_control_rate"},
    {"sheet.bld.budgeted_investment", "budgeted_investment"},
    {"sheet.bld.actual_investment", "actual_investment"},
    {"sheet.bld.investment_control_rate", "investment_control_rate"}};
const char* const kExpenseRows[][2] = {
    {"sheet.row.three_public", "three_public"},
    {"sheet.row.vehicles", "vehicles"},
    {"sheet.row.vehicle_purchase", "vehicle_purchase"},
    {"sheet.row.vehicle_operation", "vehicle_operation"},
    {"sheet.row.overseas", "overseas"},
    {"sheet.row.reception", "reception"},
    {"sheet.row.project", "project"},
    {"sheet.row.project_operations", "project_operations"},
    {"sheet.row.project_maintenance", "project_maintenance"},
    {"sheet.row.public", "public"},
    {"sheet.row.office", "office"},
    {"sheet.row.utilities_travel", "utilities_travel"},
    {"sheet.row.meetings_training", "meetings_training"},
    {"sheet.row.procurement", "procurement"},
    {"sheet.row.basic_adjustment", "basic_adjustment"}};
// The three expense columns, in the order a row prints them.
const char* const kExpenseFields[] = {"prior_year_final", "budget", "final"};
const char* const kGrades[] = {"优", "良", "中", "差"};

// Every label key of the sheets: a cell matching one is a label as printed, not a misreading.
const std::vector<std::string>& SheetLabelKeys() {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> keys = {
        "sheet.staff",          "sheet.expenses",       "sheet.buildings",
        "sheet.savings",        "sheet.department",     "sheet.col.final_of_year",
        "sheet.col.prior_final", "sheet.col.final",     "sheet.col.budget",
        "summary.header",       "summary.due",          "summary.evaluated",
        "summary.row_projects", "summary.row_funds",    "summary.grade",
        "summary.department"};
    for (const auto& [key, field] : kStaffColumns) keys.push_back(key);
    for (const auto& [key, field] : kBuildingColumns) keys.push_back(key);
    for (const auto& [key, field] : kExpenseRows) keys.push_back(key);
    return keys;
  }();
  return kKeys;
}

bool IsSheetLabel(const Patterns& p, const std::string& text) {
  for (const std::string& key : SheetLabelKeys()) {
    if (p.Matches(key, text)) return true;
  }
  return false;
}

// What a cell says as a label of the sheets: its text without row numbering ("1、"), "其中:"
// and a trailing colon; an OCR'd one that is no label is snapped to the sheets' vocabulary.
std::string SheetLabel(const Patterns& p, const TableView& view, const Cell* cell) {
  // An OCR'd cell is read from its own text: TableView may have snapped it to a project
  // label ("项目支出:" lies within two edits of 项目支出名称).
  std::string text = IsOcr(cell) ? NormalizeText(cell->text) : view.Text(cell);
  if (size_t prefix = p.PrefixLength("sheet.row_prefix", text); prefix < text.size()) {
    text.erase(0, prefix);
  }
  while (!text.empty() && (text.back() == ':' || text.back() == ';')) text.pop_back();
  if (IsOcr(cell) && !text.empty() && !IsSheetLabel(p, text)) {
    if (auto snapped = SnapToVocabulary(p, "ocr.sheet_label_spelling", text)) return *snapped;
    // A header printing a year ("2023年决自数", "2023年实际在职人效"): the words after it.
    const size_t year = p.PrefixLength("sheet.year_prefix", text);
    if (year > 0 && year < text.size()) {
      const std::string_view words = std::string_view(text).substr(year);
      if (auto snapped = SnapToVocabulary(p, "ocr.sheet_label_spelling", words)) {
        return text.substr(0, year) + *snapped;
      }
    }
  }
  return text;
}

// The field of the first {key, field} entry of `table` whose key `label` matches, or nullptr.
template <size_t N>
const char* FieldOf(const Patterns& p, const char* const (&table)[N][2], const std::string& label) {
  for (const auto& [key, field] : table) {
    if (p.Matches(key, label)) return field;
  }
  return nullptr;
}

// The columns of a header row: field → grid column of the first cell matching its key.
template <size_t N>
Columns HeaderColumns(const Patterns& p, const TableView& view,
                      const std::vector<const Cell*>& cells, const char* const (&table)[N][2]) {
  Columns columns;
  for (const Cell* cell : cells) {
    const char* field = FieldOf(p, table, SheetLabel(p, view, cell));
    if (field != nullptr && !columns.contains(field)) columns[field] = cell->col;
  }
  return columns;
}

// The expense header (2022年决算数 | 2023年预算数 | 2023年决算数): of two "YYYY年决算数"
// columns the earlier year's is prior_year_final; a lone one is prior_year_final only when its
// year comes before the 预算数 column's.
Columns ExpenseColumns(const Patterns& p, const TableView& view,
                       const std::vector<const Cell*>& cells) {
  Columns columns;
  std::vector<std::pair<int, int>> finals;  // (year, column)
  std::optional<int> budget_year;
  for (const Cell* cell : cells) {
    const std::string label = SheetLabel(p, view, cell);
    std::vector<std::string> groups;
    if (p.FullMatch("sheet.col.final_of_year", label, &groups) && !groups.empty()) {
      finals.emplace_back(std::stoi(groups[0]), cell->col);
    } else if (p.Matches("sheet.col.prior_final", label)) {
      columns.try_emplace("prior_year_final", cell->col);
    } else if (p.Matches("sheet.col.final", label)) {
      columns.try_emplace("final", cell->col);
    } else if (p.Matches("sheet.col.budget", label) && !columns.contains("budget")) {
      columns["budget"] = cell->col;
      budget_year = YearFromLine(p, label, "value.year");
    }
  }
  std::stable_sort(finals.begin(), finals.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (finals.size() >= 2) {
    columns.try_emplace("prior_year_final", finals.front().second);
    columns.try_emplace("final", finals.back().second);
  } else if (finals.size() == 1) {
    const bool earlier = budget_year && finals[0].first < *budget_year;
    columns.try_emplace(earlier ? "prior_year_final" : "final", finals[0].second);
  }
  return columns;
}

// The cell of column `col` in `row` when it holds a value of that row: not the label itself
// and not a header cell reaching down into the row.
const Cell* ValueCell(const TableView& view, int row, int col, const Cell* label, int header_row) {
  const Cell* cell = view.At(row, col);
  if (cell == nullptr || cell == label || cell->row <= header_row) return nullptr;
  return cell;
}

// Some column of `columns` has a cell starting in `row` below the header: the row of values.
bool StartsValueRow(const TableView& view, const Columns& columns, int row, int header_row) {
  for (const auto& [field, col] : columns) {
    const Cell* cell = view.At(row, col);
    if (cell != nullptr && cell->row == row && cell->row > header_row) return true;
  }
  return false;
}

// The first non-empty cell right of `label` in `row`, or nullptr.
const Cell* RightOf(const TableView& view, int row, const Cell& label) {
  for (int col = label.col + label.colspan; col < view.table().cols;) {
    const Cell* cell = view.At(row, col);
    if (cell == nullptr) break;
    if (!view.Text(cell).empty()) return cell;
    col = cell->col + cell->colspan;
  }
  return nullptr;
}

// The value after a label found inside a line: "填报部门:大厂…局" → "大厂…局".
std::string ValueAfter(const std::string& line, size_t from) {
  std::string value = line.substr(from);
  while (!value.empty() && (value.front() == ':' || value.front() == ';' || value.front() == ' ')) {
    value.erase(0, 1);
  }
  return value;
}

// The signoff labels of a row written inside a table ("填表人 | 王刚 | 联系电话 | …").
void ReadSignoffRow(const Patterns& p, const TableView& view, int row, Json& signoff) {
  std::string joined;
  for (const Cell* cell : view.StartingIn(row)) joined += view.Text(cell);
  if (IsSignoffText(p, joined)) ReadSignoff(p, joined, signoff);
}

// Sign-off lines under the sheet, then above it (the first value of each label wins).
void ReadSignoffLines(const Patterns& p, const FormParts& form, Json& signoff) {
  for (const auto* lines : {&form.below, &form.above}) {
    for (const std::string& line : *lines) {
      if (IsSignoffText(p, line)) ReadSignoff(p, line, signoff);
    }
  }
}

class SheetReader : public FieldReader {
 public:
  using FieldReader::FieldReader;

 protected:
  // The end every sheet's record shares: its sign-off (lines under and above it), source
  // pages, and provenance/review.
  Json Finish(Json record, const FormParts& form) {
    Json signoff = signoff_;
    ReadSignoffLines(p_, form, signoff);
    record["signoff"] = signoff;
    record["source"] = SourcePages(form.pages);
    AddTo(record);
    return record;
  }

  Json signoff_ = EmptySignoff();  // read from the rows inside the sheet

  // A number from `cell`; "无", "—" are no number (and no OCR doubt).
  Json NumberAt(const TableView& view, const Cell* cell, const std::string& path, bool percent) {
    if (p_.Matches("sheet.none", view.Text(cell))) {
      Note(path, cell);
      return nullptr;
    }
    return NumberOrNull(Number(view, cell, path, percent));
  }
};

class BasicDataReader : public SheetReader {
 public:
  using SheetReader::SheetReader;

  void ReadTable(const Table& table) {
    TableView view(p_, table);
    page_ = table.page;
    // Header rows are rows of one table: a table that continues the sheet reads its first
    // rows with the columns of the table before.
    staff_header_row_ = expense_header_row_ = building_header_row_ = -1;
    view_ocr_ = view_ocr_ || view.ocr();
    for (int row = 0; row < table.rows; ++row) ReadRow(view, row);
  }

  Json Record(const FormParts& form) {
    Json record = Json::object();
    record["form"] = "department_basic_data";
    std::optional<int> year = FindYear(p_, form.above, "title.basic_data");
    record["year"] = year ? Json(*year) : Json(nullptr);
    if (department_.is_null()) department_ = DepartmentFromLines(form.above);
    record["department"] = department_;
    if (view_ocr_ && staff_.is_null()) Review("staff");
    if (view_ocr_ && expenses_.empty()) Review("expenses");
    record["staff"] = staff_;
    record["expenses"] = expenses_.empty() ? Json(nullptr) : expenses_;
    record["buildings"] = buildings_;
    record["savings_measures"] = savings_;
    return Finish(std::move(record), form);
  }

 private:
  void ReadRow(const TableView& view, int row) {
    const std::vector<const Cell*> starting = view.StartingIn(row);

    // Header rows of the three blocks.
    if (Columns staff = HeaderColumns(p_, view, starting, kStaffColumns); staff.size() >= 2) {
      staff_columns_ = staff;
      staff_header_row_ = row;
      staff_pending_ = staff_.is_null();
      return;
    }
    if (Columns expenses = ExpenseColumns(p_, view, starting); expenses.size() >= 2) {
      expense_columns_ = expenses;
      expense_header_row_ = row;
      return;
    }
    if (Columns buildings = HeaderColumns(p_, view, starting, kBuildingColumns);
        buildings.size() >= 2) {
      building_columns_ = buildings;
      building_header_row_ = row;
      buildings_pending_ = buildings_.is_null();
      return;
    }

    // The row of numbers under a staff or buildings header.
    if (staff_pending_ && StartsValueRow(view, staff_columns_, row, staff_header_row_)) {
      staff_ = ReadValues(view, row, staff_columns_, kStaffColumns, "staff", staff_header_row_);
      staff_pending_ = false;
      return;
    }
    if (buildings_pending_ && StartsValueRow(view, building_columns_, row, building_header_row_)) {
      buildings_ = ReadValues(view, row, building_columns_, kBuildingColumns, "buildings",
                              building_header_row_);
      buildings_pending_ = false;
      return;
    }

    // Labelled rows: expenses, 厉行节约保障措施, 部门名称.
    for (const Cell* cell : view.Covering(row)) {
      const std::string label = SheetLabel(p_, view, cell);
      if (label.empty()) continue;
      if (p_.Matches("sheet.savings", label)) {
        if (savings_.is_null()) {
          savings_ = TextOrNull(Text(view, RightOf(view, row, *cell), "savings_measures"));
        }
        return;
      }
      if (p_.Matches("sheet.department", label)) {
        if (department_.is_null()) {
          department_ = TextOrNull(Text(view, RightOf(view, row, *cell), "department"));
        }
        return;
      }
      const char* name = FieldOf(p_, kExpenseRows, label);
      if (name != nullptr && !expense_columns_.empty()) {
        if (!expenses_.contains(name)) ReadExpenseRow(view, row, *cell, name);
        return;
      }
    }
    ReadSignoffRow(p_, view, row, signoff_);
  }

  template <size_t N>
  Json ReadValues(const TableView& view, int row, const Columns& columns,
                  const char* const (&table)[N][2], const std::string& block, int header_row) {
    Json values = Json::object();
    for (const auto& [key, field] : table) {
      auto it = columns.find(field);
      const Cell* cell =
          it == columns.end() ? nullptr : ValueCell(view, row, it->second, nullptr, header_row);
      const bool percent = std::string_view(field).ends_with("rate");
      values[field] = NumberAt(view, cell, block + "." + field, percent);
    }
    return values;
  }

  void ReadExpenseRow(const TableView& view, int row, const Cell& label, const char* name) {
    Json values = Json::object();
    for (const char* field : kExpenseFields) {
      auto it = expense_columns_.find(field);
      const Cell* cell = it == expense_columns_.end()
                             ? nullptr
                             : ValueCell(view, row, it->second, &label, expense_header_row_);
      values[field] = NumberAt(view, cell, std::string("expenses.") + name + "." + field, false);
    }
    expenses_[name] = values;
  }

  // "部门名称: X" printed above the sheet.
  Json DepartmentFromLines(const std::vector<std::string>& lines) const {
    for (const std::string& line : lines) {
      if (size_t length = p_.PrefixLength("sheet.department", line); length > 0) {
        return TextOrNull(ValueAfter(line, length));
      }
    }
    return nullptr;
  }

  Columns staff_columns_, expense_columns_, building_columns_;
  int staff_header_row_ = -1, expense_header_row_ = -1, building_header_row_ = -1;
  bool staff_pending_ = false, buildings_pending_ = false, view_ocr_ = false;
  Json staff_ = nullptr;
  Json expenses_ = Json::object();
  Json buildings_ = nullptr;
  Json savings_ = nullptr;
  Json department_ = nullptr;
};

class SummaryReader : public SheetReader {
 public:
  using SheetReader::SheetReader;

  void ReadTable(const Table& table) {
    TableView view(p_, table);
    page_ = table.page;
    header_row_ = -1;
    view_ocr_ = view_ocr_ || view.ocr();
    for (int row = 0; row < table.rows; ++row) ReadRow(view, row);
  }

  Json Record(const FormParts& form) {
    Json record = Json::object();
    record["form"] = "evaluation_summary";
    std::optional<int> year = FindYear(p_, form.above, "title.summary");
    record["year"] = year ? Json(*year) : Json(nullptr);
    if (department_.is_null()) department_ = DepartmentFromLines(form.above);
    record["department"] = department_;
    for (const char* field : {"projects_due", "projects_evaluated", "funds_due",
                              "funds_evaluated"}) {
      record[field] = values_.contains(field) ? values_[field] : Json(nullptr);
      // The sheet always prints these: in a scan, a missing one was lost by the OCR.
      if (view_ocr_ && record[field].is_null()) Review(field);
    }
    Json grades = Json::object();
    for (const char* grade : kGrades) {
      grades[grade] = grades_.contains(grade) ? grades_[grade] : Json(nullptr);
    }
    record["grades"] = grades;
    return Finish(std::move(record), form);
  }

 private:
  void ReadRow(const TableView& view, int row) {
    const std::vector<const Cell*> starting = view.StartingIn(row);
    // The header: 应评价数 / 已评价数 (either is enough: OCR may lose the other).
    Columns header;
    for (const Cell* cell : starting) {
      const std::string label = SheetLabel(p_, view, cell);
      if (p_.Matches("summary.due", label)) header.try_emplace("due", cell->col);
      if (p_.Matches("summary.evaluated", label)) header.try_emplace("evaluated", cell->col);
    }
    if (!header.empty()) {
      columns_ = header;
      header_row_ = row;
      return;
    }

    const std::vector<const Cell*> covering = view.Covering(row);
    for (const Cell* cell : covering) {
      const std::string label = SheetLabel(p_, view, cell);
      if (label.empty()) continue;
      if (p_.Matches("summary.row_projects", label)) {
        ReadCounts(view, row, *cell, "projects_due", "projects_evaluated");
        return;
      }
      if (p_.Matches("summary.row_funds", label)) {
        ReadCounts(view, row, *cell, "funds_due", "funds_evaluated");
        return;
      }
      if (p_.Matches("summary.department", label) && department_.is_null()) {
        department_ = TextOrNull(Text(view, RightOf(view, row, *cell), "department"));
        return;
      }
    }
    if (ReadGrades(view, row, covering)) return;
    ReadSignoffRow(p_, view, row, signoff_);
  }

  void ReadCounts(const TableView& view, int row, const Cell& label, const char* due,
                  const char* evaluated) {
    for (const auto& [column, field] : {std::pair{"due", due}, std::pair{"evaluated", evaluated}}) {
      auto it = columns_.find(column);
      if (it == columns_.end() || values_.contains(field)) continue;
      values_[field] = NumberAt(view, ValueCell(view, row, it->second, &label, header_row_), field,
                                false);
    }
  }

  // Each grade label of the row with the cell beside it: its count. A grade label beside
  // another one ("优 | 其中:优 | 20", the first merged over the block) is not counted there.
  bool ReadGrades(const TableView& view, int row, const std::vector<const Cell*>& covering) {
    bool any = false;
    for (const Cell* cell : covering) {
      std::vector<std::string> groups;
      if (!p_.FullMatch("summary.grade", SheetLabel(p_, view, cell), &groups) || groups.empty()) {
        continue;
      }
      any = true;
      const Cell* beside = view.At(row, cell->col + cell->colspan);
      std::vector<std::string> ignored;
      if (beside != nullptr &&
          p_.FullMatch("summary.grade", SheetLabel(p_, view, beside), &ignored)) {
        continue;
      }
      const std::string& grade = groups[0];
      if (!grades_.contains(grade)) grades_[grade] = NumberAt(view, beside, "grades." + grade, false);
    }
    return any;
  }

  // "填报部门:大厂回族自治县医疗保障局" above the table; a unit printed on the same line
  // ("单位:万元") is cut off.
  Json DepartmentFromLines(const std::vector<std::string>& lines) const {
    for (const std::string& line : lines) {
      Span label;
      if (!p_.Search("summary.department", line, &label)) continue;
      std::string value = ValueAfter(line, label.end);
      if (Span unit; p_.Search("summary.unit", value, &unit)) value.resize(unit.begin);
      return TextOrNull(value);
    }
    return nullptr;
  }

  Columns columns_;
  int header_row_ = -1;
  bool view_ocr_ = false;
  Json values_ = Json::object();
  Json grades_ = Json::object();
  Json department_ = nullptr;
};

}  // namespace

bool StartsBasicDataSheet(const Patterns& p, const TableView& view) {
  // 三公经费 alone could be an indicator's name in a department form's continuation page:
  // it starts a sheet only with the expense header (YYYY年决算数 / YYYY年预算数).
  bool three_public = false, expense_header = false;
  for (const Cell& cell : view.table().cells) {
    const std::string label = SheetLabel(p, view, &cell);
    if (p.Matches("sheet.staff", label) || p.Matches("sheet.expenses", label)) return true;
    three_public = three_public || p.Matches("sheet.row.three_public", label);
  }
  for (int row = 0; row < view.table().rows && !expense_header; ++row) {
    expense_header = ExpenseColumns(p, view, view.StartingIn(row)).size() >= 2;
  }
  return three_public && expense_header;
}

Json ReadBasicDataSheet(const Patterns& p, const FormParts& form, const MapOptions& options) {
  BasicDataReader reader(p, options);
  for (const Table* table : form.tables) reader.ReadTable(*table);
  return reader.Record(form);
}

bool StartsEvaluationSummary(const Patterns& p, const TableView& view) {
  bool header = false, row = false;
  for (const Cell& cell : view.table().cells) {
    const std::string label = SheetLabel(p, view, &cell);
    header = header || p.Matches("summary.header", label) || p.Matches("summary.due", label) ||
             p.Matches("summary.evaluated", label);
    row = row || p.Matches("summary.row_projects", label) || p.Matches("summary.row_funds", label);
  }
  return header && row;
}

Json ReadEvaluationSummary(const Patterns& p, const FormParts& form, const MapOptions& options) {
  SummaryReader reader(p, options);
  for (const Table* table : form.tables) reader.ReadTable(*table);
  return reader.Record(form);
}

}  // namespace jixiao
