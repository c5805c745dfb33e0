#!/usr/bin/python3
# Generates generic ruled tables (not the forms of samples/: other words, column counts, spans,
# faces and ruling styles) with their true structure, to test the layout and OCR stages on
# tables jixiao was not built around. Regenerate from the repository root with:
#   /usr/bin/python3 tests/data/tables/make_tables.py
# Needs python3-reportlab, python3-pil, python3-numpy, poppler-utils (pdftoppm), qpdf,
# fonts-arphic-uming, fonts-arphic-ukai.
#
# Per table NAME: NAME.pdf (born-digital), NAME.json (rows, cols, and every cell's row, col,
# spans and text) and the scans listed in TABLES: "png150" (gray, 150 dpi), "png200" (gray,
# 200 dpi), "jpg200" (200 dpi turned 1.5°, noise, blur, JPEG q60), "g4" (200 dpi turned -1°,
# 1-bit, CCITT G4 TIFF), "g4faint" (200 dpi turned 0.7°, blurred and thresholded dark: 1-bit
# with the glyphs' thin strokes lost, the rulings kept).
import json
import os
import random
import subprocess
import tempfile

import numpy
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = {"uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
         "ukai": "/usr/share/fonts/truetype/arphic/ukai.ttc"}
for name, path in FONTS.items():
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
WORDS = ("资金 预算 执行 项目 单位 完成 情况 指标 目标 年度 人数 覆盖率 满意度 医疗 保障 救助 补助 "
         "经费 管理 服务 合格率 及时率 成本 效益 社会 可持续 影响 质量 数量 时效").split()

# name, seed, rows, cols, face, size (pt), inner/outer ruling width (pt), open sides,
# spans (row, col, rowspan, colspan), scans, fills (gray of the header row, gray of every
# other body row; None: no fill), inner rulings' dash pattern (on, off in pt; None: solid),
# rules: "grid" (every cell ruled), "three" (a three-line table: outer rules above and below
# the table, an inner one under the header rows, no vertical rulings) or "rows" (a rule above
# every row and under the last, no vertical rulings) or "cols" (every column ruled, but
# across only above and below the header row and under the last: the body rows unruled).
# Last, optionally: the rulings' gray (0 black, the default; 0.85: a spreadsheet's light
# gridlines). Tables without vertical rulings leave two text heights between the texts of
# neighbouring cells, as a typesetter would.
# SIDEWAYS tables are set on a landscape page turned a quarter turn counter-clockwise onto an
# upright A4 page (a wide table in a portrait report: its text runs bottom to top), and again
# with /Rotate 90 (qpdf), which shows the same page upright: NAME-rotate90.pdf.
TABLES = [
    ("spans-uming", 2, 10, 6, "uming", 10, 0.5, 1.5, False,
     [(1, 0, 3, 1), (4, 0, 4, 1), (0, 2, 1, 2), (6, 3, 2, 2)], ["png150"], (None, None)),
    ("open-uming", 5, 9, 5, "uming", 10, 0.5, 1.0, True, [(1, 0, 2, 1), (5, 4, 3, 1)],
     ["jpg200", "g4"], (None, None)),
    ("thin-ukai", 6, 15, 7, "ukai", 9, 0.25, 0.25, False,
     [(0, 0, 2, 1), (0, 1, 1, 3), (0, 4, 1, 3)], ["png200"], (None, None)),
    ("shaded-uming", 7, 9, 5, "uming", 10, 0.5, 1.0, False, [(3, 0, 2, 1)], [], (0.7, 0.9)),
    ("dashed-uming", 8, 9, 6, "uming", 10, 0.5, 1.0, False, [(1, 0, 3, 1), (0, 2, 1, 2)],
     ["png200", "g4"], (None, None), (3, 3)),
    ("dashed-ukai", 14, 9, 5, "ukai", 10, 0.5, 1.0, False, [(4, 2, 1, 3)], ["png150", "g4"],
     (None, None), (6, 4)),
    ("faint-uming", 23, 10, 5, "uming", 9, 1.0, 1.5, False, [(1, 0, 3, 1)], ["g4faint"],
     (None, None)),
    ("three-uming", 31, 12, 5, "uming", 10, 0.75, 1.5, False, [(0, 1, 1, 2), (0, 3, 1, 2)],
     ["png150", "jpg200"], (None, None), None, "three"),
    ("rows-ukai", 32, 9, 4, "ukai", 10, 0.5, 0.5, False, [], ["png200", "g4"], (None, None),
     None, "rows"),
    ("cols-uming", 34, 11, 6, "uming", 10, 0.5, 1.0, False, [], ["png150", "g4"],
     (None, None), None, "cols"),
    ("light-uming", 35, 9, 5, "uming", 10, 0.5, 0.5, False, [(2, 0, 2, 1), (0, 3, 1, 2)], [],
     (None, None), None, "grid", 0.85),
    ("wide-uming", 33, 8, 9, "uming", 10, 0.5, 1.0, False, [(0, 1, 1, 4), (2, 0, 3, 1)], [],
     (None, None)),
]
SIDEWAYS = {"wide-uming"}


