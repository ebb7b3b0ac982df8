"""`digitize batch`: a backlog campaign over a tree of boxes, its manifest, resuming."""

from __future__ import annotations

import json
import re
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pikepdf
import pytest

from digitize.campaign import ManifestError, assignment_for, box_of, chunks, parse_manifest, plan, walk
from digitize.understand.catalogue import default_catalogue
from tests import fixtures_pdf as fx
from tests.inputs import LINES
from tests.support import DIGITIZE, REPO, cli_env, interruptible

DOSSIER_A = "000.00.12.H02-230818-0001"
DOSSIER_B = "000.00.12.H02-230818-0002"
DOSSIER_C = "000.00.12.H02-230818-0003"


def _run(args, home, **env):
    return subprocess.run([DIGITIZE, *args], capture_output=True, text=True, env=cli_env(home, **env), timeout=300)


def _pdf(path: Path, n: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fx.born_digital_pdf(path, [*LINES[:3], f"Bản số {n}"])  # bytes differ per file


def _tree(root: Path) -> None:
    """Three boxes: a folder row, a file row overriding it, a file without a dossier, a corrupt scan."""
    _pdf(root / "box-a" / "01.pdf", 1)
    _pdf(root / "box-a" / "02.pdf", 2)
    _pdf(root / "box-b" / "x" / "03.pdf", 3)
    _pdf(root / "box-b" / "x" / "04.pdf", 4)
    _pdf(root / "box-c" / "05.pdf", 5)
    (root / "box-c" / "broken.png").write_bytes(fx.corrupt_png_bytes())
    (root / "box-a" / ".DS_Store").write_bytes(b"litter")
    (root / "box-a" / "Thumbs.db").write_bytes(b"litter")


def _manifest(path: Path, rows: list[str]) -> Path:
    path.write_text("path,dossier_id,doc_type\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


GOOD_ROWS = [f"box-a,{DOSSIER_A},", f"box-b,{DOSSIER_B},", f"box-b/x/04.pdf,{DOSSIER_C},birth_certificate"]


def _db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "index.db")


def _documents(home: Path) -> list[tuple]:
    with _db(home) as db:
        return sorted(db.execute("SELECT id, sha256, status, dossier_id FROM documents").fetchall())


def _by_source(home: Path) -> dict[str, tuple]:
    with _db(home) as db:
        rows = db.execute("SELECT source, status, dossier_id FROM documents").fetchall()
    return {Path(source).name: (status, dossier) for source, status, dossier in rows}


# ---------------------------------------------------------------- manifest, unit


def _check(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, tmp_path, default_catalogue())
    return caught.value.problems


@pytest.fixture
def small_tree(tmp_path) -> Path:
    root = tmp_path / "tree"
    (root / "box-a").mkdir(parents=True)
    (root / "box-a" / "a.pdf").write_bytes(b"%PDF-1.4")
    return root


def test_manifest_rows_and_the_most_specific_wins(small_tree):
    rows = parse_manifest(
        f"path,dossier_id,doc_type\n\nbox-a,{DOSSIER_A},\nbox-a/a.pdf,{DOSSIER_B},birth_certificate\n",
        small_tree,
        default_catalogue(),
    )
    assert assignment_for(rows, "box-a/a.pdf").dossier_id == DOSSIER_B
    assert assignment_for(rows, "box-a/a.pdf").doc_type == "birth_certificate"
    assert assignment_for(rows, "box-a/other.pdf").dossier_id == DOSSIER_A
    assert assignment_for(rows, "box-b/c.pdf") is None
    two = parse_manifest(f"path,dossier_id\n./box-a/,{DOSSIER_A}\n", small_tree, default_catalogue())
    assert two["box-a"].doc_type is None and two["box-a"].line == 2


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ("box-a,000.00.12.H02-2308-1,", "not a dossier code"),
        (f"box-a,{DOSSIER_A},no_such_type", "not a document type"),
        (f"../outside,{DOSSIER_A},", "outside"),
        (f"box-a/../../x,{DOSSIER_A},", "outside"),
        (f"/etc/passwd,{DOSSIER_A},", "absolute"),
        (f"box-a/missing.pdf,{DOSSIER_A},", "no file or folder"),
        (f"box-a,{DOSSIER_A}", "2 columns where the header has 3"),
        (f"box-a,{DOSSIER_A},,extra", "4 columns"),
        (f",{DOSSIER_A},", "empty"),
    ],
)
def test_each_kind_of_bad_row_is_named_with_its_line(small_tree, row, why):
    problems = _check(small_tree, f"path,dossier_id,doc_type\nbox-a/a.pdf,{DOSSIER_B},\n{row}\n")
    assert len(problems) == 1 and problems[0].startswith("line 3:") and why in problems[0], problems


