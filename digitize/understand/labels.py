"""Field labels in a line of the layout: which of a document type's labels (and the
catalogue's ignore labels, and any other type's field label followed by its colon) a segment
carries, matched fuzzily and diacritic-insensitively, overlapping matches resolved in favour
of the more specific label."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from digitize.understand.catalogue import Catalogue
from digitize.understand.layout import Segment, is_capitalised
from digitize.understand.names import is_family_name
from digitize.understand.textmatch import (
    compact,
    find_in_tokens,
    label_threshold,
    match_key,
    one_letter_misread,
    short_label_keys,
)
from ocr.model import nfc
from ocr.syllables import bare_letters


@dataclass(frozen=True)
class LabelDef:
    field: str | None  # None: an ignore label (not a field of this type)
    label: str
    key: str
    weight: float  # specificity: longer labels win over shorter ones they contain
    # a label of another type's field (not one of this type's, nor an ignore label): a label
    # here only with its colon, where it ends the value before it; never a field's label
    colon_only: bool = False


@dataclass(frozen=True)
class LabelHit:
    field: str | None
    start: int
    end: int
    score: float
    label: str
    weight: float
    colon: bool = False  # followed by ':' (a label for sure, not a word in a sentence)
    capitalised: bool = True  # starts with a capital letter, as labels on forms do

    @property
    def strong(self) -> bool:
        """Whether this hit ends a value that runs into it: a label with a colon, or a
        long specific label (a short word such as ``Bà`` or ``Số`` may be part of a value)."""
        return self.colon or (len(compact(match_key(self.label))) >= 10 and self.score >= 95 and self.capitalised)

    @property
    def rank(self) -> float:
        # the better match wins; between equally good ones, the longer (more specific) label
        return self.score / 100 + 0.1 * self.weight


def label_weight(key: str) -> float:
    return 0.6 + 0.4 * min(len(compact(key)), 30) / 30


_DEFS_CACHE: dict[tuple[int, str], tuple[Catalogue, tuple[LabelDef, ...]]] = {}


def label_defs(catalogue: Catalogue, code: str) -> tuple[LabelDef, ...]:
    """The labels to look for in a document of type ``code``: its fields' labels, the
    catalogue's ignore labels (minus any that are also a field label of this type), and every
    other field label of the catalogue's types as ``colon_only`` (a value ends before any
    label of the catalogue followed by its colon, not only before its own type's)."""
    cached = _DEFS_CACHE.get((id(catalogue), code))
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    doc = catalogue.types[code]
    defs: list[LabelDef] = []
    own_keys: set[str] = set()
    for spec in doc.fields.values():
        for label in spec.labels:
            key = match_key(label)
            if key:
                own_keys.add(key)
                defs.append(LabelDef(spec.name, label, key, label_weight(key)))
    known = set(own_keys)
    for label in catalogue.ignore_labels:
        key = match_key(label)
        if key and key not in known:
            known.add(key)
            defs.append(LabelDef(None, label, key, label_weight(key)))
    for other in catalogue.types.values():
        for spec in other.fields.values():
            for label in spec.labels:
                key = match_key(label)
                if key and key not in known:
                    known.add(key)
                    defs.append(LabelDef(None, label, key, label_weight(key), colon_only=True))
    if len(_DEFS_CACHE) > 256:
        _DEFS_CACHE.clear()
    _DEFS_CACHE[(id(catalogue), code)] = (catalogue, tuple(defs))
    return tuple(defs)


def _plausible(keys: Sequence[str], defs: Sequence[LabelDef]) -> list[LabelDef]:
    """The labels that may occur in a line (one vectorised fuzzy pass over all of them), so
    that the word-by-word search runs for a few labels only."""
    words = [k for k in keys if k]
    if not words:
        return []
    line = " ".join(words)
    padded = f" {line} "
    squeezed = {compact(" ".join(words[i : i + n])) for n in (1, 2, 3) for i in range(len(words))}
    short = [d for d in defs if len(compact(d.key)) <= 5]
    long = [d for d in defs if len(compact(d.key)) > 5]
    out = [d for d in short if f" {d.key} " in padded or short_label_keys(d.label) & squeezed]
    if long:
        scores = process.cdist([line], [d.key for d in long], scorer=fuzz.partial_ratio)[0]
        out += [d for d, sc in zip(long, scores) if sc >= label_threshold(d.key) - 12]
    return out