def cell_text(rng, header):
    if header:
        return "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))
    k = rng.random()
    if k < 0.35:
        return "%.2f" % (rng.random() * 1000)
    if k < 0.45:
        return "%d%%" % rng.randint(50, 100)
    if k < 0.5:
        return ""
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def make_pdf(name, seed, rows, cols, face, size, inner, outer, open_sides, spans, fills, dash,
             rules="grid", ruling_gray=0):
    rng = random.Random(seed)
    width, height = A4
    c = canvas.Canvas(os.path.join(HERE, name + ".pdf"), pagesize=A4, invariant=1)
    if name in SIDEWAYS:
        width, height = height, width
        c.translate(height, 0)
        c.rotate(90)
    c.setSubject("generated by tests/data/tables/make_tables.py")
    x0, y0 = 50, height - 90
    xs = [x0 + k * (width - 100) / cols for k in range(cols + 1)]
    ys = [y0 - k * size * 2.4 for k in range(rows + 1)]
    owner = {}
    for (r, col, rs, cs) in spans:
        for i in range(r, r + rs):
            for j in range(col, col + cs):
                owner[(i, j)] = (r, col)
    header_fill, body_fill = fills
    for i, gray in [(0, header_fill)] + [(i, body_fill) for i in range(2, rows, 2)]:
        if gray is not None:
            c.setFillGray(gray)
            c.rect(xs[0], ys[i + 1], xs[-1] - xs[0], ys[i] - ys[i + 1], stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont(face, size + 4)
    c.drawString(x0, height - 60, "附表%d 测试表格" % seed)
    c.setFont(face, size)
    cells = []
    for i in range(rows):
        for j in range(cols):
            if owner.get((i, j), (i, j)) != (i, j):
                continue
            rs, cs = next(((a, b) for (r, col, a, b) in spans if (r, col) == (i, j)), (1, 1))
            text = cell_text(rng, i == 0)
            margin = 6 if rules in ("grid", "cols") else 2 * size
            while len(text) > 1 and c.stringWidth(text, face, size) > xs[j + cs] - xs[j] - margin:
                text = text[:-1]
            cells.append({"row": i, "col": j, "rowspan": rs, "colspan": cs, "text": text})
            c.drawCentredString((xs[j] + xs[j + cs]) / 2, (ys[i] + ys[i + rs]) / 2 - size * 0.35,
                                text)
    if ruling_gray:
        c.setStrokeGray(ruling_gray)
    if rules == "cols":
        for k in (0, 1, rows):
            c.setLineWidth(outer if k in (0, rows) else inner)
            c.line(xs[0], ys[k], xs[-1], ys[k])
        for k in range(cols + 1):
            c.setLineWidth(outer if k in (0, cols) else inner)
            c.line(xs[k], ys[0], xs[k], ys[rows])
        cells_to_rule = []
    elif rules != "grid":
        header_rows = max([r + rs for (r, col, rs, cs) in spans if r == 0] + [1])
        across = [(0, outer), (header_rows, inner), (rows, outer)] if rules == "three" else \
            [(k, outer if k in (0, rows) else inner) for k in range(rows + 1)]
        for k, line_width in across:
            c.setLineWidth(line_width)
            c.line(xs[0], ys[k], xs[-1], ys[k])
        cells_to_rule = []
    elif dash:  # each ruling drawn once, in runs along the grid, so that dashes do not overlap
        def at(i, j):
            return owner.get((i, j), (i, j)) if 0 <= i < rows and 0 <= j < cols else None

        def runs(n, is_edge):  # maximal [first, last + 1) runs of unit edges
            out, first = [], None
            for t in range(n + 1):
                if t < n and is_edge(t):
                    first = t if first is None else first
                elif first is not None:
                    out.append((first, t))
                    first = None
            return out

        for k in range(rows + 1):
            c.setLineWidth(outer if k in (0, rows) else inner)
            c.setDash() if k in (0, rows) else c.setDash(*dash)
            for a, b in runs(cols, lambda j: at(k - 1, j) != at(k, j)):
                c.line(xs[a], ys[k], xs[b], ys[k])
        for k in range(cols + 1):
            c.setLineWidth(outer if k in (0, cols) else inner)
            c.setDash() if k in (0, cols) else c.setDash(*dash)
            for a, b in runs(rows, lambda i: at(i, k - 1) != at(i, k)):
                c.line(xs[k], ys[a], xs[k], ys[b])
        cells_to_rule = []
    else:
        cells_to_rule = cells

    def rule(width, *points):
        c.setLineWidth(width)
        c.line(*points)

    for cell in cells_to_rule:
        i, j, rs, cs = cell["row"], cell["col"], cell["rowspan"], cell["colspan"]
        left, right, top, bottom = xs[j], xs[j + cs], ys[i], ys[i + rs]
        rule(outer if i == 0 else inner, left, top, right, top)
        rule(outer if i + rs == rows else inner, left, bottom, right, bottom)
        if not (open_sides and j == 0):
            rule(outer if j == 0 else inner, left, top, left, bottom)
        if not (open_sides and j + cs == cols):
            rule(outer if j + cs == cols else inner, right, top, right, bottom)
    c.showPage()
    c.save()
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        json.dump({"rows": rows, "cols": cols, "cells": cells}, f, ensure_ascii=False, indent=0)


def render(pdf, dpi):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", pdf,
                        os.path.join(tmp, "page")], check=True)
        return Image.open(os.path.join(tmp, "page.png")).convert("L").copy()


