// The table model's small helpers: lookup, text joining and the canonical dumps.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include "common/text.h"
#include "layout/layout.h"

namespace jixiao {
namespace {

bool IsAsciiAlnum(unsigned char c) { return c < 128 && std::isalnum(c); }

void AppendEscaped(std::string& out, const std::string& text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
}

}  // namespace

const Cell* Table::At(int row, int col) const {
  for (const Cell& cell : cells) {
    if (row >= cell.row && row < cell.row + cell.rowspan && col >= cell.col &&
        col < cell.col + cell.colspan) {
      return &cell;
    }
  }
  return nullptr;
}

std::string JoinWords(const std::vector<Word>& words) {
  std::string out;
  bool space_before = false;
  for (const Word& word : words) {
    if (word.text.empty()) continue;
    if (space_before && !out.empty() && IsAsciiAlnum(out.back()) &&
        IsAsciiAlnum(static_cast<unsigned char>(word.text.front()))) {
      out += ' ';
    }
    out += word.text;
    space_before = word.space_after;
  }
  return out;
}

std::string Dump(const Table& table) {
  std::string out = "table{";
  for (int row = 0; row < table.rows; ++row) {
    out += "row{";
    for (const Cell& cell : table.cells) {
      if (cell.row != row) continue;
      out += "cell";
      if (cell.rowspan > 1) out += "[rs=" + std::to_string(cell.rowspan) + "]";
      if (cell.colspan > 1) out += "[cs=" + std::to_string(cell.colspan) + "]";
      out += "{" + NormalizeText(cell.text) + "}";
    }
    out += "}";
  }
  return out + "}";
}

std::string Html(const Table& table) {
  std::string out = "<table>";
  for (int row = 0; row < table.rows; ++row) {
    out += "<tr>";
    for (const Cell& cell : table.cells) {
      if (cell.row != row) continue;
      out += "<td";
      if (cell.rowspan > 1) out += " rowspan=\"" + std::to_string(cell.rowspan) + "\"";
      if (cell.colspan > 1) out += " colspan=\"" + std::to_string(cell.colspan) + "\"";
      out += ">";
      AppendEscaped(out, NormalizeText(cell.text));
      out += "</td>";
    }
    out += "</tr>";
  }
  return out + "</table>";
}

}  // namespace jixiao
