"""How a Vietnamese syllable is spelt, marks aside: an initial consonant or none, one to
three vowels, a final consonant or none (``nguyễn``, ``ngọc``; not ``nguyễnngọc``,
``inguyễn``, ``lrạng``). Text read from specks, rules and loops seldom spells one; a word
run together with its neighbour does not."""

from __future__ import annotations

import re
import unicodedata

RHYME = re.compile(r"[aeiouy]{1,3}(?:c|ch|m|n|ng|nh|p|t)?")
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?" + RHYME.pattern)


def bare_letters(text: str) -> str:
    """Lower case without marks (``Đ`` → ``d``, ``Ễ`` → ``e``)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_syllable(word: str) -> bool:
    """Whether ``word`` (marks and case aside) is spelt like one Vietnamese syllable."""
    return bool(word) and _SYLLABLE.fullmatch(bare_letters(word)) is not None
