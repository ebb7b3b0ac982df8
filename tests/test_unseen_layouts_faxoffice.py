"""Classes of extraction misses on office papers (decisions, receipts, forms, residence
confirmations, permits, business registrations) scanned by fax or photocopy (issue 20): one
test each, from OCR-like text."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from digitize.understand.handwriting import DAY_SLOT, NUMBER_SLOT, find_fill_ins
from tests.extraction_support import field_values as _fields
from tests.pagetext import L, inked_image, page_from_lines, page_from_text

CAT = load_catalogue(home="/nonexistent")


def _slots(text: str, slot: str, **kw) -> list:
    """The fill-in slots of kind ``slot`` on one page of ``text``, drawn in ink."""
    page = page_from_text(text, **kw)
    return [f for f in find_fill_ins(page, inked_image(page)) if f.slot == slot]


def test_a_company_name_ends_before_a_label_whose_colon_a_fax_read_as_a_semicolon():
    # the name fills its line under its label; the next line is another label ("Tên giao
    # dịch", in no catalogue) whose colon the fax turned into ";": not the name going on
    text = """
        GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
        Mã số doanh nghiệp: 3522921304
        1. Tên công ty viết bằng tiếng Việt:
        CÔNG TY CỔ PHẦN THƯƠNG MẠI DỊCH VỤ THỰC PHẨM VÀ ĐỒ UỐNG THÀNH CÔNG PHÁT
        Tên giao dịch; THANHCONG PHAT FOOD AND BEVERAGE JOINT STOCK COMPANY
        2. Địa chỉ trụ sở chính: ấp Tân Trung, xã Phước Tỉnh, huyện Long Điền
    """
    fields = _fields("business_registration", text)
    assert fields["company_name"] == "CÔNG TY CỔ PHẦN THƯƠNG MẠI DỊCH VỤ THỰC PHẨM VÀ ĐỒ UỐNG THÀNH CÔNG PHÁT"


def test_an_address_line_ending_in_a_districts_first_word_is_no_province():
    # the line wraps after "quận Bình", one letter from "Quảng Bình": a part that opens with a
    # district's unit word names no province, so the address goes on to the next line
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        1. Họ, chữ đệm và tên: Trần Hồng Diệp
        9. Nơi thường trú: Số 42 đường Nguyễn Văn Cừ, phường 3, quận Bình
        Thạnh, Thành phố Hồ Chí Minh
        10. Nơi tạm trú: Không
    """
    fields = _fields("residence_confirmation", text, font=64)
    assert fields["permanent_address"] == "Số 42 đường Nguyễn Văn Cừ, phường 3, quận Bình Thạnh, Thành phố Hồ Chí Minh"


def test_a_districts_name_whose_syllable_a_fax_split_at_a_space():
    # "Thạ nh": "nh" is no syllable, and "Bình Thạnh" is a district's name (the gazetteer)
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        1. Họ, chữ đệm và tên: Trần Hồng Diệp
        9. Nơi thường trú: Số 42 đường Nguyễn Văn Cừ, phường 3, quận Bình Thạ nh, Thành phố Hồ Chí Minh
        10. Nơi tạm trú: Không
    """
    fields = _fields("residence_confirmation", text)
    assert fields["permanent_address"] == "Số 42 đường Nguyễn Văn Cừ, phường 3, quận Bình Thạnh, Thành phố Hồ Chí Minh"


def test_a_house_number_in_an_alley_whose_slash_a_fax_read_as_a_space():
    # "149 39 đường …": two numbers in a row before the street's word are an alley's 149/39
    text = """
        # GIẤY PHÉP XÂY DỰNG
        Số: 543/GPXD
        Được phép xây dựng nhà ở riêng lẻ tại thửa đất số 408, tờ bản đồ số 55.
        Địa điểm xây dựng: 149 39 đường Trần Hưng Đạo, phường Xuân Hòa, Thành phố Hồ Chí Minh.
    """
    fields = _fields("construction_permit", text)
    assert fields["construction_address"] == "149/39 đường Trần Hưng Đạo, phường Xuân Hòa, Thành phố Hồ Chí Minh"


def test_a_label_then_a_house_numbers_so_is_no_table_heading():
    # "thường trú tại Số 19.4 đường …": the label, then its value opening with a house's "Số"
    # (a label's word too, with its number after it: no heading row); the alley's slash read
    # as a stop
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Công an phường Tân Hải xác nhận ông (bà) Nguyễn Hoàng An, sinh ngày
        16 tháng 5 năm 1994, số định danh cá nhân 077094296103, hiện có nơi
        thường trú tại Số 19.4 đường Lê Quang Định, phường Tân Hải, thị xã Phú Mỹ,
        tỉnh Bà Rịa - Vũng Tàu.
        Giới tính: Nam
    """
    fields = _fields("residence_confirmation", text)
    assert (
        fields["permanent_address"]
        == "Số 19/4 đường Lê Quang Định, phường Tân Hải, thị xã Phú Mỹ, tỉnh Bà Rịa - Vũng Tàu"
    )


