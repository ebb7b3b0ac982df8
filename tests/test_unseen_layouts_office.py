"""Classes of extraction misses on layouts the generator never drew (issue 20) for permits,
certificates, registrations, decisions, forms and receipts: one test each, from OCR-like text."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from tests.extraction_support import field_values as _fields
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")


def test_a_name_wrapped_at_the_end_of_a_paragraphs_indented_first_line():
    # the article's first line is indented by a tab (about 1.27 cm, more than four letter
    # heights); the name in capitals goes on at the margin of the next line
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ LONG SƠN\tĐộc lập - Tự do - Hạnh phúc
        Số: 88/QĐ-UBND\tVũng Tàu, ngày 14 tháng 02 năm 2023
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ kinh phí sửa chữa nhà ở
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi,
                  Điều 1. Hỗ trợ kinh phí sửa chữa nhà ở số tiền 20.000.000 đồng cho ông TRƯƠNG VĂN
        LỢI, sinh ngày 03/07/1961, số định danh cá nhân 077061001234, thường trú tại ấp Bến Đá.
                  Điều 2. Quyết định có hiệu lực kể từ ngày ký. Văn phòng và ông Trương Văn Lợi
        chịu trách nhiệm thi hành Quyết định này.
    """
    assert _fields("decision", text)["full_name"].casefold() == "trương văn lợi"


def test_a_name_with_an_a_that_a_bilevel_scan_broke_in_two():
    # a bilevel scan broke the A's left leg off: Tesseract read ".V" for it
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH
        Đăng ký lần đầu: ngày 11 tháng 5 năm 2019
        1. Thông tin về chủ hộ kinh doanh
        Ông ĐINH TH.VNH LONG, sinh ngày 02/06/1978, dân tộc Kinh, quốc tịch Việt Nam
    """
    assert _fields("business_registration", text)["full_name"] == "ĐINH THANH LONG"


def test_a_household_business_owner_under_the_label_of_the_current_form():
    # the household business certificate names its owner "Họ, chữ đệm và tên chủ hộ kinh doanh",
    # which holds the household head's label "Họ, chữ đệm và tên chủ hộ" (not a catalogue field)
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH
        Đăng ký lần đầu: ngày 21 tháng 7 năm 2018
        1. Tên hộ kinh doanh: QUÁN CƠM BÌNH DÂN HẢI YẾN
        4. Họ, chữ đệm và tên chủ hộ kinh doanh: VŨ THỊ HẢI YẾN\tGiới tính: Nữ
        Sinh ngày: 19/11/1983\tDân tộc: Kinh
    """
    assert _fields("business_registration", text)["full_name"] == "VŨ THỊ HẢI YẾN"


