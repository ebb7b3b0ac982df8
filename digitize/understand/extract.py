"""Field extraction: read a document type's fields from its pages.

``extract(pages, doc_type, catalogue=None)`` returns ``Extraction(fields, review_reasons)``
(and ``.boxes``: where each value's words are on its page, see ``Extraction``):

    fields = {"full_name": {"value": "Nguyễn Văn An", "confidence": 0.93, "page": 1}, ...}
    review_reasons = ["low_confidence:personal_id", "invalid:enterprise_code", ...]

Only the type's own fields are read, and only those actually printed. How a value is found
(per the field's ``locate`` list in the catalogue):

- ``label``: a label of the field (fuzzy, diacritic-insensitive, OCR-tolerant, also when it
  wraps onto the next line) and the value after it on the same line (after ``:`` or not),
  else in the next column of the same visual row, else on the line below; under a row of
  column headings, the value in the rows below the heading. Addresses and free text follow
  their wrapped lines (joined with ``, `` between parts, a space inside one); a name that
  wraps inside a table cell is joined.
- ``place_date``: the ``<place>, ngày … tháng … năm …`` line (issue dates).
- ``agency_header``: the issuing body at the top left (decisions).
- ``header_number``: a ``<number>/<symbol>`` in that header block (its ``Số:`` misread).
- ``column``: a row label under a column heading (Chồng / Vợ, Người mẹ / Người cha).
- ``pattern``: the value's own shape anywhere (dossier IDs, serials, insurance numbers).

Values are canonicalised per shared/spec/document-types.md and validated (the ID also
against the date of birth and gender read from the same document); a value that fails is
kept with low confidence and flagged ``invalid:<field>``. Confidence combines the OCR word
confidences (a PDF text layer counts as high) with how well the label matched and how the
value was found; under ``LOW_CONFIDENCE`` the field is flagged ``low_confidence:<field>``.
On a page about several people, the ID, date of birth and gender are the ones in the block
of the person ``full_name`` names.

The pieces: ``layout`` (visual rows and column segments, shared with the classifier),
``labels`` (which labels a segment carries), ``values`` (where a value ends and how each kind
is read), ``tidy`` (marks OCR dropped from family names, units, company words); this module
finds the candidates, chooses between them and cross-checks the fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from digitize.understand import kinds, validators
from digitize.understand.catalogue import Catalogue, DocType, FieldSpec, default_catalogue
from digitize.understand.dates import find_dates
from digitize.understand.dates import normalise as date_normalise
from digitize.understand.kinds import FREE_KINDS, parse_value
from digitize.understand.labels import LabelDef, LabelHit, label_defs, label_weight, segment_hits
from digitize.understand.layout import (
    LEADERS,
    NUMBERING,
    PageLayout,
    Segment,
    Token,
    is_capitalised,
    is_punct,
    join_tokens,
    layout,
)
from digitize.understand.mrz import Mrz, find_mrz
from digitize.understand.names import is_family_name
from digitize.understand.national_header import national_header_start
from digitize.understand.places import province_name
from digitize.understand.textmatch import compact, fold, key_similarity, match_key
from digitize.understand.tidy import TIDY_BY_FIELD, splits_a_unit, starts_with_unit
from digitize.understand.values import (
    Parsed,
    area_checked,
    clean_text,
    cut_region,
    meaningful,
    number_in_words,
    used_tokens,
)
from ocr import confusions
from ocr.model import Box, PageText, nfc

if TYPE_CHECKING:
    from digitize.link.barcodes import Code

LOW_CONFIDENCE = 0.6  # below this a field is flagged low_confidence:<field>

# --------------------------------------------------------------------------- results


class _Extraction(NamedTuple):
    fields: dict[str, dict]
    review_reasons: list[str]


class Extraction(_Extraction):
    """``(fields, review_reasons)``, and ``boxes``: field name → the box around the words its
    value was read from, on its page (``fields[name]["page"]``), in the page model's
    coordinates (ocr.model: pixels of the image OCR read, or points of a PDF text layer).
    Internal: the pipeline turns them into ``fields.*.box`` in PDF points once the document's
    PDF exists (digitize.archive.geometry). A value not read from the page's words (from a
    barcode, QR code or the MRZ) has none."""

    boxes: dict[str, Box]

    def __new__(cls, fields: dict[str, dict], review_reasons: list[str], boxes: dict[str, Box] | None = None):
        self = super().__new__(cls, fields, review_reasons)
        self.boxes = boxes or {}
        return self


@dataclass
class Candidate:
    value: str
    conf: float
    page: int  # 0-based
    order: tuple  # reading order position, for ties
    quality: float  # how sure we are this is the field (label fit × value fit)
    valid: bool = True
    problem: str | None = None
    explicit: bool = True  # found after a "Label:" (with its colon) or by layout, not in a sentence
    # the words the value was read from: the box around them, in the page model's coordinates
    # (ocr.model); None for a value that does not come from the page's words (a code, the MRZ)
    box: Box | None = None


def _box(tokens: Sequence[Token]) -> Box | None:
    """The box around ``tokens`` (all on one page), or None when there are none."""
    if not tokens:
        return None
    return (
        min(t.box[0] for t in tokens),
        min(t.box[1] for t in tokens),
        max(t.box[2] for t in tokens),
        max(t.box[3] for t in tokens),
    )


# --------------------------------------------------------------------------- locating


@dataclass
class _Doc:
    pages: list[PageLayout]
    defs: tuple[LabelDef, ...]
    hits: dict[tuple[int, int, int], list[LabelHit]] = field(default_factory=dict)
    _split: list[tuple[Segment, LabelHit]] | None = None
    _prefixes: set[str] | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # field name -> kind, for this type

    def label_prefixes(self) -> set[str]:
        """The first two and three words of the labels that have more words than that."""
        if self._prefixes is None:
            self._prefixes = {" ".join(d.key.split()[:n]) for d in self.defs for n in (2, 3) if len(d.key.split()) > n}
        return self._prefixes

    def seg_hits(self, seg: Segment) -> list[LabelHit]:
        k = (seg.page, seg.row, seg.col)
        if k not in self.hits:
            self.hits[k] = segment_hits(seg, self.defs)
        return self.hits[k]

    def all_segments(self) -> Iterable[Segment]:
        for p in self.pages:
            yield from p.segments()

    def split_hits(self) -> list[tuple[Segment, LabelHit]]:
        """Labels that wrap from the end of one line onto the next (``số định`` /
        ``danh cá nhân: …``) or run across a gap into the next cell of the row (``Ngày`` |
        ``sinh: …``), as hits in the second segment starting at token 0."""
        if self._split is None:
            self._split = []
            for seg in self.all_segments():
                row = self.pages[seg.page].rows[seg.row]
                if (
                    seg.col + 1 < len(row)
                    and not seg.tokens[-1].colon
                    and row[seg.col + 1].x0 - seg.x1 < 4 * seg.height
                ):
                    # a label split by a wide gap on its own line ("Ngày" | "sinh: 30/11/2020")
                    self._split.extend(self._split_onto(seg, row[seg.col + 1]))
                under = _segment_below(self, seg, (seg.x0, seg.x1), max_rows=1)
                if under is None or under.box[1] - seg.box[3] > seg.height:
                    continue
                if (
                    seg.tokens[-1].colon
                    or seg.tokens[-1].text.endswith((";", ")"))
                    or (seg.tokens[-1].text.endswith(".") and len(seg.tokens) > 3)
                ):
                    continue  # a line that ends a label or a sentence does not split a label
                    # (a short table heading cell ending in "." may: the "." is a speck)
                # a label goes on under itself (a table heading: in the cell under the label's
                # own words, "Thửa đất  Tờ bản đồ" / "số  số") or, wrapped in running text,
                # where the next line starts
                row_below = [
                    s for s in self.pages[under.page].rows[under.row] if _overlap((s.x0, s.x1), (seg.x0, seg.x1)) > 0
                ]
                first = min(row_below, key=lambda s: s.x0)
                for below in sorted(row_below, key=lambda s: -_overlap((s.x0, s.x1), (seg.x0, seg.x1))):
                    found = self._split_onto(seg, below, row_below)
                    if found:
                        self._split.extend(found)
                        break
                else:
                    if first is not under:
                        self._split.extend(self._split_onto(seg, first, row_below, wrapped=True))
        return self._split

    def _split_onto(
        self, seg: Segment, below: Segment, row_below: Sequence[Segment] = (), wrapped: bool = False
    ) -> list[tuple[Segment, LabelHit]]:
        """Labels that start in ``seg``'s last words and go on in ``below`` (under them; or,
        ``wrapped``, at the start of the next line where nothing of ``row_below`` sits under
        them)."""
        tail = seg.tokens[-6:]
        head = below.tokens[:6]
        joined = Segment(tail + head, seg.page, -1, -1)
        out = []
        for hit in segment_hits(joined, self.defs):
            if hit.start < len(tail) < hit.end and hit.field is not None:
                words = (tail[hit.start].box[0] - 0.5 * seg.height, seg.x1)  # its words on this line
                if (
                    not wrapped
                    and _overlap((below.x0, below.x1), words) <= 0
                    and any(_overlap((s.x0, s.x1), words) > 0 for s in row_below)
                ):
                    continue  # another cell sits under the label's words: it goes on there
                if wrapped and any(_overlap((s.x0, s.x1), words) > 0 for s in row_below if s is not below):
                    continue
                if any(
                    h.start < len(seg.tokens) and h.end > len(seg.tokens) - len(tail) + hit.start and h.rank >= hit.rank
                    for h in self.seg_hits(seg)
                ):
                    continue
                moved = LabelHit(hit.field, 0, hit.end - len(tail), hit.score, hit.label, hit.weight, hit.colon)
                out.append((below, moved))
        return out


def _starts_with_label(doc: _Doc, seg: Segment) -> bool:
    hits = [h for h in doc.seg_hits(seg) if h.strong]
    if hits and hits[0].start <= 1 and all(is_punct(t) or NUMBERING.match(t.text) for t in seg.tokens[: hits[0].start]):
        return True
    toks = seg.tokens
    k0 = 1 if toks and NUMBERING.match(toks[0].text) else 0
    for k in range(k0, min(len(toks), k0 + 6)):
        if toks[k].colon and k > k0 - 1 and is_capitalised(toks[k0]):
            return not re.fullmatch(r"[\d.:]+", toks[k].text)
    return False


def _opens_a_label(doc: _Doc, seg: Segment) -> bool:
    """Whether a line opens with the first words of a longer label, capitalised, the rest of
    it lost to OCR ("Nơi ĐKHK, Bang, …" for "Nơi ĐKHK thường trú: …"): a new field, not the
    rest of the value above."""
    toks = seg.tokens
    if not toks or not is_capitalised(toks[0]):
        return False
    keys = [t.key for t in toks[:3]]
    prefixes = doc.label_prefixes()
    for n in (3, 2):
        head = " ".join(keys[:n])
        if len(keys) >= n and len(compact(head)) >= 6 and head in prefixes:
            return True
    return False


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _segment_below(doc: _Doc, seg: Segment, x_range: tuple[float, float], max_rows: int = 2) -> Segment | None:
    """The nearest segment below ``seg`` that overlaps ``x_range`` horizontally, looking
    through up to ``max_rows`` rows (rows with nothing in that range are passed over), as
    long as there is no wide vertical gap."""
    page = doc.pages[seg.page]
    h = seg.height
    bottom = seg.box[3]
    for r in range(seg.row + 1, min(len(page.rows), seg.row + 1 + max_rows)):
        row = page.rows[r]
        if not row:
            continue
        top = min(s.box[1] for s in row)
        if top - bottom >= 2.5 * h:
            return None
        best = max(row, key=lambda s: _overlap((s.x0, s.x1), x_range))
        if _overlap((best.x0, best.x1), x_range) > 0:
            return best
        bottom = max(bottom, max(s.box[3] for s in row))
    return None


_MID_PART_END = re.compile(
    r"(?:^|\s)(thanh pho|tinh|phuong|quan|huyen|xa|thi xa|thi tran|duong|pho|so|ap|to|khu pho|"
    r"khu|thon|xom|lo|tp|tx|tt|p|q|h|ba ria|tinh ba|ho chi|nguyen)\.?$"
)


def _ends_mid_part(text: str) -> bool:
    """A line ending in a word that cannot end an address part (``… thành phố`` / ``Hồ Chí
    Minh``) or in a hyphen continues the same part on the next line."""
    f = fold(text).rstrip()
    return f.endswith(("-", "–")) or bool(_MID_PART_END.search(f))


# a unit or street word with no name after it yet ("… đường", "… phường", "… khu phố")
_ENDS_WITH_UNIT = re.compile(
    r"(?:^|\s)(thanh pho|tinh|phuong|quan|huyen|xa|thi xa|thi tran|duong|pho|so|ap|to|"
    r"khu pho|khu|thon|xom|lo)\.?$"
)


def _cell_going_on(doc: _Doc, vseg: Segment, region: list[Token]) -> Segment | None:
    """The next cell of the row where an address value ends its cell in the middle of a part
    (``… đường`` | ``Giã, phường …``) and the cell is near and opens no label: the value goes
    on there before it goes on below."""
    if not region or region[-1] is not vseg.tokens[-1] or not _ENDS_WITH_UNIT.search(fold(join_tokens(region)[0])):
        return None
    row = doc.pages[vseg.page].rows[vseg.row]
    if vseg.col + 1 >= len(row):
        return None
    nxt = row[vseg.col + 1]
    if nxt.x0 - vseg.x1 > 4 * vseg.height or _starts_with_label(doc, nxt) or _first_hit_start(doc, nxt) == 0:
        return None
    return nxt


def _splits_a_province(line: str, next_line: str) -> bool:
    """Whether a line break cuts a province's name in two (``… Thành phố Hồ`` / ``Chí
    Minh``): the end of the line does not name one, with the start of the next it does."""
    words = line.split(",")[-1].split()
    rest = next_line.split(",")[0].strip(" .;")
    for n in range(1, min(3, len(words)) + 1):
        head = " ".join(words[-n:])
        if province_name(head + " " + rest) is not None and province_name(head) is None:
            return True
    return False


def _ends_sentence(text: str) -> bool:
    return text.rstrip(" :")[-1:] in (".", ";", "!", "?")


def _text_extent(page: PageLayout) -> tuple[float, float]:
    # specks OCR read as ":" or "l" in the margins are not the text block's edges
    segs = [
        s for s in page.segments() if sum(c.isalnum() for c in s.text) >= 3 and s.x1 - s.x0 >= 2 * s.height
    ] or list(page.segments())
    if not segs:
        return 0.0, page.width
    return min(s.x0 for s in segs), max(s.x1 for s in segs)


def _right_edge(page: PageLayout, seg: Segment) -> float:
    edge = seg.x1
    for s in page.segments():
        if s.x0 < seg.x1 and s.x1 > seg.x0:
            edge = max(edge, s.x1)
    return edge


def _continuations(
    doc: _Doc, first_seg: Segment, value_x0: float, label_x0: float, kind: str, upper: bool
) -> list[tuple[Segment, str]]:
    """Following lines that continue a wrapped address/text value: (segment, joiner).

    A line continues the value when it sits under it (aligned with the label or the value,
    or back at the left margin after a line that wrapped), is close below, and does not
    start a new label, item or heading. The joiner is ", " where the printed line ended with
    a comma or (addresses) where a short line was broken on purpose between parts, else " "."""
    out: list[tuple[Segment, str]] = []
    page = doc.pages[first_seg.page]
    left_edge, right_page = _text_extent(page)
    cur = first_seg
    line_x0 = min(label_x0, first_seg.x0)
    for _ in range(3):
        h = cur.height
        span = (min(line_x0, value_x0), max(cur.x1, value_x0 + 1))
        options: list[Segment] = []
        for r in range(cur.row + 1, min(len(page.rows), cur.row + 4)):
            row = page.rows[r]
            if not row or row[0].box[1] - cur.box[3] > 1.0 * h:
                break
            over = [s for s in row if _overlap((s.x0, s.x1), span) > 0]
            if over:  # the first row below that has something under the value
                options = [s for s in over if not _starts_with_label(doc, s) and not _opens_a_label(doc, s)]
                break
        if not options:
            break
        nxt = min(options, key=lambda s: abs(s.x0 - line_x0))
        if nxt.box[1] - cur.box[3] > 1.0 * h:
            break
        first = nxt.tokens[0].text
        cur_text, nxt_text = cur.text, nxt.text
        if NUMBERING.match(first) or first in ("-", "+", "•", "*"):
            # a new item — unless the line broke inside a place name ("tỉnh Bà" / "- Rịa -
            # Vũng Tàu": a speck read as a dash before the rest)
            # or after a comma, where the next part of an address follows ("…, xã Long Tân," /
            # "- huyện Đất Đỏ, …")
            rest = " ".join(t.text for t in nxt.tokens[1:])
            if not (
                first == "-"
                and len(nxt.tokens) > 1
                and not _starts_with_label(doc, nxt)
                and (
                    (_ends_mid_part(cur_text) and nxt.tokens[1].text[:1].isupper())
                    or (kind == "address" and cur_text.rstrip().endswith(",") and starts_with_unit(rest))
                )
            ):
                break
        edge = _right_edge(page, cur)
        first_w = nxt.tokens[0].box[2] - nxt.tokens[0].box[0]
        # wrapped: the next line's first word would not have fitted at the end of this one
        # (and this line is a long one: a short line that ends early was broken on purpose)
        wrapped = edge - cur.x1 < first_w + 0.5 * h and cur.x1 - left_edge >= 0.7 * max(right_page - left_edge, 1.0)
        ends_comma = cur_text.rstrip().endswith((",", "-", "–"))
        mid_part = (
            _ends_mid_part(cur_text)
            or splits_a_unit(cur_text, nxt_text)
            or (kind == "address" and _splits_a_province(cur_text, nxt_text))
        )
        aligned = line_x0 - 2 * h <= nxt.x0 <= value_x0 + 3 * h
        back_to_margin = (wrapped or ends_comma or mid_part) and nxt.x0 <= value_x0 + 3 * h
        centred = kind == "text" and abs((nxt.x0 + nxt.x1) / 2 - (cur.x0 + cur.x1) / 2) < 2 * h
        if not (aligned or back_to_margin or centred):
            break
        letters = [c for c in nxt_text if c.isalpha()]
        if letters and not upper and all(c.isupper() for c in letters) and len(letters) > 3:
            break  # an upper-case heading after a mixed-case value
        # an upper-case name (a company's) going on in upper case on the next line
        upper_run = (
            kind == "text"
            and upper
            and len(letters) > 3
            and all(c.isupper() for c in letters)
            and not _ends_sentence(cur_text)
        )
        if not (wrapped or ends_comma or mid_part or upper_run):
            short = len(nxt.tokens) <= 10 and not nxt_text.rstrip().endswith((".", ":"))
            if kind != "address" or not short:
                break
        if cur_text.rstrip().endswith(","):
            joiner = ", "
        elif kind == "address" and not wrapped and not ends_comma and not mid_part:
            joiner = ", "  # a deliberate line break between address parts
        else:
            joiner = " "
        out.append((nxt, joiner))
        cur = nxt
        if kind == "address" and nxt_text.rstrip().endswith("."):
            break
    return out


def _regions_after(
    doc: _Doc, seg: Segment, hit: LabelHit, next_column: bool = True, heading: bool = False
) -> Iterable[tuple[list[Token], Segment, bool]]:
    """Where the value of a label may be, in order: (tokens, their segment, whether on the
    label's own line). The same line after the label; else the next column of the same
    visual row; else the line below the label (or the one after, when the line below is
    only the label's English translation or a hint)."""
    hits = doc.seg_hits(seg)
    label_x0 = seg.tokens[hit.start].box[0]
    # a bilingual label repeats the field: "Nơi thường trú / Place of residence:"
    if not hit.colon:
        for h in hits:
            between = seg.tokens[hit.end : h.start]
            if h.field == hit.field and h is not hit and h.start >= hit.end and [t.text for t in between] == ["/"]:
                hit = h
    following = [h for h in hits if h.start >= hit.end and h is not hit]
    if following and not hit.colon:
        nxt = min(following, key=lambda h: h.start)
        between = [t for t in seg.tokens[hit.end : nxt.start] if not t.text.startswith("(")]
        if not meaningful(between) and nxt.score >= 95:
            # a table heading row ("Thửa đất số  Tờ bản đồ số  Diện tích"): the value is in
            # the rows below, under this heading
            yield from _under_heading(doc, seg, label_x0, seg.tokens[nxt.start].box[0])
            return
    later = [h.start for h in hits if h.start >= hit.end and h.strong]
    stop = min(later) if later else len(seg.tokens)
    start = hit.end
    if not hit.colon:
        # the rest of a longer wording of the label: "Họ, chữ đệm và tên | khai sinh: …"
        for k in range(start, min(start + 4, stop)):
            tok = seg.tokens[k]
            if not (tok.text[:1].islower() or tok.text[:1] in "(/" or is_punct(tok)):
                break
            if tok.colon:
                start = k + 1
                break
    a, b = cut_region(seg.tokens, start, stop)
    region = seg.tokens[a:b]
    if meaningful(region):
        yield region, seg, True
        if b == len(seg.tokens):
            # the value may run on to the next line ("…, ngày" / "15/07/2022")
            below = _segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1)
            if below is not None and below.box[1] - seg.box[3] < seg.height and not _starts_with_label(doc, below):
                yield region + below.tokens[:8], seg, False
        if heading and not hit.colon and len(region) <= 3:
            # a table heading whose cells OCR read as one ("Thửa đất. Tờ bản"): the value is
            # in the rows below, under the label's own words
            last = seg.tokens[hit.end - 1]
            yield from _under_heading(doc, seg, label_x0, last.box[2] + seg.height)
        return
    if later:
        return
    page = doc.pages[seg.page]
    row = page.rows[seg.row]
    if next_column and seg.col + 1 < len(row):
        nxt = row[seg.col + 1]
        if not _starts_with_label(doc, nxt):
            a, b = cut_region(nxt.tokens, 0, _first_hit_start(doc, nxt))
            if meaningful(nxt.tokens[a:b]):
                yield nxt.tokens[a:b], nxt, False
    cur = seg
    for _ in range(2):
        below = _segment_below(doc, cur, (label_x0, max(seg.x1, label_x0 + 1)))
        if below is None or _starts_with_label(doc, below):
            return
        a, b = cut_region(below.tokens, 0, _first_hit_start(doc, below))
        if meaningful(below.tokens[a:b]):
            yield below.tokens[a:b], below, False
        cur = below


def _under_heading(doc: _Doc, seg: Segment, x0: float, x1: float) -> Iterable[tuple[list[Token], Segment, bool]]:
    """Tokens under a column heading spanning x0..x1, row by row (up to four rows down)."""
    page = doc.pages[seg.page]
    h = seg.height
    for r in range(seg.row + 1, min(len(page.rows), seg.row + 5)):
        row = page.rows[r]
        if not row or row[0].box[1] - seg.box[3] > 6 * h:
            return
        for s in row:
            toks = [t for t in s.tokens if x0 - 0.5 * h <= (t.box[0] + t.box[2]) / 2 < x1]
            if toks:
                yield toks, s, False


def _first_hit_start(doc: _Doc, seg: Segment) -> int:
    hits = doc.seg_hits(seg)
    starts = [h.start for h in hits if h.start > 0 and h.strong]
    return min(starts) if starts else len(seg.tokens)


def _conf_of(tokens: Sequence[Token]) -> float:
    confs = [t.conf for t in tokens]
    if not confs:
        return 0.0
    mean = sum(confs) / len(confs)
    return mean - 0.5 * (mean - min(confs))


def _label_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    out: list[Candidate] = []
    name = spec.name
    for seg in doc.all_segments():
        for hit in doc.seg_hits(seg):
            if hit.field != name:
                continue
            cand = _candidate_from_hit(doc, spec, seg, hit)
            if cand is not None:
                out.append(cand)
    for seg, hit in doc.split_hits():
        if hit.field == name:
            cand = _candidate_from_hit(doc, spec, seg, hit)
            if cand is not None:
                cand.quality *= 0.95
                out.append(cand)
    return out


def _candidate_from_hit(
    doc: _Doc, spec: FieldSpec, seg: Segment, hit: LabelHit, x_range: tuple[float, float] | None = None
) -> Candidate | None:
    short_label = len(compact(match_key(hit.label))) <= 5
    for region, vseg, same_line in _regions_after(
        doc, seg, hit, next_column=hit.colon or not short_label, heading=spec.kind in _TABLE_KINDS
    ):
        if x_range is not None and _overlap((vseg.x0, vseg.x1), x_range) <= 0:
            continue
        if not same_line and vseg is seg and spec.kind in FREE_KINDS:
            continue  # free text runs on through _continuations, not here
        cand = _candidate_in_region(doc, spec, seg, hit, region, vseg, same_line, short_label)
        if cand is not None:
            return cand
    return None


def _candidate_in_region(
    doc: _Doc,
    spec: FieldSpec,
    seg: Segment,
    hit: LabelHit,
    region: list[Token],
    vseg: Segment,
    same_line: bool,
    short_label: bool,
) -> Candidate | None:
    colon = hit.colon
    max_start = 2 if short_label else (8 if spec.kind in ("date", "year_or_date", "expiry") else 4)
    if spec.kind in FREE_KINDS:
        max_start = None
    tokens = list(region)
    kind = spec.kind
    if kind in ("address", "text") and vseg is not None:
        value_x0 = region[0].box[0]
        label_x0 = seg.tokens[hit.start].box[0]
        upper = all(c.isupper() for c in join_tokens(region)[0] if c.isalpha())
        parts = [(clean_text(join_tokens(region)[0]), region)]
        last_seg = vseg
        gone_on = _cell_going_on(doc, vseg, region) if kind == "address" else None
        if gone_on is not None:  # "Số 117 đường" | "Giã, phường …": a gap OCR took for a column
            parts.append((" ", gone_on.tokens[: _first_hit_start(doc, gone_on)]))
            last_seg = gone_on
        for nseg, joiner in _continuations(doc, last_seg, value_x0, label_x0, kind, upper):
            a, b = cut_region(nseg.tokens, 0, _first_hit_start(doc, nseg))
            more = nseg.tokens[a:b]
            if not meaningful(more):
                break
            parts.append((joiner, more))
            last_seg = nseg
        if kind == "address" and parts[-1][1] and parts[-1][1][-1] is last_seg.tokens[-1]:
            rest = _province_rest(doc, last_seg)
            if rest:
                parts.append((" ", rest))
        text = parts[0][0]
        used = list(parts[0][1])
        for joiner, more in parts[1:]:
            piece = clean_text(join_tokens(more)[0])
            text = (text.rstrip(" ,;") + ", " + piece) if joiner == ", " else (text.rstrip() + " " + piece)
            used.extend(more)
        parsed = parse_value(kind, [Token(text, match_key(text), _conf_of(used), used[0].box)], spec.pattern)
        if parsed is None:
            return None
        if kind == "address" and len(parsed.value.split()) < 2 and not any(c.isdigit() for c in parsed.value):
            return None  # "Pha": the rest of an English label, not an address (look below)
        parsed = Parsed(parsed.value, used, parsed.quality)
    else:
        parsed = parse_value(kind, tokens, spec.pattern, max_start, allow_lower=colon and same_line)
        if parsed is None and kind == "area_m2" and region:
            parsed = _area_in_words(vseg, region[0])  # the digits lost, the words written out kept
        if parsed is None:
            return None
        if kind == "area_m2" and parsed.used:
            # the area written out in words after it on its line: "(Bằng chữ: …)"
            k = next((i for i, t in enumerate(vseg.tokens) if t is parsed.used[-1]), None)
            if k is not None:
                fixed = area_checked(parsed.value, join_tokens(vseg.tokens[k + 1 :])[0])
                parsed = Parsed(fixed, parsed.used, parsed.quality, parsed.start)
        if kind == "document_number" and "/" not in parsed.value and not (colon and len(tokens) == 1):
            return None  # a bare number is a document number only as "Số: 12" on its own
        if (
            kind == "name"
            and fold(seg.tokens[hit.end - 1].text).strip(":,") == "ba"
            and fold(parsed.value.split()[0]) in _PLACES_AFTER_BA
        ):
            return None  # "Bà Rịa - Vũng Tàu" is a place, not a woman named Rịa
        if kind == "document_number" and not colon and parsed.used and _before_a_street(tokens, parsed.used[-1]):
            return None  # "Số 77/7 đường Lê Lợi" is a house number
        last = next((k for k, t in enumerate(tokens) if parsed.used and t.box == parsed.used[-1].box), None)
        rest = tokens[last + 1 :] if kind == "name" and last is not None else [None]
        if kind == "name" and all(LEADERS.match(t.text) for t in rest):
            parsed = _name_continued(doc, vseg, parsed, seg.tokens[hit.start].box[0])
        if kind in _DATE_KINDS and same_line and vseg is seg and _other_date_label_between(doc, spec, seg, hit, parsed):
            return None  # "từ 601/61/2919 đến 31/12/2019": the date after "đến" is not the "từ" one
    quality = hit.rank * parsed.quality * (1 - 0.01 * min(_label_index(spec, hit.label), 8))
    if not colon:
        quality *= 0.9
    if hit.start > 0 and not (
        hit.start <= 2 and all(is_punct(t) or NUMBERING.match(t.text) for t in seg.tokens[: hit.start])
    ):
        quality *= 0.9  # a label inside a sentence, not at the start of a line or cell
    conf = _conf_of(parsed.used) * (0.88 + 0.12 * hit.score / 100)
    order = (seg.page, seg.row, seg.col, hit.start)
    return Candidate(parsed.value, conf, seg.page, order, quality, explicit=colon, box=_box(parsed.used))


def _area_in_words(vseg: Segment, first: Token) -> Parsed | None:
    """An area spelt out in words on the value's line ("m² (Bằng chữ: Một trăm sáu mươi hai
    phẩy một mét vuông)") where OCR lost its digits: the words' number, a little less sure."""
    k = next((i for i, t in enumerate(vseg.tokens) if t is first), None)
    if k is None:
        return None
    toks = vseg.tokens[k : k + 4]
    text = join_tokens(vseg.tokens[k:])[0]
    m = re.search(r"bang chu\s*:?", fold(text))
    if m is None or re.search(r"\d", fold(text)[: m.start()]):
        return None
    spelt = number_in_words(text[m.end() :])
    return None if spelt is None else Parsed(spelt, toks, 0.85, 0)


_DATE_KINDS = ("date", "year_or_date", "expiry")
_TABLE_KINDS = ("integer", "area_m2")  # numbers that sit under table headings (land parcels)
# places whose name starts with "Bà" (the honorific before a woman's name): Bà Rịa, Bà Chiểu,
# Bà Điểm, Bà Đen, Bà Rá
_PLACES_AFTER_BA = {"ria", "chieu", "diem", "den", "ra"}


def _other_date_label_between(doc: _Doc, spec: FieldSpec, seg: Segment, hit: LabelHit, parsed: Parsed) -> bool:
    """Whether the label of another date field stands between ``hit`` and the value read."""
    first = next((k for k, t in enumerate(seg.tokens) if parsed.used and t is parsed.used[0]), None)
    if first is None:
        return False
    return any(
        h.field not in (None, spec.name) and doc.kinds.get(h.field) in _DATE_KINDS and hit.end <= h.start < first
        for h in doc.seg_hits(seg)
    )


_STREET_WORDS = {
    "duong",
    "pho",
    "ngo",
    "hem",
    "kiet",
    "ngach",
    "ap",
    "to",
    "khu",
    "thon",
    "xom",
    "quoc lo",
    "tinh lo",
    "phuong",
    "xa",
    "street",
}


def _before_a_street(tokens: Sequence[Token], last: Token) -> bool:
    """Whether the word after ``last`` opens a street or place (``đường``, ``phố``, ``ngõ``…)."""
    k = next((i for i, t in enumerate(tokens) if t is last), None)
    if k is None or k + 1 >= len(tokens):
        return False
    nxt = fold(tokens[k + 1].text).strip(",.;:")
    two = fold(" ".join(t.text for t in tokens[k + 1 : k + 3]))
    return nxt in _STREET_WORDS or two in _STREET_WORDS


def _province_rest(doc: _Doc, seg: Segment) -> list[Token]:
    """The rest of a province name that OCR cut off into the next cell of the row where it
    dropped the hyphen (``tỉnh Bà Rịa`` | ``Vũng Tàu``): its tokens, or [] when the next cell
    does not complete a province name."""
    row = doc.pages[seg.page].rows[seg.row]
    if seg.col + 1 >= len(row):
        return []
    nxt = row[seg.col + 1]
    if len(nxt.tokens) > 4 or nxt.x0 - seg.x1 > 4 * seg.height or _starts_with_label(doc, nxt):
        return []
    words = seg.text.split(",")[-1].split()
    rest = nxt.text.strip(" -–,.")
    for n in range(1, min(4, len(words)) + 1):
        head = " ".join(words[-n:])
        if province_name(head + " " + rest) is not None and province_name(head) is None:
            return list(nxt.tokens)
    return []


def _name_wrapped_in_prose(doc: _Doc, vseg: Segment, parsed: Parsed) -> Parsed:
    """A name at the very end of a full line of running text that goes on at the start of
    the next line ("… giao cho bà Nguyễn Ngọc" / "Vy, sinh ngày …"): the capitalised words
    there, in the same case, up to a comma or a lower-case word, at most 5 words in all."""
    page = doc.pages[vseg.page]
    if vseg.row + 1 >= len(page.rows) or parsed.used[-1] is not vseg.tokens[-1]:
        return parsed
    if parsed.used[-1].text[-1:] in ",;.)":
        return parsed  # the name ended there
    left, right = _text_extent(page)
    h = vseg.height
    if vseg.x1 < right - 4 * h or vseg.x0 > left + 4 * h:  # (a paragraph's first line may be indented)
        return parsed  # not a full line of prose: the line ended because the name did
    nxt = page.rows[vseg.row + 1][0]
    if abs(nxt.x0 - left) > 2 * h or nxt.box[1] - vseg.box[3] > 1.2 * h:
        return parsed
    upper = parsed.value.upper() == parsed.value
    words: list[Token] = []
    ended = False
    for t in nxt.tokens:
        w = t.text.rstrip(",;.")
        if not w.isalpha() or not is_capitalised(t) or (upper and w.upper() != w):
            ended = bool(words) and (t.text[:1].islower() or t.text in (",", ";"))
            break
        words.append(t)
        if w != t.text:
            ended = t.text[len(w) : len(w) + 1] in (",", ";")
            break
    if not words or not ended or len(parsed.used) + len(words) > 5:
        return parsed
    value = nfc(parsed.value + " " + " ".join(t.text.rstrip(",;.") for t in words))
    return Parsed(value, parsed.used + words, parsed.quality, parsed.start)


def _name_continued(doc: _Doc, vseg: Segment, parsed: Parsed, label_x0: float) -> Parsed:
    """A name that wraps inside a table cell: the rest sits alone under it (nothing in the
    label column of that row), one or two capitalised words in the same case; or a name
    wrapped at the end of a line of prose (`_name_wrapped_in_prose`)."""
    page = doc.pages[vseg.page]
    if vseg.row + 1 >= len(page.rows):
        return parsed
    wrapped = _name_wrapped_in_prose(doc, vseg, parsed)
    if wrapped is not parsed:
        return wrapped
    first = parsed.used[0]
    h = vseg.height
    row = page.rows[vseg.row + 1]
    under = [s for s in row if abs(s.x0 - first.box[0]) <= h]
    if len(under) != 1 or under[0].box[1] - vseg.box[3] > 0.8 * h:
        return parsed
    if any(s.x1 > label_x0 and s.x0 < first.box[0] - h for s in row):
        return parsed  # the row has its own label: a new field, not the rest of the name
    words = [t for t in under[0].tokens if not LEADERS.match(t.text)]
    upper = parsed.value.upper() == parsed.value
    if not 1 <= len(words) <= 2 or len(parsed.used) + len(words) > 7:
        return parsed
    for t in words:
        w = t.text.rstrip(".,;")
        if not w.isalpha() or not is_capitalised(t) or (upper and w.upper() != w):
            return parsed
    value = nfc(parsed.value + " " + " ".join(t.text.rstrip(".,;") for t in words))
    return Parsed(value, parsed.used + words, parsed.quality, parsed.start)


def _label_index(spec: FieldSpec, label: str) -> int:
    """Position of a label in the field's list: earlier wordings are preferred."""
    try:
        return spec.labels.index(label)
    except ValueError:
        return len(spec.labels)


def _place_date_candidates(doc: _Doc) -> list[Candidate]:
    out: list[Candidate] = []
    for seg in doc.all_segments():
        text, owner = join_tokens(seg.tokens)
        norm = date_normalise(text)
        tokens = list(seg.tokens)
        row = doc.pages[seg.page].rows[seg.row]
        if re.search(r"ng\s?[a-z]{1,3}\s*\d{1,2}\s*th\s?[a-z]{2,4}\s*\d{1,2}\s*n\s?[a-z]{1,3}\s*$", norm):
            below = _segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1)
            if below is not None and re.match(r"\s*\d{4}\b", below.text):
                tokens = tokens + [below.tokens[0]]
                text, owner = join_tokens(tokens)
        elif (
            re.search(r"\bng\s?[a-z]{1,3}\s*\d{1,2}(?:\s*th\s?[a-z]{2,4}(?:\s*\d{1,2})?)?\s*$", norm)
            and seg.col + 1 < len(row)
            and re.match(r"\s*(?:\d|th)", date_normalise(row[seg.col + 1].text))
            and row[seg.col + 1].x0 - seg.x1 < 8 * seg.height
        ):
            # the date's line broken by a gap OCR took for a column ("Đất Đỏ, ngày 21" | "02 năm 2020")
            tokens = tokens + list(row[seg.col + 1].tokens)
            text, owner = join_tokens(tokens)
        for hit in find_dates(text):
            if hit.form not in ("words", "numeric"):
                continue
            before = text[: hit.start].strip()
            after = text[hit.end :].strip()
            if ":" in before or re.search(r"\d\s*(gio|phut|h)\b", fold(before)):
                continue  # "Đã chết vào lúc: 14 giờ, ngày …" is a labelled value, not a place-date
            if after and re.search(r"\w", after):
                continue
            n_before = len(before.split())
            if hit.form == "words" and not re.match(r"\s*ng", date_normalise(text[hit.start : hit.end])):
                continue
            if before.endswith(","):
                q = 1.0
            elif not before and hit.form == "words":
                q = 0.8  # the place is on the line above
            elif (
                0 < n_before <= 5
                and hit.form == "words"
                and not before.endswith((":", ";"))
                and all(
                    is_capitalised(Token(w, "", 0, (0, 0, 0, 0))) for w in before.split() if any(c.isalpha() for c in w)
                )
            ):
                q = 0.85  # comma lost after a place name (capitalised words)
            else:
                continue
            if n_before > 8:
                continue
            used = used_tokens(owner, hit.start, hit.end, tokens)
            c = Candidate(
                hit.iso,
                _conf_of(used),
                seg.page,
                (seg.page, seg.row, seg.col, 0),
                q,
                hit.valid,
                None if hit.valid else f"{hit.iso} is not a real date",
                box=_box(used),
            )
            out.append(c)
    return out


