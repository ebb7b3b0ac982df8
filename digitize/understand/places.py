"""Vietnam's provinces and centrally-run cities, as officially spelt: the 63 before the 2025
merger and Huế (a centrally-run city since 2025); the 34 after it are among them. Addresses
end in one of them, and OCR drops their hyphen (``Bà Rịa Vũng Tàu``) or a mark
(``Hổ Chí Minh``): ``province_name`` gives back the official spelling."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from digitize.understand.textmatch import cut_short_of, fold
from ocr import confusions

PROVINCES = (
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Tĩnh",
    "Hải Dương",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


_BY_KEY = {_key(p): p for p in PROVINCES}


def _old_tone_placement(text: str) -> str:
    """``hòa`` → ``hoà``: the older placement of the tone mark on oa/oe/uy (both are in use)."""
    marks = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

    def move(m: re.Match) -> str:
        first, tone, second = m.group(1), m.group(2), m.group(3)
        return first + second + tone

    nfd = unicodedata.normalize("NFD", text)
    nfd = re.sub(r"([oOuU])([" + "".join(marks) + r"])([aAeEyY])(?![^\W\d_])", move, nfd)
    return unicodedata.normalize("NFC", nfd)


TWO_SLIPS_MIN = 10  # letters: a province's name this long may be read with two slips


def _stutter_dropped(key: str) -> str:
    """A name's key without a word OCR read twice, first cut short ("Bà Rị Rịa - Vũng Tàu"):
    a word the next one opens with."""
    words = key.split(" ")
    kept = [w for w, nxt in zip(words, [*words[1:], ""]) if not cut_short_of(w, nxt)]
    return " ".join(kept)


def _one_capital_misread(text: str) -> str | None:
    """The one province whose name is ``text`` with a word's capital read as its look-alike
    (``confusions.LETTER_FOR_LETTER``: "Nà Nội" for Hà Nội), every mark as read: a short name
    is too near others for a fuzzy match, but not for one such slip."""
    given = unicodedata.normalize("NFC", " ".join(text.split())).upper()

    def at_a_words_start(p: str) -> bool:
        i = next(i for i, (a, b) in enumerate(zip(p, given)) if a != b)
        return i == 0 or given[i - 1] == " "

    found = {
        p
        for p in PROVINCES
        if confusions.one_confusion_apart(given, p.upper(), confusions.LETTER_FOR_LETTER)
        and at_a_words_start(p.upper())
    }
    return found.pop() if len(found) == 1 else None


def province_name(text: str, *, cut_off: bool = False) -> str | None:
    """The official spelling of the province ``text`` names (case aside), allowing for OCR
    slips: a lost hyphen or mark, one wrong letter in a name of eight letters or more. None
    when ``text`` is no province. A spelling that differs only in tone placement
    (``Khánh Hoà``) is a correct spelling and is returned as given. With ``cut_off`` (after
    ``tỉnh`` / ``thành phố``), the first two words or more of exactly one province name are
    that name (``Bà Rịa Vũng``)."""
    key = _key(text)
    if not key:
        return None
    proper = _BY_KEY.get(key) or _BY_KEY.get(_stutter_dropped(key)) or _one_capital_misread(text)
    if proper is None and len(key.replace(" ", "")) >= 8:
        near = [(Levenshtein.distance(key, k), p) for k, p in _BY_KEY.items() if abs(len(k) - len(key)) <= 1]
        near = sorted(n for n in near if n[0] <= 1)
        if len(near) == 1 or (len(near) > 1 and near[0][0] < near[1][0]):
            proper = near[0][1]
    if proper is None and len(key.replace(" ", "")) >= TWO_SLIPS_MIN:
        # two letters misread in a long name ("Hà Ra - Vùng Tàu"): the one province that near,
        # every other far off
        near = sorted((Levenshtein.distance(key, k), p) for k, p in _BY_KEY.items())
        if near[0][0] <= 2 and near[1][0] >= near[0][0] + 3:
            proper = near[0][1]
    if proper is None and cut_off:
        # the end of the name lost (OCR, or a line not joined): "Bà Rịa Vũng", "Hồ Chí"; one
        # word left ("tỉnh Nghệ") only read with its own marks, four letters or more
        starts = [p for k, p in _BY_KEY.items() if k.startswith(key + " ")]
        word = unicodedata.normalize("NFC", text.strip()).lower()
        one_word = len(key.split()) == 1
        if len(starts) == 1 and (not one_word or (len(key) >= 4 and starts[0].split()[0].lower() == word)):
            proper = starts[0]
    if proper is None:
        return None
    given = unicodedata.normalize("NFC", text.strip())
    if given.lower() in (proper.lower(), _old_tone_placement(proper).lower()):
        return given
    if given.upper() == given and any(c.isalpha() for c in given):
        return proper.upper()
    return proper