def segment_hits(seg: Segment, defs: Sequence[LabelDef]) -> list[LabelHit]:
    """Labels found in a segment, overlapping ones resolved (the more specific wins)."""
    keys = seg.keys
    toks = seg.tokens
    raw: list[LabelHit] = []
    others: list[LabelHit] = []  # labels of other types' fields, with their colon
    for d in _plausible(keys, defs):
        for m in find_in_tokens(keys, d.label):
            inner = toks[m.start : m.end - 1]
            if any(t.colon for t in inner):
                continue  # a label does not run on past its own colon
            if (
                any(t.text.endswith((",", ";", ".")) for t in inner)
                and not re.search(r"[,;.]", d.label)
                and not (
                    m.score >= 100 and len(compact(d.key)) >= 8 and not any(t.text.endswith((",", ";")) for t in inner)
                )
            ):
                # "Điền, ngày" is not "Đến ngày": punctuation the label does not have (a speck
                # read as "." inside a long label matched exactly is only a speck: "Thửa đất. số")
                continue
            # (its colon read as a semicolon, a value after it: "Thường trú tại; Số 73/17 …")
            colon = (
                toks[m.end - 1].colon
                or (m.end < len(toks) and toks[m.end].text.startswith(":"))
                or (toks[m.end - 1].text.endswith(";") and m.end < len(toks) and not d.colon_only)
            )
            if d.colon_only and not (colon and _opens_a_label(toks, m.start)):
                # another type's label words without a colon, or running on from the words
                # before them ("Địa chỉ thường trú:"): words of a value or of a longer label
                continue
            hit = LabelHit(d.field, m.start, m.end, m.score, d.label, d.weight, colon, is_capitalised(toks[m.start]))
            if d.colon_only and _name_ends_with_it(hit, toks):
                continue
            (others if d.colon_only else raw).append(hit)
    # a short label read with other marks is a label where its colon and place say so ("Sô:" at
    # a line's start), not amid lower-case words ("hồ sơ:" is no "Số:")
    raw = [
        h
        for h in raw
        if not _inside_a_name(h, toks) and ((h.colon and _opens_a_label(toks, h.start)) or _marks_agree(h, toks))
    ]
    # words that are another label exactly are that label, not this type's label read
    # loosely over the same words ("Họ và tên:" is no "Họ và tên vợ" missing its last word)
    raw = [h for h in raw if h.score >= 100 or not any(_same_words(h, g) and g.score >= 100 for g in others)]
    # another type's label only where none of this type's labels is found on its words (but a
    # short one without a colon, "Bà" or "Số", may be a word of it); before the labels known
    # by their last words, so that "Năm sinh:" is that, not "… Năm" and "sinh:"
    raw += [h for h in others if not any(_overlaps(h, g) and (g.colon or not _short(g)) for g in raw)]
    raw += _tail_hits(toks, keys, [d for d in defs if not d.colon_only], raw)
    raw += _short_misread_hits(toks, keys, [d for d in defs if not d.colon_only], raw)
    # a label inside a longer one that matched about as well is a word of that label ("Số" in
    # "Tờ bản đồ số:", read "TỪ bản đồ số:"): the longer one is tried first (the shorter one
    # is still a label where the longer one loses to another)
    order = {
        id(h): min([h.rank] + [g.rank - 1e-6 for g in raw if _contains(g, h) and g.score >= h.score - 10]) for h in raw
    }
    raw.sort(key=lambda h: (-order[id(h)], h.start))
    taken: list[LabelHit] = []
    for h in raw:
        # the same words may label several fields ("Số" for an ID and a document number)
        if all(
            h.end <= t.start
            or h.start >= t.end
            or (h.start, h.end, h.label, h.field is not None) == (t.start, t.end, t.label, True)
            for t in taken
        ):
            taken.append(h)
    taken.sort(key=lambda h: h.start)
    return taken


TAIL_SCORE = 80.0  # a label known only by its last word(s) and colon
SHORT_MISREAD_SCORE = 85.0  # a short label with one letter misread, known by its colon and place


