"""The classes of extraction misses seen on marriage certificates, health insurance cards and
citizen ID cards over every profile (issue 20, round 2), one test each, from OCR-like text."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.classify import classify
from digitize.understand.extract import extract
from tests.extraction_support import field_values as _fields
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")


def test_a_zones_never_expires_date_with_no_printed_expiry():
    # a card issued after its holder's 60th birthday never expires: its zone carries the
    # placeholder 99-12-31 (check digit agreeing) and OCR may miss or the card omit the line
    text = """
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079156705059
        Họ và tên / Full name: NGUYỄN ÁNH THƯ
        Ngày sinh: 26-10-1956 Giới tính: Nữ Quốc tịch: Việt Nam
        Ngày, tháng, năm / Date, month, year: 24-06-2022
        IDVNM1567050596079156705059<<2
        5610266F9912315VNM<<<<<<<<<<<2
        NGUYEN<<ANH<THU<<<<<<<<<<<<<<<
    """
    got = _fields("citizen_id_card", text)
    assert got["expiry_date"] == "none"
    assert got["date_of_birth"] == "1956-10-26"


def test_an_insurance_cards_own_wordings_tell_it_without_its_heading():
    # a faxed card whose heading and number OCR garbled: its benefit code, facility code and
    # validity labels ("Mã quyền lợi", "Mã KCB", "Hạn thẻ") are the insurance card's wordings
    text = """
        ẢO HH MA HỘI
        Mã số BHXH: 77317B2B15\tMã quyền lợi: 4
        Họ tên: NGUYỄN THÙY LIÊN\tNgày sinh: 23/10/1981\tGiới tính: Nữ
        Địa chỉ: Số 8 đường Huỳnh Tấn Phát, phường Tân Thuận, Quận 7
        Nơi đăng ký KCB ban đầu: Bệnh viện Quận 7\tMã KCB: 79031
        Hạn thẻ: từ 01/10/2021 đến 31/12/2021
    """
    assert classify([page_from_text(text)], CAT).doc_type == "health_insurance_card"


def test_a_units_name_with_one_letter_misread_is_put_right_for_review():
    # "quận Gò Vấn" (a p whose descender a rotated scan lost), "thành phố Bà lịa": no unit is
    # so named, and one unit of that level in the address's province is one letter away
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079156705059
        Họ và tên / Full name: NGUYỄN ÁNH THƯ
        Quê quán / Place of origin: xã Hòa Long, thành phố Bà lịa, tỉnh Bà Rịa - Vũng Tàu
        Nơi thường trú / Place of residence: Số 10 đường Lê Quang Định, phường 5, quận Gò Vấn, Thành phố Hồ Chí Minh
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["place_of_residence"].endswith("quận Gò Vấp, Thành phố Hồ Chí Minh")
    assert got["place_of_origin"] == "xã Hòa Long, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu"
    assert any(r.endswith(":place_of_residence") for r in result.review_reasons)


def test_a_signatures_heading_is_no_label_of_the_name_under_it():
    # "Chồng  Vợ" over "(Ký, ghi rõ họ, chữ đệm, tên)": the signatures' headings; what OCR read
    # under them is the signature first ("LẦU Nội"), so the names come from their sections
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Thông tin người chồng:
        Họ, chữ đệm, tên: Trần Võ Tuấn Phúc
        Ngày, tháng, năm sinh: 03/08/1997
        Thông tin người vợ:
        Họ, chữ đệm, tên: Phạm Khánh Nguyệt
        Ngày, tháng, năm sinh: 09/08/2005
        Ngày, tháng, năm đăng ký: 07/09/2020
        Chồng vợ
        (Ký, ghi rõ họ, chữ đệm, tên) (Ký, ghi rõ họ, chữ đệm, tên)
        LẦU Nội
        Trần Võ Tuấn Phúc Phạm Khánh Nguyệt
    """
    got = _fields("marriage_certificate", text)
    assert got["husband_name"] == "Trần Võ Tuấn Phúc"
    assert got["wife_name"] == "Phạm Khánh Nguyệt"


