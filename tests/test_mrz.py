"""ocr.mrz: an identity card's machine-readable zone is read again with the model that knows
its characters."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.model import Line, PageText, Word
from ocr.mrz import reread_mrz
from ocr.tesseract import OcrOptions, Tesseract
from tests import synthetic_pages as sp

MRZ = ["IDVNM0803979334031080397933<<8", "8010199M4010191VNM<<<<<<<<<<<8", "NGUYEN<<DO<HOANG<DAT<<<<<<<<<<"]
MISREAD = ["TDVNM6863979334631686397933<<8", "8910199M4616191VNM<<<<<<<<<<<8", "NGUYEN<<D0<H0ANG<DAT<<<<<<<<<<"]
DPI = 300


def _card():
    """The back of a card at 300 dpi: a label line and the zone; and the first reading."""
    img = Image.new("L", (1010, 640), 255)
    draw = ImageDraw.Draw(img)
    label = sp.font("serif", 8, DPI)
    mono = sp.font("DejaVuSansMono-Bold.ttf", 8.5, DPI)
    words, lines = [], []
    x = 30
    for t in ["Ngón", "trỏ", "phải"]:
        b = draw.textbbox((x, 40), t, font=label)
        draw.text((x, 40), t, font=label, fill=0)
        words.append(Word(t, 95.0, tuple(map(float, b)), 0))
        x = b[2] + 12
    lines.append(Line((0, 0, 1, 1), 1))
    for k, (text, misread) in enumerate(zip(MRZ, MISREAD), 1):
        y = 380 + 45 * (k - 1)
        b = draw.textbbox((30, y), text, font=mono)
        draw.text((30, y), text, font=mono, fill=0)
        words.append(Word(misread, 80.0, tuple(map(float, b)), k))
        lines.append(Line(tuple(map(float, b)), 2))
    return np.array(img), PageText(1010, 640, DPI, "ocr", words, lines)


@pytest.mark.tesseract
def test_the_zone_is_read_again_right_and_the_rest_of_the_page_stays():
    image, page = _card()
    out = reread_mrz(image, page, Tesseract())
    assert [w.text for w in out.words if w.line == 0] == ["Ngón", "trỏ", "phải"]
    assert [" ".join(w.text for w in out.words if w.line == k) for k in (1, 2, 3)] == MRZ


def test_a_page_without_a_zone_is_left_as_it_is():
    image, page = _card()
    page.words = [w for w in page.words if w.line == 0]
    assert reread_mrz(image, page, Tesseract()) is page


def test_a_failed_second_reading_keeps_the_first():
    image, page = _card()
    assert reread_mrz(image, page, Tesseract(OcrOptions(tesseract_cmd="/nonexistent/tesseract"))) is page


def test_td1_letters_and_digits_are_put_right_where_the_layout_allows_only_one():
    from ocr.mrz import tidy_td1

    assert (
        tidy_td1(["1DVNM0803979334031080397933<<8", "8O1O199M4O1O191VNM<<<<<<<<<<<8", "NGUYEN<<D0<H0ANG<DAT<<<<<<<<<<"])
        == MRZ
    )
    assert tidy_td1(["P<VNM", "short"]) == ["P<VNM", "short"]  # not a TD1 zone: as read


def test_check_digits():
    from ocr.mrz import check_digit, td1_checks

    assert check_digit("L898902C3") == "6"  # ICAO 9303 part 3 example
    assert check_digit("740812") == "2"
    assert td1_checks(MRZ) == [True, True, True]
    assert td1_checks(MISREAD) == [False, False, False]


def test_a_line_the_check_digits_do_not_vouch_for_keeps_its_first_reading(monkeypatch):
    from ocr import mrz

    image, page = _card()
    wrong = "IDVNM0803979334031080397933<<3"  # composite check digit broken
    zone = [w for w in page.words if w.line in (1, 2, 3)]
    second = [Word(t, 3.0, w.box, -1) for t, w in zip([wrong, MRZ[1], MRZ[2]], zone)]
    monkeypatch.setattr(mrz, "read_cutouts", lambda *a, **k: [second])
    out = mrz.reread_mrz(image, page, Tesseract())
    assert [" ".join(w.text for w in out.words if w.line == k) for k in (1, 2, 3)] == MISREAD
