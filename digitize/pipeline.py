"""From input files to archived records: receive → survey → read pages → documents → archive.

Each input is a `Job` that moves through the steps; a step that fails sets `job.error` and the
job skips to a failed record, while every other input carries on. Page work (survey, decode,
OCR) runs in the pool; the main process does the bookkeeping and the archive and index writes.

The steps are public so that the queue jobs (`workers/jobs.py`) run the same ones as
`process_files`, split over machines: `receive_file` (hash, keep the original), `open_kept`
(fetch a kept original on another machine), `survey`, `read_pages` (all pages or a range),
`finish` (documents → assemble → archive, or the failed record) and `records_of`. Sealing
and storing the documents, or the failed record, is `digitize.archiving`'s.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Collection, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from digitize import errors
from digitize.archive.assemble import image_pages_pdf, searchable_pdf
from digitize.archiving import archive_document, failed_record_of, forget_failure, record_failure, seal_documents
from digitize.context import Context
from digitize.documents import DocumentFacts, documents_of
from digitize.errors import DigitizeError
from digitize.ingest.formats import PDF, SNIFF_BYTES, sniff
from digitize.ingest.page_source import KIND_PDF_TEXT, InputSurvey
from digitize.page_tasks import PageResult, ocr_page, survey_input
from digitize.record import STATUS_ARCHIVED
from digitize.understand import validators
from ocr.pool import TaskTimedOut, WorkerCrashed
from storage import layout
from storage.metrics import record_timings
from storage.models import DocumentRow

log = logging.getLogger("digitize")

PageResultsHook = Callable[[str, list[PageResult]], None]  # an input's SHA-256 and its pages as read


class Progress(Protocol):
    def begin(self, total_pages: int) -> None: ...

    def advance(self, pages: int = 1) -> None: ...


class _NoProgress:
    def begin(self, total_pages: int) -> None:
        pass

    def advance(self, pages: int = 1) -> None:
        pass


@dataclass
class Job:
    """One input file on its way through the pipeline (ingest → pages → documents)."""

    path: str
    source: str = ""  # absolute path, as records show it (a name that is not UTF-8 shown with escapes)
    source_bytes: bytes | None = None  # the path's own bytes, where they are not valid UTF-8
    file: str = ""  # the resolved path to open (a str that may hold surrogate escapes)
    sha256: str | None = None
    format: str | None = None
    work_dir: str = ""
    survey: InputSurvey | None = None
    results: dict[int, PageResult] = field(default_factory=dict)
    previous: dict[int, DocumentRow] = field(default_factory=dict)  # earlier rows for these bytes
    error: DigitizeError | None = None
    documents: list[DocumentFacts] = field(default_factory=list)
    pdfs: dict[int, bytes] = field(default_factory=dict)  # document position → archival PDF
    sealed: dict[int, tuple[bytes, dict]] = field(default_factory=dict)  # … → signed PDF/A, what it adds to the record
    records: list[dict] = field(default_factory=list)
    twin_of: Job | None = None  # the same bytes given earlier in this run
    read_path: str = ""  # where the bytes are read from, when not at `source` (a fetched original)
    row_extra: dict = field(default_factory=dict)  # index columns the caller adds (queue, job_id)
    # A queue job sets this: errors it says are transient (storage, database, Redis briefly
    # down) are raised, for the queue to retry the job, instead of becoming a failed record.
    reraise: Callable[[BaseException], bool] | None = None
    # Seconds spent per stage, for /metrics: the input's (receive, survey, understand), each
    # OCR'd page's, and each document's (assemble, seal, archive; by position).
    timings: dict[str, float] = field(default_factory=dict)
    page_seconds: dict[int, float] = field(default_factory=dict)
    doc_timings: dict[int, dict[str, float]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.error is None and not self.records and self.twin_of is None

    def clock(self, stage: str, seconds: float, position: int | None = None) -> None:
        spent = self.timings if position is None else self.doc_timings.setdefault(position, {})
        spent[stage] = spent.get(stage, 0.0) + seconds

    @contextmanager
    def timed(self, stage: str, position: int | None = None):
        """Clock the time the `with` block takes as `stage` (of document `position`)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.clock(stage, time.perf_counter() - start, position)


