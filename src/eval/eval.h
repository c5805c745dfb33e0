// The evaluation harness: how close extracted records and reconstructed tables come to the
// expected ones (samples/<case>/expected.jsonl, or any hand-checked records).
//
// Records: ScoreRecords pairs expected and actual records document by document and in order.
// Two documents are the same when their source.file values are equal or one is the other
// with leading folders ("input.pdf" ~ "/work/main/samples/x/input.pdf"). Within a document the
// pairing is the longest in-order matching on (`form`, `source.pages`); a record left without
// a partner counts all its fields as misses. Each record
// is flattened to leaf paths (`funds.total.executed`, `indicators[2].target`), ignoring what
// is not extraction (`checks`, `source.file`, `review`, `provenance`). Lists of different
// length (indicators) are aligned by position. Per leaf:
//   tp  both non-null and equal (numbers within 1e-6, strings after NormalizeText);
//   fp  actual non-null and not equal to the expected value (or nothing was expected);
//   fn  expected non-null and not matched.
// A wrong value is thus both an fp and an fn; a null where a value was expected is only an fn.
//
// Tables: Teds is PubTabNet's tree-edit-distance similarity (Zhong et al. 2020) on the
// `<table><tr><td rowspan colspan>text</td>…</tr></table>` html that `jixiao tables` writes.
#ifndef JIXIAO_EVAL_EVAL_H_
#define JIXIAO_EVAL_EVAL_H_

#include <map>
#include <utility>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace jixiao {

using Json = nlohmann::ordered_json;

struct Counts {
  int tp = 0, fp = 0, fn = 0;

  // 1 when there is nothing to be wrong about (no denominator).
  double Precision() const;
  double Recall() const;
  double F1() const;
};

struct Mismatch {
  std::string file;   // the document's source.file (the expected one when there is one)
  int record = 0;     // 0-based index of the expected record in its document, or of the
                      // actual one when it has no expected partner
  std::string path;   // e.g. indicators[3].score
  Json expected, actual;  // null where absent
};

struct EvalReport {
  Counts fields;                       // over every leaf of every record
  int records_expected = 0, records_actual = 0;
  int records_paired = 0;
  int records_exact = 0;               // paired, every leaf right (nulls included)
  std::map<std::string, Counts> by_path;  // indices folded: indicators[].target
  std::vector<Mismatch> mismatches;    // in document and record order
};

// Scores `actual` against `expected` (each: records of one or more documents, in file order).
// Empty inputs give an empty report (all counts 0).
EvalReport ScoreRecords(const std::vector<Json>& expected, const std::vector<Json>& actual);

// A few lines: fields P/R/F1, records exact, the folded paths with most errors, and the first
// `max_mismatches` mismatches.
std::string FormatReport(const EvalReport& report, int max_mismatches = 10);

// The leaves of `record` as (path, value), in document order, skipping the ignored keys above.
// Empty objects and lists contribute nothing.
std::vector<std::pair<std::string, Json>> Flatten(const Json& record);

// TEDS = 1 − TreeEditDistance(T_a, T_b) / max(|T_a|, |T_b|), |T| the node count, with the trees
// table → tr → td (thead/tbody/th kept as nodes when present). Insert and delete cost 1;
// renaming a node costs 1 between different tags, and between two cells 1 if their rowspan or
// colspan differ, else the Levenshtein distance of their texts (over code points) divided by
// the longer length. 1.0 for two identical tables (and for two empty strings); 0 when only
// one side has a table.
double Teds(const std::string& html_a, const std::string& html_b);

}  // namespace jixiao

#endif  // JIXIAO_EVAL_EVAL_H_
