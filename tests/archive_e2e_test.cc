// Archive-scale runs of the real binary: several workers keep input order, shards split the
// inputs exactly once, a run killed with SIGKILL leaves only whole documents and a re-run
// completes it, concurrent shard processes write every record exactly once (SQLite, and
// PostgreSQL when JIXIAO_TEST_PG names a server; scripts/test starts one), export.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "records/store.h"
#include "run_jixiao.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using jixiao::RecordStore;
using jixiao::StoredDocument;
const std::string kRoot = JIXIAO_SOURCE_DIR;

// The born-digital samples: several pages each, quick to read (text layer, no OCR).
std::vector<std::string> BornDigital() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kRoot + "/samples")) {
    if (!entry.is_directory() || entry.path().filename() == "src") continue;
    for (const auto& f : fs::directory_iterator(entry.path())) {
      if (f.path().extension() == ".pdf") files.push_back(f.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += " '" + w + "'";
  return s;
}

// A record without its file name: what must be equal between a copy and its original.
Json Anonymous(Json line) {
  if (line.contains("source")) line["source"].erase("file");
  return line;
}

// Copies of the samples, each with a different byte appended (so a different SHA-256; PDF
// readers ignore bytes after %%EOF), and for each copy the original's name.
struct Archive {
  std::string dir;
  std::vector<std::string> files;
  std::map<std::string, std::string> original;
};

Archive MakeArchive(const std::string& name, int copies) {
  Archive a;
  a.dir = ::testing::TempDir() + "/" + name + "-" + std::to_string(::getpid());
  fs::remove_all(a.dir);
  fs::create_directories(a.dir);
  for (int k = 0; k < copies; ++k) {
    for (const std::string& src : BornDigital()) {
      const std::string copy = a.dir + "/c" + std::to_string(k) + "-" + fs::path(src).filename().string();
      fs::copy_file(src, copy);
      std::ofstream(copy, std::ios::app) << "\n%copy " << k << "\n";
      a.files.push_back(copy);
      a.original[copy] = src;
    }
  }
  std::sort(a.files.begin(), a.files.end());
  return a;
}

// The lines a clean run gives for each original sample, anonymized (computed once).
const std::map<std::string, std::vector<Json>>& CleanLines() {
  static const std::map<std::string, std::vector<Json>> lines = [] {
    std::map<std::string, std::vector<Json>> by_file;
    auto run = jixiao::testing::RunJixiao("extract --jobs 2" + Join(BornDigital()));
    EXPECT_EQ(run.status, 0);
    for (const Json& line : run.lines) {
      by_file[line["source"]["file"].get<std::string>()].push_back(Anonymous(line));
    }
    return by_file;
  }();
  return lines;
}

size_t ExpectedRecords(const Archive& a) {
  size_t n = 0;
  for (const std::string& f : a.files) n += CleanLines().at(a.original.at(f)).size();
  return n;
}

// Lines of one run grouped by file, anonymized, in the order the files first appear.
std::vector<std::pair<std::string, std::vector<Json>>> ByFile(const std::vector<Json>& lines) {
  std::vector<std::pair<std::string, std::vector<Json>>> out;
  for (const Json& line : lines) {
    const std::string file = line["source"]["file"];
    if (out.empty() || out.back().first != file) out.push_back({file, {}});
    out.back().second.push_back(Anonymous(line));
  }
  return out;
}

// Starts `jixiao args` in the background (stdout and stderr to /dev/null); returns its pid.
pid_t Spawn(const std::string& args) {
  const std::string command = "exec " + std::string(JIXIAO_BINARY) + " " + args + " >/dev/null 2>&1";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

// `url` with its path (the database name) replaced by `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t scheme = url.find("://");
  const size_t path = url.find('/', scheme + 3);
  const size_t query = url.find('?', scheme + 3);
  return url.substr(0, std::min(path, query)) + "/" + name +
         (query == std::string::npos ? "" : url.substr(query));
}

struct Backend {
  const char* name;
  bool postgres;
};
void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

class ArchiveDb : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const std::string name = "jixiao_archive_" + std::to_string(::getpid()) + "_" +
                             std::to_string(counter_++);
    if (!GetParam().postgres) {
      url_ = ::testing::TempDir() + "/" + name + ".sqlite";
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(url_ + suffix);
      return;
    }
    const char* server = std::getenv("JIXIAO_TEST_PG");
    if (!server || !*server) GTEST_SKIP() << "JIXIAO_TEST_PG not set (scripts/test sets it)";
    PGconn* conn = PQconnectdb(server);
    ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name).c_str()));
    PGresult* r = PQexec(conn, ("CREATE DATABASE " + name).c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(conn);
    PQclear(r);
    PQfinish(conn);
    url_ = WithDatabase(server, name);
  }

  // A query on the database as it is now; -1 when it does not exist yet.
  long long Count(const std::string& sql) {
    auto store = RecordStore::Open(url_, nullptr);
    return store ? (*store)->QueryInt(sql) : -1;
  }

  // Every stored document must hold exactly the records a clean run gives its original.
  void ExpectWholeDocuments(const Archive& a, size_t& documents) {
    auto store = RecordStore::Open(url_, nullptr);
    ASSERT_TRUE(store) << store.error().message;
    documents = 0;
    auto visited = (*store)->ForEach([&](const StoredDocument& doc) {
      ++documents;
      EXPECT_FALSE(doc.error) << doc.path;
      const auto& expected = CleanLines().at(a.original.at(doc.path));
      EXPECT_EQ(doc.records.size(), expected.size()) << doc.path << " is not whole";
      for (size_t i = 0; i < std::min(expected.size(), doc.records.size()); ++i) {
        EXPECT_EQ(Anonymous(doc.records[i]), expected[i]) << doc.path << " record " << i;
      }
      return true;
    });
    ASSERT_TRUE(visited);
    EXPECT_EQ(Count("SELECT count(*) FROM records WHERE document_sha256 NOT IN "
                    "(SELECT sha256 FROM documents)"),
              0);
    EXPECT_EQ(Count("SELECT count(*) FROM indicators WHERE record_id NOT IN "
                    "(SELECT id FROM records)"),
              0);
  }

  static inline int counter_ = 0;
  std::string url_;
};

