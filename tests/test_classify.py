"""Rule-based classification (and blending with a trained model)."""

from __future__ import annotations

import pytest

from digitize.understand.catalogue import load_catalogue, loads_catalogue
from digitize.understand.classify import UNKNOWN_BELOW, classify, model_text
from tests.pagetext import page_from_text
from tests.sample_documents import DOCS

CAT = load_catalogue(home="/nonexistent")

HEADER = """
    ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    PHƯỜNG THẮNG TAM\tĐộc lập - Tự do - Hạnh phúc
"""


def doc(body: str, *, header: bool = True, **kw):
    return [page_from_text((HEADER if header else "") + "\n" + body, **kw)]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_sample_document_is_classified(name):
    doc_type, texts, _ = DOCS[name]
    result = classify([page_from_text(t) for t in texts], CAT)
    assert result.doc_type == doc_type, result.evidence
    assert result.confidence >= 0.7
    assert result.evidence and "title" in result.evidence[0]


def test_every_catalogue_type_has_a_sample():
    assert {t for t, _, _ in DOCS.values()} == set(CAT.types)


# one title wording per line: the alternatives in the spec and other real wordings
@pytest.mark.parametrize(
    "title, doc_type",
    [
        ("CĂN CƯỚC CÔNG DÂN", "citizen_id_card"),
        ("CĂN CƯỚC", "citizen_id_card"),
        ("CHỨNG MINH NHÂN DÂN", "citizen_id_card"),
        ("GIẤY KHAI SINH", "birth_certificate"),
        ("TRÍCH LỤC KHAI SINH", "birth_certificate"),
        ("TRÍCH LỤC KHAI TỬ", "death_certificate"),
        ("GIẤY CHỨNG TỬ", "death_certificate"),
        ("GIẤY CHỨNG NHẬN KẾT HÔN", "marriage_certificate"),
        ("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", "residence_confirmation"),
        ("THẺ BẢO HIỂM Y TẾ", "health_insurance_card"),
        ("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", "land_use_certificate"),
        ("GIẤY PHÉP XÂY DỰNG", "construction_permit"),
        ("GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "business_registration"),
        ("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", "business_registration"),
        ("QUYẾT ĐỊNH", "decision"),
        ("ĐƠN XIN XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", "application_form"),
        ("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", "application_form"),
        ("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", "application_form"),
        ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "application_form"),
        ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "receipt"),
    ],
)
def test_title_wordings(title, doc_type):
    result = classify(doc(f"# {title}\nHọ và tên: Nguyễn Văn An"), CAT)
    assert result.doc_type == doc_type, result.evidence
    assert result.confidence >= 0.8


@pytest.mark.parametrize(
    "title, doc_type",
    [
        ("GIAY KHAI SINH", "birth_certificate"),  # no diacritics
        ("TRICH LUC KHAI TU", "death_certificate"),
        ("GIẤY CHỨNG NHẬN KÊT HÔN", "marriage_certificate"),  # a dropped mark
        ("QUYÊT ÐỊNH", "decision"),  # Ð (eth) for Đ
        ("THE BAO HIEM Y TE", "health_insurance_card"),
        ("GIẤY TIÉP NHẬN HỒ SO VÀ HẸN TRẢ KÉT QUẢ", "receipt"),
        ("CĂN CƯỚC C0NG DÂN", "citizen_id_card"),  # 0 for O
        ("GIÁY PHÉP XÂY DUNG", "construction_permit"),
    ],
)
def test_ocr_damaged_titles(title, doc_type):
    result = classify(doc(f"# {title}"), CAT)
    assert result.doc_type == doc_type, result.evidence


def test_hoa_with_old_and_new_tone_placement():
    for header in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"):
        result = classify([page_from_text(f"> {header}\n# GIẤY KHAI SINH")], CAT)
        assert result.doc_type == "birth_certificate"


def test_wrapped_title_over_three_lines():
    result = classify(
        doc(
            """
        # GIẤY CHỨNG NHẬN
        # QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở
        # VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT
    """,
            header=False,
        ),
        CAT,
    )
    assert result.doc_type == "land_use_certificate"


