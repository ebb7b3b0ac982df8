"""The words of Vietnamese personal names, for putting back the marks OCR misread in them.

OCR reads a name's marks worst of all its letters (capitals, small print, a fax): ``BÁO``
for ``BẢO``, ``LOẠN`` for ``LOAN``, ``NHŨNG`` for ``NHUNG``. Names are drawn from a small
stock of syllables, so a word that is no name syllable but whose letters (marks aside) are
those of exactly one is that one. A word that is a name syllable is kept as read (``Mỹ`` and
``My`` are both names), and so is one whose letters fit several (``THUY``: Thủy, Thùy, Thúy,
Thụy) or none (a rare name: kept as OCR read it).
"""

from __future__ import annotations

import re
import unicodedata

from digitize.understand.textmatch import fold, one_letter_misread
from ocr import confusions
from ocr.model import nfc

# Family names (the first word of a name), common ones first.
FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đinh",
    "Lâm",
    "Mai",
    "Lưu",
    "Tạ",
    "Châu",
    "Quách",
    "Thái",
    "Cao",
    "Tô",
    "Hà",
    "Đoàn",
    "Lương",
    "Trịnh",
    "Phùng",
    "Kiều",
    "Tăng",
    "Triệu",
    "Thân",
    "Khổng",
    "Diệp",
    "Đào",
    "Đàm",
    "Vương",
    "Tống",
    "Lạc",
    "Mạc",
    "Giang",
    "Bạch",
    "Nghiêm",
    "Âu",
    "Khúc",
    "Ông",
    "Văn",
    "Từ",
    "Tôn",
    "Hứa",
    "Viên",
    "Lục",
    "Ninh",
)

# Middle and given names (any word after the first; family names are met there too).
GIVEN_NAMES = (
    "An",
    "Ân",
    "Anh",
    "Ánh",
    "Ái",
    "Ba",
    "Bá",
    "Bách",
    "Bằng",
    "Bảo",
    "Bắc",
    "Bích",
    "Biên",
    "Biển",
    "Bình",
    "Bội",
    "Bửu",
    "Ca",
    "Cát",
    "Cảnh",
    "Cầm",
    "Cẩm",
    "Chánh",
    "Chi",
    "Chí",
    "Chiến",
    "Chiêu",
    "Chinh",
    "Chính",
    "Chúc",
    "Chung",
    "Chuyên",
    "Chương",
    "Cơ",
    "Công",
    "Cúc",
    "Cung",
    "Cường",
    "Cương",
    "Dạ",
    "Danh",
    "Diễm",
    "Diệu",
    "Doanh",
    "Dung",
    "Dũng",
    "Duy",
    "Duyên",
    "Duyệt",
    "Dư",
    "Đại",
    "Đan",
    "Đạo",
    "Đạt",
    "Đăng",
    "Đắc",
    "Điền",
    "Điệp",
    "Đình",
    "Định",
    "Đoan",
    "Đông",
    "Đức",
    "Gấm",
    "Gia",
    "Giai",
    "Giao",
    "Giáp",
    "Hạ",
    "Hai",
    "Hải",
    "Hạnh",
    "Hào",
    "Hảo",
    "Hạo",
    "Hằng",
    "Hân",
    "Hậu",
    "Hiền",
    "Hiển",
    "Hiệp",
    "Hiếu",
    "Hinh",
    "Hoa",
    "Hòa",
    "Hoài",
    "Hoan",
    "Hoàn",
    "Học",
    "Hồng",
    "Hợp",
    "Huân",
    "Huấn",
    "Huệ",
    "Hùng",
    "Hưng",
    "Hương",
    "Hường",
    "Hữu",
    "Huy",
    "Huyền",
    "Khải",
    "Khang",
    "Khanh",
    "Khánh",
    "Khiêm",
    "Khoa",
    "Khôi",
    "Khuê",
    "Khương",
    "Kiên",
    "Kiệt",
    "Kỳ",
    "Lam",
    "Lan",
    "Lân",
    "Lập",
    "Lễ",
    "Liên",
    "Liêm",
    "Liễu",
    "Linh",
    "Loan",
    "Lộc",
    "Lợi",
    "Long",
    "Lụa",
    "Luân",
    "Luận",
    "Lực",
    "Lượng",
    "Ly",
    "Mạnh",
    "Mẫn",
    "Minh",
    "Mơ",
    "My",
    "Mỹ",
    "Nam",
    "Năm",
    "Nga",
    "Ngà",
    "Ngân",
    "Nghi",
    "Nghĩa",
    "Nghị",
    "Ngọc",
    "Nguyên",
    "Nguyệt",
    "Nhã",
    "Nhàn",
    "Nhân",
    "Nhất",
    "Nhật",
    "Nhi",
    "Nhiên",
    "Như",
    "Nhung",
    "Nhựt",
    "Nương",
    "Oanh",
    "Phát",
    "Phi",
    "Phong",
    "Phú",
    "Phúc",
    "Phụng",
    "Phước",
    "Phương",
    "Phượng",
    "Quang",
    "Quân",
    "Quế",
    "Quốc",
    "Quý",
    "Quyên",
    "Quyền",
    "Quyết",
    "Quỳnh",
    "Sang",
    "Sáng",
    "Sâm",
    "Sinh",
    "Song",
    "Sương",
    "Tài",
    "Tâm",
    "Tân",
    "Tấn",
    "Tiến",
    "Tiên",
    "Tín",
    "Tình",
    "Tịnh",
    "Toàn",
    "Toản",
    "Tố",
    "Trà",
    "Trâm",
    "Trân",
    "Trí",
    "Triết",
    "Triều",
    "Trinh",
    "Trọng",
    "Trung",
    "Trúc",
    "Trực",
    "Trường",
    "Tú",
    "Tuân",
    "Tuấn",
    "Tuệ",
    "Tùng",
    "Tuyên",
    "Tuyền",
    "Tuyết",
    "Tư",
    "Tường",
    "Thạch",
    "Thanh",
    "Thành",
    "Thạnh",
    "Thảo",
    "Thắm",
    "Thắng",
    "Thế",
    "Thi",
    "Thiên",
    "Thiện",
    "Thịnh",
    "Thị",
    "Thọ",
    "Thoa",
    "Thông",
    "Thu",
    "Thuận",
    "Thục",
    "Thủy",
    "Thùy",
    "Thúy",
    "Thụy",
    "Thư",
    "Thương",
    "Thường",
    "Út",
    "Uyên",
    "Vân",
    "Việt",
    "Vinh",
    "Vĩnh",
    "Vượng",
    "Vy",
    "Vỹ",
    "Xuân",
    "Yến",
    "Ý",
    # birth-order names of the south, and other plain words given as names
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Bông",
    "Lài",
    "Lệ",
    "Mận",
    "Mến",
    "Mộng",
    "Nở",
    "Sen",
    "Sĩ",
    "Sỹ",
    "Thơ",
    "Thơm",
    "Xinh",
    "Hiệu",
    "Nguyện",
    "Quới",
    "Tỷ",
    "Lành",
    "Đẹp",
)

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def syllable_key(word: str) -> tuple[str, str]:
    """A syllable's letters with their vowel marks (ă, â, ơ, …) and its tone, apart: ``Hòa``
    and ``Hoà`` (old and new tone placement) have the same key."""
    decomposed = unicodedata.normalize("NFD", nfc(word).lower())
    tones = "".join(c for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)), tones


