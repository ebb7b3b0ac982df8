"""Field extraction over OCR-like pages: every catalogue type, noisy text, layouts."""

from __future__ import annotations

import pytest

from digitize.understand.catalogue import load_catalogue, loads_catalogue
from digitize.understand.extract import LOW_CONFIDENCE, extract
from digitize.understand.layout import layout_page
from tests.pagetext import L, page_from_lines, page_from_text
from tests.sample_documents import DOCS

CAT = load_catalogue(home="/nonexistent")


def _pages(texts: list[str], **kw):
    return [page_from_text(t, **kw) for t in texts]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_reads_the_fields_of_every_sample(name):
    doc_type, texts, expected = DOCS[name]
    result = extract(_pages(texts), doc_type, CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    for field, value in expected.items():
        assert got.get(field) == value, f"{name}: {field}: got {got.get(field)!r}, want {value!r}"
    # only the type's own fields, each with confidence and a page number
    allowed = set(CAT.types[doc_type].fields)
    assert set(got) <= allowed
    for v in result.fields.values():
        assert 0.0 <= v["confidence"] <= 1.0 and v["page"] >= 1


def test_every_catalogue_type_and_field_is_covered_by_a_sample():
    covered: dict[str, set[str]] = {}
    for doc_type, _, expected in DOCS.values():
        covered.setdefault(doc_type, set()).update(expected)
    for code, doc in CAT.types.items():
        assert code in covered, code
        missing = set(doc.fields) - covered[code]
        # place_of_residence is covered by the old CMND sample
        assert not missing or missing <= {"place_of_residence"}, (code, missing)


def test_fields_not_on_the_page_are_left_out():
    result = extract(_pages(DOCS["cmnd_old"][1]), "citizen_id_card", CAT)
    assert "gender" not in result.fields and "expiry_date" not in result.fields
    result = extract(_pages(DOCS["marriage_lines"][1]), "marriage_certificate", CAT)
    assert set(result.fields) == {"husband_name", "wife_name", "registration_date", "document_number"}


def test_values_are_found_on_the_right_page():
    result = extract(_pages(DOCS["land"][1]), "land_use_certificate", CAT)
    assert result.fields["full_name"]["page"] == 1
    assert result.fields["area_m2"]["page"] == 2
    assert result.fields["issue_date"]["page"] == 2


def test_card_address_wrapping_onto_a_second_line_is_joined():
    result = extract(_pages(DOCS["cccd_chip"][1]), "citizen_id_card", CAT)
    assert result.fields["place_of_residence"]["value"] == "12 Lê Lợi, Phường 1, Thành phố Vũng Tàu, Bà Rịa - Vũng Tàu"


def test_full_name_is_the_citizen_not_the_signer_or_the_household_head():
    result = extract(_pages(DOCS["ct01_noisy"][1]), "application_form", CAT)
    assert result.fields["full_name"]["value"] == "ĐỖ THỊ HOÀ"
    assert result.fields["personal_id"]["value"] == "077195001234"  # not the chủ hộ's
    result = extract(_pages(DOCS["death"][1]), "death_certificate", CAT)
    assert result.fields["full_name"]["value"] == "TRẦN VĂN MINH"  # not the declarant
    assert result.fields["personal_id"]["value"] == "077048001122"


def test_values_keep_their_diacritics_as_read():
    result = extract(_pages(DOCS["residence"][1]), "residence_confirmation", CAT)
    assert result.fields["full_name"]["value"] == "Hồ Gia Long"


def test_old_and_new_tone_placement_in_labels_match():
    # "Hoà" (old placement) vs "Hòa" in the value stays as printed; labels match either way
    text = """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: Nguyễn Thuỵ Hoà
        Ngày sinh: 01/02/2020
    """
    result = extract([page_from_text(text)], "birth_certificate", CAT)
    assert result.fields["full_name"]["value"] == "Nguyễn Thuỵ Hoà"


def test_two_column_layout_merged_by_ocr_into_one_line():
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Họ và tên: LÊ VĂN TÁM\tGiới tính: Nữ
        Ngày sinh: 03/04/2001\tMã số: 4797914123
    """
    result = extract([page_from_text(text, merge_cells=True)], "health_insurance_card", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["full_name"] == "LÊ VĂN TÁM"
    assert got["gender"] == "female"
    assert got["date_of_birth"] == "2001-04-03"
    assert got["insurance_number"] == "4797914123"


def test_label_and_value_in_separate_columns_without_colon():
    text = """
        # GIẤY KHAI SINH
        Họ và tên\tPHAN THANH BÌNH
        Ngày sinh\t07.09.2018
        Giới tính\tNam
    """
    result = extract([page_from_text(text)], "birth_certificate", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got == {"full_name": "PHAN THANH BÌNH", "date_of_birth": "2018-09-07", "gender": "male"}


def test_value_on_the_line_below_the_label():
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Họ và tên:
          TRẦN THỊ BÍCH
        Ngày, tháng, năm sinh:
          ngày 3 tháng 4 năm 1999
        Nơi thường trú:
          Tổ 5, ấp Bắc, xã Hòa Long
          thành phố Bà Rịa
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["full_name"] == "TRẦN THỊ BÍCH"
    assert got["date_of_birth"] == "1999-04-03"
    assert got["place_of_residence"] == "Tổ 5, ấp Bắc, xã Hòa Long, thành phố Bà Rịa"


def test_ocr_swaps_in_labels_and_values():
    text = """
        # TRICH LUC KHAI TU
        S0: 7/TLKT
        Ho, chu dem, ten: VU VAN LONG
        S0 dinh danh ca nhan: O77O5OOO1l22
        Da chet vao luc: 05 gio, ngay 9 thang 1O nam 2O22
    """
    result = extract([page_from_text(text)], "death_certificate", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["full_name"] == "VU VAN LONG"
    assert got["personal_id"] == "077050001122"
    assert got["date_of_death"] == "2022-10-09"
    assert got["document_number"] == "7/TLKT"


# --------------------------------------------------------------------------- validation


def test_bad_check_digit_is_kept_and_flagged_invalid():
    # no single change of a digit OCR confuses settles it (several pass): kept as read
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
        Mã số doanh nghiệp: 3501234561
        Tên công ty: CÔNG TY CỔ PHẦN AN PHÁT
    """
    result = extract([page_from_text(text)], "business_registration", CAT)
    assert result.fields["enterprise_code"]["value"] == "3501234561"
    assert result.fields["enterprise_code"]["confidence"] < LOW_CONFIDENCE
    assert "invalid:enterprise_code" in result.review_reasons


def test_branch_enterprise_code():
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH
        Mã số chi nhánh: 3501234565-001
    """
    result = extract([page_from_text(text)], "business_registration", CAT)
    assert result.fields["enterprise_code"]["value"] == "3501234565-001"
    assert result.review_reasons == []


def test_id_that_contradicts_the_date_of_birth_is_flagged():
    text = """
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        Họ, chữ đệm và tên: LÝ VĂN AN
        Ngày sinh: 01/01/1985\tGiới tính: Nam
        Số định danh cá nhân: 077090001234
    """
    result = extract([page_from_text(text)], "application_form", CAT)
    assert result.fields["personal_id"]["value"] == "077090001234"
    assert "invalid:personal_id" in result.review_reasons
    assert result.fields["personal_id"]["confidence"] < LOW_CONFIDENCE


def test_impossible_date_is_kept_low_and_flagged():
    text = """
        # GIẤY KHAI SINH
        Họ và tên: ĐINH VĂN NAM
        Ngày sinh: 31/02/2020
    """
    result = extract([page_from_text(text)], "birth_certificate", CAT)
    assert "invalid:date_of_birth" in result.review_reasons
    assert result.fields["date_of_birth"]["confidence"] < LOW_CONFIDENCE


def test_low_ocr_confidence_is_flagged():
    text = """
        # GIẤY KHAI SINH
        Họ và tên: ĐINH~31 VĂN~40 NAM~35
        Ngày sinh: 01/02/2020
    """
    result = extract([page_from_text(text)], "birth_certificate", CAT)
    assert result.fields["full_name"]["value"] == "ĐINH VĂN NAM"
    assert result.fields["full_name"]["confidence"] < LOW_CONFIDENCE
    assert "low_confidence:full_name" in result.review_reasons
    assert result.fields["date_of_birth"]["confidence"] > 0.8
    assert "low_confidence:date_of_birth" not in result.review_reasons


def test_pdf_text_layer_counts_as_high_confidence():
    result = extract(_pages(DOCS["bhyt"][1], pdf=True), "health_insurance_card", CAT)
    assert all(v["confidence"] >= 0.9 for v in result.fields.values())
    assert result.review_reasons == []


def test_year_only_date_of_birth():
    text = """
        # QUYẾT ĐỊNH
        Điều 1. Công nhận hộ cận nghèo đối với hộ ông Lê Văn Sáu, sinh năm 1958, nơi cư trú: ấp 3.
    """
    result = extract([page_from_text(text)], "decision", CAT)
    assert result.fields["date_of_birth"]["value"] == "1958"
    assert result.fields["full_name"]["value"] == "Lê Văn Sáu"


def test_a_year_whose_day_and_month_went_unread_is_for_review():
    # "ngày ?? tháng ?? năm 1962": what was printed before the year is lost, not absent
    text = """
        # TỜ KHAI CĂN CƯỚC
        Họ, chữ đệm và tên khai sinh: Phan Quang Đạt
        Ngày, tháng, năm sinh: ngày %% tháng ** năm 1962
        Số định danh cá nhân: 077062939618
    """
    result = extract([page_from_text(text)], "application_form", CAT)
    assert result.fields["date_of_birth"]["value"] == "1962"
    assert "low_confidence:date_of_birth" in result.review_reasons


def test_area_and_parcel_canonical_forms():
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        Thửa đất số: 007\tTờ bản đồ số: 010
        Diện tích: 1.234,50 m2
        Số phát hành: BH 000123
    """
    result = extract([page_from_text(text)], "land_use_certificate", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["parcel_number"] == "7"
    assert got["map_sheet_number"] == "10"
    assert got["area_m2"] == "1234.5"
    assert got["certificate_serial"] == "BH 000123"


def test_expiry_none_on_a_card_that_never_expires():
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số: 001086001234
        Có giá trị đến: Không thời hạn
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    assert result.fields["expiry_date"]["value"] == "none"


def test_unknown_type_or_empty_pages_give_nothing():
    assert extract([page_from_text("# GIẤY KHAI SINH")], "unknown", CAT) == ({}, [])
    assert extract([], "birth_certificate", CAT) == ({}, [])


def test_a_catalogue_type_added_by_staff_is_extracted():
    cat = loads_catalogue("""
        [types.tax_notice]
        titles = ["THÔNG BÁO NỘP THUẾ"]
        [types.tax_notice.fields]
        taxpayer = { kind = "name", labels = ["Tên người nộp thuế"] }
        amount_date = { kind = "date", labels = ["Hạn nộp"] }
    """)
    text = """
        # THÔNG BÁO NỘP THUẾ
        Tên người nộp thuế: Bùi Thị Yến
        Hạn nộp: 30/09/2024
    """
    result = extract([page_from_text(text)], "tax_notice", cat)
    assert {k: v["value"] for k, v in result.fields.items()} == {"taxpayer": "Bùi Thị Yến", "amount_date": "2024-09-30"}


def test_layout_splits_columns_at_wide_gaps():
    page = page_from_text("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", merge_cells=True)
    lay = layout_page(page)
    assert len(lay.rows) == 1
    assert [s.text for s in lay.rows[0]] == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_a_word_boxed_only_in_part_opens_no_column_gap():
    # a fax's "CẮM" boxed 10 px wide among words of 12 px a letter: measured from its box, the
    # space after it looked like a column's, and the card's name was cut to "NGUYỄN CẮM"
    import dataclasses

    page = page_from_text("NGUYÊN CẮM TRÌNH")
    words = page.words
    cam = words[1]
    x0, y0, x1, y1 = cam.box
    words[1] = dataclasses.replace(cam, box=(x0, y0, x0 + (x1 - x0) * 0.2, y1))
    lay = layout_page(page)
    assert [s.text for s in lay.rows[0]] == ["NGUYÊN CẮM TRÌNH"]
    # a real column gap still splits
    wide = page_from_text("NGUYÊN CẮM\tTRÌNH", merge_cells=True)
    assert len(layout_page(wide).rows[0]) == 2


def test_explicit_line_boxes_from_pagetext_helper():
    page = page_from_lines([L("Họ và tên: AN VĂN BA", x=300), L("Ngày sinh: 1/2/2000", x=300)])
    result = extract([page], "health_insurance_card", CAT)
    assert result.fields["date_of_birth"]["value"] == "2000-02-01"


# --------------------------------------------------------------------------- catalogue

SPEC_FIELDS = {
    "citizen_id_card": [
        "personal_id",
        "full_name",
        "date_of_birth",
        "gender",
        "place_of_origin",
        "place_of_residence",
        "expiry_date",
    ],
    "birth_certificate": [
        "full_name",
        "date_of_birth",
        "gender",
        "personal_id",
        "place_of_birth",
        "mother_name",
        "father_name",
        "registration_date",
    ],
    "death_certificate": [
        "document_number",
        "full_name",
        "date_of_birth",
        "personal_id",
        "date_of_death",
        "issue_date",
    ],
    "marriage_certificate": ["husband_name", "wife_name", "registration_date", "document_number"],
    "residence_confirmation": ["full_name", "personal_id", "date_of_birth", "permanent_address", "issue_date"],
    "health_insurance_card": ["insurance_number", "full_name", "date_of_birth", "gender", "valid_from", "valid_to"],
    "land_use_certificate": [
        "full_name",
        "personal_id",
        "parcel_number",
        "map_sheet_number",
        "area_m2",
        "certificate_serial",
        "issue_date",
    ],
    "construction_permit": ["document_number", "issue_date", "full_name", "construction_address"],
    "business_registration": ["enterprise_code", "company_name", "first_registration_date", "full_name", "personal_id"],
    "decision": ["document_number", "issue_date", "issuer", "subject", "full_name", "personal_id", "date_of_birth"],
    "application_form": ["form_code", "full_name", "date_of_birth", "gender", "personal_id"],
    "receipt": ["dossier_id", "full_name", "personal_id", "receipt_date", "due_date"],
}


def test_packaged_catalogue_matches_the_spec_table():
    assert {code: list(t.fields) for code, t in CAT.types.items()} == SPEC_FIELDS
    for t in CAT.types.values():
        assert t.titles and all(f.labels or f.locate != ("label",) for f in t.fields.values())


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '[types.x]\ntitles = ["X"]\n[types.x.fields]\nname = { kind = "colour", labels = ["Màu"] }',
            "type 'x', field 'name': unknown kind 'colour'",
        ),
        (
            '[types.x]\ntitles = ["X"]\n[types.x.fields]\nname = { kind = "name", lables = ["Tên"] }',
            "type 'x', field 'name': unknown key(s) ['lables']",
        ),
        (
            '[types.x]\ntitles = ["X"]\n[types.x.fields]\nnum = { kind = "text", labels = ["Số"], pattern = "(" }',
            "type 'x', field 'num': pattern is not a valid regular expression",
        ),
        ("[types.x]\ntitles = []\n", "type 'x': titles: must not be empty"),
        ('[types.X-Y]\ntitles = ["X"]\n', "type 'X-Y'"),
        ('[types.x]\ntitles = ["X"]\n[types.x.fields]\nfoo = {}', "type 'x', field 'foo': no kind"),
        ('[types.x]\ntitles = ["X"]\n[types.x.fields]\nd = { kind = "date" }', "no labels"),
        (
            '[types.x]\ntitles = ["X"]\n[types.x.fields]\nd = { kind = "date", labels = ["N"], locate = ["nearby"] }',
            "unknown locate 'nearby'",
        ),
        ('[types.x]\ntitles = "X"\n', "type 'x': titles: must be a list of strings"),
        ("[typo]\n", "unknown top-level key 'typo'"),
        ('[types.x]\ntitles = ["X"]\ncross_checks = ["chip"]\n', "type 'x': unknown cross_check 'chip'"),
        ('[types.x]\ntitles = ["X"\n', "not valid TOML"),
    ],
)
def test_catalogue_errors_name_the_type_and_field(text, message):
    from digitize.understand.catalogue import CatalogueError

    with pytest.raises(CatalogueError) as err:
        loads_catalogue(text, source="test.toml")
    assert message in str(err.value)
    assert "test.toml" in str(err.value)


