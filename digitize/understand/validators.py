"""Structure checks for identifiers and values (shared/spec/document-types.md).

Every check takes a canonical value and returns ``Check(ok, problem, code)``: ``problem`` is
a short plain-words reason when ``ok`` is False (for people), ``code`` the same reason as a
``Problem`` (for programs); both None otherwise. Which check serves which catalogue value
kind is said in ``digitize.understand.kinds`` (``kinds.check(kind, value)``).

The repairs put an OCR slip right with the one table of confusions and the one repair
(``ocr.confusions``).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import NamedTuple

from digitize.understand import names
from digitize.understand.dates import is_real_date
from digitize.understand.textmatch import fold
from ocr import confusions


class Problem(StrEnum):
    """Why a value fails its check: what programs compare (the words are for people)."""

    FORMAT = "format"  # not the shape of the kind (length, characters, separators)
    LENGTH = "length"
    NOT_DIGITS = "not_digits"
    PROVINCE = "province"
    BIRTH_YEAR = "birth_year"
    DATE_OF_BIRTH = "date_of_birth"  # the ID and the page's date of birth disagree
    GENDER = "gender"  # the ID and the page's gender disagree
    CHECK_DIGIT = "check_digit"
    NO_CHECK_DIGIT = "no_check_digit"
    BRANCH = "branch"
    DATE = "date"  # not a real calendar date (a dossier code's YYMMDD too)
    SEQUENCE = "sequence"  # a dossier code's day sequence 0000
    GROUP = "group"
    LEVEL = "level"
    EMPTY = "empty"
    NAME = "name"


class Check(NamedTuple):
    ok: bool
    problem: str | None = None
    code: Problem | None = None


OK = Check(True, None, None)


def _bad(code: Problem, problem: str) -> Check:
    return Check(False, problem, code)


# --------------------------------------------------------------------------- personal id

PROVINCE_CODES = range(1, 97)  # 001-096 (codes of the birth-registration province)
# century/sex digit: 0/1 → 1900s, 2/3 → 2000s, 4/5 → 2100s, 6/7 → 2200s, 8/9 → 2300s
_CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}


def personal_id_birth_year(pid: str) -> int | None:
    if not re.fullmatch(r"\d{12}", pid or ""):
        return None
    return _CENTURY[int(pid[3])] + int(pid[4:6])


def personal_id_gender(pid: str) -> str | None:
    if not re.fullmatch(r"\d{12}", pid or ""):
        return None
    return "female" if int(pid[3]) % 2 else "male"


def personal_id(
    value: str, *, date_of_birth: str | None = None, gender: str | None = None, today: dt.date | None = None
) -> Check:
    """12-digit số định danh cá nhân ``PPP G YY NNNNNN`` or a 9-digit old CMND.

    When the page also gives a date of birth (``YYYY-MM-DD`` or ``YYYY``) or a gender
    (``male``/``female``), the ID must agree with them.
    """
    value = value or ""
    if re.fullmatch(r"\d{9}", value):
        return OK  # old CMND: no structure to check beyond its length
    if not re.fullmatch(r"\d{12}", value):
        if value.isdigit():
            return _bad(Problem.LENGTH, f"a personal ID has 12 digits (or 9 for an old CMND), not {len(value)}")
        return _bad(Problem.NOT_DIGITS, "a personal ID is digits only")
    province = int(value[:3])
    if province not in PROVINCE_CODES:
        return _bad(Problem.PROVINCE, f"province code {value[:3]} is not one of 001-096")
    year = personal_id_birth_year(value)
    today = today or dt.date.today()
    if year is None or year > today.year or year < 1880:
        return _bad(
            Problem.BIRTH_YEAR, f"century digit {value[3]} and year {value[4:6]} give an impossible birth year {year}"
        )
    if date_of_birth and re.match(r"\d{4}", date_of_birth):
        if int(date_of_birth[:4]) != year:
            return _bad(
                Problem.DATE_OF_BIRTH, f"the ID says born in {year}, the date of birth says {date_of_birth[:4]}"
            )
    if gender in ("male", "female") and personal_id_gender(value) != gender:
        return _bad(
            Problem.GENDER,
            f"the ID's century/sex digit {value[3]} says {personal_id_gender(value)}, the page says {gender}",
        )
    return OK


def repair_personal_id(
    value: str, *, date_of_birth: str | None = None, gender: str | None = None, today: dt.date | None = None
) -> str | None:
    """An ID that fails its check with a misread or lost first digit put right: the province
    code starts with 0 (codes 001-096), so a digit OCR reads for a 0 there (6, 8, 9: the
    commonest slip on fax and photocopy scans) is a 0 misread, and 11 digits before a valid
    province code lost it. Returned only when the result passes the check (against the date
    of birth and gender when given), else None."""
    value = value or ""

    def ok(fixed: str) -> bool:
        return personal_id(fixed, date_of_birth=date_of_birth, gender=gender, today=today).ok

    if re.fullmatch(r"\d{11}", value):
        return "0" + value if ok("0" + value) else None
    if re.fullmatch(r"\d{12}", value):
        return confusions.repair(value, ok, positions=[0], into="0")
    return None


# the provinces' codes in use (birth registration before the 2025 merger: 63 provinces)
REAL_PROVINCE_CODES = frozenset(
    int(c)
    for c in (
        "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 "
        "036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 "
        "074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
    ).split()
)


def repair_personal_id_head(value: str, *, date_of_birth: str, gender: str, today: dt.date | None = None) -> str | None:
    """A 12-digit ID whose province code is no province's, put right in its first six digits
    (province, century/sex, year) where exactly one change of a digit OCR commonly confuses
    (0/6/8/9, 1/7, 5/6, 3/8: ``ocr.confusions.COMMON_DIGIT_FOR_DIGIT``) gives a real province code and agrees
    with the page's date of birth and sex (both needed). None otherwise: the ID stays as read."""
    if (
        not re.fullmatch(r"\d{12}", value or "")
        or int(value[:3]) in REAL_PROVINCE_CODES
        or not re.match(r"\d{4}", date_of_birth or "")
        or gender not in ("male", "female")
    ):
        return None

    def ok(fixed: str) -> bool:
        return (
            int(fixed[:3]) in REAL_PROVINCE_CODES
            and personal_id(fixed, date_of_birth=date_of_birth, gender=gender, today=today).ok
        )

    return confusions.repair(value, ok, table=confusions.COMMON_DIGIT_FOR_DIGIT, positions=range(6))


