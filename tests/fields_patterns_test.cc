// patterns/ loading, the example files beside the patterns, and the value parsers.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "common/text.h"
#include "fields/fields.h"
#include "fields/patterns.h"
#include "fields_test_util.h"

namespace jixiao {
namespace {

const Patterns& Loaded() { return testing::LoadedPatterns(); }

TEST(LoadPatterns, DefaultDirectoryLoadsEveryRequiredKey) {
  auto loaded = LoadPatterns(DefaultPatternsDir());
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  std::vector<std::string> keys = (*loaded)->Keys();
  for (const std::string& key : RequiredPatternKeys()) {
    EXPECT_TRUE(std::find(keys.begin(), keys.end(), key) != keys.end()) << key;
  }
}

// A scratch directory with one pattern file, removed afterwards.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  void Write(const std::string& file, const std::string& text) const {
    std::ofstream(path_ / file) << text;
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(LoadPatterns, RefusesBadPatternWithFileLineAndRe2Argument) {
  struct Case {
    const char* text;
    const char* want_in_message;  // besides "bad.txt:<line>:"
    int line;
  };
  static const Case kCases[] = {
      {"# comment\n\nlabel.x\t项目(名称\n", "missing ): 项目(名称", 3},
      {"label.x\t[a-\n", "missing ]: [a-", 1},
      {"a\tok\nlabel.y\t指标\\d+(?P<x\n", "(?P<x", 2},
      {"no tab here\n", "expected key<TAB>pattern", 1},
  };
  for (const Case& c : kCases) {
    ScratchDir dir("jixiao_fields_bad_pattern");
    dir.Write("bad.txt", c.text);
    auto loaded = LoadPatterns(dir.path());
    ASSERT_FALSE(loaded.has_value()) << c.text;
    EXPECT_EQ(loaded.error().code, "PATTERN_ERROR");
    const std::string& message = loaded.error().message;
    EXPECT_NE(message.find("bad.txt:" + std::to_string(c.line) + ": "), std::string::npos)
        << message;
    EXPECT_NE(message.find(c.want_in_message), std::string::npos) << message;
  }
}

TEST(LoadPatterns, RefusesDirectoryMissingARequiredKey) {
  ScratchDir dir("jixiao_fields_missing_key");
  dir.Write("only.txt", "value.amount\t\\d+\n");
  auto loaded = LoadPatterns(dir.path());
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, "PATTERN_ERROR");
  EXPECT_NE(loaded.error().message.find("no pattern for key label.project_name"),
            std::string::npos)
      << loaded.error().message;
}

TEST(LoadPatterns, ExampleFilesAreNotPatterns) {
  ScratchDir dir("jixiao_fields_examples_skipped");
  dir.Write("x.examples.txt", "key\t+\t(unbalanced\n");
  auto loaded = LoadPatterns(dir.path());
  ASSERT_FALSE(loaded.has_value());
  // It failed for the missing keys, not for the example line.
  EXPECT_EQ(loaded.error().message.find("x.examples.txt"), std::string::npos);
}

// Every pattern key has a positive and a negative example, and every example holds.
TEST(PatternExamples, EveryKeyHasExamplesAndAllHold) {
  const Patterns& p = Loaded();
  std::map<std::string, std::set<char>> kinds;  // key → {'+', '-'}
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DefaultPatternsDir())) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".examples.txt")) continue;
    std::ifstream in(entry.path());
    std::string line;
    int line_number = 0;
    while (std::getline(in, line)) {
      ++line_number;
      if (line.empty() || line[0] == '#') continue;
      const size_t tab1 = line.find('\t');
      const size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
      ASSERT_NE(tab2, std::string::npos) << name << ":" << line_number;
      const std::string key = line.substr(0, tab1);
      const std::string sign = line.substr(tab1 + 1, tab2 - tab1 - 1);
      const std::string text = line.substr(tab2 + 1);
      ASSERT_TRUE(sign == "+" || sign == "-") << name << ":" << line_number;
      const bool matched = p.Matches(key, NormalizeText(text));
      EXPECT_EQ(matched, sign == "+") << name << ":" << line_number << " " << key << " «"
                                      << text << "»";
      kinds[key].insert(sign[0]);
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
  for (const std::string& key : p.Keys()) {
    EXPECT_TRUE(kinds[key].contains('+')) << "no positive example for " << key;
    EXPECT_TRUE(kinds[key].contains('-')) << "no negative example for " << key;
  }
}