def _clocked(fn, *args):
    """A pool task's result and the seconds it took (measured where it ran)."""
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def process_files(
    ctx: Context,
    paths: Sequence[str],
    *,
    dossier_id: str | None = None,
    doc_type: str | None = None,
    progress: Progress | None = None,
    on_record: Callable[[dict], None] | None = None,
    on_page_results: PageResultsHook | None = None,
) -> list[dict]:
    """Process `paths` now; one record per document, in input order. `on_record` is given each
    record as soon as its document is archived (or its input failed), in that same order.
    `doc_type`: a catalogue code every document found is recorded as (not classified).
    `on_page_results`: given each input's SHA-256 and page results as read, before its
    documents are found (bench.extraction keeps them to classify and extract again)."""
    if dossier_id is not None and not (given := validators.dossier_id(dossier_id)).ok:
        raise ValueError(validators.not_a_dossier_id(dossier_id, given))
    if doc_type is not None and doc_type not in ctx.catalogue:
        raise ValueError(f"{doc_type!r} is not a document type of the catalogue")
    progress = progress or _NoProgress()
    _ = ctx.signing  # a signing certificate that cannot be used stops the run before anything is written
    jobs = [Job(path=str(p)) for p in paths]
    with tempfile.TemporaryDirectory(prefix="digitize-run-") as run_dir:
        for n, job in enumerate(jobs):
            job.work_dir = str(Path(run_dir) / str(n))
            Path(job.work_dir).mkdir()
            receive_file(ctx, job)
        _pair_twins(jobs)
        survey(ctx, jobs)
        _Run(ctx, jobs, dossier_id, doc_type, on_record, on_page_results).go(_page_tasks(ctx, jobs), progress)
    return records_of(jobs)


def records_of(jobs: Sequence[Job]) -> list[dict]:
    return [record for job in jobs for record in job.records]


def finish(
    ctx: Context,
    jobs: list[Job],
    dossier_id: str | None,
    on_record: Callable[[dict], None] | None = None,
    *,
    doc_type: str | None = None,
) -> None:
    """Pages read → documents → their archival PDFs → archive and index; or the failed record.
    `on_record` gets each record right after its document is stored (or its input failed), so
    a caller can print it then rather than when the run is over. An input that fails after
    some of its documents were stored (the index went away) gives those records, then its
    failed record. `doc_type`: as in process_files."""
    _Run(ctx, jobs, dossier_id, doc_type, on_record).go([])


PAGES_AHEAD_PER_WORKER = 2  # pages in the pool's hands per worker: enough that none waits


