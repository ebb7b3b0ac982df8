"""Tidying values after OCR: a family name's, an administrative unit's or a company
name's stock words get back the marks OCR dropped; the rest is kept as read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from digitize.understand import gazetteer
from digitize.understand.names import is_family_name, name_word, name_word_guess, spells_a_name_word, syllable_key
from digitize.understand.places import PROVINCES, province_name
from digitize.understand.textmatch import cut_short_of, fold, one_letter_off
from ocr import confusions
from ocr.model import nfc
from ocr.syllables import RHYME, is_syllable

# Administrative units that open the parts of an address ("xã …", "huyện …"), by folded
# spelling; OCR drops or changes their marks (khu phỏ, Thành phỏ, PHƯƠNG 25, Tố 16).
_UNITS = {
    fold(u): u
    for u in (
        "xã",
        "phường",
        "thị trấn",
        "huyện",
        "quận",
        "thị xã",
        "thành phố",
        "tỉnh",
        "tổ",
        "tổ dân phố",
        "ấp",
        "khu phố",
        "thôn",
        "khóm",
        "bản",
        "khu vực",
        "đặc khu",
    )
}
_AGENCY_PREFIX = "Ủy ban nhân dân"


def _like_case(word: str, model: str) -> str:
    """``word`` in the case of ``model`` (all capitals, capitalised, or lower case)."""
    letters = [c for c in model if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def _base(ch: str) -> str:
    """A Vietnamese vowel without its tone mark, lower case (``ầ`` → ``â``, ``Ứ`` → ``ư``)."""
    return syllable_key(ch)[0]


def _has_tone(ch: str) -> bool:
    return bool(syllable_key(ch)[1])


_VOWELS = set("aăâeêiôơuưy")  # not o: "Đoòng", "Noong" are names


def undouble_vowels(text: str) -> str:
    """A vowel OCR read twice, with and without its tone mark or in two cases (``PHẠAM``,
    ``TRẦÂN``, ``ĐứỨc``): once, the one with the mark. Vietnamese spells no vowel twice
    (``ưu``, ``uô`` are two different vowels, and stay; ``oo`` is left alone: Sơn Đoòng)."""
    chars = list(nfc(text))
    out: list[str] = []
    for ch in chars:
        prev = out[-1] if out else ""
        if (
            prev.isalpha()
            and ch.isalpha()
            and _base(ch) == _base(prev)
            and _base(ch) in _VOWELS
            and (_has_tone(ch) or _has_tone(prev) or ch.isupper() != prev.isupper())
        ):
            if _has_tone(ch) and not _has_tone(out[-1]):
                out[-1] = ch if ch.isupper() == out[-1].isupper() else (ch.upper() if out[-1].isupper() else ch.lower())
            continue
        out.append(ch)
    return "".join(out)


def _vietnamese_letters(word: str) -> bool:
    """Whether a word has a letter English does not (a mark, đ, ơ, ư…): it is Vietnamese,
    not a foreign name that no Vietnamese syllable rule applies to."""
    return any(c.isalpha() and not c.isascii() for c in word)


_RULE_LIKE = confusions.STROKES  # what OCR reads for a table rule or a speck stuck to a word's front


def _unglued(word: str, vietnamese: bool = False) -> list[str]:
    """A name word OCR read run together with what was next to it: a rule stuck to its front
    (``INGUYỄN``: "I" off where the rest is a syllable and the whole is not), or two words
    read as one (``NHẬTTRÍ``, ``NGUYỄNNGỌC``: split where exactly one cut gives two
    syllables). A Vietnamese word only (its letters say so, or ``vietnamese``: its name opens
    with a Vietnamese family name, and then both halves are name words: TRẦN THUMY);
    otherwise (and for ``Lan``, ``Ích``) as read."""
    bare = word.rstrip(",;.")
    tail = word[len(bare) :]
    if not bare.isalpha() or is_syllable(bare):
        return [word]
    if not _vietnamese_letters(bare):
        if not vietnamese:
            return [word]
        cuts = [i for i in range(2, len(bare) - 1) if all(spells_a_name_word(p, False) for p in (bare[:i], bare[i:]))]
        if len(cuts) != 1 or not bare[:1].isupper():
            return [word]
        return [bare[: cuts[0]], bare[cuts[0]].upper() + bare[cuts[0] + 1 :] + tail]
    if bare[0] in _RULE_LIKE and len(bare) > 2 and bare[1].isupper() and is_syllable(bare[1:]):
        return [bare[1:] + tail]
    if not bare[:1].isupper() or len(bare) < 5:
        return [word]
    cuts = [i for i in range(2, len(bare) - 1) if is_syllable(bare[:i]) and is_syllable(bare[i:])]
    if len(cuts) != 1:
        return [word]
    first, second = bare[: cuts[0]], bare[cuts[0] :]
    return [first, second[:1].upper() + second[1:] + tail]


def _split_letter_joined(word: str, first: bool) -> str:
    """A name word with a letter a scan split in two put back (``KHIIÊ`` → KHUÊ:
    ``confusions.SPLIT_LETTER``), where the word spells no name word and exactly one such
    join does."""
    bare = word.rstrip(",;.")
    if not bare.isalpha() or spells_a_name_word(bare, first):
        return word
    fits = [j for j in confusions.letters_joined(bare) if spells_a_name_word(j, first)]
    return fits[0] + word[len(bare) :] if len(fits) == 1 else word


def _gi_for_gl(word: str) -> str:
    """``GLANG`` → ``GIANG`` where the rest makes a Vietnamese syllable (not ``GLORIA``)."""
    m = re.fullmatch(r"([Gg])([lL])([^\W\d_]+)", word.rstrip(",;."))
    if m is None or not RHYME.fullmatch(fold(m.group(3))):
        return word
    return m.group(1) + ("I" if m.group(2) == "L" else "i") + word[2:]


def _rejoined(words: list[str], fits: Callable[[list[str], int], bool]) -> list[str]:
    """Words with one a scan split at a gap whole again (``PH ÂN`` for PHAN, ``Bình Thạ nh``): a
    piece of letters that is no syllable joined to the word after it or, failing that, the word
    before it, where ``fits(joined_words, i)`` (the joined word at ``i``) accepts the result."""
    out = list(words)
    i = 0
    while i < len(out):
        piece = out[i].rstrip(",;.")
        if piece.isalpha() and not is_syllable(piece):
            for k in (i, i - 1):  # the join of out[k] and out[k + 1]
                if 0 <= k < len(out) - 1 and out[k].isalpha():
                    joined = [*out[:k], out[k] + out[k + 1], *out[k + 2 :]]
                    if fits(joined, k):
                        out, i = joined, k
                        break
        i += 1
    return out


def _name_word_fits(words: list[str], i: int) -> bool:
    bare = words[i].rstrip(",;.")
    return bare.isalpha() and spells_a_name_word(bare, first=i == 0)


def tidy_name(value: str) -> str:
    """A person's name with the marks of its words restored where OCR misread them, an I read
    as l after a G (no Vietnamese syllable starts "gl": GLANG is GIANG), and words OCR ran
    together (with a rule, or with each other) taken apart (`_unglued`)."""
    words = nfc(value).split(" ")
    if len(words) >= 3 and len(words[0]) == 1 and is_family_name(words[1]):
        words = words[1:]  # "Ì NGUYỄN NHẬT HẬU": a speck read as a letter; no family name is one
    if len(words) >= 4 and not is_family_name(words[0]) and spells_a_name_word(words[0] + words[1], first=True):
        words = [words[0] + words[1], *words[2:]]  # "NGỦ YẾN MINH TUẤN": NGUYỄN split at a gap
    vietnamese = len(words) >= 2 and is_family_name(words[0])
    if vietnamese and len(words) >= 3 and len(words[-1]) == 1 and words[-1].isalpha():
        words = words[:-1]  # "NGUYỄN BÙI QUANG VIỆT N": the next line's "Ngày" cut to its N
    words = [_split_letter_joined(w, i == 0) for i, w in enumerate(words)]
    value = " ".join(p for i, w in enumerate(words) for p in _unglued(_gi_for_gl(w), vietnamese and i > 0))
    words = _rejoined(undouble_vowels(value).split(" "), _name_word_fits)
    if len(words) >= 2 and fold(value) != " ".join(value.lower().split()):
        # (a name read with no marks at all stays so: the OCR read none anywhere)
        # (OCR reads a name's marks worst: NGUYÊN for NGUYỄN, BÁO for BẢO; digitize.understand.names)
        for i, word in enumerate(words):
            bare = word.rstrip(",;.")
            proper = name_word(bare, first=i == 0) or name_word_guess(bare, first=i == 0)
            if proper is not None:
                words[i] = _like_case(proper, bare) + word[len(bare) :]
    return nfc(" ".join(words))


_GLUED_UNITS = {"to", "ap", "khu", "lo", "thon", "xom", "khom"}


def _near_unit(words: str) -> str | None:
    """A unit of two words or more (thị trấn, thành phố, khu phố…) with one letter lost or
    misread (``thị rấn``); shorter unit names must match exactly."""
    from rapidfuzz.distance import Levenshtein

    f = fold(words)
    if " " not in f or len(f) < 7:
        return None
    near = [u for k, u in _UNITS.items() if " " in k and len(k) >= 7 and Levenshtein.distance(f, k) <= 1]
    if not near:  # a letter read as two ("thàrih phố": confusions.SPLIT_LETTER)
        joined = confusions.letters_joined(f)
        near = [u for k, u in _UNITS.items() if " " in k and k in joined]
    return near[0] if len(near) == 1 else None


def _tidy_unit(part: str) -> str:
    """The administrative unit word(s) opening one part of an address, with OCR's slips
    in their marks undone; the place name after them is left as read."""
    m = re.match(r"^([^\W\d_]{2,})(\d+)\b", part)
    if m and fold(m.group(1)) in _GLUED_UNITS:
        part = f"{m.group(1)} {part[m.end(1) :]}"  # "Tố9": a unit run into its number
    words = part.split(" ")
    for n in (3, 2, 1):
        if len(words) <= n:
            continue  # a unit needs a name or number after it
        head = words[:n]
        proper = _UNITS.get(fold(" ".join(head))) or _near_unit(" ".join(head))
        if (
            proper is not None
            and len(words) == n + 1
            and words[n] in _ONE_LIKE
            and fold(proper) not in _NAMED_UNITS - {"phuong", "quan"}
        ):
            words[n] = "1"  # "khu phố I", "tổ l": the number 1 read as a letter
        if proper is None or not (words[n][:1].isdigit() or words[n][:1].isupper()):
            continue  # a unit is followed by a number or a name ("tờ bản đồ" is no "tổ")
        fixed = [_like_case(w, m) for w, m in zip(proper.split(" "), head)]
        return " ".join(fixed + _name_stutter_dropped(proper, words[n:]))
    unit = _unit_by_its_name(words)
    return part if unit is None else " ".join([_like_case(unit, words[0]), *words[1:]])


def _name_stutter_dropped(unit: str, name: list[str]) -> list[str]:
    """A unit's name whose first word OCR read twice, the first time wrong (``huyện Chât Châu
    Đức``) or cut short (``thành phố Vũ Vũng Tàu``): the first reading dropped, where the name
    without it is a unit of that level and with it none."""
    from rapidfuzz.distance import Levenshtein

    first, second = fold(name[0]), fold(name[1]) if len(name) > 1 else ""
    if (
        len(name) >= 3
        and (Levenshtein.distance(first, second) <= 1 or cut_short_of(first, second))
        and not gazetteer.names_a_unit(unit, " ".join(name).rstrip(","))
        and gazetteer.names_a_unit(unit, " ".join(name[1:]).rstrip(","))
    ):
        return name[1:]
    return name


def _unit_by_its_name(words: list[str]) -> str | None:
    """A one-word unit OCR misread a letter of (``xũ Long Hựu``: xã), known by the name after
    it: the one unit, a letter away, that the gazetteer has a place of that name for."""
    if len(words) < 2 or not words[1][:1].isupper():
        return None
    key = fold(words[0])
    near = [
        u
        for u in gazetteer.LEVELS
        if " " not in u
        and len(u) == len(key)
        and sum(a != b for a, b in zip(u, key)) == 1
        and gazetteer.names_a_unit(u, " ".join(words[1:]))
    ]
    return _UNITS[near[0]] if len(near) == 1 else None


_ONE_LIKE = set(confusions.STROKES)  # a 1 read as a letter


def _starts_with_unit(part: str) -> bool:
    words = part.split(" ")
    return any(len(words) > n and fold(" ".join(words[:n])) in _UNITS for n in (1, 2, 3))


def splits_a_unit(line: str, next_line: str) -> bool:
    """Whether a line break cuts an administrative unit of two words in two (``… phường Phú
    Mỹ, Thành`` / ``phố Hồ Chí Minh``): the address goes on in the same part."""
    last, first = line.split()[-1:], next_line.split()[:1]
    return bool(last and first) and f"{fold(last[0])} {fold(first[0])}" in _UNITS


def splits_a_unit_name(line: str, next_line: str) -> bool:
    """Whether a line break cuts a district's or ward's name in two (``…, xã Xuyên`` /
    ``Mộc, Thành phố …``): the name at the end of the line is no unit's of its level, with
    the next line's first words up to its comma it is (the gazetteer)."""
    words = line.split(",")[-1].split()
    rest = next_line.split(",")[0].strip(" .;").split()
    for n in (2, 1):
        unit, name = " ".join(words[:n]), " ".join(words[n:])
        if len(words) > n and fold(unit) in gazetteer.LEVELS:
            return (
                bool(rest)
                and rest[0][:1].isupper()
                and not gazetteer.names_a_unit(unit, name)
                and gazetteer.names_a_unit(unit, f"{name} {' '.join(rest)}")
            )
    return False