TEST(ParseAmount, Table) {
  struct Case {
    const char* text;
    std::optional<double> want;
  };
  static const Case kCases[] = {
      {"5.18", 5.18},     {"1,234.5", 1234.5}, {"4316万", 4316},  {"20万元", 20},
      {"0", 0},           {" 261.35 ", 261.35}, {"１０", 10},     {"—", std::nullopt},
      {"-", std::nullopt}, {"", std::nullopt},  {"减轻", std::nullopt},
      {"≤5.6 万元", std::nullopt},
  };
  for (const Case& c : kCases) EXPECT_EQ(ParseAmount(Loaded(), c.text), c.want) << c.text;
}

TEST(ParsePercent, Table) {
  struct Case {
    const char* text;
    std::optional<double> want;
  };
  static const Case kCases[] = {
      {"92.5%", 92.5}, {"100%", 100}, {"100", 100}, {"74.11%", 74.11}, {"１００％", 100},
      {"0", 0},        {"—", std::nullopt},          {"", std::nullopt}, {"百分百", std::nullopt},
  };
  for (const Case& c : kCases) EXPECT_EQ(ParsePercent(Loaded(), c.text), c.want) << c.text;
}

TEST(ParseDate, Table) {
  struct Case {
    const char* text;
    std::optional<std::string> want;
  };
  static const Case kCases[] = {
      {"2023.3.1", "2023-03-01"},
      {"2024 年 3 月 19 日", "2024-03-19"},
      {"2023-03-01", "2023-03-01"},
      {"2024年4月30日", "2024-04-30"},
      {"2023/12/5", "2023-12-05"},
      {"2023.13.1", std::nullopt},
      {"2022年度", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : kCases) EXPECT_EQ(ParseDate(Loaded(), c.text), c.want) << c.text;
}

TEST(ParseQuantity, Table) {
  struct Case {
    const char* text;
    bool parsed;
    const char* comparator;
    std::optional<double> value;
    const char* unit;
  };
  static const Case kCases[] = {
      {"≥ 45000 人", true, "≥", 45000, "人"},
      {"≧95%", true, "≥", 95, "%"},
      {"=350/人", true, "=", 350, "/人"},
      {"≤5.6 万元", true, "≤", 5.6, "万元"},
      {"4316万", true, "", 4316, "万"},
      {"12 次", true, "", 12, "次"},
      {">=98%", true, "≥", 98, "%"},
      {"＝1 人", true, "=", 1, "人"},
      {"—", false, "", std::nullopt, ""},
      {"减轻", false, "", std::nullopt, ""},
      {"", false, "", std::nullopt, ""},
  };
  for (const Case& c : kCases) {
    std::optional<Quantity> q = ParseQuantity(Loaded(), c.text);
    ASSERT_EQ(q.has_value(), c.parsed) << c.text;
    if (!q) continue;
    EXPECT_EQ(q->comparator, c.comparator) << c.text;
    EXPECT_EQ(q->value, c.value) << c.text;
    EXPECT_EQ(q->unit, c.unit) << c.text;
  }
}

TEST(StripIndicatorPrefix, Table) {
  struct Case {
    const char* text;
    const char* want;
  };
  static const Case kCases[] = {
      {"指标 1: 工作人员数量", "工作人员数量"},
      {"指标 1: ( 医疗 保险报销结算) 服务人数", "(医疗保险报销结算)服务人数"},
      {"指标2：合格率", "合格率"},
      {"软件维护", "软件维护"},
      {"指标 2:", ""},
      {"指标 1: 指标 2:", ""},
      {"指慰1:聘请法律顾问数量", "聘请法律顾问数量"},  // 标 misread in a Kai face
      {"指款2:配套人数", "配套人数"},
      {"指导3号文件", "指导3号文件"},  // no colon: not the prefix
      {".....", ""},
      {"", ""},
  };
  for (const Case& c : kCases) EXPECT_EQ(StripIndicatorPrefix(Loaded(), c.text), c.want) << c.text;
}

}  // namespace
}  // namespace jixiao
