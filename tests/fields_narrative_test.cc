// ReadNarrative on excerpts of the seeds' report texts (/work/shared/seeds/), wrapped into
// lines as a page would print them and normalized line by line as the pipeline does.
//   000: the report before its table (title wrapped over two lines; 执行数 right after the
//        budget);
//   002: 2023年部门整体支出绩效评价报告 (支出计划 with no executed total; the later "三公"
//        支出决算 answers the 三公 budget; the department only on the signing line);
//   003: 整体绩效自评工作报告 (a figure cut at a line end; project figures after the totals);
//   004: 部门整体支出绩效自评报告 (labelled department and sign-off; amounts in 元; a 其中
//        breakdown between the budget and the 决算).
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/text.h"
#include "fields/form.h"
#include "fields_test_util.h"

namespace jixiao {
namespace {

const Patterns& Loaded() { return testing::LoadedPatterns(); }

// The excerpt's lines, each normalized (NFKC, white space dropped) as the pipeline does.
// The lines of `text` as a born-digital page gives them (confidence 1), one page.
std::vector<NarrativeLine> Lines(const std::string& text) {
  std::vector<NarrativeLine> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back({NormalizeText(line), 1, Box{}, 1.0});
  return lines;
}

constexpr char kSeed000[] = R"(贡觉县医疗保障局重大项目支出
绩效评价报告 (≥100 万元)
一、基本情况
(一) 人员机构设置
我单位人员编制数 7 人，其中行政 3 人；实际在职人数 3 人，其中参公编制 4 人，实际在职人数 2
人，人员情况较 2022 年有变化（我局 2023 年调出 1 名干部）。
（三）工作计划及实施情况
坚持以“事项标准化、平台智能化、机制一体化、行为规范化、管理精细化”建设工作为中心，紧紧围
绕上级主管部门下达的年度目标任务，加强财政支出预算管理，强化支出责任，有效增强预算执行的科
学性、合理性、规范性，提高财政资金使用绩效，保障财政支出实现预期目标，确保各项补助足额发放。
二、绩效评价工作开展情况
1. 项目支出情况
2023年批复≥100 万元项目共计1个，项目支出预算总数为261.53万元，执行数261.53万元，执行率
100%。项目名称为：2022年城乡居民医疗保险财政代缴资金，预算261.53万元，支出261.53万元，支
出率100%。
三、综合评价情况及评价结论（附相关评分表）)";

constexpr char kSeed002[] = R"( 2023年部门整体支出绩效评价报告
一、部门概况
(一)部门基本情况
2023年本局干职工实有人数共计61人，其中：在职人数43人,退休人员18人。
二、部门整体支出管理及使用成效分析。
(一)部门整体支出规模：
部门整体支出计划694.15万元。1、基本支出629.68万元，为确保医保局工作职能的落实和管理过程中
人员工资待遇、办公经费等所需经费开支。2、项目支出64.47万元，主要用于城镇职工和城乡居民医保
筹资和待遇管理工作经费。
3、“三公”经费的使用和管理等情况：
（1）“三公”经费支出情况：2023年国内公务接待130 批次，国内公务接待720人次。2023年度“三公”
经费财政拨款支出预算为16万元，支出决算为4.18万元，完成预算的26.13%，决算数小于预算数的主要
原因是严格遵守中央八项规定，厉行节约，严控公务接待支出 。
项目支出
项目资金实际使用情况：项目资金64.47万元，主要用于城镇职工和城乡居民医保筹资和待遇管理工作
经费。
四、绩效评价工作开展情况
为认真贯彻落实十九大报告精神，强化财政支出绩效理念和部门责任意识，规范财政资金管理，提高财
政资金使用效益。结合评价得分评价结果为良好。
六、改进措施和有关建议
2、进一步加强单位内部机构的预算管理意识，严格按照预算的相关制度和要求进行。

                                    桃江县医疗保障局

                                     2024年4月30日)";

constexpr char kSeed003[] = R"(2022 年度大厂回族自治县医疗保障局 整体绩效自评工作报告
根据《县财政局关于做好 2022 年度县级预算部门（单位）绩效自评工作的通知》，县医保局 2022 年度预
算已经执行終了，现对项目资金支出进行绩效自评，具体情况报告如下：
一、绩效自评工作组织开展情况
（一）预算安排及资金分配拨付情况
2022 年预算项目绩效自评共计 23 个，年初预算数为 568.64 万元，2022 年执行数为 425.
394936 万元。
二、绩效目标实现情况
（九）医保基金监管专项检查经费使用情况
2022年，县财政安排预算资金6万元，用于医保局基金监管专项检查工作。通过项目的实施，医保局共
计支出资金5.7万元，用于各类专项行动。
（十六）医疗救助补助资金使用情况
严格落实医疗保障政策，共计支出2022年度救助金57.3389万元，救助率100%。
大厂回族自治县医疗保障局)";

