"""Values in a region of tokens: where a value after its label starts and ends
(``cut_region``), and the readers of each kind of value from it (``read_*`` over a
``Region``): dates, IDs, codes, numbers, names, addresses, with OCR look-alikes (O/0, l/1,
S/5, B/8) turned into digits inside values that must be digits. Which reader serves which
kind is said once, in ``kinds``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from digitize.link.barcodes import find_dossier_id_spans, is_valid_dossier_id
from digitize.understand.dates import DateHit, find_dates, find_spelled_date, glued_date_at_start, is_real_date
from digitize.understand.layout import LEADERS, NUMBERING, Token, is_capitalised, is_punct, join_tokens
from digitize.understand.names import is_family_name, is_given_name
from digitize.understand.textmatch import compact, fold, match_key
from digitize.understand.tidy import is_unit_word, starts_with_unit
from digitize.understand.validators import FORM_SERIES
from ocr import confusions
from ocr.model import chars_box, nfc
from ocr.syllables import is_syllable


@dataclass
class Parsed:
    value: str
    used: list[Token]
    quality: float = 1.0
    start: int = 0  # index of the first used token in the region
    doubtful: bool = False  # what was read is less than was printed (a date's day and month lost): for review


def cut_region(tokens: list[Token], start: int, stop: int) -> tuple[int, int]:
    """Trim a value region [start, stop): skip leading punctuation, an English label
    (``/ Full name:``) or a hint in brackets after the label; cut before a numbered item
    (``3. Giới tính``) or an unknown ``Label:`` that follows the value."""
    i = start
    # leading ':' / '-' / leaders
    while i < stop and (is_punct(tokens[i]) and tokens[i].text != "/" and not tokens[i].text.startswith("(")):
        i += 1
    # bilingual label tail: "/ Full name:" or "/Sex:", or after a label read with its slash
    # ("trú/ Pha…": the rest of "Place of residence")
    glued = i == start and start > 0 and tokens[start - 1].text.endswith("/")
    if i < stop and (tokens[i].text.startswith("/") or glued):
        j = i
        limit = min(stop, i + 7)
        while j < limit and not tokens[j].colon:
            j += 1
        if j < limit:
            i = j + 1
        else:  # no colon: skip the English words
            i += 0 if glued else 1
            while i < stop and re.fullmatch(r"[A-Za-z.'’]+", tokens[i].text):
                i += 1
    # the lower-case tail of an English label whose slash OCR misread ("Quê quán £ origin:")
    j = i
    while j < min(stop, i + 3) and re.fullmatch(r"[A-Za-z]+:?", tokens[j].text) and not tokens[j].colon:
        j += 1
    if j < stop and j < i + 3 and re.fullmatch(r"[A-Za-z]+:", tokens[j].text) and tokens[i].text[:1].islower():
        i = j + 1
    # a hint in brackets right after the label: "(viết chữ in hoa):"
    if i < stop and tokens[i].text.startswith("("):
        j = i
        while j < stop and ")" not in tokens[j].text and j - i < 12:
            j += 1
        if j < stop and ")" in tokens[j].text:
            i = j + 1
    while i < stop and is_punct(tokens[i]):
        i += 1
    end = stop
    for k in range(i + 1, stop):
        tok = tokens[k]
        if (
            NUMBERING.match(tok.text)
            and k + 1 < stop
            and is_capitalised(tokens[k + 1])
            and re.fullmatch(r"[^\W\d_]{2,}[:,]?", tokens[k + 1].text)
            and not _unit_number(tokens, i, k)
        ):
            end = k
            break
        if tok.colon and not re.fullmatch(r"[\d.:]+", tok.text) and not _speck_colon(tokens, i, k, stop):
            # a new "Label:" starts at the nearest capitalised word before the colon, or
            # right after the punctuation that ends the value ("…, nơi cư trú: …")
            first = k
            while first - 1 > i and k - first < 6 and not tokens[first - 1].text.endswith((",", ";", ".")):
                first -= 1
            j = k
            while j > first and not is_capitalised(tokens[j]):
                j -= 1
            if not is_capitalised(tokens[j]):
                if not tokens[first - 1].text.endswith((",", ";", ".")):
                    continue
                j = first
            if j > i:
                end = j
                if j - 1 > i and NUMBERING.match(tokens[j - 1].text):
                    end = j - 1
                break
    return i, end


def _unit_number(tokens: Sequence[Token], i: int, k: int) -> bool:
    """Whether ``tokens[k]`` ("1.") is the number of the administrative unit just before it,
    its comma read as a full stop ("Quận 1. Thành phố …"), not a numbered item that ends the
    value."""
    return any(k - n >= i and is_unit_word(" ".join(t.text for t in tokens[k - n : k])) for n in (1, 2, 3))


def _word(tok: Token) -> str:
    return tok.text.rstrip(":,;.")


def _name_word(tok: Token) -> bool:
    w = _word(tok)
    return w.isalpha() and w[:1].isupper()


def _speck_colon(tokens: Sequence[Token], i: int, k: int, stop: int) -> bool:
    """Whether the colon after ``tokens[k]`` is a speck inside the value, not the end of a
    ``Label:`` that follows it: the last word of a name at the end of the value, in the
    case of the word before it (``PHAN VĂN TRÍ:``: no value follows for a label to have);
    the end of a place's name before the next unit (``xã Nghĩa Hưng: huyện …``); or a unit
    word before its name (``huyện: Nghĩa Hưng`` after a unit earlier in the value)."""
    tok = tokens[k]
    if not tok.text.endswith(":") or k <= i:
        return False
    prev = tokens[k - 1]
    if (
        _name_word(tok)
        and _name_word(prev)
        and not prev.text.endswith((",", ";", ".", ":"))
        and _word(tok).isupper() == _word(prev).isupper()
        and k == stop - 1
    ):
        return True  # (a name in capitals and a title-case label differ in case: NGUYỄN AN Email:)
    rest = " ".join(_word(t) for t in tokens[k + 1 : min(stop, k + 5)])
    before = [_word(t) for t in tokens[max(i, k - 4) : k]]
    unit_earlier = any(starts_with_unit(" ".join(before[n:] + [_word(tok)])) for n in range(len(before)))
    if _name_word(tok) and unit_earlier and rest and starts_with_unit(rest) and rest[:1].islower():
        return True
    return (
        unit_earlier
        and _word(tok).islower()
        and starts_with_unit(f"{_word(tok)} {rest}")
        and k + 1 < stop
        and _name_word(tokens[k + 1])
    )


def meaningful(tokens: Sequence[Token]) -> bool:
    return any(t.key or any(ch.isdigit() for ch in t.text) for t in tokens if not LEADERS.match(t.text))


_DIGIT_RUN = re.compile(confusions.digit_like() + "+")


def fix_digits(text: str) -> str:
    """Look-alike letters → digits inside runs that are mostly digits."""

    def fix(m: re.Match) -> str:
        run = m.group(0)
        digits = sum(c.isdigit() for c in run)
        if digits >= 2 and 2 * digits >= len(run):
            return confusions.to_digits(run)
        return run

    return _DIGIT_RUN.sub(fix, text)


def used_tokens(owner: list[int], a: int, b: int, tokens: Sequence[Token]) -> list[Token]:
    idx = sorted({owner[k] for k in range(a, min(b, len(owner))) if owner[k] >= 0})
    return [tokens[k] for k in idx]


def first_token(owner: list[int], a: int) -> int:
    for k in range(a, len(owner)):
        if owner[k] >= 0:
            return owner[k]
    return 10**6


def clean_text(text: str) -> str:
    text = re.sub(r"[.…_·]{3,}", " ", text)
    # a speck read as a full stop stuck to the front of a word ("đường .Bình Giã"): punctuation
    # in print follows a word, it does not open one
    text = re.sub(r"(?<=[^\W\d_]) [.·](?=[^\W\d_])", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r"^[\s\-–—•+:]+", "", text)
    # a quote standing alone at either end is a speck: a quotation's marks cling to its words
    text = re.sub(r"^['‘’\"“”`]+\s+|\s+['‘’\"“”`]+$", "", text)
    if len(re.findall(r"['‘’\"“”`]", text)) == 1:  # … or one at an end that opens or closes nothing
        text = re.sub(r"^['‘’\"“”`]|['‘’\"“”`]$", "", text)
    return text.strip(" ,;:").rstrip(".").strip()


@dataclass(frozen=True)
class Region:
    """The words a value is read from, joined into one text (``owner`` maps each character to
    its word), and what the reading may do: start within ``max_start`` words, read a name
    in lower case (``allow_lower``)."""

    tokens: list[Token]
    text: str
    owner: list[int]
    max_start: int | None = None
    allow_lower: bool = False

    @classmethod
    def of(cls, tokens: Sequence[Token], max_start: int | None = None, allow_lower: bool = False) -> Region:
        tokens = list(tokens)
        text, owner = join_tokens(tokens)
        return cls(tokens, text, owner, max_start, allow_lower)

    def ok_start(self, a: int) -> bool:
        return self.max_start is None or first_token(self.owner, a) < self.max_start

    def result(self, value: str, a: int, b: int, quality: float = 1.0) -> Parsed:
        return Parsed(value, used_tokens(self.owner, a, b, self.tokens), quality, first_token(self.owner, a))


def read_by_pattern(region: Region, kind: str, pattern: str, *, no_spaces: bool) -> Parsed | None:
    """A catalogue field's own pattern (its first group, or the whole match); ``no_spaces``:
    the kind is written without spaces (codes, numbers)."""
    text = _form_ones_mended(region.text) if kind == "form_code" else region.text
    for m in re.finditer(pattern, text):
        g = 1 if m.re.groups else 0
        if region.ok_start(m.start(g)):
            value = re.sub(r"\s+", "", m.group(g)) if no_spaces else m.group(g).strip()
            if kind == "form_code":
                value = _form_code(value)
            return region.result(value, m.start(g), m.end(g))
    return _series_digits_as_letters(region) if kind == "form_code" else None


def read_date(region: Region, *, years: bool = False, never: bool = False) -> Parsed | None:
    """A date (``years``: or a year alone; ``never``: or "no time limit", as ``none``)."""
    text, ok_start, result = region.text, region.ok_start, region.result
    if never:
        f = fold(text)
        m = re.search(r"khong (?:xac dinh )?thoi han|vo thoi han|khong co thoi han|unlimited|indefinite", f)
        if m is None:
            m = _never_expires(f)
        if m and ok_start(m.start()):
            return result("none", m.start(), m.end())
    for hit in find_dates(text, years=years):
        if not ok_start(hit.start):
            break
        if hit.form == "numeric" and not re.search(r"[/.\-]", text[hit.start : hit.end]):
            # its figures' separators all lost ("06 012025"): where the date is said again in
            # words ("(bằng chữ: …)"), the words are the surer reading (or, cut short here, in
            # the region that reads them whole)
            if _IN_WORDS_AFTER.search(fold(text[hit.end :])):
                spelled = find_spelled_date(text[hit.end :])
                if spelled is None:
                    continue
                return result(spelled.iso, hit.end + spelled.start, hit.end + spelled.end, 0.9)
        if hit.form == "year":
            # a year alone only when nothing else is printed there; figures just before it
            # ("(02 2012" for 04/02/2012) are the rest of a date OCR lost: the year, for review
            year = result(hit.iso, hit.start, hit.end, 0.9)
            if _DATE_HEAD_LOST.search(text[: hit.start]) or _MONTH_WORD_BEFORE.search(fold(text[: hit.start])):
                year.doubtful = True
            return year
        split = _day_split(text, hit)
        if split is not None:
            return result(split, 0, hit.end, 0.85)
        return result(hit.iso, hit.start, hit.end, (0.85 if hit.repaired else 1.0) if hit.valid else 0.8)
    glued = glued_date_at_start(text)
    if glued is not None and ok_start(glued.start):
        return result(glued.iso, glued.start, glued.end, 0.85)
    # no figures to read: the date said again in words ("06 012025 (bằng chữ: Sáu tháng bốn …)")
    spelled = find_spelled_date(text)
    if spelled is not None and (ok_start(spelled.start) or _IN_WORDS.search(fold(text[: spelled.start]))):
        return result(spelled.iso, spelled.start, spelled.end, 0.9)
    return None


def _day_split(text: str, hit: DateHit) -> str | None:
    """A label's date whose day's two figures OCR read apart ("đăng ký: 1 7/06/2016"): a lone
    figure opening the value, before a one-figure day, is the day's first figure (after a label
    no list number stands there). The date with its day whole, where that is a real date."""
    head = re.fullmatch(r"\s*(\d) ", text[: hit.start])
    if head is None or hit.form != "numeric" or not re.match(r"\d\D", text[hit.start : hit.start + 2]):
        return None
    iso = hit.iso[:8] + head.group(1) + text[hit.start]
    return iso if is_real_date(iso) else None


_IN_WORDS = re.compile(r"bang chu\W*$")  # "(bằng chữ:" just before
_IN_WORDS_AFTER = re.compile(r"^\W*bang chu\b")  # "(bằng chữ: …" right after
# "(02 ", "12/" or "008 " (04 08 read run together, a figure lost) before a year
_DATE_HEAD_LOST = re.compile(r"(?<![\d.,])\d{1,4}[\s/.\-]{0,2}$")
# "ngày 95 tháng DI năm 1962" read past knowing: a month's word before the year says a day and
# a month were printed there
_MONTH_WORD_BEFORE = re.compile(r"\bthang\b")


def read_personal_id(region: Region) -> Parsed | None:
    fixed = fix_digits(region.text)
    for m in re.finditer(r"(?<![\dA-Za-z])\d(?:[ .]?\d){7,13}(?!\d)", fixed):
        digits = re.sub(r"\D", "", m.group(0))
        end = m.end()
        # "077190012345 5. Số điện thoại": the next item's number is no digit of the ID
        item = re.search(r" (\d{1,2})$", m.group(0))
        if item and fixed[end : end + 1] in (".", ")") and len(digits) - len(item.group(1)) in (9, 12):
            digits, end = digits[: -len(item.group(1))], end - len(item.group(0))
        if len(digits) in (9, 12) and region.ok_start(m.start()):
            return region.result(digits, m.start(), end)
        if len(digits) in (11, 13) and region.ok_start(m.start()):
            return region.result(digits, m.start(), m.end(), 0.7)  # misread: kept, invalid
    return None


def read_enterprise_code(region: Region) -> Parsed | None:
    fixed = fix_digits(region.text)
    for m in re.finditer(r"(?<![\d])(\d(?: ?\d){9})(?:\s*-\s*(\d{3}))?(?!\d)", fixed):
        if region.ok_start(m.start()):
            code = re.sub(r"\D", "", m.group(1))
            if m.group(2):
                code += "-" + m.group(2)
            return region.result(code, m.start(), m.end())
    return None


def read_dossier_id(region: Region) -> Parsed | None:
    value, a, b = _find_dossier(region.text)
    if value and region.ok_start(a):
        return region.result(value, a, b)
    return None


# a serial's two capitals, one of them maybe read in lower case (``confusions.SMALL_FOR_CAPITAL``:
# "cQ"); not both, or any small word before six digits would pass for a serial
_SMALL = "".join(confusions.SMALL_FOR_CAPITAL)
_SERIAL_LETTERS = rf"[A-ZĐ]{{2}}|[A-ZĐ][{_SMALL}]|[{_SMALL}][A-ZĐ]"


def read_certificate_serial(region: Region) -> Parsed | None:
    rx = rf"(?<![A-Za-zÀ-ỹĐđ])({_SERIAL_LETTERS})\s?(\d{{3}}\s?\d{{3}})(?!\d)"
    for m in re.finditer(rx, _fix_serial(region.text)):
        if region.ok_start(m.start()):
            letters = m.group(1).translate(_TO_CAPITAL)
            return region.result(f"{letters} {m.group(2).replace(' ', '')}", m.start(), m.end())
    return None


_LETTER_DIGITS = "".join(confusions.DIGIT_FOR_LETTER)  # digits OCR reads for a capital


def read_insurance_number(region: Region) -> Parsed | None:
    text = region.text
    fixed = fix_digits(text)
    rx = r"(?<![A-Za-z])([A-Z]{2})\s?(\d(?:\s?\d){12})(?!\d)"
    m = re.search(rx, text) or re.search(rx, fixed)  # "NO5…": the O is a letter here
    if m and region.ok_start(m.start()):
        return region.result(m.group(1) + re.sub(r"\s", "", m.group(2)), m.start(), m.end())
    # the group's second letter read as a digit ("B1179…" for BT179…): the digit's letter stands
    # there (the check fails, and the group is then put right from the letters OCR confuses)
    m = re.search(rf"(?<![A-Za-z0-9])([A-Z])([{_LETTER_DIGITS}])\s?(\d(?:\s?\d){{12}})(?!\d)", text)
    if m and region.ok_start(m.start()):
        group = m.group(1) + confusions.to_letters(m.group(2))
        return region.result(group + re.sub(r"\s", "", m.group(3)), m.start(), m.end(), 0.8)
    m = re.search(r"(?<![\dA-Za-z])(\d(?:\s?\d){9})(?!\d)", fixed)
    if m and region.ok_start(m.start()):
        return region.result(re.sub(r"\s", "", m.group(1)), m.start(), m.end())
    return None


def read_document_number(region: Region) -> Parsed | None:
    fixed = _fix_doc_number(region.text)
    m = re.search(r"(?<![\w/])(\d{1,6}[A-Za-z]?)\s*/\s*([^\W_][\wĐđ\-/.]*)", fixed)
    if m and region.ok_start(m.start()):
        symbol = re.sub("Đ{2,}", "Đ", m.group(2).rstrip(".-/_"))  # "QĐĐ": one Đ read twice
        return region.result(f"{m.group(1)}/{symbol}", m.start(), m.end())
    m = re.match(r"\s*(\d{1,6})([A-ZĐ]{2,}(?:-[A-ZĐ0-9]+)*)(?![\w/])", fixed)
    if m:  # the slash lost between the number and its symbol ("1734GPXD")
        return region.result(f"{m.group(1)}/{m.group(2)}", m.start(1), m.end(2), 0.85)
    m = re.match(r"\s*(\d{1,6})(?:\s*\.\s*|\s+)([A-ZĐ]{2,}(?:-[A-ZĐ0-9]+)+)(?![\w/])", fixed)
    if m:  # ... or read as a space or a stop before a symbol with its hyphen ("808 GP-UBND")
        return region.result(f"{m.group(1)}/{m.group(2)}", m.start(1), m.end(2), 0.85)
    m = re.match(r"\s*(\d{1,6})\s+([A-ZĐ]{2,6})(?![\w/-])", fixed)
    if m and not is_syllable(m.group(2)):  # ... or before initials no word spells ("1085 GPXD", not "12 NAM")
        return region.result(f"{m.group(1)}/{m.group(2)}", m.start(1), m.end(2), 0.8)
    m = _REGISTER_NUMBER_SLASH_LOST.match(fixed)
    if m:  # a register's "154/2022" read "154 2022" or "1542022": the year checked in reconcile
        return region.result(f"{m.group(1)}/{m.group(2)}", m.start(1), m.end(2), 0.8)
    m = re.match(r"\s*(\d{1,6})(?![\d/])", fixed)
    if m:
        return region.result(m.group(1), m.start(1), m.end(1), 0.8)  # number alone: kept, invalid
    return None


def read_gender(region: Region) -> Parsed | None:
    for i, tok in enumerate(region.tokens[:3]):
        said = gender_of(tok.key)
        if said is not None:
            return Parsed(said[0], [tok], said[1], i)
    return None


def read_integer(region: Region) -> Parsed | None:
    m = re.search(r"(?<![\d.,/])(\d{1,7})(?![\d/]|[.,]\d)", fix_digits(region.text))
    if m and region.ok_start(m.start()):
        return region.result(str(int(m.group(1))), m.start(), m.end())
    return None


def read_area(region: Region) -> Parsed | None:
    fixed = fix_digits(region.text)
    # not a digit glued to a letter: a unit's power ("(m2)" under a heading) is no area
    m = re.search(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?:([.,])(\d+))?(?![\d])", fixed)
    if m and region.ok_start(m.start()):
        value = _area(m.group(0))
        if value:
            return region.result(value, m.start(), m.end())
    return None


# a form number's one read as a stroke between its series and a suffix ("TKI-TS" for TK1-TS)
_FORM_ONE_AS_STROKE = re.compile(
    rf"(?<![\w/])([A-ZĐ]{{2,}})[{re.escape(confusions.STROKES)}](?=-[A-ZĐ]{{2,}}(?![\w/]))"
)


def _form_ones_mended(text: str) -> str:
    """``TKI-TS`` → ``TK1-TS`` in a region's text (same length: offsets hold)."""
    return _FORM_ONE_AS_STROKE.sub(r"\g<1>1", text)


