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


@dataclass(frozen=True)
class Limits:
    max_pages: int
    max_page_pixels: int


@dataclass(frozen=True)
class PageSource:
    path: str  # the file to read (a repaired copy for a damaged PDF)
    format: str
    index: int  # 0-based within the input
    kind: str
    dpi: float  # resolution of the page image that will be OCRed
    rotate: int = 0  # the PDF page's /Rotate, applied before OCR
    image_name: str | None = None  # KIND_PDF_IMAGE: the image XObject's resource name
    text: PageText | None = None  # KIND_PDF_TEXT: the text layer read


@dataclass
class InputSurvey:
    format: str
    read_path: str  # == path unless the PDF needed repair
    pages: list[PageSource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "repaired"