constexpr char kSeed004[] = R"(附件3
部门整体支出绩效自评报告
部门名称：仁化县医疗保障局
填 报 人：谭文军
联系电话：6238380
填报日期：2022.4.15
一、部门基本情况
（四）部门整体支出情况。县医保局于 2019 年 3 月成立，2020 年，县医保局年度财政拨款预算金额共
6507.02 万元，其中基本支出预算金额为 115.7 万元，项目支出为 6391.32 万元。2020 年度部门决算情
况，县医保局年度部门决算共 9422.85 万元，其中基本支出 124.07 万元，项目支出为 9294.05 万元，
“三公”经费为 4.73 万元。
二、绩效自评情况
（一）预算执行情况。2021 年，县级城乡医保工作经费资金预算数为 444875 元，执行数（支出数）：
444875 元，执行率：100%。)";

struct Case {
  const char* name;
  const char* text;
  std::set<int> pages;
  // Expected record; nullopt/"" stand for JSON null.
  const char* title;
  std::optional<int> year;
  const char* department;
  std::optional<double> budget_total, executed_total, execution_rate;
  const char* unit_head;
  const char* filler;
  const char* phone;
  const char* date;
};

Json TextOrNullOf(const char* text) { return *text == '\0' ? Json(nullptr) : Json(text); }
Json NumberOf(std::optional<double> value) { return value ? Json(*value) : Json(nullptr); }

TEST(ReadNarrativeTest, SeedReports) {
  const Case kCases[] = {
      {"seed000", kSeed000, {1}, "贡觉县医疗保障局重大项目支出绩效评价报告(≥100万元)",
       std::nullopt, "贡觉县医疗保障局", 261.53, 261.53, 100, "", "", "", ""},
      {"seed002", kSeed002, {3, 4}, "2023年部门整体支出绩效评价报告", 2023, "桃江县医疗保障局",
       694.15, std::nullopt, std::nullopt, "", "", "", "2024-04-30"},
      {"seed003", kSeed003, {71, 72}, "2022年度大厂回族自治县医疗保障局整体绩效自评工作报告", 2022,
       "大厂回族自治县医疗保障局", 568.64, 425.394936, std::nullopt, "", "", "", ""},
      {"seed004", kSeed004, {1, 2}, "部门整体支出绩效自评报告", std::nullopt, "仁化县医疗保障局",
       6507.02, 9422.85, 100, "", "谭文军", "6238380", "2022-04-15"},
  };
  for (const Case& test : kCases) {
    SCOPED_TRACE(test.name);
    std::optional<Json> record = ReadNarrative(Loaded(), Lines(test.text), test.pages, {});
    ASSERT_TRUE(record.has_value());
    Json want = {{"form", "narrative_report"},
                 {"year", test.year ? Json(*test.year) : Json(nullptr)},
                 {"title", test.title},
                 {"department", TextOrNullOf(test.department)},
                 {"budget_total", NumberOf(test.budget_total)},
                 {"executed_total", NumberOf(test.executed_total)},
                 {"execution_rate", NumberOf(test.execution_rate)},
                 {"signoff",
                  {{"unit_head", TextOrNullOf(test.unit_head)},
                   {"filler", TextOrNullOf(test.filler)},
                   {"phone", TextOrNullOf(test.phone)},
                   {"date", TextOrNullOf(test.date)}}},
                 {"source", SourcePages(test.pages)}};
    // Compared as parsed values (10 and 10.0 alike), key order included.
    EXPECT_EQ(Json::parse(record->dump()), Json::parse(want.dump()));
    std::vector<std::string> keys;
    for (auto it = record->begin(); it != record->end(); ++it) keys.push_back(it.key());
    const std::vector<std::string> kKeys = {"form",           "year",         "title",
                                            "department",     "budget_total", "executed_total",
                                            "execution_rate", "signoff",      "source"};
    EXPECT_EQ(keys, kKeys);
  }
}

// Text that names no report is no narrative_report: prose about reports, a form's title.
TEST(ReadNarrativeTest, NoReportNoRecord) {
  const char* const kTexts[] = {
      "",
      // seed 003, a project's paragraph: figures, but no report named.
      "（九）医保基金监管专项检查经费使用情况\n2022年，县财政安排预算资金6万元，用于医保局基金监"
      "管专项检查工作。",
      // seed 002: a sentence mentioning a report, and the form's title.
      "为认真贯彻落实十九大报告精神，强化财政支出绩效理念和部门责任意识，规范财政资金管理。\n"
      "对照《2023年部门整体支出绩效自评表》通过收集整理有关佐证资料",
      "2023年部门整体支出绩效自评表",
  };
  for (const char* text : kTexts) {
    EXPECT_FALSE(ReadNarrative(Loaded(), Lines(text), {1}, {}).has_value()) << text;
  }
}

