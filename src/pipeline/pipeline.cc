#include "pipeline/pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "check/check.h"
#include "fields/fields.h"
#include "ingest/prepare.h"

namespace jixiao {

Json ErrorObject(const std::string& file, const Error& error) {
  Json j;
  j["source"] = {{"file", file}};
  j["error"] = {{"code", error.code}, {"message", error.message}};
  return j;
}

namespace {

void SetError(DocumentResult& result, const Error& error) {
  result.error = error;
  result.records = {ErrorObject(result.file, error)};
  result.tables.clear();
}

Error PageError(int index, const Error& error) {
  return {error.code, "page " + std::to_string(index + 1) + ": " + error.message};
}

// A sheet scanned sideways or upside down reads as garbage that chi_sim is unsure of. Measured
// by the mean confidence of a page's characters: a sample page turned 90°, 180° and 270° read
// at 0.14-0.24; upright sample scans at 0.59 (a thin face, 1-bit at 200 dpi) to 0.99. A page
// whose probe (OcrEngine::ReadPage) reads under this is read turned as well
// (Worker::ReadTurned).
constexpr double kMinUprightConfidence = 0.4;

// A turn is taken only when it reads this much better than the page as scanned: the right
// turn of a turned sample read 0.38-0.78 above it, a wrong turn of a faint upright 1-bit
// table 0.12 above it (0.41 against 0.29).
constexpr double kMinTurnGain = 0.2;

}  // namespace

Worker::Worker(const PipelineOptions& options, std::shared_ptr<const Patterns> patterns)
    : options_(options), patterns_(std::move(patterns)) {}

Worker::~Worker() = default;

Result<int> Worker::Open(const std::string& file) {
  open_file_.clear();
  reader_.reset();  // free the previous document before reading the next
  auto reader = OpenDocument(file, options_.ingest);
  if (!reader) return std::unexpected(reader.error());
  reader_ = std::move(*reader);
  open_file_ = file;
  return reader_->page_count();
}

Result<PageLayout> Worker::ReadPage(const std::string& file, int index, bool* timed_out) {
  if (timed_out) *timed_out = false;
  if (!reader_ || open_file_ != file) {
    if (auto opened = Open(file); !opened) return std::unexpected(opened.error());
  }
  Result<Page> page = reader_->LoadPage(index);
  if (!page) return std::unexpected(PageError(index, page.error()));
  std::vector<Box> rules;
  std::vector<Table> tables = FindTables(*page, options_.layout, &rules);
  std::vector<Word> words = std::move(page->words);
  if (page->source != TextSource::kTextLayer) {
    if (!ocr_) {
      auto engine = NewOcrEngine(options_.ocr);
      if (!engine) return std::unexpected(engine.error());
      ocr_ = std::move(*engine);
    }
    words = ocr_->ReadPage(*page, tables, kMinUprightConfidence);
    if (!ocr_->timed_out() && MeanConfidence(words) < kMinUprightConfidence) {
      ReadTurned(*page, &tables, &rules, &words);
    }
    if (timed_out) *timed_out = ocr_->timed_out();
  }
  // Cells found from the words keep the words read as lines (or as a block of lines): read
  // again cell by cell, the scans of the generic tables without such rulings came out worse
  // (310 of 320 cells exact against 314).
  SplitUnruledRows(tables, words);
  std::vector<Table> open = FindOpenTables(rules, tables, words, options_.layout);
  tables.insert(tables.end(), open.begin(), open.end());
  return PlaceWords(page->number, std::move(tables), words);
}

void Worker::ReadTurned(Page& page, std::vector<Table>* tables, std::vector<Box>* rules,
                        std::vector<Word>* words) {
  const bool upright_stopped = ocr_->stopped_early();
  const double bar = std::max(kMinUprightConfidence, MeanConfidence(*words) + kMinTurnGain);
  int turned = 0;  // quarter turns clockwise from the page as scanned
  for (int turn : {2, 3, 2}) {  // from the last: 180°, then 90°, then 270°
    TurnPage(page, turn);
    turned = (turned + turn) % 4;
    std::vector<Box> turned_rules;
    std::vector<Table> turned_tables = FindTables(page, options_.layout, &turned_rules);
    std::vector<Word> turned_words = ocr_->ReadPage(page, turned_tables, kMinUprightConfidence);
    if (ocr_->timed_out()) return;
    // A probe that reads well goes on to the end of the page (OcrEngine::ReadPage).
    if (MeanConfidence(turned_words) >= bar) {
      *tables = std::move(turned_tables);
      *rules = std::move(turned_rules);
      *words = std::move(turned_words);
      return;
    }
  }
  // No turn reads well: the page is faint or damaged rather than turned (a faint upright
  // page's wrong turns can read better than it, 0.27 against 0.14), so it is read as scanned.
  TurnPage(page, -turned);
  if (upright_stopped) *words = ocr_->ReadPage(page, *tables);
}

void Worker::Finish(const std::vector<PageLayout>& layouts, DocumentResult& result) const {
  if (options_.want_tables) {
    for (const PageLayout& layout : layouts) {
      result.tables.insert(result.tables.end(), layout.tables.begin(), layout.tables.end());
    }
  }
  result.records = MapDocument(*patterns_, layouts);
  if (result.records.empty()) {
    SetError(result, {"NO_FORM_FOUND",
                      "no table or form found in " + std::to_string(result.pages) + " page(s)"});
    return;
  }
  for (Json& record : result.records) {
    Json pages = record["source"].value("pages", Json::array());
    record["source"] = {{"file", result.file}, {"pages", pages}};
    CheckRecord(record);
  }
  CheckDocument(result.records);
}

namespace {

// One document between admission and emission.
struct InFlight {
  DocumentResult result;
  std::vector<PageLayout> layouts;     // by page index
  int remaining = 0;                   // pages not read yet
  std::optional<std::pair<int, Error>> failed;  // the first failed page, by page order
  std::vector<int> timed_out;          // pages whose OCR ran out of time, as they finish
  bool done = false;                   // result is final
};

struct PageTask {
  int doc;
  int page;
};

}  // namespace

void RunOrdered(int count, int jobs, const PipelineOptions& options,
                std::shared_ptr<const Patterns> patterns, const RunHooks& hooks) {
  jobs = std::max(1, jobs);
  std::mutex mutex;
  std::condition_variable work_ready, doc_ready;
  std::map<int, InFlight> docs;    // admitted, not yet emitted
  std::deque<PageTask> tasks;      // pages of admitted documents waiting for a worker
  int next_to_admit = 0, next_to_emit = 0, opening = 0;
  std::atomic<long long> pages_done = 0;
  // Bounds memory: no more documents in flight than this, however many inputs there are.
  const int window = std::max(4, 4 * jobs);

  auto work = [&] {
    Worker worker(options, patterns);
    int current = -1;  // the document this worker opened last
    std::unique_lock lock(mutex);
    for (;;) {
      const auto can_admit = [&] {
        return next_to_admit < count && next_to_admit < next_to_emit + window;
      };
      work_ready.wait(lock, [&] {
        return !tasks.empty() || can_admit() || (next_to_admit >= count && opening == 0);
      });
      // Which work: the next page of this worker's own document (its reader is open), else a
      // new document, else a page of someone else's (a second reader costs opening the file
      // again, worth it only when there is nothing else: a long document, the end of the run).
      auto task = std::find_if(tasks.begin(), tasks.end(),
                               [&](const PageTask& t) { return t.doc == current; });
      if (task == tasks.end() && !can_admit()) task = tasks.begin();
      int doc_index, page_index;
      std::string file;
      if (task != tasks.end()) {
        doc_index = current = task->doc;
        page_index = task->page;
        tasks.erase(task);
        InFlight& doc = docs.at(doc_index);
        file = doc.result.file;
        if (doc.failed) page_index = -2;  // another page failed: nothing to read
      } else if (can_admit()) {
        current = next_to_admit;
        doc_index = next_to_admit++;
        page_index = -1;  // open it
        ++opening;
        docs[doc_index];
      } else {
        return;  // everything admitted and nothing left to read
      }
      lock.unlock();

      // Outside the lock: the slow part. Each path ends by recording the page or document.
      std::optional<Result<PageLayout>> layout;
      DocumentResult opened;
      int page_count = 0;
      if (page_index == -1) {
        opened.file = hooks.file_of(doc_index);
        Result<std::string> sha = Sha256File(opened.file);
        if (sha) opened.sha256 = *sha;
        std::optional<DocumentResult> instead =
            hooks.lookup ? hooks.lookup(opened.file, opened.sha256) : std::nullopt;
        if (instead) {
          opened = std::move(*instead);
        } else if (!sha) {
          SetError(opened, sha.error());
        } else if (Result<int> pages = worker.Open(opened.file); !pages) {
          SetError(opened, pages.error());
        } else {
          page_count = *pages;
          opened.pages = page_count;
          if (page_count > 0) {
            page_index = 0;
            file = opened.file;
          }
        }
        lock.lock();
        InFlight& doc = docs.at(doc_index);
        doc.result = std::move(opened);
        --opening;
        if (page_count > 0) {
          doc.layouts.resize(page_count);
          doc.remaining = page_count;
          for (int p = 1; p < page_count; ++p) tasks.push_back({doc_index, p});
          work_ready.notify_all();
        } else {
          // Failed, skipped, or no pages (the reader reports NO_PAGES itself; map anyway).
          if (!doc.result.error && doc.result.skipped.empty()) {
            lock.unlock();
            worker.Finish({}, doc.result);
            lock.lock();
          }
          doc.done = true;
          doc_ready.notify_all();
          work_ready.notify_all();  // the last admission may let idle workers exit
          continue;
        }
        lock.unlock();
      }
      bool timed_out = false;
      if (page_index >= 0) {
        layout = worker.ReadPage(file, page_index, &timed_out);
        ++pages_done;
      }

      lock.lock();
      InFlight& doc = docs.at(doc_index);
      if (timed_out) doc.timed_out.push_back(page_index + 1);
      if (layout && *layout) {
        doc.layouts[page_index] = std::move(**layout);
      } else if (layout && (!doc.failed || doc.failed->first > page_index)) {
        doc.failed = {page_index, layout->error()};
      }
      if (--doc.remaining > 0) continue;
      // This worker read the last page: map the document here, in page order.
      lock.unlock();
      if (doc.failed) {
        SetError(doc.result, doc.failed->second);
      } else {
        worker.Finish(doc.layouts, doc.result);
      }
      doc.layouts.clear();
      std::sort(doc.timed_out.begin(), doc.timed_out.end());
      doc.result.timed_out_pages = std::move(doc.timed_out);
      lock.lock();
      doc.done = true;
      doc_ready.notify_all();
    }
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) threads.emplace_back(work);
  RunProgress progress;
  progress.files_total = count;
  auto report = [&] {
    if (!hooks.progress) return;
    progress.pages_done = pages_done;
    hooks.progress(progress);
  };
  while (next_to_emit < count) {
    DocumentResult result;
    {
      std::unique_lock lock(mutex);
      while (!doc_ready.wait_for(lock, std::chrono::milliseconds(500), [&] {
        auto it = docs.find(next_to_emit);
        return it != docs.end() && it->second.done;
      })) {
        lock.unlock();
        report();
        lock.lock();
      }
      result = std::move(docs.at(next_to_emit).result);
      docs.erase(next_to_emit);
    }
    hooks.emit(result);
    ++progress.files_done;
    progress.files_skipped += !result.skipped.empty();
    report();
    {
      std::lock_guard lock(mutex);
      ++next_to_emit;
    }
    work_ready.notify_all();
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace jixiao
