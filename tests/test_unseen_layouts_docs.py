"""Classes of extraction misses on decisions, business registrations, construction permits
and land certificates read from photocopies and faxes: one test each, from OCR-like text."""

from __future__ import annotations

import pytest

from tests.extraction_support import field_values as _fields


def test_a_date_of_birth_wrapped_inside_its_table_cell_is_read_across_the_break():
    # a narrow "Ngày sinh" column: "ngày 14 tháng" / "11 năm 1975"; the year alone on the
    # second line is not the date
    text = """
        UBND HUYỆN XUYÊN MỘC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN XÃ BÔNG TRANG\tĐộc lập - Tự do - Hạnh phúc
        Số: 418/QĐ-UBND\t>> Bông Trang, ngày 3 tháng 5 năm 2021
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ chi phí mai táng
        Điều 1. Hỗ trợ chi phí mai táng cho người có tên sau:
        @300 TT\t@560 Họ và tên\t@1000 Ngày sinh\t@1400 Số CCCD\t@1850 Nơi cư trú
        @300 1\t@560 Đinh Gia Tường\t@980 ngày 14 tháng\t@1330 077075112233\t@1850 ấp Bàu Lâm,
        @980 11 năm 1975\t@1850 xã Bông Trang
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
    """
    fields = _fields("decision", text)
    assert fields["date_of_birth"] == "1975-11-14"


def test_a_company_name_in_capitals_goes_on_past_a_gap_ocr_took_for_a_column():
    # a fax lost a word in the middle of the name's line and OCR cut the line there: the
    # capitals after the gap are the rest of the name, not another column
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH
        Đăng ký lần đầu, ngày 12 tháng 3 năm 2015
        1. Tên hộ kinh doanh: HỘ KINH\t@960 DOANH QUÁN CƠM THIÊN LÝ
        2. Địa chỉ địa điểm kinh doanh: ấp Thanh Long, xã Châu Pha, huyện Châu Đức
    """
    fields = _fields("business_registration", text)
    assert fields["company_name"] == "HỘ KINH DOANH QUÁN CƠM THIÊN LÝ"


def test_a_company_name_under_its_label_ends_at_a_cell_that_opens_a_label():
    # the same gap, but what follows it on the row is the next field: the name stops there
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
        Mã số doanh nghiệp: 3502178459
        1. Tên công ty viết bằng tiếng Việt:
        CÔNG TY TNHH GỐM SỨ BẢO LỘC\t@1150 Mã số thuế: 3502178459
        2. Địa chỉ trụ sở chính: ấp Thanh Long, xã Châu Pha, huyện Châu Đức
    """
    fields = _fields("business_registration", text)
    assert fields["company_name"] == "CÔNG TY TNHH GỐM SỨ BẢO LỘC"


def _reasons(doc_type: str, text: str) -> list[str]:
    from digitize.understand.extract import extract
    from tests.extraction_support import CATALOGUE
    from tests.pagetext import page_from_text

    return extract([page_from_text(text)], doc_type, CATALOGUE).review_reasons


_REGISTRATION = """
    # GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
    Mã số doanh nghiệp: 3502178459
    1. Tên công ty viết bằng tiếng Việt: {name}
    2. Địa chỉ trụ sở chính: ấp Thanh Long, xã Châu Pha, huyện Châu Đức
"""


def test_a_company_name_a_fax_garbled_is_flagged_for_review():
    # a word with marks that no Vietnamese syllable spells: part of the name is not what the
    # page says (a stock phrase that lost its last word has it put back: tidy._phrase_ends_restored)
    for garbled in ("CÔNG TY CỔ PHẦN GỐM SỨ KHHẢ BẢO LỘC", "CÔNG TY CỔ PHẦN GỐM SỨ BẢO LỘC\\"):
        assert "low_confidence:company_name" in _reasons("business_registration", _REGISTRATION.format(name=garbled))
    # read whole, with a foreign word and a lone Á, it is not
    whole = "CÔNG TY TRÁCH NHIỆM HỮU HẠN GỐM SỨ ĐÔNG Á EXPORT"
    assert "low_confidence:company_name" not in _reasons("business_registration", _REGISTRATION.format(name=whole))


