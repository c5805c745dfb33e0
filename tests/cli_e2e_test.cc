// The command line as a user runs it: exit status, one line per input, error objects, the
// database, `tables` and `check`.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_jixiao.h"

namespace {

using Json = nlohmann::ordered_json;
const std::string kRoot = JIXIAO_SOURCE_DIR;

std::string Data(const std::string& name) { return kRoot + "/tests/data/" + name; }

using CliRun = jixiao::testing::Run;
CliRun Jixiao(const std::string& args) { return jixiao::testing::RunJixiao(args); }

TEST(Cli, EveryBadInputGetsItsErrorObjectInInputOrder) {
  struct Case {
    const char* file;
    const char* code;
  };
  static const Case kCases[] = {
      {"empty.pdf", "EMPTY_FILE"},        {"random.pdf", "UNSUPPORTED_TYPE"},
      {"truncated.pdf", "CORRUPT_PDF"},   {"encrypted.pdf", "ENCRYPTED_PDF"},
      {"missing.pdf", "NOT_FOUND"},
  };
  std::string args = "extract";
  for (const Case& c : kCases) args += " " + Data(c.file);
  CliRun run = Jixiao(args);
  EXPECT_EQ(run.status, 1);
  ASSERT_EQ(run.lines.size(), std::size(kCases));
  for (size_t i = 0; i < run.lines.size(); ++i) {
    const Json& line = run.lines[i];
    EXPECT_EQ(line["source"]["file"], Data(kCases[i].file));
    EXPECT_EQ(line["error"]["code"], kCases[i].code) << line.dump();
    EXPECT_FALSE(line["error"]["message"].get<std::string>().empty());
  }
}

TEST(Cli, AFolderYieldsALineForEveryFileInIt) {
  CliRun run = Jixiao("extract " + Data(""));
  EXPECT_EQ(run.status, 1);  // the folder holds broken files on purpose
  std::set<std::string> seen;
  for (const Json& line : run.lines) seen.insert(line["source"]["file"].get<std::string>());
  for (const auto& entry : std::filesystem::recursive_directory_iterator(Data(""))) {
    if (!entry.is_regular_file()) continue;
    EXPECT_TRUE(seen.count(entry.path().string())) << entry.path() << " produced no line";
  }
}

TEST(Cli, PasswordOpensTheEncryptedFile) {
  CliRun run = Jixiao("extract --password secret " + Data("encrypted.pdf"));
  ASSERT_FALSE(run.lines.empty());
  for (const Json& line : run.lines) {
    if (line.contains("error")) EXPECT_NE(line["error"]["code"], "ENCRYPTED_PDF");
  }
}

TEST(Cli, BadUsageExitsWithTwo) {
  static const char* const kCases[] = {"", "extract", "frobnicate x.pdf", "extract --jobs x a.pdf",
                                       "extract --no-such-option a.pdf", "extract --out",
                                       "extract --shard 2/2 a.pdf", "extract --shard 0/0 a.pdf",
                                       "extract --shard x a.pdf", "extract --page-seconds -1 a.pdf",
                                       "export", "export --db x.sqlite --format xml",
                                       "export --db x.sqlite a.pdf"};
  for (const char* args : kCases) EXPECT_EQ(Jixiao(args).status, 2) << args;
}

TEST(Cli, TablesGivesCellsSpansAndHtml) {
  CliRun run = Jixiao("tables " + Data("form.pdf"));
  EXPECT_EQ(run.status, 0);
  ASSERT_EQ(run.lines.size(), 1u);
  const Json& t = run.lines[0];
  EXPECT_EQ(t["source"]["page"], 1);
  EXPECT_EQ(t["rows"], 3);
  EXPECT_EQ(t["cols"], 3);
  EXPECT_EQ(t["html"],
            "<table><tr><td>项目名称</td><td colspan=\"2\">退役军人辅助性岗位经费</td></tr>"
            "<tr><td>年初预算数</td><td>全年预算数</td><td>执行率</td></tr>"
            "<tr><td>5.6</td><td>5.6</td><td>92.5%</td></tr></table>");
  ASSERT_EQ(t["cells"].size(), 8u);
  EXPECT_EQ(t["cells"][1]["colspan"], 2);
  EXPECT_EQ(t["cells"][1]["bbox"].size(), 4u);
}

TEST(Cli, CheckRecomputesChecksAndGrade) {
  const std::string in = ::testing::TempDir() + "/check-in.jsonl";
  std::ofstream(in) << R"({"form":"project_self_evaluation","year":2022,"project_name":"p","department":null,)"
                       R"("implementer":"i","funds":{"total":{"initial_budget":10,"annual_budget":10,)"
                       R"("executed":10,"weight":10,"execution_rate":100,"score":10}},)"
                       R"("goals":{"planned":null,"achieved":null},"indicators":[{"level1":null,)"
                       R"("level2":null,"name":"n","target":"≥1人","actual":"1人","weight":90,"score":80,)"
                       R"("note":null}],"total":{"weight":100,"score":97},)"
                       R"("signoff":{"unit_head":null,"filler":null,"phone":null,"date":null},)"
                       R"("grade":null,"checks":[],"source":{"file":"x.pdf","pages":[1]}})"
                    << "\n";
  CliRun run = Jixiao("check " + in);
  EXPECT_EQ(run.status, 0);
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_EQ(run.lines[0]["grade"], "优");
  ASSERT_EQ(run.lines[0]["checks"].size(), 1u);
  EXPECT_EQ(run.lines[0]["checks"][0]["code"], "TOTAL_SCORE_MISMATCH");
  EXPECT_EQ(run.lines[0]["checks"][0]["expected"], 90);
}

long long Count(const std::string& db, const char* sql) {
  sqlite3* handle = nullptr;
  sqlite3_open(db.c_str(), &handle);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr);
  long long n = stmt && sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return n;
}

TEST(Cli, DatabaseRerunAddsNothing) {
  const std::string db = ::testing::TempDir() + "/cli-rerun.sqlite";
  std::filesystem::remove(db);
  const std::string args = "extract --out /dev/null --db " + db + " " + Data("form.pdf") + " " +
                           Data("empty.pdf");
  EXPECT_EQ(Jixiao(args).status, 1);
  const long long documents = Count(db, "SELECT count(*) FROM documents");
  const long long records = Count(db, "SELECT count(*) FROM records");
  EXPECT_EQ(documents, 2);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM documents WHERE error_code = 'EMPTY_FILE'"), 1);
  EXPECT_GE(records, 1);
  EXPECT_EQ(Jixiao(args).status, 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM documents"), documents);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM records"), records);
}

}  // namespace
