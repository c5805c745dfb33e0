#include "records/report.h"

#include <filesystem>

namespace jixiao {
namespace {

std::string Tsv(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

std::string StringOr(const Json& j, const char* key, const std::string& fallback = "") {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

Result<bool> RunReport::Open(const std::string& dir) {
  dir_ = dir;
  if (dir.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  review_.open(dir + "/review.tsv", std::ios::trunc);
  if (!review_) return Fail("REPORT_ERROR", "cannot write " + dir + "/review.tsv");
  review_ << "file\tpages\tform\tproject_name\tkind\tcode_or_field\tmessage\n";
  return true;
}

void RunReport::Row(const Json& line, const std::string& kind, const std::string& what,
                    const std::string& message) {
  if (!review_.is_open()) return;
  const Json source = line.value("source", Json::object());
  review_ << Tsv(StringOr(source, "file")) << '\t' << source.value("pages", Json::array()).dump()
          << '\t' << StringOr(line, "form") << '\t' << Tsv(StringOr(line, "project_name")) << '\t'
          << kind << '\t' << Tsv(what) << '\t' << Tsv(message) << '\n';
}

void RunReport::Add(int pages, const std::vector<Json>& lines) {
  ++files_;
  pages_ += pages;
  bool failed = false;
  for (const Json& line : lines) {
    if (line.contains("error")) {
      failed = true;
      const Json& e = line["error"];
      ++errors_[StringOr(e, "code", "?")];
      Row(line, "error", StringOr(e, "code"), StringOr(e, "message"));
      continue;
    }
    ++records_;
    ++forms_[StringOr(line, "form", "?")];
    for (const Json& c : line.value("checks", Json::array())) {
      ++checks_[StringOr(c, "code", "?")];
      Row(line, "check", StringOr(c, "code") + " " + StringOr(c, "field"), StringOr(c, "message"));
    }
    for (const Json& path : line.value("review", Json::array())) {
      ++reviews_;
      Row(line, "review", path.is_string() ? path.get<std::string>() : path.dump(),
          "low OCR confidence");
    }
  }
  failed_ += failed;
}

Json RunReport::Finish(double seconds) {
  Json summary = {{"files", files_},       {"pages", pages_},   {"records", records_},
                  {"failed_files", failed_}, {"skipped", skipped_}, {"forms", forms_}, {"errors", errors_},
                  {"checks", checks_},     {"review_fields", reviews_},
                  {"seconds", seconds}};
  if (!dir_.empty()) {
    review_.close();
    std::ofstream(dir_ + "/summary.json", std::ios::trunc) << summary.dump(2) << '\n';
  }
  return summary;
}

}  // namespace jixiao
