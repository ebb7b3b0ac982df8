"""A task that kills its worker costs only itself."""

from __future__ import annotations

import os

from ocr.pool import InlinePool, PagePool, TaskTimedOut, WorkerCrashed


def square(n: int) -> int:
    return n * n


def crash(_: int) -> int:
    os._exit(3)  # what a segfaulting decoder looks like from outside


def omp_limit() -> str | None:
    return os.environ.get("OMP_THREAD_LIMIT")


def fail(_: int) -> int:
    raise ValueError("bad page")


def test_crash_is_isolated_and_pool_recovers():
    with PagePool(2) as pool:
        tasks = [(n, square, (n,)) for n in range(6)] + [("boom", crash, (0,)), ("bad", fail, (0,))]
        results = {key: (value, error) for key, value, error in pool.run(tasks)}
        assert {n: results[n][0] for n in range(6)} == {n: n * n for n in range(6)}
        assert isinstance(results["boom"][1], WorkerCrashed)
        assert isinstance(results["bad"][1], ValueError)
        # the pool still works afterwards
        assert [v for _, v, _ in pool.run([(1, square, (7,))])] == [49]


def stall(seconds: float) -> str:
    import time

    time.sleep(seconds)
    return "woke"


def hog(n_bytes: int) -> int:
    return len(bytearray(n_bytes))


def test_a_task_past_the_time_limit_is_stopped_and_its_worker_replaced():
    with PagePool(1, task_timeout_s=1) as pool:
        results = {key: (value, error) for key, value, error in pool.run([("stall", stall, (60,)), (2, square, (2,))])}
        assert isinstance(results["stall"][1], TaskTimedOut)
        assert results[2] == (4, None)
        assert [v for _, v, _ in pool.run([(3, square, (3,))])] == [9]


def test_a_task_past_the_memory_cap_fails_alone():
    with PagePool(1, memory_bytes=512 * 2**20) as pool:
        results = {key: (value, error) for key, value, error in pool.run([("hog", hog, (2**30,)), (2, hog, (2**20,))])}
        assert isinstance(results["hog"][1], MemoryError)
        assert results[2] == (2**20, None)


def _inline_in_child(conn) -> None:
    """In a forked child, as in a queue job's work-horse: the pool made by the parent."""
    pool = conn.recv()
    results = {
        key: (value, type(error).__name__ if error else None)
        for key, value, error in pool.run([("stall", stall, (30,)), ("hog", hog, (2**31,)), (2, square, (2,))])
    }
    conn.send(results)


def test_inline_pool_bounds_each_task_in_a_forked_process():
    import multiprocessing

    pool = InlinePool(task_timeout_s=1, memory_bytes=512 * 2**20)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_inline_in_child, args=(child,))
    proc.start()
    parent.send(pool)
    results = parent.recv()
    proc.join(timeout=30)
    assert results == {"stall": (None, "TaskTimedOut"), "hog": (None, "MemoryError"), 2: (4, None)}


def test_inline_pool_leaves_the_process_that_made_it_uncapped():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    pool = InlinePool(memory_bytes=512 * 2**20)
    assert [v for _, v, _ in pool.run([(1, square, (3,))])] == [9]
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_workers_run_tesseract_single_threaded():
    with PagePool(1) as pool:
        [(_, value, error)] = list(pool.run([("env", omp_limit, ())]))
        assert error is None and value == "1"


def test_sigterm_stops_the_workers(tmp_path):
    """A stopped `digitize process` leaves no worker processes behind."""
    import signal
    import subprocess
    import time

    from tests import fixtures_pdf as fx
    from tests.support import DIGITIZE, cli_env

    scans = []
    for n in range(12):
        path = tmp_path / f"p{n}.png"
        fx.render_text_image(fx.DEFAULT_LINES * 6, dpi=300).save(path)
        scans.append(str(path))
    proc = subprocess.Popen(
        [DIGITIZE, "process", *scans],
        env=cli_env(tmp_path / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[str] = []
    deadline = time.monotonic() + 30
    while len(children) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)  # wait until the pool's workers run
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children and proc.poll() is None, "no worker processes to stop"
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) != 0
    deadline = time.monotonic() + 1  # gone within a second, as before, without always waiting it
    while any(_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in children if _running(pid)] == []


def _running(pid: str) -> bool:
    """Alive and not a zombie (a container's init may be slow to reap the dead)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _stream_results(pool) -> dict:
    """Each square's task, given as the result before it comes back: later steps join a running
    stream (the pipeline's documents and PDFs are queued as pages come back)."""
    stream = pool.stream()
    stream.submit(1, square, (1,))
    got = {}
    for key, value, error in stream.results():
        got[key] = value if error is None else error
        if isinstance(key, int) and key < 4:
            stream.submit(key + 1, square, (key + 1,))
        if key == 2:
            stream.submit("bad", fail, (0,))
    return got


def test_a_stream_takes_tasks_while_it_runs():
    with PagePool(2) as pool:
        got = _stream_results(pool)
    assert {k: got[k] for k in (1, 2, 3, 4)} == {1: 1, 2: 4, 3: 9, 4: 16}
    assert isinstance(got["bad"], ValueError)
    inline = _stream_results(InlinePool())
    assert {k: inline[k] for k in (1, 2, 3, 4)} == {1: 1, 2: 4, 3: 9, 4: 16}
    assert isinstance(inline["bad"], ValueError)


def test_an_interrupted_pool_stops_in_bounded_time_even_when_its_join_hangs(monkeypatch):
    # a stopped pebble pool joins its manager threads with no time limit; a Ctrl-C that landed
    # inside one of its queue operations once left a `digitize batch` waiting there for ever
    import threading
    import time

    from ocr import pool as pool_module

    monkeypatch.setattr(pool_module, "TERMINATE_WAIT_S", 0.5)
    pool = PagePool(1)
    assert [v for _, v, _ in pool.run([(1, square, (3,))])] == [9]
    workers = pool_module._workers_of(pool._get_pool())
    assert workers and all(w.is_alive() for w in workers)
    never = threading.Event()
    monkeypatch.setattr(pool._get_pool(), "join", lambda *a, **k: never.wait(20))  # "for ever"
    started = time.monotonic()
    pool.terminate()
    assert time.monotonic() - started < 5
    for worker in workers:
        worker.join(5)
        assert not worker.is_alive()
