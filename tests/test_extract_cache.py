"""The page-result cache that lets bench.extraction classify and extract again without OCR."""

from __future__ import annotations

import hashlib
import json
import pickle

from bench import extraction, truth
from digitize import pipeline
from digitize.page_tasks import PageResult
from tests.pagetext import page_from_text

PAGE = """
    # GIẤY KHAI SINH
    Họ, chữ đệm, tên: NGUYỄN VĂN AN
    Ngày, tháng, năm sinh: 12/03/2019
    Giới tính: Nam
"""


def test_page_results_are_kept_only_when_asked(tmp_path, monkeypatch):
    result = PageResult(page=page_from_text(PAGE), text_layer_pdf=b"%PDF-big")
    monkeypatch.delenv(pipeline.PAGE_CACHE_ENV, raising=False)
    pipeline._keep_page_results("ab" * 32, [result])
    assert not any(tmp_path.iterdir())
    monkeypatch.setenv(pipeline.PAGE_CACHE_ENV, str(tmp_path / "pages"))
    pipeline._keep_page_results("ab" * 32, [result])
    (kept,) = pickle.loads((tmp_path / "pages" / f"{'ab' * 32}.pickle").read_bytes())
    assert kept.text_layer_pdf is None  # the PDF is not needed to extract again
    assert kept.page.text == result.page.text


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
    (tmp_path / "pages" / f"{sha}.pickle").write_bytes(
        pickle.dumps([PageResult(page=page_from_text(PAGE), text_layer_pdf=None)])
    )
    truths = truth.load_all(tmp_path)
    (record,) = extraction.reextract(tmp_path, truths, None)
    assert record["doc_type"] == "birth_certificate"
    assert {k: v["value"] for k, v in record["fields"].items()} == fields
    scores = extraction.Scores()
    extraction.score(extraction.match(truths, [record]), scores)
    assert scores.field_all.right == scores.field_all.total == 3
