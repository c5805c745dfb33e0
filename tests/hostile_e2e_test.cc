// Hostile and broken inputs through the real binary (tests/data/hostile/, made by
// tests/data/make_hostile.py): each gets its error object with a stable code, or — where the
// limits allow — its records; nothing crashes or hangs (every run is under `timeout`), the
// exit status is 1 when any input failed, and the good files of the same run keep their
// records.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using Json = nlohmann::ordered_json;
const std::string kData = JIXIAO_SOURCE_DIR "/tests/data/";

struct CliRun {
  int status = -1;  // 124: killed by timeout
  double seconds = 0;
  std::vector<Json> lines;
  // The lines of each input file, in output order.
  std::map<std::string, std::vector<Json>> by_file;
};

// Runs `jixiao ARGS` under `timeout SECONDS`; stderr is discarded.
CliRun Jixiao(const std::string& args, int seconds = 120) {
  static int counter = 0;
  const std::string out = ::testing::TempDir() + "/hostile-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter++) + ".jsonl";
  const std::string command = "timeout " + std::to_string(seconds) + " " JIXIAO_BINARY " " + args +
                              " > " + out + " 2>/dev/null";
  CliRun run;
  const auto start = std::chrono::steady_clock::now();
  const int raw = std::system(command.c_str());
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) {
    Json j = Json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
    if (j.is_discarded()) continue;
    run.by_file[j["source"].value("file", "")].push_back(j);
    run.lines.push_back(std::move(j));
  }
  std::remove(out.c_str());
  return run;
}

// What an input must yield: an error code, or (code "") records with no error.
struct Case {
  const char* file;        // under tests/data/
  const char* code;        // "" = records expected
  const char* form;        // for records: a form every record of the file may have ("" = any)
  const char* in_message;  // for errors: a substring of the message ("" = none required)
};

// Every kind of hostile input of issue 6, with good files among them.
const Case kCases[] = {
    {"empty.pdf", "EMPTY_FILE", "", ""},
    {"form.pdf", "", "project_self_evaluation", ""},
    {"truncated.pdf", "CORRUPT_PDF", "", ""},
    {"encrypted.pdf", "ENCRYPTED_PDF", "", "--password"},
    {"random.pdf", "UNSUPPORTED_TYPE", "", ""},
    {"image-as.pdf", "", "", ""},  // a PNG named .pdf is read as the image it is
    {"hostile/zero-pages.pdf", "NO_PAGES", "", ""},
    {"hostile/loop-kids.pdf", "CORRUPT_PDF", "", ""},
    // The nested object is dropped by Poppler's depth limit; the page itself is read (a
    // ruled box with no table in it).
    {"hostile/deep-nesting.pdf", "NO_FORM_FOUND", "", ""},
    {"hostile/deep-dicts.pdf", "NO_FORM_FOUND", "", ""},
    {"hostile/huge-page.pdf", "PAGE_TOO_LARGE", "", "14400x14400"},
    // Shown sideways: read without error (the text runs the wrong way, so the table is kept
    // as an unrecognized_table rather than mapped).
    {"hostile/rotated-90.pdf", "", "", ""},
    {"hostile/rotated-270.pdf", "", "", ""},
    // Stored sideways, /Rotate sets it upright: read as the form it shows.
    {"hostile/rotated-upright.pdf", "", "project_self_evaluation", ""},
    {"hostile/pages-3000.pdf", "TOO_MANY_PAGES", "", "3000"},
    {"hostile/bomb.png", "IMAGE_TOO_LARGE", "", "100000x100000"},
    {"hostile/bomb.tif", "IMAGE_TOO_LARGE", "", "100000x100000"},
    {"hostile/bomb.jpg", "IMAGE_TOO_LARGE", "", "65000x65000"},
    {"hostile/jpeg-named.png", "", "project_self_evaluation", ""},
    {"hostile/text-named.pdf", "UNSUPPORTED_TYPE", "", ""},
    {"hostile/folder/form.pdf", "", "project_self_evaluation", ""},
    {"hostile/folder/notes.docx", "UNSUPPORTED_TYPE", "", ""},
    {"form.pdf", "", "project_self_evaluation", ""},
};

