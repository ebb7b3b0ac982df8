"""Text folded for search: no marks, đ/Đ → d, lower case, NFC in and plain ASCII-ish out.

Folded the same way when a record is indexed and when a query comes in, on SQLite (FTS5)
and on PostgreSQL (full-text search), so `nguyen van an` finds "Nguyễn Văn An" and `dao`
finds "Đào" on both: FTS5's own diacritic removal leaves đ alone, and PostgreSQL's
`unaccent` cannot be indexed without an immutable wrapper, so neither is used.
"""

from __future__ import annotations

import re
import unicodedata

_STROKES = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_TOKEN = re.compile(r"\w+")


def strip_marks(text: str) -> str:
    """`text` without tone and vowel marks, đ/Đ as d/D, case kept ("Đào Thị" → "Dao Thi")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def fold(text: str) -> str:
    return strip_marks(text).lower()


def tokens(text: str) -> list[str]:
    """The words of `text`, folded: what a query matches against."""
    return _TOKEN.findall(fold(text))
