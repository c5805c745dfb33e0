// The `--report DIR` output: what a person should look at after an unattended run.
//
//   DIR/summary.json  counts: files, pages, records by form, failed files by error code,
//                     files skipped (records taken from the database, counted in the rest too),
//                     check findings by code, fields flagged for review, seconds
//   DIR/review.tsv    one line per thing to look at: a failed file, a check finding, a
//                     low-confidence field — file, pages, form, project, kind, code/field, message
#ifndef JIXIAO_RECORDS_REPORT_H_
#define JIXIAO_RECORDS_REPORT_H_

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/page.h"

namespace jixiao {

using Json = nlohmann::ordered_json;

class RunReport {
 public:
  // Creates DIR and opens review.tsv; an empty dir makes a report that only counts.
  Result<bool> Open(const std::string& dir);
  // Counts one document's output lines (records or its error object).
  void Add(int pages, const std::vector<Json>& lines);
  // Marks the document just added as taken from the database rather than processed.
  void Skip() { ++skipped_; }
  // Writes summary.json (when opened) and returns the summary.
  Json Finish(double seconds);

  int files() const { return files_; }
  int failed() const { return failed_; }

 private:
  void Row(const Json& line, const std::string& kind, const std::string& what,
           const std::string& message);

  std::string dir_;
  std::ofstream review_;
  int files_ = 0, pages_ = 0, failed_ = 0, records_ = 0, reviews_ = 0, skipped_ = 0;
  std::map<std::string, int> forms_, errors_, checks_;
};

}  // namespace jixiao

#endif  // JIXIAO_RECORDS_REPORT_H_
