"""Where a value's words are on the archived page: page-model boxes in PDF points.

A record's `fields.*.box` is `[x0, y0, x1, y1]` in PDF points on the page *as displayed*: its
crop box turned by its /Rotate (the way pdfium and every viewer show it upright), origin at
the displayed page's bottom-left corner, so 0 ≤ x ≤ displayed width and 0 ≤ y ≤ displayed
height whatever the page's MediaBox origin. A review station that renders the page at `s`
pixels per point draws the box at `x * s` and `(height - y) * s` from the image's top left.

Two kinds of page-model box come in (ocr.model):

- an OCRed page's: pixels of the image OCR read (origin top left, at the page's dpi), already
  upright (turned by `rotation`) and deskewed. Its text layer was laid over the archived page
  fitted and centred in the displayed page and turned back by the skew (archive.assemble);
  `ocr_box_to_pdf` follows the same steps.
- a PDF page whose own text layer was read (dpi 72): pdfplumber's coordinates, points from
  the top of the displayed MediaBox, with pdfplumber's MediaBox-offset convention;
  `text_layer_box_to_pdf` undoes it through user space.

Plain functions of plain numbers: `page_geometry` reads what they need from a pikepdf page.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pikepdf

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class PageGeometry:
    """A PDF page's boxes (user space, normalised x0 < x1, y0 < y1) and its /Rotate."""

    mediabox: Box
    cropbox: Box
    rotate: int = 0  # 0, 90, 180 or 270

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of the page as displayed (its crop box, turned)."""
        return displayed_size(self.cropbox, self.rotate)


def normalised(box) -> Box:
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def page_geometry(page) -> PageGeometry:
    """The geometry of a pikepdf page (its /Rotate as assemble.make_inert leaves it)."""
    mediabox = normalised(page.mediabox)
    cropbox = normalised(page.cropbox)
    # what is shown is the crop box clipped to the media box
    cropbox = (
        max(cropbox[0], mediabox[0]),
        max(cropbox[1], mediabox[1]),
        min(cropbox[2], mediabox[2]),
        min(cropbox[3], mediabox[3]),
    )
    if cropbox[0] >= cropbox[2] or cropbox[1] >= cropbox[3]:
        cropbox = mediabox
    try:
        rotate = int(page.obj.get("/Rotate", 0))
    except (TypeError, ValueError):
        rotate = 0
    rotate = rotate % 360 if rotate % 90 == 0 else 0
    return PageGeometry(mediabox, cropbox, rotate)


def pdf_page_geometries(pdf: bytes) -> list[PageGeometry]:
    """Every page's geometry, from a PDF's bytes (opened once)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [page_geometry(page) for page in doc.pages]


def displayed_size(box: Box, rotate: int) -> tuple[float, float]:
    width, height = box[2] - box[0], box[3] - box[1]
    return (height, width) if rotate in (90, 270) else (width, height)


def _corners(box: Box) -> list[tuple[float, float]]:
    x0, y0, x1, y1 = box
    return [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]


def _around(points) -> Box:
    points = list(points)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def user_to_displayed(box: Box, frame: Box, rotate: int) -> Box:
    """A box in user space in the displayed frame of `frame` (a page box, user space) turned by
    `rotate` (clockwise, as /Rotate): origin the displayed bottom-left corner, points."""
    fx0, fy0, fx1, fy1 = frame

    def point(x: float, y: float) -> tuple[float, float]:
        if rotate == 90:
            return y - fy0, fx1 - x
        if rotate == 180:
            return fx1 - x, fy1 - y
        if rotate == 270:
            return fy1 - y, x - fx0
        return x - fx0, y - fy0

    return _around(point(x, y) for x, y in _corners(box))


def displayed_to_user(box: Box, frame: Box, rotate: int) -> Box:
    """The inverse of `user_to_displayed`."""
    fx0, fy0, fx1, fy1 = frame

    def point(u: float, v: float) -> tuple[float, float]:
        if rotate == 90:
            return fx1 - v, fy0 + u
        if rotate == 180:
            return fx1 - u, fy1 - v
        if rotate == 270:
            return fx0 + v, fy1 - u
        return fx0 + u, fy0 + v

    return _around(point(u, v) for u, v in _corners(box))


