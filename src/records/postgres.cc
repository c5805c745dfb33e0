// The PostgreSQL back end of RecordStore (libpq's C API): the same tables as the SQLite file,
// for many machines writing one database. See store.h for the contract.
#include <libpq-fe.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "fields/fields.h"
#include "records/store.h"

namespace jixiao {
namespace {

using store_internal::Field;

// Same tables and columns as the SQLite schema (store.cc); REAL there is a double, as here.
const char kSchema[] = R"sql(
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS documents (
  sha256 TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  pages INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error_code TEXT,
  error_message TEXT,
  pipeline_version TEXT NOT NULL,
  processed_at TEXT NOT NULL
    DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
CREATE TABLE IF NOT EXISTS records (
  id BIGSERIAL PRIMARY KEY,
  document_sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  form TEXT NOT NULL,
  year INTEGER,
  project_name TEXT,
  department TEXT,
  implementer TEXT,
  total_weight DOUBLE PRECISION,
  total_score DOUBLE PRECISION,
  grade TEXT,
  pages TEXT NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (document_sha256, ordinal)
);
CREATE TABLE IF NOT EXISTS indicators (
  record_id BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  level1 TEXT, level2 TEXT, name TEXT,
  target TEXT, target_comparator TEXT, target_value DOUBLE PRECISION, target_unit TEXT,
  actual TEXT, actual_comparator TEXT, actual_value DOUBLE PRECISION, actual_unit TEXT,
  weight DOUBLE PRECISION, score DOUBLE PRECISION, note TEXT,
  PRIMARY KEY (record_id, ordinal)
);
CREATE TABLE IF NOT EXISTS checks (
  record_id BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  code TEXT NOT NULL, field TEXT, stated DOUBLE PRECISION, expected DOUBLE PRECISION, message TEXT
);
CREATE INDEX IF NOT EXISTS checks_by_code ON checks(code);
CREATE INDEX IF NOT EXISTS checks_by_record ON checks(record_id);
)sql";

// Any constant: serializes schema creation between processes starting at once (CREATE TABLE IF
// NOT EXISTS alone can still collide on the catalog).
constexpr long long kSchemaLockKey = 0x6a697869616f;  // "jixiao"

// A result that clears itself.
struct ResultPtr {
  PGresult* r = nullptr;
  explicit ResultPtr(PGresult* result) : r(result) {}
  ~ResultPtr() { PQclear(r); }
  ResultPtr(const ResultPtr&) = delete;
  ResultPtr& operator=(const ResultPtr&) = delete;
  bool ok() const {
    const ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_SINGLE_TUPLE;
  }
};

// A JSON value as a text parameter: null stays NULL, booleans become 1/0 like in SQLite.
std::optional<std::string> Param(const Json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_number()) return v.dump();
  return v.dump();
}

void IgnoreNotice(void*, const char*) {}

class PostgresStore : public RecordStore {
 public:
  PostgresStore(PGconn* conn, std::shared_ptr<const Patterns> patterns)
      : conn_(conn), patterns_(std::move(patterns)) {}
  ~PostgresStore() override { PQfinish(conn_); }

  Result<bool> Store(const StoredDocument& doc) override;
  bool Has(const std::string& sha256, const std::string& version) override {
    ResultPtr r(Exec("SELECT 1 FROM documents WHERE sha256 = $1 AND pipeline_version = $2",
                     {sha256, version}));
    return r.ok() && PQntuples(r.r) > 0;
  }
  Result<std::optional<StoredDocument>> Load(const std::string& sha256,
                                             const std::string& version) override;
  Result<bool> ForEach(const std::function<bool(const StoredDocument&)>& visit) override;
  long long QueryInt(const std::string& sql) override {
    ResultPtr r(Exec(sql, {}));
    if (!r.ok() || PQntuples(r.r) < 1 || PQgetisnull(r.r, 0, 0)) return -1;
    return std::strtoll(PQgetvalue(r.r, 0, 0), nullptr, 10);
  }

  Result<bool> CreateSchema();

 private:
  PGresult* Exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    // A long run outlives server restarts and dropped connections: reconnect between documents.
    if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_);
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                        values.data(), nullptr, nullptr, 0);
  }
  std::unexpected<Error> DbError(const std::string& what) {
    return Fail("DB_ERROR", what + ": " + PQerrorMessage(conn_));
  }

  PGconn* conn_;
  std::shared_ptr<const Patterns> patterns_;
};

