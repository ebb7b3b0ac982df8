"""Small print is read enlarged: a black-and-white scan linearly, a grey one cubically."""

import cv2
import numpy as np

from digitize.page_tasks import _at_scale
from ocr.preprocess import prepare_for_ocr


def test_a_black_and_white_scan_is_told_from_a_grey_one():
    fax = np.full((200, 300), 255, np.uint8)
    fax[50:60, 40:200] = 0
    grey = fax.copy()
    grey[100:140, 40:200] = 128
    colour = np.dstack([grey, fax, fax])
    assert prepare_for_ocr(fax, 200).bilevel and not prepare_for_ocr(grey, 200).bilevel
    assert not prepare_for_ocr(colour, 200).bilevel  # colour: not a fax


def test_a_bilevel_scan_is_enlarged_linearly_a_grey_one_cubically():
    fax = np.full((40, 40), 255, np.uint8)
    fax[10:30, 18:22] = 0  # a stroke
    linear = cv2.resize(fax, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    cubic = cv2.resize(fax, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    assert not np.array_equal(linear, cubic)
    assert np.array_equal(_at_scale(fax, 2, bilevel=True), linear)
    assert np.array_equal(_at_scale(fax, 2, bilevel=False), cubic)
    assert _at_scale(fax, 1, bilevel=True) is fax