_AGENCY_START = re.compile(
    r"^(uy ban nhan dan|ubnd|cong an|so |bo |phong |chi cuc|cuc |tong cuc|toa an|vien kiem sat|"
    r"trung tam|ban |van phong|bao hiem xa hoi|hoi dong|chi nhanh|bo phan|doi |thanh tra|kho bac|"
    r"chi cuc|truong |benh vien|uy ban)"
)


def _before_national_header(seg: Segment) -> Segment | None:
    """The part of a header line before the national header (``XÃ LONG SƠN Độc lập - Tự do -
    Hạnh phúc`` read as one line where the gap between the columns was narrow), or the whole
    segment when it has none; None when it starts with it."""
    k = national_header_start([t.text for t in seg.tokens])
    if k is None:
        return seg
    return Segment(seg.tokens[:k], seg.page, seg.row, seg.col) if k else None


def _header_segments(page):
    """The segments of the header block: the top 35% of the page, row by row."""
    for row in page.rows:
        for seg in row:
            if seg.box[1] > 0.35 * page.height:
                return
            yield seg


def _on_left(seg: Segment, page) -> bool:
    return (seg.x0 + seg.x1) / 2 < 0.5 * page.width


def _agency_candidates(doc: _Doc) -> list[Candidate]:
    if not doc.pages:
        return []
    page = doc.pages[0]
    left: list[Segment] = []
    for seg in _header_segments(page):
        seg = _before_national_header(seg)
        if seg is None or not _on_left(seg, page):
            continue
        if not re.search(r"[a-z]{2}", fold(seg.text)):
            continue
        left.append(seg)
    seq: list[Segment] = []
    for seg in left:
        f = fold(seg.text)
        if re.match(r"^(so|quyen so|s[oô6])\s*[:.]", f) or re.match(r"^so\s*\d", f) or _DOC_NUMBER.search(seg.text):
            break  # the document's number ("Số: 15/QĐ-UBND", its "Số" misread) ends the agency
        letters = [c for c in seg.text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) < 0.8 * len(letters):
            if seq:
                break
            continue  # a fax header or a note above the agency name
        seq.append(seg)
    start = None
    for i, seg in enumerate(seq):
        if _AGENCY_START.match(fold(seg.text)):
            start = i
    if start is None:
        return []
    parts = seq[start:]
    text = " ".join(s.text for s in parts)
    used = [t for s in parts for t in s.tokens]
    fuller = _authority_line(page, fold(clean_text(text)), parts[-1].row)
    if fuller is not None:  # the header lost (part of) the body's name ("ỦY BAN NHÂN DÂN" alone)
        seg, k = fuller
        return [
            Candidate(
                clean_text(join_tokens(seg.tokens[k:])[0]),
                _conf_of(seg.tokens[k:]) * 0.95,
                0,
                (0, seg.row, seg.col, 0),
                0.85,
                box=_box(seg.tokens[k:]),
            )
        ]
    return [
        Candidate(clean_text(text), _conf_of(used) * 0.95, 0, (0, parts[0].row, parts[0].col, 0), 0.85, box=_box(used))
    ]


