"""Every accepted input format goes through the whole pipeline in one run."""

from __future__ import annotations

import json

import pikepdf
import pytest

from digitize.config import load_settings
from digitize.pipeline import process_files
from storage import layout
from tests.inputs import (
    ID_NUMBER,
    archived_path,
    page_count,
    pdftotext,
    read_region,
    word_boxes,
    words_found,
    write_good_inputs,
)
from tests.support import make_context


@pytest.fixture(scope="module")
def run(tmp_path_factory, pool):
    """Process every format once (one pool run, as `digitize process a b c …` does)."""
    base = tmp_path_factory.mktemp("formats")
    inputs = write_good_inputs(base / "in")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("DIGITIZE_STORAGE", "DATABASE_URL", "DIGITIZE_TESSERACT"):
            mp.delenv(name, raising=False)
        mp.setenv("DIGITIZE_HOME", str(base / "home"))
        ctx = make_context(load_settings(), pool)
        names = list(inputs)
        records = process_files(ctx, [str(inputs[n][0]) for n in names])
        yield ctx, inputs, dict(zip(names, records))
        ctx.index.close()


FORMATS = [
    "png",
    "jpeg",
    "png_alpha_no_dpi",
    "tiff_g4_2pages",
    "pdf_named_jpg",
    "pdf_born_digital",
    "pdf_ccitt",
    "pdf_jbig2",
    "pdf_vector",
    "pdf_rotated",
]


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.tesseract
def test_each_format_is_archived_with_its_text(run, name):
    ctx, inputs, records = run
    path, pages = inputs[name]
    record = records[name]
    assert record["status"] == "archived", record.get("error")
    assert record["pages"] == pages
    assert record["source_pages"] == [1, pages]
    assert record["source"] == str(path.resolve())
    assert record["text"].count("\f") == pages - 1
    found = words_found(record["text"])
    assert len(found) >= 8, (found, record["text"])
    # classified, fields read, and no dossier to link to
    assert record["doc_type"] == "birth_certificate", record["doc_type_confidence"]
    values = {k: v["value"] for k, v in record["fields"].items()}
    assert values == {"full_name": "Nguyễn Văn An", "date_of_birth": "2019-03-12", "personal_id": ID_NUMBER}
    assert record["dossier_id"] is None and "no_dossier_id" in record["review_reasons"]


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.tesseract
def test_archived_pdf_is_searchable_at_the_right_place(run, name):
    ctx, inputs, records = run
    record = records[name]
    pdf = archived_path(record)
    sha = record["sha256"]
    assert pdf == ctx.archive.local_path(layout.unlinked_pdf_key(sha, 1))
    assert page_count(pdf) == inputs[name][1]
    assert len(words_found(pdftotext(pdf))) >= 8
    # The invisible word sits over the printed one: read the page image inside its box.
    boxes = [box for page, word, box in word_boxes(pdf) if page == 0 and word == ID_NUMBER]
    assert boxes, "the ID number is not in the text layer"
    assert ID_NUMBER in read_region(pdf, 0, boxes[0]).replace(" ", "")
    # the record lies beside the PDF
    beside = json.loads(ctx.archive.get_bytes(layout.record_key(layout.unlinked_pdf_key(sha, 1))))
    assert beside["id"] == record["id"]


def test_originals_are_kept_byte_for_byte(run):
    ctx, inputs, records = run
    for name, (path, _) in inputs.items():
        sha = records[name]["sha256"]
        assert ctx.archive.get_bytes(layout.original_key(sha)) == path.read_bytes()


@pytest.mark.tesseract
def test_text_sources(run):
    _, _, records = run
    assert [p["text_source"] for p in records["pdf_born_digital"]["page_details"]] == ["pdf"]
    for name in FORMATS:
        if name != "pdf_born_digital":
            assert {p["text_source"] for p in records[name]["page_details"]} == {"ocr"}, name


@pytest.mark.tesseract
def test_scanned_pages_are_not_reencoded(run):
    """JPEG, CCITT and JBIG2 page images reach the archive as the very same bytes."""
    _, inputs, records = run
    for name, filt in [
        ("pdf_named_jpg", "/DCTDecode"),
        ("pdf_ccitt", "/CCITTFaxDecode"),
        ("pdf_jbig2", "/JBIG2Decode"),
    ]:
        with pikepdf.open(inputs[name][0]) as src, pikepdf.open(archived_path(records[name])) as out:
            (src_image,) = src.pages[0].get_images().values()
            (out_image,) = out.pages[0].get_images().values()
            filters = out_image.Filter if isinstance(out_image.Filter, pikepdf.Array) else [out_image.Filter]
            assert [str(f) for f in filters] == [filt]
            assert out_image.read_raw_bytes() == src_image.read_raw_bytes()
    with pikepdf.open(archived_path(records["jpeg"])) as out:
        (image,) = out.pages[0].get_images().values()
        assert image.Filter == "/DCTDecode"
        assert image.read_raw_bytes() == inputs["jpeg"][0].read_bytes()


def test_born_digital_page_is_copied_without_overlay(run):
    _, inputs, records = run
    with (
        pikepdf.open(inputs["pdf_born_digital"][0]) as src,
        pikepdf.open(archived_path(records["pdf_born_digital"])) as out,
    ):
        assert src.pages[0].Contents.read_bytes() == out.pages[0].Contents.read_bytes()


def test_processing_the_same_bytes_again_returns_the_same_records(run, tmp_path):
    ctx, inputs, records = run
    before = sorted(p for p in ctx.archive.root.rglob("*") if p.is_file())
    copy = tmp_path / "same-bytes-other-name.png"
    copy.write_bytes(inputs["png"][0].read_bytes())
    again = process_files(ctx, [str(copy), str(inputs["pdf_jbig2"][0])])
    assert [r["id"] for r in again] == [records["png"]["id"], records["pdf_jbig2"]["id"]]
    assert sorted(p for p in ctx.archive.root.rglob("*") if p.is_file()) == before