// Columns of the document-with-records join the readers use; records come last.
const char kDocumentJoin[] =
    "SELECT d.sha256, d.path, d.pages, d.status, d.error_code, d.error_message, r.json "
    "FROM documents d LEFT JOIN records r ON r.document_sha256 = d.sha256 ";

// Appends one row of kDocumentJoin to `doc` (a new document starts when the hash changes).
bool AddRow(PGresult* r, int row, StoredDocument& doc) {
  if (doc.sha256.empty()) {
    doc.sha256 = PQgetvalue(r, row, 0);
    doc.path = PQgetvalue(r, row, 1);
    doc.pages = std::atoi(PQgetvalue(r, row, 2));
    if (std::string(PQgetvalue(r, row, 3)) == "error") {
      doc.error = Error{PQgetvalue(r, row, 4), PQgetvalue(r, row, 5)};
    }
  }
  if (PQgetisnull(r, row, 6)) return true;
  Json j = Json::parse(PQgetvalue(r, row, 6), nullptr, false);
  if (j.is_discarded()) return false;
  doc.records.push_back(std::move(j));
  return true;
}

Result<bool> PostgresStore::CreateSchema() {
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  const std::string lock = std::to_string(kSchemaLockKey);
  ResultPtr locked(PQexec(conn_, ("SELECT pg_advisory_lock(" + lock + ")").c_str()));
  if (!locked.ok()) return DbError("lock for the schema");
  ResultPtr created(PQexec(conn_, kSchema));
  const bool ok = created.ok();
  std::string message = ok ? "" : PQerrorMessage(conn_);
  ResultPtr unlocked(PQexec(conn_, ("SELECT pg_advisory_unlock(" + lock + ")").c_str()));
  if (!ok) return Fail("DB_ERROR", "cannot create the schema: " + message);
  return true;
}

Result<std::optional<StoredDocument>> PostgresStore::Load(const std::string& sha256,
                                                          const std::string& version) {
  // One statement: one snapshot, so a document and its records always match.
  ResultPtr r(Exec(std::string(kDocumentJoin) +
                       "WHERE d.sha256 = $1 AND d.pipeline_version = $2 ORDER BY r.ordinal",
                   {sha256, version}));
  if (!r.ok()) return DbError("load");
  if (PQntuples(r.r) == 0) return std::nullopt;
  StoredDocument doc;
  for (int row = 0; row < PQntuples(r.r); ++row) {
    if (!AddRow(r.r, row, doc)) return Fail("DB_ERROR", "load: a stored record is not JSON");
  }
  return doc;
}

Result<bool> PostgresStore::ForEach(const std::function<bool(const StoredDocument&)>& visit) {
  if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_);
  const std::string sql =
      std::string(kDocumentJoin) + "ORDER BY d.path, d.sha256, r.ordinal";
  // Rows stream one at a time (single-row mode): memory holds one document, not the archive.
  if (!PQsendQuery(conn_, sql.c_str()) || !PQsetSingleRowMode(conn_)) return DbError("export");
  StoredDocument doc;
  bool more = true;
  std::optional<Error> failed;
  while (PGresult* raw = PQgetResult(conn_)) {
    ResultPtr r(raw);
    if (!r.ok()) {
      if (!failed) failed = Error{"DB_ERROR", std::string("export: ") + PQerrorMessage(conn_)};
      continue;
    }
    // Keep draining after a stop or a failure: the connection must end the query cleanly.
    if (!more || failed || PQresultStatus(r.r) != PGRES_SINGLE_TUPLE) continue;
    if (!doc.sha256.empty() && doc.sha256 != PQgetvalue(r.r, 0, 0)) {
      more = visit(doc);
      doc = StoredDocument();
      if (!more) continue;
    }
    if (!AddRow(r.r, 0, doc)) failed = Error{"DB_ERROR", "export: a stored record is not JSON"};
  }
  if (failed) return std::unexpected(*failed);
  if (more && !doc.sha256.empty()) visit(doc);
  return true;
}