def is_unit_word(words: str) -> bool:
    """Whether ``words`` are an administrative unit's word (``Quận``, ``khu phố``, ``Tổ``)."""
    return fold(" ".join(words.split()).rstrip(",;.:")) in _UNITS


def starts_with_unit(text: str) -> bool:
    """Whether ``text`` opens with an administrative unit and a name or number after it
    (``huyện Đất Đỏ``, ``khu phố 1``): the start of an address part."""
    return _starts_with_unit(" ".join(text.split()))


# units whose names are words, never a lone letter (not "khu", "tổ", "ấp", "lô": Khu A, Lô B)
_NAMED_UNITS = {"tinh", "huyen", "quan", "xa", "phuong", "thanh pho", "thi xa", "thi tran"}
# their words as printed, as alternatives of a regular expression (the longest first)
_NAMED_UNIT_WORDS = "|".join(sorted((_UNITS[u] for u in _NAMED_UNITS), key=len, reverse=True))
_ADDRESS_SIGNS = set("-–/&+,.;:()")  # the marks an address writes standing alone
_RULE_LETTERS = set(confusions.STROKES_MARKED)  # a table rule or a speck read as a letter
# words a letter may follow as a name or number (Khu I, Lô B, Dãy A, Tầng I)
_LETTERED = {"khu", "lo", "to", "ap", "day", "block", "nha", "can", "toa", "so", "phong", "tang", "quan", "phuong"}