def repair_personal_id_century(
    value: str, *, date_of_birth: str, gender: str, today: dt.date | None = None
) -> str | None:
    """A 12-digit ID whose century/sex digit gives a birth year still to come (``008686…``:
    born 2286) put right where exactly one digit OCR commonly confuses in that place agrees
    with the page's date of birth and sex (both needed). None otherwise."""
    if (
        not re.fullmatch(r"\d{12}", value or "")
        or personal_id(value, today=today).code != Problem.BIRTH_YEAR
        or not re.match(r"\d{4}", date_of_birth or "")
        or gender not in ("male", "female")
    ):
        return None

    def ok(fixed: str) -> bool:
        return personal_id(fixed, date_of_birth=date_of_birth, gender=gender, today=today).ok

    return confusions.repair(value, ok, table=confusions.COMMON_DIGIT_FOR_DIGIT, positions=[3])


# --------------------------------------------------------------------------- enterprise code

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def enterprise_check_digit(first9: str) -> int | None:
    """Digit 10 of a tax/enterprise code, or None when the formula gives 10 (no valid code)."""
    total = sum(int(d) * w for d, w in zip(first9, _WEIGHTS))
    check = 10 - total % 11
    return None if check == 10 else check


def enterprise_code(value: str) -> Check:
    """``NNNNNNNNNN`` or ``NNNNNNNNNN-NNN`` (a branch) with a valid check digit."""
    m = re.fullmatch(r"(\d{10})(?:-(\d{3}))?", value or "")
    if not m:
        return _bad(Problem.FORMAT, "an enterprise code is 10 digits, or 10 digits, '-' and 3 digits for a branch")
    code = m.group(1)
    check = enterprise_check_digit(code[:9])
    if check is None:
        return _bad(Problem.NO_CHECK_DIGIT, "the first nine digits give check value 10: no valid code starts this way")
    if int(code[9]) != check:
        return _bad(Problem.CHECK_DIGIT, f"check digit is {code[9]}, expected {check}")
    if m.group(2) == "000":
        return _bad(Problem.BRANCH, "branch suffix 000 is not used")
    return OK


def repair_enterprise_code(value: str) -> str | None:
    """A code whose check digit fails put right where exactly one change of a digit OCR
    commonly confuses (``ocr.confusions.COMMON_DIGIT_FOR_DIGIT``) passes it; else None."""
    m = re.fullmatch(r"(\d{10})(-\d{3})?", value or "")
    if not m:
        return None
    fixed = confusions.repair(
        m.group(1), lambda code: enterprise_code(code).ok, table=confusions.COMMON_DIGIT_FOR_DIGIT
    )
    return None if fixed is None else fixed + (m.group(2) or "")


