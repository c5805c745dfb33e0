// The record store, SQLite and PostgreSQL alike: one transaction per document, keyed by SHA-256,
// no duplicates on re-runs or with concurrent writers; reading stored documents back.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "fields/fields.h"
#include "records/store.h"

namespace jixiao {
namespace {

Json ProjectRecord() {
  return Json::parse(R"({
    "form": "project_self_evaluation", "year": 2022, "project_name": "退役军人辅助性岗位经费",
    "department": null, "implementer": "大厂回族自治县医疗保障局",
    "indicators": [
      {"level1": "产出指标", "level2": "数量指标", "name": "工作人员数量", "target": "≥1人",
       "actual": "=1人", "weight": 10, "score": 10, "note": null},
      {"level1": "产出指标", "level2": "成本指标", "name": "年发放工资、保险费用",
       "target": "≤5.6万元", "actual": "5.18", "weight": 20, "score": 18.5, "note": null}],
    "total": {"weight": 100, "score": 97.75}, "grade": "优",
    "checks": [{"code": "TOTAL_SCORE_MISMATCH", "field": "total.score", "stated": 97.75,
                "expected": 96.0, "message": "m"}],
    "source": {"file": "a.pdf", "pages": [1]}})");
}

// A database for one test: a fresh SQLite file, or a fresh PostgreSQL database on the server
// named by JIXIAO_TEST_PG (scripts/test starts one; without it the PostgreSQL cases skip).
struct Backend {
  const char* name;
  bool postgres;
};
void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

// `url` with its path (the database name) replaced by `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t scheme = url.find("://");
  const size_t path = url.find('/', scheme + 3);
  const size_t query = url.find('?', scheme + 3);
  const std::string base = url.substr(0, std::min(path, query));
  return base + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// Creates an empty database `name` on the test server and returns its URL ("" without one).
std::string FreshPostgres(const std::string& name) {
  const char* server = std::getenv("JIXIAO_TEST_PG");
  if (!server || !*server) return "";
  PGconn* conn = PQconnectdb(server);
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name).c_str()));
  PGresult* r = PQexec(conn, ("CREATE DATABASE " + name).c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  return WithDatabase(server, name);
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const std::string name = "jixiao_store_" + std::to_string(::getpid()) + "_" +
                             std::to_string(counter_++);
    if (GetParam().postgres) {
      url_ = FreshPostgres(name);
      if (url_.empty()) GTEST_SKIP() << "JIXIAO_TEST_PG not set (scripts/test sets it)";
    } else {
      url_ = (std::filesystem::temp_directory_path() / (name + ".sqlite")).string();
      std::filesystem::remove(url_);
    }
    auto patterns = LoadPatterns(DefaultPatternsDir());
    ASSERT_TRUE(patterns) << patterns.error().message;
    patterns_ = *patterns;
    auto store = RecordStore::Open(url_, patterns_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    if (!GetParam().postgres) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(url_ + suffix);
    }
  }
  long long Count(const char* sql) { return store_->QueryInt(sql); }

  static inline int counter_ = 0;
  std::string url_;
  std::shared_ptr<const Patterns> patterns_;
  std::unique_ptr<RecordStore> store_;
};

TEST_P(StoreTest, StoringTheSameDocumentTwiceKeepsOneCopy) {
  StoredDocument doc{"ab12", "a.pdf", 1, std::nullopt, {ProjectRecord(), ProjectRecord()}};
  ASSERT_TRUE(store_->Store(doc));
  ASSERT_TRUE(store_->Store(doc));
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM records"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM indicators"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM checks"), 2);
  EXPECT_TRUE(store_->Has("ab12", kPipelineVersion));
  EXPECT_FALSE(store_->Has("ab12", "older"));
}

TEST_P(StoreTest, IndicatorTargetsAreParsed) {
  ASSERT_TRUE(store_->Store({"cd34", "b.pdf", 1, std::nullopt, {ProjectRecord()}}));
  EXPECT_EQ(Count("SELECT count(*) FROM indicators WHERE target_comparator = '≥' "
                           "AND target_value = 1 AND target_unit = '人' AND actual_value = 1"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM indicators WHERE target_comparator = '≤' "
                           "AND target_value = 5.6 AND target_unit = '万元'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM records WHERE grade = '优' AND "
                           "total_score = 97.75 AND year = 2022"),
            1);
}

TEST_P(StoreTest, AFailedDocumentIsStoredWithItsError) {
  StoredDocument doc{"ef56", "bad.pdf", 0, Error{"CORRUPT_PDF", "truncated"}, {}};
  ASSERT_TRUE(store_->Store(doc));
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE status = 'error' AND "
                           "error_code = 'CORRUPT_PDF'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM records"), 0);
}

