"""Field extraction: read a document type's fields from its pages.

``extract(pages, doc_type, catalogue=None)`` returns ``Extraction(fields, review_reasons)``:

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
- ``column``: a row label under a column heading (Chồng / Vợ, Người mẹ / Người cha).
- ``pattern``: the value's own shape anywhere (dossier IDs, serials, insurance numbers).

Values are canonicalised per shared/spec/document-types.md and validated (the ID also
against the date of birth and gender read from the same document); a value that fails is
kept with low confidence and flagged ``invalid:<field>``. Confidence combines the OCR word
confidences (a PDF text layer counts as high) with how well the label matched and how the
value was found; under ``LOW_CONFIDENCE`` the field is flagged ``low_confidence:<field>``.
On a page about several people, the ID, date of birth and gender are the ones in the block
of the person ``full_name`` names.

The page layout used here (``layout``: visual rows split into column segments at wide gaps,
table rules and shared column edges) is also used by the classifier.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable, NamedTuple, Sequence

from rapidfuzz import fuzz, process

from digitize import validators
from digitize.catalogue import Catalogue, DocType, FieldSpec, default_catalogue
from digitize.dates import find_dates, normalise as date_normalise
from digitize.textmatch import (compact, find_in_tokens, fold, key_similarity, label_threshold,
                                match_key)
from ocr.model import Box, PageText, nfc

LOW_CONFIDENCE = 0.6  # below this a field is flagged low_confidence:<field>
PDF_WORD_CONF = 0.98  # a word from a PDF text layer (conf -1)
GAP_FACTOR = 1.6  # a horizontal gap wider than this × text height separates columns

# --------------------------------------------------------------------------- layout


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
        return (min(t.box[0] for t in self.tokens), min(t.box[1] for t in self.tokens),
                max(t.box[2] for t in self.tokens), max(t.box[3] for t in self.tokens))

    @property
    def x0(self) -> float:
        return self.tokens[0].box[0]

    @property
    def x1(self) -> float:
        return self.tokens[-1].box[2]

    @property
    def height(self) -> float:
        return _median_height(self.tokens)

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


def _median_height(tokens: Sequence[Token]) -> float:
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
        if ch in ":,;" and nxt and not nxt.isspace():
            if ch == ":" and prev.isdigit() and nxt.isdigit():
                continue
            if ch in ",;" and not nxt.isalpha():
                continue
            pieces.append(cur)
            cur = ""
    if cur:
        pieces.append(cur)
    return pieces


def _symbolish(text: str) -> bool:
    """``QĐ-UBND``-like: a document symbol or code, not two words joined by a slash."""
    return bool(re.search(r"\d", text)) or (text.upper() == text and "-" in text)


def _tokens_of_word(text: str, conf: float, box: Box) -> list[Token]:
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


def _split_at_gaps(tokens: list[Token]) -> list[list[Token]]:
    """Split a row at column gaps: wider than ``GAP_FACTOR`` × the text height, or clearly
    wider than the row's usual word space, or at a table rule read as ``|``."""
    if not tokens:
        return []
    h = _median_height(tokens)
    gaps = [b.box[0] - a.box[2] for a, b in zip(tokens, tokens[1:])]
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


def layout_page(page: PageText, index: int = 0) -> PageLayout:
    """Group a page's words into visual rows (OCR lines at the same height, even from
    different blocks) and split each row into column segments at wide gaps."""
    by_line: dict[int, list[Token]] = {}
    for w in page.words:
        text = nfc(w.text or "").strip()
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
    h = _median_height(all_tokens)
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


# --------------------------------------------------------------------------- results


class Extraction(NamedTuple):
    fields: dict[str, dict]
    review_reasons: list[str]


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


@dataclass
class Parsed:
    value: str
    used: list[Token]
    quality: float = 1.0
    start: int = 0  # index of the first used token in the region


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class LabelDef:
    field: str | None  # None: an ignore label (not a field of this type)
    label: str
    key: str
    weight: float  # specificity: longer labels win over shorter ones they contain


@dataclass(frozen=True)
class LabelHit:
    field: str | None
    start: int
    end: int
    score: float
    label: str
    weight: float
    colon: bool = False  # followed by ':' (a label for sure, not a word in a sentence)
    capitalised: bool = True  # starts with a capital letter, as labels on forms do

    @property
    def strong(self) -> bool:
        """Whether this hit ends a value that runs into it: a label with a colon, or a
        long specific label (a short word such as ``Bà`` or ``Số`` may be part of a value)."""
        return self.colon or (len(compact(match_key(self.label))) >= 10 and self.score >= 95
                              and self.capitalised)

    @property
    def rank(self) -> float:
        # the better match wins; between equally good ones, the longer (more specific) label
        return self.score / 100 + 0.1 * self.weight


def _weight(key: str) -> float:
    return 0.6 + 0.4 * min(len(compact(key)), 30) / 30


_DEFS_CACHE: dict[tuple[int, str], tuple[Catalogue, tuple["LabelDef", ...]]] = {}


def label_defs(catalogue: Catalogue, code: str) -> tuple[LabelDef, ...]:
    """The labels to look for in a document of type ``code``: its fields' labels and the
    catalogue's ignore labels (minus any that are also a field label of this type)."""
    cached = _DEFS_CACHE.get((id(catalogue), code))
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    doc = catalogue.types[code]
    defs: list[LabelDef] = []
    own_keys: set[str] = set()
    for spec in doc.fields.values():
        for label in spec.labels:
            key = match_key(label)
            if key:
                own_keys.add(key)
                defs.append(LabelDef(spec.name, label, key, _weight(key)))
    for label in catalogue.ignore_labels:
        key = match_key(label)
        if key and key not in own_keys:
            defs.append(LabelDef(None, label, key, _weight(key)))
    if len(_DEFS_CACHE) > 256:
        _DEFS_CACHE.clear()
    _DEFS_CACHE[(id(catalogue), code)] = (catalogue, tuple(defs))
    return tuple(defs)


def _plausible(keys: Sequence[str], defs: Sequence[LabelDef]) -> list[LabelDef]:
    """The labels that may occur in a line (one vectorised fuzzy pass over all of them), so
    that the word-by-word search runs for a few labels only."""
    words = [k for k in keys if k]
    if not words:
        return []
    line = " ".join(words)
    padded = f" {line} "
    squeezed = {compact(" ".join(words[i:i + n])) for n in (1, 2, 3) for i in range(len(words))}
    short = [d for d in defs if len(compact(d.key)) <= 5]
    long = [d for d in defs if len(compact(d.key)) > 5]
    out = [d for d in short if f" {d.key} " in padded or compact(d.key) in squeezed]
    if long:
        scores = process.cdist([line], [d.key for d in long], scorer=fuzz.partial_ratio)[0]
        out += [d for d, sc in zip(long, scores) if sc >= label_threshold(d.key) - 12]
    return out


