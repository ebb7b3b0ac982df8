"""Vietnamese dates as printed and as OCR reads them."""

from __future__ import annotations

import pytest

from digitize.understand.dates import find_dates, is_real_date, parse_date, parse_date_or_year


@pytest.mark.parametrize(
    "text, iso",
    [
        ("18/8/2023", "2023-08-18"),
        ("18/08/2023", "2023-08-18"),
        ("18-08-2023", "2023-08-18"),
        ("18.08.2023", "2023-08-18"),
        ("18 / 8 / 2023", "2023-08-18"),
        ("2023-08-18", "2023-08-18"),
        ("ngày 18 tháng 8 năm 2023", "2023-08-18"),
        ("Ngày 18 tháng 08 năm 2023", "2023-08-18"),
        ("ngay 18 thang 8 nam 2023", "2023-08-18"),  # no diacritics
        ("ngày  18   tháng 8  năm  2023", "2023-08-18"),  # extra spaces
        ("ngảy 18 thảng 8 nảm 2023", "2023-08-18"),  # wrong marks
        ("ngày l8 tháng O8 năm 2O23", "2023-08-18"),  # l for 1, O for 0
        ("18/O8/2O23", "2023-08-18"),
        ("ngày 05 tháng 01 năm 2019", "2019-01-05"),
        ("Vũng Tàu, ngày 02 tháng 8 năm 2024", "2024-08-02"),
        ("12 giờ 00 phút, ngày 26/07/2016", "2016-07-26"),
        ("ngày 07 tháng 02 năm\n2018", "2018-02-07"),  # year wrapped to the next line
        ("sinh ngày 17/11/1 973", "1973-11-17"),  # a year split by OCR
        ("29/02/2024", "2024-02-29"),
        ("NGÀY 1 THÁNG 12 NĂM 1999", "1999-12-01"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2023",
        "29/02/2023",
        "ngày 31 tháng 4 năm 2020",
        "00/01/2020",
        "12/13/2020",
    ],
)
def test_impossible_dates_are_rejected(text):
    assert parse_date(text) is None
    hits = find_dates(text)
    assert hits and not hits[0].valid  # reported, marked not real


@pytest.mark.parametrize(
    "text",
    [
        "1.500.000 đồng",
        "Số: 15/QĐ-UBND",
        "Nghị định số 20/2021/NĐ-CP",
        "0987229537",
        "từ tháng 5 năm 2021",
        "123/2019",
        "",
    ],
)
def test_things_that_are_not_dates(text):
    assert parse_date(text) is None


def test_year_only():
    assert parse_date_or_year("sinh năm 1970") == "1970"
    assert parse_date_or_year("Năm sinh: 1958") == "1958"
    assert parse_date_or_year("ngày 5 tháng 6 năm 1970") == "1970-06-05"
    assert parse_date_or_year("không rõ") is None


def test_find_dates_reports_offsets_in_the_original_text():
    text = "Giá trị sử dụng: từ 01/01/2024 đến 31/12/2024"
    hits = find_dates(text)
    assert [h.iso for h in hits] == ["2024-01-01", "2024-12-31"]
    assert text[hits[1].start : hits[1].end] == "31/12/2024"
    text = "Thời gian: ngày 5 tháng 6 năm 2020"
    (hit,) = find_dates(text)
    assert text[hit.start : hit.end] == "ngày 5 tháng 6 năm 2020"


def test_is_real_date():
    assert is_real_date("2024-02-29") and is_real_date("1986")
    assert not is_real_date("2023-02-29") and not is_real_date("nope")


def test_a_digit_misread_for_zero_in_day_or_month_is_put_back():
    (hit,) = find_dates("Giá trị sử dụng: từ 61/01/2017")
    assert (hit.iso, hit.valid, hit.repaired) == ("2017-01-01", True, True)
    assert parse_date("ngày 61 tháng 02 năm 2020") == "2020-02-01"
    assert parse_date("31/18/2016") == "2016-10-31"  # month 18: the 8 was a 0
    # a day the month lacks is not "repaired": it stays as read, invalid
    (hit,) = find_dates("29/02/2019")
    assert (hit.iso, hit.valid, hit.repaired) == ("2019-02-29", False, False)
    assert find_dates("66/06/2016")[0].iso == "2016-06-06"  # (60 is no day either)
    # no digit that OCR reads for a 0: not a date
    assert find_dates("45/12/2016") == []
    (hit,) = find_dates("18/08/2023")
    assert not hit.repaired


def test_an_impossible_year_with_a_zero_misread_is_put_right():
    from digitize.understand.dates import find_dates

    (hit,) = find_dates("ngày 12/05/2921")
    assert (hit.iso, hit.valid, hit.repaired) == ("2021-05-12", True, True)
    (hit,) = find_dates("ngày 12 tháng 5 năm 2O21")  # a letter O: read as it is meant
    assert hit.iso == "2021-05-12" and not hit.repaired
    assert find_dates("12/05/3921") == []  # no single 0 makes it a year: not a date


def test_a_words_date_that_lost_its_thang():
    from digitize.understand.dates import find_dates

    (hit,) = find_dates("Đất Đỏ, ngày 21 02 năm 2020")
    assert (hit.iso, hit.valid) == ("2020-02-21", True)
    assert find_dates("Số 12 34 năm 2019") == []  # no "ngày": two numbers, not a date


def test_a_day_and_a_month_both_misread_for_zeros_are_put_back():
    (hit,) = find_dates("Giá trị sử dụng: từ 61/61/2919 đến 31/12/2919")[:1]
    assert (hit.iso, hit.valid, hit.repaired) == ("2019-01-01", True, True)
    assert parse_date("Long Điền, ngày 91 tháng 91 năm 2916") == "2016-01-01"
    # a part with no digit OCR reads for a 0 (45): not a date
    assert find_dates("45/61/2016") == []


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Sáu tháng bốn năm hai nghìn không trăm hai mươi lăm", "2025-04-06"),
        ("ngày mười lăm tháng mười hai năm một nghìn chín trăm tám mươi tám", "1988-12-15"),
        ("Hai mươi mốt tháng tư năm hai nghìn linh năm", "2005-04-21"),
        ("năm tháng năm năm hai nghìn không trăm mười", "2010-05-05"),  # "năm": 5, then the year's word
        ("Ba mươi tháng giêng năm hai ngàn", "2000-01-30"),
        ("Sau thang bon nam hai nghin khong hai muoi lam", "2025-04-06"),  # marks lost, "trăm" dropped
    ],
)
def test_a_date_spelled_out_in_words(text, iso):
    from digitize.understand.dates import find_spelled_date

    assert find_spelled_date(text).iso == iso