# --------------------------------------------------------------------------- dossier id

# The one definition of the dossier code's format (interfaces.md): 000.00.12.H02-230818-0001.
DOSSIER_ID = re.compile(r"^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z])(\d{2})-(\d{6})-(\d{4})$")


def dossier_date_ok(yymmdd: str) -> bool:
    """Whether ``yymmdd`` is a real calendar date (20YY): a dossier code's receipt date."""
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        return False
    try:
        dt.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return False
    return True


def dossier_id(value: object) -> Check:
    """The one rule of a valid dossier code, whatever it came from (``--dossier``, a manifest, a
    barcode or QR code, page text, the review station or the API): the shape (exactly, no
    spaces around it), a receipt date that is a real YYMMDD date, a day's sequence from 0001."""
    m = DOSSIER_ID.fullmatch(value) if isinstance(value, str) else None
    if not m:
        return _bad(Problem.FORMAT, "a dossier ID looks like 000.00.12.H02-230818-0001")
    ymd = m.group(6)
    if not dossier_date_ok(ymd):
        return _bad(Problem.DATE, f"receipt date {ymd} is not a real YYMMDD date")
    if m.group(7) == "0000":
        return _bad(Problem.SEQUENCE, "the day's sequence number starts at 0001")
    return OK


def not_a_dossier_id(value: object, check: Check) -> str:
    """The words every face gives for a code that fails ``dossier_id`` (its ``check``)."""
    if check.code == Problem.FORMAT:
        return f"{value!r} is not a dossier code (expected e.g. 000.00.12.H02-230818-0001)"
    return f"{value!r} is not a dossier code: {check.problem}"


# --------------------------------------------------------------------------- others


def certificate_serial(value: str) -> Check:
    if re.fullmatch(r"[A-ZĐ]{2} \d{6}", value or ""):
        return OK
    return _bad(Problem.FORMAT, "a certificate serial is two capital letters, a space and six digits (CĐ 123456)")


# The beneficiary groups a health insurance card number opens with (mã đối tượng, Vietnam
# Social Security's Decision 1351/QĐ-BHXH): DN an enterprise's employee, HT a pensioner, GD a
# household member, TE a child under six, ...
INSURANCE_GROUPS = frozenset(
    """
    DN HX CH NN TK HC XK HT TB NO CT XB TN CS QN CA CY XN MS CC CK CB KC HD TE BT HN DT DK XD
    TS TC TQ TA TY HG LS PV CN HS SV GB GD
""".split()
)


def insurance_number(value: str) -> Check:
    value = value or ""
    if re.fullmatch(r"\d{10}", value):
        return OK
    m = re.fullmatch(r"([A-Z]{2})(\d)(\d{2})(\d{10})", value)
    if not m:
        return _bad(Problem.FORMAT, "an insurance number is 2 letters + 13 digits, or 10 digits")
    if m.group(1) not in INSURANCE_GROUPS:
        return _bad(Problem.GROUP, f"{m.group(1)} is no beneficiary group's code")
    if m.group(2) not in "12345":
        return _bad(Problem.LEVEL, f"benefit level digit {m.group(2)} is not 1-5")
    return OK


def repair_insurance_number(value: str) -> str | None:
    """``DH4797…`` → ``DN4797…``: a group code that is no group's put right where exactly one
    letter OCR confuses makes it one (and the rest of the number checks); else None (``IS``:
    TS or LS)."""
    m = re.fullmatch(r"([A-Z]{2})(\d{13})", value or "")
    if not m or m.group(1) in INSURANCE_GROUPS:
        return None
    return confusions.repair(
        value,
        lambda fixed: fixed[:2] in INSURANCE_GROUPS and insurance_number(fixed).ok,
        table=confusions.LETTER_FOR_LETTER,
        positions=range(2),
    )


# A part of a document's symbol (Decree 30/2020/NĐ-CP, appendix I) is a year or capitals: the
# type's and the body's initials (QĐ, UBND, TLKT), one small letter ending a part written so
# (TTg Thủ tướng, TTr tờ trình), a dot between a body and its unit (UBND.VX). A part in small
# letters ("oĐ-kr") is OCR's misreading of one, never what was printed.
_SYMBOL_PART = re.compile(r"\d+|[A-ZĐ][A-ZĐ\d.]*[a-z]?")