def _short_misread_hits(
    toks: Sequence, keys: Sequence[str], defs: Sequence[LabelDef], found: Sequence[LabelHit]
) -> list[LabelHit]:
    """A short label (four or five letters, matched exactly elsewhere) read with one letter
    other than its first misread, where its colon and its place say it is a label: opening
    the line, one or two words ending in the colon ("Họ tân: LÊ HÂN" for "Họ tên:"); the one
    field whose short label it is so near."""
    for n in (2, 1):
        if len(toks) <= n or not toks[n - 1].colon or any(h.start < n for h in found):
            continue
        read = compact(" ".join(keys[:n]))
        near = [
            d
            for d in defs
            if len(read) >= 4 and compact(d.key)[0] == read[0] and one_letter_misread(compact(d.key), read)
        ]
        if len({d.field for d in near}) == 1 and near[0].field is not None:
            best = max(near, key=lambda d: d.weight)
            hit = LabelHit(
                best.field, 0, n, SHORT_MISREAD_SCORE, best.label, best.weight, True, is_capitalised(toks[0])
            )
            return [hit]
    return []


def _tail_hits(
    toks: Sequence, keys: Sequence[str], defs: Sequence[LabelDef], found: Sequence[LabelHit]
) -> list[LabelHit]:
    """Labels whose first words OCR lost, known by their last word or two and the colon
    (``… tỉnh Tiền trú: 210 …`` for "Nơi thường trú:"): they end the value before them.
    Only after a capitalised word or punctuation (a lower-case word before them belongs to
    a longer wording: "Nơi đăng ký khai sinh:"), and not inside a label found whole. The
    field where all labels with that ending are one field's, else none (an ignore label)."""
    out: list[LabelHit] = []
    for k, tok in enumerate(toks):
        # its colon, or the slash before its English half, which has the colon ("… hạn / Datv
        # of ezpiry:" for "Ngày, tháng, năm hết hạn / Date of expiry:")
        translated = k + 1 < len(toks) and toks[k + 1].text == "/" and any(t.colon for t in toks[k + 2 : k + 6])
        if not (tok.colon or translated) or any(h.start <= k < h.end for h in found):
            continue
        for n in (2, 1):
            start = k - n + 1
            if start < 0 or not keys[start]:
                continue
            if start > 0 and not (is_capitalised(toks[start - 1]) or toks[start - 1].text.endswith((",", ";", "."))):
                continue
            tail = " ".join(keys[start : k + 1])
            owners = [d for d in defs if len(d.key.split()) > n and d.key.endswith(" " + tail)]
            if not owners or any(d.key == tail for d in defs):
                continue
            # a capitalised word read with other marks than the label's lower-case ending is a
            # name's last word and its colon a speck ("Trần Quỳnh Thư:" ends no "… lần thứ:")
            owners = [d for d in owners if _tail_marks_agree(toks[start : k + 1], d.label)]
            if not owners or _ends_a_name(toks, start, k + 1):
                continue
            fields = {d.field for d in owners}
            best = max(owners, key=lambda d: d.weight)
            field = fields.pop() if len(fields) == 1 else None
            # the label's own first word kept just before its ending ("Số hộ chiếu:" for "Số
            # CMND/CCCD/Hộ chiếu:"): the label starts there, not amid it
            firsts = {d.key.split()[0] for d in owners}
            for j in (start - 1, start - 2):
                if j < 0 or any(t.text.endswith((",", ";", ".", ":")) for t in toks[j:start]):
                    break
                if keys[j] in firsts and is_capitalised(toks[j]):
                    start = j
                    break
            out.append(
                LabelHit(
                    field, start, k + 1, TAIL_SCORE, best.label, best.weight, tok.colon, is_capitalised(toks[start])
                )
            )
            break
    return out


def _tail_marks_agree(words: Sequence, label: str) -> bool:
    """Whether the words read as a label's ending agree with it: none capitalised where the
    label's word is not while differing from it in its marks (OCR dropping them is agreement)."""
    read_words = [re.sub(r"[^\w]", "", nfc(t.text)) for t in words]
    label_words = re.findall(r"[^\W\d_]+", nfc(label))[-len(read_words) :]
    for got, want in zip(read_words, label_words):
        differ = got.lower() != want.lower() and bare_letters(got) != got.lower()
        if differ and got[:1].isupper() and want[:1].islower():
            return False
    return True


def _opens_a_label(toks: Sequence, k: int) -> bool:
    """Whether a label may start at ``toks[k]``: a capitalised word, the first of its line, or
    one after punctuation that ends the words before it."""
    return k == 0 or is_capitalised(toks[k]) or toks[k - 1].text.endswith((",", ";", ".", ":"))


