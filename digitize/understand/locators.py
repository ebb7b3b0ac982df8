"""The locating strategies a field's ``locate`` list names in the catalogue, and the order
they are tried in (``field_candidates``).

Each strategy is a function ``(doc, spec) -> list[Candidate]`` registered under its catalogue
name with ``@locator(name)``; ``REGISTRY`` maps the names to them. The names a catalogue may
use are ``catalogue.LOCATORS`` (the catalogue is checked without loading the strategies): a
strategy can only be registered under one of them, and this module fails to load when one of
them has no strategy.

- ``label``: the value after a label of the field (``labelvalue``).
- ``place_date``: the ``<place>, ngày … tháng … năm …`` line (issue dates).
- ``agency_header``: the issuing body at the top left (decisions).
- ``header_number``: a ``<number>/<symbol>`` in that header block (its ``Số:`` misread).
- ``column``: a row label under a column heading (Chồng / Vợ, Người mẹ / Người cha).
- ``pattern``: the value's own shape anywhere (dossier IDs, serials, insurance numbers).
- ``range_end``: the second date of the range the field's ``range_of`` field opens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher

from digitize.understand import catalogue, gazetteer
from digitize.understand.candidate import REPAIRED, Candidate, box_of, conf_of, for_review
from digitize.understand.catalogue import FieldSpec
from digitize.understand.dates import YEAR_WORD, find_dates
from digitize.understand.dates import normalise as date_normalise
from digitize.understand.kinds import check_or_repair, parse_value
from digitize.understand.labelindex import Doc
from digitize.understand.labels import LabelDef, LabelHit, label_weight, segment_hits
from digitize.understand.labelvalue import candidate_from_hit
from digitize.understand.layout import PageLayout, Segment, Token, is_capitalised, join_tokens
from digitize.understand.national_header import national_header_start
from digitize.understand.navigate import cell_under, overlap, segment_below
from digitize.understand.regions import name_continued, regions_after
from digitize.understand.textmatch import fold, key_similarity, match_key
from digitize.understand.values import clean_text, meaningful, used_tokens

Locator = Callable[[Doc, FieldSpec], list[Candidate]]
REGISTRY: dict[str, Locator] = {}  # catalogue name -> locating strategy


def locator(name: str) -> Callable[[Locator], Locator]:
    """Register a locating strategy under the name the catalogue's ``locate`` lists give it."""
    if name not in catalogue.LOCATORS:
        raise ValueError(f"locator {name!r} is not a catalogue locate name ({', '.join(sorted(catalogue.LOCATORS))})")
    if name in REGISTRY:
        raise ValueError(f"locator {name!r} is registered twice")

    def register(fn: Locator) -> Locator:
        REGISTRY[name] = fn
        return fn

    return register


@locator("label")
def _label_candidates(doc: Doc, spec: FieldSpec) -> list[Candidate]:
    out: list[Candidate] = []
    name = spec.name
    own_line: list[Candidate] = []  # "Label: value" on one line (or "…, sinh ngày 20/09/1978, …")
    under: list[Candidate] = []  # a label without its colon, its value on a line below

    def sort(cand: Candidate, seg: Segment, hit: LabelHit) -> None:
        if cand.box is not None and cand.page == seg.page:
            if cand.box[1] < seg.box[3]:
                own_line.append(cand)
            elif not hit.colon and cand.box[1] >= seg.box[3]:
                under.append(cand)

    for seg in doc.all_segments():
        for hit in doc.seg_hits(seg):
            if hit.field != name:
                continue
            if spec.kind in _DATE_KINDS and _after_an_identifier(doc, seg, hit):
                continue  # "CCCD số 0941…, cấp ngày 24/10/2017": the card's date, not this one
            cand = candidate_from_hit(doc, spec, seg, hit)
            if cand is not None:
                out.append(cand)
                sort(cand, seg, hit)
    for seg, hit in doc.split_hits():
        if hit.field == name:
            cand = candidate_from_hit(doc, spec, seg, hit)
            if cand is not None:
                cand.quality *= 0.95
                out.append(cand)
                sort(cand, seg, hit)
    if spec.role in ("subject_id", "subject_name", "subject_birth_date") and own_line:
        # the person's own "Số định danh cá nhân: …" (or said in prose) and, further down, the same words heading
        # a table's column (the household's other members): that column is other people's
        first = min(c.order for c in own_line)
        out = [c for c in out if not (any(c is u for u in under) and c.order > first)]
    return out