def test_every_bad_row_is_reported_at_once_and_a_bad_header_stops_at_line_1(small_tree):
    problems = _check(small_tree, f"path,dossier_id\nnope.pdf,{DOSSIER_A}\nbox-a,bad\nbox-a,{DOSSIER_A}\n")
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3"]
    assert _check(small_tree, "file,dossier\nbox-a,x\n")[0].startswith("line 1:")
    dup = _check(small_tree, f"path,dossier_id\nbox-a,{DOSSIER_A}\nbox-a/,{DOSSIER_B}\n")
    assert dup == ["line 3: box-a is already given on line 2"]


def test_walk_is_sorted_skips_litter_and_chunks_keep_box_and_dossier(tmp_path):
    root = tmp_path / "t"
    for rel in ("b/2.pdf", "a/10.pdf", "a/9.pdf", "top.pdf", "a/.hidden.pdf", ".git/x", "a/~$lock.docx", "a/b/c.pdf"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"x")
    assert walk(root) == ["a/10.pdf", "a/9.pdf", "a/b/c.pdf", "b/2.pdf", "top.pdf"]
    assert [box_of(p) for p in walk(root)] == ["a", "a", "a", "b", ""]
    rows = {"a/b": parse_manifest(f"path,dossier_id\na/b,{DOSSIER_A}\n", root, default_catalogue())["a/b"]}
    files = plan(root, rows)
    assert [[f.path for f in c] for c in chunks(files, 8)] == [
        ["a/10.pdf", "a/9.pdf"],
        ["a/b/c.pdf"],
        ["b/2.pdf"],
        ["top.pdf"],
    ]
    assert [len(c) for c in chunks(files[:2], 1)] == [1, 1]
    typed = parse_manifest("path,dossier_id,doc_type\na/9.pdf,,decision\n", root, default_catalogue())
    # a pipeline call takes one given type: a typed file is a chunk of its own
    assert [[f.path for f in c] for c in chunks(plan(root, typed), 8)][:3] == [["a/10.pdf"], ["a/9.pdf"], ["a/b/c.pdf"]]


# ---------------------------------------------------------------- the command


def test_campaign_bad_manifest_then_archive_then_resume_then_retry(tmp_path):
    # a path longer than a line: the campaign's id is printed whole on one line all the same
    home, root = tmp_path / "home", tmp_path / "tree-of-a-campaign-whose-path-is-longer-than-eighty-columns"
    _tree(root)
    bad = _manifest(tmp_path / "bad.csv", [*GOOD_ROWS, "box-c/05.pdf,000.00.12.H02-BAD,"])
    refused = _run(["batch", str(root), "--manifest", str(bad)], home)
    assert refused.returncode == 2, refused.stderr
    assert "line 5" in refused.stderr and "nothing was processed" in refused.stderr
    assert not (home / "archive").exists() or not any((home / "archive").rglob("*.pdf"))

    good = _manifest(root / "manifest.csv", GOOD_ROWS)  # inside the tree: not an input
    done = _run(["batch", str(root), "--manifest", str(good), "--json"], home)
    assert done.returncode == 1, done.stderr
    assert f"Campaign: {root}" in done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(Path(r["source"]).name for r in records) == [
        "01.pdf",
        "02.pdf",
        "03.pdf",
        "04.pdf",
        "05.pdf",
        "broken.png",
    ]
    assert "box-c/broken.png" in done.stderr and "unreadable_input" in done.stderr
    assert "Archived 5 files" in done.stderr
    sources = _by_source(home)
    assert sources["01.pdf"] == ("archived", DOSSIER_A) and sources["02.pdf"] == ("archived", DOSSIER_A)
    assert sources["03.pdf"] == ("archived", DOSSIER_B)  # folder row
    assert sources["04.pdf"] == ("archived", DOSSIER_C)  # file row beats its folder's
    assert sources["05.pdf"] == ("archived", None) and sources["broken.png"][0] == "failed"
    with _db(home) as db:
        states = dict(db.execute("SELECT path, state FROM campaign_files").fetchall())
        doc_type = db.execute("SELECT doc_type FROM campaign_files WHERE path = 'box-b/x/04.pdf'").fetchone()[0]
    assert states == {
        "box-a/01.pdf": "archived",
        "box-a/02.pdf": "archived",
        "box-b/x/03.pdf": "archived",
        "box-b/x/04.pdf": "archived",
        "box-c/05.pdf": "archived",
        "box-c/broken.png": "failed",
    }
    assert doc_type == "birth_certificate"

    before = _documents(home)
    again = _run(["batch", str(root), "--manifest", str(good), "--json"], home)
    assert again.returncode == 1, again.stderr  # the corrupt file still stands failed
    assert again.stdout == "" and "skipped 5 already archived" in again.stderr
    assert "1 failed in an earlier run" in again.stderr
    assert _documents(home) == before

    retried = _run(["batch", str(root), "--manifest", str(good), "--retry-failed", "--json"], home)
    assert retried.returncode == 1
    assert [Path(json.loads(line)["source"]).name for line in retried.stdout.splitlines()] == ["broken.png"]
    assert _documents(home) == before  # the failed record is replaced, not added


