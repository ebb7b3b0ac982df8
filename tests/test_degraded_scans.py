"""What a fax or a photocopy garbles and the checks and tables that settle it (issue 20): a
year of birth OCR read out of range, put right from the 12-digit personal ID for review; an
address whose comma OCR lost before the province or put inside a unit's name."""

from __future__ import annotations

import pytest

from digitize.understand import kinds
from digitize.understand.catalogue import load_catalogue
from digitize.understand.dates import find_dates
from digitize.understand.extract import extract
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")

CARD = """CĂN CƯỚC CÔNG DÂN
Số/ No.: 056187782031
Họ và tên / Full name:
PHAN CẨM HOA
Ngày sinh / Date of birth: 25/11/1087
Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam
Có giá trị đến: 25/11/2027"""


def test_a_year_of_birth_read_out_of_range_is_put_right_from_the_id_for_review():
    result = extract([page_from_text(CARD)], "citizen_id_card", CAT)
    assert result.fields["date_of_birth"]["value"] == "1987-11-25"  # the ID's 1(87): a woman born 1987
    assert "low_confidence:date_of_birth" in result.review_reasons


def test_without_an_id_such_a_date_is_the_one_year_of_a_lifetime_a_digit_away_for_review():
    # (1087: its 9 read as 0; 1987 is the one year of a lifetime so near, as a date of birth
    # read as 1880 is put right; the reviewer sees it flagged)
    result = extract([page_from_text(CARD.replace("Số/ No.: 056187782031", ""))], "citizen_id_card", CAT)
    assert result.fields["date_of_birth"]["value"] == "1987-11-25"
    assert "low_confidence:date_of_birth" in result.review_reasons
    assert "invalid:date_of_birth" not in result.review_reasons
    # a year no single misread digit brings in range is no date at all (a code, a sum)
    assert find_dates("25/11/5087") == []


def test_an_address_whose_comma_before_the_province_ocr_lost_gets_its_parts():
    read = "Số 45 đường Quốc lộ 51, phường 1, thành phố Vũng Tàu tình Bà Rịa - Vũng Tàu"
    assert kinds.tidy("address", read) == (
        "Số 45 đường Quốc lộ 51, phường 1, thành phố Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu"
    )
    # not an issuing body's province, nor a town named as a province is
    assert kinds.tidy("address", "Ủy ban nhân dân tỉnh Long An") == "Ủy ban nhân dân tỉnh Long An"
    assert kinds.tidy("address", "thị xã Thanh Hóa") == "thị xã Thanh Hóa"


def test_a_units_name_cut_by_a_comma_is_joined_where_the_gazetteer_knows_it_whole():
    read = "Số 203 đường Nam Kỳ Khởi Nghĩa, xã Xuyên, Mộc, Thành phố Hồ Chí Minh"
    assert kinds.tidy("address", read) == "Số 203 đường Nam Kỳ Khởi Nghĩa, xã Xuyên Mộc, Thành phố Hồ Chí Minh"
    # a part after a whole unit's name is another part ("Đất Đỏ": the district, its unit lost)
    assert kinds.tidy("address", "xã Long Hải, Đất Đỏ") == "xã Long Hải, Đất Đỏ"


def test_a_one_word_unit_misread_by_a_letter_is_known_by_the_place_named_after_it():
    read = "xũ Long Hựu, huyện Cần Đước, tỉnh Long An"
    assert kinds.tidy("address", read) == "xã Long Hựu, huyện Cần Đước, tỉnh Long An"
    # no place of that name at any unit a letter away: kept as read
    assert kinds.tidy("address", "xũ Zzyz Qoo") == "xũ Zzyz Qoo"


def test_a_house_numbers_slash_a_fax_broke_into_a_colon():
    read = "73:14 đường Nam Kỳ Khởi Nghĩa, phường Tăng Nhơn Phú A"
    assert kinds.tidy("address", read) == "73/14 đường Nam Kỳ Khởi Nghĩa, phường Tăng Nhơn Phú A"


def test_a_registers_number_whose_year_cannot_be_is_put_right_for_review():
    page = """GIẤY CHỨNG NHẬN KẾT HÔN
Số: 36/2917
Ngày, tháng, năm đăng ký: 12/05/2017"""
    result = extract([page_from_text(page)], "marriage_certificate", CAT)
    assert result.fields["document_number"]["value"] == "36/2017"  # the registration's year
    assert "low_confidence:document_number" in result.review_reasons
    # with no date to go by, the one year a 0 read as another digit gives
    result = extract([page_from_text(page.split("\nNgày")[0])], "marriage_certificate", CAT)
    assert result.fields["document_number"]["value"] == "36/2017"
    assert "low_confidence:document_number" in result.review_reasons


def test_a_symbols_d_that_lost_its_bar():
    assert kinds.tidy("document_number", "1088/2022/QD-UBND") == "1088/2022/QĐ-UBND"
    assert kinds.tidy("document_number", "12/2020/NQ-HDND") == "12/2020/NQ-HĐND"
    assert kinds.tidy("document_number", "15/HD-UBND") == "15/HD-UBND"  # hướng dẫn: a real HD


def test_a_semicolon_read_for_the_comma_before_a_unit():
    read = "Số 9 đường Trương Công Định, xã Phước Hưng; huyện Long Điền, tỉnh Bà Rịa - Vũng Tàu"
    assert kinds.tidy("address", read) == read.replace(";", ",")
    assert kinds.tidy("address", "ấp 3; gần chợ") == "ấp 3; gần chợ"  # no unit after it: as read


def test_a_registration_read_in_the_future_is_put_right_where_a_0_misread_explains_it():
    page = """TRÍCH LỤC KHAI SINH
Họ, chữ đệm, tên: NGUYỄN CÔNG LỢI
Ngày, tháng, năm sinh: 19/11/2020
Ngày, tháng, năm đăng ký: 01/12/2929"""
    # 2929 (out of range) read as 2029 by the year's own repair; 2029 is after today: 2020
    result = extract([page_from_text(page)], "birth_certificate", CAT)
    assert result.fields["registration_date"]["value"] == "2020-12-01"
    assert "low_confidence:registration_date" in result.review_reasons
    # no such digit: flagged as it stands
    result = extract([page_from_text(page.replace("2929", "2077"))], "birth_certificate", CAT)
    assert result.fields["registration_date"]["value"] == "2077-12-01"
    assert "invalid:registration_date" in result.review_reasons


def test_past_is_a_dates_setting():
    from digitize.understand.catalogue import CatalogueError, loads_catalogue

    cat = loads_catalogue(
        '[types.x]\ntitles = ["X"]\n[types.x.fields]\nd = { kind = "date", labels = ["Ngày"], past = true }'
    )
    assert cat.types["x"].fields["d"].past
    with pytest.raises(CatalogueError, match="past is for dates"):
        loads_catalogue(
            '[types.x]\ntitles = ["X"]\n[types.x.fields]\nn = { kind = "text", labels = ["Tên"], past = true }'
        )


def test_a_handwritten_numbers_printed_part_is_read_as_the_layout_reads_words():
    from digitize.understand.handwriting import NUMBER_SLOT, FillIn, settle

    # the symbol after an unread handwritten number, its Đ read as the Icelandic eth
    fields = {"document_number": {"value": "07/2021/TT-BLĐTBXH", "confidence": 0.9, "page": 1}}
    reasons: list[str] = []
    settle(CAT.types["decision"], fields, reasons, {}, [FillIn(NUMBER_SLOT, 3, True, after="/QÐ-UBND")])
    assert fields["document_number"]["value"] == "/QĐ-UBND" and reasons == ["handwritten:document_number"]