def segment_hits(seg: Segment, defs: Sequence[LabelDef]) -> list[LabelHit]:
    """Labels found in a segment, overlapping ones resolved (the more specific wins)."""
    keys = seg.keys
    toks = seg.tokens
    raw: list[LabelHit] = []
    for d in _plausible(keys, defs):
        for m in find_in_tokens(keys, d.label):
            inner = toks[m.start:m.end - 1]
            if any(t.colon for t in inner):
                continue  # a label does not run on past its own colon
            if any(t.text.endswith((",", ";", ".")) for t in inner) and not re.search(r"[,;.]", d.label):
                continue  # "Điền, ngày" is not "Đến ngày": punctuation the label does not have
            colon = toks[m.end - 1].colon or (m.end < len(toks) and toks[m.end].text.startswith(":"))
            raw.append(LabelHit(d.field, m.start, m.end, m.score, d.label, d.weight, colon,
                                _is_capitalised(toks[m.start])))
    raw.sort(key=lambda h: (-h.rank, h.start))
    taken: list[LabelHit] = []
    for h in raw:
        # the same words may label several fields ("Số" for an ID and a document number)
        if all(h.end <= t.start or h.start >= t.end or
               (h.start, h.end, h.label, h.field is not None) == (t.start, t.end, t.label, True)
               for t in taken):
            taken.append(h)
    taken.sort(key=lambda h: h.start)
    return taken


# --------------------------------------------------------------------------- value regions

_NUMBERING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)]$")
_LEADERS = re.compile(r"^[.…_·\-–—:;,]+$")


def _is_punct(tok: Token) -> bool:
    return not tok.key and not any(ch.isdigit() for ch in tok.text)


def _is_capitalised(tok: Token) -> bool:
    ch = next((c for c in tok.text if c.isalpha()), "")
    return bool(ch) and ch.isupper()


def _cut_region(tokens: list[Token], start: int, stop: int) -> tuple[int, int]:
    """Trim a value region [start, stop): skip leading punctuation, an English label
    (``/ Full name:``) or a hint in brackets after the label; cut before a numbered item
    (``3. Giới tính``) or an unknown ``Label:`` that follows the value."""
    i = start
    # leading ':' / '-' / leaders
    while i < stop and (_is_punct(tokens[i]) and tokens[i].text != "/" and not tokens[i].text.startswith("(")):
        i += 1
    # bilingual label tail: "/ Full name:" or "/Sex:"
    if i < stop and tokens[i].text.startswith("/"):
        j = i
        limit = min(stop, i + 7)
        while j < limit and not tokens[j].colon:
            j += 1
        if j < limit:
            i = j + 1
        else:  # no colon: skip the English words
            i += 1
            while i < stop and re.fullmatch(r"[A-Za-z.'’]+", tokens[i].text):
                i += 1
    # a hint in brackets right after the label: "(viết chữ in hoa):"
    if i < stop and tokens[i].text.startswith("("):
        j = i
        while j < stop and ")" not in tokens[j].text and j - i < 12:
            j += 1
        if j < stop and ")" in tokens[j].text:
            i = j + 1
    while i < stop and _is_punct(tokens[i]):
        i += 1
    end = stop
    for k in range(i + 1, stop):
        tok = tokens[k]
        if _NUMBERING.match(tok.text) and k + 1 < stop and _is_capitalised(tokens[k + 1]) \
                and re.fullmatch(r"[^\W\d_]{2,}[:,]?", tokens[k + 1].text):
            end = k
            break
        if tok.colon and not re.fullmatch(r"[\d.:]+", tok.text):
            # a new "Label:" starts at the nearest capitalised word before the colon, or
            # right after the punctuation that ends the value ("…, nơi cư trú: …")
            first = k
            while first - 1 > i and k - first < 6 and not tokens[first - 1].text.endswith((",", ";", ".")):
                first -= 1
            j = k
            while j > first and not _is_capitalised(tokens[j]):
                j -= 1
            if not _is_capitalised(tokens[j]):
                if not tokens[first - 1].text.endswith((",", ";", ".")):
                    continue
                j = first
            if j > i:
                end = j
                if j - 1 > i and _NUMBERING.match(tokens[j - 1].text):
                    end = j - 1
                break
    return i, end


def _meaningful(tokens: Sequence[Token]) -> bool:
    return any(t.key or any(ch.isdigit() for ch in t.text) for t in tokens
               if not _LEADERS.match(t.text))


# --------------------------------------------------------------------------- parsing values

_DIGIT_LIKE = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "Ø": "0", "ø": "0", "θ": "0",
                             "l": "1", "I": "1", "i": "1",
                             "|": "1", "!": "1", "]": "1", "Z": "2", "z": "2", "S": "5", "s": "5",
                             "B": "8", "g": "9", "b": "6"})


def _fix_digits(text: str) -> str:
    """Look-alike letters → digits inside runs that are mostly digits."""

    def fix(m: re.Match) -> str:
        run = m.group(0)
        digits = sum(c.isdigit() for c in run)
        if digits >= 2 and 2 * digits >= len(run):
            return run.translate(_DIGIT_LIKE)
        return run

    return re.sub(r"[0-9OoQDØøθlIi|!\]ZzSsBgb]+", fix, text)


def _used(owner: list[int], a: int, b: int, tokens: Sequence[Token]) -> list[Token]:
    idx = sorted({owner[k] for k in range(a, min(b, len(owner))) if owner[k] >= 0})
    return [tokens[k] for k in idx]


def _first_token(owner: list[int], a: int) -> int:
    for k in range(a, len(owner)):
        if owner[k] >= 0:
            return owner[k]
    return 10**6


def _clean_text(text: str) -> str:
    text = re.sub(r"[.…_·]{3,}", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r"^[\s\-–—•+:]+", "", text)
    return text.strip(" ,;:").rstrip(".").strip()


