"""Extraction from OCR-like text (tests.pagetext), for the tests of the classes of miss."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from tests.pagetext import page_from_text

CATALOGUE = load_catalogue(home="/nonexistent")  # the packaged catalogue, no centre's own


def field_values(doc_type: str, text: str, **kw) -> dict[str, str]:
    """The values extraction reads for ``doc_type`` from one page of ``text`` (``page_from_text``'s
    keywords in ``kw``)."""
    result = extract([page_from_text(text, **kw)], doc_type, CATALOGUE)
    return {k: v["value"] for k, v in result.fields.items()}