def _marks_agree(hit: LabelHit, toks: Sequence) -> bool:
    """Whether a short label without its colon was read as itself, not as a name's word that
    differs from it in its marks only ("Võ", a family name, is no "Vợ"; "tên Võ" no "Tên
    vợ"). A one-word label must be read with its own marks, or with none (OCR dropped them);
    in a longer one, a word that differs in its marks and is capitalised where the label's is
    not starts a name. (Marks misread on a label's capitalised word stay a label: "Nam/Nử".)"""
    read_words = re.findall(r"[^\W\d_]+", nfc(" ".join(t.text for t in toks[hit.start : hit.end])))
    label_words = re.findall(r"[^\W\d_]+", nfc(hit.label))
    if not _short(hit):
        # a longer one read near enough (not as itself) whose word is capitalised where the
        # label's is not and is another word, letters aside its marks: a name ("đường Nguyễn
        # An Ninh" is no "Nguyên quán")
        return hit.score >= 100 or not any(
            got[:1].isupper() and want[:1].islower() and bare_letters(got) != bare_letters(want)
            for got, want in zip(read_words, label_words)
        )
    if len(label_words) == 1:
        read = "".join(read_words).lower()
        return read == label_words[0].lower() or bare_letters(read) == read
    if len(read_words) != len(label_words):
        return True
    for got, want in zip(read_words, label_words):
        differ = got.lower() != want.lower() and bare_letters(got) != got.lower()
        if differ and got[:1].isupper() and want[:1].islower():
            return False
    return True


def _same_words(a: LabelHit, b: LabelHit) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def _overlaps(a: LabelHit, b: LabelHit) -> bool:
    return a.start < b.end and b.start < a.end


def _short(hit: LabelHit) -> bool:
    return len(compact(match_key(hit.label))) <= 5


def _contains(outer: LabelHit, inner: LabelHit) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and outer.end - outer.start > inner.end - inner.start


def _name_word(tok, upper: bool) -> bool:
    word = tok.text.strip(",;.")
    return word.isalpha() and word[:1].isupper() and (word.isupper() == upper)


def _name_ends_with_it(hit: LabelHit, toks: Sequence) -> bool:
    """Another type's short label read as the last word of a name, its colon a speck: read
    with other marks than its own ("TRẦN QUỲNH CẨM CHÍ:" is no "Chị:"), or a label in the
    other case right after it (see ``_ends_a_name``)."""
    if not _short(hit) or not _after_a_name_word(toks, hit.start):
        return False
    return _ends_a_name(toks, hit.start, hit.end) or not _marks_agree(hit, toks)


def _after_a_name_word(toks: Sequence, k: int) -> bool:
    """Whether ``toks[k]`` goes on a name: the word before it a name's, in the same case."""
    if k == 0:
        return False
    before = toks[k - 1]
    return not before.text.endswith((",", ";", ".", ":")) and _name_word(before, toks[k].text.isupper())


def _ends_a_name(toks: Sequence, start: int, end: int) -> bool:
    """Whether ``toks[start:end]``, read as a label with its colon, is a name's last word: a
    name's word goes before it and a label in the other case right after it, which would
    leave it no value ("TRẦN QUỲNH CẨM CHI: Năm sinh: 1979": "chi:" ends no "Địa chỉ:", is
    no "Chị:")."""
    if not _after_a_name_word(toks, start):
        return False
    after = toks[end : end + 3]
    return bool(after) and _name_word(after[0], not toks[start].text.isupper()) and any(t.colon for t in after)


def _inside_a_name(hit: LabelHit, toks: Sequence) -> bool:
    """A short label word amid the capitalised words of a name (``PHẠM VÕ THU HÀ``: "Võ" is
    no "Vợ"; marks aside, the words are alike): a word of the name, not a label."""
    if hit.colon or len(compact(match_key(hit.label))) > 5 or hit.start == 0:
        return False
    words = toks[hit.start : hit.end]
    upper = all(t.text.isupper() for t in words)
    if hit.end >= len(toks):
        # at the line's end, the last word of a name that opens with a family name ("Trịnh
        # Huyền Anh" under the wife's signature: no "Anh", the husband's label)
        name = toks[max(0, hit.start - 3) : hit.start]
        run = next((name[k:] for k in range(len(name)) if is_family_name(name[k].text)), [])
        return len(run) >= 2 and all(_name_word(t, upper) for t in (*run, *words))
    before, after = toks[hit.start - 1], toks[hit.end]
    return not before.text.endswith((",", ";", ".", ":")) and all(_name_word(t, upper) for t in (before, *words, after))
