"""Split one input (a box scan: several dossiers, each several documents) into documents.

Plain data in, plain data out: the pipeline turns each page into a `PageFacts` (its codes,
word count, blankness, the catalogue title the classifier sees on it, a dossier code read from
its text) and `split_input` returns the documents in input order, with their dossier codes.

Pages, in input order:

- a **separator sheet** (a dossier-code barcode/QR, or a configured patch code, and fewer than
  `max_separator_words` words: the code's caption, a heading) starts a new dossier and is
  dropped, as are blank pages right behind it (its back side in a duplex scan);
- a **receipt** (`title_type == "receipt"`) starts a new dossier, unless it comes right behind a
  separator sheet (then it belongs to that sheet's dossier), and is the first document of it;
- a page with any other **title** starts a new document in the current dossier;
- a page with no title whose words alone tell another type (`word_scores`: at least
  `WORDS_TELL` for that type, at most `WORDS_SILENT` for the current document's title type)
  starts an untitled document too: a card whose heading a scan garbled, behind another card;
- any other page (a continuation, a blank back page) stays with the current document; a
  non-blank one with no document to join (the first page of the input or behind a separator)
  starts an untitled document; blank pages at the very start of the input join the first
  document.

With no separator, receipt or title the whole input is one document (one scan = one document).

The dossier code of a dossier: the given one (CLI `--dossier`, API field, manifest) when valid,
else the first code read from a barcode or QR (the separator sheet's, then the receipt's, then
any other page's, in order), else the first code read from text (same order). Every document of
the dossier carries it. A document gets `dossier_id_conflict` when a code on its own pages or on
its dossier's separator sheet/receipt disagrees with the one chosen (and so does the document
that supplied the chosen code, when that was not the sheet or receipt and another page offers
a different code of the same rank, so that page order alone decided); `no_dossier_id` when
there is none; `invalid:dossier_id` when the given code, or one on the separator sheet or
receipt, is malformed or carries an impossible date.
Invalid codes are never used.

Time and memory are linear in the number of pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from digitize.link.barcodes import Code, is_patch_code, is_valid_dossier_id, looks_like_dossier_id

SOURCE_GIVEN = "given"
SOURCE_BARCODE = "barcode"
SOURCE_QR = "qr"
SOURCE_TEXT = "text"

RECEIPT = "receipt"
NO_TITLE = (None, "")  # "unknown": a first page whose title the catalogue lacks, still a new document

REASON_CONFLICT = "dossier_id_conflict"
REASON_NONE = "no_dossier_id"
REASON_INVALID = "invalid:dossier_id"

MAX_SEPARATOR_WORDS = 25


@dataclass
class PageFacts:
    """What the splitter needs to know about one page of the input."""

    index: int  # 0-based, within the input
    codes: list[Code] = field(default_factory=list)
    word_count: int = 0
    is_blank: bool = False
    title_type: str | None = None  # the catalogue type whose title is on this page
    text_dossier_id: str | None = None  # a dossier code read from the page's text
    # for a page without a title: how much its words alone (a type's keywords and value
    # shapes, 0-1) say of each type
    word_scores: dict[str, float] = field(default_factory=dict)


@dataclass
class DocumentSpan:
    page_indexes: list[int]  # 0-based, within the input, ascending and contiguous
    dossier_id: str | None
    dossier_id_source: str | None  # "given", "barcode", "qr", "text" or None
    review_reasons: list[str] = field(default_factory=list)
    dossier_index: int = 0  # which dossier of the input, 0-based, in input order
    title_type: str | None = None  # the title on its first page; None for an untitled one

    @property
    def source_pages(self) -> list[int]:
        """The record's `source_pages`: [first, last], 1-based."""
        return [self.page_indexes[0] + 1, self.page_indexes[-1] + 1] if self.page_indexes else []


@dataclass
class SplitResult:
    documents: list[DocumentSpan]
    separator_pages: list[int]  # the separator sheets (dropped)
    dropped_pages: list[int]  # every page in no document: the sheets and their blank backs

    @property
    def dossier_count(self) -> int:
        return len({d.dossier_index for d in self.documents})


# --------------------------------------------------------------------------- internals


@dataclass
class _Doc:
    pages: list[PageFacts]
    title_type: str | None


@dataclass
class _Dossier:
    head: list[PageFacts] = field(default_factory=list)  # separator sheet and/or receipt
    separator: bool = False
    docs: list[_Doc] = field(default_factory=list)


WORDS_TELL = 0.8  # a type's words on an untitled page from which it is that type's page
WORDS_SILENT = 0.2  # ... when the current document's type has at most this much on it


def _words_tell_another_type(page: PageFacts, current: str | None) -> bool:
    """Whether an untitled page is not the current document's next page but another type's
    (its title unread): its words tell that type clearly and say next to nothing of the
    current one. A continuation page goes on in its own type's words, or in none."""
    if current not in page.word_scores:  # no title type (or the catalogue's "unknown"): nothing to tell apart
        return False
    best, score = max(page.word_scores.items(), key=lambda kv: kv[1])
    return best != current and score >= WORDS_TELL and page.word_scores.get(current, 0.0) <= WORDS_SILENT


def _title(page: PageFacts) -> str | None:
    return None if page.title_type in NO_TITLE else page.title_type


def _is_separator(page: PageFacts, patch_values, max_words: int) -> bool:
    if _title(page) is not None or page.word_count >= max_words:
        return False
    return any(c.dossier_id or looks_like_dossier_id(c.text) or is_patch_code(c, patch_values) for c in page.codes)