def read_form_code(region: Region) -> Parsed | None:
    text = _form_ones_mended(region.text)
    m = re.search(r"(?<![\w/])([A-ZĐ]{1,6}\s?-?\d{1,3}[A-Z]?(?:[-/][A-ZĐ0-9]+)*)(?![\w/])", text)
    if m and region.ok_start(m.start()):
        return region.result(_form_code(m.group(1).replace(" ", "")), m.start(), m.end())
    return _series_digits_as_letters(region)


def _series_digits_as_letters(region: Region) -> Parsed | None:
    """A form series's letters with its number's two digits both read as letters (``CCOI``
    for CC01): no pattern of digits finds it."""
    m = _SERIES_DIGITS_AS_LETTERS.search(region.text)
    if m and region.ok_start(m.start()):
        return region.result(m.group(1) + confusions.to_digits(m.group(2)), m.start(), m.end())
    return None


_SERIES_DIGITS_AS_LETTERS = re.compile(
    rf"(?<![\w/])({'|'.join(sorted(FORM_SERIES))})({confusions.digit_like(same_shape=True)}{{2}})(?![\w/])"
)


def read_name(region: Region) -> Parsed | None:
    return _parse_name(region.tokens, region.allow_lower)


def read_text(region: Region, *, address: bool = False) -> Parsed | None:
    """Free text as printed (an ``address``: without a leading "tại"/"ở")."""
    cleaned = clean_text(region.text)
    if address:
        cleaned = re.sub(r"^(?:tại|ở)\s+", "", cleaned, flags=re.IGNORECASE)
    if not re.search(r"\w", cleaned):
        return None
    used = [t for t in region.tokens if not LEADERS.match(t.text)]
    return Parsed(cleaned, used, 1.0, 0)


