"""split_input on hand-made page sequences: separators, receipts, titles, continuations, blanks,
and the dossier code's precedence and conflicts."""

from __future__ import annotations

from digitize.link.barcodes import Code
from digitize.link.split import DocumentSpan, PageFacts, SplitResult, split_input

A = "000.00.12.H02-230818-0001"
B = "000.00.12.H02-230818-0002"
C = "000.00.12.H29-240229-0012"
BAD_DATE = "000.00.12.H02-230230-0001"


def c128(text: str) -> Code:
    return Code("code128", text, (100.0, 100.0, 700.0, 200.0))


def qr(text: str) -> Code:
    return Code("qrcode", text, (1500.0, 100.0, 1800.0, 400.0))


def url(code: str) -> str:
    return f"https://dichvucong.gov.vn/p/home/dvc-tra-cuu-tien-do?doccode={code}"


class Pages:
    """Builds a PageFacts sequence with running indexes."""

    def __init__(self):
        self.pages: list[PageFacts] = []

    def add(self, **kw) -> Pages:
        kw.setdefault("word_count", 180)
        self.pages.append(PageFacts(index=len(self.pages), **kw))
        return self

    def separator(self, code: Code | None = None, words: int = 6, **kw) -> Pages:
        return self.add(codes=[code or c128(A)], word_count=words, **kw)

    def receipt(self, codes=(), text_id=None) -> Pages:
        return self.add(codes=list(codes), title_type="receipt", text_dossier_id=text_id, word_count=140)

    def title(self, kind: str, **kw) -> Pages:
        return self.add(title_type=kind, **kw)

    def more(self, **kw) -> Pages:
        return self.add(**kw)

    def blank(self) -> Pages:
        return self.add(is_blank=True, word_count=0)


def spans(result: SplitResult) -> list[tuple]:
    return [(d.page_indexes, d.dossier_id, d.dossier_id_source, d.review_reasons) for d in result.documents]


# --------------------------------------------------------------------------- the common case


def test_one_scan_is_one_document():
    p = Pages().more().more().blank().more()
    r = split_input(p.pages)
    assert spans(r) == [([0, 1, 2, 3], None, None, ["no_dossier_id"])]
    assert r.separator_pages == [] and r.dropped_pages == []
    assert r.documents[0].source_pages == [1, 4]
    assert r.documents[0].title_type is None


def test_one_titled_document_with_text_id():
    p = Pages().title("birth_certificate", text_dossier_id=A).more()
    assert spans(split_input(p.pages)) == [([0, 1], A, "text", [])]


def test_given_id_for_a_plain_scan():
    p = Pages().more().more()
    assert spans(split_input(p.pages, given_dossier_id=A)) == [([0, 1], A, "given", [])]


def test_empty_input():
    r = split_input([])
    assert r.documents == [] and r.separator_pages == [] and r.dropped_pages == []


def test_only_blank_pages_are_one_document():
    p = Pages().blank().blank()
    assert spans(split_input(p.pages)) == [([0, 1], None, None, ["no_dossier_id"])]


# --------------------------------------------------------------------------- a box scan


def test_box_with_separators_receipts_titles_and_continuations():
    p = (
        Pages()
        .separator(c128(A))  # 0 dossier A (dropped)
        .title("application_form")
        .more()  # 1-2
        .title("citizen_id_card")  # 3
        .title("birth_certificate")
        .blank()  # 4-5 (blank back page stays)
        .receipt([qr(url(B))], text_id=B)  # 6 dossier B starts, receipt is a document
        .more()  # 7 receipt's second page
        .title("decision")
        .more()
        .more()  # 8-10
        .separator(qr(url(C)), words=12)  # 11 dossier C (QR separator)
        .blank()  # 12 its back side (dropped)
        .title("land_use_certificate")
        .more()  # 13-14
        .title("construction_permit")
    )  # 15
    r = split_input(p.pages)
    assert spans(r) == [
        ([1, 2], A, "barcode", []),
        ([3], A, "barcode", []),
        ([4, 5], A, "barcode", []),
        ([6, 7], B, "qr", []),
        ([8, 9, 10], B, "qr", []),
        ([13, 14], C, "qr", []),
        ([15], C, "qr", []),
    ]
    assert [d.dossier_index for d in r.documents] == [0, 0, 0, 1, 1, 2, 2]
    assert [d.title_type for d in r.documents] == [
        "application_form",
        "citizen_id_card",
        "birth_certificate",
        "receipt",
        "decision",
        "land_use_certificate",
        "construction_permit",
    ]
    assert r.separator_pages == [0, 11]
    assert r.dropped_pages == [0, 11, 12]
    assert r.dossier_count == 3
    kept = [i for d in r.documents for i in d.page_indexes]
    assert sorted(kept + r.dropped_pages) == list(range(len(p.pages)))


def test_receipt_right_behind_its_separator_joins_its_dossier():
    p = Pages().separator(c128(A)).receipt([c128(A)], text_id=A).title("decision")
    r = split_input(p.pages)
    assert spans(r) == [([1], A, "barcode", []), ([2], A, "barcode", [])]
    assert {d.dossier_index for d in r.documents} == {0}