TEST_P(StoreTest, ReopeningKeepsTheData) {
  ASSERT_TRUE(store_->Store({"aa", "a.pdf", 1, std::nullopt, {ProjectRecord()}}));
  store_.reset();
  auto reopened = RecordStore::Open(url_, nullptr);
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->QueryInt("SELECT count(*) FROM records"), 1);
}

TEST_P(StoreTest, LoadGivesBackTheStoredLinesForThisVersionOnly) {
  Json second = ProjectRecord();
  second["project_name"] = "第二个项目";
  ASSERT_TRUE(store_->Store({"bb", "b.pdf", 2, std::nullopt, {ProjectRecord(), second}}));
  ASSERT_TRUE(store_->Store({"cc", "c.pdf", 0, Error{"EMPTY_FILE", "empty"}, {}}));
  auto loaded = store_->Load("bb", kPipelineVersion);
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->path, "b.pdf");
  EXPECT_EQ((*loaded)->pages, 2);
  EXPECT_FALSE((*loaded)->error);
  ASSERT_EQ((*loaded)->records.size(), 2u);
  EXPECT_EQ((*loaded)->records[0], ProjectRecord());  // the JSON exactly as stored
  EXPECT_EQ((*loaded)->records[1]["project_name"], "第二个项目");

  auto failed = store_->Load("cc", kPipelineVersion);
  ASSERT_TRUE(failed && *failed);
  ASSERT_TRUE((*failed)->error);
  EXPECT_EQ((*failed)->error->code, "EMPTY_FILE");
  EXPECT_TRUE((*failed)->records.empty());

  auto other_version = store_->Load("bb", "jixiao-0.0");
  ASSERT_TRUE(other_version);
  EXPECT_FALSE(*other_version);
  auto missing = store_->Load("dd", kPipelineVersion);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_P(StoreTest, ForEachVisitsEveryDocumentByPathWithItsRecords) {
  ASSERT_TRUE(store_->Store({"h2", "z.pdf", 1, std::nullopt, {ProjectRecord()}}));
  ASSERT_TRUE(store_->Store({"h1", "a.pdf", 1, std::nullopt, {ProjectRecord(), ProjectRecord()}}));
  ASSERT_TRUE(store_->Store({"h3", "m.pdf", 0, Error{"CORRUPT_PDF", "bad"}, {}}));
  struct Seen {
    std::string path;
    size_t records;
    bool error;
  };
  std::vector<Seen> seen;
  ASSERT_TRUE(store_->ForEach([&](const StoredDocument& d) {
    seen.push_back({d.path, d.records.size(), d.error.has_value()});
    return true;
  }));
  static const Seen kExpected[] = {{"a.pdf", 2, false}, {"m.pdf", 0, true}, {"z.pdf", 1, false}};
  ASSERT_EQ(seen.size(), std::size(kExpected));
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].path, kExpected[i].path);
    EXPECT_EQ(seen[i].records, kExpected[i].records) << seen[i].path;
    EXPECT_EQ(seen[i].error, kExpected[i].error) << seen[i].path;
  }
  int visits = 0;  // stopping early stops
  ASSERT_TRUE(store_->ForEach([&](const StoredDocument&) { return ++visits < 2; }));
  EXPECT_EQ(visits, 2);
}

// Writers in several connections store the same documents at once, over and over: each
// document must end with exactly one copy of its rows.
TEST_P(StoreTest, ConcurrentWritersOfOneHashLeaveOneCopy) {
  constexpr int kWriters = 4, kRounds = 10;
  std::vector<std::thread> writers;
  std::atomic<int> failures = 0;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto store = RecordStore::Open(url_, patterns_);
      if (!store) {
        ++failures;
        return;
      }
      for (int round = 0; round < kRounds; ++round) {
        for (const char* sha : {"s1", "s2"}) {
          std::vector<Json> records(1 + (round + w) % 3, ProjectRecord());
          if (!(*store)->Store({sha, std::string(sha) + ".pdf", 1, std::nullopt, records})) {
            ++failures;
          }
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 2);
  // Each document holds the records of exactly one Store call: ordinals 0..n-1, no repeats.
  EXPECT_EQ(Count("SELECT count(*) FROM (SELECT document_sha256 FROM records GROUP BY "
                  "document_sha256 HAVING count(*) <> max(ordinal) + 1) AS bad"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM indicators"), 2 * Count("SELECT count(*) FROM records"));
  EXPECT_EQ(Count("SELECT count(*) FROM checks"), Count("SELECT count(*) FROM records"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend{"sqlite", false}, Backend{"postgres", true}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace jixiao
