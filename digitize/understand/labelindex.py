"""The label index of a document's pages: which labels each segment carries (cached),
labels that wrap onto the next line or run into the next cell, and whether a segment opens a
label."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from digitize.understand.labels import LabelDef, LabelHit, segment_hits
from digitize.understand.layout import NUMBERING, PageLayout, Segment, Token, is_capitalised, is_punct
from digitize.understand.navigate import overlap, segment_below
from digitize.understand.textmatch import compact


@dataclass
class Doc:
    pages: list[PageLayout]
    defs: tuple[LabelDef, ...]
    hits: dict[tuple[int, int, int], list[LabelHit]] = field(default_factory=dict)
    _split: list[tuple[Segment, LabelHit]] | None = None
    _prefixes: set[str] | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # field name -> kind, for this type

    def label_prefixes(self) -> set[str]:
        """The first two and three words of the labels that have more words than that."""
        if self._prefixes is None:
            self._prefixes = {
                " ".join(d.key.split()[:n])
                for d in self.defs
                if not d.colon_only
                for n in (2, 3)
                if len(d.key.split()) > n
            }
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
                under = segment_below(self, seg, (seg.x0, seg.x1), max_rows=1)
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
                    s for s in self.pages[under.page].rows[under.row] if overlap((s.x0, s.x1), (seg.x0, seg.x1)) > 0
                ]
                first = min(row_below, key=lambda s: s.x0)
                for below in sorted(row_below, key=lambda s: -overlap((s.x0, s.x1), (seg.x0, seg.x1))):
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
        found = self._split_onto_from(seg, below, row_below, wrapped, seg.tokens[-6:])
        # the label ending this line may have taken a word of it for its own first ("… khai
        # sinh Surname, middle name" / "and given name:"): look again after that label
        own_end = max((h.end for h in self.seg_hits(seg)), default=0)
        if not found and len(seg.tokens) - 6 < own_end < len(seg.tokens):
            found = self._split_onto_from(seg, below, row_below, wrapped, seg.tokens[own_end:])
        return found

    def _split_onto_from(
        self, seg: Segment, below: Segment, row_below: Sequence[Segment], wrapped: bool, tail: list[Token]
    ) -> list[tuple[Segment, LabelHit]]:
        head = below.tokens[:6]
        joined = Segment(tail + head, seg.page, -1, -1)
        out = []
        for hit in segment_hits(joined, self.defs):
            if hit.start < len(tail) < hit.end and hit.field is not None:
                words = (tail[hit.start].box[0] - 0.5 * seg.height, seg.x1)  # its words on this line
                if (
                    not wrapped
                    and overlap((below.x0, below.x1), words) <= 0
                    and any(overlap((s.x0, s.x1), words) > 0 for s in row_below)
                ):
                    continue  # another cell sits under the label's words: it goes on there
                if wrapped and any(overlap((s.x0, s.x1), words) > 0 for s in row_below if s is not below):
                    continue
                if any(
                    h.start < len(seg.tokens) and h.end > len(seg.tokens) - len(tail) + hit.start and h.rank >= hit.rank
                    for h in self.seg_hits(seg)
                ):
                    continue
                moved = LabelHit(hit.field, 0, hit.end - len(tail), hit.score, hit.label, hit.weight, hit.colon)
                out.append((below, moved))
        return out


_BULLETS = ("-", "+", "•", "*", "–")


def starts_with_label(doc: Doc, seg: Segment) -> bool:
    hits = [h for h in doc.seg_hits(seg) if h.strong]
    if hits and hits[0].start <= 1 and all(is_punct(t) or NUMBERING.match(t.text) for t in seg.tokens[: hits[0].start]):
        return True
    toks = seg.tokens
    if not doc.seg_hits(seg) and _capitals_with_a_colon_at_the_end(toks):
        return False
    # after an item's number or bullet ("3. Nơi cấp:", "- Cốt nền xây dựng:")
    k0 = 1 if toks and (NUMBERING.match(toks[0].text) or toks[0].text in _BULLETS) else 0
    for k in range(k0, min(len(toks), k0 + 6)):
        if _label_colon(toks, k) and k > k0 - 1 and is_capitalised(toks[k0]):
            return not re.fullmatch(r"[\d.:;]+", toks[k].text)
    return False


def _label_colon(toks: Sequence[Token], k: int) -> bool:
    """Whether token ``k`` ends a label: with its colon, or with the colon a fax or copy read
    as a semicolon ("Tên viết tắt; ABC CO., LTD") — mid-line, where a value follows it (a
    clause ending in ";" ends its line)."""
    return toks[k].colon or (toks[k].text.endswith(";") and k + 1 < len(toks))


def _capitals_with_a_colon_at_the_end(toks: Sequence) -> bool:
    """A line of capitals only, of no label, that ends in a colon glued to its last word
    ("LÊ XUÂN SƠN:" under "Full name:"): a value with a speck read as a colon, not a label
    (labels are printed in mixed case; a heading in capitals is a label the catalogue knows)."""
    if len(toks) < 2 or not toks[-1].text.endswith(":") or toks[-1].text == ":":
        return False
    if any(t.colon for t in toks[:-1]):
        return False
    letters = [c for t in toks for c in t.text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def opens_a_label(doc: Doc, seg: Segment) -> bool:
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


def first_hit_start(doc: Doc, seg: Segment) -> int:
    hits = doc.seg_hits(seg)
    starts = [h.start for h in hits if h.start > 0 and h.strong]
    return min(starts) if starts else len(seg.tokens)
