"""The counter scanner's hot folder (`digitize watch DIR`).

Each new file under DIR is submitted to the `counter` queue once it is complete: closed after
writing (inotify's close-write) or its size and time unchanged for `settle_s` (2 s; network
shares, watched with the polling observer, give no close events). Then it moves to DIR/done/,
or, if it cannot be submitted, to DIR/failed/ with `<name>.error.txt` beside it (sub-folders
kept). The dossier code comes from a side file `<name>.dossier` (or `<stem>.dossier`; UTF-8, the
code on its first line) or from the sub-folder the file is in, when that folder's name is a
dossier code. Sub-folders are watched, done/ and failed/ are not. Files already there at start
are taken too; hidden and temporary files (`.part`, `.tmp`, `~$…`, `.…`) are ignored.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from digitize.understand.validators import dossier_id

log = logging.getLogger("digitize.watch")

DONE, FAILED = "done", "failed"
SIDE_SUFFIX = ".dossier"
ERROR_SUFFIX = ".error.txt"
TEMP_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload", ".swp", SIDE_SUFFIX, ERROR_SUFFIX)
RESCAN_S = 30.0  # a full look at the tree now and then, in case an event was missed


class NotSubmitted(Exception):
    """The file was received but refused (empty, too large…): its message goes to .error.txt."""


# submit(path, dossier_id) -> job id; raises NotSubmitted or anything else when it cannot
Submit = Callable[[Path, str | None], str]


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float
    closed: bool = False


def ignored(name: str) -> bool:
    return name.startswith((".", "~$", "~")) or name.lower().endswith(TEMP_SUFFIXES)


class HotFolder:
    def __init__(self, root: Path, submit: Submit, *, settle_s: float = 2.0, clock=time.monotonic):
        self.root = Path(root).resolve()
        self.submit = submit
        self.settle_s = settle_s
        self.clock = clock
        self.done = self.root / DONE
        self.failed = self.root / FAILED
        self._seen: dict[Path, _Seen] = {}
        self._lock = threading.Lock()
        self.taken: list[tuple[Path, str | None]] = []  # (file, job id or None when failed)

    # ------------------------------------------------------------ noticing files

    def _eligible(self, path: Path) -> bool:
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return False
        if not relative.parts or relative.parts[0] in (DONE, FAILED):
            return False
        return not any(ignored(part) for part in relative.parts) and path.is_file()

    def note(self, path: Path, closed: bool = False) -> None:
        """A file event (created, modified, moved here, closed after writing)."""
        path = Path(path)
        if not self._eligible(path):
            return
        try:
            stat = path.stat()
        except OSError:
            return
        with self._lock:
            seen = self._seen.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                self._seen[path] = _Seen(stat.st_size, stat.st_mtime_ns, self.clock(), closed)
            elif closed:
                seen.closed = True

    def scan(self) -> None:
        """Every file in the tree (at start, and now and then)."""
        for folder, dirs, files in os.walk(self.root):
            here = Path(folder)
            if here == self.root:
                dirs[:] = [d for d in dirs if d not in (DONE, FAILED)]
            dirs[:] = [d for d in dirs if not ignored(d)]
            for name in files:
                self.note(here / name)

    # ------------------------------------------------------------ taking complete files

    def tick(self) -> None:
        """Submit every noticed file that is complete."""
        now = self.clock()
        ready = []
        with self._lock:
            for path, seen in list(self._seen.items()):
                try:
                    stat = path.stat()
                except OSError:
                    del self._seen[path]  # gone (moved away, deleted)
                    continue
                if (stat.st_size, stat.st_mtime_ns) != (seen.size, seen.mtime_ns):
                    self._seen[path] = _Seen(stat.st_size, stat.st_mtime_ns, now)  # still being written
                    continue
                if seen.size > 0 and (seen.closed or now - seen.since >= self.settle_s):
                    ready.append(path)
                elif seen.size == 0 and now - seen.since >= self.settle_s * 3:
                    ready.append(path)  # an empty file that stays empty: submit says why it fails
            for path in ready:
                del self._seen[path]
        for path in ready:
            self.take(path)

    def dossier_of(self, path: Path) -> str | None:
        for side in (path.with_name(path.name + SIDE_SUFFIX), path.with_suffix(SIDE_SUFFIX)):
            if side.is_file():
                lines = side.read_bytes().decode("utf-8-sig").strip().splitlines()
                code = lines[0].strip() if lines else ""
                if not dossier_id(code).ok:
                    raise NotSubmitted(f"{side.name} does not hold a dossier code on its first line (got {code!r}).")
                return code
        if path.parent != self.root and dossier_id(path.parent.name).ok:
            return path.parent.name
        return None

    def _side_files(self, path: Path) -> list[Path]:
        return [s for s in (path.with_name(path.name + SIDE_SUFFIX), path.with_suffix(SIDE_SUFFIX)) if s.is_file()]

    def take(self, path: Path) -> None:
        try:
            dossier = self.dossier_of(path)
            job_id = self.submit(path, dossier)
        except Exception as exc:  # noqa: BLE001 — whatever stops it, the file goes to failed/ with why
            message = str(exc) if isinstance(exc, NotSubmitted) else f"{type(exc).__name__}: {exc}"
            log.warning("%s not submitted: %s", path, message)
            target = self._move(path, self.failed)
            if target is not None:
                target.with_name(target.name + ERROR_SUFFIX).write_text(message + "\n", encoding="utf-8")
            self.taken.append((path, None))
            return
        log.info("%s submitted as job %s", path, job_id)
        self._move(path, self.done)
        self.taken.append((path, job_id))

    def _move(self, path: Path, to: Path) -> Path | None:
        relative = path.relative_to(self.root)
        target = to / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        n = 1
        while target.exists():  # a file of the same name done earlier: keep both
            target = (to / relative).with_name(f"{relative.name}.{n}")
            n += 1
        try:
            for side in self._side_files(path):
                os.replace(side, target.parent / (target.name + SIDE_SUFFIX))
            os.replace(path, target)
        except OSError as exc:
            log.error("could not move %s to %s: %s", path, to, exc)
            return None
        return target

    # ------------------------------------------------------------ running

    def run(self, *, poll: bool = False, stop: threading.Event | None = None, interval_s: float = 0.5) -> None:
        """Watch until `stop` is set (or the process is stopped)."""
        stop = stop or threading.Event()
        self.root.mkdir(parents=True, exist_ok=True)
        handler = _Events(self)
        observer = PollingObserver(timeout=1) if poll else Observer()
        observer.schedule(handler, str(self.root), recursive=True)
        observer.start()
        try:
            self.scan()
            last_scan = self.clock()
            while not stop.is_set():
                self.tick()
                if self.clock() - last_scan > RESCAN_S:
                    self.scan()
                    last_scan = self.clock()
                stop.wait(interval_s)
        finally:
            observer.stop()
            observer.join(timeout=10)


class _Events(FileSystemEventHandler):
    def __init__(self, folder: HotFolder):
        self.folder = folder

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            if event.event_type in ("created", "moved"):  # a folder moved in with files in it
                self.folder.scan()
            return
        path = getattr(event, "dest_path", "") or event.src_path
        self.folder.note(Path(os.fsdecode(path)), closed=event.event_type == "closed")
