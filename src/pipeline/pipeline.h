// The whole path for one document: ingest → (OCR) → layout → field mapping → checker.
//
// In:  a file path. Out: a DocumentResult with the document's records (checked, graded, with
//      source.file and source.pages) or its fatal error; with want_tables, every table found.
// A Worker owns what must not be shared between threads (its OCR engine, made on first need,
// and the document it is reading); give each thread its own. Patterns are compiled once and
// shared read-only.
// A scanned page that OCR reads at a low mean confidence (a sheet fed sideways or upside down)
// is read again turned by a half and a quarter turn; the most confident reading is kept, its
// boxes in the turned page's pixels.
// RunOrdered spreads documents *and pages* over N workers: a worker that opens a document
// queues its other pages and reads them itself, unless another worker has no new document to
// start (a long document, the end of the run): that one takes pages from the queue, so one long
// scanned document also uses every core. The pages' layouts are mapped to records in page order
// once all are read. Results come
// back in input order, and memory stays bounded: at most a window of documents is in flight
// (layouts only; each page image is freed once read), however many inputs there are.
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
  std::vector<int> timed_out_pages;  // 1-based pages whose OCR ran out of ocr.page_seconds
  // Why the document was not processed: "" (it was), or whatever the caller's lookup said
  // (e.g. "stored": records taken from the database; "shard": another process's document).
  std::string skipped;
};

// The SPEC error object for `file`.
Json ErrorObject(const std::string& file, const Error& error);

class Worker {
 public:
  Worker(const PipelineOptions& options, std::shared_ptr<const Patterns> patterns);
  ~Worker();

  // Opens `file` (keeping it open for ReadPage) and returns its page count.
  Result<int> Open(const std::string& file);
  // Page `index` (0-based) of `file` → its layout (tables with their text); reopens the file
  // when this worker last read another one. `timed_out` tells whether OCR ran out of time.
  Result<PageLayout> ReadPage(const std::string& file, int index, bool* timed_out = nullptr);
  // Layouts of every page, in order → the checked records, or NO_FORM_FOUND.
  void Finish(const std::vector<PageLayout>& layouts, DocumentResult& result) const;

 private:
  // Reads `page` (a scan, whose upright reading `words` is unsure: a probe or a whole page)
  // turned by a half turn, then by a quarter turn either way, until a turn reads well, and
  // puts that turn's reading in `tables`, `rules` (FindTables' loose rules) and `words`; when
  // none does, the page as scanned, read in full.
  void ReadTurned(Page& page, std::vector<Table>* tables, std::vector<Box>* rules,
                  std::vector<Word>* words);

  const PipelineOptions& options_;
  std::shared_ptr<const Patterns> patterns_;
  std::unique_ptr<OcrEngine> ocr_;
  std::string open_file_;
  std::unique_ptr<DocumentReader> reader_;
};

// Counters for a progress line; read on the caller's thread.
struct RunProgress {
  int files_done = 0;        // emitted, including skipped ones
  int files_skipped = 0;
  int files_total = 0;
  long long pages_done = 0;  // pages read by the workers (not counting skipped documents)
};

struct RunHooks {
  // The file name of input i (called on worker threads, one index at a time).
  std::function<std::string(int)> file_of;
  // Called on a worker thread after hashing, before reading: a result to emit instead of
  // processing the file (its `skipped` set), or nullopt to process it. `sha256` is empty when
  // the file cannot be read. Called from several threads: the hook serializes what it shares.
  std::function<std::optional<DocumentResult>(const std::string& file, const std::string& sha256)>
      lookup;
  // Each result, in input order, on the caller's thread.
  std::function<void(DocumentResult&)> emit;
  // About twice a second and after each document, on the caller's thread.
  std::function<void(const RunProgress&)> progress;
};

// Runs inputs [0, count) on `jobs` threads, each with its own Worker, and hands the results to
// hooks.emit in index order as soon as each is ready.
void RunOrdered(int count, int jobs, const PipelineOptions& options,
                std::shared_ptr<const Patterns> patterns, const RunHooks& hooks);

}  // namespace jixiao

#endif  // JIXIAO_PIPELINE_PIPELINE_H_
