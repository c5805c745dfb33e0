#!/usr/bin/python3
"""Regenerates the seed corpora fuzz/corpus/<target>/ (committed; scripts/fuzz reads them).

  /usr/bin/python3 fuzz/make_seeds.py [JIXIAO_BINARY]     (default build/jixiao)

values/  every example of patterns/*.examples.txt, one file each
map/     the tables of samples/*/*.pdf (`jixiao tables`) written in map_fuzzer.cc's text format,
         a page per sample, plus hand-written edge cases
tables/  line sets in tables_fuzzer.cc's byte format: ruled grids (plain, with spans, skewed,
         broken, nested) with words in them
ingest/  small files of every type: tests/data's PDFs, hostile/'s small ones, tiny PNG, JPEG,
         TIFF (G4, multi-page) made here
"""
import glob
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
from collections import defaultdict

from PIL import Image, ImageDraw

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "fuzz", "corpus")
jixiao = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "jixiao")


def reset(target):
    path = os.path.join(corpus, target)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def save(directory, data, name=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


# values: the examples, positive and negative, as the mapper sees cell text.
values = reset("values")
for path in glob.glob(os.path.join(root, "patterns", "*.examples.txt")):
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and not line.startswith("#"):
            save(values, parts[2])
for text in ["≥ 45000 人", "＜＝５％", "2024 年 3 月 19 日", "2023-13-45", "1" * 400,
             "99999999999999999999.5万元", "指标1:指标2:", "……", "\xff\xfe", "-0.0%"]:
    save(values, text)

# map: real tables from the samples, in map_fuzzer's format.
map_dir = reset("map")
pdfs = sorted(glob.glob(os.path.join(root, "samples", "*", "*.pdf")))
if os.path.exists(jixiao) and pdfs:
    out = subprocess.run([jixiao, "tables", *pdfs], capture_output=True, text=True).stdout
    tables = defaultdict(list)
    for line in out.splitlines():
        t = json.loads(line)
        if "error" not in t:
            tables[t["source"]["file"]].append(t)
    for file, file_tables in tables.items():
        lines, page = [], None
        for t in file_tables:
            if page is not None and t["source"]["page"] != page:
                lines.append("#page")
            page = t["source"]["page"]
            grid = [[None] * t["cols"] for _ in range(t["rows"])]
            for c in t["cells"]:
                for r in range(c["row"], c["row"] + c["rowspan"]):
                    for k in range(c["col"], c["col"] + c["colspan"]):
                        if r == c["row"] and k == c["col"]:
                            grid[r][k] = c["text"].replace("|", "/").replace("\n", "")
                        elif r == c["row"]:
                            grid[r][k] = "<"
                        else:
                            grid[r][k] = "^"
            lines.append("#table")
            lines += ["|".join(x or "" for x in row) for row in grid]
        save(map_dir, "\n".join(lines) + "\n", os.path.basename(file) + ".txt")
for text in ["#table\n项目名称|p\n总分|100|97.75\n",
             "#lines\n项目支出绩效自评表\n(2022年度)\n#table\n项目名称|<|^\n^|x\n#page\n#table\n总分\n",
             "#table\n|||\n<|<|<\n^|^|^\n#lines\n填报人:王刚 联系方式:8366688\n"]:
    save(map_dir, text)

# tables: kind x(2) y(2) length thickness records after a dpi byte (see tables_fuzzer.cc).
tables_dir = reset("tables")


def record(kind, x, y, length, thickness):
    return struct.pack("<BHHBB", kind, (x + 20) % 65536, (y + 20) % 65536, min(length, 255),
                       thickness)


def grid(x0, y0, rows, cols, cw, rh, skip=(), skew=False, words=True):
    """A ruled rows x cols grid (cell size cw x rh px at 100 dpi); `skip` lists the vertical
    separators (row, col) left out, which makes colspans."""
    data = b""
    for r in range(rows + 1):
        kind = 2 if skew else 0
        data += record(kind, x0, y0 + r * rh, cols * cw // 4, 2)
    for k in range(cols + 1):
        for r in range(rows):
            if (r, k) not in skip:
                data += record(1, x0 + k * cw, y0 + r * rh, rh // 4 + 1, 2)
    if words:
        for r in range(rows):
            for k in range(cols):
                data += record(4, x0 + k * cw + 5, y0 + r * rh + 5, 60, r + k)
    return data


dpi100 = b"\x01"  # pixels below are at 100 dpi on a 425 x 550 page
save(tables_dir, dpi100 + grid(40, 60, 3, 3, 110, 30), "grid-3x3")
save(tables_dir, dpi100 + grid(20, 60, 8, 6, 65, 28, skip={(0, 2), (0, 3), (1, 4)}), "spans")
save(tables_dir, dpi100 + grid(20, 60, 5, 4, 90, 30, skew=True), "skewed")
save(tables_dir, b"\x03" + grid(20, 40, 12, 8, 48, 24), "dense-200dpi")
save(tables_dir, b"\x00" + grid(30, 40, 2, 2, 60, 20), "tiny-50dpi")
broken = bytearray(dpi100 + grid(40, 60, 4, 4, 80, 30, words=False))
for i in range(5, len(broken), 35):
    broken[i] = 0  # shorten some rulings to nothing
save(tables_dir, bytes(broken), "broken")
save(tables_dir, dpi100 + grid(20, 30, 6, 5, 75, 70, words=False) +
     grid(40, 50, 2, 2, 30, 20), "nested")
save(tables_dir, dpi100 + record(3, 150, 100, 255, 1) + grid(30, 300, 2, 5, 70, 30), "blob")

# ingest: small files of each type.
ingest_dir = reset("ingest")
data = os.path.join(root, "tests", "data")
for name in ["form.pdf", "truncated.pdf", "encrypted.pdf", "image-as.pdf", "random.pdf",
             "hostile/zero-pages.pdf", "hostile/loop-kids.pdf", "hostile/huge-page.pdf",
             "hostile/bomb.png", "hostile/bomb.tif", "hostile/bomb.jpg", "hostile/text-named.pdf"]:
    path = os.path.join(data, name)
    if os.path.exists(path):
        shutil.copy(path, os.path.join(ingest_dir, name.replace("/", "-")))
page = Image.new("L", (180, 250), 255)
draw = ImageDraw.Draw(page)
for y in range(40, 200, 30):
    draw.line((20, y, 160, y), fill=0, width=2)
for x in (20, 90, 160):
    draw.line((x, 40, x, 190), fill=0, width=2)
for fmt, name, kwargs in [("PNG", "page.png", {}), ("JPEG", "page.jpg", {"quality": 30}),
                          ("TIFF", "page-g4.tif", {"compression": "group4"})]:
    buffer = io.BytesIO()
    (page.convert("1") if "g4" in name else page).save(buffer, fmt, **kwargs)
    save(ingest_dir, buffer.getvalue(), name)
buffer = io.BytesIO()
page.save(buffer, "TIFF", save_all=True, append_images=[page.rotate(90, expand=True)])
save(ingest_dir, buffer.getvalue(), "two-pages.tif")
buffer = io.BytesIO()
page.convert("RGB").save(buffer, "PNG")
save(ingest_dir, buffer.getvalue(), "page-rgb.png")

# A libFuzzer dictionary for the text targets (values, map): the labels' positive examples
# and the tokens of the value grammars and of map_fuzzer's format.
tokens = set()
for path in glob.glob(os.path.join(root, "patterns", "*.examples.txt")):
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and parts[1] == "+" and not line.startswith("#") and 0 < len(parts[2]) <= 12:
            tokens.add(parts[2])
tokens |= {"≥", "≤", ">=", "<=", "%", "万元", "万", "元", "年", "月", "日", "指标1:", "—", "……",
           "人", ",", ".", "-", "#table\n", "#page\n", "#lines\n", "|", "|<", "|^", "\n"}
with open(os.path.join(root, "fuzz", "fields.dict"), "w", encoding="utf-8") as f:
    f.write("# Generated by fuzz/make_seeds.py: tokens for the values and map fuzz targets.\n")
    for token in sorted(tokens):
        escaped = "".join("\\x%02x" % b if b < 0x20 or b in (0x22, 0x5c) or b >= 0x80 else chr(b)
                          for b in token.encode("utf-8"))
        f.write('"%s"\n' % escaped)
