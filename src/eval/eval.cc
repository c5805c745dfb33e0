// Field-level scoring of records (see eval.h for the counting rules).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "common/text.h"
#include "eval/eval.h"

namespace jixiao {
namespace {

constexpr double kNumberTolerance = 1e-6;

void FlattenInto(const Json& value, const std::string& path,
                 std::vector<std::pair<std::string, Json>>& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string child = path.empty() ? it.key() : path + "." + it.key();
      // Not extraction: the checker's output, where the file was read from, OCR metadata.
      if (child == "checks" || child == "review" || child == "provenance" ||
          child == "source.file") {
        continue;
      }
      FlattenInto(it.value(), child, out);
    }
  } else if (value.is_array()) {
    for (size_t index = 0; index < value.size(); ++index) {
      FlattenInto(value[index], path + "[" + std::to_string(index) + "]", out);
    }
  } else {
    out.emplace_back(path, value);
  }
}

bool Equal(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    return std::fabs(a.get<double>() - b.get<double>()) <= kNumberTolerance;
  }
  if (a.is_string() && b.is_string()) {
    return NormalizeText(a.get<std::string>()) == NormalizeText(b.get<std::string>());
  }
  return a == b;
}

// indicators[12].target → indicators[].target
std::string FoldIndices(const std::string& path) {
  std::string out;
  bool in_index = false;
  for (char c : path) {
    if (c == '[') in_index = true;
    if (c == ']') in_index = false;
    if (!in_index || c == '[') out += c;
  }
  return out;
}

std::string FileOf(const Json& record) {
  if (!record.is_object() || !record.contains("source") || !record["source"].is_object()) {
    return "";
  }
  const Json file = record["source"].value("file", Json());
  return file.is_string() ? file.get<std::string>() : "";
}

// Whether two source.file values name the same document: equal, or one is the other with
// leading folders ("input.pdf" ~ "samples/x/input.pdf" ~ "/work/main/samples/x/input.pdf").
bool SameDocument(const std::string& a, const std::string& b) {
  const std::string& shorter = a.size() <= b.size() ? a : b;
  const std::string& longer = a.size() <= b.size() ? b : a;
  if (!longer.ends_with(shorter)) return false;
  return shorter.size() == longer.size() || longer[longer.size() - shorter.size() - 1] == '/';
}

// Records grouped by source.file, in order of first appearance.
struct Document {
  std::string file;
  std::vector<const Json*> records;
};
std::vector<Document> Documents(const std::vector<Json>& records) {
  std::vector<Document> documents;
  for (const Json& record : records) {
    std::string file = FileOf(record);
    auto it = std::find_if(documents.begin(), documents.end(),
                           [&](const Document& document) { return document.file == file; });
    if (it == documents.end()) it = documents.insert(documents.end(), {file, {}});
    it->records.push_back(&record);
  }
  return documents;
}

// What must agree for two records to be paired: form and pages.
std::string PairKey(const Json& record) {
  if (!record.is_object()) return "";
  Json pages = record.contains("source") && record["source"].is_object()
                   ? record["source"].value("pages", Json())
                   : Json();
  return record.value("form", Json()).dump() + "|" + pages.dump();
}

