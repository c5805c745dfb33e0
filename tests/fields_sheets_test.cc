// The readers of sheets.cc on tables built by hand after the seeds:
//   seed 002, 附件1 (部门整体支出绩效评价基础数据表: merged header cells, empty rows, "……",
//   a 楼堂馆所 block holding 无), the same sheet OCR'd (misread labels and numbers, no
//   楼堂馆所 block) and broken over two pages;
//   seed 003, 附件2 (县直部门绩效自评情况汇总表: "优 | 其中:优 | 20" with a merged 优 cell),
//   and an OCR'd variant with a sign-off line.
// Expected values were read from the seed texts in /work/shared/seeds/.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/text.h"
#include "fields/fields.h"
#include "fields/form.h"
#include "fields/patterns.h"
#include "fields_test_util.h"

namespace jixiao {
namespace {

using testing::BuildTable;
using testing::Line;

const Patterns& Loaded() { return testing::LoadedPatterns(); }

Cell* FindCell(Table& table, const std::string& text) {
  for (Cell& cell : table.cells) {
    if (cell.text == text) return &cell;
  }
  ADD_FAILURE() << "no cell " << text;
  return nullptr;
}

// Compares two JSON values, printing both unescaped when they differ.
void ExpectSameJson(const Json& got, const std::string& want) {
  const std::string got_text = got.dump(2, ' ', false, Json::error_handler_t::replace);
  const std::string want_text = Json::parse(want).dump(2);
  EXPECT_TRUE(got_text == want_text) << "got:\n" << got_text << "\nwant:\n" << want_text;
}

// A form's parts as MapDocument gives them: its lines normalized.
FormParts Parts(const char* kind, std::vector<const Table*> tables,
                const std::vector<std::string>& above, const std::vector<std::string>& below) {
  FormParts form;
  form.kind = kind;
  form.tables = std::move(tables);
  for (const std::string& line : above) form.above.push_back(NormalizeText(line));
  for (const std::string& line : below) form.below.push_back(NormalizeText(line));
  for (const Table* table : form.tables) form.pages.insert(table->page);
  return form;
}

// --- seed 002, 附件1: 7 grid columns (the label column, then pairs under the three
// 财政供养/经费 headers and single columns under the six 楼堂馆所 headers).
const std::vector<std::string> kStaffRows = {
    "财政供养人员情况（人）#r2|编制数#c2|2023年实际在职人数#c2|控制率#c2",
    "42#c2|43#c2|102%#c2",
};
const std::vector<std::string> kExpenseHeader = {
    "经费控制情况（万元）|2022年决算数#c2|2023年预算数#c2|2023年决算数#c2",
};
const std::vector<std::string> kExpenseRowsTop = {
    "三公经费：|4.18#c2|16#c2|4.18#c2",
    "1、公务用车购置和维护经费|#c2|#c2|#c2",
    "其中： 公车购置|#c2|#c2|#c2",
    "公车运行维护|#c2|#c2|#c2",
    "2、出国经费|#c2|#c2|#c2",
    "3、公务接待|4.18#c2|16#c2|4.18#c2",
    "项目支出：|166#c2|65#c2|64.47#c2",
    "1、业务工作经费|#c2|#c2|#c2",
    "2、运行维护经费|#c2|#c2|#c2",
    "……|#c2|#c2|#c2",
};
const std::vector<std::string> kExpenseRowsBottom = {
    "公用经费|55.1#c2|60.94#c2|47.47#c2",
    "其中：办公经费|44.6#c2|31.14#c2|36.53#c2",
    "水费、电费、差旅费|#c2|#c2|10.94#c2",
    "会议费、培训费|#c2|#c2|#c2",
    "政府采购金额|0#c2|0#c2|16.46#c2",
    "部门基本支出预算调整|599.89#c2|449.63#c2|629.68#c2",
};
const std::vector<std::string> kBuildingRows = {
    "楼堂馆所控制情况\n（2023年完工项目）#r2|批复规模\n（m²）|实际规模（m²）|规  模\n控制率|"
    "预算投资（万元）|实际投资\n（万元）|投资概算\n控制率",
    "无|||||",
    "厉行节约保障措施|严格执行单位财务管理制度，严格控制各项支出#c6",
};

std::vector<std::string> Concat(std::initializer_list<const std::vector<std::string>*> parts) {
  std::vector<std::string> rows;
  for (const auto* part : parts) rows.insert(rows.end(), part->begin(), part->end());
  return rows;
}

const std::vector<std::string> k002Above = {"附件1", "桃江县2023年度部门整体支出绩效评价",
                                            "基础数据表"};
const std::vector<std::string> k002Below = {
    "说明： “项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的"
    "一般商品和服务支出。",
    "填表人：          填报日期：             联系电话：              单位负责人签字"};

// The expenses of seed 002, as docs/records.md lists them.
const char* const kExpenses002 = R"({
  "three_public": {"prior_year_final": 4.18, "budget": 16, "final": 4.18},
  "vehicles": {"prior_year_final": null, "budget": null, "final": null},
  "vehicle_purchase": {"prior_year_final": null, "budget": null, "final": null},
  "vehicle_operation": {"prior_year_final": null, "budget": null, "final": null},
  "overseas": {"prior_year_final": null, "budget": null, "final": null},
  "reception": {"prior_year_final": 4.18, "budget": 16, "final": 4.18},
  "project": {"prior_year_final": 166, "budget": 65, "final": 64.47},
  "project_operations": {"prior_year_final": null, "budget": null, "final": null},
  "project_maintenance": {"prior_year_final": null, "budget": null, "final": null},
  "public": {"prior_year_final": 55.1, "budget": 60.94, "final": 47.47},
  "office": {"prior_year_final": 44.6, "budget": 31.14, "final": 36.53},
  "utilities_travel": {"prior_year_final": null, "budget": null, "final": 10.94},
  "meetings_training": {"prior_year_final": null, "budget": null, "final": null},
  "procurement": {"prior_year_final": 0, "budget": 0, "final": 16.46},
  "basic_adjustment": {"prior_year_final": 599.89, "budget": 449.63, "final": 629.68}})";