def test_a_decision_mentioned_in_the_text_is_not_the_title():
    result = classify(
        doc("""
        # GIẤY PHÉP XÂY DỰNG
        Căn cứ Quyết định số 15/2021/QĐ-UBND ngày 12/03/2021 của Ủy ban nhân dân tỉnh;
        Căn cứ Quyết định số 22/2022/QĐ-UBND ngày 01/06/2022 về việc phân cấp;
        theo Quyết định số 7/QĐ-UBND.
    """),
        CAT,
    )
    assert result.doc_type == "construction_permit"
    # and a page that only mentions a decision is not one
    result = classify(
        doc("""
        Theo Quyết định số 15/2021/QĐ-UBND ngày 12/03/2021 của Ủy ban nhân dân tỉnh về việc
        ban hành quy định, đề nghị các đơn vị thực hiện.
    """),
        CAT,
    )
    assert result.doc_type != "decision"


def test_the_national_header_alone_is_unknown():
    result = classify(doc("Nội dung không rõ ràng"), CAT)
    assert result.doc_type == "unknown"
    assert result.confidence < UNKNOWN_BELOW


@pytest.mark.parametrize("title", ["HỢP ĐỒNG MUA BÁN NHÀ Ở", "BIÊN BẢN HỌP", "THÔNG BÁO", "DANH SÁCH"])
def test_other_documents_are_unknown(title):
    result = classify(doc(f"# {title}\nHôm nay, các bên gồm có: Ông Nguyễn Văn An"), CAT)
    assert result.doc_type == "unknown", result.evidence


def test_a_table_heading_starting_with_don_vi_is_not_an_application():
    result = classify(
        doc("""
        # BẢNG KÊ CHI PHÍ
        > ĐƠN VỊ TÍNH: ĐỒNG
    """),
        CAT,
    )
    assert result.doc_type == "unknown"


def test_title_found_lower_down_page_one():
    body = "\n".join(f"Dòng nội dung số {i} của văn bản" for i in range(20))
    result = classify(doc(body + "\n# GIẤY CHỨNG NHẬN KẾT HÔN"), CAT)
    assert result.doc_type == "marriage_certificate"


def test_keywords_alone_give_a_weak_guess_or_unknown():
    result = classify(
        doc("""
        Mã hồ sơ: 000.00.12.H02-230818-0001
        Thành phần hồ sơ: tờ khai, bản sao giấy tờ
        Số lượng hồ sơ: 01 bộ
        Hẹn trả kết quả: 25/08/2023
        NGƯỜI NỘP HỒ SƠ\tNGƯỜI TIẾP NHẬN
    """),
        CAT,
    )
    assert result.doc_type in ("receipt", "unknown")
    assert result.confidence < 0.8


def test_empty_pages():
    result = classify([page_from_text("")], CAT)
    assert result.doc_type == "unknown" and result.confidence == 0.0
    assert classify([], CAT).doc_type == "unknown"


# --------------------------------------------------------------------------- model


class FakeModel:
    """scikit-learn's interface: classes_ and predict_proba."""

    def __init__(self, probs: dict[str, float]):
        self.classes_ = list(probs)
        self._p = list(probs.values())
        self.seen: list[str] = []

    def predict_proba(self, texts):
        self.seen.extend(texts)
        return [self._p for _ in texts]


def test_a_model_decides_when_the_title_is_unreadable():
    pages = doc("""
        # %%#@ KHAI ##@!
        Họ, chữ đệm, tên người mẹ: TRẦN THỊ MAI
    """)
    assert classify(pages, CAT).doc_type == "unknown"
    model = FakeModel({"birth_certificate": 0.95, "death_certificate": 0.05})
    result = classify(pages, CAT, model=model)
    assert result.doc_type == "birth_certificate"
    assert any("model" in e for e in result.evidence)
    assert model.seen == [model_text(pages)]
    assert "trần" not in model.seen[0] and "tran thi mai" in model.seen[0]  # folded text


def test_a_clear_title_outweighs_a_wrong_model():
    model = FakeModel({"receipt": 1.0})
    result = classify(doc("# GIẤY KHAI SINH\nNơi sinh: Bệnh viện Từ Dũ"), CAT, model=model)
    assert result.doc_type == "birth_certificate"


def test_a_callable_model():
    result = classify(doc("# %%#@ ##@!"), CAT, model=lambda text: {"decision": 0.99})
    assert result.doc_type in ("decision", "unknown")
    assert result.scores["decision"] > 0


