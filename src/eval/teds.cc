// TEDS (Zhong et al., "Image-based table recognition: data, model, and evaluation", 2020):
// the html is parsed into a tree table → (thead/tbody →) tr → td, and the Zhang–Shasha tree
// edit distance (SIAM J. Comput. 1989) between the two trees is normalized by the larger tree.
// Zhang–Shasha is O(n²·depth²) here; table trees have depth 3 or 4, so a 300-cell table
// costs a few million steps.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "eval/eval.h"

namespace jixiao {
namespace {

struct Node {
  std::string tag;
  int rowspan = 1, colspan = 1;
  std::u32string text;        // cells only, entities decoded
  std::vector<int> children;  // indices into the node list
};

// Tags that become tree nodes; any other tag (<b>, <br>) is skipped, its text kept.
bool IsTreeTag(const std::string& tag) {
  return tag == "table" || tag == "thead" || tag == "tbody" || tag == "tr" || tag == "td" ||
         tag == "th";
}

std::u32string DecodeUtf8(const std::string& text) {
  std::u32string out;
  for (size_t pos = 0; pos < text.size();) {
    unsigned char lead = text[pos];
    int length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3
                                 : (lead >> 3) == 30 ? 4 : 1;
    char32_t code = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (int k = 1; k < length && pos + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3F);
    }
    out += code;
    pos += length;
  }
  return out;
}

std::string DecodeEntities(const std::string& text) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
      {"&nbsp;", " "}};
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    bool replaced = false;
    if (text[pos] == '&') {
      for (const auto& [entity, character] : kEntities) {
        if (text.compare(pos, std::string(entity).size(), entity) == 0) {
          out += character;
          pos += std::string(entity).size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[pos++];
  }
  return out;
}

// The value of attribute `name` in a tag's inside (`td rowspan="2" colspan=3`), or 1.
int SpanAttribute(const std::string& tag_text, const std::string& name) {
  size_t pos = tag_text.find(name + "=");
  if (pos == std::string::npos) return 1;
  pos += name.size() + 1;
  while (pos < tag_text.size() && (tag_text[pos] == '"' || tag_text[pos] == '\'')) ++pos;
  int value = std::atoi(tag_text.c_str() + pos);
  return value > 0 ? value : 1;
}

// The first <table> of `html` as a node list (node 0 the table); empty when there is none.
std::vector<Node> ParseTable(const std::string& html) {
  std::vector<Node> nodes;
  std::vector<int> open;   // stack of open tree nodes
  std::string pending;     // cell text not yet decoded
  auto flush = [&] {
    if (!open.empty() && !pending.empty()) {
      Node& top = nodes[open.back()];
      if (top.tag == "td" || top.tag == "th") top.text += DecodeUtf8(DecodeEntities(pending));
    }
    pending.clear();
  };
  for (size_t pos = 0; pos < html.size();) {
    if (html[pos] != '<') {
      pending += html[pos++];
      continue;
    }
    size_t end = html.find('>', pos);
    if (end == std::string::npos) break;
    std::string inside = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    bool closing = !inside.empty() && inside[0] == '/';
    std::string tag;
    for (size_t k = closing ? 1 : 0; k < inside.size() && std::isalpha(inside[k]); ++k) {
      tag += std::tolower(static_cast<unsigned char>(inside[k]));
    }
    if (!IsTreeTag(tag)) continue;
    flush();
    if (closing) {
      // Pop up to and including the matching open tag; a stray close tag is ignored.
      auto match = std::find_if(open.rbegin(), open.rend(),
                                [&](int index) { return nodes[index].tag == tag; });
      if (match != open.rend()) open.erase(std::next(match).base(), open.end());
      if (tag == "table" && open.empty()) break;
      continue;
    }
    if (open.empty() && (tag != "table" || !nodes.empty())) continue;
    Node node;
    node.tag = tag;
    if (tag == "td" || tag == "th") {
      node.rowspan = SpanAttribute(inside, "rowspan");
      node.colspan = SpanAttribute(inside, "colspan");
    }
    int index = nodes.size();
    if (!open.empty()) nodes[open.back()].children.push_back(index);
    nodes.push_back(std::move(node));
    if (inside.empty() || inside.back() != '/') open.push_back(index);
  }
  return nodes;
}

double NormalizedLevenshtein(const std::u32string& a, const std::u32string& b) {
  if (a.empty() && b.empty()) return 0;
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return double(row[b.size()]) / std::max(a.size(), b.size());
}

double RenameCost(const Node& a, const Node& b) {
  if (a.tag != b.tag) return 1;
  if (a.tag != "td" && a.tag != "th") return 0;
  if (a.rowspan != b.rowspan || a.colspan != b.colspan) return 1;
  return NormalizedLevenshtein(a.text, b.text);
}

// A tree in Zhang–Shasha's terms: nodes in postorder (1-based), each with its leftmost leaf
// descendant, and the keyroots.
struct PostorderTree {
  std::vector<const Node*> nodes;  // [0] unused
  std::vector<int> leftmost;       // [0] unused
  std::vector<int> keyroots;
};

int Visit(const std::vector<Node>& all, int index, PostorderTree& tree) {
  int leftmost = -1;
  for (int child : all[index].children) {
    int child_leftmost = Visit(all, child, tree);
    if (leftmost < 0) leftmost = child_leftmost;
  }
  tree.nodes.push_back(&all[index]);
  int number = tree.nodes.size() - 1;
  tree.leftmost.push_back(leftmost < 0 ? number : leftmost);
  return tree.leftmost.back();
}

PostorderTree Postorder(const std::vector<Node>& all) {
  PostorderTree tree;
  tree.nodes.push_back(nullptr);
  tree.leftmost.push_back(0);
  Visit(all, 0, tree);
  // A keyroot is the highest-numbered node of each leftmost leaf.
  const int n = tree.nodes.size() - 1;
  std::vector<int> highest(n + 1, 0);
  for (int i = 1; i <= n; ++i) highest[tree.leftmost[i]] = i;
  for (int i = 1; i <= n; ++i) {
    if (highest[tree.leftmost[i]] == i) tree.keyroots.push_back(i);
  }
  return tree;
}

double TreeEditDistance(const PostorderTree& a, const PostorderTree& b) {
  const int n = a.nodes.size() - 1, m = b.nodes.size() - 1;
  std::vector<std::vector<double>> rename(n + 1, std::vector<double>(m + 1));
  for (int i = 1; i <= n; ++i) {
    for (int j = 1; j <= m; ++j) rename[i][j] = RenameCost(*a.nodes[i], *b.nodes[j]);
  }
  std::vector<std::vector<double>> tree_dist(n + 1, std::vector<double>(m + 1));
  std::vector<std::vector<double>> forest;
  for (int i : a.keyroots) {
    for (int j : b.keyroots) {
      const int li = a.leftmost[i], lj = b.leftmost[j];
      // forest[x][y]: distance between a's nodes li..li+x-1 and b's lj..lj+y-1.
      forest.assign(i - li + 2, std::vector<double>(j - lj + 2, 0));
      for (int x = 1; x <= i - li + 1; ++x) forest[x][0] = x;
      for (int y = 1; y <= j - lj + 1; ++y) forest[0][y] = y;
      for (int i1 = li; i1 <= i; ++i1) {
        for (int j1 = lj; j1 <= j; ++j1) {
          const int x = i1 - li + 1, y = j1 - lj + 1;
          double best = std::min(forest[x - 1][y] + 1, forest[x][y - 1] + 1);
          if (a.leftmost[i1] == li && b.leftmost[j1] == lj) {
            forest[x][y] = std::min(best, forest[x - 1][y - 1] + rename[i1][j1]);
            tree_dist[i1][j1] = forest[x][y];
          } else {
            const int px = a.leftmost[i1] - li, py = b.leftmost[j1] - lj;
            forest[x][y] = std::min(best, forest[px][py] + tree_dist[i1][j1]);
          }
        }
      }
    }
  }
  return tree_dist[n][m];
}

}  // namespace

double Teds(const std::string& html_a, const std::string& html_b) {
  std::vector<Node> a = ParseTable(html_a), b = ParseTable(html_b);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  double distance = TreeEditDistance(Postorder(a), Postorder(b));
  return 1.0 - distance / std::max(a.size(), b.size());
}

}  // namespace jixiao
