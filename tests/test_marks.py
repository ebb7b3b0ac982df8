"""The marks model (ocr.marks) and the page-level choice between readings (ocr.page_choice)."""

from __future__ import annotations

import pytest

from ocr.marks import MarksModel, choose_marks, default_model
from ocr.model import Line, PageText, Word
from ocr.page_choice import better_reading, check_page
from ocr.tesseract import OcrOptions, Tesseract


def page_of(*lines: str, conf: float = 95.0, block_per_line: bool = False) -> PageText:
    """A page with one text line per argument, every word read at ``conf``."""
    page = PageText(width=2000, height=3000, dpi=300, source="ocr")
    for k, text in enumerate(lines):
        page.lines.append(Line(box=(0, 40 * k, 2000, 40 * k + 30), block=k if block_per_line else 0))
        for j, word in enumerate(text.split()):
            page.words.append(Word(word, conf, (100 * j, 40 * k, 100 * j + 90, 40 * k + 30), k))
    return page


def marked(*lines: str, **kw) -> str:
    return choose_marks(page_of(*lines, **kw)).text


@pytest.mark.parametrize(
    "read, right",
    [
        ("Thông tư này sửa đồi, bồ sung một số điều", "Thông tư này sửa đổi, bổ sung một số điều"),
        ("Người dân có quyên khiếu nại", "Người dân có quyền khiếu nại"),
        ("Xét thầy cần thiết phải làm", "Xét thấy cần thiết phải làm"),
        ("Cấp giấy lân thứ hai", "Cấp giấy lần thứ hai"),
        ("Cán bộ phải năm bắt tình hình", "Cán bộ phải nắm bắt tình hình"),
        ("đăng ký tại quyền số 05", "đăng ký tại quyển số 05"),
        ("Phát quân áo cho quần đội", "Phát quần áo cho quân đội"),
        ("Cần có kế hoạch đề thực hiện", "Cần có kế hoạch để thực hiện"),
        ("Theo nhu câu của người dân", "Theo nhu cầu của người dân"),
        ("đã làm việc mây năm", "đã làm việc mấy năm"),
    ],
)
def test_marks_chosen_by_neighbours(read, right):
    assert marked(read) == right


def test_a_pair_across_the_end_of_a_line():
    assert marked("Nghị định này được sửa đổi,", "bồ sung như sau") == "Nghị định này được sửa đổi,\nbổ sung như sau"


def test_a_capital_heading_and_a_reading_that_is_no_syllable():
    assert marked("THÔNG TƯ SỬA ĐÓI, BÓ SUNG MỘT SỐ ĐIỀU") == "THÔNG TƯ SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU"
    assert marked("QUYÉT ĐỊNH:") == "QUYẾT ĐỊNH:"


def test_right_readings_and_sure_ones_stay():
    right = "Bộ Tư pháp hướng dẫn đăng ký hộ tịch và cấp bản sao"
    assert marked(right) == right
    assert marked("được sửa đổi, bồ sung", conf=99.5) == "được sửa đổi, bồ sung"  # Tesseract is sure
    assert marked("một cái bồ lớn") == "một cái bồ lớn"  # no neighbour favours another spelling


def test_never_a_name_a_number_or_a_code():
    for text in [
        "Ông Bồ Sung sinh năm 1980",  # capitalised: a name
        "Họ và tên: NGUYỄN VĂN BỒ",  # capitals after a label
        "NGUYỄN BỒ SUNG",  # a short line of capitals: a name
        "Số: 12/QĐ-TTg ngày 2/3",  # numbers and codes
        "mã số B0 bồ1 sung",
    ]:
        assert marked(text) == text
    assert marked("Bồ Sung") == "Bồ Sung"


def test_the_model_learns_confident_text(tmp_path):
    model = MarksModel()
    for s in ("bồ", "bổ", "bố", "sung", "cây"):
        model.add_syllable(s)
    page = page_of("cây bồ sung")
    assert choose_marks(page, model).text == "cây bồ sung"  # nothing learnt yet
    model.learn("Khoản 2 được bổ sung. Điều 3 được bổ sung.")
    assert choose_marks(page, model).text == "cây bổ sung"
    model.save(tmp_path / "m.json")
    again = MarksModel()
    for s in ("bồ", "bổ", "sung", "cây"):
        again.add_syllable(s)
    again.load(tmp_path / "m.json")
    assert choose_marks(page, again).text == "cây bổ sung"


def test_the_dictionary_is_read_from_the_installed_hunspell():
    model = default_model()
    if len(model.syllables) < 3000:
        pytest.skip("hunspell-vi is not installed (/usr/share/hunspell/vi_VN.dic): the phrases' syllables only")
    assert {"thấy", "thầy", "quyển", "quyền"} <= model.candidates("thay") | model.candidates("quyen")


# --------------------------------------------------------------------------- page choice

SENTENCE = "Căn cứ Luật tổ chức chính phủ ngày tháng năm Bộ trưởng quyết định ban hành thông tư này "


def test_the_page_keeps_the_reading_with_more_evidence():
    good = page_of(SENTENCE * 3)
    junk = page_of((SENTENCE + "tlie vvith rn Iii ffx qwz ") * 3)
    assert better_reading(junk, good) is good
    assert better_reading(good, junk) is good


def test_a_doubtful_page_is_read_with_the_first_model_alone():
    engine = Tesseract(OcrOptions(lang="vie+Vietnamese"))
    asked = []
    good = page_of(SENTENCE * 3)
    junk = page_of((SENTENCE + "tlie vvith rn Iii ffx qwz ") * 3)

    def read(alone):
        asked.append(alone.options.lang)
        return good

    assert check_page(junk, engine, read) is good and asked == ["vie"]
    asked.clear()
    assert check_page(good, engine, read) is good and asked == []  # not doubtful: no second run
    assert check_page(junk, engine.with_options(lang="vie"), read) is junk  # one model already
