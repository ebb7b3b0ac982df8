"""Layout and rendering of a ``Document``'s blocks.

A document is a vertical stack of blocks (``Line``, ``Gap``, ``Columns``, ``Table``,
``Barcode``, ``Figure``). ``layout`` places them on pages (A4 or any size, e.g. an ID card) in
PDF points (origin top-left, y down), wrapping and paginating, and returns ``PageLayout``s:
positioned text runs, pen strokes (rules, signatures, table grids), filled shapes (portrait
placeholders, emblems, card backgrounds), marks (barcodes, seals) and the page text in
reading order (the OCR ground truth). Two back ends draw a layout: ``rasterize`` (a PIL image
at any dpi) and ``write_text_pdf`` (fpdf2, a real text layer). Both use the same fonts and
baselines, so their text agrees line by line.

Reading order of the page text: blocks top to bottom; a ``Columns`` block gives its left
column, then its right; a table gives one line per row, the cells left to right (a cell's
wrapped lines joined by a space); cells of a tabbed line are joined by one space. Text that
is not printed horizontally (the ring of a seal) and barcode contents are not page text:
they are listed in ``PageLayout.stamps`` and ``PageLayout.barcodes``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_DIRS = (
    FONT_DIR,
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/freefont"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/croscore"),  # Tinos, Arimo, Cousine (layout family "b")
)
A4_PT = (595.28, 841.89)
CARD_PT = (85.6 / 25.4 * 72, 54.0 / 25.4 * 72)  # ID-1 card, 85.6 x 54 mm
LINE_SPACING = 1.45  # default line height / font size
ASCENT = 0.93  # baseline below the line top, / font size
INK = (0, 0, 0)
PEN = (22, 48, 165)  # signature ink (blue ballpoint)
SEAL_RED = (205, 30, 38)
CELL_GAP = 12.0  # minimum space between the cells of a tabbed line, pt
CELL_PAD = 3.0  # table cell padding, pt


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pt(mm: float) -> float:
    return mm / 25.4 * 72


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class FontFamily:
    """A font family with Vietnamese glyphs (checked: every precomposed Vietnamese letter)."""

    name: str
    kind: str  # serif | sans | mono
    regular: str
    bold: str
    italic: str
    bold_italic: str
    condensed: str | None = None
    condensed_bold: str | None = None
    condensed_italic: str | None = None

    def files(self) -> list[str]:
        return [self.regular, self.bold, self.italic, self.bold_italic]


FAMILIES: tuple[FontFamily, ...] = (
    FontFamily(
        "DejaVu Serif",
        "serif",
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
        "DejaVuSerifCondensed.ttf",
        "DejaVuSerifCondensed-Bold.ttf",
        "DejaVuSerifCondensed-Italic.ttf",
    ),
    FontFamily(
        "Liberation Serif",
        "serif",
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    FontFamily(
        "FreeSerif", "serif", "FreeSerif.ttf", "FreeSerifBold.ttf", "FreeSerifItalic.ttf", "FreeSerifBoldItalic.ttf"
    ),
    FontFamily(
        "Noto Serif",
        "serif",
        "NotoSerif-Regular.ttf",
        "NotoSerif-Bold.ttf",
        "NotoSerif-Italic.ttf",
        "NotoSerif-BoldItalic.ttf",
    ),
    FontFamily(
        "DejaVu Sans",
        "sans",
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
        "DejaVuSansCondensed.ttf",
        "DejaVuSansCondensed-Bold.ttf",
        "DejaVuSansCondensed-Oblique.ttf",
    ),
    FontFamily(
        "Liberation Sans",
        "sans",
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    ),
    FontFamily(
        "FreeSans", "sans", "FreeSans.ttf", "FreeSansBold.ttf", "FreeSansOblique.ttf", "FreeSansBoldOblique.ttf"
    ),
    FontFamily(
        "Noto Sans",
        "sans",
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Italic.ttf",
        "NotoSans-BoldItalic.ttf",
    ),
    # typewriter faces (DejaVu Sans Mono lacks many Vietnamese letters: not used for text)
    FontFamily(
        "FreeMono", "mono", "FreeMono.ttf", "FreeMonoBold.ttf", "FreeMonoOblique.ttf", "FreeMonoBoldOblique.ttf"
    ),
    FontFamily(
        "Liberation Mono",
        "mono",
        "LiberationMono-Regular.ttf",
        "LiberationMono-Bold.ttf",
        "LiberationMono-Italic.ttf",
        "LiberationMono-BoldItalic.ttf",
    ),
)
# Faces of layout family "b" (samples.layouts_b), none of which family "a" draws: the
# croscore metric twins of Times New Roman (official documents), Arial and Courier New, and
# Noto's display cuts. Kept apart from FAMILIES so family "a" documents draw what they drew.
# URW's Nimbus Roman/Sans/Mono PS (the other Times/Helvetica/Courier twins) lack ơ, ư and
# every letter with a dot below or a hook above, so they are not used.
FAMILIES_B: tuple[FontFamily, ...] = (
    FontFamily("Tinos", "serif", "Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf", "Tinos-BoldItalic.ttf"),
    FontFamily(
        "Noto Serif Display",
        "serif",
        "NotoSerifDisplay-Regular.ttf",
        "NotoSerifDisplay-Bold.ttf",
        "NotoSerifDisplay-Italic.ttf",
        "NotoSerifDisplay-BoldItalic.ttf",
    ),
    FontFamily("Arimo", "sans", "Arimo-Regular.ttf", "Arimo-Bold.ttf", "Arimo-Italic.ttf", "Arimo-BoldItalic.ttf"),
    FontFamily(
        "Noto Sans Display",
        "sans",
        "NotoSansDisplay-Regular.ttf",
        "NotoSansDisplay-Bold.ttf",
        "NotoSansDisplay-Italic.ttf",
        "NotoSansDisplay-BoldItalic.ttf",
    ),
    FontFamily(
        "Cousine", "mono", "Cousine-Regular.ttf", "Cousine-Bold.ttf", "Cousine-Italic.ttf", "Cousine-BoldItalic.ttf"
    ),
)
# layout family -> the faces it draws from (Tinos twice: most official papers are in Times)
FACES = {"a": FAMILIES, "b": (FAMILIES_B[0], *FAMILIES_B)}
FAMILY_BY_NAME = {f.name: f for f in FAMILIES + FAMILIES_B}
CODE_FONT = "DejaVuSansMono-Bold.ttf"  # ASCII only: codes, MRZ, fax headers
SEAL_FONT = "DejaVuSansCondensed-Bold.ttf"


@functools.cache
def font_path(name: str) -> str:
    """The absolute path of a font file name (searched in FONT_DIRS)."""
    if name.startswith("/"):
        return name
    for d in FONT_DIRS:
        if (d / name).exists():
            return str(d / name)
    raise FileNotFoundError(f"font {name} not found in {[str(d) for d in FONT_DIRS]}")


@functools.cache
def family_available(name: str) -> bool:
    try:
        for f in FAMILY_BY_NAME[name].files():
            font_path(f)
    except FileNotFoundError:
        return False
    return True


def pick_family(rng: random.Random, kind: str, faces: Sequence[FontFamily] = FAMILIES) -> FontFamily:
    """A family of ``kind`` among ``faces``; the draw does not depend on which fonts are
    installed (a missing family falls back to the first installed one of the same kind in
    ``faces``, then in FAMILIES, then DejaVu)."""
    same = [f for f in faces if f.kind == kind]
    choice = rng.choice(same)
    if family_available(choice.name):
        return choice
    for f in same + [f for f in FAMILIES if f.kind == kind]:
        if family_available(f.name):
            return f
    return FAMILY_BY_NAME["DejaVu Sans" if kind == "sans" else "DejaVu Serif"]


# --------------------------------------------------------------------------- theme


@dataclass(frozen=True)
class Style:
    font: str  # font file name (searched in FONT_DIRS) or absolute path
    size: float  # points


@dataclass(frozen=True)
class Theme:
    """Named text styles. Builders refer to styles by name only."""

    styles: dict[str, Style]
    margins: tuple[float, float, float, float] = (60, 45, 50, 50)  # left, right, top, bottom
    leading: float = LINE_SPACING
    family: str = "DejaVu Serif"
    ink: tuple[int, int, int] = INK

    def __getitem__(self, name: str) -> Style:
        return self.styles[name]

    def line_height(self, style: str = "body") -> float:
        return self.styles[style].size * self.leading


LEGACY_NAMES = {"Serif": "DejaVu Serif", "Sans": "DejaVu Sans", "Mono": "FreeMono"}


def make_theme(
    rng: random.Random,
    family: str | None = None,
    body_size: float | None = None,
    *,
    kind: str | None = None,
    leading: float | None = None,
    card: bool = False,
    faces: str = "a",
) -> Theme:
    """Text styles for one document: a serif (most documents), sans or typewriter family,
    an 11-14 pt body (6-7.5 pt on a card), a line spacing of 1.15-1.6 and margins in the
    range Vietnamese office documents use. ``faces``: the layout family whose faces to
    draw from (FACES; "b" is serif more often, as official documents are); family "a"
    consumes ``rng`` as it always did."""
    kind_draw = rng.random()
    size_draw = rng.choice((11.5, 12.0, 12.5, 13.0, 13.0, 13.5, 14.0))
    leading_draw = rng.uniform(1.18, 1.6)
    margin_draw = (rng.uniform(55, 90), rng.uniform(35, 60), rng.uniform(40, 65), rng.uniform(40, 60))
    if family:
        fam = FAMILY_BY_NAME[LEGACY_NAMES.get(family, family)]
        if not family_available(fam.name):
            fam = pick_family(rng, fam.kind)
    else:
        serif, sans = (0.62, 0.94) if faces == "a" else (0.8, 0.96)
        kind = kind or ("serif" if kind_draw < serif else "sans" if kind_draw < sans else "mono")
        fam = pick_family(rng, kind, FACES[faces])
    body = body_size or size_draw
    if fam.kind == "mono" and not body_size:
        body = min(body, 12.0)
    if card:
        body = body_size or rng.choice((6.0, 6.5, 7.0))
        margins = (7.0, 7.0, 6.0, 5.0)
        lead = leading or rng.uniform(1.12, 1.3)
    else:
        margins = margin_draw
        lead = leading or leading_draw
    header = min(body, 12.5) - 0.5
    if fam.condensed:
        head, head_plain, head_italic = fam.condensed_bold, fam.condensed, fam.condensed_italic
    else:
        head, head_plain, head_italic = fam.bold, fam.regular, fam.italic
        header -= 0.5 if not card else 0.0
    return Theme(
        {
            "body": Style(fam.regular, body),
            "bold": Style(fam.bold, body),
            "italic": Style(fam.italic, body),
            "bold_italic": Style(fam.bold_italic, body),
            "header": Style(head, header),  # national header, agency
            "header_plain": Style(head_plain, header),  # superior agency line
            "place_date": Style(head_italic, header + 0.5),
            "title": Style(fam.bold, body + (1.0 if card else 2.0)),
            "big_title": Style(fam.bold, body + (2.0 if card else 5.0)),
            "subtitle": Style(fam.bold, body),
            "small": Style(fam.regular, body - (1 if card else 2)),
            "small_italic": Style(fam.italic, body - (1 if card else 2)),
            "small_bold": Style(fam.bold, body - 1),
            "mono": Style(CODE_FONT, body),
            "code": Style(CODE_FONT, body - 1),
        },
        margins=margins,
        leading=lead,
        family=fam.name,
    )


@functools.cache
def _font(font: str, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(font), size_px)


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
    they become single spaces. ``leader`` draws a dotted line from the end of the text to
    the right edge (forms filled in on dotted lines)."""

    text: str
    style: str = "body"
    align: str = "left"  # left | center | right | justify
    indent: float = 0.0  # first-line indent, pt
    space_before: float = 0.0  # in line heights
    rule_below: float = 0.0  # underline, as a fraction of the text width (0 = none)
    label: str = ""  # printed before the text, in ``label_style`` (forms)
    label_style: str | None = None
    leader: bool = False

    def __post_init__(self) -> None:
        self.text = nfc(self.text)
        self.label = nfc(self.label)