void ExpectCase(const CliRun& run, const Case& c) {
  SCOPED_TRACE(c.file);
  const std::string path = kData + c.file;
  auto it = run.by_file.find(path);
  ASSERT_NE(it, run.by_file.end()) << "no line for " << path;
  const std::vector<Json>& lines = it->second;
  if (*c.code != '\0') {
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_TRUE(lines[0].contains("error")) << lines[0].dump();
    EXPECT_EQ(lines[0]["error"]["code"], c.code) << lines[0].dump();
    const std::string message = lines[0]["error"]["message"].get<std::string>();
    EXPECT_FALSE(message.empty());
    EXPECT_NE(message.find(c.in_message), std::string::npos) << message;
    return;
  }
  for (const Json& line : lines) {
    ASSERT_FALSE(line.contains("error")) << line.dump();
    ASSERT_TRUE(line.contains("form")) << line.dump();
    if (*c.form != '\0') EXPECT_EQ(line["form"], c.form);
  }
}

TEST(Hostile, EveryInputGetsItsErrorOrRecordsAndTheGoodOnesSurvive) {
  // Each file once on the command line, except the folder, given as a folder.
  std::string args = "extract --jobs 2";
  bool folder_added = false;
  for (const Case& c : kCases) {
    const std::string file = c.file;
    if (file.rfind("hostile/folder/", 0) == 0) {
      if (!folder_added) args += " " + kData + "hostile/folder";
      folder_added = true;
      continue;
    }
    args += " " + kData + file;
  }
  const CliRun run = Jixiao(args);
  EXPECT_EQ(run.status, 1) << "some inputs failed, so 1; 124 is a timeout";
  for (const Case& c : kCases) ExpectCase(run, c);

  // Output follows input order: the first line belongs to the first file, the last to the last.
  ASSERT_FALSE(run.lines.empty());
  EXPECT_EQ(run.lines.front()["source"]["file"], kData + kCases[0].file);
  EXPECT_EQ(run.lines.back()["source"]["file"], kData + kCases[std::size(kCases) - 1].file);
}

TEST(Hostile, EachInputAloneFailsOrSucceedsWithTheRightStatus) {
  for (const Case& c : kCases) {
    const CliRun run = Jixiao("extract " + kData + c.file, 60);
    EXPECT_EQ(run.status, *c.code != '\0' ? 1 : 0) << c.file << " (124 is a timeout)";
    ExpectCase(run, c);
  }
}

// The limits are flags: raising one lets a refused input through, lowering one refuses it.
TEST(Hostile, LimitsFollowTheirFlags) {
  struct LimitCase {
    const char* options;
    const char* file;
    const char* code;  // "" = records expected
  };
  static const LimitCase kLimitCases[] = {
      {"--max-pages 2999", "hostile/pages-3000.pdf", "TOO_MANY_PAGES"},
      // 3000 tiny blank pages are read to the end: no form on any of them.
      {"--max-pages 3000", "hostile/pages-3000.pdf", "NO_FORM_FOUND"},
      {"--max-pixels 1000000", "hostile/jpeg-named.png", "IMAGE_TOO_LARGE"},
      // A4 fits 1.5 Mpixels at 110 dpi: rendered coarser, still read.
      {"--max-pixels 1500000", "form.pdf", ""},
      // 0.5 Mpixels would need 73 dpi: refused rather than read as noise.
      {"--max-pixels 500000", "form.pdf", "PAGE_TOO_LARGE"},
      {"--max-pixels 2000000000", "hostile/bomb.jpg", "IMAGE_TOO_LARGE"},
  };
  for (const LimitCase& c : kLimitCases) {
    SCOPED_TRACE(std::string(c.options) + " " + c.file);
    const CliRun run = Jixiao("extract " + std::string(c.options) + " " + kData + c.file, 300);
    ASSERT_FALSE(run.lines.empty()) << "status " << run.status;
    if (*c.code != '\0') {
      EXPECT_EQ(run.status, 1);
      EXPECT_EQ(run.lines[0]["error"]["code"], c.code) << run.lines[0].dump();
    } else {
      EXPECT_EQ(run.status, 0);
      EXPECT_EQ(run.lines[0]["form"], "project_self_evaluation") << run.lines[0].dump();
    }
  }
}

}  // namespace