def test_an_address_ends_before_a_dashed_item_that_opens_with_its_own_label():
    # the permit's items are dashed "- Label: value" lines; "Cốt nền …" is no catalogue label,
    # and the address ends in "Bà Rịa", which may go on as "Bà Rịa - Vũng Tàu"
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THÀNH PHỐ BÀ RỊA\tĐộc lập - Tự do - Hạnh phúc
        Số: 311/GPXD\tBà Rịa, ngày 17 tháng 9 năm 2022
        # GIẤY PHÉP XÂY DỰNG
        1. Cấp cho: Bà ĐỖ THỊ THU HÀ
        2. Được phép xây dựng công trình: Nhà ở riêng lẻ
        - Vị trí xây dựng: thửa đất số 88, tờ bản đồ số 21, phường Long Tâm, thành phố Bà Rịa
        - Cốt nền xây dựng công trình: +0,45 m
    """
    got = _fields("construction_permit", text)
    assert got["construction_address"] == "thửa đất số 88, tờ bản đồ số 21, phường Long Tâm, thành phố Bà Rịa"


def test_a_receipts_applicant_after_nguoi_nop_ho_so_whose_so_is_no_id_label():
    # "hồ sơ:" ended the applicant's label; read loosely, "sơ:" was taken for an ID's "Số:"
    text = """
        # PHIẾU TIẾP NHẬN HỒ SƠ
        Mã hồ sơ: 000.00.12.H02-240311-0107
        Người nộp hồ sơ: Đặng Thị Thu Trang\tCCCD số: 077186004321
        Ngày tiếp nhận: 11/03/2024
    """
    got = _fields("receipt", text)
    assert got["full_name"] == "Đặng Thị Thu Trang"
    assert got["personal_id"] == "077186004321"


def test_a_land_registration_form_names_its_applicant_ten_in_capitals():
    # the land registration form (Mẫu 04a/ĐK) asks "1.1. Tên (viết chữ in hoa):"
    text = """
        >> Mẫu số 04a/ĐK
        # ĐƠN ĐĂNG KÝ, CẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        Kính gửi: Ủy ban nhân dân xã Tân Hải
        1. Người sử dụng đất
        1.1. Tên (viết chữ in hoa): HUỲNH CÔNG THÀNH
        1.2. Năm sinh: 1968\tSố CCCD: 077068002468
    """
    got = _fields("application_form", text)
    assert got["full_name"] == "HUỲNH CÔNG THÀNH"
    assert got["form_code"] == "04a/ĐK"


def test_an_id_followed_on_its_line_by_the_next_numbered_item():
    # the residence form puts items 4 and 5 on one line: "5." is the next item's number
    text = """
        >> Mẫu CT01
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm và tên: PHAN THANH TÂM 2. Ngày, tháng, năm sinh: 30/06/1988 3. Giới tính: Nam
        4. Số định danh cá nhân: 077088003579 5. Số điện thoại liên hệ: 0918765432
    """
    got = _fields("application_form", text, merge_cells=True)
    assert got["personal_id"] == "077088003579"


def test_a_construction_address_ends_before_the_permits_other_labels():
    # the permit's own labels ("Cấp công trình:", "Số tầng:") end the address on its line;
    # "công trình:" alone is the ending of another label ("Chiều cao công trình")
    text = """
        # GIẤY PHÉP XÂY DỰNG
        > Số: 52/GPXD
        Cấp cho: Bà Lâm Thị Ngọc Ánh
        Địa điểm xây dựng: số 14 đường Ba Cu, phường 3, thành phố Vũng Tàu Cấp công trình: III Số tầng: 3
    """
    got = _fields("construction_permit", text, merge_cells=True)
    assert got["construction_address"] == "số 14 đường Ba Cu, phường 3, thành phố Vũng Tàu"


def test_a_receipt_that_words_its_applicant_and_time_of_receipt_otherwise():
    # "Cá nhân, tổ chức:" for "Tổ chức, cá nhân:"; the time of receipt before its day
    text = """
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Mã hồ sơ: 000.00.12.H02-240105-0012
        Cá nhân, tổ chức: Tô Hoàng Nam
        Nhận hồ sơ lúc 10 giờ 40 phút, ngày 05 tháng 01 năm 2024
        Hẹn trả kết quả lúc 14 giờ 00 phút, ngày 19 tháng 01 năm 2024
    """
    got = _fields("receipt", text)
    assert got["full_name"] == "Tô Hoàng Nam"
    assert (got["receipt_date"], got["due_date"]) == ("2024-01-05", "2024-01-19")


def test_a_form_codes_letter_misread_in_small_print_is_put_right_for_review():
    # "CT01" printed small in the corner, its T read as an I: no form series is "CI", and of the
    # letters OCR confuses with I only T makes one
    text = """
        Mẫu số: CI01
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        Kính gửi: Công an xã Long Sơn
        1. Họ, chữ đệm và tên: NGÔ THỊ THANH XUÂN
    """
    result = extract([page_from_text(text)], "application_form", CAT)
    assert result.fields["form_code"]["value"] == "CT01"
    assert "low_confidence:form_code" in result.review_reasons


def test_a_name_wrapped_in_prose_on_a_fax_whose_header_line_starts_further_left():
    # the fax machine's header line starts left of the text block: the paragraph's own margin,
    # not the page's leftmost word, says where its lines begin
    text = """
        @40 20/04/2023 09:12 FROM: UBND XA BINH BA 02543123456 P.001/001
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN CHÂU ĐỨC\tĐộc lập - Tự do - Hạnh phúc
        Số: 640/GPXD-UBND\tChâu Đức, ngày 18 tháng 4 năm 2023
        # GIẤY PHÉP XÂY DỰNG
        @300 Ủy ban nhân dân huyện Châu Đức cấp giấy phép xây dựng nhà ở cho ông Trần Quốc
        @180 Khánh, địa chỉ thường trú: Số 12 đường Trần Hưng Đạo, xã Bình Ba, huyện Châu Đức.
    """
    assert _fields("construction_permit", text)["full_name"] == "Trần Quốc Khánh"


def test_an_address_ends_at_its_province_before_a_line_that_opens_no_label():
    # "Thửa đất số 317, …" on the next line is no part of the address that ended at its province
    text = """
        # GIẤY PHÉP XÂY DỰNG
        Người đề nghị cấp phép: LÊ VĂN TÁM
        Vị trí xây dựng: Số 21 đường Trường Chinh, phường Phú Mỹ, thị xã Phú Mỹ, tỉnh Bà Rịa -
        Vũng Tàu
        Thửa đất số 317, tờ bản đồ số 36
    """
    got = _fields("construction_permit", text)
    assert (
        got["construction_address"] == "Số 21 đường Trường Chinh, phường Phú Mỹ, thị xã Phú Mỹ, tỉnh Bà Rịa - Vũng Tàu"
    )


def test_a_land_users_name_joined_to_its_label_by_la_in_prose():
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        Cấp cho người sử dụng đất là TRƯƠNG MỸ LINH, sinh năm 1962
        Số định danh cá nhân: 077162001357
    """
    assert _fields("land_use_certificate", text)["full_name"] == "TRƯƠNG MỸ LINH"


