"""The classes of extraction misses seen on civil-status papers, ID and insurance cards sent
by fax or photocopied (issue 20), one test each, from OCR-like text."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from tests.extraction_support import field_values as _fields
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")


def test_a_labels_abbreviation_with_one_capital_read_for_another():
    # "CCCD số:" read "COCD số:" (an O for a C, as the confusion table has it) is still the
    # ID's label, not the "Số:" inside it
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ và tên người chết: PHẠM THÙY HOÀNG TÂM
        Ngày, tháng, năm sinh: 08/07/1982
        Giấy tờ tùy thân: COCD số: 056182820622
        Nơi cư trú cuối cùng: Số 88 đường Đô Lương, thị trấn Tân Túc
    """
    assert _fields("death_certificate", text)["personal_id"] == "056182820622"


def test_a_serials_capital_read_in_lower_case():
    # "cQ 354460" alone on its line: a C read small is still the serial CQ 354460; two small
    # letters ("so 354460") are a word, not a serial
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        1. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất
        Bà: TRẦN BẢO HUỆ Sinh năm: 1980
        Địa chỉ thường trú: Số 26 đường Nguyễn Thanh Đằng, xã Hòa Hiệp

        cQ 354460
        Số vào sổ cấp GCN: CS 13471
    """
    assert _fields("land_use_certificate", text)["certificate_serial"] == "CQ 354460"
    assert "certificate_serial" not in _fields("land_use_certificate", text.replace("cQ 354460", "so 354460"))


def test_a_name_in_capitals_below_its_label_with_a_speck_read_as_a_colon():
    # "LÊ XUÂN SƠN:" on the line under "Full name:" is the name, not a label of its own
    text = """
        # CĂN CƯỚC
        Số định danh cá nhân / Personal identification number:
        079081590947
        Họ, chữ đệm và tên khai sinh / Full name:
        LÊ XUÂN SƠN:

        Ngày, tháng, năm sinh / Date of birth: 12/07/1981
    """
    assert _fields("citizen_id_card", text)["full_name"] == "LÊ XUÂN SƠN"


def test_a_label_made_of_two_wordings_sharing_a_word():
    # "Hộ ông (bà):" is "Hộ ông" run into "Bà:": the value follows the colon on the line, not
    # in the rows under the words as under a table's heading (there a place, "Vũng Tàu")
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        1. Người sử dụng đất:
          Hộ ông (bà): TRẦN NGUYỄN MINH BẢO, sinh năm 1994, CCCD số 077094488565;
        và vợ ĐĂNG THU THẢO, sinh năm 1995, CCCD số 077195931337; địa chỉ thường trú:
        Số 68/11 đường Cách Mạng Tháng Tám, xã Hòa Bình, huyện Xuyên Mộc, tỉnh Bà Rịa -
        Vũng Tàu.
    """
    got = _fields("land_use_certificate", text)
    assert (got["full_name"], got["personal_id"]) == ("TRẦN NGUYỄN MINH BẢO", "077094488565")


