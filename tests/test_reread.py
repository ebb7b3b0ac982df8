"""ocr.reread: capitals whose stacked marks Tesseract split off are read again as lines."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.model import Line, PageText, Word
from ocr.reread import find_split_lines, reread_split_lines
from ocr.syllables import bare_letters
from ocr.tesseract import OcrOptions, Tesseract
from tests import synthetic_pages as sp

HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DPI = 150


def _heading_image() -> tuple[np.ndarray, list[tuple[str, tuple[float, float, float, float]]]]:
    """A page strip with the heading in bold capitals and the box of each of its words."""
    img = Image.new("L", (1240, 260), 255)
    draw = ImageDraw.Draw(img)
    fnt = sp.font("serif-bold", 13, DPI)
    x, y = 200, 120
    boxes = []
    for word in HEADING.split():
        x0, y0, x1, y1 = draw.textbbox((x, y), word, font=fnt)
        draw.text((x, y), word, font=fnt, fill=0)
        boxes.append((word, (float(x0), float(y0), float(x1), float(y1))))
        x = x1 + draw.textlength(" ", font=fnt)
    return np.array(img), boxes


def _first_reading(boxes) -> PageText:
    """What Tesseract's page layout gave on such lines: the marks as a 4-px line of "words"
    ("R v xã R") above, the letters read without them below (HÓA, XA), and body text."""
    top = min(b[1] for _, b in boxes)
    centres = [(b[0] + b[2]) / 2 for t, b in boxes if t != "NAM"]  # NAM carries no mark
    marks = [
        Word(t, c, (x - 5, top - 2, x + 5, top + 2), 0)
        for (t, c), x in zip(
            [("R", 28.5), ("v", 0.0), ("xã", 25.2), ("R", 48.7), ("-", 7.5), ("R", 48.7), ("`", 30.0)], centres
        )
    ]
    misread = {"HÒA": "HÓA", "XÃ": "XA", "CHỦ": "CHU"}
    letters = [Word(misread.get(t, t), 90.0, (b[0], b[1] + 8, b[2], b[3]), 1) for t, b in boxes]
    body = [
        Word(t, 95.0, (100.0 + 90 * i, 220.0, 170.0 + 90 * i, 248.0), 2)
        for i, t in enumerate(["Kính", "gửi:", "Công", "an", "phường", "Hòa", "Bình"])
    ]
    return PageText(
        1240,
        260,
        DPI,
        "ocr",
        marks + letters + body,
        [Line((0, 0, 1, 1), 1), Line((0, 0, 1, 1), 1), Line((0, 0, 1, 1), 2)],
    )


def test_a_line_of_marks_above_capitals_is_found():
    _, boxes = _heading_image()
    page = _first_reading(boxes)
    found = find_split_lines(page)
    assert len(found) == 1
    assert found[0].line == 1
    assert set(found[0].words) == set(range(7 + len(boxes)))  # the marks and the letters, not the body


def test_lines_without_split_marks_are_left_alone():
    page = _first_reading(_heading_image()[1])
    page.words = [w for w in page.words if w.line != 0]
    assert find_split_lines(page) == []
    assert reread_split_lines(np.full((260, 1240), 255, np.uint8), page, Tesseract()) is page


@pytest.mark.tesseract
def test_the_heading_read_again_gets_its_marks_back():
    image, boxes = _heading_image()
    page = _first_reading(boxes)
    out = reread_split_lines(image, page, Tesseract())
    heading = [w for w in out.words if w.line == 1]
    assert " ".join(w.text for w in heading) == HEADING
    assert not any(w.line == 0 for w in out.words)  # the marks' "words" are gone
    assert [w.text for w in out.words if w.line == 2] == ["Kính", "gửi:", "Công", "an", "phường", "Hòa", "Bình"]
    # the new words sit where the heading is on the page
    for w, (_, b) in zip(heading, boxes):
        assert abs(w.box[0] - b[0]) < 6 and abs(w.box[2] - b[2]) < 6


def test_a_failed_second_reading_keeps_the_first():
    image, boxes = _heading_image()
    page = _first_reading(boxes)
    assert reread_split_lines(image, page, Tesseract(OcrOptions(tesseract_cmd="/nonexistent/tesseract"))) is page


# --------------------------------------------------------------------------- list numbers

FORM = [
    "Họ, chữ đệm và tên: PHAN QUỐC AN",
    "Ngày, tháng, năm sinh: 03-01-1971",
    "Giới tính: Nam",
    "Số định danh cá nhân: 068071867608",
    "Số điện thoại liên hệ: 0987049200",
]


def _numbered_form():
    """Five numbered lines; the first reading as Tesseract gave it: the numbers as one tall
    "line" read bottom to top (junk), the text lines without them."""
    img = Image.new("L", (1240, 420), 255)
    draw = ImageDraw.Draw(img)
    fnt = sp.font("serif", 12, DPI)
    words, lines = [], []
    for k, text in enumerate(FORM):
        y = 60 + 29 * k
        draw.text((120, y), f"{k + 1}.", font=fnt, fill=0)
        x = 148
        for t in text.split():
            b = draw.textbbox((x, y), t, font=fnt)
            draw.text((x, y), t, font=fnt, fill=0)
            words.append(Word(t, 93.0, tuple(map(float, b)), k))
            x = b[2] + draw.textlength(" ", font=fnt)
        lines.append(Line((0, 0, 1, 1), 1))
    junk = [
        Word(t, c, (111.0, 190.0 - 30 * i, 143.0, 205.0 - 30 * i), 5)
        for i, (t, c) in enumerate([("(", 27.4), ("0", 58.2), ("„ƠI", 26.8), ("dề", 0.0)])
    ]
    lines.append(Line((111.0, 70.0, 143.0, 205.0), 2))
    return np.array(img), PageText(1240, 420, DPI, "ocr", words + junk, lines)


def test_a_column_of_list_numbers_read_as_one_tall_line_is_found():
    from ocr.reread import find_number_columns

    _, page = _numbered_form()
    assert [line for line, _ in find_number_columns(page)] == [5]
    page.words = [w for w in page.words if w.line != 5]
    assert find_number_columns(page) == []


@pytest.mark.tesseract
def test_list_numbers_go_back_in_front_of_their_lines():
    image, page = _numbered_form()
    out = reread_split_lines(image, page, Tesseract())
    got = out.text.splitlines()
    assert not any(t in out.text for t in ("„ƠI", "dề"))  # the vertical reading is gone
    numbered = [line for line in got if line[:2] in {f"{k}." for k in range(1, 6)}]
    assert len(numbered) >= 4  # Tesseract may misread one number, never the lines' text
    for line in got:
        if line[:2] in {f"{k}." for k in range(1, 6)}:
            assert line[3:] == FORM[int(line[0]) - 1]


# --------------------------------------------------------------------------- capitals without marks

NAME = "LÊ THÙY LIÊN"


def _bare_name():
    """A name in capitals; the first reading as Tesseract gave it when its line box stopped
    at the capitals' tops: the letters right, no mark read (LE THUY LIEN), and a word in
    capitals that has none (MINH) on another line."""
    img = Image.new("L", (1240, 300), 255)
    draw = ImageDraw.Draw(img)
    fnt = sp.font("serif", 14, DPI)
    words, x = [], 200
    for t in ["Bà:"] + NAME.split():
        b = draw.textbbox((x, 120), t, font=fnt)
        draw.text((x, 120), t, font=fnt, fill=0)
        top = b[1] if t == "Bà:" else b[3] - 0.72 * fnt.size * DPI / 72 * 0.95  # the capitals' tops
        words.append(
            Word(
                bare_letters(t).upper() if t != "Bà:" else t,
                90.0,
                (float(b[0]), float(top), float(b[2]), float(b[3])),
                0,
            )
        )
        x = b[2] + draw.textlength(" ", font=fnt)
    other = [
        Word(t, 95.0, (200.0 + 120 * i, 220.0, 300.0 + 120 * i, 248.0), 1)
        for i, t in enumerate(["Tên", "gọi", "khác:", "MINH"])
    ]
    return np.array(img), PageText(1240, 300, DPI, "ocr", words + other, [Line((0, 0, 1, 1), 1), Line((0, 0, 1, 1), 2)])


def test_a_run_of_capitals_read_without_marks_is_found():
    from ocr.reread import find_bare_capitals

    _, page = _bare_name()
    found = find_bare_capitals(page)
    assert [[page.words[j].text for j in f.words] for f in found] == [["LE", "THUY", "LIEN"]]
    assert found[0].box[1] < min(page.words[j].box[1] for j in found[0].words)  # room for the marks


@pytest.mark.tesseract
def test_capitals_read_again_with_room_above_get_their_marks_and_nothing_else():
    image, page = _bare_name()
    out = reread_split_lines(image, page, Tesseract())
    assert [w.text for w in out.words if w.line == 0] == ["Bà:"] + NAME.split()
    assert [w.text for w in out.words if w.line == 1] == ["Tên", "gọi", "khác:", "MINH"]
    assert [w.box for w in out.words] == [w.box for w in page.words]


def test_a_second_reading_that_differs_in_letters_is_not_taken():
    from ocr.reread import _with_marks

    old = [Word("LE", 90, (0, 0, 1, 1), 0), Word("THUY,", 90, (0, 0, 1, 1), 0)]
    assert _with_marks(old, [Word('"LÊ', 80, (0, 0, 1, 1), -1), Word("THÙY", 80, (0, 0, 1, 1), -1)]) == ["LÊ", "THÙY,"]
    assert _with_marks(old, [Word("LÊ", 80, (0, 0, 1, 1), -1), Word("THÚC", 80, (0, 0, 1, 1), -1)]) is None
    assert _with_marks(old, [Word("LÊ", 80, (0, 0, 1, 1), -1)]) is None


def _doubtful_number():
    """A form's line "Số định danh cá nhân: 079083144381 ......" and the first reading as
    Tesseract gave it on a bilevel scan: the label right, the number garbled at confidence 0."""
    img = Image.new("L", (1240, 200), 255)
    draw = ImageDraw.Draw(img)
    fnt = sp.font("serif", 13, DPI)
    words, x = [], 100
    for t in ["Số", "định", "danh", "cá", "nhân:", "079083144381"]:
        b = draw.textbbox((x, 80), t, font=fnt)
        draw.text((x, 80), t, font=fnt, fill=0)
        read, conf = ("079083¡Ẻ443gÌ", 0.0) if t[0].isdigit() else (t, 93.0)
        words.append(Word(read, conf, tuple(float(v) for v in b), 0))
        x = b[2] + draw.textlength(" ", font=fnt)
    x = 100
    for t in ["Dân", "tộc:", "Kinh", "Tôn", "giáo:", "Không"]:
        b = draw.textbbox((x, 140), t, font=fnt)
        draw.text((x, 140), t, font=fnt, fill=0)
        words.append(Word(t, 95.0, tuple(float(v) for v in b), 1))
        x = b[2] + draw.textlength(" ", font=fnt)
    return np.array(img), PageText(1240, 200, DPI, "ocr", words, [Line((0, 0, 1, 1), 1), Line((0, 0, 1, 1), 1)])


@pytest.mark.tesseract
def test_a_word_read_with_next_to_no_confidence_is_read_again_alone():
    image, page = _doubtful_number()
    out = reread_split_lines(image, page, Tesseract())
    assert [w.text for w in out.words if w.line == 0] == ["Số", "định", "danh", "cá", "nhân:", "079083144381"]
    assert out.words[5].conf >= 20


def test_a_word_read_badly_is_cut_out_clear_of_its_neighbours_or_not_at_all():
    from ocr.reread import find_doubtful_words

    _, page = _doubtful_number()
    ((j, box),) = find_doubtful_words(page)
    assert page.words[j].text == "079083¡Ẻ443gÌ"
    assert box[0] > page.words[4].box[2]  # the label's last word before it stays out
    x0, y0, x1, y1 = page.words[5].box
    struck = Word("|", 5.0, (x0 + 10, y0 - 2, x0 + 14, y1 + 2), 0)  # a stroke across the word
    assert find_doubtful_words(PageText(1240, 200, DPI, "ocr", [*page.words, struck], page.lines)) == []
