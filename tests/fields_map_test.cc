// MapDocument on page layouts built by hand after real forms of the seeds:
//   seed 003 form 1 (退役军人辅助性岗位经费: merged 一级/二级 cells, "指标 N:" placeholders),
//   seed 000 (placeholder rows ".....", a duplicated "指标 2:" row, 填报日期 above the table),
//   seed 002 附件4 (项目支出名称, 自评得分, empty sign-off labels),
//   seed 001 form 1 (the transfer-payment layout).
// Expected values were read from the seed texts in /work/shared/seeds/.

#include <gtest/gtest.h>

#include "fields/fields.h"
#include "fields/patterns.h"
#include "fields_test_util.h"

namespace jixiao {
namespace {

using testing::BuildTable;
using testing::Line;

const Patterns& Loaded() { return testing::LoadedPatterns(); }

double Bottom(const Table& table) { return table.box.y1; }

// Compares two records as indented JSON, printing both unescaped when they differ.
void ExpectSameJson(const Json& got, const std::string& want) {
  const std::string got_text = got.dump(2);
  const std::string want_text = Json::parse(want).dump(2);
  EXPECT_TRUE(got_text == want_text) << "got:\n" << got_text << "\nwant:\n" << want_text;
}

// Seed 003, form 1, rows 0..17 (project name through the 产出指标 block).
const std::vector<std::string> k003Form1Top = {
    "项目名称#c2|退役军人辅助性岗位经费#c7",
    "主管部门#c2|#c3|实施单位|大厂回族自治县医疗保障局#c3",
    "项目资金 (万元)#r5|#c2|年初 预算数|全年 预算数|全年 执行数|分值|执行率|得分",
    "年度资金总额#c2|5.6|5.6|5.18|10|92.5%|9.25",
    "其中:当年财政拨款#c2|5.6|5.6|5.18|—||—",
    "上年结转资金#c2||||—||—",
    "其他资金#c2||||—||—",
    "年度 总体 目标#r2|预期目标#c4|实际完成情况#c4",
    "通过项目的开展,为符合条件的退役军人提供再就业机会。#c4|已完成#c4",
    "绩效指标#r9|一级 指标|二级指标|三级指标|年度 指标值|实际 完成值|分值|得分|偏差原因分析 及改进措施",
    "产出 指标#r8|数量指标#r2|指标 1: 工作人员数量|≥1 人|=1 人|10|10|",
    "指标 2:|||||",
    "质量指标#r2|指标 1: 足额发放率|100%|100%|10|10|",
    "指标 2:|||||",
    "时效指标#r2|指标 1: 工资发放及时性|12 次|12 次|10|10|",
    "指标 2:|||||",
    "成本指标#r2|指标 1: 年发放工资、保险费用|≤5.6 万元|5.18|20|18.5|",
    "指标 2:|||||",
};
// The rest of the form; `col0` is the first column's cell for these rows.
std::vector<std::string> Form1Bottom(const std::string& col0) {
  return {
      col0 + "#r8|效益 指标#r6|经济效益指标#r2|指标 1:|||||",
      "指标 2:|||||",
      "社会效益指标#r2|指标 1: 保障率|≥100%|≥100%|15|15|",
      "指标 2:|||||",
      "可持续影响指标#r2|指标 1: 稳定性|≥100%|≥100%|15|15|",
      "指标 2:|||||",
      "满意 度 指标#r2|服务对象满意度指标#r2|指标 1: 服务对象满意度|≥95%|=95%|10|10|",
      "指标 2:|||||",
      "总分#c6|100|97.75|",
  };
}
std::vector<std::string> Form1Rows() {
  std::vector<std::string> rows = k003Form1Top;
  rows[9].replace(rows[9].find("#r9"), 3, "#r17");  // 绩效指标 spans the whole block
  std::vector<std::string> bottom = Form1Bottom("");
  bottom[0].erase(0, bottom[0].find('|') + 1);  // no separate first-column cell
  rows.insert(rows.end(), bottom.begin(), bottom.end());
  return rows;
}

const char* const k003Form1Record = R"json({
  "form": "project_self_evaluation",
  "year": 2022,
  "project_name": "退役军人辅助性岗位经费",
  "department": null,
  "implementer": "大厂回族自治县医疗保障局",
  "funds": {
    "total": {"initial_budget": 5.6, "annual_budget": 5.6, "executed": 5.18,
              "weight": 10, "execution_rate": 92.5, "score": 9.25},
    "current_year": {"initial_budget": 5.6, "annual_budget": 5.6, "executed": 5.18,
                     "weight": null, "execution_rate": null, "score": null},
    "carryover": {"initial_budget": null, "annual_budget": null, "executed": null,
                  "weight": null, "execution_rate": null, "score": null},
    "other": {"initial_budget": null, "annual_budget": null, "executed": null,
              "weight": null, "execution_rate": null, "score": null}
  },
  "goals": {"planned": "通过项目的开展,为符合条件的退役军人提供再就业机会。", "achieved": "已完成"},
  "indicators": [
    {"level1": "产出指标", "level2": "数量指标", "name": "工作人员数量",
     "target": "≥1人", "actual": "=1人", "weight": 10, "score": 10, "note": null},
    {"level1": "产出指标", "level2": "质量指标", "name": "足额发放率",
     "target": "100%", "actual": "100%", "weight": 10, "score": 10, "note": null},
    {"level1": "产出指标", "level2": "时效指标", "name": "工资发放及时性",
     "target": "12次", "actual": "12次", "weight": 10, "score": 10, "note": null},
    {"level1": "产出指标", "level2": "成本指标", "name": "年发放工资、保险费用",
     "target": "≤5.6万元", "actual": "5.18", "weight": 20, "score": 18.5, "note": null},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "保障率",
     "target": "≥100%", "actual": "≥100%", "weight": 15, "score": 15, "note": null},
    {"level1": "效益指标", "level2": "可持续影响指标", "name": "稳定性",
     "target": "≥100%", "actual": "≥100%", "weight": 15, "score": 15, "note": null},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度",
     "target": "≥95%", "actual": "=95%", "weight": 10, "score": 10, "note": null}
  ],
  "total": {"weight": 100, "score": 97.75},
  "signoff": {"unit_head": "朱志国", "filler": "王刚", "phone": "8366688", "date": "2023-03-01"},
  "source": {"pages": PAGES}
})json";

std::string Expected(std::string json, const std::string& pages) {
  json.replace(json.find("PAGES"), 5, pages);
  return Json::parse(json).dump(2);
}

std::vector<TextLine> SignoffLines003(double y) {
  return {Line("填报单位负责人(签名): 朱志国", y), Line("填报日期: 2023.3.1", y + 25),
          Line("填报人: 王刚   联系方式: 8366688", y + 50)};  // two labels on one line
}

TEST(MapDocument, Seed003Form1OnOnePage) {
  PageLayout page{3, {}, {}};
  page.tables.push_back(BuildTable(3, 100, 9, Form1Rows()));
  page.lines = {Line("项目支出绩效自评表", 40), Line("( 2022 年度 )", 70)};
  for (const TextLine& line : SignoffLines003(Bottom(page.tables[0]) + 20)) {
    page.lines.push_back(line);
  }
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  ExpectSameJson(records[0], Expected(k003Form1Record, "[3]"));
}

