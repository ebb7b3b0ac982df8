"""The work done in pool processes: surveying an input and reading one page.

Both run away from the main process so that a hostile file that hangs or crashes a decoder
costs only its own input (see ocr.pool).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from digitize.errors import OCR_FAILED, DigitizeError
from digitize.ingest.boundary import reading
from digitize.ingest.formats import PDF
from digitize.ingest.image_pages import load_image_page, survey_image
from digitize.ingest.page_source import KIND_IMAGE, WORKING_PIXELS, InputSurvey, Limits, PageSource
from digitize.ingest.pdf_pages import load_pdf_page, survey_pdf
from digitize.link.barcodes import Code, read_codes
from digitize.understand.handwriting import FillIn, find_fill_ins
from ocr.marks import choose_marks
from ocr.model import TEXT_FROM_OCR, PageText
from ocr.mrz import reread_mrz
from ocr.page_choice import check_page
from ocr.preprocess import Prepared, prepare_for_ocr
from ocr.reread import reread_split_lines
from ocr.tesseract import OcrError, Tesseract, recognise_image
from ocr.text_layer import text_layer_pdf
from ocr.wordfilter import filter_words

# Counted up whenever a PageResult's meaning changes (2: skew's sign as ocr/model.py says; 3: the
# handwritten fill-ins), so that page results kept by another version (a queue range, a bench
# cache) are not misread.
PAGE_RESULTS_FORMAT = 3


@dataclass
class PageResult:
    page: PageText
    text_layer_pdf: bytes | None  # the final words, invisible; None: the page kept its own text layer, or is blank
    # How the OCRed image relates to the page as scanned (ocr.model "Turns"): turned `rotation`
    # degrees clockwise to make it upright, then straightened: `skew` > 0 is a scan whose content
    # was turned counter-clockwise, which OCR read turned back clockwise by `skew`.
    rotation: int = 0
    skew: float = 0.0
    blank: bool = False
    codes: list[Code] = field(default_factory=list)  # barcodes and QR codes on the page
    # the head's number and date slots and whether they were filled in by hand, judged on the
    # image OCR read (digitize.understand.handwriting); a text-layer page has none
    fill_ins: list[FillIn] = field(default_factory=list)


def survey_input(path: str, fmt: str, work_dir: str, limits: Limits) -> InputSurvey:
    with reading("the file"):
        if fmt == PDF:
            return survey_pdf(path, Path(work_dir), limits)
        return survey_image(path, fmt, limits)


def load_page_image(source: PageSource) -> np.ndarray:
    """The page decoded (grey or RGB), no larger than the working size (see `within_working_size`)."""
    with reading(f"page {source.index + 1}"):
        return load_image_page(source) if source.kind == KIND_IMAGE else load_pdf_page(source)


def within_working_size(pixels: np.ndarray, source: PageSource) -> tuple[np.ndarray, PageSource]:
    """A page image over WORKING_PIXELS reduced to it, its dpi adjusted to match."""
    height, width = pixels.shape[:2]
    if height * width <= WORKING_PIXELS:
        return pixels, source
    factor = (WORKING_PIXELS / (height * width)) ** 0.5
    size = (max(1, int(width * factor)), max(1, int(height * factor)))
    reduced = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    return reduced, dataclasses.replace(source, dpi=source.dpi * size[0] / width)


# A page read this badly may be upside down: orientation is judged from the shape of the ink,
# which small cards and noisy copies can fool. Reading it turned over settles it (rarely needed).
# (Upside-down text reads at a mean confidence of 60-66, upright pages, even bad copies, at
# 85-96 on the bench's pages; with two models each word takes the better reading, which lifts
# the upside-down ones most.)
DOUBTFUL_CONFIDENCE = 75.0
CONFIDENT_WORD = 60.0
MIN_TURNED_WORDS = 3


def ocr_page(source: PageSource, tesseract: Tesseract) -> PageResult:
    """Decode → codes → clean-up (ink, orientation, skew, light, borders) → Tesseract."""
    pixels, source = within_working_size(load_page_image(source), source)
    codes = read_codes(pixels, source.dpi)  # on the page as scanned: bars are black, not ink
    # Up or down in doubt: no OSD, the reading below is tried turned over when it reads badly.
    prepared = prepare_for_ocr(pixels, source.dpi, osd_for_up_down=False, tesseract=tesseract)
    height, width = prepared.image.shape[:2]
    if prepared.blank:  # nothing to read; the page stays in the PDF and is marked blank
        empty = PageText(width=width, height=height, dpi=source.dpi, source=TEXT_FROM_OCR)
        return PageResult(page=empty, text_layer_pdf=None, blank=True, codes=codes)
    rotation = prepared.rotation
    scale = 2 if 0 < prepared.glyph_height < SMALL_GLYPHS_PX else 1
    image = _at_scale(prepared.image, scale, bilevel=prepared.bilevel)
    out = _recognise(image, source, tesseract, scale)
    turned_over = False
    words = filter_words(out)  # the turn-over decision is made on the words, not on junk
    if words.mean_confidence is not None and words.mean_confidence < DOUBTFUL_CONFIDENCE:
        # turning the deskewed image over keeps its skew: only the quarter turns change
        turned_image = np.ascontiguousarray(np.rot90(image, 2))
        turned = _recognise(turned_image, source, tesseract, scale)
        readable = _readable_words(filter_words(turned))
        # A page with next to nothing readable either way (a signature page of a bad copy)
        # stays as the layout said: one junk word read turned over decides nothing.
        if readable >= MIN_TURNED_WORDS and readable > 1.5 * _readable_words(words):
            out, image, rotation = turned, turned_image, (rotation + 180) % 360
            turned_over = True
    # Never below the first model alone: a doubtful page is read with it too (ocr.page_choice).
    out = check_page(out, tesseract, lambda alone: _recognise(image, source, alone, scale))
    # Second readings, on the orientation kept only: capitals whose marks were split off and
    # list-number columns read again as lines, an identity card's MRZ with the model that
    # knows its characters; then table rules, specks and what is left of split-off marks go,
    # before anything reads the page; last, unsure marks are chosen by their neighbours
    # (ocr.marks). The text layer is written from these final words.
    page = choose_marks(filter_words(reread_mrz(image, reread_split_lines(image, out, tesseract), tesseract)))
    # on the image, while there is one (with the blue ink the clean-up took away: a number and
    # day written in ballpoint); by line, so kept by _shrink
    fill_ins = find_fill_ins(page, _with_blue_ink(prepared, image, scale, turned_over))
    page = _shrink(page, scale, source.dpi) if scale > 1 else page
    return PageResult(
        page=page,
        text_layer_pdf=text_layer_pdf(page),
        rotation=rotation,
        skew=prepared.skew,
        codes=codes,
        fill_ins=fill_ins,
    )


def _at_scale(image: np.ndarray, scale: int, bilevel: bool = False) -> np.ndarray:
    # A black-and-white scan (fax, bilevel) is enlarged linearly: cubic interpolation rings at
    # its hard edges and Tesseract reads the ringing as strokes (a fax card's number and labels
    # were lost); grey scans read better enlarged cubically (bench.quality, photocopy).
    interpolation = cv2.INTER_LINEAR if bilevel else cv2.INTER_CUBIC
    return image if scale == 1 else cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)


def _with_blue_ink(prepared: Prepared, image: np.ndarray, scale: int, turned_over: bool) -> np.ndarray:
    """The image OCR read, or the same page with its blue ink kept where the clean-up removed
    some (same turn, skew and scale)."""
    if prepared.with_blue_ink is None:
        return image
    kept = _at_scale(prepared.with_blue_ink, scale)
    return np.ascontiguousarray(np.rot90(kept, 2)) if turned_over else kept


def _shrink(page: PageText, scale: int, dpi: float) -> PageText:
    """Word and line boxes of a page read at ``scale`` times its size, at its own size."""

    def box(b):
        return tuple(v / scale for v in b)

    return PageText(
        width=page.width / scale,
        height=page.height / scale,
        dpi=dpi,
        source=page.source,
        words=[dataclasses.replace(w, box=box(w.box)) for w in page.words],
        lines=[dataclasses.replace(line, box=box(line.box)) for line in page.lines],
    )


def _readable_words(filtered: PageText) -> int:
    """Confident words with a letter or digit, on a page already through ``filter_words``."""
    return sum(1 for w in filtered.words if w.conf >= CONFIDENT_WORD and any(ch.isalnum() for ch in w.text))


# Tesseract reads characters best from ~20 px tall; small print scanned at low resolution (a
# card at 150-200 dpi) is read at twice the size. (Upscaling whole pages under 250 dpi was
# measured worse: most of their text is tall enough already.)
SMALL_GLYPHS_PX = 14.0


def _recognise(image: np.ndarray, source: PageSource, tesseract: Tesseract, scale: int = 1) -> PageText:
    """Tesseract's first reading of ``image`` (the page at ``scale`` times its size)."""
    try:
        return recognise_image(image, source.dpi * scale, tesseract)
    except OcrError as exc:
        raise DigitizeError(OCR_FAILED, f"Page {source.index + 1}: {exc}") from exc
