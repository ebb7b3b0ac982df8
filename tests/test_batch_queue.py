"""`digitize batch --queue`: a campaign's inputs through the queues, against a real redis-server
and `digitize worker --burst` processes (inputs are born-digital PDFs: a job takes ~25 ms)."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from digitize import campaign as campaigns
from tests import fixtures_pdf as fx
from tests.inputs import LINES
from tests.support import DIGITIZE, cli_env, interruptible
from workers import campaign as queued
from workers.submit import input_job_id

DOSSIER = "000.00.12.H02-230818-0001"
# Short clocks, as in test_queues: a lost job is taken again within seconds, and a waiting run
# sees a finished job within a tenth of a second (it looks every second by default).
FAST = {
    "DIGITIZE_JOB_HEARTBEAT": "1",
    "DIGITIZE_JOB_LOST_AFTER": "2",
    "DIGITIZE_JOB_CLEANUP": "1",
    "DIGITIZE_BATCH_POLL": "0.1",
}


def _env(home: Path, url: str | None) -> dict:
    return cli_env(home, **FAST, **({"REDIS_URL": url} if url else {}))


def _run(args, home: Path, url: str | None) -> subprocess.CompletedProcess:
    return subprocess.run([DIGITIZE, *args], capture_output=True, text=True, env=_env(home, url), timeout=300)


def _start(args, home: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [DIGITIZE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(home, url),
        preexec_fn=interruptible,
    )


def _burst(home: Path, url: str, queues: str = "counter,backlog") -> None:
    done = _run(["worker", "--burst", "--queues", queues], home, url)
    assert done.returncode == 0, done.stderr


def _tree(root: Path, n: int = 4, corrupt: bool = True) -> None:
    """Two boxes of small born-digital PDFs (bytes differ per file) and, in box-b, a corrupt scan."""
    for i in range(n):
        path = root / f"box-{'ab'[i % 2]}" / f"{i:02}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        fx.born_digital_pdf(path, [*LINES[:3], f"Bản số {i}"])
    if corrupt:
        (root / "box-b" / "broken.png").write_bytes(fx.corrupt_png_bytes())


def _query(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "index.db") as db:
        return db.execute(sql).fetchall()


def _states(home: Path) -> dict[str, str]:
    return dict(_query(home, "SELECT path, state FROM campaign_files"))


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_without_redis_batch_queue_exits_2(tmp_path):
    root = tmp_path / "tree"
    _tree(root, n=1, corrupt=False)
    unset = _run(["batch", str(root), "--queue", "backlog"], tmp_path / "home", None)
    assert unset.returncode == 2 and "REDIS_URL is not set" in unset.stderr
    alone = _run(["batch", str(root), "--no-wait"], tmp_path / "home", None)
    assert alone.returncode == 2 and "--no-wait goes with --queue" in alone.stderr


def test_queued_without_waiting_then_workers_then_settled(conn, redis_url, tmp_path):
    home, root = tmp_path / "home", tmp_path / "tree"
    _tree(root)
    manifest = root / "manifest.csv"
    manifest.write_text(f"path,dossier_id\nbox-a,{DOSSIER}\n", encoding="utf-8")
    args = ["batch", str(root), "--manifest", str(manifest), "--queue", "backlog"]

    queued = _run([*args, "--no-wait"], home, redis_url)
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.strip() == f"{root}\t5 queued"
    assert set(_states(home).values()) == {"queued"}
    assert sorted(_query(home, "SELECT status, count(*) FROM jobs GROUP BY status")) == [("queued", 5)]
    assert _query(home, f"SELECT count(*) FROM jobs WHERE dossier_id = '{DOSSIER}'") == [(2,)]  # box-a's

    local = _run(["batch", str(root), "--manifest", str(manifest)], home, redis_url)  # leaves them to the workers
    assert local.returncode == 0, local.stderr
    assert "5 still queued for the workers" in local.stderr
    assert _query(home, "SELECT count(*) FROM documents") == [(0,)]

    again = _run([*args, "--no-wait"], home, redis_url)  # still waiting in Redis: not queued twice
    assert again.returncode == 0 and "Queued 0 files on backlog (5 already waiting)" in again.stderr
    conn.flushdb()  # Redis lost its jobs: the next run queues them again, once
    again = _run([*args, "--no-wait"], home, redis_url)
    assert again.returncode == 0 and "Queued 5 files on backlog (0 already waiting)" in again.stderr
    assert _run([*args, "--no-wait"], home, redis_url).stderr.count("(5 already waiting)") == 1

    _burst(home, redis_url, "backlog")
    settled = _run(args, home, redis_url)
    assert settled.returncode == 1, settled.stderr  # the corrupt scan
    assert "Archived 4 files" in settled.stderr and "failed 1" in settled.stderr
    assert "box-b/broken.png" in settled.stderr and "unreadable_input" in settled.stderr
    states = _states(home)
    assert states.pop("box-b/broken.png") == "failed" and set(states.values()) == {"archived"}
    per_input = _query(home, "SELECT sha256, status, count(*) FROM documents GROUP BY sha256, status")
    assert len(per_input) == 5 and all(count == 1 for _, _, count in per_input)
    assert sorted(status for _, status, _ in per_input) == ["archived"] * 4 + ["failed"]
    pages = _query(home, "SELECT sum(pages) FROM campaign_files WHERE state = 'archived'")
    assert pages == [(4,)]

    before = _query(home, "SELECT id, status FROM documents ORDER BY id")
    local = _run(["batch", str(root), "--manifest", str(manifest)], home, redis_url)
    assert local.returncode == 1 and "skipped 4 already archived" in local.stderr
    assert _query(home, "SELECT id, status FROM documents ORDER BY id") == before


def test_a_waiting_run_stopped_then_run_again_exits_once_the_workers_are_done(conn, redis_url, tmp_path):
    home, root = tmp_path / "home", tmp_path / "tree"
    _tree(root, n=4, corrupt=False)
    args = ["batch", str(root), "--queue", "counter"]

    waiting = _start(args, home, redis_url)
    _wait_for(lambda: "Queued 4 files on counter" in _peek(waiting), 60, "the jobs to be queued")
    time.sleep(0.5)  # in the polling loop
    waiting.send_signal(signal.SIGINT)
    stderr = waiting.seen + waiting.communicate(timeout=30)[1]
    assert waiting.returncode == 130, stderr
    assert "Stopped waiting" in stderr and f"digitize batch {root} --queue counter" in stderr

    waiting = _start(args, home, redis_url)
    _wait_for(lambda: "Queued 0 files" in _peek(waiting), 60, "the batch to be waiting")
    _burst(home, redis_url, "counter")
    stderr = waiting.communicate(timeout=60)[1]
    assert waiting.returncode == 0, stderr
    assert "Archived 4 files (4 documents, 4 pages)" in stderr
    assert set(_states(home).values()) == {"archived"}
    assert _query(home, "SELECT count(*), count(DISTINCT sha256) FROM documents") == [(4, 4)]
    assert _query(home, "SELECT finished_at IS NOT NULL FROM campaigns") == [(1,)]


def test_a_waiting_run_queues_again_the_jobs_redis_lost(ctx, conn, home, redis_url, tmp_path):
    root = tmp_path / "tree"
    _tree(root, n=2, corrupt=False)
    run = campaigns.open_campaign(ctx, root, campaigns.plan(root, {}), name=None, manifest=None)
    sent = queued.enqueue(ctx, conn, run, queue="backlog")
    assert sent.submitted == 2 and [item.path for item in sent.waiting] == ["box-a/00.pdf", "box-b/01.pdf"]
    conn.flushdb()  # Redis restarted without its data while the batch waits
    done = {}

    def waiting():
        done["summary"] = queued.wait(ctx, conn, run, sent.summary, queue="backlog", poll_s=0.1, requeue_s=0)

    thread = threading.Thread(target=waiting, daemon=True)
    thread.start()
    _wait_for(lambda: conn.llen("rq:queue:backlog") == 2, 30, "the lost jobs queued again")
    _burst(home, redis_url, "backlog")
    thread.join(60)
    assert not thread.is_alive() and done["summary"].archived == 2
    assert _query(home, "SELECT count(*), count(DISTINCT sha256) FROM documents") == [(2, 2)]


def test_a_manifest_doc_type_goes_with_the_job(conn, redis_url, tmp_path):
    home, root = tmp_path / "home", tmp_path / "tree"
    (root / "box-a").mkdir(parents=True)
    fx.born_digital_pdf(root / "box-a" / "birth.pdf", LINES)  # a birth certificate by its title
    manifest = root / "manifest.csv"
    manifest.write_text("path,dossier_id,doc_type\nbox-a/birth.pdf,,residence_confirmation\n", encoding="utf-8")
    args = ["batch", str(root), "--manifest", str(manifest), "--queue", "backlog"]
    assert _run([*args, "--no-wait"], home, redis_url).returncode == 0
    _burst(home, redis_url, "backlog")
    settled = _run(args, home, redis_url)
    assert settled.returncode == 0 and "Archived 1 files" in settled.stderr, settled.stderr
    ((record,),) = _query(home, "SELECT record FROM documents")
    record = json.loads(record)
    assert (record["doc_type"], record["doc_type_confidence"]) == ("residence_confirmation", 1.0)
    assert "doc_type_uncertain" not in record["review_reasons"]
    assert record["fields"]["personal_id"]["value"] == "077219001234"  # read with the given type's entry
    # the type names the job with the dossier id; without one the id is what it always was
    assert input_job_id("a" * 64, None) == f"in-{'a' * 32}-0" != input_job_id("a" * 64, None, "decision")


def test_the_waiting_runs_poll_interval_is_set_by_the_environment(monkeypatch):
    monkeypatch.delenv("DIGITIZE_BATCH_POLL", raising=False)
    assert queued.poll_interval() == queued.POLL_S == 1.0
    monkeypatch.setenv("DIGITIZE_BATCH_POLL", "0.1")
    assert queued.poll_interval() == 0.1
    for wrong in ("0", "-1", "soon", "inf"):
        monkeypatch.setenv("DIGITIZE_BATCH_POLL", wrong)
        assert queued.poll_interval() == queued.POLL_S


def _peek(proc: subprocess.Popen) -> str:
    """What the process wrote to stderr so far (it is line-oriented: stderr is not a terminal)."""
    proc.seen = getattr(proc, "seen", "")
    while select.select([proc.stderr], [], [], 0)[0]:
        chunk = os.read(proc.stderr.fileno(), 65536).decode(errors="replace")
        if not chunk:
            break
        proc.seen += chunk
    return proc.seen
