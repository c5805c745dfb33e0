// narrative_report (docs/records.md): the text of a run of pages without forms, when it is a
// report. Labels and grammars are patterns/narrative.txt; this file only decides which of
// their matches count.
//
// The figures are read from the whole text joined into one string, since a paragraph wraps
// over lines and a figure may be cut at a line end ("…执行数为425." / "394936万元"). Which spent
// figure belongs to the budget is the hard part. A report states many budgets and spendings
// (the department's, a project's, the 三公 expenses'); the spent figure kept is the first one
// that answers the first budget, i.e. that comes after it with no other budget stated in
// between. Seed 002 states 支出计划694.15万元 and later "三公"经费…支出预算为16万元,支出决算为
// 4.18万元: 4.18 answers the 16, not the 694.15, so the report states no executed total. A
// budget inside a 其中 clause only breaks the first one down and is no new budget (seed 004:
// 预算金额共6507.02万元,其中基本支出预算金额为115.7万元,… 部门决算共9422.85万元).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fields/form.h"

namespace jixiao {
namespace {

// The sign-off labels that, at the start of a line, make it a sign-off line (prose that
// merely mentions a 联系人 is not one).
const char* const kSignoffStarts[] = {"signoff.unit_head", "signoff.filler", "signoff.phone",
                                      "signoff.date", "signoff.filler_phone"};

bool StartsWithSignoff(const Patterns& p, const std::string& line) {
  for (const char* key : kSignoffStarts) {
    if (p.PrefixLength(key, line) > 0) return true;
  }
  return false;
}

// The index of the title line, and the title: the first line naming a report, with the line
// above it when the title was wrapped (the report line starts with the report words and the
// line above is no heading, sentence or sign-off).
struct Title {
  size_t line = 0;
  std::string text;
};
std::optional<Title> FindTitle(const Patterns& p, const std::vector<std::string>& lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!p.Matches("narrative.title", lines[i])) continue;
    Title title{i, lines[i]};
    if (i > 0 && p.Matches("narrative.title_tail", lines[i])) {
      const std::string& above = lines[i - 1];
      if (!p.Matches("narrative.not_title", above) && !StartsWithSignoff(p, above) &&
          !p.Matches("narrative.title", above)) {
        title.text = above + title.text;
      }
    }
    return title;
  }
  return std::nullopt;
}

// The last line that is a date and nothing else (the date under the signing line), or npos.
size_t ClosingDateLine(const Patterns& p, const std::vector<std::string>& lines) {
  for (size_t i = lines.size(); i-- > 0;) {
    if (ParseDate(p, lines[i])) return i;
  }
  return std::string::npos;
}

// The department and the index of the line it was read from.
std::pair<std::string, size_t> Department(const Patterns& p, const std::vector<std::string>& lines,
                                          const Title& title, size_t closing_date) {
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t label = p.PrefixLength("narrative.department_label", lines[i]);
    if (label == 0) continue;
    std::string value = lines[i].substr(label);
    while (!value.empty() && value.front() == ':') value.erase(0, 1);
    if (!value.empty()) return {value, i};
  }
  std::vector<std::string> groups;
  if (p.FullMatch("narrative.title_department", title.text, &groups) && !groups.empty() &&
      !groups[0].empty()) {
    return {groups[0], title.line};
  }
  if (closing_date != std::string::npos && closing_date > 0 &&
      p.Matches("narrative.agency", lines[closing_date - 1])) {
    return {lines[closing_date - 1], closing_date - 1};
  }
  return {"", 0};
}

// One budget or spent figure found in the text.
struct Figure {
  Span span;
  double value = 0;
  bool breakdown = false;  // a budget inside a 其中 clause
};

// Every match of `key` (a grammar whose group 1 is the amount in 万元) in `text`.
std::vector<Figure> Figures(const Patterns& p, const char* key, const std::string& text) {
  std::vector<Figure> figures;
  for (const Span& span : p.FindAll(key, text)) {
    std::vector<std::string> groups;
    const std::string match = text.substr(span.begin, span.end - span.begin);
    if (!p.FullMatch(key, match, &groups) || groups.empty()) continue;
    if (std::optional<double> value = ParseAmount(p, groups[0])) {
      figures.push_back({span, *value});
    }
  }
  return figures;
}

// Marks the budgets whose clause (from the last clause end before them) holds a 其中.
void MarkBreakdowns(const Patterns& p, const std::string& text, std::vector<Figure>& budgets) {
  const std::vector<Span> ends = p.FindAll("narrative.clause_end", text);
  for (Figure& budget : budgets) {
    size_t clause_begin = 0;
    for (const Span& end : ends) {
      if (end.end > budget.span.begin) break;
      clause_begin = end.end;
    }
    Span where;
    budget.breakdown = p.Search(
        "narrative.breakdown",
        std::string_view(text).substr(clause_begin, budget.span.begin - clause_begin), &where);
  }
}

