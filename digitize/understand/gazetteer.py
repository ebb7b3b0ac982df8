"""Vietnam's districts, wards, communes and towns by name, for giving a unit's name in an
address the marks OCR misread (``huyện Đất Đổ`` → ``Đất Đỏ``, ``thị trấn Phước Hài`` →
``Phước Hải``).

The names come from the dataset of the vietnamadminunits package (MIT): every unit of the 63
provinces before the 2025 merger (a backlog's addresses) and the wards of the 34 after it. Only
its data file is read (an SQLite database, read-only); the package's parser is not used, as
it rewrites whole addresses and values are kept as read.

A name is put right only when it is no unit's name at all (of any level, anywhere) and exactly
one unit of its level (in the address's province, when it names one) has its letters, marks
aside.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from digitize.understand.names import syllable_key
from digitize.understand.textmatch import fold, one_letter_off

DISTRICT, WARD = "district", "ward"
# The unit words that open a district's or a ward's name, by folded spelling.
LEVELS = {
    "huyen": DISTRICT,
    "quan": DISTRICT,
    "thi xa": DISTRICT,
    "thanh pho": DISTRICT,
    "xa": WARD,
    "phuong": WARD,
    "thi tran": WARD,
    "dac khu": WARD,
}
NATIONWIDE = ""


def _dataset() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "dataset.db"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _names() -> dict[tuple[str, str], dict[str, set[str]]]:
    """(level, folded province or NATIONWIDE) → folded name → the names so spelt."""
    table: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    path = _dataset()
    if path is None:
        return table
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        legacy = con.execute("SELECT provinceShort, districtShort, wardShort FROM admin_units_legacy").fetchall()
        merged = con.execute("SELECT provinceShort, wardShort FROM admin_units").fetchall()
    finally:
        con.close()
    units = (
        [(DISTRICT, p, d) for p, d, _ in legacy]
        + [(WARD, p, w) for p, _, w in legacy]
        + [(WARD, p, w) for p, w in merged]
    )
    for level, province, name in units:
        if province and name:
            for scope in (fold(province), NATIONWIDE):
                table[(level, scope)][fold(name)].add(name)
    return table


def unit_name(unit: str, name: str, province: str | None = None) -> str | None:
    """The official spelling of ``name`` after the unit word ``unit`` (``huyện``) where OCR
    misread its marks, or None to keep it as read (a unit's name already, a number, not
    known, or letters more than one name has). ``province``: the address's, if known."""
    level = LEVELS.get(fold(unit))
    if level is None or not name.replace(" ", "").isalpha():
        return None
    table = _names()
    scope = fold(province) if province and (level, fold(province)) in table else NATIONWIDE
    spellings = table.get((level, scope), {}).get(fold(name), set())
    if scope != NATIONWIDE and len(spellings) == 1 and not _in_province(name, scope):
        # the province's one unit of the level with these letters, though the marks as read
        # spell a unit elsewhere ("thành phố Mỹ Thọ, tỉnh Tiền Giang": Mỹ Tho)
        return next(iter(spellings))
    if is_unit_name(name):
        return None  # a unit's name somewhere, at some level (in either tone placement)
    if not spellings and scope != NATIONWIDE:
        spellings = _head_lost(table.get((level, scope), {}), name)
    if not spellings:
        # a unit the dataset has at another level only (the districts merged since, "huyện Đất
        # Đỏ" now a commune's name; a town "xã" in a paper's wording): its letters still spell
        # one unit's name, and the marks are that name's
        return spelling_anywhere(name)
    return next(iter(spellings)) if len(spellings) == 1 else None


def _in_province(name: str, scope: str) -> bool:
    """Whether ``name``, marks as read, is a unit's name at any level in the province ``scope``
    (papers name units at other levels than the dataset's: districts merged since)."""
    key, letters = _key(name), fold(name)
    return any(
        key in {_key(s) for s in names.get(letters, ())} for (_, where), names in _names().items() if where == scope
    )


def spelling_anywhere(name: str) -> str | None:
    """The one spelling of the units' names anywhere, at any level, whose letters ``name``
    spells (marks aside); None where ``name`` is such a name already, or there is none or more
    than one."""
    if not name.replace(" ", "").isalpha() or is_unit_name(name):
        return None
    key = fold(name)
    spellings = {n for (_, where), names in _names().items() if where == NATIONWIDE for n in names.get(key, ())}
    return next(iter(spellings)) if len(spellings) == 1 else None


LETTER_OFF_MIN = 5  # a name shorter than this (letters) is too near others to guess from


