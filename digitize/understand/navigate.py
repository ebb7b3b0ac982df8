"""Layout navigation that needs no labels: overlaps, the segment below another, the text
block's edges, cells under a column heading, and where an address line breaks inside a part."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from digitize.understand.layout import PageLayout, Segment, Token
from digitize.understand.places import province_name
from digitize.understand.textmatch import fold

if TYPE_CHECKING:
    from digitize.understand.labelindex import Doc


def overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def segment_below(
    doc: Doc, seg: Segment, x_range: tuple[float, float], max_rows: int = 2, gap: float = 2.5
) -> Segment | None:
    """The nearest segment below ``seg`` that overlaps ``x_range`` horizontally, looking
    through up to ``max_rows`` rows (rows with nothing in that range are passed over), as
    long as there is no vertical gap of ``gap`` line heights or more."""
    page = doc.pages[seg.page]
    h = seg.height
    bottom = seg.box[3]
    for r in range(seg.row + 1, min(len(page.rows), seg.row + 1 + max_rows)):
        row = page.rows[r]
        if not row:
            continue
        top = min(s.box[1] for s in row)
        if top - bottom >= gap * h:
            return None
        best = max(row, key=lambda s: overlap((s.x0, s.x1), x_range))
        if overlap((best.x0, best.x1), x_range) > 0:
            return best
        bottom = max(bottom, max(s.box[3] for s in row))
    return None


_MID_PART_END = re.compile(
    r"(?:^|\s)(thanh pho|tinh|phuong|quan|huyen|xa|thi xa|thi tran|duong|pho|so|ap|to|khu pho|"
    r"khu|thon|xom|lo|tp|tx|tt|p|q|h|ba ria|tinh ba|ho chi|nguyen)\.?$"
)


def ends_mid_part(text: str) -> bool:
    """A line ending in a word that cannot end an address part (``… thành phố`` / ``Hồ Chí
    Minh``) or in a hyphen continues the same part on the next line."""
    f = fold(text).rstrip()
    return f.endswith(("-", "–")) or bool(_MID_PART_END.search(f))


def splits_a_province(line: str, next_line: str) -> bool:
    """Whether a line break cuts a province's name in two (``… Thành phố Hồ`` / ``Chí
    Minh``): the end of the line does not name one, with the start of the next it does."""
    words = line.split(",")[-1].split()
    rest = next_line.split(",")[0].strip(" .;")
    for n in range(1, min(3, len(words)) + 1):
        head = " ".join(words[-n:])
        if province_name(head + " " + rest) is not None and province_name(head) is None:
            return True
    return False


def ends_sentence(text: str) -> bool:
    return text.rstrip(" :")[-1:] in (".", ";", "!", "?")


def text_extent(page: PageLayout) -> tuple[float, float]:
    # specks OCR read as ":" or "l" in the margins are not the text block's edges
    segs = [
        s for s in page.segments() if sum(c.isalnum() for c in s.text) >= 3 and s.x1 - s.x0 >= 2 * s.height
    ] or list(page.segments())
    if not segs:
        return 0.0, page.width
    # nor is a line in small type, a fax's transmission header across the top ("03/05/2018
    # 16:28 FROM: … P.001/001", at about half the body's height, wider than the text block)
    typical = sorted(s.height for s in segs)[len(segs) // 2]
    segs = [s for s in segs if s.height >= SMALL_TYPE * typical] or segs
    return min(s.x0 for s in segs), max(s.x1 for s in segs)


SMALL_TYPE = 0.7  # a line's height under this share of the page's typical one: small type


def right_edge(page: PageLayout, seg: Segment) -> float:
    edge = seg.x1
    for s in page.segments():
        if s.x0 < seg.x1 and s.x1 > seg.x0:
            edge = max(edge, s.x1)
    return edge


_SIGNATURE_HINT = re.compile(r"^\W*(?:ky|da ky)\b")


def signature_hint(seg: Segment) -> bool:
    """A signature's hint under its heading ("(Ký, ghi rõ họ, chữ đệm, tên)", "(Ký tên)"): the
    heading is a signature's, with the signature under it before the signer's name."""
    return seg.text.lstrip()[:1] == "(" and bool(_SIGNATURE_HINT.match(fold(seg.text)))


def under_heading(doc: Doc, seg: Segment, x0: float, x1: float) -> Iterable[tuple[list[Token], Segment, bool]]:
    """Tokens under a column heading spanning x0..x1, row by row (up to four rows down); none
    under a signature's heading."""
    page = doc.pages[seg.page]
    h = seg.height
    for r in range(seg.row + 1, min(len(page.rows), seg.row + 5)):
        row = page.rows[r]
        if not row or row[0].box[1] - seg.box[3] > 6 * h:
            return
        if r == seg.row + 1 and any(signature_hint(s) for s in row):
            return
        for s in row:
            toks = [t for t in s.tokens if x0 - 0.5 * h <= (t.box[0] + t.box[2]) / 2 < x1]
            if toks:
                yield toks, s, False


def cell_under(
    row: list[Segment], label: Segment, heading: Segment, heading_row: list[Segment], x_range: tuple[float, float]
) -> Segment | None:
    """The cell of ``row`` (right of its ``label``) in the column of ``heading``: the one under
    it, else the one whose centre is nearer to it than to any other heading of its row (a
    short value sits at its column's left edge, clear of a heading centred over the column)."""
    cells = [c for c in row if c is not label and c.x0 > label.x0]
    under = [c for c in cells if overlap((c.x0, c.x1), x_range) > 0]
    if under:
        return max(under, key=lambda c: overlap((c.x0, c.x1), x_range))

    def centre(c: Segment) -> float:
        return (c.x0 + c.x1) / 2

    mine = [c for c in cells if min(heading_row, key=lambda h: abs(centre(h) - centre(c))) is heading]
    return min(mine, key=lambda c: abs(centre(c) - centre(heading)), default=None)
