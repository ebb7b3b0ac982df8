"""Where a label's value lies (the same line, the next column, the line below, the rows
under a heading) and how it goes on: wrapped address and text lines, a cell the value runs
into, a province name cut off, a name that wraps."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from digitize.understand.dates import find_dates
from digitize.understand.labelindex import Doc, first_hit_start, opens_a_label, starts_with_label
from digitize.understand.labels import LabelHit
from digitize.understand.layout import LEADERS, NUMBERING, Segment, Token, is_capitalised, is_punct, join_tokens
from digitize.understand.national_header import national_header_start
from digitize.understand.navigate import (
    ends_mid_part,
    ends_sentence,
    overlap,
    right_edge,
    segment_below,
    signature_hint,
    splits_a_province,
    text_extent,
    under_heading,
)
from digitize.understand.places import province_name
from digitize.understand.textmatch import fold
from digitize.understand.tidy import names_a_province, splits_a_unit, splits_a_unit_name, starts_with_unit
from digitize.understand.values import Parsed, cut_region, meaningful
from ocr import confusions
from ocr.model import nfc
from ocr.syllables import is_syllable

# a unit or street word with no name after it yet ("… đường", "… phường", "… khu phố")
_ENDS_WITH_UNIT = re.compile(
    r"(?:^|\s)(thanh pho|tinh|phuong|quan|huyen|xa|thi xa|thi tran|duong|pho|so|ap|to|"
    r"khu pho|khu|thon|xom|lo)\.?$"
)


def cell_going_on(doc: Doc, vseg: Segment, region: list[Token]) -> tuple[Segment, str] | None:
    """The next cell of the row, and how it joins, where an address value runs to its cell's end
    and the cell is near and opens no label: the value goes on there before it goes on below.
    In the middle of a part (``… đường`` | ``Giã, phường …``), the same part; before a cell
    that opens a unit (``Bệnh viện Từ`` | ``Thành phố Hồ Chí Minh``, a word and its comma lost
    in the gap), the next part."""
    if not region or region[-1] is not vseg.tokens[-1]:
        return None
    nxt = next_cell_near(doc, vseg)
    if nxt is None:
        return None
    if _ENDS_WITH_UNIT.search(fold(join_tokens(region)[0])):
        return nxt, " "
    if starts_with_unit(nxt.text) or names_a_province(nxt.text):
        return nxt, ", "
    # the last word or two of the part before a comma and the next part's unit ("… Nam Kỳ
    # Khởi" | "Nghĩa, xã Xuyên Mộc, …"): the same part goes on
    head, comma, rest = nxt.text.partition(",")
    words = head.split()
    if comma and 1 <= len(words) <= 2 and all(w[:1].isupper() for w in words) and starts_with_unit(rest.strip()):
        return nxt, " "
    return None


def capitals_going_on(doc: Doc, vseg: Segment, region: list[Token]) -> list[Segment]:
    """The cells after ``vseg`` on its row where a value in capitals (a company's name) runs to
    its cell's end and the row goes on in capitals, opening no label: one line that a gap cut
    (words a fax lost, a wide space) and OCR took for columns ("HỘ KINH" | "DOANH AN PHÚ")."""
    if not region or region[-1] is not vseg.tokens[-1] or not _in_capitals(region):
        return []
    row = doc.pages[vseg.page].rows[vseg.row]
    out: list[Segment] = []
    cur = vseg
    for nxt in row[vseg.col + 1 :]:
        if (
            nxt.x0 - cur.x1 > 6 * cur.height
            or starts_with_label(doc, nxt)
            or opens_a_label(doc, nxt)
            or not _in_capitals(nxt.tokens)
            or national_header_start([t.text for t in nxt.tokens]) is not None
        ):
            break
        out.append(nxt)
        if first_hit_start(doc, nxt) < len(nxt.tokens):
            break  # a label further along the cell ends the value there
        cur = nxt
    return out


def _in_capitals(tokens: Sequence[Token]) -> bool:
    letters = [c for t in tokens for c in t.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def next_cell_near(doc: Doc, seg: Segment) -> Segment | None:
    """The next segment of ``seg``'s row when it is near (a gap inside a line, not a column's
    space) and opens no label."""
    row = doc.pages[seg.page].rows[seg.row]
    if seg.col + 1 >= len(row):
        return None
    nxt = row[seg.col + 1]
    if nxt.x0 - seg.x1 > 4 * seg.height or starts_with_label(doc, nxt) or first_hit_start(doc, nxt) == 0:
        return None
    return nxt


def continuations(
    doc: Doc, first_seg: Segment, value_x0: float, label_x0: float, kind: str, upper: bool, in_column: bool = False
) -> list[tuple[Segment, str]]:
    """Following lines that continue a wrapped address/text value: (segment, joiner).

    A line continues the value when it sits under it (aligned with the label or the value,
    or back at the left margin after a line that wrapped), is close below, and does not
    start a new label, item or heading. The joiner is ", " where the printed line ended with
    a comma or (addresses) where a short line was broken on purpose between parts, else " "."""
    out: list[tuple[Segment, str]] = []
    page = doc.pages[first_seg.page]
    left_edge, right_page = text_extent(page)
    cur = first_seg
    # (a label in a column of its own, see ``label_in_a_column``: the lines go on under it)
    line_x0 = label_x0 if in_column else min(label_x0, first_seg.x0)
    so_far = first_seg.text
    for _ in range(3):
        if kind == "address" and _ends_with_province(so_far):
            break  # an address goes from the house to the province: nothing comes after it
        h = cur.height
        span = (min(line_x0, value_x0), max(cur.x1, value_x0 + 1))
        options: list[Segment] = []
        for r in range(cur.row + 1, min(len(page.rows), cur.row + 4)):
            row = page.rows[r]
            if not row or row[0].box[1] - cur.box[3] > 1.0 * h:
                break
            over = [s for s in row if overlap((s.x0, s.x1), span) > 0]
            if in_column:  # the other column's cells (a date under its own label) are not the value's
                over = [s for s in over if s.x1 >= label_x0 - 0.3 * h]
            if over:  # the first row below that has something under the value
                options = [s for s in over if not starts_with_label(doc, s) and not opens_a_label(doc, s)]
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
                and not starts_with_label(doc, nxt)
                and (
                    (ends_mid_part(cur_text) and nxt.tokens[1].text[:1].isupper())
                    or (kind == "address" and cur_text.rstrip().endswith(",") and starts_with_unit(rest))
                )
            ):
                break
        edge = right_edge(page, cur)
        first_w = nxt.tokens[0].box[2] - nxt.tokens[0].box[0]
        # wrapped: the next line's first word would not have fitted at the end of this one
        # (and this line is a long one: a short line that ends early was broken on purpose)
        wrapped = edge - cur.x1 < first_w + 0.5 * h and cur.x1 - left_edge >= 0.7 * max(right_page - left_edge, 1.0)
        ends_comma = cur_text.rstrip().endswith((",", "-", "–"))
        mid_part = (
            ends_mid_part(cur_text)
            or splits_a_unit(cur_text, nxt_text)
            or (kind == "address" and splits_a_province(cur_text, nxt_text))
            or (kind == "address" and splits_a_unit_name(cur_text, nxt_text))
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
            and not ends_sentence(cur_text)
        )
        # a centred line (a decision's subject) going on in lower case on the next centred line
        centred_run = centred and nxt_text[:1].islower()
        # an address still in its first part, the house and street (no comma, no unit), is not done
        unitless = kind == "address" and "," not in so_far and not starts_with_unit(so_far)
        if not (wrapped or ends_comma or mid_part or upper_run or centred_run or unitless):
            short = len(nxt.tokens) <= 10 and not nxt_text.rstrip().endswith((".", ":"))
            if kind != "address" or not short:
                break
        if cur_text.rstrip().endswith(",") or (kind == "address" and _stop_before_a_unit(cur_text, nxt_text)):
            joiner = ", "
        elif unitless and not starts_with_unit(nxt_text):
            joiner = " "  # the street's name goes on ("đường Cách" / "Mạng Tháng Tám, …")
        elif kind == "address" and not wrapped and not ends_comma and not mid_part:
            joiner = ", "  # a deliberate line break between address parts
        else:
            joiner = " "
        out.append((nxt, joiner))
        so_far = so_far.rstrip() + joiner + nxt_text
        cur = nxt
        if kind == "address" and nxt_text.rstrip().endswith("."):
            break
    return out


def _stop_before_a_unit(line: str, next_line: str) -> bool:
    """An address line ending in a full stop where the next opens a unit ("… Khởi Nghĩa." /
    "phường Tân Định, …"): a comma misread between two parts (dropped with the line's end)."""
    return line.rstrip().endswith(".") and starts_with_unit(next_line)


# what stands between a label and its English translation: a slash, or OCR's reading of one
_TRANSLATION_MARKS = ("/", "¿", "|", "-", "–", "ƒ", *confusions.SLASHES)


_GARBLED_LABEL_END = re.compile(r"\w*[^\W\d_]\w*\.?/")  # letters (a digit misread among them), "/"


def _latin_word(text: str) -> bool:
    """A word of plain Latin letters (an English label's, as OCR garbled it), no digits; or
    a garbled one with a mark OCR put on it ("Pláce")."""
    return bool(re.fullmatch(r"[A-Za-zÍÝíý.']+", text)) and any(c.isalpha() for c in text) or _garbled_word(text)


def _garbled_word(text: str) -> bool:
    """A word of Latin letters (marks aside) that spells no Vietnamese syllable: OCR's
    garbling of an English label, never a value ("nam", "xã" are syllables)."""
    bare = text.rstrip(".:,")
    return bare.isalpha() and fold(bare).isascii() and not is_syllable(bare)


def _a_label_alone(doc: Doc, seg: Segment) -> bool:
    """Whether a cell is a label and nothing else, read as itself ("Họ và tên | Số CCCD |
    Nơi cư trú": a table's heading row, its cells apart): a heading, never a value, even a
    short label's without its colon."""
    words = [k for k, t in enumerate(seg.tokens) if not is_punct(t)]
    return bool(words) and any(
        h.start <= words[0] and h.end > words[-1] and h.score >= 95 and h.capitalised for h in doc.seg_hits(seg)
    )


TABLE_ROW_GAP = 5.0  # line heights: how far under a table's heading row its first row may stand


def regions_after(
    doc: Doc, seg: Segment, hit: LabelHit, next_column: bool = True, heading: bool = False
) -> Iterable[tuple[list[Token], Segment, bool]]:
    """Where the value of a label may be, in order: (tokens, their segment, whether on the
    label's own line). The same line after the label; else the next column of the same
    visual row; else the line below the label (or the one after, when the line below is
    only the label's English translation or a hint)."""
    hits = doc.seg_hits(seg)
    label_x0 = seg.tokens[hit.start].box[0]
    in_column = label_in_a_column(doc, seg, hit)
    # a bilingual label repeats the field: "Nơi thường trú / Place of residence:"
    if not hit.colon:
        for h in hits:
            between = seg.tokens[hit.end : h.start]
            # (a slash is read as any one sign: "Họ, chữ đệm và tên ý Full name:", "Giới tính 7 Sex:")
            slash = (len(between) == 1 and len(between[0].text) == 1) or (
                not between and seg.tokens[h.start].text.startswith("/")
            )
            # (its slash read glued to it: "Quê quán /Place of origin:"); or one wording of the
            # label runs into another, their words shared: "Hộ ông (bà):" is "Hộ ông" and "Bà:"
            adjacent = h.start == hit.end and h.colon
            if h.field == hit.field and h is not hit and h.start >= hit.end and (slash or adjacent):
                hit = h
    following = [h for h in hits if h.start >= hit.end and h is not hit]
    if following and not hit.colon:
        nxt = min(following, key=lambda h: h.start)
        between = [t for t in seg.tokens[hit.end : nxt.start] if not t.text.startswith("(")]
        # (not an address's label before a house's "Số" and its number: "thường trú tại Số
        # 19/4 đường …" is the label, then its value)
        house = (
            doc.kinds.get(hit.field) == "address"
            and nxt.end < len(seg.tokens)
            and seg.tokens[nxt.end].text[:1].isdigit()
        )
        if not meaningful(between) and nxt.score >= 95 and not house:
            # a table heading row ("Thửa đất số  Tờ bản đồ số  Diện tích"): the value is in
            # the rows below, under this heading
            yield from under_heading(doc, seg, label_x0, seg.tokens[nxt.start].box[0])
            return
    later = [h.start for h in hits if h.start >= hit.end and h.strong]
    stop = min(later) if later else len(seg.tokens)
    start = hit.end
    if not hit.colon:
        # the rest of a longer wording of the label: "Họ, chữ đệm và tên | khai sinh: …"; or,
        # after its slash, its English half OCR garbled ("Nơi thường trú ¿ Phice oÝ resklerke:")
        english = start < stop and seg.tokens[start].text in _TRANSLATION_MARKS
        for k in range(start, min(start + 4, stop)):
            tok = seg.tokens[k]
            if not (english or tok.text[:1].islower() or tok.text[:1] in "(/" or is_punct(tok)):
                break
            if tok.colon:
                start = k + 1
                break
        else:
            # the English half garbled and its colon lost ("hết hạn ƒ Date gÍ" | "20-07-2037"):
            # plain Latin letters to the end of the line are no value; it is beside or below
            tail = seg.tokens[start + 1 : stop]
            if english and stop == len(seg.tokens) and 0 < len(tail) <= 4 and all(_latin_word(t.text) for t in tail):
                start = stop
        # the rest of the label's wording garbled up to the slash glued to it ("Giới 1inh./"
        # for "Giới tính /"): a word ending in a slash is no value; the value follows it, and
        # the slash tells a label (even a short one), whose value may stand in the next cell
        if start == hit.end and start < stop and _GARBLED_LABEL_END.fullmatch(seg.tokens[start].text):
            start += 1
            next_column = True
    a, b = cut_region(seg.tokens, start, stop)
    region = seg.tokens[a:b]
    if meaningful(region):
        yield region, seg, True
        if b == len(seg.tokens):
            # the value may run on to the next line ("…, ngày" / "15/07/2022")
            below = segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1)
            if below is not None and below.box[1] - seg.box[3] < seg.height and not starts_with_label(doc, below):
                yield region + below.tokens[:8], seg, False
            # or past a gap OCR took for a column ("… năm hai nghìn không" | "hai mươi lăm)")
            beside = next_cell_near(doc, seg)
            if beside is not None:
                yield region + beside.tokens[: first_hit_start(doc, beside)], seg, True
        if heading and not hit.colon and len(region) <= 3:
            # a table heading whose cells OCR read as one ("Thửa đất. Tờ bản"): the value is
            # in the rows below, under the label's own words
            last = seg.tokens[hit.end - 1]
            yield from under_heading(doc, seg, label_x0, last.box[2] + seg.height)
        return
    if later:
        return
    page = doc.pages[seg.page]
    row = page.rows[seg.row]
    if next_column and seg.col + 1 < len(row):
        nxt = row[seg.col + 1]
        # (not the end of the label's English half past a gap, garbled: "Quê quán ¿ Pláce | pngin")
        garbled = len(nxt.tokens) <= 2 and all(_garbled_word(t.text) for t in nxt.tokens)
        if not starts_with_label(doc, nxt) and not garbled and not _a_label_alone(doc, nxt):
            a, b = cut_region(nxt.tokens, 0, first_hit_start(doc, nxt))
            if meaningful(nxt.tokens[a:b]):
                yield nxt.tokens[a:b], nxt, False
    # (a label beside another whose value is under it: the margin below is that label's value)
    wrapped = None if in_column else _value_wrapped_to_next_line(doc, seg, hit)
    if wrapped is not None:
        yield wrapped
    cur = seg
    # a table's heading row, each label a cell of its own ("Số thửa | Tờ bản đồ | Diện tích"):
    # its first row of values may stand further below than a line's value would (the cells'
    # padding, a fax's stretch)
    labels = sum(1 for s in row if _a_label_alone(doc, s) or starts_with_label(doc, s))
    heading_row = labels >= 3 and 2 * labels >= len(row)
    for _ in range(2):
        below = segment_below(
            doc, cur, (label_x0, max(seg.x1, label_x0 + 1)), gap=TABLE_ROW_GAP if heading_row and cur is seg else 2.5
        )
        if below is None or signature_hint(below):
            return  # (under a signature's heading: the signature, then the signer's name)
        skip = other_column_words(below.tokens, label_x0, seg.height) if in_column else 0
        hits_after = [h.start for h in doc.seg_hits(below) if h.strong and h.start >= skip]
        if starts_with_label(doc, below) if not skip else skip in hits_after:
            return
        a, b = cut_region(below.tokens, skip, min([h for h in hits_after if h > skip], default=len(below.tokens)))
        if meaningful(below.tokens[a:b]):
            yield below.tokens[a:b], below, False
            rest = date_run_on(doc, below, below.tokens[a:b])
            if rest:
                yield below.tokens[a:b] + rest, below, False
        cur = below