// Longest common subsequence of the two key lists: the pairs (expected, actual), in order.
std::vector<std::pair<int, int>> Align(const std::vector<std::string>& expected,
                                       const std::vector<std::string>& actual) {
  const int n = expected.size(), m = actual.size();
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (int i = n - 1; i >= 0; --i) {
    for (int j = m - 1; j >= 0; --j) {
      lcs[i][j] = expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1
                                           : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<std::pair<int, int>> pairs;
  for (int i = 0, j = 0; i < n && j < m;) {
    if (expected[i] == actual[j]) {
      pairs.emplace_back(i++, j++);
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

// Scores one record pair; either side may be null (an unpaired record). Returns whether
// every leaf agreed.
bool ScorePair(const Json& expected, const Json& actual, const std::string& file, int record,
               EvalReport& report) {
  std::vector<std::pair<std::string, Json>> leaves = Flatten(expected);
  std::vector<std::pair<std::string, Json>> actual_leaves = Flatten(actual);
  std::map<std::string, Json> actual_by_path(actual_leaves.begin(), actual_leaves.end());
  std::set<std::string> expected_paths;
  for (const auto& [path, value] : leaves) expected_paths.insert(path);
  for (const auto& [path, value] : actual_leaves) {
    if (!expected_paths.contains(path)) leaves.emplace_back(path, Json());
  }
  bool all_right = true;
  for (const auto& [path, want] : leaves) {
    auto found = actual_by_path.find(path);
    const Json got = found == actual_by_path.end() ? Json() : found->second;
    Counts& folded = report.by_path[FoldIndices(path)];
    const bool equal = !want.is_null() && !got.is_null() && Equal(want, got);
    for (Counts* counts : {&report.fields, &folded}) {
      if (equal) counts->tp++;
      if (!got.is_null() && !equal) counts->fp++;
      if (!want.is_null() && !equal) counts->fn++;
    }
    if (!equal && !(want.is_null() && got.is_null())) {
      all_right = false;
      report.mismatches.push_back({file, record, path, want, got});
    }
  }
  return all_right;
}

// Pairs the records of one document (either may be empty) and scores each pair and each
// record left over.
void ScoreDocument(const Document& want, const Document& got, EvalReport& report) {
  const std::string& file = want.records.empty() ? got.file : want.file;
  std::vector<std::string> want_keys, got_keys;
  for (const Json* record : want.records) want_keys.push_back(PairKey(*record));
  for (const Json* record : got.records) got_keys.push_back(PairKey(*record));
  std::vector<int> partner(want.records.size(), -1);
  std::vector<bool> got_paired(got.records.size(), false);
  for (auto [want_index, got_index] : Align(want_keys, got_keys)) {
    partner[want_index] = got_index;
    got_paired[got_index] = true;
  }
  const Json none;
  for (size_t index = 0; index < want.records.size(); ++index) {
    const Json& other = partner[index] < 0 ? none : *got.records[partner[index]];
    bool right = ScorePair(*want.records[index], other, file, index, report);
    if (partner[index] >= 0) {
      report.records_paired++;
      if (right) report.records_exact++;
    }
  }
  for (size_t index = 0; index < got.records.size(); ++index) {
    if (!got_paired[index]) ScorePair(none, *got.records[index], file, index, report);
  }
}

// A value cut to about 60 bytes for a report line, at a character boundary (a cut inside a
// hanzi's UTF-8 bytes made the line invalid UTF-8).
std::string Short(const Json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() <= 60) return text;
  size_t cut = 57;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

}  // namespace

double Counts::Precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
double Counts::Recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
double Counts::F1() const {
  double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

std::vector<std::pair<std::string, Json>> Flatten(const Json& record) {
  std::vector<std::pair<std::string, Json>> out;
  if (!record.is_null()) FlattenInto(record, "", out);
  return out;
}

EvalReport ScoreRecords(const std::vector<Json>& expected, const std::vector<Json>& actual) {
  EvalReport report;
  report.records_expected = expected.size();
  report.records_actual = actual.size();

  std::vector<Document> want_documents = Documents(expected);
  std::vector<Document> got_documents = Documents(actual);
  std::vector<bool> got_document_used(got_documents.size(), false);
  const Document no_document;
  for (const Document& want_document : want_documents) {
    const Document* got_document = &no_document;
    for (size_t index = 0; index < got_documents.size(); ++index) {
      if (!got_document_used[index] &&
          SameDocument(want_document.file, got_documents[index].file)) {
        got_document_used[index] = true;
        got_document = &got_documents[index];
        break;
      }
    }
    ScoreDocument(want_document, *got_document, report);
  }
  for (size_t index = 0; index < got_documents.size(); ++index) {
    if (!got_document_used[index]) ScoreDocument(no_document, got_documents[index], report);
  }
  return report;
}

std::string FormatReport(const EvalReport& report, int max_mismatches) {
  char line[256];
  std::string out;
  const Counts& c = report.fields;
  std::snprintf(line, sizeof line, "fields: P %.3f R %.3f F1 %.3f (tp %d, fp %d, fn %d)\n",
                c.Precision(), c.Recall(), c.F1(), c.tp, c.fp, c.fn);
  out += line;
  std::snprintf(line, sizeof line,
                "records: %d of %d expected exact; %d paired; %d actual\n", report.records_exact,
                report.records_expected, report.records_paired, report.records_actual);
  out += line;

  std::vector<std::pair<std::string, Counts>> worst;
  for (const auto& [path, counts] : report.by_path) {
    if (counts.fp + counts.fn > 0) worst.emplace_back(path, counts);
  }
  std::stable_sort(worst.begin(), worst.end(), [](const auto& a, const auto& b) {
    return a.second.fp + a.second.fn > b.second.fp + b.second.fn;
  });
  if (worst.size() > 8) worst.resize(8);
  if (!worst.empty()) {
    out += "worst fields:";
    for (const auto& [path, counts] : worst) {
      std::snprintf(line, sizeof line, " %s (fp %d, fn %d);", path.c_str(), counts.fp, counts.fn);
      out += line;
    }
    out += "\n";
  }
  int shown = 0;
  for (const Mismatch& mismatch : report.mismatches) {
    if (shown++ >= max_mismatches) {
      out += "... " + std::to_string(report.mismatches.size() - max_mismatches) +
             " more mismatches\n";
      break;
    }
    out += "  " + mismatch.file + "#" + std::to_string(mismatch.record) + " " + mismatch.path +
           ": expected " + Short(mismatch.expected) + ", actual " + Short(mismatch.actual) +
           "\n";
  }
  return out;
}

}  // namespace jixiao
