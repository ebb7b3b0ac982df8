"""The counter scanner's hot folder: complete files submitted once, to the counter queue."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from rq.job import Job as RqJob

from tests import fixtures_pdf as fx
from tests.support import DIGITIZE, cli_env
from workers.queues import COUNTER
from workers.submit import submit_files
from workers.watch import HotFolder, NotSubmitted, ignored

DOSSIER = "000.00.12.H02-230818-0001"


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _pdf(path: Path, n: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return fx.born_digital_pdf(path, [*fx.DEFAULT_LINES, f"Biên nhận số {n}"])


@pytest.fixture
def folder(ctx, conn, tmp_path):
    """A hot folder whose submit is the real one (archive, index, Redis); its clock is ours."""
    submitted = []

    def submit(path: Path, dossier_id: str | None) -> str:
        item = submit_files(ctx, conn, [str(path)], dossier_id=dossier_id, queue=COUNTER)[0]
        if item.job_id is None:
            raise NotSubmitted(item.record["error"]["message"])
        submitted.append((path.name, dossier_id, item.job_id))
        return item.job_id

    clock = Clock()
    hot = HotFolder(tmp_path / "hot", submit, settle_s=2.0, clock=clock)
    hot.root.mkdir()
    hot.submitted, hot.clock_ = submitted, clock
    return hot


def test_a_file_being_written_waits_until_its_size_settles_then_goes_once(folder, conn):
    whole = _pdf(folder.root.parent / "scan.pdf").read_bytes()
    target = folder.root / "scan.pdf"
    with target.open("wb") as fh:
        fh.write(whole[:1000])
        fh.flush()
        folder.note(target)
        folder.clock_.now += 1.5
        folder.tick()
        fh.write(whole[1000:])  # still growing: the clock starts again
        fh.flush()
        folder.clock_.now += 1.5
        folder.tick()
        assert folder.submitted == [] and target.exists()
    folder.clock_.now += 1.9
    folder.tick()
    assert folder.submitted == []
    folder.clock_.now += 0.2
    folder.tick()
    folder.tick()
    folder.scan()  # it is in done/ now: not seen again
    folder.clock_.now += 5
    folder.tick()
    assert [name for name, _, _ in folder.submitted] == ["scan.pdf"]
    assert (folder.root / "done" / "scan.pdf").read_bytes() == whole and not target.exists()
    assert conn.llen("rq:queue:counter") == 1


def test_closed_after_writing_is_complete_at_once(folder):
    path = _pdf(folder.root / "a.pdf")
    folder.note(path, closed=True)
    folder.tick()
    assert [name for name, _, _ in folder.submitted] == ["a.pdf"]


def test_dossier_from_side_file_or_folder_and_refusals_go_to_failed(folder, conn):
    side = _pdf(folder.root / "receipt.pdf", 1)
    (folder.root / "receipt.pdf.dossier").write_text(DOSSIER + "\nignored\n", encoding="utf-8")
    _pdf(folder.root / DOSSIER / "id-card.pdf", 2)
    _pdf(folder.root / "plain" / "note.pdf", 3)
    _pdf(folder.root / "wrong.pdf", 4)
    (folder.root / "wrong.dossier").write_text("not a code", encoding="utf-8")
    (folder.root / "empty.pdf").write_bytes(b"")
    for name in (".hidden.pdf", "upload.pdf.part", "~$draft.pdf", "x.tmp"):
        (folder.root / name).write_bytes(b"%PDF-1.4 not complete")
    _pdf(folder.root / "done" / "old.pdf", 5)  # done/ and failed/ are not watched
    _pdf(folder.root / "failed" / "old.pdf", 6)

    folder.scan()  # files already there at start are taken
    folder.clock_.now += 10
    folder.tick()
    got = {name: dossier for name, dossier, _ in folder.submitted}
    assert got == {"receipt.pdf": DOSSIER, "id-card.pdf": DOSSIER, "note.pdf": None}
    assert (folder.root / "done" / "receipt.pdf.dossier").exists() and side.exists() is False
    assert (folder.root / "done" / DOSSIER / "id-card.pdf").exists()
    job = RqJob.fetch(dict((n, j) for n, _, j in folder.submitted)["receipt.pdf"], connection=conn)
    assert job.kwargs["dossier_id"] == DOSSIER
    assert "dossier code" in (folder.root / "failed" / "wrong.pdf.error.txt").read_text(encoding="utf-8")
    assert "empty" in (folder.root / "failed" / "empty.pdf.error.txt").read_text(encoding="utf-8")
    for name in (".hidden.pdf", "upload.pdf.part", "~$draft.pdf", "x.tmp"):
        assert (folder.root / name).exists() and ignored(name)


def test_watch_command_polling_takes_a_slowly_written_file_once(home, redis_url, conn, tmp_path):
    hot = tmp_path / "hot"
    hot.mkdir()
    whole = _pdf(tmp_path / "scan.pdf", 9).read_bytes()
    _pdf(hot / "already.pdf", 10)
    watcher = subprocess.Popen(
        [DIGITIZE, "watch", str(hot), "--poll", "--settle", "2"],
        env=cli_env(home, REDIS_URL=redis_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        target = hot / "scan.pdf"
        with target.open("wb") as fh:  # written in pieces, pauses shorter than the settle time
            for start in range(0, len(whole), len(whole) // 5 + 1):
                fh.write(whole[start : start + len(whole) // 5 + 1])
                fh.flush()
                time.sleep(0.3)
                assert not (hot / "done" / "scan.pdf").exists()
        deadline = time.monotonic() + 30
        while not ((hot / "done" / "scan.pdf").exists() and (hot / "done" / "already.pdf").exists()):
            assert time.monotonic() < deadline, watcher.stderr.read() if watcher.poll() is not None else "slow"
            time.sleep(0.2)
        time.sleep(1.5)
    finally:
        watcher.terminate()
        out, errors = watcher.communicate(timeout=30)
    assert (hot / "done" / "scan.pdf").read_bytes() == whole
    assert conn.llen("rq:queue:counter") == 2, (out, errors)
    assert len(out.splitlines()) == 2