TEST(BasicDataSheet, Seed002ReadsEveryField) {
  const Table table = BuildTable(
      1, 0, 7, Concat({&kStaffRows, &kExpenseHeader, &kExpenseRowsTop, &kExpenseRowsBottom,
                    &kBuildingRows}));
  TableView view(Loaded(), table);
  ASSERT_TRUE(StartsBasicDataSheet(Loaded(), view));
  EXPECT_FALSE(StartsEvaluationSummary(Loaded(), view));

  const Json record = ReadBasicDataSheet(
      Loaded(), Parts("department_basic_data", {&table}, k002Above, k002Below), {});
  ExpectSameJson(record, std::string(R"({
    "form": "department_basic_data", "year": 2023, "department": null,
    "staff": {"authorized": 42, "actual": 43, "control_rate": 102},
    "expenses": )") + kExpenses002 + R"(,
    "buildings": {"approved_area": null, "actual_area": null, "area_control_rate": null,
                  "budgeted_investment": null, "actual_investment": null,
                  "investment_control_rate": null},
    "savings_measures": "严格执行单位财务管理制度,严格控制各项支出",
    "signoff": {"unit_head": null, "filler": null, "phone": null, "date": null},
    "source": {"pages": [1]}})");
}

// Columns are found by their header text: the same sheet with its expense columns printed
// in another order (决算 of this year first) and filled-in buildings, department and sign-off.
TEST(BasicDataSheet, ColumnsByHeaderTextNotPosition) {
  const Table table = BuildTable(
      2, 0, 7,
      {
          "部门名称|桃江县医疗保障局#c6",
          "财政供养人员情况（人）#r2|2023年实际在职人数#c2|编制数#c2|控制率#c2",
          "43#c2|42#c2|102%#c2",
          "经费控制情况（万元）|2023年决算数#c2|2022年决算数#c2|2023年预算数#c2",
          "三公经费：|4.18#c2|3.5#c2|16#c2",
          "公用经费|47.47#c2|55.1#c2|60.94#c2",
          "楼堂馆所控制情况#r2|实际投资（万元）|预算投资（万元）|投资概算控制率|批复规模（m²）|"
          "实际规模（m²）|规模控制率",
          "95|100|95%|1200|1150|95.83%",
      });
  const Json record = ReadBasicDataSheet(
      Loaded(),
      Parts("department_basic_data", {&table}, {"桃江县2024年度部门整体支出绩效评价基础数据表"},
            {"填表人：王芳 填报日期：2024年3月19日 联系电话：0737-8822110 单位负责人签字：李明"}),
      {});
  ExpectSameJson(record, R"({
    "form": "department_basic_data", "year": 2024, "department": "桃江县医疗保障局",
    "staff": {"authorized": 42, "actual": 43, "control_rate": 102},
    "expenses": {
      "three_public": {"prior_year_final": 3.5, "budget": 16, "final": 4.18},
      "public": {"prior_year_final": 55.1, "budget": 60.94, "final": 47.47}},
    "buildings": {"approved_area": 1200, "actual_area": 1150, "area_control_rate": 95.83,
                  "budgeted_investment": 100, "actual_investment": 95,
                  "investment_control_rate": 95},
    "savings_measures": null,
    "signoff": {"unit_head": "李明", "filler": "王芳", "phone": "0737-8822110",
                "date": "2024-03-19"},
    "source": {"pages": [2]}})");
}