def _code_ids(page: PageFacts) -> list[tuple[str, str]]:
    return [(c.dossier_id, c.source) for c in page.codes if c.dossier_id]


def _text_id(page: PageFacts) -> str | None:
    value = page.text_dossier_id.strip() if isinstance(page.text_dossier_id, str) else None
    return value if is_valid_dossier_id(value) else None


def _ids(page: PageFacts) -> list[str]:
    out = [i for i, _ in _code_ids(page)]
    text = _text_id(page)
    return out + [text] if text else out


def _ranked_ids(page: PageFacts, source: str | None) -> list[str]:
    """The page's codes of the same rank as `source`: barcode and QR rank alike."""
    if source == SOURCE_TEXT:
        text = _text_id(page)
        return [text] if text else []
    return [i for i, _ in _code_ids(page)]


def _segment(pages: Iterable[PageFacts], patch_values, max_words: int):
    dossiers: list[_Dossier] = []
    separators: list[int] = []
    dropped: list[int] = []
    dossier: _Dossier | None = None
    doc: _Doc | None = None
    leading: list[PageFacts] = []  # blank pages at the start of the input, before any document

    def start_doc(page: PageFacts, title: str | None) -> _Doc:
        nonlocal dossier, leading
        if dossier is None:
            dossier = _Dossier()
            dossiers.append(dossier)
        new = _Doc(leading + [page], title)
        leading = []
        dossier.docs.append(new)
        return new

    for page in pages:
        title = _title(page)
        if _is_separator(page, patch_values, max_words):
            dropped.extend(p.index for p in leading)
            leading = []
            separators.append(page.index)
            dropped.append(page.index)
            dossier = _Dossier(head=[page], separator=True)
            dossiers.append(dossier)
            doc = None
        elif title == RECEIPT:
            if not (dossier is not None and dossier.separator and not dossier.docs):
                dossier = _Dossier()
                dossiers.append(dossier)
            dossier.head.append(page)
            doc = start_doc(page, title)
        elif title is not None:
            doc = start_doc(page, title)
        elif doc is not None and _words_tell_another_type(page, doc.title_type):
            doc = start_doc(page, None)
        elif doc is not None:
            doc.pages.append(page)
        elif page.is_blank:
            if dossier is not None:  # right behind a separator sheet: its back side
                dropped.append(page.index)
            else:
                leading.append(page)
        else:
            doc = start_doc(page, None)
    if leading:  # nothing but blank pages: one document of them
        start_doc(leading.pop(), None)
    return [d for d in dossiers if d.docs], separators, dropped


def _choose(dossier: _Dossier, given: str | None) -> tuple[str | None, str | None, PageFacts | None]:
    """The dossier's code, its source, and the page it came from (None for a given code)."""
    if given:
        return given, SOURCE_GIVEN, None
    order = dossier.head[:1] if dossier.separator else []
    order += [p for d in dossier.docs for p in d.pages]
    for page in order:
        ids = _code_ids(page)
        if ids:
            return ids[0][0], ids[0][1], page
    for page in order:
        text = _text_id(page)
        if text:
            return text, SOURCE_TEXT, page
    return None, None, None


def split_input(
    pages: list[PageFacts],
    given_dossier_id: str | None = None,
    patch_values=(),
    max_separator_words: int = MAX_SEPARATOR_WORDS,
) -> SplitResult:
    """Split an input's pages (in input order) into documents; see the module doc."""
    dossiers, separators, dropped = _segment(pages, patch_values, max_separator_words)

    given = given_dossier_id.strip() if isinstance(given_dossier_id, str) else None
    given_invalid = bool(given) and not is_valid_dossier_id(given)
    if given_invalid:
        given = None

    documents: list[DocumentSpan] = []
    for number, dossier in enumerate(dossiers):
        chosen, source, anchor = _choose(dossier, given)
        head_ids = [i for p in dossier.head for i in _ids(p)]
        head_invalid = any(looks_like_dossier_id(c.text) and not c.dossier_id for p in dossier.head for c in p.codes)
        head_conflict = chosen is not None and any(i != chosen for i in head_ids)
        # The code came from one document's page and another page offers a different one of
        # the same rank (code vs code, text vs text): the choice was by page order only.
        anchor_in_head = anchor is None or any(anchor is p for p in dossier.head)
        tie = (
            chosen is not None
            and not anchor_in_head
            and any(i != chosen for d in dossier.docs for p in d.pages for i in _ranked_ids(p, source))
        )

        for doc in dossier.docs:
            reasons: list[str] = []
            if given_invalid or head_invalid:
                reasons.append(REASON_INVALID)
            if chosen is None:
                reasons.append(REASON_NONE)
            else:
                own = any(i != chosen for p in doc.pages for i in _ids(p))
                holds_anchor = anchor is not None and any(anchor is p for p in doc.pages)
                if head_conflict or own or (holds_anchor and tie):
                    reasons.append(REASON_CONFLICT)
            documents.append(
                DocumentSpan(
                    page_indexes=[p.index for p in doc.pages],
                    dossier_id=chosen,
                    dossier_id_source=source,
                    review_reasons=reasons,
                    dossier_index=number,
                    title_type=doc.title_type,
                )
            )
    return SplitResult(documents=documents, separator_pages=separators, dropped_pages=sorted(dropped))