_SEAL_SCRAP = re.compile(r"[A-ZĐ]+[~^*#@]+[A-ZĐ]*|[A-ZĐ]*[~^*#@]+[A-ZĐ]+")


def _drop_specks(text: str) -> str:
    """Lone letters OCR read from specks or a table rule inside an address: one between an
    administrative unit and its name (``tỉnh R Bà Rịa``, ``tỉnh m Bà Rịa``), or a rule-like
    letter between two words of a name (``Nguyên Ì Thanh Đằng``)."""
    words = text.split(" ")
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if len(w) == 1 and out and nxt and not w.isalnum() and w not in _ADDRESS_SIGNS:
            continue  # a lone mark no address writes ("Số 103 ¡ đường")
        if out and nxt and _SEAL_SCRAP.fullmatch(w) and fold(out[-1]) not in _NAMED_UNITS:
            continue  # capitals run into a sign no word has, a seal's scrap ("xã Phước BK~N Tỉnh")
        if len(w) == 1 and out and nxt[:1].isupper() and nxt[:1].isalpha():
            prev = out[-1]
            unit_before = any(fold(" ".join(out[-n:])) in _NAMED_UNITS for n in (1, 2) if len(out) >= n)
            if w.isalpha() and unit_before and prev[-1:].isalpha():
                continue
            if (
                w in _RULE_LETTERS
                and not unit_before
                and prev[:1].isupper()
                and prev.isalpha()
                and fold(prev) not in _LETTERED
                and not _starts_with_unit(f"{prev} {nxt}")
            ):
                continue
        out.append(w)
    return " ".join(out)


def _colons_mended(text: str) -> str:
    """Colons a speck put inside an address (the value's own label's colon is gone by now): one
    that ends a place's name before the next unit is the comma there (``xã Nghĩa Hưng:
    huyện …``), one on a unit word before its name is nothing (``huyện: Nghĩa Hưng``)."""
    words = text.split(" ")
    for i, w in enumerate(words[:-1]):
        if not w.endswith(":") or len(w) < 2:
            continue
        bare, rest = w[:-1], " ".join(x.rstrip(":") for x in words[i + 1 : i + 4])
        if bare.isalpha() and bare[:1].isupper() and rest[:1].islower() and _starts_with_unit(rest):
            words[i] = bare + ","
        elif bare.isalpha() and bare.islower() and _starts_with_unit(f"{bare} {rest}"):
            words[i] = bare
    return " ".join(words)


# a speck's stop read between the two words of a unit's word ("Thành.phố Hồ Chí Minh")
_UNIT_WORDS_STOPPED = re.compile(r"(?<![^\W\d_])(thành|thị)\.(phố|xã|trấn)(?=\s)", re.IGNORECASE)


_REPEATED_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,}) \1(?![^\W\d_])")


def _drop_stutter(part: str) -> str:
    """An address part that opens with a unit word OCR read twice, the first time wrong
    (``tin tỉnh Bà Rịa``): the first reading dropped (a lower-case word within one letter of
    the unit after it that is no unit itself)."""
    from rapidfuzz.distance import Levenshtein

    words = part.split(" ")
    if (
        len(words) < 3
        or not words[0].isalpha()
        or not words[0].islower()
        or _starts_with_unit(part)
        or not _starts_with_unit(" ".join(words[1:]))
    ):
        return part
    first = fold(words[0])
    if len(first) >= 2 and Levenshtein.distance(first, fold(words[1])) <= 1:
        return " ".join(words[1:])
    return part


# a house number (after "Số" or not) at the start of an address's part, its 1s or 0s read as
# look-alike letters (I, l, |, O): the number has a digit of its own, and no letters but those
_LOOKS_DIGIT = confusions.digit_like(same_shape=True)
# a house number ("Số 12/3"), its slash maybe read as a colon on fax ("73:14": no time in an address)
_HOUSE_NUMBER = re.compile(rf"((?:^|,\s*)(?:[Ss]ố\s+)?)({_LOOKS_DIGIT}+(?:[/:]{_LOOKS_DIGIT}+)*)(?=[\s,]|$)")


# after "Số" and before "/<digits>" a house number's head can only be a number: any letter OCR
# reads for a digit there is that digit ("ss/28"), not only the same-shape ones
_NUMBER_BEFORE_SLASH = re.compile(rf"((?:^|,\s*)[Ss]ố\s+)({confusions.digit_like()}+)(?=/\d)")


def _number_before_slash_digits(m: re.Match) -> str:
    head = m.group(2)
    # "Số B/12", "Số 12B/3": a block's letter, a capital after the number's digits
    if (len(head) < 2 and not head.isdigit()) or re.search(r"\d[A-Z]", head):
        return m.group(0)
    return m.group(1) + confusions.to_digits(head)


def _house_number_digits(m: re.Match) -> str:
    number = m.group(2)
    if not re.search(r"\d", number):
        return m.group(0)
    return m.group(1) + confusions.to_digits(number).replace(":", "/")


# a unit word run into its name by a hyphen, a speck read in the space between them
_UNIT_HYPHEN = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[-–](?=(\w))")


def _unit_hyphen_spaced(m: re.Match) -> str:
    unit, nxt = m.group(1), m.group(2)
    if fold(unit) in _UNITS and (unit.islower() or unit.isupper()) and (nxt.isupper() or nxt.isdigit()):
        return unit + " "
    return m.group(0)


_STREET_WORDS = {"duong", "pho"}
# the street word whose đ lost its bar to OCR ("dường" is no word of an address), before the
# street's name or number
_STREET_BAR_LOST = re.compile(r"(?<![^\W\d_])([Dd])(?=ường\s+(\S+))")