# As match keys (look-alikes merged: "Male" is keyed "maie"), like the words they are compared with.
_MALE = {match_key(w) for w in ("nam", "male", "m")}
_FEMALE = {match_key(w) for w in ("nu", "female", "f", "nuu")}


def gender_of(key: str) -> tuple[str, float] | None:
    """What a gender word says (``Nam``, ``Nữ``, ``Male``, ``F``, OCR's ``Nuu``…) and how sure
    that reading is, from its match key: the one reading of gender, for the page and for a
    person's correction alike."""
    k = compact(key)
    if k in _MALE:
        return "male", 1.0
    if k in _FEMALE or (k.startswith("nu") and len(k) <= 3 and k[-1:] not in "mn"):
        # (not "Nưn": Nữ with a letter more, or as well Nam with its a and m misread)
        return "female", 1.0
    if k.startswith("nam") and len(k) <= 7:  # Nam/Male
        return "male", 0.95
    return None


class _Span(NamedTuple):
    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _never_expires(folded: str) -> _Span | None:
    """``Không thời hạn`` with a letter or two misread (``Khônq thởi hạm``): three words
    alike the wording, in the folded text (same offsets as the text)."""
    from rapidfuzz import fuzz

    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", folded)]
    for i in range(len(words) - 2):
        a, b = words[i][0], words[i + 2][1]
        if folded[a : a + 1] == "k" and fuzz.ratio(folded[a:b], "khong thoi han") >= 85:
            return _Span(a, b)
    return None


