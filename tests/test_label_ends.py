"""A value ends where label-shaped text follows it on its line: a known field label of any
type in the catalogue with its colon (not only the labels the document's own type lists), a
numbered item, an unknown ``Label:``; a label's words in a value without a colon do not end it."""

from __future__ import annotations

import pytest

from digitize.understand.catalogue import load_catalogue
from tests.extraction_support import field_values as _fields

CAT = load_catalogue(home="/nonexistent")


@pytest.mark.parametrize("merge_cells", [False, True])
def test_a_name_ends_before_a_birth_year_label_the_type_does_not_have(merge_cells):
    # a land use certificate has no date of birth: "Năm sinh" is not among its labels
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        Ông (bà): TRẦN VĂN BA   Năm sinh: 1990
        CCCD số: 079090001234
    """
    got = _fields("land_use_certificate", text, merge_cells=merge_cells)
    assert got["full_name"] == "TRẦN VĂN BA"
    assert got["personal_id"] == "079090001234"


@pytest.mark.parametrize(
    ("doc_type", "line", "field", "want"),
    [
        ("land_use_certificate", "Ông (bà): TRẦN VĂN BA Nơi sinh: Hà Nội", "full_name", "TRẦN VĂN BA"),
        ("land_use_certificate", "Ông (bà): TRẦN VĂN BA Ngày sinh: 01/02/1990", "full_name", "TRẦN VĂN BA"),
        # a label of another type inside a longer wording: the value still ends at its start
        ("land_use_certificate", "Ông (bà): TRẦN VĂN BA Địa chỉ thường trú: Hà Nội", "full_name", "TRẦN VĂN BA"),
        ("residence_confirmation", "Họ và tên: Hồ Gia Long Nơi sinh: Hà Nội", "full_name", "Hồ Gia Long"),
        ("receipt", "Họ tên: TRẦN VĂN BA Năm sinh: 1990", "full_name", "TRẦN VĂN BA"),
        (
            "marriage_certificate",
            "Họ, chữ đệm, tên người chồng: TRẦN VĂN MINH Năm sinh: 1948",
            "husband_name",
            "TRẦN VĂN MINH",
        ),
        (
            "residence_confirmation",
            "Nơi thường trú: Số 5 đường Lê Lợi, phường Bến Nghé Quê quán: Huế",
            "permanent_address",
            "Số 5 đường Lê Lợi, phường Bến Nghé",
        ),
    ],
)
def test_a_value_ends_before_another_types_label_with_its_colon(doc_type, line, field, want):
    title = CAT.types[doc_type].titles[0].replace("…", "").strip()
    got = _fields(doc_type, f"# {title}\n{line}\n")
    assert got[field] == want


def test_a_value_ends_before_a_numbered_item():
    text = """
        # GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        1. Họ và tên: Hồ Gia Long 2. Nơi sinh Hà Nội
        3. Nơi thường trú: Số 5 đường Lê Lợi, phường Bến Nghé 4. Quê quán Huế
    """
    got = _fields("residence_confirmation", text)
    assert got["full_name"] == "Hồ Gia Long"
    assert got["permanent_address"] == "Số 5 đường Lê Lợi, phường Bến Nghé"


@pytest.mark.parametrize(
    "address",
    [
        "Số 5, đường Năm Sinh, phường Bến Nghé",
        "Số 12 đường Ngày Sinh Quê Hương, phường 3",
        "Số 7 hẻm Nơi Sinh, xã An Phú",
    ],
)
def test_label_words_without_a_colon_inside_a_value_do_not_end_it(address):
    text = f"""
        # GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
        Họ và tên: Hồ Gia Long
        Nơi thường trú: {address}
    """
    got = _fields("residence_confirmation", text)
    assert got["full_name"] == "Hồ Gia Long"
    assert got["permanent_address"] == address


@pytest.mark.parametrize("last", ["CHI", "CHÍ"])
def test_a_names_last_word_with_a_speck_colon_before_the_next_label_ends_no_label(last):
    # "CHI:" is another type's "Chị:" and the end of "Địa chỉ:", "CHÍ:" the former read with
    # other marks; with "Năm sinh:" right after it, it would label nothing: the name goes on
    text = f"""
        # GIẤY PHÉP XÂY DỰNG
        Số: 13/GP-UBND
        1. Cấp cho: Chủ đầu tư TRẦN QUỲNH CẨM {last}: Năm sinh: 1979
        Địa chỉ: Số 208 đường Lý Thường Kiệt, phường 13, quận Bình Thạnh
    """
    assert _fields("construction_permit", text)["full_name"] == f"TRẦN QUỲNH CẨM {last}"
    # a label with a value after it stays one
    couple = "# GIẤY CHỨNG NHẬN KẾT HÔN\nANH: NGUYỄN VĂN AN CHỊ: TRẦN THỊ BÍCH\n"
    assert _fields("marriage_certificate", couple)["husband_name"] == "NGUYỄN VĂN AN"
