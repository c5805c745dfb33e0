// Field scoring of records: pairing, flattening and the tp/fp/fn rules of eval.h, on records
// whose counts are worked out by hand below.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "eval/eval.h"

namespace jixiao {
namespace {

// Document a: a project form (12 leaves, all non-null) and a summary (4 non-null leaves and
// one null); document b: one project form with a null total score.
std::vector<Json> Expected() {
  return {
      Json::parse(R"({"form": "project_self_evaluation", "year": 2022,
        "project_name": "退役军人辅助性岗位经费",
        "funds": {"total": {"executed": 5.18, "score": 9.25}},
        "indicators": [{"target": "≥1人", "score": 10}, {"target": "100%", "score": 10}],
        "total": {"score": 97.75}, "grade": "优",
        "checks": [{"code": "X", "field": "total.score"}],
        "source": {"file": "a/input.pdf", "pages": [1]}})"),
      Json::parse(R"({"form": "evaluation_summary", "projects_due": 23,
        "grades": {"优": 20, "良": null},
        "source": {"file": "a/input.pdf", "pages": [70]}})"),
      Json::parse(R"({"form": "project_self_evaluation", "project_name": "x",
        "total": {"score": null}, "source": {"file": "b/input.pdf", "pages": [1]}})"),
  };
}

// Against the first form: year missing (fn), executed off by 1e-10 (tp), target with the
// spaces of a raw cell (tp after normalization), second indicator missing (2 fn), total
// wrong (fp + fn), department not expected (fp), checks and source.file differ (ignored).
// The summary is missing (4 fn); a narrative record is extra (3 fp). Document b is exact.
std::vector<Json> Actual() {
  return {
      Json::parse(R"({"form": "narrative_report", "year": 2022,
        "source": {"file": "/tmp/run/a/input.pdf", "pages": [3]}})"),
      Json::parse(R"({"form": "project_self_evaluation", "year": null,
        "project_name": "退役军人辅助性岗位经费", "department": "X",
        "funds": {"total": {"executed": 5.1800000001, "score": 9.25}},
        "indicators": [{"target": "≥ 1 人", "score": 10}],
        "total": {"score": 97}, "grade": "优", "checks": [],
        "review": ["total.score"],
        "source": {"file": "/tmp/run/a/input.pdf", "pages": [1]}})"),
      Json::parse(R"({"form": "project_self_evaluation", "project_name": "x",
        "total": {"score": null}, "checks": [],
        "source": {"file": "/tmp/run/b/input.pdf", "pages": [1]}})"),
  };
}

TEST(ScoreRecordsTest, HandCountedTotals) {
  EvalReport report = ScoreRecords(Expected(), Actual());
  EXPECT_EQ(report.fields.tp, 11);
  EXPECT_EQ(report.fields.fp, 5);
  EXPECT_EQ(report.fields.fn, 8);
  EXPECT_DOUBLE_EQ(report.fields.Precision(), 11.0 / 16);
  EXPECT_DOUBLE_EQ(report.fields.Recall(), 11.0 / 19);
  EXPECT_DOUBLE_EQ(report.fields.F1(), 22.0 / 35);
  EXPECT_EQ(report.records_expected, 3);
  EXPECT_EQ(report.records_actual, 3);
  EXPECT_EQ(report.records_paired, 2);
  EXPECT_EQ(report.records_exact, 1);
}

TEST(ScoreRecordsTest, ByFoldedPath) {
  struct PathCase {
    const char* path;
    int tp, fp, fn;
  };
  static const PathCase kCases[] = {
      {"form", 2, 1, 1},
      {"year", 0, 1, 1},  // the extra narrative's year, the form's missing one
      {"indicators[].target", 1, 0, 1},
      {"indicators[].score", 1, 0, 1},
      {"funds.total.executed", 1, 0, 0},
      {"total.score", 0, 1, 1},
      {"department", 0, 1, 0},
      {"grades.良", 0, 0, 0},
      {"source.pages[]", 2, 1, 1},
  };
  EvalReport report = ScoreRecords(Expected(), Actual());
  for (const PathCase& test : kCases) {
    SCOPED_TRACE(test.path);
    ASSERT_TRUE(report.by_path.contains(test.path));
    const Counts& counts = report.by_path.at(test.path);
    EXPECT_EQ(counts.tp, test.tp);
    EXPECT_EQ(counts.fp, test.fp);
    EXPECT_EQ(counts.fn, test.fn);
  }
  for (const char* ignored : {"checks[].code", "review[]", "source.file"}) {
    EXPECT_FALSE(report.by_path.contains(ignored)) << ignored;
  }
}