# words before a name that are not part of it (Châu, Cù... are family names: not listed)
_HONORIFICS = {"ong", "ba", "ong ba", "ongba", "mr", "mrs", "ms"}


_QUOTES = "'‘’\"“”`"
# what a speck, a table's rule or an underline glued before a name's first word is read as
_SPECK_SIGNS = _QUOTES + "_|¦-–"  # (a dash glued before a name: "-BÙI ĐẶNG THU LOAN")


# two capitalised words a speck read as a stop glued together ("Nguyễn.Đặng Gia Trí")
_GLUED_BY_A_STOP = re.compile(r"([^\W\d_]+)\.([^\W\d_]+[,;.]?)")


def _stop_glued_apart(tok: Token) -> list[Token]:
    """A name's token of two capitalised syllables a speck's stop glued together, as two
    words (the box shared by their share of its characters); else the token itself."""
    m = _GLUED_BY_A_STOP.fullmatch(tok.text)
    if m is None or not all(w[:1].isupper() and is_syllable(w.rstrip(",;.")) for w in m.groups()):
        return [tok]
    first, second = m.groups()
    n = len(tok.text)
    return [
        Token(first, match_key(first), tok.conf, chars_box(tok.box, n, 0, m.end(1)), tok.glue),
        Token(second, match_key(second), tok.conf, chars_box(tok.box, n, m.end(1), n), False),
    ]


