"""Field extraction on OCR-noisy pages: the misreads met on generated scans (train split),
written as plain text pages."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")


def _fields(text: str, doc_type: str) -> dict[str, str]:
    result = extract([page_from_text(text)], doc_type, CAT)
    return {k: v["value"] for k, v in result.fields.items()}


def test_a_short_label_inside_a_misread_longer_one_is_part_of_it():
    # "Tờ" read "TỪ": "Tờ bản đồ số:" still matches as a whole, its "số:" is no ID label
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        a) Thửa đất số: 1236;\tTỪ bản đồ số: 14;
        c) Diện tích: 809 m2
    """,
        "land_use_certificate",
    )
    assert got["parcel_number"] == "1236"
    assert got["map_sheet_number"] == "14"


def test_a_heading_label_wrapped_in_its_cell_goes_on_under_its_own_words():
    # OCR read "Thửa đất  Tờ bản đồ" as one cell; each heading's "số" is under its own words:
    # the map sheet is the number under "Tờ bản đồ / số", not the one under "Thửa đất / số"
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        @200 Thửa đất Tờ bản đồ\t@640 Diệntích\t@860 Mục đích sử dụng
        @250 số\t@470 số\t@680 (m2)
        @245 552\t@470 03\t@670 819,5\t@920 Đất trồng lúa
    """,
        "land_use_certificate",
    )
    assert got["parcel_number"] == "552"
    assert got["map_sheet_number"] == "3"


def test_an_id_card_number_whose_label_ocr_lost_is_found_by_its_shape():
    got = _fields(
        """
        11/87/1978 87:20 FROH: CONG AN 825433860
        # CHỨNG MINH. NHÂN DÂN
        ——\t278997023
        Họ tên: LÂM HOÀNG NHẬT TRÍ
        Sinh ngày: 25/07/1971
    """,
        "citizen_id_card",
    )
    assert got["personal_id"] == "278997023"  # not the fax header's number


def test_a_fax_header_number_is_not_an_id():
    got = _fields(
        """
        11/07/2018 07:20 FROM: CONG AN 825433860
        # CHỨNG MINH NHÂN DÂN
        Họ tên: LÂM HOÀNG NHẬT TRÍ
    """,
        "citizen_id_card",
    )
    assert "personal_id" not in got


def test_an_address_goes_on_after_a_comma_on_a_line_a_speck_opens_with_a_dash():
    got = _fields(
        """
        # CHỨNG MINH NHÂN DÂN
        @190 Nơi ĐKHK thường trú: 97/3 Hùng Vương, khu phố 1, xà Long Tân,
        @30 - huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu
    """,
        "citizen_id_card",
    )
    assert got["place_of_residence"] == "97/3 Hùng Vương, khu phố 1, xã Long Tân, huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu"


def test_a_list_item_after_an_address_is_not_part_of_it():
    got = _fields(
        """
        # GIẤY PHÉP XÂY DỰNG
        + Địa chỉ công trình: Số 36 đường Hùng Vương, phường 10,
        - Hồ sơ thiết kế do Công ty lập
    """,
        "construction_permit",
    )
    assert got["construction_address"] == "Số 36 đường Hùng Vương, phường 10"


def test_a_speck_read_as_a_full_stop_before_a_word_goes():
    got = _fields(
        """
        # GIẤY PHÉP XÂY DỰNG
        + Địa chỉ công trình: Số 117 đường .Bình Giã, phường Thắng Tam, thành phố Vũng Tàu
    """,
        "construction_permit",
    )
    assert got["construction_address"] == "Số 117 đường Bình Giã, phường Thắng Tam, thành phố Vũng Tàu"


def test_a_decision_number_whose_so_label_is_misread():
    got = _fields(
        """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THỊ XÃ PHÚ MỸ\tĐộc lập - Tự do - Hạnh phúc
        Sã: 743/QĐ-UBND\tPhú Mỹ, ngày 1 tháng 9 năm 2016
        # QUYẾT ĐỊNH
        > Về việc trợ cấp xã hội hằng tháng
        Căn cứ Quyết định số 15/QĐ-UBND của Ủy ban nhân dân tỉnh;
    """,
        "decision",
    )
    assert got["document_number"] == "743/QĐ-UBND"
    assert got["issuer"].casefold() == "ủy ban nhân dân thị xã phú mỹ"  # case is not significant


def test_a_register_number_in_the_header_is_not_the_document_number():
    got = _fields(
        """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ LÁNG DÀI\tĐộc lập - Tự do - Hạnh phúc
        Quyển số: 02/2016
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: Nguyễn Bảo Quyên
    """,
        "death_certificate",
    )
    assert "document_number" not in got


def test_number_words():
    from digitize.understand.values import number_in_words

    assert number_in_words("Tám trăm Linh chín mét vuông)") == "809"
    assert number_in_words("một trăm hai mươi lăm phẩy năm mét vuông") == "125.5"
    assert number_in_words("một nghìn không trăm linh năm") == "1005"
    assert number_in_words("hai mươi mốt") == "21"
    assert number_in_words("Tam tram chfn") is None  # a misread word spells nothing
    assert number_in_words("mét vuông") is None


def test_an_area_put_right_by_its_words_where_one_digit_differs():
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        c) Diện tích: 899 m2 (Bằng chữ: Tám trăm Linh chín mét vuông)
    """,
        "land_use_certificate",
    )
    assert got["area_m2"] == "809"
    # words that spell a quite different number are not a misread of the digits: kept as read
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        c) Diện tích: 152,5 m2 (Bằng chữ: Tám trăm linh chín mét vuông)
    """,
        "land_use_certificate",
    )
    assert got["area_m2"] == "152.5"


def test_a_short_label_word_amid_a_name_is_part_of_the_name():
    # "VÕ" folds like the label "Vợ" (wife): amid the capitals of a name it is a name's word
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Thông tin người chồng:
        Họ, chữ đệm, tên: LÊ HỮU NGHĨA
        Thông tin người vợ:
        Họ, chữ đệm, tên: PHẠM VÕ THU HÀ
        Ngày, tháng, năm đăng ký: 19-09-2022
    """,
        "marriage_certificate",
    )
    assert got["wife_name"].casefold() == "phạm võ thu hà"
    assert got["husband_name"].casefold() == "lê hữu nghĩa"


