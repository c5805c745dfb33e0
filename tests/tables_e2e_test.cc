// Table reconstruction on the sample scans, scored with TEDS against the born-digital tables.
//
// `jixiao tables` runs on every samples/<case>/<case>.pdf (the reference) and on every file in
// samples/<case>/scans/ (scanned PDF, PNG, JPEG, G4 TIFF at various dpi, skewed, sealed, noisy,
// blurred). Each scan table is paired with the born-digital table of the same case, page and
// position on the page (tables are written top to bottom); a scan file named "<case>-pN-…"
// holds page N of its case, any other the whole case. A table without a partner (either side)
// scores 0; a narrative scan with no tables on either side is skipped.
//
// Issue 3's target is a mean TEDS ≥ 0.97 over all scan tables. It is not met yet: OCR misreads
// cost text (mean 0.9634 over 45 tables of 19 scan files on 2026-11-24, fifth session; the
// 1-bit 200 dpi TIFF is the lowest, 0.784, with the same grids as born-digital). The test
// asserts the same table count on every page and a
// floor just under the level reached, so that no change makes scans worse; raise kFloor as the
// scan path improves, up to the target.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "eval/eval.h"
#include "run_jixiao.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::RunJixiao;

const fs::path kSamples = fs::path(JIXIAO_SOURCE_DIR) / "samples";
constexpr double kTarget = 0.97;  // issue 3; printed beside the mean, not yet asserted
constexpr double kFloor = 0.95;

// The html of each table, by page, in output order.
using PageTables = std::map<int, std::vector<std::string>>;