# first letters whose capital OCR reads small in a name: those drawn alike but for their size
# (C, K, O, S, U, V, W, X, Z) and an L
_SMALL_FOR_CAPITAL = {**confusions.SMALL_FOR_CAPITAL, "l": "L"}


def _small_for_capital(tok: Token, after: Sequence[Token]) -> bool:
    """A name's last word whose capital OCR read small ("Thái Bùi Khánh lụa Năm sinh:", "Trần
    Duy cường"): a given name so capitalised, marks and all, before the name's end (a
    capitalised word, a label's, or nothing); a word of prose after a name ("… An là …", "lập",
    "cư trú") goes on into more prose."""
    bare = tok.text.rstrip(",;.")
    return (
        bare[:1] in _SMALL_FOR_CAPITAL
        and bare.isalpha()
        and is_given_name(_SMALL_FOR_CAPITAL[bare[0]] + bare[1:])
        and (not after or is_capitalised(after[0]) or tok.text != bare)
    )


def _parse_name(tokens: Sequence[Token], allow_lower: bool = False) -> Parsed | None:
    toks = [piece for tok in tokens for piece in _stop_glued_apart(tok)]
    i = 0
    while i < len(toks) and (LEADERS.match(toks[i].text) or not toks[i].text.strip(_QUOTES)):
        i += 1
    # honorifics, and the "là" ("is") that joins a label to its name in prose ("người sử dụng
    # đất là NGUYỄN AN"; capitalised, La is a family name)
    while i < len(toks) and (toks[i].key in _HONORIFICS or toks[i].text in ("/", "là")) and i < 3:
        i += 1
    words: list[Token] = []
    has_lower = False
    stop = len(toks)
    for n, tok in enumerate(toks[i:], i):
        stop = n
        if tok.text.endswith(":") and not (n == len(toks) - 1 and words and _speck_colon(toks, i, n, len(toks))):
            break  # a label's colon ends a name; a speck's on its last word does not (TRÍ:)
        if not words and tok.text[:1] in _SPECK_SIGNS and tok.text.lstrip(_SPECK_SIGNS):
            bare = tok.text.lstrip(_SPECK_SIGNS)  # "'TRẦN", "_|TRẦN": a speck read as a quote, a rule
            tok = Token(bare, match_key(bare), tok.conf, tok.box, tok.glue)
        elif not words and _speck_before_family_name(tok.text):
            bare = tok.text[1:]  # "JNguyễn": a table rule or speck read as a capital
            tok = Token(bare, match_key(bare), tok.conf, tok.box, tok.glue)
        elif words and re.fullmatch(r"[^\W\d_]+_{1,2}", tok.text):
            bare = tok.text.rstrip("_")  # "YẾN_": an underline's speck at a word's end
            tok = Token(bare, match_key(bare), tok.conf, tok.box, tok.glue)
        raw = tok.text
        stripped = raw.rstrip(",;.):")
        if tok.glue and words and tok.text in (",", ";", ".", ")"):
            break
        if not stripped or not all(ch.isalpha() or ch in "'’" for ch in stripped):
            # the last word run into dot leaders and specks: "Nhi.Ả............"
            lead = re.match(r"([^\W\d_]+)[.…_]{2,}|([^\W\d_]+)\.[^\W\d_]?[.…_]{2,}", raw)
            if lead and words and is_capitalised(tok):
                word = lead.group(1) or lead.group(2)
                words.append(Token(word, match_key(word), tok.conf, tok.box, tok.glue))
            break
        if not is_capitalised(tok) and words and _small_for_capital(tok, toks[n + 1 : n + 2]):
            word = _SMALL_FOR_CAPITAL[tok.text[0]] + tok.text[1:]
            tok = Token(word, match_key(word), tok.conf, tok.box, tok.glue)
        if not is_capitalised(tok):
            has_lower = True
            break
        words.append(tok)
        stop = n + 1
        if stripped != raw or len(words) >= 7:
            break
    if len(words) >= 3 and _label_opened_by(words[-1], words[:-1], toks[stop : stop + 3]):
        words.pop()
    if len(words) < 2:
        # all-lower-case names (OCR or typing): accept a short, purely alphabetic value
        rest = toks[i:]
        letters = [t for t in rest if re.fullmatch(r"[^\W\d_]+[,;.]?", t.text)]
        if (
            allow_lower
            and has_lower
            and 2 <= len(letters) == len(rest) <= 5
            and not any(is_capitalised(t) for t in rest)
        ):
            words = letters
        else:
            return None
    text = " ".join(t.text.rstrip(",;.):") for t in words)
    return Parsed(nfc(text), words, 1.0, next((k for k, t in enumerate(tokens) if t is words[0]), 0))


