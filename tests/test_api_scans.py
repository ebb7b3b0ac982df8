"""POST /scans and GET /jobs/{id} against a real Redis and a `digitize worker --burst`.

Inputs are born-digital one-page PDFs (their text layer is read, no OCR) and small broken
files, so a burst takes seconds. Hostile uploads (path-like names, NUL bytes, huge names, a
body over the limit, a zip bomb named .pdf, broken multipart bodies) must get a 4xx or a
failed job, never a 5xx, and nothing may be written outside DIGITIZE_HOME.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from digitize.config import load_settings
from storage import jobs as job_states
from storage.models import AuditRow
from tests import fixtures_pdf as fx
from tests.api_support import api_over
from tests.support import DIGITIZE, cli_env

PROBLEM = "application/problem+json"
BOUNDARY = "digitize-test-boundary"


@pytest.fixture
def qapi(settings, redis_url, conn, monkeypatch):
    """The API with the test Redis behind it (its database emptied first)."""
    monkeypatch.setenv("DIGITIZE_WEBHOOKS", "off")
    instance = api_over(settings, redis_url=redis_url)
    with instance.client:
        yield instance
    instance.close()


def _pdf(tmp_path: Path, tag: str) -> bytes:
    path = fx.born_digital_pdf(tmp_path / f"{tag}.pdf", [*fx.DEFAULT_LINES, f"Bản sao số {tag}"])
    return path.read_bytes()


def _multipart(parts: list[tuple[bytes, bytes]], boundary: str = BOUNDARY) -> bytes:
    """A multipart body made by hand (a client library would clean the names we test):
    parts are (Content-Disposition parameters, content)."""
    out = b""
    for disposition, content in parts:
        out += f"--{boundary}\r\n".encode() + b"Content-Disposition: form-data; " + disposition + b"\r\n\r\n"
        out += content + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def _file(name: bytes, content: bytes) -> tuple[bytes, bytes]:
    return b'name="files"; filename="' + name + b'"', content


def _post_raw(api, body: bytes, *, content_type: str | None = None, scope: str = "submit"):
    headers = {**api.auth(scope), "Content-Type": content_type or f"multipart/form-data; boundary={BOUNDARY}"}
    return api.client.post("/api/v1/scans", content=body, headers=headers)


def _burst(api, redis_url: str) -> None:
    done = subprocess.run(
        [DIGITIZE, "worker", "--burst"],
        env=cli_env(api.settings.home, REDIS_URL=redis_url, DIGITIZE_WEBHOOKS="off"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr


def _job(api, job_id: str) -> dict:
    answer = api.client.get(f"/api/v1/jobs/{job_id}", headers=api.auth("read"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _problem(answer, status: int) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    body = answer.json()
    assert body["status"] == status and body["detail"]
    return body


def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


# ------------------------------------------------------------------ without Redis


def test_without_redis_uploads_answer_503_and_reads_still_work(api, tmp_path):
    body = _multipart([_file(b"scan.pdf", _pdf(tmp_path, "1"))])
    answer = _post_raw(api, body)
    assert "REDIS_URL" in _problem(answer, 503)["detail"]
    _problem(_post_raw(api, body, scope="read"), 403)
    _problem(api.client.post("/api/v1/scans", content=body), 401)
    assert not (api.settings.home / "uploads").exists() or not any((api.settings.home / "uploads").iterdir())

    _problem(api.client.get("/api/v1/jobs/in-nothing-0", headers=api.auth("read")), 404)
    for bad in ("a%20b", "x" * 101, "%00", "a%2Fb"):
        _problem(api.client.get(f"/api/v1/jobs/{bad}", headers=api.auth("read")), 404)
    job_states.queued(api.services.index, "in-abc-0", queue="counter", file="scan.pdf", sha256=None, dossier_id=None)
    assert _job(api, "in-abc-0") == {"id": "in-abc-0", "status": "queued", "document_ids": [], "error": None}


def test_labels_are_names_never_paths():
    from api.routes.scans import label

    assert label("../../etc/passwd") == "passwd"
    assert label("/etc/passwd") == "passwd"
    assert label("C:\\Windows\\system.ini") == "system.ini"
    assert label("a\x00b.pdf") == "ab.pdf"
    assert label("..") == label("") == label(None) == label("\x00\x01") == "upload"
    assert label("hồ sơ..pdf") == "hồ sơ.pdf"
    long = label("x" * 10_000 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")


# ------------------------------------------------------------------ with Redis and a worker


def test_upload_worker_job_states_and_after_redis_forgot(qapi, conn, redis_url, tmp_path):
    good = _pdf(tmp_path, "good")
    answer = qapi.client.post(
        "/api/v1/scans",
        headers=qapi.auth("submit"),
        files=[("files", ("scan.pdf", good, "application/pdf")), ("files", ("broken.png", fx.corrupt_png_bytes()))],
        data={"queue": "backlog"},
    )
    assert answer.status_code == 202, answer.text
    jobs = answer.json()["jobs"]
    assert [job["file"] for job in jobs] == ["scan.pdf", "broken.png"]
    scan, broken = (job["id"] for job in jobs)
    assert _job(qapi, scan) == {"id": scan, "status": "queued", "document_ids": [], "error": None}
    assert conn.llen("rq:queue:backlog") == 2

    again = qapi.client.post("/api/v1/scans", headers=qapi.auth("submit"), files={"files": ("copy.pdf", good)})
    assert again.status_code == 202 and again.json()["jobs"][0]["id"] == scan  # the same bytes: the same job
    assert not any((qapi.settings.home / "uploads").iterdir())  # temporary files gone

    _burst(qapi, redis_url)
    done = _job(qapi, scan)
    assert done["status"] == "archived" and len(done["document_ids"]) == 1 and done["error"] is None
    record = qapi.services.index.get(done["document_ids"][0])
    assert record["source"] == "scan.pdf" and record["status"] == "archived"
    failed = _job(qapi, broken)
    assert failed["status"] == "failed" and failed["error"]["code"] == "unreadable_input"

    conn.flushdb()  # Redis forgets; the index still answers
    assert _job(qapi, scan) == done
    again = qapi.client.post("/api/v1/scans", headers=qapi.auth("submit"), files={"files": ("copy.pdf", good)})
    assert again.json()["jobs"][0]["id"] == scan

    with qapi.services.index.session() as s:
        audit = list(s.scalars(select(AuditRow).where(AuditRow.action == "submit")))
    assert len(audit) == 4 and {row.actor for row in audit} == {"apikey:test-submit"}
    assert audit[0].document_id is None and audit[0].changes["job_id"] == scan


def test_options_are_checked(qapi, tmp_path):
    pdf = _pdf(tmp_path, "opts")
    post = lambda data: qapi.client.post(  # noqa: E731
        "/api/v1/scans", headers=qapi.auth("submit"), files={"files": ("a.pdf", pdf)}, data=data
    )
    _problem(post({"queue": "urgent"}), 422)
    _problem(post({"dossier_id": "not-a-dossier"}), 422)
    _problem(post({"dossier_id": "000.00.12.H02-230818-0001\n"}), 422)
    _problem(post({"dossier_id": "000.00.12.H02-230230-0001"}), 422)  # 30 February: the one rule, as everywhere
    _problem(qapi.client.post("/api/v1/scans", headers=qapi.auth("submit"), data={"queue": "counter"}), 400)
    _problem(_post_raw(qapi, _multipart([(b'name="queue"', b"counter")])), 422)  # no file
    ok = post({"dossier_id": "000.00.12.H02-230818-0001"})
    assert ok.status_code == 202
    (job,) = ok.json()["jobs"]
    assert job_states.get(qapi.services.index, job["id"])["dossier_id"] == "000.00.12.H02-230818-0001"
    empty = qapi.client.post("/api/v1/scans", headers=qapi.auth("submit"), files={"files": ("empty.pdf", b"")})
    assert _problem(empty, 422)["detail"] == "No file could be queued. empty.pdf: The file is empty (0 bytes)."
    mixed = qapi.client.post(
        "/api/v1/scans", headers=qapi.auth("submit"), files=[("files", ("empty.pdf", b"")), ("files", ("a.pdf", pdf))]
    )
    assert mixed.status_code == 202  # one queued: the refused one is told apart in its entry
    assert mixed.json()["jobs"][0] == {
        "id": None,
        "file": "empty.pdf",
        "error": {"code": "empty_file", "message": "The file is empty (0 bytes)."},
    }


@pytest.fixture
def small_qapi(settings, redis_url, conn):
    """qapi with DIGITIZE_MAX_UPLOAD_MB=0.01 (10 KiB)."""
    instance = api_over(
        settings,
        redis_url=redis_url,
        webhooks=False,
        max_upload_bytes=load_settings({"DIGITIZE_MAX_UPLOAD_MB": "0.01"}).max_upload_bytes,
    )
    with instance.client:
        yield instance
    instance.close()


def test_size_limit(small_qapi, tmp_path):
    qapi = small_qapi
    big = _multipart([_file(b"big.pdf", b"%PDF-1.4\n" + b"0" * 20_000)])
    _problem(_post_raw(qapi, big), 413)

    def chunks():  # no Content-Length: counted as it streams in
        for i in range(0, len(big), 4096):
            yield big[i : i + 4096]

    headers = {**qapi.auth("submit"), "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    _problem(qapi.client.post("/api/v1/scans", content=chunks(), headers=headers), 413)
    assert not any((qapi.settings.home / "uploads").iterdir())  # partial files deleted
    assert not list(qapi.services.archive.root.glob("originals/*/*"))


def test_malformed_bodies_are_4xx(qapi, tmp_path):
    good = _multipart([_file(b"a.pdf", _pdf(tmp_path, "m"))])
    _problem(_post_raw(qapi, good, content_type="multipart/form-data"), 400)  # no boundary
    _problem(_post_raw(qapi, good, content_type="multipart/form-data; boundary=other"), 400)
    _problem(_post_raw(qapi, good[: len(good) // 2]), 400)  # truncated
    _problem(_post_raw(qapi, good[:-4]), 400)  # the closing boundary cut
    _problem(_post_raw(qapi, b"garbage", content_type="multipart/form-data; boundary=x"), 400)
    _problem(_post_raw(qapi, b'{"files": []}', content_type="application/json"), 400)
    no_name = f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{BOUNDARY}--\r\n".encode()
    _problem(_post_raw(qapi, no_name), 400)
    _problem(_post_raw(qapi, _multipart([(b'name="queue"', b"q" * 5000), _file(b"a.pdf", b"x")])), 422)
    assert not any((qapi.settings.home / "uploads").iterdir())


def _zip_bomb() -> bytes:
    """A ZIP whose one member inflates to 64 MiB of zeros (~64 KiB on the wire)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("bomb.bin", "w") as member:
        block = bytes(1 << 20)
        for _ in range(64):
            member.write(block)
    return out.getvalue()