// A 1-bit scan lost strokes of the 项目名称 label (it read 项上日名称): the form is still told
// by 实施单位 with its value and the 年度资金总额 row, and read whole; the project name, whose
// label was not read, stays null (MISSING_FIELD).
TEST(MapDocument, ProjectFormWhoseNameLabelWasNotRead) {
  std::vector<std::string> rows = Form1Rows();
  rows[0] = "项上日名称#c2|退役军人辅助性岗位经费#c7";
  PageLayout page{3, {BuildTable(3, 100, 9, rows)}, {Line("项目支出绩效自评表", 40)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& record = records[0];
  EXPECT_EQ(record["form"], "project_self_evaluation");
  EXPECT_TRUE(record["project_name"].is_null());
  EXPECT_EQ(record["implementer"], "大厂回族自治县医疗保障局");
  EXPECT_EQ(record["funds"]["total"]["score"], 9.25);
  ASSERT_EQ(record["indicators"].size(), 7u);
  EXPECT_EQ(record["indicators"][3]["target"], "≤5.6万元");
  EXPECT_EQ(record["total"]["score"], 97.75);

  // Without the funds block, 实施单位 alone (a table of another kind may name one) starts none.
  rows.erase(rows.begin() + 2, rows.begin() + 7);
  page.tables = {BuildTable(3, 100, 9, rows)};
  records = MapDocument(Loaded(), {page});
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0]["form"], "unrecognized_table");
}

TEST(MapDocument, Seed003Form1BrokenOverTwoPagesIsOneForm) {
  PageLayout first{3, {}, {}};
  first.tables.push_back(BuildTable(3, 100, 9, k003Form1Top));
  first.lines = {Line("项目支出绩效自评表", 40), Line("( 2022 年度 )", 70)};
  PageLayout second{4, {}, {}};
  second.tables.push_back(BuildTable(4, 60, 9, Form1Bottom("")));
  second.lines = SignoffLines003(Bottom(second.tables[0]) + 20);
  std::vector<Json> records = MapDocument(Loaded(), {first, second});
  ASSERT_EQ(records.size(), 1u);
  ExpectSameJson(records[0], Expected(k003Form1Record, "[3, 4]"));
}

TEST(MapDocument, TwoFormsOnOnePageTakeTheirOwnLines) {
  std::vector<std::string> second_rows = Form1Rows();
  second_rows[0] = "项目名称#c2|医疗保障服务经费#c7";
  PageLayout page{5, {}, {}};
  page.tables.push_back(BuildTable(5, 100, 9, Form1Rows()));
  const double gap = Bottom(page.tables[0]);
  page.tables.push_back(BuildTable(5, gap + 200, 9, second_rows));
  page.lines = {Line("项目支出绩效自评表", 40), Line("( 2022 年度 )", 70),
                Line("填报人: 王刚", gap + 20), Line("联系方式: 8366688", gap + 45),
                Line("项目支出绩效自评表", gap + 120), Line("( 2021 年度 )", gap + 150),
                Line("填报人: 李四", Bottom(page.tables[1]) + 20)};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 2u);
  struct Case {
    const char* project_name;
    int year;
    Json filler;
    Json phone;
  };
  const Case kCases[] = {{"退役军人辅助性岗位经费", 2022, "王刚", "8366688"},
                         {"医疗保障服务经费", 2021, "李四", nullptr}};
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(records[i]["project_name"], kCases[i].project_name);
    EXPECT_EQ(records[i]["year"], kCases[i].year);
    EXPECT_EQ(records[i]["signoff"]["filler"], kCases[i].filler);
    EXPECT_EQ(records[i]["signoff"]["phone"], kCases[i].phone);
    EXPECT_EQ(records[i]["source"]["pages"], Json::parse("[5]"));
    EXPECT_EQ(records[i]["indicators"].size(), 7u);
  }
}

