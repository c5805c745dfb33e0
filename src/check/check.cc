// The checker of SPEC.md "Checks": recomputes a record's arithmetic and reports each
// disagreement as {"code", "field", "stated", "expected", "message"}.
//
// Every rule reads its inputs through Num()/Str(), which answer nullopt for a missing key, a
// null or a value of the wrong type, so a damaged record skips rules instead of throwing.
#include "check/check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

namespace jixiao {
namespace {

constexpr double kTolerance = 0.05;      // SPEC: "Tolerance 0.05 unless said"
constexpr double kRateTolerance = 0.6;   // FUNDS_RATE_MISMATCH, in percentage points
constexpr double kEpsilon = 1e-9;        // absorbs binary rounding of decimal inputs

const char* const kFundsRows[] = {"total", "current_year", "carryover", "other"};

// The value at `path` (keys separated by '.') or nullptr when any step is missing.
const Json* At(const Json& record, std::string_view path) {
  const Json* node = &record;
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string key(path.substr(0, dot));
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return node;
}

std::optional<double> Num(const Json* value) {
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->get<double>();
}
std::optional<double> Num(const Json& record, std::string_view path) {
  return Num(At(record, path));
}

// Numbers in messages: up to 4 decimals, trailing zeros dropped (92.5, 97.75, 10).
std::string Fmt(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4f", value);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

// JSON numbers in checks: rounded to 4 decimals so that 0.1 + 0.2 prints as 0.3.
Json Rounded(double value) {
  double rounded = std::round(value * 1e4) / 1e4;
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 1e15) {
    return static_cast<long long>(rounded);
  }
  return rounded;
}

bool Differs(double stated, double expected, double tolerance) {
  return std::fabs(stated - expected) > tolerance + kEpsilon;
}

Json MakeCheck(const std::string& code, const std::string& field, Json stated, Json expected,
               const std::string& message) {
  Json check;
  check["code"] = code;
  check["field"] = field;
  // Whole numbers print as integers (10, not 10.0), as the forms print them.
  check["stated"] = stated.is_number() ? Rounded(stated.get<double>()) : std::move(stated);
  check["expected"] = std::move(expected);
  check["message"] = message;
  return check;
}

// ---- funds ----------------------------------------------------------------------------------

void CheckFunds(const Json& record, Json& checks) {
  for (const char* row : kFundsRows) {
    const std::string prefix = std::string("funds.") + row + ".";
    auto budget = Num(record, prefix + "annual_budget");
    auto executed = Num(record, prefix + "executed");
    auto rate = Num(record, prefix + "execution_rate");
    std::optional<double> computed_rate;
    if (budget && executed && *budget != 0) computed_rate = *executed / *budget * 100;
    if (rate && computed_rate && Differs(*rate, *computed_rate, kRateTolerance)) {
      checks.push_back(MakeCheck(
          "FUNDS_RATE_MISMATCH", prefix + "execution_rate", *rate, Rounded(*computed_rate),
          "execution rate is " + Fmt(*rate) + "% but executed " + Fmt(*executed) +
              " / annual budget " + Fmt(*budget) + " = " + Fmt(*computed_rate) + "%"));
    }
    auto weight = Num(record, prefix + "weight");
    auto score = Num(record, prefix + "score");
    std::optional<double> use_rate = rate ? rate : computed_rate;
    if (weight && score && use_rate) {
      double expected = std::min(*use_rate, 100.0) / 100 * *weight;
      if (Differs(*score, expected, kTolerance)) {
        checks.push_back(MakeCheck(
            "FUNDS_SCORE_MISMATCH", prefix + "score", *score, Rounded(expected),
            "funds score is " + Fmt(*score) + " but min(" + Fmt(*use_rate) + "%, 100%) x weight " +
                Fmt(*weight) + " = " + Fmt(expected)));
      }
    }
  }
}

// The funds score as stated and as recomputed. TOTAL_SCORE_MISMATCH accepts a total that
// agrees with either, and when the stated funds score is itself wrong reports the total
// expected from the recomputed one: seed 000 prints 100 where 10 was meant and a total of
// 97, so the total is expected to be 10 + 97 = 107 (SPEC's example), not 100 + 97.
struct FundsScore {
  std::optional<double> stated, recomputed;
};
FundsScore FundsScoreOf(const Json& record) {
  FundsScore out;
  out.stated = Num(record, "funds.total.score");
  auto weight = Num(record, "funds.total.weight");
  auto rate = Num(record, "funds.total.execution_rate");
  auto budget = Num(record, "funds.total.annual_budget");
  auto executed = Num(record, "funds.total.executed");
  if (!rate && budget && executed && *budget != 0) rate = *executed / *budget * 100;
  if (weight && rate) out.recomputed = std::min(*rate, 100.0) / 100 * *weight;
  return out;
}

// ---- indicators -----------------------------------------------------------------------------

// A target or actual value reduced to comparator, number and unit: "≥17名" → {"≥", 17, "名"}.
struct Quantity {
  std::string comparator;  // "≥", "≤", "=", ">", "<" or empty
  double number = 0;
  std::string unit;        // the rest of the text after the number, possibly empty
};

std::optional<Quantity> ParseQuantity(std::string_view text) {
  Quantity out;
  for (const char* comparator : {"≥", "≤", "=", ">", "<"}) {
    if (text.starts_with(comparator)) {
      out.comparator = comparator;
      text.remove_prefix(std::string_view(comparator).size());
      break;
    }
  }
  std::string digits;
  size_t pos = 0;
  bool seen_point = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '.' && !seen_point && !digits.empty()) {
      seen_point = true;
      digits += c;
    } else if (c == ',' && !digits.empty() && !seen_point) {
      continue;  // thousands separator: 45,000
    } else {
      break;
    }
  }
  if (digits.empty() || digits.back() == '.') return std::nullopt;
  out.number = std::stod(digits);
  out.unit = std::string(text.substr(pos));
  // A unit holding more digits is a sentence ("3次1000人"), not a unit.
  for (char c : out.unit) {
    if (c >= '0' && c <= '9') return std::nullopt;
  }
  return out;
}