def parse_value(kind: str, tokens: Sequence[Token], pattern: str | None = None,
                max_start: int | None = None, allow_lower: bool = False) -> Parsed | None:
    """Read a value of ``kind`` from a region's tokens; None when there is none.

    ``max_start``: the value must begin within this many tokens (structured kinds after a
    short label, so that ``Số`` does not read a number from far along the line)."""
    tokens = list(tokens)
    if not tokens:
        return None
    text, owner = join_tokens(tokens)

    def ok_start(a: int) -> bool:
        return max_start is None or _first_token(owner, a) < max_start

    def result(value: str, a: int, b: int, quality: float = 1.0) -> Parsed:
        return Parsed(value, _used(owner, a, b, tokens), quality, _first_token(owner, a))

    if pattern:
        for m in re.finditer(pattern, text):
            g = 1 if m.re.groups else 0
            if ok_start(m.start(g)):
                value = re.sub(r"\s+", "", m.group(g)) if kind in _NO_SPACE_KINDS else m.group(g).strip()
                return result(value, m.start(g), m.end(g))
        if kind not in _FREE_KINDS:
            return None

    if kind in ("date", "year_or_date", "expiry"):
        if kind == "expiry":
            f = fold(text)
            m = re.search(r"khong (?:xac dinh )?thoi han|vo thoi han|khong co thoi han|unlimited|indefinite", f)
            if m and ok_start(m.start()):
                return result("none", m.start(), m.end())
        for hit in find_dates(text, years=(kind == "year_or_date")):
            if not ok_start(hit.start):
                break
            if hit.form == "year":
                # a year alone only when nothing else is printed there
                return result(hit.iso, hit.start, hit.end, 0.9)
            return result(hit.iso, hit.start, hit.end, 1.0 if hit.valid else 0.8)
        return None

    if kind == "personal_id":
        fixed = _fix_digits(text)
        for m in re.finditer(r"(?<![\dA-Za-z])\d(?:[ .]?\d){7,13}(?!\d)", fixed):
            digits = re.sub(r"\D", "", m.group(0))
            if len(digits) in (9, 12) and ok_start(m.start()):
                return result(digits, m.start(), m.end())
            if len(digits) in (11, 13) and ok_start(m.start()):
                return result(digits, m.start(), m.end(), 0.7)  # misread: kept, invalid
        return None

    if kind == "enterprise_code":
        fixed = _fix_digits(text)
        for m in re.finditer(r"(?<![\d])(\d(?: ?\d){9})(?:\s*-\s*(\d{3}))?(?!\d)", fixed):
            if ok_start(m.start()):
                code = re.sub(r"\D", "", m.group(1))
                if m.group(2):
                    code += "-" + m.group(2)
                return result(code, m.start(), m.end())
        return None

    if kind == "dossier_id":
        value, a, b = _find_dossier(text)
        if value and ok_start(a):
            return result(value, a, b)
        return None

    if kind == "certificate_serial":
        for m in re.finditer(r"(?<![A-Za-zÀ-ỹĐđ])([A-ZĐ]{2})\s?(\d{3}\s?\d{3})(?!\d)", _fix_serial(text)):
            if ok_start(m.start()):
                return result(f"{m.group(1)} {m.group(2).replace(' ', '')}", m.start(), m.end())
        return None

    if kind == "insurance_number":
        fixed = _fix_digits(text)
        rx = r"(?<![A-Za-z])([A-Z]{2})\s?(\d(?:\s?\d){12})(?!\d)"
        m = re.search(rx, text) or re.search(rx, fixed)  # "NO5…": the O is a letter here
        if m and ok_start(m.start()):
            return result(m.group(1) + re.sub(r"\s", "", m.group(2)), m.start(), m.end())
        m = re.search(r"(?<![\dA-Za-z])(\d(?:\s?\d){9})(?!\d)", fixed)
        if m and ok_start(m.start()):
            return result(re.sub(r"\s", "", m.group(1)), m.start(), m.end())
        return None

    if kind == "document_number":
        fixed = _fix_doc_number(text)
        m = re.search(r"(?<![\w/])(\d{1,6}[A-Za-z]?)\s*/\s*([^\W_][\wĐđ\-/.]*)", fixed)
        if m and ok_start(m.start()):
            return result(f"{m.group(1)}/{m.group(2).rstrip('.-/_')}", m.start(), m.end())
        m = re.match(r"\s*(\d{1,6})(?![\d/])", fixed)
        if m:
            return result(m.group(1), m.start(1), m.end(1), 0.8)  # number alone: kept, invalid
        return None

    if kind == "gender":
        for i, tok in enumerate(tokens[:3]):
            k = compact(tok.key)
            if k in ("nam", "male", "m"):
                return Parsed("male", [tok], 1.0, i)
            if k in ("nu", "female", "f", "nuu") or (k.startswith("nu") and len(k) <= 3):
                return Parsed("female", [tok], 1.0, i)
            if k.startswith("nam") and len(k) <= 7:  # Nam/Male
                return Parsed("male", [tok], 0.95, i)
        return None

    if kind == "integer":
        m = re.search(r"(?<![\d.,/])(\d{1,7})(?![\d/]|[.,]\d)", _fix_digits(text))
        if m and ok_start(m.start()):
            return result(str(int(m.group(1))), m.start(), m.end())
        return None

    if kind == "area_m2":
        fixed = _fix_digits(text)
        m = re.search(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?:([.,])(\d+))?(?![\d])", fixed)
        if m and ok_start(m.start()):
            value = _area(m.group(0))
            if value:
                return result(value, m.start(), m.end())
        return None

    if kind == "form_code":
        m = re.search(r"(?<![\w/])([A-ZĐ]{1,6}\s?-?\d{1,3}[A-Z]?(?:[-/][A-ZĐ0-9]+)*)(?![\w/])", text)
        if m and ok_start(m.start()):
            return result(m.group(1).replace(" ", ""), m.start(), m.end())
        return None

    if kind == "name":
        return _parse_name(tokens, allow_lower)

    if kind in ("address", "text"):
        cleaned = _clean_text(text)
        if kind == "address":
            cleaned = re.sub(r"^(?:tại|ở)\s+", "", cleaned, flags=re.IGNORECASE)
        if not re.search(r"\w", cleaned):
            return None
        used = [t for t in tokens if not _LEADERS.match(t.text)]
        return Parsed(cleaned, used, 1.0, 0)
    return None


_NO_SPACE_KINDS = {"form_code", "document_number", "insurance_number", "dossier_id", "personal_id",
                   "enterprise_code"}
_FREE_KINDS = {"name", "address", "text"}

# words before a name that are not part of it (Châu, Cù... are family names: not listed)
_HONORIFICS = {"ong", "ba", "ong ba", "ongba", "mr", "mrs", "ms"}


