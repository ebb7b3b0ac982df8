"""The classes of extraction misses seen on the civil-status papers, ID and insurance cards
(issue 20), one test each, from OCR-like text: a label's "Số" or a register's number taken
for the head's handwritten number slot, a labelled date taken for the place-and-date line's
slot, two columns' row labels on one OCR line, a name wrapped after a speck before its label,
dates whose separators OCR lost, wordings of labels (an old ID card's name, a registration in
a sentence), a capital A read apart, a bilingual label's glued slash, a house number's 1s read
as I, the marks of a street's family name and of a unit at the end of a facility's name."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.dates import find_dates
from digitize.understand.extract import extract
from digitize.understand.handwriting import DAY_SLOT, NUMBER_SLOT, FillIn, find_fill_ins, settle
from tests.extraction_support import field_values as _fields
from tests.pagetext import inked_image, page_from_text

CAT = load_catalogue(home="/nonexistent")


def test_a_labels_so_is_not_the_heads_number_slot():
    # "Số định danh cá nhân", "Số thẻ:", a house's "Số 10/18" after another label: none is the
    # head's "Số: …/…" whose digits may be written by hand, so none flags the document number
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ TÂN HƯNG\tĐộc lập - Tự do - Hạnh phúc
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: LÂM VĂN PHÚC
        Số định danh cá nhân: 083052004417
        Số thẻ: 0931
        Nơi cư trú: Số 10/18 đường Trần Phú, xã Tân Hưng
    """
    page = page_from_text(text)
    slots = find_fill_ins(page, inked_image(page))
    assert not [f for f in slots if f.slot == NUMBER_SLOT and f.handwritten]


def test_a_labelled_registration_date_is_not_the_place_and_date_lines_slot():
    # a copy's place-and-date line is the day it was copied, its day unread; the registration
    # date read under its own label elsewhere stays
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ TÂN HƯNG\t@1300 Cái Nước, ngày l3 tháng 8 năm 2025
        # TRÍCH LỤC KHAI SINH
        Họ, chữ đệm, tên: LÂM GIA HÂN
        Ngày, tháng, năm sinh: 02/06/2021
        Ngày, tháng, năm đăng ký: 04/06/2021
    """
    page = page_from_text(text)
    result = extract([page], "birth_certificate", CAT)
    fields, reasons, boxes = dict(result.fields), list(result.review_reasons), dict(result.boxes)
    assert fields["registration_date"]["value"] == "2021-06-04"
    line = next(w.line for w in page.words if w.text == "l3")  # the day's slot, its ink unread
    settle(CAT.get("birth_certificate"), fields, reasons, boxes, [FillIn(DAY_SLOT, line, True)], page)
    assert fields["registration_date"]["value"] == "2021-06-04"
    assert "handwritten:registration_date" not in reasons


def test_a_row_label_said_under_each_column_heading_on_one_ocr_line():
    # OCR read the two cells under CHỒNG / VỢ as one line: each heading takes the label under it
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        @480 CHỒNG\t@1040 VỢ
        Họ và tên: Đinh Công Tráng Họ và tên: Lưu Thị Ngọc Hà
        Ngày sinh: 03/04/1990\t@900 Ngày sinh: 17/09/1992
    """
    got = _fields("marriage_certificate", text)
    assert (got["husband_name"], got["wife_name"]) == ("Đinh Công Tráng", "Lưu Thị Ngọc Hà")


def test_a_name_in_capitals_wrapped_to_the_margin_after_a_speck_before_its_label():
    # OCR read a speck of the card's portrait as a word before the label: the line's margin
    # is where its words OCR was sure of begin, and the name's last word wrapped to it
    text = """
        > CĂN CƯỚC CÔNG DÂN
        @234 Số CCCD: 077158077765
        @180 đa~40 Họ, chữ đệm và tên / Full name: VÕ THỊ THANH
        @234 NHÀN
        @234 Ngày, tháng, năm sinh / Date of birth: 24/10/1958
    """
    assert _fields("citizen_id_card", text)["full_name"] == "VÕ THỊ THANH NHÀN"