_DATE_KINDS = ("date", "year_or_date", "expiry")


def _after_an_identifier(doc: Doc, seg: Segment, hit: LabelHit) -> bool:
    """A date's label without its colon right after a card's or paper's number (nine figures
    or more): the date that number was issued, said in the same breath. With its colon too
    where the number is a person's ID under its own label (a catalogue label of a
    ``personal_id`` field: "Số định danh cá nhân: 0790… Cấp ngày: …"): another paper's number
    with a date beside it may be the document's own."""
    if hit.start == 0:
        return False
    before = seg.tokens[hit.start - 1].text.rstrip(",;")
    if len(re.sub(r"\D", "", before)) < 9 or re.search(r"[^\W\d_]", before):
        return False
    if not hit.colon:
        return True
    return any(h.end < hit.start and doc.kinds.get(h.field) == "personal_id" for h in doc.seg_hits(seg))


PLACE_WORDS = 8  # words before a date on its line: a place's, not a sentence's
# ...before ", ngày <figures>" ending a line: a sentence's place wrapped onto it ("huyện" /
# "Châu Đức, tỉnh Bà Rịa - Vũng Tàu, ngày 07/09/2016.")
PLACE_WORDS_BEFORE_NGAY = 12


@locator("place_date")
def _place_date_candidates(doc: Doc, spec: FieldSpec) -> list[Candidate]:
    out: list[Candidate] = []
    for seg in doc.all_segments():
        text, owner = join_tokens(seg.tokens)
        norm = date_normalise(text)
        tokens = list(seg.tokens)
        row = doc.pages[seg.page].rows[seg.row]
        below = segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1) if _PARTIAL_DATE_END.search(norm) else None
        rest = _date_rest(below.tokens) if below is not None else []
        if rest and _date_found(tokens + rest):
            # the line wrapped inside the date ("…, ngày 28 tháng 08" / "năm 2010"): its rest
            # opens the line below, up to the year
            tokens = tokens + rest
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
            if ";" in after:
                continue  # "… ngày 22 tháng 11 năm 2019;": a clause of "Căn cứ …" wrapped, a law's date
            n_before = len(before.split())
            if hit.form == "words" and not re.match(r"\s*ng", date_normalise(text[hit.start : hit.end])):
                continue
            if before.endswith(","):
                q = 1.0
            elif hit.form == "numeric" and re.search(r",\s*ng\s?[a-z]{1,3}$", fold(before)):
                q = 0.95  # "…, Thành phố Hồ Chí Minh, ngày 02/03/2016.": the place, then the date in figures
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
            if n_before > (PLACE_WORDS_BEFORE_NGAY if q == 0.95 else PLACE_WORDS):
                continue
            used = used_tokens(owner, hit.start, hit.end, tokens)
            c = Candidate(
                hit.iso,
                conf_of(used),
                seg.page,
                (seg.page, seg.row, seg.col, 0),
                q,
                hit.valid,
                None if hit.valid else f"{hit.iso} is not a real date",
                box=box_of(used),
            )
            out.append(c)
    return out


# the end of a place-and-date line whose day OCR lost: "… tháng 6 năm 2020" (folded)
_MONTH_YEAR_END = re.compile(r"\bth\s?[a-z]{2,4}\s*(\d{1,2})\s*n\s?[a-z]{1,3}\s*(\d{4})\W*$")