def test_a_speck_read_as_a_quote_after_a_comma_does_not_glue_two_words():
    got = _fields(
        """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN CHÂU ĐỨC\tĐộc lập - Tự do - Hạnh phúc
        # QUYẾT ĐỊNH
        Điều 1. Cho phép chuyển mục đích sử dụng 100 m2 đất trồng cây lâu
        năm sang đất ở cho bà Đỗ Thị Hiền,'sinh ngày 26/9/1986, số CCCD:
        077186107158; nơi cư trú: Số 187 đường Điện Biên Phủ
    """,
        "decision",
    )
    assert got["full_name"] == "Đỗ Thị Hiền"
    assert got["date_of_birth"] == "1986-09-26"


def test_a_vowel_read_twice_is_once():
    from digitize.understand.tidy import tidy_address, tidy_name, undouble_vowels

    assert tidy_name("PHẠAM BẢO ĐÌNH NGHĨA") == "PHẠM BẢO ĐÌNH NGHĨA"
    assert tidy_name("TRẦÂN HUỲNH THU TRINH") == "TRẦN HUỲNH THU TRINH"
    assert tidy_address("huyện Châu ĐứỨc, tỉnh Bà Rịa - Vũng Tàu") == "huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu"
    # two different vowels, and names spelt with a double o, stay
    for kept in ("Lưu Hữu Phước", "Nguyễn Khuê", "Sơn Đoòng", "Xoong", "Hoàng Uyên"):
        assert undouble_vowels(kept) == kept


def test_a_name_with_a_doubled_vowel_on_the_page():
    got = _fields(
        """
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: PHẠAM BẢO ĐÌNH NGHĨA
    """,
        "death_certificate",
    )
    assert got["full_name"] == "PHẠM BẢO ĐÌNH NGHĨA"


def test_the_issuer_from_the_authority_line_where_the_header_lost_its_name():
    # the header's "PHƯỜNG 1" was read as a lone "1"; the line above the "Căn cứ …" says it all
    got = _fields(
        """
        UBND QUẬN BÌNH THẠNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        UY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        1\tTP. Hồ Chí Minh, ngày 27 tháng 10 năm 2017
        Số: 3033/QĐ-UBND
        # QUYẾT ĐỊNH
        > Về việc trợ cấp xã hội hằng tháng
        > CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG 1
        Căn cứ Luật Xử lý vi phạm hành chính ngày 20 tháng 6 năm 2012;
    """,
        "decision",
    )
    assert got["issuer"].casefold() == "ủy ban nhân dân phường 1"


def test_the_issuer_from_the_authority_line_where_the_header_lost_its_last_words():
    got = _fields(
        """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        PHƯỜNG TĂNG NHƠN\tĐộc lập - Tự do - Hạnh phúc
        Số: 12/QĐ-UBND\tThủ Đức, ngày 2 tháng 3 năm 2020
        # QUYẾT ĐỊNH
        > CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG TĂNG NHƠN PHÚ A
        Căn cứ Luật Tổ chức chính quyền địa phương;
    """,
        "decision",
    )
    assert got["issuer"].casefold() == "ủy ban nhân dân phường tăng nhơn phú a"
    # the same body named in full in the header: the header's wording stays
    got = _fields(
        """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN CHÂU ĐỨC\tĐộc lập - Tự do - Hạnh phúc
        # QUYẾT ĐỊNH
        > CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CHÂU ĐỨC
    """,
        "decision",
    )
    assert got["issuer"].casefold() == "ủy ban nhân dân huyện châu đức"


