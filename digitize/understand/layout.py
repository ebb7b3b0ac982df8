"""The page layout that field extraction and classification read: an OCR page's words as
tokens (split at ``:`` / ``/`` where a label and its value were read as one word), grouped into
visual rows (OCR lines at the same height, even from different blocks), each row split into
column segments at wide gaps, table rules and column edges shared by several rows.

    pages = layout(page_texts)          # one PageLayout per page
    for seg in pages[0].segments(): seg.text, seg.tokens, seg.box

Each page is laid out once: ``digitize.documents`` lays out an input's pages, reads their
titles for the split, and gives each document's layouts (``PageLayout.as_page``) to both
``classify`` and ``extract``, which lay pages out themselves only when called without them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from digitize.understand.textmatch import match_key
from ocr import confusions
from ocr.model import Box, PageText, nfc

PDF_WORD_CONF = 0.98  # a word from a PDF text layer (conf -1)
GAP_FACTOR = 1.6  # a horizontal gap wider than this × text height separates columns


@dataclass
class Token:
    """A word (or a piece of one split at ``:`` / ``/``) with its box and confidence 0-1."""

    text: str
    key: str  # match_key(text)
    conf: float
    box: Box
    glue: bool = False  # no space before it (a piece of the same OCR word)

    @property
    def colon(self) -> bool:
        return self.text.endswith(":")

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class Segment:
    """Tokens of one visual row with no wide gap between them (one column cell)."""

    tokens: list[Token]
    page: int  # 0-based within the document
    row: int
    col: int

    @property
    def box(self) -> Box:
        return (
            min(t.box[0] for t in self.tokens),
            min(t.box[1] for t in self.tokens),
            max(t.box[2] for t in self.tokens),
            max(t.box[3] for t in self.tokens),
        )

    @property
    def x0(self) -> float:
        return self.tokens[0].box[0]

    @property
    def x1(self) -> float:
        return self.tokens[-1].box[2]

    @property
    def height(self) -> float:
        return median_height(self.tokens)

    @property
    def keys(self) -> list[str]:
        return [t.key for t in self.tokens]

    @property
    def text(self) -> str:
        return join_tokens(self.tokens)[0]


@dataclass
class PageLayout:
    index: int
    width: float
    height: float
    rows: list[list[Segment]] = field(default_factory=list)

    def segments(self) -> Iterable[Segment]:
        for row in self.rows:
            yield from row

    def as_page(self, index: int) -> PageLayout:
        """The same layout numbered as page ``index`` of a document: a page is laid out once
        (for the split of its input) and serves the document it falls in, for classification
        and extraction alike. The tokens are shared, not copied."""
        if index == self.index:
            return self
        out = PageLayout(index, self.width, self.height)
        out.rows = [[Segment(s.tokens, index, s.row, s.col) for s in row] for row in self.rows]
        return out


def join_tokens(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """Tokens as text, and for each character the index of its token (-1 for spaces)."""
    parts: list[str] = []
    owner: list[int] = []
    for i, tok in enumerate(tokens):
        if i and not tok.glue:
            parts.append(" ")
            owner.append(-1)
        parts.append(tok.text)
        owner.extend([i] * len(tok.text))
    return "".join(parts), owner


def median_height(tokens: Sequence[Token]) -> float:
    hs = [t.height for t in tokens if t.height > 0]
    return statistics.median(hs) if hs else 1.0


def _split_word(text: str) -> list[str]:
    """Split an OCR word after ``:``, ``,`` or ``;`` and around ``/`` between letters, so that
    ``sinh:12/03/1990``, ``tên/Full`` and ``An,sinh`` give separate tokens (times such as
    ``12:30``, numbers such as ``152,5`` and symbols such as ``15/QĐ-UBND`` stay whole)."""
    pieces: list[str] = []
    cur = ""
    n = len(text)
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < n else ""
        prev = text[i - 1] if i else ""
        if ch == "/" and prev.isalpha() and nxt.isalpha() and not _symbolish(text):
            if cur:
                pieces.append(cur)
            pieces.append("/")
            cur = ""
            continue
        cur += ch
        if ch == "." and prev.isalpha() and nxt.isdigit():
            pieces.append(cur)  # "số.0793…": a speck read as a stop between a label and its value
            cur = ""
            continue
        if ch in ":,;" and nxt and not nxt.isspace():
            if ch == ":" and prev.isdigit() and nxt.isdigit():
                continue
            if ch in ",;" and not (nxt.isalpha() or (nxt in "'‘’`" and text[i + 2 : i + 3].isalpha())):
                continue  # (a speck read as a quote after the comma: "Hiền,'sinh")
            pieces.append(cur)
            cur = ""
    if cur:
        pieces.append(cur)
    return pieces


_GLUED_ITEM = re.compile(r"(\d{1,2}[.)]+)([^\W\d_].*)$")
_YEAR_THEN_ITEM = re.compile(r"((?:19|20)\d\d)([1-9][.)])$")


def _symbolish(text: str) -> bool:
    """``QĐ-UBND``-like: a document symbol or code, not two words joined by a slash."""
    return bool(re.search(r"\d", text)) or (text.upper() == text and "-" in text)


def _tokens_of_word(text: str, conf: float, box: Box) -> list[Token]:
    # an item's number run into the word after it ("3..CCCD", "2.Giới"), or a date's year run
    # into the next item's number ("19754." for "1975 4."): two words, as if a space stood there
    item = _GLUED_ITEM.match(text) or _YEAR_THEN_ITEM.match(text)
    if item:
        x0, y0, x1, y1 = box
        cut = x0 + (x1 - x0) * len(item.group(1)) / len(text)
        first = _tokens_of_word(item.group(1), conf, (x0, y0, cut, y1))
        return first + _tokens_of_word(item.group(2), conf, (cut, y0, x1, y1))
    pieces = _split_word(text)
    if len(pieces) == 1:
        return [Token(text, match_key(text), conf, box)]
    x0, y0, x1, y1 = box
    total = sum(len(p) for p in pieces) or 1
    out: list[Token] = []
    pos = 0
    for i, p in enumerate(pieces):
        a = x0 + (x1 - x0) * pos / total
        pos += len(p)
        b = x0 + (x1 - x0) * pos / total
        out.append(Token(p, match_key(p), conf, (a, y0, b, y1), glue=i > 0))
    return out


def _word_conf(conf: float) -> float:
    if conf is None or conf < 0:
        return PDF_WORD_CONF
    return max(0.0, min(1.0, conf / 100.0))


PARTIAL_BOX = 0.5  # a word boxed narrower than this share of its letters' width on its row
_NARROW = set("iIl1jtfr.,:;!|'ìíỉĩị")  # letters far narrower than the usual one


def _right_reaches(row: Sequence[Token]) -> list[float]:
    """How far right each word's letters reach: its box's right edge, or, where OCR boxed only
    part of the word (a fax's "CẮM" 10 px wide among words of 12 px a letter), where its
    letters would end at the row's usual width per letter. Else the gap after it looks like a
    column's and a name is cut there."""
    widths = [(t.box[2] - t.box[0]) / len(t.text) for t in row if len(t.text) >= 3 and t.box[2] > t.box[0]]
    if len(widths) < 2:
        return [t.box[2] for t in row]
    per_letter = statistics.median(widths)
    reaches = []
    for tok in row:
        letters = sum(0.4 if c in _NARROW else 1.0 for c in tok.text) * per_letter
        partial = len(tok.text) >= 2 and tok.box[2] - tok.box[0] < PARTIAL_BOX * letters
        reaches.append(tok.box[0] + letters if partial else tok.box[2])
    return reaches


def _split_at_gaps(tokens: list[Token]) -> list[list[Token]]:
    """Split a row at column gaps: wider than ``GAP_FACTOR`` × the text height, or clearly
    wider than the row's usual word space, or at a table rule read as ``|``."""
    if not tokens:
        return []
    h = median_height(tokens)
    gaps = [b.box[0] - reach for reach, b in zip(_right_reaches(tokens), tokens[1:])]
    usual = statistics.median(gaps) if len(gaps) >= 3 else h * 0.35
    groups: list[list[Token]] = [[]]
    for i, tok in enumerate(tokens):
        if i:
            gap = gaps[i - 1]
            if gap > GAP_FACTOR * h or (gap > 1.0 * h and gap > 3.5 * max(usual, 1.0)):
                groups.append([])
        if tok.text in ("|", "||", "¦"):
            groups.append([])
            continue
        if tok.text.startswith("|") and len(tok.text) > 1:
            groups.append([])
            tok = Token(tok.text[1:], match_key(tok.text[1:]), tok.conf, tok.box, False)
        elif tok.text.endswith("|") and len(tok.text) > 1:
            groups[-1].append(Token(tok.text[:-1], match_key(tok.text[:-1]), tok.conf, tok.box, tok.glue))
            groups.append([])
            continue
        groups[-1].append(tok)
    return [g for g in groups if g]


def ocr_letters(text: str) -> str:
    """Characters OCR takes from other scripts for the ones printed: the Icelandic eth ``Ð``
    for ``Đ`` (and both for one ``Đ``: ``QĐÐ``), which Vietnamese never uses; a fraction or
    division slash for ``/`` (``4/5⁄2025``, ``1465/⁄2019/QĐ-UBND``: one slash read twice)."""
    slash = f"[{confusions.SLASHES}]"
    text = re.sub(f"/{slash}|{slash}/", "/", text).translate(confusions.TO_SLASH)  # one slash read twice
    if (rejoined := confusions.capitals_rejoined(text)) is not None:
        text = rejoined  # "L.\N", "PH.VM": an A a degraded scan broke in two
    if "Ð" not in text and "ð" not in text:
        return text
    text = re.sub("ĐÐ|ÐĐ", "Đ", text)
    return text.replace("Ð", "Đ").replace("ð", "đ")


def layout_page(page: PageText, index: int = 0) -> PageLayout:
    """Group a page's words into visual rows (OCR lines at the same height, even from
    different blocks) and split each row into column segments at wide gaps."""
    by_line: dict[int, list[Token]] = {}
    for w in page.words:
        text = ocr_letters(nfc(w.text or "").strip())
        if not text:
            continue
        by_line.setdefault(w.line, []).extend(_tokens_of_word(text, _word_conf(w.conf), w.box))
    pieces: list[list[Token]] = []
    for toks in by_line.values():
        toks.sort(key=lambda t: t.box[0])
        pieces.extend(_split_at_gaps(toks))

    def vbox(p: list[Token]) -> tuple[float, float]:
        ys0 = sorted(t.box[1] for t in p)
        ys1 = sorted(t.box[3] for t in p)
        return ys0[len(ys0) // 2], ys1[len(ys1) // 2]

    rows: list[dict] = []
    for piece in sorted(pieces, key=lambda p: sum(vbox(p)) / 2):
        y0, y1 = vbox(piece)
        px0, px1 = piece[0].box[0], piece[-1].box[2]
        placed = False
        for row in reversed(rows[-8:]):
            overlap = min(y1, row["y1"]) - max(y0, row["y0"])
            if overlap < 0.5 * min(y1 - y0, row["y1"] - row["y0"]):
                continue
            if any(px0 < q1 and q0 < px1 for q0, q1 in row["spans"]):
                continue
            row["tokens"].extend(piece)
            row["spans"].append((px0, px1))
            row["y0"], row["y1"] = min(row["y0"], y0), max(row["y1"], y1)
            placed = True
            break
        if not placed:
            rows.append({"y0": y0, "y1": y1, "tokens": list(piece), "spans": [(px0, px1)]})
    rows.sort(key=lambda r: (r["y0"] + r["y1"]) / 2)
    groups = [_split_at_gaps(sorted(row["tokens"], key=lambda t: t.box[0])) for row in rows]
    groups = _split_at_table_columns(groups)
    out = PageLayout(index, page.width, page.height)
    for r_i, row_groups in enumerate(groups):
        out.rows.append([Segment(g, index, r_i, c_i) for c_i, g in enumerate(row_groups)])
    return out


def _split_at_table_columns(rows: list[list[list[Token]]]) -> list[list[list[Token]]]:
    """Table cells whose text runs into the next cell (a long name filling its cell) are
    split where a word starts at a column edge shared by several other rows and the space
    before it is wider than the line's other spaces."""
    all_tokens = [t for row in rows for g in row for t in g]
    if not all_tokens:
        return rows
    h = median_height(all_tokens)
    starts = sorted(g[0].box[0] for row in rows for g in row[1:])
    if len(starts) < 3:
        return rows

    def supported(x: float) -> bool:
        return sum(1 for s in starts if abs(s - x) <= 0.6 * h) >= 3

    out: list[list[list[Token]]] = []
    for row in rows:
        new_row: list[list[Token]] = []
        for g in row:
            gaps = [b.box[0] - a.box[2] for a, b in zip(g, g[1:])]
            if len(gaps) < 2:
                new_row.append(g)
                continue
            usual = statistics.median(gaps)
            cur = [g[0]]
            for tok, gap in zip(g[1:], gaps):
                if gap > 1.6 * max(usual, 1.0) and gap > 0.5 * h and supported(tok.box[0]):
                    new_row.append(cur)
                    cur = []
                cur.append(tok)
            new_row.append(cur)
        out.append(new_row)
    return out


def layout(pages: Sequence[PageText]) -> list[PageLayout]:
    return [layout_page(p, i) for i, p in enumerate(pages)]


NUMBERING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)]$")
LEADERS = re.compile(r"^[.…_·\-–—:;,]+$")


def is_punct(tok: Token) -> bool:
    return not tok.key and not any(ch.isdigit() for ch in tok.text)


def is_capitalised(tok: Token) -> bool:
    ch = next((c for c in tok.text if c.isalpha()), "")
    return bool(ch) and ch.isupper()