# The sample form: its title says "Tờ khai" (application_form); its labels are common ones.
FORM = REPO / "samples" / "scans" / "application_form-digital.pdf"
RESIDENCE_FIELDS = {"full_name", "personal_id", "date_of_birth", "permanent_address", "issue_date"}


def _box_of_two(path: Path, tmp: Path) -> Path:
    """One PDF holding two documents (the sample form, then a birth certificate), as a box scan would."""
    birth = fx.born_digital_pdf(tmp / "birth-page.pdf", [*LINES, "Bản số 9"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.open(FORM) as box, pikepdf.open(birth) as more:
        box.pages.extend(more.pages)
        box.save(path)
    return path


def test_a_manifest_doc_type_is_recorded_instead_of_the_guess(tmp_path):
    home, root = tmp_path / "home", tmp_path / "tree"
    form = root / "box-t" / "form.pdf"
    form.parent.mkdir(parents=True)
    shutil.copy(FORM, form)
    _pdf(root / "box-t" / "birth.pdf", 1)  # no type given: classified
    _box_of_two(root / "box-u" / "box.pdf", tmp_path)
    manifest = _manifest(
        tmp_path / "m.csv", ["box-t/form.pdf,,residence_confirmation", f"box-u,{DOSSIER_A},residence_confirmation"]
    )
    guessed = _run(["process", str(form), "--json"], tmp_path / "other-home")
    assert guessed.returncode == 0, guessed.stderr
    assert json.loads(guessed.stdout)["doc_type"] == "application_form"  # what the classifier says

    done = _run(["batch", str(root), "--manifest", str(manifest), "--json"], home)
    assert done.returncode == 0, done.stderr
    records = {}
    for line in done.stdout.splitlines():
        record = json.loads(line)
        records.setdefault(Path(record["source"]).name, []).append(record)

    (given,) = records["form.pdf"]
    assert (given["doc_type"], given["doc_type_confidence"]) == ("residence_confirmation", 1.0)
    assert "doc_type_uncertain" not in given["review_reasons"]
    # read with the given type's catalogue entry: its fields, not the form's (form_code)
    assert set(given["fields"]) <= RESIDENCE_FIELDS and given["fields"]["personal_id"]["value"] == "077067516460"
    assert given["metadata"]["doc_type_name"] == "Xác nhận thông tin về cư trú (CT07)"

    (classified,) = records["birth.pdf"]
    assert classified["doc_type"] == "birth_certificate"

    # the box scan is still split; the row's type is every one of its documents'
    box = records["box.pdf"]
    assert [r["source_pages"] for r in box] == [[1, 1], [2, 2]]
    assert {(r["doc_type"], r["doc_type_confidence"], r["dossier_id_source"]) for r in box} == {
        ("residence_confirmation", 1.0, "given")
    }
    assert not any("doc_type_uncertain" in r["review_reasons"] for r in box)
    with _db(home) as db:
        indexed = dict(db.execute("SELECT source, doc_type FROM documents WHERE source LIKE '%form.pdf'").fetchall())
    assert list(indexed.values()) == ["residence_confirmation"]


def _archived_count(home: Path) -> int:
    try:
        with _db(home) as db:
            return db.execute("SELECT count(*) FROM documents WHERE status = 'archived'").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet


def _interrupt_after_first_records(root: Path, home: Path, sig: int) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(
        [DIGITIZE, "batch", str(root), "--chunk", "1", "--campaign", "stop-test"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(home),
        preexec_fn=interruptible,
    )
    # the first file done shows on stderr ("1/10 files") as soon as its record is archived;
    # the index is polled too (a busy machine may keep its reads waiting on the writer's lock)
    lines: list[str] = []
    out: list[str] = []
    readers = [
        threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True),
        threading.Thread(target=lambda: out.extend(iter(proc.stdout.readline, "")), daemon=True),
    ]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + 120
    while (
        not any(re.match(r"\d+/\d+ files", line) for line in list(lines))
        and _archived_count(home) < 1
        and proc.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.02)
    proc.send_signal(sig)
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()  # a run that did not stop: fails below, rather than hang the suite
        proc.wait()
    for reader in readers:
        reader.join(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, "".join(out), "".join(lines))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_interrupted_campaign_resumes_and_archives_each_input_once(tmp_path, sig):
    home, root = tmp_path / "home", tmp_path / "tree"
    # thirty small files: on a busy machine (the suite's other process) ten were all done
    # before the test process saw the first one
    for n in range(30):
        _pdf(root / f"box-{n // 12}" / f"{n:02}.pdf", n)
    stopped = _interrupt_after_first_records(root, home, sig)
    if sig == signal.SIGINT:
        assert stopped.returncode == 130, stopped.stderr
        assert "Run the same command again to resume" in stopped.stderr
        assert f"batch {root} --chunk 1 --campaign stop-test" in stopped.stderr
    else:
        assert stopped.returncode == -signal.SIGKILL
    assert 1 <= _archived_count(home) < 30  # stopped part-way

    resumed = _run(["batch", str(root), "--chunk", "1", "--campaign", "stop-test"], home)
    assert resumed.returncode == 0, resumed.stderr
    with _db(home) as db:
        per_input = db.execute("SELECT sha256, count(*) FROM documents GROUP BY sha256").fetchall()
        states = db.execute("SELECT state, count(*) FROM campaign_files GROUP BY state").fetchall()
    assert len(per_input) == 30 and all(count == 1 for _, count in per_input)
    assert states == [("archived", 30)]


# ---------------------------------------------------------------- the tables, on both databases


@pytest.fixture(params=["sqlite", "postgresql"])
def index_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'index.db'}"
    return request.getfixturevalue("postgres_url")


def test_campaign_rows_resume_and_refuse_another_tree(index_url):
    from storage import campaigns as store
    from storage.index import Index

    index = Index(index_url)
    try:
        assert store.open_campaign(index, "/srv/tree", "/srv/tree", name=None, manifest=None) is True
        store.add_pending(index, "/srv/tree", [{"path": "a/1.pdf", "box": "a", "dossier_id": None, "doc_type": None}])
        store.save_file(index, "/srv/tree", "a/1.pdf", box="a", state=store.ARCHIVED, document_ids=["d1"], pages=3)
        store.add_pending(index, "/srv/tree", [{"path": "a/1.pdf", "box": "a", "dossier_id": None, "doc_type": None}])
        assert store.open_campaign(index, "/srv/tree", "/srv/tree", name=None, manifest="m.csv") is False
        state = store.file_states(index, "/srv/tree")["a/1.pdf"]
        assert (state.state, state.document_ids, state.pages) == ("archived", ["d1"], 3)
        with pytest.raises(store.CampaignConflict):
            store.open_campaign(index, "/srv/tree", "/srv/other", name=None, manifest=None)
        with pytest.raises(ValueError):
            store.save_file(index, "/srv/tree", "a/1.pdf", box="a", state="done")
    finally:
        index.close()


def test_batch_with_postgresql_index_resumes(postgres_url, tmp_path):
    home, root = tmp_path / "home", tmp_path / "tree"
    _pdf(root / "box-a" / "01.pdf", 1)
    _pdf(root / "box-b" / "02.pdf", 2)
    first = _run(["batch", str(root), "--campaign", "pg"], home, DATABASE_URL=postgres_url)
    assert first.returncode == 0, first.stderr
    assert "Campaign: pg" in first.stderr and "Archived 2 files" in first.stderr
    again = _run(["batch", str(root), "--campaign", "pg"], home, DATABASE_URL=postgres_url)
    assert again.returncode == 0 and "skipped 2 already archived" in again.stderr