def test_a_headings_unit_on_the_line_below_is_not_the_area():
    # "Diện tích" over "(m2)" over "487": the 2 is the unit's power, the area is in the row below
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        II. Thửa đất, nhà ở và tài sản khác gắn liền với đất
        @356 Thửa đất\t@696 Tờ bản\t@1003 Diện tích Mục đích sử dụng Thời hạn sử
        @461 số\t@729 đồ số\t@1074 (m2)\t@2000 dụng
        @443 470\t@773 70\t@1087 487\t@1391 Đất ở tại nông\t@1969 Lâu dài
        Địa chỉ thửa đất: Tổ 11, ấp 3, xã Nghĩa Thành, huyện Châu Đức
    """
    assert _fields("land_use_certificate", text)["area_m2"] == "487"


def test_a_date_in_words_going_on_past_a_gap_taken_for_a_column():
    # the figures garbled ("06 012025"), the words legible but cut by a wide gap OCR took for
    # a column's edge: the words go on in the next cell of the line
    text = """
        # GIẤY KHAI SINH
        Họ tên: LÊ TRUNG QUANG
        @175 Ngày sinh: 06 012025 (bằng chữ: Sáu tháng bốn năm hai nghìn không\t@1480 hai mươi lăm)
        Giới tính: Nam
    """
    assert _fields("birth_certificate", text)["date_of_birth"] == "2025-04-06"


def test_a_place_date_lines_year_glued_to_its_misread_word_on_the_line_below():
    # "ngày 14 tháng 4" / "hăm.2025": the date wrapped, its "năm" read "hăm" and glued to the year
    text = """
        # GIẤY KHAI SINH
        Họ tên: LÊ TRUNG QUANG
        Ngày sinh: 06/04/2025
        Đã đăng KÝ Khai sinh ngày 142012025 tại Ủy ban nhân dân xã Bình Khánh, huyện Cần Giờ,
        Thành phố Hồ Chí Minh.

        @1088 ngày 14 tháng 4
        @1061 hăm.2025
        @1048 NGƯỜI KÝ GIẤY KHAI SINH
    """
    assert _fields("birth_certificate", text)["registration_date"] == "2025-04-14"


def test_a_row_label_wrapped_in_a_narrow_first_column_under_column_headings():
    # "Họ, chữ đệm," / "tên" in the first column, the names under "Người mẹ" / "Người cha"
    text = """
        # GIẤY KHAI SINH
        Ngày, tháng, năm sinh: 01/04/2019
        @900 Người mẹ\t@1700 Người cha
        @250 Họ, chữ đệm,\t@700 NGUYỄN KIM MY\t@1500 HUỲNH DUY TOÀN
        @250 tên
        @250 Năm sinh\t@700 1983\t@1500 1991
    """
    got = _fields("birth_certificate", text)
    assert (got["mother_name"], got["father_name"]) == ("NGUYỄN KIM MY", "HUỲNH DUY TOÀN")


def test_a_gender_word_read_as_either_is_no_reading():
    # "Nưn" may be Nữ with a letter more or Nam with two letters misread: not said for sure
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Mã số: CN5797916149075
        Họ và tên: HUỲNH HỮU KHOA
        Ngày sinh: 21/06/1993\tGiới tính: {}
    """
    assert "gender" not in _fields("health_insurance_card", text.format("Nưn"))
    assert _fields("health_insurance_card", text.format("Nữ"))["gender"] == "female"


def test_an_address_line_ending_in_a_full_stop_before_a_unit_on_the_next():
    # the comma between two parts read as a full stop where the line wraps: still two parts
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Họ và tên / Full name: PHAN CẨM HOA
        Nơi thường trú / Place of residence:
        Số 45 đường Quốc lộ 51. khu phố Hải Thượng Lãn Ông. phường l. thành phố Vũng Tàu.
        tình Bà Rịa - Vũng Tàu
        Có giá trị đến: 25/11/2027
    """
    assert _fields("citizen_id_card", text)["place_of_residence"] == (
        "Số 45 đường Quốc lộ 51, khu phố Hải Thượng Lãn Ông, phường 1, thành phố Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu"
    )


def test_a_house_numbers_slash_read_as_a_colon():
    # "73:14 đường …": no time in an address; the number keeps its slash
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Họ và tên / Full name: HOÀNG NGỌC OANH
        Nơi thường trú / Place of residence: 73:14 đường Nam Kỳ Khởi Nghĩa, phường Tăng Nhơn Phú A
        Có giá trị đến: 03/03/2038
    """
    assert _fields("citizen_id_card", text)["place_of_residence"].startswith("73/14 đường Nam Kỳ Khởi Nghĩa")


def test_a_death_certificates_id_said_card_first():
    # "Căn cước công dân số 0941…" (the card's name, then "số"): the dead person's ID, not the
    # declarant's "CCCD số" further down
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ tên: NGUYỄN HOÀNG HẢI DIỄM\tGiới tính: Nữ
        Ngày, tháng, năm sinh: ngày 12 tháng 3 năm 1968
        Giấy tờ tùy thân: Căn cước công dân số 094168367694
        Ngày chết: 28-02-2020
        Người đi khai tử: Bùi Lê Mỹ Quyên
        Giấy tờ tùy thân của người đi khai tử: CCCD số 077196202721
    """
    assert _fields("death_certificate", text)["personal_id"] == "094168367694"


def test_the_date_an_id_card_was_issued_is_not_the_documents():
    # "…, cấp ngày 24/10/2017" right after the card's number is the card's date: without the
    # certificate's own place-and-date line, no issue date rather than the card's
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ tên: NGUYỄN HOÀNG HẢI DIỄM\tGiới tính: Nữ
        Ngày, tháng, năm sinh: ngày 12 tháng 3 năm 1968
        Giấy tờ tùy thân: Căn cước công dân số 094168367694, cấp ngày 24/10/2017
        Ngày chết: 28-02-2020
    """
    assert "issue_date" not in _fields("death_certificate", text)