def test_an_area_whose_digits_ocr_lost_is_read_from_its_words():
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        c) Diện tích:\t@920 m° (Bằng chữ: Một trăm sáu mưới hai phẩy một mét vuông)
    """,
        "land_use_certificate",
    )
    assert got["area_m2"] == "162.1"


def test_an_address_stops_at_a_line_opening_with_the_first_words_of_a_label():
    # "Nơi ĐKHK thường trú:" lost its last words: still a new field, not more of the origin
    got = _fields(
        """
        # CHỨNG MINH. NHÂN DÂN
        Nguyên quán: phường 3, thành phố Mỹ Tho, tỉnh Tiền Giang,
        Nơi ĐKHK, Bang, huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu
    """,
        "citizen_id_card",
    )
    assert got["place_of_origin"] == "phường 3, thành phố Mỹ Tho, tỉnh Tiền Giang"


def test_the_tail_of_an_english_label_is_not_the_value():
    # "Quê quán / Place of origin:" with its slash misread and split over two cells
    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Quê quán £\t@305 origin:
        xã Cẩm Xuyên, huyện Cẩm Xuyên, tỉnh Hà Tĩnh
    """,
        "citizen_id_card",
    )
    assert got["place_of_origin"] == "xã Cẩm Xuyên, huyện Cẩm Xuyên, tỉnh Hà Tĩnh"


def test_a_name_printed_twice_takes_each_word_as_ocr_was_surest_of_it():
    got = _fields(
        """
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Ông/Bà: NGUYỄN MINH DIÊM~80
        Số CCCD: 077069258937
        >> NGƯỜI NỘP HỒ SƠ
        >> Nguyễn Minh Diễm~96
    """,
        "receipt",
    )
    assert got["full_name"] == "NGUYỄN MINH DIỄM"
    got = _fields(
        """
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Ông/Bà: LÊ NGỌC NHI~96
        >> NGƯỜI NỘP HỒ SƠ
        >> Lê Ngọc Nhỉ~80
    """,
        "receipt",
    )
    assert got["full_name"] == "LÊ NGỌC NHI"


def test_a_name_read_twice_about_as_surely_keeps_the_fields_reading():
    # 96 against 97: a point is noise, not a reason to take the signature's marks
    got = _fields(
        """
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Họ và tên: NGUYỄN BẢO LOAN~96
        >> NGƯỜI NỘP HỒ SƠ
        >> Nguyễn Bảo Loạn~97
    """,
        "receipt",
    )
    assert got["full_name"] == "NGUYỄN BẢO LOAN"


def test_a_card_that_never_expires_with_a_letter_misread():
    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079145773976
        Có giá trị đến / Date of expiry: Khônq thời hạm
    """,
        "citizen_id_card",
    )
    assert got["expiry_date"] == "none"


def test_a_document_number_with_its_slash_read_twice():
    got = _fields(
        """
        UBND THÀNH PHỐ THỦ ĐỨC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số:\t@411 119//2021
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Nơi cư trú: Số 87/34 Hai Bà Trưng, tổ 12, khu phố 6
    """,
        "marriage_certificate",
    )
    assert got["document_number"] == "119/2021"


def test_an_address_goes_on_where_a_line_break_cuts_a_unit_in_two():
    got = _fields(
        """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        @535 Nơi thường trú: Số 124 Trần Hưng Đạo, phường Phú Mỹ, Thành
        @415 phố Hồ Chí Minh
        @415 Nơi tạm trú: Không
        @415 Xác nhận thông tin về cư trú có giá trị 06 tháng kể từ ngày cấp, theo quy định hiện hành.
    """,
        "residence_confirmation",
    )
    assert got["permanent_address"] == "Số 124 Trần Hưng Đạo, phường Phú Mỹ, Thành phố Hồ Chí Minh"


def test_a_place_date_line_broken_by_a_gap_and_a_lost_word():
    got = _fields(
        """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN ĐẤT ĐỎ\tĐộc lập - Tự do - Hạnh phúc
        Số: 2419/GPXD-QLĐT\t@880 Đất Đỏ, ngày 21\t@1225 02 năm 2020
        # GIẤY PHÉP XÂY DỰNG
    """,
        "construction_permit",
    )
    assert got["issue_date"] == "2020-02-21"


def test_an_id_and_a_date_of_birth_one_lookalike_digit_apart():
    # 1982 on the date, 62 in the ID: the reading OCR was less sure of is put right, for review
    result = extract(
        [
            page_from_text("""
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 077062864406~96
        Ngày sinh / Date of birth: 02/01/1982~80
    """)
        ],
        "citizen_id_card",
        CAT,
    )
    assert result.fields["date_of_birth"]["value"] == "1962-01-02"
    assert result.fields["personal_id"]["value"] == "077062864406"
    assert {"low_confidence:date_of_birth", "low_confidence:personal_id"} <= set(result.review_reasons)
    result = extract(
        [
            page_from_text("""
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 077062864406~80
        Ngày sinh / Date of birth: 02/01/1982~96
    """)
        ],
        "citizen_id_card",
        CAT,
    )
    assert result.fields["personal_id"]["value"] == "077082864406"
    # digits OCR does not confuse (1942 / 1962): which one is wrong is not known, both flagged
    result = extract(
        [
            page_from_text("""
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 077062864406~96
        Ngày sinh / Date of birth: 02/01/1942~80
    """)
        ],
        "citizen_id_card",
        CAT,
    )
    assert result.fields["date_of_birth"]["value"] == "1942-01-02"
    assert "invalid:date_of_birth" in result.review_reasons


def test_a_year_after_a_date_head_read_run_together_is_for_review():
    # "04 08 1968" read "008 1968" on a legacy scan: the year alone is what is left of the
    # date, given for review rather than as a year of birth
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Họ và tên: PHẠM VÕ CẨM TRÂM\tGiới tính: Nữ
        Ngày, tháng, năm sinh: 008 1968 - Dân tộc: Kinh Quốc tịch: Việt Nam
    """
    result = extract([page_from_text(text)], "residence_confirmation", CAT)
    assert result.fields["date_of_birth"]["value"] == "1968"
    assert "low_confidence:date_of_birth" in result.review_reasons


