"""The national header, defined once, and how to find it in what OCR read.

Vietnamese administrative documents open, on their first page only, with the national header
(quốc hiệu and tiêu ngữ): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "Độc lập - Tự do - Hạnh
phúc"; bilingual documents (identity cards) add its English translation. It is never a
title (``classify``), a page carrying it near its top begins a document (``digitize.documents``)
and a header line run into it gives the issuing agency only up to it (``extract``).

- ``is_national_header(text)``: the text carries one of its lines, read with OCR errors or
  within a longer line (fuzzy, ``LIKENESS``);
- ``national_header_start(words)``: where in a line's words it begins: the first word that
  starts one of its phrases (its first line, or a part of the motto between dashes), compared
  without diacritics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digitize.understand.textmatch import fold, key_similarity, match_key, partial_similarity

NATIONAL_HEADER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "SOCIALIST REPUBLIC OF VIET NAM",
    "Independence - Freedom - Happiness",
)
LIKENESS = 85  # partial_similarity at which a line counts as one of the header's

# The header's phrases, each known by its first two words: its lines, the motto in parts
_PHRASES = [fold(part) for line in NATIONAL_HEADER for part in line.split(" - ")]
_STARTS = re.compile("|".join(re.escape(" ".join(p.split()[:2])) for p in _PHRASES))


def is_national_header(text: str) -> bool:
    """Whether ``text`` carries a line of the national header (see module doc)."""
    return any(partial_similarity(line, text) >= LIKENESS for line in NATIONAL_HEADER)


def national_header_start(words: Sequence[str]) -> int | None:
    """The index of the first of ``words`` where the national header begins, or None."""
    keys = [fold(w) for w in words]
    for k in range(len(keys)):
        if _STARTS.match(" ".join(keys[k : k + 2])):
            return k
    for k in range(len(keys)):
        if keys[k] in _FIRST_WORDS and _a_phrase_read_badly(" ".join(keys[k:])):
            return k
    return None


# A fax or copy clips the header's words ("CỘNG HÒ XÃ HỘI CHỦ NGHĨ VIỆT NAM"): its start is then
# its first word where the rest of the line reads as one of its phrases, as a whole
_FIRST_WORDS = {p.split()[0] for p in _PHRASES}


def _a_phrase_read_badly(rest: str) -> bool:
    return any(len(p.split()) >= 3 and key_similarity(match_key(p), match_key(rest)) >= LIKENESS for p in _PHRASES)