def test_a_date_whose_separator_before_the_year_ocr_lost():
    # "18-102012": the second dash of 18-10-2012 lost on a rotated card (its label glued too)
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Số thẻ: HT2797949961881
        Họ tên: LÝ THU TRANG Ngàysinh:18-102012 Giới tính: Nữ
    """
    assert _fields("health_insurance_card", text)["date_of_birth"] == "2012-10-18"


def test_an_old_identity_cards_name_under_ho_ten_khai_sinh():
    # the nine-digit card's "Họ tên khai sinh:" (its name at birth): the card holder's name
    text = """
        > CHỨNG MINH NHÂN DÂN
        > Số: 021334870
        Họ tên khai sinh: ĐOÀN MINH KHÔI
        Sinh ngày: 02-05-1981\tDân tộc: Kinh
    """
    assert _fields("citizen_id_card", text)["full_name"] == "ĐOÀN MINH KHÔI"


def test_a_registration_date_said_in_a_sentence_not_the_copys_date():
    # a copy's place-and-date line is the day it was copied; the day of registration is in
    # the sentence "Đã đăng ký khai sinh ngày … tại …"
    text = """
        UBND HUYỆN CÁI NƯỚC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        XÃ TÂN HƯNG
        Số: 88/TLKS\tCái Nước, ngày 09 tháng 11 năm 2020
        # TRÍCH LỤC KHAI SINH
        > (Bản sao)
        Họ, chữ đệm, tên: Tô Minh Khang
        Ngày sinh: 3/2/2015
        Đã đăng ký khai sinh ngày 11/02/2015 tại Ủy ban nhân dân xã Tân Hưng,
        huyện Cái Nước, tỉnh Cà Mau.
    """
    assert _fields("birth_certificate", text)["registration_date"] == "2015-02-11"


def test_a_capital_a_read_as_a_dot_and_a_backslash():
    # a degraded face's A read apart as ".\" or "\": the name and the parent's name whole
    text = """
        # TRÍCH LỤC KH\\I SINH
        Họ, chữ đệm và tên: HUỲNH THỊ L.\\N
        Ngày sinh: ngày 20 tháng 8 năm 2016
        Mẹ: PH.\\N HOÀNG THẢO\tSinh năm: 1979
    """
    got = _fields("birth_certificate", text)
    assert (got["full_name"], got["mother_name"]) == ("HUỲNH THỊ LAN", "PHAN HOÀNG THẢO")


def test_a_bilingual_label_whose_slash_ocr_glued_to_the_english_words():
    # "Quê quán /Place of origin:" is one label said twice, not a row of table headings: the
    # address under it is read whole, not cut to the heading's width
    text = """
        > CĂN CƯỚC CÔNG DÂN
        @600 Quê quán /Place of origin:
        @600 xã Tân Phú, huyện Đức Hòa, tỉnh Long An
    """
    assert _fields("citizen_id_card", text)["place_of_origin"] == "xã Tân Phú, huyện Đức Hòa, tỉnh Long An"


def test_a_date_after_the_word_ngay_whose_slashes_ocr_lost():
    text = """
        # TRÍCH LỤC KHAI SINH
        Họ, chữ đệm, tên: TÔ MINH KHANG
        Ngày sinh: 03/02/2015
        Đã đăng ký khai sinh ngày 11022015 tại Ủy ban nhân dân xã Tân Hưng.
    """
    assert _fields("birth_certificate", text)["registration_date"] == "2015-02-11"


def test_a_registers_number_and_year_before_another_label_is_print():
    # "Số: 38/2017   Quyển số: 02": the number and its year are printed; the book's label
    # after them is not the symbol of a number whose digits were left for the hand
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THỊ TRẤN TÂN TÚC\tĐộc lập - Tự do - Hạnh phúc
        Số: 38/2017 Quyển số: 02
        # GIẤY CHỨNG NHẬN KẾT HÔN
    """
    page = page_from_text(text)
    assert not [f for f in find_fill_ins(page, inked_image(page)) if f.slot == NUMBER_SLOT and f.handwritten]