def test_a_bilingual_labels_english_half_garbled_after_its_slash():
    # "Nơi thường trú ¿ Phice oÝ resklerke: …": the words up to the colon are the label's
    # English half, not the start of the address
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Họ và tên - Full name: NGUYỄN HỒNG HIỀN
        Nơi thường trú ¿ Phice oÝ resklerke: Số 104/16 Huỳnh Tấn Phát, phường Hắc Dịch, thị xã Phú Mỹ
        Có giá trị đến: 15-09-2036
    """
    assert _fields("citizen_id_card", text)["place_of_residence"].startswith("Số 104/16 Huỳnh Tấn Phát")


def test_a_death_said_with_hoi():
    # "Đã từ trần hồi 07 giờ 49 phút ngày 12 tháng 3 năm 2021": a wording of the date of death
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ và tên người chết: NGUYỄN KIM QUYÊN\tGiới tính: Nữ
        Đã từ trần hồi 07 giờ 49 phút ngày 12 tháng 3 năm 2021
        Nơi chết: Tại nhà riêng, Số 202 đường Hùng Vương, phường Phú Mỹ, Quận 7
    """
    assert _fields("death_certificate", text)["date_of_death"] == "2021-03-12"


def test_an_id_read_a_digit_short_made_whole_by_the_zones_document_number():
    # the printed ID lost a digit ("07907065743"); the zone's document number (its check digit
    # agrees) is the ID without its province code: 079 + 070657431
    text = """
        # CĂN CƯỚC
        Số định danh cá nhân / Personal identification number:
        07907065743
        Họ, chữ đệm và tên khai sinh / Full name:
        NGUYỄN QUỐC HUY
        Ngày, tháng, năm sinh / Date of birth: 30-09-1970
        Giới tính / Sex: Nam
        IDVNN0706574313879870657431<<5
    """
    assert _fields("citizen_id_card", text)["personal_id"] == "079070657431"


def test_a_name_cut_at_its_lines_end_is_not_another_person():
    # "Full name: NGUYỄN HOÀNG." / "PHONG" (a speck of the picture before the label): read whole
    # under one label and cut under the other, the name is one person's, whose date of birth
    # and sex stay
    text = """
        # CĂN CƯỚC CÔNG DÂN
        CCCD: 026072264912
        @80 œ	@169 ¡ Họ, chữ đệm và tên / Full name: NGUYỄN HOÀNG.
        @230 PHONG
        Ngày sinh; 28-03-1972\tGiới tính: Nam\tQuốc tịch: Việt Nam
        Quê quán: xã Hưng Nguyên, huyện Hưng Nguyên, tỉnh Nghệ An
    """
    got = _fields("citizen_id_card", text)
    assert (got["full_name"], got["date_of_birth"], got["gender"]) == ("NGUYỄN HOÀNG PHONG", "1972-03-28", "male")


def test_a_units_name_whose_first_letters_ocr_lost():
    # "huyện Châu ức" in Bà Rịa - Vũng Tàu: one district there ends so (Châu Đức); with no
    # province read, nothing to go by
    from digitize.understand.tidy import tidy_address

    assert (
        tidy_address("Tổ 4, ấp Láng Cát, xã Suối Nghệ, huyện Châu ức, tỉnh Bà Rịa - Vũng Tàu")
        == "Tổ 4, ấp Láng Cát, xã Suối Nghệ, huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu"
    )
    assert tidy_address("xã Tiên Lãng, huyện Tiên ng, thành phố Hải Phòng").endswith(
        "huyện Tiên Lãng, thành phố Hải Phòng"
    )
    assert tidy_address("xã Suối Nghệ, huyện Châu ức") == "xã Suối Nghệ, huyện Châu ức"


def test_the_zones_dates_with_a_digit_misread_each_put_right_by_its_check_digit():
    # "7283291M3283293VNM": a 0 read 8 in both dates; one change makes each check digit agree,
    # and both then fall on 29 March (a card expires on a birthday): the zone's dates stand
    text = """
        # CĂN CƯỚC CÔNG DÂN
        CCCD: 026072264912
        Họ, chữ đệm và tên / Full name: NGUYỄN HOÀNG PHONG
        Ngày sinh: 28-03-1972\tGiới tính: Nam
        IDVNM0722649127026872264912<<3
        7283291M3283293VNM<<<<<<<<<<<9
        NGUYEN<<HOANG<PHONG<<<<<<<<<<<
    """
    got = _fields("citizen_id_card", text)
    assert (got["date_of_birth"], got["expiry_date"]) == ("1972-03-29", "2032-03-29")


