"""A process pool for page work that survives a crashing task.

Each worker runs one single-threaded Tesseract at a time (OMP_THREAD_LIMIT=1), so N workers
keep N cores busy. If native code (a PDF or image decoder, Tesseract's loader) kills a worker,
`concurrent.futures` breaks the whole pool; we then re-run the unfinished tasks one by one in a
fresh pool so that only the task that crashes again is lost, and every other page finishes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any


class WorkerCrashed(Exception):
    """The task killed its worker process twice."""


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:  # OpenCV's own thread pool would compete with the other workers' Tesseracts
        import cv2

        cv2.setNumThreads(1)
    except ImportError:
        pass


Task = tuple[Hashable, Callable[..., Any], tuple]


class PagePool:
    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # spawn, not fork: the parent may hold threads (progress display) and locks.
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
            )
        return self._executor

    def _discard(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            self.terminate()
        self.close()

    def terminate(self) -> None:
        """Stop the workers now (interrupted run): nothing they were doing is kept."""
        if self._executor is not None:
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
            self._discard()

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Hashable, Any, BaseException | None]]:
        """Yield (key, result, error) for each task as it finishes, in completion order."""
        tasks = list(tasks)
        crashed: list[Task] = []
        pending: dict[Future, Task] = {}
        try:
            pool = self._pool()
            for task in tasks:
                key, fn, args = task
                pending[pool.submit(fn, *args)] = task
        except BrokenProcessPool:
            crashed = [t for t in tasks if t not in pending.values()]
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                try:
                    yield task[0], fut.result(), None
                except BrokenProcessPool:
                    crashed.append(task)
                except Exception as exc:  # the task's own error travels back as data
                    yield task[0], None, exc
        if crashed:
            self._discard()
            yield from self._run_isolated(crashed)

    def _run_isolated(self, tasks: list[Task]) -> Iterator[tuple[Hashable, Any, BaseException | None]]:
        for key, fn, args in tasks:
            try:
                result = self._pool().submit(fn, *args).result()
            except BrokenProcessPool:
                self._discard()
                yield key, None, WorkerCrashed("the worker process crashed on this input")
            except Exception as exc:
                yield key, None, exc
            else:
                yield key, result, None