def test_an_address_line_broken_inside_a_communes_name():
    # "xã Xuyên" / "Mộc, Thành phố …": "Xuyên Mộc" is a commune's name and "Xuyên" none, so the
    # break is inside the name (a space), not between two parts (a comma)
    text = """
        # GIẤY PHÉP XÂY DỰNG
        Số: 2161/GPXD
        - Địa điểm xây dựng: Số 203 đường Nam Kỳ Khởi Nghĩa, xã Xuyên
        Mộc, Thành phố Hồ Chí Minh
        Nội dung cấp phép:
        Giấy phép có hiệu lực khởi công trong thời hạn 12 tháng kể từ ngày cấp; quá thời hạn trên
    """
    fields = _fields("construction_permit", text)
    assert fields["construction_address"] == "Số 203 đường Nam Kỳ Khởi Nghĩa, xã Xuyên Mộc, Thành phố Hồ Chí Minh"


def test_a_name_wrapped_in_prose_under_a_fax_header_wider_than_the_text():
    # the fax's transmission line, in small type, starts left of the text block: the
    # paragraph's indented first line still ends in the name's first word, the rest wrapped
    lines = [
        L("03/05/2018 16:28 FROM: TRUNG TAM PHUC VU HANH CHINH CONG P.001/001", size=0.55, x=60),
        L("GIẤY BIÊN NHẬN HỒ SƠ", "center", 1.4),
        L("Mã hồ sơ: 000.31.38.H02-180413-0024"),
        L("Trung tâm Phục vụ hành chính công tỉnh Bà Rịa - Vũng Tàu đã nhận hồ sơ của ông LÊ", indent=8),
        L("QUANG CÔNG VŨ, số định danh cá nhân 077070997771, địa chỉ: ấp Láng Cát, xã Long Mỹ."),
        L("Ngày tiếp nhận: 13/04/2018 lúc 09 giờ 30"),
    ]
    result = extract([page_from_lines(lines)], "receipt", CAT)
    assert result.fields["full_name"]["value"] == "LÊ QUANG CÔNG VŨ"


def test_a_name_in_a_table_cell_whose_left_rule_a_fax_read_as_a_capital():
    # the cell's rule read as a "J" glued to the family name: no name opens with two capitals
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        PHƯỜNG TÂN THUẬN\tĐộc lập - Tự do - Hạnh phúc
        Số: 1386/QĐ-UBND\tTP. Hồ Chí Minh, ngày 8 tháng 4 năm 2026
        # QUYẾT ĐỊNH
        > Về việc công nhận hòa giải viên
        Điều 1. Công nhận hòa giải viên đối với ông có tên tại danh sách sau:
        TT\tHọ và tên\tNgày sinh\tSố CCCD
        1\tJNguyễn Nhật Thanh Sơn\t14/01/1949\t042049346472
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
    """
    assert _fields("decision", text)["full_name"] == "Nguyễn Nhật Thanh Sơn"


def test_a_decisions_subject_is_not_one_quoted_in_its_preamble():
    # the fax lost the "V/v" of the subject line under the title; the "về việc" of another
    # decision quoted after "Căn cứ" is that decision's subject, not this one's
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        PHƯỜNG TÂN THUẬN\tĐộc lập - Tự do - Hạnh phúc
        Số: 1386/QĐ-UBND\tTP. Hồ Chí Minh, ngày 8 tháng 4 năm 2026
        # QUYẾT ĐỊNH
        > vcông nhận hòa giải viên
        Căn cứ Quyết định của Ủy ban nhân dân tỉnh về việc ban hành quy định phân cấp quản lý;
        Điều 1. Công nhận hòa giải viên đối với ông Nguyễn Nhật Thanh Sơn, sinh ngày 14/01/1949.
    """
    assert "subject" not in _fields("decision", text)


