// Loading and matching of patterns/ (see patterns.h).
#include "fields/patterns.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace jixiao {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

re2::StringPiece Piece(std::string_view text) {
  return re2::StringPiece(text.data(), text.size());
}

// Runs `re` on `text` with `anchor`; fills `groups` (without group 0) and `where`.
bool RunMatch(const RE2& re, std::string_view text, RE2::Anchor anchor, size_t from, Span* where,
              std::vector<std::string>* groups) {
  const int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(n);
  if (!re.Match(Piece(text), from, text.size(), anchor, sub.data(), n)) return false;
  if (where != nullptr) {
    where->begin = static_cast<size_t>(sub[0].data() - text.data());
    where->end = where->begin + sub[0].size();
  }
  if (groups != nullptr) {
    groups->clear();
    for (int i = 1; i < n; ++i) groups->emplace_back(sub[i].data(), sub[i].size());
  }
  return true;
}

}  // namespace

const std::vector<std::string>& RequiredPatternKeys() {
  static const std::vector<std::string> kKeys = {
      "label.project_name", "label.department", "label.implementer",
      "funds.initial_budget", "funds.annual_budget", "funds.executed", "funds.weight",
      "funds.rate", "funds.score", "funds.row_total", "funds.row_current_year",
      "funds.row_carryover", "funds.row_other",
      "goals.planned", "goals.achieved",
      "ind.level1", "ind.level2", "ind.name", "ind.unit", "ind.target", "ind.actual",
      "ind.coefficient", "ind.weight", "ind.score", "ind.note",
      "total.label", "title.project_form",
      "signoff.unit_head", "signoff.filler", "signoff.phone", "signoff.date", "signoff.other",
      "signoff.filler_phone", "value.name_phone",
      "value.amount", "value.percent", "value.date", "value.quantity",
      "value.indicator_prefix", "value.placeholder", "value.year_of", "value.year",
  };
  return kKeys;
}

std::string DefaultPatternsDir() {
  if (const char* home = std::getenv("JIXIAO_HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/patterns";
  }
  return std::string(JIXIAO_SOURCE_DIR) + "/patterns";
}

Result<std::shared_ptr<const Patterns>> LoadPatterns(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Fail("PATTERN_ERROR", dir + ": not a directory of patterns");
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && EndsWith(name, ".txt") && !EndsWith(name, ".examples.txt")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());  // alternatives keep a stable order across runs

  auto patterns = std::make_shared<Patterns>();
  for (const fs::path& path : files) {
    std::ifstream in(path);
    if (!in) return Fail("PATTERN_ERROR", path.string() + ": cannot be read");
    std::string line;
    int line_number = 0;
    while (std::getline(in, line)) {
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const std::string where = path.string() + ":" + std::to_string(line_number);
      const size_t tab = line.find('\t');
      if (tab == std::string::npos || tab == 0) {
        return Fail("PATTERN_ERROR", where + ": expected key<TAB>pattern");
      }
      RE2::Options options;
      options.set_log_errors(false);
      auto re = std::make_unique<RE2>(line.substr(tab + 1), options);
      if (!re->ok()) {
        return Fail("PATTERN_ERROR", where + ": " + re->error() + " (" + re->error_arg() + ")");
      }
      patterns->entries_[line.substr(0, tab)].push_back(
          {path.filename().string(), line_number, std::move(re)});
    }
  }
  for (const std::string& key : RequiredPatternKeys()) {
    if (!patterns->entries_.contains(key)) {
      return Fail("PATTERN_ERROR", dir + ": no pattern for key " + key);
    }
  }
  return std::shared_ptr<const Patterns>(std::move(patterns));
}

bool Patterns::Matches(std::string_view key, std::string_view text) const {
  return FullMatch(key, text, nullptr);
}

bool Patterns::FullMatch(std::string_view key, std::string_view text,
                         std::vector<std::string>* groups) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  for (const Entry& entry : it->second) {
    if (RunMatch(*entry.re, text, RE2::ANCHOR_BOTH, 0, nullptr, groups)) return true;
  }
  return false;
}

bool Patterns::Search(std::string_view key, std::string_view text, Span* where,
                      std::vector<std::string>* groups) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  bool found = false;
  Span best;
  for (const Entry& entry : it->second) {
    Span span;
    std::vector<std::string> captured;
    if (!RunMatch(*entry.re, text, RE2::UNANCHORED, 0, &span, &captured)) continue;
    if (!found || span.begin < best.begin) {
      found = true;
      best = span;
      if (groups != nullptr) *groups = std::move(captured);
    }
  }
  if (found && where != nullptr) *where = best;
  return found;
}

size_t Patterns::PrefixLength(std::string_view key, std::string_view text) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  size_t longest = 0;
  for (const Entry& entry : it->second) {
    Span span;
    if (RunMatch(*entry.re, text, RE2::ANCHOR_START, 0, &span, nullptr)) {
      longest = std::max(longest, span.end);
    }
  }
  return longest;
}

std::vector<Span> Patterns::FindAll(std::string_view key, std::string_view text) const {
  std::vector<Span> found;
  auto it = entries_.find(key);
  if (it == entries_.end()) return found;
  for (const Entry& entry : it->second) {
    size_t from = 0;
    Span span;
    while (from < text.size() &&
           RunMatch(*entry.re, text, RE2::UNANCHORED, from, &span, nullptr)) {
      if (span.end == span.begin) {  // an empty match: step one byte on
        from = span.end + 1;
        continue;
      }
      found.push_back(span);
      from = span.end;
    }
  }
  std::sort(found.begin(), found.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // Overlaps between alternatives: keep the leftmost, longest.
  std::vector<Span> kept;
  for (const Span& span : found) {
    if (kept.empty() || span.begin >= kept.back().end) kept.push_back(span);
  }
  return kept;
}

std::vector<std::string> Patterns::Sources(std::string_view key) const {
  std::vector<std::string> sources;
  auto it = entries_.find(key);
  if (it == entries_.end()) return sources;
  for (const Entry& entry : it->second) sources.push_back(entry.re->pattern());
  return sources;
}

std::vector<std::string> Patterns::Keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, entries] : entries_) keys.push_back(key);
  return keys;
}

}  // namespace jixiao
