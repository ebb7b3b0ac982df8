"""Vietnamese dates as printed (and as OCR reads them) → ISO 8601 strings.

Forms: ``18/8/2023``, ``18-08-2023``, ``18.08.2023``, ``18 / 08 / 2023``,
``ngày 18 tháng 8 năm 2023`` (also without diacritics, with stray spaces, with ``O`` for
``0`` and ``l`` for ``1``), ``2023-08-18``; a year alone gives ``YYYY``.

``find_dates`` reports every date with its offsets in the given text and whether it is a
real calendar date; ``parse_date`` returns the first real one as ``YYYY-MM-DD`` (31/02 is
rejected).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from digitize.understand.textmatch import fold_chars
from ocr import confusions

MIN_YEAR = 1800
MAX_YEAR = 2199


@dataclass(frozen=True)
class DateHit:
    iso: str  # YYYY-MM-DD (may name an impossible day when valid is False) or YYYY
    start: int  # offsets into the text given to find_dates
    end: int
    valid: bool
    form: str  # "numeric", "words" ("ngày 18 tháng 8 …"), "spelled" (all in words), "iso" or "year"
    repaired: bool = False  # a digit misread for 0 put right (61/01/2017 → 01/01/2017)


# OCR look-alikes of digits (``ocr.confusions``), replaced only inside number-like runs; the
# text is folded to lower case first, so the lower-case ones are those that count.
_NUMBERISH = re.compile(confusions.digit_like() + "+")


def _digits_fixed(text: str) -> str:
    """Replace look-alike letters by digits in runs that are mostly digits (same length)."""

    def fix(m: re.Match) -> str:
        run = m.group(0)
        digits = sum(c.isdigit() for c in run)
        if digits >= 1 and digits >= len(run) - 1 and len(run) >= 2:
            return confusions.to_digits(run)
        return run

    return _NUMBERISH.sub(fix, text)


def normalise(text: str) -> str:
    """Same-length lower-case ASCII view of ``text`` with digit look-alikes fixed."""
    folded = fold_chars(text)
    if len(folded) != len(text):  # lone combining marks: keep offsets usable
        folded = "".join((fold_chars(c) or " ") for c in text)
    folded = folded.translate(_STRAY_MARKS)  # "tháng 4ˆ năm": a speck read as a spacing mark
    return _YEAR_GLUED_TO_A_WORD.sub(r"\1l", _digits_fixed(folded))


_STRAY_MARKS = str.maketrans({c: " " for c in "ˆ˜´¨ˇ˙˘˚"})


# "25/11/20251úc14giờ15": the year glued to the "lúc" (at) of the hour after it, its l read as a
# 1 (or taken for one among the figures: ``confusions`` l → 1); the l given back ends the year
_YEAR_GLUED_TO_A_WORD = re.compile(r"(?<!\d)((?:19|20)\d\d)1(?=[a-z])")


_D = r"(\d{1,2})"
# in "ngày … tháng …", OCR reads 11 as "II" and 01 as "DI" (the table's D for 0, folded to
# lower case here: between the date's words a "d" is no letter of a word)
_DW = r"(\d{1,2}|[il|]{1,2}|[il|]\d|\d[il|]|[doq][il|\d]|[il|\d][doq])"
# the day after "ngày" with its two figures read apart ("ngày 1 1 tháng 9": 11)
_DW_DAY = r"((?<=\bng[a-z]{2}\s)\d \d(?=\s*th)|" + _DW[1:]
_Y = r"(\d(?: ?\d){3})"  # OCR sometimes splits a year: "1 973"
_SEP = r"\s*[/.\-]\s*"
# the word "năm" (OCR drops or mangles its marks and letters; on fax its n may be read h:
# "hăm", or lost: "ăm")
YEAR_WORD = r"(?:n\s?[a-z]{1,3}|h?am\b)"
# ngày 18 tháng 8 năm 2023 (each word optional-ish: OCR drops or mangles them)
# (after each word a speck read as a colon, a stop, a comma or a dash: "ngày-25")
_WORDS = re.compile(
    r"(?:\bng\s?[a-z]{1,3}\s*[:.,\-–]?\s*)?"  # ngày
    + _DW_DAY
    + r"\s*[,.'‘’`\-–]?\s*(?:th\s?[a-z]{2,4}|[/.\-])\s*[:.,\-–]?\s*"  # tháng (a speck read as a quote or a dash before it)
    + _DW
    + r"\s*[,.'‘’`\-–]?\s*(?:"
    + YEAR_WORD
    + r"|[/.\-])\s*[:.,\-–]?\s*"  # năm
    + _Y
    + r"(?!\d)"
)
# "ngày 21 02 năm 2020", "ngày 29 Hưng 8 năm 2022": the word "tháng" lost or garbled past
# knowing (its "ngày" and "năm" there)
_WORDS_NO_MONTH_WORD = re.compile(
    r"\bng\s?[a-z]{1,3}\s*[:.,]?\s*"
    + _DW
    + r"\s+(?:[a-z]{2,5}\s+)?"
    + _DW
    + r"\s*[,.]?\s*n\s?[a-z]{1,3}\s*[:.,]?\s*"
    + _Y
    + r"(?!\d)"
)
_NUMERIC = re.compile(r"(?<![\d/.\-])" + _D + _SEP + _D + _SEP + _Y + r"(?!\d)")
# "08 04 1971", "13.07 1990": a figures date whose slashes OCR read as spaces (fax, bilevel)
_NUMERIC_SPACED = re.compile(
    r"(?<![\d/.\-])" + _D + r"(?:\s*[/.\-]\s*|\s+)" + _D + r"(?:\s*[/.\-]\s*|\s+)" + _Y + r"(?!\d)"
)
# "18-102012": the separator between month and year lost (fax, rotated scans); two-digit month;
# the first one maybe read as a space ("18 082010")
_NUMERIC_GLUED = re.compile(r"(?<![\d/.\-])" + _D + r"(?:\s*[/.\-]\s*|\s+)" + r"(\d{2})(\d{4})(?!\d)")
# "1403.2017": the separator between day and month lost, the one before the year kept; a dot
# or a dash only (a slash there is a document number's: "Số 1203/2017")
_NUMERIC_GLUED_DAY = re.compile(r"(?<![\d/.\-])(\d{2})(\d{2})[.\-](\d{4})(?![\d.\-/])")
# "ngày 02092016": all its slashes lost, eight figures after the word "ngày"
_DAY_WORD_GLUED = re.compile(r"\bnga[yv]\s*[:.,]?\s*(\d{2})(\d{2})(\d{4})(?!\d)")  # the word itself, not "ngân"
# "đến 3112/2024": the slash between day and month lost after a word that opens a date (ngày,
# từ, đến); without such a word "1203/2017" is a document's number
_DATE_WORD_GLUED_DAY = re.compile(r"\b(?:nga[yv]|tu|den)\s*[:.,]?\s*(\d{2})(\d{2})/(\d{4})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_YEAR = re.compile(r"(?<![\d/.\-])(\d{4})(?![\d/])")


def _mk(y: int, m: int, d: int) -> tuple[str, bool]:
    iso = f"{y:04d}-{m:02d}-{d:02d}"
    if not (MIN_YEAR <= y <= MAX_YEAR):
        return iso, False
    try:
        dt.date(y, m, d)
    except ValueError:
        return iso, False
    return iso, True


def _plain_date(m: re.Match) -> bool:
    d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
    return " " not in y and 1 <= d <= 31 and 1 <= mo <= 12 and MIN_YEAR <= int(y) <= MAX_YEAR


def find_dates(text: str, *, years: bool = False) -> list[DateHit]:
    """All dates in ``text``, in order. With ``years``, bare 4-digit years that are not
    part of a full date are reported too (form ``year``)."""
    norm = normalise(text)
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    forms = (
        (_ISO, "iso"),
        (_NUMERIC, "numeric"),
        (_WORDS, "words"),
        (_WORDS_NO_MONTH_WORD, "words"),
        (_NUMERIC_SPACED, "numeric"),
        (_NUMERIC_GLUED, "numeric"),
        (_NUMERIC_GLUED_DAY, "numeric"),
        (_DAY_WORD_GLUED, "numeric"),
        (_DATE_WORD_GLUED_DAY, "numeric"),
    )
    for rx, form in forms:
        for m in rx.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            glued = (_NUMERIC_SPACED, _NUMERIC_GLUED, _NUMERIC_GLUED_DAY, _DAY_WORD_GLUED, _DATE_WORD_GLUED_DAY)
            if rx in glued and not _plain_date(m):
                continue  # with no separator to go by, only a date as it stands
            if form == "iso":
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            else:
                d, mo = _num(m.group(1)), _num(m.group(2))
                y = int(m.group(3).replace(" ", ""))
                if rx is _WORDS and not _looks_like_words_date(m.group(0)):
                    continue
            repaired = False
            if form != "iso" and not (MIN_YEAR <= y <= MAX_YEAR):
                fixed_year = _year_repair(m.group(3).replace(" ", ""))
                if fixed_year is not None:  # "12/05/2921": a 0 misread as 9
                    y, repaired = fixed_year, True
            if form != "iso" and MIN_YEAR <= y <= MAX_YEAR and (d > 31 or mo > 12):
                # out of range, not merely a day the month lacks (29/02/2019 stays as read)
                fixed = _zero_repair(y, m.group(1), m.group(2))
                if fixed is not None:
                    mo, d, repaired = fixed[0], fixed[1], True
            if mo > 19 or d > 39 or not (MIN_YEAR <= y <= MAX_YEAR or _year_misread(m, d, mo)):
                continue  # not a date at all (a sum, a code), rather than a wrong one
            iso, valid = _mk(y, mo, d)
            hits.append(DateHit(iso, m.start(), m.end(), valid, form, repaired))
            taken.append((m.start(), m.end()))
    if years:
        for m in _YEAR.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            y = int(m.group(1))
            if MIN_YEAR <= y <= MAX_YEAR:
                hits.append(DateHit(f"{y:04d}", m.start(), m.end(), True, "year"))
    hits.sort(key=lambda h: h.start)
    return hits


# ---------------------------------------------------------------- dates spelled out in words
# Certificates print a date of birth again in words ("Sáu tháng bốn năm hai nghìn không trăm hai
# mươi lăm"): letters a fax or a bilevel scan leaves legible where it garbled the figures. Words
# as folded by ``normalise`` (no marks): "năm" is 5 and the word before the year alike.
_DIGIT_WORDS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "nham": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
_NUMBER_WORDS = {*_DIGIT_WORDS, "muoi", "tram", "nghin", "ngan", "linh", "le", "gieng", "chap"}
_THOUSAND = {"nghin", "ngan"}


def _spelled_number(words: list[str]) -> int | None:
    """``["hai", "nghin", "khong", "tram", "hai", "muoi", "lam"]`` → 2025; None if the words do
    not make one number (two digits in a row, "trăm" with nothing before it...)."""
    if words in (["gieng"], ["chap"]):
        return {"gieng": 1, "chap": 12}[words[0]]
    total, current, last = 0, 0, ""
    for w in words:
        if w in _THOUSAND:
            total, current = total + (current or 1) * 1000, 0
        elif w == "tram":
            total, current = total + current * 100, 0
        elif w == "muoi":  # "mười" (10) or "mươi" (tens) after a digit
            if current >= 10:
                return None
            current = (current or 1) * 10
        elif w in ("linh", "le"):
            pass  # no tens: "hai nghìn linh năm"
        elif w in _DIGIT_WORDS:
            if last in _DIGIT_WORDS and _DIGIT_WORDS[last] != 0:
                return None  # "hai ba": no number
            current += _DIGIT_WORDS[w]
        else:
            return None
        last = w
    return total + current


def find_spelled_date(text: str) -> DateHit | None:
    """The first date spelled out in words in ``text`` ("sáu tháng tư năm hai nghìn hai mươi
    lăm", OCR's lost marks and a dropped "trăm" tolerated): day words, "tháng", month words,
    "năm", then a year said with "nghìn"/"ngàn"."""
    norm = normalise(text)
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z]+", norm)]

    def joined(i: int, j: int) -> bool:  # tokens i and j next to each other (spaces between)
        return not norm[tokens[i][2] : tokens[j][1]].strip()

    for t, (word, _, _) in enumerate(tokens):
        if word != "thang":
            continue
        first = t
        while first > 0 and t - first < 3 and tokens[first - 1][0] in _NUMBER_WORDS and joined(first - 1, first):
            first -= 1
        last = t
        while last + 1 < len(tokens) and tokens[last + 1][0] in _NUMBER_WORDS and joined(last, last + 1):
            last += 1
        after = [w for w, _, _ in tokens[t + 1 : last + 1]]
        k = next((i for i, w in enumerate(after) if w in _THOUSAND), None)
        if first == t or k is None or k < 3 or after[k - 2] != "nam":
            continue
        if after[-1] in ("khong", "tram", "linh", "le"):
            continue  # "hai nghìn không …": the year cut short (a column's edge), not a year
        day = _spelled_number([w for w, _, _ in tokens[first:t]])
        month = _spelled_number(after[: k - 2])
        year = _spelled_number(after[k - 1 :])
        if day is None or month is None or year is None or not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        iso, valid = _mk(year, month, day)
        if valid:
            return DateHit(iso, tokens[first][1], tokens[last][2], True, "spelled")
    return None


_EIGHT_FIGURES = re.compile(r"\s*(\d{2})(\d{2})(\d{4})(?!\d)")


def glued_date_at_start(text: str) -> DateHit | None:
    """A date of eight figures whose separators OCR lost, at the very start of ``text`` (the
    value right after a date's label: "Đăng ký ngày: 02092016"), when it is a real date."""
    m = _EIGHT_FIGURES.match(normalise(text))
    if m is None or not _plain_date(m):
        return None
    iso, valid = _mk(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return DateHit(iso, m.start(1), m.end(), valid, "numeric") if valid else None


def _zero_repair(y: int, day: str, month: str) -> tuple[int, int] | None:
    """(month, day) of an impossible date with one digit that OCR reads for a 0 (6, 8, 9: by
    ``ocr.confusions``, only into 0) put back to 0, when exactly one such change gives a real
    date (``61/01/2017``); when both are out of range (``61/61/2919``, ``ngày 91 tháng 91``),
    one such change in each, when exactly one pair of them makes a real date."""
    text = f"{day}/{month}"
    # only two-digit parts are changed ("6/13" is no 06)
    positions = [p for p in range(len(text)) if (p < len(day) and len(day) == 2) or (p > len(day) and len(month) == 2)]

    def real(fixed: str) -> bool:
        d, mo = fixed.split("/")
        try:
            d_, mo_ = _num(d), _num(mo)
        except ValueError:
            return False
        return bool(d_ and mo_ and _mk(y, mo_, d_)[1])

    both_out = _num(day) > 31 and _num(month) > 12
    fixed = confusions.repair(text, real, positions=positions, into="0", max_changes=2 if both_out else 1)
    if fixed is None:
        return None
    d, mo = fixed.split("/")
    return _num(mo), _num(d)


def _year_repair(year: str) -> int | None:
    """An impossible year with one digit that OCR reads for a 0 put back to 0 (``2921`` →
    ``2021``), when exactly one such change gives a year in range."""
    fixed = confusions.repair(year, lambda y: MIN_YEAR <= int(y) <= MAX_YEAR, into="0")
    return None if fixed is None else int(fixed)


def _year_misread(m: re.Match, day: int, month: int) -> bool:
    """A date with its separators and a real day and month whose year is out of range but one
    digit OCR confuses from years in it (``25/11/1087``): a date, invalid as read, that a
    check against another field may settle (the year of birth in a personal ID)."""
    year = m.group(3).replace(" ", "")
    # (or its century's second figure misread, "18/05/1575" on a fax: no look-alike of the 9)
    centuries = [year[0] + d + year[2:] for d in "0123456789"] if year[:1] in "12" else []
    return (
        m.re in (_NUMERIC, _WORDS)
        and 1 <= day <= 31
        and 1 <= month <= 12
        and any(MIN_YEAR <= int(r) <= MAX_YEAR for r in [*confusions.readings(year, 1), *centuries])
    )


def _num(s: str) -> int:
    return int(confusions.to_digits(s.replace("d", "D").replace(" ", "")))  # "ngày II": 11; "tháng DI": 01


def _looks_like_words_date(s: str) -> bool:
    """The words form must say tháng/năm (or use separators), not just any three numbers."""
    return bool(re.search(r"th\s?[a-z]{2,4}", s) or re.search(r"\d\s*[/.\-]\s*\d", s))


def parse_date(text: str) -> str | None:
    """The first real calendar date in ``text`` as ``YYYY-MM-DD``, else None."""
    for hit in find_dates(text):
        if hit.valid:
            return hit.iso
    return None


def parse_date_or_year(text: str) -> str | None:
    """A full date if there is one, else a year alone (``YYYY``), else None."""
    full = parse_date(text)
    if full:
        return full
    for hit in find_dates(text, years=True):
        if hit.form == "year":
            return hit.iso
    return None


def is_real_date(iso: str) -> bool:
    try:
        if len(iso) == 4:
            return MIN_YEAR <= int(iso) <= MAX_YEAR
        return MIN_YEAR <= dt.date.fromisoformat(iso).year <= MAX_YEAR
    except ValueError:
        return False
