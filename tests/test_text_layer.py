"""The text layer written from the page model: the words come back out, in place and in order."""

from __future__ import annotations

import io
import unicodedata

import pdfplumber
import pikepdf

from ocr.model import TEXT_FROM_OCR, Line, PageText, Word
from ocr.text_layer import text_layer_pdf

DPI = 300


def _page(lines: list[list[tuple[str, tuple[float, float, float, float]]]]) -> PageText:
    page = PageText(width=2480, height=3508, dpi=DPI, source=TEXT_FROM_OCR)
    for n, words in enumerate(lines):
        for text, box in words:
            page.words.append(Word(text=text, conf=90.0, box=box, line=n))
        boxes = [b for _, b in words]
        page.lines.append(Line(box=(boxes[0][0], boxes[0][1], boxes[-1][2], boxes[-1][3]), block=0))
    return page


PAGE = _page(
    [
        [("CỘNG", (300, 200, 520, 260)), ("HOÀ", (545, 200, 700, 260)), ("XÃ", (725, 200, 820, 260))],
        [
            ("Họ", (300, 400, 380, 450)),
            ("tên:", (400, 400, 520, 450)),
            ("Nguyễn", (560, 400, 800, 450)),
            ("Thị", (820, 400, 930, 450)),
        ],
        [("0123/2020/QĐ-UBND", (300, 600, 1000, 650))],
    ]
)


def _chars(pdf: bytes) -> tuple[str, list[dict], tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        return page.extract_text(), list(page.chars), (float(page.width), float(page.height))


def test_words_come_back_in_reading_order_with_spaces_and_marks():
    text, _, _ = _chars(text_layer_pdf(PAGE))
    lines = [unicodedata.normalize("NFC", line).strip() for line in text.splitlines()]
    assert lines == ["CỘNG HOÀ XÃ", "Họ tên: Nguyễn Thị", "0123/2020/QĐ-UBND"]


def test_page_is_sized_to_the_image_and_words_cover_their_boxes():
    _, chars, size = _chars(text_layer_pdf(PAGE))
    assert abs(size[0] - 2480 * 72 / DPI) < 0.1 and abs(size[1] - 3508 * 72 / DPI) < 0.1
    pt = 72 / DPI
    glyphs = [c for c in chars if c["text"].strip()]
    text = "".join(c["text"] for c in glyphs)
    start = text.index("Nguy")
    word = glyphs[start : start + len("Nguyễn")]
    x0, x1 = min(c["x0"] for c in word), max(c["x1"] for c in word)
    top, bottom = min(c["top"] for c in word), max(c["bottom"] for c in word)
    assert abs(x0 - 560 * pt) < 1 and x1 <= 820 * pt + 1 and x1 > 780 * pt
    assert abs(top - 400 * pt) < 2 and abs(bottom - 450 * pt) < 2


def test_text_is_invisible():
    with pikepdf.open(io.BytesIO(text_layer_pdf(PAGE))) as pdf:
        modes = [op.operands[0] for op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op.operator) == "Tr"]
    assert modes and all(int(m) == 3 for m in modes)


def test_a_page_without_words_has_no_layer():
    assert text_layer_pdf(PageText(width=100, height=100, dpi=DPI, source=TEXT_FROM_OCR)) is None