def label_in_a_column(doc: Doc, seg: Segment, hit: LabelHit) -> bool:
    """Whether a label stands right of another label on its line ("Có giá trị đến: | Nơi
    thường trú: …"): two columns of labels, each with its value under it. (Not the same
    field's label in another language: "… khai sinh : Surname, … name")"""
    if hit.start > 0:
        left, end = seg, hit.start
    elif seg.col > 0:
        left = doc.pages[seg.page].rows[seg.row][seg.col - 1]
        end = len(left.tokens)
    else:
        return False
    if not left.tokens[end - 1].text.endswith(":"):
        return False
    return any(h.end == end and h.field != hit.field for h in doc.seg_hits(left))


def other_column_words(tokens: Sequence[Token], label_x0: float, h: float) -> int:
    """How many words open a line under a label that stands in a column of its own (see
    ``label_in_a_column``) and lie left of it: the other column's ("Date of expiry" |
    "Số 12 …", then "03/04/2030" | "Quận 1, …"), no part of this label's value; 0 when the
    line does not go on in the label's column right where the label starts."""
    k = 0
    while k < len(tokens) and tokens[k].box[2] < label_x0 - 0.3 * h:
        k += 1
    if k == 0 or k == len(tokens) or abs(tokens[k].box[0] - label_x0) > 1.0 * h:
        return 0
    return k