struct Totals {
  std::optional<double> budget, executed, rate;
  size_t budget_at = 0, executed_at = 0, rate_at = 0;  // byte offsets in the text
};

Totals ReadTotals(const Patterns& p, const std::string& text) {
  Totals totals;
  std::vector<Figure> budgets = Figures(p, "narrative.budget", text);
  if (!budgets.empty()) {
    MarkBreakdowns(p, text, budgets);
    const Figure& first = budgets.front();
    totals.budget = first.value;
    totals.budget_at = first.span.begin;
    // The spent figure answering the first budget: before any other (non-breakdown) budget.
    size_t next_budget = text.size();
    for (size_t i = 1; i < budgets.size(); ++i) {
      if (!budgets[i].breakdown) {
        next_budget = budgets[i].span.begin;
        break;
      }
    }
    for (const Figure& spent : Figures(p, "narrative.executed", text)) {
      if (spent.span.begin < first.span.end) continue;
      if (spent.span.begin < next_budget) {
        totals.executed = spent.value;
        totals.executed_at = spent.span.begin;
      }
      break;
    }
  }
  std::vector<std::string> groups;
  Span where;
  if (p.Search("narrative.rate", text, &where, &groups) && !groups.empty()) {
    totals.rate = ParsePercent(p, groups[0]);
    totals.rate_at = where.begin;
  }
  return totals;
}

}  // namespace

std::optional<Json> ReadNarrative(const Patterns& p, const std::vector<NarrativeLine>& lines,
                                  const std::set<int>& pages, const MapOptions& options) {
  std::vector<const NarrativeLine*> read;  // the lines with text, and their texts
  std::vector<std::string> text_lines;
  for (const NarrativeLine& line : lines) {
    if (line.text.empty()) continue;
    read.push_back(&line);
    text_lines.push_back(line.text);
  }
  std::optional<Title> title = FindTitle(p, text_lines);
  if (!title) return std::nullopt;

  // Where each field was read: its line, as a cell for the reader's provenance and review.
  FieldReader reader(p, options);
  auto note = [&](const std::string& path, size_t i) {
    const NarrativeLine& line = *read[i];
    Cell where;
    where.box = line.box;
    where.confidence = line.confidence;
    reader.SetPage(line.page);
    reader.Note(path, &where);
  };

  std::optional<int> year = YearFromLine(p, title->text, "value.year_of");
  if (!year) year = YearFromLine(p, title->text, "value.year");
  note("title", title->line);
  if (year) note("year", title->line);

  const size_t closing_date = ClosingDateLine(p, text_lines);
  Json signoff = EmptySignoff();
  for (size_t i = 0; i < text_lines.size(); ++i) {
    if (!StartsWithSignoff(p, text_lines[i])) continue;
    const Json before = signoff;
    ReadSignoff(p, text_lines[i], signoff);
    for (const auto& [field, value] : signoff.items()) {
      if (before[field].is_null() && !value.is_null()) note("signoff." + field, i);
    }
  }
  if (signoff["date"].is_null() && closing_date != std::string::npos) {
    signoff["date"] = *ParseDate(p, text_lines[closing_date]);
    note("signoff.date", closing_date);
  }

  std::string joined;
  std::vector<size_t> line_end;  // byte offset in `joined` where each line ends
  for (const std::string& line : text_lines) {
    joined += line;
    line_end.push_back(joined.size());
  }
  auto line_at = [&](size_t offset) {
    return static_cast<size_t>(std::upper_bound(line_end.begin(), line_end.end(), offset) -
                               line_end.begin());
  };
  const Totals totals = ReadTotals(p, joined);
  if (totals.budget) note("budget_total", line_at(totals.budget_at));
  if (totals.executed) note("executed_total", line_at(totals.executed_at));
  if (totals.rate) note("execution_rate", line_at(totals.rate_at));
  const auto [department, department_line] =
      Department(p, text_lines, *title, closing_date);
  if (!department.empty()) note("department", department_line);

  Json record;
  record["form"] = "narrative_report";
  record["year"] = year ? Json(*year) : Json(nullptr);
  record["title"] = title->text;
  record["department"] = TextOrNull(department);
  record["budget_total"] = NumberOrNull(totals.budget);
  record["executed_total"] = NumberOrNull(totals.executed);
  record["execution_rate"] = NumberOrNull(totals.rate);
  record["signoff"] = std::move(signoff);
  record["source"] = SourcePages(pages);
  reader.AddTo(record);
  return record;
}

}  // namespace jixiao
