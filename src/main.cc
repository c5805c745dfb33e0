// jixiao: county performance self-evaluation reports → checked records (see SPEC.md).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "check/check.h"
#include "common/text.h"
#include "fields/fields.h"
#include "pipeline/pipeline.h"
#include "records/report.h"
#include "records/store.h"

namespace fs = std::filesystem;
using namespace jixiao;

namespace {

const char kUsage[] = R"(usage:
  jixiao extract [--out FILE] [--db FILE] [--jobs N] [--report DIR] [options] INPUT...
  jixiao tables  [--out FILE] [--jobs N] [options] INPUT...
  jixiao check   RECORDS.jsonl [--out FILE]
options:
  --password PW     password for encrypted PDFs
  --dpi N           render born-digital pages at N dpi (default 200)
  --max-pages N     refuse documents with more pages (default 2000)
  --max-pixels N    refuse pages with more pixels (default 200000000)
  --patterns DIR    pattern files (default: the installed patterns/)
INPUT is a file or a folder (walked recursively, in name order).
)";

struct Args {
  std::string command;
  std::string out, db, report, patterns;
  int jobs = 0;
  PipelineOptions pipeline;
  std::vector<std::string> inputs;
};

int Usage(const std::string& problem) {
  std::cerr << "jixiao: " << problem << "\n" << kUsage;
  return 2;
}

bool ParseArgs(int argc, char** argv, Args& args, std::string& problem) {
  if (argc < 2) {
    problem = "no command";
    return false;
  }
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        problem = a + " needs a value";
        return false;
      }
      into = argv[++i];
      return true;
    };
    auto number = [&](auto& into) {
      std::string v;
      if (!value(v)) return false;
      char* end = nullptr;
      const long long n = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end || n <= 0) {
        problem = a + " needs a positive whole number, not '" + v + "'";
        return false;
      }
      into = static_cast<std::remove_reference_t<decltype(into)>>(n);
      return true;
    };
    bool ok = true;
    if (a == "--out") ok = value(args.out);
    else if (a == "--db") ok = value(args.db);
    else if (a == "--report") ok = value(args.report);
    else if (a == "--patterns") ok = value(args.patterns);
    else if (a == "--password") ok = value(args.pipeline.ingest.password);
    else if (a == "--jobs") ok = number(args.jobs);
    else if (a == "--dpi") ok = number(args.pipeline.ingest.render_dpi);
    else if (a == "--max-pages") ok = number(args.pipeline.ingest.max_pages);
    else if (a == "--max-pixels") ok = number(args.pipeline.ingest.max_pixels);
    else if (a == "-h" || a == "--help") { problem = "help"; return false; }
    else if (a.size() > 1 && a[0] == '-') { problem = "unknown option " + a; return false; }
    else args.inputs.push_back(a);
    if (!ok) return false;
  }
  if (args.command != "extract" && args.command != "tables" && args.command != "check") {
    problem = "unknown command '" + args.command + "'";
    return false;
  }
  if (args.inputs.empty()) {
    problem = "no input";
    return false;
  }
  return true;
}