class _Run:
    """The steps after the survey, for a run's inputs, as one stream of pool tasks: an input's
    documents are found (here) as soon as its last page is read, its PDFs built (in the pool)
    while other inputs' pages are still read, and it is sealed and archived (here) as soon as
    it and the inputs before it are built. The workers never wait for the main process, and the
    main process works while they read (measured: bench.batch_speed).

    Inputs are archived in the order given, whatever order the pool finishes them in: a
    dossier's documents are numbered in that order."""

    def __init__(
        self,
        ctx: Context,
        jobs: list[Job],
        dossier_id: str | None,
        doc_type: str | None,
        on_record: Callable[[dict], None] | None,
        on_page_results: PageResultsHook | None = None,
    ):
        self.ctx, self.jobs, self.dossier_id, self.doc_type, self.on_record = ctx, jobs, dossier_id, doc_type, on_record
        self.on_page_results = on_page_results
        # Inputs that get their records here (not twins, not bytes archived by an earlier run).
        self.worked = {id(job) for job in jobs if job.twin_of is None and (job.error is not None or not job.records)}
        self.stream = ctx.pool.stream()
        self.unread: Counter[int] = Counter()  # pages still being read, per input
        self.unbuilt: Counter[int] = Counter()  # documents whose PDF is still being built, per input
        self.pages_pdfs: dict[int, str] = {}
        self.ready: set[int] = set()
        self.archived = 0

    def go(self, page_tasks: list, progress: Progress | None = None) -> None:
        progress = progress or _NoProgress()
        waiting = deque(page_tasks)
        for (n, _), _, _ in page_tasks:
            self.unread[n] += 1
        progress.begin(len(page_tasks))
        # Pages are handed to the pool a few at a time: an input's PDFs, queued as soon as its
        # pages are read, then come before the later inputs' pages, so the first records are
        # archived (and printed) early instead of after the last page of the run.
        ahead = PAGES_AHEAD_PER_WORKER * getattr(self.ctx.pool, "workers", 1)
        self._hand_over(waiting, ahead)
        for n in range(len(self.jobs)):
            if not self.unread[n]:
                self._read(n)
        for key, done, exc in self.stream.results():
            step, n = key[0], key[1]
            job = self.jobs[n]
            if step == "page":
                self._hand_over(waiting, 1)
                progress.advance()
                if exc is not None:
                    job.error = job.error or _pool_error(exc, f"page {key[2] + 1}")
                else:
                    job.page_seconds[key[2]], job.results[key[2]] = done
                self.unread[n] -= 1
                if not self.unread[n]:
                    self._read(n)
            elif step == "convert":
                if exc is not None:
                    job.error = job.error or _pool_error(exc, "the file, to build its archive copy")
                    self._built(n)
                else:
                    seconds, self.pages_pdfs[n] = done
                    job.clock("assemble", seconds)
                    self._build(n)
            else:  # "assemble": one document's PDF
                if exc is not None:
                    job.error = job.error or _pool_error(exc, "the file, to build its archive copy")
                else:
                    seconds, job.pdfs[key[2]] = done
                    job.clock("assemble", seconds, key[2])
                self.unbuilt[n] -= 1
                if not self.unbuilt[n]:
                    self._built(n)
            self._archive_ready()
        self._archive_ready()

    def _hand_over(self, waiting: deque, count: int) -> None:
        for _ in range(min(count, len(waiting))):
            key, fn, args = waiting.popleft()
            self.stream.submit(("page", *key), fn, args)

    def _read(self, n: int) -> None:
        """All of input n's pages are read: its documents, then their PDFs to build."""
        job = self.jobs[n]
        if job.active:
            with job.timed("understand"):
                _guard(
                    job, lambda: _find_documents(self.ctx, job, self.dossier_id, self.doc_type, self.on_page_results)
                )
        if not job.active or not job.documents:
            self._built(n)
        elif job.work_dir and job.survey.format != PDF and len(job.documents) > 1:
            # An image input cut into several documents is converted to PDF pages once, into
            # its work folder, and each document takes its pages from there: without it, every
            # document converted the whole input again (time in documents × pages).
            target = str(Path(job.work_dir) / "pages.pdf")
            self.stream.submit(("convert", n), _clocked, (image_pages_pdf, job.survey, target))
        else:
            self._build(n)

    def _build(self, n: int) -> None:
        job = self.jobs[n]
        for position, doc in enumerate(job.documents, start=1):
            pages = {i: job.results[i] for i in doc.page_indexes}
            args = (searchable_pdf, job.survey, pages, doc.page_indexes, self.pages_pdfs.get(n))
            self.stream.submit(("assemble", n, position), _clocked, args)
        self.unbuilt[n] = len(job.documents)

    def _built(self, n: int) -> None:
        if n in self.pages_pdfs:  # a box scan's pages, no longer needed: the disk is freed at once
            Path(self.pages_pdfs.pop(n)).unlink(missing_ok=True)
        self.ready.add(n)

    def _archive_ready(self) -> None:
        while self.archived in self.ready:
            job = self.jobs[self.archived]
            told = _archive_job(self.ctx, job, self.dossier_id, self.on_record)
            if id(job) in self.worked:
                _keep_timings(self.ctx, [job])
            if not told:
                _tell(job, self.on_record)
            self.archived += 1


def _archive_job(
    ctx: Context, job: Job, dossier_id: str | None, on_record: Callable[[dict], None] | None = None
) -> bool:
    """Seal and store the job's documents (or record its failure); each stored document's
    record goes to `on_record` at once. True when every one of `job.records` went there."""
    if job.active:
        _guard(job, lambda: seal_documents(ctx, job))
    stored: list[dict] = []
    if job.active:
        for position, doc in enumerate(job.documents, start=1):
            _guard(job, lambda p=position, d=doc: stored.append(archive_document(ctx, job, p, d)))
            if job.error is not None:
                break
            if on_record is not None:  # outside the guard: the caller's own errors are its own
                on_record(stored[-1])
        if job.error is None:
            job.records = stored
            _guard(job, lambda: forget_failure(ctx, job))
    if job.error is not None:
        _guard(job, lambda: record_failure(ctx, job, dossier_id), fatal=True)
    # stored: a run of many box scans holds no more than one input's PDFs at a time
    job.pdfs.clear()
    job.sealed.clear()
    return job.error is None and bool(stored)


def _tell(job: Job, on_record: Callable[[dict], None] | None) -> None:
    if job.twin_of is not None:  # an earlier job: its records are final by now
        job.records = job.twin_of.records
    if on_record is not None:
        for record in job.records:
            on_record(record)