def _parse_name(tokens: Sequence[Token], allow_lower: bool = False) -> Parsed | None:
    toks = list(tokens)
    i = 0
    while i < len(toks) and _LEADERS.match(toks[i].text):
        i += 1
    while i < len(toks) and (toks[i].key in _HONORIFICS or toks[i].text == "/") and i < 3:
        i += 1
    words: list[Token] = []
    has_lower = False
    for tok in toks[i:]:
        raw = tok.text
        stripped = raw.rstrip(",;.)")
        if tok.glue and words and tok.text in (",", ";", ".", ")"):
            break
        if not stripped or not all(ch.isalpha() or ch in "'’" for ch in stripped):
            break
        if not _is_capitalised(tok):
            has_lower = True
            break
        words.append(tok)
        if stripped != raw or len(words) >= 7:
            break
    if len(words) < 2:
        # all-lower-case names (OCR or typing): accept a short, purely alphabetic value
        rest = toks[i:]
        letters = [t for t in rest if re.fullmatch(r"[^\W\d_]+[,;.]?", t.text)]
        if allow_lower and has_lower and 2 <= len(letters) == len(rest) <= 5 \
                and not any(_is_capitalised(t) for t in rest):
            words = letters
        else:
            return None
    text = " ".join(t.text.rstrip(",;.)") for t in words)
    return Parsed(nfc(text), words, 1.0, tokens.index(words[0]) if words[0] in tokens else 0)


def _area(raw: str) -> str | None:
    s = raw.strip()
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        s = s.replace(thou, "").replace(dec, ".")
    elif "," in s:
        parts = s.split(",")
        s = s.replace(",", ".") if len(parts) == 2 else s.replace(",", "")
    elif "." in s:
        parts = s.split(".")
        if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and len(parts[0]) <= 3 and parts[0] != "0"):
            s = s.replace(".", "")  # 1.234 = one thousand two hundred and thirty-four
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    out = format(d.normalize(), "f")
    return out


def _fix_serial(text: str) -> str:
    """OCR look-alikes in the digit part of a serial such as ``CĐ 12345O``."""
    return re.sub(r"(?<=[A-ZĐ]{2})(\s?)([0-9OoIl|]{6})",
                  lambda m: m.group(1) + m.group(2).translate(_DIGIT_LIKE), text)


def _fix_doc_number(text: str) -> str:
    return re.sub(r"^[\sOoIl|0-9]+(?=\s*/)", lambda m: m.group(0).translate(_DIGIT_LIKE), text)


_DL = r"[0-9OoQDØølI|]"
_DOSSIER_LOOSE = re.compile(
    rf"({_DL}{{3}})[.,]({_DL}{{2}})[.,]({_DL}{{2}})[.,]([A-Z])({_DL}{{2}})[-–—]({_DL}{{6}})[-–—]({_DL}{{4}})")


def _find_dossier(text: str) -> tuple[str | None, int, int]:
    """A dossier ID in text, tolerant of spaces inside it and of O/0, l/1 swaps."""
    m = re.search(r"doccode=([^&\s]+)", text)
    if m:
        text = text[: m.start(1)] + m.group(1) + text[m.end(1):]
    # remove spaces but remember where each kept character came from
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    squeezed = "".join(ch for _, ch in kept)
    m = _DOSSIER_LOOSE.search(squeezed)
    if not m:
        return None, 0, 0
    groups = [g.translate(_DIGIT_LIKE) if k != 3 else g for k, g in enumerate(m.groups())]
    value = f"{groups[0]}.{groups[1]}.{groups[2]}.{groups[3]}{groups[4]}-{groups[5]}-{groups[6]}"
    return value, kept[m.start()][0], kept[m.end() - 1][0] + 1


# --------------------------------------------------------------------------- locating


@dataclass
class _Doc:
    pages: list[PageLayout]
    defs: tuple[LabelDef, ...]
    hits: dict[tuple[int, int, int], list[LabelHit]] = field(default_factory=dict)
    _split: list[tuple[Segment, LabelHit]] | None = None

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
        ``danh cá nhân: …``), as hits in the second line's segment starting at token 0."""
        if self._split is None:
            self._split = []
            for seg in self.all_segments():
                below = _segment_below(self, seg, (seg.x0, seg.x1), max_rows=1)
                if below is None or below.box[1] - seg.box[3] > seg.height:
                    continue
                if seg.tokens[-1].colon or seg.tokens[-1].text.endswith((".", ";", ")")):
                    continue  # a line that ends a label or a sentence does not split a label
                tail = seg.tokens[-6:]
                head = below.tokens[:6]
                joined = Segment(tail + head, seg.page, -1, -1)
                for hit in segment_hits(joined, self.defs):
                    if hit.start < len(tail) < hit.end and hit.field is not None:
                        if any(h.start < len(seg.tokens) and h.end > len(seg.tokens) - len(tail) + hit.start
                               and h.rank >= hit.rank for h in self.seg_hits(seg)):
                            continue
                        moved = LabelHit(hit.field, 0, hit.end - len(tail), hit.score, hit.label,
                                         hit.weight, hit.colon)
                        self._split.append((below, moved))
        return self._split


def _starts_with_label(doc: _Doc, seg: Segment) -> bool:
    hits = [h for h in doc.seg_hits(seg) if h.strong]
    if hits and hits[0].start <= 1 and all(_is_punct(t) or _NUMBERING.match(t.text)
                                          for t in seg.tokens[: hits[0].start]):
        return True
    toks = seg.tokens
    k0 = 1 if toks and _NUMBERING.match(toks[0].text) else 0
    for k in range(k0, min(len(toks), k0 + 6)):
        if toks[k].colon and k > k0 - 1 and _is_capitalised(toks[k0]):
            return not re.fullmatch(r"[\d.:]+", toks[k].text)
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
    r"khu|thon|xom|lo|tp|tx|tt|p|q|h|ba ria|tinh ba|ho chi|nguyen)\.?$")


def _ends_mid_part(text: str) -> bool:
    """A line ending in a word that cannot end an address part (``… thành phố`` / ``Hồ Chí
    Minh``) or in a hyphen continues the same part on the next line."""
    f = fold(text).rstrip()
    return f.endswith(("-", "–")) or bool(_MID_PART_END.search(f))


def _ends_sentence(text: str) -> bool:
    return text.rstrip(" :")[-1:] in (".", ";", "!", "?")


