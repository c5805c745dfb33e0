// Sheets fed to the scanner sideways or upside down (samples made by make_scans.py with
// "turns"): the pipeline reads them upright. Unturned, these pages read as garbage at a mean
// confidence of 0.14-0.20 and gave no form at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "eval/eval.h"
#include "run_jixiao.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::ReadJsonLines;
using testing::RunJixiao;

const fs::path kSamples = fs::path(JIXIAO_SOURCE_DIR) / "samples";

// The expected records of scan `file` of `case_name`.
std::vector<Json> ExpectedOf(const std::string& case_name, const std::string& file) {
  std::vector<Json> out;
  for (const Json& r : ReadJsonLines((kSamples / case_name / "scans" / "expected.jsonl").string())) {
    if (r["source"]["file"] == file) out.push_back(r);
  }
  return out;
}

// taojiang-2023 pages 1 and 7 as a 200 dpi scanned PDF: the data sheet upside down, the
// project form a quarter turn clockwise (a landscape page).
TEST(TurnedScans, UpsideDownAndSidewaysPagesOfAPdf) {
  const std::string file = "taojiang-2023-p1_7-turned-scan-200dpi.pdf";
  const testing::Run run =
      RunJixiao("extract --jobs 2 " + (kSamples / "taojiang-2023" / "scans" / file).string());
  EXPECT_EQ(run.status, 0);
  ASSERT_EQ(run.lines.size(), 2u);
  const Json& sheet = run.lines[0];
  EXPECT_EQ(sheet["form"], "department_basic_data");
  EXPECT_EQ(sheet["staff"]["authorized"], 42);
  EXPECT_EQ(sheet["staff"]["actual"], 43);
  EXPECT_EQ(sheet["staff"]["control_rate"], 102);
  const Json& project = run.lines[1];
  EXPECT_EQ(project["form"], "project_self_evaluation");
  EXPECT_EQ(project["project_name"], "2023年中央财政医疗服务与保障能力提升补助资金");
  EXPECT_EQ(project["department"], "桃江县医疗保障局");
  EXPECT_EQ(project["source"]["pages"], Json::parse("[2]"));
  // As well as the upright scans of these forms (0.976 measured; 84 fields).
  const EvalReport report = ScoreRecords(ExpectedOf("taojiang-2023", file), run.lines);
  EXPECT_GE(report.fields.F1(), 0.95) << FormatReport(report, 10);
}

// dachang-2022 form 003-05 as a 300 dpi G4 TIFF turned three quarters clockwise. The
// binarization lost thin strokes (项目名称 read as 项上日名称 upright), so the text is poor,
// but the page is turned and the form read.
TEST(TurnedScans, SidewaysBilevelPage) {
  const std::string file = "dachang-2022-p5-turned-g4-300dpi.tif";
  const testing::Run run =
      RunJixiao("extract " + (kSamples / "dachang-2022" / "scans" / file).string());
  EXPECT_EQ(run.status, 0);
  ASSERT_EQ(run.lines.size(), 1u);
  const Json& project = run.lines[0];
  EXPECT_EQ(project["form"], "project_self_evaluation");
  ASSERT_EQ(project["indicators"].size(), 7u);
  EXPECT_EQ(project["indicators"][0]["level1"], "产出指标");
  EXPECT_EQ(project["funds"]["total"]["weight"], 10);
  EXPECT_EQ(project["total"]["score"], 100);
  // 0.627 measured (72 fields).
  const EvalReport report = ScoreRecords(ExpectedOf("dachang-2022", file), run.lines);
  EXPECT_GE(report.fields.F1(), 0.6) << FormatReport(report, 10);
}

}  // namespace
}  // namespace jixiao