def _speck_before_family_name(word: str) -> bool:
    """Whether a name's first word is a family name in title case with a capital before it
    (``JNguyễn``, ``ITrần``): no name begins with two capitals, and the rest is the name."""
    bare = word.rstrip(",;.")
    return (
        len(bare) >= 3
        and bare.isalpha()
        and bare[:2].isupper()
        and bare[2:].islower()
        and is_family_name(bare[1:])
        and not is_family_name(bare)
    )


def _label_opened_by(last: Token, before: Sequence[Token], after: Sequence[Token]) -> bool:
    """Whether the last capitalised word read for a name is not the name's but opens what
    follows it ("NGUYỄN VĂN KHOA Bí danh:", "Nguyễn Văn An Nơi đăng ký:"): a title-case word
    after a name in capitals, or one whose lower-case words run on to a colon."""
    if last.text.rstrip(",;.") != last.text:
        return False  # the name ended at its own punctuation
    word = last.text
    if all(t.text.isupper() for t in before) and not word.isupper() and word[1:].islower():
        return True
    tail = list(after)
    # (a fax reads a label's colon as a semicolon: "Nguyễn Đức Quân Sinh ngày; 01 09 1994")
    return bool(tail) and tail[0].text[:1].islower() and any(t.text.endswith((":", ";")) for t in tail)


