// The whole path for one document: ingest → (OCR) → layout → field mapping → checker.
//
// In:  a file path. Out: a DocumentResult with the document's records (checked, graded, with
//      source.file and source.pages) or its fatal error; with want_tables, every table found.
// A Worker owns what must not be shared between threads (its OCR engine, made on first need);
// give each thread its own. Patterns are compiled once and shared read-only.
#ifndef JIXIAO_PIPELINE_PIPELINE_H_
#define JIXIAO_PIPELINE_PIPELINE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/page.h"
#include "ingest/ingest.h"
#include "layout/layout.h"
#include "ocr/ocr.h"

namespace jixiao {

using Json = nlohmann::ordered_json;
class Patterns;

struct PipelineOptions {
  IngestOptions ingest;
  LayoutOptions layout;
  OcrOptions ocr;
  bool want_tables = false;  // keep every table for `jixiao tables`
};

struct DocumentResult {
  std::string file;                // as given on the command line or found in a folder
  std::string sha256;              // empty when the file could not be read at all
  int pages = 0;
  std::optional<Error> error;      // fatal for the document; records then holds its error object
  std::vector<Json> records;       // one per form found, in page order
  std::vector<Table> tables;       // with want_tables
};

// The SPEC error object for `file`.
Json ErrorObject(const std::string& file, const Error& error);

class Worker {
 public:
  Worker(const PipelineOptions& options, std::shared_ptr<const Patterns> patterns);
  ~Worker();
  DocumentResult Process(const std::string& file);

 private:
  Result<std::vector<PageLayout>> ReadPages(DocumentReader& reader, DocumentResult& result);

  const PipelineOptions& options_;
  std::shared_ptr<const Patterns> patterns_;
  std::unique_ptr<OcrEngine> ocr_;
};

// Runs `process(i)` for i in [0, count) on `jobs` threads, each with its own Worker, and hands
// the results to `emit` in index order as soon as each is ready (the caller's thread).
void RunOrdered(int count, int jobs, const PipelineOptions& options,
                std::shared_ptr<const Patterns> patterns,
                const std::function<std::string(int)>& file_of,
                const std::function<void(DocumentResult&)>& emit);

}  // namespace jixiao

#endif  // JIXIAO_PIPELINE_PIPELINE_H_
