"""Checks between fields that settle what a fax or a photocopy garbled (issue 20): a year of
birth OCR read out of range, put right from the 12-digit personal ID for review."""

from __future__ import annotations

from digitize.understand.catalogue import load_catalogue
from digitize.understand.dates import find_dates
from digitize.understand.extract import extract
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")

CARD = """CĂN CƯỚC CÔNG DÂN
Số/ No.: 056187782031
Họ và tên / Full name:
PHAN CẨM HOA
Ngày sinh / Date of birth: 25/11/1087
Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam
Có giá trị đến: 25/11/2027"""


def test_a_year_of_birth_read_out_of_range_is_put_right_from_the_id_for_review():
    result = extract([page_from_text(CARD)], "citizen_id_card", CAT)
    assert result.fields["date_of_birth"]["value"] == "1987-11-25"  # the ID's 1(87): a woman born 1987
    assert "low_confidence:date_of_birth" in result.review_reasons


def test_without_an_id_such_a_date_is_reported_as_read_and_invalid():
    result = extract([page_from_text(CARD.replace("Số/ No.: 056187782031", ""))], "citizen_id_card", CAT)
    assert result.fields["date_of_birth"]["value"] == "1087-11-25"
    assert "invalid:date_of_birth" in result.review_reasons
    # a year no single misread digit brings in range is no date at all (a code, a sum)
    assert find_dates("25/11/5087") == []