def test_a_type_added_to_the_catalogue_is_recognised():
    cat = loads_catalogue("""
        [types.tax_notice]
        titles = ["THÔNG BÁO NỘP THUẾ", "THÔNG BÁO NỘP TIỀN …"]
        keywords = ["người nộp thuế", "hạn nộp"]
        [types.tax_notice.fields]
        taxpayer = { kind = "name", labels = ["Tên người nộp thuế"] }
    """)
    result = classify(doc("# THÔNG BÁO NỘP TIỀN SỬ DỤNG ĐẤT\nTên người nộp thuế: Bùi Thị Yến"), cat)
    assert result.doc_type == "tax_notice"


def test_a_scikit_learn_pipeline_plugs_in():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts, labels = [], []
    for doc_type, page_texts, _ in DOCS.values():
        texts.append(model_text([page_from_text(t) for t in page_texts]))
        labels.append(doc_type)
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)), LogisticRegression(max_iter=2000, C=20)
    )
    model.fit(texts, labels)
    # the title is unreadable, the body is a birth certificate's
    _, page_texts, _ = DOCS["birth_copy"]
    body = page_texts[0].replace("# TRÍCH LỤC KHAI SINH", "# ~~~ ~~~ ~~~")
    pages = [page_from_text(body)]
    result = classify(pages, CAT, model=model)
    assert result.doc_type == "birth_certificate"
    assert 0.0 < result.confidence <= 0.99


def test_the_second_line_of_a_wrapped_title_is_not_a_title_of_its_own():
    result = classify(
        doc("""
        # TỜ KHAI THAM GIA, ĐIỀU CHỈNH THÔNG TIN BẢO HIỂM XÃ HỘI,
        # BẢO HIỂM Y TẾ
        [01]. Họ và tên (viết chữ in hoa): VŨ VÕ GIA PHÁT
    """),
        CAT,
    )
    assert result.doc_type == "application_form", result.evidence


def test_the_second_line_of_a_wrapped_title_whose_first_line_a_fax_garbled():
    # "TỜ KH[AI] THAM [GIA,] ĐIỀU CHỈNH … BẢO HIỂM XÃ HỘI," / "BẢO HIỂM Y TẾ": the second line
    # is a card's whole title, the first only like the form's; it is still the form, and not by
    # a near tie with the card (its line counts less than a title on its own)
    result = classify(
        doc("""
        Mẫu số TK1-TS
        # TỜ KH THAM ĐIỀU CHỈNH THÔNG TIN BẢO HIỂM XÃ HỘI,
        # BẢO HIỂM Y TẾ
        Họ, chữ đệm, tên Khai sinh: NGUY NHŨNG
        Sinh ngày: 21.011994 Giới tính: Nữ Dân tộc; Ninh
        Số căn cước; 066194007006 Diện thoại: 0980892128
        Nội dung đề nghị: cấp mới
    """),
        CAT,
    )
    assert result.doc_type == "application_form", result.evidence
    assert result.scores["health_insurance_card"] < result.scores["application_form"] - 0.1


# --------------------------------------------------------------------------- page titles


def test_page_title_type_for_splitting_a_scan():
    from digitize.understand.classify import page_title_type

    first = page_from_text(HEADER + "\n# GIẤY CHỨNG NHẬN KẾT HÔN\nSố: 12/2021")
    assert page_title_type(first, CAT) == "marriage_certificate"
    # a continuation page: the signature caption repeats the title's words, the articles
    # heading of a decision ends with a colon, the body mentions a decision
    second = page_from_text("""
        Ngày, tháng, năm đăng ký: 15/06/2021
        >> NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN
        >> (Ký, ghi rõ họ, chữ đệm, tên)
    """)
    assert page_title_type(second, CAT) is None
    assert page_title_type(page_from_text("> QUYẾT ĐỊNH:\nĐiều 1. Công nhận theo Quyết định số 5/QĐ-UBND"), CAT) is None
    assert page_title_type(page_from_text(""), CAT) is None


class DictModel:
    """A model whose predict_proba gives {type: p} per text (digitize.understand.doc_model's shape)."""

    labels = ["birth_certificate", "receipt"]

    def predict_proba(self, texts):
        return [{"birth_certificate": 0.9, "receipt": 0.1} for _ in texts]


def test_a_model_giving_mappings_plugs_in():
    result = classify(doc("# %%#@ ##@!\nHọ và tên: An"), CAT, model=DictModel())
    assert result.doc_type == "birth_certificate"


