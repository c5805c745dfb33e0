#!/usr/bin/python3
"""Makes honest-looking scans of the born-digital sample PDFs.

For each case `samples/<case>/<case>.pdf` (cases from `samples/src/cases.json`) this rasterizes the PDF with
pdftoppm, stamps a red official seal (印章) over the signature block, tones the paper, skews, blurs and adds
noise, and writes 1-2 scan variants into `samples/<case>/scans/` (which it deletes and rewrites), plus
`scans/expected.jsonl`: the case's expected records re-pointed at each scan file.

Deterministic: every random choice comes from an RNG seeded by the case name and variant kind, and no
timestamps are written, so a rerun on the same PDFs gives the same bytes.

Usage:  /usr/bin/python3 samples/src/make_scans.py [--samples DIR] [--cases-file FILE] [CASE ...]
"""

import argparse
import hashlib
import html
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SRC_DIR = os.path.dirname(os.path.abspath(__file__))
SAMPLES_DIR = os.path.dirname(SRC_DIR)

# Variant kinds. Each case gets two consecutive kinds of this cycle (case i: kinds 2i and 2i+1 mod 5), so six
# cases cover every kind at least twice.
KINDS = ["pdf", "tiff-g4", "jpeg", "png", "png-nodpi"]
# Resolutions offered per kind. PNGs stay at <= 200 dpi: a noisy colour page does not compress, and a
# 300-dpi A4 PNG would be ~15 MB on its own.
DPIS = {"pdf": [150, 200, 300], "tiff-g4": [200, 300], "jpeg": [150, 200, 300], "png": [150, 200],
        "png-nodpi": [150, 200]}
# Kinds whose file holds every page; the others hold one page.
MULTI_PAGE = {"pdf", "tiff-g4"}

# Signature labels (SPEC signoff), in order of preference; "单位负责人" also covers 单位负责人签字.
SEAL_LABELS = ["填报单位负责人", "单位负责人", "填报人", "填表人", "联系人"]
SEAL_DIAMETER_CM = 4.0
SEAL_RED = np.array([205, 30, 40], dtype=np.float32)
FONT_PATHS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/arphic/uming.ttc"]
# Fixed PDF dates: PIL would otherwise stamp the current time and break byte-for-byte reruns.
PDF_DATE = time.gmtime(1680307200)  # 2023-04-01


def seed_for(*parts):
    return int.from_bytes(hashlib.sha256("/".join(parts).encode()).digest()[:8], "little")


# ---------------------------------------------------------------------------------------------- source PDF

def page_count(pdf):
    out = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def render_page(pdf, page, dpi, tmp):
    """Renders one page in colour; returns an RGB image."""
    root = os.path.join(tmp, f"p{page}_{dpi}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", pdf, root],
                   check=True)
    with Image.open(root + ".ppm") as im:
        im.load()
        rgb = im.convert("RGB")
    os.remove(root + ".ppm")
    return rgb


_WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def label_boxes(pdf):
    """Returns {page: [(x0, y0, x1, y1) in points]} of the preferred signature label on each page.

    A label may be split over several words (or a word may hold more than the label), so each line's words
    are joined and the label's character span is mapped back to the words it touches.
    Only the label's own extent counts: "…(签名):朱志国" may be one word.
    """
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True, capture_output=True,
                         text=True).stdout
    found = {}
    for page_no, page_xml in enumerate(re.split(r"<page ", xml)[1:], start=1):
        lines = []
        for line_xml in re.findall(r"<line [^>]*>(.*?)</line>", page_xml, re.S):
            words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                     for a, b, c, d, t in _WORD_RE.findall(line_xml)]
            lines.append(words)
        for label in SEAL_LABELS:
            boxes = []
            for words in lines:
                text = "".join(w[4] for w in words)
                for m in re.finditer(re.escape(label), text):
                    pos, hit = 0, []
                    for x0, y0, x1, y1, t in words:
                        a, b = max(m.start(), pos), min(m.end(), pos + len(t))
                        if a < b:  # the label's share of this word, its x interpolated per character
                            step = (x1 - x0) / len(t)
                            hit.append((x0 + (a - pos) * step, y0, x0 + (b - pos) * step, y1))
                        pos += len(t)
                    boxes.append((min(h[0] for h in hit), min(h[1] for h in hit),
                                  max(h[2] for h in hit), max(h[3] for h in hit)))
            if boxes:
                found[page_no] = boxes
                break
    return found