def test_receipt_without_separator_starts_a_dossier():
    p = Pages().title("decision").more().receipt([c128(B)]).title("citizen_id_card")
    r = split_input(p.pages)
    assert spans(r) == [
        ([0, 1], None, None, ["no_dossier_id"]),  # before any separator/receipt: no code
        ([2], B, "barcode", []),
        ([3], B, "barcode", []),
    ]
    assert [d.dossier_index for d in r.documents] == [0, 1, 1]


def test_receipt_id_from_text_when_no_code():
    p = Pages().receipt(text_id=f"  {C} ").more().title("decision")
    assert spans(split_input(p.pages)) == [([0, 1], C, "text", []), ([2], C, "text", [])]


def test_two_receipts_in_a_row_are_two_dossiers():
    p = Pages().receipt([qr(url(A))]).receipt([qr(url(B))]).title("decision")
    assert spans(split_input(p.pages)) == [([0], A, "qr", []), ([1], B, "qr", []), ([2], B, "qr", [])]


def test_untitled_pages_behind_a_separator_start_a_document():
    p = Pages().separator(c128(A)).more().more().separator(c128(B)).more()
    assert spans(split_input(p.pages)) == [([1, 2], A, "barcode", []), ([4], B, "barcode", [])]


def test_pages_before_the_first_separator():
    p = Pages().more(text_dossier_id=C).more().separator(c128(A)).title("decision")
    assert spans(split_input(p.pages)) == [([0, 1], C, "text", []), ([3], A, "barcode", [])]


def test_leading_blank_pages_join_the_first_document():
    p = Pages().blank().title("decision").more()
    assert spans(split_input(p.pages))[0][0] == [0, 1, 2]


def test_blank_pages_before_a_separator_are_dropped_with_it():
    p = Pages().blank().separator(c128(A)).title("decision")
    r = split_input(p.pages)
    assert spans(r) == [([2], A, "barcode", [])]
    assert r.dropped_pages == [0, 1]


def test_trailing_separator_and_consecutive_separators():
    p = Pages().separator(c128(A)).separator(c128(A)).title("decision").separator(c128(B)).blank()
    r = split_input(p.pages)
    assert spans(r) == [([2], A, "barcode", [])]
    assert r.separator_pages == [0, 1, 3] and r.dropped_pages == [0, 1, 3, 4]


def test_page_with_a_code_and_many_words_is_not_a_separator():
    p = Pages().title("decision").more(codes=[qr(url(A))], word_count=120).more()
    assert spans(split_input(p.pages)) == [([0, 1, 2], A, "qr", [])]


def test_separator_word_limit_is_a_parameter():
    p = Pages().title("decision").more(codes=[c128(A)], word_count=30).title("decision")
    assert len(split_input(p.pages).documents) == 2
    r = split_input(p.pages, max_separator_words=40)
    assert spans(r) == [([0], None, None, ["no_dossier_id"]), ([2], A, "barcode", [])]


def test_titled_page_with_few_words_and_a_code_is_a_document():
    p = Pages().title("citizen_id_card", codes=[qr(url(A))], word_count=8)
    assert spans(split_input(p.pages)) == [([0], A, "qr", [])]


def test_patch_code_separators():
    patch = Code("code39", "PATCH T", (0.0, 0.0, 10.0, 10.0))
    p = (
        Pages()
        .title("decision", text_dossier_id=A)
        .more()
        .add(codes=[patch], word_count=3)
        .title("decision", text_dossier_id=B)
    )
    assert len(split_input(p.pages).documents) == 2  # not configured: the sheet is a page
    r = split_input(p.pages, patch_values=["PATCH T"])
    assert spans(r) == [([0, 1], A, "text", []), ([3], B, "text", [])]
    assert r.separator_pages == [2]
    assert [d.dossier_index for d in r.documents] == [0, 1]


def test_unknown_title_starts_a_document_and_empty_title_does_not():
    # "unknown": a first page (national header) whose title is not in the catalogue
    p = Pages().title("decision").more(title_type="unknown").more(title_type="")
    assert [s[0] for s in spans(split_input(p.pages))] == [[0], [1, 2]]


# --------------------------------------------------------------------------- dossier codes


def test_given_overrides_codes_with_a_conflict():
    p = Pages().separator(c128(A)).title("decision").separator(c128(B)).title("decision").more(text_dossier_id=C)
    r = split_input(p.pages, given_dossier_id=A)
    assert spans(r) == [
        ([1], A, "given", []),  # its code agrees
        ([3, 4], A, "given", ["dossier_id_conflict"]),  # barcode B and text C disagree
    ]


def test_given_invalid_is_not_used():
    p = Pages().separator(c128(A)).title("decision")
    r = split_input(p.pages, given_dossier_id=BAD_DATE)
    assert spans(r) == [([1], A, "barcode", ["invalid:dossier_id"])]
    r = split_input(Pages().more().pages, given_dossier_id="HS-123")
    assert spans(r) == [([0], None, None, ["invalid:dossier_id", "no_dossier_id"])]


