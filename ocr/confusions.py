"""What Tesseract reads for what: the one table of OCR confusions, and the one repair.

Every place that puts an OCR slip right from a value's structure uses these: the readers of
numbers (a letter read for a digit), the dossier code and the MRZ (a digit read for a letter
where only a letter may stand), the identifier repairs (a digit read for another on fax and
legacy scans, a capital read for another in small print) and the fuzzy fold of labels. A
caller that needs fewer of them says so in its call (``into="0"``, ``same_shape=True``,
``positions=``); there is no second table.

``repair(value, check)`` tries the readings that differ from ``value`` by the fewest
confusable characters (one change, then two when allowed) and returns a reading only when
exactly one passes ``check``.

Lives in ``ocr/`` because the MRZ re-read uses it; ``digitize`` imports it from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations, product

from ocr.syllables import is_syllable

# --------------------------------------------------------------------------- the table

# A letter or sign read for a digit inside a number (read → printed). ``same shape``: drawn
# like the digit in print (O/o for 0; I, l, i, |, ! for 1): what matching of words merges too.
# The others are worn or broken strokes (Q, D, ø for 0; ] for 1; Z 2, S 5, G/b 6, B 8, g 9).
_LETTER_FOR_DIGIT = (
    # read, printed, same shape
    ("O", "0", True),
    ("o", "0", True),
    ("Q", "0", False),
    ("q", "0", False),
    ("D", "0", False),
    ("Ø", "0", False),
    ("ø", "0", False),
    ("θ", "0", False),
    ("I", "1", True),
    ("l", "1", True),
    ("i", "1", True),
    ("|", "1", True),
    ("!", "1", True),
    ("]", "1", False),
    ("Z", "2", False),
    ("z", "2", False),
    ("S", "5", False),
    ("s", "5", False),
    ("G", "6", False),
    ("b", "6", False),
    ("B", "8", False),
    ("g", "9", False),
)
LETTER_FOR_DIGIT: dict[str, str] = {read: digit for read, digit, _ in _LETTER_FOR_DIGIT}
SAME_SHAPE: dict[str, str] = {read: digit for read, digit, same in _LETTER_FOR_DIGIT if same}

# A digit read where only a capital letter may stand (an agency letter, the MRZ's letters):
# read → the capital it stands for.
DIGIT_FOR_LETTER: dict[str, str] = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}

# The machine-readable zone's OCR-B font adds its own: an L read for a 1, a 4 for an A.
OCR_B_LETTER_FOR_DIGIT: dict[str, str] = LETTER_FOR_DIGIT | {"L": "1"}
OCR_B_DIGIT_FOR_LETTER: dict[str, str] = DIGIT_FOR_LETTER | {"4": "A"}

# Digits read for one another on fax, photocopy and legacy scans (both ways): a closed or
# broken loop (0/6, 0/8, 0/9, 6/8, 8/9), a lost or added bar (1/7, 5/6), a half-filled 3 or 8;
# less often a 3 and a 5 (the top bar). Not 6/9 (one is the other turned over, not a look-alike
# upright: taking it made a misread ID year of birth "put right" a good date of birth in the
# extraction bench), not 0/5 and not 1/4.
_DIGIT_PAIRS = (
    # pair, common
    ("06", True),
    ("08", True),
    ("09", True),
    ("68", True),
    ("89", True),
    ("17", True),
    ("56", True),
    ("38", True),
    ("35", False),
)


def _both_ways(pairs: list[str]) -> dict[str, str]:
    out = {d: "".join(sorted({p[1 - p.index(d)] for p in pairs if d in p})) for d in "0123456789"}
    return {d: alts for d, alts in out.items() if alts}


DIGIT_FOR_DIGIT: dict[str, str] = _both_ways([p for p, _ in _DIGIT_PAIRS])
# The commonest only: where a repair tries many positions, each pair more makes a unique
# reading rarer (a personal ID's head: 055… is 056… by 5/6, but 035… too by 3/5).
COMMON_DIGIT_FOR_DIGIT: dict[str, str] = _both_ways([p for p, common in _DIGIT_PAIRS if common])

# Capitals read for one another in small print (read → what it may have been).
LETTER_FOR_LETTER: dict[str, str] = {
    "I": "TLJ",
    "T": "I",
    "L": "I",
    "J": "I",
    "O": "DC",
    "D": "O",
    "C": "GO",
    "G": "C",
    "H": "N",
    "N": "H",
    "K": "X",
    "X": "K",
    "V": "Y",
    "Y": "V",
}

# Capitals whose small letter is the same drawing made smaller, read in lower case where the
# size of one letter is all that tells them apart ("cQ 354460" for the serial CQ 354460).
SMALL_FOR_CAPITAL: dict[str, str] = {c.lower(): c for c in "CKOSUVWXZ"}

# A capital read as two signs where a degraded scan broke its strokes apart (read → printed): an
# A whose apex and right leg were read as "." and a backslash, or its leg alone ("PH.VM" for
# PHAM, "HÒ.\" for HÒA, "L.\N" for LAN, "KH\I" for KHAI). Vietnamese has no backslash. An L
# whose foot broke off was read as an I and a full stop, inside a word only ("I.ê" for Lê,
# "QI.ĐT" for QLĐT): a stop at a word's end is a stop.
BROKEN_CAPITAL: dict[str, str] = {".V": "A", ".\\": "A", "/\\": "A", "\\": "A", "I.": "L"}
_BROKEN = re.compile(
    "|".join(
        re.escape(k) + (r"(?=[^\W\d_])" if k.endswith(".") else "")
        for k in sorted(BROKEN_CAPITAL, key=len, reverse=True)
    )
)

# A letter read as two where a degraded scan split its strokes (read → printed): an n whose
# arch broke from its stem ("thàrih" for thành), an m read as r and n, a U whose bowl a fax
# broke into its two stems ("KHIIÊ" for KHUÊ; compared folded, so lower case here), an H whose
# crossbar a copy lost, its stems read I and l ("HỮU ILAN" for HỮU HẠN, "Ilai Bà Trưng").
SPLIT_LETTER: dict[str, str] = {"ri": "n", "rn": "m", "ii": "u", "il": "h"}


def letters_joined(word: str) -> set[str]:
    """``word`` with one letter read as two put back (``SPLIT_LETTER``), each way it can be; the
    letter put back in capitals where the two were ("KHIIÊ" → "KHUÊ", "ilai" → "hai")."""
    low = word.lower()
    return {
        word[:i] + (one.upper() if word[i : i + len(two)].isupper() else one) + word[i + len(two) :]
        for two, one in SPLIT_LETTER.items()
        for i in range(len(low))
        if low.startswith(two, i)
    }


TABLES: dict[str, Mapping[str, str]] = {
    "letter_for_digit": LETTER_FOR_DIGIT,
    "digit_for_letter": DIGIT_FOR_LETTER,
    "digit_for_digit": DIGIT_FOR_DIGIT,
    "common_digit_for_digit": COMMON_DIGIT_FOR_DIGIT,
    "letter_for_letter": LETTER_FOR_LETTER,
    "small_for_capital": SMALL_FOR_CAPITAL,
    "split_letter": SPLIT_LETTER,
    "ocr_b_letter_for_digit": OCR_B_LETTER_FOR_DIGIT,
    "ocr_b_digit_for_letter": OCR_B_DIGIT_FOR_LETTER,
}

# What OCR reads for a 1, a table rule or a speck: a lone upright stroke (I, l, i, |, !); with
# a mark above it, an accented I too.
STROKES = "".join(read for read, digit in SAME_SHAPE.items() if digit == "1")
STROKES_MARKED = STROKES + "ÌÍìí"

# A slash between letters is read as a lone stroke as often as not ("VIv" for V/v): its
# look-alike in fuzzy matching of labels (digitize.understand.textmatch).
SLASH_STROKE = "l"

# A Danish o with its stroke, which Vietnamese never uses: OCR's reading of an o with its marks
# ("sø." for Số): an o wherever text is folded for comparison.
O_WITH_STROKE = "øØ"

# Signs from other scripts OCR reads for a slash: the fraction, division and big solidus.
SLASHES = "\u2044\u2215\u29f8"
TO_SLASH = str.maketrans(dict.fromkeys(SLASHES, "/"))
# What OCR reads for the machine-readable zone's filler ``<`` (« is two of them).
TO_FILLER = str.maketrans({"«": "<<", "‹": "<", "≤": "<", "〈": "<", "(": "<", "{": "<", "[": "<"})

TO_DIGIT = str.maketrans(LETTER_FOR_DIGIT)
TO_LETTER = str.maketrans(DIGIT_FOR_LETTER)
OCR_B_TO_DIGIT = str.maketrans(OCR_B_LETTER_FOR_DIGIT)
OCR_B_TO_LETTER = str.maketrans(OCR_B_DIGIT_FOR_LETTER)


def digit_like(*, same_shape: bool = False) -> str:
    """A regular-expression class of a digit or a character OCR reads for one: ``[0-9Oo…]``."""
    table = SAME_SHAPE if same_shape else LETTER_FOR_DIGIT
    return "[0-9" + re.escape("".join(table)) + "]"


def to_digits(text: str) -> str:
    """Every character OCR reads for a digit turned into that digit (same length)."""
    return text.translate(TO_DIGIT)


def to_letters(text: str) -> str:
    """Every digit that stands for a capital letter turned into that letter (same length)."""
    return text.translate(TO_LETTER)


def fold_map(*, same_shape: bool = True) -> dict[str, str]:
    """Lower-case characters merged with a digit for fuzzy matching of words: each digit and its
    look-alikes map to one letter (``0``/``o`` → ``o``; ``1``/``l``/``i``/``|``/``!`` → ``i``)."""
    table = SAME_SHAPE if same_shape else LETTER_FOR_DIGIT
    out: dict[str, str] = {}
    for digit in sorted(set(table.values())):
        lows = [r.lower() for r in table if table[r] == digit]
        letters = [c for c in lows if c.isalpha()]
        if not letters:
            continue
        rep = "i" if "i" in letters else letters[0]
        for c in [digit, *lows]:
            if c != rep:
                out[c] = rep
    return out


def capitals_rejoined(word: str) -> str | None:
    """``word`` with its broken capitals (``BROKEN_CAPITAL``) put back, when that leaves a word
    of letters (and its trailing punctuation); else None. A ".V" only among capitals: in
    "ông.Văn" it is a full stop OCR glued to the next word."""
    found = list(_BROKEN.finditer(word))
    if not found:
        return None
    if any(m.group(0) == "I." and _two_words_at(word, m.start() + 1) for m in found):
        return None
    joined = _BROKEN.sub(lambda m: BROKEN_CAPITAL[m.group(0)], word)
    bare = joined.rstrip(",;.:")
    if len(bare) < 2 or not bare.isalpha():
        return None
    if "\\" in word or bare.isupper():
        return joined
    # an L broken in a word in title case ("I.ê"): where that spells a syllable
    l_only = all(m.group(0) == "I." for m in found)
    return joined if l_only and bare[0].isupper() and bare[1:].islower() and is_syllable(bare) else None


def _two_words_at(word: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` may end a word, the next glued to it ("CHI.NHÁNH",
    "PHI.Văn"): a word of two letters or more before it and a capitalised one after, both
    syllables."""
    before = re.search(r"[^\W\d_]+$", word[:stop])
    after = re.match(r"[^\W\d_]+", word[stop + 1 :])
    return (
        before is not None
        and after is not None
        and len(before.group(0)) >= 2
        and after.group(0)[0].isupper()
        and is_syllable(before.group(0))
        and is_syllable(after.group(0))
    )


