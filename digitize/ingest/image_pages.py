"""Image inputs (JPEG, PNG, TIFF incl. multi-page): survey their frames, decode one frame."""

from __future__ import annotations

import warnings

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from digitize.errors import TOO_LARGE, UNREADABLE_INPUT, DigitizeError
from digitize.ingest.page_source import KIND_IMAGE, PDF_MAX_PAGE_POINTS, InputSurvey, Limits, PageSource

A4_LONG_INCHES = 297 / 25.4
A4_ASPECT = 297 / 210
FALLBACK_DPI = 300.0
MIN_DPI, MAX_DPI = 70.0, 1200.0


def resolution(info: dict, size: tuple[int, int]) -> float:
    """The frame's dpi from its metadata, or a sensible guess when missing or absurd."""
    dpi = info.get("dpi")
    if isinstance(dpi, tuple) and dpi and dpi[0]:
        try:
            value = float(dpi[0])
        except (TypeError, ValueError):
            value = 0.0
        if MIN_DPI <= value <= MAX_DPI:
            return value
    # Most scans are A4: if the shape is A4's, the long side tells the resolution.
    long_side, short_side = max(size), min(size)
    if short_side and abs(long_side / short_side - A4_ASPECT) < 0.05:
        guess = round(long_side / A4_LONG_INCHES)
        if 100 <= guess <= 600:
            return float(guess)
    return FALLBACK_DPI


SQUARE_TOLERANCE = 0.05  # x and y resolutions this close are square pixels (rounding in headers)


def vertical_resolution(info: dict, dpi: float) -> float | None:
    """The rows' resolution where a frame's pixels are not square (a standard fax, 204 x 98
    dpi, read as it is, is squashed to half its height: Tesseract cannot read it), else None."""
    found = info.get("dpi")
    if not (isinstance(found, tuple) and len(found) == 2):
        return None
    try:
        x, y = float(found[0]), float(found[1])
    except (TypeError, ValueError):
        return None
    if x != dpi or not MIN_DPI / 2 <= y <= MAX_DPI or abs(y / x - 1) <= SQUARE_TOLERANCE:
        return None
    return y


def _open(path: str) -> Image.Image:
    # Our own pixel limit (Limits.max_page_pixels) is checked before decoding; Pillow's
    # process-wide guard stays as it is and only speaks for images over twice its limit.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise DigitizeError(TOO_LARGE, f"The image is too large to decode safely ({exc}).") from exc
    except UnidentifiedImageError as exc:
        raise DigitizeError(UNREADABLE_INPUT, "The image is damaged: its header cannot be read.") from exc
    except OSError as exc:
        raise DigitizeError(UNREADABLE_INPUT, f"The image cannot be read ({exc}).") from exc


def survey_image(path: str, fmt: str, limits: Limits) -> InputSurvey:
    with _open(path) as img:
        frames = getattr(img, "n_frames", 1)
        if frames > limits.max_pages:
            raise DigitizeError(TOO_LARGE, f"The image has {frames} pages; the limit is {limits.max_pages}.")
        survey = InputSurvey(format=fmt, read_path=path)
        total_pixels = 0
        for index in range(frames):
            try:
                img.seek(index)
            except (EOFError, OSError) as exc:
                raise DigitizeError(UNREADABLE_INPUT, f"Page {index + 1} of the image cannot be read.") from exc
            width, height = img.size
            if width * height > limits.max_page_pixels:
                raise DigitizeError(
                    TOO_LARGE,
                    f"Page {index + 1} is {width}×{height} pixels "
                    f"({width * height / 1e6:.0f} megapixels); the limit is "
                    f"{limits.max_page_pixels / 1e6:.0f} megapixels.",
                )
            total_pixels += width * height
            if total_pixels > limits.max_input_pixels:
                raise DigitizeError(
                    TOO_LARGE,
                    f"The image's pages hold more than {limits.max_input_pixels / 1e6:,.0f} megapixels in all "
                    f"(by page {index + 1}); the limit is DIGITIZE_MAX_INPUT_MEGAPIXELS.",
                )
            dpi = resolution(img.info, img.size)
            if max(width, height) / dpi * 72 > PDF_MAX_PAGE_POINTS:
                raise DigitizeError(
                    TOO_LARGE,
                    f"Page {index + 1} is {width}×{height} pixels: at {dpi:.0f} dpi that is "
                    f"{max(width, height) / dpi:,.0f} inches, more than a PDF page can measure (200 inches).",
                )
            if width < 16 or height < 16:
                raise DigitizeError(UNREADABLE_INPUT, f"Page {index + 1} is only {width}×{height} pixels.")
            y_dpi = vertical_resolution(img.info, dpi)
            if y_dpi is not None and width * round(height * dpi / y_dpi) > limits.max_page_pixels:
                raise DigitizeError(
                    TOO_LARGE,
                    f"Page {index + 1} is {width}×{height} pixels at {dpi:.0f}×{y_dpi:.0f} dpi: made square "
                    f"that is more than the limit of {limits.max_page_pixels / 1e6:.0f} megapixels.",
                )
            survey.pages.append(PageSource(path=path, format=fmt, index=index, kind=KIND_IMAGE, dpi=dpi, y_dpi=y_dpi))
    return survey


def to_array(img: Image.Image) -> np.ndarray:
    """Any Pillow mode → uint8 array: greyscale (H×W) when the image has no colour, else RGB.

    Colour is kept because seals and signatures are told from text by it."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # scaled a band of rows at a time: the whole page in float64 would take 8 bytes a pixel
        arr = np.asarray(img)
        top = float(arr.max()) or 1.0
        out = np.empty(arr.shape, np.uint8)
        rows = max(1, 2_000_000 // max(1, arr.shape[1]))
        for y in range(0, arr.shape[0], rows):
            out[y : y + rows] = (arr[y : y + rows].astype(np.float64) * (255.0 / top)).astype(np.uint8)
        return out
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # Transparent areas are paper, not black.
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, img.convert("RGBA"))
    if img.mode in ("1", "L", "LA"):
        return np.asarray(img.convert("L"))
    return np.asarray(img.convert("RGB"))


def load_image_page(source: PageSource) -> np.ndarray:
    """Decode one frame, upright per its EXIF orientation (grey or RGB, see to_array)."""
    with _open(source.path) as img:
        try:
            img.seek(source.index)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                img.load()
                if source.format == "jpeg":  # img2pdf honours EXIF orientation for JPEG too
                    img = ImageOps.exif_transpose(img)
                pixels = to_array(img)
        except (OSError, EOFError, SyntaxError, ValueError) as exc:
            raise DigitizeError(
                UNREADABLE_INPUT,
                f"Page {source.index + 1} of the image is damaged or truncated and cannot be decoded.",
            ) from exc
    return pixels if source.y_dpi is None else _square_pixels(pixels, source.dpi / source.y_dpi)


def _square_pixels(pixels: np.ndarray, stretch: float) -> np.ndarray:
    """Rows stretched by ``stretch`` so that pixels are square. Linear interpolation: a fax's
    doubled rows come out smoothed, which Tesseract reads better than their hard steps."""
    height, width = pixels.shape[:2]
    return cv2.resize(pixels, (width, max(1, round(height * stretch))), interpolation=cv2.INTER_LINEAR)
