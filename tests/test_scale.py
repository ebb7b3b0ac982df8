"""Small print is read enlarged: a black-and-white scan linearly, a grey one cubically."""

import cv2
import numpy as np

from digitize.page_tasks import _at_scale, is_bilevel


def test_a_black_and_white_scan_is_told_from_a_grey_one():
    fax = np.full((200, 300), 255, np.uint8)
    fax[50:60, 40:200] = 0
    grey = fax.copy()
    grey[100:140, 40:200] = 128
    assert is_bilevel(fax) and not is_bilevel(grey)
    assert not is_bilevel(np.zeros((20, 20, 3), np.uint8))  # colour: not a fax


def test_a_bilevel_scan_is_enlarged_linearly_a_grey_one_cubically():
    fax = np.full((40, 40), 255, np.uint8)
    fax[10:30, 18:22] = 0  # a stroke
    linear = cv2.resize(fax, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    cubic = cv2.resize(fax, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    assert not np.array_equal(linear, cubic)
    assert np.array_equal(_at_scale(fax, 2, bilevel=True), linear)
    assert np.array_equal(_at_scale(fax, 2, bilevel=False), cubic)
    assert _at_scale(fax, 1, bilevel=True) is fax
