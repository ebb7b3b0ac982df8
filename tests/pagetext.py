"""Build PageText objects from plain text, laid out like an OCR'd A4 page.

    page_from_text('''
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: NGUYỄN VĂN AN
        Ngày sinh: 12/03/2019\tGiới tính: Nam
    ''')

Mini-language, one printed line per text line:
- ``# text``: a title (centred, 1.4× the body size); ``> text``: centred; ``>> text``: right.
- a tab splits a line into cells laid out in columns; each cell becomes its own OCR line
  (``merge_cells=True`` keeps them as one OCR line with wide gaps, as Tesseract often does).
- a blank line is vertical space (and starts a new block).
- ``word~NN`` gives that word OCR confidence NN (default ``conf``).
- a cell (or line) starting with ``@NNN `` is placed with its left edge at x = NNN.
- leading spaces indent the line (one space = one character width).

Boxes are plausible: characters ``0.5 × font`` wide, words separated by ``0.35 × font``,
lines ``1.8 × font`` apart, at 300 dpi on A4 unless told otherwise.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import numpy as np

from ocr.model import TEXT_FROM_OCR, TEXT_FROM_PDF, Line, PageText, Word, nfc

A4_300 = (2480.0, 3508.0)


@dataclass
class L:
    """One printed line with explicit layout."""

    text: str
    align: str = "left"  # left | center | right
    size: float = 1.0
    indent: float = 0.0  # in character widths
    x: float | None = None  # absolute left edge (overrides align/indent)
    conf: float | None = None


def _parse(text: str) -> list[L | None]:
    out: list[L | None] = []
    for raw in textwrap.dedent(text).strip("\n").split("\n"):
        if not raw.strip():
            out.append(None)
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        body = raw.strip(" ")
        if body.startswith("# "):
            out.append(L(body[2:], "center", 1.4))
        elif body.startswith(">> "):
            out.append(L(body[3:], "right"))
        elif body.startswith("> "):
            out.append(L(body[2:], "center"))
        else:
            out.append(L(body, indent=indent))
    return out


def _words(text: str, default_conf: float) -> list[tuple[str, float]]:
    out = []
    for w in text.split():
        m = re.fullmatch(r"(.+)~(\d{1,3})", w)
        out.append((nfc(m.group(1)), float(m.group(2))) if m else (nfc(w), default_conf))
    return out


def page_from_lines(
    lines: list[L | str | None],
    *,
    width: float = A4_300[0],
    height: float = A4_300[1],
    dpi: float = 300.0,
    font: float = 40.0,
    conf: float = 93.0,
    pdf: bool = False,
    merge_cells: bool = False,
    margin: float = 240.0,
    top: float = 200.0,
) -> PageText:
    source = TEXT_FROM_PDF if pdf else TEXT_FROM_OCR
    page = PageText(width=width, height=height, dpi=dpi, source=source)
    y = top
    block = 0
    usable = width - 2 * margin
    for item in lines:
        if item is None:
            y += font * 1.2
            block += 1
            continue
        if isinstance(item, str):
            item = L(item)
        size = font * item.size
        char_w = 0.5 * size
        space = 0.35 * size
        cells = item.text.split("\t")
        cell_w = usable / len(cells)
        line_conf = conf if item.conf is None else item.conf
        if pdf:
            line_conf = -1.0
        placed_line: int | None = None
        for c_i, cell in enumerate(cells):
            at = re.match(r"\s*@(\d+)\s+", cell)
            if at:
                cell = cell[at.end() :]
            words = _words(cell, line_conf)
            if not words:
                continue
            total = sum(len(w) * char_w for w, _ in words) + space * (len(words) - 1)
            if at:
                x = float(at.group(1))
            elif len(cells) > 1:
                x = margin + c_i * cell_w + (item.indent * char_w if c_i == 0 else 0.0)
            elif item.x is not None:
                x = item.x
            elif item.align == "center":
                x = (width - total) / 2
            elif item.align == "right":
                x = width - margin - total
            else:
                x = margin + item.indent * char_w
            if merge_cells and placed_line is not None:
                line_index = placed_line
            else:
                line_index = len(page.lines)
                page.lines.append(Line((x, y, x + total, y + size), block + (c_i if len(cells) > 1 else 0)))
                placed_line = line_index
            for text, c in words:
                w = len(text) * char_w
                page.words.append(Word(text, -1.0 if pdf else c, (x, y, x + w, y + size), line_index))
                x += w + space
            if merge_cells:
                x0, y0, _, y1 = page.lines[line_index].box
                page.lines[line_index] = Line((x0, y0, x - space, y1), page.lines[line_index].block)
        if len(cells) > 1 and not merge_cells:
            block += len(cells)
        y += size * 1.8 if item.size <= 1.0 else size * 1.5
    return page


def page_from_text(text: str, **kw) -> PageText:
    """A page from the mini-language above (see module doc)."""
    return page_from_lines(_parse(text), **kw)


def pages_from_texts(*texts: str, **kw) -> list[PageText]:
    return [page_from_text(t, **kw) for t in texts]


def inked_image(page: PageText) -> np.ndarray:
    """A grey image of ``page`` with a printed-looking bar per character of every word (for
    the handwriting slots' ink tests)."""
    image = np.full((int(page.height), int(page.width)), 255, np.uint8)
    for w in page.words:
        x0, y0, x1, y1 = (int(v) for v in w.box)
        step = (x1 - x0) / max(1, len(w.text))
        for i, c in enumerate(w.text):
            if c.strip():
                a = int(x0 + i * step + 0.15 * step)
                image[y0:y1, a : max(a + 2, int(x0 + (i + 0.85) * step))] = 0
    return image
