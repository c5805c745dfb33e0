#include "pipeline/pipeline.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "check/check.h"
#include "fields/fields.h"

namespace jixiao {

Json ErrorObject(const std::string& file, const Error& error) {
  Json j;
  j["source"] = {{"file", file}};
  j["error"] = {{"code", error.code}, {"message", error.message}};
  return j;
}

Worker::Worker(const PipelineOptions& options, std::shared_ptr<const Patterns> patterns)
    : options_(options), patterns_(std::move(patterns)) {}

Worker::~Worker() = default;

Result<std::vector<PageLayout>> Worker::ReadPages(DocumentReader& reader, DocumentResult& result) {
  std::vector<PageLayout> layouts;
  for (int index = 0; index < reader.page_count(); ++index) {
    Result<Page> page = reader.LoadPage(index);
    if (!page) {
      return Fail(page.error().code, "page " + std::to_string(index + 1) + ": " + page.error().message);
    }
    std::vector<Table> tables = FindTables(*page, options_.layout);
    std::vector<Word> words = std::move(page->words);
    if (page->source != TextSource::kTextLayer) {
      if (!ocr_) {
        auto engine = NewOcrEngine(options_.ocr);
        if (!engine) return std::unexpected(engine.error());
        ocr_ = std::move(*engine);
      }
      words = ocr_->ReadPage(*page, tables);
    }
    layouts.push_back(PlaceWords(page->number, std::move(tables), words));
    if (options_.want_tables) {
      for (const Table& t : layouts.back().tables) result.tables.push_back(t);
    }
  }
  return layouts;
}

DocumentResult Worker::Process(const std::string& file) {
  DocumentResult result;
  result.file = file;
  auto fail = [&](const Error& error) {
    result.error = error;
    result.records = {ErrorObject(file, error)};
    return std::move(result);
  };
  Result<std::string> sha = Sha256File(file);
  if (!sha) return fail(sha.error());
  result.sha256 = *sha;
  auto reader = OpenDocument(file, options_.ingest);
  if (!reader) return fail(reader.error());
  result.pages = (*reader)->page_count();
  auto layouts = ReadPages(**reader, result);
  if (!layouts) return fail(layouts.error());

  result.records = MapDocument(*patterns_, *layouts);
  if (result.records.empty()) {
    return fail({"NO_FORM_FOUND", "no table or form found in " + std::to_string(result.pages) +
                                      " page(s)"});
  }
  for (Json& record : result.records) {
    Json pages = record["source"].value("pages", Json::array());
    record["source"] = {{"file", file}, {"pages", pages}};
    CheckRecord(record);
  }
  CheckDocument(result.records);
  return result;
}

void RunOrdered(int count, int jobs, const PipelineOptions& options,
                std::shared_ptr<const Patterns> patterns,
                const std::function<std::string(int)>& file_of,
                const std::function<void(DocumentResult&)>& emit) {
  std::mutex mutex;
  std::condition_variable ready;
  std::map<int, DocumentResult> done;  // finished, not yet emitted
  int next_to_start = 0;
  // Bounds memory: workers do not run further ahead of the writer than this.
  const int window = std::max(4, 4 * jobs);
  int next_to_emit = 0;

  auto work = [&] {
    Worker worker(options, patterns);
    for (;;) {
      int index;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return next_to_start >= count || next_to_start < next_to_emit + window; });
        if (next_to_start >= count) return;
        index = next_to_start++;
      }
      DocumentResult result = worker.Process(file_of(index));
      {
        std::lock_guard lock(mutex);
        done.emplace(index, std::move(result));
      }
      ready.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < std::max(1, jobs); ++i) threads.emplace_back(work);
  while (next_to_emit < count) {
    DocumentResult result;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return done.count(next_to_emit) > 0; });
      result = std::move(done.at(next_to_emit));
      done.erase(next_to_emit);
    }
    emit(result);
    {
      std::lock_guard lock(mutex);
      ++next_to_emit;
    }
    ready.notify_all();
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace jixiao