// A scan of the sheet without its 楼堂馆所 block: OCR'd cells (confidence 0.9), misread
// labels snapped to the sheets' vocabulary (as the 150 dpi scan of samples/taojiang-2023
// reads them), a misread number corrected, one faint cell.
TEST(BasicDataSheet, OcrVariantWithoutBuildingsBlock) {
  std::vector<std::string> rows = Concat({&kStaffRows, &kExpenseHeader, &kExpenseRowsTop,
                                          &kExpenseRowsBottom});
  rows[2] = "经费控制1青况(万元)|2022年决算数#c2|2023年预算数#c2|2023年决自数#c2";  // 情, 算
  rows[3] = "三公经费：|4.l8#c2|16#c2|4.18#c2";                                     // 1 → l
  rows[4] = "1、公务用车购首和维护经费|#c2|#c2|#c2";                                 // 置 → 首
  rows[13] = "公用经贽|55.1#c2|60.94#c2|47.47#c2";                                  // 费 → 贽
  rows[15] = "水费,电费、差旅费|#c2|#c2|10.94#c2";                                  // 、 → ,
  Table table = BuildTable(3, 0, 7, rows, 0.9);
  FindCell(table, "629.68")->confidence = 0.4;
  TableView view(Loaded(), table);
  ASSERT_TRUE(StartsBasicDataSheet(Loaded(), view));

  const Json record = ReadBasicDataSheet(
      Loaded(), Parts("department_basic_data", {&table}, k002Above, {}), {});
  EXPECT_EQ(record["year"], 2023);
  ExpectSameJson(record["staff"], R"({"authorized": 42, "actual": 43, "control_rate": 102})");
  ExpectSameJson(record["expenses"], kExpenses002);
  EXPECT_TRUE(record["buildings"].is_null());
  EXPECT_TRUE(record["savings_measures"].is_null());
  // 102% is a rate above 100, which a scan may have misread: a person looks at it.
  ExpectSameJson(record["review"],
                 R"(["staff.control_rate", "expenses.three_public.prior_year_final",
                     "expenses.basic_adjustment.final"])");
  ASSERT_TRUE(record.contains("provenance"));
  ExpectSameJson(record["provenance"]["expenses.public.budget"],
                 R"({"page": 3, "bbox": [300.0, 390.0, 500.0, 420.0], "confidence": 0.9})");
}

// The sheet broken over two pages: the second table repeats no header, its rows are read
// with the columns of the first.
TEST(BasicDataSheet, ContinuedOnNextPage) {
  const Table first =
      BuildTable(1, 0, 7, Concat({&kStaffRows, &kExpenseHeader, &kExpenseRowsTop}));
  const Table second = BuildTable(2, 0, 7, Concat({&kExpenseRowsBottom, &kBuildingRows}));
  const Json record = ReadBasicDataSheet(
      Loaded(), Parts("department_basic_data", {&first, &second}, k002Above, k002Below), {});
  ExpectSameJson(record["expenses"], kExpenses002);
  EXPECT_EQ(record["buildings"]["approved_area"], nullptr);
  EXPECT_EQ(record["savings_measures"], "严格执行单位财务管理制度,严格控制各项支出");
  ExpectSameJson(record["source"], R"({"pages": [1, 2]})");
}

// --- seed 003, 附件2.
const std::vector<std::string> kSummaryRows = {
    "统计内容|应评价数|已评价数|",
    "项目数量（个）|23|23|",
    "资金总量|568.64|568.64|",
    "绩效评价等级（个）#r4|优#r4|其中：优|20",
    "良|",
    "中|",
    "差|3",
};