def _place_date_month(doc: Doc) -> str | None:
    """The "YYYY-MM" of the one line that ends a place and date in words with its month and year
    read, its day not ("“gà? TỦ tháng 6 năm 2020"); None when there is none or several."""
    found = set()
    for seg in doc.all_segments():
        text = date_normalise(seg.text)
        m = _MONTH_YEAR_END.search(text)
        if m is None or ":" in seg.text or ";" in seg.text or find_dates(seg.text):
            continue
        if len(text[: m.start()].split()) > 5:
            continue  # a sentence that ends in a month ("… từ tháng 6 năm 2020."), not a date line
        if 1 <= int(m.group(1)) <= 12:
            found.add(f"{m.group(2)}-{int(m.group(1)):02d}")
    return found.pop() if len(found) == 1 else None


# a place-and-date line that stops inside its date: "ngày D", "ngày D tháng M", "… năm"
_PARTIAL_DATE_END = re.compile(
    r"\bng\s?[a-z]{1,3}\s*[:.,\-–]?\s*\d{1,2}(?:\s*th\s?[a-z]{2,4}\s*\d{1,2})?(?:\s*n\s?[a-z]{1,3})?\s*$"
)


def _date_rest(tokens: list[Token]) -> list[Token]:
    """The words that open a line with the rest of a wrapped date (``tháng 08 năm 2010``,
    ``năm 2010``, ``2010``), through its year; none when the line opens otherwise. Specks
    before them (``.. năm 2026``) are passed over."""
    while tokens and not any(c.isalnum() for c in tokens[0].text):
        tokens = tokens[1:]
    for k, tok in enumerate(tokens[:5]):
        # the year, or the year glued to its word ("hăm.2025")
        if re.fullmatch(r"(?:\w{1,4}\.)?\d{4}[.,;]?", tok.text):
            head = date_normalise(" ".join(t.text for t in tokens[: k + 1]))
            if re.fullmatch(r"\s*(?:th\s?[a-z]{2,4}\s*\d{1,2}\s*)?(?:" + YEAR_WORD + r"\W?\s*)?\d{4}\W?\s*", head):
                return list(tokens[: k + 1])
            return []
    return []


def _date_found(tokens: list[Token]) -> bool:
    return any(h.form == "words" for h in find_dates(join_tokens(tokens)[0]))


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


@locator("agency_header")
def _agency_candidates(doc: Doc, spec: FieldSpec) -> list[Candidate]:
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
        if _AGENCY_START.match(fold(seg.text).lstrip(" .,:;'-")):  # (". ỦY BAN …": a speck before it)
            start = i
    if start is None:
        return []
    parts = seq[start:]
    text = " ".join(s.text for s in parts)
    used = [t for s in parts for t in s.tokens]
    header = fold(clean_text(text))
    fuller = _authority_line(page, header, parts[-1].row)
    if fuller is not None and _names_a_known_unit(header) and not _names_a_known_unit(fold(fuller[0].text)):
        fuller = None  # the header named a unit the authority line misread ("BÌNH CHÂI")
    reading = fold(fuller[0].text) if fuller is not None else header
    if not _names_a_known_unit(reading):
        # neither names a unit the gazetteer knows: the same body named whole in the articles
        # ("báo cáo kết quả về Ủy ban nhân dân xã Nghĩa Thành"), for review
        mention = _body_named_again(doc, reading)
        if mention is not None:
            return [mention]
    if fuller is not None:  # the header lost (part of) the body's name ("ỦY BAN NHÂN DÂN" alone)
        seg, k = fuller
        return [
            Candidate(
                clean_text(join_tokens(seg.tokens[k:])[0]),
                conf_of(seg.tokens[k:]) * 0.95,
                0,
                (0, seg.row, seg.col, 0),
                0.85,
                box=box_of(seg.tokens[k:]),
            )
        ]
    return [
        Candidate(clean_text(text), conf_of(used) * 0.95, 0, (0, parts[0].row, parts[0].col, 0), 0.85, box=box_of(used))
    ]


_DOC_NUMBER = re.compile(r"(?<![\w/])\d{1,6}[A-Za-z]?\s?/\s?[A-ZĐ]{2,}")  # 15/QĐ-UBND, 633/GPXD


