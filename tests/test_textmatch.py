"""Diacritic-insensitive, OCR-tolerant matching."""

from __future__ import annotations

import unicodedata

import pytest

from digitize.understand.textmatch import (
    find_in_tokens,
    fold,
    fold_chars,
    key_similarity,
    match_key,
    match_title,
    partial_similarity,
)


def _similarity(a: str, b: str) -> float:
    """How extract and classify compare a label with what was read: on the match keys."""
    return key_similarity(match_key(a), match_key(b))


def keys(text: str) -> list[str]:
    return [match_key(w) for w in text.split()]


@pytest.mark.parametrize(
    "a, b",
    [
        ("hòa", "hoa"),
        ("hoà", "hoa"),
        ("HÒA", "hoa"),
        ("Thuỵ", "thuy"),
        ("Thụy", "thuy"),
        ("Đặng Quốc Việt", "dang quoc viet"),
        ("đường", "duong"),
        ("  Nguyễn   Văn\tAn ", "nguyen van an"),
        ("Ngày, tháng, năm sinh", "ngay, thang, nam sinh"),
    ],
)
def test_fold(a, b):
    assert fold(a) == b


def test_fold_accepts_decomposed_input_and_both_tone_placements():
    decomposed = unicodedata.normalize("NFD", "Hoà Bình")
    assert fold(decomposed) == fold("Hòa Bình") == "hoa binh"


def test_fold_chars_keeps_offsets():
    text = "Vũng Tàu, ngày 18 tháng 8 năm 2023"
    assert len(fold_chars(text)) == len(text)
    assert fold_chars(text).index("ngay") == text.index("ngày")


@pytest.mark.parametrize(
    "label, read",
    [
        ("Ngày sinh", "Ngay s1nh"),  # dropped marks, 1 for i
        ("Họ và tên", "Ho va tèn"),  # wrong mark
        ("Số định danh cá nhân", "S0 đinh danh cá nhân"),  # 0 for o
        ("Nơi thường trú", "Noi thuòng trú"),
        ("Giới tính", "Gioi tinh"),
        ("Ngày sinh", "Ngàysinh"),  # words run together
        ("Quê quán", "Quê  quan"),
        ("Họ, chữ đệm và tên", "Ho chu đem va ten"),
    ],
)
def test_label_similarity_survives_ocr_noise(label, read):
    assert _similarity(label, read) >= 90


def test_different_labels_stay_apart():
    assert _similarity("Nơi sinh", "Nơi cư trú") < 80
    assert _similarity("Họ và tên", "Dân tộc") < 50


def test_find_label_in_tokens_with_split_and_merged_words():
    m = find_in_tokens(keys("1. Ngày, tháng, năm sinh: 12/03/1990"), "Ngày, tháng, năm sinh")
    assert [(x.start, x.end) for x in m] == [(1, 5)]
    m = find_in_tokens(keys("Ng ày sinh: 12/03/1990"), "Ngày sinh")
    assert m and m[0].start == 0 and m[0].end == 3
    m = find_in_tokens(keys("Ngàysinh: 12/03/1990"), "Ngày sinh")
    assert m and (m[0].start, m[0].end) == (0, 1)
    m = find_in_tokens(keys("S0 đinh danh ca nhan: 079"), "Số định danh cá nhân")
    assert m and (m[0].start, m[0].end) == (0, 5)


def test_short_labels_need_an_exact_word():
    assert find_in_tokens(keys("Số: 123"), "Số")
    assert not find_in_tokens(keys("Sở Tư pháp"), "Số") == []  # Sở folds to "so" as well
    assert find_in_tokens(keys("CÔNG AN"), "Chồng") == []
    assert find_in_tokens(keys("Công dân"), "Ông") == []


def test_fuzzy_label_does_not_match_a_lookalike_word_pair():
    # "Lợi, tỉnh" looks like "Giới tính" once marks and l/i are folded; the first letter differs
    assert find_in_tokens(keys("Bệnh viện Lê Lợi, tỉnh Bà Rịa"), "Giới tính") == []


def test_title_match_prefix_patterns():
    assert match_title("ĐƠN …", "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG").score == 1.0
    assert match_title("TỜ KHAI …", "TO KHAI THAY DOI THONG TIN CU TRU").score == 1.0
    assert match_title("ĐƠN …", "CÔNG AN PHƯỜNG").score == 0.0


def test_title_match_penalises_a_pattern_that_is_only_part_of_a_long_line():
    exact = match_title("QUYẾT ĐỊNH", "QUYẾT ĐỊNH")
    mention = match_title("QUYẾT ĐỊNH", "Căn cứ Quyết định số 15/2021/QĐ-UBND ngày 12 tháng 3 năm 2021")
    assert exact.score == 1.0
    assert mention.likeness == 100 and mention.score < 0.7


def test_title_match_tolerates_ocr_errors_and_missing_marks():
    assert match_title("GIẤY KHAI SINH", "GIAY KHAl SINH").likeness >= 90
    assert match_title("TRÍCH LỤC KHAI TỬ", "TRÍCH LUC KHAI TU").likeness >= 95
    assert match_title("TRÍCH LỤC KHAI SINH", "TRÍCH LỤC KHAI TỬ").likeness < 90


def test_partial_similarity_short_needles_are_words():
    assert partial_similarity("vợ", "thông tin người vợ") == 100
    assert partial_similarity("vợ", "võng") == 0


def test_a_label_word_replaced_by_another_word_is_no_label():
    # OCR garbles, splits and joins a label's words, but does not swap one for another
    assert find_in_tokens(keys("Dã đăng ký Kết hôn tại Ủy ban"), "Đã đăng ký kết hôn ngày") == []
    m = find_in_tokens(keys("Đã đăng ky kết hỏn ngáy 02/03/2016"), "Đã đăng ký kết hôn ngày")
    assert m and m[0].end == 6
