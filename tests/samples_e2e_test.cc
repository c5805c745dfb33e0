// The real pipeline on the real samples (samples/<case>/), scored field by field against the
// hand-checked expected records.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "eval/eval.h"
#include "run_jixiao.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::ReadJsonLines;
using testing::RunJixiao;

const fs::path kSamples = fs::path(JIXIAO_SOURCE_DIR) / "samples";

// Field scores by form kind ("form" of the expected record; an actual record counts under
// its own kind, so a form read as another kind costs both).
std::map<std::string, Counts> FieldsByForm(const std::vector<Json>& expected,
                                           const std::vector<Json>& actual) {
  std::map<std::string, std::pair<std::vector<Json>, std::vector<Json>>> split;
  for (const Json& r : expected) split[r.value("form", "")].first.push_back(r);
  for (const Json& r : actual) {
    if (r.contains("form")) split[r.value("form", "")].second.push_back(r);
  }
  std::map<std::string, Counts> by_form;
  for (const auto& [form, records] : split) {
    by_form[form] = ScoreRecords(records.first, records.second).fields;
  }
  return by_form;
}

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
  ASSERT_GE(cases.size(), 12u);
  std::string inputs;
  std::vector<Json> expected;
  for (const fs::path& c : cases) {
    inputs += ' ';
    inputs += (c / (c.filename().string() + ".pdf")).string();
    for (Json& r : ReadJsonLines((c / "expected.jsonl").string())) expected.push_back(std::move(r));
  }
  testing::Run result = RunJixiao("extract --jobs 2" + inputs);
  EXPECT_EQ(result.status, 0);
  EvalReport report = ScoreRecords(expected, result.lines);
  EXPECT_EQ(report.records_expected, 66);
  EXPECT_EQ(report.records_actual, report.records_expected);
  EXPECT_EQ(report.records_exact, report.records_expected) << FormatReport(report, 30);
  EXPECT_DOUBLE_EQ(report.fields.F1(), 1.0) << FormatReport(report, 30);
  // Every form kind of the seeds is among the samples, and each is read right.
  const std::map<std::string, Counts> by_form = FieldsByForm(expected, result.lines);
  for (const char* form : {"project_self_evaluation", "department_self_evaluation",
                           "department_basic_data", "evaluation_summary", "narrative_report"}) {
    ASSERT_TRUE(by_form.contains(form)) << form;
    std::cout << "born-digital " << form << ": F1 " << by_form.at(form).F1() << " (tp "
              << by_form.at(form).tp << ")\n";
    EXPECT_DOUBLE_EQ(by_form.at(form).F1(), 1.0) << form;
  }
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

// The scanned versions (samples/<case>/scans/): the same records, read through OCR.
// Issue 3's bar is field F1 ≥ 0.98 over all scans and ≥ 0.95 for each kind of file; issue 4's
// is ≥ 0.97 for each form kind. Neither is met yet. On 2026-11-24 (sixth session) the 21 scan
// files (58 pages) reached overall 0.923 — scanned PDF 0.956, PNG 0.974, JPEG 0.970, 1-bit G4
// TIFF 0.848; by form: project 0.924, department 0.900, basic data 0.966, summary 0.941,
// narrative 0.909. The floors sit about 0.02 under that so that no change makes scans worse;
// raise them as the scan path improves, up to the bars.
const std::map<std::string, double> kFloorByKind = {
    {".pdf", 0.93}, {".png", 0.95}, {".jpg", 0.95}, {".tif", 0.82}};
constexpr double kOverallFloor = 0.90;
const std::map<std::string, double> kFloorByForm = {
    {"project_self_evaluation", 0.90}, {"department_self_evaluation", 0.88},
    {"department_basic_data", 0.94},   {"evaluation_summary", 0.92},
    {"narrative_report", 0.89}};
TEST(Scans, FieldsHoldTheirLevelAgainstTheBornDigitalRecords) {
  std::map<std::string, std::vector<std::string>> files_by_kind;  // extension → scan files
  std::map<std::string, std::vector<Json>> expected_by_kind;
  for (const fs::path& c : Cases()) {
    const fs::path scans = c / "scans";
    if (!fs::exists(scans / "expected.jsonl")) continue;
    const std::vector<Json> expected = ReadJsonLines((scans / "expected.jsonl").string());
    for (const auto& entry : fs::directory_iterator(scans)) {
      const std::string kind = entry.path().extension().string();
      if (kind == ".jsonl") continue;
      files_by_kind[kind].push_back(entry.path().string());
      for (const Json& r : expected) {
        if (r["source"]["file"] == entry.path().filename().string()) expected_by_kind[kind].push_back(r);
      }
    }
  }
  ASSERT_EQ(files_by_kind.size(), 4u) << "expected scanned PDF, PNG, JPEG and TIFF samples";
  std::vector<Json> all_expected, all_actual;
  for (auto& [kind, files] : files_by_kind) {
    std::sort(files.begin(), files.end());
    std::string inputs;
    for (const std::string& f : files) inputs += " " + f;
    testing::Run result = RunJixiao("extract --jobs 2" + inputs);
    EXPECT_EQ(result.status, 0) << kind;
    EvalReport report = ScoreRecords(expected_by_kind[kind], result.lines);
    std::cout << "scans " << kind << ": " << files.size() << " file(s)\n"
              << FormatReport(report, 15) << "\n";
    EXPECT_GE(report.fields.F1(), kFloorByKind.at(kind)) << kind;
    all_expected.insert(all_expected.end(), expected_by_kind[kind].begin(), expected_by_kind[kind].end());
    all_actual.insert(all_actual.end(), result.lines.begin(), result.lines.end());
  }
  EvalReport overall = ScoreRecords(all_expected, all_actual);
  std::cout << "scans overall:\n" << FormatReport(overall, 0) << "\n";
  EXPECT_GE(overall.fields.F1(), kOverallFloor);
  for (const auto& [form, counts] : FieldsByForm(all_expected, all_actual)) {
    std::cout << "scans " << form << ": F1 " << counts.F1() << " (tp " << counts.tp << ", fp "
              << counts.fp << ", fn " << counts.fn << ")\n";
    if (counts.tp + counts.fn == 0) continue;  // not expected: its fields count above
    ASSERT_TRUE(kFloorByForm.contains(form)) << form;
    EXPECT_GE(counts.F1(), kFloorByForm.at(form)) << form;
  }
}

}  // namespace
}  // namespace jixiao