def _street_bar_restored(m: re.Match) -> str:
    after = m.group(2)
    if not (after[:1].isupper() or after[:1].isdigit() or after == "số"):
        return m.group(1)  # "dường như": a word, not a street
    return "Đ" if m.group(1) == "D" else "đ"


# A house number in an alley ("149/39 đường …") whose slash a fax or copy read as a space or a
# stop: two numbers in a row before the street's word have no other reading (no house is
# numbered with a decimal).
_HOUSE_SLASH_LOST = re.compile(r"((?:^|,\s*)(?:[Ss]ố\s+)?)(\d+[A-Z]?)[ .](\d+[A-Z]?)(?= (\w+))")
_ALLEY_STREET_WORDS = _STREET_WORDS | {"hem", "ngo", "kiet"}


def _house_slash_mended(m: re.Match) -> str:
    # (or, after "Số", the street's name itself: "Số 181 28 Nguyễn An Ninh")
    street_named = m.group(1).strip() != "" and fold(m.group(1)).strip(", ") == "so" and m.group(4)[:1].isupper()
    if fold(m.group(4)) not in _ALLEY_STREET_WORDS and not street_named:
        return m.group(0)
    return f"{m.group(1)}{m.group(2)}/{m.group(3)}"


# a capital H whose crossbar a copy lost, its stems read I and l ("Ilai Bà Trưng"): no
# Vietnamese syllable opens "il", so a word that does and spells none is H and the rest
_BROKEN_H = re.compile(r"(?<![^\W\d_])Il([^\W\d_]+)")


def _broken_h_mended(text: str) -> str:
    def mend(m: re.Match) -> str:
        whole, rest = m.group(0), m.group(1)
        return "H" + rest if not is_syllable(whole) and is_syllable("h" + rest) else whole

    return _BROKEN_H.sub(mend, text)


def _street_family_names(text: str) -> str:
    """A street named after a person ("đường Nguyễn Thị Minh Khai", "93 Nguyễn Văn Cừ"):
    the family name's marks put right as a person's are (``names.name_word``), where three
    capitalised words or more follow a street word or a house number (two, "Nguyên Hồng",
    may be a pen name, and a unit's name is the gazetteer's)."""
    words = text.split(" ")
    for i in range(1, len(words) - 2):
        prev = words[i - 1]
        if fold(prev) not in _STREET_WORDS and not any(c.isdigit() for c in prev):
            continue
        run = words[i : i + 3]
        if not all(w.isalpha() and w[:1].isupper() for w in run[:2]) or not run[2][:1].isupper():
            continue
        proper = name_word(words[i], first=True)
        if proper is not None:
            words[i] = _like_case(proper, words[i])
    return " ".join(words)


# a street named after a place ("đường Đô Lương", "đường Hai Bà Trưng" is a person's): its
# whole name, two to four capitalised words up to the part's end
# a street is often named after a place ("đường Đỏ Lương" for Đô Lương); a hospital too, but
# as often after a person (Bệnh viện Từ Dũ): its name is put right only from a place the same
# address names ("Bệnh viện Vũng Tầu, tỉnh Bà Rịa - Vũng Tàu")
_STREET_PLACE = re.compile(r"(?<![^\W\d_])((?:đường|phố|Đường|Phố) )((?:[^\W\d_]+ ){1,3}[^\W\d_]+)(?=,|$)")
_HOSPITAL_PLACE = re.compile(r"(?<![^\W\d_])((?:[Bb]ệnh viện|BỆNH VIỆN) )((?:[^\W\d_]+ ){1,3}[^\W\d_]+)(?=,|$)")


def _street_place_marked(m: re.Match) -> str:
    """A street's name that is no unit's name as read but spells exactly one unit's name (the
    places streets are named after): that name's marks."""
    name = m.group(2)
    if not all(w[:1].isupper() for w in name.split(" ")):
        return m.group(0)
    proper = gazetteer.spelling_anywhere(name)
    return m.group(0) if proper is None else m.group(1) + proper


def _hospital_places_marked(text: str) -> str:
    """``text`` with a hospital's name that is no unit's name as read put right from the one
    unit's name elsewhere in ``text`` that has its letters (marks aside)."""

    def marked(m: re.Match) -> str:
        name = m.group(2)
        if not all(w[:1].isupper() for w in name.split(" ")) or gazetteer.is_unit_name(name):
            return m.group(0)
        words = re.findall(r"[^\W\d_]+", text[: m.start(2)] + " , " + text[m.end(2) :])
        n = len(name.split(" "))
        found = {
            place
            for k in range(len(words) - n + 1)
            if fold(place := " ".join(words[k : k + n])) == fold(name) and gazetteer.is_unit_name(place)
        }
        return m.group(1) + found.pop() if len(found) == 1 else m.group(0)

    return _HOSPITAL_PLACE.sub(marked, text)


# a whole unit word (no abbreviation: "TP." and "Q." keep their stops) with a full stop right
# after it, before its name in capitals: the stop is a speck
_UNIT_WORD_STOP = re.compile(
    rf"(?<![^\s,])((?:{_NAMED_UNIT_WORDS}))\.(?=\s+[A-ZĐÀ-Ỹ])",
    re.IGNORECASE,
)


# the kinds of numbered roads ("Quốc lộ 55", "Tỉnh lộ 44A"), their marks as OCR misread them
_ROADS = {fold(r): r for r in ("Quốc lộ", "Tỉnh lộ", "Huyện lộ", "Hương lộ", "Liên tỉnh lộ")}
_ROAD_KIND = re.compile(r"(?<!\S)((?:[^\W\d_]+ ){1,2}[^\W\d_]+)(?= \d)")


def _road_kind_marked(m: re.Match) -> str:
    words = m.group(1).split(" ")
    for n in (3, 2):
        proper = _ROADS.get(fold(" ".join(words[-n:]))) if len(words) >= n else None
        if proper is not None:
            fixed = [_like_case(p, w) for p, w in zip(proper.split(" "), words[-n:])]
            return " ".join(words[:-n] + fixed)
    return m.group(1)


# a lone figure before a ward's, commune's or larger unit's word opening an address: a speck (a
# house number comes with its street or hamlet, "Số 4, ấp 3", never straight before a ward)
_SPECK_BEFORE_UNIT = re.compile(
    rf"^(?:\d|[^\W\d_])\s+(?=(?:{_NAMED_UNIT_WORDS})\s)",  # (or a lone letter: "Ị xã Vũ Thư")
    re.IGNORECASE,
)


# what an address opens with: a house number's "Số", a unit, a hamlet or a street, or a house
# number with its street ("125 đường …"; not a bare number: "phAfờng 12, Quận 3" is a garbled
# unit word, not a foreign one before "12")
_ADDRESS_OPENING = re.compile(
    r"^(?:so|to|ap|thon|khu|xom|duong|hem|kiet|ngo|ngach|lo|thua)\b|^\d+[\w/-]*\s+(?:duong|pho|hem|ngo|ngach|kiet)\b"
)


FOREIGN_LABEL_WORDS = 4  # an English label's words at most ("Place of permanent residence")