def test_a_value_wrapped_to_the_next_line_after_a_label_that_ends_a_full_line():
    # two fields a line: the second's value did not fit and starts the next line
    text = """
        Mẫu CT01
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm, tên khai sinh: CHÂU NGỌC PHƯƠNG THẢO ANH 2. Giới tính:
        Nữ
        3. Ngày, tháng, năm sinh: 07/07/1999 4. Dân tộc: Kinh
    """
    assert _fields("application_form", text, merge_cells=True)["gender"] == "female"


def test_a_name_whose_last_letter_ocr_lost_is_completed_from_the_signature():
    # "ÁNH" read "ÁN" in the running text; the applicant signs the form with the whole name
    text = """
        # ĐƠN ĐỀ NGHỊ XÁC NHẬN HỘ GIA ĐÌNH CÓ HOÀN CẢNH KHÓ KHĂN
        Kính gửi: Ủy ban nhân dân xã Bình Châu
        Tôi tên là: ĐINH HỒNG ÁN, giới tính Nữ, sinh ngày 12/12/1979
        >> NGƯỜI LÀM ĐƠN
        >> Đinh Hồng Ánh
    """
    assert _fields("application_form", text)["full_name"] == "ĐINH HỒNG ÁNH"


def test_an_ids_century_digit_misread_is_settled_by_the_date_of_birth_and_sex():
    # 077 0 86 …: a man born in 1986; its 0 read as 6 gives a birth in 2286
    text = """
        Mẫu CT01
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm, tên khai sinh: NGUYỄN GIA VIỆT\t2. Giới tính: Nam
        3. Ngày, tháng, năm sinh: 18/08/1986\t4. Dân tộc: Kinh
        5. Số định danh cá nhân: 077686434617
    """
    result = extract([page_from_text(text)], "application_form", CAT)
    assert result.fields["personal_id"]["value"] == "077086434617"
    assert "low_confidence:personal_id" in result.review_reasons


def test_a_decisions_subject_centred_over_two_short_lines():
    text = """
        SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        TỈNH BÀ RỊA - VŨNG TÀU\tĐộc lập - Tự do - Hạnh phúc
        Số: 1205/QĐ-STNMT\tBà Rịa - Vũng Tàu, ngày 19 tháng 9 năm 2022
        # QUYẾT ĐỊNH
        > Về việc gia hạn giấy phép khai thác
        > nước dưới đất
        > GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG
        Điều 1. Gia hạn giấy phép khai thác nước dưới đất cho ông Lâm Văn Hòa, sinh ngày 02/02/1970.
    """
    assert _fields("decision", text)["subject"] == "gia hạn giấy phép khai thác nước dưới đất"