def test_an_address_going_on_past_a_gap_into_a_cell_that_opens_a_unit():
    # "Sinh tại: Bệnh viện Từ" | "Thành phố Hồ Chí Minh": a word and its comma lost in the gap
    # OCR took for a column; the place goes on in the next part
    text = """
        # GIẤY KHAI SINH
        Họ và tên: PHẠM HUYỀN ĐÀO
        @206 Sinh tại: Bệnh viện Từ\t@760 Thành phố Hồ Chí Minh
        Quê quán: xã Vũ Thứ, huyện Vũ Thư, tỉnh Thái Bình
    """
    assert _fields("birth_certificate", text)["place_of_birth"] == "Bệnh viện Từ, Thành phố Hồ Chí Minh"


def test_a_date_that_cannot_be_yet_takes_its_other_reading_one_digit_off():
    # the place-and-date line's year read "2035" (a 2 for a 3); the registration's label gives
    # the same day in 2025: that reading, flagged, not a date still to come
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ và tên người chết: NGUYỄN KIM QUYÊN\tGiới tính: Nữ
        Đã từ trần hồi 07 giờ 02 phút ngày 07-08-2025
        Ngày, tháng, năm đăng ký: 08/08/2025
        >> TP. Hồ Chí Minh, ngày 08 tháng 8
        >> năm 2035
    """
    result = extract([page_from_text(text)], "death_certificate", CAT)
    assert result.fields["issue_date"]["value"] == "2025-08-08"
    assert "low_confidence:issue_date" in result.review_reasons


def test_a_birth_year_no_one_alive_has_takes_the_one_century_a_digit_gives():
    # a fax closed the loop of the 9 in 1980: "1880" makes a card holder 146 years old; one
    # digit OCR confuses (8/9) gives the one possible year, for review
    text = """
        # GIẤY CHỨNG MINH NHÂN DÂN
        Số: 277799233
        Họ tên: NGUYỄN TẤN TOÀN
        Sinh ngày: 22-04-1880
        Nguyên quán: xã Bình Ba, huyện Châu Đức
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    assert result.fields["date_of_birth"]["value"] == "1980-04-22"
    assert "low_confidence:date_of_birth" in result.review_reasons
    # a year that several digits put in a lifetime (1907, 1961, 1981, 1991) is flagged, not guessed
    result = extract([page_from_text(text.replace("1880", "1901"))], "citizen_id_card", CAT)
    assert "invalid:date_of_birth" in result.review_reasons


def test_an_address_that_has_named_no_unit_goes_on_past_a_label_in_the_column_to_its_left():
    # the card's residence wraps inside its street's name ("đường Cách" / "Mạng Tháng Tám, …")
    # on a row whose left column holds the expiry's label: a house and a street are no whole
    # address, so the aligned line under it goes on, the street's words joined by a space
    text = """
        # CĂN CƯỚC CÔNG DÂN
        @745 Họ, chữ đệm và tên / Full name: HUỲNH DIỄM NGA
        @745 Nơi thường trú / Place of residence: Số 110 đường Cách
        @300 Có giá trị đến:\t@745 Mạng Tháng Tám, khu phố 2, phường 9, thành phố Vũng
        @300 25-08-2026\t@745 Tàu, tỉnh Bà Rịa - Vũng Tàu
        @745 Đặc điểm nhận dạng: Nốt ruồi cách 2 cm dưới sau cánh mũi phải
    """
    fields = _fields("citizen_id_card", text)
    assert fields["place_of_residence"] == (
        "Số 110 đường Cách Mạng Tháng Tám, khu phố 2, phường 9, thành phố Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu"
    )
    assert fields["expiry_date"] == "2026-08-25"