def test_hostile_uploads_get_labels_or_failed_jobs_and_write_nothing_outside_home(qapi, redis_url, tmp_path):
    home = qapi.settings.home
    names = [b"../../etc/passwd", b"/etc/passwd", b"a\x00b.pdf", b"n" * 10_000 + b".pdf", b"..\\..\\boot.ini"]
    parts = [_file(names[0], _pdf(tmp_path, "hostile"))]  # a real scan under a path-like name
    parts += [_file(name, f"not a scan {i}".encode()) for i, name in enumerate(names[1:])]
    parts.append(_file(b"bomb.pdf", _zip_bomb()))
    before = _tree(tmp_path)  # the test's own files made: from here on only the archive writes
    passwd = Path("/etc/passwd").stat() if Path("/etc/passwd").exists() else None
    answer = _post_raw(qapi, _multipart(parts))
    assert answer.status_code == 202, answer.text
    scan, *refused = answer.json()["jobs"]
    labels = [job["file"] for job in [scan, *refused]]
    assert labels[:3] == ["passwd", "passwd", "ab.pdf"]
    assert len(labels[3]) == 200 and labels[3].endswith(".pdf") and labels[4:] == ["boot.ini", "bomb.pdf"]
    # Not scans by their content: refused before queueing, each with its failed record's error.
    assert all(job["id"] is None and job["error"]["code"] == "unsupported_format" for job in refused), refused

    _burst(qapi, redis_url)
    state = _job(qapi, scan["id"])
    assert state["status"] == "archived", state
    assert qapi.services.index.get(state["document_ids"][0])["source"] == "passwd"

    new = _tree(tmp_path) - before
    assert all(home in p.parents or p == home for p in new), sorted(p for p in new if home not in p.parents)
    assert not [p for p in home.rglob("*") if p.name in ("passwd", "boot.ini", "bomb.pdf") or "nnnn" in p.name]
    assert not any((home / "uploads").iterdir())
    assert not (Path.cwd() / "etc").exists() and not (tmp_path.parent / "etc").exists()
    if passwd is not None:
        assert Path("/etc/passwd").stat().st_mtime == passwd.st_mtime


def test_an_upload_of_nothing_but_refused_files_is_a_422(qapi):
    answer = _post_raw(qapi, _multipart([_file(b"bomb.pdf", _zip_bomb()), _file(b"../x.pdf", b"no scan")]))
    problem = _problem(answer, 422)
    assert problem["detail"].startswith("No file could be queued. bomb.pdf: ") and "x.pdf: " in problem["detail"]
    assert "/" not in problem["detail"].split("queued.")[1]  # labels, never a path
    assert len(list(qapi.services.archive.root.glob("originals/*/*"))) == 2  # the bytes are kept all the same