def test_a_symbols_l_a_fax_broke_into_an_i_and_a_full_stop():
    # "QLĐT" (quản lý đô thị) read "QI.ĐT": no symbol writes a full stop between capitals
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN CHÂU ĐỨC\tĐộc lập - Tự do - Hạnh phúc
        Số: 207/GPXD-QI.ĐT\t>> Châu Đức, ngày 4 tháng 9 năm 2021
        # GIẤY PHÉP XÂY DỰNG
        1. Cấp cho: Ông/Bà: Trịnh Quốc Bảo
        - Địa chỉ công trình: Số 15 đường Hùng Vương, xã Ngãi Giao, huyện Châu Đức
    """
    fields = _fields("construction_permit", text)
    assert fields["document_number"] == "207/GPXD-QLĐT"


def test_a_name_whose_l_a_scan_broke_into_an_i_and_a_full_stop():
    text = """
        # QUYẾT ĐỊNH
        > Về việc công nhận hòa giải viên
        Điều 1. Công nhận hòa giải viên đối với bà I.ưu Ngọc Diễm, sinh ngày 12/04/1979, số định danh
        cá nhân 077179004512, thường trú tại xã Ngãi Giao.
    """
    fields = _fields("decision", text)
    assert fields["full_name"] == "Lưu Ngọc Diễm"


def test_a_family_name_misread_is_taken_from_the_same_name_printed_again_for_review():
    # "CAD" is no family name; the article that names her again reads "Cao": that one, flagged
    text = """
        # QUYẾT ĐỊNH
        > Về việc công nhận hòa giải viên
        Điều 1. Công nhận hòa giải viên đối với bà CAD THỊ NGỌC HÂN, sinh ngày 12/04/1979, số định danh
        cá nhân 077179004512, thường trú tại xã Ngãi Giao.
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
        Điều 3. Văn phòng và bà Cao Thị Ngọc Hân chịu trách nhiệm thi hành Quyết định này.
    """
    assert _fields("decision", text)["full_name"] == "CAO THỊ NGỌC HÂN"
    assert "low_confidence:full_name" in _reasons("decision", text)


def test_a_first_registration_date_whose_separators_a_fax_read_as_a_space_and_lost():
    # "07 112016": the slash after the day read as a space, the one after the month lost
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
        Mã số doanh nghiệp: 3502178459
        Đăng ký lần đầu: 07 112016
        1. Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH GỐM SỨ BẢO LỘC
    """
    assert _fields("business_registration", text)["first_registration_date"] == "2016-11-07"


def test_a_speck_read_as_a_quote_mark_after_the_issuers_name_is_dropped():
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ NGÃI GIAO '\tĐộc lập - Tự do - Hạnh phúc
        Số: 118/QĐ-UBND\t>> Châu Đức, ngày 4 tháng 9 năm 2021
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ chi phí mai táng
    """
    assert _fields("decision", text)["issuer"] == "ỦY BAN NHÂN DÂN XÃ NGÃI GIAO"


def test_a_decisions_symbol_whose_q_a_fax_read_as_a_zero_and_whose_hyphen_it_set_apart():
    text = """
        UBND HUYỆN CHÂU ĐỨC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN XÃ NGÃI GIAO\tĐộc lập - Tự do - Hạnh phúc
        Số: 2417/0Đ -UBND\t>> Châu Đức, ngày 4 tháng 9 năm 2021
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ chi phí mai táng
    """
    assert _fields("decision", text)["document_number"] == "2417/QĐ-UBND"


@pytest.mark.parametrize(
    "address",
    [
        # a unit word run into its name by a speck read as a hyphen
        "Số 18 đường Lê Lợi, phường-Phước Hiệp, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu",
        # "thàrih phố": the n's arch broke from its stem; no other unit is that near
        "Số 18 đường Lê Lợi, phường Phước Hiệp, thàrih phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu",
    ],
    ids=["unit-word-hyphen", "unit-n-split-into-ri"],
)
def test_a_units_word_a_scan_garbled_is_put_right(address):
    text = f"""
        # GIẤY PHÉP XÂY DỰNG
        Số: 543/GPXD
        Địa điểm xây dựng: {address}
    """
    fields = _fields("construction_permit", text)
    assert (
        fields["construction_address"]
        == "Số 18 đường Lê Lợi, phường Phước Hiệp, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu"
    )


def test_a_date_in_figures_wrapped_inside_its_table_cell_is_read_across_the_break():
    text = """
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ chi phí mai táng
        Điều 1. Hỗ trợ chi phí mai táng cho người có tên sau:
        @300 TT\t@560 Họ và tên\t@1000 Ngày sinh\t@1400 Số CCCD\t@1850 Nơi cư trú
        @300 1\t@560 Đinh Gia Tường\t@980 14/11/\t@1330 077075112233\t@1850 ấp Bàu Lâm,
        @980 1975\t@1850 xã Bông Trang
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
    """
    assert _fields("decision", text)["date_of_birth"] == "1975-11-14"


def test_a_given_name_misread_is_taken_from_the_same_name_printed_again_for_review():
    # a fax read the X of Xuân as N in the first article: "Nuân" is no name syllable, the
    # article that names him again reads "Xuân", one letter off
    text = """
        # QUYẾT ĐỊNH
        > Về việc chấp thuận hồ sơ đề nghị hỗ trợ nhà ở
        Điều 1. Chấp thuận hồ sơ đề nghị hỗ trợ nhà ở của ông Phạm Hải Nuân Lâm, sinh ngày
        22/06/2000, thường trú tại xã Nghĩa Thành.
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
        Điều 3. Văn phòng và ông Phạm Hải Xuân Lâm chịu trách nhiệm thi hành Quyết định này.
    """
    assert _fields("decision", text)["full_name"] == "Phạm Hải Xuân Lâm"
    assert "low_confidence:full_name" in _reasons("decision", text)
    # a name word that is a name syllable already stays as read, though another reading differs
    kept = text.replace("Nuân", "Xuân").replace("Hải Xuân Lâm chịu", "Hải Xuân Lân chịu")
    assert _fields("decision", kept)["full_name"] == "Phạm Hải Xuân Lâm"