def _text_extent(page: PageLayout) -> tuple[float, float]:
    # specks OCR read as ":" or "l" in the margins are not the text block's edges
    segs = [s for s in page.segments()
            if sum(c.isalnum() for c in s.text) >= 3 and s.x1 - s.x0 >= 2 * s.height] or list(page.segments())
    if not segs:
        return 0.0, page.width
    return min(s.x0 for s in segs), max(s.x1 for s in segs)


def _right_edge(page: PageLayout, seg: Segment) -> float:
    edge = seg.x1
    for s in page.segments():
        if s.x0 < seg.x1 and s.x1 > seg.x0:
            edge = max(edge, s.x1)
    return edge


def _continuations(doc: _Doc, first_seg: Segment, value_x0: float, label_x0: float,
                   kind: str, upper: bool) -> list[tuple[Segment, str]]:
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
                options = [s for s in over if not _starts_with_label(doc, s)]
                break
        if not options:
            break
        nxt = min(options, key=lambda s: abs(s.x0 - line_x0))
        if nxt.box[1] - cur.box[3] > 1.0 * h:
            break
        first = nxt.tokens[0].text
        cur_text, nxt_text = cur.text, nxt.text
        if _NUMBERING.match(first) or first in ("-", "+", "•", "*"):
            # a new item — unless the line broke inside a place name ("tỉnh Bà" / "- Rịa -
            # Vũng Tàu": a speck read as a dash before the rest)
            if not (first == "-" and _ends_mid_part(cur_text) and len(nxt.tokens) > 1
                    and nxt.tokens[1].text[:1].isupper() and not _starts_with_label(doc, nxt)):
                break
        edge = _right_edge(page, cur)
        first_w = nxt.tokens[0].box[2] - nxt.tokens[0].box[0]
        # wrapped: the next line's first word would not have fitted at the end of this one
        # (and this line is a long one: a short line that ends early was broken on purpose)
        wrapped = edge - cur.x1 < first_w + 0.5 * h and \
            cur.x1 - left_edge >= 0.7 * max(right_page - left_edge, 1.0)
        ends_comma = cur_text.rstrip().endswith((",", "-", "–"))
        mid_part = _ends_mid_part(cur_text)
        aligned = line_x0 - 2 * h <= nxt.x0 <= value_x0 + 3 * h
        back_to_margin = (wrapped or ends_comma or mid_part) and nxt.x0 <= value_x0 + 3 * h
        centred = kind == "text" and abs((nxt.x0 + nxt.x1) / 2 - (cur.x0 + cur.x1) / 2) < 2 * h
        if not (aligned or back_to_margin or centred):
            break
        letters = [c for c in nxt_text if c.isalpha()]
        if letters and not upper and all(c.isupper() for c in letters) and len(letters) > 3:
            break  # an upper-case heading after a mixed-case value
        # an upper-case name (a company's) going on in upper case on the next line
        upper_run = kind == "text" and upper and len(letters) > 3 and all(c.isupper() for c in letters) \
            and not _ends_sentence(cur_text)
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


def _regions_after(doc: _Doc, seg: Segment, hit: LabelHit,
                   next_column: bool = True) -> Iterable[tuple[list[Token], Segment, bool]]:
    """Where the value of a label may be, in order: (tokens, their segment, whether on the
    label's own line). The same line after the label; else the next column of the same
    visual row; else the line below the label (or the one after, when the line below is
    only the label's English translation or a hint)."""
    hits = doc.seg_hits(seg)
    label_x0 = seg.tokens[hit.start].box[0]
    # a bilingual label repeats the field: "Nơi thường trú / Place of residence:"
    if not hit.colon:
        for h in hits:
            between = seg.tokens[hit.end:h.start]
            if h.field == hit.field and h is not hit and h.start >= hit.end and \
                    [t.text for t in between] == ["/"]:
                hit = h
    following = [h for h in hits if h.start >= hit.end and h is not hit]
    if following and not hit.colon:
        nxt = min(following, key=lambda h: h.start)
        between = [t for t in seg.tokens[hit.end:nxt.start] if not t.text.startswith("(")]
        if not _meaningful(between) and nxt.score >= 95:
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
            if not (tok.text[:1].islower() or tok.text[:1] in "(/" or _is_punct(tok)):
                break
            if tok.colon:
                start = k + 1
                break
    a, b = _cut_region(seg.tokens, start, stop)
    region = seg.tokens[a:b]
    if _meaningful(region):
        yield region, seg, True
        if b == len(seg.tokens):
            # the value may run on to the next line ("…, ngày" / "15/07/2022")
            below = _segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1)
            if below is not None and below.box[1] - seg.box[3] < seg.height and \
                    not _starts_with_label(doc, below):
                yield region + below.tokens[:8], seg, False
        return
    if later:
        return
    page = doc.pages[seg.page]
    row = page.rows[seg.row]
    if next_column and seg.col + 1 < len(row):
        nxt = row[seg.col + 1]
        if not _starts_with_label(doc, nxt):
            a, b = _cut_region(nxt.tokens, 0, _first_hit_start(doc, nxt))
            if _meaningful(nxt.tokens[a:b]):
                yield nxt.tokens[a:b], nxt, False
    cur = seg
    for _ in range(2):
        below = _segment_below(doc, cur, (label_x0, max(seg.x1, label_x0 + 1)))
        if below is None or _starts_with_label(doc, below):
            return
        a, b = _cut_region(below.tokens, 0, _first_hit_start(doc, below))
        if _meaningful(below.tokens[a:b]):
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


def _candidate_from_hit(doc: _Doc, spec: FieldSpec, seg: Segment, hit: LabelHit,
                        x_range: tuple[float, float] | None = None) -> Candidate | None:
    short_label = len(compact(match_key(hit.label))) <= 5
    for region, vseg, same_line in _regions_after(doc, seg, hit, next_column=hit.colon or not short_label):
        if x_range is not None and _overlap((vseg.x0, vseg.x1), x_range) <= 0:
            continue
        if not same_line and vseg is seg and spec.kind in _FREE_KINDS:
            continue  # free text runs on through _continuations, not here
        cand = _candidate_in_region(doc, spec, seg, hit, region, vseg, same_line, short_label)
        if cand is not None:
            return cand
    return None


