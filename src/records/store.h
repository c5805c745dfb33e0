// Records out: the SQLite database behind `--db`.
//
// In:  one document at a time — its SHA-256, path, page count, fatal error if any, and its
//      records (JSON as written to JSON Lines, checks included).
// Out: rows in documents / records / indicators / checks, one transaction per document.
//      A document is keyed by the SHA-256 of its bytes: storing it again replaces its rows, so
//      re-running on the same inputs never duplicates anything, and a killed run never leaves
//      half a document behind.
// Indicators also get their target and actual parsed into comparator, value and unit, for
// queries like "indicators whose actual is below target".
#ifndef JIXIAO_RECORDS_STORE_H_
#define JIXIAO_RECORDS_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/page.h"

struct sqlite3;

namespace jixiao {

using Json = nlohmann::ordered_json;
class Patterns;

struct StoredDocument {
  std::string sha256;
  std::string path;
  int pages = 0;
  std::optional<Error> error;
  std::vector<Json> records;
};

class RecordStore {
 public:
  // Opens (creating if missing) the database at `path` and its schema.
  static Result<std::unique_ptr<RecordStore>> Open(const std::string& path,
                                                   std::shared_ptr<const Patterns> patterns);
  ~RecordStore();

  // Replaces everything stored for doc.sha256 with `doc`, atomically.
  Result<bool> Store(const StoredDocument& doc);

  // Whether a document with this hash was stored by this pipeline version.
  bool Has(const std::string& sha256, const std::string& version);

  sqlite3* handle() { return db_; }

 private:
  RecordStore(sqlite3* db, std::shared_ptr<const Patterns> patterns)
      : db_(db), patterns_(std::move(patterns)) {}
  sqlite3* db_;
  std::shared_ptr<const Patterns> patterns_;
};

// The version string stored with each document; bump when records would change.
extern const char kPipelineVersion[];

}  // namespace jixiao

#endif  // JIXIAO_RECORDS_STORE_H_
