"""The one table of OCR confusions and the one repair (ocr/confusions.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ocr import confusions as c

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- the table


def test_letters_read_for_digits_have_a_direction():
    assert c.to_digits("O7I2S5B8Z0G6") == "071255882066"
    assert c.to_digits("l|!i") == "1111"
    # a digit where a capital must stand: the other direction
    assert c.to_letters("015862") == "OISBGZ"
    assert "4".translate(c.OCR_B_TO_LETTER) == "A" and c.to_letters("4") == "4"  # OCR-B only
    assert "L".translate(c.OCR_B_TO_DIGIT) == "1" and c.to_digits("L") == "L"
    # letters that stand for no digit, and digits, stay as they are
    assert c.to_digits("AHK 019") == "AHK 019"


def test_digit_confusions_go_both_ways_and_the_common_ones_are_a_subset():
    for d, alts in c.DIGIT_FOR_DIGIT.items():
        for a in alts:
            assert d in c.DIGIT_FOR_DIGIT[a], (d, a)
    for d, alts in c.COMMON_DIGIT_FOR_DIGIT.items():
        assert set(alts) <= set(c.DIGIT_FOR_DIGIT[d])
    assert "3" in c.DIGIT_FOR_DIGIT["5"] and "3" not in c.COMMON_DIGIT_FOR_DIGIT["5"]
    assert "5" not in c.DIGIT_FOR_DIGIT["0"]  # Tesseract does not read a 5 for a 0 in print
    assert "9" not in c.DIGIT_FOR_DIGIT["6"]  # nor a 9 for a 6: one is the other turned over
    assert c.alternatives("6", into="0") == "0"
    assert c.alternatives("Y", "letter_for_letter") == "V"


def test_the_fold_merges_only_the_look_alikes_drawn_like_the_digit():
    assert c.fold_map() == {"0": "o", "1": "i", "l": "i", "|": "i", "!": "i"}
    assert re.fullmatch(c.digit_like(), "O") and not re.fullmatch(c.digit_like(same_shape=True), "S")


def test_no_second_table_of_look_alikes_in_the_code():
    """Each table is defined once: no dict or string of letter/digit look-alikes elsewhere."""
    pattern = r'"O": "0"|"0": "O"|"OQD|"689"|"6895"|"0125846"|"il\|"|"Il\|"|\[0-9OoI|_LOOKALIKES = |_CONFUSABLE = '
    done = subprocess.run(
        ["grep", "-rnE", pattern, "--include=*.py", "digitize", "ocr", "cli.py", "workers"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    hits = [line for line in done.stdout.splitlines() if not line.startswith("ocr/confusions.py")]
    assert hits == []


# --------------------------------------------------------------------------- the repair


def test_one_change_repairs():
    assert c.repair("2921", lambda y: 1800 <= int(y) <= 2199, into="0") == "2021"
    assert c.repair("1234", lambda v: v == "1234") is None  # the value itself is not tried


def test_two_changes_only_when_allowed_and_only_after_one():
    def check(v):
        return v == "0000"

    assert c.repair("6800", check) is None
    assert c.repair("6800", check, max_changes=2) == "0000"
    # a one-change reading that passes is preferred to any two-change one
    assert c.repair("6800", lambda v: v in ("0800", "0000"), max_changes=2) == "0800"


def test_an_ambiguous_repair_is_none():
    # 8 may be a 0, 3, 6 or 9: two of them pass
    assert c.repair("8", lambda v: v in ("0", "6")) is None
    assert c.repair("8", lambda v: v in ("0", "6"), into="0") == "0"  # the narrower subset decides


def test_positions_and_the_common_subset():
    assert c.repair("888", lambda v: v == "808", positions=[0]) is None
    assert c.repair("888", lambda v: v == "808", positions=[1]) == "808"
    # 5 → 3 is a confusion of the full table only
    assert c.repair("5", lambda v: v == "3") == "3"
    assert c.repair("5", lambda v: v == "3", table=c.COMMON_DIGIT_FOR_DIGIT) is None


def test_direction_of_the_letter_tables():
    # D may be an O; O may be a D or a C: the letter table is read → what it may have been
    assert c.repair("DN", lambda v: v == "ON", table="letter_for_letter") == "ON"
    assert c.repair("ON", lambda v: v == "DN", table="letter_for_letter") == "DN"
    assert c.repair("TE", lambda v: v == "IE", table="letter_for_letter") == "IE"
    assert c.repair("IE", lambda v: v in ("TE", "LE"), table="letter_for_letter") is None


def test_capitals_read_small_are_those_drawn_alike():
    assert c.SMALL_FOR_CAPITAL["c"] == "C" and c.alternatives("s", "small_for_capital") == "S"
    assert "a" not in c.SMALL_FOR_CAPITAL and "q" not in c.SMALL_FOR_CAPITAL  # drawn otherwise


def test_one_confusion_apart():
    assert c.one_confusion_apart("1982", "1962")
    assert not c.one_confusion_apart("1982", "1972")  # 8/7: no confusion
    assert not c.one_confusion_apart("1982", "1960")  # two places
    assert not c.one_confusion_apart("198", "1982")


# --------------------------------------------------------------------------- the former copies


def test_every_former_copy_still_repairs_what_it_did():
    from digitize.link import barcodes
    from digitize.understand import dates, textmatch, tidy, validators, values
    from digitize.understand.layout import ocr_letters
    from ocr import mrz, wordfilter

    today = __import__("datetime").date(2025, 6, 1)
    # personal ID: a 6/8/9 read for the province code's 0; the head by one common confusion
    assert validators.repair_personal_id("649063290573", today=today) == "049063290573"
    assert validators.repair_personal_id("549063290573", today=today) is None  # 5 is no 0
    assert (
        validators.repair_personal_id_head("055091690776", date_of_birth="1991-05-02", gender="male") == "056091690776"
    )
    # insurance: a capital read for another in the group code
    assert validators.repair_insurance_number("DH4797914123456") == "DN4797914123456"
    # dates: 6/8/9 read for a 0 in a day, a month or a year
    assert dates.parse_date("ngày 61/01/2017") == "2017-01-01"
    assert dates.parse_date("ngày 12/05/2921") == "2021-05-12"
    assert dates.parse_date("Long Điền, ngày 91 tháng 91 năm 2916") == "2016-01-01"
    assert dates.parse_date("ngày II tháng O3 năm 2020") == "2020-03-11"
    # dossier codes in text: letters read for digits, a digit for the agency letter
    assert barcodes.find_dossier_ids("Mã: OOO.OO.l2.HO2-23O818-OOO1") == ["000.00.12.H02-230818-0001"]
    assert barcodes.find_dossier_ids("Mã: 000.00.12.802-230818-0001") == ["000.00.12.B02-230818-0001"]
    # numbers, serials and document numbers in values
    assert values.fix_digits("Số O79l67680846") == "Số 079167680846"
    assert values._fix_serial("CĐ 12345O") == "CĐ 123450"
    assert values._fix_doc_number("l5/QĐ-UBND") == "15/QĐ-UBND"
    # the fuzzy fold of labels, tidy's strokes, the slash and the MRZ
    assert textmatch.match_key("S0 định danh") == "so dinh danh"
    assert tidy._tidy_unit("khu phố I") == "khu phố 1"
    assert tidy._unglued("INGUYỄN") == ["NGUYỄN"]
    assert wordfilter.strip_rules("29\u29f812\u20442006") == "29/12/2006"
    assert ocr_letters("4/5\u29f82025") == "4/5/2025"
    lines = ["IDVNM2O3O1234567O1234567890123", "9001O12M3OO1O12VNM<<<<<<<<<<<6", "NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<"]
    assert mrz.tidy_td1(lines)[1] == "9001012M3001012VNM<<<<<<<<<<<6"


def test_a_capital_broken_in_two_is_rejoined_and_a_glued_full_stop_is_not():
    from ocr.confusions import capitals_rejoined

    assert capitals_rejoined("PH.VM") == "PHAM"
    assert capitals_rejoined("L.\\N") == "LAN" and capitals_rejoined("KH\\I") == "KHAI"
    assert capitals_rejoined(".\\n") == "An"  # a backslash: never Vietnamese, whatever the case
    assert capitals_rejoined("ông.Văn") is None  # a full stop glued to the next word
    assert capitals_rejoined("12\\3") is None and capitals_rejoined("TRẦN") is None


def test_an_l_whose_foot_broke_off_as_a_full_stop_inside_a_word_is_rejoined():
    from ocr.confusions import capitals_rejoined

    assert capitals_rejoined("I.ưu") == "Lưu" and capitals_rejoined("BI.ĐT") == "BLĐT"
    # a full stop at a word's end, or between two words glued together, stays a stop
    assert capitals_rejoined("HẢI.") is None and capitals_rejoined("KHU.I.") is None
    assert capitals_rejoined("THI.NHÂN") is None and capitals_rejoined("PHI.Vân") is None


def test_an_h_whose_crossbar_was_lost_is_one_letter_again():
    # a copy's H read as its two stems, I and l: the company's stock phrase and a street's
    # name are mended by the one table entry
    from digitize.understand.tidy import tidy_address, tidy_company

    assert c.SPLIT_LETTER["il"] == "h"
    assert "hai" in c.letters_joined("ilai")
    got = tidy_company("CÔNG TY TRÁCH NHIỆM HỮU ILAN MỘT THÀNH VIÊN THỰC PHẨM")
    assert got == "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN THỰC PHẨM"
    assert tidy_address("125 đường Ilai Bà Trưng, phường Phú Mỹ") == "125 đường Hai Bà Trưng, phường Phú Mỹ"