def _candidate_in_region(doc: _Doc, spec: FieldSpec, seg: Segment, hit: LabelHit, region: list[Token],
                         vseg: Segment, same_line: bool, short_label: bool) -> Candidate | None:
    colon = hit.colon
    max_start = 2 if short_label else (8 if spec.kind in ("date", "year_or_date", "expiry") else 4)
    if spec.kind in _FREE_KINDS:
        max_start = None
    tokens = list(region)
    kind = spec.kind
    if kind in ("address", "text") and vseg is not None:
        value_x0 = region[0].box[0]
        label_x0 = seg.tokens[hit.start].box[0]
        upper = all(c.isupper() for c in join_tokens(region)[0] if c.isalpha())
        parts = [(_clean_text(join_tokens(region)[0]), region)]
        for nseg, joiner in _continuations(doc, vseg, value_x0, label_x0, kind, upper):
            a, b = _cut_region(nseg.tokens, 0, _first_hit_start(doc, nseg))
            more = nseg.tokens[a:b]
            if not _meaningful(more):
                break
            parts.append((joiner, more))
        text = parts[0][0]
        used = list(parts[0][1])
        for joiner, more in parts[1:]:
            piece = _clean_text(join_tokens(more)[0])
            text = (text.rstrip(" ,;") + ", " + piece) if joiner == ", " else (text.rstrip() + " " + piece)
            used.extend(more)
        parsed = parse_value(kind, [Token(text, match_key(text), _conf_of(used), used[0].box)], spec.pattern)
        if parsed is None:
            return None
        parsed = Parsed(parsed.value, used, parsed.quality)
    else:
        parsed = parse_value(kind, tokens, spec.pattern, max_start, allow_lower=colon and same_line)
        if parsed is None:
            return None
        if kind == "document_number" and "/" not in parsed.value and not (colon and len(tokens) == 1):
            return None  # a bare number is a document number only as "Số: 12" on its own
        rest = tokens[tokens.index(parsed.used[-1]) + 1:] if kind == "name" and parsed.used else [None]
        if kind == "name" and all(_LEADERS.match(t.text) for t in rest):
            parsed = _name_continued(doc, vseg, parsed, seg.tokens[hit.start].box[0])
    quality = hit.rank * parsed.quality * (1 - 0.01 * min(_label_index(spec, hit.label), 8))
    if not colon:
        quality *= 0.9
    if hit.start > 0 and not (hit.start <= 2 and all(_is_punct(t) or _NUMBERING.match(t.text)
                                                     for t in seg.tokens[:hit.start])):
        quality *= 0.9  # a label inside a sentence, not at the start of a line or cell
    conf = _conf_of(parsed.used) * (0.88 + 0.12 * hit.score / 100)
    order = (seg.page, seg.row, seg.col, hit.start)
    return Candidate(parsed.value, conf, seg.page, order, quality, explicit=colon)


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
        if not w.isalpha() or not _is_capitalised(t) or (upper and w.upper() != w):
            ended = bool(words) and (t.text[:1].islower() or t.text in (",", ";"))
            break
        words.append(t)
        if w != t.text:
            ended = t.text[len(w):len(w) + 1] in (",", ";")
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
    words = [t for t in under[0].tokens if not _LEADERS.match(t.text)]
    upper = parsed.value.upper() == parsed.value
    if not 1 <= len(words) <= 2 or len(parsed.used) + len(words) > 7:
        return parsed
    for t in words:
        w = t.text.rstrip(".,;")
        if not w.isalpha() or not _is_capitalised(t) or (upper and w.upper() != w):
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
        if re.search(r"ng\s?[a-z]{1,3}\s*\d{1,2}\s*th\s?[a-z]{2,4}\s*\d{1,2}\s*n\s?[a-z]{1,3}\s*$", norm):
            below = _segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1)
            if below is not None and re.match(r"\s*\d{4}\b", below.text):
                tokens = tokens + [below.tokens[0]]
                text, owner = join_tokens(tokens)
        for hit in find_dates(text):
            if hit.form not in ("words", "numeric"):
                continue
            before = text[: hit.start].strip()
            after = text[hit.end:].strip()
            if ":" in before or re.search(r"\d\s*(gio|phut|h)\b", fold(before)):
                continue  # "Đã chết vào lúc: 14 giờ, ngày …" is a labelled value, not a place-date
            if after and re.search(r"\w", after):
                continue
            n_before = len(before.split())
            if hit.form == "words" and not re.match(r"\s*ng", date_normalise(text[hit.start:hit.end])):
                continue
            if before.endswith(","):
                q = 1.0
            elif not before and hit.form == "words":
                q = 0.8  # the place is on the line above
            elif 0 < n_before <= 5 and hit.form == "words" and not before.endswith((":", ";")) and \
                    all(_is_capitalised(Token(w, "", 0, (0, 0, 0, 0))) for w in before.split()
                        if any(c.isalpha() for c in w)):
                q = 0.85  # comma lost after a place name (capitalised words)
            else:
                continue
            if n_before > 8:
                continue
            used = _used(owner, hit.start, hit.end, tokens)
            c = Candidate(hit.iso, _conf_of(used), seg.page, (seg.page, seg.row, seg.col, 0), q,
                          hit.valid, None if hit.valid else f"{hit.iso} is not a real date")
            out.append(c)
    return out


_AGENCY_START = re.compile(
    r"^(uy ban nhan dan|ubnd|cong an|so |bo |phong |chi cuc|cuc |tong cuc|toa an|vien kiem sat|"
    r"trung tam|ban |van phong|bao hiem xa hoi|hoi dong|chi nhanh|bo phan|doi |thanh tra|kho bac|"
    r"chi cuc|truong |benh vien|uy ban)")


def _agency_candidates(doc: _Doc) -> list[Candidate]:
    if not doc.pages:
        return []
    page = doc.pages[0]
    left: list[Segment] = []
    for row in page.rows:
        for seg in row:
            if seg.box[1] > 0.35 * page.height:
                break
            if (seg.x0 + seg.x1) / 2 >= 0.5 * page.width:
                continue
            f = fold(seg.text)
            if re.search(r"cong hoa|doc lap|tu do|hanh phuc", f):
                continue
            if not re.search(r"[a-z]{2}", f):
                continue
            left.append(seg)
    seq: list[Segment] = []
    for seg in left:
        f = fold(seg.text)
        if re.match(r"^(so|quyen so|s[oô6])\s*[:.]", f) or re.match(r"^so\s*\d", f):
            break
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
    return [Candidate(_clean_text(text), _conf_of(used) * 0.95, 0, (0, parts[0].row, parts[0].col, 0), 0.85)]


