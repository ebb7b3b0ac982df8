"""Handwritten fill-ins (issue 20): a number or a day written in ink after signing is read
right or flagged `handwritten:<field>`, never reported wrong without the flag; printed ones
are not flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from digitize import page_tasks
from digitize.documents import documents_of
from digitize.ingest.page_source import KIND_IMAGE, PageSource
from digitize.understand.catalogue import default_catalogue
from digitize.understand.handwriting import DAY_SLOT, MONTH_SLOT, NUMBER_SLOT, FillIn, settle
from ocr.tesseract import Tesseract
from samples.generate import generate, write_scan
from samples.handwriting import HAND_TYPES

REAL = Path("/work/shared/realscans")
FILLED = ("document_number", "issue_date")

# --------------------------------------------------------------------------- generator


def test_the_generator_leaves_gaps_and_writes_the_digits_by_hand():
    plain = generate("decision", "hand-1", profile="office", hand=False)
    inked = generate("decision", "hand-1", profile="office", hand=True)
    assert inked.document.fields == plain.document.fields  # same document, same truth values
    assert inked.page_texts == plain.page_texts  # the page text keeps the digits, as a reader does
    assert set(inked.handwritten) == set(FILLED)
    number = inked.document.fields["document_number"].split("/")[0]
    assert inked.handwritten["document_number"] == number
    printed = " ".join(r.text for r in inked.pages[0].runs)
    assert f"{number}/" not in printed  # the printed line has a gap where the number goes
    assert sum(s.pen for s in inked.pages[0].strokes) > sum(s.pen for s in plain.pages[0].strokes)
    truth = inked.truth(profile="office", dpi=200, fmt="png", files=["x.png"])
    assert truth["handwritten"] == ["document_number", "issue_date"]


def test_only_scans_of_types_numbered_by_hand_are_filled_in_by_hand():
    assert "decision" in HAND_TYPES
    drawn = [generate("decision", f"hand-share-{i}", profile="office") for i in range(20)]
    assert 0 < sum(bool(g.handwritten) for g in drawn) < 20
    assert not generate("decision", "hand-share-0").handwritten  # born digital: typed throughout
    assert not any(generate("receipt", f"hand-share-{i}", profile="office").handwritten for i in range(5))


# --------------------------------------------------------------------------- settling fields


def _decision():
    return default_catalogue().get("decision")


def test_a_confident_reading_replaces_what_ocr_made_of_the_ink():
    fields = {
        "document_number": {"value": "445/NQ-CP", "confidence": 0.9, "page": 1},
        "issue_date": {"value": "2026-04-03", "confidence": 0.9, "page": 1},
    }
    reasons: list[str] = []
    fill = [
        FillIn(NUMBER_SLOT, 3, True, "115", after="/NQ-CP"),
        FillIn(DAY_SLOT, 3, True, "29"),
        FillIn(MONTH_SLOT, 3, False),
    ]
    settle(_decision(), fields, reasons, {}, fill)
    assert fields["document_number"]["value"] == "115/NQ-CP"
    assert fields["issue_date"]["value"] == "2026-04-29"
    assert reasons == []


def test_a_reading_of_the_recogniser_alone_is_given_for_review():
    # sure enough of every digit to propose it (PROPOSE_SURE), with nothing from Tesseract to
    # confirm it: the value is the reading, flagged, rather than the printed part only
    fields = {
        "document_number": {"value": "/QĐ-UBND", "confidence": 0.9, "page": 1},
        "issue_date": {"value": "2024-11-01", "confidence": 0.9, "page": 1},
    }
    reasons: list[str] = []
    fill = [
        FillIn(NUMBER_SLOT, 3, True, "3157", after="/QĐ-UBND", proposed=True),
        FillIn(DAY_SLOT, 3, True, "12", proposed=True),
    ]
    settle(_decision(), fields, reasons, {}, fill)
    assert fields["document_number"]["value"] == "3157/QĐ-UBND"
    assert fields["issue_date"]["value"] == "2024-11-12"
    assert fields["issue_date"]["confidence"] < 0.7
    assert reasons == ["handwritten:document_number", "handwritten:issue_date"]


def test_a_reading_joined_to_a_misread_symbol_is_tidied_and_flagged():
    # the ink read right, the printed symbol after the slot misread on a fax ("/QĐ-KT" as
    # "/oĐ-kr"): the number is not reported without a flag
    fields = {"document_number": {"value": "/oĐ-kr", "confidence": 0.9, "page": 1}}
    reasons: list[str] = []
    settle(_decision(), fields, reasons, {}, [FillIn(NUMBER_SLOT, 3, True, "3087", after="/oĐ-kr")])
    assert fields["document_number"]["value"] == "3087/QĐ-kr"  # the round letter before Đ is a Q
    assert fields["document_number"]["confidence"] < 0.5
    assert reasons == ["handwritten:document_number", "invalid:document_number"]


def test_a_day_read_in_ink_takes_the_month_and_year_printed_on_its_line():
    # the ink where the day stood left extraction no date on the line; the hand's day was read
    from tests.pagetext import page_from_text

    page = page_from_text("ỦY BAN NHÂN DÂN\n>> TP. Hồ Chí Minh, ngày 1Z tháng 11 năm 2O24\n# QUYẾT ĐỊNH\n")
    line = next(i for i in range(len(page.lines)) if "tháng" in " ".join(w.text for w in page.line_words(i)))
    fields: dict = {}
    reasons: list[str] = []
    settle(_decision(), fields, reasons, {}, [FillIn(DAY_SLOT, line, True, "12")], page)
    assert fields["issue_date"]["value"] == "2024-11-12" and reasons == []
    # a month written by hand too: its reading, the year printed
    fields, reasons = {}, []
    fill = [FillIn(DAY_SLOT, line, True, "7"), FillIn(MONTH_SLOT, line, True, "5", proposed=True)]
    settle(_decision(), fields, reasons, {}, fill, page)
    assert fields["issue_date"]["value"] == "2024-05-07" and reasons == ["handwritten:issue_date"]


def test_ink_the_recogniser_reads_surely_otherwise_than_tesseract_is_proposed_for_review():
    # Tesseract made "72" of a hand's 729 (qd707's kind of slip); the recogniser, sure of 729
    # at the bar that lets it stand alone, is proposed (flagged), not dropped
    import cv2
    import numpy as np

    from digitize.understand.handwriting import _Ink, _judge
    from ocr.ink import Glyphs, blobs

    page = np.full((90, 260), 235, np.uint8)
    cv2.putText(page, "729", (20, 68), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.8, 20, 3, cv2.LINE_AA)
    box = (0, 0, page.shape[1], page.shape[0])
    ref = Glyphs(height=30.0, baseline=68.0, stroke=2.0)  # the line's print: smaller than the hand
    fill = _judge(NUMBER_SLOT, 3, _Ink(page, 128), blobs(page, box, 128), ref, "72", 70.0, box, "/QĐ-TTg")
    assert fill is not None and fill.handwritten
    assert (fill.reading, fill.proposed) == ("729", True)
    fields = {"document_number": {"value": "72/QĐ-TTg", "confidence": 0.9, "page": 1}}
    reasons: list[str] = []
    settle(_decision(), fields, reasons, {}, [fill])
    assert fields["document_number"]["value"] == "729/QĐ-TTg" and reasons == ["handwritten:document_number"]


def test_ink_not_read_leaves_the_printed_part_and_a_reason():
    fields = {
        "document_number": {"value": "72/QĐ-TTg", "confidence": 0.9, "page": 1},
        "issue_date": {"value": "2026-04-02", "confidence": 0.9, "page": 1},
    }
    reasons = ["low_confidence:subject"]
    boxes = {"issue_date": (0, 0, 1, 1)}
    # OCR kept "TTg" of the symbol after the slot (qd707): the value was read on that line
    fill = [FillIn(NUMBER_SLOT, 3, True, after="TTg"), FillIn(DAY_SLOT, 3, True, "22"), FillIn(MONTH_SLOT, 3, True)]
    settle(_decision(), fields, reasons, boxes, fill)
    assert fields["document_number"]["value"] == "/QĐ-TTg"  # the symbol is print; the number is not known
    assert "issue_date" not in fields and "issue_date" not in boxes  # the month is not known either
    assert reasons == ["low_confidence:subject", "handwritten:document_number", "handwritten:issue_date"]
    # extraction found no number at all ("Số /QĐ-XPVPHC": no digits): the printed part all the same
    fields, reasons = {}, []
    settle(_decision(), fields, reasons, {}, [FillIn(NUMBER_SLOT, 3, True, after="/QĐ-XPVPHC")])
    assert fields["document_number"] == {"value": "/QĐ-XPVPHC", "confidence": 0.0, "page": 1}
    assert reasons == ["handwritten:document_number"]


def test_digits_ocr_was_sure_of_stay_where_the_symbol_after_them_lost_its_slash_and_bar():
    # "Số 539 QD-UBND" on a photocopy, its ink judged unlike print: extraction read
    # 539/QĐ-UBND on that line; the slot's raw word after it is the same symbol
    fields = {"document_number": {"value": "539/QĐ-UBND", "confidence": 0.9, "page": 1}}
    reasons: list[str] = []
    boxes = {"document_number": (0, 0, 1, 1)}
    settle(_decision(), fields, reasons, boxes, [FillIn(NUMBER_SLOT, 2, True, after="QD-UBND", confident=True)])
    assert fields["document_number"]["value"] == "539/QĐ-UBND"
    assert reasons == ["handwritten:document_number"]


def test_printed_digits_a_copy_broke_in_pieces_count_as_themselves():
    # a photocopy's printed "539" (38 px digits): the 3 and the 9 each in a left and a right
    # half 2-4 px apart, the 5 in three marks; three characters, not five (judged unlike print)
    from digitize.understand.handwriting import _characters, _pieces_joined
    from ocr.ink import Blob

    marks = [
        Blob(577, 324, 596, 330, 93), Blob(606, 324, 614, 334, 46), Blob(616, 324, 630, 363, 210),
        Blob(636, 324, 646, 348, 121), Blob(650, 325, 660, 363, 192), Blob(588, 340, 598, 363, 122),
        Blob(575, 355, 582, 363, 29), Blob(606, 354, 613, 363, 33),
    ]  # fmt: skip
    chars = _pieces_joined(_characters(marks), 38.5)
    assert [(c.x0, c.x1) for c in chars] == [(575, 598), (606, 630), (636, 660)]
    # two digits of a hand, further apart or together wider than a printed digit, stay two
    two = [Blob(0, 0, 20, 38, 200), Blob(30, 0, 50, 38, 200)]
    assert len(_pieces_joined(two, 38.5)) == 2


def test_a_number_quoted_in_the_text_is_not_taken_for_the_unread_one():
    fields = {"document_number": {"value": "07/2021/TT-BLĐTBXH", "confidence": 0.9, "page": 1}}
    reasons: list[str] = []
    boxes = {"document_number": (0, 900, 10, 910)}
    settle(_decision(), fields, reasons, boxes, [FillIn(NUMBER_SLOT, 3, True, after="/QĐ-UBND")])
    assert fields["document_number"]["value"] == "/QĐ-UBND"  # the printed part of the head's number
    assert not boxes and reasons == ["handwritten:document_number"]
    fields = {"document_number": {"value": "07/2021/TT-BLĐTBXH", "confidence": 0.9, "page": 1}}
    settle(_decision(), fields, [], {}, [FillIn(NUMBER_SLOT, 3, True, after="TTg")])
    assert "document_number" not in fields  # no printed part known


def test_digits_ocr_was_sure_of_stay_flagged_when_only_their_ink_looked_handwritten():
    # a register's "Số: 179/2023" whose ink stood unlike the line's print: kept, for review
    fields = {
        "document_number": {"value": "179/2023", "confidence": 0.9, "page": 1},
        "issue_date": {"value": "2023-04-01", "confidence": 0.9, "page": 1},
    }
    reasons: list[str] = []
    boxes = {"document_number": (0, 0, 1, 1), "issue_date": (0, 0, 1, 1)}
    fill = [
        FillIn(NUMBER_SLOT, 3, True, after="/2023", confident=True),
        FillIn(DAY_SLOT, 3, True, confident=True),
    ]
    settle(_decision(), fields, reasons, boxes, fill)
    assert fields["document_number"]["value"] == "179/2023"
    assert fields["issue_date"]["value"] == "2023-04-01"
    assert reasons == ["handwritten:document_number", "handwritten:issue_date"]


def test_printed_slots_change_nothing():
    fields = {"document_number": {"value": "12/QĐ-UBND", "confidence": 0.9, "page": 1}}
    reasons: list[str] = []
    settle(_decision(), fields, reasons, {}, [FillIn(NUMBER_SLOT, 3, False), FillIn(DAY_SLOT, 3, False)])
    assert fields["document_number"]["value"] == "12/QĐ-UBND" and reasons == []


# --------------------------------------------------------------------------- whole pages


def _read(paths: list[Path], dpi: int):
    results = [
        page_tasks.ocr_page(PageSource(path=str(p), format="png", index=0, kind=KIND_IMAGE, dpi=dpi), Tesseract())
        for p in paths
    ]
    return documents_of(results, default_catalogue(), given_doc_type="decision")[0]


def _scan(tmp_path: Path, seed: str, profile: str, hand: bool):
    gen = generate("decision", seed, profile=profile, hand=hand, layout="a")
    truth = write_scan(gen, tmp_path, seed, fmt="png", dpi=200, profile=profile)
    return _read([tmp_path / f for f in truth["files"]], 200), truth


def _never_wrong_unflagged(doc, truth, name: str) -> None:
    got = doc.fields.get(name, {}).get("value")
    assert got == truth["fields"][name] or f"handwritten:{name}" in doc.review_reasons, (name, got)


@pytest.mark.tesseract
@pytest.mark.parametrize(("seed", "profile"), [("hand-a", "office"), ("hand-b", "clean"), ("hand-c", "bilevel")])
def test_a_generated_handwritten_number_and_day_are_read_right_or_flagged(tmp_path, seed, profile):
    doc, truth = _scan(tmp_path, seed, profile, hand=True)
    assert truth["handwritten"] == list(FILLED)
    for name in FILLED:
        _never_wrong_unflagged(doc, truth, name)


@pytest.mark.tesseract
@pytest.mark.parametrize(("seed", "profile"), [("typed-a", "office"), ("typed-b", "clean"), ("typed-c", "bilevel")])
def test_a_printed_number_and_date_are_not_flagged(tmp_path, seed, profile):
    doc, truth = _scan(tmp_path, seed, profile, hand=False)
    assert not [r for r in doc.review_reasons if r.startswith("handwritten:")]
    assert doc.fields["document_number"]["value"] == truth["fields"]["document_number"]


@pytest.mark.tesseract
@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real scans are not here ({REAL}); they are not in the project")
def test_the_real_decision_707_with_its_number_and_day_in_ink():
    doc = _read([REAL / "nomvn_qd707_ttg_2026.png"], 200)
    number = doc.fields.get("document_number", {}).get("value")
    assert number == "707/QĐ-TTg" or "handwritten:document_number" in doc.review_reasons, number
    date = doc.fields.get("issue_date", {}).get("value")
    assert date == "2026-04-22" or "handwritten:issue_date" in doc.review_reasons, date
    assert number in (None, "707/QĐ-TTg", "/QĐ-TTg")  # never a number read from the ink unsure (was 72/QĐ-TTg)