# a form number's second digit read as its look-alike letter ("CT0I" for CT01, "TK1O")
_FORM_DIGIT_AS_LETTER = re.compile(rf"^([A-ZĐ]{{2,}}\d)([{re.escape(confusions.STROKES)}Oo])$")


def _form_code(code: str) -> str:
    """``CCO1`` → ``CC01``: a 0 read as O before a form number's last digit (01-09); ``CT0I``
    → ``CT01``: its last digit read as a letter of the same shape (``confusions.SAME_SHAPE``)."""
    code = re.sub(r"^([A-ZĐ]{2,})O(\d)(?!\d)", r"\g<1>0\2", code)
    return _FORM_DIGIT_AS_LETTER.sub(lambda m: m.group(1) + confusions.to_digits(m.group(2)), code)


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


# Vietnamese number words (folded), as an area is written out after its digits: "809 m2
# (Bằng chữ: Tám trăm linh chín mét vuông)"
_DIGIT_WORDS = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "nham": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
_NUMBER_END = {"met", "m2", "m", "vuong"}


def number_in_words(text: str) -> str | None:
    """The number that Vietnamese words spell (``tám trăm linh chín`` → ``809``, ``một trăm
    hai mươi lăm phẩy năm`` → ``125.5``), up to a unit (``mét vuông``) or a bracket; None
    when a word is not a number word or nothing is spelt."""
    words = re.findall(r"[^\W\d_]+|[()]", fold(text))
    total = group = 0
    pending: int | None = None
    decimals: list[int] = []
    in_decimals = seen = False
    for w in words:
        if w in _NUMBER_END or w in "()":
            break
        if w in _DIGIT_WORDS:
            d = _DIGIT_WORDS[w]
            if in_decimals:
                decimals.append(d)
            elif pending is not None:
                return None  # two digits in a row ("ba bốn"): not a number as written
            else:
                pending = d
        elif in_decimals:
            return None
        elif w == "muoi":  # mười (10) or mươi (× 10)
            group += 10 if pending is None else pending * 10
            pending = None
        elif w == "tram":
            group += 100 * (1 if pending is None else pending)
            pending = None
        elif w in ("linh", "le"):
            pass
        elif w in ("nghin", "ngan", "trieu"):
            scale = 1000 if w != "trieu" else 1_000_000
            total += (group + (pending or 0)) * scale
            group, pending = 0, None
        elif w == "phay":
            in_decimals = True
        else:
            return None
        seen = True
    if not seen:
        return None
    whole = total + group + (pending or 0)
    return f"{whole}.{''.join(map(str, decimals))}" if decimals else str(whole)