def _pattern_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    out: list[Candidate] = []
    for seg in doc.all_segments():
        f = fold(seg.text)
        if spec.kind == "certificate_serial" and re.search(r"vao so|so vao", f):
            continue
        if spec.kind in ("enterprise_code", "insurance_number", "personal_id") and \
                re.search(r"dien thoai|\bdt\b|\bfax\b|\btel\b|so tai khoan", f):
            continue
        parsed = parse_value(spec.kind, seg.tokens, spec.pattern)
        if parsed is None:
            continue
        check = validators.check(spec.kind, parsed.value)
        if not check.ok:
            continue
        out.append(Candidate(parsed.value, _conf_of(parsed.used) * 0.8, seg.page,
                             (seg.page, seg.row, seg.col, parsed.start), 0.6))
    return out


def _column_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    """A row label under a column heading: the heading (Chồng / Vợ) sits above the column;
    the row (Họ, chữ đệm, tên) has either its own label in that column or one label on the
    left for all columns, with the value in the cell under the heading."""
    out: list[Candidate] = []
    col_defs = [LabelDef("__col__", lab, match_key(lab), _weight(match_key(lab))) for lab in spec.column_labels]
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
                        cell = max(row, key=lambda c: _overlap((c.x0, c.x1), x_range))
                        if cell is s or _overlap((cell.x0, cell.x1), x_range) <= 0:
                            continue
                        parsed = parse_value(spec.kind, cell.tokens, spec.pattern)
                        if parsed is not None and spec.kind == "name":
                            parsed = _name_continued(doc, cell, parsed, s.x0)
                        cand = None if parsed is None else Candidate(
                            parsed.value, _conf_of(parsed.used), page.index,
                            (page.index, r, cell.col, 0), 0.9 * parsed.quality)
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
    check = validators.check(spec.kind, cand.value)
    if not check.ok:
        cand.valid = False
        cand.problem = check.problem
    return cand


PERSON_FIELDS = ("personal_id", "date_of_birth", "gender")


def _field_candidates(doc: _Doc, spec: FieldSpec) -> list[Candidate]:
    """Validated candidates from the first ``locate`` strategy that finds a valid value
    (or, when none does, every candidate found: the best is kept and flagged invalid)."""
    found: list[Candidate] = []
    for how in spec.locate:
        if how == "label":
            cands = _label_candidates(doc, spec)
        elif how == "place_date":
            cands = _place_date_candidates(doc)
        elif how == "agency_header":
            cands = _agency_candidates(doc)
        elif how == "column":
            cands = _column_candidates(doc, spec)
        elif how == "pattern":
            cands = _pattern_candidates(doc, spec)
        else:
            cands = []
        cands = [_validate(spec, c) for c in cands]
        if any(c.valid for c in cands):
            return [c for c in cands if c.valid]
        if not found:
            found = cands
    return found


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


def extract(pages: Sequence[PageText], doc_type: str, catalogue: Catalogue | None = None) -> Extraction:
    """Read the fields of ``doc_type`` from the document's pages (see module doc)."""
    catalogue = catalogue or default_catalogue()
    doc_spec: DocType | None = catalogue.get(doc_type)
    if doc_spec is None or not pages:
        return Extraction({}, [])
    doc = _Doc(layout(pages), label_defs(catalogue, doc_type))
    candidates = {name: _field_candidates(doc, spec) for name, spec in doc_spec.fields.items()}
    chosen: dict[str, Candidate] = {}
    name_pick = _choose(candidates.get("full_name", []))
    if name_pick is not None:
        # other people: names under their own explicit label ("Họ, chữ đệm, tên: …",
        # "Họ, chữ đệm, tên người mẹ: …"), not a name met in a sentence
        others = [c for n, spec in doc_spec.fields.items() if spec.kind == "name"
                  for c in candidates[n] if c.explicit and fold(c.value) != fold(name_pick.value)]
        for field_name in PERSON_FIELDS:
            if field_name in candidates:
                candidates[field_name] = _the_subjects(name_pick, others, candidates[field_name])
    for name, cands in candidates.items():
        pick = _choose(cands)
        if pick is not None:
            chosen[name] = pick
    for name, cand in chosen.items():
        spec = doc_spec.fields[name]
        tidy = _TIDY_FIELDS.get(name) or _TIDY.get(spec.kind)
        if tidy is not None:
            cand.value = tidy(cand.value)
    _cross_check(chosen)
    fields: dict[str, dict] = {}
    reasons: list[str] = []
    for name in doc_spec.fields:
        cand = chosen.get(name)
        if cand is None:
            continue
        conf = cand.conf * (0.7 + 0.3 * min(1.0, cand.quality))
        if not cand.valid:
            conf = min(conf, 0.4) * 0.75
            reasons.append(f"invalid:{name}")
        elif conf < LOW_CONFIDENCE:
            reasons.append(f"low_confidence:{name}")
        fields[name] = {"value": cand.value, "confidence": round(max(0.0, min(conf, 0.99)), 2),
                        "page": cand.page + 1}
    return Extraction(fields, reasons)


# --------------------------------------------------------------------------- tidying

# Vietnamese family names, by their folded spelling: OCR often drops a mark from the first
# word of a name in capitals (NGUYÊN for NGUYỄN, TRÂN for TRẦN, HƯỲNH for HUỲNH). Only a
# folded spelling that belongs to one common family name is here (not "do": Đỗ/Đô, "lu").
_FAMILY_NAMES = {fold(n): n for n in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Lưu", "Tạ", "Châu", "Quách",
    "Thái", "Cao", "Tô", "Hà", "Đoàn", "Lương", "Trịnh", "Phùng", "Kiều", "Tăng", "Triệu",
    "Thân", "Khổng", "Diệp", "Đào", "Đàm", "Vương", "Tống", "Lạc", "Mạc", "Giang", "Bạch",
    "Nghiêm", "Âu", "Khúc", "Ông", "Văn", "Từ", "Tôn", "Hứa", "Viên", "Lục", "Ninh",
)}

# Administrative units that open the parts of an address ("xã …", "huyện …"), by folded
# spelling; OCR drops or changes their marks (khu phỏ, Thành phỏ, PHƯƠNG 25, Tố 16).
_UNITS = {fold(u): u for u in (
    "xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh", "tổ",
    "tổ dân phố", "ấp", "khu phố", "thôn", "khóm", "bản", "khu vực", "đặc khu",
)}
_AGENCY_PREFIX = "Ủy ban nhân dân"


