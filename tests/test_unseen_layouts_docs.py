"""Classes of extraction misses on decisions, business registrations, construction permits
and land certificates read from photocopies and faxes: one test each, from OCR-like text."""

from __future__ import annotations

from tests.extraction_support import field_values as _fields


def test_a_date_of_birth_wrapped_inside_its_table_cell_is_read_across_the_break():
    # a narrow "Ngày sinh" column: "ngày 14 tháng" / "11 năm 1975"; the year alone on the
    # second line is not the date
    text = """
        UBND HUYỆN XUYÊN MỘC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN XÃ BÔNG TRANG\tĐộc lập - Tự do - Hạnh phúc
        Số: 418/QĐ-UBND\t>> Bông Trang, ngày 3 tháng 5 năm 2021
        # QUYẾT ĐỊNH
        > Về việc hỗ trợ chi phí mai táng
        Điều 1. Hỗ trợ chi phí mai táng cho người có tên sau:
        @300 TT\t@560 Họ và tên\t@1000 Ngày sinh\t@1400 Số CCCD\t@1850 Nơi cư trú
        @300 1\t@560 Đinh Gia Tường\t@980 ngày 14 tháng\t@1330 077075112233\t@1850 ấp Bàu Lâm,
        @980 11 năm 1975\t@1850 xã Bông Trang
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
    """
    fields = _fields("decision", text)
    assert fields["date_of_birth"] == "1975-11-14"