def _decision(number: str, date_line: str) -> str:
    return f"""
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        TỈNH BÌNH PHƯỚC\tĐộc lập - Tự do - Hạnh phúc
        Số: {number}\t{date_line}
        # QUYẾT ĐỊNH
        > Ban hành quy định về quản lý chợ trên địa bàn tỉnh
        Điều 1. Ban hành kèm theo Quyết định này Quy định về quản lý chợ.
    """


def test_a_numbers_year_ocr_misread_is_put_right_by_the_issue_date_for_review():
    # number/year of issue/symbol: "2622" cannot be a year yet; one digit OCR confuses from the
    # issue date's year. A possible year one such digit away (2019 on a decision of 2010) is
    # left as read, and both are flagged: which of the two OCR misread is not known.
    result = extract(
        [page_from_text(_decision("1385/2622/QĐ-UBND", "Đồng Xoài, ngày 16 tháng 9 năm 2022"))], "decision", CAT
    )
    number = result.fields["document_number"]
    assert number["value"] == "1385/2022/QĐ-UBND" and "document_number" in str(result.review_reasons)
    result = extract(
        [page_from_text(_decision("1385/2019/QĐ-UBND", "Đồng Xoài, ngày 16 tháng 9 năm 2010"))], "decision", CAT
    )
    assert result.fields["document_number"]["value"] == "1385/2019/QĐ-UBND"
    assert "document_number" in str(result.review_reasons) and "issue_date" in str(result.review_reasons)
    result = extract(
        [page_from_text(_decision("1385/2022/QĐ-UBND", "Đồng Xoài, ngày 16 tháng 9 năm 2022"))], "decision", CAT
    )
    assert result.fields["document_number"]["value"] == "1385/2022/QĐ-UBND" and not result.review_reasons


def test_a_form_codes_digits_read_as_letters_after_a_known_series():
    # "Mẫu CCOI ban hành kèm theo …": the 0 and 1 of CC01 read as O and I; after a form series's
    # letters, two characters that OCR reads for digits are that form's number
    text = """
        Mẫu CCOI ban hành kèm theo
        Thông tư số 16/2024/TT-BCA
        # TỜ KHAI CĂN CƯỚC
        1. Họ, chữ đệm và tên khai sinh: TRẦN KHÁNH LY
    """
    assert _fields("application_form", text)["form_code"] == "CC01"
    # letters that are no series stay no form code ("Mẫu OOI" is nothing)
    assert "form_code" not in _fields("application_form", text.replace("CCOI", "XYOI"))


def test_the_issuer_starts_at_its_own_body_behind_a_speck_not_at_the_body_above_it():
    # ". ỦY BAN NHÂN DÂN": a speck before the commune's body; the district's "UBND HUYỆN …"
    # line above it is the body it answers to, not the issuer
    text = """
        UBND HUYỆN CHÂU ĐỨC.\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        . ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        XÃ KIM LONG\tChâu Đức, ngày 24 tháng 3 năm 2017
        Số: 3069/2017/QĐ-UBND
        # QUYẾT ĐỊNH
        > Về việc cho phép chuyển mục đích sử dụng đất
        Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;
    """
    assert _fields("decision", text)["issuer"].casefold() == "ủy ban nhân dân xã kim long"


def test_the_headers_issuer_that_names_a_unit_is_kept_over_an_authority_line_that_names_none():
    # the header reads the commune whole ("XÃ BÌNH" / "CHÂU"); the authority line above the
    # "Căn cứ" lines misread its last letter ("BÌNH CHÂI", no unit anywhere): the header's stands
    text = """
        ỦY BAN NHÂN DÂN XÃ BÌNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        CHÂU\tĐộc lập - Tự do - Hạnh phúc
        Số: 2786/QĐ-UBND\tBình Châu, ngày 23 tháng 01 năm 2026
        # QUYẾT ĐỊNH
        > Về việc giải quyết chế độ trợ cấp xã hội
        > CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH CHÂI
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    """
    assert _fields("decision", text)["issuer"].casefold() == "ủy ban nhân dân xã bình châu"


