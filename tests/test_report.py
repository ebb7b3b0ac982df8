"""`digitize report`: the figures match the index in every format; the HTML draws its charts in
headless Chromium and fetches nothing.

The campaign is written straight through the storage functions and `Index.save` (no OCR), so
the review reasons, types and dates are the test's to choose; the expected figures are counted
here with SQL of its own, not with the report's code.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from digitize import report as reports
from digitize.config import load_settings
from storage import campaigns as store
from storage.index import Index
from tests.browser import headless_chromium
from tests.support import DIGITIZE, cli_env

CAMPAIGN = "/archive/old-boxes"
DOSSIER = "000.00.12.H02-230818-0001"

# (box, path, state, error code, documents: (id, status, type, dossier, pages, reasons, reviewed, created))
FILES = [
    (
        "box-a",
        "box-a/01.pdf",
        "archived",
        None,
        [
            (
                "a1",
                "archived",
                "birth_certificate",
                DOSSIER,
                3,
                ["low_confidence:personal_id"],
                False,
                "2026-11-01T09:00:00+07:00",
            ),
            ("a2", "archived", "marriage_certificate", DOSSIER, 2, [], False, "2026-11-01T09:05:00+07:00"),
        ],
    ),
    (
        "box-a",
        "box-a/02.png",
        "failed",
        "unreadable_input",
        [
            ("a3", "failed", "unknown", None, 0, [], False, "2026-11-01T10:00:00+07:00"),
        ],
    ),
    ("box-a", "box-a/03.pdf", "pending", None, []),
    (
        "box-b",
        "box-b/x/04.pdf",
        "archived",
        None,
        [
            (
                "b1",
                "archived",
                "unknown",
                None,
                1,
                ["no_dossier_id", "doc_type_uncertain"],
                False,
                "2026-10-30T08:00:00+07:00",
            ),
        ],
    ),
    (
        "box-b",
        "box-b/05.tif",
        "archived",
        None,
        [
            ("b2", "archived", "birth_certificate", None, 4, ["no_dossier_id"], True, "2026-11-03T14:00:00+07:00"),
            ("b3", "archived", "birth_certificate", DOSSIER, 2, [], False, "2026-11-03T14:01:00+07:00"),
        ],
    ),
    (
        "box-b",
        "box-b/06.zip",
        "failed",
        "unsupported_format",
        [
            ("b4", "failed", "unknown", None, 0, [], False, "2026-11-03T15:00:00+07:00"),
        ],
    ),
]
# In the index but not in the campaign (a `process` run): left out of the campaign's report.
OUTSIDE = ("z1", "archived", "land_use_certificate", None, 5, ["pdfa_failed"], False, "2026-09-01T08:00:00+07:00")


def _record(doc, n: int) -> dict:
    doc_id, status, doc_type, dossier, pages, reasons, reviewed, created = doc
    record = {
        "id": doc_id,
        "status": status,
        "sha256": f"{n:064x}",
        "source": f"/archive/old-boxes/{doc_id}",
        "doc_type": doc_type,
        "dossier_id": dossier,
        "pages": pages,
        "needs_review": bool(reasons),
        "review_reasons": reasons,
        "reviewed": reviewed,
        "created_at": created,
    }
    if status == "failed":
        record["error"] = {"code": "x", "message": "could not be read"}
    return record


def _fill(index: Index) -> None:
    """The campaign above and one document outside it."""
    store.open_campaign(index, CAMPAIGN, CAMPAIGN, name=None, manifest=None)
    store.add_pending(
        index, CAMPAIGN, [{"path": p, "box": b, "dossier_id": None, "doc_type": None} for b, p, *_ in FILES]
    )
    n = 0
    for box, path, state, code, docs in FILES:
        for doc in docs:
            n += 1
            record = _record(doc, n)
            if code:
                record["error"]["code"] = code
            index.save(record, position=1, archive_key=None)
        if state != "pending":
            error = {"code": code, "message": "bad"} if code else None
            pages = sum(d[4] for d in docs)
            store.save_file(
                index, CAMPAIGN, path, box=box, state=state, error=error, document_ids=[d[0] for d in docs], pages=pages
            )
    index.save(_record(OUTSIDE, 99), position=1, archive_key=None)


@pytest.fixture
def index_home(home) -> Path:
    index = Index(_settings_home(home))
    _fill(index)
    index.close()
    return home


def _settings_home(home: Path) -> str:
    home.mkdir(parents=True, exist_ok=True)
    return load_settings().database_url


def _report(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([DIGITIZE, "report", *args], capture_output=True, text=True, env=cli_env(home), timeout=120)


# ---------------------------------------------------------------- the expected figures, by SQL


def _sql_facts(home: Path, campaign: str | None) -> list[dict]:
    """Each document with its box, read with plain SQL."""
    with sqlite3.connect(home / "index.db") as db:
        boxes = {}
        if campaign is not None:
            for box, path, ids in db.execute(
                "SELECT box, path, document_ids FROM campaign_files WHERE campaign_id = ?", (campaign,)
            ):
                boxes.update({doc_id: (box, path) for doc_id in json.loads(ids)})
        rows = db.execute(
            "SELECT id, status, doc_type, dossier_id, needs_review AND NOT reviewed, "
            "json_extract(record, '$.pages'), json_extract(record, '$.review_reasons'), "
            "json_extract(record, '$.error.code') FROM documents"
        ).fetchall()
    facts = []
    for doc_id, status, doc_type, dossier, waiting, pages, reasons, code in rows:
        if campaign is not None and doc_id not in boxes:
            continue
        box = boxes[doc_id][0] if campaign is not None else "—"
        facts.append(
            {
                "id": doc_id,
                "box": box,
                "status": status,
                "doc_type": doc_type,
                "dossier": dossier,
                "waiting": bool(waiting) and status == "archived",
                "pages": pages or 0,
                "reasons": json.loads(reasons or "[]"),
                "code": code,
            }
        )
    return facts


def _expected(facts: list[dict]) -> dict:
    archived = [f for f in facts if f["status"] == "archived"]
    waiting = [f for f in facts if f["waiting"]]
    return {
        "documents": len(facts),
        "archived": len(archived),
        "pages": sum(f["pages"] for f in archived),
        "failed": sum(f["status"] == "failed" for f in facts),
        "needs_review": len(waiting),
        "linked": sum(bool(f["dossier"]) for f in archived),
        "not_linked": sum(not f["dossier"] for f in archived),
        "failed_by_code": dict(sorted(Counter(f["code"] for f in facts if f["status"] == "failed").items())),
        "review_reasons": dict(sorted(Counter(r for f in waiting for r in f["reasons"]).items())),
    }


def _expected_box_types(facts: list[dict]) -> dict[tuple, dict]:
    keys = sorted({(f["box"], f["doc_type"]) for f in facts})
    return {k: _expected([f for f in facts if (f["box"], f["doc_type"]) == k]) for k in keys}


def _file_states(home: Path) -> dict[str, Counter]:
    with sqlite3.connect(home / "index.db") as db:
        rows = db.execute("SELECT box, state FROM campaign_files WHERE campaign_id = ?", (CAMPAIGN,)).fetchall()
    states: dict[str, Counter] = {}
    for box, state in rows:
        states.setdefault(box, Counter())[state] += 1
    return states


# ---------------------------------------------------------------- formats


def test_json_figures_match_the_index(index_home):
    result = _report(index_home, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scope"] == "campaign" and report["campaign"]["id"] == CAMPAIGN
    facts = _sql_facts(index_home, CAMPAIGN)
    assert "z1" not in {f["id"] for f in facts}
    expected = _expected(facts)
    assert {k: report["totals"][k] for k in expected} == expected
    assert expected["archived"] == 5 and expected["pages"] == 12 and expected["needs_review"] == 2  # b2 was reviewed
    for row in report["box_types"]:
        assert {k: row[k] for k in expected} == _expected_box_types(facts)[(row["box"], row["doc_type"])]
    assert len(report["box_types"]) == len(_expected_box_types(facts))
    states = _file_states(index_home)
    for row in report["boxes"]:
        mine = states[row["box"]]
        assert (row["files"], row["files_archived"], row["files_failed"], row["files_pending"]) == (
            sum(mine.values()),
            mine["archived"],
            mine["failed"],
            mine["pending"],
        )
        assert {k: row[k] for k in expected} == _expected([f for f in facts if f["box"] == row["box"]])
    assert report["backlog"] == {
        "pending": 1,
        "failed": 2,
        "failed_by_code": {"unreadable_input": 1, "unsupported_format": 1},
    }


def test_json_throughput_and_oldest_unreviewed(index_home):
    report = json.loads(_report(index_home, "--format", "json").stdout)
    days = {d["day"]: d for d in report["per_day"]}
    assert list(days) == ["2026-10-30", "2026-11-01", "2026-11-03"]  # local days, in order
    assert (days["2026-11-01"]["documents"], days["2026-11-01"]["pages"]) == (2, 5)
    assert (report["per_day"][-1]["total_documents"], report["per_day"][-1]["total_pages"]) == (5, 12)
    oldest = report["oldest_unreviewed"]
    assert [item["id"] for item in oldest] == ["b1", "a1"]  # b2 is reviewed; z1 is not in the campaign
    assert oldest[0] == {
        "id": "b1",
        "box": "box-b",
        "file": "box-b/x/04.pdf",
        "doc_type": "unknown",
        "reasons": ["no_dossier_id", "doc_type_uncertain"],
        "created_at": "2026-10-30T08:00:00+07:00",
    }


def test_csv_is_the_box_by_type_table(index_home, tmp_path):
    target = tmp_path / "report.csv"
    result = _report(index_home, "--format", "csv", "--out", str(target))
    assert result.returncode == 0 and result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    expected = _expected_box_types(_sql_facts(index_home, CAMPAIGN))
    assert [(r["box"], r["doc_type"]) for r in rows] == list(expected)
    for row in rows:
        want = expected[(row["box"], row["doc_type"])]
        for key in ("documents", "archived", "pages", "failed", "needs_review", "linked", "not_linked"):
            assert int(row[key]) == want[key], (row, key)
        assert row["failed_by_code"] == "; ".join(f"{c}={n}" for c, n in want["failed_by_code"].items())
        assert row["review_reasons"] == "; ".join(f"{c}={n}" for c, n in want["review_reasons"].items())


def test_table_fits_80_columns_and_shows_the_figures(index_home):
    result = _report(index_home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = result.stdout
    assert f"Campaign {CAMPAIGN}" in text
    assert "5 documents archived (12 pages)" in text and "2 waiting for review" in text
    assert "Backlog left: 3 files (1 pending, 2 failed)" in text
    box_a = next(line for line in lines if line.lstrip().startswith("box-a"))
    # files, documents archived, pages, failed, review, linked, no dossier
    assert box_a.split()[1:] == ["3", "2", "5", "1", "1", "2", "0"]
    assert "unreadable_input" in text and "no_dossier_id" in text


def test_without_campaign_the_whole_index(home):
    index = Index(_settings_home(home))
    index.save(_record(OUTSIDE, 1), position=1, archive_key=None)
    index.close()
    report = json.loads(_report(home, "--format", "json").stdout)
    assert report["scope"] == "index" and report["campaign"] is None and report["backlog"] is None
    assert [(r["box"], r["doc_type"], r["pages"]) for r in report["box_types"]] == [("—", "land_use_certificate", 5)]
    assert report["totals"]["review_reasons"] == {"pdfa_failed": 1}


def test_unknown_campaign_exits_2(index_home):
    result = _report(index_home, "--campaign", "nope")
    assert result.returncode == 2
    assert "no campaign 'nope'" in result.stderr and "Traceback" not in result.stderr


def test_the_latest_campaign_by_default(index_home):
    index = Index(_settings_home(index_home))
    store.open_campaign(index, "newer", "/archive/newer", name="newer", manifest=None)
    index.close()
    assert json.loads(_report(index_home, "--format", "json").stdout)["campaign"]["id"] == "newer"
    old = json.loads(_report(index_home, "--campaign", CAMPAIGN, "--format", "json").stdout)
    assert old["totals"]["archived"] == 5


def _comparable(report: dict) -> dict:
    """The figures without the moments the report and the campaign were made."""
    return {k: v for k, v in report.items() if k not in ("generated_at", "campaign")}


def test_postgresql_gives_the_same_figures(postgres_url, index_home):
    # The record keys are read with JSON operators, which each dialect spells its own way.
    index = Index(postgres_url)
    try:
        _fill(index)
        on_postgres = reports.load(index, CAMPAIGN)
        whole = reports.load(index, None)
    finally:
        index.close()
    local = Index(_settings_home(index_home))
    try:
        assert _comparable(on_postgres) == _comparable(reports.load(local, CAMPAIGN))
        assert whole["campaign"]["id"] == CAMPAIGN
    finally:
        local.close()


# ---------------------------------------------------------------- HTML in a browser

CHARTS = ("chart-progress", "chart-boxes", "chart-types", "chart-reasons")


def _browser():
    return headless_chromium()


DRAWN = """
const fig = document.getElementById(arguments[0]);
if (!fig) return null;
const svg = fig.querySelector('svg');
const shapes = [...fig.querySelectorAll('rect.bar, path.line')];
return {title: svg && svg.querySelector('title') ? svg.querySelector('title').textContent : null,
        shapes: shapes.length,
        drawn: shapes.filter(s => { const b = s.getBBox(); return b.width > 0; }).length,
        shown: svg ? svg.getBoundingClientRect().width : 0};