def test_the_date_a_persons_id_was_issued_with_its_colon_is_not_the_certificates():
    # "Số định danh cá nhân: 0790… Cấp ngày: 16 12 2022" on the owner's line: the ID's date;
    # the certificate's own is its place-and-date line, and without it there is none
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        > QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT
        1. Người sử dụng đất: Ông NGUYỄN VĂN AN, sinh năm 1952
        Số định danh cá nhân: 079052379169 Cấp ngày: 16/12/2022
        Thửa đất số: 646\tTờ bản đồ số: 27
        >> Thành phố Hồ Chí Minh, ngày 17 tháng 6 năm 2026
    """
    assert _fields("land_use_certificate", text)["issue_date"] == "2026-06-17"
    assert "issue_date" not in _fields("land_use_certificate", text.split(">> Thành phố")[0])


def test_an_item_number_glued_to_its_label():
    # "3..CCCD số: 0380…": the item's number run into the label's first word; the declarant's
    # "CCCD số" further down is another person's
    text = """
        # TRÍCH LỤC KHAI TỬ
        1. Họ và tên người chết: Lê Hải An\tGiới tính: Nam
        2. Ngày, tháng, năm sinh: ngày 04 tháng 3 năm 1967
        3..CCCD số: 038067766632
        4. Nơi cư trú cuối cùng: Số 114 Hạ Long, phường Nguyễn An Ninh
        7. Người đi khai tử: Đặng Diễm Oanh\tQuan hệ với người chết: Vợ
        Giấy tờ tùy thân của người đi khai tử: CCCD số 096161891300
    """
    assert _fields("death_certificate", text)["personal_id"] == "038067766632"
    assert _fields("death_certificate", text.replace("3..CCCD", "3.CCCD"))["personal_id"] == "038067766632"


def test_a_year_run_into_the_next_items_number():
    # "năm 19754. Giới tính: Nam": the year ends the date and "4." opens the next item
    text = """
        # TỜ KHAI CĂN CƯỚC
        1. Họ, chữ đệm và tên khai sinh: VŨ MINH
        3. Ngày, tháng, năm sinh: ngày 9 tháng 2 năm 19754. Giới tính: Nam
        5. Số định danh cá nhân: 077075294961
    """
    fields = _fields("application_form", text)
    assert fields["date_of_birth"] == "1975-02-09"


def test_an_ids_label_glued_to_its_number_by_a_speck():
    # "CCCD số.079304920310,": a speck read as a stop between the label's last word and the ID
    text = """
        # ĐƠN ĐỀ NGHỊ CẤP LẠI GIẤY KHAI SINH
        Kính gửi: Ủy ban nhân dân phường Gia Định
        Tôi tên là TRẦN HỒNG HOA, sinh ngày 20/10/2004, CCCD số.079304920310,
        cấp ngày 23/04/2020 tại Cục Cảnh sát quản lý hành chính về trật tự xã hội.
    """
    assert _fields("application_form", text)["personal_id"] == "079304920310"


def test_a_wrapped_place_date_lines_rest_after_a_speck():
    # the place-and-date line wraps before its year, and a speck opens the line below ("..
    # năm 2026"): the certificate's date, not the registration's
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: NGUYỄN VĂN AN\tGiới tính: Nam
        Thời điểm chết: 09 giờ 39 phút, ngày 23 tháng 4 năm 2025
        Ngày, tháng, năm đăng ký: 02/05/2025
        >> Xuyên Mộc, ngày 20 tháng 7
        >> .. năm 2026
        >> TM. ỦY BAN NHÂN DÂN
    """
    assert _fields("death_certificate", text)["issue_date"] == "2026-07-20"


def test_a_value_beside_a_labels_last_words_is_no_label():
    # "ĐẶNG HẢI TÂM Sinh ngày:" is as like "Đăng ký khai sinh ngày" as a whole as a garbled
    # label would be, but "ký" is gone and "TÂM" stands in its place: a name, then the
    # birth date's label. Taken for the registration's label, it ate the wife's name and
    # gave her birth date as the registration's.
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Họ và tên chồng: HOÀNG ANH TRÍ Sinh ngày: 27/06/1986 Dân tộc: Kinh
        Họ tên vợ: ĐẶNG HẢI TÂM Sinh ngày: 14 12 1987 Dân tộc: Kinh
    """
    found = _fields("marriage_certificate", text)
    assert found["wife_name"] == "ĐẶNG HẢI TÂM"
    assert "registration_date" not in found


def test_a_bilingual_labels_garbled_english_is_not_the_start_of_its_value():
    # the English half of "Quê quán / Place of origin:" and "Nơi thường trú / Place of
    # residence:", garbled by a fax, ran into the values; a speck read as "Ì" before the name
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Cltlren Identity Card
        No: 079087435810
        Họ và tên ¿ Full name
        Ì NGUYỄN NHẬT HẬU
        Ngày sinh / Date of birth: 05/02/1987
        Quê quán Place origin:
        phường 3, thành phố Mỹ Tho, tỉnh Tiền Giang
        Nơi thường trú £ Í'lice of residenece Số 183/5 đường Quốc lộ 55, phường 12, Quận 3,
        Thành phố Hồ Chí Minh
    """
    found = _fields("citizen_id_card", text)
    assert found["full_name"] == "NGUYỄN NHẬT HẬU"
    assert found["place_of_origin"] == "phường 3, thành phố Mỹ Tho, tỉnh Tiền Giang"
    assert found["place_of_residence"].startswith("Số 183/5 đường Quốc lộ 55, phường 12")


