"""Tone and vowel marks chosen by their neighbours: a syllable read with the right letters and
the wrong marks (``bồ sung`` for ``bổ sung``, ``sửa đồi`` for ``sửa đổi``, ``QUYÉT`` for
``QUYẾT``) is put right by how likely each spelling of the same letters is next to the words
around it.

The model (`MarksModel`) knows
- the Vietnamese syllables: the spelling dictionary ``hunspell-vi`` (read from the installed
  ``vi_VN.dic`` at first use: it is GPL-2, so nothing derived from it is committed) and the
  syllables of the phrases below;
- syllable pairs and counts: ``ocr/marks_data/admin_phrases.txt`` (administrative phrases
  written for this project), and whatever confident text it is given later (`learn`: the
  archive's own documents, so that it grows with the centre's work; `save` / `load` keep it).
No spelling dictionary carries syllable pairs (hunspell-vi, npm's dictionary-vi and
@cspell/dict-vi-vn and Tesseract's ``vie`` word list are lists of single syllables).

A word is looked at only when it is a lower-case syllable or an all-capital one of a heading
(never a name, a number or a code: a capitalised word, a short line of capitals, digits, inner
punctuation), and changed only to another
spelling of the same letters that the dictionary knows and its neighbours favour by more
than the reading's own evidence (its confidence): a word the dictionary does not know
(``QUYÉT``) gives way more easily than one it knows (``bồ``). Cost: dictionary look-ups per
word, no Tesseract run.
"""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ocr.model import PageText, Word
from ocr.syllables import bare_letters, is_syllable
from ocr.wordfilter import word_core

PHRASES = Path(__file__).with_name("marks_data") / "admin_phrases.txt"
HUNSPELL = Path("/usr/share/hunspell/vi_VN.dic")

SURE = 98.5  # Tesseract's confidence at and above which a known syllable's marks are left alone
GLYPH = 0.6  # the reading's own weight, in log-count units, for a known syllable at confidence 100
MIN_PAIRS = 1  # a candidate for a known reading needs at least this many pair counts with a neighbour
UNIGRAM = 0.02  # weight of how common a spelling is overall: a tie-break beside its neighbours


def _tokens(text: str) -> list[list[str]]:
    """Runs of lower-cased words (edge punctuation off) that pairs may span: a comma, full
    stop, semicolon or colon ends a run (the phrases list words with commas between them)."""
    runs: list[list[str]] = [[]]
    for raw in unicodedata.normalize("NFC", text).split():
        core = word_core(raw).lower()
        if core:
            runs[-1].append(core)
        if raw.rstrip()[-1:] in ".;:," or not core:
            runs.append([])
    return [r for r in runs if r]


@dataclass
class MarksModel:
    syllables: set[str] = field(default_factory=set)  # lower-case, marks on
    counts: Counter = field(default_factory=Counter)  # syllable → count in the texts learnt
    pairs: Counter = field(default_factory=Counter)  # (left, right) → count
    by_letters: dict[str, set[str]] = field(default_factory=dict)  # bare letters → syllables

    def add_syllable(self, syllable: str) -> None:
        if syllable not in self.syllables:
            self.syllables.add(syllable)
            self.by_letters.setdefault(bare_letters(syllable), set()).add(syllable)

    def learn(self, text: str, weight: int = 1) -> None:
        """Count the syllables and neighbouring pairs of ``text`` (confident text only: what is
        learnt is believed)."""
        for run in _tokens(text):
            words = [w if w.isalpha() and is_syllable(w) else None for w in run]
            for w in words:
                if w:
                    self.add_syllable(w)
                    self.counts[w] += weight
            for a, b in zip(words, words[1:]):
                if a and b:
                    self.pairs[a, b] += weight

    def known(self, syllable: str) -> bool:
        return syllable in self.syllables

    def candidates(self, syllable: str) -> set[str]:
        """The known spellings of ``syllable``'s letters, marks aside (itself among them if known)."""
        return self.by_letters.get(bare_letters(syllable), set())

    def context(self, syllable: str, left: str | None, right: str | None) -> tuple[float, int]:
        """(log-count evidence of ``syllable`` between its neighbours, pair count)."""
        n = (self.pairs[left, syllable] if left else 0) + (self.pairs[syllable, right] if right else 0)
        return math.log1p(n) + UNIGRAM * math.log1p(self.counts[syllable]), n

    def save(self, path: Path) -> None:
        """What was learnt (counts and pairs; the dictionary is read again from its file)."""
        data = {"counts": self.counts, "pairs": [[a, b, n] for (a, b), n in self.pairs.items()]}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def load(self, path: Path) -> None:
        """Add what ``save`` kept."""
        data = json.loads(path.read_text(encoding="utf-8"))
        for w, n in data["counts"].items():
            self.add_syllable(w)
            self.counts[w] += n
        for a, b, n in data["pairs"]:
            self.pairs[a, b] += n


