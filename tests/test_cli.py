"""The `digitize process` command as archive staff run it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests import fixtures_pdf as fx
from tests.inputs import LINES
from tests.support import DIGITIZE, cli_env


def _run(args, home, **env):
    return subprocess.run([DIGITIZE, *args], capture_output=True, text=True, env=cli_env(home, **env), timeout=300)


@pytest.mark.tesseract
def test_json_output_one_record_per_line_and_exit_status(tmp_path):
    home = tmp_path / "home"
    good = tmp_path / "scan.png"
    fx.render_text_image(LINES, dpi=200).save(good, dpi=(200, 200))
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(fx.truncated_jpeg_bytes())
    done = _run(["process", "--json", str(good), str(bad)], home)
    assert done.returncode == 1, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["status"] for r in records] == ["archived", "failed"]
    for key in ("id", "pages", "source_pages", "text", "sha256", "archive"):
        assert key in records[0]
    assert records[0]["archive"]["pdf"].startswith(f"file://{home}/archive/unlinked/")
    assert records[1]["error"]["code"] == "unreadable_input"
    assert "1 of 2 failed" in done.stderr

    again = _run(["process", "--json", str(good)], home)
    assert again.returncode == 0
    assert json.loads(again.stdout)["id"] == records[0]["id"]


@pytest.mark.tesseract
def test_table_output_and_dossier_archive_layout(tmp_path):
    home = tmp_path / "home"
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    fx.render_text_image(LINES, dpi=200).save(first, dpi=(200, 200))
    fx.render_text_image(LINES[2:], dpi=200).save(second, dpi=(200, 200))
    dossier = "000.00.12.H02-230818-0001"
    done = _run(["process", "--dossier", dossier, str(first), str(second)], home, COLUMNS="200")
    assert done.returncode == 0, done.stderr
    assert "a.png" in done.stdout and "b.png" in done.stdout and "archived" in done.stdout
    folder = home / "archive" / "dossiers" / dossier
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{dossier}.01.json",
        f"{dossier}.01.pdf",
        f"{dossier}.02.json",
        f"{dossier}.02.pdf",
    ]
    record = json.loads((folder / f"{dossier}.02.json").read_text())
    assert record["dossier_id"] == dossier and record["dossier_id_source"] == "given"
    assert record["doc_type"] == "birth_certificate" and record["review_reasons"] == []


def test_bad_usage_exits_2(tmp_path):
    home = tmp_path / "home"
    scan = tmp_path / "a.png"
    fx.render_text_image(LINES[:2], dpi=150).save(scan)
    done = _run(["process", "--dossier", "../../etc", str(scan)], home)
    assert done.returncode == 2
    assert "not a dossier code" in done.stderr
    assert not (home / "archive").exists()
    assert _run(["process"], home).returncode == 2


def test_the_process_table_fits_80_columns_with_short_archive_keys(tmp_path):
    home = tmp_path / "home"
    first = fx.born_digital_pdf(tmp_path / "a-rather-long-file-name-from-the-scanner-0001.pdf", LINES)
    second = fx.born_digital_pdf(tmp_path / "b.pdf", LINES[2:])
    dossier = "000.22.31.H02-200605-0115"
    args = ["process", "--dossier", dossier, str(first), str(tmp_path / "missing.pdf"), str(second)]
    done = _run(args, home, COLUMNS="80")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, done.stdout
    assert "file://" not in done.stdout
    assert f"dossiers/{dossier}/….01.pdf" in done.stdout and f"dossiers/{dossier}/….02.pdf" in done.stdout
    assert "a-rather-lo…ner-0001.pdf" in done.stdout  # the name cut in the middle, its end kept
    assert len(lines) <= 1 + 3 * 3 + 1, done.stdout  # header, a few lines per record, summary
    assert lines[-1].startswith("3 documents: 2 archived")


def test_json_lines_one_per_record_without_ocr(tmp_path):
    home = tmp_path / "home"
    scans = [fx.born_digital_pdf(tmp_path / f"{n}.pdf", LINES[n:]) for n in range(2)]
    done = _run(["process", "--json", *map(str, scans)], home)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [Path(r["source"]).name for r in records] == ["0.pdf", "1.pdf"]


def test_archive_keys_are_shown_relative_to_the_archive_root():
    from cli import _archive_key

    dossier = "000.22.31.H02-200605-0115"
    url = f"file:///srv/digitize/archive/dossiers/{dossier}/{dossier}.03.pdf"
    assert _archive_key(url) == f"dossiers/{dossier}/….03.pdf"
    sha = "ab" + "0" * 62
    assert _archive_key(f"s3://bucket/prefix/unlinked/ab/{sha}.2.pdf") == f"unlinked/ab/{sha[:12]}….2.pdf"
    assert len(_archive_key(url, width=30)) == 30