def test_receipt_barcode_and_printed_code_disagree():
    p = Pages().receipt([c128(A)], text_id=B).title("decision")
    r = split_input(p.pages)
    # the barcode wins; every document of the dossier hangs on that choice
    assert spans(r) == [([0], A, "barcode", ["dossier_id_conflict"]), ([1], A, "barcode", ["dossier_id_conflict"])]


def test_receipt_barcode_and_qr_disagree():
    p = Pages().receipt([c128(A), qr(url(B))], text_id=A)
    assert spans(split_input(p.pages)) == [([0], A, "barcode", ["dossier_id_conflict"])]


def test_receipt_barcode_and_qr_agree_with_text():
    p = Pages().receipt([qr(url(A)), c128(A)], text_id=A)
    assert spans(split_input(p.pages)) == [([0], A, "qr", [])]


def test_separator_and_receipt_disagree():
    p = Pages().separator(c128(A)).receipt([qr(url(B))]).title("decision")
    assert spans(split_input(p.pages)) == [
        ([1], A, "barcode", ["dossier_id_conflict"]),
        ([2], A, "barcode", ["dossier_id_conflict"]),
    ]


def test_a_document_mentioning_another_dossier_is_flagged_alone():
    p = Pages().separator(c128(A)).title("decision").title("decision", text_dossier_id=B).more()
    assert spans(split_input(p.pages)) == [
        ([1], A, "barcode", []),
        ([2, 3], A, "barcode", ["dossier_id_conflict"]),
    ]


def test_code_beats_text_within_an_unseparated_dossier():
    p = Pages().title("application_form", text_dossier_id=B).title("decision", codes=[qr(url(A))])
    assert spans(split_input(p.pages)) == [
        ([0], A, "qr", ["dossier_id_conflict"]),
        ([1], A, "qr", []),
    ]


def test_text_ids_that_disagree_flag_both_documents():
    p = Pages().title("application_form", text_dossier_id=A).title("decision", text_dossier_id=B)
    assert spans(split_input(p.pages)) == [
        ([0], A, "text", ["dossier_id_conflict"]),
        ([1], A, "text", ["dossier_id_conflict"]),
    ]


def test_text_id_spreads_over_the_dossier():
    p = Pages().title("application_form").title("citizen_id_card", text_dossier_id=C).more()
    assert spans(split_input(p.pages)) == [([0], C, "text", []), ([1, 2], C, "text", [])]


def test_separator_with_an_impossible_date_still_separates():
    p = Pages().title("decision", text_dossier_id=A).separator(c128(BAD_DATE)).title("decision").more()
    r = split_input(p.pages)
    assert spans(r) == [([0], A, "text", []), ([2, 3], None, None, ["invalid:dossier_id", "no_dossier_id"])]
    assert r.separator_pages == [1]


def test_invalid_text_ids_are_ignored():
    p = Pages().title("decision", text_dossier_id=BAD_DATE).more(text_dossier_id="not a code")
    assert spans(split_input(p.pages)) == [([0, 1], None, None, ["no_dossier_id"])]


def test_document_span_shape():
    d = DocumentSpan(page_indexes=[4, 5, 6], dossier_id=A, dossier_id_source="barcode")
    assert d.source_pages == [5, 7] and d.review_reasons == []
    assert DocumentSpan([], None, None).source_pages == []


def test_many_dossiers_stay_in_order():
    p = Pages()
    ids = [f"000.00.12.H02-230818-{n:04d}" for n in range(1, 41)]
    for n, code in enumerate(ids):
        if n % 2:
            p.separator(c128(code)).title("decision").more().blank().title("birth_certificate")
        else:
            p.receipt([qr(url(code))]).title("citizen_id_card")
    r = split_input(p.pages)
    assert [d.dossier_id for d in r.documents] == [i for i in ids for _ in range(2)]
    assert all(d.review_reasons == [] for d in r.documents)
    assert r.dossier_count == 40


def test_an_untitled_page_whose_words_tell_another_type_starts_a_document():
    # a card whose heading a scan garbled, behind an ID card: its words are an insurance card's
    card = {"health_insurance_card": 1.0, "citizen_id_card": 0.0, "decision": 0.2}
    follow_on = {"decision": 0.4, "citizen_id_card": 0.0}  # a page going on in its own words
    silent = {"health_insurance_card": 0.0, "citizen_id_card": 0.0}
    pages = Pages().title("citizen_id_card").more(word_scores=card).title("decision").more(word_scores=follow_on)
    pages.more(word_scores=silent)
    assert [d.page_indexes for d in split_input(pages.pages).documents] == [[0], [1], [2, 3, 4]]
    # words telling a type behind a document whose title the catalogue does not know: joined
    pages = Pages().title("unknown").more(word_scores=card)
    assert [d.page_indexes for d in split_input(pages.pages).documents] == [[0, 1]]
    # nor where the words also speak of the current type
    pages = Pages().title("citizen_id_card").more(word_scores={"health_insurance_card": 1.0, "citizen_id_card": 0.4})
    assert [d.page_indexes for d in split_input(pages.pages).documents] == [[0, 1]]