def unit_name_one_letter_off(unit: str, name: str, province: str) -> str | None:
    """The official spelling of the one unit of ``unit``'s level in ``province`` whose name is
    ``name`` with one letter OCR misread or lost (marks aside: ``quận Gò Vấn`` → ``Gò Vấp``,
    ``thành phố Bà lịa`` → ``Bà Rịa``, ``huyện Hả Hậu`` → ``Hải Hậu``), where ``name`` is no
    unit's name anywhere; else None. A guess (which letter OCR misread is not known
    otherwise): its caller flags it for review."""
    level = LEVELS.get(fold(unit))
    scope = fold(province)
    names = _names().get((level, scope)) if level is not None else None
    read = fold(name)
    if not names or not name.replace(" ", "").isalpha() or len(read.replace(" ", "")) < LETTER_OFF_MIN:
        return None
    if is_unit_name(name):
        return None
    near = [spellings for folded, spellings in names.items() if one_letter_off(folded, read)]
    if not near:
        # a unit the dataset has at another level in the province only (the districts merged
        # since: "huyện Đất Đủ" for Đất Đỏ, now a commune's name)
        near = [
            spellings
            for (_, where), by_name in _names().items()
            if where == scope
            for folded, spellings in by_name.items()
            if one_letter_off(folded, read)
        ]
        near = [set().union(*near)] if near and len({frozenset(n) for n in near}) == 1 else near
    if len(near) != 1 or len(near[0]) != 1:
        return None
    return next(iter(near[0]))


def unit_name_tail_lost(unit: str, name: str, province: str) -> str | None:
    """The official spelling of the one unit of ``unit``'s level in ``province`` whose name
    opens with ``name``'s words, marks and all, and goes on (``thị xã Phú``, a line's end
    or a comma lost after it: ``Phú Mỹ``), where ``name`` names no unit of that level there;
    else None. A guess: its caller flags it for review."""
    level = LEVELS.get(fold(unit))
    names = _names().get((level, fold(province))) if level is not None else None
    read = fold(name)
    if not names or not name.replace(" ", "").isalpha() or read in names:
        return None
    keys = [syllable_key(w) for w in name.split(" ")]
    found = {
        spelling
        for folded, spellings in names.items()
        if folded.startswith(read + " ")
        for spelling in spellings
        if [syllable_key(w) for w in spelling.split(" ")[: len(keys)]] == keys
    }
    return found.pop() if len(found) == 1 else None


def provinces_with(unit: str, name: str) -> set[str]:
    """The provinces (folded) that have a unit of ``unit``'s level named ``name`` (marks aside)."""
    level = LEVELS.get(fold(unit))
    read = fold(name)
    return {scope for (lv, scope), names in _names().items() if lv == level and scope != NATIONWIDE and read in names}


def names_a_unit(unit: str, name: str) -> bool:
    """Whether ``name`` after the unit word ``unit`` (``xã``) is the name of a unit of that
    level somewhere, marks aside (``Xuyên Mộc``)."""
    level = LEVELS.get(fold(unit))
    return level is not None and fold(name) in _names().get((level, NATIONWIDE), {})


def names_a_unit_anywhere(name: str) -> bool:
    """Whether ``name`` (marks aside) is a unit's name at some level somewhere: the dataset
    holds the units as they last were, so a district merged away may live on as a commune's
    name (``Long Điền``)."""
    read = fold(name)
    return any(read in names for (_, scope), names in _names().items() if scope == NATIONWIDE)


def is_unit_name(name: str) -> bool:
    """Whether ``name`` is a unit's name somewhere, at some level (marks as read)."""
    return _key(name) in _known()


def _head_lost(names: dict[str, set[str]], name: str) -> set[str]:
    """The names of the province's units (of the level) that ``name`` is, where OCR lost the
    first letters of one of its words, the capital among them ("Châu ức" for Châu Đức, "Tiên
    ng" for Tiên Lãng): a word read in lower case ends that word."""
    read = fold(name).split()
    cut = [i for i, w in enumerate(name.split()) if w[:1].islower()]
    if len(cut) != 1 or len(read) < 2:
        return set()
    i = cut[0]
    out: set[str] = set()
    for folded, spellings in names.items():
        words = folded.split()
        if len(words) == len(read) and words[:i] + words[i + 1 :] == read[:i] + read[i + 1 :]:
            if words[i] != read[i] and words[i].endswith(read[i]):
                out |= spellings
    return out


def _key(name: str) -> tuple:
    return tuple(syllable_key(w) for w in name.split())


@lru_cache(maxsize=1)
def _known() -> frozenset:
    """Every unit's name of any level anywhere: a name read so is kept (the dataset holds the
    units as they last were; one met elsewhere may be a unit of the document's time)."""
    return frozenset(
        _key(n)
        for (_, scope), names in _names().items()
        if scope == NATIONWIDE
        for spellings in names.values()
        for n in spellings
    )