def text_layer_box_to_pdf(box: Box, page: PageGeometry) -> Box:
    """A word box read from the page's own text layer by pdfplumber (ingest.pdf_pages: x from
    the left, `top`/`bottom` from the top of the displayed MediaBox; pdfplumber adds the
    displayed MediaBox's lower-left x back to x and subtracts its y from top/bottom) in the
    displayed page's points, bottom-left origin."""
    rotate = page.rotate
    mx0, my0, mx1, my1 = page.mediabox
    n0, n1 = (my0, mx0) if rotate in (90, 270) else (mx0, my0)
    _, height = displayed_size(page.mediabox, rotate)
    x0, top, x1, bottom = box
    # pdfminer's device space: the displayed MediaBox, origin its bottom-left corner
    device = (x0 - n0, height - bottom - n1, x1 - n0, height - top - n1)
    user = displayed_to_user(device, page.mediabox, rotate)
    return user_to_displayed(user, page.cropbox, rotate)


def ocr_box_to_pdf(
    box: Box,
    image_size: tuple[float, float],
    dpi: float,
    displayed: tuple[float, float],
    skew: float = 0.0,
) -> Box:
    """A word box in the pixels of the image OCR read (`image_size` at `dpi`, origin top left)
    in the displayed page's points, bottom-left origin: the way archive.assemble laid the
    text layer written from those words (ocr.text_layer: the image's size at its dpi) over the
    page — turned `skew` degrees counter-clockwise about its centre (PageResult.skew, ocr.model
    "Turns": the slant OCR's image was straightened from), then fitted into the displayed page (`displayed`: width, height in
    points) and centred, as pikepdf's add_overlay does. The box around the turned corners."""
    pt = 72.0 / dpi
    width, height = image_size[0] * pt, image_size[1] * pt
    x0, y0, x1, y1 = box
    corners = [(x * pt, height - y * pt) for x, y in _corners((x0, y0, x1, y1))]
    if abs(skew) > 0.01:  # as assemble._turned_form(skew): counter-clockwise by skew degrees
        t = math.radians(skew)
        cos, sin = math.cos(t), math.sin(t)
        cx, cy = width / 2, height / 2
        corners = [(cx + cos * (x - cx) - sin * (y - cy), cy + sin * (x - cx) + cos * (y - cy)) for x, y in corners]
    scale = min(displayed[0] / width, displayed[1] / height)
    ox, oy = (displayed[0] - width * scale) / 2, (displayed[1] - height * scale) / 2
    return _around((ox + x * scale, oy + y * scale) for x, y in corners)


def rounded(box: Box, displayed: tuple[float, float] | None = None) -> list[float]:
    """The box as the record carries it: 0.1 pt, clipped to the displayed page when given."""
    x0, y0, x1, y1 = box
    if displayed is not None:
        w, h = displayed
        x0, x1 = min(max(x0, 0.0), w), min(max(x1, 0.0), w)
        y0, y1 = min(max(y0, 0.0), h), min(max(y1, 0.0), h)
    return [round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)]


def model_box_to_pdf(
    box: Box,
    *,
    own_text_layer: bool,
    image_size: tuple[float, float],
    dpi: float,
    skew: float,
    page: PageGeometry,
) -> list[float]:
    """A page-model box (ocr.model) as a record's `fields.*.box`: points on `page` as
    displayed, bottom-left origin, rounded to 0.1 pt. `own_text_layer`: the page's words were
    read from its own text layer (the page kept as it was, no OCR); else they are the OCR'd
    image's (`image_size` pixels at `dpi`, deskewed by `skew`, see `ocr_box_to_pdf`)."""
    if own_text_layer:
        placed = text_layer_box_to_pdf(box, page)
    else:
        placed = ocr_box_to_pdf(box, image_size, dpi, page.size, skew)
    return rounded(placed, page.size)
