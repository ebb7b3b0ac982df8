"""Field extraction: read a document type's fields from its pages.

``extract(pages, doc_type, catalogue=None)`` returns ``Extraction(fields, review_reasons)``
(and ``.boxes``: where each value's words are on its page, see ``Extraction``):

    fields = {"full_name": {"value": "Nguyễn Văn An", "confidence": 0.93, "page": 1}, ...}
    review_reasons = ["low_confidence:personal_id", "invalid:enterprise_code", ...]

Only the type's own fields are read, and only those actually printed. How a value is found
(per the field's ``locate`` list in the catalogue):

- ``label``: a label of the field (fuzzy, diacritic-insensitive, OCR-tolerant, also when it
  wraps onto the next line) and the value after it on the same line (after ``:`` or not),
  else in the next column of the same visual row, else on the line below; under a row of
  column headings, the value in the rows below the heading. Addresses and free text follow
  their wrapped lines (joined with ``, `` between parts, a space inside one); a name that
  wraps inside a table cell is joined.
- ``place_date``: the ``<place>, ngày … tháng … năm …`` line (issue dates).
- ``agency_header``: the issuing body at the top left (decisions).
- ``header_number``: a ``<number>/<symbol>`` in that header block (its ``Số:`` misread).
- ``column``: a row label under a column heading (Chồng / Vợ, Người mẹ / Người cha).
- ``pattern``: the value's own shape anywhere (dossier IDs, serials, insurance numbers).
- ``range_end``: the second date of a "từ … đến …" range opened by another field's label.

Values are canonicalised per shared/spec/document-types.md and validated (the ID also
against the date of birth and gender read from the same document); a value that fails is
kept with low confidence and flagged ``invalid:<field>``. Confidence combines the OCR word
confidences (a PDF text layer counts as high) with how well the label matched and how the
value was found; under ``LOW_CONFIDENCE`` the field is flagged ``low_confidence:<field>``.
On a page about several people, the ID, date of birth and gender are the ones in the block
of the person the document is about (the field with the catalogue role ``subject_name``).

The pieces: ``layout`` (visual rows and column segments, shared with the classifier),
``labels`` (which labels a segment carries), ``values`` (where a value ends and how each kind
is read), ``tidy`` (marks OCR dropped from family names, units, company words); for this
module: ``labelindex`` (the document's label index), ``navigate`` and ``regions`` (layout
navigation: segments below, cells, where a label's value lies and how it goes on),
``labelvalue`` (a value read after its label), ``locators`` (the locating strategies by their
catalogue names, and the order they are tried in), ``candidate`` (a candidate value and its
confidence arithmetic) and ``reconcile`` (one value per field, checked across the document).
This module lays out the pages, asks the locators for each field's candidates and has them
reconciled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from digitize.understand.candidate import LOW_CONFIDENCE, Candidate
from digitize.understand.catalogue import Catalogue, DocType, default_catalogue
from digitize.understand.labelindex import Doc as _Doc
from digitize.understand.labels import label_defs
from digitize.understand.layout import PageLayout, layout
from digitize.understand.locators import every_reading, field_candidates
from digitize.understand.reconcile import readings_a_digit_apart, reconcile, review
from ocr.model import Box, PageText

if TYPE_CHECKING:
    from digitize.link.barcodes import Code

__all__ = ["LOW_CONFIDENCE", "Candidate", "Extraction", "extract"]


class _Extraction(NamedTuple):
    fields: dict[str, dict]
    review_reasons: list[str]


class Extraction(_Extraction):
    """``(fields, review_reasons)``, and ``boxes``: field name → the box around the words its
    value was read from, on its page (``fields[name]["page"]``), in the page model's
    coordinates (ocr.model: pixels of the image OCR read, or points of a PDF text layer).
    Internal: the pipeline turns them into ``fields.*.box`` in PDF points once the document's
    PDF exists (digitize.archive.geometry). A value not read from the page's words (from a
    barcode, QR code or the MRZ) has none."""

    boxes: dict[str, Box]

    def __new__(cls, fields: dict[str, dict], review_reasons: list[str], boxes: dict[str, Box] | None = None):
        self = super().__new__(cls, fields, review_reasons)
        self.boxes = boxes or {}
        return self


def extract(
    pages: Sequence[PageText],
    doc_type: str,
    catalogue: Catalogue | None = None,
    codes: Sequence[tuple[int, Code]] = (),
    *,
    layouts: Sequence[PageLayout] | None = None,
) -> Extraction:
    """Read the fields of ``doc_type`` from the document's pages (see module doc).

    ``codes``: the barcodes and QR codes decoded on the pages, as (0-based page, code); a type
    with ``cross_checks = ["codes"]`` takes its dossier code from them where they carry one.
    ``layouts``: the pages' layouts, one per page in order, when the caller has them (the
    same ones classification read); else the pages are laid out here."""
    catalogue = catalogue or default_catalogue()
    doc_spec: DocType | None = catalogue.get(doc_type)
    if doc_spec is None or not pages:
        return Extraction({}, [])
    doc = _Doc(
        list(layouts) if layouts is not None else layout(pages),
        label_defs(catalogue, doc_type),
        kinds={name: spec.kind for name, spec in doc_spec.fields.items()},
    )
    runs: dict[str, dict[str, list]] = {name: {} for name in doc_spec.fields}
    candidates = {name: field_candidates(doc, spec, runs[name]) for name, spec in doc_spec.fields.items()}
    chosen = reconcile(doc, doc_spec, candidates, pages, codes)
    # a date read again elsewhere (a registration's label and the place-and-date line); codes
    # and numbers have their own checks (structure, the barcode) that settle their digits
    dated = [n for n in chosen if doc_spec.fields[n].kind == "date"]
    readings_a_digit_apart(chosen, {n: every_reading(doc, doc_spec.fields[n], runs[n]) for n in dated})
    fields, reasons, boxes = review(doc_spec, chosen)
    return Extraction(fields, reasons, boxes)