# --------------------------------------------------------------------------- the repair


def alternatives(ch: str, table: Mapping[str, str] | str = DIGIT_FOR_DIGIT, into: str | None = None) -> str:
    """What ``ch`` may have been, by ``table`` (a mapping or the name of one), keeping only the
    characters in ``into`` when given."""
    if isinstance(table, str):
        table = TABLES[table]
    alts = table.get(ch, "")
    return "".join(a for a in alts if into is None or a in into)


def readings(
    value: str,
    changes: int,
    *,
    table: Mapping[str, str] | str = DIGIT_FOR_DIGIT,
    positions: Iterable[int] | None = None,
    into: str | None = None,
):
    """Every reading of ``value`` with exactly ``changes`` confusable characters changed."""
    where = range(len(value)) if positions is None else [p for p in positions if 0 <= p < len(value)]
    spots = [(p, alts) for p in where if (alts := alternatives(value[p], table, into))]
    for chosen in combinations(spots, changes):
        for subs in product(*(alts for _, alts in chosen)):
            chars = list(value)
            for (p, _), sub in zip(chosen, subs):
                chars[p] = sub
            yield "".join(chars)


def repair(
    value: str,
    check: Callable[[str], bool],
    *,
    table: Mapping[str, str] | str = DIGIT_FOR_DIGIT,
    max_changes: int = 1,
    positions: Iterable[int] | None = None,
    into: str | None = None,
) -> str | None:
    """The one reading of ``value`` that passes ``check`` with the fewest confusable characters
    changed (by ``table``, at ``positions``, into the characters of ``into`` only), trying one
    change, then two, … up to ``max_changes``. None when no reading passes, or when more than
    one passes with the fewest changes (a guess between two is no repair). ``value`` itself is
    not tried."""
    positions = None if positions is None else list(positions)
    for changes in range(1, max_changes + 1):
        passing = {r for r in readings(value, changes, table=table, positions=positions, into=into) if check(r)}
        if passing:
            return passing.pop() if len(passing) == 1 else None
    return None


def one_confusion_apart(a: str, b: str, table: Mapping[str, str] | str = DIGIT_FOR_DIGIT) -> bool:
    """Whether ``b`` is ``a`` with exactly one character changed for one OCR confuses it with."""
    return len(a) == len(b) and b in readings(a, 1, table=table)