@dataclass(frozen=True)
class Seal:
    """A round red seal: ``ring`` text around, a star (or ``center`` text) in the middle."""

    ring: str
    center: str = ""
    radius_mm: float = 17.0
    double: bool = True
    seed: int = 0
    color: tuple[int, int, int] = SEAL_RED


@dataclass
class Gap:
    """Vertical space, ``lines`` body line heights; ``scribble`` (a seed) draws a
    handwritten signature in it, ``seal`` a seal over it (and over the line below)."""

    lines: float = 1.0
    scribble: int | None = None
    seal: Seal | None = None


@dataclass
class Barcode:
    """A Code 128 or QR symbol. ``data`` is what it encodes (not page text)."""

    data: str
    kind: str = "code128"  # code128 | qr
    module_mm: float = 0.33
    height_mm: float = 12.0  # bar height (code128)
    align: str = "center"
    space_before: float = 0.0  # in line heights
    quiet: float = 10.0  # quiet zone, in modules
    at: tuple[float, float] | None = None  # absolute top-left (pt); takes no space


@dataclass
class Figure:
    """A drawing without text: ``portrait`` (photo placeholder), ``emblem`` (national
    emblem), ``parcel`` (land parcel sketch), ``box`` (an empty frame)."""

    kind: str
    width: float  # pt
    height: float  # pt
    align: str = "center"
    seed: int = 0
    space_before: float = 0.0
    at: tuple[float, float] | None = None  # absolute top-left (pt); takes no space