def _foreign_words_before(text: str) -> str:
    """``text`` without the words before its address that no Vietnamese syllable spells
    ("Place, phường 3, …", "Í'lice of residenece Số 183/5 …": the English half of a bilingual
    label, garbled, run into the value); only where what follows opens an address. A short
    word among them may spell a syllable ("Flace ot resiđence 125 đường …": "ót"), so long as
    the first does not and most do not."""
    words = text.split(" ")
    foreign = 0
    for k, word in enumerate(words[:FOREIGN_LABEL_WORDS]):
        letters = re.sub(r"[^\w]|\d|_", "", word)
        if not letters or any(c.isdigit() for c in word) or letters.isupper():
            break  # a number or capitals ("KP", "UBND"): the address itself
        if is_syllable(letters) and not (k == 0 and len(letters) == 1):
            if not k:
                break
        else:
            foreign += 1  # (a lone letter opening them, "ý Plact xù Hải Hậu", is a speck)
        rest = " ".join(words[k + 1 :])
        opens = (
            _starts_with_unit(rest)
            or _ADDRESS_OPENING.match(fold(rest))
            or _unit_by_its_name(rest.split(",")[0].split(" "))
        )
        if 2 * foreign > k + 1 and opens:
            return rest
    return text


# the vowel of "Số" as OCR reads it otherwise before a house number: an o or an e with any
# marks or none (the hat and the acute read as a tilde: "Sẽ 57"); no address opens "Sơ 5"
_SO_MISREAD = "oôồổỗộòỏõọơờởỡợớeèéẻẽẹêềếểễệ"


def tidy_address(value: str, *, letters: bool = True) -> str:
    """An address (or an issuing body) after OCR: stray marks before it dropped, a part
    ended with "." instead of ",", the units' marks restored (and with ``letters``, a unit's
    name with one letter misread put right from the gazetteer: a guess, see
    ``address_guessed``)."""
    text = undouble_vowels(nfc(value))
    while text and not (text[0] == "§" or (text[0].isalnum() and unicodedata.category(text[0]) != "Lm")):
        text = text[1:]  # specks and stray marks before it ("ˆ_ ", "¡")
    text = re.sub(r"^§", "S", text)  # "§ố 195": a section sign for an S
    # "Số" (a house number) with its S read as 8 or 5 (no digit bears a mark) or its ố as ö
    text = re.sub(r"(^|,\s*)[85$]ố(?=\s)", r"\1Số", text)
    text = re.sub(r"(?<![^\W\d_])([Ss])[öÖøØ](?=\s)", lambda m: m.group(1) + "ố", text)
    # "Sổ 88/23", "Sẽ 57": its tone (or its hat, read as a tilde) misread, before a house number
    text = re.sub(
        rf"(^|,\s*)([Ss])[{_SO_MISREAD}](?=\s+\d)",
        lambda m: m.group(1) + (m.group(2) if m.group(1) else "S") + "ố",
        text,
    )
    text = re.sub(r"(^|,\s*)([Ss]ố\s+)[+*'`‘’\"]+(?=\d)", r"\1\2", text)  # "Số +41": a speck before the number
    text = re.sub(r"^\w[,.]\s+", "", text)  # "Z, xã …": a lone letter read from a speck
    # "4 Số 74 23", "ì 4 Số …": no figure goes before a house's Số (nor a lone letter before it)
    text = re.sub(r"^(?:[^\W\d_]\s+)?\d{1,2}\s+(?=[Ss]ố\s+\d)", "", text)
    text = _foreign_words_before(text)  # "Place, phường 3, …": a bilingual label's English
    text = _SPECK_BEFORE_UNIT.sub("", text)  # "4 phường 3, …": no house stands in a ward unnamed
    text = _HOUSE_NUMBER.sub(_house_number_digits, text)  # "Số I7I đường", "2l đường": 171, 21
    text = _NUMBER_BEFORE_SLASH.sub(_number_before_slash_digits, text)  # "Số ss/28": 55/28
    text = _HOUSE_SLASH_LOST.sub(_house_slash_mended, text)  # "149 39 đường": 149/39
    text = _STREET_BAR_LOST.sub(_street_bar_restored, text)  # "dường Nguyễn Trãi"
    text = _broken_h_mended(text)  # "đường Ilai Bà Trưng": Hai
    text = _street_family_names(text)  # "đường Nguyên Thị Minh Khai": Nguyễn
    text = _STREET_PLACE.sub(_street_place_marked, text)  # "đường Đỏ Lương": Đô Lương
    text = _hospital_places_marked(text)  # "Bệnh viện Vũng Tầu, tỉnh Bà Rịa - Vũng Tàu"
    # "Ả Số 172 …": the same, before a house number
    text = re.sub(r"^(?:[^\W\d_]\s+(?=[Ss]ố\s)|[^\W\d_A-Za-z]\s+(?=\d))", "", text)
    text = re.sub(r"\s*\.\s*-\s*", " - ", text)  # "Bà Rịa.- Vũng Tàu"
    text = _UNIT_WORD_STOP.sub(r"\1", text)  # "tỉnh. Bà Rịa": a speck after a unit's word
    text = _UNIT_WORDS_STOPPED.sub(lambda m: m.group(1) + " " + m.group(2), text)  # "Thành.phố"
    text = _ROAD_KIND.sub(_road_kind_marked, text)  # "Tình lộ 44A": Tỉnh lộ
    text = _UNIT_HYPHEN.sub(_unit_hyphen_spaced, text)  # "huyện-Hải Hậu": a speck for the space
    text = _drop_specks(_colons_mended(text))
    text = _REPEATED_WORD.sub(r"\1", text)  # "Thành phố phố Hồ Chí Minh": a word read twice
    parts = [_drop_stutter(_speck_before_unit_dropped(p)) for p in re.split(r"\s*,\s*", text)]
    if len(parts) >= 2 and len(parts[-1].split()) <= 2 and not names_a_province(parts[-1]):
        # "tỉnh Bà Rịa - Vũng, Tàu": a speck read as a comma inside the province's name
        if names_a_province(f"{parts[-2]} {parts[-1]}") and not names_a_province(parts[-2]):
            parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    out = []
    for part in parts:
        # "huyện Đất Đỏ. tỉnh Bà Rịa": a full stop (or a semicolon) where a comma belongs, before a unit
        pieces = re.split(r"[.;]\s+(?=\S)", part)
        if len(pieces) > 1 and all(_starts_with_unit(p) for p in pieces[1:]):
            out.extend(pieces)
        else:
            out.extend(_province_split(part))
    # each part as its issuing body's words ("Ủy ban nhân dân", an issuer's) and its unit's
    parts = [_agency_split(part) for part in _city_unit_mended(_names_rejoined(_agency_joined(out)))]
    parts = [(agency, _tidy_unit(unit)) for agency, unit in parts]
    province = None
    if parts and not parts[-1][0]:
        last, province = _tidy_province(parts[-1][1])
        if province is None and letters:
            last, province = _province_head_lost(last, [u for _, u in parts[:-1]])
        parts[-1] = ("", last)
    if province is not None:  # the province's part is no district's or ward's
        parts = [(a, _unit_named(u, province, letters)) for a, u in parts[:-1]] + parts[-1:]
    else:
        parts = [(a, _unit_named(u, None)) for a, u in parts]
    return nfc(", ".join(" ".join(filter(None, p)) for p in parts if any(p)))