@locator("header_number")
def _header_number_candidates(doc: Doc, spec: FieldSpec) -> list[Candidate]:
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
                conf_of(parsed.used) * 0.85,
                0,
                (0, seg.row, seg.col, parsed.start),
                0.9,
                box=box_of(parsed.used),
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
            if sum(c.isupper() for c in letters) < 0.8 * len(letters):
                continue
            if f.startswith(header + " ") and len(f) > len(header) + 3:
                if bare or len(f.split()) - len(header.split()) <= 4:
                    return seg, k
            elif not bare and _read_again(header, f):
                return seg, k
    return None


def _body_named_again(doc: Doc, reading: str) -> Candidate | None:
    """The one People's Committee named in the document's text, its unit a name the gazetteer
    knows at its level, that is the garbled ``reading`` (folded) read again (``_read_again``):
    as a candidate for review; None when there is none, or several."""
    found: dict[str, Candidate] = {}
    for seg in doc.all_segments():
        tokens = seg.tokens
        keys = [fold(t.text).strip(".,;:") for t in tokens]
        for i in range(len(keys) - 5):
            if keys[i : i + 4] != ["uy", "ban", "nhan", "dan"]:
                continue
            # the body's words, a level's one or two (xã, thị trấn) and a name's one to three
            for end in range(i + 6, min(len(keys), i + 9) + 1):
                body = " ".join(keys[i:end])
                if _names_a_known_unit(body) and _read_again(reading, body):
                    used = tokens[i:end]
                    value = clean_text(join_tokens(used)[0]).rstrip(".,;:")
                    found[body] = Candidate(
                        value,
                        for_review(conf_of(used)),
                        seg.page,
                        (seg.page, seg.row, seg.col, i),
                        0.85,
                        box=box_of(used),
                    )
    return next(iter(found.values())) if len(found) == 1 else None


def _names_a_known_unit(body: str) -> bool:
    """Whether a body's name (folded: ``uy ban nhan dan xa binh chau``) ends in a unit's level
    and a name the gazetteer knows (at any level: the dataset holds the units as they last
    were) or a number (``quan 7``)."""
    words = body.replace(".", " ").split()
    return any(
        fold(" ".join(words[i : i + n])) in gazetteer.LEVELS
        and (name.isdigit() or gazetteer.names_a_unit_anywhere(name))
        for i in range(len(words))
        for n in (1, 2)
        if i + n < len(words) and (name := " ".join(words[i + n :]))
    )


def _read_again(header: str, line: str) -> bool:
    """The header's body name (folded) and an authority line are one name read twice: OCR
    glued or split words in the header's narrow column ("XAAN", "QUẬN1"), misread a letter
    ("IÀNG" for "TĂNG") or lost a unit word ("THỊ TRẤN"), so they differ, but little, letters
    only compared; the same kind of body with another name ("HUYỆN LONG ĐIỀN") differs more.
    The authority line, read in the body's wider column, is then taken as the better reading."""
    a, b = header.replace(" ", ""), line.replace(" ", "")
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


# the line a fax machine prints across the top ("17/08/2018 11:21 FROM: UBND … 02549146089
# P.001/003"): its numbers are the sender's phone, not the document's
_FAX_HEADER = re.compile(r"^\W*\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}\b|\bfr[o0][mh]\b|\bp\.\s?\d{3}/\d{3}\b")


@locator("pattern")
def _pattern_candidates(doc: Doc, spec: FieldSpec) -> list[Candidate]:
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
        value, check, repaired = check_or_repair(spec.kind, parsed.value)
        if not check.ok:
            continue
        conf = conf_of(parsed.used) * 0.8
        out.append(
            Candidate(
                value,
                for_review(conf, REPAIRED) if repaired else conf,
                seg.page,
                (seg.page, seg.row, seg.col, parsed.start),
                0.6,
                box=box_of(parsed.used),
            )
        )
    return out