def test_a_house_numbers_ones_read_as_capital_i():
    text = """
        > CHỨNG MINH NHÂN DÂN
        > Số: 022455273
        Họ tên: ĐẶNG THU HÀ
        Nơi ĐKHK thường trú: Số I7I đường Trần Hưng Đạo, phường Tân Phong, Quận 7
    """
    assert (
        _fields("citizen_id_card", text)["place_of_residence"] == "Số 171 đường Trần Hưng Đạo, phường Tân Phong, Quận 7"
    )


def test_a_house_number_without_so_whose_one_ocr_read_as_a_letter_l():
    # "2l đường …" at the start of an address (no "Số" before it), "l5/3" after a comma
    text = """
        > CHỨNG MINH NHÂN DÂN
        > Số: 022455273
        Họ tên: ĐẶNG THU HÀ
        Nơi ĐKHK thường trú: 2l đường Trương Công Định, l5/3 khu phố 2, phường Tân Phong, Quận 7
    """
    assert (
        _fields("citizen_id_card", text)["place_of_residence"]
        == "21 đường Trương Công Định, 15/3 khu phố 2, phường Tân Phong, Quận 7"
    )


def test_a_street_named_after_a_person_gets_its_family_names_marks():
    # OCR reads NGUYÊN for NGUYỄN in a street's name as in a person's
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Họ và tên: Đỗ Thanh Tùng
        Nơi thường trú: 12/4 đường Nguyên Văn Linh, phường Tân Phong, Quận 7
    """
    got = _fields("residence_confirmation", text)["permanent_address"]
    assert got == "12/4 đường Nguyễn Văn Linh, phường Tân Phong, Quận 7"


def test_a_units_marks_put_right_at_the_end_of_a_facilitys_name():
    # the district at the end of a hospital's name, its Đ read as D, as the gazetteer spells it
    text = """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: LÊ BẢO NGỌC
        Nơi sinh: Trung tâm Y tế huyện Châu Dức, tỉnh Bà Rịa - Vũng Tàu
    """
    got = _fields("birth_certificate", text)["place_of_birth"]
    assert got == "Trung tâm Y tế huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu"


def _card(birth: str, expiry: str) -> str:
    return f"""
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079188004512
        Họ và tên / Full name: PHAN THỊ MỸ LINH
        Ngày sinh / Date of birth: {birth}\tGiới tính / Sex: Nữ
        Có giá trị đến / Date of expiry: {expiry}
    """


def test_an_id_cards_expiry_misread_against_its_holders_birthday():
    # a card is valid until a birthday (25, 40, 60): "12/02/2028" for 12/07/2028 (born
    # 12/07/1988, a 40th birthday) read less surely than the date of birth is put right, for review
    fields = extract([page_from_text(_card("12/07/1988", "12/02/2028~60"))], "citizen_id_card", CAT)
    assert fields.fields["expiry_date"]["value"] == "2028-07-12"
    assert "expiry_date" in str(fields.review_reasons)
    # the date of birth read less surely: its month is the one put right
    fields = extract([page_from_text(_card("12/02/1988~60", "12/07/2028"))], "citizen_id_card", CAT)
    assert fields.fields["date_of_birth"]["value"] == "1988-07-12"
    # both read as surely: both left as read and flagged
    fields = extract([page_from_text(_card("12/07/1988", "12/02/2028"))], "citizen_id_card", CAT)
    assert fields.fields["expiry_date"]["value"] == "2028-02-12"
    assert "expiry_date" in str(fields.review_reasons) and "date_of_birth" in str(fields.review_reasons)
    # a birthday as it should be: nothing flagged for it
    fields = extract([page_from_text(_card("12/07/1988", "12/07/2028"))], "citizen_id_card", CAT)
    assert fields.fields["expiry_date"]["value"] == "2028-07-12" and "expiry_date" not in str(fields.review_reasons)


def test_a_date_of_birth_whose_figures_a_fax_garbled_is_read_from_its_words():
    # the figures lost a slash and a digit; the same date in words, after "bằng chữ", is legible
    # (its "trăm" dropped and a mark misread, as OCR does)
    text = """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: LÊ TRUNG QUANG
        Ngày, tháng, năm sinh: 06 012025 (bằng chữ: Sáu tháng bốn năm hai nghìn không hai mươi lãm)
        Giới tính: Nam\tDân tộc: Kinh
    """
    assert _fields("birth_certificate", text)["date_of_birth"] == "2025-04-06"


def test_a_name_whose_last_word_ocr_read_with_an_underline_speck_is_read_whole():
    # "YẾN_": a speck of the form's dotted line glued to the last word, another label after it
    text = """
        # TRÍCH LỤC KHAI SINH
        Họ, chữ đệm, tên: ĐỖ MINH KHANG
        Họ và tên người mẹ: TRỊNH THỊ YẾN_ Năm sinh: 1990 Dân tộc: Kinh
        Họ và tên người cha: ĐỖ VĂN_ Năm sinh: 1988
    """
    fields = _fields("birth_certificate", text)
    assert fields["mother_name"] == "TRỊNH THỊ YẾN"
    assert fields["father_name"] == "ĐỖ VĂN"


def test_a_quote_standing_alone_after_a_value_is_a_speck():
    # a speck read as an apostrophe at the end of the issuing body's line
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ BÌNH CHÂU\tĐộc lập - Tự do - Hạnh phúc
        Số: 214/QĐ-UBND\tBình Châu, ngày 05 tháng 3 năm 2024
        # QUYẾT ĐỊNH
        Về việc cấp giấy khen
        ỦY BAN NHÂN DÂN XÃ BÌNH CHÂU '
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    """
    assert _fields("decision", text)["issuer"] == "ỦY BAN NHÂN DÂN XÃ BÌNH CHÂU"