def test_a_table_headings_next_cell_that_is_a_label_alone_is_no_value():
    # "Họ và tên | Số CCCD | Nơi cư trú": the heading's cells apart, the one beside "Họ và tên"
    # is the ID's heading (short, no colon), not the name; the name is in the row below
    got = _fields(
        """
        # QUYẾT ĐỊNH
        Điều 1. Chấp thuận hồ sơ đề nghị hỗ trợ nhà ở của bà có tên tại danh sách sau:
        @200 TT\t@440 Họ và tên\t@800 Số CCCD\t@1200 Nơi cư trú
        @200 1\t@310 DƯƠNG MỸ LINH\t@720 082176746047\t@1040 Số 114 đường Lý Thường Kiệt, xã An
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
    """,
        "decision",
    )
    assert got["full_name"] == "DƯƠNG MỸ LINH"
    assert got["personal_id"] == "082176746047"


def test_a_name_wrapped_to_its_columns_margin_where_ocr_read_both_columns_as_one_line():
    # "Họ, chữ đệm, tên: NGUYỄN TRỌNG Họ, chữ đệm, tên: TRẦN THỊ" one line, each name's last
    # words under its own column's label: the wife's name goes on in her column only
    got = _fields(
        """
        Số: 73/2025 Quyển số: 02
        # GIẤY CHỨNG NHẬN KẾT HÔN
        @200 CHỒNG\t@784 VỢ
        @200 Họ, chữ đệm, tên: NGUYỄN TRỌNG Họ, chữ đệm, tên: TRẦN THỊ
        @200 TÀI\t@784 TƯỜNG HÂN
        @200 Ngày sinh: 18/10/1994\t@784 Ngày sinh: 01/11/1991
    """,
        "marriage_certificate",
    )
    assert got["wife_name"] == "TRẦN THỊ TƯỜNG HÂN"


def test_a_registration_said_in_a_sentence_with_its_place_then_its_date_in_figures():
    # "Đã đăng ký kết hôn tại <place>, ngày 2 3 2016." (a fax lost the slashes), the signature's
    # date line garbled: the place, a comma and "ngày" before figures date it too
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Họ và tên chồng: HOÀNG ANH TRÍ Sinh ngày: 27/06/1986 Dân tộc: Kinh
        Họ tên vợ: ĐẶNG HẢI TÂM Sinh ngày: 14/12/1987 Dân tộc: Kinh
        Dã đăng ký Kết hôn tại Ủy ban nhân dân phường Tân Kiểng, Quận 7, Thành phố Hồ Chí
        Minh, ngày 2 3 2016.
        >> TP. Hồ Giá Minh, ngày 2 tháng 3
        >> ai .. 016
    """,
        "marriage_certificate",
    )
    assert got["registration_date"] == "2016-03-02"


def test_a_name_with_a_rules_speck_glued_before_it_in_a_parents_table():
    # "Họ, chữ đệm, tên _|TRẦN HẢI ÁNH" under "Người mẹ": the table's rule read glued to the name
    got = _fields(
        """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: BÙI TƯỜNG MY
        @700 Người mẹ\t@1400 Người cha
        @200 Họ, chữ đệm, tên _|TRẦN HẢI ÁNH\t@1400 BÙI BẢO NHÂN
        @200 Năm sinh\t@700 1978\t@1400 1980
    """,
        "birth_certificate",
    )
    assert (got["mother_name"], got["father_name"]) == ("TRẦN HẢI ÁNH", "BÙI BẢO NHÂN")


def test_a_death_dated_with_mat_ngay():
    # "Mất ngày:" (died on), as "Chết ngày:" and "Ngày mất:" are: every verb of dying with each
    # of its date words
    got = _fields(
        """
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: NGUYỄN DIỄM VÂN
        Mất ngày: 08-01-2018 Lúc: 04 giờ 11 phút
        Nơi chết: Tại nhà riêng, Số 97 đường Hùng Vương, phường Thảo Điền
    """,
        "death_certificate",
    )
    assert got["date_of_death"] == "2018-01-08"


def test_a_document_number_whose_slash_was_read_as_a_space_before_plain_initials():
    # "Số: 1085 GPXD" on a fax: initials no Vietnamese word spells are the symbol
    head = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 1085 GPXD\tTP. Hồ Chí Minh, ngày 03 tháng 02 năm 2016
        # GIẤY PHÉP XÂY DỰNG
    """
    assert _fields(head, "construction_permit")["document_number"] == "1085/GPXD"
    # a word after the number ("Số: 12 TRẦN …") is no symbol: the number alone, not 12/TRẦN
    assert _fields(head.replace("1085 GPXD", "12 TRẦN"), "construction_permit").get("document_number") != "12/TRẦN"