def _by_letters(names: tuple[str, ...]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        table.setdefault(fold(name), []).append(name)
    return table


_FAMILY_KEYS = {syllable_key(n) for n in FAMILY_NAMES}
_ANY_KEYS = _FAMILY_KEYS | {syllable_key(n) for n in GIVEN_NAMES}
_FAMILY_BY_LETTERS = _by_letters(FAMILY_NAMES)
_ANY_BY_LETTERS = _by_letters(FAMILY_NAMES + GIVEN_NAMES)


_GIVEN_KEYS = {syllable_key(n) for n in GIVEN_NAMES}


def is_given_name(word: str) -> bool:
    """Whether ``word``, marks and all (old or new tone placement), is a given name of the stock."""
    return syllable_key(word) in _GIVEN_KEYS


def is_family_name(word: str) -> bool:
    """Whether ``word`` (marks aside) is one of the common Vietnamese family names."""
    return fold(word) in _FAMILY_BY_LETTERS


def spells_a_name_word(word: str, first: bool) -> bool:
    """Whether ``word``'s letters (marks aside) spell a name syllable of the stock (``first``:
    a family name)."""
    return fold(word) in (_FAMILY_BY_LETTERS if first else _ANY_BY_LETTERS)


def name_word(word: str, first: bool) -> str | None:
    """The name syllable ``word`` stands for where OCR misread its marks (spelled as in the
    stock, lower case after its first letter), or None to keep ``word`` as read.
    ``first``: the name's first word (a family name)."""
    candidates = _candidates(word, first)
    return candidates[0] if len(candidates) == 1 else None


def name_word_guess(word: str, first: bool) -> str | None:
    """Where ``word`` is no name syllable and its letters fit several (``CHỈ``: Chi or Chí;
    ``TRÌNH``: Trinh or Trịnh), the one without a tone mark when exactly one has none: on a
    degraded scan a speck above a capital is read as a mark more often than OCR trades one mark
    for another. A guess, for review (``guessed``); None where ``name_word`` decides or nothing
    does."""
    candidates = _candidates(word, first)
    if not candidates and word.isalpha() and not spells_a_name_word(word, first):
        return _name_word_a_confusion_off(word, first) or (_family_name_a_letter_off(word) if first else None)
    bare = [c for c in candidates if not syllable_key(c)[1]]
    return bare[0] if len(candidates) > 1 and len(bare) == 1 else None


def _name_word_a_confusion_off(word: str, first: bool) -> str | None:
    """The name syllable ``word`` is with one capital OCR confuses with another put back
    (``confusions.LETTER_FOR_LETTER``: "Vv" for Vy), where exactly one such reading spells one,
    its marks as read where the stock has it so, else the stock's only spelling; or None."""
    fixed = confusions.repair(word.upper(), lambda r: spells_a_name_word(r, first), table=confusions.LETTER_FOR_LETTER)
    if fixed is None:
        return None
    stock = (_FAMILY_BY_LETTERS if first else _ANY_BY_LETTERS)[fold(fixed)]
    same = [n for n in stock if syllable_key(n) == syllable_key(fixed)]
    return same[0] if len(same) == 1 else stock[0] if len(stock) == 1 else None


_VOWELS = set("aeiouy")


def _family_name_a_letter_off(word: str) -> str | None:
    """The one family name of the stock that ``word`` (four letters or more, no family name) is
    with one letter misread (``NGHYÊN``: Nguyễn), or of three letters with one vowel read as
    another (``BỜI``: Bùi; "NGL" is no Ngô), or None."""
    f = fold(word)
    if len(f) < 3:
        return None

    def near_enough(k: str) -> bool:
        if not one_letter_misread(k, f):
            return False
        return len(f) >= 4 or all(a in _VOWELS and b in _VOWELS for a, b in zip(k, f) if a != b)

    near = [n for k, names_ in _FAMILY_BY_LETTERS.items() if near_enough(k) for n in names_]
    return near[0] if len(near) == 1 else None


def guessed(value: str) -> bool:
    """Whether ``tidy_name`` would put a word of the name ``value`` right by a guess."""
    words = [w.rstrip(",;.") for w in value.split()]
    return any(name_word_guess(w, first=i == 0) is not None for i, w in enumerate(words))


def _candidates(word: str, first: bool) -> list[str]:
    """The name syllables ``word`` may stand for: none when it is one itself (kept as read)."""
    keys, by_letters = (_FAMILY_KEYS, _FAMILY_BY_LETTERS) if first else (_ANY_KEYS, _ANY_BY_LETTERS)
    if not word.isalpha() or syllable_key(word) in keys:
        return []
    foreign = _foreign_letters(word)
    if foreign:
        # a mark Vietnamese has no use for (``HUYŸN``): that letter is a vowel OCR misread
        folded = fold(word)
        if len(folded) != len(word):
            return []
        rx = re.compile("".join("[aeiouy]" if i in foreign else re.escape(c) for i, c in enumerate(folded)))
        candidates = [n for k, names in by_letters.items() if rx.fullmatch(k) for n in names]
    else:
        candidates = by_letters.get(fold(word), [])
    if len(candidates) > 1:  # OCR misreads tones more than a vowel's shape (THỦ: Thu, not Thư)
        shape, tone = syllable_key(word)
        # ... and loses or adds Đ's bar, which is no vowel's shape: then its tone, read as
        # well as the rest, tells (Đũng: Dũng, not Dung)
        same_shape = [c for c in candidates if _unbarred(syllable_key(c)[0]) == _unbarred(shape)]
        candidates = same_shape or candidates if foreign else same_shape
        if len(candidates) > 1 and not any(syllable_key(c)[0] == shape for c in candidates):
            same_tone = [c for c in candidates if syllable_key(c)[1] == tone]
            candidates = same_tone if len(same_tone) == 1 else candidates
    return candidates


def _unbarred(letters: str) -> str:
    return letters.replace("đ", "d")


# the marks Vietnamese letters carry: the five tones, circumflex, breve and horn
_VIETNAMESE_MARKS = _TONES | {"\u0302", "\u0306", "\u031b"}


def _foreign_letters(word: str) -> set[int]:
    """Positions (in the NFC word) of letters with a mark no Vietnamese letter has."""
    out = set()
    for i, c in enumerate(nfc(word)):
        marks = {m for m in unicodedata.normalize("NFD", c)[1:]}
        if marks - _VIETNAMESE_MARKS:
            out.add(i)
    return out