def last_lines(pdf):
    """{page: (x0, y0, x1, y1) in points} of each page's lowest text line (a report's closing
    signature or date line: where a seal goes on a page without a table)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True, capture_output=True,
                         text=True).stdout
    found = {}
    for page_no, page_xml in enumerate(re.split(r"<page ", xml)[1:], start=1):
        boxes = [tuple(float(v) for v in m) for m in
                 re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', page_xml)]
        if boxes:
            found[page_no] = max(boxes, key=lambda b: b[3])
    return found


def read_records(case_dir):
    path = os.path.join(case_dir, "expected.jsonl")
    if not os.path.exists(path):
        return [], []
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    return lines, [json.loads(line) for line in lines]


# ---------------------------------------------------------------------------------------------------- seal

def _font(size):
    for path in FONT_PATHS:
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return None


def seal_mask(diameter, text, rng):
    """Ink density (float32 0..1, square) of a round official seal: ring, star, unit name on an arc."""
    ss = 2  # supersample, then shrink: smooth edges like real ink
    n = diameter * ss
    im = Image.new("L", (n, n), 0)
    draw = ImageDraw.Draw(im)
    r = n / 2
    ring = max(3, int(n * 0.035))
    draw.ellipse([ring / 2, ring / 2, n - ring / 2, n - ring / 2], outline=255, width=ring)
    # Five-point star in the middle.
    star_r = r * 0.30
    pts = []
    for k in range(10):
        rad = star_r if k % 2 == 0 else star_r * 0.38
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((r + rad * math.cos(a), r + rad * math.sin(a)))
    draw.polygon(pts, fill=255)
    # Unit name along the upper arc, tops outward; short strokes if no CJK font is installed.
    chars = list(text) or list("绩效评价专用章")
    span = math.radians(min(240, 22 * len(chars) + 20))
    glyph = int(r * min(0.30, 3.6 / max(len(chars), 1) * 0.32 + 0.1))
    font = _font(glyph)
    for i, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(chars)  # angle from +x, clockwise (y down)
        cx, cy = r + 0.70 * r * math.cos(a), r + 0.70 * r * math.sin(a)
        tile = Image.new("L", (glyph * 2, glyph * 2), 0)
        td = ImageDraw.Draw(tile)
        if font is not None:
            td.text((glyph, glyph), ch, fill=255, font=font, anchor="mm")
        else:
            w = max(2, glyph // 6)
            td.line([(glyph, glyph * 0.55), (glyph, glyph * 1.45)], fill=255, width=w)
            td.line([(glyph * 0.6, glyph), (glyph * 1.4, glyph)], fill=255, width=w)
        tile = tile.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        im.paste(255, (int(cx - glyph), int(cy - glyph)), tile)
    # A short line of text under the star, as on 专用章.
    if font is not None:
        small = _font(int(glyph * 0.75))
        draw.text((r, r + star_r * 1.55), "专用章", fill=255, font=small, anchor="mm")
    im = im.resize((diameter, diameter), Image.LANCZOS)
    m = np.asarray(im, dtype=np.float32) / 255.0
    # Uneven inking: a smooth density field plus pitting where the stamp did not touch.
    grid = rng.uniform(0.55, 1.0, size=(5, 5)).astype(np.float32)
    field = np.asarray(Image.fromarray(grid).resize((diameter, diameter), Image.BICUBIC), dtype=np.float32)
    pits = (rng.random((diameter, diameter)) > 0.06).astype(np.float32)
    return np.clip(m * field * (0.35 + 0.65 * pits), 0.0, 1.0)


def long_rule_rows(gray, y0, y1, min_frac=0.2):
    """Rows in [y0, y1) holding a horizontal dark run longer than min_frac of the width (table rulings)."""
    y0, y1 = max(0, int(y0)), min(gray.shape[0], int(y1))
    rows = []
    for y in range(y0, y1):
        dark = gray[y] < 128
        if dark.sum() < min_frac * gray.shape[1]:
            continue
        d = np.diff(np.concatenate(([0], dark.view(np.int8), [0])))
        starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
        if (ends - starts).max() >= min_frac * gray.shape[1]:
            rows.append(y)
    return rows


def seal_centres(gray, boxes_pt, dpi, rng, last_line=None):
    """Where to stamp on one page: at each signature label, nudged so the ring also crosses the ruling above.

    Without a label: bottom-left under the lowest table ruling; on a page without a table, over its last
    text line (a report's closing unit name and date), else the page's lower-left area.
    """
    radius = SEAL_DIAMETER_CM / 2.54 * dpi / 2
    s = dpi / 72.0
    centres = []
    for x0, y0, x1, y1 in boxes_pt:
        ly = (y0 + y1) / 2 * s
        cx = x1 * s + radius * rng.uniform(0.0, 0.4)
        cy = ly + radius * rng.uniform(-0.15, 0.1)
        rules = long_rule_rows(gray, ly - 2.0 * radius, ly)
        if rules:
            gap = ly - rules[-1]
            if gap > 0.7 * radius:  # ring would miss the ruling: move up between ruling and label
                cy = ly - gap / 2 if gap < 1.6 * radius else cy
        centres.append((cx, cy))
    if not boxes_pt:
        rules = long_rule_rows(gray, 0, gray.shape[0])
        if rules:
            y = rules[-1]
            xs = np.flatnonzero(gray[y] < 128)
            centres.append((xs[0] + radius * rng.uniform(1.1, 1.6), y + radius * rng.uniform(0.3, 0.6)))
        elif last_line is not None:
            x0, y0, x1, y1 = (v * s for v in last_line)
            centres.append(((x0 + x1) / 2 + radius * rng.uniform(-0.2, 0.2), y0 + radius * rng.uniform(-0.3, 0.1)))
        else:
            centres.append((gray.shape[1] * 0.3, gray.shape[0] * 0.8))
    return centres


def stamp(page, centres, dpi, text, rng):
    """Multiply-blends a semi-transparent red seal at each centre (page: float32 HxWx3 0..255, in place)."""
    diameter = int(round(SEAL_DIAMETER_CM / 2.54 * dpi * rng.uniform(0.97, 1.05)))
    for cx, cy in centres:
        m = seal_mask(diameter, text, rng)
        m = np.asarray(Image.fromarray(m).rotate(rng.uniform(-25, 25), resample=Image.BICUBIC),
                       dtype=np.float32)
        alpha = m * rng.uniform(0.75, 0.9)
        x0, y0 = int(cx - diameter / 2), int(cy - diameter / 2)
        # Clip to the page.
        px0, py0 = max(0, x0), max(0, y0)
        px1, py1 = min(page.shape[1], x0 + diameter), min(page.shape[0], y0 + diameter)
        if px1 <= px0 or py1 <= py0:
            continue
        a = alpha[py0 - y0:py1 - y0, px0 - x0:px1 - x0, None]
        tint = 1.0 - a * (1.0 - SEAL_RED / 255.0)
        page[py0:py1, px0:px1] *= tint


# -------------------------------------------------------------------------------------------- scan effects

def paper(shape, rng):
    """Paper tone: slightly yellow/grey base with low-frequency unevenness (float32 HxWx3 factors 0..1)."""
    h, w = shape[:2]
    base = np.array([rng.uniform(238, 248), 0, 0], dtype=np.float32)
    base[1] = base[0] - rng.uniform(2, 7)
    base[2] = base[1] - rng.uniform(6, 16)
    grid = rng.normal(0.0, 1.0, size=(7, 5)).astype(np.float32)
    field = np.asarray(Image.fromarray(grid).resize((w, h), Image.BICUBIC), dtype=np.float32)
    field = field / max(1e-6, np.abs(field).max()) * rng.uniform(5, 10)  # +-5..10 grey levels
    shade = np.linspace(0, rng.uniform(-6, 6), w, dtype=np.float32)[None, :]  # scanner light falloff
    tone = base[None, None, :] + (field + shade)[:, :, None]
    return np.clip(tone, 150, 255) / 255.0


def scan_page(rgb, dpi, angle, blur, noise, centres, seal_text, rng):
    """Returns the scanned look of one rendered page as an RGB image."""
    page = np.asarray(rgb, dtype=np.float32).copy()
    stamp(page, centres, dpi, seal_text, rng)
    tone = paper(page.shape, rng)
    page *= tone
    page = 18.0 + page * (1.0 - 18.0 / 255.0)  # scanner black is never 0
    fill = tuple(int(v) for v in (tone.mean(axis=(0, 1)) * 255))
    im = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8))
    im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    im = im.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(im, dtype=np.float32)
    lum = rng.normal(0.0, noise, size=arr.shape[:2]).astype(np.float32)
    chroma = rng.normal(0.0, noise * 0.3, size=arr.shape).astype(np.float32)
    arr = arr + lum[:, :, None] + chroma
    return Image.fromarray(np.clip(np.round(arr), 0, 255).astype(np.uint8))


def jpeg_roundtrip(im, quality):
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    with Image.open(buf) as out:
        return out.convert("RGB")


def binarize(im, threshold):
    return im.convert("L").point(lambda v: 255 if v > threshold else 0, mode="1")


# ------------------------------------------------------------------------------------------------ per case

def plan(cases):
    """{case: [(kind, dpi, pages, explicit)]}.

    A case of cases.json with a "scans" list gets exactly those variants: {"kind", "dpi"} and, to hold
    only some pages, "form" (a form id of the case: the pages of its record; an image takes the first)
    or "pages" (source pages); by default every page for pdf/tiff-g4, the image_page for the others.
    The others (cycled cases) get two consecutive kinds of the KINDS cycle, so every kind is covered; each
    kind's successive uses walk through its DPIS list, so the same kind is seen at different dpi. The cycle
    runs over every cycled case of cases.json, so scanning only some cases gives them the same variants.
    """
    out, used = {}, {k: 0 for k in KINDS}
    cycled = sorted(c for c, spec in cases.items() if "scans" not in spec)
    for i, case in enumerate(cycled):
        out[case] = []
        for kind in (KINDS[(2 * i) % len(KINDS)], KINDS[(2 * i + 1) % len(KINDS)]):
            dpis = DPIS[kind]
            out[case].append((kind, dpis[(used[kind] + 1) % len(dpis)], None, False))
            used[kind] += 1
    for case, spec in cases.items():
        if "scans" in spec:
            out[case] = [(v["kind"], v["dpi"], v, True) for v in spec["scans"]]
    return out


def page_tag(kind, pages, npages):
    """'' for a file of every page; '-p3' for one page; '-p3-4' for a run of pages; '-p1_5' else."""
    if kind in MULTI_PAGE and pages == list(range(1, npages + 1)):
        return ""
    if len(pages) == 1:
        return f"-p{pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"-p{pages[0]}-{pages[-1]}"
    return "-p" + "_".join(map(str, pages))


def image_page(records, npages):
    """Page a one-page image should hold: the first page that holds a whole record (normally page 1)."""
    for p in range(1, npages + 1):
        if any(r.get("source", {}).get("pages") == [p] for r in records):
            return p
    return 1


def seal_pages(records, npages):
    """The last page of each record carries its signature block; without records, the last page."""
    pages = {max(r["source"]["pages"]) for r in records if r.get("source", {}).get("pages")}
    return pages or {npages}


def seal_texts(records):
    """{page: unit name for the seal}: the implementer (else department) of the record ending on that page."""
    out = {}
    for r in records:
        pages = r.get("source", {}).get("pages") or []
        for key in ("implementer", "department"):
            v = r.get(key)
            if pages and isinstance(v, str) and 2 <= len(v) <= 16:
                out.setdefault(max(pages), v)
                break
    return out


def wanted_pages(case, spec, forms, records, kind):
    """The source pages a listed variant holds (None: the default), from its "form" or "pages"."""
    if "form" in spec:
        if spec["form"] not in forms or len(forms) != len(records):
            raise SystemExit(f"{case}: scan of form {spec['form']}: not a form of the case, or the "
                             f"expected records do not match the case's forms (regenerate the case)")
        pages = records[forms.index(spec["form"])]["source"]["pages"]
        return pages if kind in MULTI_PAGE else pages[:1]
    return spec.get("pages")


def make_case(case, samples_dir, variants, tmp, forms=()):
    case_dir = os.path.join(samples_dir, case)
    pdf = os.path.join(case_dir, case + ".pdf")
    lines, records = read_records(case_dir)
    npages = page_count(pdf)
    labels = label_boxes(pdf)
    lowest = last_lines(pdf)
    stamped = seal_pages(records, npages)
    texts = seal_texts(records)
    scans_dir = os.path.join(case_dir, "scans")
    if os.path.isdir(scans_dir):
        shutil.rmtree(scans_dir)
    os.makedirs(scans_dir)

    made = []  # (file name, kind, dpi, angle, pages of the source it holds)
    for kind, dpi, spec, explicit in variants:
        if kind not in KINDS:
            raise SystemExit(f"{case}: scan kind {kind!r} not in {KINDS}")
        want = wanted_pages(case, spec, list(forms), records, kind) if explicit else None
        if want is not None and (not want or any(not 1 <= p <= npages for p in want)
                                 or (kind not in MULTI_PAGE and len(want) != 1)):
            raise SystemExit(f"{case}: {kind} pages {want} (the PDF has {npages}; one page for an image)")
        # Cycled variants keep their historical seed; listed ones also seed by dpi and pages (a case
        # may list one kind twice).
        parts = (case, kind, str(dpi), ",".join(map(str, want or []))) if explicit else (case, kind)
        rng = np.random.default_rng(seed_for(*parts))
        angle = float(rng.uniform(0.3, 2.0) * rng.choice([-1, 1]))
        blur = float(rng.uniform(0.5, 1.0))
        noise = float(rng.uniform(2.5, 6.0))
        quality = int(rng.integers(55, 76))
        threshold = int(rng.integers(110, 171))  # seal ink is ~117-167 grey (5-75 %), so it stays or vanishes
        if want is not None:
            pages = list(want)
        else:
            pages = list(range(1, npages + 1)) if kind in MULTI_PAGE else [image_page(records, npages)]
        # A sheet fed sideways or upside down: quarter turns clockwise, one a page (a listed variant's
        # "turns"; 0 = upright).
        turns = (spec or {}).get("turns", [0] * len(pages))
        if len(turns) != len(pages) or any(t not in (0, 1, 2, 3) for t in turns):
            raise SystemExit(f"{case}: {kind} turns {turns}: one of 0-3 for each of its pages {pages}")
        images = []
        for p, turn in zip(pages, turns):
            rgb = render_page(pdf, p, dpi, tmp)
            centres = []
            if p in stamped:
                gray = np.asarray(rgb.convert("L"))
                centres = seal_centres(gray, labels.get(p, []), dpi, rng, lowest.get(p))
            text = texts.get(p, "绩效评价专用章")
            image = scan_page(rgb, dpi, angle, blur, noise, centres, text, rng)
            images.append(image.rotate(-90 * turn, expand=True))
        tag = page_tag(kind, pages, npages) + ("-turned" if any(turns) else "")
        if kind == "pdf":
            name = f"{case}{tag}-scan-{dpi}dpi.pdf"
            images[0].save(os.path.join(scans_dir, name), "PDF", resolution=float(dpi), save_all=True,
                           append_images=images[1:], quality=quality, title=case, creationDate=PDF_DATE,
                           modDate=PDF_DATE)
        elif kind == "tiff-g4":
            name = f"{case}{tag}-g4-{dpi}dpi.tif"
            bins = [binarize(im, threshold) for im in images]
            bins[0].save(os.path.join(scans_dir, name), "TIFF", compression="group4", dpi=(dpi, dpi),
                         save_all=True, append_images=bins[1:])
        elif kind == "jpeg":
            name = f"{case}{tag}-{dpi}dpi.jpg"
            images[0].save(os.path.join(scans_dir, name), "JPEG", quality=quality, dpi=(dpi, dpi))
        elif kind == "png":
            name = f"{case}{tag}-{dpi}dpi.png"
            jpeg_roundtrip(images[0], quality).save(os.path.join(scans_dir, name), "PNG", dpi=(dpi, dpi))
        else:  # png-nodpi: no pHYs chunk, so a reader must estimate the resolution
            name = f"{case}{tag}-nodpi.png"
            jpeg_roundtrip(images[0], quality).save(os.path.join(scans_dir, name), "PNG")
        # The JPEG round trip before PNG is the scanner's own compression; it also keeps the noise from
        # making PNGs of several MB.
        if kind == "tiff-g4":
            note = f"threshold {threshold}"
        else:
            note = f"jpeg q{quality}"
        made.append((name, kind, dpi, angle, pages, f"{note}, blur {blur:.2f}, noise {noise:.1f}"))

    write_expected(scans_dir, lines, records, made)
    return [(case, name, kind, dpi, angle, os.path.getsize(os.path.join(scans_dir, name)), note)
            for name, kind, dpi, angle, _, note in sorted(made)]


def write_expected(scans_dir, lines, records, made):
    """One block of records per scan file, in sorted file-name order; a file holding some pages only
    (every one-page image) keeps the records that lie wholly on its pages, with pages renumbered to the
    file's own (1 for an image)."""
    out = []
    for name, kind, _, _, pages, _ in sorted(made):
        own = {p: k for k, p in enumerate(pages, 1)}
        held = [(line, rec) for line, rec in zip(lines, records)
                if rec.get("source", {}).get("pages") and all(p in own for p in rec["source"]["pages"])]
        for line, rec in held:
            if len(held) < len(records):
                rec = without_unfounded_checks(rec, [r for _, r in held], records, name)
            out.append(repoint(line, rec, name, [own[p] for p in rec["source"]["pages"]]))
    with open(os.path.join(scans_dir, "expected.jsonl"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in out))


# Checks comparing a record with the other records of its file (docs/records.md), and the forms they
# compare it with: in a file holding none of those, there is nothing to compare with, hence no check.
CROSS_CHECKS = {"SUMMARY_MISMATCH": lambda r: r.get("form") == "project_self_evaluation",
                "NARRATIVE_MISMATCH": lambda r: r.get("form") != "narrative_report"}


def without_unfounded_checks(rec, held, records, name):
    """rec without the cross-form checks whose basis the scan file does not hold at all; a file holding
    only part of the basis would need the check recomputed, which this script does not do: it stops."""
    keep = []
    for check in rec.get("checks", []):
        basis = CROSS_CHECKS.get(check.get("code"))
        n = sum(1 for r in held if basis(r)) if basis else 0
        if basis is None or n == sum(1 for r in records if basis(r)):
            keep.append(check)
            continue
        if n:
            raise SystemExit(f"{name}: holds {n} of the records {check['code']} of a {rec['form']} "
                             f"compares with, not all: list its pages so that it holds all or none")
    if len(keep) == len(rec.get("checks", [])):
        return rec
    return dict(rec, checks=keep)


def repoint(line, rec, name, pages):
    """Rewrites source.file (and source.pages) and nothing else, keeping the line's JSON formatting."""
    compact = '":' in line and '": ' not in line
    seps = (",", ":") if compact else (", ", ": ")
    src = dict(rec["source"])
    src["file"] = name
    if "pages" in src:
        src["pages"] = pages
    new = dict(rec)
    new["source"] = src
    return json.dumps(new, ensure_ascii=False, separators=seps)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", default=SAMPLES_DIR, help="samples folder (default: this script's parent)")
    ap.add_argument("--cases-file", default=os.path.join(SRC_DIR, "cases.json"),
                    help="case list (default: src/cases.json)")
    ap.add_argument("cases", nargs="*", help="cases to scan (default: all of the case list)")
    args = ap.parse_args()
    with open(args.cases_file, encoding="utf-8") as f:
        all_cases = json.load(f)
    unknown = [c for c in args.cases if c not in all_cases]
    if unknown:
        ap.error(f"unknown case(s): {', '.join(unknown)}")
    cases = args.cases or list(all_cases)
    variants = plan(all_cases)
    rows, missing = [], []
    with tempfile.TemporaryDirectory(prefix="make_scans_") as tmp:
        for case in sorted(cases):
            if not os.path.exists(os.path.join(args.samples, case, case + ".pdf")):
                missing.append(case)
                continue
            rows += make_case(case, args.samples, variants[case], tmp, all_cases[case]["forms"])
    print(f"{'file':<56} {'kind':<10} {'dpi':>4} {'angle':>6} {'size':>11}  effects")
    for case, name, kind, dpi, angle, size, note in rows:
        print(f"{case + '/scans/' + name:<56} {kind:<10} {dpi:>4} {angle:>+6.2f} {size:>11,}  {note}")
    print(f"total {len(rows)} files, {sum(r[5] for r in rows) / 1e6:.1f} MB")
    if missing:
        print("no PDF (skipped): " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