def test_a_decisions_stock_phrases_get_their_marks_back():
    from digitize.understand.tidy import tidy_company, tidy_subject

    assert tidy_subject("xử phạt vỉ phạm hành chính") == "xử phạt vi phạm hành chính"
    assert tidy_subject("HỖ TRỢ CHỈ PHÍ MAI TÁNG") == "HỖ TRỢ CHI PHÍ MAI TÁNG"
    assert tidy_subject("trợ cấp xã hội hãng tháng, từ tháng 5") == "trợ cấp xã hội hằng tháng, từ tháng 5"
    assert tidy_subject("cấp phép cho hãng taxi") == "cấp phép cho hãng taxi"  # not a stock phrase
    assert tidy_company("GÔNG TY TNHH THƯƠNG MẠT, DỊCH VỤ") == "CÔNG TY TNHH THƯƠNG MẠI, DỊCH VỤ"
    got = _fields(
        """
        # QUYẾT ĐỊNH
        > Về việc trợ cấp xã hội hãng tháng
    """,
        "decision",
    )
    assert got["subject"] == "trợ cấp xã hội hằng tháng"


def test_house_number_word_and_gi_misreads():
    from digitize.understand.tidy import tidy_address, tidy_name

    assert tidy_address("8ố 7 đường Trần Phú, xã Cần Giờ") == "Số 7 đường Trần Phú, xã Cần Giờ"
    assert tidy_address("Sö B1 đường Phạm Ngũ Lão") == "Số B1 đường Phạm Ngũ Lão"
    assert tidy_address("Tổ 3, 8ố 12 Lê Lợi") == "Tổ 3, Số 12 Lê Lợi"
    assert tidy_address("Số 8 đường 30/4") == "Số 8 đường 30/4"
    assert tidy_name("NGUYỄN QUANG GLANG") == "NGUYỄN QUANG GIANG"
    assert tidy_name("GLORIA NGUYỄN") == "GLORIA NGUYỄN"  # not a Vietnamese syllable: as read


def test_an_address_goes_on_where_a_line_break_cuts_a_province_name():
    got = _fields(
        """
        # GIẤY PHÉP XÂY DỰNG
        @229 + Địa chỉ công trình: Số 16 Huỳnh Tấn Phát, tổ 12, phường Phước Thắng, Thành phố Hồ
        @189 Chí Minh
        @189 + Cốt nền xây dựng công trình: +0,36 m
        @189 4. Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng kể từ ngày cấp, quá hạn thì gia hạn.
    """,
        "construction_permit",
    )
    assert got["construction_address"] == "Số 16 Huỳnh Tấn Phát, tổ 12, phường Phước Thắng, Thành phố Hồ Chí Minh"


def test_an_address_goes_on_in_the_next_cell_where_a_gap_cut_a_part():
    got = _fields(
        """
        # GIẤY PHÉP XÂY DỰNG
        @273 + Địa chỉ công trình: Số 117 đường\t@1000 Bình Giã, phường Thắng Tam, thành phố Vũng
        @232 Tàu, tỉnh Bà Rịa - Vũng Tàu
    """,
        "construction_permit",
    )
    assert (
        got["construction_address"]
        == "Số 117 đường Bình Giã, phường Thắng Tam, thành phố Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu"
    )


