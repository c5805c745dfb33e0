// Compiled patterns/ files: the labels and value grammars the field mapper reads.
//
// A pattern file is text, one pattern a line: `key<TAB>RE2 pattern`. Lines starting with `#`
// and blank lines are skipped. Several lines may share a key: they are alternatives (a label's
// synonyms and OCR-damaged spellings), tried in file order. Files named `*.examples.txt` are
// not patterns but their examples (`key<TAB>+|-<TAB>text`), read by the tests only.
//
// Patterns are matched against text already normalized by NormalizeText, so a pattern never
// has to allow for full-width forms or white space inside a word.
#ifndef JIXIAO_FIELDS_PATTERNS_H_
#define JIXIAO_FIELDS_PATTERNS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <re2/re2.h>

#include "fields/fields.h"

namespace jixiao {

// A label or value grammar occurrence inside a text: byte offsets [begin, end).
struct Span {
  size_t begin = 0, end = 0;
};

class Patterns {
 public:
  // True when a pattern of `key` matches the whole of `text`. Unknown key → false.
  bool Matches(std::string_view key, std::string_view text) const;

  // Like Matches, and fills `groups` with the capturing groups of the first pattern that
  // matched (an unmatched optional group is "").
  bool FullMatch(std::string_view key, std::string_view text,
                 std::vector<std::string>* groups) const;

  // The first occurrence (leftmost, then first pattern) of `key` anywhere in `text`, with its
  // groups; false when none.
  bool Search(std::string_view key, std::string_view text, Span* where,
              std::vector<std::string>* groups = nullptr) const;

  // Length of the longest match of `key` anchored at the start of `text`, or 0.
  size_t PrefixLength(std::string_view key, std::string_view text) const;

  // Every non-overlapping occurrence of every pattern of `key` in `text`, in text order.
  std::vector<Span> FindAll(std::string_view key, std::string_view text) const;

  // The source text of each pattern of `key`, in file order (for closed vocabularies whose
  // patterns are literal spellings); empty for an unknown key.
  std::vector<std::string> Sources(std::string_view key) const;

  // The keys loaded, sorted.
  std::vector<std::string> Keys() const;

 private:
  friend Result<std::shared_ptr<const Patterns>> LoadPatterns(const std::string& dir);

  struct Entry {
    std::string file;  // for messages: "labels.txt:12"
    int line = 0;
    std::unique_ptr<RE2> re;
  };
  std::map<std::string, std::vector<Entry>, std::less<>> entries_;
};

// The keys the mapper reads; LoadPatterns refuses a directory that lacks one of them.
const std::vector<std::string>& RequiredPatternKeys();

}  // namespace jixiao

#endif  // JIXIAO_FIELDS_PATTERNS_H_
