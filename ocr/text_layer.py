"""The invisible text layer of an OCRed page, written from the page model.

Writing it from the final words (after the word filter and the second readings) keeps the
searchable PDF in step with the record, and spares Tesseract its PDF renderer. The layer is
a one-page PDF sized to the page image at its dpi, each word in render mode 3 (invisible),
stretched (Tz) over its box, in Tesseract's glyphless font: a CID font whose every code
draws nothing, with codes = UTF-16 units so that ToUnicode gives the text back.
``ocr/glyphless.ttf`` is Tesseract's ``pdf.ttf`` (Apache-2.0), the font its own text-only
PDFs embed.
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache
from pathlib import Path

import pikepdf

from ocr.model import PageText, Word

FONT_NAME = "/GlyphLessFont"
GLYPH_ADVANCE = 0.5  # em: the font's one width (DW 500)

_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


@lru_cache(maxsize=1)
def _font_program() -> bytes:
    return (Path(__file__).with_name("glyphless.ttf")).read_bytes()


@lru_cache(maxsize=1)
def _cid_to_gid() -> bytes:
    return zlib.compress(b"\x00\x01" * 65536)  # every code → glyph 1, the empty one


def _font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    program = pdf.make_stream(_font_program())
    program.Length1 = len(_font_program())
    cid_map = pikepdf.Stream(pdf, _cid_to_gid())
    cid_map.Filter = pikepdf.Name.FlateDecode
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name(FONT_NAME),
        Flags=5,
        FontBBox=[0, 0, 500, 1000],
        ItalicAngle=0,
        Ascent=1000,
        Descent=-1,
        CapHeight=1000,
        StemV=80,
        FontFile2=program,
    )
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=pikepdf.Name(FONT_NAME),
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=descriptor,
        DW=500,
        CIDToGIDMap=cid_map,
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name(FONT_NAME),
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[cid_font],
            ToUnicode=pdf.make_stream(_TO_UNICODE),
        )
    )


def _lines(page: PageText) -> list[list[Word]]:
    """The page's words line by line, in reading order."""
    lines: dict[int, list[Word]] = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word)
    return list(lines.values())


def _content(page: PageText) -> bytes:
    pt = 72.0 / page.dpi
    height_pt = page.height * pt
    ops = ["BT", "3 Tr"]
    for words in _lines(page):
        top = min(w.box[1] for w in words)
        bottom = max(w.box[3] for w in words)
        size = max((bottom - top) * pt, 1.0)
        baseline = height_pt - bottom * pt
        ops.append(f"/F1 {size:.2f} Tf")
        for k, word in enumerate(words):
            # stretched so the word's glyphs cover its box; the space after it (for text
            # extraction) gets one glyph's width
            glyphs = len(word.text.encode("utf-16-be")) // 2
            stretch = 100.0 * max((word.box[2] - word.box[0]) * pt, 0.1) / (GLYPH_ADVANCE * size * glyphs)
            text = word.text if k == len(words) - 1 else word.text + " "
            hexed = text.encode("utf-16-be").hex().upper()
            ops.append(f"1 0 0 1 {word.box[0] * pt:.2f} {baseline:.2f} Tm {stretch:.2f} Tz <{hexed}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def text_layer_pdf(page: PageText) -> bytes | None:
    """A one-page PDF of ``page``'s words as invisible text; None when it has no words."""
    if not page.words:
        return None
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(page.width * 72.0 / page.dpi, page.height * 72.0 / page.dpi))
    out = pdf.pages[0]
    out.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font(pdf)))
    out.Contents = pdf.make_stream(_content(page))
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=True)
    return buf.getvalue()