def test_a_death_said_as_its_moment_with_the_hour_before_the_day():
    # "Thời điểm chết" (the moment of death), the hour and minute before the date
    text = """
        # TRÍCH LỤC KHAI TỬ
        1. Họ, chữ đệm, tên: VƯƠNG ĐÌNH LỘC
        2. Ngày, tháng, năm sinh: 03/11/1948
        5. Thời điểm chết: 21 giờ 40 phút, ngày 09-02-2024
        6. Nơi chết: Tại nhà riêng
    """
    assert _fields("death_certificate", text)["date_of_death"] == "2024-02-09"


def test_a_districts_name_whose_first_word_ocr_read_twice():
    # "huyện Chât Châu Đức": the first word read twice, the first time wrong; a name the
    # gazetteer knows with its words as read is left alone
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Họ, chữ đệm và tên: ĐOÀN THỊ HẠNH
        Nơi thường trú: Số 14 đường Lê Lợi, xã Suối Nghệ, huyện Chât Châu Đức, tỉnh Bà Rịa - Vũng Tàu
    """
    assert (
        _fields("residence_confirmation", text)["permanent_address"]
        == "Số 14 đường Lê Lợi, xã Suối Nghệ, huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu"
    )


def test_an_address_whose_units_ocr_misread_is_put_right_from_the_gazetteer_at_any_level():
    # a district merged away since ("huyện Đất Đổ": the dataset has Đất Đỏ as a commune now),
    # a province read with two slips, a full stop after a unit's word, a road's kind misread
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Họ, chữ đệm và tên: LA THỊ MINH THƯ
        Nơi thường trú: Số 52 đường Tình lộ 52, ấp Lò Vôi, xã Phước Hội, huyện Đất Đổ, tỉnh. Hà Ra - Vùng Tàu
    """
    assert (
        _fields("residence_confirmation", text)["permanent_address"]
        == "Số 52 đường Tỉnh lộ 52, ấp Lò Vôi, xã Phước Hội, huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu"
    )