def test_name_words_run_together_by_ocr_are_taken_apart():
    from digitize.understand.tidy import is_syllable, tidy_name

    # a table rule read as I (or l) stuck to the front of a name word
    got = _fields(
        """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: INGUYỄN ĐÌNH NGHĨA
    """,
        "birth_certificate",
    )
    assert got["full_name"] == "NGUYỄN ĐÌNH NGHĨA"
    # two words read as one: the one cut that gives two Vietnamese syllables
    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Họ và tên / Full name: LÂM HOÀNG NHẬTTRÍ
    """,
        "citizen_id_card",
    )
    assert got["full_name"] == "LÂM HOÀNG NHẬT TRÍ"
    assert tidy_name("NGUYỄNNGỌC GIA TOÀN") == "NGUYỄN NGỌC GIA TOÀN"
    assert tidy_name("lNguyễn Văn An") == "Nguyễn Văn An"
    # words that are syllables, or foreign names (no Vietnamese letters), stay as read
    assert tidy_name("Lan Ích Khiêm") == "Lan Ích Khiêm"
    assert tidy_name("MARIAN NGUYỄN") == "MARIAN NGUYỄN"
    assert is_syllable("Nghiêm") and is_syllable("Quỳnh") and is_syllable("Thuyền")
    assert not is_syllable("NHẬTTRÍ") and not is_syllable("INGUYỄN")


def test_specks_read_as_letters_inside_an_address_are_dropped():
    from digitize.understand.tidy import tidy_address

    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Nơi thường trú / Place of residence: Số 148 đường Nguyễn Ì Thanh Đằng, xã Châu Pha,
        thị xã Phú Mỹ, tỉnh R Bà Rịa - Vũng Tàu
    """,
        "citizen_id_card",
    )
    assert (
        got["place_of_residence"]
        == "Số 148 đường Nguyễn Thanh Đằng, xã Châu Pha, thị xã Phú Mỹ, tỉnh Bà Rịa - Vũng Tàu"
    )
    assert tidy_address("xã Bình Châu, tỉnh m Bà Rịa - Vũng Tàu") == "xã Bình Châu, tỉnh Bà Rịa - Vũng Tàu"
    # a unit read twice at the start of a part, the first time wrong
    assert tidy_address("huyện Châu Đức, tin tỉnh Bà Rịa - Vũng Tàu") == "huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu"
    # letters that name or number a place stay
    assert tidy_address("Khu I Bình Minh, ấp B Long Tân, xã Long Tân") == "Khu I Bình Minh, ấp B Long Tân, xã Long Tân"


def test_a_city_unit_that_lost_its_pho_and_a_one_read_as_a_letter():
    from digitize.understand.tidy import tidy_address

    got = _fields(
        """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Nơi thường trú: Số 146/15 Quốc lộ 55, phường Tân Thuận, Thành
          Hồ Chí Minh
    """,
        "residence_confirmation",
    )
    assert got["permanent_address"] == "Số 146/15 Quốc lộ 55, phường Tân Thuận, Thành phố Hồ Chí Minh"
    assert tidy_address("phường 3, THÀNH HỒ CHÍ MINH") == "phường 3, THÀNH PHỐ HỒ CHÍ MINH"
    assert tidy_address("xã Tân Thành, Hồ Chí Minh") == "xã Tân Thành, Hồ Chí Minh"  # a place called Tân Thành
    assert (
        tidy_address("97/3 Hùng Vương, khu phố I, tổ l, xã Long Tân") == "97/3 Hùng Vương, khu phố 1, tổ 1, xã Long Tân"
    )


def test_a_speck_read_as_a_colon_does_not_end_a_value():
    # the last word of a name, at the end of the line, no label after it
    got = _fields(
        """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: PHAN VĂN TRÍ:
        Ngày, tháng, năm sinh: 12/03/2019
    """,
        "birth_certificate",
    )
    assert got["full_name"] == "PHAN VĂN TRÍ"
    # inside an address: after a place's name before the next unit, and on a unit word
    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Quê quán / Place of origin:
        xã Nghĩa Hưng: huyện: Nghĩa Hưng. tính Nam Định
    """,
        "citizen_id_card",
    )
    assert got["place_of_origin"] == "xã Nghĩa Hưng, huyện Nghĩa Hưng, tỉnh Nam Định"
    # a label that does follow still ends the value before it
    got = _fields(
        """
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Ông/Bà: NGUYỄN VĂN AN Email: an@example.com
    """,
        "receipt",
    )
    assert got["full_name"] == "NGUYỄN VĂN AN"


def test_an_id_whose_province_code_is_no_provinces_is_put_right_by_one_confusable_digit():
    result = extract(
        [
            page_from_text("""
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm và tên: NGÔ THÀNH HÙNG
        2. Ngày, tháng, năm sinh: 12/03/1991\t3. Giới tính: Nam
        4. Số định danh cá nhân: 055091690776
    """)
        ],
        "application_form",
        CAT,
    )
    # 055 is no province's code; 056 (a 6 read 5) is the one change that agrees with 1991, male
    assert result.fields["personal_id"]["value"] == "056091690776"
    assert "low_confidence:personal_id" in result.review_reasons
    # two changes would do (071: 011 or 077): which is not known, the ID stays as read
    result = extract(
        [
            page_from_text("""
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm và tên: NGÔ THÀNH HÙNG
        2. Ngày, tháng, năm sinh: 12/03/1991\t3. Giới tính: Nam
        4. Số định danh cá nhân: 071091690776
    """)
        ],
        "application_form",
        CAT,
    )
    assert result.fields["personal_id"]["value"] == "071091690776"


def test_a_value_ends_at_the_tail_of_a_label_that_lost_its_first_words():
    # "Nơi thường trú:" read as "trú:" after the value: the value ends before it, its last
    # word kept (not cut at the capitalised word before the colon)
    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Quê quán: xã Tân Phú, huyện Châu Thành, tỉnh Tiền Giang trú: 210 Nguyễn Hữu Cảnh, phường 22
    """,
        "citizen_id_card",
    )
    assert got["place_of_origin"] == "xã Tân Phú, huyện Châu Thành, tỉnh Tiền Giang"