def date_run_on(doc: Doc, seg: Segment, region: list[Token]) -> list[Token]:
    """The words that open the line under ``seg`` in its column and complete a date that
    ``region`` (the end of ``seg``) breaks off in ("ngày 20 tháng" / "8 năm 1982" in a
    narrow table cell): through the date's end; [] when ``region`` holds a date of its own
    or the line below does not complete one begun in it."""
    if not region or region[-1] is not seg.tokens[-1] or find_dates(join_tokens(region)[0]):
        return []
    below = segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1)
    if below is None or below.box[1] - seg.box[3] > seg.height or starts_with_label(doc, below):
        return []
    n = len(region)
    for k in range(1, min(5, len(below.tokens)) + 1):
        tokens = list(region) + list(below.tokens[:k])
        text, owner = join_tokens(tokens)
        for hit in find_dates(text):
            if hit.form in ("words", "numeric") and owner[hit.start] < n and hit.end == len(text.rstrip(" .,;")):
                return list(below.tokens[:k])
    return []


def _value_wrapped_to_next_line(doc: Doc, seg: Segment, hit: LabelHit) -> tuple[list[Token], Segment, bool] | None:
    """A label that ends a full line of several fields ("… 2. Giới tính:" / "Nam"): its value
    wrapped to the start of the next line, at the margin, up to the next label there."""
    page = doc.pages[seg.page]
    row = page.rows[seg.row]
    if hit.end != len(seg.tokens) or seg is not row[-1] or seg.row + 1 >= len(page.rows):
        return None
    left, right = text_extent(page)
    h = seg.height
    nxt = page.rows[seg.row + 1][0]
    if seg.x1 < right - 4 * h or nxt.x0 > row[0].x0 + h or nxt.box[1] - seg.box[3] > 1.2 * h:
        return None
    if hit.start == 0 and len(row) == 1:
        return None  # a label alone on its line: its value is below it (as read there)
    a, b = cut_region(nxt.tokens, 0, first_hit_start(doc, nxt))
    return (nxt.tokens[a:b], nxt, False) if a < b and meaningful(nxt.tokens[a:b]) else None


