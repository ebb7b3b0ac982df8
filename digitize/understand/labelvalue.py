"""Reading a field's value after one of its labels: the regions after the label
(``regions``), the value parsed by kind, its quality from the label's fit and place."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digitize.understand import validators
from digitize.understand.candidate import Candidate, box_of, conf_of, for_review
from digitize.understand.catalogue import DATE_KINDS, FieldSpec
from digitize.understand.kinds import FREE_KINDS, parse_value
from digitize.understand.labelindex import Doc, first_hit_start
from digitize.understand.labels import LabelHit
from digitize.understand.layout import LEADERS, NUMBERING, Segment, Token, is_punct, join_tokens
from digitize.understand.navigate import overlap
from digitize.understand.regions import (
    capitals_going_on,
    cell_going_on,
    continuations,
    label_in_a_column,
    name_continued,
    other_column_words,
    province_rest,
    regions_after,
)
from digitize.understand.textmatch import compact, fold, match_key
from digitize.understand.values import (
    Parsed,
    area_checked,
    clean_text,
    cut_region,
    meaningful,
    number_in_words,
)


def candidate_from_hit(
    doc: Doc, spec: FieldSpec, seg: Segment, hit: LabelHit, x_range: tuple[float, float] | None = None
) -> Candidate | None:
    short_label = len(compact(match_key(hit.label))) <= 5
    if spec.tidy == "subject" and not (hit.colon or hit.capitalised):
        # "Căn cứ Quyết định … về việc ban hành …": another document's subject quoted in a
        # sentence; the document's own opens its line under the title ("Về việc …", "V/v …")
        return None
    # a short label without its colon takes the next cell only as a date's, ending its own
    # cell ("2016 đến" | "31/12/2016": a gap OCR took for a column); else it is a word in prose
    date_at_end = spec.kind in _DATE_KINDS and hit.end == len(seg.tokens)
    for region, vseg, same_line in regions_after(
        doc, seg, hit, next_column=hit.colon or not short_label or date_at_end, heading=spec.kind in _TABLE_KINDS
    ):
        if x_range is not None and overlap((vseg.x0, vseg.x1), x_range) <= 0:
            continue
        if not same_line and vseg is seg and spec.kind in FREE_KINDS:
            continue  # free text runs on through continuations, not here
        if spec.kind == "name" and same_line and _heading_in_capitals(seg, hit, region):
            continue  # "NGƯỜI NỘP HỒ SƠ   CÁN BỘ TIẾP NHẬN": signatures' headings; names under them
        cand = _candidate_in_region(doc, spec, seg, hit, region, vseg, same_line, short_label)
        if cand is not None:
            return cand
    return None


def _candidate_in_region(
    doc: Doc,
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
        gone_on = cell_going_on(doc, vseg, region) if kind == "address" else None
        if gone_on is not None:  # "Số 117 đường" | "Giã, phường …": a gap OCR took for a column
            cell, joiner = gone_on
            parts.append((joiner, cell.tokens[: first_hit_start(doc, cell)]))
            last_seg = cell
        elif kind == "text":
            for cell in capitals_going_on(doc, vseg, region):
                parts.append((" ", cell.tokens[: first_hit_start(doc, cell)]))
                last_seg = cell
        in_column = label_in_a_column(doc, seg, hit)
        for nseg, joiner in continuations(doc, last_seg, value_x0, label_x0, kind, upper, in_column):
            # (a label in a column of its own: the words of the column left of it are not its value's)
            skip = other_column_words(nseg.tokens, label_x0, seg.height) if in_column else 0
            a, b = cut_region(nseg.tokens, skip, max(skip, first_hit_start(doc, nseg)))
            more = nseg.tokens[a:b]
            if not meaningful(more):
                break
            parts.append((joiner, more))
            last_seg = nseg
        if kind == "address" and parts[-1][1] and parts[-1][1][-1] is last_seg.tokens[-1]:
            rest = province_rest(doc, last_seg)
            if rest:
                parts.append((" ", rest))
        text = parts[0][0]
        used = list(parts[0][1])
        for joiner, more in parts[1:]:
            piece = clean_text(join_tokens(more)[0])
            text = (text.rstrip(" ,;") + ", " + piece) if joiner == ", " else (text.rstrip() + " " + piece)
            used.extend(more)
        parsed = parse_value(kind, [Token(text, match_key(text), conf_of(used), used[0].box)], spec.pattern)
        if parsed is None:
            return None
        if kind == "address" and len(parsed.value.split()) < 2 and not any(c.isdigit() for c in parsed.value):
            return None  # "Pha": the rest of an English label, not an address (look below)
        parsed = Parsed(parsed.value, used, parsed.quality)
    else:
        parsed = parse_value(kind, tokens, spec.pattern, max_start, allow_lower=colon and same_line)
        wrapped_name = None
        if parsed is None and kind == "name":
            parsed = wrapped_name = _name_begun_at_line_end(doc, spec, vseg, tokens, seg.tokens[hit.start].box[0])
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
        if kind == "name" and wrapped_name is None and all(LEADERS.match(t.text) for t in rest):
            parsed = name_continued(doc, vseg, parsed, seg.tokens[hit.start].box[0])
        if kind in DATE_KINDS and _other_date_label_between(doc, spec, seg, hit, parsed):
            # "từ 601/61/2919 đến 31/12/2019": the date after "đến" is not the "từ" one (also
            # where the region runs on into the line below: the date is still on the label's)
            return None
    quality = hit.rank * parsed.quality * (1 - 0.01 * min(_label_index(spec, hit.label), 8))
    if not colon:
        quality *= 0.9
    if hit.start > 0 and not (
        hit.start <= 2 and all(is_punct(t) or NUMBERING.match(t.text) for t in seg.tokens[: hit.start])
    ):
        quality *= 0.9  # a label inside a sentence, not at the start of a line or cell
    if kind == "name" and not colon:
        quality *= _prose_person_weight(seg, tokens, parsed)
    conf = conf_of(parsed.used) * (0.88 + 0.12 * hit.score / 100)
    if parsed.doubtful:
        conf = for_review(conf)
    order = (seg.page, seg.row, seg.col, hit.start)
    return Candidate(parsed.value, conf, seg.page, order, quality, explicit=colon, box=box_of(parsed.used))


# what follows a person named in running prose says who they are: an official (", Trưởng
# phòng …", "- Chủ tịch") acts on the document; one whose birth, ID or home follows is the
# one the document is about
_OFFICIAL_AFTER = re.compile(
    r"^[,\-–]?\s*(?:" + validators.OFFICE_TITLE + r"|can bo|cong chuc|chuyen vien|bi thu|ke toan)\b"
)
_PERSON_FACTS_AFTER = re.compile(
    r"^[,\-–]?\s*(?:\(?(?:sinh|ngay sinh|nam sinh|cccd|cmnd|so dinh danh|can cuoc|thuong tru|cu tru|dia chi|"
    r"noi o|que quan|gioi tinh|dan toc)\b)"
)
# the preamble of a decision ("Căn cứ …", "Xét đề nghị của …", "Theo đề nghị của …"): the
# people it names asked or advised; the operative articles name whom it concerns
_PREAMBLE_LINE = re.compile(r"^(?:can cu|xet|theo de nghi|theo to trinh)\b")


def _prose_person_weight(seg: Segment, region: Sequence[Token], parsed: Parsed) -> float:
    """How likely a name read after a label word inside a sentence (``ông``, ``bà``) is the
    person the document is about, from the words after it and the sentence it opens."""
    last = next((k for k, t in enumerate(region) if parsed.used and t is parsed.used[-1]), None)
    after = fold(join_tokens(region[last + 1 : last + 5])[0]) if last is not None else ""
    if parsed.used and parsed.used[-1].text.endswith(","):
        after = ", " + after
    weight = 1.0
    if _OFFICIAL_AFTER.match(after):
        weight *= 0.8
    elif _PERSON_FACTS_AFTER.match(after):
        weight *= 1.05
    if _PREAMBLE_LINE.match(fold(seg.text)):
        weight *= 0.85
    return weight


def _heading_in_capitals(seg: Segment, hit: LabelHit, region: Sequence[Token]) -> bool:
    """A label in capitals without its colon, followed on its line by more capitals: a
    heading (over a signature, a column), whose name is under it, not beside it."""
    words = seg.tokens[hit.start : hit.end]
    letters = "".join(c for t in words for c in t.text if c.isalpha())
    return (
        not hit.colon
        and len(letters) > 3
        and letters.isupper()
        and bool(region)
        and all(c.isupper() for c in "".join(t.text for t in region) if c.isalpha())
    )


def _name_begun_at_line_end(
    doc: Doc, spec: FieldSpec, vseg: Segment, tokens: Sequence[Token], label_x0: float
) -> Parsed | None:
    """A name whose first word alone ends the line, the rest wrapped onto the next ("cho hộ
    ông (bà) HOÀNG" / "NGỌC TRANG, thường trú …"): read whole from both lines."""
    words = [t for t in tokens if not LEADERS.match(t.text)]
    if len(words) != 1 or words[0] is not vseg.tokens[-1] or not words[0].text.isalpha():
        return None
    whole = name_continued(doc, vseg, Parsed(words[0].text, [words[0]]), label_x0)
    if len(whole.used) < 2:
        return None
    parsed = parse_value("name", whole.used, spec.pattern)
    return parsed if parsed is not None and len(parsed.used) == len(whole.used) else None


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


_TABLE_KINDS = ("integer", "area_m2")  # numbers that sit under table headings (land parcels)
_DATE_KINDS = ("date", "year_or_date", "expiry")


# places whose name starts with "Bà" (the honorific before a woman's name): Bà Rịa, Bà Chiểu,
# Bà Điểm, Bà Đen, Bà Rá
_PLACES_AFTER_BA = {"ria", "chieu", "diem", "den", "ra"}


def _other_date_label_between(doc: Doc, spec: FieldSpec, seg: Segment, hit: LabelHit, parsed: Parsed) -> bool:
    """Whether the label of another date field stands between ``hit`` and the value read."""
    first = next((k for k, t in enumerate(seg.tokens) if parsed.used and t is parsed.used[0]), None)
    if first is None:
        return False
    return any(
        h.field not in (None, spec.name) and doc.kinds.get(h.field) in DATE_KINDS and hit.end <= h.start < first
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


def _label_index(spec: FieldSpec, label: str) -> int:
    """Position of a label in the field's list: earlier wordings are preferred."""
    try:
        return spec.labels.index(label)
    except ValueError:
        return len(spec.labels)