@dataclass
class Table:
    """A ruled table. ``widths`` are column shares of the text width; the first
    ``header_rows`` rows are set in ``header_style``. Rows move whole to the next page."""

    rows: list[list[str]]
    widths: list[float]
    header_rows: int = 1
    style: str = "body"
    header_style: str = "bold"
    align: list[str] | None = None  # per column: left | center | right
    ruled: bool = True
    space_before: float = 0.3

    def __post_init__(self) -> None:
        self.rows = [[nfc(c) for c in row] for row in self.rows]
        total = sum(self.widths)
        self.widths = [w / total for w in self.widths]


Inline = Line | Gap | Barcode | Figure


@dataclass
class Columns:
    """Side-by-side stacks (national header, signature blocks). Kept on one page. In the
    page text the left column comes first, then the right."""

    left: list[Inline]
    right: list[Inline]
    split: float = 0.42  # left column share of the text width
    space_before: float = 0.0


@dataclass
class PageBreak:
    """Start a new page (multi-page forms, the two sides of a card)."""


Block = Line | Gap | Columns | Table | Barcode | Figure | PageBreak


# --------------------------------------------------------------------------- layout output


@dataclass
class TextRun:
    x: float
    y: float  # baseline
    text: str
    style: Style
    color: tuple[int, int, int] = INK