std::vector<fs::path> Cases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kSamples)) {
    const fs::path pdf = entry.path() / (entry.path().filename().string() + ".pdf");
    if (fs::exists(pdf) && fs::is_directory(entry.path() / "scans")) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::vector<fs::path> ScanFiles(const fs::path& c) {
  static const std::set<std::string> kImages = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(c / "scans")) {
    if (kImages.contains(entry.path().extension().string())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Tables of one run, by the file they came from; error objects are collected as text.
std::map<std::string, PageTables> ByFile(const testing::Run& run, std::vector<std::string>& errors) {
  std::map<std::string, PageTables> by_file;
  for (const Json& line : run.lines) {
    const std::string file = line["source"].value("file", "");
    if (line.contains("error")) {
      errors.push_back(file + ": " + line["error"].dump());
      continue;
    }
    by_file[fs::path(file).filename().string()][line["source"].value("page", 0)].push_back(
        line.value("html", ""));
  }
  return by_file;
}

// The pages of its case a scan file holds, in order, when it holds some only
// (samples/src/README.md): "-p6-" one page, "-p3-4-" a run, "-p1_7-" a list; empty when it
// holds the whole case.
std::vector<int> CasePagesOf(const fs::path& file) {
  std::smatch match;
  const std::string name = file.filename().string();
  static const std::regex kList("-p([0-9]+(?:_[0-9]+)+)-");
  static const std::regex kRun("-p([0-9]+)-([0-9]+)-");
  static const std::regex kPage("-p([0-9]+)-");
  std::vector<int> pages;
  if (std::regex_search(name, match, kList)) {
    std::stringstream list(match[1].str());
    for (std::string page; std::getline(list, page, '_');) pages.push_back(std::stoi(page));
  } else if (std::regex_search(name, match, kRun)) {
    for (int page = std::stoi(match[1]); page <= std::stoi(match[2]); ++page) pages.push_back(page);
  } else if (std::regex_search(name, match, kPage)) {
    pages.push_back(std::stoi(match[1]));
  }
  return pages;
}

struct FileScore {
  std::string file;
  int tables = 0;
  double sum = 0, min = 1;
  std::vector<std::string> count_mismatches;  // "page 2: 1 vs 2"
};

TEST(ScanTables, MeanTedsAgainstBornDigitalHoldsItsLevel) {
  const std::vector<fs::path> cases = Cases();
  ASSERT_GE(cases.size(), 6u);
  std::string reference_args, scan_args;
  std::map<std::string, std::string> case_of;  // file name → case
  std::vector<fs::path> scans;
  for (const fs::path& c : cases) {
    reference_args += " " + (c / (c.filename().string() + ".pdf")).string();
    for (const fs::path& scan : ScanFiles(c)) {
      scan_args += " " + scan.string();
      case_of[scan.filename().string()] = c.filename().string();
      scans.push_back(scan);
    }
  }
  ASSERT_GE(scans.size(), 12u);

  std::vector<std::string> errors;
  const testing::Run reference_run = RunJixiao("tables --jobs 2" + reference_args);
  EXPECT_EQ(reference_run.status, 0);
  std::map<std::string, PageTables> reference = ByFile(reference_run, errors);
  const testing::Run scan_run = RunJixiao("tables --jobs 2" + scan_args);
  EXPECT_EQ(scan_run.status, 0);
  std::map<std::string, PageTables> scanned = ByFile(scan_run, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();

  std::vector<FileScore> scores;
  int total_tables = 0;
  double total = 0;
  for (const fs::path& scan : scans) {
    const std::string name = scan.filename().string();
    const PageTables& want = reference[case_of[name] + ".pdf"];
    const PageTables& got = scanned[name];
    if (want.empty() && got.empty()) continue;  // a narrative report: no tables either side
    FileScore score;
    score.file = name;
    // Scan page → born-digital page.
    std::map<int, int> pages;
    const std::vector<int> case_pages = CasePagesOf(scan);
    const int held = static_cast<int>(case_pages.size());
    for (const auto& [page, tables] : got) {
      pages[page] = held == 0 ? page : page <= held ? case_pages[page - 1] : -page;  // -: none
    }
    for (int page = 1; page <= held; ++page) pages[page] = case_pages[page - 1];
    if (held == 0) {
      for (const auto& [page, tables] : want) pages[page] = page;
    }
    for (const auto& [page, case_page_number] : pages) {
      static const std::vector<std::string> kNone;
      const auto w = want.find(case_page_number), g = got.find(page);
      const std::vector<std::string>& a = w == want.end() ? kNone : w->second;
      const std::vector<std::string>& b = g == got.end() ? kNone : g->second;
      if (a.size() != b.size()) {
        score.count_mismatches.push_back("page " + std::to_string(page) + ": " +
                                         std::to_string(b.size()) + " tables, born-digital " +
                                         std::to_string(a.size()));
      }
      // A table on either side without a partner scores 0.
      for (size_t k = 0; k < std::max(a.size(), b.size()); ++k) {
        const double teds = k < a.size() && k < b.size() ? Teds(b[k], a[k]) : 0.0;
        score.sum += teds;
        score.min = std::min(score.min, teds);
        ++score.tables;
      }
    }
    EXPECT_TRUE(score.count_mismatches.empty()) << name << ": " << score.count_mismatches.front();
    if (score.tables == 0) continue;  // the pages it holds have no tables either side
    total += score.sum;
    total_tables += score.tables;
    scores.push_back(std::move(score));
  }

  std::string report = "file                                          tables  mean TEDS  min TEDS\n";
  for (const FileScore& s : scores) {
    char line[160];
    std::snprintf(line, sizeof line, "%-46s %6d  %9.4f  %8.4f%s\n", s.file.c_str(), s.tables,
                  s.tables ? s.sum / s.tables : 0.0, s.min,
                  s.count_mismatches.empty() ? "" : "  (table count differs)");
    report += line;
  }
  const double mean = total_tables ? total / total_tables : 0;
  char line[80];
  std::snprintf(line, sizeof line, "all scan tables: %d, mean TEDS %.4f\n", total_tables, mean);
  report += line;
  std::printf("%s", report.c_str());  // in the test's log also when it passes
  std::printf("mean TEDS %.4f (floor %.2f, target %.2f)\n", mean, kFloor, kTarget);
  EXPECT_GE(mean, kFloor) << report;
}

}  // namespace
}  // namespace jixiao
