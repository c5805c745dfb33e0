// Project forms whose funds and indicator headers are worded as other provinces print them
// (tests/data/variants/: 全年预算数(B), 执行率(C/B), 权重, 全年指标值, 实际值, 未完成原因分析),
// through the real `jixiao extract`: every field as in the seed. Before these wordings were
// labels, the funds block and the target and actual columns of both forms came out empty
// (F1 0.914).
#include <gtest/gtest.h>

#include <filesystem>

#include "eval/eval.h"
#include "run_jixiao.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;

TEST(HeaderVariants, EveryFieldAsInTheSeed) {
  const fs::path dir = fs::path(JIXIAO_SOURCE_DIR) / "tests" / "data" / "variants" / "headers";
  std::vector<Json> expected = testing::ReadJsonLines((dir / "expected.jsonl").string());
  ASSERT_EQ(expected.size(), 2u);
  testing::Run run = testing::RunJixiao("extract " + (dir / "headers.pdf").string());
  EXPECT_EQ(run.status, 0);
  EvalReport report = ScoreRecords(expected, run.lines);
  EXPECT_EQ(report.records_exact, 2) << FormatReport(report, 20);
  EXPECT_EQ(report.fields.fp + report.fields.fn, 0) << FormatReport(report, 20);
}

}  // namespace
}  // namespace jixiao