def document_number(value: str) -> Check:
    if not re.fullmatch(r"\d+[A-Za-z]?/[^\s/][^\s]*", value or ""):
        return _bad(Problem.FORMAT, "a document number is <number>/<symbol>, e.g. 15/QĐ-UBND")
    symbol = value.split("/", 1)[1]
    if not all(_SYMBOL_PART.fullmatch(p) for p in re.split(r"[/-]", symbol) if p):
        return _bad(Problem.FORMAT, f"{symbol!r} is not a symbol's capitals; misread?")
    return OK


def date(value: str) -> Check:
    if is_real_date(value or "") and len(value) == 10:
        return OK
    return _bad(Problem.DATE, f"{value!r} is not a real date")


def year_or_date(value: str) -> Check:
    if is_real_date(value or ""):
        return OK
    return _bad(Problem.DATE, f"{value!r} is not a real date or year")


def expiry(value: str) -> Check:
    return OK if value == "none" else date(value)


def gender(value: str) -> Check:
    return OK if value in ("male", "female") else _bad(Problem.FORMAT, "gender is male or female")


def area_m2(value: str) -> Check:
    if re.fullmatch(r"\d+(?:\.\d+)?", value or "") and float(value) > 0:
        return OK
    return _bad(Problem.FORMAT, "an area is a positive decimal number")


def integer(value: str) -> Check:
    if re.fullmatch(r"0|[1-9]\d*", value or ""):
        return OK
    return _bad(Problem.FORMAT, "expected a whole number without leading zeros")


# Series of the forms citizens fill in, by their letters: CT residence (Circular 66/2023/TT-BCA),
# CC identity cards, DC population data, HK and NK the former household books, TK declarations.
FORM_SERIES = frozenset("CT CC DC HK NK TK".split())


def _form_series_misread(value: str) -> bool:
    """``CI01``: two letters no series has, one small-print confusion away from one that does."""
    m = re.fullmatch(r"([A-Z]{2})(\d{2})", value or "")
    return bool(m) and m.group(1) not in FORM_SERIES and repair_form_code(value) is not None


def form_code(value: str) -> Check:
    if re.search(r"\d", value or "") and re.fullmatch(r"[\wĐđ\-/.]+", value or ""):
        if _form_series_misread(value):
            return _bad(Problem.FORMAT, f"{value[:2]} is no form series; one letter misread?")
        return OK
    return _bad(Problem.FORMAT, "a form code is letters and digits such as CT01")


def repair_form_code(value: str) -> str | None:
    """``CI01`` → ``CT01``: letters that are no form series put right where exactly one letter
    OCR confuses in small print makes them one; else None."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}", value or "") or value[:2] in FORM_SERIES:
        return None
    return confusions.repair(
        value, lambda fixed: fixed[:2] in FORM_SERIES, table=confusions.LETTER_FOR_LETTER, positions=range(2)
    )


def text(value: str) -> Check:
    return OK if (value or "").strip() else _bad(Problem.EMPTY, "empty")


# An official's title (folded: "phó chủ tịch", "trưởng phòng", "KT. CHỦ TỊCH"): the words under
# a signature, never a person's name.
OFFICE_TITLE = (
    r"(?:(?:kt|tm|q)\W*)?(?:pho |thu )?"
    r"(?:truong (?:phong|ban|cong an|thon|ap|khu pho)|chu tich|giam doc|chanh van phong|chanh)"
)
_ONLY_A_TITLE = re.compile(OFFICE_TITLE + r"\W*")


def name(value: str) -> Check:
    words = (value or "").split()
    if not words:
        return _bad(Problem.EMPTY, "empty")
    if any(ch.isdigit() for ch in value):
        return _bad(Problem.NAME, "a name has no digits")
    if len(words) < 2:
        return _bad(Problem.NAME, "a Vietnamese full name has at least two words")
    if _ONLY_A_TITLE.fullmatch(fold(value)):
        return _bad(Problem.NAME, f"{value!r} is an official's title, not a name")
    if len(words) >= 4 and 2 * _name_words(words) < len(words):
        return _bad(Problem.NAME, f"{value!r}: most of its words are no name's")
    return OK


def _name_words(words: list[str]) -> int:
    """How many of a name's ``words`` spell a name syllable of the stock (the first a family
    name): a real name has most of them, a heading taken for one (``NGƯỜI KÝ GIẤY CHỨNG
    NHẬN``) few."""
    return sum(names.spells_a_name_word(w.strip(".,;:"), first=i == 0) for i, w in enumerate(words))