def test_extra_catalogue_in_digitize_home_adds_and_overrides(tmp_path, monkeypatch):
    (tmp_path / "catalogue.toml").write_text(
        """
[ignore]
labels = ["Số tài khoản"]

[fields.full_name]
kind = "name"
labels = ["Họ và tên", "Tên khách hàng"]

[types.tax_notice]
titles = ["THÔNG BÁO NỘP THUẾ"]
[types.tax_notice.fields]
full_name = {}

[types.receipt]
titles = ["BIÊN NHẬN"]
[types.receipt.fields]
dossier_id = {}
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("DIGITIZE_HOME", str(tmp_path))
    cat = load_catalogue()
    assert "tax_notice" in cat and "birth_certificate" in cat
    assert cat.types["receipt"].titles == ("BIÊN NHẬN",)
    assert list(cat.types["receipt"].fields) == ["dossier_id"]
    assert "Tên khách hàng" in cat.types["tax_notice"].fields["full_name"].labels
    # packaged types that use the shared definition see the override too
    assert "Tên khách hàng" in cat.types["residence_confirmation"].fields["full_name"].labels
    assert "Số tài khoản" in cat.ignore_labels and "Dân tộc" in cat.ignore_labels
    assert len(cat.sources) == 2
    monkeypatch.delenv("DIGITIZE_HOME")
    assert "tax_notice" not in load_catalogue()


def test_an_explicit_extra_catalogue_that_does_not_exist_is_an_error(tmp_path):
    from digitize.understand.catalogue import CatalogueError

    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(tmp_path / "missing.toml")


# --------------------------------------------------------------------------- harder layouts


def test_place_date_line_with_a_place_that_looks_like_a_time_word():
    text = """
        ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ LONG HÒA\tCần Giờ, ngày 28 tháng 02 năm 2025
        Số: 947/QĐ-UBND
        # QUYẾT ĐỊNH
        Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;
    """
    result = extract([page_from_text(text)], "decision", CAT)
    assert result.fields["issue_date"]["value"] == "2025-02-28"
    assert result.fields["issuer"]["value"] == "ỦY BAN NHÂN DÂN XÃ LONG HÒA"


def test_a_legal_basis_date_is_not_the_issue_date():
    text = """
        # QUYẾT ĐỊNH
        Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;
        Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ;
    """
    assert "issue_date" not in extract([page_from_text(text)], "decision", CAT).fields


def test_a_place_name_that_looks_like_a_label_is_not_one():
    text = """
        # THẺ BẢO HIỂM Y TẾ
        Số: DN4797914123456
        Họ và tên: NGUYỄN SƠN
        Giá trị sử dụng từ ngày: 01/01/2020
        >> Long Điền, ngày 09/12/2019
    """
    result = extract([page_from_text(text)], "health_insurance_card", CAT)
    assert result.fields["valid_from"]["value"] == "2020-01-01"
    assert "valid_to" not in result.fields  # "Điền, ngày" is not "Đến ngày"
    assert result.fields["insurance_number"]["value"] == "DN4797914123456"


def test_family_names_that_are_also_words_are_kept():
    text = """
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: CHÂU THẢO TRINH
    """
    result = extract([page_from_text(text)], "death_certificate", CAT)
    assert result.fields["full_name"]["value"] == "CHÂU THẢO TRINH"


def test_longer_wording_of_a_label_before_the_colon():
    text = """
        # TỜ KHAI CĂN CƯỚC
        1. Họ, chữ đệm và tên khai sinh: NGUYỄN QUANG KHOA
        2. Họ, chữ đệm và tên gọi khác (nếu có):
        3. Ngày, tháng, năm sinh: 4/9/1995\t4. Giới tính: Nam
    """
    result = extract([page_from_text(text)], "application_form", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["full_name"] == "NGUYỄN QUANG KHOA"
    assert got["date_of_birth"] == "1995-09-04"


def test_an_application_about_someone_else_reports_the_applicant_only():
    text = """
        # TỜ KHAI ĐĂNG KÝ KHAI SINH
        > Kính gửi: Ủy ban nhân dân phường 11
        Họ, chữ đệm, tên người yêu cầu: DƯƠNG ĐÌNH PHÁT
        Giấy tờ tùy thân: Căn cước công dân số 077087062545
        Quan hệ với người được khai sinh: Cha
        Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:
        Họ, chữ đệm, tên: Dương Cẩm Trang
        Ngày, tháng, năm sinh: 08/02/2023\tGiới tính: Nữ
    """
    result = extract([page_from_text(text)], "application_form", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got == {"full_name": "DƯƠNG ĐÌNH PHÁT", "personal_id": "077087062545"}


def test_a_couple_on_a_land_certificate_gives_the_first_holders_id():
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        Bà: Lê Minh Thư\tSinh năm: 1995
        CCCD SỐ 077195373222
        Và chồng Ông: Nguyễn Minh Trí\tSinh năm: 1998
        CCCD số: 052098019106
    """
    result = extract([page_from_text(text)], "land_use_certificate", CAT)
    assert result.fields["full_name"]["value"] == "Lê Minh Thư"
    assert result.fields["personal_id"]["value"] == "077195373222"


def test_a_date_that_wraps_onto_the_next_line():
    text = """
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        4. Thời gian nhận hồ sơ: 09 giờ 50 phút, ngày 24/06/2022
        5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày
        15/07/2022
        6. Đăng ký nhận kết quả tại: Bộ phận một cửa
    """
    result = extract([page_from_text(text)], "receipt", CAT)
    assert result.fields["receipt_date"]["value"] == "2022-06-24"
    assert result.fields["due_date"]["value"] == "2022-07-15"


def test_table_with_column_headings_and_a_name_wrapping_in_its_cell():
    text = """
        # GIẤY CHỨNG NHẬN KẾT HÔN
        Thông tin\t@1040 Chồng\t@1810 Vợ
        Họ, chữ đệm, tên\t@770 NGUYỄN HUỲNH XUÂN\t@1510 NGUYỄN PHƯƠNG HẰNG
        @770 GIANG
        Ngày, tháng, năm sinh\t@770 14/12/1993\t@1510 31/05/1990
        Ngày, tháng, năm đăng ký: 02/09/2019
    """
    result = extract([page_from_text(text)], "marriage_certificate", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["husband_name"] == "NGUYỄN HUỲNH XUÂN GIANG"
    assert got["wife_name"] == "NGUYỄN PHƯƠNG HẰNG"
    assert got["registration_date"] == "2019-09-02"


def test_table_cells_run_together_are_split_at_the_column_edges():
    # OCR reads the row as one line; the mother's name fills its cell, so the space before
    # the father's name is only a little wider than a word space
    text = """
        # GIẤY KHAI SINH
        @900 Người mẹ\t@1300 Người cha
        Họ và tên\t@840 TRỊNH THẢO HOÀNG HUỆ\t@1260 NGUYỄN THANH NAM
        Năm sinh\t@840 1991\t@1260 1978
        Dân tộc\t@840 Kinh\t@1260 Kinh
        Quốc tịch\t@840 Việt Nam\t@1260 Việt Nam
    """
    page = page_from_text(text, merge_cells=True)
    row = [w for w in page.words if 340 < w.box[1] < 400]
    assert row[-3].text == "NGUYỄN" and 30 < row[-3].box[0] - row[-4].box[2] < 40
    result = extract([page], "birth_certificate", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got["mother_name"] == "TRỊNH THẢO HOÀNG HUỆ"
    assert got["father_name"] == "NGUYỄN THANH NAM"


def test_values_under_a_row_of_column_headings():
    text = """
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        Thửa đất số  Tờ bản đồ  Diện tích (m²)\t@1300 Mục đích sử dụng
        @560 số
        @300 1406\t@540 59\t@760 337,5\t@1300 Đất trồng lúa
        Địa chỉ thửa đất: Số 127/7 đường Hùng Vương
    """
    result = extract([page_from_text(text)], "land_use_certificate", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got == {"parcel_number": "1406", "map_sheet_number": "59", "area_m2": "337.5"}


def test_bilingual_labels_with_the_value_on_the_line_below():
    text = """
        # CĂN CƯỚC
        Số định danh cá nhân / Personal identification number:
        077071826310
        Họ, chữ đệm và tên khai sinh / Full name:
        NGUYỄN TRẦN MINH BÌNH
        Giới tính / Sex: Nam\tQuốc tịch / Nationality: Việt Nam
    """
    result = extract([page_from_text(text)], "citizen_id_card", CAT)
    got = {k: v["value"] for k, v in result.fields.items()}
    assert got == {"personal_id": "077071826310", "full_name": "NGUYỄN TRẦN MINH BÌNH", "gender": "male"}


# --------------------------------------------------------------------------- OCR slips tidied


def test_a_name_wrapped_at_the_end_of_a_line_of_prose_is_read_whole():
    text = """
        # QUYẾT ĐỊNH
        Điều 1. Công nhận kết quả hòa giải thành cho bà Nguyễn Ngọc
        Vy, sinh ngày 04/04/1941, số định danh cá nhân: 077141001234, cư
        trú tại phường 7, thành phố Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu.
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
    """
    result = extract([page_from_text(text)], "decision", CAT)
    assert result.fields["full_name"]["value"] == "Nguyễn Ngọc Vy"
    assert result.fields["personal_id"]["value"] == "077141001234"


def test_a_name_at_the_end_of_a_short_line_does_not_take_the_next_label():
    text = """
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: NGUYỄN VĂN AN
        Ngày, tháng, năm sinh: 12/03/2019
        Giới tính: Nam
    """
    result = extract([page_from_text(text)], "birth_certificate", CAT)
    assert result.fields["full_name"]["value"] == "NGUYỄN VĂN AN"


def test_family_names_and_address_units_get_back_the_marks_ocr_lost():
    from digitize.understand.tidy import tidy_address, tidy_name

    assert tidy_name("NGUYÊN THANH KHUÊ") == "NGUYỄN THANH KHUÊ"
    assert tidy_name("Trân Phương Diễm") == "Trần Phương Diễm"
    assert tidy_name("HƯỲNH DUY TOÀN") == "HUỲNH DUY TOÀN"
    assert tidy_name("NGUYEN VAN AN") == "NGUYEN VAN AN"  # no marks read anywhere: left alone
    assert tidy_name("Nguyên") == "Nguyên"  # one word is no full name
    assert (
        tidy_address("Tổ 12, tổ 5, khu phỏ 4, xã Bình Khánh, huyện Cần Giờ, Thành phỏ Hồ Chí Minh")
        == "Tổ 12, tổ 5, khu phố 4, xã Bình Khánh, huyện Cần Giờ, Thành phố Hồ Chí Minh"
    )
    assert (
        tidy_address("Tố 16, ấp 1, xã Xuyên Mộc, tỉnh Bà Rịa.- Vũng Tàu")
        == "Tổ 16, ấp 1, xã Xuyên Mộc, tỉnh Bà Rịa - Vũng Tàu"
    )
    assert (
        tidy_address("¡xã Phước Hải, huyện Đất Đỏ. tỉnh Bà Rịa - Vũng Tàu")
        == "xã Phước Hải, huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu"
    )
    assert tidy_address("ˆ_ §ố 195 Thùy Vân, phường 8") == "Số 195 Thùy Vân, phường 8"
    assert tidy_address("ỦY BAN NHÂN DÂN PHƯƠNG 25") == "ỦY BAN NHÂN DÂN PHƯỜNG 25"
    assert tidy_address("UY BAN NHÂN DÂN XÃ PHƯỚC THUẬN") == "ỦY BAN NHÂN DÂN XÃ PHƯỚC THUẬN"
    # "tờ bản đồ" (map sheet) is not "tổ": a unit is followed by a number or a name
    assert tidy_address("Thửa đất số 120, tờ bản đồ số 33, phường 7") == "Thửa đất số 120, tờ bản đồ số 33, phường 7"


def test_ocr_slips_are_tidied_in_extracted_fields():
    text = """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079190012345
        Họ và tên / Full name: NGUYÊN THỊ LAN
        Ngày sinh / Date of birth: 15-07-1990
        Giới tính / Sex: Nữ
        Nơi thường trú / Place of residence: Số 12 Lê Lợi, khu phỏ 4, phường 7, Thành phỏ Vũng Tàu
    """
    got = {k: v["value"] for k, v in extract([page_from_text(text)], "citizen_id_card", CAT).fields.items()}
    assert got["full_name"] == "NGUYỄN THỊ LAN"
    assert got["place_of_residence"] == "Số 12 Lê Lợi, khu phố 4, phường 7, Thành phố Vũng Tàu"


def test_a_date_of_birth_off_by_a_century_is_mended_from_the_id_and_a_real_conflict_flagged():
    card = """
        # CĂN CƯỚC CÔNG DÂN
        Số / No.: 079054012345
        Họ và tên / Full name: TRẦN VĂN BÌNH
        Ngày sinh / Date of birth: {dob}
        Giới tính / Sex: Nam
    """
    mended = extract([page_from_text(card.format(dob="02-12-1854"))], "citizen_id_card", CAT)
    assert mended.fields["date_of_birth"]["value"] == "1954-12-02"
    assert "invalid:personal_id" not in mended.review_reasons
    conflict = extract([page_from_text(card.format(dob="02-12-1964"))], "citizen_id_card", CAT)
    assert {"invalid:personal_id", "invalid:date_of_birth"} <= set(conflict.review_reasons)


def test_company_stock_words_are_mended_and_an_upper_case_name_runs_on():
    from digitize.understand.tidy import tidy_company

    assert (
        tidy_company("GÔNG TY CỔ PHẦN THƯƠNG MẠT DỊCH VỤ MINH PHÁT") == "CÔNG TY CỔ PHẦN THƯƠNG MẠI DỊCH VỤ MINH PHÁT"
    )
    assert tidy_company("Công ty TNHH Minh Phát") == "Công ty TNHH Minh Phát"
    assert tidy_company("CHÍ NHÁNH CÔNG TY TNHH VẬN TẢI NAM VIỆT") == "CHI NHÁNH CÔNG TY TNHH VẬN TẢI NAM VIỆT"
    text = """
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
        > CÔNG TY CỔ PHẦN
        Mã số doanh nghiệp: 0312345675
        1. Tên công ty
        Tên công ty viết bằng tiếng Việt: GÔNG TY CỔ PHẦN THƯƠNG MẠI XÂY DỰNG
        DỊCH VỤ MINH PHÁT
        Tên công ty viết bằng tiếng nước ngoài: MINH PHAT COMPANY
    """
    got = {k: v["value"] for k, v in extract([page_from_text(text)], "business_registration", CAT).fields.items()}
    assert got["company_name"] == "CÔNG TY CỔ PHẦN THƯƠNG MẠI XÂY DỰNG DỊCH VỤ MINH PHÁT"


def test_an_address_broken_inside_a_place_name_with_a_speck_read_as_a_dash():
    text = """
        # GIẤY PHÉP XÂY DỰNG
        Số: 2469/GPXD
        Cấp cho: Ông PHẠM QUANG TÙNG
        + Địa chỉ công trình: Số 234 Nguyễn Văn Cừ, xã Nghĩa Thành, huyện Châu Đức, tỉnh Bà
        - Rịa - Vũng Tàu.
        - Diện tích xây dựng: 120 m2
    """
    got = {k: v["value"] for k, v in extract([page_from_text(text)], "construction_permit", CAT).fields.items()}
    assert got["construction_address"] == "Số 234 Nguyễn Văn Cừ, xã Nghĩa Thành, huyện Châu Đức, tỉnh Bà Rịa - Vũng Tàu"


def test_province_names_get_their_hyphen_and_marks_back():
    from digitize.understand.tidy import tidy_address

    assert (
        tidy_address("Số 248 đường Lê Lợi, thành phố Bà Rịa, tỉnh Bà Rịa Vũng Tàu")
        == "Số 248 đường Lê Lợi, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu"
    )
    assert tidy_address("338 Cách Mạng Tháng Tám, phường Phước Hưng, tỉnh Bà Rịu Vũng Tàu").endswith(
        "tỉnh Bà Rịa - Vũng Tàu"
    )
    assert tidy_address("Số 28/17 Ba Cu, phường Phú Mỹ, Thành phố Hổ Chí Minh").endswith("Thành phố Hồ Chí Minh")
    assert tidy_address("12 Lê Lợi, Phường 1, BÀ RỊA VŨNG TÀU").endswith("BÀ RỊA - VŨNG TÀU")
    # either tone placement is a right spelling: kept as read
    assert tidy_address("xã Ninh Xuân, thị xã Ninh Hòa, tỉnh Khánh Hoà").endswith("tỉnh Khánh Hoà")
    # a city or district that is not a province is left as read
    assert tidy_address("phường Phước Hưng, thành phố Bà Rịa") == "phường Phước Hưng, thành phố Bà Rịa"
    assert tidy_address("xã Long Sơn, huyện Long Điền") == "xã Long Sơn, huyện Long Điền"


def test_dossier_code_in_a_barcode_wins_over_a_misread_print():
    from digitize.link.barcodes import Code

    page = page_from_text("""
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        > Mã hồ sơ: 006.30.16.H02-211015-0170
        Ông/Bà: Hoàng Minh Khoa
    """)
    code = Code("code128", "000.30.16.H02-211015-0170", (0, 0, 10, 10))
    got = extract([page], "receipt", CAT, codes=[(0, code)])
    assert got.fields["dossier_id"]["value"] == "000.30.16.H02-211015-0170"
    assert got.fields["dossier_id"]["confidence"] >= 0.9
    # without a code, or with codes that disagree, the print stays
    assert extract([page], "receipt", CAT).fields["dossier_id"]["value"] == "006.30.16.H02-211015-0170"
    other = Code("qrcode", "000.30.16.H02-211015-0171", (0, 0, 10, 10))
    got = extract([page], "receipt", CAT, codes=[(0, code), (0, other)])
    assert got.fields["dossier_id"]["value"] == "006.30.16.H02-211015-0170"
    # a code alone: the document carries the field in its symbol
    bare = page_from_text("""
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Ông/Bà: Hoàng Minh Khoa
    """)
    assert extract([bare], "receipt", CAT, codes=[(0, code)]).fields["dossier_id"]["page"] == 1


def test_an_eth_read_for_d_with_stroke_is_put_right():
    page = page_from_text("""
        UBND XÃ LONG SƠN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 12/QĐÐ-UBND\tĐộc lập - Tự do - Hạnh phúc
        # QUYẾT ĐỊNH
    """)
    assert extract([page], "decision", CAT).fields["document_number"]["value"] == "12/QĐ-UBND"
    page = page_from_text("""
        Số: 45/ÐKKD\tĐộc lập - Tự do - Hạnh phúc
        # QUYẾT ĐỊNH
    """)
    assert extract([page], "decision", CAT).fields["document_number"]["value"] == "45/ĐKKD"


def test_a_misread_leading_zero_of_the_personal_id_is_repaired_and_less_sure():
    page = page_from_text("""
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        Họ, chữ đệm và tên: NGUYỄN VĂN AN
        Ngày, tháng, năm sinh: 12/03/1963
        Số định danh cá nhân: 649063290573
    """)
    got = extract([page], "application_form", CAT)
    assert got.fields["personal_id"]["value"] == "049063290573"
    assert "invalid:personal_id" not in got.review_reasons
    clean = page_from_text("""
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        Họ, chữ đệm và tên: NGUYỄN VĂN AN
        Ngày, tháng, năm sinh: 12/03/1963
        Số định danh cá nhân: 049063290573
    """)
    sure = extract([clean], "application_form", CAT).fields["personal_id"]["confidence"]
    assert got.fields["personal_id"]["confidence"] < sure


def test_fraction_slashes_are_slashes():
    page = page_from_text("""
        UBND QUẬN 1\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 1465/⁄2019/QĐ-UBND\tĐộc lập - Tự do - Hạnh phúc
        # QUYẾT ĐỊNH
    """)
    assert extract([page], "decision", CAT).fields["document_number"]["value"] == "1465/2019/QĐ-UBND"
    page = page_from_text("""
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: NGUYỄN VĂN AN
        Ngày sinh: 4/5⁄2025
    """)
    assert extract([page], "birth_certificate", CAT).fields["date_of_birth"]["value"] == "2025-05-04"


def test_a_label_wrapped_in_prose_goes_on_at_the_start_of_the_next_line():
    # "số định danh" ends a full line; "cá nhân/CCCD:" starts the next, the number in a
    # cell of its own after a wide gap, and the line runs on under the label's end
    page = page_from_text("""
        # QUYẾT ĐỊNH
        Điều 1. Hỗ trợ chi phí mai táng với mức 7.200.000 đồng cho thân nhân của ông Nguyễn Bảo Cường, sinh ngày 26/10/1983, số định danh
        cá nhân/CCCD:\t@700 079083134982;\t@1100 nơi cư trú:\t@1400 Số 77/7 đường Lê Lợi, phường Bến Thành
    """)
    got = extract([page], "decision", CAT).fields
    assert got["personal_id"]["value"] == "079083134982"
    assert "document_number" not in got


def test_an_id_that_lost_its_leading_zero_is_repaired():
    page = page_from_text("""
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH
        Họ và tên: NGUYỄN VĂN AN\tNgày sinh: 12/03/1974
        Số định danh cá nhân: 79074983449
    """)
    assert extract([page], "business_registration", CAT).fields["personal_id"]["value"] == "079074983449"


def test_a_province_name_cut_into_the_next_cell_where_its_hyphen_was_lost_is_joined():
    # OCR dropped the "-" of "Bà Rịa - Vũng Tàu": the gap it leaves splits the row in two
    page = page_from_text("""
        # GIẤY KHAI SINH
        Họ, chữ đệm, tên: NGUYỄN VĂN AN
        Nơi sinh: Bệnh viện Vũng Tàu, tỉnh Bà Rịa\t@1130 Vũng Tàu
        Quê quán: xã Long Sơn, thành phố Bà Rịa\t@1300 Dân tộc: Kinh
    """)
    got = extract([page], "birth_certificate", CAT).fields
    assert got["place_of_birth"]["value"] == "Bệnh viện Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu"
    # a next cell that does not complete a province name stays out
    page = page_from_text("""
        # GIẤY KHAI SINH
        Nơi sinh: Bệnh viện Lê Lợi, thành phố Bà Rịa\t@1130 Kinh
    """)
    assert (
        extract([page], "birth_certificate", CAT).fields["place_of_birth"]["value"]
        == "Bệnh viện Lê Lợi, thành phố Bà Rịa"
    )


def test_a_name_run_into_dot_leaders_keeps_its_last_word():
    page = page_from_text("""
        # TỜ KHAI ĐĂNG KÝ KHAI SINH
        Họ, chữ đệm, tên người yêu cầu: Lê Bảo Nhi.Ả............
        Họ, chữ đệm, tên: Lê Ánh Liên
    """)
    got = extract([page], "application_form", CAT).fields
    assert got["full_name"]["value"] in ("Lê Bảo Nhi", "Lê Ánh Liên")
    page = page_from_text("""
        # ĐƠN ĐỀ NGHỊ
        Tôi tên là: Lê Bảo Nhi..............
        Sinh ngày: 19/07/1956
    """)
    assert extract([page], "application_form", CAT).fields["full_name"]["value"] == "Lê Bảo Nhi"
    page = page_from_text("""
        # ĐƠN ĐỀ NGHỊ
        Tôi tên là: Lê Bảo Nhi.Ả............
    """)
    assert extract([page], "application_form", CAT).fields["full_name"]["value"] == "Lê Bảo Nhi"


def test_a_name_read_without_any_marks_is_flagged_not_trusted():
    page = page_from_text("""
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH
        Họ và tên: NGUYEN GIANG\tNgày sinh: 12/03/1974
    """)
    got = extract([page], "business_registration", CAT)
    assert got.fields["full_name"]["value"] == "NGUYEN GIANG"  # kept as read
    assert "low_confidence:full_name" in got.review_reasons
    page = page_from_text("""
        # GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH
        Họ và tên: NGUYỄN GIANG\tNgày sinh: 12/03/1974
    """)
    assert "low_confidence:full_name" not in extract([page], "business_registration", CAT).review_reasons


def test_the_end_of_a_validity_range_whose_word_between_was_misread():
    page = page_from_text("""
        # THẺ BẢO HIỂM Y TẾ
        Mã số: CN4777723907550
        Giá trị sử dụng: từ 01/12/2025 đếp 31/12/2025
    """)
    got = extract([page], "health_insurance_card", CAT).fields
    assert (got["valid_from"]["value"], got["valid_to"]["value"]) == ("2025-12-01", "2025-12-31")
    # a single date: no end of range invented
    page = page_from_text("""
        # THẺ BẢO HIỂM Y TẾ
        Giá trị sử dụng: từ 01/12/2025
    """)
    assert "valid_to" not in extract([page], "health_insurance_card", CAT).fields


def test_range_end_needs_the_field_that_opens_it():
    from digitize.understand.catalogue import CatalogueError

    with pytest.raises(CatalogueError, match="range_of"):
        loads_catalogue(
            '[types.x]\ntitles = ["X"]\n[types.x.fields]\n'
            'b = { kind = "date", labels = ["Đến"], locate = ["range_end"] }'
        )
    with pytest.raises(CatalogueError, match="not a field of the type"):
        loads_catalogue(
            '[types.x]\ntitles = ["X"]\n[types.x.fields]\n'
            'b = { kind = "date", labels = ["Đến"], locate = ["range_end"], range_of = "a" }'
        )


def test_address_units_with_a_lost_letter_or_run_into_their_number():
    from digitize.understand.tidy import tidy_address

    assert (
        tidy_address("Tố9, ấp Phước Lộc, thị rấn Tân Túc, huyện Bình Chánh, Thành phố Hồ Chí Minh")
        == "Tổ 9, ấp Phước Lộc, thị trấn Tân Túc, huyện Bình Chánh, Thành phố Hồ Chí Minh"
    )
    # an abbreviation as printed, and a short unit name with no place's name after it to go
    # by, stay as read (with one: tests/test_degraded_scans.py)
    assert tidy_address("45 Trần Phú, P5, Vũng Tàu") == "45 Trần Phú, P5, Vũng Tàu"
    assert tidy_address("Số 12 Lê Lợi, xu Kim Tuyến Mai") == "Số 12 Lê Lợi, xu Kim Tuyến Mai"


def test_a_name_that_lost_a_word_is_completed_from_its_signature():
    page = page_from_text("""
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm và tên khai sinh: QUANG VĂN KHOA
        3. Ngày, tháng, năm sinh: 12/03/1990
        \tNGƯỜI KÊ KHAI
        \t(Ký, ghi rõ họ tên)
        \tNguyễn Quang Văn Khoa
    """)
    assert extract([page], "application_form", CAT).fields["full_name"]["value"] == "NGUYỄN QUANG VĂN KHOA"
    # a longer line that does not start with a family name (a label run into the name) is no signature
    page = page_from_text("""
        # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        1. Họ, chữ đệm và tên khai sinh: NGÔ MỸ GIANG
        \tHọtên Ngô Mỹ Giang
    """)
    assert extract([page], "application_form", CAT).fields["full_name"]["value"] == "NGÔ MỸ GIANG"


def test_ba_ria_is_a_place_not_a_woman_named_ria():
    page = page_from_text("""
        # QUYẾT ĐỊNH
        Điều 1. Công nhận hòa giải viên đối với bà Nguyễn Quỳnh Vân, sinh năm 1980, trú tại xã Suối Nghệ, huyện Châu Đức, tỉnh
        Bà Rịa Vũng Tàu.
    """)
    assert extract([page], "decision", CAT).fields["full_name"]["value"] == "Nguyễn Quỳnh Vân"


def test_the_death_notice_number_is_not_the_document_number():
    page = page_from_text("""
        UBND XÃ LONG SƠN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số:\tChâu Đức, ngày 30 tháng 3 năm 2018
        # TRÍCH LỤC KHAI TỬ
        Họ, chữ đệm, tên: NGUYỄN VĂN AN
        Giấy báo tử/Giấy tờ thay thế Giấy báo tử số: 642/GBT ngày 20/03/2018
    """)
    assert "document_number" not in extract([page], "death_certificate", CAT).fields


def test_a_form_code_with_o_read_for_zero():
    # (and its last digit read as a letter of the same shape on a fax: "CT0I")
    # (and its one read as a stroke before a suffix: "TKI-TS")
    cases = (
        ("CCO1", "CC01"),
        ("CT01", "CT01"),
        ("TK1-TS", "TK1-TS"),
        ("CTO2", "CT02"),
        ("CT0I", "CT01"),
        ("TKI-TS", "TK1-TS"),
    )
    for printed, want in cases:
        page = page_from_text(f"""
            >> Mẫu {printed} ban hành kèm theo Thông tư
            # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
        """)
        assert extract([page], "application_form", CAT).fields["form_code"]["value"] == want, printed


def test_issuer_on_a_header_line_run_into_the_national_header():
    # the gap between the two header columns too narrow: OCR reads each row as one line
    page = page_from_text("""
        ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ LONG SƠN Độc lập - Tự do - Hạnh phúc
        Số: 15/QĐ-UBND Long Sơn, ngày 18 tháng 8 năm 2023
        # QUYẾT ĐỊNH
    """)
    got = extract([page], "decision", CAT).fields
    assert got["issuer"]["value"].casefold() == "ủy ban nhân dân xã long sơn"


def test_numbers_under_a_table_heading_whose_cells_ocr_joined():
    # "Thửa đất. Tờ bản" read as one cell (a speck as "."), the heading wrapped onto a second row
    page = page_from_text("""
        # GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
        II. Thửa đất, nhà ở và tài sản khác gắn liền với đất
        @100 Thửa đất. Tờ bản\t@700 Diện tích\t@1100 Mục đích sử dụng
        @160 số\t@300 đồ số\t@720 (m2)
        @180 648\t@320 25\t@740 590\t@1100 Đất ở tại đô thị
    """)
    got = extract([page], "land_use_certificate", CAT).fields
    assert got["parcel_number"]["value"] == "648"
    assert got["map_sheet_number"]["value"] == "25"
    assert got["area_m2"]["value"] == "590"


def test_issuer_from_the_authority_line_when_the_header_lost_its_name():
    page = page_from_text("""
        UBND HUYỆN XUYÊN MỘC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
        Số: 2123/2022/QĐĐ-UBND\tXuyên Mộc, ngày 26 tháng 4 năm 2022
        # QUYẾT ĐỊNH
        > Về việc công nhận hộ cận nghèo năm 2022
        > ỦY BAN NHÂN DÂN XÃ HÒA HIỆP
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    """)
    got = extract([page], "decision", CAT).fields
    assert got["issuer"]["value"].casefold() == "ủy ban nhân dân xã hòa hiệp"
    assert got["document_number"]["value"] == "2123/2022/QĐ-UBND"  # one Đ read twice


def test_a_quote_speck_before_a_name_and_an_english_label_rest_are_dropped():
    page = page_from_text("""
        # CĂN CƯỚC CÔNG DÂN
        Họ và tên / Full name:
        'TRẦN NGỌC MẠNH
        Nơi thường trú/ Pha
        Số 172 đường Nguyễn Thanh Đằng, khu phố 1, phường 1, quận Bình Thạnh
    """)
    got = extract([page], "citizen_id_card", CAT).fields
    assert got["full_name"]["value"] == "TRẦN NGỌC MẠNH"
    assert got["place_of_residence"]["value"].startswith("Số 172 đường Nguyễn Thanh Đằng")


def test_a_province_name_cut_off_after_tinh_is_completed_when_only_one_fits():
    from digitize.understand.tidy import tidy_address

    assert (
        tidy_address("90 Đô Lương, thị xã Phú Mỹ, tỉnh Bà Rịa Vũng")
        == "90 Đô Lương, thị xã Phú Mỹ, tỉnh Bà Rịa - Vũng Tàu"
    )
    assert tidy_address("xã Long Sơn, tỉnh Bà Rịa").endswith("tỉnh Bà Rịa - Vũng Tàu")
    # a city of the same name is no province; two provinces start alike; one word is too little
    assert tidy_address("phường 1, thành phố Bà Rịa") == "phường 1, thành phố Bà Rịa"
    assert tidy_address("xã Phú Hòa, tỉnh Đồng") == "xã Phú Hòa, tỉnh Đồng"
    # a stray letter before the house number
    assert tidy_address("Ả Số 172 đường Nguyễn Thanh Đằng, phường 1") == "Số 172 đường Nguyễn Thanh Đằng, phường 1"
    assert tidy_address("A 12 Lê Lợi, phường 1") == "A 12 Lê Lợi, phường 1"


def test_a_label_split_by_a_gap_on_its_own_line():
    page = page_from_text("""
        # THẺ BẢO HIỂM Y TẾ
        Mã số: 7989494702
        Họ và tên: NGUYỄN LÊ VĂN THÀNH
        Ngày\t@400 sinh: 30/11/2020\t@1200 Giới tính: Nam
    """)
    got = extract([page], "health_insurance_card", CAT).fields
    assert got["date_of_birth"]["value"] == "2020-11-30"


def test_a_date_of_birth_in_the_future_is_flagged():
    page = page_from_text("""
        # QUYẾT ĐỊNH
        Ông: NGUYỄN VĂN AN, sinh ngày: 24/01/2092
    """)
    got = extract([page], "decision", CAT)
    # a 0 read as 9 explains it: put right, for review (tests/test_degraded_scans.py)
    assert got.fields["date_of_birth"]["value"] == "2002-01-24"
    assert "low_confidence:date_of_birth" in got.review_reasons
    page = page_from_text("""
        # QUYẾT ĐỊNH
        Ông: NGUYỄN VĂN AN, sinh ngày: 24/01/2077
    """)
    got = extract([page], "decision", CAT)
    assert got.fields["date_of_birth"]["value"] == "2077-01-24"  # nothing explains it: kept as read
    assert "invalid:date_of_birth" in got.review_reasons


def test_every_locate_name_of_the_catalogue_has_one_strategy_and_no_other_name_does():
    from digitize.understand import catalogue, locators

    assert set(locators.REGISTRY) == catalogue.LOCATORS
    with pytest.raises(ValueError, match="not a catalogue locate name"):
        locators.locator("somewhere")
    with pytest.raises(ValueError, match="registered twice"):
        locators.locator("label")


def test_the_checks_across_a_document_follow_the_catalogue_roles_not_field_names():
    # a type of staff's own, with its own field names: the catalogue says which is the ID, the
    # date of birth and which date cannot come before which
    cat = loads_catalogue("""
        [types.permit]
        titles = ["GIẤY PHÉP"]
        [types.permit.fields]
        holder = { kind = "name", labels = ["Người được cấp"], role = "subject_name" }
        id_number = { kind = "personal_id", labels = ["Số CCCD"], role = "subject_id" }
        born = { kind = "year_or_date", labels = ["Sinh ngày"], role = "subject_birth_date" }
        opened = { kind = "date", labels = ["Ngày mở"] }
        closed = { kind = "date", labels = ["Ngày đóng"], after = ["opened"] }
    """)
    text = """
        # GIẤY PHÉP
        Người được cấp: Trần Văn Bình
        Số CCCD: 079085123456
        Sinh ngày: 01/01/1990
        Ngày mở: 10/05/2024
        Ngày đóng: 01/05/2024
    """
    result = extract([page_from_text(text)], "permit", cat)
    assert result.fields["born"]["value"] == "1990-01-01"
    # the ID says born in 1985: the ID and the date of birth disagree, both go to review
    assert "invalid:id_number" in result.review_reasons
    assert "invalid:born" in result.review_reasons
    assert "invalid:closed" in result.review_reasons


@pytest.mark.parametrize(
    "fields,message",
    [
        ('a = { kind = "date", labels = ["A"], role = "boss" }', "unknown role 'boss'"),
        (
            'a = { kind = "date", labels = ["A"], role = "expiry" }\nb = { kind = "date", labels = ["B"], role = "expiry" }',
            "more than one field has role 'expiry'",
        ),
        ('a = { kind = "name", labels = ["A"], after = ["b"] }', "after is for dates"),
        ('a = { kind = "date", labels = ["A"], after = ["B c"] }', "is not a field name"),
        ('a = { kind = "text", labels = ["A"], tidy = "shout" }', "unknown tidy 'shout'"),
    ],
)
def test_catalogue_roles_and_date_order_are_checked(fields, message):
    from digitize.understand.catalogue import CatalogueError

    with pytest.raises(CatalogueError, match=message):
        loads_catalogue('[types.x]\ntitles = ["X"]\n[types.x.fields]\n' + fields)


def test_the_packaged_catalogue_gives_the_subject_roles():
    for code in ("citizen_id_card", "birth_certificate", "death_certificate"):
        spec = CAT.get(code)
        assert spec.role_field("subject_name") == "full_name"
        assert spec.role_field("subject_id") == "personal_id"
        assert spec.role_field("subject_birth_date") == "date_of_birth"
    assert CAT.get("citizen_id_card").role_field("expiry") == "expiry_date"
    # and how the free-text fields that are not plain text are tidied
    specs = {name: spec for code in CAT.codes for name, spec in CAT.get(code).fields.items()}
    assert {name: specs[name].tidy for name in ("issuer", "company_name", "subject")} == {
        "issuer": "address",
        "company_name": "company",
        "subject": "subject",
    }


def test_the_day_received_is_the_dossier_codes_yymmdd():
    from digitize.link.barcodes import Code

    # the receipt's date misread (2023 for 2024); its dossier code carries the day too
    page = page_from_text("""
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Mã hồ sơ: 000.00.10.H02-240101-0081
        Ông/Bà: Nguyễn Bảo Duyên
        Ngày nhận: ngày 01 tháng 01 năm 2023, lúc 14:45
    """)
    code = Code("code128", "000.00.10.H02-240101-0081", (0, 0, 10, 10))
    got = extract([page], "receipt", CAT, codes=[(0, code)])
    assert got.fields["receipt_date"]["value"] == "2024-01-01"  # the symbol is exact
    assert "low_confidence:receipt_date" in got.review_reasons
    # both read by OCR: which one is misread is not known, both go to review, as read
    got = extract([page], "receipt", CAT)
    assert got.fields["receipt_date"]["value"] == "2023-01-01"
    assert {"low_confidence:receipt_date", "low_confidence:dossier_id"} <= set(got.review_reasons)
    # agreeing, nothing to review
    agreed = page_from_text("""
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Mã hồ sơ: 000.00.10.H02-240101-0081
        Ông/Bà: Nguyễn Bảo Duyên
        Ngày nhận: ngày 01 tháng 01 năm 2024, lúc 14:45
    """)
    got = extract([agreed], "receipt", CAT)
    assert got.fields["receipt_date"]["value"] == "2024-01-01"
    assert not any(r.endswith((":receipt_date", ":dossier_id")) for r in got.review_reasons)
