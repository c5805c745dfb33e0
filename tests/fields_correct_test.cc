// OCR post-correction rules (fields.h: CorrectQuantityText, CorrectNumberText,
// SnapToVocabulary) and how MapDocument applies them: to OCR'd cells only, every corrected or
// doubtful field path in `review`, `provenance` for each field read from a cell.
// The misreadings in the positive cases are the ones Tesseract made on samples/*/scans.

#include <gtest/gtest.h>

#include "common/text.h"
#include "fields/fields.h"
#include "fields/patterns.h"
#include "fields_test_util.h"

namespace jixiao {
namespace {

const Patterns& Loaded() { return testing::LoadedPatterns(); }

TEST(CorrectQuantityText, Table) {
  struct Case {
    const char* read;
    const char* want;
    bool changed;
    bool doubtful;
  };
  static const Case kCases[] = {
      // A CJK character in the comparator position before a number: ≥ / ≤.
      {"之95%", "≥95%", true, false},
      {"宇100%", "≥100%", true, false},
      {"过95%", "≥95%", true, false},
      {"二90%", "≥90%", true, false},
      {"关17名", "≥17名", true, false},
      {"冬5元/册", "≤5元/册", true, false},
      {"和834元", "≤834元", true, false},
      {"乞2元", "≤2元", true, false},
      // ≥ read as 人 and >.
      {"人>100000人", "≥100000人", true, false},
      // Two ASCII characters for one comparator.
      {">=1人", "≥1人", true, false},
      {"<=30天", "≤30天", true, false},
      // A bare > or < may be printed so: kept, flagged.
      {">1人", ">1人", false, true},
      {"<5.6万元", "<5.6万元", false, true},
      // The % sign read as "9%" (or "9%6"): where "N9%" cannot be a percentage and "N%"
      // can, corrected and flagged.
      {"1009%", "100%", true, true},
      {"之1009%", "≥100%", true, true},
      {"≥959%", "≥95%", true, true},
      {">909%", ">90%", true, true},
      {"≥1009%6", "≥100%", true, true},
      {"74.119%", "74.11%", true, true},
      // Not certain: "109%" may be 10% or 109%; "99%" and "≥99%" are percentages; "1509%"
      // has no plausible N either (150 > 100). Kept; those over 100 flagged.
      {"109%", "109%", false, true},
      {"1509%", "1509%", false, true},
      {"99%", "99%", false, false},
      {"≥99%", "≥99%", false, false},
      // No % at all: a count may end in 9 ("≥959" with the unit in its own column).
      {"≥959", "≥959", false, false},
      // Not a comparator position or no number after it: untouched.
      {"之", "之", false, false},
      {"之后明显提升", "之后明显提升", false, false},
      {"和谐稳定", "和谐稳定", false, false},
      {"1和套", "1和套", false, false},
      {"≥95%", "≥95%", false, false},
      {"=95%", "=95%", false, false},
      {"100%", "100%", false, false},
      {"", "", false, false},
  };
  for (const Case& c : kCases) {
    Correction got = CorrectQuantityText(Loaded(), c.read);
    EXPECT_EQ(got.text, c.want) << c.read;
    EXPECT_EQ(got.changed, c.changed) << c.read;
    EXPECT_EQ(got.doubtful, c.doubtful) << c.read;
  }
}

TEST(CorrectNumberText, Table) {
  struct Case {
    const char* read;
    bool percent;
    const char* want;
    bool changed;
    bool doubtful;
  };
  static const Case kCases[] = {
      {"1O", false, "10", true, false},
      {"9l.5", false, "91.5", true, false},
      {"I00%", true, "100%", true, false},
      {"1U0", true, "100", true, false},
      {"5,18", false, "5.18", true, false},
      // A stroke read as ")" after the number: dropped, flagged; "]" may be a broken 5.
      {"10)", false, "10", true, true},
      {"95%)", true, "95%", true, true},
      {"1]", false, "1]", false, true},
      // A thousands group stays (and parses as it is).
      {"1,234", false, "1,234", false, false},
      {"10", false, "10", false, false},
      {"92.5%", true, "92.5%", false, false},
      // Nothing a number: kept as read (parses to null), flagged.
      {"号", false, "号", false, true},
      {"]10", false, "]10", false, true},
      {"lO人", false, "lO人", false, true},
      // A rate whose % sign was read as a 9, with or without the % after it: where "N9"
      // cannot be a rate (over 200, or three decimals) and "N" can, corrected and flagged.
      {"1009%", true, "100%", true, true},
      {"1009", true, "100%", true, true},
      {"959", true, "95%", true, true},
      {"74.119", true, "74.11%", true, true},
      // Not certain: kept ("109" may be 109%, flagged as over 100; "99" and "19" are rates).
      {"109", true, "109", false, true},
      {"99", true, "99", false, false},
      {"19%", true, "19%", false, false},
      // Not a rate column: an amount ending in 9 is an amount.
      {"1009", false, "1009", false, false},
      {"74.119", false, "74.119", false, false},
      {"", false, "", false, false},
  };
  for (const Case& c : kCases) {
    Correction got = CorrectNumberText(Loaded(), c.read, c.percent);
    EXPECT_EQ(got.text, c.want) << c.read;
    EXPECT_EQ(got.changed, c.changed) << c.read;
    EXPECT_EQ(got.doubtful, c.doubtful) << c.read;
  }
}

TEST(JoinSplitSemicolons, Table) {
  const std::pair<const char*, const char*> kCases[] = {
      {"守好人民群众“保命钱”:,聚焦医保扶贫", "守好人民群众“保命钱”;聚焦医保扶贫"},
      {"依法推进参保工作;,聚焦基金监管;,守好", "依法推进参保工作;聚焦基金监管;守好"},
      {"其中:375.69万元,对2061人次", "其中:375.69万元,对2061人次"},
      {",开头,", ",开头,"},
  };
  for (const auto& [in, want] : kCases) EXPECT_EQ(JoinSplitSemicolons(in), want) << in;
}

TEST(CloseYearBrackets, Table) {
  const std::pair<const char*, const char*> kCases[] = {
      {"根据渝财社[20191326号文件", "根据渝财社[2019]326号文件"},
      {"渝财社[2019188、89号以及渝财社[20201205号", "渝财社[2019]88、89号以及渝财社[2020]205号"},
      {"渝财社[2019]326号", "渝财社[2019]326号"},
      {"[201912]", "[201912]"},     // closed: six digits inside brackets
      {"[20181]", "[20181]"},       // no digit after the 1
      {"[1234156号", "[1234156号"},  // no year
      {"[20191", "[20191"},
      {"[", "["},
  };
  for (const auto& [in, want] : kCases) EXPECT_EQ(CloseYearBrackets(in), want) << in;
}

TEST(CorrectFullStop, Table) {
  const std::pair<const char*, const char*> kCases[] = {
      {"提高了参保积极性,保障人民健康*", "提高了参保积极性,保障人民健康\u3002"},
      {"参保人员对医保服务的满意度达95%以上.", "参保人员对医保服务的满意度达95%以上\u3002"},
      {"已完成\u3002", "已完成\u3002"},
      {"1.", "1."},
      {"No.", "No."},
      {"95%*", "95%*"},
      {".", "."},
      {"任务.2、贯彻", "任务.2、贯彻"},
  };
  for (const auto& [in, want] : kCases) EXPECT_EQ(CorrectFullStop(in), want) << in;
}

TEST(CorrectQuotes, Table) {
  const std::pair<const char*, const char*> kCases[] = {
      {"落实\"两病\"门诊用药保障", "落实\u201c两病\u201d门诊用药保障"},
      {"守好\"保命钱\",聚焦\"两不愁\"", "守好\u201c保命钱\u201d,聚焦\u201c两不愁\u201d"},
      {"全年\"两病-门诊", "全年\"两病-门诊"},  // one quote: which one it was is unknown
      {"参保率", "参保率"},
  };
  for (const auto& [in, want] : kCases) EXPECT_EQ(CorrectQuotes(in), want) << in;
}

TEST(SnapToVocabulary, Table) {
  struct Case {
    const char* key;
    const char* read;
    const char* want;  // "" = no snap
  };
  static const Case kCases[] = {
      {"ocr.label_spelling", "项旧名称", "项目名称"},
      {"ocr.label_spelling", "主等部门", "主管部门"},
      {"ocr.label_spelling", "人年初预算数", "年初预算数"},
      {"ocr.label_spelling", "全和执行数", "全年执行数"},
      {"ocr.label_spelling", "执行次", "执行率"},
      {"ocr.label_spelling", "其中:当御财政拨款", "其中:当年财政拨款"},
      {"ocr.label_spelling", "实际完成什", "实际完成值"},
      // Already a spelling, too short, too far, or as near to two spellings: no snap.
      {"ocr.label_spelling", "项目名称", ""},
      {"ocr.label_spelling", "分直", ""},
      {"ocr.label_spelling", "金华访算数", ""},
      {"ocr.label_spelling", ":级指标", ""},  // 一级/二级/三级指标 are all one edit away
      {"ocr.label_spelling", "=级指标", ""},  // = is 二 or 三
      // = for 三 is no edit: nearer 三公经费 than 办公经费.
      {"ocr.sheet_label_spelling", "=公经费", "三公经费"},
      {"ocr.label_spelling", "退役军人辅助性岗位经费", ""},
      {"ocr.level_spelling", "满意度、指标", "满意度指标"},
      {"ocr.level_spelling", "数基指标", "数量指标"},
      {"ocr.level_spelling", "服务对象满sq重度指标", ""},  // 3 edits in 10: too far
      {"ocr.level_spelling", "产出指标", ""},
      {"ocr.level_spelling", "经济成本指标", ""},  // the 2021 framework's, not 经济效益指标
  };
  for (const Case& c : kCases) {
    std::optional<std::string> got = SnapToVocabulary(Loaded(), c.key, c.read);
    EXPECT_EQ(got.value_or(""), c.want) << c.key << " " << c.read;
  }
}

// In a level column, where nothing but the framework's names stands, up to half a name's code
// points may be misread (a 200 dpi 1-bit scan), as long as one name is strictly nearest.
TEST(SnapToVocabulary, WholeColumn) {
  struct Case {
    const char* read;
    const char* want;  // "" = no snap
  };
  static const Case kCases[] = {
      {"产册指怀", "产出指标"},
      {"效旋指杯", "效益指标"},
      {"满意度SA指标", "满意度指标"},
      {"服务对萌满攻指标", "服务对象满意度指标"},
      {"上蚌指标", ""},     // as near to 数量, 质量, 时效 and 成本指标
      {"酒总到指标", ""},   // 3 of 5 misread: too far
      {"成本指标", ""},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(SnapToVocabulary(Loaded(), "ocr.level_spelling", c.read, true).value_or(""), c.want)
        << c.read;
  }
}

// A one-row project form: 项目名称 | name, then an indicator header and one indicator row.
PageLayout OneIndicatorForm(double confidence, const std::string& label, const std::string& name,
                            const std::string& target, const std::string& weight) {
  const std::vector<std::vector<std::string>> rows = {
      {label, name, "", "", "", ""},
      {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"},
      {"产出指标", "数量指标", "人数", target, "=1人", weight},
      {"总分", "", "", "", "", "10"},
  };
  Table table;
  table.page = 2;
  table.rows = 4;
  table.cols = 6;
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 6; ++c) {
      Cell cell;
      cell.row = r;
      cell.col = c;
      cell.text = rows[r][c];
      cell.box = {c * 100.0, r * 30.0, c * 100.0 + 100, r * 30.0 + 30};
      cell.confidence = cell.text.empty() ? 1.0 : confidence;
      table.cells.push_back(cell);
    }
  }
  table.box = {0, 0, 600, 120};
  PageLayout page;
  page.page = 2;
  page.tables.push_back(table);
  return page;
}

TEST(MapDocument, CorrectsOcrCellsOnlyAndListsThemForReview) {
  struct Case {
    double confidence;
    const char* label;
    const char* name;
    const char* target;
    const char* weight;
    const char* want_name;
    const char* want_target;
    Json want_weight;
    std::vector<std::string> want_review;
  };
  static const Case kCases[] = {
      // Born-digital: 之 is text, a damaged label stays unrecognized, nothing corrected, no
      // review or provenance keys.
      {1.0, "项目名称", "之江项目", "之95%", "1O", "之江项目", "之95%", nullptr, {}},
      // OCR, confident: the comparator and the digit are corrected and listed; the project
      // name that starts with 之 is not a quantity and is left alone.
      {0.9, "项目名称", "之江项目", "之95%", "1O", "之江项目", "≥95%", 10,
       {"indicators[0].target", "indicators[0].weight", "funds.total"}},
      // OCR: a damaged 项目名称 still starts the form (snapped label).
      {0.9, "项旧名称", "之江项目", ">95%", "10", "之江项目", ">95%", 10,
       {"indicators[0].target", "funds.total"}},
  };
  for (const Case& c : kCases) {
    std::vector<Json> records =
        MapDocument(Loaded(), {OneIndicatorForm(c.confidence, c.label, c.name, c.target,
                                                c.weight)});
    ASSERT_EQ(records.size(), 1u) << c.target;
    const Json& r = records[0];
    ASSERT_EQ(r["form"], "project_self_evaluation") << c.label;
    EXPECT_EQ(r["project_name"], c.want_name);
    EXPECT_EQ(r["indicators"][0]["target"], c.want_target);
    EXPECT_EQ(r["indicators"][0]["weight"], c.want_weight) << c.weight;
    if (c.confidence == 1.0) {
      EXPECT_FALSE(r.contains("review"));
      EXPECT_FALSE(r.contains("provenance"));
      continue;
    }
    EXPECT_EQ(r["review"].get<std::vector<std::string>>(), c.want_review);
    const Json& target = r["provenance"]["indicators[0].target"];
    EXPECT_EQ(target["page"], 2);
    EXPECT_EQ(target["bbox"], Json::parse("[300.0, 60.0, 400.0, 90.0]"));
    EXPECT_DOUBLE_EQ(target["confidence"].get<double>(), 0.9);
    // No funds block was found in this scan: SPEC's total row is there, all null.
    EXPECT_EQ(r["funds"]["total"]["executed"], nullptr);
    EXPECT_TRUE(r["provenance"].contains("project_name"));
    EXPECT_TRUE(r["provenance"].contains("total.weight"));
  }
}

TEST(MapDocument, LowConfidenceFieldGoesToReviewUncorrected) {
  std::vector<Json> records =
      MapDocument(Loaded(), {OneIndicatorForm(0.3, "项目名称", "人数经费", "≥1人", "10")});
  ASSERT_EQ(records.size(), 1u);
  const Json& r = records[0];
  EXPECT_EQ(r["indicators"][0]["target"], "≥1人");
  std::vector<std::string> review = r["review"].get<std::vector<std::string>>();
  for (const char* path : {"project_name", "indicators[0].target", "indicators[0].weight",
                           "indicators[0].level1", "total.weight"}) {
    EXPECT_NE(std::find(review.begin(), review.end(), path), review.end()) << path;
  }
}

// A table from rows of cells ("" = empty cell), every non-empty cell at `confidence`.
PageLayout Grid(const std::vector<std::vector<std::string>>& rows, double confidence) {
  Table table;
  table.page = 1;
  table.rows = static_cast<int>(rows.size());
  table.cols = static_cast<int>(rows[0].size());
  for (int r = 0; r < table.rows; ++r) {
    for (int c = 0; c < table.cols; ++c) {
      Cell cell;
      cell.row = r;
      cell.col = c;
      cell.text = rows[r][c];
      cell.box = {c * 100.0, r * 30.0, c * 100.0 + 100, r * 30.0 + 30};
      cell.confidence = cell.text.empty() ? 1.0 : confidence;
      table.cells.push_back(cell);
    }
  }
  table.box = {0, 0, table.cols * 100.0, table.rows * 30.0};
  PageLayout page;
  page.page = 1;
  page.tables.push_back(table);
  return page;
}

// Form knowledge that finds fields whose labels OCR lost, in scans only.
TEST(MapDocument, ScanHeadersDamagedByOcr) {
  struct Case {
    const char* what;
    const char* level1_header;   // printed 一级指标
    const char* achieved_header; // printed 实际完成情况
    const char* total_label;     // printed 总分
    double confidence;
    Json want_level1, want_achieved, want_total;
  };
  static const Case kCases[] = {
      {"clean scan", "一级指标", "实际完成情况", "总分", 0.9, "产出指标", "已完成", 10},
      {"labels lost in a scan", "指标", "3", "AS总分", 0.9, "产出指标", "已完成", 10},
      {"empty 一级 header in a scan", "", "实际完成情况", "罗一总分", 0.9, "产出指标", "已完成",
       10},
      // The same damage in born-digital text is not repaired: nothing there is OCR.
      {"born-digital", "指标", "3", "AS总分", 1.0, nullptr, nullptr, nullptr},
  };
  for (const Case& c : kCases) {
    const std::vector<std::vector<std::string>> rows = {
        {"项目名称", "甲项目", "", "", "", ""},
        {"预期目标", c.achieved_header, "", "", "", ""},
        {"完成工作", "已完成", "", "", "", ""},
        {c.level1_header, "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"},
        {"产出指标", "数量指标", "人数", "≥1人", "=1人", "10"},
        {"", "", "", "", "", ""},  // an empty row whose rulings were lost: skipped
        {c.total_label, "", "", "", "", "10"},
    };
    std::vector<Json> records = MapDocument(Loaded(), {Grid(rows, c.confidence)});
    ASSERT_EQ(records.size(), 1u) << c.what;
    const Json& r = records[0];
    EXPECT_EQ(r["goals"]["achieved"], c.want_achieved) << c.what;
    EXPECT_EQ(r["total"]["weight"], c.want_total) << c.what;
    if (c.want_level1.is_null()) {
      EXPECT_TRUE(r["indicators"].empty() || r["indicators"][0]["level1"].is_null()) << c.what;
    } else {
      ASSERT_EQ(r["indicators"].size(), 1u) << c.what;
      EXPECT_EQ(r["indicators"][0]["level1"], c.want_level1) << c.what;
    }
  }
}

// A seal read after the wide 总分 label: the label is what precedes the marks, in a cell as wide
// as that label's and with no digit after it; a one-column cell is a column header (总分值).
// Before it, a black seal on a 1-bit page leaves up to four marks in a cell that wide, two in
// any other (the Kai G4 scan of samples/dachang-2022-e).
TEST(MapDocument, WideTotalLabelWithSealMarks) {
  struct Case {
    const char* label;
    int colspan;
    Json want_total;
  };
  static const Case kCases[] = {
      {"总分下”辣AJR", 5, 10},
      {"总分下”辣AJR", 1, nullptr},
      {"总分下3”辣AJR", 5, nullptr},
      {"要人一有总分", 5, 10},
      {"多7人总分", 5, 10},
      {"多7人总分", 1, nullptr},
      {"罗一总分", 1, 10},
      {"五要人一有总分", 5, nullptr},
  };
  for (const Case& c : kCases) {
    const std::vector<std::vector<std::string>> rows = {
        {"项目名称", "甲项目", "", "", "", ""},
        {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"},
        {"产出指标", "数量指标", "人数", "≥1人", "=1人", "10"},
        {c.label, "", "", "", "", "10"},
    };
    PageLayout page = Grid(rows, 0.9);
    std::vector<Cell>& cells = page.tables[0].cells;
    std::erase_if(cells, [&](const Cell& cell) {
      return cell.row == 3 && cell.col > 0 && cell.col < c.colspan;
    });
    for (Cell& cell : cells) {
      if (cell.row == 3 && cell.col == 0) cell.colspan = c.colspan;
    }
    std::vector<Json> records = MapDocument(Loaded(), {page});
    ASSERT_EQ(records.size(), 1u) << c.label;
    EXPECT_EQ(records[0]["total"]["weight"], c.want_total) << c.label << " " << c.colspan;
  }
}

// A seal that hides the 总分 label (the Kai 200 dpi scan of samples/dachang-2022-e, page 1)
// leaves an OCR'd empty cell across the label columns in the table's last row: its 分值 and
// 得分 still give the total, for review. Not on a born-digital page, nor above the last row.
TEST(MapDocument, TotalRowWhoseLabelASealHid) {
  struct Case {
    double confidence;
    bool last_row;
    Json want_weight, want_score;
  };
  static const Case kCases[] = {
      {0.9, true, 100, 95},
      {1.0, true, nullptr, nullptr},
      {0.9, false, nullptr, nullptr},
  };
  for (const Case& c : kCases) {
    std::vector<std::vector<std::string>> rows = {
        {"项目名称", "甲项目", "", "", "", "", ""},
        {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"},
        {"产出指标", "数量指标", "人数", "≥1人", "=1人", "100", "95"},
        {"", "", "", "", "", "100", "95"},
    };
    if (!c.last_row) rows.push_back({"备注", "", "", "", "", "", ""});
    PageLayout page = Grid(rows, c.confidence);
    std::vector<Cell>& cells = page.tables[0].cells;
    std::erase_if(cells, [](const Cell& cell) {
      return cell.row == 3 && cell.col > 0 && cell.col < 5;
    });
    for (Cell& cell : cells) {
      if (cell.row == 3 && cell.col == 0) cell.colspan = 5;
    }
    std::vector<Json> records = MapDocument(Loaded(), {page});
    ASSERT_EQ(records.size(), 1u);
    const Json& r = records[0];
    SCOPED_TRACE(::testing::Message() << c.confidence << " " << c.last_row);
    EXPECT_EQ(r["total"]["weight"], c.want_weight);
    EXPECT_EQ(r["total"]["score"], c.want_score);
    const bool reviewed = std::ranges::find(r["review"], Json("total.score")) != r["review"].end();
    EXPECT_EQ(reviewed, !c.want_score.is_null());
  }
}

// A placeholder row whose colon OCR read as a semicolon ("指标2;": a thin Hei face, 200 dpi)
// is still a placeholder: no indicator of its own, and the rows after it keep theirs.
TEST(MapDocument, PlaceholderRowWithItsColonReadAsASemicolon) {
  const std::vector<std::vector<std::string>> rows = {
      {"项目名称", "甲项目", "", "", "", ""},
      {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"},
      {"产出指标", "数量指标", "指标1:人数", "≥1人", "=1人", "10"},
      {"产出指标", "数量指标", "指标2;", "", "", ""},
      {"效益指标", "社会效益指标", "满意度", "≥90%", "95%", "10"},
  };
  std::vector<Json> records = MapDocument(Loaded(), {Grid(rows, 0.9)});
  ASSERT_EQ(records.size(), 1u);
  const Json& indicators = records[0]["indicators"];
  ASSERT_EQ(indicators.size(), 2u) << indicators.dump();
  EXPECT_EQ(indicators[0]["name"], "人数");
  EXPECT_EQ(indicators[1]["name"], "满意度");
  EXPECT_EQ(indicators[1]["target"], "≥90%");
}

// Level names are snapped to the indicator framework's vocabulary in scans only.
TEST(MapDocument, LevelNamesSnapInScansOnly) {
  struct Case {
    double confidence;
    const char* level1;
    Json want;
  };
  static const Case kCases[] = {
      {0.9, "满意度、指标", "满意度指标"},
      {1.0, "满意度、指标", "满意度、指标"},
      {0.9, "产出指标", "产出指标"},
  };
  for (const Case& c : kCases) {
    const std::vector<std::vector<std::string>> rows = {
        {"项目名称", "甲项目", "", "", "", ""},
        {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"},
        {c.level1, "数量指标", "人数", "≥1人", "=1人", "10"},
    };
    std::vector<Json> records = MapDocument(Loaded(), {Grid(rows, c.confidence)});
    ASSERT_EQ(records.size(), 1u);
    ASSERT_EQ(records[0]["indicators"].size(), 1u);
    EXPECT_EQ(records[0]["indicators"][0]["level1"], c.want) << c.level1;
  }
}

}  // namespace
}  // namespace jixiao