def test_each_page_is_laid_out_once_per_input(monkeypatch):
    """documents_of lays out every page once: the split reads its title from that layout, and
    its document's classification and extraction read the same one (renumbered within it)."""
    import digitize.documents as documents
    import digitize.understand.classify as classify_mod
    import digitize.understand.layout as layout_mod
    from digitize.page_tasks import PageResult

    real = layout_mod.layout_page
    laid_out: list[int] = []

    def counted(page, index=0):
        laid_out.append(id(page))
        return real(page, index)

    for module in (documents, classify_mod, layout_mod):
        monkeypatch.setattr(module, "layout_page", counted)
    texts = [
        HEADER + "\n# GIẤY CHỨNG NHẬN KẾT HÔN\nSố: 12/2021\nHọ, chữ đệm, tên: NGUYỄN VĂN AN",
        "Ngày, tháng, năm đăng ký: 15/06/2021",
        HEADER + "\n# QUYẾT ĐỊNH\nVề việc cấp phép",
    ]
    results = [PageResult(page=page_from_text(t), text_layer_pdf=None) for t in texts]
    docs = documents.documents_of(results, CAT)
    assert [d.page_indexes for d in docs] == [[0, 1], [2]]
    assert docs[0].doc_type == "marriage_certificate"
    assert sorted(laid_out) == sorted(id(r.page) for r in results)  # each page once, no more


def test_the_national_header_is_found_one_way_everywhere():
    from digitize.understand.national_header import is_national_header, national_header_start

    assert is_national_header("CÔNG HOA XÃ HỘI CHỦ NGHÌA VIỆT NAM")  # read with OCR errors
    assert is_national_header("Độc lập - Tự do - Hạnh phúc")
    assert is_national_header("SOCIALIST REPUBLIC OF VIET NAM")
    assert not is_national_header("GIẤY CHỨNG NHẬN KẾT HÔN")
    # where a header line run into it ends: the first word of one of its phrases
    assert national_header_start("XÃ LONG SƠN Độc lập - Tự do - Hạnh phúc".split()) == 3
    assert national_header_start("PHƯỜNG 5 Tự do - Hạnh phúc".split()) == 2
    assert national_header_start("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".split()) == 0
    assert national_header_start("ỦY BAN NHÂN DÂN".split()) is None


def test_a_health_insurance_card_whose_title_a_fax_lost_is_known_by_its_printed_wordings():
    # the card's heading is gone; what is left are its own labels: card code, benefit level,
    # the clinic of first registration, the period it is valid from
    result = classify(
        doc(
            """
        Mã thẻ: GD4797935012345\tMức hưởng: 80%
        Họ và tên: ĐẶNG THỊ HOA
        Ngày sinh: 11/03/1990\tGiới tính: Nữ
        Nơi ĐK KCB BĐ: Trạm Y tế xã Tân Lập
        Hiệu lực từ ngày: 01/01/2024	Thời điểm đủ 5 năm liên tục: 01/01/2029
    """
        ),
        CAT,
    )
    assert result.doc_type == "health_insurance_card", result.evidence


def test_a_health_insurance_card_is_known_by_its_numbers_shape_where_a_fax_garbled_the_rest():
    # heading and most labels garbled: three keywords alone are not enough, the card's number
    # (a group's two letters, the level, twelve digits; OCR put a space in it) tips it
    page = """
        sa hài
        Hiệu Tộc
        lạ Mã số thẻ: CB3 777770108298 :
        Họ tên: Nguyễn Thanh Diệp Ngày sinh: 07/09/1999 Giới tính: Nữ
        Địa chỉ: Số 37/5 đường Thùy Vân, thị trấn Đất Đỏ, huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu
        - Nơi đăng ký KCB ban đầu: Bệnh viện Vũng Tàu Mã KCB: 77138,
        tì sử dụng: từ ngày 01/01/2020 đến ngày 31/12/2020
    """
    result = classify(doc(page), CAT)
    assert result.doc_type == "health_insurance_card", result.evidence
    # a twelve-digit ID after letters is no card number; without it the page stays unknown
    assert classify(doc(page.replace("CB3 777770108298", "CCCD 079199012345")), CAT).doc_type == "unknown"