def _ends_with_province(text: str) -> bool:
    """Whether an address's last part names a province (``…, tỉnh Bà Rịa - Vũng Tàu``)."""
    part = text.rstrip(" .;").split(",")[-1].strip()
    return len(part.split()) <= 6 and names_a_province(part)


def province_rest(doc: Doc, seg: Segment) -> list[Token]:
    """The rest of a province name that OCR cut off into the next cell of the row where it
    dropped the hyphen (``tỉnh Bà Rịa`` | ``Vũng Tàu``): its tokens, or [] when the next cell
    does not complete a province name."""
    row = doc.pages[seg.page].rows[seg.row]
    if seg.col + 1 >= len(row):
        return []
    nxt = row[seg.col + 1]
    if len(nxt.tokens) > 4 or nxt.x0 - seg.x1 > 4 * seg.height or starts_with_label(doc, nxt):
        return []
    words = seg.text.split(",")[-1].split()
    rest = nxt.text.strip(" -–,.")
    for n in range(1, min(4, len(words)) + 1):
        head = " ".join(words[-n:])
        if province_name(head + " " + rest) is not None and province_name(head) is None:
            return list(nxt.tokens)
    return []


def _name_wrapped_in_prose(doc: Doc, vseg: Segment, parsed: Parsed) -> Parsed:
    """A name at the very end of a full line of running text that goes on at the start of
    the next line ("… giao cho bà Nguyễn Ngọc" / "Vy, sinh ngày …"): the capitalised words
    there, in the same case, up to a comma or a lower-case word, at most 5 words in all."""
    page = doc.pages[vseg.page]
    if vseg.row + 1 >= len(page.rows) or parsed.used[-1] is not vseg.tokens[-1]:
        return parsed
    if parsed.used[-1].text[-1:] in ",;.)":
        return parsed  # the name ended there
    left, right = text_extent(page)
    h = vseg.height
    # (a paragraph's first line may be indented: a tab of 1–1.5 cm is up to six or seven letters high)
    if vseg.x1 < right - 4 * h or vseg.x0 > left + 7 * h:
        return parsed  # not a full line of prose: the line ended because the name did
    nxt = page.rows[vseg.row + 1][0]
    # the next line at the margin, or no further right than this one (a fax's header line
    # further left puts the page's text edge out of the paragraph's)
    if (abs(nxt.x0 - left) > 2 * h and nxt.x0 > vseg.x0 + h) or nxt.box[1] - vseg.box[3] > 1.2 * h:
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