def _keep_timings(ctx: Context, jobs: list[Job]) -> None:
    """Each record's stage timings into the index. The input's own stages count once, on its
    first record; OCR counts per document (its pages). Figures only: a failure is logged."""
    rows = []
    for job in jobs:
        if not job.records or job.sha256 is None:  # nothing was received: no index row to tie them to
            continue
        for position, record in enumerate(job.records, start=1):
            spent = dict(job.timings) if position == 1 else {}
            spent.update(job.doc_timings.get(position, {}))
            pages = job.documents[position - 1].page_indexes if job.error is None else job.page_seconds
            ocr = [job.page_seconds[i] for i in pages if i in job.page_seconds]
            if ocr:
                spent["ocr"] = sum(ocr)
            rows += [(record["id"], stage, seconds) for stage, seconds in spent.items()]
    try:
        record_timings(ctx.index, rows)
    except Exception:
        log.exception("stage timings could not be kept")


def _guard(job: Job, step, fatal: bool = False) -> None:
    """Run a step; turn any exception into the job's error (never into a crash of the run)."""
    try:
        step()
    except DigitizeError as exc:
        job.error = job.error or exc
    except Exception as exc:
        if job.reraise is not None and job.reraise(exc):
            raise
        log.exception("unexpected error on %s", job.path)
        job.error = job.error or DigitizeError(
            errors.INTERNAL_ERROR, f"Unexpected error ({type(exc).__name__}); the original is kept."
        )
        if fatal:  # even the failure could not be recorded: still report it
            job.records = [failed_record_of(job, None, None)]


# ---------------------------------------------------------------- receive


def receive_file(ctx: Context, job: Job) -> None:
    """Check the file at `job.path`, hash it and keep its bytes in `originals/` (before anything
    else looks at them); an earlier run's records of the same bytes are looked up."""
    with job.timed("receive"):
        _guard(job, lambda: _receive(ctx, job))


def open_kept(ctx: Context, job: Job) -> None:
    """A queue job's input: its original, kept by `receive_file` on whichever machine submitted
    it, fetched from the archive into `job.work_dir` (`job.sha256` and `job.source` are given)."""

    def fetch() -> None:
        local = Path(job.work_dir) / "input"
        ctx.archive.get_file(layout.original_key(job.sha256), local)
        job.read_path = str(local)
        with local.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        _look_up(ctx, job, head)

    with job.timed("receive"):
        _guard(job, fetch)


def _receive(ctx: Context, job: Job) -> None:
    path = Path(job.path).expanduser()
    _name(job, path.absolute())
    if not path.exists():
        raise DigitizeError(errors.NOT_FOUND, f"There is no file at {job.source}.")
    if path.is_dir():
        raise DigitizeError(
            errors.UNSUPPORTED_FORMAT, f"{job.source} is a folder. Give the files in it, or use `digitize batch`."
        )
    _name(job, path.resolve())
    try:
        size = path.stat().st_size
        if size == 0:
            raise DigitizeError(errors.EMPTY_FILE, "The file is empty (0 bytes).")
        if size > ctx.settings.max_file_bytes:
            _refuse_oversized(ctx, job, path, size)
        job.sha256, head = _hash(path)
    except PermissionError as exc:
        raise DigitizeError(errors.UNREADABLE_INPUT, "The file cannot be read: permission denied.") from exc
    except OSError as exc:
        raise DigitizeError(errors.UNREADABLE_INPUT, f"The file cannot be read ({exc.strerror}).") from exc

    # The bytes are kept before anything else looks at them.
    original = layout.original_key(job.sha256)
    if not ctx.archive.exists(original):
        ctx.archive.put_file(original, path)
    _look_up(ctx, job, head)


def _look_up(ctx: Context, job: Job, head: bytes) -> None:
    rows = ctx.index.rows_for_input(job.sha256)
    if rows and all(row.status == STATUS_ARCHIVED for row in rows):
        job.records = [row.record for row in rows]  # same bytes again: the same documents
        return
    job.previous = {row.position: row for row in rows}
    job.format = sniff(head)


# Over the size limit, a file's SHA-256 is still worth having for its failed record while
# reading it is cheap; past this, the record names the file and its size only.
HASH_OVERSIZED_UP_TO = 4 * 2**30


def _refuse_oversized(ctx: Context, job: Job, path: Path, size: int) -> None:
    """Files over DIGITIZE_MAX_FILE_MB are refused before anything is copied: their failed
    record (with the SHA-256 where it is cheap to compute) is kept, their bytes are not."""
    if size <= HASH_OVERSIZED_UP_TO:
        job.sha256, _ = _hash(path)
        rows = ctx.index.rows_for_input(job.sha256)
        job.previous = {row.position: row for row in rows}
    raise DigitizeError(
        errors.TOO_LARGE,
        f"The file is {_size(size)}; the limit is {_size(ctx.settings.max_file_bytes)} "
        "(DIGITIZE_MAX_FILE_MB). It was not copied into the archive.",
    )


