"""digitize.understand.mrz: the machine-readable zone of ID cards — check digits, OCR slips, and its use over
the print (ocr.mrz, tested in test_mrz.py, reads the zone again; this is what the fields make of it)."""

from __future__ import annotations

import datetime as dt

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from digitize.understand.mrz import check_digit, find_mrz
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")
TODAY = dt.date(2026, 12, 1)


def test_check_digits_of_the_icao_specimen():
    # ICAO 9303 part 5, TD1 specimen: I<UTOD231458907… / 7408122F1204159UTO…
    assert check_digit("D23145890") == "7"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("<<<<<<") == "0"


def _zone(pid: str, dob: str, sex: str, expiry: str) -> list[str]:
    """A Vietnamese TD1 zone as the cards print it (doc number = the ID's last nine digits)."""
    doc = pid[-9:]
    line1 = f"IDVNM{doc}{check_digit(doc)}{pid}<<"
    line1 = (line1 + "<" * 30)[:29]
    line1 += check_digit(line1[5:29])
    line2 = f"{dob}{check_digit(dob)}{sex}{expiry}{check_digit(expiry)}VNM"
    line2 = (line2 + "<" * 30)[:29] + "0"
    return [line1, line2, "NGUYEN<<THI<HOA<<<<<<<<<<<<<<<"]


def test_reads_a_clean_vietnamese_zone():
    zone = _zone("079190012345", "900705", "F", "300705")
    m = find_mrz(["\n".join(["Ngón trỏ trái", *zone])], today=TODAY)
    assert (m.personal_id, m.date_of_birth, m.gender, m.expiry_date) == (
        "079190012345",
        "1990-07-05",
        "female",
        "2030-07-05",
    )


def test_ocr_slips_in_the_zone_are_undone_or_the_field_is_dropped():
    l1, l2, l3 = _zone("079190012345", "900705", "F", "300705")
    # an extra character in front, O for 0, « for <<, spaces
    noisy1 = "I1" + l1[1:].replace("0", "O", 2).replace("<<", "«", 1)
    noisy2 = l2[:3] + "8" + l2[4:]  # a misread digit in the date of birth: its check fails
    m = find_mrz([f"{noisy1}\n{noisy2[:10]} {noisy2[10:]}\n{l3}"], today=TODAY)
    assert m.personal_id == "079190012345"
    assert m.date_of_birth is None and m.gender is None  # not trusted without its check digit
    assert m.expiry_date == "2030-07-05"


def test_no_zone_without_agreeing_check_digits():
    assert find_mrz(["IDVNM1234567891079123456789<<5\n" + "<" * 30]) is None
    assert find_mrz(["Số / No.: 079190012345\nHọ và tên: NGUYỄN THỊ HOÀ"]) is None


def test_the_zone_corrects_digits_misread_in_the_print():
    zone = "\n".join(_zone("079190012345", "900705", "F", "300705"))
    page = page_from_text("""
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079190D12845
        Họ và tên / Full name:
        NGUYỄN THỊ HOÀ
        Ngày sinh / Date of birth: 05/07/1996
        Giới tính / Sex: Nữ
        Có giá trị đến: 05/01/2030
    """)
    back = page_from_text("\n".join("    " + line for line in zone.splitlines()))
    got = extract([page, back], "citizen_id_card", CAT)
    fields = {k: v["value"] for k, v in got.fields.items()}
    assert fields["personal_id"] == "079190012345"
    assert fields["date_of_birth"] == "1990-07-05"
    assert fields["expiry_date"] == "2030-07-05"
    assert fields["gender"] == "female"
    assert not any(r.endswith((":personal_id", ":date_of_birth")) for r in got.review_reasons)


def test_a_card_that_never_expires_keeps_none():
    zone = "\n".join(_zone("079190012345", "900705", "F", "991231"))
    page = page_from_text("""
        # CĂN CƯỚC
        Số định danh cá nhân: 079190012345
        Ngày sinh: 05/07/1990
        Có giá trị đến: Không thời hạn
    """)
    back = page_from_text("\n".join("    " + line for line in zone.splitlines()))
    got = extract([page, back], "citizen_id_card", CAT)
    assert got.fields["expiry_date"]["value"] == "none"


def test_other_types_ignore_a_zone():
    zone = "\n".join(_zone("079190012345", "900705", "F", "300705"))
    page = page_from_text("""
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: NGUYỄN VĂN AN
        Ngày, tháng, năm sinh: 12/03/2019
    """)
    back = page_from_text("\n".join("    " + line for line in zone.splitlines()))
    got = extract([page, back], "birth_certificate", CAT)
    assert got.fields["date_of_birth"]["value"] == "2019-03-12"
    assert "personal_id" not in got.fields


def test_a_second_line_that_checks_out_is_used_when_the_first_does_not():
    # the first line's document number misread ("6729401647" for "0729401647"): its check fails
    text = "I1DVNM6729401647077072940164<<1\n7206292M3206294VNM<<<<<<<<<<<8\nTRAN<< THANH<8 INH<<<<<<<<<<<<<<"
    mrz = find_mrz([text], today=TODAY)
    assert mrz is not None and mrz.personal_id is None
    assert (mrz.date_of_birth, mrz.gender, mrz.expiry_date) == ("1972-06-29", "male", "2032-06-29")
    # one check digit agreeing is not enough to take a line for the zone's second line
    assert find_mrz(["7206292M3206295VNM<<<<<<<<<<<8"], today=TODAY) is None


def test_the_zone_date_of_birth_takes_its_century_from_the_printed_id():
    # the printed date of birth lost (1372), another date met under a look-alike label
    page1 = page_from_text("""
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 077072940164
        Họ và tên / Full name: TRẦN THÀNH BÌNH
        Ngày sinh / Date of birth: 29/06/1372
    """)
    page2 = page_from_text("""
        Ngày, tháng, năm / Date, month, year: 19/03/2021
        I1DVNM6729401647077072940164<<1
        7206292M3206294VNM<<<<<<<<<<<8
    """)
    result = extract([page1, page2], "citizen_id_card", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["date_of_birth"] == "1972-06-29"
    assert got["gender"] == "male" and got["expiry_date"] == "2032-06-29"


def test_a_mark_ocr_put_on_a_zone_letter_is_its_base_letter():
    # a fax's "PHÁN<~<THANH<KHOA…": the name line's letters read with marks
    l1, l2, _ = _zone("077081420735", "810928", "M", "410928")
    m = find_mrz([f"{l1}\n{l2}\nNGUYÊN<<THI<HOÀ<<<<<<<<<<<<<<<"], today=TODAY)
    assert m.name == ("NGUYEN", "THI", "HOA")