def test_a_card_number_shape_alone_makes_an_untitled_page_that_type_for_review():
    # a fax garbled the heading and every label ("Nơi ĐRKEP ban đầu", "Giá trị sử từ"): only
    # the card's number keeps its shape. It is that type, uncertain (for review), not unknown;
    # the same page without the number stays unknown
    page = """
        16:53 HỆ hoi /oọi
        Số HC4797917187423
        Họ và tên: NGUYÊN HẢI QUANG SƠN
        Ngày sinh: 15/05/1888 Giới linh: Nam .
        Địa chỉ: số R5 đường Lê Lời, khu phố 1. phường Nguyễn Cư Trinh, Quan 1
        Nơi ĐRKEP ban đầu; Bệnh viễn Nhi Đồng. † Mã: 79- 164
        Giá trị sử từ 01/01/2018 đến 31/12/2018 —
    """
    result = classify(doc(page, header=False), CAT)
    assert result.doc_type == "health_insurance_card", result.evidence
    assert result.uncertain
    assert classify(doc(page.replace("HC4797917187423", "4797917187"), header=False), CAT).doc_type == "unknown"


def test_a_card_known_by_its_ten_digit_code_under_a_bare_ma_so():
    # the card's title lost under a fax's header line, its KCB label garbled: "Mã số:" and the
    # holder's ten-digit code right after it are the card's; a company's "Mã số thuế:" is not
    page = """
        @'"" 12:52
        Mã số: 7936486522
        Họ và tên: Nguyễn Hồng Hân
        Ngày sinh: 37/02/1381 : Giới tính: Nữ
        Nơi ĐKKCD bài đầu: Bệnh viện Lê Lợi Mã: 79-182
        Giá trị sử dụng: từ 01:01:2026 đến 31:12/2026
    """
    result = classify(doc(page, header=False), CAT)
    assert result.doc_type == "health_insurance_card", result.evidence
    taxed = page.replace("Mã số: 7936486522", "Mã số thuế: 7936486522")
    assert classify(doc(taxed, header=False), CAT).doc_type == "unknown"


def test_a_card_numbers_shape_is_seen_through_a_digit_read_as_its_look_alike_letter():
    page = """
        xá: CNS797916149075
        Họ và tên: HUỲNH HỮU KHOA
        Ngay sinh: 21/06/1993 Giới tính: Nam
        Nơi DKKCB ban đầu: Bệnh viện Quận Bình Thạnh. Mã: 79-0
        Giá tị sử dụng: từ 01/01/2019 đến 31/12/2019
    """
    assert classify(doc(page, header=False), CAT).doc_type == "health_insurance_card"


def test_a_card_numbers_shape_is_seen_through_a_speck_read_as_a_mark_on_its_letters():
    page = """
        XÃ HỘI VIỆT NAM
        @ ỂM Y TẾ
        số: BỊ4777772333080
        Họ và tên: NGUYÊN MỸ HIẾN
        Nơi ĐKKCB ban đầu: Trung tâm Y tế thị xã Phú Mỹ
        Giá trị sử dụng: từ 01/01/2020 đến 31/12/2020
    """
    assert classify(doc(page, header=False), CAT).doc_type == "health_insurance_card"


def test_a_card_numbers_shape_is_seen_through_its_second_letter_read_as_a_digit():
    # the heading lost; "HT" read "H1": the number still has the card's shape
    page = """
        Số: H13648201957316
        Họ và tên: ĐOÀN THỊ MAI
        Ngày sinh: 04/11/1952 Giới tính: Nữ
        Nơi ĐKKCB ban đầu: Trạm Y tế xã Hòa Long
        Giá trị sử dụng: từ 01/01/2022 đến 31/12/2022
    """
    assert classify(doc(page, header=False), CAT).doc_type == "health_insurance_card"


BIRTH_BODY = """
    Họ, chữ đệm, tên: NGUYỄN MINH HOÀNG
    Sinh ngày: 29/09/2021\tGiới tính: Nam
    Họ và tên người mẹ: PHAN LÊ CẨM TIÊN
    Họ và tên người cha: NGUYỄN THÀNH VINH
    Đã đăng ký khai sinh ngày 12/11/2021, số 130, quyển số 02/2021
"""


def test_a_title_line_ocr_broke_at_a_gap_where_it_lost_letters_is_read_whole():
    # "TRÍCH LỤC KH[AI] SINH": the lost letters left a gap, the line came out as two cells;
    # its first half alone is the start of a death's and a marriage's extract too
    result = classify(doc("# TRÍCH LỤC KH\t@1500 SINH\n" + BIRTH_BODY), CAT)
    assert result.doc_type == "birth_certificate", result.evidence


