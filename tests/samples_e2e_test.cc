// The real pipeline on the real samples (samples/<case>/), scored field by field against the
// hand-checked expected records.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "eval/eval.h"
#include "run_jixiao.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::ReadJsonLines;
using testing::RunJixiao;

const fs::path kSamples = fs::path(JIXIAO_SOURCE_DIR) / "samples";

std::vector<fs::path> Cases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kSamples)) {
    if (fs::exists(entry.path() / "expected.jsonl")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

TEST(BornDigital, EveryFieldOfEveryFormIsRight) {
  const std::vector<fs::path> cases = Cases();
  ASSERT_GE(cases.size(), 6u);
  std::string inputs;
  std::vector<Json> expected;
  for (const fs::path& c : cases) {
    inputs += " " + (c / (c.filename().string() + ".pdf")).string();
    for (Json& r : ReadJsonLines((c / "expected.jsonl").string())) expected.push_back(std::move(r));
  }
  testing::Run result = RunJixiao("extract --jobs 2" + inputs);
  EXPECT_EQ(result.status, 0);
  EvalReport report = ScoreRecords(expected, result.lines);
  EXPECT_EQ(report.records_expected, 25);
  EXPECT_EQ(report.records_actual, report.records_expected);
  EXPECT_EQ(report.records_exact, report.records_expected) << FormatReport(report, 30);
  EXPECT_DOUBLE_EQ(report.fields.F1(), 1.0) << FormatReport(report, 30);
  // The checks that the seeds' own arithmetic earns (samples/src/README.md), by code.
  std::map<std::string, int> expected_checks, actual_checks;
  for (const Json& r : expected) {
    for (const Json& c : r["checks"]) ++expected_checks[c["code"].get<std::string>()];
  }
  for (const Json& r : result.lines) {
    for (const Json& c : r.value("checks", Json::array())) ++actual_checks[c["code"].get<std::string>()];
  }
  EXPECT_EQ(actual_checks, expected_checks);
}

}  // namespace
}  // namespace jixiao