def test_a_province_two_letters_from_none_but_one_and_a_quote_pairing_nothing():
    from digitize.understand.places import province_name
    from digitize.understand.values import clean_text

    assert province_name("Hà Ra - Vùng Tàu") == "Bà Rịa - Vũng Tàu"
    assert province_name("Long Điền Vũng") is None  # no province near enough
    assert province_name("Hà Tình") == "Hà Tĩnh"
    assert clean_text("công nhận hộ nghèo năm 2021'") == "công nhận hộ nghèo năm 2021"
    assert clean_text('đặt tên đường "Hòa Bình"') == 'đặt tên đường "Hòa Bình"'  # a pair: kept


def test_a_street_named_after_a_place_gets_the_places_marks():
    # "đường Đỏ Lương": streets are named after places too (Đô Lương); a person's name the
    # gazetteer does not know is left as read
    from digitize.understand.tidy import tidy_address

    assert tidy_address("Số 219 đường Đỏ Lương, thị trấn Long Điền") == "Số 219 đường Đô Lương, thị trấn Long Điền"
    assert tidy_address("Số 7 đường Phạm Văn Bạch, phường 12") == "Số 7 đường Phạm Văn Bạch, phường 12"


def test_a_bilingual_name_label_wrapped_after_its_english_half_and_a_name_word_read_apart():
    # "… khai sinh Surname, middle name" / "and given name: …": the English half of the label
    # wraps, the Vietnamese half ends the line above; and "PH ÂN": a family name read apart
    text = """
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        # CĂN CƯỚC
        Số định danh cá nhân Personal identification number:
        052190003417
        Họ, chữ đệm và tên khai sinh Surname, middle name
        and given name: PH ÂN THANH TÙNG
        Ngày, tháng, năm sinh Date of birth: 14/05/1990
    """
    assert _fields("citizen_id_card", text)["full_name"] == "PHAN THANH TÙNG"
    from digitize.understand.tidy import tidy_name

    assert tidy_name("NGL N HOÀNG MỸ") == "NGL N HOÀNG MỸ"  # "N HOÀNG" spells no name word: as read


def test_an_id_whose_first_zero_ocr_read_as_a_six_beside_another_persons_id_is_put_right():
    # two holders, each with an ID: the first's province code "637" is no province's (a 0
    # read as 6); put right from its structure alone, for review, not lost to the second's
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        I. Người sử dụng đất
        Ông: HÀ VĂN KHẢI Sinh năm: 1958
        Số định danh cá nhân: 640058001276
        Và vợ Bà: TÔ THỊ NGÂN Sinh năm: 1961
        Số định danh cá nhân: 040161003388
    """
    page = page_from_text(text)
    result = extract([page], "land_use_certificate", CAT)
    assert result.fields["personal_id"]["value"] == "040058001276"
    assert "low_confidence:personal_id" in result.review_reasons


def test_a_speck_before_the_year_word_and_a_street_name_near_a_label():
    # "tháng 9 'năm 1967": a speck read as a quote before "năm"; "đường Nguyễn An Ninh" is a
    # street's name, not "Nguyên quán" (place of origin) the card does not print
    text = """
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm và tên khai sinh: LÝ VĂN HẬU
        3. Ngày, tháng, năm sinh: ngày 4 tháng 11 'năm 1972 4. Giới tính: Nam
    """
    assert _fields("application_form", text)["date_of_birth"] == "1972-11-04"
    card = """
        # CĂN CƯỚC
        Họ, chữ đệm và tên khai sinh / Surname, middle name and given name: ĐÀO MINH THƯ
        Nơi cư trú / Place of residence: Số 45 đường Nguyễn An Ninh, phường 12, Quận 3, Thành phố Hồ Chí Minh
    """
    assert "place_of_origin" not in _fields("citizen_id_card", card)


def test_an_address_label_in_a_column_beside_the_expirys_label_and_date():
    # "Có giá trị đến:" | "Nơi thường trú / Place of residence:", each label's value under it:
    # the expiry's English label and its date open the lines of the address, left of its label
    text = """
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 045189002371
        Họ và tên / Full name: ĐINH THU HÀ
        Ngày sinh / Date of birth: 14/09/1989
        @200 Có giá trị đến:\t@XX Nơi thường trú / Place of residence:
        @200 Date of expiry\t@XX Số 27 đường Trần Phú, phường 4,
        @200 14/09/2029\t@XX Quận 5, Thành phố Hồ Chí Minh
    """
    for x, merge in ((640, False), (640, True), (500, True)):  # (the columns far apart or close)
        fields = _fields("citizen_id_card", text.replace("XX", str(x)), merge_cells=merge)
        assert fields["place_of_residence"] == "Số 27 đường Trần Phú, phường 4, Quận 5, Thành phố Hồ Chí Minh"
        assert fields["expiry_date"] == "2029-09-14"


def test_a_persons_own_id_misread_is_not_taken_from_the_household_tables_column():
    # the person's own "Số định danh cá nhân:" read with a digit too many (no valid ID), and the
    # same label heading the household table's column: the first member's ID is not hers
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Họ và tên: VŨ THỊ NGỌC LAN\tGiới tính: Nữ
        Ngày sinh: 02/11/1971
        Số định danh cá nhân: 0361710482957
        Thường trú tại: Số 12 đường Lý Thường Kiệt, phường 7, Quận 10, Thành phố Hồ Chí Minh
        Các thành viên khác trong hộ:
        TT\tHọ, chữ đệm và tên\tNgày sinh\tSố định danh\tQuan hệ
        1\tĐỗ Văn Tài\t15/06/1968\t036068012345\tChồng
    """
    fields = extract([page_from_text(text, merge_cells=True)], "residence_confirmation", CAT)
    assert fields.fields["personal_id"]["value"] != "036068012345"
    assert "personal_id" in str(fields.review_reasons)


