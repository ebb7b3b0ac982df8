"""A process pool for page work that bounds each task in time and memory.

Each worker runs one single-threaded Tesseract at a time (OMP_THREAD_LIMIT=1), so N workers
keep N cores busy. Hostile files are read here, so every task is bounded (pebble does the
bookkeeping: it knows which worker runs which task, and replaces a worker it had to stop):

- in time: a task past `task_timeout_s` has its worker killed and fails with `TaskTimedOut`;
- in memory: each worker's address space is capped (RLIMIT_AS, inherited by the Tesseract it
  starts), so an allocation past the cap fails with MemoryError inside the task;
- a task whose native code kills its worker (a decoder's segfault or abort) fails with
  `WorkerCrashed`.

Only the task concerned fails; every other task of the run finishes.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Any

from pebble import ProcessExpired, ProcessPool


class WorkerCrashed(Exception):
    """The task killed its worker process."""


class TaskTimedOut(Exception):
    """The task ran past the pool's time limit; its worker was stopped."""


DEFAULT_TASK_TIMEOUT_S = 900
TERMINATE_WAIT_S = 10  # how long an interrupted run waits for its pool to stop
DEFAULT_MEMORY_BYTES = 1536 * 2**20


def _init_worker(memory_bytes: int | None = None, max_image_pixels: int | None = None) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:  # OpenCV's own thread pool would compete with the other workers' Tesseracts
        import cv2

        cv2.setNumThreads(1)
    except ImportError:
        pass
    if max_image_pixels:
        # Pillow's guard set to our own page limit: images within it are not warned about
        # (the readers check our limits before decoding), images over it are refused.
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = max_image_pixels
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)


Task = tuple[Hashable, Callable[..., Any], tuple]


def _workers_of(pool: ProcessPool) -> list:
    """The worker processes of one pebble pool (not every child of this process: a test run
    holds several pools). pebble keeps them in its pool manager; none when that changes."""
    manager = getattr(getattr(pool, "_pool_manager", None), "worker_manager", None)
    return list(getattr(manager, "workers", {}).values())


