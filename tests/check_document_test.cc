// SUMMARY_MISMATCH: seed 003's 县直部门绩效自评情况汇总表 against the project forms of its file.
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

}  // namespace
}  // namespace jixiao
