"""Pages of an archived PDF as pictures for a screen (the review station): rendered by PDFium
as the page is displayed (after its /Rotate), at a width in pixels, as PNG."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

MAX_WIDTH = 2400  # zoomed in far enough to read a stamp; no bigger (memory per request)


class PreviewError(ValueError):
    """The page asked for is not in the PDF."""


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's displayed width and height in PDF points."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_size() for i in range(len(doc))]
    finally:
        doc.close()


def page_png(pdf: bytes, page: int, width_px: int) -> bytes:
    """Page `page` (1-based) rendered `width_px` wide (capped at MAX_WIDTH), greyscale kept as is."""
    doc = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(doc):
            raise PreviewError(f"This document has {len(doc)} page(s); there is no page {page}.")
        pdf_page = doc[page - 1]
        width_pt, _ = pdf_page.get_size()
        scale = max(0.1, min(MAX_WIDTH, max(100, width_px)) / width_pt)
        image = pdf_page.render(scale=scale, may_draw_forms=False).to_pil()
        out = io.BytesIO()
        image.save(out, "PNG", optimize=False, compress_level=3)
        return out.getvalue()
    finally:
        doc.close()
