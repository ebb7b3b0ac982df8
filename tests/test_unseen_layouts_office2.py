"""Classes of extraction misses on decisions and receipts (issue 20, round 2), one test each,
from OCR-like text: the header's issuer misread where the decision's authority line repeats it
(glued words, a mark, a letter, a lost unit word)."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")


def _result(doc_type: str, text: str, **kw):
    return extract([page_from_text(text, **kw)], doc_type, CAT)


def _fields(doc_type: str, text: str, **kw) -> dict[str, str]:
    return {k: v["value"] for k, v in _result(doc_type, text, **kw).fields.items()}


def _decision(header_body: str, authority_line: str) -> str:
    return f"""
        UBND HUYỆN LONG ĐIỀN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        {header_body}\tLong Điền, ngày 29 tháng 7 năm 2016
        Số: 2925/QĐ-UBND
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ kinh phí sửa chữa nhà ở
        {authority_line}
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
        Xét đề nghị của Công chức Văn hóa - Xã hội,
        QUYẾT ĐỊNH:
        Điều 1. Hỗ trợ kinh phí sửa chữa nhà ở cho ông Trần Văn Lợi, sinh ngày 03/07/1961.
    """


def test_the_headers_issuer_misread_is_read_again_on_the_authority_line():
    # the header's narrow column glues words ("XAAN", "QUẬN1"), loses marks or a unit word
    # ("THỊ TRẤN"), misreads a letter ("IÀNG"); the decision repeats its issuer in capitals
    # above the "Căn cứ" lines, where the same body is read again
    cases = [
        ("XAAN NGÀI", "ỦY BAN NHÂN DÂN XÃ AN NGÃI"),
        ("QUẬN1", "ỦY BAN NHÂN DÂN QUẬN 1"),
        ("LONG ĐIẾN", "ỦY BAN NHÂN DÂN THỊ TRẤN LONG ĐIỀN"),
        ("PHƯƠNG IÀNG NHƠN PHÙA", "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG TĂNG NHƠN PHÚ A"),
    ]
    for header_body, authority_line in cases:
        got = _fields("decision", _decision(header_body, authority_line))["issuer"]
        assert got == authority_line.removeprefix("CHỦ TỊCH "), (header_body, got)


def test_an_authority_line_of_another_body_does_not_replace_the_headers_issuer():
    # the same words read twice, not another body's name that shares the kind of body
    got = _fields("decision", _decision("XÃ AN NGÃI", "ỦY BAN NHÂN DÂN HUYỆN LONG ĐIỀN"))["issuer"]
    assert got == "ỦY BAN NHÂN DÂN XÃ AN NGÃI"


def test_a_number_cited_in_the_preamble_is_not_the_decisions_own_whose_symbol_was_lost():
    # the head's "số: 1211" lost its symbol to OCR (a bare number, or its digits written by
    # hand and unread); "Căn cứ Nghị định số 20/2021/NĐ-CP" is the decree the decision cites
    text = """
        UBND HUYỆN CHÂU ĐỨC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        XÃ SUỐI NGHỆ
        \tChâu Đức, ngày 9 tháng 4 năm 2021
        số: 1211
        # QUYẾT ĐỊNH
        > Về việc công nhận hộ cận nghèo năm 2021
        ỦY BAN NHÂN DÂN XÃ SUỐI NGHỆ
        Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021
        của Chính phủ quy định chính sách trợ giúp xã hội;
        QUYẾT ĐỊNH:
        Điều 1. Công nhận hộ cận nghèo đối với hộ gia đình ông Phan Đức Dũng, sinh ngày 28/11/1989.
    """
    result = _result("decision", text)
    number = result.fields.get("document_number")
    assert number is None or ("/" not in number["value"] and "document_number" in " ".join(result.review_reasons))


def test_a_number_cited_in_the_preamble_is_not_the_decisions_own_whose_number_was_unread():
    # the head's "Số:" with nothing read after it (a fax lost its number, or the number was
    # written by hand): the decree "Căn cứ Nghị định số 20/2021/NĐ-CP" cites is not this one
    text = """
        UBND THỊ XÃ PHÚ MỸ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        PHƯỜNG TÂN HÒA\tPhú Mỹ, ngày 9 tháng 5 năm 2023
        Số:
        # QUYẾT ĐỊNH
        > Về việc khen thưởng thành tích
        CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG TÂN HÒA
        Căn cứ kết quả rà soát, đánh giá của Ban chỉ đạo;
        Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ
        quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội;
        QUYẾT ĐỊNH:
        Điều 1. Tặng Giấy khen cho ông Trần Chí Thành, sinh ngày 03/07/1943.
    """
    result = _result("decision", text)
    assert "document_number" not in result.fields
    assert result.fields["issue_date"]["value"] == "2023-05-09"
    # the articles' "QUYẾT ĐỊNH:" is no unread "Số quyết định:" (its last words, its colon): a
    # head's number read without its colon stays
    read = text.replace("Số:\n", "Số 2359/2019/QĐ-UBND\n")
    assert _result("decision", read).fields["document_number"]["value"] == "2359/2019/QĐ-UBND"


def test_a_receipt_date_whose_year_ocr_glued_to_the_hour_after_it():
    # "25 11 2025 lúc 14 giờ 15": the spaces lost, and the l of "lúc" read as a 1 or taken
    # for one beside the year's figures; the year still ends after its four figures
    for glued in ("20251úc14giờ15", "2025lúc14giờ15"):
        text = f"""
            UBND PHƯỜNG XUÂN HÒA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            BỘ PHẬN MỘT CỬA\tĐộc lập - Tự do - Hạnh phúc
            # PHIẾU TIẾP NHẬN HỒ SƠ
            Mã biên nhận: 000.22.23.H29-251125-0168
            Tên người nộp hồ sơ: KHỔNG GIA KIÊN
            Thủ tục: Đăng ký khai sinh
            Ngày nhận: 25 11 {glued} — Hẹn trả: 26 11 2025
        """
        got = _fields("receipt", text)
        assert (got.get("receipt_date"), got.get("due_date")) == ("2025-11-25", "2025-11-26"), glued


def test_an_issuer_read_into_a_national_header_whose_words_a_fax_clipped():
    # "CỘNG HÒ XÃ HỘI CHỦ NGHĨ VIỆT NAM": the fax clipped "HÒA" and "NGHĨA", and the narrow
    # gap between the columns ran the issuer's line into it; the issuer ends where it begins
    text = """
        ỦY BAN NHÂN DÂN PHƯỜNG CỘNG HÒ XÃ HỘI CHỦ NGHĨ VIỆT NAM
        TÂN THUẬN\tĐộc lập - Tự do - Hạnh phúc
        Số: 1386/QĐ-UBND\tTP. Hồ Chí Minh, ngày 8 tháng 4 năm 2026
        # QUYẾT ĐỊNH
        > Về việc công nhận hòa giải viên
        Căn cứ Luật Hòa giải ở cơ sở ngày 20 tháng 6 năm 2013;
        QUYẾT ĐỊNH:
        Điều 1. Công nhận hòa giải viên đối với ông Nguyễn Nhật Thanh Sơn, sinh ngày 14/01/1949.
    """
    assert _fields("decision", text).get("issuer") == "ỦY BAN NHÂN DÂN PHƯỜNG TÂN THUẬN"


def _faxed_decision(fax_date: str, year: str) -> str:
    return f"""
        {fax_date} 16:07 FROM: UBND XÃ LONG HẢI 02541078995 P.001/001
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN ĐẤT ĐỎ\tĐộc lập - Tự do - Hạnh phúc
        Số: 343/QĐ-UBND\tĐất Đỏ, ngày 29 tháng 12 năm {year}
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ kinh phí sửa chữa nhà ở
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
        QUYẾT ĐỊNH:
        Điều 1. Hỗ trợ kinh phí sửa chữa nhà ở cho ông Nguyễn Quốc Sang, sinh ngày 29/05/1943.
    """


def test_an_issue_year_one_misread_digit_from_the_fax_lines_year_is_flagged():
    # faxed in 2016 (its line's year itself read "2816"), issued "2010": 6 and 0 are read for
    # one another on a fax; which year is right is not known, so the date goes to review
    result = _result("decision", _faxed_decision("02/02/2816", "2010"))
    assert result.fields["issue_date"]["value"] == "2010-12-29"
    assert "issue_date" in " ".join(result.review_reasons)
    for fax_date, year in (("30/12/2016", "2016"), ("05/01/2019", "2018")):  # as expected: not flagged
        result = _result("decision", _faxed_decision(fax_date, year))
        assert "issue_date" not in " ".join(result.review_reasons), (fax_date, year)


def test_an_issue_date_still_to_come_takes_the_year_of_the_documents_own_number():
    # "năm 2043" on a fax: a document is not issued in a year still to come; its number
    # carries its year of issue (1717/2023/QĐ-UBND), taken for review; with no year in the
    # number, the date is only flagged
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        THỊ XÃ PHÚ MỸ\tĐộc lập - Tự do - Hạnh phúc
        Số: {number}\tPhú Mỹ, ngày 07 tháng 7 năm 2043
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ kinh phí sửa chữa nhà ở
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
        QUYẾT ĐỊNH:
        Điều 1. Hỗ trợ kinh phí sửa chữa nhà ở cho ông Nguyễn Văn An, sinh ngày 03/07/1961.
    """
    result = _result("decision", text.format(number="1717/2023/QĐ-UBND"))
    assert result.fields["issue_date"]["value"] == "2023-07-07"
    assert "issue_date" in " ".join(result.review_reasons)
    for number in ("1717/QĐ-UBND", "17 7 ƒ /2023/QĐ-UBND"):  # the latter: its number unread
        cited = text.format(number=number).replace("địa phương", "địa phương, Nghị định số 20/2021/NĐ-CP")
        result = _result("decision", cited)
        assert result.fields["issue_date"]["value"] != "2021-07-07", number  # not a cited number's year
        assert "issue_date" in " ".join(result.review_reasons), number