// Seed 001's transfer layout from a scan whose seal damaged the units after the labels
// (samples/chongqing-2020 scan): each label is still told by the hanzi before its unit.
TEST(MapDocument, OcrLabelsWithMisreadUnits) {
  const std::vector<std::string> rows = {
      "转移支付名称|国有单(双)解人员医疗保险费#c4|自评总分分)#c2|100",
      "业务主管部门|区医保局#c4|联系人及电话#c2|成志明 53556726",
      "项目资金(万元)#r2|年初预算数#c2|全年预算数|全年执行数|执行过(9)#c2|执行率得分(7好)",
      "41#c2|96|96|100#c2|10",
      "绩效指标#r2|指标名称|计量单位|年度指标值|全年完成值|得分系数(9)|权重(分)|指标得分(分)",
      "享受补助人数|人|4629人|4629人|100|100|100",
  };
  PageLayout page{1, {BuildTable(1, 100, 8, rows, 0.8)},
                  {Line("2020年区医保局项目资金绩效目标自评表", 40)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["form"], "project_self_evaluation");
  EXPECT_EQ(records[0]["total"]["score"], 100);
  EXPECT_EQ(records[0]["funds"]["total"]["execution_rate"], 100);
  EXPECT_EQ(records[0]["funds"]["total"]["score"], 10);
  EXPECT_EQ(records[0]["funds"]["total"]["executed"], 96);
}

// Sign-off lines as OCR reads them under a seal: marks around names, a space inside the
// number, 联 of 联系电话 read as a bracket. The values come out clean; nothing is guessed.
TEST(MapDocument, SignoffLinesReadThroughOcrMarks) {
  struct Case {
    const char* line;
    Json filler;
    Json phone;
  };
  const Case kCases[] = {
      {"填报人: 王刚 联系方式: 8366688", "王刚", "8366688"},
      {"填报人: 成志明]系电话53556726", "成志明", "53556726"},
      {"联系人: 王刚。” 联系电话: 836 6688", "王刚", "8366688"},
      {"填报人: | 联系电话: -8366688", nullptr, "8366688"},
  };
  for (const Case& c : kCases) {
    PageLayout page{1, {}, {}};
    page.tables.push_back(BuildTable(1, 100, 9, Form1Rows()));
    page.lines = {Line("项目支出绩效自评表", 40), Line(c.line, Bottom(page.tables[0]) + 20)};
    std::vector<Json> records = MapDocument(Loaded(), {page});
    ASSERT_EQ(records.size(), 1u) << c.line;
    EXPECT_EQ(records[0]["signoff"]["filler"], c.filler) << c.line;
    EXPECT_EQ(records[0]["signoff"]["phone"], c.phone) << c.line;
  }
}

// Dates under a seal: marks read from it after the date end it; 日 read as 旧 with a speck.
// A date that runs on into more digits is not cut short.
TEST(MapDocument, SignoffDatesReadThroughSealMarks) {
  const std::pair<const char*, Json> kCases[] = {
      {"填报日期:2023.3.1:4", "2023-03-01"},
      {"填报旧期: 2023.3.1", "2023-03-01"},
      {"填报日期: 2023.3.12", "2023-03-12"},
      {"填报日期: 2023.3.123", nullptr},
  };
  for (const auto& [line, date] : kCases) {
    PageLayout page{1, {}, {}};
    page.tables.push_back(BuildTable(1, 100, 9, Form1Rows()));
    page.lines = {Line("项目支出绩效自评表", 40), Line(line, Bottom(page.tables[0]) + 20)};
    std::vector<Json> records = MapDocument(Loaded(), {page});
    ASSERT_EQ(records.size(), 1u) << line;
    EXPECT_EQ(records[0]["signoff"]["date"], date) << line;
  }
}

// A scanned form whose 满意度指标 cell is covered by a seal: it reads as no level name, and the
// form's other level1 cells are the framework's names, so it takes the level1 its level2
// (服务对象满意度指标) belongs to, flagged. A level1 that reads as some level name stays; so
// does every level1 of a form that names no level by the framework.
TEST(MapDocument, OcrLevel1UnderASealFromItsLevel2) {
  // The form with its level1 cells (产出, 效益, 满意度) read as given.
  auto map = [](const std::vector<std::string>& level1) {
    const char* const kPrinted[] = {"产出 指标#r8", "效益 指标#r6", "满意 度 指标#r2"};
    std::vector<std::string> rows = Form1Rows();
    for (std::string& row : rows) {
      for (size_t i = 0; i < level1.size(); ++i) {
        if (size_t at = row.find(kPrinted[i]); at != std::string::npos) {
          row.replace(at, std::string(kPrinted[i]).find('#'), level1[i]);
        }
      }
    }
    PageLayout page{1, {BuildTable(1, 100, 9, rows, 0.9)}, {Line("项目支出绩效自评表", 40)}};
    std::vector<Json> records = MapDocument(Loaded(), {page});
    return records.size() == 1 ? records[0] : Json();
  };
  auto satisfaction = [](const Json& record) {
    for (const Json& indicator : record["indicators"]) {
      if (indicator["level2"] == "服务对象满意度指标") return indicator["level1"];
    }
    return Json("no such row");
  };
  Json record = map({"产出指标", "效益指标", "满意度TS人证、IN7了"});
  EXPECT_EQ(satisfaction(record), "满意度指标");
  const size_t last = record["indicators"].size() - 1;
  ASSERT_EQ(record["indicators"][last]["level2"], "服务对象满意度指标");
  EXPECT_NE(std::find(record["review"].begin(), record["review"].end(),
                      "indicators[" + std::to_string(last) + "].level1"),
            record["review"].end());

  // A level name, even if not its level2's: kept.
  EXPECT_EQ(satisfaction(map({"产出指标", "效益指标", "效益指标"})), "效益指标");
  // A form that names no level by the framework keeps its own names.
  record = map({"投入管理", "项目效果", "群众评价"});
  EXPECT_EQ(satisfaction(record), "群众评价");
  EXPECT_EQ(record["indicators"][0]["level1"], "投入管理");
}

// Seed 000: the national template with placeholder rows, a repeated "指标 2:" and the
// 填报日期 line printed above the table.
TEST(MapDocument, Seed000WithPlaceholderRows) {
  const std::vector<std::string> rows = {
      "项目名称#c2|2022 年城乡居民医疗保险财政代缴资金#c7",
      "主管部门#c2|205-贡觉县医疗保障局#c3|实施单位|贡觉县医疗保障局#c3",
      "项目资金 (万元)#r5|#c2|年初预算数|全年预算|全年执行数|分|执行率|得分",
      "年度资金总额#c2|0|261.35|261.35|10|100%|100",
      "其中：当年财政拨款#c2|0|261.35|261.35|—|100%|—",
      "上年结转资金#c2|0|0|0|—|0|—",
      "其他资金#c2|0|0|0|—|—|—",
      "年度 总体 目标#r2|预期目标#c4|实际完成情况#c4",
      "为做好 2022 年度参保城乡居民县级财政配套工作。#c4|完成了年度绩效总目标#c4",
      "绩效 指标#r24|一级指标|二级指标|三级指标|年度 指标值|实际 完成值|分 值|得 分|偏差原因分析及 改进措施",
      "产出指标 (50 分)#r10|数量指标#r3|指标 1: 配套次数|1|1|10|10|",
      "指标 2: 配套人数|3016|3016|5|5|",
      "指标 2: 配套人数|38233|38233|5|5|",
      "质量指标#r3|指标 1: 救助资金|=350/人|105.56|10|10|",
      "指标 2: 救助资金|=40.75/人|155.79|10|10|",
      ".....|||||",
      "时效指标#r3|指标 1: 资金兑现率|=100%|100%|10|10|",
      "指标 2:|||||",
      ".....|||||",
      "成本指标|代缴总金额|=261.35|261.35|10|10|",
      "指标 2:|||||||",
      "效益指标 (30 分)#r8|经济效益 指标#r2|指标 1: 减轻居民, 尤其是困难人员的参保负担。|≥98%|98%|10|9|",
      "指标 2:|||||",
      "社会效益 指标#r2|指标 1: 提高了参保积极性, 保障人民健康。|≥98%|98%|10|9|",
      "指标 2:|||||",
      "生态效益 指标#r2|指标 1:|||||",
      "指标 2:|||||",
      "可持续影响 指标#r2|促进医保保质量持续发展, 全力推进乡村振兴。|=100%|100%|10|10|",
      "指标 2:|||||",
      ".....|||||||",
      "满意度 指标 (10 分)#r3|服务对象 满意度指 标#r3|代缴对象满意度|≥99%|99%|10|9|",
      "指标 2:|||||",
      ".....|||||",
      "总分#c6|10|97|",
  };
  PageLayout page{2, {}, {}};
  page.tables.push_back(BuildTable(2, 300, 9, rows));
  page.lines = {
      Line("2023年批复 ≥100 万元项目共计1个，项目支出预算总数为261.53万元", 40),
      // The title wraps onto two lines, the year on the first.
      Line("贡觉县医疗保障局 2022 年城乡居民医疗保险财政代", 180),
      Line("缴项目支出绩效自评表", 205),
      Line("填报单位：（盖章） 贡觉县医疗保障局", 240),
      Line("填报日期：2024 年 3 月 19 日", 265),
  };
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const char* const kWant = R"json({
    "form": "project_self_evaluation",
    "year": 2022,
    "project_name": "2022年城乡居民医疗保险财政代缴资金",
    "department": "205-贡觉县医疗保障局",
    "implementer": "贡觉县医疗保障局",
    "funds": {
      "total": {"initial_budget": 0, "annual_budget": 261.35, "executed": 261.35,
                "weight": 10, "execution_rate": 100, "score": 100},
      "current_year": {"initial_budget": 0, "annual_budget": 261.35, "executed": 261.35,
                       "weight": null, "execution_rate": 100, "score": null},
      "carryover": {"initial_budget": 0, "annual_budget": 0, "executed": 0,
                    "weight": null, "execution_rate": 0, "score": null},
      "other": {"initial_budget": 0, "annual_budget": 0, "executed": 0,
                "weight": null, "execution_rate": null, "score": null}
    },
    "goals": {"planned": "为做好2022年度参保城乡居民县级财政配套工作。",
              "achieved": "完成了年度绩效总目标"},
    "indicators": [
      {"level1": "产出指标(50分)", "level2": "数量指标", "name": "配套次数",
       "target": "1", "actual": "1", "weight": 10, "score": 10, "note": null},
      {"level1": "产出指标(50分)", "level2": "数量指标", "name": "配套人数",
       "target": "3016", "actual": "3016", "weight": 5, "score": 5, "note": null},
      {"level1": "产出指标(50分)", "level2": "数量指标", "name": "配套人数",
       "target": "38233", "actual": "38233", "weight": 5, "score": 5, "note": null},
      {"level1": "产出指标(50分)", "level2": "质量指标", "name": "救助资金",
       "target": "=350/人", "actual": "105.56", "weight": 10, "score": 10, "note": null},
      {"level1": "产出指标(50分)", "level2": "质量指标", "name": "救助资金",
       "target": "=40.75/人", "actual": "155.79", "weight": 10, "score": 10, "note": null},
      {"level1": "产出指标(50分)", "level2": "时效指标", "name": "资金兑现率",
       "target": "=100%", "actual": "100%", "weight": 10, "score": 10, "note": null},
      {"level1": "产出指标(50分)", "level2": "成本指标", "name": "代缴总金额",
       "target": "=261.35", "actual": "261.35", "weight": 10, "score": 10, "note": null},
      {"level1": "效益指标(30分)", "level2": "经济效益指标",
       "name": "减轻居民,尤其是困难人员的参保负担。",
       "target": "≥98%", "actual": "98%", "weight": 10, "score": 9, "note": null},
      {"level1": "效益指标(30分)", "level2": "社会效益指标",
       "name": "提高了参保积极性,保障人民健康。",
       "target": "≥98%", "actual": "98%", "weight": 10, "score": 9, "note": null},
      {"level1": "效益指标(30分)", "level2": "可持续影响指标",
       "name": "促进医保保质量持续发展,全力推进乡村振兴。",
       "target": "=100%", "actual": "100%", "weight": 10, "score": 10, "note": null},
      {"level1": "满意度指标(10分)", "level2": "服务对象满意度指标", "name": "代缴对象满意度",
       "target": "≥99%", "actual": "99%", "weight": 10, "score": 9, "note": null}
    ],
    "total": {"weight": 10, "score": 97},
    "signoff": {"unit_head": null, "filler": null, "phone": null, "date": "2024-03-19"},
    "source": {"pages": [2]}
  })json";
  ExpectSameJson(records[0], kWant);
}

