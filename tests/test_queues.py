"""The queues against a real redis-server (never a mock): submit, workers, jobs, crash safety.

Inputs are born-digital PDFs (their text layer is read, no OCR: a job takes ~25 ms) except where
a test needs a job that lasts (the killed worker). Workers run as `digitize worker` processes.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Worker
from rq.job import Job as RqJob
from rq.job import JobStatus

from storage import jobs as job_states
from tests import fixtures_pdf as fx
from tests.inputs import LINES
from tests.services import _free_port, _redis_answers, _stop
from tests.support import DIGITIZE, cli_env, make_context
from workers import transient
from workers.queues import BACKLOG, COUNTER, JobSettings, QueueUnavailable, connect, parse_queues, safe_url
from workers.submit import input_job_id, submit_files

# Short clocks so a lost job is taken again within seconds, and a storage outage ridden out.
FAST = {
    "DIGITIZE_JOB_HEARTBEAT": "1",
    "DIGITIZE_JOB_LOST_AFTER": "2",
    "DIGITIZE_JOB_CLEANUP": "1",
    "DIGITIZE_RETRY_BACKOFF": "60",
}


DOSSIER = "000.00.12.H02-230818-0001"


def _pdfs(folder: Path, n: int, start: int = 0) -> list[Path]:
    """n small born-digital PDFs, each with different bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        fx.born_digital_pdf(folder / f"doc-{i:03d}.pdf", [*fx.DEFAULT_LINES, f"Mã hồ sơ lưu trữ số {i}"])
        for i in range(start, start + n)
    ]


def _env(home: Path, url: str, **extra: str) -> dict:
    return cli_env(home, REDIS_URL=url, **FAST, **extra)


def _worker(home: Path, url: str, *args: str, **extra: str) -> subprocess.Popen:
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty worker never blocks on it
    proc = subprocess.Popen(
        [DIGITIZE, "worker", *args], env=_env(home, url, **extra), stdout=subprocess.DEVNULL, stderr=log
    )
    proc.log = log
    return proc


def _log(proc: subprocess.Popen) -> str:
    proc.log.seek(0)
    return proc.log.read().decode(errors="replace")