Result<bool> PostgresStore::Store(const StoredDocument& doc) {
  ResultPtr begin(Exec("BEGIN", {}));
  if (!begin.ok()) return DbError("begin");
  auto rollback = [this](const std::string& what) {
    auto error = DbError(what);
    PQclear(PQexec(conn_, "ROLLBACK"));
    return error;
  };
  // The upsert locks the document's row until COMMIT: a second writer of the same hash waits
  // here, then replaces this one's records instead of adding to them.
  ResultPtr upsert(Exec(
      "INSERT INTO documents (sha256, path, pages, status, error_code, error_message, "
      "pipeline_version) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (sha256) DO UPDATE SET path = EXCLUDED.path, pages = EXCLUDED.pages, "
      "status = EXCLUDED.status, error_code = EXCLUDED.error_code, "
      "error_message = EXCLUDED.error_message, pipeline_version = EXCLUDED.pipeline_version, "
      "processed_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
      {doc.sha256, doc.path, std::to_string(doc.pages), doc.error ? "error" : "ok",
       doc.error ? std::optional<std::string>(doc.error->code) : std::nullopt,
       doc.error ? std::optional<std::string>(doc.error->message) : std::nullopt,
       std::string(kPipelineVersion)}));
  if (!upsert.ok()) return rollback("upsert document");
  ResultPtr del(Exec("DELETE FROM records WHERE document_sha256 = $1", {doc.sha256}));
  if (!del.ok()) return rollback("delete old records");

  int ordinal = 0;
  for (const Json& rec : doc.records) {
    if (rec.contains("error")) continue;  // the document row holds the error
    const Json& total = Field(rec, "total");
    ResultPtr ins_rec(Exec(
        "INSERT INTO records (document_sha256, ordinal, form, year, project_name, department, "
        "implementer, total_weight, total_score, grade, pages, json) VALUES ($1, $2, $3, "
        "round($4::double precision)::integer, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        {doc.sha256, std::to_string(ordinal++), Param(Field(rec, "form")),
         Param(Field(rec, "year")), Param(Field(rec, "project_name")),
         Param(Field(rec, "department")), Param(Field(rec, "implementer")),
         Param(Field(total, "weight")), Param(Field(total, "score")), Param(Field(rec, "grade")),
         Field(Field(rec, "source"), "pages").dump(), rec.dump()}));
    if (!ins_rec.ok() || PQntuples(ins_rec.r) != 1) return rollback("insert record");
    const std::string record_id = PQgetvalue(ins_rec.r, 0, 0);

    int index = 0;
    for (const Json& ind : Field(rec, "indicators").is_array() ? Field(rec, "indicators")
                                                               : Json::array()) {
      std::vector<std::optional<std::string>> p = {
          record_id, std::to_string(index++), Param(Field(ind, "level1")),
          Param(Field(ind, "level2")), Param(Field(ind, "name"))};
      for (const char* key : {"target", "actual"}) {
        const Json& text = Field(ind, key);
        const store_internal::ParsedQuantity q = store_internal::Parse(patterns_.get(), text);
        p.insert(p.end(), {Param(text), Param(q.comparator), Param(q.value), Param(q.unit)});
      }
      p.insert(p.end(), {Param(Field(ind, "weight")), Param(Field(ind, "score")),
                         Param(Field(ind, "note"))});
      ResultPtr ins_ind(Exec("INSERT INTO indicators VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                             "$10, $11, $12, $13, $14, $15, $16)",
                             p));
      if (!ins_ind.ok()) return rollback("insert indicator");
    }
    for (const Json& chk : Field(rec, "checks").is_array() ? Field(rec, "checks") : Json::array()) {
      ResultPtr ins_chk(Exec("INSERT INTO checks VALUES ($1, $2, $3, $4, $5, $6)",
                             {record_id, Param(Field(chk, "code")), Param(Field(chk, "field")),
                              Param(Field(chk, "stated")), Param(Field(chk, "expected")),
                              Param(Field(chk, "message"))}));
      if (!ins_chk.ok()) return rollback("insert check");
    }
  }
  ResultPtr commit(Exec("COMMIT", {}));
  if (!commit.ok()) return rollback("commit");
  return true;
}

}  // namespace

Result<std::unique_ptr<RecordStore>> OpenPostgresStore(const std::string& url,
                                                       std::shared_ptr<const Patterns> patterns) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(conn);
    // Not the URL itself: it may carry a password.
    return Fail("DB_ERROR", "cannot connect to PostgreSQL: " + message);
  }
  auto store = std::make_unique<PostgresStore>(conn, std::move(patterns));
  if (auto created = store->CreateSchema(); !created) return std::unexpected(created.error());
  return store;
}

}  // namespace jixiao
