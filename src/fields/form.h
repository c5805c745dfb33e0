// Inside the fields stage: what the readers of the form kinds share. MapDocument (map.cc)
// sorts a document's tables into form instances (FormParts) by their labels, then hands each
// to the reader of its kind:
//   project_self_evaluation, department_self_evaluation   map.cc
//   department_basic_data, evaluation_summary             sheets.cc
//   narrative_report (pages without forms)                narrative.cc
// Every reader takes normalized text through a TableView, notes where each field was read
// through a FieldReader (provenance, and review for OCR'd cells), and returns its record
// without "checks"/"grade" (the checker adds those) and with "source": {"pages"}.
#ifndef JIXIAO_FIELDS_FORM_H_
#define JIXIAO_FIELDS_FORM_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fields/fields.h"
#include "fields/patterns.h"

namespace jixiao {

// 10 for 10.0 (integral values print as integers, as SPEC's examples do); null for nullopt.
Json NumberOrNull(std::optional<double> value);
Json TextOrNull(const std::string& text);
// {"pages": [...]} for a record's "source".
Json SourcePages(const std::set<int>& pages);
// The cell was OCR'd (born-digital cells have confidence 1).
inline bool IsOcr(const Cell* cell) { return cell != nullptr && cell->confidence < 1.0; }
// `text` is one of the labels of the project and department forms.
bool MatchesAnyLabel(const Patterns& p, const std::string& text);

// A table with its cells' normalized text computed once. An OCR'd cell that is no label but
// lies within a few edits of one (labels are a closed vocabulary) reads as that label:
// "项旧名称" → 项目名称, "执行次" → 执行率. Values are not snapped here.
class TableView {
 public:
  TableView(const Patterns& p, const Table& table);

  // Some cell of the table was OCR'd (so the table is a scan's).
  bool ocr() const { return ocr_; }
  const Table& table() const { return table_; }
  const Cell* At(int row, int col) const { return table_.At(row, col); }
  const std::string& Text(const Cell* cell) const;
  // The cells that start in `row`, left to right.
  std::vector<const Cell*> StartingIn(int row) const;
  // The distinct cells covering `row`, left to right (including ones merged from above).
  std::vector<const Cell*> Covering(int row) const;

 private:
  const Table& table_;
  std::unordered_map<const Cell*, std::string> text_;
  bool ocr_ = false;
};

// Header columns of a block: key → first grid column of the header cell.
using Columns = std::map<std::string, int, std::less<>>;

// Finds, among `cells` of one row, the columns of the header keys they match. A cell gives
// its column to the first key (in `keys` order) it matches that has no column yet.
Columns MatchHeader(const Patterns& p, const TableView& view, const std::vector<const Cell*>& cells,
                    const std::vector<std::string>& keys);

// Sign-off lines (填报人: 王刚 联系电话: … 填报日期: …), under a form or inside its table.
bool IsSignoffText(const Patterns& p, std::string_view text);
// Reads the sign-off labels of one normalized line into `signoff` (first value wins);
// `signoff` holds unit_head, filler, phone and date.
void ReadSignoff(const Patterns& p, const std::string& text, Json& signoff);
Json EmptySignoff();

// The year of a form from the lines above it: the title line naming the form (pattern
// `title_key`, read with the line before it, as long titles wrap), else the nearest line
// printing "YYYY年(度)".
std::optional<int> FindYear(const Patterns& p, const std::vector<std::string>& above,
                            const char* title_key = "title.project_form");
// The year that pattern `key` (value.year, value.year_of) captures in `text`.
std::optional<int> YearFromLine(const Patterns& p, const std::string& text, const char* key);

// Where each field of one record was read, and which ones a person should look at.
class FieldReader {
 public:
  FieldReader(const Patterns& p, const MapOptions& options) : p_(p), options_(options) {}

  // The page of the table being read (for provenance).
  void SetPage(int page) { page_ = page; }
  // Records where field `path` was read and, for an OCR'd cell, whether a person should look
  // at it: low confidence, corrected, or doubtful. Born-digital cells add provenance only.
  void Note(const std::string& path, const Cell* cell, const Correction* correction = nullptr);
  // Puts `path` into review (a field the form must have but that was not found in a scan).
  void Review(const std::string& path);
  // A number read from `cell`: corrected where certain when the cell is OCR'd.
  std::optional<double> Number(const TableView& view, const Cell* cell, const std::string& path,
                               bool percent);
  // A target/actual text, corrected where certain when the cell is OCR'd.
  std::string QuantityText(const TableView& view, const Cell* cell, const std::string& path);
  // A 指标性质 cell, a comparator alone: OCR'd, a character that stands for ≥ or ≤ in front of
  // a figure (ocr.sign_reads_ge, ocr.sign_reads_le) stands for it here too, reviewed.
  std::string SignText(const TableView& view, const Cell* cell, const std::string& path);
  // A 一级/二级 name: snapped to the framework's closed vocabulary when OCR'd.
  std::string LevelText(const TableView& view, const Cell* cell, const std::string& path);
  // Every indicator whose OCR'd level1 reads as no level name gets the level1 its level2
  // belongs to (patterns ocr.level1_of.*), into review; only when another indicator's level1
  // is one of those names, so a form with level names of its own keeps them.
  void Level1FromLevel2(Json& indicators);
  // Plain text of a cell, noted.
  std::string Text(const TableView& view, const Cell* cell, const std::string& path);

  // A field came from an OCR'd cell.
  bool any_ocr() const { return any_ocr_; }
  // Adds "review" and "provenance" to `record` when a field came from an OCR'd cell.
  void AddTo(Json& record) const;

 protected:
  const Patterns& p_;
  const MapOptions& options_;
  int page_ = 0;  // of the table being read
  bool any_ocr_ = false;
  Json review_ = Json::array();
  std::set<std::string> reviewed_;
  Json provenance_ = Json::object();
};

// One form instance: its tables (in document order) and the text lines given to it.
struct FormParts {
  std::string kind;                // the "form" value it will get
  std::vector<const Table*> tables;
  std::vector<std::string> above;  // normalized lines above its tables, top to bottom
  std::vector<std::string> below;  // lines below them
  std::set<int> pages;
  bool has_total = false;          // a 总分 / 自评总分 row was seen: the form is finished
};

// --- The readers of the kinds (each: does a table start one, by its labels; its record). ---

// sheets.cc
bool StartsBasicDataSheet(const Patterns& p, const TableView& view);
Json ReadBasicDataSheet(const Patterns& p, const FormParts& form, const MapOptions& options);
bool StartsEvaluationSummary(const Patterns& p, const TableView& view);
Json ReadEvaluationSummary(const Patterns& p, const FormParts& form, const MapOptions& options);

// narrative.cc: `lines` are the text lines of a run of pages that hold no form, in reading
// order, and `pages` those pages. A narrative_report record when the text is a report (names
// one: 绩效自评报告, 绩效评价报告 …), else nullopt. OCR'd lines (confidence < 1) give the
// record `review` and `provenance` as the forms' cells do.
struct NarrativeLine {
  std::string text;  // normalized
  int page = 0;
  Box box;
  double confidence = 1.0;
};
std::optional<Json> ReadNarrative(const Patterns& p, const std::vector<NarrativeLine>& lines,
                                  const std::set<int>& pages, const MapOptions& options);

}  // namespace jixiao

#endif  // JIXIAO_FIELDS_FORM_H_
