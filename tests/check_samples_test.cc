// The checker against checks worked out independently: samples/*/expected.jsonl are written by
// samples/src/generate.py, which recomputes grade and checks (as {code, field}) of the national
// project forms from the hand transcriptions of the seeds, and copies those of the other forms
// from their transcriptions, where they were worked out by hand. Re-checking each sample file's
// expected records must give the same grade and the same codes on the same fields, in order.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "check/check.h"

namespace jixiao {
namespace {

std::vector<std::filesystem::path> ExpectedFiles() {
  std::vector<std::filesystem::path> files;
  std::filesystem::path samples = std::filesystem::path(JIXIAO_SOURCE_DIR) / "samples";
  if (!std::filesystem::is_directory(samples)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(samples)) {
    std::filesystem::path file = entry.path() / "expected.jsonl";
    if (std::filesystem::is_regular_file(file)) files.push_back(file);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string CodesAndFields(const Json& checks) {
  std::string out;
  for (const Json& check : checks) {
    out += check.value("code", "") + "@" + check.value("field", "") + " ";
  }
  return out;
}

TEST(CheckSamplesTest, AgreesWithTheGenerator) {
  std::vector<std::filesystem::path> files = ExpectedFiles();
  if (files.empty()) GTEST_SKIP() << "no samples/*/expected.jsonl";
  int records = 0, with_checks = 0;
  for (const auto& file : files) {
    // One expected.jsonl is one sample file: its records are checked together, as
    // `jixiao extract` does (SUMMARY_MISMATCH and NARRATIVE_MISMATCH span records).
    std::ifstream in(file);
    std::vector<Json> expected, checked;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      expected.push_back(Json::parse(line));
      checked.push_back(expected.back());
      CheckRecord(checked.back());
    }
    CheckDocument(checked);
    for (size_t i = 0; i < expected.size(); ++i) {
      SCOPED_TRACE(file.string() + ":" + std::to_string(i + 1));
      EXPECT_EQ(checked[i].value("grade", Json()), expected[i].value("grade", Json()));
      EXPECT_EQ(CodesAndFields(checked[i]["checks"]), CodesAndFields(expected[i]["checks"]))
          << checked[i]["checks"].dump();
      ++records;
      if (!expected[i]["checks"].empty()) ++with_checks;
    }
  }
  // The committed samples hold 63 records, 18 of them with findings; a test that read nothing
  // would prove nothing.
  EXPECT_GE(records, 63);
  EXPECT_GE(with_checks, 18);
}

}  // namespace
}  // namespace jixiao
