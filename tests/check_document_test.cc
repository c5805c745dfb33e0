// Cross-record checks of one file:
//   SUMMARY_MISMATCH: seed 003's 县直部门绩效自评情况汇总表 against the project forms of its file;
//   NARRATIVE_MISMATCH: the reports' budget and spending against the forms (seeds 000, 002, 003).
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "check/check.h"

namespace jixiao {
namespace {

Json Project(const char* name, double annual_budget, double executed,
             std::optional<double> total_score) {
  Json record;
  record["form"] = "project_self_evaluation";
  record["project_name"] = name;
  record["implementer"] = "大厂回族自治县医疗保障局";
  record["funds"]["total"] = {{"annual_budget", annual_budget}, {"executed", executed}};
  record["total"] = {{"weight", 100},
                     {"score", total_score ? Json(*total_score) : Json(nullptr)}};
  record["source"] = {{"file", "dachang-2022.pdf"}, {"pages", {1}}};
  return record;
}

// Three of seed 003's forms (budget, executed, total score as printed).
std::vector<Json> Seed003Projects() {
  return {Project("退役军人辅助性岗位经费", 5.6, 5.18, 97.75),
          Project("医疗保障服务经费", 88, 65.22, 95.65),
          Project("网络设备软件运行保障经费", 26, 26, 100)};
}

Json Summary(Json projects_due, Json projects_evaluated, Json funds_due, Json funds_evaluated,
             Json grades) {
  return {{"form", "evaluation_summary"},
          {"department", "大厂回族自治县医疗保障局"},
          {"projects_due", projects_due},
          {"projects_evaluated", projects_evaluated},
          {"funds_due", funds_due},
          {"funds_evaluated", funds_evaluated},
          {"grades", grades},
          {"checks", Json::array()},
          {"source", {{"file", "dachang-2022.pdf"}, {"pages", {70}}}}};
}

struct ExpectedCheck {
  const char* field;
  Json stated, expected;
};

struct Case {
  const char* name;
  std::vector<Json> projects;
  Json summary;
  std::vector<ExpectedCheck> checks;
};

TEST(CheckDocumentTest, SummaryMismatch) {
  const Json kGradesAll优 = {{"优", 3}, {"良", nullptr}, {"中", nullptr}, {"差", nullptr}};
  const Case kCases[] = {
      // 5.6 + 88 + 26 = 119.6 due; 5.18 + 65.22 + 26 = 96.4 executed; all three 优.
      {"consistent", Seed003Projects(), Summary(3, 3, 119.6, 96.4, kGradesAll优), {}},
      // The seed's own summary (23 projects, 568.64 both ways, 20 优 and 3 差) against three
      // forms: every figure disagrees; the null 良/中 match the zero counts.
      {"seed003_summary_vs_three_forms",
       Seed003Projects(),
       Summary(23, 23, 568.64, 568.64,
               {{"优", 20}, {"良", nullptr}, {"中", nullptr}, {"差", 3}}),
       {{"projects_due", 23, 3},
        {"projects_evaluated", 23, 3},
        {"funds_due", 568.64, 119.6},
        {"funds_evaluated", 568.64, 96.4},
        {"grades.优", 20, 3},
        {"grades.差", 3, 0}}},
      // Summary states the budget as executed (the seed's pattern): only funds_evaluated fires.
      {"executed_vs_budget", Seed003Projects(), Summary(3, 3, 119.6, 119.6, kGradesAll优),
       {{"funds_evaluated", 119.6, 96.4}}},
      // A project without a total score leaves grade counts unknown: no grade comparison.
      {"unknown_grade_skips_counts",
       {Project("a", 5.6, 5.18, 97.75), Project("b", 88, 65.22, std::nullopt)},
       Summary(2, 2, 93.6, 70.4, {{"优", 0}, {"良", 0}, {"中", 0}, {"差", 9}}),
       {}},
      {"null_summary_fields_skip", Seed003Projects(),
       Summary(nullptr, 3, nullptr, 96.4, nullptr), {}},
      // A summary filed without its forms has nothing to be compared with.
      {"no_projects", {}, Summary(23, 23, 568.64, 568.64, kGradesAll优), {}},
  };
  for (const Case& test : kCases) {
    SCOPED_TRACE(test.name);
    std::vector<Json> records = test.projects;
    records.insert(records.begin() + records.size() / 2, test.summary);
    for (Json& record : records) CheckRecord(record);
    CheckDocument(records);
    CheckDocument(records);  // a second run must not add duplicates
    const Json& summary = records[test.projects.size() / 2];
    ASSERT_EQ(summary["form"], "evaluation_summary");
    EXPECT_FALSE(summary.contains("grade"));
    ASSERT_EQ(summary["checks"].size(), test.checks.size()) << summary["checks"].dump();
    for (size_t index = 0; index < test.checks.size(); ++index) {
      const Json& check = summary["checks"][index];
      EXPECT_EQ(check["code"], "SUMMARY_MISMATCH");
      EXPECT_EQ(check["field"], test.checks[index].field);
      EXPECT_EQ(check["stated"], test.checks[index].stated) << check.dump();
      EXPECT_EQ(check["expected"], test.checks[index].expected) << check.dump();
    }
    EXPECT_EQ(summary.items().begin().key(), "form");
    EXPECT_EQ(std::prev(summary.end()).key(), "source");
    // The summary's findings are not pinned on the project records.
    for (const Json& record : records) {
      if (record["form"] != "project_self_evaluation") continue;
      for (const Json& check : record["checks"]) EXPECT_NE(check["code"], "SUMMARY_MISMATCH");
    }
  }
}

// ---- NARRATIVE_MISMATCH ---------------------------------------------------------------------

Json Narrative(Json budget_total, Json executed_total) {
  return {{"form", "narrative_report"},
          {"year", 2023},
          {"title", "贡觉县医疗保障局重大项目支出绩效评价报告(≥100万元)"},
          {"department", "贡觉县医疗保障局"},
          {"budget_total", budget_total},
          {"executed_total", executed_total},
          {"execution_rate", 100},
          {"signoff", {{"unit_head", nullptr}, {"filler", nullptr}, {"phone", nullptr},
                       {"date", nullptr}}},
          {"source", {{"file", "gongjue-2023.pdf"}, {"pages", {1}}}}};
}

// Seed 000's form: 年初预算数 0, 全年预算 261.35, 全年执行数 261.35 on every row that has money.
Json Seed000Project() {
  Json record = Project("2022年城乡居民医疗保险财政代缴资金", 261.35, 261.35, 97);
  auto row = [](double initial, double annual, double executed) {
    return Json{{"initial_budget", initial}, {"annual_budget", annual}, {"executed", executed}};
  };
  record["funds"] = {{"total", row(0, 261.35, 261.35)},
                     {"current_year", row(0, 261.35, 261.35)},
                     {"carryover", row(0, 0, 0)},
                     {"other", row(0, 0, 0)}};
  return record;
}

// Seed 002's department form (年初预算数 514.63, 全年预算数 694.15, 全年执行数 694.15).
Json Seed002Department() {
  return {{"form", "department_self_evaluation"},
          {"year", 2023},
          {"department", "桃江县医疗保障局"},
          {"funds",
           {{"total",
             {{"initial_budget", 514.63}, {"annual_budget", 694.15}, {"executed", 694.15},
              {"weight", 10}, {"execution_rate", 100}, {"score", nullptr}}}}},
          {"total", {{"weight", 100}, {"score", 100}}},
          {"source", {{"file", "taojiang-2023.pdf"}, {"pages", {2}}}}};
}

// Seed 002's basic data sheet (the amounts of two of its rows).
Json Seed002BasicData() {
  return {{"form", "department_basic_data"},
          {"year", 2023},
          {"expenses",
           {{"three_public", {{"prior_year_final", 4.18}, {"budget", 16}, {"final", 4.18}}},
            {"project", {{"prior_year_final", 166}, {"budget", 65}, {"final", 64.47}}}}},
          {"source", {{"file", "taojiang-2023.pdf"}, {"pages", {1}}}}};
}

struct NarrativeCase {
  const char* name;
  std::vector<Json> forms;
  Json narrative;
  std::vector<ExpectedCheck> checks;
};

TEST(CheckDocumentTest, NarrativeMismatch) {
  const NarrativeCase kCases[] = {
      // Seed 000 states 261.53 in its text and 261.35 in its table.
      {"seed000", {Seed000Project()}, Narrative(261.53, 261.53),
       {{"budget_total", 261.53, 261.35}, {"executed_total", 261.53, 261.35}}},
      {"seed000_consistent", {Seed000Project()}, Narrative(261.35, 261.35), {}},
      // Within 0.05 of a figure is no mismatch; just outside it is.
      {"tolerance", {Seed000Project()}, Narrative(261.4, 261.41),
       {{"executed_total", 261.41, 261.35}}},
      // Seed 002: the 支出计划 is the department form's annual budget; no executed total.
      {"seed002_department", {Seed002Department(), Seed002BasicData()},
       Narrative(694.15, nullptr), {}},
      // The 年初预算数 and a basic data sheet's amount are figures of the file too.
      {"initial_budget_and_basic_data", {Seed002Department(), Seed002BasicData()},
       Narrative(514.63, 4.18), {}},
      // Nearest of all the file's spending: the department's 694.15, not the sheet's 166.
      {"nearest_figure", {Seed002Department(), Seed002BasicData()}, Narrative(700, 690),
       {{"budget_total", 700, 694.15}, {"executed_total", 690, 694.15}}},
      // Seed 003: Σ annual_budget (119.6) and Σ executed (96.4) over the project forms.
      {"seed003_sums_and_summary",
       {Seed003Projects()[0], Seed003Projects()[1], Seed003Projects()[2],
        Summary(23, 23, 568.64, 568.64, nullptr)},
       Narrative(119.6, 96.4), {}},
      // Its text's 425.394936 against three of its forms: the nearest spending is the
      // summary's funds_evaluated 568.64 (Σ executed 96.4 lies farther).
      {"seed003_text_vs_three_forms",
       {Seed003Projects()[0], Seed003Projects()[1], Seed003Projects()[2],
        Summary(23, 23, 568.64, 568.64, nullptr)},
       Narrative(568.64, 425.394936), {{"executed_total", 425.3949, 568.64}}},
      // No forms in the file: nothing to compare with.
      {"no_forms", {}, Narrative(261.53, 261.53), {}},
      // A null figure of the report is not compared; a form without figures gives nothing
      // to compare with.
      {"null_figures", {Seed000Project()}, Narrative(nullptr, nullptr), {}},
      {"form_without_figures", {Summary(nullptr, nullptr, nullptr, nullptr, nullptr)},
       Narrative(261.53, 261.53), {}},
  };
  for (const NarrativeCase& test : kCases) {
    SCOPED_TRACE(test.name);
    std::vector<Json> records = {test.narrative};
    records.insert(records.end(), test.forms.begin(), test.forms.end());
    for (Json& record : records) CheckRecord(record);
    CheckDocument(records);
    const Json first_run = records;
    CheckDocument(records);  // a second run must not add duplicates
    EXPECT_EQ(Json(records), first_run);
    const Json& narrative = records[0];
    EXPECT_FALSE(narrative.contains("grade"));
    ASSERT_EQ(narrative["checks"].size(), test.checks.size()) << narrative["checks"].dump();
    for (size_t index = 0; index < test.checks.size(); ++index) {
      const Json& check = narrative["checks"][index];
      EXPECT_EQ(check["code"], "NARRATIVE_MISMATCH");
      EXPECT_EQ(check["field"], test.checks[index].field);
      EXPECT_EQ(check["stated"], test.checks[index].stated) << check.dump();
      EXPECT_EQ(check["expected"], test.checks[index].expected) << check.dump();
      EXPECT_FALSE(check["message"].get<std::string>().empty());
    }
    EXPECT_EQ(std::prev(narrative.end()).key(), "source");
    // The report's findings are not pinned on the forms.
    for (size_t index = 1; index < records.size(); ++index) {
      for (const Json& check : records[index]["checks"]) {
        EXPECT_NE(check["code"], "NARRATIVE_MISMATCH");
      }
    }
  }
}

TEST(CheckDocumentTest, NarrativeMessageNamesTheFigures) {
  std::vector<Json> records = {Narrative(261.53, nullptr), Seed000Project()};
  for (Json& record : records) CheckRecord(record);
  CheckDocument(records);
  ASSERT_EQ(records[0]["checks"].size(), 1u);
  EXPECT_EQ(records[0]["checks"][0]["message"],
            "report states a budget of 261.53 but no form of the file gives it; nearest is "
            "261.35");
}

// A narrative's other checks survive; its own earlier findings are replaced.
TEST(CheckDocumentTest, NarrativeKeepsOtherChecks) {
  Json narrative = Narrative(261.53, 261.35);
  narrative["checks"] = Json::array(
      {{{"code", "OTHER"}, {"field", "x"}},
       {{"code", "NARRATIVE_MISMATCH"}, {"field", "executed_total"}, {"stated", 1}}});
  std::vector<Json> records = {narrative, Seed000Project()};
  CheckDocument(records);
  const Json& checks = records[0]["checks"];
  ASSERT_EQ(checks.size(), 2u) << checks.dump();
  EXPECT_EQ(checks[0]["code"], "OTHER");
  EXPECT_EQ(checks[1]["code"], "NARRATIVE_MISMATCH");
  EXPECT_EQ(checks[1]["field"], "budget_total");
}

}  // namespace
}  // namespace jixiao