@dataclass
class Stroke:
    points: list[tuple[float, float]]
    width: float
    color: tuple[int, int, int] = INK
    dotted: bool = False
    pen: bool = False  # handwriting (drawn after the text)


@dataclass
class Shape:
    """A filled/outlined shape: ``kind`` rect | ellipse | poly; ``points`` the corners
    (rect/ellipse: two corners)."""

    kind: str
    points: list[tuple[float, float]]
    fill: tuple[int, int, int] | None = None
    outline: tuple[int, int, int] | None = None
    width: float = 0.5


@dataclass
class Mark:
    """A barcode or a seal placed at (x, y) (top-left), size w x h pt."""

    kind: str  # barcode | seal
    x: float
    y: float
    w: float
    h: float
    barcode: Barcode | None = None
    seal: Seal | None = None


@dataclass
class PageLayout:
    size: tuple[float, float]
    runs: list[TextRun] = field(default_factory=list)
    strokes: list[Stroke] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # reading order

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def barcodes(self) -> list[dict]:
        return [
            {
                "format": "QRCode" if m.barcode.kind == "qr" else "Code128",
                "text": m.barcode.data,
                "box_pt": [round(m.x, 1), round(m.y, 1), round(m.w, 1), round(m.h, 1)],
            }
            for m in self.marks
            if m.kind == "barcode"
        ]

    @property
    def stamps(self) -> list[dict]:
        return [
            {
                "kind": "seal",
                "text": nfc(" ".join(t for t in (m.seal.ring, m.seal.center) if t)),
                "box_pt": [round(m.x, 1), round(m.y, 1), round(m.w, 1), round(m.h, 1)],
            }
            for m in self.marks
            if m.kind == "seal"
        ]

    def is_empty(self) -> bool:
        return not (self.lines or self.strokes or self.marks or self.shapes)

    def shifted(self, dx: float, dy: float) -> PageLayout:
        """A copy with every element moved by (dx, dy) (to place a card on a sheet)."""
        mv = lambda pts: [(x + dx, y + dy) for x, y in pts]  # noqa: E731
        return PageLayout(
            self.size,
            [replace(r, x=r.x + dx, y=r.y + dy) for r in self.runs],
            [replace(s, points=mv(s.points)) for s in self.strokes],
            [replace(s, points=mv(s.points)) for s in self.shapes],
            [replace(m, x=m.x + dx, y=m.y + dy) for m in self.marks],
            list(self.lines),
        )


def compose(
    parts: Sequence[tuple[PageLayout, float, float]],
    size: tuple[float, float] = A4_PT,
) -> PageLayout:
    """Several layouts on one page (both sides of a card photocopied on one A4 sheet);
    the page text is the parts' texts in order."""
    page = PageLayout(size)
    for part, dx, dy in parts:
        s = part.shifted(dx, dy)
        page.runs += s.runs
        page.strokes += s.strokes
        page.shapes += s.shapes
        page.marks += s.marks
        page.lines += s.lines
    return page