def _speck_before_unit_dropped(part: str) -> str:
    """``.huyện Đất Đỏ``: a speck read as punctuation before a part's unit word."""
    rest = re.sub(r"^[^\w\s]+(?=\w)", "", part)
    return rest if rest != part and _starts_with_unit(rest) else part


def _agency_joined(parts: list[str]) -> list[str]:
    """A part that is the issuing body's words alone (``ỦY BAN NHÂN DÂN. PHƯỜNG …``: a speck
    after them read as a stop or a comma) joined to the unit after it: the body names no place."""
    out: list[str] = []
    for part in parts:
        if out and fold(out[-1]) == fold(_AGENCY_PREFIX) and _starts_with_unit(part):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _agency_split(part: str) -> tuple[str, str]:
    """``Ủy ban nhân dân phường 1`` → (``Ủy ban nhân dân``, ``phường 1``), the body's words in
    their official spelling (case kept); ("", part) for a part that names no such body."""
    words = part.split(" ")
    if len(words) > 4 and fold(" ".join(words[:4])) == fold(_AGENCY_PREFIX):
        return " ".join(_like_case(w, m) for w, m in zip(_AGENCY_PREFIX.split(" "), words[:4])), " ".join(words[4:])
    return "", part


def address_guessed(value: str) -> bool:
    """Whether tidying the address ``value`` puts a unit's letter right by a guess (the one unit
    of the province one letter away): the caller flags it for review."""
    return tidy_address(value) != tidy_address(value, letters=False)


def _digits_as_letters(name: list[str]) -> list[str]:
    """A unit's name with a letter OCR read as a digit inside a word of letters (``quận 6ò
    Vấp``: ``confusions.DIGIT_FOR_LETTER``) put back where that spells a unit's name; numbered
    units ("phường 10A") stay."""
    read = [confusions.to_letters(w) if re.search(r"\d", w) and re.search(r"[^\W\d_]", w) else w for w in name]
    joined = " ".join(read).rstrip(".,;")
    if read != name and (gazetteer.is_unit_name(joined) or gazetteer.spelling_anywhere(joined)):
        return read
    return name


def _cased_as_read(proper: list[str], read: list[str]) -> list[str]:
    """The official spelling's words in the case of the words read (the words past those read
    in the case of the last)."""
    return [_like_case(p, read[min(i, len(read) - 1)].rstrip(".,;")) for i, p in enumerate(proper)]


def _unit_named(part: str, province: str | None, letters: bool = False) -> str:
    """A district's or ward's name after its unit word with the marks OCR misread put right
    from the gazetteer (``huyện Xuyên Mộc``), with ``letters`` and the province known also one
    letter (``quận Gò Vấn`` → ``Gò Vấp``); else as read."""
    words = part.split(" ")
    for n in (2, 1):
        head = " ".join(words[:n])
        if len(words) > n and fold(head) in gazetteer.LEVELS:
            name = _rejoined(words[n:], lambda joined, _: gazetteer.is_unit_name(" ".join(joined).rstrip(".,;")))
            name = _digits_as_letters(name)
            words = words[:n] + name
            proper = gazetteer.unit_name(head, " ".join(name), province)
            if proper is None and letters and province is not None:
                proper = gazetteer.unit_name_one_letter_off(head, " ".join(name), province)
                # or cut short ("thị xã Phú, tỉnh Bà Rịa - Vũng Tàu": its "Mỹ" lost)
                whole = gazetteer.unit_name_tail_lost(head, " ".join(name).rstrip(".,;"), province)
                if proper is None and whole is not None:
                    tail = " ".join(name)[len(" ".join(name).rstrip(".,;")) :]
                    return " ".join([*words[:n], *_cased_as_read(whole.split(" "), name)]) + tail
            if proper is None and gazetteer.is_unit_name(" ".join(name).rstrip(".,;")):
                # a unit's name as read but for a word's capital OCR read small ("xã long Mỹ"):
                # place names capitalise every word
                return " ".join(words[:n] + [w[:1].upper() + w[1:] if w[:1].isalpha() else w for w in name])
            if proper is None or len(proper.split(" ")) != len(name):
                return " ".join(words)
            # (a word read in lower case lost its capital: the official spelling's case)
            cased = [_like_case(p, w) if w[:1].isupper() else p for p, w in zip(proper.split(" "), name)]
            return " ".join(words[:n] + cased)
    # a unit at the end of a facility's name ("Trung tâm Y tế huyện Châu Đức", "Trạm Y tế xã …")
    for k in range(len(words) - 2, 0, -1):
        if words[k] in _UNITS_IN_NAMES or " ".join(words[k : k + 2]) in _UNITS_IN_NAMES:
            return " ".join([*words[:k], _unit_named(" ".join(words[k:]), province, letters)])
    return part


_UNITS_IN_NAMES = {"huyện", "quận", "xã", "phường", "thị xã", "thị trấn"}  # lower case, as inside a name