def test_an_issuer_garbled_in_header_and_authority_line_is_read_where_the_articles_name_it():
    # a fax garbled the commune's name in the header ("XÃ NGHĨ" / "THÀNH") and in the authority
    # line; the articles name the same body whole: that reading, for review
    text = """
        ỦY BAN NHÂN DẦN XÃ NGHĨ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THÀNH\tĐộc lập - Tự do - Hạnh phúc
        Số 787/QĐ-UBND\tChâu Đức, ngày 4 tháng 3 năm 2022
        # QUYẾT ĐỊNH
        > Về việc chấp thuận hồ sơ đề nghị hỗ trợ nhà ở
        > ỦY BAN NHÂN DÂN XẤÄNGHĨ VTHNH
        Căn cứ Quyết định của Ủy ban nhân dân tỉnh về việc ban hành quy định phân cấp;
        Điều 1. Chấp thuận hồ sơ đề nghị hỗ trợ nhà ở của ông Phạm Hải Xuân Lâm.
        Điều 3. Giao bộ phận chuyên môn báo cáo kết quả về Ủy ban nhân dân xã Nghĩa Thành.
    """
    result = extract([page_from_text(text)], "decision", CAT)
    assert result.fields["issuer"]["value"].casefold() == "ủy ban nhân dân xã nghĩa thành"
    assert "low_confidence:issuer" in result.review_reasons


def test_a_numbers_slash_read_as_a_space_or_a_stop_before_its_hyphenated_symbol():
    # "Số: 808 GP-UBND", "Số: 488 .GP-UBND": the slash lost; a symbol with its hyphen after
    # the number is the number's own. A number and a plain word stay apart.
    for read in ("808 GP-UBND", "808 .GP-UBND", "808. GP-UBND"):
        text = f"""
            ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            PHƯỜNG LONG HƯƠNG\tĐộc lập - Tự do - Hạnh phúc
            Số: {read}\tBà Rịa, ngày 20 tháng 02 năm 2026
            # GIẤY PHÉP XÂY DỰNG
            > (Dùng cho nhà ở riêng lẻ)
            1. Cấp cho: Ông NGUYỄN VĂN AN
        """
        assert _fields("construction_permit", text)["document_number"] == "808/GP-UBND", read


def test_a_date_with_a_stray_mark_after_a_figure_and_a_cited_date_ending_in_a_semicolon():
    # "ngày 12 tháng 4ˆ năm 2024": a speck read as a spacing circumflex after the month; the
    # "Căn cứ" clause wrapped so its date opens a line ("ngày 22 tháng 11 năm 2019;") is a law's
    # date, not the decision's: a place-and-date line ends in no semicolon
    text = """
        ỦY BAN NHÂN DÂN XÃ QUỲNH MAI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số 343/QĐ-UBND ngày 12 tháng 4ˆ năm 2024
        # QUYẾT ĐỊNH
        > Về việc khen thưởng
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ
        sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương
        ngày 22 tháng 11 năm 2019;
        Điều 1. Khen thưởng bà Quỳnh Mai.
    """
    assert _fields("decision", text)["issue_date"] == "2024-04-12"
    no_header_date = text.replace(" ngày 12 tháng 4ˆ năm 2024", "")
    assert "issue_date" not in _fields("decision", no_header_date)


def test_a_district_merged_away_is_still_a_known_unit_for_the_headers_issuer():
    # the gazetteer holds the units as they last were: Long Điền is no district there now (it
    # lives on as a commune's name), yet a header naming it names a unit; the authority line
    # that misread it ("LONG ĐIỀM") does not replace it
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN LONG ĐIỀN\tĐộc lập - Tự do - Hạnh phúc
        Số: 1385/QĐ-UBND\tLong Điền, ngày 12 tháng 5 năm 2021
        # QUYẾT ĐỊNH
        > Về việc công nhận hộ nghèo
        > CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN LONG ĐIỀM
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    """
    assert _fields("decision", text)["issuer"].casefold() == "ủy ban nhân dân huyện long điền"