def _size(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n / 1024:,.1f} KiB"


def _name(job: Job, path: Path) -> None:
    """The path as records show it. File names are bytes on POSIX: one that is not UTF-8 (an old
    network share's) is shown with escapes (bad\\xff.jpg) and its bytes are kept beside it."""
    raw = os.fsencode(path)
    job.source = raw.decode("utf-8", "backslashreplace")
    job.source_bytes = None if job.source == os.fsdecode(raw) else raw
    job.file = os.fsdecode(raw)


def _hash(path: Path) -> tuple[str, bytes]:
    digest = hashlib.sha256()
    head = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            if not head:
                head = chunk[:SNIFF_BYTES]
            digest.update(chunk)
    return digest.hexdigest(), head


def _pair_twins(jobs: list[Job]) -> None:
    """The same bytes under two names are one input: process the first, answer both."""
    first: dict[str, Job] = {}
    for job in jobs:
        if job.active and job.sha256:
            if job.sha256 in first:
                job.twin_of = first[job.sha256]
            else:
                first[job.sha256] = job


# ---------------------------------------------------------------- pool steps


def _pool_error(exc: BaseException, what: str) -> DigitizeError:
    if isinstance(exc, DigitizeError):
        return exc
    if isinstance(exc, WorkerCrashed):
        return DigitizeError(
            errors.UNREADABLE_INPUT, f"Reading {what} crashed the decoder; the file is probably damaged."
        )
    if isinstance(exc, TaskTimedOut):  # a file built to stall its reader, or badly damaged
        return DigitizeError(
            errors.UNREADABLE_INPUT, f"Reading {what} did not finish in time ({exc}; DIGITIZE_TASK_TIMEOUT)."
        )
    if isinstance(exc, MemoryError):
        return DigitizeError(
            errors.TOO_LARGE,
            f"{what.capitalize()} needs more memory than a worker may use (DIGITIZE_WORKER_MEMORY_MB).",
        )
    log.error("unexpected error reading %s", what, exc_info=exc)  # our bug: the trace is for us
    return DigitizeError(errors.INTERNAL_ERROR, f"Unexpected error reading {what} ({type(exc).__name__}).")


def survey(ctx: Context, jobs: list[Job]) -> None:
    tasks = [
        (n, _clocked, (survey_input, job.read_path or job.file, job.format, job.work_dir, ctx.limits))
        for n, job in enumerate(jobs)
        if job.active
    ]
    for n, done, exc in ctx.pool.run(tasks):
        if exc is not None:
            jobs[n].error = _pool_error(exc, "the file")
        else:
            seconds, jobs[n].survey = done
            jobs[n].clock("survey", seconds)


def read_pages(
    ctx: Context, jobs: list[Job], progress: Progress | None = None, only: Collection[int] | None = None
) -> None:
    """Each page's text (OCR in the pool, or the PDF's own text layer); `only`: these page
    indexes (0-based) and no others (a page-range queue job)."""
    progress = progress or _NoProgress()
    tasks = _page_tasks(ctx, jobs, only)
    progress.begin(len(tasks))
    for (n, index), done, exc in ctx.pool.run(tasks):
        progress.advance()
        job = jobs[n]
        if exc is not None:
            job.error = job.error or _pool_error(exc, f"page {index + 1}")
        else:
            job.page_seconds[index], job.results[index] = done


def _page_tasks(ctx: Context, jobs: list[Job], only: Collection[int] | None = None) -> list:
    """The pool tasks reading the active inputs' pages, keyed (input, page index); a page
    with its own text layer is taken as it is, here."""
    tasks = []
    for n, job in enumerate(jobs):
        if not job.active:
            continue
        for source in job.survey.pages:
            if only is not None and source.index not in only:
                continue
            if source.kind == KIND_PDF_TEXT:
                job.results[source.index] = PageResult(page=source.text, text_layer_pdf=None)
            else:
                tasks.append(((n, source.index), _clocked, (ocr_page, source, ctx.tesseract)))
    return tasks


# ---------------------------------------------------------------- documents


def _find_documents(
    ctx: Context,
    job: Job,
    dossier_id: str | None,
    doc_type: str | None = None,
    on_page_results: PageResultsHook | None = None,
) -> None:
    results = [job.results[source.index] for source in job.survey.pages]
    if on_page_results is not None:
        on_page_results(job.sha256, results)
    job.documents = documents_of(
        results, ctx.catalogue, given_dossier_id=dossier_id, given_doc_type=doc_type, model=ctx.type_model
    )