// Seed 002, 附件4: 项目支出名称, 自评得分, indicators without 分值/得分, empty sign-off.
TEST(MapDocument, Seed002Annex4) {
  const std::vector<std::string> rows = {
      "项目支出名称#c2|2023年中央财政医疗服务与保障能力提升补助资金#c7",
      "主管部门#c2|桃江县医疗保障局#c3|实施单位|桃江县医疗保障局#c3",
      "项目资金\n（万元）#r5|#c2|年初预算数|全年预算数|全年执行数|分值|执行率|自评得分",
      "年度资金总额#c2|20|20|20|10|100%|10",
      "其中：当年财政拨款#c2|20|20|20|||",
      "    上年结转资金#c2||| |||",
      " 其他资金#c2||||||",
      "年度总体\n目标#r2|预期目标#c4|实际完成情况#c4",
      "有效提升医保信息化标准化、基金监管、经办管理、目录监管水平，推进医保支付方式、药品和医用耗材集中带量采购、医疗服务价格等改革任务。#c4"
      "|有效提升医保信息化标准化、基金监管、经办管理、目录监管水平，推进医保支付方式、药品和医用耗材集中带量采购、医疗服务价格等改革任务。#c4",
      "绩\n效\n指\n标#r10|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|自评得分|偏差原因分析\n及改进措施",
      "产出指标\n（50分）#r4|数量\n指标|城乡居民城镇职工参保缴费人数||城乡居民639591人，城镇职工50158人|||",
      "质量\n指标|医保经办服务能力、综合监管能力、宣传能力||医保经办服务能力较上年明显提升，医保综合监管能力和宣传能力都显著提升|||",
      "时效\n指标|待遇及时结算支付率|≥100%|全县待遇享受人员待遇及时支付率为100%|||",
      "成本\n指标|中央下达能建资金|20万|已使用20万|||",
      "效益指标\n（30分）#r4|经济效\n益指标||||||",
      "社会效\n益指标|跨省异地就医直接结算率，医保信息系统正常运行率||跨省跨省异地就医直接结算率明显提高，医保信息系统正常运行率普遍提高|||",
      "生态效\n益指标|落实“两病”门诊用药保障||全年“两病”门诊用药保障待遇享受11.24万人次，医疗费用1792.69万元，医保报销1051.37万元|||",
      "可持续\n影响指\n标|推动DIP付费方式改革||全县24家医疗机构实行DIP总额预算管理|||",
      "满意度\n指标\n（10分）|服务对\n象满意\n度指标|工作满意度|≥95%|参保人员对医保服务的满意度达95%以上。|||",
      "总分#c6|100|100|",
  };
  PageLayout page{14, {}, {}};
  page.tables.push_back(BuildTable(14, 120, 9, rows));
  const double bottom = Bottom(page.tables[0]);
  page.lines = {Line("附件4", 40), Line("桃江县2023年度项目支出绩效自评表", 80),
                Line("备注： 每个项目支出一张表。", bottom + 10),
                Line("填表人：           填报日期：               联系电话：              "
                     "单位负责人签字：",
                     bottom + 35)};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const char* const kWant = R"json({
    "form": "project_self_evaluation",
    "year": 2023,
    "project_name": "2023年中央财政医疗服务与保障能力提升补助资金",
    "department": "桃江县医疗保障局",
    "implementer": "桃江县医疗保障局",
    "funds": {
      "total": {"initial_budget": 20, "annual_budget": 20, "executed": 20,
                "weight": 10, "execution_rate": 100, "score": 10},
      "current_year": {"initial_budget": 20, "annual_budget": 20, "executed": 20,
                       "weight": null, "execution_rate": null, "score": null},
      "carryover": {"initial_budget": null, "annual_budget": null, "executed": null,
                    "weight": null, "execution_rate": null, "score": null},
      "other": {"initial_budget": null, "annual_budget": null, "executed": null,
                "weight": null, "execution_rate": null, "score": null}
    },
    "goals": {
      "planned": "有效提升医保信息化标准化、基金监管、经办管理、目录监管水平,推进医保支付方式、药品和医用耗材集中带量采购、医疗服务价格等改革任务。",
      "achieved": "有效提升医保信息化标准化、基金监管、经办管理、目录监管水平,推进医保支付方式、药品和医用耗材集中带量采购、医疗服务价格等改革任务。"
    },
    "indicators": [
      {"level1": "产出指标(50分)", "level2": "数量指标", "name": "城乡居民城镇职工参保缴费人数",
       "target": null, "actual": "城乡居民639591人,城镇职工50158人",
       "weight": null, "score": null, "note": null},
      {"level1": "产出指标(50分)", "level2": "质量指标",
       "name": "医保经办服务能力、综合监管能力、宣传能力", "target": null,
       "actual": "医保经办服务能力较上年明显提升,医保综合监管能力和宣传能力都显著提升",
       "weight": null, "score": null, "note": null},
      {"level1": "产出指标(50分)", "level2": "时效指标", "name": "待遇及时结算支付率",
       "target": "≥100%", "actual": "全县待遇享受人员待遇及时支付率为100%",
       "weight": null, "score": null, "note": null},
      {"level1": "产出指标(50分)", "level2": "成本指标", "name": "中央下达能建资金",
       "target": "20万", "actual": "已使用20万", "weight": null, "score": null, "note": null},
      {"level1": "效益指标(30分)", "level2": "社会效益指标",
       "name": "跨省异地就医直接结算率,医保信息系统正常运行率", "target": null,
       "actual": "跨省跨省异地就医直接结算率明显提高,医保信息系统正常运行率普遍提高",
       "weight": null, "score": null, "note": null},
      {"level1": "效益指标(30分)", "level2": "生态效益指标", "name": "落实“两病”门诊用药保障",
       "target": null,
       "actual": "全年“两病”门诊用药保障待遇享受11.24万人次,医疗费用1792.69万元,医保报销1051.37万元",
       "weight": null, "score": null, "note": null},
      {"level1": "效益指标(30分)", "level2": "可持续影响指标", "name": "推动DIP付费方式改革",
       "target": null, "actual": "全县24家医疗机构实行DIP总额预算管理",
       "weight": null, "score": null, "note": null},
      {"level1": "满意度指标(10分)", "level2": "服务对象满意度指标", "name": "工作满意度",
       "target": "≥95%", "actual": "参保人员对医保服务的满意度达95%以上。",
       "weight": null, "score": null, "note": null}
    ],
    "total": {"weight": 100, "score": 100},
    "signoff": {"unit_head": null, "filler": null, "phone": null, "date": null},
    "source": {"pages": [14]}
  })json";
  ExpectSameJson(records[0], kWant);
}