// An indicator's target and actual, when they can be compared: both numeric, the target with
// a known comparator, the actual in the target's unit or bare (forms often leave the unit
// out of the actual column: ≤5.6万元 / 5.18). A comparator on the actual is dropped ("=1人"
// states 1, "≥95%" states 95). The department layout's 指标性质 column (`nature`) gives the
// comparator that its bare-number targets lack (seed 001: 指标性质 "≥", 年初指标值 "95").
struct Comparison {
  Quantity target, actual;
};
std::optional<Comparison> ComparisonOf(const std::string& target_text,
                                       const std::string& actual_text,
                                       const std::string& nature) {
  auto target = ParseQuantity(target_text);
  auto actual = ParseQuantity(actual_text);
  if (!target || !actual) return std::nullopt;
  if (target->comparator.empty()) {
    auto from_nature = ParseQuantity(nature + "0");
    if (from_nature && from_nature->unit.empty()) target->comparator = from_nature->comparator;
  }
  if (target->comparator.empty()) return std::nullopt;
  if (!actual->unit.empty() && actual->unit != target->unit) return std::nullopt;
  return Comparison{*target, *actual};
}

// Within the checker's tolerance for ≥ ≤ =; strict for > <.
bool Satisfied(const Comparison& comparison) {
  double actual = comparison.actual.number, target = comparison.target.number;
  const std::string& op = comparison.target.comparator;
  if (op == "≥") return actual >= target - kTolerance;
  if (op == "≤") return actual <= target + kTolerance;
  if (op == ">") return actual > target;
  if (op == "<") return actual < target;
  return std::fabs(actual - target) <= kTolerance;
}

// The partial score SPEC shows for a missed "at least" target (seed 003: 14名 of ≥17名 with
// weight 10 → 8.24): actual / target × weight. Null for other comparators, which have no
// such rule.
Json PartialScore(const Comparison& comparison, double weight) {
  const std::string& op = comparison.target.comparator;
  if ((op != "≥" && op != ">") || comparison.target.number <= 0) return nullptr;
  return Rounded(std::min(comparison.actual.number / comparison.target.number, 1.0) * weight);
}

