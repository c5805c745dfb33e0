// The checker on records built from the seeds' printed values (SPEC.md "Checks" and "grade").
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "check/check.h"

namespace jixiao {
namespace {

struct Indicator {
  const char* target;
  const char* actual;
  double weight, score;
};

// A project record shaped as the fields stage emits it; a nullopt becomes a JSON null.
Json Project(const char* name, std::optional<double> annual_budget, double executed,
             double weight, double rate, std::optional<double> funds_score,
             const std::vector<Indicator>& indicators, std::optional<double> total_weight,
             std::optional<double> total_score) {
  auto value = [](std::optional<double> v) { return v ? Json(*v) : Json(nullptr); };
  Json record;
  record["form"] = "project_self_evaluation";
  record["year"] = 2022;
  record["project_name"] = name;
  record["department"] = nullptr;
  record["implementer"] = "大厂回族自治县医疗保障局";
  record["funds"]["total"] = {{"initial_budget", value(annual_budget)},
                              {"annual_budget", value(annual_budget)},
                              {"executed", executed},
                              {"weight", weight},
                              {"execution_rate", rate},
                              {"score", value(funds_score)}};
  record["indicators"] = Json::array();
  for (const Indicator& row : indicators) {
    record["indicators"].push_back({{"level1", nullptr}, {"level2", nullptr}, {"name", "x"},
                                    {"target", row.target}, {"actual", row.actual},
                                    {"weight", row.weight}, {"score", row.score},
                                    {"note", nullptr}});
  }
  record["total"] = {{"weight", value(total_weight)}, {"score", value(total_score)}};
  record["source"] = {{"file", "seed.pdf"}, {"pages", {1}}};
  return record;
}

// Seed 003, first form: consistent throughout.
Json Seed003Veterans() {
  return Project("退役军人辅助性岗位经费", 5.6, 5.18, 10, 92.5, 9.25,
                 {{"≥1人", "=1人", 10, 10},
                  {"100%", "100%", 10, 10},
                  {"12次", "12次", 10, 10},
                  {"≤5.6万元", "5.18", 20, 18.5},
                  {"≥100%", "≥100%", 15, 15},
                  {"≥100%", "≥100%", 15, 15},
                  {"≥95%", "=95%", 10, 10}},
                 100, 97.75);
}

// Seed 003, second form: 74.11% of 10 → 7.41; 14名 of ≥17名 scored 8.24 of 10.
Json Seed003MedicalService() {
  return Project("医疗保障服务经费", 88, 65.22, 10, 74.11, 7.41,
                 {{"≥17名", "14名", 10, 8.24},
                  {"≥100%", "100%", 10, 10},
                  {"≥100%", "100%", 10, 10},
                  {"≤30天", "≤30天", 10, 10},
                  {"≤88万元", "65.22万元", 10, 10},
                  {"≥95%", "≥95%", 15, 15},
                  {"减轻", "减轻", 15, 15},
                  {"≥95%", "≥95%", 10, 10}},
                 100, 95.65);
}

// Seed 000: 100 printed in the funds score column where 10 was meant, 总分 row "10 97".
Json Seed000() {
  Json record = Project("2022年城乡居民医疗保险财政代缴资金", 261.35, 261.35, 10, 100, 100,
                        {{"1", "1", 10, 10},
                         {"3016", "3016", 5, 5},
                         {"38233", "38233", 5, 5},
                         {"=350/人", "105.56", 10, 10},
                         {"=40.75/人", "155.79", 10, 10},
                         {"=100%", "100%", 10, 10},
                         {"=261.35", "261.35", 10, 10},
                         {"≥98%", "98%", 10, 9},
                         {"≥98%", "98%", 10, 9},
                         {"=100%", "100%", 10, 10},
                         {"≥99%", "99%", 10, 9}},
                        10, 97);
  record["implementer"] = "贡觉县医疗保障局";
  return record;
}

Json With(Json record, const Json::json_pointer& pointer, Json value) {
  record[pointer] = std::move(value);
  return record;
}

struct ExpectedCheck {
  const char* code;
  const char* field;
  Json stated, expected;
};

struct Case {
  const char* name;
  Json record;
  std::optional<std::string> grade;
  std::vector<ExpectedCheck> checks;
};

TEST(CheckRecordTest, Table) {
  const Case kCases[] = {
      {"seed003_veterans_consistent", Seed003Veterans(), "优", {}},
      {"seed003_partial_score_not_full", Seed003MedicalService(), "优", {}},
      // The bare actuals 105.56 and 155.79 read in the target's unit (/人) miss "=350/人"
      // and "=40.75/人" yet score the full 10; an "=" target has no partial-score rule.
      {"seed000",
       Seed000(),
       "优",
       {{"FUNDS_SCORE_MISMATCH", "funds.total.score", 100, 10},
        {"TOTAL_SCORE_MISMATCH", "total.score", 97, 107},
        {"WEIGHT_SUM_MISMATCH", "total.weight", 10, 110},
        {"TARGET_NOT_MET_FULL_SCORE", "indicators[3].score", 10, nullptr},
        {"TARGET_NOT_MET_FULL_SCORE", "indicators[4].score", 10, nullptr}}},
      // Not comparable, so not flagged: another unit on the actual (=1台 done as 100%), a
      // target without comparator (12次), a sentence.
      {"incomparable_targets",
       Project("p", 10, 10, 10, 100, 10,
               {{"=1台", "100%", 30, 30}, {"12次", "11次", 30, 30}, {"减轻", "未减轻", 30, 30}},
               100, 100),
       "优", {}},
      // The same 14名 of ≥17名 given the full 10 points: 14 / 17 × 10 = 8.2353 expected.
      {"target_not_met_full_score",
       With(With(Seed003MedicalService(), "/indicators/0/score"_json_pointer, 10),
            "/total/score"_json_pointer, 97.41),
       "优",
       {{"TARGET_NOT_MET_FULL_SCORE", "indicators[0].score", 10, 8.2353}}},
      {"rate_mismatch",
       With(Seed003Veterans(), "/funds/total/execution_rate"_json_pointer, 95),
       "优",
       // The total agrees with the stated funds score, so only the funds row is blamed.
       {{"FUNDS_RATE_MISMATCH", "funds.total.execution_rate", 95, 92.5},
        {"FUNDS_SCORE_MISMATCH", "funds.total.score", 9.25, 9.5}}},
      {"rate_within_0.6",
       With(Seed003Veterans(), "/funds/total/execution_rate"_json_pointer, 93), "优",
       {}},
      {"indicator_score_exceeds_weight",
       With(With(Seed003Veterans(), "/indicators/3/score"_json_pointer, 21),
            "/total/score"_json_pointer, 100.25),
       "优",
       {{"INDICATOR_SCORE_EXCEEDS_WEIGHT", "indicators[3].score", 21, 20}}},
      {"grade_edge_90",
       Project("p", 10, 10, 10, 100, 10, {{"≥1项", "1项", 90, 80}}, 100, 90), "优", {}},
      {"grade_edge_89.99",
       Project("p", 10, 10, 10, 100, 10, {{"≥1项", "1项", 90, 79.99}}, 100, 89.99), "良", {}},
      {"grade_edge_60",
       Project("p", 10, 10, 10, 100, 10, {{"≥1项", "1项", 90, 50}}, 100, 60), "中", {}},
      {"grade_below_60",
       Project("p", 10, 10, 10, 100, 10, {{"≥1项", "1项", 90, 49.5}}, 100, 59.5), "差", {}},
      {"missing_fields",
       With(With(Project("p", std::nullopt, 5.18, 10, 92.5, 9.25, {}, 100, std::nullopt),
                 "/project_name"_json_pointer, nullptr),
            "/implementer"_json_pointer, nullptr),
       std::nullopt,
       {{"WEIGHT_SUM_MISMATCH", "total.weight", 100, 10},
        {"MISSING_FIELD", "project_name", nullptr, nullptr},
        {"MISSING_FIELD", "implementer", nullptr, nullptr},
        {"MISSING_FIELD", "funds.total.annual_budget", nullptr, nullptr},
        {"MISSING_FIELD", "total.score", nullptr, nullptr}}},
      // A null indicator score counts as 0: a total resting on an unscored (or unreadable)
      // indicator is flagged for a person (seed 000's scores without the 5 of indicators[2]).
      {"null_counts_as_zero",
       With(Seed000(), "/indicators/2/score"_json_pointer, nullptr),
       "优",
       {{"FUNDS_SCORE_MISMATCH", "funds.total.score", 100, 10},
        {"TOTAL_SCORE_MISMATCH", "total.score", 97, 102},
        {"WEIGHT_SUM_MISMATCH", "total.weight", 10, 110},
        {"TARGET_NOT_MET_FULL_SCORE", "indicators[3].score", 10, nullptr},
        {"TARGET_NOT_MET_FULL_SCORE", "indicators[4].score", 10, nullptr}}},
      // Seed 001's department form: bare targets take their comparator from 指标性质.
      {"department_nature_comparator",
       Json{{"form", "department_self_evaluation"},
            {"year", 2020},
            {"department", "区医保局"},
            {"funds",
             {{"total",
               {{"initial_budget", 42322.97}, {"annual_budget", 5957.02}, {"executed", 5957.02},
                {"weight", 10}, {"execution_rate", 100}, {"score", 10}}}}},
            {"indicators",
             {{{"name", "参保率"}, {"unit", "%"}, {"nature", "≥"}, {"target", "95"},
               {"actual", "94"}, {"weight", 18}, {"score", 18}},
              {{"name", "建档立卡身份识别公示率"}, {"unit", "%"}, {"nature", "="},
               {"target", "100"}, {"actual", "100"}, {"weight", 72}, {"score", 72}}}},
            {"total", {{"weight", nullptr}, {"score", 100}}},
            {"source", {{"file", "x.pdf"}, {"pages", {9}}}}},
       "优",
       {{"TARGET_NOT_MET_FULL_SCORE", "indicators[0].score", 18, 17.8105}}},
      // Department forms: graded as project forms; MISSING_FIELD looks at department,
      // funds.total.annual_budget and total.score (they have no project name or implementer).
      {"department_grade_良",
       Json{{"form", "department_self_evaluation"},
            {"department", "桃江县医疗保障局"},
            {"funds",
             {{"total",
               {{"initial_budget", 514.63}, {"annual_budget", 694.15}, {"executed", 694.15},
                {"weight", 10}, {"execution_rate", 100}, {"score", 10}}}}},
            {"indicators", {{{"target", "≥95%"}, {"actual", "96%"}, {"weight", 90},
                             {"score", 75}}}},
            {"total", {{"weight", 100}, {"score", 85}}}},
       "良",
       {}},
      {"department_missing_fields",
       Json{{"form", "department_self_evaluation"},
            {"department", nullptr},
            {"funds", {{"total", {{"annual_budget", nullptr}, {"executed", 694.15}}}}},
            {"total", {{"weight", nullptr}, {"score", nullptr}}}},
       std::nullopt,
       {{"MISSING_FIELD", "department", nullptr, nullptr},
        {"MISSING_FIELD", "funds.total.annual_budget", nullptr, nullptr},
        {"MISSING_FIELD", "total.score", nullptr, nullptr}}},
      {"department_empty_name_is_missing",
       Json{{"form", "department_self_evaluation"},
            {"department", ""},
            {"funds", {{"total", {{"annual_budget", 5957.02}}}}},
            {"total", {{"score", 59.5}}}},
       "差",
       {{"MISSING_FIELD", "department", nullptr, nullptr}}},
      {"narrative_has_no_arithmetic",
       Json{{"form", "narrative_report"}, {"year", 2022}, {"source", {{"file", "x.pdf"}}}},
       std::nullopt,
       {}},
      {"garbage_types_do_not_throw",
       Json{{"form", "project_self_evaluation"},
            {"project_name", "p"},
            {"implementer", "i"},
            {"funds", "—"},
            {"indicators", {1, "x", nullptr}},
            {"total", {{"score", "97"}}}},
       std::nullopt,
       {{"MISSING_FIELD", "funds.total.annual_budget", nullptr, nullptr}}},
  };
  for (const Case& test : kCases) {
    SCOPED_TRACE(test.name);
    Json record = test.record;
    CheckRecord(record);
    if (test.grade) {
      EXPECT_EQ(record.value("grade", ""), *test.grade);
    } else {
      EXPECT_FALSE(record.contains("grade"));
    }
    ASSERT_TRUE(record["checks"].is_array());
    ASSERT_EQ(record["checks"].size(), test.checks.size()) << record["checks"].dump();
    for (size_t index = 0; index < test.checks.size(); ++index) {
      const Json& check = record["checks"][index];
      const ExpectedCheck& want = test.checks[index];
      EXPECT_EQ(check["code"], want.code);
      EXPECT_EQ(check["field"], want.field);
      EXPECT_EQ(check["stated"], want.stated) << check.dump();
      EXPECT_EQ(check["expected"], want.expected) << check.dump();
      EXPECT_FALSE(check["message"].get<std::string>().empty());
    }
  }
}

TEST(CheckRecordTest, MessageNamesTheNumbers) {
  Json record = Seed000();
  CheckRecord(record);
  ASSERT_EQ(record["checks"].size(), 5u);
  EXPECT_EQ(record["checks"][1]["message"],
            "total score is 97 but recomputed funds score 10 + indicator scores 97 = 107");
}

TEST(CheckRecordTest, GradeAndChecksSitBeforeSource) {
  Json record = Seed003Veterans();
  record["grade"] = "差";  // stale values from an earlier run, after source
  record["checks"] = Json::array({{{"code", "OLD"}}});
  CheckRecord(record);
  std::vector<std::string> keys;
  for (auto it = record.begin(); it != record.end(); ++it) keys.push_back(it.key());
  const std::vector<std::string> kWant = {"form",       "year",   "project_name", "department",
                                          "implementer", "funds", "indicators",   "total",
                                          "grade",      "checks", "source"};
  EXPECT_EQ(keys, kWant);
  EXPECT_EQ(record["grade"], "优");
  EXPECT_EQ(record["checks"], Json::array());
}

TEST(GradeOfTest, Bands) {
  struct GradeCase {
    std::optional<double> score;
    std::optional<std::string> grade;
  };
  static const GradeCase kCases[] = {{100, "优"}, {90, "优"},  {89.99, "良"}, {80, "良"},
                                     {79.99, "中"}, {60, "中"}, {59.99, "差"}, {0, "差"},
                                     {std::nullopt, std::nullopt}};
  for (const GradeCase& test : kCases) {
    EXPECT_EQ(GradeOf(test.score), test.grade) << test.score.value_or(-1);
  }
}

}  // namespace
}  // namespace jixiao