"""


def test_html_is_self_contained_and_its_charts_draw(index_home, tmp_path):
    target = tmp_path / "report.html"
    result = _report(index_home, "--format", "html", "--out", str(target))
    assert result.returncode == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert "http" not in html.lower() and "<script" not in html.lower()  # nothing to fetch, nothing to run
    driver = _browser()
    try:
        driver.get(target.as_uri())
        for chart in CHARTS:
            drawn = driver.execute_script(DRAWN, chart)
            assert drawn is not None, chart
            assert drawn["title"] and drawn["shown"] > 0, (chart, drawn)
            assert drawn["shapes"] > 0 and drawn["drawn"] == drawn["shapes"], (chart, drawn)
        bars = driver.execute_script("return document.querySelectorAll('#chart-boxes rect.bar').length")
        assert bars == 5  # box-a: archived, failed, pending; box-b: archived, failed
        resources = driver.execute_script("return performance.getEntriesByType('resource').length")
        assert resources == 0  # the page loaded nothing beyond itself
        assert "5" in driver.find_element("css selector", ".summary").text
    finally:
        driver.quit()


def test_a_real_campaign_reported(tmp_path):
    """Through `digitize batch` (born-digital PDFs, no OCR) with a corrupt scan: the records the
    pipeline writes are the ones the report counts."""
    from tests import fixtures_pdf as fx
    from tests.inputs import LINES

    home, root = tmp_path / "home", tmp_path / "tree"
    for n, rel in enumerate(("box-a/01.pdf", "box-b/02.pdf"), start=1):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        fx.born_digital_pdf(root / rel, [*LINES[:3], f"Bản số {n}"])
    (root / "box-b" / "broken.png").write_bytes(fx.corrupt_png_bytes())
    batch = subprocess.run(
        [DIGITIZE, "batch", str(root), "--campaign", "real"],
        capture_output=True,
        text=True,
        env=cli_env(home),
        timeout=300,
    )
    assert batch.returncode == 1, batch.stderr  # the corrupt scan stands failed
    report = json.loads(_report(home, "--format", "json").stdout)
    facts = _sql_facts(home, "real")
    expected = _expected(facts)
    assert {k: report["totals"][k] for k in expected} == expected
    assert report["totals"]["failed_by_code"] == {"unreadable_input": 1}
    assert [(b["box"], b["files"], b["files_failed"]) for b in report["boxes"]] == [("box-a", 1, 0), ("box-b", 2, 1)]
    assert report["backlog"] == {"pending": 0, "failed": 1, "failed_by_code": {"unreadable_input": 1}}
    assert report["per_day"][-1]["total_pages"] == expected["pages"] > 0