_DOC_NUMBER = re.compile(r"(?<![\w/])\d{1,6}[A-Za-z]?\s?/\s?[A-ZĐ]{2,}")  # 15/QĐ-UBND, 633/GPXD


def _header_number_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    """A ``<number>/<symbol>`` (letters in the symbol) in the header block at the top left
    of the first page, where OCR lost or garbled its ``Số:`` (``Sã: 743/QĐ-UBND``); not on a
    line that carries another label (``Quyển số: 02/2016``)."""
    if not doc.pages:
        return []
    page = doc.pages[0]
    out: list[Candidate] = []
    for seg in _header_segments(page):
        if not _on_left(seg, page) or not _DOC_NUMBER.search(seg.text):
            continue
        if any(h.field != spec.name for h in doc.seg_hits(seg)):
            continue
        parsed = parse_value(spec.kind, seg.tokens, spec.pattern, max_start=3)
        if parsed is None or not re.search(r"/.*[A-ZĐ]", parsed.value):
            continue
        out.append(
            Candidate(
                parsed.value,
                _conf_of(parsed.used) * 0.85,
                0,
                (0, seg.row, seg.col, parsed.start),
                0.9,
                box=_box(parsed.used),
            )
        )
    return out


_BARE_AGENCIES = {"uy ban nhan dan", "ubnd", "cong an", "so", "phong", "chi cuc", "cuc", "bo"}