def _burst(home: Path, url: str, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [DIGITIZE, "worker", "--burst", *args],
        env=_env(home, url, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return done


def _archived(ctx, sha256: str) -> list:
    return [row for row in ctx.index.rows_for_input(sha256) if row.status == "archived"]


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


# ------------------------------------------------------------------ function level


def test_settings_and_queue_names(monkeypatch):
    assert parse_queues("backlog,counter") == [COUNTER, BACKLOG]  # counter first, whatever the order
    with pytest.raises(ValueError):
        parse_queues("counter,urgent")
    monkeypatch.setenv("DIGITIZE_PAGES_PER_JOB", "5")
    assert JobSettings.from_env().pages_per_job == 5
    monkeypatch.setenv("DIGITIZE_JOB_RETRIES", "many")
    with pytest.raises(ValueError, match="DIGITIZE_JOB_RETRIES"):
        JobSettings.from_env()
    assert safe_url("redis://user:s3cret@host:6379/0") == "redis://user:***@host:6379/0"
    assert input_job_id("a" * 64, None) == input_job_id("a" * 64, None) != input_job_id("a" * 64, "x")


def test_transient_faults_told_from_bad_input():
    import redis.exceptions
    import sqlalchemy.exc
    import urllib3.exceptions

    from digitize.errors import DigitizeError

    assert transient.is_transient(redis.exceptions.ConnectionError("down"))
    assert transient.is_transient(sqlalchemy.exc.OperationalError("select 1", {}, Exception("gone")))
    assert transient.is_transient(urllib3.exceptions.MaxRetryError(None, "/x", "refused"))
    wrapped = RuntimeError("while storing")
    wrapped.__cause__ = ConnectionRefusedError()
    assert transient.is_transient(wrapped)
    assert not transient.is_transient(DigitizeError("unreadable_input", "bad"))
    assert not transient.is_transient(ValueError("bad"))
    assert list(transient.backoff_delays(20)) == [1, 2, 4, 8]

    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 2:
            raise ConnectionRefusedError()
        return "ok"

    assert transient.retrying(flaky, budget_s=5) == "ok" and len(calls) == 2
    with pytest.raises(ValueError):
        transient.retrying(lambda: (_ for _ in ()).throw(ValueError("bad input")), budget_s=5)


def test_without_redis_the_commands_say_so_and_exit_2(tmp_path):
    scan = _pdfs(tmp_path, 1)[0]
    unset = subprocess.run([DIGITIZE, "submit", str(scan)], env=cli_env(tmp_path / "h"), capture_output=True, text=True)
    assert unset.returncode == 2 and "REDIS_URL is not set" in unset.stderr
    port = _free_port()  # nothing listens there
    down = subprocess.run(
        [DIGITIZE, "jobs"],
        env=cli_env(tmp_path / "h", REDIS_URL=f"redis://127.0.0.1:{port}/0"),
        capture_output=True,
        text=True,
    )
    assert down.returncode == 2 and "does not answer" in down.stderr
    with pytest.raises(QueueUnavailable):
        connect(None)


def test_submit_keeps_the_original_first_and_a_resubmit_finds_the_waiting_job(ctx, conn, tmp_path):
    scan = _pdfs(tmp_path, 1)[0]
    first = submit_files(ctx, conn, [str(scan)], queue=BACKLOG)[0]
    again = submit_files(ctx, conn, [str(scan)], queue=BACKLOG)[0]
    assert again.job_id == first.job_id and again.already
    assert ctx.archive.exists(f"originals/{first.sha256[:2]}/{first.sha256}")
    job = RqJob.fetch(first.job_id, connection=conn)
    assert job.kwargs == {"sha256": first.sha256, "source": str(scan), "dossier_id": None, "queue": BACKLOG}
    assert conn.llen("rq:queue:backlog") == 1  # references only: no bytes in Redis
    missing = submit_files(ctx, conn, [str(tmp_path / "nothing.pdf")])[0]
    assert missing.job_id is None and missing.record["error"]["code"] == "not_found"


# ------------------------------------------------------------------ with workers


def test_counter_served_before_backlog_and_jobs_report(ctx, conn, home, redis_url, tmp_path):
    backlog = submit_files(ctx, conn, [str(p) for p in _pdfs(tmp_path / "old", 4)], queue=BACKLOG)
    counter = submit_files(ctx, conn, [str(p) for p in _pdfs(tmp_path / "desk", 4, start=10)], queue=COUNTER)
    bad = tmp_path / "broken.png"
    bad.write_bytes(fx.corrupt_png_bytes())
    (failing,) = submit_files(ctx, conn, [str(bad)], queue=BACKLOG)

    state = subprocess.run([DIGITIZE, "jobs", "--json"], env=_env(home, redis_url), capture_output=True, text=True)
    queued = {line["queue"]: line["queued"] for line in map(json.loads, state.stdout.splitlines())}
    assert queued == {COUNTER: 4, BACKLOG: 5}

    _burst(home, redis_url)
    started = {s.job_id: RqJob.fetch(s.job_id, connection=conn).started_at for s in backlog + counter}
    assert max(started[s.job_id] for s in counter) < min(started[s.job_id] for s in backlog)
    for item in backlog + counter:
        (row,) = _archived(ctx, item.sha256)
        assert (row.queue, row.job_id) == (item.queue, item.job_id)

    # The corrupt file failed once, with its record, and was not retried.
    job = RqJob.fetch(failing.job_id, connection=conn)
    assert job.get_status() == JobStatus.FAILED and job.meta["attempts"] == 1
    (row,) = ctx.index.rows_for_input(failing.sha256)
    assert row.status == "failed" and row.record["error"]["code"] == "unreadable_input"
    state = subprocess.run([DIGITIZE, "jobs", "--json"], env=_env(home, redis_url), capture_output=True, text=True)
    lines = {line["queue"]: line for line in map(json.loads, state.stdout.splitlines())}
    assert lines[BACKLOG]["queued"] == 0 and lines[BACKLOG]["failed"] == 1
    assert lines[BACKLOG]["failed_jobs"][0]["error"]["code"] == "unreadable_input"
    table = subprocess.run([DIGITIZE, "jobs"], env=_env(home, redis_url, COLUMNS="200"), capture_output=True, text=True)
    assert "unreadable_input" in table.stdout

    retried = subprocess.run(
        [DIGITIZE, "jobs", "retry", failing.job_id], env=_env(home, redis_url), capture_output=True, text=True
    )
    assert retried.returncode == 0 and failing.job_id in retried.stdout
    assert RqJob.fetch(failing.job_id, connection=conn).get_status() == JobStatus.QUEUED
    assert job_states.get(ctx.index, failing.job_id)["status"] == "queued"  # GET /jobs/{id} says so too
    unknown = subprocess.run([DIGITIZE, "jobs", "retry", "no-such-job"], env=_env(home, redis_url), capture_output=True)
    assert unknown.returncode == 1


def test_hostile_files_in_a_queue_job_get_their_records_and_the_worker_goes_on(ctx, conn, home, redis_url, tmp_path):
    """A queue job bounds each page task as `process` does: the right code, failed once."""
    from tests import hostile_files as hostile

    bombs = {"nested-forms.pdf": hostile.nested_forms_bomb(), "million.pdf": hostile.million_character_line()}
    paths = []
    for name, data in bombs.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    submitted = submit_files(ctx, conn, paths + [str(p) for p in _pdfs(tmp_path / "good", 1)], queue=COUNTER)
    _burst(home, redis_url)
    *bad, good = submitted
    for item in bad:
        (row,) = ctx.index.rows_for_input(item.sha256)
        assert row.status == "failed" and row.record["error"]["code"] == "too_large", row.record["error"]
        assert RqJob.fetch(item.job_id, connection=conn).meta["attempts"] == 1
    assert _archived(ctx, good.sha256)


# 40 jobs already race the two workers over one queue (re-submitted ones too); 200 signed documents
# take a minute or more, so that load is run on request only (DIGITIZE_STRESS_TESTS=1).
STRESS = pytest.mark.skipif(not os.environ.get("DIGITIZE_STRESS_TESTS"), reason="set DIGITIZE_STRESS_TESTS=1")


@pytest.mark.parametrize("n", [40, pytest.param(200, marks=[pytest.mark.slow, STRESS])])
def test_many_jobs_over_two_workers_each_archived_once(ctx, conn, home, redis_url, tmp_path, n):
    (model,) = _pdfs(tmp_path, 1)
    scans = []
    for i in range(n):  # different bytes (a comment after the end), the same small document
        scans.append(tmp_path / "many" / f"{i:03d}.pdf")
        scans[-1].parent.mkdir(exist_ok=True)
        scans[-1].write_bytes(model.read_bytes() + f"\n% copy {i}\n".encode())
    submitted = submit_files(ctx, conn, [str(p) for p in scans], queue=BACKLOG)
    submitted += submit_files(ctx, conn, [str(p) for p in scans[:10]], queue=BACKLOG)  # re-submitted: no doubles
    assert len({s.job_id for s in submitted}) == n
    workers = [_worker(home, redis_url, "--burst") for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=180) == 0, _log(worker)
    ids = set()
    for item in submitted[:n]:
        (row,) = _archived(ctx, item.sha256)
        ids.add(row.id)
    assert len(ids) == n
    assert len(list(ctx.archive.root.glob("unlinked/*/*.pdf"))) == n


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.tesseract
def test_worker_killed_mid_job_its_job_is_taken_again_and_archived_once(ctx, conn, home, redis_url, tmp_path):
    scan = tmp_path / "scan.tif"
    pages = [fx.render_text_image(LINES, dpi=300) for _ in range(2)]  # OCR: the job lasts seconds
    pages[0].save(scan, save_all=True, append_images=pages[1:], dpi=(300, 300), compression="tiff_lzw")
    (item,) = submit_files(ctx, conn, [str(scan)], dossier_id=DOSSIER)
    worker = _worker(home, redis_url, "--queues", "counter")
    job = RqJob.fetch(item.job_id, connection=conn)
    _wait(lambda: job.get_status() == JobStatus.STARTED, 60, "the job to start")
    time.sleep(0.5)
    horses = _children(worker.pid)
    worker.send_signal(signal.SIGKILL)  # the machine is lost: the worker and the job's own process
    for horse in horses:
        try:
            os.killpg(horse, signal.SIGKILL)
        except ProcessLookupError:
            pass
    worker.wait(timeout=10)
    assert job.get_status() == JobStatus.STARTED and not _archived(ctx, item.sha256)

    # Another worker, idle: once the heartbeat has lapsed (1 s + 2 s) its clean-up takes the job back.
    other = _worker(home, redis_url)
    try:
        _wait(lambda: job.get_status() == JobStatus.FINISHED, 120, "the job taken again and finished")
    finally:
        _stop(other)
    job = RqJob.fetch(item.job_id, connection=conn)
    assert job.get_status() == JobStatus.FINISHED and job.meta["attempts"] == 2
    rows = _archived(ctx, item.sha256)  # the scan's documents, each archived once, numbered once
    assert rows and all(row.job_id == item.job_id for row in rows)
    assert sorted(row.dossier_seq for row in rows) == list(range(1, len(rows) + 1))
    folder = ctx.archive.root / "dossiers" / DOSSIER
    assert len(list(folder.glob("*.pdf"))) == len(rows)


def _redis_persistent(port: int, folder: Path, fsync: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", ""]
        + ["--appendonly", "yes", "--appendfsync", fsync],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(lambda: _redis_answers(port), 30, "redis-server")
    return proc


@pytest.mark.parametrize("how", ["clean", "killed"])
def test_redis_restarted_mid_run_every_job_completes(ctx, home, tmp_path, how):
    folder = tmp_path / "redis"
    folder.mkdir()
    port = _free_port()
    fsync = "always" if how == "killed" else "everysec"
    server = _redis_persistent(port, folder, fsync)
    url = f"redis://127.0.0.1:{port}/0"
    conn = Redis.from_url(url)
    worker = None
    try:
        first = submit_files(ctx, conn, [str(p) for p in _pdfs(tmp_path / "a", 6)])
        worker = _worker(home, url)
        _wait(lambda: any(_archived(ctx, s.sha256) for s in first), 60, "a first job done")
        if how == "killed":
            server.kill()
        else:
            server.terminate()  # SIGTERM: Redis writes its append-only file and exits
        server.wait(timeout=30)
        server = _redis_persistent(port, folder, fsync)
        second = submit_files(ctx, conn, [str(p) for p in _pdfs(tmp_path / "b", 6, start=50)])
        try:
            _wait(lambda: all(_archived(ctx, s.sha256) for s in first + second), 90, "every job archived")
        except AssertionError as exc:  # what the worker saw, and where each job is
            where = {s.sha256[:8]: RqJob.fetch(s.job_id, connection=conn).get_status() for s in first + second}
            raise AssertionError(f"{exc}; jobs {where}; worker log:\n{_log(worker)[-4000:]}") from None
        for item in first + second:
            assert len(_archived(ctx, item.sha256)) == 1
    finally:
        if worker is not None:
            _stop(worker)
        conn.close()
        _stop(server)


class _Outage:
    """A TCP relay in front of the S3 test server that can be cut and restored (the store down)."""

    def __init__(self, target_port: int):
        self.target = target_port
        self.port = _free_port()
        self.up = threading.Event()
        self.up.set()
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.start()

    def start(self):
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._thread = threading.Thread(target=self._serve, args=(self._listener,), daemon=True)
        self._thread.start()

    def stop(self):
        self._listener.close()
        self._thread.join(timeout=5)

    def _serve(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def test_storage_outage_is_retried_and_ends_archived(home, pool, conn, redis_url, s3_env, tmp_path):
    from digitize.config import load_settings

    relay = _Outage(int(s3_env["S3_ENDPOINT"].rsplit(":", 1)[1]))
    storage = {"DIGITIZE_STORAGE": "s3://outage/archive"}
    worker_env = {**s3_env, **storage, "S3_ENDPOINT": f"127.0.0.1:{relay.port}"}  # the worker reaches S3 via the relay
    ctx = make_context(load_settings({**os.environ, **s3_env, **storage}), pool)
    worker = _worker(home, redis_url, "--queues", "counter", **worker_env)
    try:
        _wait(lambda: Worker.count(connection=conn) > 0, 60, "the worker to start")
        relay.stop()  # the store goes down for the worker
        (item,) = submit_files(ctx, conn, [str(p) for p in _pdfs(tmp_path, 1)])
        # down until the S3 client's own retries are spent and the job's retry in place begins
        _wait(lambda: "trying again" in _log(worker), 60, "the worker to retry the store")
        relay.start()
        job = RqJob.fetch(item.job_id, connection=conn)
        _wait(lambda: job.get_status() == JobStatus.FINISHED, 90, "the job finished")
        job = RqJob.fetch(item.job_id, connection=conn)
        assert job.meta["attempts"] == 1  # retried in place, not failed and re-queued
        (row,) = _archived(ctx, item.sha256)
        assert ctx.archive.exists(row.archive_key) and row.record["archive"]["pdf"].startswith("s3://outage/archive/")
    finally:
        _stop(worker)
        ctx.index.close()
    assert "trying again" in _log(worker)


def _box_pdf(path: Path, pages: int, tag: str) -> Path:
    """A born-digital box of `pages` pages: a certificate every 5 pages, continuation pages between."""
    import unicodedata

    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_margins(72, 72, 72)
    pdf.add_font("DejaVuSans", "", str(fx.SANS))
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("DejaVuSans", size=12)
        if n % 5 == 0:
            lines = list(fx.DEFAULT_LINES)
        else:
            lines = [f"Trang {n + 1}: nội dung tiếp theo của hồ sơ lưu trữ, ghi chép của cán bộ tiếp nhận."] * 4
        if n == pages - 1:
            lines.append(f"Hộp lưu trữ {tag}")
        for line in lines:
            pdf.multi_cell(0, 19, unicodedata.normalize("NFC", line), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_box_scan_read_as_page_jobs_by_two_machines_gives_the_records_of_process(
    settings, pool, conn, redis_url, s3_env, tmp_path
):
    import uuid

    from rq import Queue
    from rq.registry import FinishedJobRegistry

    from digitize.config import load_settings
    from digitize.pipeline import process_files

    # 20 pages as five page-range jobs of 4: each 5-page document crosses a range's end
    box = _box_pdf(tmp_path / "box.pdf", 20, uuid.uuid4().hex)
    reference = make_context(
        settings,
        pool,
        home=tmp_path / "ref",
        storage_url=(tmp_path / "ref-archive").as_uri(),
        database_url=f"sqlite:///{tmp_path / 'ref.db'}",
    )
    try:
        expected = process_files(reference, [str(box)])
    finally:
        reference.index.close()

    # Two machines: nothing shared on disk; Redis, the S3 archive and the index in common.
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'shared.db'}"
    shared = {**s3_env, "DIGITIZE_STORAGE": "s3://boxes/archive", "DATABASE_URL": database}
    here = load_settings({**os.environ, **shared, "DIGITIZE_HOME": str(tmp_path / "desk")})
    desk = make_context(here, pool)
    try:
        (item,) = submit_files(desk, conn, [str(box)], queue=BACKLOG)
        workers = [
            _worker(tmp_path / f"machine-{m}", redis_url, "--burst", DIGITIZE_PAGES_PER_JOB="4", **shared) for m in "ab"
        ]
        for worker in workers:
            assert worker.wait(timeout=180) == 0, _log(worker)
        finished = FinishedJobRegistry(queue=Queue(BACKLOG, connection=conn)).get_job_ids()
        assert sorted(j for j in finished if "_p" in j) == sorted(
            f"{item.job_id}_p{a}-{a + 3}" for a in range(1, 21, 4)
        )
        assert f"{item.job_id}_finish" in finished
        rows = _archived(desk, item.sha256)
        got = [row.record for row in rows]
        assert all(row.job_id == item.job_id and row.queue == BACKLOG for row in rows)
        assert not list(desk.archive.client.list_objects("boxes", prefix="archive/work/", recursive=True))
    finally:
        desk.index.close()

    def comparable(record):  # what differs by when and where it ran: ids, times, the archive's URL and signer
        out = {k: v for k, v in record.items() if k not in ("id", "created_at", "archive")}
        out["metadata"] = {k: v for k, v in record.get("metadata", {}).items() if k != "digitised_at"}
        return out

    assert len(got) == len(expected) > 1
    assert [comparable(r) for r in got] == [comparable(r) for r in expected]


def test_a_run_stopped_between_number_and_record_takes_the_same_number_again(ctx, tmp_path, monkeypatch):
    from digitize import archiving, pipeline

    (scan,) = _pdfs(tmp_path, 1)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies after its dossier number was handed out

    monkeypatch.setattr(archiving, "_store", killed)
    with pytest.raises(KeyboardInterrupt):
        pipeline.process_files(ctx, [str(scan)], dossier_id=DOSSIER)
    monkeypatch.undo()
    (record,) = pipeline.process_files(ctx, [str(scan)], dossier_id=DOSSIER)
    assert record["archive"]["pdf"].endswith(f"{DOSSIER}.01.pdf")
    assert [r["id"] for r in ctx.index.dossier_records(DOSSIER)] == [record["id"]]
    assert ctx.index.allocate_sequence(DOSSIER) == 2  # 1 was handed out once


def test_job_states_kept_in_the_index_through_the_worker_and_its_fan_out(ctx, conn, home, redis_url, tmp_path):
    """`queued` on submit, then `archived` (with the documents) or `failed` (with the record's
    error), also for an input read as page-range jobs; the state outlives Redis's copy."""
    from storage import jobs as job_states

    (good,) = _pdfs(tmp_path, 1)
    bad = tmp_path / "broken.png"
    bad.write_bytes(fx.corrupt_png_bytes())
    box = _box_pdf(tmp_path / "box.pdf", 4, "job-states")
    submitted = submit_files(ctx, conn, [str(good), str(bad), str(box)], submitted_by="user:desk-1")
    for item in submitted:
        state = job_states.get(ctx.index, item.job_id)
        assert (state["status"], state["file"], state["sha256"]) == ("queued", item.file, item.sha256)
        assert state["submitted_by"] == "user:desk-1" and state["queue"] == COUNTER

    _burst(home, redis_url, DIGITIZE_PAGES_PER_JOB="2")
    on_good, on_bad, on_box = (job_states.get(ctx.index, item.job_id) for item in submitted)
    assert on_good["status"] == "archived" and on_good["error"] is None
    assert on_good["document_ids"] == [row.id for row in _archived(ctx, submitted[0].sha256)]
    assert on_bad["status"] == "failed" and on_bad["error"]["code"] == "unreadable_input"
    assert on_bad["document_ids"] == [row.id for row in ctx.index.rows_for_input(submitted[1].sha256)]
    assert RqJob.fetch(f"{submitted[2].job_id}_finish", connection=conn).get_status() == JobStatus.FINISHED
    assert on_box["status"] == "archived"
    assert on_box["document_ids"] == [row.id for row in _archived(ctx, submitted[2].sha256)]

    conn.flushdb()  # Redis forgot: a re-submit queues the same job again, its row starts over
    (again,) = submit_files(ctx, conn, [str(good)])
    state = job_states.get(ctx.index, again.job_id)
    assert again.job_id == submitted[0].job_id and state["status"] == "queued" and state["document_ids"] == []
    assert state["submitted_by"] == "user:desk-1"


def test_a_job_stopped_past_its_retries_is_marked_failed(ctx, conn, monkeypatch):
    """RQ's failure callback: a time limit or a fault (not the input) marks the input's job failed
    once no retry is left; a bad input's own error (already marked) is left as it is."""
    from rq.timeouts import JobTimeoutException

    from storage import jobs as job_states
    from workers import jobs

    monkeypatch.setattr("workers.jobs._state", {"ctx": ctx, "pid": os.getpid()})

    class Stopped:
        def __init__(self, job_id, kwargs=None, should_retry=False):
            self.id, self.kwargs, self.should_retry, self.timeout = job_id, kwargs or {}, should_retry, 30

    for job_id in ("in-late-0", "in-fault-0", "in-again-0", "in-bad-0"):
        job_states.queued(ctx.index, job_id, queue=COUNTER, file="x.pdf", sha256=None, dossier_id=None)
    jobs.input_failed(Stopped("in-late-0"), conn, JobTimeoutException, JobTimeoutException("late"), None)
    finisher = Stopped("in-fault-0_finish", {"input_job_id": "in-fault-0"})
    jobs.input_failed(finisher, conn, RuntimeError, RuntimeError("/secret/path"), None)
    jobs.input_failed(Stopped("in-again-0", should_retry=True), conn, RuntimeError, RuntimeError(), None)
    jobs.input_failed(Stopped("in-bad-0"), conn, jobs.InputFailed, jobs.InputFailed("unreadable_input", "x"), None)
    assert job_states.get(ctx.index, "in-late-0")["error"]["code"] == "job_timeout"
    fault = job_states.get(ctx.index, "in-fault-0")
    assert fault["status"] == "failed" and fault["error"]["code"] == "internal_error"
    assert "/secret" not in fault["error"]["message"]
    assert job_states.get(ctx.index, "in-again-0")["status"] == "queued"
    assert job_states.get(ctx.index, "in-bad-0")["status"] == "queued"


def _noop() -> None:
    pass


def test_a_job_lost_between_list_and_registry_is_requeued(conn):
    """What a Redis killed mid hand-over leaves: a queued job in no list (BLPOP done, the
    started mark not written). Seen at two clean-ups, it goes back to its queue; a job that is
    listed, or started, is left alone."""
    from rq import Queue

    from workers.worker import requeue_orphans

    queue = Queue("backlog", connection=conn)
    lost = queue.enqueue(_noop, job_id="in-lost")
    kept = queue.enqueue(_noop, job_id="in-kept")
    conn.lrem(queue.key, 1, lost.id)  # taken off the list by a worker that never marked it started
    assert queue.get_job_ids() == [kept.id]
    assert requeue_orphans(queue) == []  # first sighting: a worker may be just taking it
    assert requeue_orphans(queue) == [lost.id]
    assert queue.get_job_ids() == [lost.id, kept.id]
    assert requeue_orphans(queue) == [] and requeue_orphans(queue) == []