def area_checked(value: str, after: str) -> str:
    """An area read from digits, put right by the words written out after it ("(Bằng chữ:
    …)") where the two differ by one digit (a 0 misread as 9 in the digits; the words that
    spell another number are no misread)."""
    from rapidfuzz.distance import Levenshtein

    m = re.search(r"bang chu\s*:?", fold(after))
    if m is None:
        return value
    spelt = number_in_words(after[m.end() :])
    if spelt is None or spelt == value:
        return value
    return spelt if Levenshtein.distance(spelt, value) == 1 else value


# a digit or a letter drawn like one (O, l, I, |): in a serial's or a number's digits
_SAME_SHAPE = confusions.digit_like(same_shape=True)


_TO_CAPITAL = str.maketrans(confusions.SMALL_FOR_CAPITAL)


def _fix_serial(text: str) -> str:
    """OCR look-alikes in the digit part of a serial such as ``CĐ 12345O``."""
    return re.sub(
        rf"(?<={_SERIAL_LETTERS})(\s?)({_SAME_SHAPE}{{6}})",
        lambda m: m.group(1) + confusions.to_digits(m.group(2)),
        text,
    )


# a civil register's number and year ("Số: 154/2022") whose slash OCR read as a space or lost:
# the last four digits a year of this century or the last, up to a label or the line's end
_REGISTER_NUMBER_SLASH_LOST = re.compile(r"\s*(\d{1,5}(?=\s)|\d{2,4})\s*((?:19|20)\d{2})(?![\w/.,-])")


def _fix_doc_number(text: str) -> str:
    text = re.sub(r"(?<=\d)\s*//+\s*(?=\w)", "/", text)  # "119//2021": a slash read twice
    # a symbol's hyphen read apart from its parts ("1313/QĐ -UBND"): one symbol still
    text = re.sub(r"(/[^\s/]*[^\W_])(?:\s+-\s*|-\s+)(?=[A-ZĐ]{2,}\b)", r"\1-", text)
    return re.sub(rf"^(?:\s|{_SAME_SHAPE})+(?=\s*/)", lambda m: confusions.to_digits(m.group(0)), text)


def _find_dossier(text: str) -> tuple[str | None, int, int]:
    """A dossier ID in text, tolerant of OCR look-alikes and spaces around its dots and dashes
    (the one finder, ``barcodes.find_dossier_id_spans``): the first valid one, else the first
    shaped like one (kept, and flagged invalid by its check)."""
    spans = find_dossier_id_spans(text)
    for value, a, b in spans:
        if is_valid_dossier_id(value):
            return value, a, b
    return spans[0] if spans else (None, 0, 0)