// Seed 001, form 1: the transfer-payment layout (转移支付名称, 自评总分 at the top, 联系人及电话,
// an unlabelled funds row, indicators with 计量单位 and 得分系数 but no 一级/二级).
TEST(MapDocument, Seed001TransferPaymentLayout) {
  const std::vector<std::string> rows = {
      "转移支付名称|国有单（双）解人员医疗保险费\n　#c4|自评总分\n（分)#c2|100　",
      "业务主管部门|区医保局　#c4|联系人\n及电话#c2|成志明   53556726　",
      "项目资金（万元）#r2|年初预算数#c2|全年预算数|全年执行数|执行率（%)#c2|执行率得分\n（分)",
      "41#c2|96|96　|100　#c2|10　",
      "年度总体目标#r2|年初设定目标#c3|全年目标实际完成情况#c4",
      "根据渝财社[2019]326号文件，预计2020年享受国有单（双）解人员4629人，区级承担约41万元。#c3"
      "|根据渝财社[2019]88、89号以及渝财社[2020]205号文件，2019年底国有单（双）解人员4629人，"
      "结算2018年、2019年及预下达2020年资金，市级补助共计48万元，区级配套资金48万元。#c4",
      "绩效指标#r8|指标名称|计量单位|年度指标值|全年完成值|得分系数\n（%)|权重\n（分)|指标得分\n（分)",
      "享受补助人数　|人|4629人　|4629人　|100　|13.2　|13.2　　",
      "缴费补助标准|元/人.年|180元/人.年|180元/人.年|100　|12.8|12.8　",
      "区级财政承担缴费补助标准|元/人.年|90元/人.年|90元/人.年|100　|12.8|12.8",
      "市级财政承担缴费补助标准|元/人.年|90元/人.年|90元/人.年|100　|12.8|12.8　",
      "经济效益指标|万元|41万元|96万元|100|12.8　|12.8　",
      "可持续影响指标||根据相关文件要求适当调整|根据相关文件要求适当调整|100|12.8|12.8",
      "参保人员满意度|%|≧95%|≧95%|100|12.8　|12.8　",
      "未完成绩效目标或偏离较多的原因、改进措施及其他说明#c3|#c5",
  };
  PageLayout page{1, {BuildTable(1, 100, 8, rows)},
                  {Line(" 2020年区医保局项目资金绩效目标自评表  ", 40)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const char* const kWant = R"json({
    "form": "project_self_evaluation",
    "year": 2020,
    "project_name": "国有单(双)解人员医疗保险费",
    "department": "区医保局",
    "implementer": null,
    "funds": {
      "total": {"initial_budget": 41, "annual_budget": 96, "executed": 96,
                "weight": null, "execution_rate": 100, "score": 10}
    },
    "goals": {
      "planned": "根据渝财社[2019]326号文件,预计2020年享受国有单(双)解人员4629人,区级承担约41万元。",
      "achieved": "根据渝财社[2019]88、89号以及渝财社[2020]205号文件,2019年底国有单(双)解人员4629人,结算2018年、2019年及预下达2020年资金,市级补助共计48万元,区级配套资金48万元。"
    },
    "indicators": [
      {"level1": null, "level2": null, "name": "享受补助人数", "unit": "人",
       "target": "4629人", "actual": "4629人", "coefficient": 100, "weight": 13.2,
       "score": 13.2, "note": null},
      {"level1": null, "level2": null, "name": "缴费补助标准", "unit": "元/人.年",
       "target": "180元/人.年", "actual": "180元/人.年", "coefficient": 100, "weight": 12.8,
       "score": 12.8, "note": null},
      {"level1": null, "level2": null, "name": "区级财政承担缴费补助标准", "unit": "元/人.年",
       "target": "90元/人.年", "actual": "90元/人.年", "coefficient": 100, "weight": 12.8,
       "score": 12.8, "note": null},
      {"level1": null, "level2": null, "name": "市级财政承担缴费补助标准", "unit": "元/人.年",
       "target": "90元/人.年", "actual": "90元/人.年", "coefficient": 100, "weight": 12.8,
       "score": 12.8, "note": null},
      {"level1": null, "level2": null, "name": "经济效益指标", "unit": "万元",
       "target": "41万元", "actual": "96万元", "coefficient": 100, "weight": 12.8,
       "score": 12.8, "note": null},
      {"level1": null, "level2": null, "name": "可持续影响指标", "unit": null,
       "target": "根据相关文件要求适当调整", "actual": "根据相关文件要求适当调整",
       "coefficient": 100, "weight": 12.8, "score": 12.8, "note": null},
      {"level1": null, "level2": null, "name": "参保人员满意度", "unit": "%",
       "target": "≥95%", "actual": "≥95%", "coefficient": 100, "weight": 12.8,
       "score": 12.8, "note": null}
    ],
    "total": {"weight": null, "score": 100},
    "signoff": {"unit_head": null, "filler": "成志明", "phone": "53556726", "date": null},
    "source": {"pages": [1]}
  })json";
  ExpectSameJson(records[0], kWant);
}