@locator("range_end")
def _range_end_candidates(doc: Doc, spec: FieldSpec) -> list[Candidate]:
    """The second date of a range whose label belongs to ``spec.range_of`` (the opener: "Giá
    trị sử dụng: từ 01/01/2025 đến 31/12/2025"), a few words after the first: the end of the
    range even where OCR mangled the short word between them ("đếp")."""
    out: list[Candidate] = []
    opener = spec.range_of
    if opener is None:
        return out
    hits = [(seg, hit) for seg in doc.all_segments() for hit in doc.seg_hits(seg) if hit.field == opener]
    hits += [(seg, hit) for seg, hit in doc.split_hits() if hit.field == opener]
    for seg, hit in hits:
        for region, _vseg, _same_line in regions_after(doc, seg, hit):
            text, owner = join_tokens(region)
            dates = find_dates(text)
            if len(dates) >= 2 and len(text[dates[0].end : dates[1].start].split()) <= 3:
                second = dates[1]
                used = used_tokens(owner, second.start, second.end, region)
                out.append(
                    Candidate(
                        second.iso,
                        conf_of(used) * 0.9,
                        seg.page,
                        (seg.page, seg.row, seg.col, hit.start),
                        0.8,
                        second.valid,
                        None if second.valid else f"{second.iso} is not a real date",
                        box=box_of(used),
                    )
                )
            break
    return out