class PagePool:
    def __init__(
        self,
        workers: int,
        *,
        task_timeout_s: float | None = DEFAULT_TASK_TIMEOUT_S,
        memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
        max_image_pixels: int | None = None,
    ):
        self.workers = max(1, workers)
        self.task_timeout_s = task_timeout_s
        self.memory_bytes = memory_bytes
        self.max_image_pixels = max_image_pixels
        self._pool: ProcessPool | None = None

    def _get_pool(self) -> ProcessPool:
        if self._pool is None:
            # spawn, not fork: the parent may hold threads (progress display) and locks.
            self._pool = ProcessPool(
                max_workers=self.workers,
                initializer=_init_worker,
                initargs=(self.memory_bytes, self.max_image_pixels),
                context=multiprocessing.get_context("spawn"),
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            self.terminate()
        self.close()

    def terminate(self) -> None:
        """Stop the workers now (interrupted run): nothing they were doing is kept. Waits at
        most TERMINATE_WAIT_S: a stopped pebble pool joins its manager threads without a time
        limit (its join's timeout does not apply then), and an interrupt landing inside one of
        its queue operations can leave them waiting for ever — a Ctrl-C that hung the run. Those
        threads are daemons; workers still alive after the wait are killed."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        pool.stop()
        joiner = threading.Thread(target=pool.join, daemon=True)
        joiner.start()
        joiner.join(TERMINATE_WAIT_S)
        if joiner.is_alive():
            for worker in _workers_of(pool):
                worker.kill()

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Hashable, Any, BaseException | None]]:
        """Yield (key, result, error) for each task as it finishes, in completion order."""
        stream = self.stream()
        for key, fn, args in tasks:
            stream.submit(key, fn, args)
        yield from stream.results()

    def stream(self) -> _PoolStream:
        """Tasks given while earlier ones run: a run's later steps join the queue as soon as the
        results they need come back, so the workers never wait for the main process."""
        return _PoolStream(self)


class _PoolStream:
    def __init__(self, owner: PagePool):
        self._owner = owner
        self._pending: dict = {}

    def submit(self, key: Hashable, fn: Callable[..., Any], args: tuple) -> None:
        future = self._owner._get_pool().schedule(fn, args=args, timeout=self._owner.task_timeout_s)
        self._pending[future] = key

    def results(self) -> Iterator[tuple[Hashable, Any, BaseException | None]]:
        """(key, result, error) for each task as it finishes, including tasks submitted while
        this is being read; ends when none is left."""
        while self._pending:
            done, _ = wait(list(self._pending), return_when=FIRST_COMPLETED)
            for future in done:
                key = self._pending.pop(future)
                try:
                    yield key, future.result(), None
                except FutureTimeout:
                    yield key, None, TaskTimedOut(f"the task ran past {self._owner.task_timeout_s:g} s")
                except ProcessExpired as exc:
                    yield key, None, WorkerCrashed(f"the worker process crashed on this input ({exc})")
                except Exception as exc:  # the task's own error travels back as data
                    yield key, None, exc


class InlinePool:
    """The pool's interface, run in this process, one task at a time: a queue worker is one core
    (one worker per core), and each of its jobs runs in a process of its own that the queue's
    job timeout bounds, so a task that hangs or crashes ends that job, not the worker.

    Each task is still bounded as in PagePool, so a hostile page fails its input with the right
    record instead of taking the whole job down: in time by SIGALRM (Python code is interrupted;
    the readers check their budgets before native code gets a page), and in memory, in a process
    forked from the one that made the pool (a job's work-horse), by capping the address space
    at what the process already maps plus `memory_bytes`. The long-lived worker itself is never
    capped."""

    workers = 1

    def __init__(self, *, task_timeout_s: float | None = None, memory_bytes: int | None = None):
        self.task_timeout_s = task_timeout_s
        self.memory_bytes = memory_bytes
        self._owner = os.getpid()
        self._capped: int | None = None

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Hashable, Any, BaseException | None]]:
        stream = self.stream()
        for key, fn, args in tasks:
            stream.submit(key, fn, args)
        yield from stream.results()

    def stream(self) -> _InlineStream:
        return _InlineStream(self)

    def run_one(self, fn: Callable[..., Any], args: tuple) -> tuple[Any, BaseException | None]:
        self._cap_memory()
        try:
            with _alarm(self.task_timeout_s):
                return fn(*args), None
        except Exception as exc:  # the task's own error (or TaskTimedOut) travels back as data, as in PagePool
            return None, exc

    def _cap_memory(self) -> None:
        pid = os.getpid()
        if not self.memory_bytes or pid == self._owner or self._capped == pid:
            return
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _mapped_bytes() + self.memory_bytes
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or cap < soft:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        self._capped = pid

    def close(self) -> None:
        pass

    def terminate(self) -> None:
        pass

    def __enter__(self) -> InlinePool:
        return self

    def __exit__(self, *exc) -> None:
        pass


class _InlineStream:
    """Tasks run one at a time, in the order given, as their results are read."""

    def __init__(self, owner: InlinePool):
        self._owner = owner
        self._queue: deque[Task] = deque()

    def submit(self, key: Hashable, fn: Callable[..., Any], args: tuple) -> None:
        self._queue.append((key, fn, args))

    def results(self) -> Iterator[tuple[Hashable, Any, BaseException | None]]:
        while self._queue:
            key, fn, args = self._queue.popleft()
            yield key, *self._owner.run_one(fn, args)


def _mapped_bytes() -> int:
    """This process's address space now (VmSize), in bytes."""
    with open(f"/proc/{os.getpid()}/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@contextmanager
def _alarm(seconds: float | None):
    """Raise TaskTimedOut in this (main) thread after `seconds`; elsewhere, no limit. An alarm
    already set (RQ's job timeout in a work-horse) is kept: when it comes first it is left to
    fire, else it is set again afterwards with the time it had left."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise TaskTimedOut(f"the task ran past {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    if earlier and earlier <= seconds:  # the job's own deadline comes first: leave it alone
        signal.setitimer(signal.ITIMER_REAL, earlier)
        signal.signal(signal.SIGALRM, previous)
        yield
        return
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier:
            signal.setitimer(signal.ITIMER_REAL, max(earlier - (time.monotonic() - started), 0.001))