def test_a_lone_mark_inside_an_address_is_dropped():
    # a photocopy's speck read as "¡" between the house number and the street
    text = """
        # CHỨNG MINH NHÂN DÂN
        Số: 021705407
        Họ và tên: HOÀNG PHƯƠNG THƯ
        Nơi thường trú: Số 103 ¡ đường Nguyễn Trãi, phường Phú Mỹ, Quận 7, Thành phố Hồ Chí Minh
    """
    got = _fields("citizen_id_card", text)
    assert got["place_of_residence"] == "Số 103 đường Nguyễn Trãi, phường Phú Mỹ, Quận 7, Thành phố Hồ Chí Minh"


def test_a_street_word_whose_d_lost_its_bar():
    # "dường" is no word of an address: before a street's name or number it is "đường"
    text = """
        # CHỨNG MINH NHÂN DÂN
        Số: 021705407
        Họ và tên: HOÀNG PHƯƠNG THƯ
        Nơi thường trú: Số 103 dường Nguyễn Trãi, phường Phú Mỹ, Quận 7, Thành phố Hồ Chí Minh
        Nguyên quán: Dường số 5, phường 5, Quận 8, Thành phố Hồ Chí Minh
    """
    got = _fields("citizen_id_card", text)
    assert got["place_of_residence"] == "Số 103 đường Nguyễn Trãi, phường Phú Mỹ, Quận 7, Thành phố Hồ Chí Minh"
    assert got["place_of_origin"] == "Đường số 5, phường 5, Quận 8, Thành phố Hồ Chí Minh"


def test_a_province_whose_first_word_ocr_lost_is_the_one_with_the_district():
    # "tỉnh An": Nghệ An or Long An; the district named before it (huyện Hưng Nguyên) is only
    # Nghệ An's. A guess (a namesake unit): flagged
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 077071919046
        Họ và tên / Full name: HỒ HẢI LÂM
        Quê quán / Place of origin: xã Hưng Nguyên, huyện Hưng Nguyên, tỉnh An
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    assert result.fields["place_of_origin"]["value"] == "xã Hưng Nguyên, huyện Hưng Nguyên, tỉnh Nghệ An"
    assert any(r.endswith(":place_of_origin") for r in result.review_reasons)


def test_a_zones_dates_each_misread_are_settled_together_by_the_birthday():
    # "9311163" and "3311161": a 0 read as 6 in both dates. The expiry has two readings its
    # check digit agrees with (531116, 331110); only one falls on a reading of the birthday
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 022093361982
        Họ và tên / Full name: NGUYỄN TRẦN HẢI HÙNG
        Ngày sinh / Date of birth: 10/11/1993
        IDVNM0933619829022093361982<<9
        9311163M3311161VNM<<<<<<<<<<<8
        NGUYEN<<TRAN<HAI<HUNG<<<<<<<<<
    """
    got = _fields("citizen_id_card", text)
    assert got["expiry_date"] == "2033-11-10"
    assert got["date_of_birth"] == "1993-11-10"


def test_a_short_date_label_ending_its_cell_takes_the_date_in_the_next():
    # "Giá trị sử dụng: từ 01/01/2016 đến 31/12/2016" on a legacy scan: its label garbled and
    # gaps OCR took for columns; "đến" ends its cell and the date is the next cell
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Số: HS1777766543778
        Họ và tên: NGUYỄN ÁNH VY
        Ngày sinh: 26/01/1946
        Giá -t ;\t2016 đến\t31/12/2016
    """
    assert _fields("health_insurance_card", text)["valid_to"] == "2016-12-31"


