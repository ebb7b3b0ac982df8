"""The classes of extraction misses seen on marriage certificates (issue 20, round 3), one
test each, from OCR-like text: a house's "Số 22 đường" in a table's row taken for the head's
number slot after the head's number was read printed; a register's number whose slash OCR
lost ("1542022", "185 2018"), its slot ended by the book's "Quyển số"; a register's year not
its registration's; a register's number read unsure in a slot judged handwritten; the
husband's name lost and the wife's taken for it."""

from __future__ import annotations

import numpy as np

from digitize.understand.candidate import LOW_CONFIDENCE
from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from digitize.understand.handwriting import NUMBER_SLOT, FillIn, find_fill_ins, settle
from tests.pagetext import inked_image, page_from_text


def _shrunk(image: np.ndarray, box) -> None:
    """The ink of the word in ``box`` redrawn at half height (a hand's digits, not print)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    image[y0:y1, x0:x1] = 255
    image[y0 + (y1 - y0) // 2 : y1, x0:x1:3] = 0


def test_a_house_number_in_the_table_is_not_the_heads_number_slot_once_that_was_read_printed():
    # the head's "Số: 21/2025" is printed: the document has no number slot left to find, and a
    # row's "Số 22 đường …" in the other column (after a wide gap, so not after its label) is an
    # address, whatever its ink looks like
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 21/2025\tQuyển số: 01
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Họ, chữ đệm, tên\tNguyễn Xuân Tâm\tNguyễn Thanh Trâm
        Nơi cư trú Số 6 đường Lê Lợi, phường\t@1500 Số 22 đường Trương Công
    """
    page = page_from_text(text, merge_cells=True)
    image = inked_image(page)
    house = next(w for w in page.words if w.text == "22")
    _shrunk(image, house.box)
    slots = find_fill_ins(page, image)
    assert not [f for f in slots if f.slot == NUMBER_SLOT and f.handwritten]


def test_a_registers_number_whose_slash_ocr_lost_is_read_with_it_before_the_book_label():
    # "Số: 154/2022  Quyển số: 01" read "1542022" (or "185 2018"): the register's number and
    # year; a slot judged handwritten whose end OCR gave as the book's "Quyển" keeps it, flagged
    cat = load_catalogue(home="/nonexistent")
    for head, year, number in (("Số: 1542022 Quyển số: 01", "2022", "154/2022"), ("Số: 185 2018", "2018", "185/2018")):
        text = f"""
            UBND QUẬN 3\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
            {head}
            # GIẤY CHỨNG NHẬN KẾT HÔN
            Họ và tên: Nguyễn Bảo Văn Quý
            Ngày, tháng, năm đăng ký kết hôn: 23-12-{year}
        """
        result = extract([page_from_text(text)], "marriage_certificate", cat)
        assert result.fields["document_number"]["value"] == number
    fields = {"document_number": {"value": "154/2022", "confidence": 0.87, "page": 1}}
    reasons: list[str] = []
    fill = FillIn(NUMBER_SLOT, 3, True, why="marks", after="Quyển", confident=True)
    settle(cat.get("marriage_certificate"), fields, reasons, {"document_number": (0, 0, 1, 1)}, [fill])
    assert fields["document_number"]["value"] == "154/2022"
    assert reasons == ["handwritten:document_number"]


def test_a_registers_number_whose_year_is_not_the_registrations_is_flagged():
    # "Số: 1542021" registered in 2022: the slash put back at a guess, or a figure misread
    text = """
        UBND QUẬN 3\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 1542021 Quyển số: 01
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Họ và tên: Nguyễn Bảo Văn Quý
        Ngày, tháng, năm đăng ký kết hôn: 23-12-2022
    """
    result = extract([page_from_text(text)], "marriage_certificate", load_catalogue(home="/nonexistent"))
    number = result.fields["document_number"]
    assert number["value"] == "154/2021" and number["confidence"] < LOW_CONFIDENCE


def test_a_registers_number_read_unsure_in_the_heads_slot_stays_flagged_when_its_year_is_the_registrations():
    # "Số: 249/2023" read at a low confidence, the slot's ink judged handwritten and not read:
    # OCR's reading on the slot's line, its year that of the registration, is kept for review
    text = """
        UBND THÀNH PHỐ BÀ RỊA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        Số: 249/2023~40
        # GIẤY CHỨNG NHẬN KẾT HÔN
    """
    page = page_from_text(text)
    line = next(i for i in range(len(page.lines)) if any(w.text == "249/2023" for w in page.line_words(i)))
    box = next(w.box for w in page.words if w.text == "249/2023")
    fields = {
        "document_number": {"value": "249/2023", "confidence": 0.67, "page": 1},
        "registration_date": {"value": "2023-01-03", "confidence": 0.9, "page": 1},
    }
    boxes = {"document_number": box, "registration_date": (0, 3000, 10, 3010)}
    reasons: list[str] = []
    fill = FillIn(NUMBER_SLOT, line, True, why="no digits read")
    settle(load_catalogue(home="/nonexistent").get("marriage_certificate"), fields, reasons, boxes, [fill], page)
    assert fields["document_number"]["value"] == "249/2023"
    assert reasons == ["handwritten:document_number"]
    # another year than the registration's: not settled by it, so dropped as before
    fields["registration_date"]["value"] = "2022-01-03"
    boxes["document_number"] = box
    settle(load_catalogue(home="/nonexistent").get("marriage_certificate"), fields, [], boxes, [fill], page)
    assert "document_number" not in fields


def test_the_husbands_name_lost_is_not_the_wifes_but_his_signatures_for_review():
    # the husband's "Họ, chữ đệm, tên:" read with no name after it: his label took the wife's
    # name; the signature under "Chồng" is his (the one under "Vợ" agrees with hers)
    text = """
        UBND HUYỆN XUYÊN MỘC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 115/2020
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Thông tin người chồng:
        Họ, chữ đệm, tên:
        Dân tộc: Kinh
        Thông tin người vợ:
        Họ, chữ đệm, tên: NGUYỄN HOÀNG CHI
        Dân tộc: Kinh
        Ngày, tháng, năm đăng ký: 29-09-2020
        Chồng\tVợ
        (Ký, ghi rõ họ, chữ đệm, tên) (Ký, ghi rõ họ, chữ đệm, tên)

        Nguyễn Thành Trung Hậu\tNguyễn Hoàng Chi
    """
    result = extract([page_from_text(text)], "marriage_certificate", load_catalogue(home="/nonexistent"))
    husband, wife = result.fields["husband_name"], result.fields["wife_name"]
    assert husband["value"] == "Nguyễn Thành Trung Hậu" and husband["confidence"] < LOW_CONFIDENCE
    assert wife["value"] == "NGUYỄN HOÀNG CHI"
