// TEDS on pairs whose tree edit distance is worked out by hand. Node counts: table + rows +
// cells, so a 2×2 table has 7 nodes.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "eval/eval.h"

namespace jixiao {
namespace {

constexpr char kTwoByTwo[] =
    "<table><tr><td>项目名称</td><td>医疗保障服务经费</td></tr>"
    "<tr><td>≥17名</td><td>14名</td></tr></table>";

struct Case {
  const char* name;
  std::string a, b;
  double teds;
};

TEST(TedsTest, KnownPairs) {
  const Case kCases[] = {
      {"identical", kTwoByTwo, kTwoByTwo, 1.0},
      // 医疗保障 → 医疗服务: 2 of 4 code points (bytes would say 6 of 12, same ratio, so the
      // next case tells them apart); 4 nodes.
      {"cell_text_half_changed", "<table><tr><td>医疗保障</td><td>x</td></tr></table>",
       "<table><tr><td>医疗服务</td><td>x</td></tr></table>", 1 - 0.5 / 4},
      // ≥17名 → 17名: 1 of 4 code points (bytes: 3 of 8); 4 nodes.
      {"code_points_not_bytes", "<table><tr><td>≥17名</td><td>x</td></tr></table>",
       "<table><tr><td>17名</td><td>x</td></tr></table>", 1 - 0.25 / 4},
      // Delete a tr and its two td: 3 of 7.
      {"last_row_missing", kTwoByTwo,
       "<table><tr><td>项目名称</td><td>医疗保障服务经费</td></tr></table>", 1 - 3.0 / 7},
      {"first_row_missing", kTwoByTwo, "<table><tr><td>≥17名</td><td>14名</td></tr></table>",
       1 - 3.0 / 7},
      // Same text, span differs: rename costs 1; 6 nodes.
      {"colspan_changed",
       "<table><tr><td colspan=\"2\">项目名称</td></tr><tr><td>b</td><td>c</td></tr></table>",
       "<table><tr><td>项目名称</td></tr><tr><td>b</td><td>c</td></tr></table>", 1 - 1.0 / 6},
      {"rowspan_unquoted_equal",
       "<table><tr><td rowspan=\"2\">a</td><td>b</td></tr><tr><td>c</td></tr></table>",
       "<table><tr><td rowspan=2>a</td><td>b</td></tr><tr><td>c</td></tr></table>", 1.0},
      // Two cells merged into one: delete one td (1) and rename the other ab → abcd (2/4),
      // either way round; 4 nodes against 3.
      {"cells_merged", "<table><tr><td>ab</td><td>cd</td></tr></table>",
       "<table><tr><td>abcd</td></tr></table>", 1 - 1.5 / 4},
      // Html() escapes & < > "; a raw & or > in text is read as itself.
      {"entities_decoded", "<table><tr><td>a&amp;b&gt;5&quot;</td></tr></table>",
       "<table><tr><td>a&b>5\"</td></tr></table>", 1.0},
      // &lt; is one code point: a<5 → a5 is 1 of 3.
      {"entity_is_one_character", "<table><tr><td>a&lt;5</td></tr></table>",
       "<table><tr><td>a5</td></tr></table>", 1 - (1.0 / 3) / 3},
      {"empty_tables", "<table></table>", "<table></table>", 1.0},
      {"empty_vs_one_cell", "<table></table>", "<table><tr><td>a</td></tr></table>",
       1 - 2.0 / 3},
      {"empty_cells", "<table><tr><td></td></tr></table>", "<table><tr><td></td></tr></table>",
       1.0},
      {"no_html", "", "", 1.0},
      {"one_side_missing", "", kTwoByTwo, 0.0},
  };
  for (const Case& test : kCases) {
    SCOPED_TRACE(test.name);
    EXPECT_NEAR(Teds(test.a, test.b), test.teds, 1e-12);
    EXPECT_NEAR(Teds(test.b, test.a), test.teds, 1e-12);  // symmetric costs
  }
}

// A form-sized table (40 rows × 9 columns, 401 nodes) must be quick to score.
TEST(TedsTest, FormSizedTable) {
  std::string a = "<table>", b = "<table>";
  for (int row = 0; row < 40; ++row) {
    a += "<tr>";
    b += "<tr>";
    for (int col = 0; col < 9; ++col) {
      std::string text = "指标" + std::to_string(row * 9 + col);
      a += "<td>" + text + "</td>";
      b += "<td>" + (row == 7 && col == 3 ? std::string("x") : text) + "</td>";
    }
    a += "</tr>";
    b += "</tr>";
  }
  a += "</table>";
  b += "</table>";
  auto start = std::chrono::steady_clock::now();
  double teds = Teds(a, b);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // 指标66 → x: all 4 code points differ.
  EXPECT_NEAR(teds, 1 - 1.0 / 401, 1e-12);
  EXPECT_LT(seconds, 5.0);
}

}  // namespace
}  // namespace jixiao
