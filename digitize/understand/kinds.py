"""What each kind of value is, said once: how it is read from a region's words, its canonical
form when a person types it, its check, its repair when the check fails, its tidying.

Field extraction (``parse_value``, ``check_or_repair``, ``tidy``), corrections by people
(``typed``: `digitize review`, the API's PATCH, the review station) and the catalogue's list of
kinds all go through ``KINDS``; a new kind is one entry here with its functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from digitize.understand import validators as v
from digitize.understand import values as read
from digitize.understand.dates import parse_date, parse_date_or_year
from digitize.understand.layout import Token
from digitize.understand.textmatch import fold, match_key
from digitize.understand.tidy import TIDIERS, tidy_document_number
from digitize.understand.values import Parsed, Region


def _spaces_out(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _one_space(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def _typed_date(value: str) -> str:
    return parse_date(value) or value


def _typed_year_or_date(value: str) -> str:
    return parse_date_or_year(value) or value


def _typed_expiry(value: str) -> str:
    return "none" if fold(value) in ("none", "khong thoi han") else _typed_year_or_date(value)


def _typed_gender(value: str) -> str:
    said = read.gender_of(match_key(value))
    return said[0] if said else value


def _typed_area(value: str) -> str:
    return value.replace(",", ".").removesuffix("m2").removesuffix("m²").strip()


def _typed_integer(value: str) -> str:
    return (value.lstrip("0") or "0") if value.isdigit() else _one_space(value)


@dataclass(frozen=True)
class ValueKind:
    name: str
    read: Callable[[Region], Parsed | None]  # from the words after a label, in a cell, …
    check: Callable[..., v.Check]  # a canonical value: does it hold? (coded result)
    typed: Callable[[str], str] = _one_space  # what a person typed → the canonical form
    repair: Callable[[str], str | None] | None = None  # a failing value put right from its structure alone
    tidy: Callable[[str], str] | None = None  # OCR's slips undone in a value read as printed
    searchable: bool = False  # distinctive enough to be looked for anywhere on the page (locate "pattern")
    free: bool = False  # free text: a field's own pattern that misses leaves the reader to try
    no_spaces: bool = False  # written without spaces (codes, numbers): spaces read or typed go

    def __post_init__(self) -> None:
        if self.no_spaces and self.typed is _one_space:
            object.__setattr__(self, "typed", _spaces_out)


KINDS: dict[str, ValueKind] = {
    k.name: k
    for k in (
        ValueKind("date", read.read_date, v.date, _typed_date),
        ValueKind("year_or_date", partial(read.read_date, years=True), v.year_or_date, _typed_year_or_date),
        ValueKind("expiry", partial(read.read_date, never=True), v.expiry, _typed_expiry),
        ValueKind(
            "personal_id",
            read.read_personal_id,
            v.personal_id,
            repair=v.repair_personal_id,
            searchable=True,
            no_spaces=True,
        ),
        ValueKind(
            "enterprise_code",
            read.read_enterprise_code,
            v.enterprise_code,
            repair=v.repair_enterprise_code,
            searchable=True,
            no_spaces=True,
        ),
        ValueKind("gender", read.read_gender, v.gender, _typed_gender),
        ValueKind(
            "document_number",
            read.read_document_number,
            v.document_number,
            tidy=tidy_document_number,
            searchable=True,
            no_spaces=True,
        ),
        ValueKind("area_m2", read.read_area, v.area_m2, _typed_area),
        ValueKind("integer", read.read_integer, v.integer, _typed_integer),
        ValueKind("certificate_serial", read.read_certificate_serial, v.certificate_serial, searchable=True),
        ValueKind(
            "insurance_number",
            read.read_insurance_number,
            v.insurance_number,
            repair=v.repair_insurance_number,
            searchable=True,
            no_spaces=True,
        ),
        ValueKind(
            "form_code", read.read_form_code, v.form_code, repair=v.repair_form_code, searchable=True, no_spaces=True
        ),
        ValueKind("dossier_id", read.read_dossier_id, v.dossier_id, searchable=True, no_spaces=True),
        ValueKind("name", read.read_name, v.name, tidy=TIDIERS["name"], free=True),
        ValueKind("address", partial(read.read_text, address=True), v.text, tidy=TIDIERS["address"], free=True),
        ValueKind("text", read.read_text, v.text, free=True),
    )
}
SEARCHABLE = frozenset(name for name, k in KINDS.items() if k.searchable)
FREE_KINDS = frozenset(name for name, k in KINDS.items() if k.free)


def parse_value(
    kind: str,
    tokens: Sequence[Token],
    pattern: str | None = None,
    max_start: int | None = None,
    allow_lower: bool = False,
) -> Parsed | None:
    """Read a value of ``kind`` from a region's tokens; None when there is none.

    ``pattern``: the field's own (catalogue) pattern, tried first; ``max_start``: the value
    must begin within this many tokens (structured kinds after a short label, so that ``Số``
    does not read a number from far along the line)."""
    if not tokens or kind not in KINDS:
        return None
    region = Region.of(tokens, max_start, allow_lower)
    if pattern:
        found = read.read_by_pattern(region, kind, pattern, no_spaces=KINDS[kind].no_spaces)
        if found is not None or not KINDS[kind].free:
            return found
    return KINDS[kind].read(region)


def check(kind: str, value: str, **context) -> v.Check:
    """Validate a canonical value of a catalogue kind. ``context`` (date_of_birth, gender) is
    passed to the personal ID check; an unknown kind passes."""
    found = KINDS.get(kind)
    if found is None:
        return v.OK
    if kind == "personal_id":
        return found.check(value, **context)
    return found.check(value)


def check_or_repair(kind: str, value: str) -> tuple[str, v.Check, bool]:
    """``value`` checked; one that fails and can be put right from its structure comes back
    put right (and passing), with True: a repair is OCR's slip undone, for review."""
    result = check(kind, value)
    repair = KINDS[kind].repair if kind in KINDS else None
    if result.ok or repair is None:
        return value, result, False
    fixed = repair(value)
    return (fixed, v.OK, True) if fixed is not None else (value, result, False)


def typed(kind: str, raw: str) -> str:
    """A person's value in the catalogue's canonical form (dates typed as 18/8/2023 → ISO,
    ``Nữ`` → female, spaces out of codes)."""
    value = unicodedata.normalize("NFC", raw).strip()
    found = KINDS.get(kind)
    return found.typed(value) if found else _one_space(value)


def tidy(kind: str, value: str) -> str:
    found = KINDS.get(kind)
    return found.tidy(value) if found and found.tidy else value