def _capitals_wrapped_to_margin(
    vseg: Segment, parsed: Parsed, row: Sequence[Segment], line_x0: float, label_x0: float
) -> Parsed:
    """A name in capitals at the end of its line whose last word or two wrapped to the start
    of the next line, alone there ("Họ, chữ đệm và tên Full name: NGUYỄN LÊ MINH" / "BÌNH"):
    capitals cannot be the next field's label, and nothing else shares that line. The line
    starts at its label, or before it where OCR read a speck of the card's picture as a word.
    Only the line's cells under the value's own line count: in a form of two columns the other
    column's cells share it (the other spouse's name wrapped too), from the label on where OCR
    read both columns' lines as one ("Họ, chữ đệm, tên: NGUYỄN TRỌNG Họ, chữ đệm, tên: TRẦN THỊ")."""
    h = vseg.height
    before = [t for t in vseg.tokens if t.box[2] <= label_x0]
    colons = [k for k, t in enumerate(before) if t.colon]
    # another label and its value before this one on the line: its column is not this one's
    x0 = label_x0 if colons and colons[-1] < len(before) - 1 else vseg.x0
    row = [s for s in row if overlap((s.x0, s.x1), (x0 - h, vseg.x1 + h)) > 0]
    if parsed.used[-1] is not vseg.tokens[-1] or parsed.value.upper() != parsed.value or len(row) != 1:
        return parsed
    nxt = row[0]
    words = [t for t in nxt.tokens if not LEADERS.match(t.text)]
    sure_x0 = next((t.box[0] for t in vseg.tokens if t.conf >= 0.6), line_x0)  # a speck read unsure
    at_margin = any(abs(nxt.x0 - x) <= h for x in (line_x0, label_x0, sure_x0))
    if nxt.box[1] - vseg.box[3] > 0.8 * h or not at_margin or not 1 <= len(words) <= 2:
        return parsed
    if len(parsed.used) + len(words) > 5 or len(words) != len(nxt.tokens):
        return parsed
    for t in words:
        w = t.text.rstrip(".,;")
        if not w.isalpha() or w.upper() != w or len(w) < 2:
            return parsed
    value = nfc(parsed.value + " " + " ".join(t.text.rstrip(".,;") for t in words))
    return Parsed(value, parsed.used + words, parsed.quality, parsed.start)


def name_continued(doc: Doc, vseg: Segment, parsed: Parsed, label_x0: float) -> Parsed:
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
    if not under:
        return _capitals_wrapped_to_margin(vseg, parsed, row, min(s.x0 for s in page.rows[vseg.row]), label_x0)
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
