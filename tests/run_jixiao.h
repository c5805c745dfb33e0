// Runs the real jixiao binary from end-to-end tests and reads its JSON Lines.
#ifndef JIXIAO_TESTS_RUN_JIXIAO_H_
#define JIXIAO_TESTS_RUN_JIXIAO_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace jixiao::testing {

struct Run {
  int status = -1;
  std::vector<nlohmann::ordered_json> lines;
};

// `args` are shell words; stderr is discarded.
inline Run RunJixiao(const std::string& args) {
  static int counter = 0;
  const std::string out = ::testing::TempDir() + "/jixiao-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter++) + ".jsonl";
  const std::string command = std::string(JIXIAO_BINARY) + " " + args + " > " + out + " 2>/dev/null";
  Run run;
  const int raw = std::system(command.c_str());
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::ordered_json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
    run.lines.push_back(std::move(j));
  }
  std::remove(out.c_str());
  return run;
}

inline std::vector<nlohmann::ordered_json> ReadJsonLines(const std::string& path) {
  std::vector<nlohmann::ordered_json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(nlohmann::ordered_json::parse(line));
  }
  return lines;
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_RUN_JIXIAO_H_
