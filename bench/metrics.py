"""OCR quality metrics against generated ground truth.

Word metrics: bag of words (multiset) — each truth word can be matched once, order ignored.
Words are NFC, split on whitespace, with punctuation (Unicode category P*) stripped from
their edges only (``05/06/2020``, ``000.22.31.H02`` keep their inner marks); tokens left
empty are dropped. Diacritic-sensitive always (``Hòa`` != ``Hoa``); case-sensitive unless
``ignore_case`` (then ``str.casefold``).

CER: Levenshtein distance between the whitespace-normalised texts (NFC, every run of
whitespace → one space, stripped) divided by the truth's length. Reading order counts: a
two-column block read in another order costs characters even when every word is right.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _strip_punct(token: str) -> str:
    start, end = 0, len(token)
    while start < end and _is_punct(token[start]):
        start += 1
    while end > start and _is_punct(token[end - 1]):
        end -= 1
    return token[start:end]


def words(text: str, ignore_case: bool = False) -> list[str]:
    """Word tokens of ``text`` as the word metrics count them."""
    text = unicodedata.normalize("NFC", text)
    if ignore_case:
        text = text.casefold()
    return [w for w in (_strip_punct(t) for t in text.split()) if w]


def normalise_space(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Score:
    """Counts that add up over pages (micro-averaging); the rates are derived."""

    matched: int = 0  # words found in both (multiset intersection)
    ocr_words: int = 0
    truth_words: int = 0
    edits: int = 0  # character edit distance
    truth_chars: int = 0
    pages: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched + other.matched,
            self.ocr_words + other.ocr_words,
            self.truth_words + other.truth_words,
            self.edits + other.edits,
            self.truth_chars + other.truth_chars,
            self.pages + other.pages,
        )

    @property
    def precision(self) -> float:
        return self.matched / self.ocr_words if self.ocr_words else (1.0 if not self.truth_words else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.truth_words if self.truth_words else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def cer(self) -> float:
        return self.edits / self.truth_chars if self.truth_chars else float(self.edits > 0)


def word_counts(ocr: str, truth: str, ignore_case: bool = False) -> tuple[int, int, int]:
    """(matched, OCR words, truth words) for the bag-of-words match."""
    o, t = Counter(words(ocr, ignore_case)), Counter(words(truth, ignore_case))
    return sum((o & t).values()), sum(o.values()), sum(t.values())


def char_errors(ocr: str, truth: str) -> tuple[int, int]:
    """(edit distance, truth length) over whitespace-normalised text."""
    o, t = normalise_space(ocr), normalise_space(truth)
    return Levenshtein.distance(o, t), len(t)


def score_page(ocr: str, truth: str, ignore_case: bool = False) -> Score:
    m, no, nt = word_counts(ocr, truth, ignore_case)
    e, nc = char_errors(ocr, truth)
    return Score(m, no, nt, e, nc, 1)


def total(scores) -> Score:
    out = Score()
    for s in scores:
        out = out + s
    return out
