// The SQLite store: one transaction per document, keyed by SHA-256, no duplicates on re-runs.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <filesystem>

#include "fields/fields.h"
#include "records/store.h"

namespace jixiao {
namespace {

long long Count(RecordStore& store, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(store.handle(), sql, -1, &stmt, nullptr);
  long long n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  return n;
}

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

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("jixiao-store-" + std::to_string(::getpid()) + ".sqlite")).string();
    std::filesystem::remove(path_);
    auto patterns = LoadPatterns(DefaultPatternsDir());
    ASSERT_TRUE(patterns) << patterns.error().message;
    auto store = RecordStore::Open(path_, *patterns);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove(path_);
    std::filesystem::remove(path_ + "-wal");
    std::filesystem::remove(path_ + "-shm");
  }
  std::string path_;
  std::unique_ptr<RecordStore> store_;
};

TEST_F(StoreTest, StoringTheSameDocumentTwiceKeepsOneCopy) {
  StoredDocument doc{"ab12", "a.pdf", 1, std::nullopt, {ProjectRecord(), ProjectRecord()}};
  ASSERT_TRUE(store_->Store(doc));
  ASSERT_TRUE(store_->Store(doc));
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM records"), 2);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM indicators"), 4);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM checks"), 2);
  EXPECT_TRUE(store_->Has("ab12", kPipelineVersion));
  EXPECT_FALSE(store_->Has("ab12", "older"));
}

TEST_F(StoreTest, IndicatorTargetsAreParsed) {
  ASSERT_TRUE(store_->Store({"cd34", "b.pdf", 1, std::nullopt, {ProjectRecord()}}));
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM indicators WHERE target_comparator = '≥' "
                           "AND target_value = 1 AND target_unit = '人' AND actual_value = 1"),
            1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM indicators WHERE target_comparator = '≤' "
                           "AND target_value = 5.6 AND target_unit = '万元'"),
            1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM records WHERE grade = '优' AND "
                           "total_score = 97.75 AND year = 2022"),
            1);
}

TEST_F(StoreTest, AFailedDocumentIsStoredWithItsError) {
  StoredDocument doc{"ef56", "bad.pdf", 0, Error{"CORRUPT_PDF", "truncated"}, {}};
  ASSERT_TRUE(store_->Store(doc));
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM documents WHERE status = 'error' AND "
                           "error_code = 'CORRUPT_PDF'"),
            1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM records"), 0);
}

TEST_F(StoreTest, ReopeningKeepsTheData) {
  ASSERT_TRUE(store_->Store({"aa", "a.pdf", 1, std::nullopt, {ProjectRecord()}}));
  store_.reset();
  auto reopened = RecordStore::Open(path_, nullptr);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(Count(**reopened, "SELECT count(*) FROM records"), 1);
}

}  // namespace
}  // namespace jixiao