def test_a_printed_day_a_fax_left_ocr_unsure_of_is_no_handwritten_fill_in():
    # Tesseract read the day "16" at 76 (a fax's broken strokes); its ink stands like the
    # line's printed year: print, so the issue date stays (it was dropped as handwriting)
    text = """
        ỦY BAN NHÂN DÂN THÀNH PHỐ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        VŨNG TÀU\tĐộc lập - Tự do - Hạnh phúc
        Số 1385/2022/QĐ-UBND\tVũng Tàu, ngày 16~76 tháng 9 năm 2022
        # QUYẾT ĐỊNH
    """
    day = _slots(text, DAY_SLOT)
    assert day and not day[0].handwritten


def test_a_printed_day_ocr_read_glued_to_its_ngay_is_no_handwritten_fill_in():
    # a fax's speck between "ngày" and the day: OCR read "ngày-25" as one word, and the slot
    # after it (empty) was judged handwriting, so the permit lost its issue date
    text = """
        UBND THỊ XÃ PHÚ MỸ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 235/GPXD-UBND\tPhú Mỹ, ngày-25 tháng 1 năm 2019
        # GIẤY PHÉP XÂY DỰNG
    """
    day = _slots(text, DAY_SLOT)
    assert day and not day[0].handwritten


def test_the_number_slot_after_a_so_read_small_where_it_opens_the_line():
    # a photocopy's "Số" read "số", the hand's number garbled ("1/)/"): the head's slot all the
    # same (it opens its line), so that a number quoted in the text is not taken for it
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN LONG ĐIỀN\tĐộc lập - Tự do - Hạnh phúc
        số 1/)/~49 /2018/QĐ-UBND
        \t@1170 Long Điền, ngày 13 tháng 6 năm 2018
        # QUYẾT ĐỊNH
        Căn cứ Thông tư số 07/2021/TT-BLĐTBXH ngày 18 tháng 7 năm 2021 của Bộ Lao động;
    """
    number = _slots(text, NUMBER_SLOT)
    assert number and number[0].handwritten and number[0].after == "/2018/QĐ-UBND"
    # mid-line, "số" stays a word of the text
    assert not _slots(text.replace("số 1/)/~49", "Căn cứ số 1/)/~49"), NUMBER_SLOT)


def test_the_number_slot_after_a_so_read_with_a_danish_o_and_a_stop():
    # a photocopy's "Số:" read "sø." (its marks a stroke, its colon a stop), the hand's 800
    # read "ĐÓ": the head's slot all the same, the number flagged with its printed symbol
    from digitize.understand.textmatch import fold
    from digitize.understand.tidy import tidy_document_number

    assert fold("sø.") == "so."  # a Danish o is an o wherever text is compared
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ XUYÊN MỘC\tĐộc lập - Tự do - Hạnh phúc
        sø. ĐÓ /2o26/QĐ-UBND\tThành phố Hồ Chí Minh, ngày 06 tháng 7 năm 2026
        # QUYẾT ĐỊNH
    """
    number = _slots(text, NUMBER_SLOT)
    assert number and number[0].after == "/2o26/QĐ-UBND"
    # the symbol's year with an o for its 0
    assert tidy_document_number(number[0].after) == "/2026/QĐ-UBND"
    assert tidy_document_number("5/TTg/2021") == "5/TTg/2021"


def test_the_day_slot_of_a_place_and_date_line_wrapped_before_its_ngay():
    # "Phú Mỹ," ends the line of the number; "ngày … tháng 7 năm 2023" goes on below it, its
    # day left blank for the hand: the slot is found there too
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THỊ XÃ PHÚ MỸ\tĐộc lập - Tự do - Hạnh phúc
        Số: 1717/2023/QĐ-UBND\t@1500 Phú Mỹ,
        @1500 ngày tháng 7 năm 2023
        # QUYẾT ĐỊNH
    """
    day = _slots(text, DAY_SLOT)
    assert day and day[0].handwritten


def test_the_day_slot_of_a_date_tesseract_read_as_one_line_with_the_number_beside_it():
    # the place ("Long Điền,") ends the line above; "ngày … tháng 9 năm 2022" stands level
    # with the number, and Tesseract gave both columns as one line: the word before "ngày"
    # is the number's symbol, a column away, so the place above is the one to look at
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ PHƯỚC TỈNH\tĐộc lập - Tự do - Hạnh phúc
        \t@1500 Long Điền,
        Số: /QĐ-UBND\t@1450 ngày tháng 9 năm 2022
        # QUYẾT ĐỊNH
    """
    day = _slots(text, DAY_SLOT, merge_cells=True)
    assert day and day[0].handwritten
    # a date quoted beside other text on one line, its "ngày" close after a word, is no slot
    assert not _slots(text.replace("Số: /QĐ-UBND\t@1450 ngày", "Số: /QĐ-UBND ngày"), DAY_SLOT, merge_cells=True)