# --------------------------------------------------------------------------- layout


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


def scribble(
    seed: int,
    cx: float,
    cy: float,
    width: float = 80,
    height: float = 18,
) -> list[list[tuple[float, float]]]:
    """A handwritten signature centred on (cx, cy): a looping pen line, sometimes a
    flourish under it. Returns the pen strokes."""
    r = random.Random(seed)
    width *= r.uniform(0.7, 1.15)
    height *= r.uniform(0.8, 1.3)
    loops = r.randint(2, 5)
    a1, a2 = r.uniform(0.6, 1.0), r.uniform(0.2, 0.5)
    phase = r.uniform(0, math.pi)
    slant = r.uniform(-0.35, 0.1)
    pts = []
    n = 160
    for i in range(n):
        t = i / (n - 1)
        y = cy - height / 2 * (
            a1 * math.sin(2 * math.pi * loops * t) + a2 * math.sin(2 * math.pi * (loops * 2 + 1) * t + phase)
        )
        x = cx - width / 2 + width * t + 8 * math.sin(2 * math.pi * loops * t + phase)
        pts.append((x + slant * (y - cy), y))
    strokes = [pts]
    if r.random() < 0.6:  # a flourish: a long shallow curve under the name
        x0, x1 = cx - width * 0.6, cx + width * 0.55
        y0 = cy + height * r.uniform(0.4, 0.8)
        bend = r.uniform(-8, 8)
        strokes.append(
            [(x0 + (x1 - x0) * t, y0 + bend * math.sin(math.pi * t) - 6 * t) for t in (i / 40 for i in range(41))]
        )
    return strokes


def rows_of(block: Line, theme: Theme, width: float) -> list[tuple[str, str]]:
    """Wrap ``block`` into rows of (label, text); only the first row has the label."""
    style = theme[block.style]
    lw = 0.0
    if block.label:
        lw = text_width(block.label + " ", theme[block.label_style or block.style])
    rows = wrap(block.text, style, width, block.indent + lw)
    return [(block.label if i == 0 else "", r) for i, r in enumerate(rows)]


def _aligned_x(x: float, width: float, w: float, align: str) -> float:
    if align == "center":
        return x + (width - w) / 2
    if align == "right":
        return x + width - w
    return x


def barcode_size(bc: Barcode) -> tuple[float, float]:
    """Width and height in pt, quiet zones included."""
    from .marks import barcode_modules

    mods = barcode_modules(bc.kind, bc.data)
    n_w = mods.shape[1] + 2 * bc.quiet
    if bc.kind == "qr":
        n_h = mods.shape[0] + 2 * bc.quiet
        return pt(n_w * bc.module_mm), pt(n_h * bc.module_mm)
    return pt(n_w * bc.module_mm), pt(bc.height_mm)


