#include "records/store.h"

#include <sqlite3.h>

#include "fields/fields.h"

namespace jixiao {

const char kPipelineVersion[] = "jixiao-0.1";

namespace store_internal {

const Json& Field(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

ParsedQuantity Parse(const Patterns* patterns, const Json& text) {
  ParsedQuantity p;
  if (!patterns || !text.is_string()) return p;
  std::optional<Quantity> q = ParseQuantity(*patterns, text.get<std::string>());
  if (!q) return p;
  if (!q->comparator.empty()) p.comparator = q->comparator;
  if (q->value) p.value = *q->value;
  if (!q->unit.empty()) p.unit = q->unit;
  return p;
}

}  // namespace store_internal

bool RecordStore::IsPostgresUrl(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<RecordStore>> RecordStore::Open(const std::string& url,
                                                       std::shared_ptr<const Patterns> patterns) {
  if (IsPostgresUrl(url)) return OpenPostgresStore(url, std::move(patterns));
  return OpenSqliteStore(url, std::move(patterns));
}

namespace {

using store_internal::Field;

const char kSchema[] = R"sql(
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS documents (
  sha256 TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  pages INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error_code TEXT,
  error_message TEXT,
  pipeline_version TEXT NOT NULL,
  processed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS records (
  id INTEGER PRIMARY KEY,
  document_sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  form TEXT NOT NULL,
  year INTEGER,
  project_name TEXT,
  department TEXT,
  implementer TEXT,
  total_weight REAL,
  total_score REAL,
  grade TEXT,
  pages TEXT NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (document_sha256, ordinal)
);
CREATE TABLE IF NOT EXISTS indicators (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  level1 TEXT, level2 TEXT, name TEXT,
  target TEXT, target_comparator TEXT, target_value REAL, target_unit TEXT,
  actual TEXT, actual_comparator TEXT, actual_value REAL, actual_unit TEXT,
  weight REAL, score REAL, note TEXT,
  PRIMARY KEY (record_id, ordinal)
);
CREATE TABLE IF NOT EXISTS checks (
  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  code TEXT NOT NULL, field TEXT, stated REAL, expected REAL, message TEXT
);
CREATE INDEX IF NOT EXISTS checks_by_code ON checks(code);
CREATE INDEX IF NOT EXISTS checks_by_record ON checks(record_id);
)sql";

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return stmt_ != nullptr; }

  Statement& Text(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Int(int i, long long v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // Binds a JSON value as SQL: null, number or text.
  Statement& Value(int i, const Json& v) {
    if (v.is_number()) {
      sqlite3_bind_double(stmt_, i, v.get<double>());
    } else if (v.is_string()) {
      Text(i, v.get<std::string>());
    } else if (v.is_boolean()) {
      Int(i, v.get<bool>());
    } else {
      sqlite3_bind_null(stmt_, i);
    }
    return *this;
  }
  bool Run() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
  }
  bool Row() { return sqlite3_step(stmt_) == SQLITE_ROW; }
  long long ColumnInt(int i) { return sqlite3_column_int64(stmt_, i); }
  bool ColumnNull(int i) { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  std::string ColumnText(int i) {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, i)) : "";
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::unexpected<Error> DbError(sqlite3* db, const std::string& what) {
  return Fail("DB_ERROR", what + ": " + sqlite3_errmsg(db));
}

class SqliteStore : public RecordStore {
 public:
  SqliteStore(sqlite3* db, std::shared_ptr<const Patterns> patterns)
      : db_(db), patterns_(std::move(patterns)) {}
  ~SqliteStore() override { sqlite3_close(db_); }

  Result<bool> Store(const StoredDocument& doc) override;
  bool Has(const std::string& sha256, const std::string& version) override {
    Statement q(db_, "SELECT 1 FROM documents WHERE sha256 = ? AND pipeline_version = ?");
    return q.ok() && q.Text(1, sha256).Text(2, version).Row();
  }
  Result<std::optional<StoredDocument>> Load(const std::string& sha256,
                                             const std::string& version) override;
  Result<bool> ForEach(const std::function<bool(const StoredDocument&)>& visit) override;
  long long QueryInt(const std::string& sql) override {
    Statement q(db_, sql.c_str());
    return q.ok() && q.Row() ? q.ColumnInt(0) : -1;
  }

 private:
  // Fills doc.records from the records table.
  bool LoadRecords(StoredDocument& doc);

  sqlite3* db_;
  std::shared_ptr<const Patterns> patterns_;
};

// Columns of a documents row, in the order the readers select them.
const char kDocumentColumns[] = "sha256, path, pages, status, error_code, error_message";

StoredDocument DocumentFromRow(Statement& q) {
  StoredDocument doc;
  doc.sha256 = q.ColumnText(0);
  doc.path = q.ColumnText(1);
  doc.pages = static_cast<int>(q.ColumnInt(2));
  if (q.ColumnText(3) == "error") doc.error = Error{q.ColumnText(4), q.ColumnText(5)};
  return doc;
}

}  // namespace

Result<std::unique_ptr<RecordStore>> OpenSqliteStore(const std::string& path,
                                                     std::shared_ptr<const Patterns> patterns) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail("DB_ERROR", "cannot open " + path + ": " + message);
  }
  // Several processes may write one file (shards on one machine): wait for the lock.
  sqlite3_busy_timeout(db, 60000);
  std::unique_ptr<RecordStore> store(new SqliteStore(db, std::move(patterns)));
  sqlite3_exec(db, "PRAGMA journal_mode = WAL;", nullptr, nullptr, nullptr);
  char* error = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    return Fail("DB_ERROR", "cannot create the schema in " + path + ": " + message);
  }
  return store;
}