def test_words_that_make_no_spelled_date():
    from digitize.understand.dates import find_spelled_date

    assert find_spelled_date("hai ba tháng tư năm hai nghìn") is None  # "hai ba" is no number
    assert find_spelled_date("ba mươi hai tháng tư năm hai nghìn") is None  # day 32
    assert find_spelled_date("Ngày 06 tháng 4 năm 2025") is None  # figures: not this reader's
    assert find_spelled_date("trong năm tháng qua, năm nay") is None
    assert find_spelled_date("Sáu tháng bốn năm hai nghìn không") is None  # the year cut short


def test_a_place_and_date_line_whose_month_word_a_fax_garbled_past_knowing():
    # "tháng" read "Hưng": with "ngày" before the day and "năm" before the year, the one word
    # between day and month can only be it
    assert [h.iso for h in find_dates("Xuyên Mộc, ngày 29 Hưng 8 năm 2022")] == ["2022-08-29"]
    # two numbers with a word between them and no "ngày" before are no date
    assert "2022-08-29" not in [h.iso for h in find_dates("Tổ 29 khu 8 năm 2022")]


def test_a_date_whose_day_and_month_a_fax_glued_after_a_word_that_opens_a_date():
    # "đến 3112/2024": the slash between day and month lost, the one before the year kept
    assert [h.iso for h in find_dates("Hạn thẻ: từ 01/01/2024 đến 3112/2024")] == ["2024-01-01", "2024-12-31"]
    # with no such word before it, four figures, a slash and a year are a document's number
    assert find_dates("Căn cứ Quyết định số 1203/2017 của UBND") == []


def test_a_speck_read_as_a_dash_after_a_date_word():
    # a fax's "ngày-25", "tháng-1", "năm-2019": the words are still the date's
    # and after a figure: "ngày 15- tháng 12", "tháng 12- năm 2023"
    for text in (
        "Phú Mỹ, ngày-25 tháng 1 năm 2019",
        "Phú Mỹ, ngày 25 tháng-1 năm-2019",
        "Phú Mỹ, ngày 25- tháng 1 năm 2019",
        "Phú Mỹ, ngày 25 tháng 1- năm 2019",
    ):
        (hit,) = find_dates(text)
        assert (hit.iso, hit.form, text[hit.start : hit.start + 4]) == ("2019-01-25", "words", "ngày")


def test_a_words_date_whose_month_was_read_as_letters():
    # a legacy scan's "tháng DI" (the table's D for 0, I for 1) and a day's 0 read as 9
    (hit,) = find_dates("Ngày, tháng, năm sinh: ngày 95 tháng DI năm 1962 4, Giới tính:")
    assert (hit.iso, hit.valid) == ("1962-01-05", True)
    # a word's d is no figure outside a date's words
    assert find_dates("đi 12 ngày") == []


def test_a_days_two_figures_read_apart_after_the_word_ngay():
    # "ngày 1 1 tháng 9": the 11th, the gap between its figures read as a space
    assert [h.iso for h in find_dates("TP. Hồ Chí Minh, ngày 1 1 tháng 9 năm 2026")] == ["2026-09-11"]
    # without "ngày" before them two figures are not one day
    assert [h.iso for h in find_dates("khoản 3 1 tháng 9 năm 2026")] == ["2026-09-01"]