def test_a_garbled_english_label_with_a_syllable_among_its_words_is_no_part_of_the_address():
    # "Place of residence" read "Flace ot resiđence" ("ot" spells the syllable "ót"), run into
    # the value on the line below: the house number and its street open the address
    from digitize.understand.tidy import tidy_address

    read = "Flace ot resiđence 125 đường Hai Bà Trưng, phường Phú Mỹ, thị xã Phú Mỹ"
    assert tidy_address(read) == "125 đường Hai Bà Trưng, phường Phú Mỹ, thị xã Phú Mỹ"
    # a Vietnamese first word, or a bare number after the words, keeps them
    assert tidy_address("Ông Ba 125 đường Hai Bà Trưng") == "Ông Ba 125 đường Hai Bà Trưng"
    assert tidy_address("phAfờng 12, Quận 3") == "phAfờng 12, Quận 3"


def test_a_copys_date_whose_day_went_unread_is_not_the_registrations():
    # an extract's copy dated "Xuyên Mộc, ngày 19 tháng 6 năm 2020", its day faxed to specks:
    # the registration's date labelled above it (another year) is not the copy's date
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: VÕ HỒNG LINH
        Ngày, tháng, năm đăng ký: 12/09/2019
        >> Xuyên Mộc,
        >> “gà? TỦ tháng 6 năm 2020
    """
    assert "issue_date" not in _fields("death_certificate", text)
    # read whole, the line dates it
    whole = text.replace("“gà? TỦ tháng", "ngày 19 tháng")
    assert _fields("death_certificate", whole)["issue_date"] == "2020-06-19"


def test_a_name_whose_first_two_words_a_speck_glued_with_a_stop():
    # a photocopy's speck between "Nguyễn" and "Đặng" read as a stop: one token, no name at all
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Anh: Nguyễn.Đặng Gia Trí\tSinh ngày: 26/02/1984\tDân tộc: Kinh
        Bà: Phan Võ Hải Chi\tSinh ngày: 07/12/1991\tDân tộc: Kinh
    """
    found = _fields("marriage_certificate", text, merge_cells=True)
    assert found["husband_name"] == "Nguyễn Đặng Gia Trí"
    # initials keep their stops: "Ng.Văn" is not two syllables
    assert "husband_name" not in _fields(
        "marriage_certificate", text.replace("Nguyễn.Đặng Gia Trí", "Ng.Vn"), merge_cells=True
    )


def test_a_gender_left_unread_is_the_ids_for_review():
    # a copy lost the card's "Nữ" after "Giới tính:"; the 12-digit ID's fourth digit (1:
    # a woman born in the 1900s) says it, for review. A page that prints no gender gets none.
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số: 077163833369
        Họ, chữ đệm và tên: NGUYỄN HUYỀN TÂM
        Ngày sinh: 03/06/1963\tGiới tính:\tQuốc tịch: Việt Nam
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    assert result.fields["gender"]["value"] == "female"
    assert "low_confidence:gender" in result.review_reasons
    no_label = extract([page_from_text(text.replace("Giới tính:", ""))], "citizen_id_card", CAT)
    assert "gender" not in no_label.fields


def test_a_bilingual_label_known_by_its_last_word_and_the_slash_before_its_english_half():
    # "Ngày, tháng, năm hết hạn / Date of expiry:" faxed: "hết" lost in a gap, the English
    # half garbled past matching ("Datv of ezpiry:"); "hạn /" ends the Vietnamese label
    text = """
        # CĂN CƯỚC
        Số định danh cá nhân / Personal identification number: 079065609171
        Họ, chữ đệm và tên khai sinh / Full name: TRẦN BẢO TÙNG
        Ngày, tháng, năm\thạn / Datv of ezpiry: Không thời hạn
    """
    assert _fields("citizen_id_card", text)["expiry_date"] == "none"


