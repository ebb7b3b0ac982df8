"""Bad input: every error code of record.md, originals kept, the other inputs unharmed."""

from __future__ import annotations

import hashlib
import json

import pytest

from digitize import pipeline
from digitize.pipeline import process_files
from storage import layout
from tests import fixtures_pdf as fx
from tests.inputs import LINES, write_good_inputs
from tests.support import make_context


def _write(folder, name, data: bytes):
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.png"
    fx.render_text_image(LINES, dpi=200).save(path, dpi=(200, 200))
    return path


def _assert_failed(ctx, record, code, source_bytes: bytes | None):
    assert record["status"] == "failed", record
    assert record["error"]["code"] == code, record["error"]
    assert record["error"]["message"] and "Traceback" not in record["error"]["message"]
    if source_bytes is None:
        return
    sha = record["sha256"]
    assert ctx.archive.get_bytes(layout.original_key(sha)) == source_bytes  # the original is kept
    kept = json.loads(ctx.archive.get_bytes(layout.failed_key(sha)))
    assert kept["id"] == record["id"] and kept["error"]["code"] == code
    assert ctx.index.get(record["id"])["status"] == "failed"


@pytest.mark.tesseract
def test_every_bad_input_fails_alone(ctx, tmp_path, good):
    bad = {
        "empty_file": _write(tmp_path, "empty.png", b""),
        "unsupported_format": _write(tmp_path, "archive.pdf", fx.zip_bytes_named_pdf()),
        "unreadable_input": _write(tmp_path, "cut.jpg", fx.truncated_jpeg_bytes()),
        "encrypted_pdf": fx.encrypted_pdf(tmp_path / "locked.pdf"),
        "too_large": _write(tmp_path, "bomb.png", fx.decompression_bomb_png_bytes()),
    }
    missing = tmp_path / "missing.tif"
    paths = [str(good), str(missing)] + [str(p) for p in bad.values()] + [str(good)]
    records = process_files(ctx, paths)
    assert len(records) == len(paths)
    assert records[0]["status"] == "archived" and records[-1]["status"] == "archived"
    assert records[0]["id"] == records[-1]["id"]  # the same bytes twice in one run: one document
    _assert_failed(ctx, records[1], "not_found", None)
    assert records[1]["source"] == str(missing)
    _assert_failed(ctx, records[2], "empty_file", None)
    for record, (code, path) in zip(records[3:-1], list(bad.items())[1:]):
        _assert_failed(ctx, record, code, path.read_bytes())


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("corrupt.png", fx.corrupt_png_bytes, "unreadable_input"),
        ("cut.pdf", fx.truncated_pdf_bytes, "unreadable_input"),
        ("huge-page.pdf", fx.huge_page_pdf_bytes, "too_large"),
        ("notes.txt.jpg", lambda: "Biên bản họp\n".encode() * 50, "unsupported_format"),
        ("garbage.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "unreadable_input"),
    ],
)
def test_damaged_and_hostile_files(ctx, tmp_path, name, data, code):
    content = data()
    records = process_files(ctx, [str(_write(tmp_path, name, content))])
    _assert_failed(ctx, records[0], code, content)


def test_byte_and_page_limits(settings, pool, tmp_path):
    inputs = write_good_inputs(tmp_path / "in")
    tiff, _ = inputs["tiff_g4_2pages"]
    ctx = make_context(settings, pool, max_pages=1)
    _assert_failed(ctx, process_files(ctx, [str(tiff)])[0], "too_large", tiff.read_bytes())
    ctx = make_context(settings, pool, max_file_bytes=1000)
    png, _ = inputs["png"]
    record = process_files(ctx, [str(png)])[0]
    _assert_failed(ctx, record, "too_large", None)
    # refused before anything is copied: the failed record (with the SHA-256) is kept, the bytes not
    assert "KiB" in record["error"]["message"] and "not copied" in record["error"]["message"]
    assert record["sha256"] == hashlib.sha256(png.read_bytes()).hexdigest()
    assert not ctx.archive.exists(layout.original_key(record["sha256"]))
    assert json.loads(ctx.archive.get_bytes(layout.failed_key(record["sha256"])))["id"] == record["id"]
    assert record["archive"]["original"] is None


def test_ocr_failure_is_reported_and_born_digital_needs_no_ocr(settings, pool, tmp_path, good):
    """With Tesseract unusable, scans fail as ocr_failed while a born-digital PDF still
    archives: proof that its page was never OCRed."""
    born = fx.born_digital_pdf(tmp_path / "born.pdf", LINES)
    ctx = make_context(settings, pool, tesseract_cmd="/bin/false")
    scanned, digital = process_files(ctx, [str(good), str(born)])
    _assert_failed(ctx, scanned, "ocr_failed", good.read_bytes())
    assert digital["status"] == "archived"
    assert "GIẤY KHAI SINH" in digital["text"]


@pytest.mark.tesseract
def test_unexpected_error_becomes_internal_error(ctx, tmp_path, good, monkeypatch, caplog):
    other = tmp_path / "other.png"
    fx.render_text_image(LINES[:3], dpi=200).save(other, dpi=(200, 200))

    def broken(ctx, job, *args, **kwargs):  # a bug of ours on the first input only
        if job.path == str(other):
            raise RuntimeError("disk on fire")
        return real(ctx, job, *args, **kwargs)

    real = pipeline._find_documents
    monkeypatch.setattr(pipeline, "_find_documents", broken)
    first, second = process_files(ctx, [str(other), str(good)])
    _assert_failed(ctx, first, "internal_error", other.read_bytes())
    assert "disk on fire" not in first["error"]["message"]  # the trace is for the developers' log
    [logged] = [r for r in caplog.records if r.exc_info]
    assert "disk on fire" in str(logged.exc_info[1])
    assert second["status"] == "archived"


@pytest.mark.tesseract
def test_a_failed_input_succeeds_later_under_the_same_id(settings, pool, good):
    broken = make_context(settings, pool, tesseract_cmd="/bin/false")
    failed = process_files(broken, [str(good)])[0]
    assert failed["status"] == "failed"
    ctx = make_context(settings, pool)
    archived = process_files(ctx, [str(good)])[0]
    assert archived["status"] == "archived" and archived["id"] == failed["id"]
    assert not ctx.archive.exists(layout.failed_key(archived["sha256"]))
    assert ctx.archive.exists(layout.original_key(archived["sha256"]))
