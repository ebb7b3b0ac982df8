"""Drop what Tesseract read that is not text: rules over the words of one page.

Tesseract reads marks it should leave alone: table rules (``|``), the stacked diacritics of a
bold capital line found as a line of their own (tiny "words" like ``R v xã``), seal rings,
signature loops and toner specks (short words read with little confidence). Each of those
would end up in the record's text, the search index and the fields. The rules are few and
measured (bench.quality): on generated pages they remove ~8 junk words for every real one.

A rule looks at a word's text, its confidence and its height against the page's typical
word height; a value is never edited except to cut table rules (``|``) off its edges and to
read a fraction slash (``⁄``) as the slash it stands for.
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import replace

from ocr import confusions
from ocr.model import PageText, Word
from ocr.syllables import is_syllable

# Marks that are never content on an administrative page: table rules, stray strokes.
RULE_CHARS = "|¦[]{}"
# A token made of nothing but these is a reading of a line, a speck or a flourish.
JUNK_CHARS = set(RULE_CHARS + "`´¬⁄„ˆ˜~_=<>\\^°¸¨«»‹›§¤©®™•·")

MIN_CONFIDENCE = 20.0  # below this Tesseract is guessing: only whole Vietnamese words are kept
WORD_MIN_CONFIDENCE = 10.0  # ... down to this (a capital with stacked marks, NGUYỄN, reads ~20)
SHORT_MIN_CONFIDENCE = 40.0  # one or two characters read this badly are specks or strokes
TINY_HEIGHT = 0.35  # of the page's typical word height: diacritics or dots read as a line
TINY_KEEP_CONFIDENCE = 95.0


def word_core(text: str) -> str:
    """The word without punctuation or symbols at its edges."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


WORD_HEIGHT = (0.6, 2.5)  # of the typical height: capitals with stacked marks are twice as tall


def at_words_height(word: Word, typical_height: float | None) -> bool:
    """Whether ``word`` stands as tall as the page's words (not a rule, a mark or a seal)."""
    low, high = WORD_HEIGHT
    return bool(typical_height) and low * typical_height <= word.box[3] - word.box[1] <= high * typical_height


def _whole_word(word: Word, core: str, typical_height: float | None) -> bool:
    """A word read with little confidence that still spells a Vietnamese syllable of three
    letters or more at the height of the page's words."""
    return len(core) >= 3 and core.isalpha() and is_syllable(core) and at_words_height(word, typical_height)


def _whole_number(word: Word, core: str, typical_height: float | None) -> bool:
    """A number of three figures or more, read with little confidence, at the height of the
    page's words: Tesseract's confidence in figures of a large bold print can be near 0 (a
    certificate's serial "CV 932238": 94 for its letters, 2 for its figures) where it read them
    right; what junk it reads as figures is short or out of the line's height."""
    return len(core) >= 3 and core.isdigit() and at_words_height(word, typical_height)


ZONE_FILLERS = "<«‹"  # a machine-readable zone's filler and OCR's readings of it
ZONE_LINE_MIN = 20  # characters (a TD1 zone's lines have 30)


def _zone_line(text: str) -> bool:
    """A line of an ID card's machine-readable zone read as one word ("8189286H4109288VNM«<x<<
    <<<=sec6" at 7 on a fax): kept whatever its confidence, its check digits are what vouch
    for it (digitize's reading of the zone uses only fields whose check digits hold)."""
    if len(text) < ZONE_LINE_MIN or sum(text.count(c) for c in ZONE_FILLERS) < 2:
        return False
    zone_chars = sum(c.isascii() and c.isalnum() or c in ZONE_FILLERS for c in text)
    return zone_chars >= 0.7 * len(text)


def _is_junk(text: str) -> bool:
    if any(ch.isalnum() for ch in text):
        return False
    return any(ch in JUNK_CHARS or unicodedata.category(ch) in ("Sk", "So") for ch in text)


def typical_height(words: list[Word]) -> float | None:
    """Median height of the words of three characters or more (None: too few to tell)."""
    heights = [w.box[3] - w.box[1] for w in words if len(word_core(w.text)) >= 3]
    return statistics.median(heights) if len(heights) >= 5 else None


def keep_word(word: Word, typical_height: float | None) -> bool:
    """Whether ``word`` is text (see the module docstring for the rules)."""
    if word.conf < 0:  # a PDF text layer: the text is what the file says
        return True
    core = word_core(word.text)
    if _zone_line(word.text):
        return True
    if _is_junk(word.text):
        return False
    if word.conf < MIN_CONFIDENCE and not (
        (word.conf >= WORD_MIN_CONFIDENCE and _whole_word(word, core, typical_height))
        or _whole_number(word, core, typical_height)
    ):
        return False
    if core and len(core) <= 2 and word.conf < SHORT_MIN_CONFIDENCE:
        return False
    if typical_height and core:  # a dash or a comma is small by nature ("Bà Rịa - Vũng Tàu")
        height = word.box[3] - word.box[1]
        if height < TINY_HEIGHT * typical_height and not (word.conf >= TINY_KEEP_CONFIDENCE and len(core) >= 3):
            return False
    return True


def strip_rules(text: str) -> str:
    """``|Phạm`` → ``Phạm``: a table rule read as part of the word next to it; and
    ``29⁄12⁄2006`` → ``29/12/2006``: a slash read as its fraction look-alike."""
    stripped = text.strip(RULE_CHARS).translate(confusions.TO_SLASH)  # a slash's look-alikes
    return stripped if stripped else text


def filter_words(page: PageText) -> PageText:
    """The page without its non-text words, and with table rules cut off word edges. Lines
    left empty stay in ``page.lines`` (words refer to lines by index)."""
    typical = typical_height(page.words)
    kept = []
    for word in page.words:
        if not keep_word(word, typical):
            continue
        text = strip_rules(word.text)
        kept.append(word if text == word.text else replace(word, text=text))
    return PageText(
        width=page.width, height=page.height, dpi=page.dpi, source=page.source, words=kept, lines=page.lines
    )