std::optional<std::string> Str(const Json& value, const char* key) {
  auto it = value.find(key);
  if (it == value.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

void CheckIndicators(const Json& record, Json& checks) {
  const Json* indicators = At(record, "indicators");
  if (indicators == nullptr || !indicators->is_array()) return;
  for (size_t index = 0; index < indicators->size(); ++index) {
    const Json& indicator = (*indicators)[index];
    if (!indicator.is_object()) continue;
    const std::string prefix = "indicators[" + std::to_string(index) + "].";
    auto weight = Num(At(indicator, "weight"));
    auto score = Num(At(indicator, "score"));
    if (weight && score && *score > *weight + kEpsilon) {
      checks.push_back(MakeCheck("INDICATOR_SCORE_EXCEEDS_WEIGHT", prefix + "score", *score,
                                 *weight,
                                 "indicator score " + Fmt(*score) + " exceeds its weight " +
                                     Fmt(*weight)));
    }
    auto target = Str(indicator, "target");
    auto actual = Str(indicator, "actual");
    if (weight && score && target && actual && !Differs(*score, *weight, kTolerance)) {
      auto comparison = ComparisonOf(*target, *actual, Str(indicator, "nature").value_or(""));
      if (comparison && !Satisfied(*comparison)) {
        checks.push_back(MakeCheck(
            "TARGET_NOT_MET_FULL_SCORE", prefix + "score", *score,
            PartialScore(*comparison, *weight),
            "actual " + *actual + " does not meet target " + *target + " yet the score " +
                Fmt(*score) + " is the full weight " + Fmt(*weight)));
      }
    }
  }
}

// Σ of `key` over the indicators, a null counting as 0: a total that rests on indicators with
// no printed (or no readable) score is itself a finding for a person to look at. nullopt only
// when the record has no indicator list at all.
std::optional<double> IndicatorSum(const Json& record, const char* key) {
  const Json* indicators = At(record, "indicators");
  if (indicators == nullptr || !indicators->is_array()) return std::nullopt;
  double sum = 0;
  for (const Json& indicator : *indicators) {
    auto value = indicator.is_object() ? Num(At(indicator, key)) : std::nullopt;
    sum += value.value_or(0);
  }
  return sum;
}

// ---- total ----------------------------------------------------------------------------------

void CheckTotal(const Json& record, Json& checks) {
  auto total_score = Num(record, "total.score");
  auto score_sum = IndicatorSum(record, "score");
  FundsScore funds = FundsScoreOf(record);
  if (total_score && score_sum) {
    // An unscored funds row counts as 0, as unscored indicators do (seed 002's department
    // form states a total of 100 with no score printed anywhere).
    double funds_score = funds.stated.value_or(0);
    bool ok = !Differs(*total_score, funds_score + *score_sum, kTolerance);
    std::string funds_words = "funds score " + Fmt(funds_score);
    if (funds.stated && funds.recomputed &&
        Differs(*funds.stated, *funds.recomputed, kTolerance)) {
      funds_score = *funds.recomputed;
      ok = ok || !Differs(*total_score, funds_score + *score_sum, kTolerance);
      funds_words = "recomputed funds score " + Fmt(funds_score);
    }
    double expected = funds_score + *score_sum;
    if (!ok) {
      checks.push_back(MakeCheck("TOTAL_SCORE_MISMATCH", "total.score", *total_score,
                                 Rounded(expected),
                                 "total score is " + Fmt(*total_score) + " but " + funds_words +
                                     " + indicator scores " + Fmt(*score_sum) + " = " +
                                     Fmt(expected)));
    }
  }
  auto total_weight = Num(record, "total.weight");
  auto weight_sum = IndicatorSum(record, "weight");
  const double funds_weight = Num(record, "funds.total.weight").value_or(0);
  if (total_weight && weight_sum) {
    double expected = funds_weight + *weight_sum;
    if (Differs(*total_weight, expected, kTolerance)) {
      checks.push_back(MakeCheck(
          "WEIGHT_SUM_MISMATCH", "total.weight", *total_weight, Rounded(expected),
          "total weight is " + Fmt(*total_weight) + " but funds weight " + Fmt(funds_weight) +
              " + indicator weights " + Fmt(*weight_sum) + " = " + Fmt(expected)));
    }
  }
}

// The fields a form must have (SPEC's MISSING_FIELD for project forms; docs/records.md for
// department forms, which have no project name or implementer but name their department).
std::vector<const char*> RequiredFields(const std::string& form) {
  if (form == "department_self_evaluation") {
    return {"department", "funds.total.annual_budget", "total.score"};
  }
  return {"project_name", "implementer", "funds.total.annual_budget", "total.score"};
}

void CheckMissing(const Json& record, const std::string& form, Json& checks) {
  for (const char* path : RequiredFields(form)) {
    const Json* value = At(record, path);
    bool missing = value == nullptr || value->is_null() ||
                   (value->is_string() && value->get<std::string>().empty());
    if (missing) {
      checks.push_back(MakeCheck("MISSING_FIELD", path, nullptr, nullptr,
                                 std::string(path) + " is missing"));
    }
  }
}

// Rewrites record so that "grade" (when given) and "checks" sit just before "source" (or at
// the end), the key order of SPEC's example.
void PlaceResults(Json& record, const std::optional<std::string>& grade, Json checks) {
  Json out = Json::object();
  auto emit = [&] {
    if (grade) out["grade"] = *grade;
    out["checks"] = std::move(checks);
  };
  bool emitted = false;
  for (auto it = record.begin(); it != record.end(); ++it) {
    if (it.key() == "grade" || it.key() == "checks") continue;
    if (it.key() == "source" && !emitted) {
      emit();
      emitted = true;
    }
    out[it.key()] = std::move(it.value());
  }
  if (!emitted) emit();
  record = std::move(out);
}

int CodeRank(const std::string& code) {
  static const char* const kOrder[] = {
      "FUNDS_RATE_MISMATCH",       "FUNDS_SCORE_MISMATCH", "INDICATOR_SCORE_EXCEEDS_WEIGHT",
      "TOTAL_SCORE_MISMATCH",      "WEIGHT_SUM_MISMATCH",  "TARGET_NOT_MET_FULL_SCORE",
      "MISSING_FIELD",             "SUMMARY_MISMATCH",     "NARRATIVE_MISMATCH"};
  for (int rank = 0; rank < static_cast<int>(std::size(kOrder)); ++rank) {
    if (code == kOrder[rank]) return rank;
  }
  return std::size(kOrder);
}

bool HasArithmetic(const std::string& form) {
  return form == "project_self_evaluation" || form == "department_self_evaluation";
}

std::string FormOf(const Json& record) {
  auto form = record.is_object() ? Str(record, "form") : std::nullopt;
  return form.value_or("");
}

// Sets the findings of cross-record check `code` on `record`: keeps its other checks and
// replaces the earlier findings of `code`, so that re-running adds none.
void ReplaceChecks(Json& record, const std::string& code, Json checks) {
  Json all = Json::array();
  if (record.contains("checks") && record["checks"].is_array()) {
    for (const Json& check : record["checks"]) {
      if (!check.is_object() || check.value("code", "") != code) all.push_back(check);
    }
  }
  for (Json& check : checks) all.push_back(std::move(check));
  std::optional<std::string> grade;
  if (record.contains("grade") && record["grade"].is_string()) grade = record["grade"];
  PlaceResults(record, grade, std::move(all));
}

// SUMMARY_MISMATCH (docs/records.md, evaluation_summary).
void CheckSummaries(std::vector<Json>& records) {
  // What the project records of this file add up to; a null leaves its sum unknown.
  int projects = 0;
  std::optional<double> budget_sum = 0, executed_sum = 0;
  std::vector<std::pair<std::string, double>> grade_counts = {
      {"优", 0}, {"良", 0}, {"中", 0}, {"差", 0}};
  bool grades_known = true;
  for (const Json& record : records) {
    if (FormOf(record) != "project_self_evaluation") continue;
    ++projects;
    auto budget = Num(record, "funds.total.annual_budget");
    auto executed = Num(record, "funds.total.executed");
    budget_sum = budget && budget_sum ? std::optional(*budget_sum + *budget) : std::nullopt;
    executed_sum = executed && executed_sum ? std::optional(*executed_sum + *executed)
                                            : std::nullopt;
    auto grade = GradeOf(Num(record, "total.score"));
    if (!grade) grades_known = false;
    for (auto& [name, count] : grade_counts) {
      if (grade == name) count += 1;
    }
  }
  // A summary filed without its forms has nothing to be compared with.
  if (projects == 0) return;

  for (Json& record : records) {
    if (FormOf(record) != "evaluation_summary") continue;
    Json checks = Json::array();
    auto compare = [&](const std::string& field, std::optional<double> stated,
                       std::optional<double> expected, double tolerance, const std::string& what) {
      if (!stated || !expected || !Differs(*stated, *expected, tolerance)) return;
      checks.push_back(MakeCheck("SUMMARY_MISMATCH", field, Rounded(*stated), Rounded(*expected),
                                 "summary states " + Fmt(*stated) + " for " + what + " but the " +
                                     std::to_string(projects) + " project forms give " +
                                     Fmt(*expected)));
    };
    compare("projects_due", Num(record, "projects_due"), projects, 0, "projects due");
    compare("projects_evaluated", Num(record, "projects_evaluated"), projects, 0,
            "projects evaluated");
    compare("funds_due", Num(record, "funds_due"), budget_sum, kTolerance,
            "funds due (sum of annual budgets)");
    compare("funds_evaluated", Num(record, "funds_evaluated"), executed_sum, kTolerance,
            "funds evaluated (sum of executed)");
    const Json* grades = At(record, "grades");
    if (grades_known && grades != nullptr && grades->is_object()) {
      for (const auto& [grade, count] : grade_counts) {
        // A blank grade cell in the summary means none of that grade.
        double stated = Num(At(*grades, grade)).value_or(0);
        compare("grades." + grade, stated, count, 0, "grade " + grade);
      }
    }
    ReplaceChecks(record, "SUMMARY_MISMATCH", std::move(checks));
  }
}

// ---- narrative figures ----------------------------------------------------------------------

// The figures of a file's forms that a report's stated budget or spending may repeat.
struct FormFigures {
  bool any_form = false;
  std::vector<double> budgets, spending;
};

void AddIfNumber(std::vector<double>& figures, std::optional<double> value) {
  if (value) figures.push_back(*value);
}

// Every number in `node` and below (a basic data sheet's amounts).
void AddAllNumbers(const Json& node, std::vector<double>& figures) {
  if (node.is_number()) {
    figures.push_back(node.get<double>());
  } else if (node.is_structured()) {
    for (const Json& child : node) AddAllNumbers(child, figures);
  }
}

bool IsForm(const std::string& form) {
  return form == "project_self_evaluation" || form == "department_self_evaluation" ||
         form == "evaluation_summary" || form == "department_basic_data";
}

FormFigures FiguresOfForms(const std::vector<Json>& records) {
  FormFigures out;
  // Sums over the project records; a null in one leaves its sum unknown.
  std::optional<double> initial_sum = 0, annual_sum = 0, executed_sum = 0;
  auto add_to = [](std::optional<double>& sum, std::optional<double> value) {
    sum = sum && value ? std::optional(*sum + *value) : std::nullopt;
  };
  int projects = 0;
  for (const Json& record : records) {
    const std::string form = FormOf(record);
    if (!IsForm(form)) continue;
    out.any_form = true;
    if (HasArithmetic(form)) {
      for (const char* row : kFundsRows) {
        const std::string prefix = std::string("funds.") + row + ".";
        AddIfNumber(out.budgets, Num(record, prefix + "initial_budget"));
        AddIfNumber(out.budgets, Num(record, prefix + "annual_budget"));
        AddIfNumber(out.spending, Num(record, prefix + "executed"));
      }
    }
    if (form == "project_self_evaluation") {
      ++projects;
      add_to(initial_sum, Num(record, "funds.total.initial_budget"));
      add_to(annual_sum, Num(record, "funds.total.annual_budget"));
      add_to(executed_sum, Num(record, "funds.total.executed"));
    } else if (form == "evaluation_summary") {
      AddIfNumber(out.budgets, Num(record, "funds_due"));
      AddIfNumber(out.spending, Num(record, "funds_evaluated"));
    } else if (form == "department_basic_data") {
      // Any amount of the sheet may be the one a report repeats, as budget or as spending.
      for (const char* block : {"expenses", "buildings"}) {
        if (const Json* amounts = At(record, block)) {
          AddAllNumbers(*amounts, out.budgets);
          AddAllNumbers(*amounts, out.spending);
        }
      }
    }
  }
  if (projects > 0) {
    AddIfNumber(out.budgets, initial_sum);
    AddIfNumber(out.budgets, annual_sum);
    AddIfNumber(out.spending, executed_sum);
  }
  return out;
}

// The figure of `figures` nearest to `value` (the first of equals); nullopt when none.
std::optional<double> Nearest(const std::vector<double>& figures, double value) {
  std::optional<double> best;
  for (double figure : figures) {
    if (!best || std::fabs(figure - value) < std::fabs(*best - value)) best = figure;
  }
  return best;
}

// NARRATIVE_MISMATCH (docs/records.md, narrative_report): a report's budget_total or
// executed_total that none of the file's forms states. Without forms there is nothing to
// compare with, and a field the forms give no figure for is not compared.
void CheckNarratives(std::vector<Json>& records) {
  const FormFigures figures = FiguresOfForms(records);
  if (!figures.any_form) return;
  for (Json& record : records) {
    if (FormOf(record) != "narrative_report") continue;
    Json checks = Json::array();
    auto compare = [&](const char* field, const std::vector<double>& candidates,
                       const std::string& what) {
      auto stated = Num(record, field);
      if (!stated) return;
      auto nearest = Nearest(candidates, *stated);
      if (!nearest || !Differs(*stated, *nearest, kTolerance)) return;
      checks.push_back(MakeCheck("NARRATIVE_MISMATCH", field, *stated, Rounded(*nearest),
                                 "report states " + what + " " + Fmt(*stated) +
                                     " but no form of the file gives it; nearest is " +
                                     Fmt(*nearest)));
    };
    compare("budget_total", figures.budgets, "a budget of");
    compare("executed_total", figures.spending, "spending of");
    ReplaceChecks(record, "NARRATIVE_MISMATCH", std::move(checks));
  }
}

}  // namespace

std::optional<std::string> GradeOf(std::optional<double> total_score) {
  if (!total_score) return std::nullopt;
  if (*total_score >= 90) return "优";
  if (*total_score >= 80) return "良";
  if (*total_score >= 60) return "中";
  return "差";
}

void CheckRecord(Json& record) {
  if (!record.is_object()) return;
  const std::string form = FormOf(record);
  Json checks = Json::array();
  std::optional<std::string> grade;
  if (HasArithmetic(form)) {
    CheckMissing(record, form, checks);
    CheckFunds(record, checks);
    CheckIndicators(record, checks);
    CheckTotal(record, checks);
    // Report in the order of SPEC's table, rows and indicators in order within a code.
    std::stable_sort(checks.begin(), checks.end(), [](const Json& a, const Json& b) {
      return CodeRank(a["code"]) < CodeRank(b["code"]);
    });
    grade = GradeOf(Num(record, "total.score"));
  }
  PlaceResults(record, grade, std::move(checks));
}

void CheckDocument(std::vector<Json>& records) {
  CheckSummaries(records);
  CheckNarratives(records);
}

}  // namespace jixiao