bool SqliteStore::LoadRecords(StoredDocument& doc) {
  Statement q(db_, "SELECT json FROM records WHERE document_sha256 = ? ORDER BY ordinal");
  if (!q.ok()) return false;
  q.Text(1, doc.sha256);
  while (q.Row()) {
    Json j = Json::parse(q.ColumnText(0), nullptr, false);
    if (j.is_discarded()) return false;
    doc.records.push_back(std::move(j));
  }
  return true;
}

Result<std::optional<StoredDocument>> SqliteStore::Load(const std::string& sha256,
                                                        const std::string& version) {
  Statement q(db_, (std::string("SELECT ") + kDocumentColumns +
                    " FROM documents WHERE sha256 = ? AND pipeline_version = ?").c_str());
  if (!q.ok()) return DbError(db_, "load");
  if (!q.Text(1, sha256).Text(2, version).Row()) return std::nullopt;
  StoredDocument doc = DocumentFromRow(q);
  if (!LoadRecords(doc)) return DbError(db_, "load records");
  return doc;
}

Result<bool> SqliteStore::ForEach(const std::function<bool(const StoredDocument&)>& visit) {
  // One read transaction: a consistent view even while other processes write.
  sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  Statement q(db_, (std::string("SELECT ") + kDocumentColumns +
                    " FROM documents ORDER BY path, sha256").c_str());
  if (!q.ok()) {
    auto error = DbError(db_, "export");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return error;
  }
  while (q.Row()) {
    StoredDocument doc = DocumentFromRow(q);
    if (!LoadRecords(doc)) {
      auto error = DbError(db_, "export records");
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return error;
    }
    if (!visit(doc)) break;
  }
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  return true;
}

Result<bool> SqliteStore::Store(const StoredDocument& doc) {
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return DbError(db_, "begin");
  }
  auto rollback = [this](const std::string& what) {
    auto error = DbError(db_, what);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return error;
  };
  Statement del(db_, "DELETE FROM documents WHERE sha256 = ?");
  if (!del.Text(1, doc.sha256).Run()) return rollback("delete");

  Statement ins_doc(db_,
                    "INSERT INTO documents (sha256, path, pages, status, error_code, "
                    "error_message, pipeline_version) VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins_doc.Text(1, doc.sha256).Text(2, doc.path).Int(3, doc.pages);
  ins_doc.Text(4, doc.error ? "error" : "ok");
  ins_doc.Value(5, doc.error ? Json(doc.error->code) : Json());
  ins_doc.Value(6, doc.error ? Json(doc.error->message) : Json());
  ins_doc.Text(7, kPipelineVersion);
  if (!ins_doc.Run()) return rollback("insert document");

  Statement ins_rec(db_,
                    "INSERT INTO records (document_sha256, ordinal, form, year, project_name, "
                    "department, implementer, total_weight, total_score, grade, pages, json) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Statement ins_ind(db_,
                    "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Statement ins_chk(db_, "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?)");
  int ordinal = 0;
  for (const Json& rec : doc.records) {
    if (rec.contains("error")) continue;  // the document row holds the error
    const Json& total = Field(rec, "total");
    ins_rec.Text(1, doc.sha256).Int(2, ordinal++).Value(3, Field(rec, "form"));
    ins_rec.Value(4, Field(rec, "year")).Value(5, Field(rec, "project_name"));
    ins_rec.Value(6, Field(rec, "department")).Value(7, Field(rec, "implementer"));
    ins_rec.Value(8, Field(total, "weight")).Value(9, Field(total, "score"));
    ins_rec.Value(10, Field(rec, "grade"));
    ins_rec.Text(11, Field(Field(rec, "source"), "pages").dump()).Text(12, rec.dump());
    if (!ins_rec.Run()) return rollback("insert record");
    const long long record_id = sqlite3_last_insert_rowid(db_);

    int index = 0;
    for (const Json& ind : Field(rec, "indicators").is_array() ? Field(rec, "indicators")
                                                               : Json::array()) {
      ins_ind.Int(1, record_id).Int(2, index++);
      ins_ind.Value(3, Field(ind, "level1")).Value(4, Field(ind, "level2"));
      ins_ind.Value(5, Field(ind, "name"));
      int column = 6;
      for (const char* key : {"target", "actual"}) {
        const Json& text = Field(ind, key);
        const store_internal::ParsedQuantity q = store_internal::Parse(patterns_.get(), text);
        ins_ind.Value(column, text).Value(column + 1, q.comparator);
        ins_ind.Value(column + 2, q.value).Value(column + 3, q.unit);
        column += 4;
      }
      ins_ind.Value(14, Field(ind, "weight")).Value(15, Field(ind, "score"));
      ins_ind.Value(16, Field(ind, "note"));
      if (!ins_ind.Run()) return rollback("insert indicator");
    }
    for (const Json& chk : Field(rec, "checks").is_array() ? Field(rec, "checks") : Json::array()) {
      ins_chk.Int(1, record_id).Value(2, Field(chk, "code")).Value(3, Field(chk, "field"));
      ins_chk.Value(4, Field(chk, "stated")).Value(5, Field(chk, "expected"));
      ins_chk.Value(6, Field(chk, "message"));
      if (!ins_chk.Run()) return rollback("insert check");
    }
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return rollback("commit");
  return true;
}

}  // namespace jixiao
