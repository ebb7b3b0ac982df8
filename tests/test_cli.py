"""The `digitize process` command as archive staff run it."""

from __future__ import annotations

import json
import subprocess

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