TEST(EvaluationSummary, Seed003ReadsEveryField) {
  const Table table = BuildTable(5, 0, 4, kSummaryRows);
  TableView view(Loaded(), table);
  ASSERT_TRUE(StartsEvaluationSummary(Loaded(), view));
  EXPECT_FALSE(StartsBasicDataSheet(Loaded(), view));

  const Json record = ReadEvaluationSummary(
      Loaded(),
      Parts("evaluation_summary", {&table},
            {"附件 2", "县直部门绩效自评情况汇总表", "填报部门：大厂回族自治县医疗保障局",
             "单位：万元"},
            {"说明：1. 资金总量的应评价数为所有项目的“项目支出绩效自评表”中“全年预算数”的总和；"
             "已评价数为所有项目的“项目支出绩效自评表”中“全年执行数”的总和。",
             "3. 绩效评价等级根据绩效自评得分划分四档：90（含）-100分为优、80（含）-90分为良、"
             "60（含）-80分为中、60分以下为差。"}),
      {});
  ExpectSameJson(record, R"({
    "form": "evaluation_summary", "year": null, "department": "大厂回族自治县医疗保障局",
    "projects_due": 23, "projects_evaluated": 23, "funds_due": 568.64, "funds_evaluated": 568.64,
    "grades": {"优": 20, "良": null, "中": null, "差": 3},
    "signoff": {"unit_head": null, "filler": null, "phone": null, "date": null},
    "source": {"pages": [5]}})");
}

// A scan: misread 已评价数 and 资金总量 snapped, a year under the title, the department and the
// unit on one line, a sign-off line under the table.
TEST(EvaluationSummary, OcrVariantWithYearAndSignoff) {
  std::vector<std::string> rows = kSummaryRows;
  rows[0] = "统计内容|应评价数|已评价教|";
  rows[2] = "资金总星|568.64|425.39|";
  rows[3] = "绩效评价等级（个）#r4|优#r4|其中：优|2O";
  rows[4] = "良|1";
  Table table = BuildTable(7, 0, 4, rows, 0.85);
  TableView view(Loaded(), table);
  ASSERT_TRUE(StartsEvaluationSummary(Loaded(), view));

  const Json record = ReadEvaluationSummary(
      Loaded(),
      Parts("evaluation_summary", {&table},
            {"县直部门绩效自评情况汇总表", "(2022年度)", "填报部门：大厂回族自治县医疗保障局  单位：万元"},
            {"填报日期：2023.3.1  联系方式：0316-8366806"}),
      {});
  EXPECT_EQ(record["year"], 2022);
  EXPECT_EQ(record["department"], "大厂回族自治县医疗保障局");
  EXPECT_EQ(record["projects_due"], 23);
  EXPECT_EQ(record["projects_evaluated"], 23);
  EXPECT_EQ(record["funds_due"], 568.64);
  EXPECT_EQ(record["funds_evaluated"], 425.39);
  ExpectSameJson(record["grades"], R"({"优": 20, "良": 1, "中": null, "差": 3})");
  ExpectSameJson(record["signoff"],
                 R"({"unit_head": null, "filler": null, "phone": "0316-8366806",
                     "date": "2023-03-01"})");
  ExpectSameJson(record["review"], R"(["grades.优"])");  // "2O" corrected to 20
  ExpectSameJson(record["provenance"]["funds_evaluated"],
                 R"({"page": 7, "bbox": [200.0, 60.0, 300.0, 90.0], "confidence": 0.85})");
}

// --- tables that are no sheet.
TEST(SheetsStart, OtherTablesAreNotSheets) {
  struct Case {
    const char* name;
    int cols;
    std::vector<std::string> rows;
  };
  const Case kCases[] = {
      {"project form (seed 003, form 1)", 9,
       {"项目名称#c2|退役军人辅助性岗位经费#c7",
        "主管部门#c2|#c3|实施单位|大厂回族自治县医疗保障局#c3",
        "项目资金 (万元)#r2|#c2|年初 预算数|全年 预算数|全年 执行数|分值|执行率|得分",
        "年度资金总额#c2|5.6|5.6|5.18|10|92.5%|9.25"}},
      {"department form (seed 002)", 7,
       {"县级预算部门、单位名称#c2|桃江县医疗保障局#c5",
        "年度预算申请（万元）#r2|年初预算数|全年预算数|全年执行数|分值|执行率|自评得分",
        "年度资金总额|514.63|694.15|694.15|10|100%",
        "按收入性质分：694.15#c3|按支出性质分：694.15#c4"}},
      {"department form continued, an indicator named 三公经费", 5,
       {"产出指标#r2|数量指标|三公经费|≤16万元|4.18万元",
        "成本指标|公用经费|≤60.94万元|47.47万元"}},
      {"unrelated table", 3, {"序号|姓名|金额", "1|王刚|5.18", "2|刘学|项目数量"}},
  };
  for (const Case& c : kCases) {
    const Table table = BuildTable(1, 0, c.cols, c.rows);
    TableView view(Loaded(), table);
    EXPECT_FALSE(StartsBasicDataSheet(Loaded(), view)) << c.name;
    EXPECT_FALSE(StartsEvaluationSummary(Loaded(), view)) << c.name;
  }
}

}  // namespace
}  // namespace jixiao