_SIGNER_TITLE = re.compile(r"^(?:(?:tm|kt|q)\s*[.:]?\s*)?(?:chu tich|pho chu tich|giam doc|truong)$")


def _authority_line(page: PageLayout, header: str, after_row: int) -> tuple[Segment, int] | None:
    """A decision repeats its issuer in capitals above the "Căn cứ …" lines (``ỦY BAN NHÂN
    DÂN XÃ HÒA HIỆP``, or ``CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG 1``). Where the header gave only
    the kind of body (``ỦY BAN NHÂN DÂN``), or lost the end of its name to OCR, the first such
    line in the upper half of the page that starts with the header's words and goes on (by at
    most four words where the header named the body): (segment, index of the body's first
    token), after the signer's title."""
    bare = header in _BARE_AGENCIES
    for row in page.rows[after_row + 1 :]:
        for seg in row:
            if seg.box[1] > 0.5 * page.height:
                return None
            keys = [fold(t.text).strip(".,:;") for t in seg.tokens]
            k = next((i for i in range(min(4, len(keys)) + 1) if _SIGNER_TITLE.match(" ".join(keys[:i]))), 0)
            f = fold(clean_text(join_tokens(seg.tokens[k:])[0]))
            letters = [c for c in seg.text if c.isalpha()]
            if not (
                f.startswith(header + " ")
                and len(f) > len(header) + 3
                and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
            ):
                continue
            if bare or len(f.split()) - len(header.split()) <= 4:
                return seg, k
    return None