def hunspell_syllables(path: Path = HUNSPELL) -> list[str]:
    """The lower-case syllables of a hunspell ``.dic`` (none when it is not installed)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]  # the first line is a count
    except OSError:
        return []
    out = []
    for line in lines:
        word = unicodedata.normalize("NFC", line.split("/")[0].strip()).lower()
        if word.isalpha() and is_syllable(word):
            out.append(word)
    return out


@functools.cache
def default_model() -> MarksModel:
    """The dictionary and the project's phrases, built once per process."""
    model = MarksModel()
    for s in hunspell_syllables():
        model.add_syllable(s)
    lines = PHRASES.read_text(encoding="utf-8").splitlines()
    model.learn("\n".join(line for line in lines if not line.startswith("#")).replace("\n", " . "))
    return model


HEADING_WORDS = 5  # an all-capital line this long is a heading, not a name


def _eligible(core: str) -> bool:
    """A lower-case or all-capital syllable: not a name (capitalised), a number or a code."""
    if not core.isalpha() or not is_syllable(core):
        return False
    return core.islower() or (core.isupper() and len(core) > 1)


def _capitals_line(page: PageText, line: int) -> int:
    """How many words the line has when all its letters are capitals (0 when it has a small one)."""
    words = [w.text for w in page.words if w.line == line]
    return 0 if any(ch.islower() for t in words for ch in t) else len(words)


def _cased(syllable: str, like: str) -> str:
    return syllable.upper() if like.isupper() else syllable


def best_spelling(model: MarksModel, core: str, conf: float, left: str | None, right: str | None) -> str:
    """The spelling of ``core``'s letters its neighbours favour (``core`` itself when none does
    by more than the reading's own evidence)."""
    word = core.lower()
    known = model.known(word)
    if known and conf >= SURE:
        return core
    options = model.candidates(word) - {word}
    if not options:
        return core
    # A reading the dictionary does not know is no Vietnamese word: any spelling seen in the
    # texts learnt is better. A known one stands unless its neighbours favour another.
    own, _ = model.context(word, left, right)
    best, best_score = None, own + (GLYPH * max(conf, 0.0) / 100 if known else 0.0)
    for option in options:
        score, n = model.context(option, left, right)
        seen = n >= MIN_PAIRS if known else model.counts[option] > 0
        if seen and score > best_score:
            best, best_score = option, score
    return _cased(best, core) if best else core


def choose_marks(page: PageText, model: MarksModel | None = None) -> PageText:
    """``page`` with the marks of unsure syllables chosen by their neighbours on the line."""
    model = model or default_model()
    words = page.words
    cores = [word_core(w.text) for w in words]
    changed: dict[int, Word] = {}
    for i, (w, core) in enumerate(zip(words, cores)):
        if not _eligible(core):
            continue
        if core.isascii():
            continue  # no marks at all: written without them on purpose (a fax header, an e-mail)
        if core.isupper():
            # Capitals: a heading's words only (all-capital line), never a name: a name in
            # capitals is a short line of its own or follows a label; on a short capital
            # line only a reading that is no Vietnamese syllable is put right.
            n = _capitals_line(page, w.line)
            if n < 2 or (n < HEADING_WORDS and model.known(core.lower())):
                continue
        # left to right: the word before counts as already chosen
        left = cores[i - 1].lower() if i and _next(page, words[i - 1], w) else None
        right = cores[i + 1].lower() if i + 1 < len(words) and _next(page, w, words[i + 1]) else None
        chosen = best_spelling(model, core, w.conf, left, right)
        if chosen != core:
            changed[i] = replace(w, text=w.text.replace(core, chosen, 1))
            cores[i] = chosen
    if not changed:
        return page
    return replace(page, words=[changed.get(i, w) for i, w in enumerate(words)])


def _next(page: PageText, a: Word, b: Word) -> bool:
    """Whether ``b`` follows ``a`` in running text: on its line, or first on the next line of
    its block, with no full stop, semicolon or colon after ``a``."""
    if a.text.rstrip()[-1:] in ".;:":
        return False
    if a.line == b.line:
        return True
    lines = page.lines
    return b.line == a.line + 1 and b.line < len(lines) and lines[a.line].block == lines[b.line].block