def test_a_decisions_subject_whose_v_slash_v_was_read_with_a_stroke_for_the_slash():
    # "VIv" for "V/v" under the title (a rotated scan, a photocopy): the subject is found
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THỊ TRẤN LONG HẢI\tĐộc lập - Tự do - Hạnh phúc
        Số: 2659/2024/QĐ-UBND\tLong Điền, ngày 5 tháng 1 năm 2024
        # QUYẾT ĐỊNH
        > VIv chấp thuận hồ sơ đề nghị hỗ trợ nhà ở
        ỦY BAN NHÂN DÂN THỊ TRẤN LONG HẢI
    """
    assert _fields("decision", text)["subject"] == "chấp thuận hồ sơ đề nghị hỗ trợ nhà ở"
    # the stroke stands only for a slash between letters: "Viv" is no "V/v" without its capital pattern
    from digitize.understand.textmatch import find_in_tokens, match_key

    assert find_in_tokens([match_key("VIv"), match_key("chấp")], "V/v")
    assert not find_in_tokens([match_key("Vv"), match_key("chấp")], "Về việc")


def test_a_decisions_subject_whose_ho_ngheo_a_fax_read_with_another_mark():
    # "hồ nghèo" for "hộ nghèo" (poor household): the stock phrase's marks are put back
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THỊ XÃ PHÚ MỸ\tĐộc lập - Tự do - Hạnh phúc
        Số: 1717/2023/QĐ-UBND\tPhú Mỹ, ngày 07 tháng 7 năm 2023
        # QUYẾT ĐỊNH
        > V/v cấp Giấy chứng nhận hồ nghèo năm 2023
        Điều 1. Cấp Giấy chứng nhận hộ nghèo năm 2023 cho hộ ông Nguyễn Khánh Hoa.
    """
    assert _fields("decision", text)["subject"] == "cấp Giấy chứng nhận hộ nghèo năm 2023"


def test_a_symbols_q_read_as_a_g_before_its_barred_d():
    from digitize.understand.tidy import tidy_document_number

    assert tidy_document_number("1353/2022/GĐ-UBND") == "1353/2022/QĐ-UBND"
    assert tidy_document_number("12/GD-UBND") == "12/GD-UBND"  # giáo dục: a real part


def test_a_labels_first_capital_read_as_its_look_alike_by_the_table():
    # "Tôi tên là:" faxed to "lôi tên là:" (T and I/l look alike: confusions.LETTER_FOR_LETTER):
    # the label still, not a first letter garbled past knowing
    text = """
        # ĐƠN XIN XÁC NHẬN TÌNH TRẠNG HÔN NHÂN
        Kính gửi: Ủy ban nhân dân xã Xuyên Mộc
        lôi tên là: Nguyễn Phạm Tường Hạnh\tBí danh: không có
        Nay tôi làm đơn này kính đề nghị Ủy ban nhân dân xã Xuyên Mộc xem xét.
    """
    assert _fields("application_form", text)["full_name"] == "Nguyễn Phạm Tường Hạnh"


def test_a_wide_number_slot_after_a_small_so_is_the_heads():
    # "sø" then "/QĐ-UBND" ten of its heights away (a hand's four digits left unread): still
    # the head's slot; a word in the page's right half is another column's, never the symbol
    text = """
        XÃ PHƯỚC TỈNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        @200 sø\t@640 /QĐ-UBND
        # QUYẾT ĐỊNH
    """
    number = _slots(text, NUMBER_SLOT, merge_cells=True)
    assert number and number[0].handwritten and number[0].after == "/QĐ-UBND"
    far = _slots(text.replace("@640 /QĐ-UBND", "@1300 /QĐ-UBND"), NUMBER_SLOT, merge_cells=True)
    assert not [f for f in far if f.after]


def test_a_printed_number_after_a_speck_read_as_a_quote_is_no_empty_slot():
    # a photocopy's "Số: '2153/GPXD.": the number printed, a speck before it
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN XUYÊN MỘC\tĐộc lập - Tự do - Hạnh phúc
        Số: '2153/GPXD.\t@1170 Xuyên Mộc, ngày 19 tháng 2 năm 2025
        # GIẤY PHÉP XÂY DỰNG
    """
    number = _slots(text, NUMBER_SLOT)
    assert number and not number[0].handwritten
