// jixiao: county performance self-evaluation reports → checked records (see SPEC.md).
#include <leptonica/allheaders.h>
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
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "check/check.h"
#include "common/text.h"
#include "eval/eval.h"
#include "fields/fields.h"
#include "pipeline/pipeline.h"
#include "records/report.h"
#include "records/store.h"

namespace fs = std::filesystem;
using namespace jixiao;

namespace {

const char kUsage[] = R"(usage:
  jixiao extract [--out FILE] [--db DB] [--jobs N] [--report DIR] [options] INPUT...
  jixiao tables  [--out FILE] [--jobs N] [options] INPUT...
  jixiao check   RECORDS.jsonl [--out FILE]
  jixiao eval    EXPECTED.jsonl ACTUAL.jsonl   (field precision/recall/F1)
  jixiao export  --db DB [--format jsonl|csv] [--out FILE]
DB is a SQLite file or a PostgreSQL URL (postgresql://user@host/dbname).
options:
  --jobs N          workers, each with its own OCR engine (default: the number of cores)
  --progress        progress on standard error even when it is not a terminal
  --force           process documents the database already holds (default: take their records
                    from the database; same SHA-256 and same pipeline version)
  --shard I/N       only the inputs whose SHA-256 falls in slice I of N (0 <= I < N)
  --page-seconds S  stop a page's OCR after S seconds and keep what was read (default 60,
                    0 = no limit)
  --password PW     password for encrypted PDFs
  --dpi N           render born-digital pages at N dpi (default 200)
  --max-pages N     refuse documents with more pages (default 2000)
  --max-pixels N    refuse pages with more pixels (default 200000000)
  --patterns DIR    pattern files (default: the installed patterns/)
INPUT is a file or a folder (walked recursively, in name order).
)";

struct Args {
  std::string command;
  std::string out, db, report, patterns, format = "jsonl";
  int jobs = 0;
  bool progress = false, force = false;
  int shard = 0, shards = 1;
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
    else if (a == "--format") ok = value(args.format);
    else if (a == "--progress") args.progress = true;
    else if (a == "--force") args.force = true;
    else if (a == "--shard") {
      std::string v;
      ok = value(v);
      char* end = nullptr;
      if (ok) args.shard = static_cast<int>(std::strtol(v.c_str(), &end, 10));
      if (ok && (end == v.c_str() || *end != '/' ||
                 (args.shards = static_cast<int>(std::strtol(end + 1, &end, 10))) <= 0 || *end ||
                 args.shard < 0 || args.shard >= args.shards)) {
        problem = "--shard needs I/N with 0 <= I < N, not '" + v + "'";
        ok = false;
      }
    }
    else if (a == "--page-seconds") {
      std::string v;
      ok = value(v);
      char* end = nullptr;
      const double seconds = ok ? std::strtod(v.c_str(), &end) : 0;
      if (ok && (v.empty() || *end || !(seconds >= 0))) {
        problem = "--page-seconds needs a number of seconds (0 = no limit), not '" + v + "'";
        ok = false;
      }
      args.pipeline.ocr.page_seconds = seconds;
    }
    else if (a == "--jobs") ok = number(args.jobs);
    else if (a == "--dpi") ok = number(args.pipeline.ingest.render_dpi);
    else if (a == "--max-pages") ok = number(args.pipeline.ingest.max_pages);
    else if (a == "--max-pixels") ok = number(args.pipeline.ingest.max_pixels);
    else if (a == "-h" || a == "--help") { problem = "help"; return false; }
    else if (a.size() > 1 && a[0] == '-') { problem = "unknown option " + a; return false; }
    else args.inputs.push_back(a);
    if (!ok) return false;
  }
  if (args.command != "extract" && args.command != "tables" && args.command != "check" &&
      args.command != "eval" && args.command != "export") {
    problem = "unknown command '" + args.command + "'";
    return false;
  }
  if (args.command == "export") {
    if (args.db.empty()) problem = "export needs --db";
    else if (args.format != "jsonl" && args.format != "csv") problem = "--format is jsonl or csv";
    else if (!args.inputs.empty()) problem = "export takes no INPUT";
    return problem.empty();
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
  void Line(const Json& j) { Text(j.dump(-1, ' ', false, Json::error_handler_t::replace)); }
  void Text(const std::string& line) {
    std::ostream& out = file_.is_open() ? static_cast<std::ostream&>(file_) : std::cout;
    out << line << '\n';
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

std::vector<Json> ReadRecords(const std::string& path, bool& ok) {
  std::vector<Json> records;
  std::ifstream in(path);
  ok = static_cast<bool>(in);
  for (std::string line; ok && std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      std::cerr << "jixiao: " << path << ": not JSON Lines\n";
      ok = false;
    }
    records.push_back(std::move(j));
  }
  return records;
}

int RunEval(const Args& args) {
  if (args.inputs.size() != 2) return Usage("eval takes EXPECTED.jsonl ACTUAL.jsonl");
  bool ok_expected = false, ok_actual = false;
  std::vector<Json> expected = ReadRecords(args.inputs[0], ok_expected);
  std::vector<Json> actual = ReadRecords(args.inputs[1], ok_actual);
  if (!ok_expected || !ok_actual) return Usage("cannot read the records to compare");
  std::cout << FormatReport(ScoreRecords(expected, actual), 20);
  return 0;
}

// The slice of inputs a `--shard I/N` process takes: by document hash, so that every process
// agrees without talking to the others, and copies of one document land on one shard. A file
// that cannot be hashed goes by its name (FNV-1a), so its error line appears exactly once.
int ShardOf(const std::string& sha256, const std::string& file, int shards) {
  uint64_t h = 1469598103934665603ull;
  if (sha256.size() >= 16) {
    h = std::stoull(sha256.substr(0, 16), nullptr, 16);
  } else {
    for (unsigned char c : file) h = (h ^ c) * 1099511628211ull;
  }
  return static_cast<int>(h % static_cast<uint64_t>(shards));
}

std::string Duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

// Progress on standard error: a line redrawn in place on a terminal; with --progress and no
// terminal (a log file), one plain line every 10 seconds.
class Progress {
 public:
  explicit Progress(bool asked) : tty_(::isatty(2)), on_(tty_ || asked) {}

  void Update(const RunProgress& p, bool final = false) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since_shown = std::chrono::duration<double>(now - shown_).count();
    if (!final && since_shown < (tty_ ? 0.5 : 10.0)) return;
    shown_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const int processed = p.files_done - p.files_skipped;
    std::string line = "jixiao: " + std::to_string(p.files_done) + "/" +
                       std::to_string(p.files_total) + " files";
    if (p.files_skipped > 0) line += " (" + std::to_string(p.files_skipped) + " skipped)";
    char rate[64];
    std::snprintf(rate, sizeof rate, ", %lld pages, %.2f pages/s", p.pages_done,
                  elapsed > 0 ? p.pages_done / elapsed : 0.0);
    line += rate;
    // The remaining files at the pace of the files processed so far (skips are nearly free).
    if (!final && processed > 0 && p.files_done < p.files_total) {
      line += ", ETA " + Duration(elapsed / processed * (p.files_total - p.files_done));
    }
    if (tty_) {
      std::cerr << "\r" << line << "\033[K" << (final ? "\n" : "") << std::flush;
    } else {
      std::cerr << line << "\n" << std::flush;
    }
  }

 private:
  const bool tty_, on_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point shown_ = start_;
};

// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string CsvValue(const Json& j) {
  if (j.is_null()) return "";
  if (j.is_string()) return Csv(j.get<std::string>());
  return Csv(j.dump());
}

const Json& Get(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// `jixiao export`: every stored document, ordered by path. JSON Lines are the records exactly as
// `extract` wrote them (error objects for failed documents); CSV is one row per record (one per
// failed document) with the headline fields, for a spreadsheet.
int RunExport(const Args& args) {
  auto store = RecordStore::Open(args.db, nullptr);
  if (!store) {
    std::cerr << "jixiao: " << store.error().message << "\n";
    return 2;
  }
  Output out;
  if (!out.Open(args.out)) return Usage("cannot write " + args.out);
  const bool csv = args.format == "csv";
  if (csv) {
    out.Text("file,sha256,status,error_code,error_message,record,form,year,project_name,"
             "department,implementer,total_weight,total_score,grade,pages,checks");
  }
  auto done = (*store)->ForEach([&](const StoredDocument& doc) {
    if (!csv) {
      if (doc.error) out.Line(ErrorObject(doc.path, *doc.error));
      for (const Json& r : doc.records) out.Line(r);
      return true;
    }
    const std::string head = Csv(doc.path) + "," + doc.sha256 + "," +
                             (doc.error ? "error," + Csv(doc.error->code) + "," +
                                              Csv(doc.error->message)
                                        : std::string("ok,,"));
    if (doc.records.empty()) out.Text(head + std::string(11, ','));
    for (size_t i = 0; i < doc.records.size(); ++i) {
      const Json& r = doc.records[i];
      std::string checks;
      for (const Json& c : Get(r, "checks").is_array() ? Get(r, "checks") : Json::array()) {
        if (!checks.empty()) checks += ' ';
        checks += Get(c, "code").is_string() ? Get(c, "code").get<std::string>() : "?";
      }
      out.Text(head + "," + std::to_string(i) + "," + CsvValue(Get(r, "form")) + "," +
               CsvValue(Get(r, "year")) + "," + CsvValue(Get(r, "project_name")) + "," +
               CsvValue(Get(r, "department")) + "," + CsvValue(Get(r, "implementer")) + "," +
               CsvValue(Get(Get(r, "total"), "weight")) + "," +
               CsvValue(Get(Get(r, "total"), "score")) + "," + CsvValue(Get(r, "grade")) + "," +
               Csv(Get(Get(r, "source"), "pages").dump()) + "," + Csv(checks));
    }
    return true;
  });
  if (!done) {
    std::cerr << "jixiao: " << done.error().message << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // libgomp reads OMP_THREAD_LIMIT when it loads, before main: set it and start again.
  // Tesseract with OpenMP threads is 5x slower on this kind of machine (OCR-NOTES §1.1).
  if (!std::getenv("OMP_THREAD_LIMIT")) {
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);
  }
  // A corrupt image gets its error object; Leptonica's own messages would only clutter stderr.
  setMsgSeverity(L_SEVERITY_NONE);
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
  if (args.command == "eval") return RunEval(args);
  if (args.command == "export") return RunExport(args);

  auto patterns = LoadPatterns(args.patterns.empty() ? DefaultPatternsDir() : args.patterns);
  if (!patterns) {
    std::cerr << "jixiao: " << patterns.error().code << ": " << patterns.error().message << "\n";
    return 2;
  }
  std::unique_ptr<RecordStore> store;
  std::mutex store_mutex;  // the workers ask it (lookup) while the writer stores
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
  const bool extract = args.command == "extract";
  const auto start = std::chrono::steady_clock::now();
  Progress progress(args.progress);

  RunHooks hooks;
  hooks.file_of = [&](int i) { return files[i]; };
  hooks.lookup = [&](const std::string& file,
                     const std::string& sha256) -> std::optional<DocumentResult> {
    DocumentResult instead;
    instead.file = file;
    instead.sha256 = sha256;
    if (args.shards > 1 && ShardOf(sha256, file, args.shards) != args.shard) {
      instead.skipped = "shard";
      return instead;
    }
    if (!store || args.force || !extract || sha256.empty()) return std::nullopt;
    Result<std::optional<StoredDocument>> stored;
    {
      std::lock_guard lock(store_mutex);
      stored = store->Load(sha256, kPipelineVersion);
    }
    if (!stored || !*stored) return std::nullopt;  // not there (or unreadable): process it
    // Already done by this pipeline version: its stored lines, under this run's file name, so
    // the output of a resumed run is the output of a clean one.
    instead.skipped = "stored";
    instead.pages = (*stored)->pages;
    instead.error = (*stored)->error;
    if (instead.error) instead.records.push_back(ErrorObject(file, *instead.error));
    for (Json& r : (*stored)->records) {
      if (r.contains("source") && r["source"].is_object()) r["source"]["file"] = file;
      instead.records.push_back(std::move(r));
    }
    return instead;
  };
  hooks.emit = [&](DocumentResult& doc) {
    if (doc.skipped == "shard") return;  // another process's document
    for (int page : doc.timed_out_pages) {
      std::cerr << "jixiao: " << doc.file << ": page " << page << ": OCR stopped after "
                << args.pipeline.ocr.page_seconds << " s (--page-seconds); the page is incomplete\n";
    }
    report.Add(doc.pages, doc.records);
    if (!doc.skipped.empty()) report.Skip();
    if (args.command == "tables") {
      if (doc.error) out.Line(doc.records.front());
      for (const Table& t : doc.tables) out.Line(TableObject(doc.file, t));
    } else {
      for (const Json& r : doc.records) out.Line(r);
    }
    if (store && doc.skipped.empty() && !doc.sha256.empty()) {
      std::lock_guard lock(store_mutex);
      auto stored = store->Store({doc.sha256, doc.file, doc.pages, doc.error, doc.records});
      if (!stored) std::cerr << "jixiao: " << doc.file << ": " << stored.error().message << "\n";
    }
  };
  RunProgress last;
  hooks.progress = [&](const RunProgress& p) {
    last = p;
    progress.Update(p);
  };

  RunOrdered(static_cast<int>(files.size()), jobs, args.pipeline, *patterns, hooks);
  progress.Update(last, /*final=*/true);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Json summary = report.Finish(seconds);
  std::cerr << "jixiao: " << summary.dump() << "\n";
  return report.failed() > 0 ? 1 : 0;
}