TEST(Archive, AnyNumberOfWorkersGivesTheLinesOfOneInInputOrder) {
  std::vector<std::string> inputs = BornDigital();
  inputs.insert(inputs.begin() + 2, kRoot + "/tests/data/empty.pdf");
  inputs.push_back(kRoot + "/tests/data/missing.pdf");
  const auto one = jixiao::testing::RunJixiao("extract --jobs 1" + Join(inputs));
  ASSERT_EQ(one.status, 1);  // the empty and the missing file
  std::vector<std::string> order;
  for (const auto& [file, lines] : ByFile(one.lines)) order.push_back(file);
  EXPECT_EQ(order, inputs);
  for (int jobs : {2, 3}) {
    const auto many = jixiao::testing::RunJixiao("extract --jobs " + std::to_string(jobs) + Join(inputs));
    EXPECT_EQ(many.status, 1);
    ASSERT_EQ(many.lines.size(), one.lines.size()) << jobs << " jobs";
    for (size_t i = 0; i < one.lines.size(); ++i) {
      EXPECT_EQ(many.lines[i], one.lines[i]) << jobs << " jobs, line " << i;
    }
  }
}

TEST(Archive, ShardsTakeEveryInputExactlyOnce) {
  std::vector<std::string> inputs = BornDigital();
  inputs.push_back(kRoot + "/tests/data/missing.pdf");  // unhashable: goes by its name
  const auto all = jixiao::testing::RunJixiao("extract --jobs 2" + Join(inputs));
  std::multiset<std::string> expected, got;
  for (const Json& line : all.lines) expected.insert(line.dump());
  std::map<std::string, std::set<int>> shards_of_file;
  constexpr int kShards = 3;
  for (int i = 0; i < kShards; ++i) {
    const auto part = jixiao::testing::RunJixiao(
        "extract --jobs 1 --shard " + std::to_string(i) + "/" + std::to_string(kShards) + Join(inputs));
    for (const Json& line : part.lines) {
      got.insert(line.dump());
      shards_of_file[line["source"]["file"]].insert(i);
    }
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(shards_of_file.size(), inputs.size());
  for (const auto& [file, shards] : shards_of_file) EXPECT_EQ(shards.size(), 1u) << file;
  EXPECT_EQ(jixiao::testing::RunJixiao("extract --shard 3/3" + Join(inputs)).status, 2);
  EXPECT_EQ(jixiao::testing::RunJixiao("extract --shard 1" + Join(inputs)).status, 2);
}

TEST_P(ArchiveDb, KilledMidwayLeavesWholeDocumentsAndAReRunCompletesIt) {
  const Archive a = MakeArchive(std::string("kill-") + GetParam().name, 4);
  const std::string out = a.dir + "/second.jsonl", report = a.dir + "/report";
  const pid_t pid = Spawn("extract --jobs 2 --out /dev/null --db '" + url_ + "'" + Join(a.files));
  // Kill it as soon as a few documents are in: mid-run, with documents in flight.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  bool exited = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Count("SELECT count(*) FROM documents") >= 3) break;
    int raw;
    if (::waitpid(pid, &raw, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(exited) << "the run ended before it could be killed";
  ::kill(pid, SIGKILL);
  Wait(pid);
  size_t at_kill = 0;
  ExpectWholeDocuments(a, at_kill);
  EXPECT_GE(at_kill, 3u);
  EXPECT_LT(at_kill, a.files.size()) << "killed too late to test anything";

  const auto rerun = jixiao::testing::RunJixiao("extract --jobs 2 --out " + out + " --report " +
                                                report + " --db '" + url_ + "'" + Join(a.files));
  EXPECT_EQ(rerun.status, 0);
  // The re-run's output is a clean run's: every file, in order, with all its records (the
  // stored ones re-emitted under this run's file names).
  const auto by_file = ByFile(jixiao::testing::ReadJsonLines(out));
  ASSERT_EQ(by_file.size(), a.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    EXPECT_EQ(by_file[i].first, a.files[i]);
    EXPECT_EQ(by_file[i].second, CleanLines().at(a.original.at(a.files[i]))) << a.files[i];
  }
  std::ifstream summary_file(report + "/summary.json");
  const Json summary = Json::parse(summary_file);
  EXPECT_EQ(summary["skipped"], at_kill);
  EXPECT_EQ(summary["files"], a.files.size());

  size_t documents = 0;
  ExpectWholeDocuments(a, documents);
  EXPECT_EQ(documents, a.files.size());
  EXPECT_EQ(Count("SELECT count(*) FROM records"), static_cast<long long>(ExpectedRecords(a)));
  EXPECT_EQ(Count("SELECT count(DISTINCT path) FROM documents"),
            static_cast<long long>(a.files.size()));
}

TEST_P(ArchiveDb, ConcurrentShardsStoreEveryRecordExactlyOnce) {
  const Archive a = MakeArchive(std::string("shards-") + GetParam().name, 2);
  constexpr int kShards = 3;
  std::vector<pid_t> pids;
  for (int i = 0; i < kShards; ++i) {
    pids.push_back(Spawn("extract --jobs 1 --shard " + std::to_string(i) + "/" +
                         std::to_string(kShards) + " --out " + a.dir + "/shard" +
                         std::to_string(i) + ".jsonl --db '" + url_ + "'" + Join(a.files)));
  }
  // A second process on shard 0 with --force: the same documents written twice at once.
  pids.push_back(Spawn("extract --jobs 1 --force --shard 0/" + std::to_string(kShards) +
                       " --out /dev/null --db '" + url_ + "'" + Join(a.files)));
  for (pid_t pid : pids) EXPECT_EQ(Wait(pid), 0);

  size_t documents = 0;
  ExpectWholeDocuments(a, documents);
  EXPECT_EQ(documents, a.files.size());
  EXPECT_EQ(Count("SELECT count(*) FROM records"), static_cast<long long>(ExpectedRecords(a)));
  std::map<std::string, int> lines_of_file;
  for (int i = 0; i < kShards; ++i) {
    for (const auto& [file, lines] :
         ByFile(jixiao::testing::ReadJsonLines(a.dir + "/shard" + std::to_string(i) + ".jsonl"))) {
      lines_of_file[file] += 1;
    }
  }
  EXPECT_EQ(lines_of_file.size(), a.files.size());
  for (const auto& [file, n] : lines_of_file) EXPECT_EQ(n, 1) << file << " in several shards";

  // export gives the records back: JSON Lines as extract wrote them, CSV one row per record.
  const auto exported = jixiao::testing::RunJixiao("export --db '" + url_ + "' --format jsonl");
  EXPECT_EQ(exported.status, 0);
  const auto by_file = ByFile(exported.lines);
  ASSERT_EQ(by_file.size(), a.files.size());
  for (size_t i = 0; i < by_file.size(); ++i) {
    EXPECT_EQ(by_file[i].first, a.files[i]);  // ordered by path
    EXPECT_EQ(by_file[i].second, CleanLines().at(a.original.at(a.files[i])));
  }
  const std::string csv = a.dir + "/export.csv";
  ASSERT_EQ(jixiao::testing::RunJixiao("export --db '" + url_ + "' --format csv --out " + csv).status, 0);
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.substr(0, 31), "file,sha256,status,error_code,e");
  size_t rows = 0;
  for (std::string row; std::getline(in, row);) {
    ++rows;
    EXPECT_EQ(row.rfind(a.dir, 0), 0u) << row;
  }
  EXPECT_EQ(rows, ExpectedRecords(a));
}

INSTANTIATE_TEST_SUITE_P(Backends, ArchiveDb,
                         ::testing::Values(Backend{"sqlite", false}, Backend{"postgres", true}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
