"""Field extraction on OCR-noisy pages: the misreads met on generated scans (train split),
written as plain text pages."""

from __future__ import annotations

from digitize.catalogue import load_catalogue
from digitize.extract import extract
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")


def _fields(text: str, doc_type: str) -> dict[str, str]:
    result = extract([page_from_text(text)], doc_type, CAT)
    return {k: v["value"] for k, v in result.fields.items()}


def test_a_short_label_inside_a_misread_longer_one_is_part_of_it():
    # "Tờ" read "TỪ": "Tờ bản đồ số:" still matches as a whole, its "số:" is no ID label
    got = _fields("""
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        a) Thửa đất số: 1236;\tTỪ bản đồ số: 14;
        c) Diện tích: 809 m2
    """, "land_use_certificate")
    assert got["parcel_number"] == "1236"
    assert got["map_sheet_number"] == "14"


def test_a_heading_label_wrapped_in_its_cell_goes_on_under_its_own_words():
    # OCR read "Thửa đất  Tờ bản đồ" as one cell; each heading's "số" is under its own words:
    # the map sheet is the number under "Tờ bản đồ / số", not the one under "Thửa đất / số"
    got = _fields("""
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        @200 Thửa đất Tờ bản đồ\t@640 Diệntích\t@860 Mục đích sử dụng
        @250 số\t@470 số\t@680 (m2)
        @245 552\t@470 03\t@670 819,5\t@920 Đất trồng lúa
    """, "land_use_certificate")
    assert got["parcel_number"] == "552"
    assert got["map_sheet_number"] == "3"
