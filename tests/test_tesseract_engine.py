"""Tesseract in the worker process (ocr.tesseract_api) reads as the `tesseract` program does."""

from __future__ import annotations

import numpy as np
import pytest

from ocr import tesseract_api
from ocr.tesseract import OcrError, OcrOptions, Tesseract, recognise_image
from tests import fixtures_pdf as fx

LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Họ và tên: Nguyễn Thị Thanh Hương", "Ngày sinh: 05/11/1990"]

pytestmark = pytest.mark.tesseract


def _page() -> np.ndarray:
    return np.array(fx.render_text_image(LINES, dpi=200).convert("L"))


def test_the_library_is_what_runs_by_default():
    assert tesseract_api.available()
    assert Tesseract().in_process and not Tesseract(OcrOptions(tesseract_cmd="tesseract")).in_process


def test_the_library_reads_the_same_words_boxes_and_confidences_as_the_program():
    image = _page()
    library = recognise_image(image, 200, Tesseract())
    program = recognise_image(image, 200, Tesseract(OcrOptions(tesseract_cmd="tesseract")))
    assert "Hương" in library.text
    assert [(w.text, w.box, w.conf) for w in library.words] == [(w.text, w.box, w.conf) for w in program.words]
    # psm and variables are per call: a line read after a page reads as it would alone
    line = image[: image.shape[0] // 4]
    once = recognise_image(line, 200, Tesseract(OcrOptions(psm=6))).text
    recognise_image(image, 200, Tesseract())
    assert recognise_image(line, 200, Tesseract(OcrOptions(psm=6))).text == once


def test_a_missing_model_is_said_in_plain_words():
    with pytest.raises(OcrError, match="could not load the language models 'nosuchlang'"):
        recognise_image(_page(), 200, Tesseract(OcrOptions(lang="nosuchlang")))