_PROVINCE_UNITS = ("tinh", "thanh pho", "tp", "tp.")
_CITIES = {fold(c) for c in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")}  # centrally-run


def _is_city(text: str) -> bool:
    return fold(province_name(text) or "") in _CITIES


def _opens_with_lower_unit(words: list[str]) -> bool:
    """Whether an address's part opens with a unit below a province (``quận Bình Thạnh``,
    ``huyện Long Điền``): a district's or ward's name however near a province's it reads
    (``quận Bình`` cut short is one letter from ``Quảng Bình``)."""
    return any(
        len(words) > n and (unit := fold(" ".join(words[:n]))) in _UNITS and unit not in _PROVINCE_UNITS
        for n in (1, 2, 3)
    )


def names_a_province(part: str) -> bool:
    """Whether an address's part names a province: ``tỉnh Bà Rịa - Vũng Tàu``, a centrally-run
    city (``Thành phố Hồ Chí Minh``) or a province's name alone; a city that shares its
    province's name (``thành phố Thanh Hóa``) is none."""
    words = part.split(" ")
    if _opens_with_lower_unit(words):
        return False
    for n in (2, 1):
        unit = fold(" ".join(words[:n]))
        if len(words) > n and unit in _PROVINCE_UNITS:
            rest = " ".join(words[n:])
            return province_name(rest) is not None if unit == "tinh" else _is_city(rest)
    return province_name(part) is not None


def _province_split(part: str) -> list[str]:
    """A unit's part that runs on into the province where OCR lost the comma between them
    (``thành phố Vũng Tàu tình Bà Rịa - Vũng Tàu``): the two parts. Only inside a part that
    opens with a unit of its own, so an issuing body (``Ủy ban nhân dân tỉnh …``) stays whole."""
    words = part.split(" ")
    if not _starts_with_unit(part):
        return [part]
    for i in range(2, len(words) - 1):
        unit = fold(words[i]) == "tinh" or fold(" ".join(words[i : i + 2])) == "thanh pho"
        if unit and names_a_province(" ".join(words[i:])):
            return [" ".join(words[:i]), " ".join(words[i:])]
    return [part]


def _names_rejoined(parts: list[str]) -> list[str]:
    """A unit's name OCR cut in two with a comma (``xã Xuyên, Mộc``: a speck read as one): the
    parts joined again where the gazetteer knows the whole name at the unit's level and not
    its first half, and the second half opens no unit of its own."""
    out: list[str] = []
    for part in parts:
        if out and part and not _starts_with_unit(part) and part.replace(" ", "").isalpha():
            words = out[-1].split(" ")
            for n in (2, 1):
                unit, name = " ".join(words[:n]), " ".join(words[n:])
                if (
                    len(words) > n
                    and fold(unit) in gazetteer.LEVELS
                    and not gazetteer.names_a_unit(unit, name)
                    and gazetteer.names_a_unit(unit, f"{name} {part}")
                ):
                    out[-1] = f"{out[-1]} {part}"
                    break
            else:
                out.append(part)
            continue
        out.append(part)
    return out


def _city_unit_mended(parts: list[str]) -> list[str]:
    """``Thành phố`` before a centrally-run city's name where OCR lost its ``phố`` (``…,
    Thành`` / ``Hồ Chí Minh``, joined as a new part, or ``Thành Hồ Chí Minh``): no place is
    called "Thành" before a city's name."""
    out: list[str] = []
    for part in parts:
        words = part.split(" ")
        if len(words) > 1 and fold(words[0]) == "thanh" and fold(words[1]) != "pho" and _is_city(" ".join(words[1:])):
            part = " ".join([words[0], "PHỐ" if words[0].isupper() else "phố"] + words[1:])
        elif out and fold(out[-1]) == "thanh" and _is_city(part):
            head = out.pop()
            part = f"{head} {'PHỐ' if head.isupper() else 'phố'} {part}"
        out.append(part)
    return out


def _province_head_lost(part: str, others: list[str]) -> tuple[str, str | None]:
    """A province whose first words OCR lost (``tỉnh An`` for Nghệ An or Long An): the one
    province ending so that has the address's district or ward, from the gazetteer; else the
    part as read. A guess (the unit may be a namesake): see ``address_guessed``."""
    words = part.split(" ")
    if len(words) < 2 or fold(words[0]) != "tinh":
        return part, None
    tail = _folded_words(" ".join(words[1:]))
    ends = {p for p in PROVINCES if _folded_words(p)[-len(tail) :] == tail and len(_folded_words(p)) > len(tail)}
    known = [
        having
        for unit, name in map(_unit_and_name, others)
        if unit and (having := gazetteer.provinces_with(unit, name))
    ]
    for having in known:  # (a unit the gazetteer does not know says nothing)
        ends = {p for p in ends if fold(p) in having}
    if not known or len(ends) != 1:
        return part, None
    (name,) = ends
    return f"{words[0]} {name}", name


def _unit_and_name(part: str) -> tuple[str, str]:
    """(``huyện``, ``Hưng Nguyên``) of an address part that opens with a unit word; else ("", "")."""
    words = part.split(" ")
    for n in (2, 1):
        if len(words) > n and fold(" ".join(words[:n])) in gazetteer.LEVELS:
            return " ".join(words[:n]), " ".join(words[n:])
    return "", ""


def _folded_words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).split()


def _tidy_province(part: str) -> tuple[str, str | None]:
    """The last part of an address names the province (``tỉnh Bà Rịa - Vũng Tàu``, ``Thành
    phố Hồ Chí Minh``, or the name alone): its official spelling where OCR lost a hyphen or a
    mark, and the province (None: the part names none; a city or district that is not a
    province, ``thành phố Bà Rịa``, is left alone)."""
    words = part.split(" ")
    if _opens_with_lower_unit(words):
        return part, None
    for n in (2, 1):
        if len(words) > n and fold(" ".join(words[:n])) in _PROVINCE_UNITS:
            name = province_name(" ".join(words[n:]), cut_off=fold(" ".join(words[:n])) == "tinh")
            return (part, None) if name is None else (" ".join(words[:n] + [name]), name)
    name = province_name(part)
    if name is None and len(words) > 1 and one_letter_off("tinh", fold(words[0])):
        # "linh Bà Rịa - Vũng Tàu": the unit's word one letter off (a fax's t read as l)
        name = province_name(" ".join(words[1:]), cut_off=True)
        if name is not None:
            return f"{'TỈNH' if words[0].isupper() else 'tỉnh'} {name}", name
    return (part, None) if name is None else (name, name)


# The stock words of Vietnamese company names: OCR slips in them (GÔNG TY, THƯƠNG MẠT) are
# mended to within one letter of the folded wording.
_COMPANY_WORDS = tuple(
    sorted(
        (
            "công ty",
            "cổ phần",
            "trách nhiệm hữu hạn",
            "một thành viên",
            "hai thành viên trở lên",
            "thương mại",
            "dịch vụ",
            "xây dựng",
            "đầu tư",
            "sản xuất",
            "xuất nhập khẩu",
            "phát triển",
            "vận tải",
            "du lịch",
            "công nghệ",
            "kỹ thuật",
            "thực phẩm",
            "hộ kinh doanh",
            "tư vấn",
            "bất động sản",
            "nông nghiệp",
            "thủy sản",
            "doanh nghiệp tư nhân",
            "hợp tác xã",
            "chi nhánh",
            "văn phòng đại diện",
            "địa điểm kinh doanh",
            "tập đoàn",
            "tổng công ty",
        ),
        key=lambda w: -len(w.split()),
    )
)


# Stock phrases of what administrative decisions are about (their "Về việc …"): OCR slips in
# the marks (vỉ phạm, chỉ phí, hãng tháng) are mended where the words spell the phrase.
_SUBJECT_WORDS = tuple(
    sorted(
        (
            "vi phạm hành chính",
            "xử phạt",
            "chi phí",
            "kinh phí",
            "hằng tháng",
            "trợ cấp",
            "hỗ trợ",
            "thu hồi đất",
            "giao đất",
            "cho thuê đất",
            "chuyển mục đích sử dụng đất",
            "sửa chữa",
            "nhà ở",
            "mai táng",
            "giao thông",
            "bảo trợ xã hội",
            "khen thưởng",
            "kỷ luật",
            "bổ nhiệm",
            "giấy chứng nhận",
            "quyền sử dụng đất",
            "bồi thường",
            "tái định cư",
            "giải phóng mặt bằng",
            "xây dựng",
            "người có công",
            "hộ nghèo",
            "hộ cận nghèo",
            "hòa giải",
        ),
        key=lambda w: -len(w.split()),
    )
)


def tidy_subject(value: str) -> str:
    """What a decision is about, with OCR slips in the marks of its stock phrases mended
    (case kept); other words as read."""
    return _mend_phrases(value, _SUBJECT_WORDS, fuzzy=False)


