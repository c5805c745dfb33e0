// The checker against an independent implementation of SPEC's checks: samples/*/expected.jsonl
// are written by samples/src/generate.py, which recomputes grade and checks (as {code, field})
// from the hand transcriptions of the seeds. Re-checking each expected record must give the
// same grade and the same codes on the same fields, in the same order (but for the one
// difference of WithoutNullSums below).
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
    std::ifstream in(file);
    std::string line;
    for (int line_number = 1; std::getline(in, line); ++line_number) {
      if (line.empty()) continue;
      SCOPED_TRACE(file.string() + ":" + std::to_string(line_number));
      Json expected = Json::parse(line);
      Json record = expected;
      CheckRecord(record);
      EXPECT_EQ(record.value("grade", Json()), expected.value("grade", Json()));
      EXPECT_EQ(CodesAndFields(record["checks"]), CodesAndFields(expected["checks"]))
          << record["checks"].dump();
      ++records;
      if (!expected["checks"].empty()) ++with_checks;
    }
  }
  // The committed samples hold 25 forms, 6 of them with findings; a test that read nothing
  // would prove nothing.
  EXPECT_GE(records, 20);
  EXPECT_GE(with_checks, 5);
}

}  // namespace
}  // namespace jixiao
