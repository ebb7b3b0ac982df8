"""The page model: words with boxes and confidences, grouped into lines.

Coordinates are in the page image's pixels (origin top-left) at `PageText.dpi`; a page read
from a PDF text layer uses PDF points with dpi 72. Plain picklable data, so pages cross
process boundaries cheaply.

Turns. An OCRed page's words are in the image OCR read, which the clean-up made upright and
straight (ocr.preprocess); two numbers say how that image relates to the page as scanned,
and every producer and consumer (the page's result, the record's `page_details`, the text
layer laid over the archived page, the field boxes) uses them as written here, never with
the sign turned:

- `rotation` (0, 90, 180, 270): the CLOCKWISE turn that made the page upright, as a PDF
  page's /Rotate (the archived page gets it added to its /Rotate).
- `skew` (degrees): the slant the clean-up found on the upright page:
  positive when the content is turned COUNTER-CLOCKWISE as seen on screen (text lines rise to
  the right). OCR read it turned back, clockwise by `skew`. To lay the words over the page as
  scanned, turn them counter-clockwise by `skew` about the page centre: in PDF user space
  (y up) the ordinary positive rotation by `skew`. The record's `page_details[].skew` is
  this number.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
TEXT_FROM_OCR = "ocr"
TEXT_FROM_PDF = "pdf"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # 0-100; -1 when the source gives none (a PDF text layer)
    box: Box
    line: int  # index into PageText.lines


@dataclass(frozen=True)
class Line:
    box: Box
    block: int  # lines of one block form a paragraph-like unit


def chars_box(box: Box, length: int, start: int, stop: int) -> Box:
    """The part of a word's ``box`` that its characters ``start`` to ``stop`` (of ``length``)
    take, by their share of its width: for a word OCR read as one that is two ("ngày-25")."""
    x0, y0, x1, y1 = box
    share = (x1 - x0) / length
    return (x0 + share * start, y0, x0 + share * stop, y1)


def span(words) -> Box:
    """The box around ``words`` (an iterable of Word, not empty)."""
    boxes = [w.box for w in words]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass
class PageText:
    width: float
    height: float
    dpi: float
    source: str  # TEXT_FROM_OCR or TEXT_FROM_PDF
    words: list[Word] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Words joined by spaces, lines by newlines, blocks by a blank line."""
        out: list[str] = []
        current_line = -1
        for word in self.words:
            if word.line != current_line:
                if current_line >= 0:
                    same_block = self.lines[word.line].block == self.lines[current_line].block
                    out.append("\n" if same_block else "\n\n")
                current_line = word.line
            elif out:
                out.append(" ")
            out.append(word.text)
        return "".join(out)

    @property
    def mean_confidence(self) -> float | None:
        confs = [w.conf for w in self.words if w.conf >= 0]
        return round(sum(confs) / len(confs), 1) if confs else None

    def line_words(self, line: int) -> list[Word]:
        return [w for w in self.words if w.line == line]
