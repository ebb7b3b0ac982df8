"""A standard-resolution fax (204 x 98 dpi: pixels twice as tall as wide) is read and archived
at its true shape, not squashed to half its height."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from digitize import page_tasks
from digitize.archive.assemble import _image_file_pdf
from digitize.ingest.image_pages import survey_image
from digitize.ingest.page_source import Limits
from ocr.tesseract import Tesseract
from tests import fixtures_pdf as fx
from tests.inputs import EXPECTED_WORDS, LINES, words_found

LIMITS = Limits(max_pages=10, max_page_pixels=100_000_000)


def _standard_fax(path) -> Image.Image:
    """LINES sent at 204 dpi across and 98 lines an inch down, 1 bit, as a fax TIFF."""
    page = fx.render_text_image(LINES, dpi=204)
    rows = round(page.height * 98 / 204)
    fax = page.resize((page.width, rows), Image.Resampling.BOX).point(lambda v: 255 if v > 150 else 0).convert("1")
    fax.save(path, format="TIFF", compression="group4", dpi=(204, 98))
    return page


@pytest.mark.tesseract
def test_a_standard_resolution_fax_is_read_at_square_pixels(tmp_path):
    scan = tmp_path / "fax.tif"
    page = _standard_fax(scan)
    survey = survey_image(str(scan), "tiff", LIMITS)
    source = survey.pages[0]
    assert (source.dpi, source.y_dpi) == (204, 98)
    pixels = page_tasks.load_page_image(source)
    assert abs(pixels.shape[0] - page.height) <= 2 and pixels.shape[1] == page.width
    result = page_tasks.ocr_page(source, Tesseract())
    assert len(words_found(result.page.text)) >= len(EXPECTED_WORDS) - 1


def test_a_standard_resolution_fax_is_archived_at_its_paper_size(tmp_path):
    scan = tmp_path / "fax.tif"
    _standard_fax(scan)
    pdf = pikepdf.open(io.BytesIO(_image_file_pdf(survey_image(str(scan), "tiff", LIMITS))))
    x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].MediaBox)
    assert abs((x1 - x0) - fx.A4_PT[0]) < 2 and abs((y1 - y0) - fx.A4_PT[1]) < 2


def test_square_pixels_written_a_little_apart_are_left_as_they_are(tmp_path):
    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES, dpi=200).save(scan, dpi=(200, 201))
    assert survey_image(str(scan), "png", LIMITS).pages[0].y_dpi is None


def test_a_faxs_pixels_in_a_pdf_are_rendered_square(tmp_path):
    import img2pdf

    from digitize.ingest.page_source import KIND_PDF_RENDER
    from digitize.ingest.pdf_pages import survey_pdf

    scan = tmp_path / "fax.tif"
    _standard_fax(scan)
    pdf = tmp_path / "fax.pdf"
    pdf.write_bytes(img2pdf.convert(str(scan)))  # the page at its paper size, pixels 204 x 98 dpi
    source = survey_pdf(str(pdf), tmp_path, LIMITS).pages[0]
    assert source.kind == KIND_PDF_RENDER  # not the image's squashed samples
    pixels = page_tasks.load_page_image(source)
    assert abs(pixels.shape[0] / pixels.shape[1] - fx.A4_PT[1] / fx.A4_PT[0]) < 0.01
