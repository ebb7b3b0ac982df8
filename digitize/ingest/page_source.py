"""What the survey of an input found: its pages, and how each will be read.

Plain data handed from the survey to the page workers and to PDF assembly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ocr.model import PageText

# How a page's content is obtained.
KIND_IMAGE = "image"  # a frame of an image file
KIND_PDF_IMAGE = "pdf_image"  # a PDF page that is one embedded image: extracted losslessly
KIND_PDF_RENDER = "pdf_render"  # any other PDF page: rasterised
KIND_PDF_TEXT = "pdf_text"  # a PDF page whose text layer is good: not OCRed


# Pages are read at no more than this many pixels: A3 at 600 dpi is about 70 megapixels and
# Tesseract reads no better above 300-400 dpi, while a 144-megapixel page would need gigabytes
# through the clean-up. Larger page images are reduced for reading (the archived PDF keeps them
# as they are), and PDF pages are rendered no larger.
WORKING_PIXELS = 50_000_000

# The largest page a PDF can describe: 14,400 units (200 inches) a side (ISO 32000, Annex C).
PDF_MAX_PAGE_POINTS = 14_400


@dataclass(frozen=True)
class Limits:
    max_pages: int
    max_page_pixels: int  # one page image (or a PDF page rendered at 300 dpi)
    max_input_pixels: int = 20_000 * 10**6  # image pixels drawn over all pages of an input
    # What a PDF may inflate to, checked while reading (digitize.ingest.pdf_budget). Real pages
    # are far below: a scanned page's drawing instructions take bytes, a dense vector page a few
    # MiB, a page of text some thousands of characters and a few hundred draws.
    max_page_stream_bytes: int = 64 * 2**20
    max_input_stream_bytes: int = 1024 * 2**20
    max_page_text_chars: int = 200_000
    max_page_draws: int = 100_000


@dataclass(frozen=True)
class PageSource:
    path: str  # the file to read (a repaired copy for a damaged PDF)
    format: str
    index: int  # 0-based within the input
    kind: str
    dpi: float  # resolution of the page image that will be OCRed
    # an image whose rows are at another resolution than its columns (a standard-resolution
    # fax: 204 x 98 dpi); it is read stretched to square pixels at `dpi`. None: square pixels.
    y_dpi: float | None = None
    rotate: int = 0  # the PDF page's /Rotate, applied before OCR
    image_name: str | None = None  # KIND_PDF_IMAGE: the image XObject's resource name
    text: PageText | None = None  # KIND_PDF_TEXT: the text layer read
    note: str | None = None  # something about the page the record should say (an invalid /Rotate ignored)


def page_rotation(value) -> tuple[int, str | None]:
    """A PDF page's /Rotate as 0, 90, 180 or 270, and a note when the value was not a multiple
    of 90 (ISO 32000 allows nothing else): such a page is taken as unrotated."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0, f"/Rotate {str(value)[:20]} is not a number: the page is shown unrotated"
    if number % 90:
        return 0, f"/Rotate {number} is not a multiple of 90: the page is shown unrotated"
    return number % 360, None


@dataclass
class InputSurvey:
    format: str
    read_path: str  # == path unless the PDF needed repair
    pages: list[PageSource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "repaired"
