// PlaceWords and AnalyzePage: words into cells by their box centre, the rest into lines.
#include <algorithm>
#include <limits>
#include <vector>

#include "layout/layout.h"

namespace jixiao {
namespace {

// Distance from a point to a box (0 inside).
double Distance(const Box& box, double x, double y) {
  double dx = std::max({box.x0 - x, 0.0, x - box.x1});
  double dy = std::max({box.y0 - y, 0.0, y - box.y1});
  return dx * dx + dy * dy;
}

// The cell of `table` for a point inside the table box: the one containing it, else (a centre
// on a ruling) the nearest.
int CellAt(const Table& table, double x, double y) {
  int best = -1;
  double best_distance = std::numeric_limits<double>::max();
  for (size_t i = 0; i < table.cells.size(); ++i) {
    double d = Distance(table.cells[i].box, x, y);
    if (d < best_distance) best = static_cast<int>(i), best_distance = d;
    if (d == 0) break;
  }
  return best;
}

double LowestConfidence(const std::vector<Word>& words) {
  double lowest = 1.0;
  for (const Word& word : words) lowest = std::min(lowest, word.confidence);
  return lowest;
}

}  // namespace

std::vector<std::vector<Word>> GroupLines(std::vector<Word> words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.box.cy() != b.box.cy() ? a.box.cy() < b.box.cy() : a.box.x0 < b.box.x0;
  });
  struct Line {
    Box box;
    std::vector<Word> words;
  };
  std::vector<Line> lines;
  for (Word& word : words) {
    int best = -1;
    double best_overlap = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      const Box& box = lines[i].box;
      double overlap = std::min(box.y1, word.box.y1) - std::max(box.y0, word.box.y0);
      double need = 0.5 * std::min(box.height(), word.box.height());
      if (overlap > 0 && overlap >= need && overlap > best_overlap) {
        best = static_cast<int>(i), best_overlap = overlap;
      }
    }
    if (best < 0) {
      lines.push_back({word.box, {}});
      best = static_cast<int>(lines.size()) - 1;
    }
    Line& line = lines[best];
    line.box = line.box.Union(word.box);
    line.words.push_back(std::move(word));
  }
  std::sort(lines.begin(), lines.end(),
            [](const Line& a, const Line& b) { return a.box.cy() < b.box.cy(); });
  std::vector<std::vector<Word>> out;
  for (Line& line : lines) {
    std::stable_sort(line.words.begin(), line.words.end(),
                     [](const Word& a, const Word& b) { return a.box.x0 < b.box.x0; });
    out.push_back(std::move(line.words));
  }
  return out;
}

PageLayout PlaceWords(int page_number, std::vector<Table> tables, const std::vector<Word>& words) {
  PageLayout layout;
  layout.page = page_number;
  // Per table, per cell: the words placed there.
  std::vector<std::vector<std::vector<Word>>> placed(tables.size());
  for (size_t t = 0; t < tables.size(); ++t) placed[t].resize(tables[t].cells.size());
  std::vector<Word> outside;
  for (const Word& word : words) {
    double x = word.box.cx(), y = word.box.cy();
    int table = -1;
    for (size_t t = 0; t < tables.size(); ++t) {
      if (tables[t].box.Contains(x, y) &&
          (table < 0 || tables[t].box.area() < tables[table].box.area())) {
        table = static_cast<int>(t);
      }
    }
    int cell = table < 0 ? -1 : CellAt(tables[table], x, y);
    if (cell < 0) {
      outside.push_back(word);
    } else {
      placed[table][cell].push_back(word);
    }
  }

  for (size_t t = 0; t < tables.size(); ++t) {
    Table& table = tables[t];
    table.page = page_number;
    for (size_t c = 0; c < table.cells.size(); ++c) {
      Cell& cell = table.cells[c];
      cell.words.clear();
      for (std::vector<Word>& line : GroupLines(std::move(placed[t][c]))) {
        for (Word& word : line) cell.words.push_back(std::move(word));
      }
      cell.text = JoinWords(cell.words);
      cell.confidence = LowestConfidence(cell.words);
    }
  }
  std::sort(tables.begin(), tables.end(), [](const Table& a, const Table& b) {
    return a.box.y0 != b.box.y0 ? a.box.y0 < b.box.y0 : a.box.x0 < b.box.x0;
  });
  layout.tables = std::move(tables);

  for (std::vector<Word>& line : GroupLines(std::move(outside))) {
    TextLine text_line;
    for (const Word& word : line) text_line.box = text_line.box.Union(word.box);
    text_line.text = JoinWords(line);
    text_line.confidence = LowestConfidence(line);
    layout.lines.push_back(std::move(text_line));
  }
  return layout;
}

PageLayout AnalyzePage(const Page& page, const LayoutOptions& options) {
  std::vector<Box> rules;
  std::vector<Table> tables = FindTables(page, options, &rules);
  SplitUnruledRows(tables, page.words);
  std::vector<Table> open = FindOpenTables(rules, tables, page.words, options);
  tables.insert(tables.end(), open.begin(), open.end());
  return PlaceWords(page.number, std::move(tables), page.words);
}

}  // namespace jixiao
