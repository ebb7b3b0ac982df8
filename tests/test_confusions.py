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
    assert c.to_letters("0158624") == "OISBGZA"
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


def test_one_confusion_apart():
    assert c.one_confusion_apart("1982", "1962")
    assert not c.one_confusion_apart("1982", "1972")  # 8/7: no confusion
    assert not c.one_confusion_apart("1982", "1960")  # two places
    assert not c.one_confusion_apart("198", "1982")