def test_a_house_numbers_so_with_its_s_read_as_5():
    # "5ố 61 đường …": no digit bears a mark; it is "Số" with its S read as 5
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 077071919046
        Họ và tên / Full name: HỒ HẢI LÂM
        Nơi thường trú / Place of residence: 5ố 61 đường Nguyễn Đình Chiểu, xã Long Phước, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu
    """
    got = _fields("citizen_id_card", text)
    assert got["place_of_residence"].startswith("Số 61 đường Nguyễn Đình Chiểu, xã Long Phước")


def test_a_cards_name_under_a_garbled_label_is_the_line_the_zone_names():
    # the label "Họ, chữ đệm và tên khai sinh / Full name" garbled past matching; the zone's
    # name (TRAN<<NHAT<VY) is, marks aside, the one name line: the printed name
    text = """
        # CĂN CƯỚC
        077092127091
        Họ, đệm tên khai sín Full nar
        TRẦN NHẬT VỸ
        Ngày, tháng, năm cấp / Date of issue: 20-08-2022
        9202210M3202218VNM<<<<<<<<<<<8
        TRAN<<NHAT<VY<<<<<<<<<<<<<<<<<
    """
    assert _fields("citizen_id_card", text)["full_name"] == "TRẦN NHẬT VỸ"


def test_a_cards_name_whose_family_name_ocr_lost_is_completed_from_the_zone_for_review():
    # a rotated scan read the family name apart from the rest ("N" | "ÁNH THƯ") and the label
    # garbled; the zone's NGUYEN<<ANH<THU gives the family name back, its marks a guess
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079156705059
        Họ, chữ và tên khai sinh / Sumame, mid/Ïe name and name:
        ÁNH THƯ
        Ngày sinh: 26-10-1956 Giới tính: Nữ
        IDVNM1567050596079156705059<<2
        5610266F9912315VNM<<<<<<<<<<<2
        NGUYEN<<ANH<THU<<<<<<<<<<<<<<<
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    assert result.fields["full_name"]["value"] == "NGUYỄN ÁNH THƯ"
    assert any(r.endswith(":full_name") for r in result.review_reasons)


def test_a_faxed_cards_name_is_the_line_the_zone_names_though_no_check_digit_agrees():
    # a fax garbled the label and both number lines of the zone past any check digit; its name
    # line (PHAN<<HOANG<KIEN) still reads, and one printed line spells it: the printed name
    text = """
        # CĂN CƯỚC CÔNG DÂN
        gà ¿ 077201026155
        lửa va tên
        PHAN HOÀNG KIÊN
        Linh / Sex: Nam Quốc lịck /.NaLionaliLy: Việt
        _TDVNM261926 1554877281826155<<8
        8187824M269
        PHAN<<HOANG<KIEN<<<<<<<<«<«««<<«<<
    """
    assert _fields("citizen_id_card", text)["full_name"] == "PHAN HOÀNG KIÊN"


def test_the_garbled_end_of_a_bilingual_label_past_a_gap_is_no_value():
    # "Quê quán / Place of origin" garbled, its last word past a gap OCR took for a column
    # ("pngin", no Vietnamese syllable): the value is the line below, without it
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số No 079060617808
        Quê quán ¿ Pláce\tpngin
        xà Thạnh Phú, huyện Vĩnh Cửu, tỉnh Đồng Nai
        Nơi thường trú ¿ Pkice ní residence:
        Số 99 đường Lê Quang Định, khu phố Hải Điền, phường 12, Quận 3
    """
    assert _fields("citizen_id_card", text)["place_of_origin"] == "xã Thạnh Phú, huyện Vĩnh Cửu, tỉnh Đồng Nai"


def test_a_labels_date_whose_day_ocr_read_apart_is_read_whole():
    # "1 7/06/2016" for 17/06/2016: after a label's colon no list number stands, so the lone
    # figure opening the value is the day's first figure (for review)
    text = """
        # TRÍCH LỤC KHAI SINH
        Họ và tên: LÊ HẢI DIỄM
        Ngày sinh: ngày 26 tháng 5 năm 2016
        Ngày, tháng, năm đăng ký: 1 7/06/2016
    """
    assert _fields("birth_certificate", text)["registration_date"] == "2016-06-17"
    # where joining makes no real date ("4 7/06" → 47), the day stays as read
    assert _fields("birth_certificate", text.replace("1 7/06", "4 7/06"))["registration_date"] == "2016-06-07"


def test_an_address_cut_by_a_gap_before_the_last_word_of_its_street_goes_on_past_it():
    # "… đường Nam Kỳ Khởi" | "Nghĩa, xã Xuyên Mộc, huyện" (a gap OCR took for a column), then
    # the line below: the street's last word and the next parts are the same address
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số định danh cá nhân: 077151324225
        Họ và tên: LÊ BÍCH PHƯỢNG
        Nơi thường trú: Số 231 đường Nam Kỳ Khởi\t@1150 Nghĩa, xã Xuyên Mộc, huyện
        Xuyên Mộc, tỉnh Bà Rịa - Vũng Tàu
    """
    assert _fields("citizen_id_card", text)["place_of_residence"] == (
        "Số 231 đường Nam Kỳ Khởi Nghĩa, xã Xuyên Mộc, huyện Xuyên Mộc, tỉnh Bà Rịa - Vũng Tàu"
    )
