"""Diacritic-insensitive, OCR-tolerant text matching for Vietnamese labels and titles.

Values are always kept as read; only *matching* goes through these folds:

- ``fold(text)``: NFC, lower case, no diacritics or tone marks (``đ`` → ``d``), one space
  between words. ``hòa``, ``hoà`` and ``hoa`` all fold to ``hoa``.
- ``match_key(text)``: ``fold`` plus the usual OCR confusions made equal (``0``/``o``,
  ``1``/``l``/``i``/``|``, ``rn``/``m``) and punctuation turned into spaces, for fuzzy
  comparison of labels and titles (never of values: ``0`` and ``o`` differ in an ID).

Fuzzy scores are rapidfuzz scores on ``match_key`` strings, 0-100.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ocr import confusions

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_LETTER = re.compile(r"[a-z]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ch in confusions.O_WITH_STROKE:
        return "o"
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not base:  # a lone combining mark
        return ""
    return base.lower()


def fold_chars(text: str) -> str:
    """Fold character by character without collapsing spaces.

    For NFC input the result has the same length as the input (each precomposed
    Vietnamese letter folds to one ASCII letter), so offsets found in the folded text
    point at the same characters of the original. Lone combining marks are dropped,
    which is the only case where lengths differ.
    """
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def fold(text: str) -> str:
    """NFC, lower case, diacritics and tone marks removed (đ → d), spaces collapsed."""
    return _SPACES.sub(" ", fold_chars(text)).strip()


# 0/o and 1/l/i/|/! merged: the look-alikes drawn like the digit (ocr.confusions; í folds to i)
_OCR_SWAPS = str.maketrans(confusions.fold_map(same_shape=True))


def one_letter_misread(right: str, read: str) -> bool:
    """Whether ``read`` is ``right`` with one letter (not a space) read as another."""
    if len(right) != len(read):
        return False
    diff = [a for a, b in zip(right, read, strict=True) if a != b]
    return len(diff) == 1 and diff[0] != " "


def cut_short_of(first: str, second: str) -> bool:
    """Whether ``first`` is ``second`` cut short: a word OCR read twice, the first time in part
    ("Rị Rịa", "Vũ Vũng"; compare folded words)."""
    return second.startswith(first) and len(second) > len(first)


def one_letter_off(right: str, read: str) -> bool:
    """Whether ``read`` is ``right`` with one letter (not a space) misread or lost: compare
    folded words (``Gò Vấp`` / ``Gò Vấn``, ``Hải Hậu`` / ``Hả Hậu``, ``Xuân`` / ``Nuân``)."""
    if len(right) == len(read):
        return one_letter_misread(right, read)
    return len(right) == len(read) + 1 and any(
        right[:i] + right[i + 1 :] == read and right[i] != " " for i in range(len(right))
    )


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """``fold`` + punctuation removed + OCR look-alikes merged: for fuzzy comparison only."""
    folded = _PUNCT.sub(" ", fold(text))
    # look-alikes are merged only in words that have letters: "S0" ~ "so", but "12" stays a number
    words = [w.translate(_OCR_SWAPS).replace("rn", "m") if _LETTER.search(w) else w for w in folded.split()]
    return " ".join(words)


def compact(key: str) -> str:
    return key.replace(" ", "")


def key_similarity(ka: str, kb: str) -> float:
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    return max(fuzz.ratio(ka, kb), fuzz.ratio(compact(ka), compact(kb)))


def partial_similarity(needle: str, haystack: str) -> float:
    kn, kh = match_key(needle), match_key(haystack)
    if not kn or not kh:
        return 0.0
    if len(kn) <= 4:  # short words: exact word match only, fuzz would hit everywhere
        return 100.0 if re.search(rf"(?<!\w){re.escape(kn)}(?!\w)", kh) else 0.0
    if len(kh) < len(kn):
        return key_similarity(kn, kh)
    return fuzz.partial_ratio(kn, kh)


def label_threshold(key: str) -> float:
    """Minimum score for a label of this (match_key) length to count as found."""
    n = len(compact(key))
    if n <= 5:
        return 100.0
    if n <= 12:
        return 87.0
    return 82.0


@dataclass(frozen=True)
class TokenMatch:
    """A label found in a token sequence: tokens ``start`` .. ``end - 1``."""

    start: int
    end: int
    score: float  # 0-100
    label: str  # the variant that matched


def find_in_tokens(
    token_keys: Sequence[str],
    label: str,
    *,
    threshold: float | None = None,
    start_from: int = 0,
) -> list[TokenMatch]:
    """Every place the label occurs in a token sequence, best first per start position.

    ``token_keys`` are ``match_key`` forms of the tokens (one word each; an empty key is a
    punctuation-only token). A window of tokens matches when its keys, joined with spaces
    or run together, are like the label's key; windows may be one token shorter or
    longer than the label so that split (``Ng ày``) and merged (``Ngàysinh``) words match.
    """
    key = match_key(label)
    if not key:
        return []
    need = label_threshold(key) if threshold is None else threshold
    n_words = len(key.split())
    ckey = compact(key)
    short_keys = short_label_keys(label) if len(ckey) <= 5 else frozenset()
    capitals = _abbreviation_key(label)
    out: list[TokenMatch] = []
    n = len(token_keys)
    line = " ".join(k for k in token_keys[start_from:] if k)
    if not line:
        return out
    if len(ckey) > 5 and len(line) >= len(key) and fuzz.partial_ratio(key, line) < need - 12:
        return out  # quick reject: nothing in this line resembles the label
    for i in range(start_from, n):
        if not _LETTER.search(token_keys[i]):
            continue  # a label starts with a letter, not with "1." or ":"
        best: TokenMatch | None = None
        for width in range(max(1, n_words - 2), n_words + 3):
            j = i + width
            if j > n:
                break
            window = [k for k in token_keys[i:j] if k]
            if not window or not token_keys[j - 1]:
                continue
            joined = " ".join(window)
            if len(ckey) <= 5:
                score = 100.0 if joined == key or compact(joined) in short_keys else 0.0
            else:
                if abs(len(compact(joined)) - len(ckey)) > max(3, len(ckey) // 3):
                    continue
                score = key_similarity(key, joined)
                if joined[0] != key[0] and not _capitals_alike(joined[0], key[0]):
                    # OCR rarely garbles a label's first letter (but for its look-alike by the
                    # table: "lôi tên là:" for "Tôi tên là:"); other words often look alike
                    score -= 8
                if need <= score < 100 and n_words > 1:  # (the word check only for a window that would match)
                    following = next((k for k in token_keys[j:] if k), None)
                    if _a_word_replaced(key.split(), window, following):
                        continue
                if score < need and capitals and _one_capital_misread(compact(joined), ckey):
                    score = CAPITAL_MISREAD_SCORE  # "COCD số" is "CCCD số", by the table
            if score >= need and (best is None or score > best.score):
                best = TokenMatch(i, j, score, label)
        if best is not None:
            out.append(best)
    return out


_SLASH_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


@lru_cache(maxsize=4096)
def short_label_keys(label: str) -> frozenset[str]:
    """The run-together keys a short label (5 letters or fewer, matched exactly) is read as:
    its own and, a slash between its letters read as a stroke, that one ("VIv" for V/v)."""
    stroked = _SLASH_BETWEEN_LETTERS.sub(confusions.SLASH_STROKE, label)
    return frozenset({compact(match_key(label)), compact(match_key(stroked))})


WORD_ALIKE = 60  # fuzz.ratio at which a read word may be a label word misread (ten / tan)


def _a_word_replaced(label_words: Sequence[str], window: Sequence[str], following: str | None) -> bool:
    """Whether a window that is like a label as a whole has one of the label's words replaced
    by a word of its own: a label word nothing in the window resembles, and a window word
    that resembles no label word. OCR garbles, splits, joins and loses a label's words, but
    it does not swap one for another while keeping its neighbours: such a window is a value
    beside a label's last words ("ĐĂNG HÃI TÂM Sinh ngày" is no "Đăng ký khai sinh ngày").
    The label's last word missing where another word ``following`` the window stands is
    replaced too ("Đã đăng ký kết hôn tại …" is no "… kết hôn ngày"); at the line's end it
    may have wrapped."""

    def alike(word: str, others: Sequence[str]) -> bool:
        # a word split or joined by OCR is inside the other ("ngaysinh" / "ngay")
        return any(
            fuzz.ratio(word, o) >= WORD_ALIKE or word in o or one_letter_off(word, o) or one_letter_off(o, word)
            for o in others
        )

    lost = [w for w in label_words if len(w) > 1 and not alike(w, window)]
    added = [w for w in window if len(w) > 1 and not alike(w, label_words)]
    if (
        lost
        and lost[-1] == label_words[-1]
        and following is not None
        and _LETTER.search(following)  # a word, not the value's figures
        and not alike(following, label_words)
    ):
        added.append(following)
    return bool(lost and added)


# a label read with one capital for another by the table: as sure as a label read whole beside
# a shorter one inside it ("COCD số:" is "CCCD số:", not "Số:"), below one read exactly
CAPITAL_MISREAD_SCORE = 95.0


def _abbreviation_key(label: str) -> bool:
    """Whether a label has a word in capitals (CCCD, CMND, BHYT): small print where OCR reads
    one capital for another (``confusions.LETTER_FOR_LETTER``)."""
    return any(len(w) >= 2 and w.isupper() for w in re.findall(r"\w+", label))


def _capitals_alike(a: str, b: str) -> bool:
    """Whether two letters are capitals OCR reads for one another (``confusions.LETTER_FOR_LETTER``)."""
    return b.upper() in confusions.LETTER_FOR_LETTER.get(a.upper(), "")


def _one_capital_misread(read: str, key: str) -> bool:
    """Whether ``read`` is ``key`` (compact match keys) with one capital read for another."""
    return confusions.one_confusion_apart(read.upper(), key.upper(), confusions.LETTER_FOR_LETTER)


@dataclass(frozen=True)
class TitleMatch:
    pattern: str
    score: float  # 0-1: likeness × how much of the line the pattern explains
    likeness: float  # 0-100 fuzzy score of the pattern against the line
    coverage: float  # 0-1


def is_prefix_pattern(pattern: str) -> bool:
    p = pattern.strip()
    return p.endswith("…") or p.endswith("...") or p.endswith("*")


def pattern_core(pattern: str) -> str:
    return pattern.strip().rstrip("*").rstrip(".").rstrip("…").strip()


def match_title(pattern: str, line: str) -> TitleMatch:
    """How well a title pattern explains a (title-like) line.

    A pattern ending in ``…`` or ``*`` is a prefix (``ĐƠN …`` matches any title that
    starts with the word ``ĐƠN``); other patterns may sit anywhere in the line, but a
    pattern that explains only a small part of a long line scores lower, so a mention
    inside a sentence is not taken for a title.
    """
    core = match_key(pattern_core(pattern))
    text = match_key(line)
    if not core or not text:
        return TitleMatch(pattern, 0.0, 0.0, 0.0)
    al = None
    if is_prefix_pattern(pattern):
        words = text.split()
        n = len(core.split())
        likeness = 0.0
        for width in (n, n + 1, max(1, n - 1)):
            head = " ".join(words[:width])
            sim = key_similarity(core, head)
            if head[:1] != core[:1]:
                sim -= 10  # a title's first letter is rarely the one OCR gets wrong
            likeness = max(likeness, sim)
        if len(compact(core)) <= 4 and likeness < 100:
            likeness = 0.0
        return TitleMatch(pattern, likeness / 100, likeness, 1.0)
    if len(text) <= len(core):
        likeness = key_similarity(core, text)
        coverage = 1.0
    else:
        al = fuzz.partial_ratio_alignment(core, text)
        likeness = float(al.score) if al else 0.0
        if al and text[al.dest_start : al.dest_start + 1] != core[:1]:
            likeness -= 10
        coverage = len(core) / len(text)
        if likeness < 100 and len(compact(core)) <= 6:
            likeness = min(likeness, 70.0)
    score = likeness / 100 * (0.4 + 0.6 * coverage**0.5)
    if not is_prefix_pattern(pattern) and len(text) > len(core) and al and al.dest_start > 1:
        score *= 0.75  # words before the title wording: "NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN"
    return TitleMatch(pattern, score, likeness, coverage)