class _Placer:
    """Places inline blocks inside a column box; collects what it draws."""

    def __init__(self, theme: Theme, x: float, width: float, y: float):
        self.theme, self.x, self.width, self.y = theme, x, width, y
        self.page = PageLayout((0, 0))

    def line_height(self, style_name: str = "body") -> float:
        return self.theme.line_height(style_name)

    def place(self, block: Inline) -> None:
        if isinstance(block, Gap):
            self._gap(block)
            return
        if isinstance(block, Barcode):
            self._barcode(block)
            return
        if isinstance(block, Figure):
            self._figure(block)
            return
        self.y += block.space_before * self.line_height()
        if "\t" in block.text:
            self._place_cells(block, self.theme[block.style])
            return
        rows = rows_of(block, self.theme, self.width)
        for i, (label, row) in enumerate(rows):
            self.place_row(block, label, row, i == 0, i == len(rows) - 1)

    def _gap(self, block: Gap) -> None:
        h = block.lines * self.line_height()
        cx, cy = self.x + self.width / 2, self.y + h / 2
        if block.scribble is not None:
            for pts in scribble(block.scribble, cx, cy, width=min(90, self.width * 0.6), height=min(20, h * 0.6)):
                self.page.strokes.append(Stroke(pts, 1.0, PEN, pen=True))
        if block.seal is not None:
            r = pt(block.seal.radius_mm)
            sr = random.Random(block.seal.seed)
            sx = cx - r * sr.uniform(0.35, 0.75)  # over the left part of the signature
            sy = self.y + h - r * sr.uniform(0.55, 0.95)  # and partly over the name below
            self.page.marks.append(Mark("seal", sx - r, sy - r, 2 * r, 2 * r, seal=block.seal))
        self.y += h

    def _barcode(self, block: Barcode) -> None:
        w, h = barcode_size(block)
        if block.at is not None:
            self.page.marks.append(Mark("barcode", *block.at, w, h, barcode=block))
            return
        self.y += block.space_before * self.line_height()
        x = _aligned_x(self.x, self.width, w, block.align)
        self.page.marks.append(Mark("barcode", x, self.y, w, h, barcode=block))
        self.y += h + 2

    def _figure(self, block: Figure) -> None:
        from .marks import figure_shapes

        if block.at is not None:
            shapes, strokes = figure_shapes(block, *block.at)
            self.page.shapes += shapes
            self.page.strokes += strokes
            return
        self.y += block.space_before * self.line_height()
        x = _aligned_x(self.x, self.width, block.width, block.align)
        shapes, strokes = figure_shapes(block, x, self.y)
        self.page.shapes += shapes
        self.page.strokes += strokes
        self.y += block.height

    def place_row(self, block: Line, label: str, row: str, first: bool, last: bool) -> None:
        """Draw one already-wrapped row of ``block`` at the current position."""
        style = self.theme[block.style]
        lstyle = self.theme[block.label_style or block.style]
        lw = text_width(label + " ", lstyle) if label else 0.0
        w = lw + text_width(row, style)
        x = self.x + (block.indent if first else 0.0)
        if block.align in ("center", "right"):
            x = _aligned_x(self.x, self.width, w, block.align)
        size = max(style.size, lstyle.size) if label else style.size
        baseline = self.y + size * ASCENT
        ink = self.theme.ink
        if label:  # with its space, so that a text layer keeps the word break
            self.page.runs.append(TextRun(x, baseline, label + " ", lstyle, ink))
        if block.align == "justify" and not last:
            self._justify(row, style, x + lw, baseline, self.x + self.width)
        elif row:
            self.page.runs.append(TextRun(x + lw, baseline, row, style, ink))
        if block.rule_below:
            rule = w * block.rule_below
            rx = x + (w - rule) / 2
            ry = baseline + size * 0.35
            self.page.strokes.append(Stroke([(rx, ry), (rx + rule, ry)], 0.7))
        if block.leader and last:
            lx = x + w + 3
            if lx < self.x + self.width - 10:
                ly = baseline + 1
                self.page.strokes.append(Stroke([(lx, ly), (self.x + self.width, ly)], 0.6, dotted=True))
        self.page.lines.append(f"{label} {row}".strip())
        self.y += size * self.theme.leading

    def _justify(self, row: str, style: Style, x: float, baseline: float, right: float):
        words = row.split()
        widths = [text_width(w, style) for w in words]
        gap = (right - x - sum(widths)) / max(1, len(words) - 1)
        for word, w in zip(words, widths):
            self.page.runs.append(TextRun(x, baseline, word, style, self.theme.ink))
            x += w + gap

    def _place_cells(self, block: Line, style: Style) -> None:
        cells = [c.strip() for c in block.text.split("\t")]
        total = sum(text_width(c, style) for c in cells) + CELL_GAP * (len(cells) - 1)
        if total > self.width - block.indent:  # does not fit on the grid: a paragraph
            self.place(Line("  ".join(cells), block.style, block.align, block.indent))
            return
        cell_w = (self.width - block.indent) / len(cells)
        x, baseline = self.x + block.indent, self.y + style.size * ASCENT
        for i, cell in enumerate(cells):
            x = max(x, self.x + block.indent + i * cell_w)
            self.page.runs.append(TextRun(x, baseline, cell, style, self.theme.ink))
            x += text_width(cell, style) + CELL_GAP
        self.page.lines.append(" ".join(c for c in cells if c))
        self.y += style.size * self.theme.leading


def _height(blocks: Sequence[Inline], theme: Theme, width: float) -> float:
    p = _Placer(theme, 0, width, 0)
    for b in blocks:
        p.place(b)
    return p.y


def _block_height(block: Block, theme: Theme, width: float) -> float:
    if isinstance(block, Columns):
        return block.space_before * theme.line_height() + max(
            _height(block.left, theme, width * block.split), _height(block.right, theme, width * (1 - block.split))
        )
    return _height([block], theme, width)