# the line a fax machine prints across the top ("17/08/2018 11:21 FROM: UBND … 02549146089
# P.001/003"): its numbers are the sender's phone, not the document's
_FAX_HEADER = re.compile(r"^\W*\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}\b|\bfr[o0][mh]\b|\bp\.\s?\d{3}/\d{3}\b")


def _pattern_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    out: list[Candidate] = []
    for seg in doc.all_segments():
        f = fold(seg.text)
        if spec.kind == "certificate_serial" and re.search(r"vao so|so vao", f):
            continue
        if spec.kind in ("enterprise_code", "insurance_number", "personal_id") and (
            re.search(r"dien thoai|\bdt\b|\bfax\b|\btel\b|so tai khoan", f) or _FAX_HEADER.search(f)
        ):
            continue
        parsed = parse_value(spec.kind, seg.tokens, spec.pattern)
        if parsed is None:
            continue
        value, check, repaired = kinds.check_or_repair(spec.kind, parsed.value)
        if not check.ok:
            continue
        conf = _conf_of(parsed.used) * 0.8
        out.append(
            Candidate(
                value,
                _for_review(conf, REPAIRED) if repaired else conf,
                seg.page,
                (seg.page, seg.row, seg.col, parsed.start),
                0.6,
                box=_box(parsed.used),
            )
        )
    return out