// What the layout stage made of a 200 dpi scan of seed 003 form 2 when two rulings were too
// faint: label cells merged down ("项目名称主管部门", "年度资金总额其中:当年财政拨款") and a
// label run together with its value ("实施单位大厂…"); OCR lost the 实际完成情况 header.
TEST(MapDocument, MergedLabelCellsFromAScan) {
  const std::vector<std::string> rows = {
      "项目名称主管部门#r2|医疗保障服务经费#c8",
      "#c3|实施单位大厂回族自治县医疗保障局#c5",
      "项目资金(万元)#r5|#c2|年初预算数|全年预算数|全年执行数|分值|执行率|得分",
      "年度资金总额其中:当年财政拨款#r2c2|88|88|65.22|10|74.11%|7.41",
      "88|88|65.22|||",
      "上年结转资金#c2||||||",
      "其他资金#c2||||||",
      "年度总体目标#r2|预期目标#c4|3#c2||",
      "通过政府购买服务,从而实现各项业务高效开展,业务保障能力明显提高。#c4|已完成#c4",
      "绩效指标#r3|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施",
      "产出指标|数量指标|指标1:(医疗保险报销结算)服务人数|≥17名|14名|10|8.24|",
      "满意度指标|服务对象满意度指标|指标1:服务对象满意度|≥95%|≥95%|10|10|",
      "总分#c6|30|25.65|",
  };
  PageLayout page{2, {BuildTable(2, 100, 9, rows)}, {Line("项目支出绩效自评表", 40)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& record = records[0];
  struct Case {
    const char* path;
    const char* want;  // JSON
  };
  static const Case kCases[] = {
      {"/form", R"json("project_self_evaluation")json"},
      {"/project_name", R"json("医疗保障服务经费")json"},
      {"/department", "null"},
      {"/implementer", R"json("大厂回族自治县医疗保障局")json"},
      {"/funds/total",
       R"json({"initial_budget":88,"annual_budget":88,"executed":65.22,"weight":10,"execution_rate":74.11,"score":7.41})json"},
      {"/funds/current_year",
       R"json({"initial_budget":88,"annual_budget":88,"executed":65.22,"weight":null,"execution_rate":null,"score":null})json"},
      {"/goals",
       R"json({"planned":"通过政府购买服务,从而实现各项业务高效开展,业务保障能力明显提高。","achieved":null})json"},
      {"/indicators/0/name", R"json("(医疗保险报销结算)服务人数")json"},
      {"/indicators/1/score", "10"},
      {"/total", R"json({"weight":30,"score":25.65})json"},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(record.at(Json::json_pointer(c.path)).dump(), Json::parse(c.want).dump()) << c.path;
  }
}

// A 偏差原因分析 note written once across two rows belongs to both.
TEST(MapDocument, MergedNoteAppliesToEveryRowItSpans) {
  const std::vector<std::string> rows = {
      "项目名称#c2|测试项目#c7",
      "绩效指标#r3|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析",
      "产出指标#r2|数量指标#r2|指标 1: 培训人数|≥100人|80人|10|8|受疫情影响#r2",
      "指标 2: 培训场次|≥4次|3次|10|7.5",
      "总分#c6|20|15.5|",
  };
  PageLayout page{1, {BuildTable(1, 100, 9, rows)}, {}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& indicators = records[0]["indicators"];
  ASSERT_EQ(indicators.size(), 2u);
  struct Case {
    const char* name;
    const char* level2;
    double score;
    const char* note;
  };
  static const Case kCases[] = {{"培训人数", "数量指标", 8, "受疫情影响"},
                                {"培训场次", "数量指标", 7.5, "受疫情影响"}};
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(indicators[i]["name"], kCases[i].name);
    EXPECT_EQ(indicators[i]["level2"], kCases[i].level2);
    EXPECT_EQ(indicators[i]["score"].get<double>(), kCases[i].score);
    EXPECT_EQ(indicators[i]["note"], kCases[i].note);
  }
  EXPECT_EQ(records[0]["total"].dump(), R"json({"weight":20,"score":15.5})json");
  EXPECT_EQ(records[0]["year"], nullptr);
  EXPECT_EQ(records[0]["funds"], Json::object());
}

// A table no form matches (a staff list) is kept as cells, with its page's lines.
TEST(MapDocument, OtherTableIsKeptAsUnrecognized) {
  const std::vector<std::string> rows = {
      "序号|姓名|职务（岗位）|联系电话",
      "1|王刚|科员|8366688",
      "2#r2|李 明#r2|股长|13900000000",
      "兼任出纳|",
  };
  PageLayout page{40, {BuildTable(40, 100, 4, rows)},
                  {Line("绩效评价工作组成员名单", 20), Line("单位：人", 60)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& record = records[0];
  EXPECT_EQ(record["form"], "unrecognized_table");
  EXPECT_EQ(record["rows"], 4);
  EXPECT_EQ(record["cols"], 4);
  EXPECT_EQ(record["cells"].size(), 14u);
  EXPECT_EQ(record["cells"][2].dump(),
            R"json({"row":0,"col":2,"rowspan":1,"colspan":1,"text":"职务(岗位)"})json");
  EXPECT_EQ(record["cells"][8].dump(),
            R"json({"row":2,"col":0,"rowspan":2,"colspan":1,"text":"2"})json");
  EXPECT_EQ(record["cells"][9].dump(),
            R"json({"row":2,"col":1,"rowspan":2,"colspan":1,"text":"李明"})json");
  EXPECT_EQ(record["lines"].dump(), R"json(["绩效评价工作组成员名单","单位:人"])json");
  EXPECT_EQ(record["source"].dump(), R"json({"pages":[40]})json");
}

// A page of text that names no report (a cover, a blank scan) gives no record; the caller
// reports a document without records.
TEST(MapDocument, NoTablesNoRecords) {
  PageLayout page{1, {}, {Line("附件3", 20), Line("— 3 —", 60)}};
  EXPECT_TRUE(MapDocument(Loaded(), {page}).empty());
  EXPECT_TRUE(MapDocument(Loaded(), {}).empty());
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

// Seed 002's 部门整体支出绩效自评表 (桃江, cut after its first indicators): department label,
// funds row, the budget by source and by use, goals, indicators with merged 一级/二级, 总分.
std::vector<std::string> Taojiang002DepartmentRows() {
  return {
      "县级预算部门、单位名称#c2|桃江县医疗保障局#c7",
      "年度预 算申请 (万元)#r7||年初预算数|全年预算数|全年执行数|分值|执行率|自评得分#c2",
      "年度资金总额|514.63|694.15|694.15|10|100%|#c2",
      "按收入性质分：694.15#c4|按支出性质分：694.15#c4",
      "其中：一般公共预算：694.15#c4|其中：基本支出：629.68#c4",
      "政府性基金拨款：#c4|项目支出：64.47#c4",
      "纳入专户管理的非税收入拨款：#c4|#c4",
      "其他资金：#c4|#c4",
      "年度总体 目标#r2|预期目标#c4|实际完成情况#c4",
      "1、完成上级下达的各项目标任务。#c4|1、完成上级下达的各项目标任务。#c4",
      "绩 效 指 标#r4|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|自评得分|偏差原因分析 及改进措施",
      "产出指标 (50分)#r2|数量 指标|城乡居民城镇职工参保缴费人数||城乡居民639591人|||",
      "质量 指标|医保参保率达常驻人口的百分比|≥95%|常驻人口参保率达102.15%|||",
      "满意度 指标 (10分)|服务对象 满意度指标|工作满意度|≧95%|参保人员对医保服务的满意度达95%以上。|||",
      "总分#c6|100|100|",
  };
}

// Seed 001's 部门整体绩效自评表 (Chongqing layout): 主管部门 with 财务科室 and 自评总分 in one
// row, 部门联系人 inside the table, an unlabelled funds row, three goals, 指标性质 and 是否核心指标.
std::vector<std::string> Chongqing001DepartmentRows() {
  return {
      "主管 部门#r2|区医保局#r2|财务 科室#r2|规划基金财务科#c3r2|自评总分（分）#c3|100#c2",
      "部门 联系人|成志明|联系电话|53556726#c2",
      "部门预算执行情况#r2|预算 资金 （万元）#c2|年初 预算数#c2|全年（调整） 预算数#c2|全年执行数|执行率 （%）|执行率 权重|执行率 得分 （分）",
      "#c2|42322.97#c2|5957.02#c2|5957.02|100%|10|10",
      "当年绩效目标#r2|年初绩效目标#c4|全年（调整）绩效目标#c3|全年目标实际完成情况#c3",
      "依法推进参保工作#c4|聚焦基金监管#c3|聚焦医保扶贫#c3",
      "绩效指标#r3|指标 名称|计量 单位|指标 性质|年初 指标 值|调整 指标 值|全年 完成 值|得分 系数 （%）|指标权重 （分）|指标 得分 （分）|是否核心 指标",
      "参保率|%|≧|95|95|96|100|18|18|是",
      "建档立卡身份识别公示率|%|=|100|100|100|100|18|18|否",
      "说明|#c10",
  };
}

TEST(MapDocument, DepartmentFormOfSeed002) {
  PageLayout page{2, {BuildTable(2, 100, 9, Taojiang002DepartmentRows())},
                  {Line("桃江县2023年度部门整体支出绩效自评表", 40),
                   Line("填表人：  填报日期：  联系电话：  单位负责人签字：", 2000)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& r = records[0];
  EXPECT_EQ(r["form"], "department_self_evaluation");
  EXPECT_EQ(r["year"], 2023);
  EXPECT_EQ(r["department"], "桃江县医疗保障局");
  EXPECT_EQ(r["finance_office"], nullptr);
  EXPECT_EQ(r["funds"].dump(),
            R"json({"total":{"initial_budget":514.63,"annual_budget":694.15,"executed":694.15,)json"
            R"json("weight":10,"execution_rate":100,"score":null}})json");
  EXPECT_EQ(r["funds_by_source"].dump(),
            R"json({"general_public_budget":694.15,"government_fund":null,)json"
            R"json("special_account_non_tax":null,"other":null})json");
  EXPECT_EQ(r["funds_by_use"].dump(), R"json({"basic":629.68,"project":64.47})json");
  EXPECT_EQ(r["goals"]["planned"], "1、完成上级下达的各项目标任务。");
  EXPECT_EQ(r["goals"]["adjusted"], nullptr);
  ASSERT_EQ(r["indicators"].size(), 3u);
  EXPECT_EQ(r["indicators"][1].dump(),
            R"json({"level1":"产出指标(50分)","level2":"质量指标","name":"医保参保率达常驻人口的百分比",)json"
            R"json("unit":null,"nature":null,"target":"≥95%","adjusted_target":null,)json"
            R"json("actual":"常驻人口参保率达102.15%","coefficient":null,"weight":null,"score":null,)json"
            R"json("core":null,"note":null})json");
  EXPECT_EQ(r["indicators"][2]["target"], "≥95%");
  EXPECT_EQ(r["total"].dump(), R"json({"weight":100,"score":100})json");
  EXPECT_EQ(r["source"].dump(), R"json({"pages":[2]})json");
}

TEST(MapDocument, DepartmentFormOfSeed001) {
  PageLayout page{6, {BuildTable(6, 100, 11, Chongqing001DepartmentRows())},
                  {Line("部门整体绩效自评表", 40)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& r = records[0];
  EXPECT_EQ(r["form"], "department_self_evaluation");
  EXPECT_EQ(r["year"], nullptr);
  EXPECT_EQ(r["department"], "区医保局");
  EXPECT_EQ(r["finance_office"], "规划基金财务科");
  EXPECT_EQ(r["funds"].dump(),
            R"json({"total":{"initial_budget":42322.97,"annual_budget":5957.02,"executed":5957.02,)json"
            R"json("weight":10,"execution_rate":100,"score":10}})json");
  EXPECT_EQ(r["funds_by_source"], nullptr);
  EXPECT_EQ(r["funds_by_use"], nullptr);
  EXPECT_EQ(r["goals"].dump(),
            R"json({"planned":"依法推进参保工作","adjusted":"聚焦基金监管","achieved":"聚焦医保扶贫"})json");
  ASSERT_EQ(r["indicators"].size(), 2u);
  EXPECT_EQ(r["indicators"][0].dump(),
            R"json({"level1":null,"level2":null,"name":"参保率","unit":"%","nature":"≥",)json"
            R"json("target":"95","adjusted_target":"95","actual":"96","coefficient":100,)json"
            R"json("weight":18,"score":18,"core":true,"note":null})json");
  EXPECT_EQ(r["indicators"][1]["core"], false);
  EXPECT_EQ(r["total"].dump(), R"json({"weight":null,"score":100})json");
  EXPECT_EQ(r["signoff"]["filler"], "成志明");
  EXPECT_EQ(r["signoff"]["phone"], "53556726");
}

// The same form scanned: ≧ in the 指标性质 column read as 三 (a 300 dpi G4 and a 250 dpi PNG of
// it) is ≥, reviewed; the = beside it stays.
TEST(MapDocument, OcrNatureSignReadAsHanzi) {
  std::vector<std::string> rows = Chongqing001DepartmentRows();
  rows[7].replace(rows[7].find("≧"), std::string("≧").size(), "三");
  PageLayout page{6, {BuildTable(6, 100, 11, rows, 0.9)}, {Line("部门整体绩效自评表", 40)}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& r = records[0];
  EXPECT_EQ(r["indicators"][0]["nature"], "≥");
  EXPECT_EQ(r["indicators"][1]["nature"], "=");
  EXPECT_NE(std::find(r["review"].begin(), r["review"].end(), "indicators[0].nature"),
            r["review"].end());
}

// A department form cut by a page break is one record, whether the indicator header row is
// repeated on the second page or not.
TEST(MapDocument, DepartmentFormSplitOverTwoPagesIsOneRecord) {
  for (const bool repeated : {false, true}) {
    SCOPED_TRACE(repeated ? "header repeated" : "header not repeated");
    const std::vector<std::string> rows = Taojiang002DepartmentRows();
    std::vector<std::string> top(rows.begin(), rows.begin() + 13);  // through 质量指标
    top[10].replace(top[10].find("#r4"), 3, "#r3");                   // 绩效指标 ends at the cut
    std::vector<std::string> rest = {
        "|满意度 指标 (10分)|服务对象 满意度指标|工作满意度|≧95%|满意度达95%以上。|||",
        "总分#c6|100|100|",
    };
    if (repeated) {  // the header row again, its 绩效指标 cell one row high
      rest.insert(rest.begin(), "绩效指标" + rows[10].substr(rows[10].find('|')));
    }
    PageLayout first{2, {BuildTable(2, 100, 9, top)}, {Line("桃江县2023年度部门整体支出绩效自评表", 40)}};
    PageLayout second{3, {BuildTable(3, 100, 9, rest)}, {}};
    std::vector<Json> records = MapDocument(Loaded(), {first, second});
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0]["form"], "department_self_evaluation");
    EXPECT_EQ(records[0]["source"].dump(), R"json({"pages":[2,3]})json");
    ASSERT_EQ(records[0]["indicators"].size(), 3u);
    EXPECT_EQ(records[0]["indicators"][2]["name"], "工作满意度");
    EXPECT_EQ(records[0]["indicators"][2]["target"], "≥95%");
    EXPECT_EQ(records[0]["total"]["score"], 100);
  }
}

// A 200 dpi 1-bit scan (samples/dachang-2022-d, G4 TIFF) loses the stroke that tells 一级, 二级
// and 三级指标 apart and misreads two more header cells; the columns still come out by order.
TEST(MapDocument, OcrIndicatorHeaderWithLevelsIndistinct) {
  const std::vector<std::string> rows = {
      "项目名称|城乡居民医疗保险宣传经费#c8",
      "绩效指标#r3|指慰|:级指标|一级指标|指标年度估|实际完成什|分值|得分|偏差原因分析及改进措施",
      "产出指标#r2|数量指标|全县参保人约10万人|≥100000人|完成|10|10|",
      "质量指标|参保率|≥96%|完成|15|15|",
      "总分#c6|100|100|",
  };
  PageLayout page{1, {BuildTable(1, 100, 9, rows, 0.8)}, {}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& indicators = records[0]["indicators"];
  ASSERT_EQ(indicators.size(), 2u);
  EXPECT_EQ(indicators[0]["level1"], "产出指标");
  EXPECT_EQ(indicators[0]["level2"], "数量指标");
  EXPECT_EQ(indicators[0]["name"], "全县参保人约10万人");
  EXPECT_EQ(indicators[0]["target"], "≥100000人");
  EXPECT_EQ(indicators[0]["actual"], "完成");
  EXPECT_EQ(indicators[1]["level1"], "产出指标");
  EXPECT_EQ(indicators[1]["target"], "≥96%");
  EXPECT_EQ(indicators[1]["score"], 15);
}

// 一级指标 and 二级指标 both read "-级指标", and 三级指标 lost whole (a 150 dpi scan): the three
// cells from the first "…级指标" up to 年度指标值 are 一级, 二级 and 三级 in order. The colon
// printed after 数量指标 (seed 003) stays: the level was snapped to 数量指标 without it.
TEST(MapDocument, OcrIndicatorHeaderWithTheNameHeaderLost) {
  const std::vector<std::string> rows = {
      "项目名称|网络设备软件运行保障经费#c8",
      "绩效指标#r3|-级指标|-级指标||年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施",
      "产出指标#r2|数量指标:#r2|软件维护|≥1项|1项|5|5|",
      "硬件维护|≥1项|1项|5|5|",
      "总分#c6|100|100|",
  };
  PageLayout page{3, {BuildTable(3, 100, 9, rows, 0.8)}, {}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& indicators = records[0]["indicators"];
  ASSERT_EQ(indicators.size(), 2u);
  EXPECT_EQ(indicators[0]["level1"], "产出指标");
  EXPECT_EQ(indicators[0]["level2"], "数量指标:");
  EXPECT_EQ(indicators[0]["name"], "软件维护");
  EXPECT_EQ(indicators[0]["target"], "≥1项");
  EXPECT_EQ(indicators[1]["level2"], "数量指标:");
  EXPECT_EQ(indicators[1]["name"], "硬件维护");
  EXPECT_EQ(indicators[1]["score"], 5);
}

// Level cells that state their points ("满意度指标(10分)", seeds 000 and 002) as OCR reads
// them: the name is snapped, the points kept, the misread 分 and brackets restored; a cell
// whose points are in doubt ("(10全1") stays as read.
TEST(MapDocument, OcrLevelCellsWithPoints) {
  const std::vector<std::string> rows = {
      "项目名称|城乡居民医疗保险宣传经费#c8",
      "绩效指标#r5|一级指标|二级指标|三级指标|指标值|实际完成值|分值|得分|偏差原因分析及改进措施",
      "产出指标(50分)|数量指标|参保人数|≥10万人|完成|10|10|",
      "满章度指标(10针|服务对象满意度指标|满意度|≥95%|完成|10|10|",
      "满意度指标(10全1|服务对象满意度指标|满意度|≥95%|完成|10|10|",
      "满意度指标〈10分)|服务对象满意度指标|满意度|≥95%|完成|10|10|",
      "总分#c6|40|40|",
  };
  PageLayout page{1, {BuildTable(1, 100, 9, rows, 0.8)}, {}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& indicators = records[0]["indicators"];
  ASSERT_EQ(indicators.size(), 4u);
  EXPECT_EQ(indicators[0]["level1"], "产出指标(50分)");
  EXPECT_EQ(indicators[1]["level1"], "满意度指标(10分)");
  EXPECT_EQ(indicators[2]["level1"], "满意度指标(10全1");
  EXPECT_EQ(indicators[3]["level1"], "满意度指标(10分)");
  const Json& review = records[0]["review"];
  EXPECT_NE(std::find(review.begin(), review.end(), "indicators[1].level1"), review.end());
}

// Seed 001's department form from a 1-bit scan: two header cells misread side by side
// (全年完成值 → "爹年值", 得分系数（%） → "系数(9") take the columns the layout has between
// 调整指标值 and 指标权重.
TEST(MapDocument, OcrHeaderCellsBetweenKnownOnesTakeTheLayoutsColumns) {
  std::vector<std::string> rows = Chongqing001DepartmentRows();
  rows[6] = "绩效指标#r3|指标名称|计量单位|指标性质|年初指标值|调整指标值|爹年值|系数(9|指标权重(分)|"
            "指标得分(分)|是否核心指标";
  PageLayout page{1, {BuildTable(1, 100, 11, rows, 0.8)}, {}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  const Json& indicators = records[0]["indicators"];
  ASSERT_EQ(indicators.size(), 2u);
  EXPECT_EQ(indicators[0]["actual"], "96");
  EXPECT_EQ(indicators[0]["coefficient"], 100);
  EXPECT_EQ(indicators[0]["weight"], 18);
  // Provenance is keyed by the record's field paths.
  for (const char* path : {"department", "goals.planned", "goals.adjusted", "goals.achieved",
                           "funds.total.executed", "indicators[0].actual"}) {
    EXPECT_TRUE(records[0]["provenance"].contains(path)) << path;
  }
}

// OCR'd funds header cells that match no label stand for the keys the layouts print there:
// between two known ones ("金华访算数", "企年扒行数" of the dachang-d 200 dpi 1-bit scan), or at
// either end of the header, as many as a layout prints before the first known key (after the
// last). A run of another length is left alone.
TEST(MapDocument, OcrFundsHeaderCellsFromTheLayouts) {
  const char* const kHeaders[] = {
      "年初预算数|金华访算数|企年扒行数|分值|执行率|得分",      // between known ones
      "人牟初预算数|金华预算数|全年执行数|分值|执行率|得分",    // at the start
      "年初预算数|全年预算数|全年执行数|分值|扒彳亍辛|犭寻",    // at the end
      "人牟初预算数|金华预算数|全年执行数|分值|扒彳亍辛|犭寻",  // both
  };
  for (const char* header : kHeaders) {
    const std::vector<std::string> rows = {
        "项目名称|城乡居民医保村级代办员补助资金#c7",
        std::string("项目资金(万元)#r2||") + header,
        "年度资金总额|0|2|1.995|10|100%|10",
        "绩效指标#r2|一级指标|二级指标|三级指标|指标值|实际完成值|分值|得分",
        "产出指标|数量指标|代办员人数|≥105人|完成|10|10",
        "总分#c6|10|10",
    };
    PageLayout page{1, {BuildTable(1, 100, 8, rows, 0.8)}, {}};
    std::vector<Json> records = MapDocument(Loaded(), {page});
    ASSERT_EQ(records.size(), 1u) << header;
    EXPECT_EQ(records[0]["funds"]["total"].dump(),
              R"json({"initial_budget":0,"annual_budget":2,"executed":1.995,"weight":10,)json"
              R"json("execution_rate":100,"score":10})json")
        << header;
  }
  // Three unknown cells where a layout prints two keys before 全年执行数: none is guessed.
  const std::vector<std::string> rows = {
      "项目名称|城乡居民医保村级代办员补助资金#c8",
      "项目资金(万元)#r2||犭寻|人牟初预算数|金华预算数|全年执行数|分值|执行率|得分",
      "年度资金总额|7|0|2|1.995|10|100%|10",
      "总分#c7|10|10",
  };
  PageLayout page{1, {BuildTable(1, 100, 9, rows, 0.8)}, {}};
  std::vector<Json> records = MapDocument(Loaded(), {page});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["funds"]["total"]["initial_budget"], nullptr);
  EXPECT_EQ(records[0]["funds"]["total"]["annual_budget"], nullptr);
}

}  // namespace
}  // namespace jixiao