def layout(
    blocks: Iterable[Block],
    theme: Theme,
    page_size: tuple[float, float] = A4_PT,
) -> list[PageLayout]:
    """Place ``blocks`` on as many pages as they need. Paragraphs break across pages
    between lines, tables between rows; columns, gaps, barcodes and figures move whole to
    the next page when they do not fit."""
    left, right, top, bottom = theme.margins
    width = page_size[0] - left - right
    limit = page_size[1] - bottom
    pages = [PageLayout(page_size)]
    y = top
    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append(PageLayout(page_size))
            y = top
            continue
        if isinstance(block, Line):
            y = _place_paragraph(block, theme, pages, left, width, y, top, limit)
            continue
        if isinstance(block, Table):
            y = _place_table(block, theme, pages, left, width, y, top, limit)
            continue
        if y + _block_height(block, theme, width) > limit and y > top:
            pages.append(PageLayout(page_size))
            y = top
        if not isinstance(block, Columns):
            y = _merge(pages[-1], _Placer(theme, left, width, y), [block])
            continue
        y += block.space_before * theme.line_height()
        split = width * block.split
        y = max(
            _merge(pages[-1], _Placer(theme, left, split, y), block.left),
            _merge(pages[-1], _Placer(theme, left + split, width - split, y), block.right),
        )
    return [p for p in pages if not p.is_empty()]


def _merge(page: PageLayout, placer: _Placer, blocks: Sequence[Inline]) -> float:
    for b in blocks:
        placer.place(b)
    page.runs += placer.page.runs
    page.strokes += placer.page.strokes
    page.shapes += placer.page.shapes
    page.marks += placer.page.marks
    page.lines += placer.page.lines
    return placer.y


def _place_paragraph(
    block: Line, theme: Theme, pages: list[PageLayout], left: float, width: float, y: float, top: float, limit: float
) -> float:
    """Place a paragraph row by row, continuing on a new page when the page is full."""
    probe = _Placer(theme, left, width, y)
    probe.place(block)
    if probe.y <= limit or y <= top or "\t" in block.text:
        if probe.y > limit and y > top:  # a one-row block that does not fit
            pages.append(PageLayout(pages[-1].size))
            probe = _Placer(theme, left, width, top)
            probe.place(block)
        return _merge(pages[-1], probe, [])
    y += block.space_before * theme.line_height()
    rows = rows_of(block, theme, width)
    for i, (label, row) in enumerate(rows):
        if y + theme[block.style].size * theme.leading > limit:
            pages.append(PageLayout(pages[-1].size))
            y = top
        p = _Placer(theme, left, width, y)
        p.place_row(block, label, row, i == 0, i == len(rows) - 1)
        y = _merge(pages[-1], p, [])
    return y


def _place_table(
    table: Table, theme: Theme, pages: list[PageLayout], left: float, width: float, y: float, top: float, limit: float
) -> float:
    y += table.space_before * theme.line_height()
    xs = [left]
    for w in table.widths:
        xs.append(xs[-1] + w * width)
    align = table.align or ["left"] * len(table.widths)
    for r, row in enumerate(table.rows):
        style = theme[table.header_style if r < table.header_rows else table.style]
        lh = style.size * theme.leading
        cells = [wrap(text, style, xs[c + 1] - xs[c] - 2 * CELL_PAD) if text else [] for c, text in enumerate(row)]
        h = max(1, max(len(c) for c in cells)) * lh + 2 * CELL_PAD
        if y + h > limit and y > top:
            pages.append(PageLayout(pages[-1].size))
            y = top
        page = pages[-1]
        for c, lines in enumerate(cells):
            cw = xs[c + 1] - xs[c] - 2 * CELL_PAD
            for k, text in enumerate(lines):
                x = _aligned_x(
                    xs[c] + CELL_PAD, cw, text_width(text, style), "center" if r < table.header_rows else align[c]
                )
                page.runs.append(TextRun(x, y + CELL_PAD + k * lh + style.size * ASCENT, text, style, theme.ink))
        if table.ruled:
            page.strokes.append(Stroke([(xs[0], y), (xs[-1], y)], 0.6))
            page.strokes.append(Stroke([(xs[0], y + h), (xs[-1], y + h)], 0.6))
            for x in xs:
                page.strokes.append(Stroke([(x, y), (x, y + h)], 0.6))
        text = " ".join(" ".join(lines) for lines in cells if lines)
        if text:
            page.lines.append(text)
        y += h
    return y


# --------------------------------------------------------------------------- back ends