TEST(ScoreRecordsTest, Mismatches) {
  EvalReport report = ScoreRecords(Expected(), Actual());
  // 5 in the paired form, 4 in the missing summary, 3 in the extra narrative.
  ASSERT_EQ(report.mismatches.size(), 12u);
  const Mismatch& first = report.mismatches[0];
  EXPECT_EQ(first.file, "a/input.pdf");
  EXPECT_EQ(first.record, 0);
  EXPECT_EQ(first.path, "year");
  EXPECT_EQ(first.expected, 2022);
  EXPECT_TRUE(first.actual.is_null());
  const Mismatch& total = report.mismatches[3];
  EXPECT_EQ(total.path, "total.score");
  EXPECT_EQ(total.expected, 97.75);
  EXPECT_EQ(total.actual, 97);

  std::string text = FormatReport(report, 2);
  EXPECT_NE(text.find("fields: P 0.688 R 0.579 F1 0.629 (tp 11, fp 5, fn 8)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("records: 1 of 3 expected exact; 2 paired; 3 actual"), std::string::npos)
      << text;
  EXPECT_NE(text.find("a/input.pdf#0 year: expected 2022, actual null"), std::string::npos)
      << text;
  EXPECT_NE(text.find("... 10 more mismatches"), std::string::npos) << text;
}

// A long value is cut for the report at a character boundary: the line stays valid UTF-8.
TEST(ScoreRecordsTest, LongValuesAreCutBetweenCharacters) {
  const std::string goal = "根据渝财社[2019]326号文件,预计2020年享受国有单(双)解人员4629人";
  std::vector<Json> expected = {Json{{"form", "project_self_evaluation"}, {"goal", goal},
                                     {"source", {{"file", "a.pdf"}}}}};
  std::vector<Json> actual = {Json{{"form", "project_self_evaluation"}, {"goal", "x"},
                                   {"source", {{"file", "a.pdf"}}}}};
  const std::string text = FormatReport(ScoreRecords(expected, actual), 5);
  const size_t at = text.find("goal: expected ");
  ASSERT_NE(at, std::string::npos) << text;
  const size_t from = at + std::string("goal: expected ").size();
  const std::string shown = text.substr(from, text.find("...", from) - from);
  EXPECT_EQ(goal.compare(0, shown.size(), shown), 0) << shown;
  EXPECT_LE(shown.size(), 57u);
  EXPECT_GE(shown.size(), 55u);  // cut back at most to the start of one 3-byte character
  EXPECT_NE(static_cast<unsigned char>(goal[shown.size()]) & 0xC0, 0x80) << "inside a character";
}

TEST(ScoreRecordsTest, EdgeCases) {
  EvalReport empty = ScoreRecords({}, {});
  EXPECT_EQ(empty.fields.tp + empty.fields.fp + empty.fields.fn, 0);
  EXPECT_EQ(empty.fields.F1(), 1.0);

  // Nothing extracted: every expected value is an fn, precision has nothing to judge.
  EvalReport nothing = ScoreRecords(Expected(), {});
  EXPECT_EQ(nothing.fields.tp, 0);
  EXPECT_EQ(nothing.fields.fp, 0);
  EXPECT_EQ(nothing.fields.fn, 12 + 4 + 3);
  EXPECT_EQ(nothing.fields.Recall(), 0.0);
  EXPECT_EQ(nothing.fields.F1(), 0.0);

  // Identical inputs are exact.
  EvalReport same = ScoreRecords(Expected(), Expected());
  EXPECT_EQ(same.records_exact, 3);
  EXPECT_EQ(same.fields.fp + same.fields.fn, 0);
  EXPECT_EQ(same.fields.tp, 12 + 4 + 3);

  // A number is not its string; a null expected against a value is only an fp.
  EvalReport types = ScoreRecords(
      {Json::parse(R"({"form": "f", "a": 10, "b": null})")},
      {Json::parse(R"({"form": "f", "a": "10", "b": 0})")});
  EXPECT_EQ(types.fields.tp, 1);
  EXPECT_EQ(types.fields.fp, 2);
  EXPECT_EQ(types.fields.fn, 1);
}

TEST(FlattenTest, Paths) {
  Json record = Json::parse(R"({"form": "f", "funds": {"total": {"executed": 1}},
    "indicators": [{"target": "≥1人"}, {}], "goals": {}, "checks": [1],
    "provenance": {"x": 1}, "source": {"file": "f.pdf", "pages": [2, 3]}})");
  const std::vector<std::pair<std::string, Json>> kWant = {
      {"form", "f"}, {"funds.total.executed", 1}, {"indicators[0].target", "≥1人"},
      {"source.pages[0]", 2}, {"source.pages[1]", 3}};
  EXPECT_EQ(Flatten(record), kWant);
}

}  // namespace
}  // namespace jixiao
