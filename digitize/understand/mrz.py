"""The machine-readable zone (ICAO 9303) of an ID card or passport, read from OCR text.

    mrz = find_mrz(page_texts)      # None when no zone whose check digits agree is found
    mrz.personal_id, mrz.date_of_birth, mrz.gender, mrz.expiry_date

A TD1 zone (ID cards: three lines of 30 characters) or TD3 zone (passports: two of 44). Its
fields are protected by check digits (weights 7, 3, 1; ``<`` = 0, A = 10 … Z = 35), so a
zone whose digits agree confirms — or corrects — what OCR read from the printed fields. OCR
slips inside the zone (``«`` for ``<<``, O for 0, spaces) are undone before the check; a field
whose check digit does not agree is not used.

Document numbers are read as digits (as on Vietnamese cards). On a Vietnamese citizen ID card (CCCD, CĂN CƯỚC) line 1 holds the last nine digits of the
personal ID as the document number and the full 12-digit ID in the optional data; the
century of a two-digit year of birth comes from the ID's century digit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digitize.understand import validators
from ocr import confusions
from ocr.mrz import check_digit  # one definition: the OCR re-read uses it too


@dataclass(frozen=True)
class Mrz:
    document_number: str | None  # check digit agreed
    personal_id: str | None  # 12 digits (VN optional data) or None
    date_of_birth: str | None  # ISO, check digit agreed
    gender: str | None  # male / female
    expiry_date: str | None  # ISO, check digit agreed
    page: int = 0  # 0-based, the page it is on
    name: tuple[str, ...] = ()  # the holder's name's words, no marks (no check digit: as read)


def _clean_line(text: str) -> str:
    # (a mark OCR put on a zone's letter, "PHÁN", is no letter of the zone: its base letter is)
    s = unicodedata.normalize("NFD", text.translate(confusions.TO_FILLER)).upper()
    s = re.sub(r"\s+", "", s)
    return re.sub(r"[^A-Z0-9<]", "", s)


def _digits(s: str) -> str:
    return s.translate(confusions.OCR_B_TO_DIGIT)


def _date(yymmdd: str, century: int | None, future_ok: bool, today: dt.date) -> str | None:
    if not re.fullmatch(r"\d{6}", yymmdd):
        return None
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    if century is None:
        century = 2000 if (2000 + yy <= today.year + (50 if future_ok else 0)) else 1900
    try:
        return dt.date(century + yy, mm, dd).isoformat()
    except ValueError:
        return None


def _sex(ch: str) -> str | None:
    return {"M": "male", "F": "female"}.get(ch)


def _line1(line: str, today: dt.date) -> tuple[str | None, str | None]:
    """(document number, personal ID) from a TD1 first line: the nine-digit number whose
    check digit agrees, and — when the twelve digits after it end with the same nine — the
    personal ID. Where the line starts is not trusted (OCR adds and drops characters)."""
    digits = _digits(line)
    best: tuple[str | None, str | None] = (None, None)
    for i in range(0, max(0, len(line) - 9)):
        doc, check = digits[i : i + 9], digits[i + 9 : i + 10]
        if not re.fullmatch(r"\d{9}", doc) or check_digit(doc) != check:
            continue
        if i < 4 or sum(c.isalpha() for c in line[i - 3 : i]) < 2:
            continue  # the number comes after the document code and the issuing state (IDVNM)
        pid = digits[i + 10 : i + 22]
        if re.fullmatch(r"\d{12}", pid) and pid.endswith(doc) and validators.personal_id(pid, today=today).ok:
            return doc, pid
        best = (doc, None)
    return best


def _checked(field: str) -> str | None:
    """The six digits of a date field whose check digit (the seventh) agrees."""
    return field[:6] if len(field) == 7 and check_digit(field[:6]) == field[6] else None


def _one_digit_off(field: str) -> list[str]:
    """A date field's six digits with one digit OCR misread (``ocr.confusions``) put right: every
    such reading that makes its check digit (the seventh) agree and gives a month and day."""

    def ok(v: str) -> bool:
        return check_digit(v) == field[6] and 1 <= int(v[2:4]) <= 12 and 1 <= int(v[4:]) <= 31

    if not re.fullmatch(r"\d{7}", field):
        return []
    return sorted({r for r in confusions.readings(field[:6], 1) if ok(r)})


def _repaired_on_a_birthday(
    dob_field: str, exp_field: str, dob: str | None, expiry: str | None
) -> tuple[str | None, str | None]:
    """The zone's dates with a digit misread put right by their check digits, kept only when
    the two then fall on the same day of the year (a citizen card expires on a birthday): a
    misread check digit alone would make a wrong date agree. Where a date has more than one
    such reading, the one pair on the same day, if only one, settles both."""
    dobs = [dob] if dob else _one_digit_off(dob_field)
    expiries = [expiry] if expiry else _one_digit_off(exp_field)
    pairs = [(d, e) for d in dobs for e in expiries if d[2:] == e[2:]]
    return pairs[0] if len(pairs) == 1 else (dob, expiry)


def _line2(line: str, century: int | None, today: dt.date) -> tuple[str | None, str | None, str | None]:
    """(date of birth, gender, expiry) from a TD1 second line; each date only when its check
    digit agrees, the gender only with an agreeing date of birth beside it."""
    digits = _digits(line)
    for i in range(0, min(3, max(0, len(line) - 15))):
        if not re.search(r"V?N[MNW]|VN", line[i + 15 : i + 18]):
            continue  # anchored on the nationality after the expiry
        dob_raw, exp_raw = _checked(digits[i : i + 7]), _checked(digits[i + 8 : i + 15])
        if dob_raw is None or exp_raw is None:
            dob_raw, exp_raw = _repaired_on_a_birthday(digits[i : i + 7], digits[i + 8 : i + 15], dob_raw, exp_raw)
        dob = _date(dob_raw, century, False, today) if dob_raw else None
        expiry = _date(exp_raw, 2000, True, today) if exp_raw else None
        gender = _sex(line[i + 7]) if dob else None
        return dob, gender, expiry
    return None, None, None


def find_mrz(texts: Iterable[str], today: dt.date | None = None) -> Mrz | None:
    """The TD1 zone in the pages' texts, with the fields whose check digits agree (and the
    name line, which has none); None when there is none (or nothing in it reads)."""
    today = today or dt.date.today()
    for page, text in enumerate(texts):
        lines = [_clean_line(line) for line in text.splitlines()]
        for i, line in enumerate(lines):
            if len(line) < 24 or "<" not in line:
                continue
            doc, pid = _line1(line, today)
            if doc is None:
                continue
            century = None
            if pid is not None:
                year = validators.personal_id_birth_year(pid)
                century = year - year % 100 if year else None
            dob = gender = expiry = None
            for nxt in [ln for ln in lines[i + 1 : i + 4] if len(ln) >= 18][:1]:
                dob, gender, expiry = _line2(nxt, century, today)
            if pid is not None and gender is not None and validators.personal_id_gender(pid) != gender:
                gender = None
            return Mrz(doc, pid, dob, gender, expiry, page, _name(lines[i + 1 : i + 6]))
    # the first line too garbled to check (its document number misread): a second line whose
    # two check digits agree still gives the date of birth, the sex and the expiry
    for page, text in enumerate(texts):
        lines = [_clean_line(line) for line in text.splitlines()]
        for i, line in enumerate(lines):
            if len(line) < 18 or "<" not in line:
                continue
            dob, gender, expiry = _line2(line, None, today)
            if dob is not None and expiry is not None:
                return Mrz(None, None, dob, gender, expiry, page, _name(lines[i + 1 : i + 4]))
    # both number lines too garbled (a fax): the name line after them still reads whole (it
    # has no check digit; the caller takes it only where a printed line spells it)
    for page, text in enumerate(texts):
        lines = [_clean_line(line) for line in text.splitlines()]
        for i, line in enumerate(lines):
            if len(line) >= 18 and "<" in line and len(name := _name(lines[i + 1 : i + 4])) >= 2:
                return Mrz(None, None, None, None, None, page, name)
    return None


_NAME_LINE = re.compile(r"([A-Z]+)<<([A-Z]+(?:<[A-Z]+)*)<*")


def _name(lines: Sequence[str]) -> tuple[str, ...]:
    """The holder's name from the zone's third line ("TRAN<<NHAT<VY<<<"): family name, then
    the others; () when no line after the dates reads so (letters only: a misread letter, a
    digit for a letter, makes it no name)."""
    for line in lines:
        m = _NAME_LINE.fullmatch(line)
        if m:
            return (m.group(1), *m.group(2).split("<"))
    return ()