def _range_end_candidates(doc: _Doc, opener: str) -> list[Candidate]:
    """The second date of a range whose label belongs to ``opener`` ("Giá trị sử dụng: từ
    01/01/2025 đến 31/12/2025"), a few words after the first: the end of the range even where
    OCR mangled the short word between them ("đếp")."""
    out: list[Candidate] = []
    hits = [(seg, hit) for seg in doc.all_segments() for hit in doc.seg_hits(seg) if hit.field == opener]
    hits += [(seg, hit) for seg, hit in doc.split_hits() if hit.field == opener]
    for seg, hit in hits:
        for region, _vseg, _same_line in _regions_after(doc, seg, hit):
            text, owner = join_tokens(region)
            dates = find_dates(text)
            if len(dates) >= 2 and len(text[dates[0].end : dates[1].start].split()) <= 3:
                second = dates[1]
                used = used_tokens(owner, second.start, second.end, region)
                out.append(
                    Candidate(
                        second.iso,
                        _conf_of(used) * 0.9,
                        seg.page,
                        (seg.page, seg.row, seg.col, hit.start),
                        0.8,
                        second.valid,
                        None if second.valid else f"{second.iso} is not a real date",
                        box=_box(used),
                    )
                )
            break
    return out


def _cell_under(
    row: list[Segment], label: Segment, heading: Segment, heading_row: list[Segment], x_range: tuple[float, float]
) -> Segment | None:
    """The cell of ``row`` (right of its ``label``) in the column of ``heading``: the one under
    it, else the one whose centre is nearer to it than to any other heading of its row (a
    short value sits at its column's left edge, clear of a heading centred over the column)."""
    cells = [c for c in row if c is not label and c.x0 > label.x0]
    under = [c for c in cells if _overlap((c.x0, c.x1), x_range) > 0]
    if under:
        return max(under, key=lambda c: _overlap((c.x0, c.x1), x_range))

    def centre(c: Segment) -> float:
        return (c.x0 + c.x1) / 2

    mine = [c for c in cells if min(heading_row, key=lambda h: abs(centre(h) - centre(c))) is heading]
    return min(mine, key=lambda c: abs(centre(c) - centre(heading)), default=None)


def _column_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    """A row label under a column heading: the heading (Chồng / Vợ) sits above the column;
    the row (Họ, chữ đệm, tên) has either its own label in that column or one label on the
    left for all columns, with the value in the cell under the heading."""
    out: list[Candidate] = []
    col_defs = [LabelDef("__col__", lab, match_key(lab), label_weight(match_key(lab))) for lab in spec.column_labels]
    for page in doc.pages:
        for seg in page.segments():
            key = " ".join(k for k in seg.keys if k)
            if not key or len(seg.tokens) > 5:
                continue
            if max(key_similarity(match_key(h), key) for h in spec.column) < 88:
                continue
            x_range = (seg.x0 - seg.height, seg.x1 + seg.height)
            for r in range(seg.row + 1, min(len(page.rows), seg.row + 16)):
                row = page.rows[r]
                found = False
                for s in row:
                    hits = [h for h in segment_hits(s, col_defs)]
                    if not hits:
                        continue
                    hit = hits[0]
                    if _overlap((s.x0, s.x1), x_range) > 0:
                        cand = _candidate_from_hit(doc, spec, s, hit, x_range)
                    else:
                        cell = _cell_under(row, s, seg, page.rows[seg.row], x_range)
                        if cell is None:
                            continue
                        parsed = parse_value(spec.kind, cell.tokens, spec.pattern)
                        if parsed is not None and spec.kind == "name":
                            parsed = _name_continued(doc, cell, parsed, s.x0)
                        cand = (
                            None
                            if parsed is None
                            else Candidate(
                                parsed.value,
                                _conf_of(parsed.used),
                                page.index,
                                (page.index, r, cell.col, 0),
                                0.9 * parsed.quality,
                                box=_box(parsed.used),
                            )
                        )
                    if cand is not None:
                        cand.quality = min(cand.quality, 0.9)
                        out.append(cand)
                        found = True
                        break
                if found:
                    break
    return out


