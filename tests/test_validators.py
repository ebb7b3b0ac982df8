"""Identifier structure checks."""

from __future__ import annotations

import datetime as dt

import pytest

from digitize.understand import kinds
from digitize.understand import validators as v


def enterprise(first9: str) -> str:
    """A valid code from its first nine digits (the spec's formula, written out)."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    check = 10 - sum(int(d) * w for d, w in zip(first9, weights)) % 11
    assert check != 10
    return first9 + str(check)


# --------------------------------------------------------------------------- personal id


@pytest.mark.parametrize("pid", ["077219001234", "079090000001", "001300123456", "096185999999", "273012345"])
def test_valid_personal_ids(pid):
    assert v.personal_id(pid) == (True, None, None) == v.OK


@pytest.mark.parametrize(
    "pid, why",
    [
        ("07721900123", "12 digits"),  # 11 digits
        ("0772190012345", "12 digits"),
        ("07721900123A", "digits only"),
        ("000219001234", "province"),
        ("097219001234", "province"),
        ("077299001234", "impossible birth year"),  # 2099
    ],
)
def test_invalid_personal_ids(pid, why):
    ok, problem, _ = v.personal_id(pid, today=dt.date(2025, 6, 1))
    assert not ok and why in problem


def test_personal_id_must_agree_with_date_of_birth_and_gender():
    assert v.personal_id("077219001234", date_of_birth="2019-03-12", gender="male").ok
    assert v.personal_id("077319001234", date_of_birth="2019", gender="female").ok
    ok, problem, code = v.personal_id("077219001234", date_of_birth="2018-03-12")
    assert not ok and "2019" in problem and "2018" in problem and code == v.Problem.DATE_OF_BIRTH
    ok, problem, code = v.personal_id("077219001234", gender="female")
    assert not ok and "male" in problem and code == v.Problem.GENDER
    # the 1900s: 0 male, 1 female
    assert v.personal_id("079185000001", date_of_birth="1985-01-01", gender="female").ok
    assert not v.personal_id("079085000001", gender="female").ok


def test_personal_id_helpers():
    assert v.personal_id_birth_year("077219001234") == 2019
    assert v.personal_id_birth_year("077119001234") == 1919
    assert v.personal_id_gender("077319001234") == "female"
    assert v.personal_id_birth_year("123") is None


# --------------------------------------------------------------------------- enterprise code


def test_enterprise_code_check_digit():
    code = enterprise("350123456")
    assert code == "3501234565"
    assert v.enterprise_code(code).ok
    assert v.enterprise_code(code + "-001").ok
    assert v.enterprise_code(enterprise("010010910")).ok
    bad = code[:9] + str((int(code[9]) + 1) % 10)
    ok, problem, code = v.enterprise_code(bad)
    assert not ok and "check digit" in problem and code == v.Problem.CHECK_DIGIT


def test_enterprise_code_formula_result_ten_is_invalid():
    # find nine digits whose weighted sum is 0 mod 11: the formula gives 10, no valid code
    for n in range(10**8, 10**8 + 2000):
        first9 = f"{n:09d}"
        if v.enterprise_check_digit(first9) is None:
            break
    else:  # pragma: no cover
        pytest.fail("no example found")
    for last in "0123456789":
        assert not v.enterprise_code(first9 + last).ok


@pytest.mark.parametrize("code", ["350123456", "35012345650", "3501234565-01", "3501234565-000", "35O1234565"])
def test_enterprise_code_shape(code):
    assert not v.enterprise_code(code).ok


# --------------------------------------------------------------------------- dossier id


def test_dossier_id():
    assert v.dossier_id("000.00.12.H02-230818-0001").ok
    assert v.dossier_id("000.20.38.H29-240229-0025").ok  # a leap day
    for bad in (
        "000.00.12.H02-230231-0001",  # 31 Feb
        "000.00.12.H02-231318-0001",  # month 13
        "000.00.12.H02-230818-0000",  # sequence starts at 1
        "000.00.12.02-230818-0001",
        "000.00.12.h02-230818-0001",
        "00.00.12.H02-230818-0001",
        "000.00.12.H02-230818-0001 ",
    ):
        assert not v.dossier_id(bad).ok, bad


# --------------------------------------------------------------------------- others


def test_certificate_serial():
    assert v.certificate_serial("CĐ 123456").ok and v.certificate_serial("BH 000123").ok
    for bad in ("CĐ123456", "cđ 123456", "C 123456", "CĐ 12345", "CĐ 1234567"):
        assert not v.certificate_serial(bad).ok, bad


def test_insurance_number():
    assert v.insurance_number("DN4797914123456").ok
    assert v.insurance_number("4797914123").ok
    for bad in ("DN 4797914123456", "DN479791412345", "D14797914123456", "DN9797914123456", "479791412"):
        assert not v.insurance_number(bad).ok, bad


def test_document_number():
    for good in (
        "2667/QĐ-UBND",
        "15/QĐ-UBND",
        "123/2019",
        "45/TLKT-BS",
        "1234/GPXD",
        "707/QĐ-TTg",
        "83/TTr-UBND",
        "20/2020/QĐ-TTg",
        "12/QĐ-UBND.VX",
    ):
        assert v.document_number(good).ok, good
    # a symbol in small letters is OCR's misreading of capitals (a fax's "QĐ-KT")
    for bad in ("2667 /QĐ-UBND", "QĐ-UBND", "123", "/2019", "3087/oĐ-kr", "3087/QĐ-kr", "15/qd-ubnd"):
        assert not v.document_number(bad).ok, bad


def test_check_dispatches_on_kind():
    assert kinds.check("date", "2023-08-18").ok and not kinds.check("date", "2023-02-30").ok
    assert kinds.check("year_or_date", "1986").ok
    assert kinds.check("expiry", "none").ok
    assert kinds.check("gender", "female").ok and not kinds.check("gender", "nữ").ok
    assert kinds.check("area_m2", "152.5").ok and not kinds.check("area_m2", "152,5").ok
    assert kinds.check("integer", "412").ok and not kinds.check("integer", "0412").ok
    assert kinds.check("name", "Nguyễn Văn An").ok and not kinds.check("name", "An").ok
    assert kinds.check("personal_id", "077219001234", date_of_birth="2018").ok is False
    assert kinds.check("form_code", "CT01").ok


def test_repair_personal_id_puts_back_a_misread_leading_zero():
    today = dt.date(2026, 12, 1)
    # 0 read as 6 / 8 / 9 in the province code (always 0xx)
    assert v.repair_personal_id("649063290573", today=today) == "049063290573"
    assert v.repair_personal_id("879167680846", date_of_birth="1967-02-01", today=today) == "079167680846"
    # the repair must still agree with the date of birth and gender
    assert v.repair_personal_id("679167680846", date_of_birth="1968-02-01", today=today) is None
    assert v.repair_personal_id("679167680846", gender="male", today=today) is None  # digit 1: female
    # nothing to repair, or not a look-alike of 0
    assert v.repair_personal_id("079167680846", today=today) is None
    assert v.repair_personal_id("179167680846", today=today) is None
    assert v.repair_personal_id("6791676808", today=today) is None
    # a lost leading 0
    assert v.repair_personal_id("79074983449", date_of_birth="1974-05-01", today=today) == "079074983449"
    assert v.repair_personal_id("99074983449", today=today) is None


def test_an_id_head_with_no_provinces_code_is_repaired_by_one_confusable_digit():
    from digitize.understand.validators import repair_personal_id_head

    assert repair_personal_id_head("055091690776", date_of_birth="1991-05-02", gender="male") == "056091690776"
    assert repair_personal_id_head("677091690776", date_of_birth="1991", gender="male") == "077091690776"
    # needs both the date of birth and the sex; a real province's code is left alone
    assert repair_personal_id_head("055091690776", date_of_birth="1991-05-02", gender=None) is None
    assert repair_personal_id_head("077091690776", date_of_birth="1992-05-02", gender="male") is None
    # more than one change would do: not guessed
    assert repair_personal_id_head("071091690776", date_of_birth="1991-05-02", gender="male") is None


def test_an_insurance_group_code_that_is_no_groups_is_flagged_or_put_right_by_one_confusable_letter():
    assert not v.insurance_number("IS1797900856260").ok  # IS: no beneficiary group
    assert v.repair_insurance_number("IS1797900856260") is None  # TS or LS: not guessed
    assert v.repair_insurance_number("TH1797900856260") == "TN1797900856260"
    assert v.repair_insurance_number("DH4797914123456") == "DN4797914123456"
    assert v.repair_insurance_number("DN4797914123456") is None  # a group's code: as read
    assert v.repair_insurance_number("ZZ4797914123456") is None  # no look-alike makes one
    assert v.repair_insurance_number("DH9797914123456") is None  # benefit level 9: still wrong
    assert kinds.check_or_repair("insurance_number", "DH4797914123456") == ("DN4797914123456", v.OK, True)
    assert kinds.check_or_repair("insurance_number", "DN4797914123456") == ("DN4797914123456", v.OK, False)
    assert not kinds.check_or_repair("insurance_number", "IS1797900856260")[1].ok


def test_one_registry_of_kinds_serves_the_catalogue_reading_checking_and_typing():
    # the kinds whose shape is distinctive enough to be looked for anywhere on a page
    assert kinds.SEARCHABLE == {
        "personal_id",
        "enterprise_code",
        "dossier_id",
        "certificate_serial",
        "insurance_number",
        "document_number",
        "form_code",
    }
    assert kinds.FREE_KINDS == {"name", "address", "text"}
    # what a person types ends in the form the page's reading gives
    assert kinds.typed("personal_id", " 077 219 001234 ") == "077219001234"
    assert kinds.typed("date", "18/8/2023") == "2023-08-18"
    assert kinds.typed("gender", "Nữ") == "female"
    assert kinds.typed("expiry", "Không thời hạn") == "none"
    assert kinds.typed("integer", "0412") == "412"
    assert kinds.typed("address", "Số 5,  phố Huế") == "Số 5, phố Huế"
    assert kinds.check("no_such_kind", "x").ok


def test_an_officials_title_is_no_name():
    # the words under a signature ("PHÓ CHỦ TỊCH") were taken for a permit holder's name
    for title in ("PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "Giám đốc", "TRƯỞNG PHÒNG"):
        assert not v.name(title).ok, title
    assert v.name("Nguyễn Bích Thủy").ok and v.name("CHU THỊ TỊCH").ok


def test_words_mostly_no_name_has_are_no_name():
    # the signer's heading under the wife's column ("NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN") was
    # taken for her name: of its seven words only Ký is a name
    assert not v.name("NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN").ok
    assert not v.name("Chủ tịch Ủy ban nhân dân").ok
    # names whose words the stock lacks in part stay names: half is enough, and up to three
    # words say little (Chu, a family name, is not in the stock)
    assert v.name("Tôn Nữ Thị Ngọc Hân").ok and v.name("Lò Văn Xứng").ok and v.name("CHU THỊ TỊCH").ok
    assert v.name("Hoàng Thị Mỷ").ok and v.name("Ksor H'Bia").ok
