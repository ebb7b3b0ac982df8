"""The work done in pool processes: surveying an input and reading one page.

Both run away from the main process so that a hostile file that hangs or crashes a decoder
costs only its own input (see ocr.pool).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from digitize.errors import OCR_FAILED, DigitizeError
from digitize.formats import PDF
from digitize.image_pages import load_image_page, survey_image
from digitize.page_source import KIND_IMAGE, InputSurvey, Limits, PageSource
from digitize.pdf_pages import load_pdf_page, survey_pdf
from ocr.model import PageText
from ocr.tesseract import OcrError, OcrOptions, recognise


@dataclass
class PageResult:
    page: PageText
    text_layer_pdf: bytes | None  # None: the page kept its own text layer
    # How the OCRed image relates to the page as displayed: first turned `rotation` degrees
    # clockwise (to make it upright), then turned `skew` degrees counter-clockwise (deskew).
    rotation: int = 0
    skew: float = 0.0
    blank: bool = False


def survey_input(path: str, fmt: str, work_dir: str, limits: Limits) -> InputSurvey:
    if fmt == PDF:
        return survey_pdf(path, Path(work_dir), limits)
    return survey_image(path, fmt, limits)


def load_page_image(source: PageSource) -> np.ndarray:
    return load_image_page(source) if source.kind == KIND_IMAGE else load_pdf_page(source)


def ocr_page(source: PageSource, options: OcrOptions) -> PageResult:
    pixels = load_page_image(source)
    grey = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    height, width = grey.shape[:2]
    with tempfile.TemporaryDirectory(prefix="digitize-page-") as tmp:
        # PGM: no compression to spend time on; Tesseract reads it directly.
        image_path = Path(tmp) / "page.pgm"
        if not cv2.imwrite(str(image_path), grey):
            raise DigitizeError(OCR_FAILED, f"Page {source.index + 1}: the page image could not be handed to Tesseract.")
        try:
            out = recognise(image_path, source.dpi, width, height, options)
        except OcrError as exc:
            raise DigitizeError(OCR_FAILED, f"Page {source.index + 1}: {exc}") from exc
    return PageResult(page=out.page, text_layer_pdf=out.text_layer_pdf)