def _like_case(word: str, model: str) -> str:
    """``word`` in the case of ``model`` (all capitals, capitalised, or lower case)."""
    letters = [c for c in model if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def tidy_name(value: str) -> str:
    """A person's name with its family name's marks restored where OCR lost them."""
    words = value.split(" ")
    if len(words) >= 2 and fold(value) != " ".join(value.lower().split()):
        # (a name read with no marks at all stays so: the OCR read none anywhere)
        proper = _FAMILY_NAMES.get(fold(words[0]))
        if proper is not None and nfc(words[0]).lower() != proper.lower():
            words[0] = _like_case(proper, words[0])
    return nfc(" ".join(words))


def _tidy_unit(part: str) -> str:
    """The administrative unit word(s) opening one part of an address, with OCR's slips
    in their marks undone; the place name after them is left as read."""
    words = part.split(" ")
    for n in (3, 2, 1):
        if len(words) <= n:
            continue  # a unit needs a name or number after it
        head = words[:n]
        proper = _UNITS.get(fold(" ".join(head)))
        if proper is None or not (words[n][:1].isdigit() or words[n][:1].isupper()):
            continue  # a unit is followed by a number or a name ("tờ bản đồ" is no "tổ")
        fixed = [_like_case(w, m) for w, m in zip(proper.split(" "), head)]
        return " ".join(fixed + words[n:])
    return part


def _starts_with_unit(part: str) -> bool:
    words = part.split(" ")
    return any(len(words) > n and fold(" ".join(words[:n])) in _UNITS for n in (1, 2, 3))


def tidy_address(value: str) -> str:
    """An address (or an issuing body) after OCR: stray marks before it dropped, a part
    ended with "." instead of ",", the units' marks restored."""
    text = nfc(value)
    while text and not (text[0] == "§" or (text[0].isalnum() and unicodedata.category(text[0]) != "Lm")):
        text = text[1:]  # specks and stray marks before it ("ˆ_ ", "¡")
    text = re.sub(r"^§", "S", text)  # "§ố 195": a section sign for an S
    text = re.sub(r"^\w[,.]\s+", "", text)  # "Z, xã …": a lone letter read from a speck
    text = re.sub(r"\s*\.\s*-\s*", " - ", text)  # "Bà Rịa.- Vũng Tàu"
    parts = re.split(r"\s*,\s*", text)
    out = []
    for part in parts:
        # "huyện Đất Đỏ. tỉnh Bà Rịa": a full stop where a comma belongs, before a unit
        pieces = re.split(r"\.\s+(?=\S)", part)
        if len(pieces) > 1 and all(_starts_with_unit(p) for p in pieces[1:]):
            out.extend(pieces)
        else:
            out.append(part)
    tidied = []
    for part in out:
        folded = fold(part)
        agency = fold(_AGENCY_PREFIX)
        if folded.startswith(agency + " ") and len(part.split(" ")) > 4:
            words = part.split(" ")
            head = " ".join(_like_case(w, m) for w, m in zip(_AGENCY_PREFIX.split(" "), words[:4]))
            part = head + " " + _tidy_unit(" ".join(words[4:]))
        else:
            part = _tidy_unit(part)
        tidied.append(part)
    return nfc(", ".join(p for p in tidied if p))


# The stock words of Vietnamese company names: OCR slips in them (GÔNG TY, THƯƠNG MẠT) are
# mended to within one letter of the folded wording.
_COMPANY_WORDS = tuple(sorted((
    "công ty", "cổ phần", "trách nhiệm hữu hạn", "một thành viên", "hai thành viên trở lên",
    "thương mại", "dịch vụ", "xây dựng", "đầu tư", "sản xuất", "xuất nhập khẩu", "phát triển",
    "vận tải", "du lịch", "công nghệ", "kỹ thuật", "thực phẩm", "hộ kinh doanh", "tư vấn",
    "bất động sản", "nông nghiệp", "thủy sản", "doanh nghiệp tư nhân", "hợp tác xã",
), key=lambda w: -len(w.split())))


def tidy_company(value: str) -> str:
    """A company name with OCR slips in its stock words mended (case kept)."""
    from rapidfuzz.distance import Levenshtein

    words = nfc(value).split(" ")
    i = 0
    while i < len(words):
        for phrase in _COMPANY_WORDS:
            n = len(phrase.split(" "))
            head = words[i:i + n]
            if len(head) < n:
                continue
            got = fold(" ".join(head))
            want = fold(phrase)
            if got != want and (len(want) < 7 or Levenshtein.distance(got, want) > 1):
                continue
            if " ".join(head).lower() != phrase:
                words[i:i + n] = [_like_case(w, m) for w, m in zip(phrase.split(" "), head)]
            i += n - 1
            break
        i += 1
    return " ".join(words)


_TIDY = {"name": tidy_name, "address": tidy_address}
_TIDY_FIELDS = {"issuer": tidy_address, "company_name": tidy_company}


def _cross_check(chosen: dict[str, Candidate]) -> None:
    """Checks between fields of one document: ID against date of birth and gender,
    dates that must be in order."""
    pid = chosen.get("personal_id")
    if pid is not None and pid.valid:
        dob = chosen.get("date_of_birth")
        gender = chosen.get("gender")
        if dob is not None and dob.valid and re.fullmatch(r"\d{12}", pid.value) and re.fullmatch(r"\d{4}-.*", dob.value):
            # the ID carries the century and the year of birth: a date of birth that differs
            # only in its century ("1854" for 1954) is an OCR slip on the date
            id_year = str(validators.personal_id_birth_year(pid.value))
            if dob.value[:4] != id_year and dob.value[2:4] == id_year[2:]:
                dob.value = id_year + dob.value[4:]
        check = validators.personal_id(pid.value, date_of_birth=dob.value if dob and dob.valid else None,
                                       gender=gender.value if gender and gender.valid else None)
        if not check.ok:
            pid.valid, pid.problem = False, check.problem
            # which of the two OCR misread is not known: both go to review
            if dob is not None and dob.valid and "the date of birth says" in (check.problem or ""):
                dob.valid, dob.problem = False, check.problem
            if gender is not None and gender.valid and "the page says" in (check.problem or ""):
                gender.valid, gender.problem = False, check.problem
    for early, late in (("receipt_date", "due_date"), ("valid_from", "valid_to"),
                        ("date_of_birth", "date_of_death"), ("date_of_birth", "registration_date")):
        a, b = chosen.get(early), chosen.get(late)
        if a and b and a.valid and b.valid and len(a.value) == len(b.value) == 10 and b.value < a.value:
            b.valid, b.problem = False, f"{late} {b.value} is before {early} {a.value}"
