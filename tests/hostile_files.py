"""Crafted hostile inputs, small on disk, for tests/test_hostile.py (issue 13's ten defects).

Each function returns the file's bytes; the tests write them under whatever name they test.
"""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from PIL import Image

from tests.fixtures_pdf import PNG_SIGNATURE, _png_chunk, png_bytes

A4 = (595, 842)


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)  # streams carry the filters the test gave them
    return out.getvalue()


def _deflated(unit: bytes, total: int) -> bytes:
    """`total` bytes of `unit` repeated, deflated without holding them in memory."""
    comp = zlib.compressobj(9)
    block = unit * max(1, (1 << 20) // len(unit))
    parts, done = [], 0
    while done < total:
        piece = block[: total - done]
        parts.append(comp.compress(piece))
        done += len(piece)
    parts.append(comp.flush())
    return b"".join(parts)


def nested_forms_bomb(depth: int = 10, fan_out: int = 10) -> bytes:
    """Form XObjects nested `depth` deep, each drawing the next `fan_out` times:
    fan_out**depth draws of a little rectangle from a file of a few KB."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    inner = pdf.make_stream(b"0 0 1 1 re f")
    inner.Type, inner.Subtype, inner.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 1, 1]
    for _ in range(depth - 1):
        form = pdf.make_stream(b"/F Do " * fan_out)
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 1, 1]
        form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=inner))
        inner = form
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=inner))
    page.Contents = pdf.make_stream(b"/F Do " * fan_out)
    return _save(pdf)


def content_stream_bomb(inflated: int = 256 * 2**20) -> bytes:
    """A page whose content stream inflates to `inflated` bytes of harmless operators."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    stream = pikepdf.Stream(pdf, _deflated(b"0 0 m\n", inflated))
    stream.Filter = pikepdf.Name.FlateDecode
    page.Contents = stream
    return _save(pdf)


def tiny_image_bomb(inflated: int = 256 * 2**20) -> bytes:
    """A page drawing a 1×1-pixel image whose data inflates to `inflated` bytes."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    image = pikepdf.Stream(pdf, _deflated(b"\xff", inflated))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 1, 1, 8
    image.ColorSpace, image.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.FlateDecode
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im=image))
    page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im Do Q")
    return _save(pdf)


def million_character_line(chars: int = 1_000_000) -> bytes:
    """One text line of `chars` characters in a standard font, its stream deflated."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    body = b"BT /F1 10 Tf 20 400 Td (" + b"A" * chars + b") Tj ET"
    stream = pikepdf.Stream(pdf, zlib.compress(body, 9))
    stream.Filter = pikepdf.Name.FlateDecode
    page.Contents = stream
    return _save(pdf)


def very_wide_png(width: int = 9_000_000, height: int = 16) -> bytes:
    """A white greyscale PNG `width` pixels wide: wider than any PDF page can be."""
    row = b"\x00" + b"\xff" * width
    return png_bytes(width, height, 8, (row for _ in range(height)))


def png_with_text_bomb(image: Image.Image, inflated: int = 100 * 2**20) -> bytes:
    """A good PNG with a zTXt chunk whose text inflates to `inflated` bytes (Pillow's
    ValueError 'Decompressed Data Too Large')."""
    out = io.BytesIO()
    image.save(out, format="PNG")
    data = out.getvalue()
    ztxt = _png_chunk(b"zTXt", b"Comment\x00\x00" + _deflated(b"a", inflated))
    at = len(PNG_SIGNATURE) + 25  # after IHDR (4 length + 4 type + 13 data + 4 CRC)
    return data[:at] + ztxt + data[at:]


def tiff_with_bad_second_page(image: Image.Image) -> bytes:
    """Two greyscale pages; the second page says 7 bits per sample (Pillow's SyntaxError)."""
    out = io.BytesIO()
    grey = image.convert("L")
    grey.save(out, format="TIFF", save_all=True, append_images=[grey.copy()], compression="raw")
    data = bytearray(out.getvalue())
    # Find the second IFD and its BitsPerSample (tag 258, type SHORT, count 1) entry.
    order = "<" if data[:2] == b"II" else ">"
    first = struct.unpack(order + "I", data[4:8])[0]
    entries = struct.unpack(order + "H", data[first : first + 2])[0]
    second = struct.unpack(order + "I", data[first + 2 + 12 * entries : first + 6 + 12 * entries])[0]
    count = struct.unpack(order + "H", data[second : second + 2])[0]
    for i in range(count):
        at = second + 2 + 12 * i
        if struct.unpack(order + "H", data[at : at + 2])[0] == 258:
            data[at + 8 : at + 10] = struct.pack(order + "H", 7)
            return bytes(data)
    raise AssertionError("no BitsPerSample in the second page")


def pdf_with_integer_xobject(base: bytes) -> bytes:
    """`base`'s first page draws /X, whose XObject resource is the integer 7."""
    pdf = pikepdf.open(io.BytesIO(base))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=7))
    page.Contents = pdf.make_stream(b"q 100 0 0 100 0 0 cm /X Do Q")
    return _save(pdf)


def with_scripts_and_attachments(base: bytes) -> bytes:
    """`base` with JavaScript and actions everywhere a viewer runs them: the page's /AA, an
    annotation's /A and /AA, a form field's /AA, the document's /OpenAction and /Names
    JavaScript, and a file attachment (embedded file and annotation)."""
    pdf = pikepdf.open(io.BytesIO(base))
    js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('page')"))
    page = pdf.pages[0]
    page.obj.AA = pikepdf.Dictionary(O=js, C=js)
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[10, 10, 50, 50], A=js, AA=pikepdf.Dictionary(E=js)
    )
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("f"),
            Rect=[60, 10, 160, 30],
            AA=pikepdf.Dictionary(K=js),
            P=page.obj,
        )
    )
    attached = pikepdf.Stream(pdf, b"MZ not really a program")
    attached.Type = pikepdf.Name.EmbeddedFile
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("x.exe"), EF=pikepdf.Dictionary(F=attached))
    clip = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[200, 10, 220, 30], FS=spec
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link), field, pdf.make_indirect(clip)]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field])
    pdf.Root.OpenAction = js
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("a"), js]),
        EmbeddedFiles=pikepdf.Dictionary(Names=[pikepdf.String("x.exe"), spec]),
    )
    return _save(pdf)


def with_rotate(base: bytes, rotate: int) -> bytes:
    pdf = pikepdf.open(io.BytesIO(base))
    pdf.pages[0].obj.Rotate = rotate
    return _save(pdf)


def sixteen_bit_page(side: int = 12_000) -> bytes:
    """A `side`×`side` 16-bit greyscale PNG (144 megapixels by default), white with a dark bar."""
    white = b"\x00" + b"\xff" * (2 * side)
    bar = b"\x00" + (
        b"\xff\xff" * (side // 4) + b"\x10\x00" * (side // 2) + b"\xff\xff" * (side - side // 4 - side // 2)
    )
    rows = (bar if side // 3 <= y < side // 3 + side // 50 else white for y in range(side))
    return png_bytes(side, side, 16, rows)
