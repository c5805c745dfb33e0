// The checker: recomputes what a record states (SPEC.md "Checks") and sets its grade.
//
// In:  a record (any form). Out: the same record with "grade" and "checks" set. Forms without
// arithmetic get "checks": []. Never throws on missing or null fields: a null skips the
// per-value rules that need it (MISSING_FIELD reports the ones that matter), while in the
// TOTAL_SCORE / WEIGHT_SUM sums a null score or weight (of an indicator or of the funds row)
// counts as 0 — a stated total that rests on unscored or unreadable rows is something a
// person must look at.
#ifndef JIXIAO_CHECK_CHECK_H_
#define JIXIAO_CHECK_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace jixiao {

using Json = nlohmann::ordered_json;

// 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60; null score → nullopt.
std::optional<std::string> GradeOf(std::optional<double> total_score);

// Sets record["grade"] and record["checks"].
void CheckRecord(Json& record);

// Cross-record checks within one file (SUMMARY_MISMATCH, NARRATIVE_MISMATCH): appends to the
// "checks" of the records concerned. Run after CheckRecord; re-running replaces its own
// findings instead of repeating them.
//  - An evaluation_summary is compared with the file's project_self_evaluation records
//    (count, Σ annual_budget, Σ executed, counts by grade from total.score; a null summary
//    grade cell counts as 0); a sum with a null in it is not compared, and a file without
//    project forms leaves the summary unchecked.
//  - A narrative_report's budget_total / executed_total must equal (± 0.05) one of the file's
//    form figures: budgets (initial_budget and annual_budget of every funds row of the
//    project and department forms, funds_due, Σ initial_budget and Σ annual_budget over the
//    project forms) or spending (executed of every funds row, funds_evaluated, Σ executed),
//    or any amount of a department_basic_data sheet. A finding's "expected" is the nearest
//    such figure. A file without forms leaves the report unchecked.
void CheckDocument(std::vector<Json>& records);

}  // namespace jixiao

#endif  // JIXIAO_CHECK_CHECK_H_