def rasterize(page: PageLayout, dpi: int) -> Image.Image:
    """Draw ``page`` as an RGB image at ``dpi``: shapes, rules and text in black, then
    barcodes, blue pen strokes and, last, the seals (multiplied over what is under them)."""
    from .marks import draw_barcode, draw_seal, draw_stroke

    k = dpi / 72
    img = Image.new("RGB", (round(page.size[0] * k), round(page.size[1] * k)), "white")
    draw = ImageDraw.Draw(img)
    for shape in page.shapes:
        pts = [(x * k, y * k) for x, y in shape.points]
        w = max(1, round(shape.width * k))
        if shape.kind == "rect":
            draw.rectangle(pts, fill=shape.fill, outline=shape.outline, width=w)
        elif shape.kind == "ellipse":
            draw.ellipse(pts, fill=shape.fill, outline=shape.outline, width=w)
        else:
            draw.polygon(pts, fill=shape.fill, outline=shape.outline, width=w)
    for stroke in page.strokes:
        if not stroke.pen:
            draw_stroke(draw, stroke, k)
    for run in page.runs:
        draw.text(
            (run.x * k, run.y * k),
            run.text,
            font=_font(run.style.font, run.style.size * k),
            fill=run.color,
            anchor="ls",
        )
    for mark in page.marks:
        if mark.kind == "barcode":
            draw_barcode(img, mark, k)
    for stroke in page.strokes:
        if stroke.pen:
            draw_stroke(draw, stroke, k)
    for mark in page.marks:
        if mark.kind == "seal":
            draw_seal(img, mark, k)
    return img


def write_text_pdf(pages: Sequence[PageLayout], path: str | Path, title: str = "") -> Path:
    """A born-digital PDF of ``pages`` (fpdf2): embedded font subsets with ToUnicode maps,
    so the text is extractable exactly as laid out; rules, shapes and barcodes as vectors,
    seals as images."""
    from fpdf import FPDF

    from .marks import barcode_modules, seal_image

    pdf = FPDF(unit="pt", format=(pages[0].size[0], pages[0].size[1]))
    pdf.set_auto_page_break(False)
    pdf.set_creator("digitize samples")
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))  # reproducible bytes
    if title:
        pdf.set_title(title)
    registered: set[str] = set()
    for page in pages:
        pdf.add_page(format=(page.size[0], page.size[1]))
        for shape in page.shapes:
            style = ("F" if shape.fill else "") + ("D" if shape.outline else "")
            if shape.fill:
                pdf.set_fill_color(*shape.fill)
            if shape.outline:
                pdf.set_draw_color(*shape.outline)
                pdf.set_line_width(shape.width)
            (x0, y0), (x1, y1) = shape.points[0], shape.points[-1]
            if shape.kind == "rect":
                pdf.rect(x0, y0, x1 - x0, y1 - y0, style=style)
            elif shape.kind == "ellipse":
                pdf.ellipse(x0, y0, x1 - x0, y1 - y0, style=style)
            else:
                pdf.polygon(shape.points, style=style)
        for stroke in page.strokes:
            pdf.set_draw_color(*stroke.color)
            pdf.set_line_width(stroke.width)
            if stroke.dotted:
                pdf.set_dash_pattern(dash=0.8, gap=2.2)
            pdf.polyline(stroke.points)
            if stroke.dotted:
                pdf.set_dash_pattern()
        for run in page.runs:
            family = Path(run.style.font).stem
            if family not in registered:
                pdf.add_font(family, "", font_path(run.style.font))
                registered.add(family)
            pdf.set_font(family, size=run.style.size)
            pdf.set_text_color(*run.color)
            pdf.text(run.x, run.y, run.text)
        for mark in page.marks:
            if mark.kind == "barcode":
                bc = mark.barcode
                mods = barcode_modules(bc.kind, bc.data)
                m = pt(bc.module_mm)
                x0, y0 = mark.x + bc.quiet * m, mark.y + (bc.quiet * m if bc.kind == "qr" else 0)
                pdf.set_fill_color(0, 0, 0)
                rows = mods if bc.kind == "qr" else mods[:1]
                bar_h = m if bc.kind == "qr" else mark.h
                for r, row in enumerate(rows):
                    c = 0
                    while c < len(row):
                        if row[c]:
                            start = c
                            while c < len(row) and row[c]:
                                c += 1
                            pdf.rect(x0 + start * m, y0 + r * bar_h, (c - start) * m, bar_h, style="F")
                        c += 1
            else:
                pdf.image(seal_image(mark.seal, 300, alpha=True), x=mark.x, y=mark.y, w=mark.w, h=mark.h)
    pdf.output(str(path))
    return Path(path)