def test_a_partial_title_several_types_share_leaves_the_choice_to_the_words():
    result = classify(doc("# TRÍCH LỤC KH\n" + BIRTH_BODY), CAT)
    assert result.doc_type == "birth_certificate", result.evidence


def test_an_insurance_card_whose_heading_is_garbled_behind_an_id_card_is_its_own_document():
    from digitize import documents
    from digitize.page_tasks import PageResult

    texts = [
        HEADER + "\n# CHỨNG MINH NHÂN DÂN\nSố: 281447019\nHọ và tên: ĐINH THỊ NGỌC ÁNH\nSinh ngày: 04/03/1969",
        "BẢO HlỂM XÀ HỘl VlỆT NẠM —\nMã số: 4815520913 Mã quyền lợi: 3\nHọ tên: ĐINH THỊ NGỌC ÁNH Ngày sinh: 04 03 1969\n"
        "Nơi đăng ký KCB ban đầu: Trạm Y tế xã Hòa Bình\nGiá trị sử dụng: từ 01 01 2024 đến 31 12 2024",
    ]
    results = [PageResult(page=page_from_text(t), text_layer_pdf=None) for t in texts]
    docs = documents.documents_of(results, CAT)
    assert [d.page_indexes for d in docs] == [[0], [1]]
    assert [d.doc_type for d in docs] == ["citizen_id_card", "health_insurance_card"]


def test_a_card_is_known_by_its_social_insurance_code_under_its_own_label():
    # the heading lost; a short card's ten-digit code under "Mã số BHXH" (its marks read
    # wrong) is the card's alone: a tax code or a fax header's number is not labelled so
    page = """
        Mã sô BHXH: 8312045567
        Họ và tên: PHAN VĂN HẬU
        Ngày sinh: 17/02/1988 Giới tính: Nam
        Nơi ĐKKCB ban đầu: Phòng khám đa khoa khu vực Ngãi Giao
        Giá trị sử dụng: từ 01/01/2023 đến 31/12/2023
    """
    assert classify(doc(page, header=False), CAT).doc_type == "health_insurance_card"
    tax = """
        Mã số thuế: 8312045567
        Họ và tên: PHAN VĂN HẬU
    """
    assert classify(doc(tax, header=False), CAT).doc_type != "health_insurance_card"


def test_a_title_line_broken_at_a_gap_is_as_title_like_as_its_better_half():
    # "TỜ KHAI TH[A]M GI[A]" | "ĐIỀU CHỈNH … BẢO HIỂM XÃ HỘI," / "BẢO HIỂM Y TẾ": the left half
    # is off the page's middle, the wrapped line below is a card's whole title
    text = (
        "Mẫu số: TK1-TS\n"
        + HEADER
        + "\n@250 TỜ KHAI TH AM GI\t@620 ĐIỀU CHỈNH THÔNG TIN BẢO HIỂM XÃ HỘI,\n# BẢO HIỂM Y TẾ\n"
        + "1. Họ, chữ đệm, tên khai sinh: LƯU THỊ KIỀU 2. Giới tính: Nữ\n"
        + "5. Số định danh cá nhân: 079301004512\n7. Nơi thường trú: Số 12 đường Lê Lợi, phường 2\n"
        + "Nội dung đề nghị: cấp mới\nNGƯỜI KÊ KHAI\n(Ký và ghi rõ họ tên)"
    )
    result = classify(doc(text), CAT)
    assert result.doc_type == "application_form", result.evidence


def test_a_title_line_with_a_whole_word_lost_in_its_gap_is_read_whole():
    # "CHỨNG MINH [NHÂN] DÂN" on a bilevel copy: NHÂN lost, DÂN read "DẪN", five line heights
    # of gap between the halves; neither half alone is a title
    text = (
        "# CHƯNG MINH\t@800 DẪN\nSố: 274195119\nHọ và tên: NGÔ ÁNH HOA\n"
        "Sinh ngày: 12 05 1992 Dân tộc: Kinh\nNguyên quán: xã Tiên Lãng, huyện Tiên Lãng\n"
        "Nơi ĐKHK thường trú: Tổ 17, khu phố 4, xã Long Phước\n"
    )
    result = classify(doc(text, header=False), CAT)
    assert result.doc_type == "citizen_id_card", result.evidence
