"""fields.*.box: where each value's words are on the archived page, in PDF points on the page as
displayed (after /Rotate), origin bottom-left — checked against what pdfium draws."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from digitize.archive import geometry as geo
from digitize.ingest.pdf_pages import read_text_layers

SCALE = 4.0  # pixels per point when rendering: boxes are compared to a quarter point


def _page_pdf(mediabox, content: bytes, *, cropbox=None, rotate: int = 0) -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(100, 100))
    page.MediaBox = pikepdf.Array(mediabox)
    if cropbox is not None:
        page.CropBox = pikepdf.Array(cropbox)
    if rotate:
        page.Rotate = rotate
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(content)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _ink_box(data: bytes) -> tuple[geo.Box, tuple[float, float]]:
    """The box around what pdfium draws dark on page 1, in displayed points (bottom-left
    origin), and the displayed size in points."""
    doc = pdfium.PdfDocument(data)
    try:
        image = np.asarray(doc[0].render(scale=SCALE).to_pil().convert("L"))
    finally:
        doc.close()
    rows, cols = np.nonzero(image < 128)
    height_px = image.shape[0]
    box = (
        cols.min() / SCALE,
        (height_px - rows.max() - 1) / SCALE,
        (cols.max() + 1) / SCALE,
        (height_px - rows.min()) / SCALE,
    )
    return box, (image.shape[1] / SCALE, image.shape[0] / SCALE)


def _geometry(data: bytes) -> geo.PageGeometry:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return geo.page_geometry(pdf.pages[0])


def _close(a, b, tol: float = 0.6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


PAGES = [
    # mediabox, cropbox, rotate
    ((0, 0, 300, 400), None, 0),
    ((0, 0, 300, 400), None, 90),
    ((0, 0, 300, 400), None, 180),
    ((0, 0, 300, 400), None, 270),
    ((50, 120, 350, 520), None, 0),
    ((50, 120, 350, 520), None, 90),
    ((50, 120, 350, 520), None, 180),
    ((50, 120, 350, 520), None, 270),
    ((-40, -60, 260, 340), (-20, -30, 240, 320), 90),
    ((50, 120, 350, 520), (70, 140, 330, 500), 270),
]


@pytest.mark.parametrize(("mediabox", "cropbox", "rotate"), PAGES)
def test_user_space_box_lands_where_pdfium_draws_it(mediabox, cropbox, rotate):
    x0, y0 = mediabox[0] + 80, mediabox[1] + 150  # a rectangle off every axis of symmetry
    rect = (x0, y0, x0 + 60, y0 + 25)
    data = _page_pdf(mediabox, f"0 g {x0} {y0} 60 25 re f".encode(), cropbox=cropbox, rotate=rotate)
    page = _geometry(data)
    ink, size = _ink_box(data)
    assert _close(page.size, size, 0.5), (page.size, size)
    got = geo.user_to_displayed(rect, page.cropbox, page.rotate)
    assert _close(got, ink), (got, ink)
    assert _close(geo.displayed_to_user(got, page.cropbox, page.rotate), rect, 1e-6)


@pytest.mark.parametrize(("mediabox", "cropbox", "rotate"), PAGES)
def test_text_layer_word_box_lands_on_the_drawn_word(mediabox, cropbox, rotate):
    """A born-digital page's word as ingest reads it (pdfplumber, top-left origin, its
    MediaBox-offset convention) → displayed points: around the glyphs pdfium draws."""
    x, y = mediabox[0] + 150, mediabox[1] + 200
    # drawn turned against the page's /Rotate, as a rotated born-digital page is: upright on screen
    a, b = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[rotate]
    content = f"BT /F1 20 Tf {a} {b} {-b} {a} {x} {y} Tm (HELLO) Tj ET".encode()
    data = _page_pdf(mediabox, content, cropbox=cropbox, rotate=rotate)
    page = _geometry(data)
    path = io.BytesIO(data)
    (layer,) = read_text_layers(path, 1)
    assert layer is not None and [w.text for w in layer.words] == ["HELLO"]
    got = geo.text_layer_box_to_pdf(layer.words[0].box, page)
    ink, _ = _ink_box(data)
    # the word's box is the font's (ascent to descent): around the capitals' ink, not much more
    assert got[0] <= ink[0] + 1 and got[1] <= ink[1] + 1 and got[2] >= ink[2] - 1 and got[3] >= ink[3] - 1, (got, ink)
    assert (got[2] - got[0]) < 1.3 * (ink[2] - ink[0]) and (got[3] - got[1]) < 2.0 * (ink[3] - ink[1]), (got, ink)


def test_ocr_box_same_size_page_is_a_flip_of_y():
    # a 300 dpi image of 600×900 px on a 144×216 pt page
    got = geo.ocr_box_to_pdf((60, 90, 300, 150), (600, 900), 300, (144.0, 216.0))
    assert _close(got, (14.4, 216 - 36.0, 72.0, 216 - 21.6), 1e-6)


def test_ocr_box_is_fitted_and_centred_like_the_overlay():
    # the text layer (200×100 pt) fitted into a 100×100 pt page: scale ½, 25 pt margins top and bottom
    assert _close(geo.ocr_box_to_pdf((0, 0, 200, 100), (200, 100), 72, (100.0, 100.0)), (0, 25, 100, 75), 1e-6)
    # the image's top-left quarter: the left half of the layer's upper half
    assert _close(geo.ocr_box_to_pdf((0, 0, 100, 50), (200, 100), 72, (100.0, 100.0)), (0, 50, 50, 75), 1e-6)


def test_ocr_box_of_a_deskewed_page_is_turned_back_by_the_skew():
    # the centre stays; a wide flat box turned by 10° clockwise grows tall, its left end rises
    size, box = (1000, 1000), (400, 490, 600, 510)
    flat = geo.ocr_box_to_pdf(box, size, 72, (1000.0, 1000.0))
    turned = geo.ocr_box_to_pdf(box, size, 72, (1000.0, 1000.0), skew=10.0)
    assert _close(((flat[0] + flat[2]) / 2, (flat[1] + flat[3]) / 2), (500, 500), 1e-6)
    assert _close(((turned[0] + turned[2]) / 2, (turned[1] + turned[3]) / 2), (500, 500), 1e-6)
    assert turned[3] - turned[1] > 30  # 200 wide × sin 10° ≈ 35 more
    assert turned[2] - turned[0] < flat[2] - flat[0] + 5


def test_ocr_box_turned_the_way_the_text_layer_is():
    """The same turn as assemble._turned_form(-skew) applied to a point: a point right of
    the centre goes down when the skew is positive (clockwise)."""
    right = geo.ocr_box_to_pdf((900, 499, 901, 501), (1000, 1000), 72, (1000.0, 1000.0), skew=5.0)
    assert right[1] < 499


def test_rounded_clips_to_the_page_and_rounds_to_a_tenth():
    assert geo.rounded((-3.04, 10.06, 99.96, 250.0), (100.0, 200.0)) == [0.0, 10.1, 100.0, 200.0]
