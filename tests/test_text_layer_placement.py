"""The invisible text lands on the printed words even when OCR saw a turned or deskewed image."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import numpy as np
import pdfplumber
import pytest
from PIL import Image

from digitize.archive.assemble import searchable_pdf
from digitize.ingest.page_source import KIND_IMAGE, InputSurvey, PageSource
from digitize.page_tasks import PageResult
from ocr.tesseract import Tesseract, recognise_image
from ocr.text_layer import text_layer_pdf
from tests import fixtures_pdf as fx
from tests.inputs import read_region

LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Họ và tên người yêu cầu cấp bản sao: Nguyễn Thị Thanh Hương",
    "Nơi cư trú: số 12 đường Lê Lợi, phường Phước Trung, thành phố Bà Rịa 20231105",
]
DPI = 200


def _ocr(image: np.ndarray, tmp: Path) -> PageResult:
    page = recognise_image(image, DPI, Tesseract())
    return PageResult(page=page, text_layer_pdf=text_layer_pdf(page))


def _assemble(displayed: Image.Image, result: PageResult, tmp: Path) -> Path:
    scan = tmp / "scan.png"
    displayed.save(scan, dpi=(DPI, DPI))
    survey = InputSurvey(format="png", read_path=str(scan))
    survey.pages.append(PageSource(path=str(scan), format="png", index=0, kind=KIND_IMAGE, dpi=DPI))
    pdf = tmp / "out.pdf"
    pdf.write_bytes(searchable_pdf(survey, [result], [0]))
    return pdf


def _box_of(pdf: Path, word: str) -> tuple[float, float, float, float]:
    """Bounding box (points, top-left origin) of `word` in the text layer, from its glyphs."""
    with pdfplumber.open(pdf) as doc:
        chars = [c for c in doc.pages[0].chars if c["text"].strip()]
    text = unicodedata.normalize("NFC", "".join(c["text"] for c in chars))
    at = text.find(word)
    assert at >= 0, f"{word} not in the text layer"
    glyphs = chars[at : at + len(word)]
    return (
        min(c["x0"] for c in glyphs),
        min(c["top"] for c in glyphs),
        max(c["x1"] for c in glyphs),
        max(c["bottom"] for c in glyphs),
    )


def _check(pdf: Path, word: str):
    assert word in read_region(pdf, 0, _box_of(pdf, word), pad=7).replace(" ", "")


@pytest.mark.parametrize("skew", [3.5, -2.0])
@pytest.mark.tesseract
def test_deskewed_text_layer_follows_the_slanted_lines(tmp_path, skew):
    upright = fx.render_text_image(LINES, dpi=DPI, size_pt=12)
    displayed = upright.rotate(skew, fillcolor=255)  # the scan as fed: slanted by `skew` ccw
    ocr_image = np.asarray(displayed.rotate(-skew, fillcolor=255))  # what deskewing gives
    result = dataclasses.replace(_ocr(ocr_image, tmp_path), skew=skew)
    pdf = _assemble(displayed, result, tmp_path)
    _check(pdf, "20231105")  # the far end of a long line: most displaced by a wrong angle
    _check(pdf, "Hương")


@pytest.mark.parametrize("rotation", [90, 180, 270])
@pytest.mark.tesseract
def test_turned_page_is_shown_upright_with_its_text(tmp_path, rotation):
    upright = fx.render_text_image(LINES, dpi=DPI, size_pt=12)
    # fed sideways: turning it `rotation` degrees clockwise makes it upright
    displayed = upright.rotate(rotation) if rotation == 180 else upright.rotate(rotation, expand=True)
    ocr_image = np.ascontiguousarray(np.rot90(np.asarray(displayed), k=-(rotation // 90)))
    result = dataclasses.replace(_ocr(ocr_image, tmp_path), rotation=rotation)
    pdf = _assemble(displayed, result, tmp_path)
    _check(pdf, "20231105")
    _check(pdf, "Hương")
