// Records out: the database behind `--db` — a SQLite file, or a shared PostgreSQL server.
//
// In:  one document at a time — its SHA-256, path, page count, fatal error if any, and its
//      records (JSON as written to JSON Lines, checks included).
// Out: rows in documents / records / indicators / checks, one transaction per document.
//      A document is keyed by the SHA-256 of its bytes: storing it again replaces its rows, so
//      re-running on the same inputs never duplicates anything, and a killed run never leaves
//      half a document behind.
// Both back ends have the same tables and columns. `--db postgresql://…` (or postgres://) picks
// PostgreSQL (libpq); anything else is a SQLite file path. PostgreSQL is safe with many writing
// processes: a document row is upserted first (INSERT … ON CONFLICT), which locks it until the
// transaction ends, so two writers of one hash take turns and the last one's rows remain.
// Indicators also get their target and actual parsed into comparator, value and unit, for
// queries like "indicators whose actual is below target".
// A store object is used by one thread at a time (the caller serializes).
#ifndef JIXIAO_RECORDS_STORE_H_
#define JIXIAO_RECORDS_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/page.h"

namespace jixiao {

using Json = nlohmann::ordered_json;
class Patterns;

struct StoredDocument {
  std::string sha256;
  std::string path;
  int pages = 0;
  std::optional<Error> error;
  std::vector<Json> records;  // without error objects; in the order they were stored
};

class RecordStore {
 public:
  // Opens (creating if missing) the database named by `url` and its schema.
  static Result<std::unique_ptr<RecordStore>> Open(const std::string& url,
                                                   std::shared_ptr<const Patterns> patterns);
  // Whether `url` names a PostgreSQL database rather than a SQLite file.
  static bool IsPostgresUrl(const std::string& url);
  virtual ~RecordStore() = default;

  // Replaces everything stored for doc.sha256 with `doc`, atomically.
  virtual Result<bool> Store(const StoredDocument& doc) = 0;

  // Whether a document with this hash was stored by this pipeline version.
  virtual bool Has(const std::string& sha256, const std::string& version) = 0;

  // The document stored under this hash by this pipeline version, with its records; nullopt
  // when there is none.
  virtual Result<std::optional<StoredDocument>> Load(const std::string& sha256,
                                                     const std::string& version) = 0;

  // Every stored document with its records, ordered by path then hash, one at a time (memory
  // holds one document). Stops early when `visit` returns false.
  virtual Result<bool> ForEach(const std::function<bool(const StoredDocument&)>& visit) = 0;

  // Runs a query returning one integer (tests and scripts: "SELECT count(*) FROM …");
  // -1 when it fails or returns no row.
  virtual long long QueryInt(const std::string& sql) = 0;
};

// The version string stored with each document; bump when records would change.
extern const char kPipelineVersion[];

// The back ends (records/store.cc, records/postgres.cc).
Result<std::unique_ptr<RecordStore>> OpenSqliteStore(const std::string& path,
                                                     std::shared_ptr<const Patterns> patterns);
Result<std::unique_ptr<RecordStore>> OpenPostgresStore(const std::string& url,
                                                       std::shared_ptr<const Patterns> patterns);

// Shared by both back ends (records/store.cc).
namespace store_internal {
// A JSON field of an object, or null.
const Json& Field(const Json& j, const char* key);
// The indicator's target/actual split by the patterns: comparator, value, unit (each may be null).
struct ParsedQuantity {
  Json comparator, value, unit;
};
ParsedQuantity Parse(const Patterns* patterns, const Json& text);
}  // namespace store_internal

}  // namespace jixiao

#endif  // JIXIAO_RECORDS_STORE_H_