# --------------------------------------------------------------------------- extraction


def _choose(cands: list[Candidate]) -> Candidate | None:
    if not cands:
        return None
    best_q = max(c.quality for c in cands)
    close = [c for c in cands if c.quality >= best_q - 0.03]
    return min(close, key=lambda c: c.order)


def _validate(spec: FieldSpec, cand: Candidate) -> Candidate:
    cand.value, check, repaired = kinds.check_or_repair(spec.kind, cand.value)
    if repaired:  # a letter OCR confuses put right from the value's structure: for review
        cand.conf = _for_review(cand.conf, REPAIRED)
    if not check.ok:
        cand.valid = False
        cand.problem = check.problem
    return cand


PERSON_FIELDS = ("personal_id", "date_of_birth", "gender")


def _field_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    """Validated candidates from the first ``locate`` strategy that finds a valid value
    (or, when none does, every candidate found: the best is kept and flagged invalid)."""
    found: list[Candidate] = []
    held: list[Candidate] = []
    for how in spec.locate:
        if how == "label":
            cands = _label_candidates(doc, spec)
        elif how == "place_date":
            cands = _place_date_candidates(doc)
        elif how == "agency_header":
            cands = _agency_candidates(doc)
        elif how == "header_number":
            cands = _header_number_candidates(doc, spec)
        elif how == "column":
            cands = _column_candidates(doc, spec)
        elif how == "pattern":
            cands = _pattern_candidates(doc, spec)
        elif how == "range_end" and spec.range_of is not None:
            cands = _range_end_candidates(doc, spec.range_of)
        else:
            cands = []
        cands = [_validate(spec, c) for c in cands]
        if how == "header_number" and held:
            return held + [c for c in cands if c.valid]
        if any(c.valid for c in cands):
            if how == "label" and "header_number" in spec.locate and not any(c.valid and c.explicit for c in cands):
                # a number met in a sentence ("Căn cứ Quyết định số 15/QĐ-UBND …") is another
                # document's as often as not: the one in the header competes with it
                held = [c for c in cands if c.valid]
                continue
            return [c for c in cands if c.valid]
        if not found:
            found = cands
    return held or found