def test_the_person_confirmed_in_prose_is_not_the_household_tables_first_member():
    # "… xác nhận ông …, sinh ngày …, số định danh cá nhân …" in a sentence, then the table of
    # the household's other members under the same words as column headings
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Công an phường Tân Mai xác nhận ông LÂM QUỐC HƯNG, sinh ngày 07/03/1969, số định danh
        cá nhân 075069013572, hiện có nơi thường trú tại Số 5 đường Hoa Mai, phường Tân Mai.
        Các thành viên khác trong hộ:
        TT\tHọ, chữ đệm và tên\tNgày, tháng, năm sinh\tSố định danh cá nhân\tQuan hệ
        1\tTrịnh Thị Hoa\t21/12/1972\t075172004821\tVợ
    """
    fields = extract([page_from_text(text, merge_cells=True)], "residence_confirmation", CAT)
    values = {k: v["value"] for k, v in fields.fields.items()}
    assert values["date_of_birth"] == "1969-03-07"
    assert values["personal_id"] == "075069013572"
    assert values.get("full_name") != "Trịnh Thị Hoa"


def test_a_name_whose_last_word_ocr_read_with_a_colon_is_no_labels_ending():
    # "Thư:" shares its letters with the last word of a label ("… lần thứ:") but is capitalised
    # and marked otherwise: the name's last word with a speck read as a colon, kept in the name
    text = """
        UBND PHƯỜNG AN KHÁNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        BỘ PHẬN TIẾP NHẬN\tĐộc lập - Tự do - Hạnh phúc
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Mã hồ sơ: 000.12.34.H29-220415-0007
        Họ và tên: Đinh Bảo Thư:
        Số CCCD: 079201004512
        Địa chỉ: Số 5 đường Lý Thường Kiệt, phường An Khánh
    """
    assert _fields("receipt", text)["full_name"] == "Đinh Bảo Thư"


def test_a_date_whose_slash_between_day_and_month_ocr_lost():
    # "0911.2019": day and month run together, the dot before the year kept; a slash there would
    # make it a document number ("Số 0911/2019") and is no date
    text = """
        UBND PHƯỜNG AN KHÁNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        BỘ PHẬN TIẾP NHẬN\tĐộc lập - Tự do - Hạnh phúc
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Mã hồ sơ: 000.12.34.H29-191104-0021
        Họ và tên: Đinh Bảo Ngọc
        Ngày nhận hồ sơ: 04/11/2019
        Hẹn trả kết quả vào ngày: 0911.2019
    """
    assert _fields("receipt", text)["due_date"] == "2019-11-09"
    assert [h.iso for h in find_dates("Số 0911/2019")] == []


def test_a_registration_date_one_misread_digit_from_the_place_and_date_lines_is_flagged():
    # the registration's day read "18" under its label and "10" on the line above the signature:
    # one of the two is misread (8 for 0) and which is not known, so the date is for review;
    # a later day there (a copy made years after) is another fact and flags nothing
    def reasons(signed: str) -> list[str]:
        text = f"""
            UBND HUYỆN KỲ ANH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            ỦY BAN NHÂN DÂN XÃ KỲ PHONG\tĐộc lập - Tự do - Hạnh phúc
            Số: 41/2018
            # GIẤY CHỨNG NHẬN KẾT HÔN
            Họ, chữ đệm, tên chồng: Lê Văn Khải
            Họ, chữ đệm, tên vợ: Hồ Thị Mai
            Ngày, tháng, năm đăng ký: ngày 18 tháng 5 năm 2018
            \tKỳ Phong, {signed}
        """
        result = extract([page_from_text(text)], "marriage_certificate", CAT)
        assert result.fields["registration_date"]["value"] == "2018-05-18"
        return list(result.review_reasons)

    assert "low_confidence:registration_date" in reasons("ngày 10 tháng 5 năm 2018")
    assert "low_confidence:registration_date" not in reasons("ngày 18 tháng 5 năm 2018")
    assert "low_confidence:registration_date" not in reasons("ngày 02 tháng 3 năm 2021")


def test_a_labels_colon_read_as_a_semicolon_before_its_value():
    # "Thường trú tại; Số 73/17 …": the house's "Số" after it is no label ending the value
    text = """
        # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Ông (bà): KHỔNG VĂN LỢI
        Thường trú tại; Số 41/9 đường Võ Văn Kiệt, xã Long Hải
        Nơi ở hiện tại; Như trên
    """
    assert _fields("residence_confirmation", text)["permanent_address"] == "Số 41/9 đường Võ Văn Kiệt, xã Long Hải"


def test_a_spouse_named_in_the_same_sentence_bounds_the_holders_facts():
    # the holder's ID unreadable; the ID after "và chồng …" is the husband's, not hers
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        1. Người sử dụng đất:
        Hộ bà: Lâm Thị Ngọc Hà, sinh năm 1975, CCCD số 07717-H7528; và chồng Đỗ
        Minh Quân, sinh năm 1971, CCCD số 077071004562; địa chỉ thường trú: Số 8 đường Lê Lợi
    """
    fields = _fields("land_use_certificate", text)
    assert fields["full_name"] == "Lâm Thị Ngọc Hà"
    assert "personal_id" not in fields


def test_names_wrapped_in_both_columns_of_a_two_column_certificate():
    # each spouse's name in capitals wraps in its own column; the other column's wrapped words
    # share the line, and are the other name's
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        @686 CHỒNG\t@1733 VỢ
        @300 Họ và tên: HÀ TUẤN THANH\t@1287 Họ và tên: NGUYỄN PHƯƠNG
        @300 THÀNH\t@1287 DIỄM NHUNG
        @300 Ngày sinh: 17.08.1982\t@1287 Ngày sinh: 09.12.1984
        @300 Dân tộc: Kinh\t@1287 Dân tộc: Kinh
    """
    fields = _fields("marriage_certificate", text)
    assert fields["husband_name"] == "HÀ TUẤN THANH THÀNH"
    assert fields["wife_name"] == "NGUYỄN PHƯƠNG DIỄM NHUNG"
