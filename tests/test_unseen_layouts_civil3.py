"""The classes of extraction misses seen on marriage certificates and insurance cards (issue
20, round 3), one test each, from OCR-like text: a house's "Số 22 đường" in a table's row
taken for the head's number slot after the head's number was read printed."""

from __future__ import annotations

import numpy as np

from digitize.understand.handwriting import NUMBER_SLOT, find_fill_ins
from tests.pagetext import page_from_text


def _inked(page) -> np.ndarray:
    """A grey image with a printed-looking bar per character of every word of ``page``."""
    image = np.full((int(page.height), int(page.width)), 255, np.uint8)
    for w in page.words:
        x0, y0, x1, y1 = (int(v) for v in w.box)
        step = (x1 - x0) / max(1, len(w.text))
        for i, c in enumerate(w.text):
            if c.strip():
                a = int(x0 + i * step + 0.15 * step)
                image[y0:y1, a : max(a + 2, int(x0 + (i + 0.85) * step))] = 0
    return image


def _shrunk(image: np.ndarray, box) -> None:
    """The ink of the word in ``box`` redrawn at half height (a hand's digits, not print)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    image[y0:y1, x0:x1] = 255
    image[y0 + (y1 - y0) // 2 : y1, x0:x1:3] = 0


def test_a_house_number_in_the_table_is_not_the_heads_number_slot_once_that_was_read_printed():
    # the head's "Số: 21/2025" is printed: the document has no number slot left to find, and a
    # row's "Số 22 đường …" in the other column (after a wide gap, so not after its label) is an
    # address, whatever its ink looks like
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 21/2025\tQuyển số: 01
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Họ, chữ đệm, tên\tNguyễn Xuân Tâm\tNguyễn Thanh Trâm
        Nơi cư trú Số 6 đường Lê Lợi, phường\t@1500 Số 22 đường Trương Công
    """
    page = page_from_text(text, merge_cells=True)
    image = _inked(page)
    house = next(w for w in page.words if w.text == "22")
    _shrunk(image, house.box)
    slots = find_fill_ins(page, image)
    assert not [f for f in slots if f.slot == NUMBER_SLOT and f.handwritten]