// The figures, case by case, on one-paragraph texts under a report title.
TEST(ReadNarrativeTest, FiguresFollowTheRule) {
  struct FigureCase {
    const char* body;
    std::optional<double> budget, executed, rate;
  };
  static const FigureCase kCases[] = {
      // Spent before any budget: not an executed total.
      {"共支出资金5万元，预算数为6万元。", 6, std::nullopt, std::nullopt},
      // Another budget in between: the spent figure answers that one.
      {"预算总数为10万元。专项经费预算为2万元，执行数2万元。", 10, std::nullopt, std::nullopt},
      // A 其中 breakdown is no new budget.
      {"预算金额共10万元，其中基本支出预算金额为4万元。决算数为9.5万元。", 10, 9.5, std::nullopt},
      // Categories of the budget are not spending; amounts in 元 are not totals.
      {"支出计划10万元，基本支出6万元，项目支出4万元。", 10, std::nullopt, std::nullopt},
      {"预算数为444875元，执行数444875元，执行率：99.5%。", std::nullopt, std::nullopt, 99.5},
      // A figure wrapped over a line end.
      {"年初预算数为1,234.\n5万元，执行数为1,000万元，支出率81.04%。", 1234.5, 1000, 81.04},
  };
  for (const FigureCase& test : kCases) {
    SCOPED_TRACE(test.body);
    std::optional<Json> record =
        ReadNarrative(Loaded(), Lines(std::string("某县某局部门整体支出绩效自评报告\n") + test.body),
                      {1}, {});
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ((*record)["department"], "某县某局");
    EXPECT_EQ((*record)["budget_total"], NumberOf(test.budget));
    EXPECT_EQ((*record)["executed_total"], NumberOf(test.executed));
    EXPECT_EQ((*record)["execution_rate"], NumberOf(test.rate));
  }
}

// A scanned report: each field's provenance is the line it was read from (page, box,
// confidence), and a field from a line read with low confidence goes into review. Lines of
// a born-digital page (confidence 1) give neither.
TEST(ReadNarrativeTest, OcrLinesGiveProvenanceAndReview) {
  auto line = [](const char* text, int page, double top, double confidence) {
    return NarrativeLine{NormalizeText(text), page, Box{100, top, 1500, top + 40}, confidence};
  };
  const std::vector<NarrativeLine> lines = {
      line("2022年度某县某局整体绩效自评工作报告", 3, 100, 0.93),
      line("全年预算数为568.64万元,执行数为425.39万元。", 3, 300, 0.91),
      line("填报人:王刚 联系电话:8366688", 4, 200, 0.42),
  };
  std::optional<Json> record = ReadNarrative(Loaded(), lines, {3, 4}, {});
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ((*record)["budget_total"], 568.64);
  const Json& provenance = (*record)["provenance"];
  EXPECT_EQ(provenance["title"]["page"], 3);
  EXPECT_EQ(provenance["budget_total"]["page"], 3);
  EXPECT_EQ(provenance["budget_total"]["bbox"], Json::parse("[100, 300, 1500, 340]"));
  EXPECT_EQ(provenance["executed_total"]["confidence"], 0.91);
  EXPECT_EQ(provenance["signoff.phone"]["page"], 4);
  EXPECT_EQ((*record)["review"], Json::parse(R"(["signoff.filler", "signoff.phone"])"));

  std::vector<NarrativeLine> born_digital = lines;
  for (NarrativeLine& l : born_digital) l.confidence = 1.0;
  std::optional<Json> plain = ReadNarrative(Loaded(), born_digital, {3, 4}, {});
  ASSERT_TRUE(plain.has_value());
  EXPECT_FALSE(plain->contains("provenance"));
  EXPECT_FALSE(plain->contains("review"));
}

// A report's own table (no form: a three-line table of figures, say, even one headed 项目名称)
// does not cut its text in two: the pages' lines still make one narrative_report, and the
// table is kept as an unrecognized_table after it.
TEST(MapDocument, ReportTextRunsPastItsOwnTables) {
  PageLayout first, second;
  first.page = 1, second.page = 2;
  first.lines = {testing::Line("贡觉县医疗保障局重大项目支出绩效评价报告", 100),
                 testing::Line("一、基本情况", 150), testing::Line("表1 项目支出情况", 200)};
  first.tables = {testing::BuildTable(1, 250, 3, {"项目名称|预算数|执行数", "代缴资金|261.53|261.53"})};
  second.lines = {testing::Line("2023年项目支出预算总数为261.53万元,执行数261.53万元,执行率100%。", 100)};
  const std::vector<Json> records = MapDocument(Loaded(), {first, second});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["form"], "narrative_report");
  EXPECT_EQ(records[0]["budget_total"], 261.53);
  EXPECT_EQ(records[0]["executed_total"], 261.53);
  EXPECT_EQ(records[0]["source"]["pages"], Json::parse("[1, 2]"));
  EXPECT_EQ(records[1]["form"], "unrecognized_table");
  EXPECT_EQ(records[1]["cells"][4]["text"], "261.53");
}

}  // namespace
}  // namespace jixiao