# a speck read as a stop between two words in capitals ("TNHH.CƠ KHÍ"); initials and short
# abbreviations keep theirs ("T.M", "XD.TM")
_STOP_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_]{3})\.(?=[^\W\d_]{2})")


def _stop_read_between_words(m: re.Match) -> str:
    around = m.string[m.start() - 3 : m.start()] + m.string[m.end() : m.end() + 2]
    return " " if around.isupper() else "."


def tidy_company(value: str) -> str:
    """A company name with OCR slips in its stock words mended (case kept)."""
    mended = _mend_phrases(_STOP_BETWEEN_WORDS.sub(_stop_read_between_words, nfc(value)), _COMPANY_WORDS, fuzzy=True)
    return _phrase_ends_restored(mended)


def _phrase_ends_restored(value: str) -> str:
    """A stock phrase of three words or more whose last word OCR lost ("CÔNG TY TRÁCH NHIỆM
    HỮU THỰC PHẨM": HẠN gone) with that word put back, in the case of the word before it: the
    phrase's other words say which it is."""
    words = value.split(" ")
    while True:
        # (a phrase ending at its own punctuation is not cut short there)
        cut = next((c for c in _phrases_cut_short(words) if words[c[0] - 1] == words[c[0] - 1].rstrip(",;.:")), None)
        if cut is None:
            return " ".join(words)
        end, phrase = cut
        words = [*words[:end], _like_case(phrase.split(" ")[-1], words[end - 1]), *words[end:]]


def _phrases_cut_short(words: list[str]):
    """(where its last word should stand, the phrase) for each stock company phrase of three
    words or more that ``words`` hold all but the last word of ("TRÁCH NHIỆM HỮU" then no HẠN)."""
    folded = [fold(w).strip(",;.:") for w in words]
    for phrase in _COMPANY_WORDS:
        want = fold(phrase).split()
        n = len(want)
        if n < 3:
            continue
        for i in range(len(folded) - n + 2):
            if folded[i : i + n - 1] == want[:-1] and folded[i + n - 1 : i + n] != want[-1:]:
                yield i + n - 1, phrase


_SIGNS_IN_NAMES = set("&-–.,()/'’+:;\"“”")  # what a company's name or a subject prints beside words


def company_garbled(value: str) -> bool:
    """Whether a company's name (as tidied) shows OCR lost or garbled part of it, so that it is
    for review rather than sure: a word with Vietnamese marks that no Vietnamese syllable spells
    (``HHẾ``), a lone vowel with two marks (``Ầ``: a piece of a word), a sign no name prints
    (``\\``), or a stock phrase of three words or more whose last word is missing
    (``TRÁCH NHIỆM HỮU`` then no ``HẠN``)."""
    words = nfc(value).split()
    for w in words:
        bare = w.strip("".join(_SIGNS_IN_NAMES))
        if any(not (c.isalnum() or c in _SIGNS_IN_NAMES) for c in w):
            return True
        if not bare or not bare.isalpha() or bare.isascii():
            continue
        if not is_syllable(bare):
            return True
        if len(bare) == 1 and len(unicodedata.normalize("NFD", bare)) > 2:
            return True
    return next(_phrases_cut_short(words), None) is not None


def _mend_phrases(value: str, phrases: tuple[str, ...], fuzzy: bool) -> str:
    """Stock phrases in ``value`` written as they are spelt where OCR's reading of them folds
    to the same letters (or, ``fuzzy``, within one letter of a phrase of 7 letters or more);
    the punctuation after a phrase and the case of each word kept."""
    from rapidfuzz.distance import Levenshtein

    words = nfc(value).split(" ")
    i = 0
    while i < len(words):
        for phrase in phrases:
            n = len(phrase.split(" "))
            head = words[i : i + n]
            if len(head) < n:
                continue
            last = head[-1].rstrip(",;.:")
            tail = head[-1][len(last) :]
            head = head[:-1] + [last]
            got = fold(" ".join(head))
            want = fold(phrase)
            # (within one letter, or one letter a scan split in two: "HỮU ILAN" for HỮU HẠN)
            near = (
                fuzzy
                and len(want) >= 7
                and (Levenshtein.distance(got, want) <= 1 or want in confusions.letters_joined(got))
            )
            if got != want and not near:
                continue
            if " ".join(head).lower() != phrase:
                fixed = [_like_case(w, m) for w, m in zip(phrase.split(" "), head)]
                words[i : i + n] = fixed[:-1] + [fixed[-1] + tail]
            i += n - 1
            break
        i += 1
    return " ".join(words)


# The tidyings a catalogue field may ask for by name (its `tidy` key) beyond its kind's own:
# an issuing body is tidied as an address is, a company name and a subject by their phrases.
# Parts of a document's symbol whose Đ lost its bar to OCR: no symbol spells them with a D
# (QĐ quyết định, HĐND hội đồng nhân dân); "HD" (hướng dẫn) and "ND" inside UBND are real.
_BAR_LOST = {"QD": "QĐ", "HDND": "HĐND"}
# The Q of QĐ read as a 0 or another round sign OCR reads for a 0 ("1313/0Đ-UBND"), or as a G
# before a barred Đ (its tail taken for the G's bar: "1353/2022/GĐ-UBND"; "GD", giáo dục, is
# real): no other part of a symbol is a round letter and a Đ
_ROUND = "".join(sorted({"0", *(c for c, d in confusions.LETTER_FOR_DIGIT.items() if d == "0")} - {"Q", "D"}))
_ROUND_BEFORE_D = re.compile(rf"(?<=[/-])(?:[{re.escape(_ROUND)}][ĐD]|GĐ)(?=[/-]|$)")


def tidy_document_number(value: str) -> str:
    """A document's number and symbol (``1088/2022/QD-UBND``) with the bar of a Đ put back, and
    a capital a degraded scan broke in two put back (``QI.ĐT``: ``confusions.BROKEN_CAPITAL``)."""
    value = re.sub(r"(?<=[/-])[^/-]+", lambda m: confusions.capitals_rejoined(m.group(0)) or m.group(0), value)
    value = _ROUND_BEFORE_D.sub("QĐ", value)
    value = _YEAR_LOOK_ALIKES.sub(_year_in_figures, value)
    return re.sub(r"(?<=[/-])[A-Z]+(?=[/-]|$)", lambda m: _BAR_LOST.get(m.group(0), m.group(0)), value)


# a symbol's year with a figure read as its look-alike letter ("/2o26/", "/2O21/")
_YEAR_LOOK_ALIKES = re.compile(rf"(?<=/){confusions.digit_like(same_shape=True)}{{4}}(?=/)")


def _year_in_figures(m: re.Match) -> str:
    year = confusions.to_digits(m.group(0))
    return year if re.fullmatch(r"(?:19|20)\d\d", year) and sum(c.isdigit() for c in m.group(0)) >= 2 else m.group(0)


TIDIERS = {"name": tidy_name, "address": tidy_address, "company": tidy_company, "subject": tidy_subject}