def test_a_health_insurance_number_with_a_misread_group_letter_is_put_right_for_review():
    result = extract(
        [
            page_from_text("""
        # THẺ BẢO HIỂM Y TẾ
        Số: DH4797914123456
        Họ và tên: NGUYỄN VĂN AN
    """)
        ],
        "health_insurance_card",
        CAT,
    )
    number = result.fields["insurance_number"]
    assert number["value"] == "DN4797914123456"
    assert "low_confidence:insurance_number" in result.review_reasons


def test_an_insurance_numbers_group_letter_read_as_a_digit_is_put_right_for_review():
    # "GD" read "G0": the 0 stands for a capital (O), and GO is no group; by the letters OCR
    # confuses, O is D or C, and only GD is a group
    result = extract(
        [
            page_from_text("""
        # THẺ BẢO HIỂM Y TẾ
        Mã thẻ: G04567812340987
        Họ và tên: TRỊNH VĂN LONG
    """)
        ],
        "health_insurance_card",
        CAT,
    )
    assert result.fields["insurance_number"]["value"] == "GD4567812340987"
    assert "low_confidence:insurance_number" in result.review_reasons


def test_a_units_number_whose_comma_was_read_as_a_full_stop_is_no_numbered_item():
    # "Quận 5. Thành phố": the full stop after the district's number is its comma misread;
    # the address goes on (it was cut there, and its next line taken without it)
    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Nơi thường trú: Số 9 đường Trần Phú, phường 4. Quận 5. Thành
        phố Hồ Chí Minh
        Có giá trị đến: Không thời hạn
    """,
        "citizen_id_card",
    )
    assert got["place_of_residence"] == "Số 9 đường Trần Phú, phường 4, Quận 5, Thành phố Hồ Chí Minh"


def test_a_ranges_start_unreadable_is_not_taken_from_its_end_across_the_line_below():
    # "từ 01/01/7023": a year no look-alike puts right; the date after "đến" is the end's,
    # also when the value is looked for running on into the line below (a place's stub)
    got = _fields(
        """
        # THẺ BẢO HIỂM Y TẾ
        Họ và tên: VÕ THANH BÌNH
        Giá trị sử dụng: từ 01/01/7023 đến 31/12/2023
        Hòa Bình ngày
    """,
        "health_insurance_card",
    )
    assert "valid_from" not in got
    assert got["valid_to"] == "2023-12-31"


def test_a_bilingual_label_whose_slash_was_read_as_a_letter_is_one_label():
    # "Họ, chữ đệm và tên khai sinh ý Full name:": the "ý" is the slash between the label and
    # its English; the name is on the line below (it was taken for a value, and none found)
    got = _fields(
        """
        # CĂN CƯỚC
        Họ, chữ đệm và tên khai sinh ý Full name:
        QUÁCH MINH TRIẾT
        Giới tính 7 Sex: Nam
    """,
        "citizen_id_card",
    )
    assert got["full_name"] == "QUÁCH MINH TRIẾT"
    assert got["gender"] == "male"


def test_a_labels_english_half_garbled_without_its_colon_is_no_value():
    # "hết hạn ƒ Date gÍ": the English label's words, its colon lost; the date stands in the
    # next cell of the line
    got = _fields(
        """
        # CĂN CƯỚC
        Họ, chữ đệm và tên khai sinh / Full name: ĐINH THỊ NGÂN
        Ngày, tháng, năm sinh / Date of birth: 11-04-1990
        @200 Ngày, tháng, năm hết hạn ƒ Date gÍ	@1400 11-04-2030
    """,
        "citizen_id_card",
    )
    assert got["expiry_date"] == "2030-04-11"


def test_a_year_read_where_a_dates_day_and_month_were_lost_is_flagged():
    # "(09 1996": the day and the slashes of 17/09/1996 lost; the year is what is left of the
    # date, for review; a year printed alone is not flagged
    lost = extract(
        [
            page_from_text("""
        # THẺ BẢO HIỂM Y TẾ
        Họ và tên: LÝ GIA HUY
        Ngày, tháng, năm sinh: (09 1996 Giới tính: Nam
    """)
        ],
        "health_insurance_card",
        CAT,
    )
    assert lost.fields["date_of_birth"]["value"] == "1996"
    assert "low_confidence:date_of_birth" in lost.review_reasons
    alone = extract(
        [
            page_from_text("""
        # THẺ BẢO HIỂM Y TẾ
        Họ và tên: LÝ GIA HUY
        Năm sinh: 1996 Giới tính: Nam
    """)
        ],
        "health_insurance_card",
        CAT,
    )
    assert alone.fields["date_of_birth"]["value"] == "1996"
    assert "low_confidence:date_of_birth" not in alone.review_reasons


def test_a_label_whose_rest_ocr_garbled_up_to_its_slash_takes_the_value_in_the_next_cell():
    # "Giới 1inh./": "Giới tính /" with its t misread and its English lost; the sex stands in
    # the next cell of the line
    got = _fields(
        """
        # CĂN CƯỚC CÔNG DÂN
        Họ và tên / Full name: TRƯƠNG MỸ LINH
        @200 Giới 1inh./	@700 Nữ	@1100 Quốc tịch / Nationality: Việt Nam
    """,
        "citizen_id_card",
    )
    assert got["gender"] == "female"


def test_a_short_value_at_its_columns_left_edge_belongs_to_the_heading_it_is_nearest():
    # "Vợ" is centred over its column; the wife's short name starts at the column's left
    # edge, clear of the heading, nearer to it than to "Chồng"
    got = _fields(
        """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        @300 Thông tin\t@740 Chồng\t@1260 Vợ
        @236 Họ, chữ đệm, tên\t@547 NGUYỄN NGỌC GIA TOÀN\t@1041 LÊ VY
        @236 Ngày, tháng, năm sinh\t@547 03/09/1994\t@1043 15/09/1993
    """,
        "marriage_certificate",
    )
    assert got["husband_name"] == "NGUYỄN NGỌC GIA TOÀN"
    assert got["wife_name"] == "LÊ VY"


def test_a_registration_sentence_whose_place_wrapped_onto_the_dates_line():
    # "Đã đăng ký kết hôn tại Ủy ban nhân dân thị trấn Ngãi Giao, huyện" / "Châu Đức, tỉnh Bà
    # Rịa - Vũng Tàu, ngày 07/09/2616.": nine words of the place before ", ngày" and figures
    # (the year's 0 read as 6); the signature's date line garbled past reading
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        CHỒNG\tVỢ
        Họ, chữ đệm, tên: TẠ MINH HÙNG\tHọ và tên: -BÙI ĐẶNG THU LOAN ;
        Ngày sinh: 13/03/1987\tNgày sinh: 23/12/1985
        Đã đăng ký kết hôn tại Ủy ban nhân dân thị trấn Ngãi Giao, huyện
        Châu Đức, tỉnh Bà Rịa - Vũng Tàu, ngày 07/09/2616. '
        >> Châu Đức, ngày 97 tháng 9
        >> - „iiảm 2616 ;
    """
    got = _fields(text, "marriage_certificate")
    assert got["registration_date"] == "2016-09-07"
    # the wife's name with a speck's dash glued before it
    assert got["wife_name"] == "BÙI ĐẶNG THU LOAN"


def test_a_name_ends_before_a_label_whose_colon_a_fax_read_as_a_semicolon():
    # "Nguyễn Đức Quân Sinh ngày; 01 09 1994": "Sinh" opens the next label, not the name
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Họ tên chồng: Nguyễn Đức Quân Sinh ngày; 01 09 1994 Dân tộc: kinh
        Họ tên vợ: Mai Thùy Anh Sinh ngày: 19/08/1995 Dân tộc: Hoa
    """
    assert _fields(text, "marriage_certificate")["husband_name"] == "Nguyễn Đức Quân"


def test_a_companys_stock_phrase_whose_last_word_ocr_lost_is_whole_again():
    from digitize.understand.tidy import company_garbled, tidy_company

    # "TRÁCH NHIỆM HỮU" with HẠN lost before the trade's words: no other word ends the phrase
    got = tidy_company("CÔNG TY TRÁCH NHIỆM HỮU THỰC PHẨM THỦY SẢN HẢI ĐĂNG")
    assert got == "CÔNG TY TRÁCH NHIỆM HỮU HẠN THỰC PHẨM THỦY SẢN HẢI ĐĂNG" and not company_garbled(got)
    assert tidy_company("Công ty trách nhiệm hữu hạn Hải Đăng") == "Công ty trách nhiệm hữu hạn Hải Đăng"


def test_a_birth_year_whose_centurys_second_figure_a_fax_misread():
    # "18/05/1575": the 9 read as a 5 (no look-alikes in the table); 1975 is the one year of a
    # lifetime with the other figures as read: that year, for review
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Số: CB4777737815950
        Họ và tên: VŨ KHÁNH LAN
        Ngày sinh: 18/05/1575 Giới tính: Nữ
    """
    got = _fields(text, "health_insurance_card")
    assert got["date_of_birth"] == "1975-05-18"