@locator("column")
def _column_candidates(doc: Doc, spec: FieldSpec) -> list[Candidate]:
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
                    hits = _row_label_hits(doc, s, col_defs)
                    if not hits:
                        continue
                    hit = _hit_under(s, hits, x_range)
                    if overlap((s.x0, s.x1), x_range) > 0:
                        cand = candidate_from_hit(doc, spec, s, hit, x_range)
                    else:
                        cell = cell_under(row, s, seg, page.rows[seg.row], x_range)
                        if cell is None:
                            continue
                        parsed = parse_value(spec.kind, cell.tokens, spec.pattern)
                        if parsed is not None and spec.kind == "name":
                            parsed = name_continued(doc, cell, parsed, s.x0)
                        cand = (
                            None
                            if parsed is None
                            else Candidate(
                                parsed.value,
                                conf_of(parsed.used),
                                page.index,
                                (page.index, r, cell.col, 0),
                                0.9 * parsed.quality,
                                box=box_of(parsed.used),
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


def _row_label_hits(doc: Doc, seg: Segment, col_defs: list[LabelDef]) -> list[LabelHit]:
    """A row's label in ``seg``; or one that wraps onto the line under it, its last words
    there ("Họ, chữ đệm," / "tên": a narrow first column), as a hit on ``seg``'s words."""
    hits = segment_hits(seg, col_defs)
    if hits:
        return hits
    under = segment_below(doc, seg, (seg.x0, seg.x1), max_rows=1)
    if under is None or under.box[1] - seg.box[3] > seg.height or overlap((under.x0, under.x1), (seg.x0, seg.x1)) <= 0:
        return []
    n = len(seg.tokens)
    joined = Segment(list(seg.tokens) + list(under.tokens[:3]), seg.page, -1, -1)
    return [replace(h, end=n) for h in segment_hits(joined, col_defs) if h.start < n < h.end]


def _hit_under(seg: Segment, hits: list, x_range: tuple[float, float]):
    """Of a row label said once per column on a line OCR read as one ("Họ và tên: A   Họ
    và tên: B" under CHỒNG / VỢ), the one whose stretch of the line (up to the next) lies
    under the heading; the first when none does."""
    hits = sorted(hits, key=lambda h: h.start)
    best, most = hits[0], 0.0
    for h, nxt in zip(hits, [*hits[1:], None]):
        end = seg.tokens[nxt.start - 1].box[2] if nxt is not None and nxt.start > h.start else seg.x1
        share = overlap((seg.tokens[h.start].box[0], end), x_range)
        if share > most:
            best, most = h, share
    return best


def _validate(spec: FieldSpec, cand: Candidate) -> Candidate:
    cand.value, check, repaired = check_or_repair(spec.kind, cand.value)
    if repaired:  # a letter OCR confuses put right from the value's structure: for review
        cand.conf = for_review(cand.conf, REPAIRED)
    if not check.ok:
        cand.valid = False
        cand.problem = check.problem
    return cand


def field_candidates(doc: Doc, spec: FieldSpec, runs: dict[str, list[Candidate]] | None = None) -> list[Candidate]:
    """Validated candidates from the first ``locate`` strategy, in the field's order, that
    finds a valid value (or, when none does, every candidate found: the best is kept and
    flagged invalid).

    One exception to "the first that finds one": a field located by ``label`` and then
    ``header_number`` (a decision's number) whose label found its number only in a sentence
    (no ``Số:`` with its colon) holds those back, and the number in the header competes with
    them: the result is the held ones and the header's together. Where the label did find
    the number's own ``Số:`` (with its colon) but no valid number after it, the sentences'
    numbers are dropped: the header's own (valid), or else that invalid read, flagged.

    ``runs``, when given, gets each strategy's validated candidates as it ran (for
    ``every_reading``, which then runs only the rest)."""
    found: list[Candidate] = []
    held: list[Candidate] = []
    month: str | None = None  # "YYYY-MM" of a place-and-date line whose day went unread
    for how in spec.locate:
        cands = [_validate(spec, c) for c in REGISTRY[how](doc, spec)]
        if runs is not None:
            runs[how] = list(cands)
        if how == "place_date" and not any(c.valid for c in cands):
            month = _place_date_month(doc)
        elif month is not None:
            # "Xuyên Mộc, ngày ?? tháng 6 năm 2020": the document's date is in that month; a
            # date labelled elsewhere in another (the registration's, on a copy) is not it
            cands = [c for c in cands if c.value.startswith(month)]
        if how == "header_number" and held:
            return held + [c for c in cands if c.valid]
        if any(c.valid for c in cands):
            if how == "label" and "header_number" in spec.locate and not any(c.valid and c.explicit for c in cands):
                own = [c for c in cands if c.explicit]
                if own:
                    # its own "Số: 1211" read, the symbol lost to OCR: the numbers in sentences
                    # ("Căn cứ Nghị định số 20/2021/NĐ-CP") cite other documents
                    found = found or own
                    continue
                if _own_label_unread(doc, spec):
                    # the head's "Số:" with nothing read after it (its number faxed away or
                    # written by hand): the sentences' numbers are other documents'
                    continue
                # a number met in a sentence ("Căn cứ Quyết định số 15/QĐ-UBND …") is another
                # document's as often as not: the one in the header competes with it
                held = [c for c in cands if c.valid]
                continue
            return [c for c in cands if c.valid]
        if not found:
            found = cands
    return held or found


def _own_label_unread(doc: Doc, spec: FieldSpec) -> bool:
    """Whether the first page's head (its top third) has the field's label with its colon
    opening a line and nothing after it ("Số:" alone): the field's own place, its value unread."""
    if not doc.pages:
        return False
    page = doc.pages[0]
    for seg in page.segments():
        if seg.box[1] > page.height / 3:
            continue
        for hit in doc.seg_hits(seg):
            # (the label read whole: "QUYẾT ĐỊNH:" is the tail of "Số quyết định:" only by its words)
            if (
                hit.field == spec.name
                and hit.colon
                and hit.score >= 95
                and hit.start == 0
                and not meaningful(seg.tokens[hit.end :])
            ):
                return True
    return False


def every_reading(doc: Doc, spec: FieldSpec, runs: dict[str, list[Candidate]]) -> list[Candidate]:
    """The valid values every one of the field's ``locate`` strategies finds, not only the
    first that finds one: readings of the same fact elsewhere on the page to check it by.
    ``runs``: the strategies ``field_candidates`` already ran (not run again)."""
    if len(spec.locate) < 2:
        return []
    for how in spec.locate:
        if how not in runs:
            runs[how] = [_validate(spec, c) for c in REGISTRY[how](doc, spec)]
    return [c for how in spec.locate for c in runs[how] if c.valid]


_unregistered = catalogue.LOCATORS - REGISTRY.keys()
if _unregistered:
    raise ImportError(f"no locating strategy for the catalogue's locate name(s) {sorted(_unregistered)}")