// Files of every INPUT: folders walked recursively in name order; anything else kept as
// given, so that a missing file still yields its error object.
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (!fs::is_directory(input, ec)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(
             input, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Output sink: a file or standard output.
class Output {
 public:
  bool Open(const std::string& path) {
    if (path.empty() || path == "-") return true;
    if (fs::path(path).has_parent_path()) {
      std::error_code ec;
      fs::create_directories(fs::path(path).parent_path(), ec);
    }
    file_.open(path, std::ios::binary | std::ios::trunc);
    return static_cast<bool>(file_);
  }
  void Line(const Json& j) {
    std::ostream& out = file_.is_open() ? static_cast<std::ostream&>(file_) : std::cout;
    out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
    out.flush();
  }

 private:
  std::ofstream file_;
};

Json TableObject(const std::string& file, const Table& table) {
  Json cells = Json::array();
  for (const Cell& c : table.cells) {
    cells.push_back({{"row", c.row}, {"col", c.col}, {"rowspan", c.rowspan},
                     {"colspan", c.colspan}, {"text", NormalizeText(c.text)},
                     {"bbox", {c.box.x0, c.box.y0, c.box.x1, c.box.y1}},
                     {"confidence", c.confidence}});
  }
  Json j;
  j["source"] = {{"file", file}, {"page", table.page}};
  j["rows"] = table.rows;
  j["cols"] = table.cols;
  j["cells"] = std::move(cells);
  j["html"] = Html(table);
  return j;
}

int RunCheck(const Args& args) {
  Output out;
  if (!out.Open(args.out)) return Usage("cannot write " + args.out);
  int status = 0;
  for (const std::string& path : args.inputs) {
    std::ifstream in(path);
    if (!in) {
      std::cerr << "jixiao: cannot read " << path << "\n";
      status = 1;
      continue;
    }
    // Records of one file stay together for the cross-record checks.
    std::vector<Json> records;
    std::string current_file;
    auto flush = [&] {
      CheckDocument(records);
      for (const Json& r : records) out.Line(r);
      records.clear();
    };
    std::string line;
    int line_number = 0;
    while (std::getline(in, line)) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Json record = Json::parse(line, nullptr, false);
      if (record.is_discarded() || !record.is_object()) {
        std::cerr << "jixiao: " << path << ":" << line_number << ": not a JSON object\n";
        status = 1;
        continue;
      }
      std::string file = record.contains("source") && record["source"].is_object()
                             ? record["source"].value("file", "")
                             : "";
      if (file != current_file) flush();
      current_file = file;
      if (!record.contains("error")) CheckRecord(record);
      records.push_back(std::move(record));
    }
    flush();
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  // libgomp reads OMP_THREAD_LIMIT when it loads, before main: set it and start again.
  // Tesseract with OpenMP threads is 5x slower on this kind of machine (OCR-NOTES §1.1).
  if (!std::getenv("OMP_THREAD_LIMIT")) {
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);
  }
  Args args;
  std::string problem;
  if (!ParseArgs(argc, argv, args, problem)) {
    if (problem == "help") {
      std::cout << kUsage;
      return 0;
    }
    return Usage(problem);
  }
  if (args.command == "check") return RunCheck(args);

  auto patterns = LoadPatterns(args.patterns.empty() ? DefaultPatternsDir() : args.patterns);
  if (!patterns) {
    std::cerr << "jixiao: " << patterns.error().code << ": " << patterns.error().message << "\n";
    return 2;
  }
  std::unique_ptr<RecordStore> store;
  if (!args.db.empty()) {
    auto opened = RecordStore::Open(args.db, *patterns);
    if (!opened) {
      std::cerr << "jixiao: " << opened.error().message << "\n";
      return 2;
    }
    store = std::move(*opened);
  }
  Output out;
  if (!out.Open(args.out)) return Usage("cannot write " + args.out);

  RunReport report;
  if (auto opened = report.Open(args.report); !opened) return Usage(opened.error().message);

  const std::vector<std::string> files = ExpandInputs(args.inputs);
  const int jobs = args.jobs > 0 ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  args.pipeline.want_tables = args.command == "tables";
  const auto start = std::chrono::steady_clock::now();

  RunOrdered(static_cast<int>(files.size()), jobs, args.pipeline, *patterns,
             [&](int i) { return files[i]; },
             [&](DocumentResult& doc) {
               report.Add(doc.pages, doc.records);
               if (args.command == "tables") {
                 if (doc.error) out.Line(doc.records.front());
                 for (const Table& t : doc.tables) out.Line(TableObject(doc.file, t));
               } else {
                 for (const Json& r : doc.records) out.Line(r);
               }
               if (store && !doc.sha256.empty()) {
                 auto stored = store->Store({doc.sha256, doc.file, doc.pages, doc.error, doc.records});
                 if (!stored) std::cerr << "jixiao: " << doc.file << ": " << stored.error().message << "\n";
               }
             });

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Json summary = report.Finish(seconds);
  std::cerr << "jixiao: " << summary.dump() << "\n";
  return report.failed() > 0 ? 1 : 0;
}
