"""The page-result cache that lets bench.extraction classify and extract again without OCR."""

from __future__ import annotations

import hashlib
import json
import pickle

import pytest

from bench import extraction, truth
from digitize import pipeline
from digitize.page_tasks import PageResult
from tests import fixtures_pdf as fx
from tests.inputs import LINES
from tests.pagetext import page_from_text

PAGE = """
    # GIẤY KHAI SINH
    Họ, chữ đệm, tên: NGUYỄN VĂN AN
    Ngày, tháng, năm sinh: 12/03/2019
    Giới tính: Nam
"""


def test_the_pipeline_hands_each_inputs_page_results_to_the_hook_it_is_given(ctx, tmp_path):
    born = fx.born_digital_pdf(tmp_path / "born.pdf", LINES)  # its own text layer: no OCR needed
    given = []
    (record,) = pipeline.process_files(ctx, [str(born)], on_page_results=lambda sha, pages: given.append((sha, pages)))
    ((sha, pages),) = given
    assert sha == record["sha256"] == hashlib.sha256(born.read_bytes()).hexdigest()
    assert len(pages) == 1 and "GIẤY KHAI SINH" in pages[0].page.text
    assert not hasattr(pipeline, "PAGE_CACHE_ENV")  # no environment variable hook any more


def test_page_results_are_kept_with_their_format_and_read_back(tmp_path):
    result = PageResult(page=page_from_text(PAGE), text_layer_pdf=b"%PDF-big")
    extraction.keep_pages(tmp_path / "pages")("ab" * 32, [result])
    path = tmp_path / "pages" / f"{'ab' * 32}.pickle"
    assert pickle.loads(path.read_bytes())["format"] == extraction.PAGES_FORMAT
    (kept,) = extraction.load_pages(path)
    assert kept.text_layer_pdf is None  # the PDF is not needed to extract again
    assert kept.page.text == result.page.text


@pytest.mark.parametrize("stale", [[], {"format": 0, "results": []}], ids=["before formats", "older format"])
def test_page_results_of_another_format_are_refused(tmp_path, stale):
    path = tmp_path / "old.pickle"
    path.write_bytes(pickle.dumps(stale))
    with pytest.raises(ValueError, match="run --keep again"):
        extraction.load_pages(path)


def test_reextract_reads_the_cached_pages(tmp_path):
    scan = tmp_path / "0000-birth_certificate-clean-300dpi.png"
    scan.write_bytes(b"not really an image")
    fields = {"full_name": "NGUYỄN VĂN AN", "date_of_birth": "2019-03-12", "gender": "male"}
    (tmp_path / "0000-birth_certificate-clean-300dpi.truth.json").write_text(
        json.dumps(
            {
                "kind": "document",
                "doc_type": "birth_certificate",
                "fields": fields,
                "pages": ["…"],
                "files": [scan.name],
                "profile": "clean",
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "pages").mkdir()
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    extraction.keep_pages(tmp_path / "pages")(sha, [PageResult(page=page_from_text(PAGE), text_layer_pdf=None)])
    truths = truth.load_all(tmp_path)
    (record,) = extraction.reextract(tmp_path, truths, None)
    assert record["doc_type"] == "birth_certificate"
    assert {k: v["value"] for k, v in record["fields"].items()} == fields
    scores = extraction.Scores()
    extraction.score(extraction.match(truths, [record]), scores)
    assert scores.field_all.right == scores.field_all.total == 3