def _the_subjects(chosen_name: Candidate, others: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
    """On a page about several people (a land certificate for a couple, a birth
    certificate with the parents, an application about a child), the ID, date of birth
    and gender are the ones in the block of the citizen the document is about: after the
    previous other person's name and before the next one. The others' are dropped."""
    before = [c.order for c in others if c.order < chosen_name.order]
    after = [c.order for c in others if c.order > chosen_name.order]
    if not before and not after:
        return cands
    lo = max(before) if before else (-1,)
    hi = min(after) if after else (10**9,)
    return [c for c in cands if lo <= c.order < hi]


def extract(
    pages: Sequence[PageText],
    doc_type: str,
    catalogue: Catalogue | None = None,
    codes: Sequence[tuple[int, Code]] = (),
    *,
    layouts: Sequence[PageLayout] | None = None,
) -> Extraction:
    """Read the fields of ``doc_type`` from the document's pages (see module doc).

    ``codes``: the barcodes and QR codes decoded on the pages, as (0-based page, code); a type
    with ``cross_checks = ["codes"]`` takes its dossier code from them where they carry one.
    ``layouts``: the pages' layouts, one per page in order, when the caller has them (the
    same ones classification read); else the pages are laid out here."""
    catalogue = catalogue or default_catalogue()
    doc_spec: DocType | None = catalogue.get(doc_type)
    if doc_spec is None or not pages:
        return Extraction({}, [])
    doc = _Doc(
        list(layouts) if layouts is not None else layout(pages),
        label_defs(catalogue, doc_type),
        kinds={name: spec.kind for name, spec in doc_spec.fields.items()},
    )
    candidates = {name: _field_candidates(doc, spec) for name, spec in doc_spec.fields.items()}
    chosen: dict[str, Candidate] = {}
    name_pick = _choose(candidates.get("full_name", []))
    if name_pick is not None:
        # other people: names under their own explicit label ("Họ, chữ đệm, tên: …",
        # "Họ, chữ đệm, tên người mẹ: …"), not a name met in a sentence
        others = [
            c
            for n, spec in doc_spec.fields.items()
            if spec.kind == "name"
            for c in candidates[n]
            if c.explicit and fold(c.value) != fold(name_pick.value)
        ]
        for field_name in PERSON_FIELDS:
            if field_name in candidates:
                candidates[field_name] = _the_subjects(name_pick, others, candidates[field_name])
    for name, cands in candidates.items():
        pick = _choose(cands)
        if pick is not None:
            chosen[name] = pick
    for name, cand in chosen.items():
        spec = doc_spec.fields[name]
        if spec.kind == "name":
            cand.value = _marks_by_confidence(doc, _completed_name(doc, cand.value))
        by_field = TIDY_BY_FIELD.get(name)
        cand.value = by_field(cand.value) if by_field is not None else kinds.tidy(spec.kind, cand.value)
    if "codes" in doc_spec.cross_checks and codes:
        _apply_codes(chosen, codes, doc_spec)
    if "mrz" in doc_spec.cross_checks:
        mrz = find_mrz([p.text for p in pages])
        if mrz is not None:
            _apply_mrz(chosen, mrz, doc_spec)
    _cross_check(chosen)
    fields: dict[str, dict] = {}
    boxes: dict[str, Box] = {}
    reasons: list[str] = []
    for name in doc_spec.fields:
        cand = chosen.get(name)
        if cand is None:
            continue
        conf = cand.conf * (0.7 + 0.3 * min(1.0, cand.quality))
        if cand.valid and _looks_misread(doc_spec.fields[name], cand.value):
            conf = _for_review(conf)
        if not cand.valid:
            conf = min(conf, 0.4) * 0.75
            reasons.append(f"invalid:{name}")
        elif conf < LOW_CONFIDENCE:
            reasons.append(f"low_confidence:{name}")
        fields[name] = {"value": cand.value, "confidence": round(max(0.0, min(conf, 0.99)), 2), "page": cand.page + 1}
        if cand.box is not None:
            boxes[name] = cand.box
    return Extraction(fields, reasons, boxes)


def _name_lines(doc: _Doc) -> list[list[str]]:
    """Segments that are a name and nothing else (a signature: 2-5 capitalised words)."""
    out = []
    for seg in doc.all_segments():
        words = [t.text.strip(".,;") for t in seg.tokens]
        if 2 <= len(words) <= 5 and all(w.isalpha() and w[:1].isupper() for w in words):
            out.append(words)
    return out


def _completed_name(doc: _Doc, value: str) -> str:
    """A name that lost its first or last word to OCR (``QUANG VĂN KHOA``), completed from
    the same name printed whole on a line of its own elsewhere in the document (the
    signature: ``Nguyễn Quang Văn Khoa``) — when exactly one such line, starting with a family
    name, extends it by one word."""
    words = value.split()
    if len(words) < 2:
        return value
    key = [fold(w) for w in words]
    found = set()
    for line in _name_lines(doc):
        lk = [fold(w) for w in line]
        if len(lk) == len(key) + 1 and (lk[1:] == key or lk[:-1] == key) and is_family_name(line[0]):
            found.add(tuple(line))
    if len(found) != 1:
        return value
    (line,) = found
    extra = line[0] if [fold(w) for w in line[1:]] == key else line[-1]
    extra = _case_of(extra, value)
    return f"{extra} {value}" if [fold(w) for w in line[1:]] == key else f"{value} {extra}"


def _marks_by_confidence(doc: _Doc, value: str) -> str:
    """A name printed more than once in the document (in the field, in the signature, in a
    sentence: ``NGUYỄN MINH DIÊM`` / ``Nguyễn Minh Diễm``) whose readings differ in their
    marks only: each word as OCR was surest of it (its word confidence), in the value's case."""
    words = value.split()
    if len(words) < 2:
        return value
    key = [fold(w) for w in words]
    n = len(key)
    # per word: the surest confidence OCR had in each spelling it read
    spellings: list[dict[str, tuple[float, str]]] = [{} for _ in words]
    readings = 0
    for seg in doc.all_segments():
        texts = [t.text.strip(".,;:()'\"") for t in seg.tokens]
        for i in range(len(texts) - n + 1):
            window = texts[i : i + n]
            if [fold(w) for w in window] != key or not all(w[:1].isupper() for w in window):
                continue
            readings += 1
            for k, (w, tok) in enumerate(zip(window, seg.tokens[i : i + n])):
                got = spellings[k].get(nfc(w).lower())
                if got is None or tok.conf > got[0]:
                    spellings[k][nfc(w).lower()] = (tok.conf, w)
    if readings < 2:
        return value
    out = []
    for w, seen in zip(words, spellings):
        own = seen.get(nfc(w).lower(), (-1.0, w))[0]
        conf, b = max(seen.values(), default=(-1.0, w))
        # another reading only where OCR was clearly surer of it (a point or two is noise)
        out.append((b.upper() if w.isupper() else b) if conf >= own + MARKS_MARGIN else w)
    return nfc(" ".join(out))


MARKS_MARGIN = 0.03  # word confidence (0-1) by which another reading of a name word must win


def _case_of(word: str, model: str) -> str:
    letters = [c for c in model if c.isalpha()]
    return word.upper() if letters and all(c.isupper() for c in letters) else word


def _looks_misread(spec: FieldSpec, value: str) -> bool:
    """A value that passes its check but looks like OCR lost something: a Vietnamese name
    with no marks at all (``NGUYEN GIANG``: nearly every Vietnamese name carries some)."""
    if spec.kind == "name":
        return len(value.split()) >= 2 and value.isascii()
    return False


REPAIRED = 0.8  # confidence factor for a value put right from its structure


def _for_review(conf: float, factor: float = 1.0) -> float:
    """``conf`` (times ``factor``), below the review threshold: a value put right from its
    structure, or one in conflict with another field, is flagged for a person to look at."""
    return min(conf * factor, LOW_CONFIDENCE - 0.05)


MRZ_CONF = 0.95  # a value whose MRZ check digit agrees
CODE_CONF = 0.99  # a value decoded from a barcode or QR code (its own error correction)


def _apply_codes(chosen: dict[str, Candidate], codes: Sequence[tuple[int, Code]], doc_spec: DocType) -> None:
    """A dossier code in a barcode or QR code on the document over the one OCR read from the
    print: the symbol is exact where the print's digits can be misread (0 as 6 or 9). Only
    when the document's symbols agree on one code."""
    for name, spec in doc_spec.fields.items():
        if spec.kind != "dossier_id":
            continue
        found = {c.dossier_id: page for page, c in codes if c.dossier_id}
        if len(found) != 1:
            continue
        ((value, page),) = found.items()
        cand = chosen.get(name)
        if cand is None:
            chosen[name] = Candidate(value, CODE_CONF, page, (page, 10**6, 0, 0), 1.0)
        else:
            if value != cand.value:
                cand.box = None  # the code's value, not the printed words'
            cand.value, cand.valid, cand.problem = value, True, None
            cand.conf, cand.quality = max(cand.conf, CODE_CONF), max(cand.quality, 1.0)


def _apply_mrz(chosen: dict[str, Candidate], mrz: Mrz, doc_spec: DocType) -> None:
    """The machine-readable zone's check-digit-protected values over what OCR read from the
    printed fields: a printed value that agrees is confirmed, one that differs is replaced (a
    misread digit in the zone changes its check digit; in the print nothing catches it)."""

    def put(name: str, value: str | None) -> None:
        if value is None or name not in doc_spec.fields:
            return
        cand = chosen.get(name)
        if cand is None:
            chosen[name] = Candidate(value, MRZ_CONF, mrz.page, (mrz.page, 10**6, 0, 0), 1.0)
            return
        if value != cand.value:
            cand.box = None  # the zone's value, not the printed words'
        cand.value, cand.valid, cand.problem = value, True, None
        cand.conf, cand.quality = max(cand.conf, MRZ_CONF), max(cand.quality, 1.0)

    pid = chosen.get("personal_id")
    if mrz.personal_id is not None:
        put("personal_id", mrz.personal_id)
    elif mrz.document_number is not None and pid is not None and re.fullmatch(r"\d{12}", pid.value):
        # the document number is the ID without its province code: the printed province stays
        fixed = pid.value[:3] + mrz.document_number
        if validators.personal_id(fixed).ok:
            put("personal_id", fixed)
    dob, mrz_dob = chosen.get("date_of_birth"), mrz.date_of_birth
    pid = chosen.get("personal_id")
    if mrz_dob and mrz.personal_id is None:
        # the zone has two digits of the year: the century from the printed ID, else from the
        # printed date of birth
        id_year = validators.personal_id_birth_year(pid.value) if pid is not None and pid.valid else None
        if id_year is not None and str(id_year)[2:] == mrz_dob[2:4]:
            mrz_dob = str(id_year)[:2] + mrz_dob[2:]
        elif dob is not None and re.fullmatch(r"\d{4}-\d\d-\d\d", dob.value):
            mrz_dob = dob.value[:2] + mrz_dob[2:]
    put("date_of_birth", mrz_dob)
    put("gender", mrz.gender)
    expiry = chosen.get("expiry_date")
    if mrz.expiry_date is not None and not (expiry is not None and expiry.value == "none"):
        # (a card that never expires prints so; its zone carries a placeholder date)
        if expiry is not None or mrz.expiry_date < "2090":
            put("expiry_date", mrz.expiry_date)


def _cross_check(chosen: dict[str, Candidate]) -> None:
    """Checks between fields of one document: ID against date of birth and gender,
    dates that must be in order."""
    pid = chosen.get("personal_id")
    dob = chosen.get("date_of_birth")
    gender = chosen.get("gender")
    if pid is not None:
        context = {
            "date_of_birth": dob.value if dob and dob.valid else None,
            "gender": gender.value if gender and gender.valid else None,
        }
        if not validators.personal_id(pid.value, **context).ok:
            fixed = validators.repair_personal_id(pid.value, **context)
            if fixed is not None:  # a repair is a guess from the structure: less sure
                pid.value, pid.valid, pid.problem = fixed, True, None
                pid.conf *= REPAIRED
        if context["date_of_birth"] and context["gender"]:
            # no province has the code read (677…, 071…): one digit OCR confuses put right
            # where that alone agrees with the date of birth and sex; still for review
            fixed = validators.repair_personal_id_head(pid.value, **context)
            if fixed is not None:
                pid.value, pid.valid, pid.problem = fixed, True, None
                pid.conf = _for_review(pid.conf, REPAIRED)
    if pid is not None and pid.valid:
        if (
            dob is not None
            and dob.valid
            and re.fullmatch(r"\d{12}", pid.value)
            and re.fullmatch(r"\d{4}-.*", dob.value)
        ):
            # the ID carries the century and the year of birth: a date of birth that differs
            # only in its century ("1854" for 1954) is an OCR slip on the date
            id_year = str(validators.personal_id_birth_year(pid.value))
            if dob.value[:4] != id_year and dob.value[2:4] == id_year[2:]:
                dob.value = id_year + dob.value[4:]
            elif confusions.one_confusion_apart(dob.value[:4], id_year) and abs(dob.conf - pid.conf) >= 0.05:
                # the year of birth in the ID and on the date differ in one digit that OCR
                # confuses (1982 / 1962): the one OCR read clearly less surely is put right, and
                # both still go to review (read as surely: a conflict, both flagged invalid)
                if dob.conf < pid.conf:
                    dob.value = id_year + dob.value[4:]
                else:
                    fixed = pid.value[:4] + dob.value[2:4] + pid.value[6:]
                    if validators.personal_id(fixed, date_of_birth=dob.value).ok:
                        pid.value = fixed
                dob.conf, pid.conf = _for_review(dob.conf), _for_review(pid.conf)
        check = validators.personal_id(
            pid.value,
            date_of_birth=dob.value if dob and dob.valid else None,
            gender=gender.value if gender and gender.valid else None,
        )
        if not check.ok:
            pid.valid, pid.problem = False, check.problem
            # which of the two OCR misread is not known: both go to review
            if dob is not None and dob.valid and check.code == validators.Problem.DATE_OF_BIRTH:
                dob.valid, dob.problem = False, check.problem
            if gender is not None and gender.valid and check.code == validators.Problem.GENDER:
                gender.valid, gender.problem = False, check.problem
    dob = chosen.get("date_of_birth")
    if dob is not None and dob.valid and dob.value[:10] > dt.date.today().isoformat():
        dob.valid, dob.problem = False, f"date of birth {dob.value} is in the future"
    for early, late in (
        ("receipt_date", "due_date"),
        ("valid_from", "valid_to"),
        ("date_of_birth", "date_of_death"),
        ("date_of_birth", "registration_date"),
    ):
        a, b = chosen.get(early), chosen.get(late)
        if a and b and a.valid and b.valid and len(a.value) == len(b.value) == 10 and b.value < a.value:
            b.valid, b.problem = False, f"{late} {b.value} is before {early} {a.value}"
