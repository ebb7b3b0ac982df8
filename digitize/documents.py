"""From the pages of one input to its documents: split, classify, extract, link.

Plain functions over the page results: which pages form which document, what each document
is, its fields, and which dossier it belongs to (given > barcode/QR > text), with the review
reasons that any doubt leaves behind. A type given by the caller (a campaign manifest's
`doc_type`) stands for every document of the input, as a given dossier id does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from digitize.link.barcodes import find_dossier_ids
from digitize.link.split import DocumentSpan, PageFacts, split_input
from digitize.page_tasks import PageResult
from digitize.record import REASON_TYPE_UNCERTAIN
from digitize.understand.catalogue import UNKNOWN, Catalogue
from digitize.understand.classify import Classification, classify, page_title_type, page_word_scores
from digitize.understand.extract import extract
from digitize.understand.handwriting import settle as settle_fill_ins
from digitize.understand.layout import PageLayout, layout_page
from digitize.understand.national_header import is_national_header
from ocr.model import PageText

TypeModel = Callable[[str], dict[str, float]]


@dataclass
class DocumentFacts:
    page_indexes: list[int]  # 0-based, within the input
    doc_type: str
    doc_type_confidence: float
    fields: dict[str, dict]
    dossier_id: str | None
    dossier_id_source: str | None
    review_reasons: list[str] = field(default_factory=list)
    # field name → the box around its value's words on its page, in the page model's
    # coordinates (extract.Extraction.boxes); the pipeline turns them into fields.*.box
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


HEADER_LINES = 8  # the national header sits in the first lines of a document's first page


def starts_with_national_header(page: PageText) -> bool:
    """Vietnamese administrative documents open with the national header on their first page
    only; a page carrying it near the top begins a document, whatever its title."""
    top = " ".join(line_text(page, i) for i in range(min(HEADER_LINES, len(page.lines))))
    return is_national_header(top)


def line_text(page: PageText, line: int) -> str:
    return " ".join(w.text for w in page.line_words(line))


def page_facts(index: int, result: PageResult, catalogue: Catalogue, laid_out: PageLayout | None = None) -> PageFacts:
    page = result.page
    ids = find_dossier_ids(page.text) if page.words else []
    title = page_title_type(page, catalogue, laid_out=laid_out) if page.words else None
    if title is None and page.words and starts_with_national_header(page):
        title = UNKNOWN  # a first page whose title the catalogue does not know: still a new document
    return PageFacts(
        index=index,
        codes=list(result.codes),
        word_count=len(page.words),
        is_blank=result.blank,
        title_type=title,
        text_dossier_id=ids[0] if ids else None,
        word_scores=page_word_scores(page, catalogue) if title is None and page.words else {},
    )


def documents_of(
    results: Sequence[PageResult],
    catalogue: Catalogue,
    *,
    given_dossier_id: str | None = None,
    given_doc_type: str | None = None,
    model: TypeModel | None = None,
) -> list[DocumentFacts]:
    """The documents in one input's pages, in order. `given_doc_type` (a catalogue code) is
    every document's type: not guessed, its fields read with that type's entry.

    Each page is laid out once, here: its layout finds its title for the split, then serves
    its document's classification and extraction."""
    layouts = [layout_page(r.page, i) for i, r in enumerate(results)]
    facts = [page_facts(i, r, catalogue, layouts[i]) for i, r in enumerate(results)]
    spans = split_input(facts, given_dossier_id=given_dossier_id).documents
    if not spans:  # only separator sheets: keep them as one document rather than lose pages
        spans = [
            DocumentSpan(
                page_indexes=list(range(len(results))),
                dossier_id=given_dossier_id,
                dossier_id_source="given" if given_dossier_id else None,
                review_reasons=[] if given_dossier_id else ["no_dossier_id"],
            )
        ]
    if given_doc_type is not None and given_doc_type not in catalogue:
        # a code this catalogue does not know (callers check theirs): guessed rather than
        # recorded with no fields to read
        given_doc_type = None
    return [_describe(span, results, layouts, catalogue, model, given_doc_type) for span in spans]


def _describe(
    span: DocumentSpan,
    results: Sequence[PageResult],
    layouts: Sequence[PageLayout],
    catalogue: Catalogue,
    model,
    given_doc_type: str | None,
) -> DocumentFacts:
    pages = [results[i].page for i in span.page_indexes]
    laid_out = [layouts[i].as_page(n) for n, i in enumerate(span.page_indexes)]  # numbered within the document
    if given_doc_type is not None:  # said by whoever filed the input: certain, like a given dossier id
        kind = Classification(given_doc_type, 1.0, evidence=["given"])
    else:
        kind = classify(pages, catalogue, model=model, layouts=laid_out)
    reasons: list[str] = []
    if kind.uncertain:
        reasons.append(REASON_TYPE_UNCERTAIN)
    fields: dict[str, dict] = {}
    boxes: dict = {}
    if kind.doc_type != UNKNOWN:
        codes = [(n, code) for n, i in enumerate(span.page_indexes) for code in results[i].codes]
        extraction = extract(pages, kind.doc_type, catalogue, codes=codes, layouts=laid_out)
        fields = dict(extraction.fields)
        boxes = dict(extraction.boxes)
        reasons += extraction.review_reasons
        # a number or day written by hand: read where sure, else printed part and a reason
        first = results[span.page_indexes[0]]
        settle_fill_ins(catalogue.get(kind.doc_type), fields, reasons, boxes, first.fill_ins, first.page)
    reasons += span.review_reasons
    return DocumentFacts(
        page_indexes=list(span.page_indexes),
        doc_type=kind.doc_type,
        doc_type_confidence=kind.confidence,
        fields=fields,
        dossier_id=span.dossier_id,
        dossier_id_source=span.dossier_id_source,
        review_reasons=list(dict.fromkeys(reasons)),  # once each, in order
        boxes=boxes,
    )