def make_scans(name, seed, scans):
    pdf = os.path.join(HERE, name + ".pdf")
    base = os.path.join(HERE, name)
    for scan in scans:
        if scan == "png150":
            render(pdf, 150).save(base + "-150dpi.png", dpi=(150, 150))
        elif scan == "png200":
            render(pdf, 200).save(base + "-200dpi.png", dpi=(200, 200))
        elif scan == "jpg200":
            page = render(pdf, 200).rotate(1.5, resample=Image.BICUBIC, expand=True, fillcolor=255)
            noise = numpy.random.default_rng(seed).normal(0, 12, (page.height, page.width))
            page = Image.fromarray(numpy.clip(numpy.asarray(page, float) + noise, 0, 255)
                                   .astype(numpy.uint8)).filter(ImageFilter.GaussianBlur(0.6))
            page.save(base + "-turned-200dpi.jpg", quality=60, dpi=(200, 200))
        elif scan == "g4faint":
            page = render(pdf, 200).rotate(0.7, resample=Image.BICUBIC, expand=True, fillcolor=255)
            page.filter(ImageFilter.GaussianBlur(0.8)).point(lambda v: 255 if v > 115 else 0) \
                .convert("1").save(base + "-faint-g4-200dpi.tif", compression="group4",
                                   dpi=(200, 200))
        elif scan == "g4":
            page = render(pdf, 200).rotate(-1, resample=Image.BICUBIC, expand=True, fillcolor=255)
            page.point(lambda v: 255 if v > 150 else 0).convert("1").save(
                base + "-turned-g4-200dpi.tif", compression="group4", dpi=(200, 200))


for spec in TABLES:
    make_pdf(*spec[:10], spec[11], spec[12] if len(spec) > 12 else None,
             spec[13] if len(spec) > 13 else "grid", spec[14] if len(spec) > 14 else 0)
    make_scans(spec[0], spec[1], spec[10])
    if spec[0] in SIDEWAYS:
        subprocess.run(["qpdf", "--deterministic-id", "--rotate=+90",
                        os.path.join(HERE, spec[0] + ".pdf"),
                        os.path.join(HERE, spec[0] + "-rotate90.pdf")], check=True)
