#!/usr/bin/python3
"""Regenerates tests/data/hostile/: broken and hostile inputs for tests/hostile_e2e_test.cc.

  /usr/bin/python3 tests/data/make_hostile.py      (needs qpdf, PIL; run make_fixtures.py first)

Every file is small (< 200 KB); the "huge" ones only declare a huge size.

zero-pages.pdf        a well-formed PDF whose page tree has no pages (/Count 0)
loop-kids.pdf         a page tree whose /Kids points back to the tree's root
deep-nesting.pdf      a page carrying an array nested 100000 levels deep
deep-dicts.pdf        a catalog and a page referring to 20000 nested dictionaries
huge-page.pdf         one page with a MediaBox of 14400 x 14400 pt (200 x 200 inches)
rotated-90.pdf        form.pdf with /Rotate 90 (shown sideways); rotated-270.pdf with /Rotate 270
rotated-upright.pdf   form.pdf's content stored sideways with /Rotate 270 setting it upright
pages-3000.pdf        3000 tiny blank pages sharing one content stream (object streams)
bomb.png              a PNG declaring 100000 x 100000 pixels (one tiny IDAT)
bomb.tif              a TIFF declaring 100000 x 100000 pixels (one tiny strip)
bomb.jpg              a JPEG whose frame header declares 65000 x 65000 pixels
jpeg-named.png        a real JPEG of form.pdf's page with a .png name
text-named.pdf        plain text with a .pdf name
folder/               form.pdf, and notes.docx (a zip: a type jixiao does not read)
"""
import io
import os
import shutil
import struct
import subprocess
import zipfile
import zlib

from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "hostile")
form = os.path.join(here, "form.pdf")
os.makedirs(os.path.join(out, "folder"), exist_ok=True)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def pdf(objects, root=1):
    """A classic PDF (header, objects, xref, trailer) from a list of object bodies (bytes),
    numbered 1..n in order."""
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        body += b"%010d 00000 n \n" % offset
    body += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(body)


def page(extra=b"", box=b"[0 0 200 200]"):
    return b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Contents 4 0 R " + extra + b">>"


# A content stream that draws a small ruled box with nothing in it.
content = b"0.5 w 20 20 m 180 20 l 180 180 l 20 180 l h S"
stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"

write("zero-pages.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [] /Count 0 >>"]))

# The root lists a page and itself; an intermediate node lists the root again.
write("loop-kids.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Kids [3 0 R 2 0 R 5 0 R] /Count 3 >>",
                            page(),
                            stream,
                            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 5 0 R] /Count 2 >>"]))

depth = 100000
deep_array = b"[" * depth + b"]" * depth
deep_dict = b"<</A " * 20000 + b"1" + b">>" * 20000
write("deep-nesting.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                               page(b"/Deep " + deep_array + b" "),
                               stream]))
write("deep-dicts.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R /Deep 5 0 R >>",
                             b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             page(b"/Deep 5 0 R "),
                             stream,
                             deep_dict]))

write("huge-page.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            page(box=b"[0 0 14400 14400]"),
                            stream]))

for degrees in (90, 270):
    subprocess.run(["qpdf", "--deterministic-id", form, "--rotate=+%d" % degrees, "--",
                    os.path.join(out, "rotated-%d.pdf" % degrees)], check=True)
# As scanners write landscape-stored pages: the content turned sideways in the page itself,
# and /Rotate 270 turning it upright again for display.
sideways = os.path.join(out, "sideways.tmp.pdf")
subprocess.run(["qpdf", "--deterministic-id", form, "--rotate=+90", "--flatten-rotation", "--", sideways], check=True)
subprocess.run(["qpdf", "--deterministic-id", sideways, "--rotate=+270", "--", os.path.join(out, "rotated-upright.pdf")],
               check=True)
os.remove(sideways)

# 3000 pages: one shared content stream, pages packed into object streams by qpdf.
count = 3000
kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
           b"<< /Type /Pages /Kids [" + kids + b"] /Count %d /MediaBox [0 0 36 36] >>" % count,
           b"<< >>",
           stream]
objects += [b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"] * count
plain = os.path.join(out, "pages-3000.tmp.pdf")
with open(plain, "wb") as f:
    f.write(pdf(objects))
subprocess.run(["qpdf", "--deterministic-id", "--object-streams=generate", "--compress-streams=y", plain,
                os.path.join(out, "pages-3000.pdf")], check=True)
os.remove(plain)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# 1-bit gray, 100000 x 100000: a full decode would need 1.25 GB; the IDAT holds one row.
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 1, 0, 0, 0, 0)
write("bomb.png", b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
      png_chunk(b"IDAT", zlib.compress(b"\x00" * (1 + 12500))) + png_chunk(b"IEND", b""))

# Little-endian TIFF, 8-bit gray, 100000 x 100000, one strip of 16 bytes.
entries = [(256, 4, 1, 100000), (257, 4, 1, 100000), (258, 3, 1, 8), (259, 3, 1, 1),
           (262, 3, 1, 1), (273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, 100000), (279, 4, 1, 16)]
ifd_offset = 8
data_offset = ifd_offset + 2 + 12 * len(entries) + 4
tiff = bytearray(b"II*\x00" + struct.pack("<I", ifd_offset))
tiff += struct.pack("<H", len(entries))
for tag, kind, n, value in entries:
    if tag == 273:
        value = data_offset
    if kind == 3:
        tiff += struct.pack("<HHIHH", tag, kind, n, value, 0)
    else:
        tiff += struct.pack("<HHII", tag, kind, n, value)
tiff += struct.pack("<I", 0) + b"\xff" * 16
write("bomb.tif", bytes(tiff))

# A real small JPEG whose SOF0 frame header is patched to 65000 x 65000.
buffer = io.BytesIO()
Image.new("L", (16, 16), 255).save(buffer, "JPEG")
jpeg = bytearray(buffer.getvalue())
sof = jpeg.index(b"\xff\xc0")
jpeg[sof + 5:sof + 9] = struct.pack(">HH", 65000, 65000)
write("bomb.jpg", bytes(jpeg))

# form.pdf's page as a 150 dpi JPEG, named .png.
subprocess.run(["pdftoppm", "-r", "150", "-gray", "-jpeg", "-singlefile", form,
                os.path.join(out, "jpeg-named")], check=True)
os.replace(os.path.join(out, "jpeg-named.jpg"), os.path.join(out, "jpeg-named.png"))

write("text-named.pdf", "项目支出绩效自评表\n这不是 PDF, 只是一段文字。\n".encode("utf-8") * 20)

shutil.copy(form, os.path.join(out, "folder", "form.pdf"))
# A .docx is a zip archive: "PK\x03\x04" and a member list.
zip_buffer = io.BytesIO()
with zipfile.ZipFile(zip_buffer, "w") as z:
    z.writestr("word/document.xml", "<w:document/>")
with open(os.path.join(out, "folder", "notes.docx"), "wb") as f:
    f.write(zip_buffer.getvalue())