def test_a_names_last_word_whose_capital_l_was_read_small():
    # "Thái Bùi Khánh lụa Năm sinh:": the mother's name cut to three words at the small l
    text = """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: Nguyễn Tấn Tùng
        Họ và tên người mẹ: Thái Bùi Khánh lụa Năm sinh: 2002 Dân tộc: Kinh
        Họ và tên người cha: Nguyễn Hải Khánh Năm sinh: 1990 Dân tộc: Kinh
    """
    assert _fields("birth_certificate", text)["mother_name"] == "Thái Bùi Khánh Lụa"
    # a word of prose after a name stays out of it
    prose = text.replace("Khánh lụa Năm sinh: 2002", "Khánh là công dân")
    assert _fields("birth_certificate", prose)["mother_name"] == "Thái Bùi Khánh"


def test_a_names_last_word_whose_capital_was_read_small_by_its_size():
    # "Trần Duy cường": a C drawn as its small letter but for its size, the name's last word
    text = """
        # GIẤY PHÉP XÂY DỰNG
        1. Cấp cho: Ông: Trần Duy cường
        - Địa chỉ: Số 87/25 đường Hai Bà Trưng, phường 5, quận Gò Vấp, Thành phố Hồ Chí Minh
    """
    assert _fields("construction_permit", text)["full_name"] == "Trần Duy Cường"
    # prose after a name: "cư trú" (resides) is no given name's end
    prose = text.replace("Duy cường", "Duy cư trú tại đây")
    assert _fields("construction_permit", prose)["full_name"] == "Trần Duy"


def test_a_table_heading_row_of_label_cells_whose_values_stand_far_below():
    # "Số thửa | Tờ bản đồ | Diện tích | Mục đích | Thời hạn", the values' row three lines
    # lower (the cells' padding, a fax's stretch): still the heading's values
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        II. THỬA ĐẤT, NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT
        @200 Số thửa\t@600 Tờ bản đồ\t@1000 Diện tích\t@1400 Mục đích\t@1900 Thời hạn


        @230 396\t@650 19\t@1050 555\t@1400 Đất trồng cây lâu năm\t@1900 Lâu dài
    """
    got = _fields("land_use_certificate", text)
    assert (got["parcel_number"], got["map_sheet_number"], got["area_m2"]) == ("396", "19", "555")


def test_a_short_label_ending_a_signatures_name_is_a_word_of_the_name():
    # the wife's signature "Trịnh Huyền Anh" (the husband's unread): "Anh", the husband's label
    # in prose, ends a name that opens with a family name; the husband's name is not taken
    # from the signing block's capitals under it
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Đã đăng ký kết hôn tại Ủy ban nhân dân xã Châu Pha, ngày 29 07 2016.
        @1300 Trịnh Huyền Anh
        @1300 Phú Mỹ, ngày 29 tháng 7
        @1300 NHẬN KẾT HÔN
    """
    assert "husband_name" not in _fields("marriage_certificate", text)


def test_dates_out_of_order_both_go_to_review():
    # "từ 01/01/2031 đến 31/12/2021": the end before the start; which one OCR misread is not
    # known, so the start is flagged too
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Mã số: DN4797914123456
        Họ và tên: NGUYỄN SƠN
        Giá trị sử dụng: từ 01/01/2031 đến 31/12/2021
    """
    result = extract([page_from_text(text)], "health_insurance_card", CAT)
    assert "invalid:valid_to" in result.review_reasons
    assert "low_confidence:valid_from" in result.review_reasons


def test_a_short_label_with_one_letter_misread_known_by_its_colon_at_the_lines_start():
    # "Họ tân: LÊ HÂN": the short label "Họ tên" (matched exactly elsewhere) with its e read
    # a; its colon, opening the line, says it is the label
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Mã số thẻ: HS5797955235176
        Họ tân: LÊ HÂN\tGiới tính: Nữ
        Ngày sinh: 29-04-2014
    """
    assert _fields("health_insurance_card", text, merge_cells=True)["full_name"] == "LÊ HÂN"
    # mid-line, or without its colon, it is a word of the text
    assert "full_name" not in _fields("health_insurance_card", text.replace("Họ tân:", "Họ tân"), merge_cells=True)
