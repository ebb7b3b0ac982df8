"""Layout and rendering of a ``Document``'s blocks.

A document is a vertical stack of blocks (``Line``, ``Gap``, ``Columns``). ``layout`` places
them on A4 pages in PDF points (origin top-left, y down), wrapping and paginating, and
returns ``PageLayout``s: positioned text runs, pen strokes (rules, signatures) and the page
text in reading order (the OCR ground truth). Two back ends draw a layout:
``rasterize`` (a PIL image at any dpi) and ``write_text_pdf`` (fpdf2, a real text layer).
Both use the same fonts and baselines, so their text agrees line by line.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence, Union

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
A4_PT = (595.28, 841.89)
LINE_SPACING = 1.45          # line height / font size
ASCENT = 0.93                # baseline below the line top, / font size (DejaVu)
INK = (0, 0, 0)
PEN = (25, 45, 130)          # signature ink
CELL_GAP = 12.0              # minimum space between the cells of a tabbed line, pt


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- theme


@dataclass(frozen=True)
class Style:
    font: str      # file name in FONT_DIR, e.g. "DejaVuSerif-Bold.ttf"
    size: float    # points


@dataclass(frozen=True)
class Theme:
    """Named text styles. Builders refer to styles by name only."""

    styles: dict[str, Style]
    margins: tuple[float, float, float, float] = (60, 45, 50, 50)  # left, right, top, bottom

    def __getitem__(self, name: str) -> Style:
        return self.styles[name]


def make_theme(rng: random.Random, family: str | None = None,
               body_size: float | None = None) -> Theme:
    """A serif (most documents) or sans theme with an 11.5-13 pt body."""
    family = family or ("Serif" if rng.random() < 0.7 else "Sans")
    body = body_size or rng.choice((12.0, 12.5, 13.0))
    f = f"DejaVu{family}"
    cond = f"DejaVu{family}Condensed"
    italic = "Italic" if family == "Serif" else "Oblique"
    bold_italic = "BoldItalic" if family == "Serif" else "BoldOblique"
    header = min(body, 12.0) - 0.5
    return Theme({
        "body": Style(f"{f}.ttf", body),
        "bold": Style(f"{f}-Bold.ttf", body),
        "italic": Style(f"{f}-{italic}.ttf", body),
        "bold_italic": Style(f"{f}-{bold_italic}.ttf", body),
        "header": Style(f"{cond}-Bold.ttf", header),        # national header, agency
        "header_plain": Style(f"{cond}.ttf", header),        # superior agency line
        "place_date": Style(f"{cond}-{italic}.ttf", header + 0.5),
        "title": Style(f"{f}-Bold.ttf", body + 2),
        "subtitle": Style(f"{f}-Bold.ttf", body),
        "small": Style(f"{f}.ttf", body - 2),
        "small_italic": Style(f"{f}-{italic}.ttf", body - 2),
        "small_bold": Style(f"{f}-Bold.ttf", body - 1),
        "mono": Style("DejaVuSansMono-Bold.ttf", body),
    })


@functools.lru_cache(maxsize=None)
def _font(font: str, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / font), size_px)


def text_width(text: str, style: Style) -> float:
    """Advance width of ``text`` in points (measured at 100 px and scaled)."""
    return _font(style.font, 100).getlength(text) * style.size / 100


# --------------------------------------------------------------------------- blocks


@dataclass
class Line:
    """A paragraph: wrapped to the available width. A ``label`` ("Họ và tên:") is drawn
    before the text in its own style (the value may be bold); the page text is
    "label text". Tabs split the line into cells laid out left to right on a grid of
    ``len(cells)`` equal columns (forms put several fields on one line); in the page text
    they become single spaces."""

    text: str
    style: str = "body"
    align: str = "left"          # left | center | right | justify
    indent: float = 0.0          # first-line indent, pt
    space_before: float = 0.0    # in line heights
    rule_below: float = 0.0      # underline, as a fraction of the text width (0 = none)
    label: str = ""              # printed before the text, in ``label_style`` (forms)
    label_style: str | None = None

    def __post_init__(self) -> None:
        self.text = nfc(self.text)
        self.label = nfc(self.label)


@dataclass
class Gap:
    """Vertical space, ``lines`` body line heights; ``scribble`` (a seed) draws a
    handwritten signature in it."""

    lines: float = 1.0
    scribble: int | None = None


@dataclass
class Columns:
    """Side-by-side stacks (national header, signature blocks). Kept on one page. In the
    page text the left column comes first, then the right."""

    left: list[Union[Line, Gap]]
    right: list[Union[Line, Gap]]
    split: float = 0.42          # left column share of the text width
    space_before: float = 0.0


Block = Union[Line, Gap, Columns]


# --------------------------------------------------------------------------- layout


@dataclass
class TextRun:
    x: float
    y: float          # baseline
    text: str
    style: Style


@dataclass
class Stroke:
    points: list[tuple[float, float]]
    width: float
    color: tuple[int, int, int] = INK


@dataclass
class PageLayout:
    size: tuple[float, float]
    runs: list[TextRun] = field(default_factory=list)
    strokes: list[Stroke] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)   # reading order

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def wrap(text: str, style: Style, width: float, indent: float = 0.0) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}" if current else word
        avail = width - (indent if not lines else 0.0)
        if current and text_width(trial, style) > avail:
            lines.append(current)
            current = word
        else:
            current = trial
    if current or not lines:
        lines.append(current)
    return lines


def scribble(seed: int, cx: float, cy: float, width: float = 80, height: float = 18,
             ) -> list[tuple[float, float]]:
    """A smooth looping pen line, centred on (cx, cy)."""
    r = random.Random(seed)
    loops = r.randint(2, 4)
    a1, a2 = r.uniform(0.6, 1.0), r.uniform(0.2, 0.5)
    phase = r.uniform(0, math.pi)
    pts = []
    n = 120
    for i in range(n):
        t = i / (n - 1)
        x = cx - width / 2 + width * t + 8 * math.sin(2 * math.pi * loops * t + phase)
        y = cy - height / 2 * (a1 * math.sin(2 * math.pi * loops * t)
                               + a2 * math.sin(2 * math.pi * (loops * 2 + 1) * t + phase))
        pts.append((x, y))
    return pts


def rows_of(block: Line, theme: Theme, width: float) -> list[tuple[str, str]]:
    """Wrap ``block`` into rows of (label, text); only the first row has the label."""
    style = theme[block.style]
    lw = 0.0
    if block.label:
        lw = text_width(block.label + " ", theme[block.label_style or block.style])
    rows = wrap(block.text, style, width, block.indent + lw)
    return [(block.label if i == 0 else "", r) for i, r in enumerate(rows)]


class _Placer:
    """Places lines inside a column box; collects runs, strokes and text."""

    def __init__(self, theme: Theme, x: float, width: float, y: float):
        self.theme, self.x, self.width, self.y = theme, x, width, y
        self.runs: list[TextRun] = []
        self.strokes: list[Stroke] = []
        self.lines: list[str] = []

    def line_height(self, style_name: str = "body") -> float:
        return self.theme[style_name].size * LINE_SPACING

    def place(self, block: Union[Line, Gap]) -> None:
        if isinstance(block, Gap):
            h = block.lines * self.line_height()
            if block.scribble is not None:
                pts = scribble(block.scribble, self.x + self.width / 2, self.y + h / 2)
                self.strokes.append(Stroke(pts, 1.1, PEN))
            self.y += h
            return
        self.y += block.space_before * self.line_height()
        if "\t" in block.text:
            self._place_cells(block, self.theme[block.style])
            return
        rows = rows_of(block, self.theme, self.width)
        for i, (label, row) in enumerate(rows):
            self.place_row(block, label, row, i == 0, i == len(rows) - 1)

    def place_row(self, block: Line, label: str, row: str, first: bool, last: bool) -> None:
        """Draw one already-wrapped row of ``block`` at the current position."""
        style = self.theme[block.style]
        lstyle = self.theme[block.label_style or block.style]
        lw = text_width(label + " ", lstyle) if label else 0.0
        w = lw + text_width(row, style)
        x = self.x + (block.indent if first else 0.0)
        if block.align == "center":
            x = self.x + (self.width - w) / 2
        elif block.align == "right":
            x = self.x + self.width - w
        size = max(style.size, lstyle.size) if label else style.size
        baseline = self.y + size * ASCENT
        if label:   # with its space, so that a text layer keeps the word break
            self.runs.append(TextRun(x, baseline, label + " ", lstyle))
        if block.align == "justify" and not last:
            self._justify(row, style, x + lw, baseline, self.x + self.width)
        elif row:
            self.runs.append(TextRun(x + lw, baseline, row, style))
        if block.rule_below:
            rule = w * block.rule_below
            rx = x + (w - rule) / 2
            ry = baseline + size * 0.45
            self.strokes.append(Stroke([(rx, ry), (rx + rule, ry)], 0.8))
        self.lines.append(f"{label} {row}".strip())
        self.y += size * LINE_SPACING

    def _justify(self, row: str, style: Style, x: float, baseline: float, right: float):
        words = row.split()
        widths = [text_width(w, style) for w in words]
        gap = (right - x - sum(widths)) / max(1, len(words) - 1)
        for word, w in zip(words, widths):
            self.runs.append(TextRun(x, baseline, word, style))
            x += w + gap

    def _place_cells(self, block: Line, style: Style) -> None:
        cells = [c.strip() for c in block.text.split("\t")]
        total = sum(text_width(c, style) for c in cells) + CELL_GAP * (len(cells) - 1)
        if total > self.width:       # does not fit on the grid: an ordinary paragraph
            self.place(Line("  ".join(cells), block.style, block.align, block.indent))
            return
        cell_w = self.width / len(cells)
        x, baseline = self.x + block.indent, self.y + style.size * ASCENT
        for i, cell in enumerate(cells):
            x = max(x, self.x + block.indent + i * cell_w)
            self.runs.append(TextRun(x, baseline, cell, style))
            x += text_width(cell, style) + CELL_GAP
        self.lines.append(" ".join(cells))
        self.y += style.size * LINE_SPACING


def _height(blocks: Sequence[Union[Line, Gap]], theme: Theme, width: float) -> float:
    p = _Placer(theme, 0, width, 0)
    for b in blocks:
        p.place(b)
    return p.y


def _block_height(block: Block, theme: Theme, width: float) -> float:
    if isinstance(block, Columns):
        return block.space_before * theme["body"].size * LINE_SPACING + max(
            _height(block.left, theme, width * block.split),
            _height(block.right, theme, width * (1 - block.split)))
    return _height([block], theme, width)


def layout(blocks: Iterable[Block], theme: Theme, page_size: tuple[float, float] = A4_PT,
           ) -> list[PageLayout]:
    """Place ``blocks`` on as many pages as they need. Paragraphs break across pages
    between lines; columns and gaps move whole to the next page when they do not fit."""
    left, right, top, bottom = theme.margins
    width = page_size[0] - left - right
    limit = page_size[1] - bottom
    pages = [PageLayout(page_size)]
    y = top
    for block in blocks:
        if isinstance(block, Line):
            y = _place_paragraph(block, theme, pages, left, width, y, top, limit)
            continue
        if y + _block_height(block, theme, width) > limit and y > top:
            pages.append(PageLayout(page_size))
            y = top
        if isinstance(block, Gap):
            y = _merge(pages[-1], _Placer(theme, left, width, y), [block])
            continue
        y += block.space_before * theme["body"].size * LINE_SPACING
        split = width * block.split
        y = max(_merge(pages[-1], _Placer(theme, left, split, y), block.left),
                _merge(pages[-1], _Placer(theme, left + split, width - split, y), block.right))
    return [p for p in pages if p.lines or p.strokes]


def _merge(page: PageLayout, placer: _Placer, blocks: Sequence[Union[Line, Gap]]) -> float:
    for b in blocks:
        placer.place(b)
    page.runs += placer.runs
    page.strokes += placer.strokes
    page.lines += placer.lines
    return placer.y


def _place_paragraph(block: Line, theme: Theme, pages: list[PageLayout], left: float,
                     width: float, y: float, top: float, limit: float) -> float:
    """Place a paragraph row by row, continuing on a new page when the page is full."""
    probe = _Placer(theme, left, width, y)
    probe.place(block)
    if probe.y <= limit or y <= top or "\t" in block.text:
        if probe.y > limit and y > top:          # a one-row block that does not fit
            pages.append(PageLayout(pages[-1].size))
            probe = _Placer(theme, left, width, top)
            probe.place(block)
        _merge(pages[-1], probe, [])
        return probe.y
    y += block.space_before * theme["body"].size * LINE_SPACING
    rows = rows_of(block, theme, width)
    for i, (label, row) in enumerate(rows):
        if y + theme[block.style].size * LINE_SPACING > limit:
            pages.append(PageLayout(pages[-1].size))
            y = top
        p = _Placer(theme, left, width, y)
        p.place_row(block, label, row, i == 0, i == len(rows) - 1)
        y = _merge(pages[-1], p, [])
    return y


# --------------------------------------------------------------------------- back ends


def rasterize(page: PageLayout, dpi: int) -> Image.Image:
    """Draw ``page`` as an RGB image at ``dpi`` (black text, blue-black signatures)."""
    k = dpi / 72
    img = Image.new("RGB", (round(page.size[0] * k), round(page.size[1] * k)), "white")
    draw = ImageDraw.Draw(img)
    for run in page.runs:
        draw.text((run.x * k, run.y * k), run.text, font=_font(run.style.font, run.style.size * k),
                  fill=INK, anchor="ls")
    for stroke in page.strokes:
        draw.line([(x * k, y * k) for x, y in stroke.points], fill=stroke.color,
                  width=max(1, round(stroke.width * k)), joint="curve")
    return img


def write_text_pdf(pages: Sequence[PageLayout], path: str | Path, title: str = "") -> Path:
    """A born-digital PDF of ``pages`` (fpdf2): embedded DejaVu subsets with ToUnicode maps,
    so the text is extractable exactly as laid out; strokes as vector lines."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(pages[0].size[0], pages[0].size[1]))
    pdf.set_auto_page_break(False)
    pdf.set_creator("digitize samples")
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))  # reproducible bytes
    if title:
        pdf.set_title(title)
    registered: set[str] = set()
    for page in pages:
        pdf.add_page()
        for run in page.runs:
            family = Path(run.style.font).stem
            if family not in registered:
                pdf.add_font(family, "", str(FONT_DIR / run.style.font))
                registered.add(family)
            pdf.set_font(family, size=run.style.size)
            pdf.text(run.x, run.y, run.text)
        for stroke in page.strokes:
            pdf.set_draw_color(*stroke.color)
            pdf.set_line_width(stroke.width)
            pdf.polyline(stroke.points)
    pdf.output(str(path))
    return Path(path)
