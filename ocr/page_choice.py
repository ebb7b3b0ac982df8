"""Never below one model alone: the page read with two models (``vie+Vietnamese``: each word
read by both and Tesseract keeps its better reading) is read again with the first model alone
when it looks doubtful, and the page keeps the reading with more evidence of being Vietnamese.

On most pages the second model helps (bench.quality); on some real scans it lowers F1 below
``vie`` alone, and no truth says which. The evidence, without the truth: the share of the
words that are Vietnamese syllables the marks model's dictionary knows (ocr.marks), the share
of neighbouring syllables it has seen together, and Tesseract's mean confidence. Cost: one
more full-page Tesseract run with the one model (about two thirds of the first run's time) on
doubtful pages only: fewer than DOUBTFUL_SHARE of its lower-case words are known syllables
(8 of bench.quality's 84 generated pages, none of the four shared real scans); none on the
others.
"""

from __future__ import annotations

from collections.abc import Callable

from ocr.marks import MarksModel, default_model
from ocr.model import PageText
from ocr.tesseract import Tesseract
from ocr.wordfilter import filter_words, word_core

DOUBTFUL_SHARE = 0.97  # a page whose lower-case words are known syllables less often is read again
MIN_WORDS = 20  # too few (lower-case) words to tell one reading from the other: the first stands


def evidence(page: PageText, model: MarksModel | None = None) -> float:
    """How much ``page`` reads like Vietnamese text: known-syllable share + pair share + mean
    confidence / 100 (each 0 to 1)."""
    model = model or default_model()
    cores = [(word_core(w.text).lower(), w.line) for w in page.words]
    alpha = [c for c, _ in cores if any(ch.isalpha() for ch in c)]
    if not alpha:
        return 0.0
    known = sum(model.known(c) for c in alpha) / len(alpha)
    pairs = [(a, b) for (a, la), (b, lb) in zip(cores, cores[1:]) if la == lb and model.known(a) and model.known(b)]
    seen = sum(model.pairs[p] > 0 for p in pairs) / len(pairs) if pairs else 0.0
    confs = [w.conf for w in page.words if w.conf >= 0]
    return known + seen + (sum(confs) / len(confs) / 100 if confs else 0.0)


def known_share(page: PageText, model: MarksModel | None = None) -> tuple[float, int]:
    """(share of the lower-case words the dictionary knows, how many there are): names, codes
    and headings are capitalised and often unknown, so they would tell nothing."""
    model = model or default_model()
    low = [c for c in (word_core(w.text) for w in page.words) if c.isalpha() and c.islower()]
    return (sum(model.known(c) for c in low) / len(low) if low else 1.0), len(low)


def single_model(tesseract: Tesseract) -> Tesseract | None:
    """The engine with its first language alone, or None when it reads with one already."""
    langs = [part for part in tesseract.options.lang.split("+") if part]
    return tesseract.with_options(lang=langs[0]) if len(langs) > 1 else None


def better_reading(first: PageText, second: PageText, model: MarksModel | None = None) -> PageText:
    """The reading with more evidence (``first`` on a tie or when either is too short to tell)."""
    if len(first.words) < MIN_WORDS or len(second.words) < MIN_WORDS:
        return first
    return second if evidence(second, model) > evidence(first, model) else first


def check_page(first: PageText, tesseract: Tesseract, read: Callable[[Tesseract], PageText]) -> PageText:
    """``first`` (read with ``tesseract``'s languages), or the page as ``read`` with the first
    language alone when ``first`` is doubtful and that reading has more evidence. Both are
    judged without what the word filter drops (rules, specks); the reading kept is returned whole."""
    alone = single_model(tesseract)
    judged = filter_words(first)
    share, n = known_share(judged)
    if alone is None or n < MIN_WORDS or share >= DOUBTFUL_SHARE:
        return first
    second = read(alone)
    return second if better_reading(judged, filter_words(second)) is not judged else first
