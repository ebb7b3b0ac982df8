"""The queue jobs: the pipeline's own steps (digitize.pipeline), run by an RQ worker.

A job carries references, never bytes: the SHA-256 of an original that `submit` kept in the
archive's `originals/` (local or S3), and the name it was submitted under. Any worker, on any
machine sharing the archive and the index, fetches the original and runs the same steps as
`digitize process`:

- `process_input`: one input, start to finish. An input longer than DIGITIZE_PAGES_PER_JOB
  pages is instead fanned out: `read_range` jobs (one per page range, taken by any worker at
  once) and a `finish_input` job that depends on all of them and cuts, assembles and archives
  the documents once.
- A bad input ends with its failed record at once (never retried); a transient fault is
  retried in place with backoff (workers.transient), then by the queue.
- Re-running a job (a lost worker's job taken again, a re-submit of the same bytes) archives
  nothing twice: the index is looked up by the input's SHA-256 and earlier ids and dossier
  sequence numbers are kept.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile

from rq import Callback, Queue, Retry, get_current_job
from rq.job import Dependency
from rq.timeouts import JobTimeoutException

from digitize import errors
from digitize.config import load_settings
from digitize.context import Context
from digitize.errors import DigitizeError
from digitize.page_tasks import PAGE_RESULTS_FORMAT
from digitize.pipeline import Job, finish, open_kept, read_pages, records_of, survey
from ocr.pool import InlinePool
from storage import jobs as job_states
from storage import layout, open_archive
from storage.index import Index
from workers.queues import JobSettings
from workers.shared import SharedContext
from workers.transient import is_transient, retrying

log = logging.getLogger("digitize.workers")


class InputFailed(Exception):
    """The input could not be processed (its failed record is archived); never retried."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# ------------------------------------------------------------------ the worker's context

_state: dict = {"ctx": None, "pid": None}


def context() -> Context:
    """The archive, index and an in-process pool, opened once per worker process (the index
    migrated once) and handed over to each job's forked process; the type model and catalogue
    override are the archive's (workers.shared), never the worker's DIGITIZE_HOME's."""
    ctx = _state["ctx"]
    if ctx is None:
        settings = load_settings()
        settings.home.mkdir(parents=True, exist_ok=True)
        ctx = SharedContext(
            settings=settings,
            archive=open_archive(settings.storage_url, settings),
            index=Index(settings.database_url),
            pool=InlinePool(task_timeout_s=settings.task_timeout_s, memory_bytes=settings.worker_memory_bytes),
        )
        ctx.refresh()
        _state.update(ctx=ctx, pid=os.getpid())
    elif _state["pid"] != os.getpid():
        # A job's own process (forked by the worker): new connections, never the parent's; the
        # archive's current model and catalogue (a newer version is fetched once into the cache).
        ctx.index.engine.dispose(close=False)
        ctx.archive = open_archive(ctx.settings.storage_url, ctx.settings)
        ctx.refresh()
        _state["pid"] = os.getpid()
    return ctx


def warm_up() -> None:
    """Everything a job would otherwise load again in each forked process: the catalogue, the
    type model, Tesseract's languages and the modules of every step."""
    ctx = retrying(context, JobSettings.from_env().backoff_s, "opening the archive and the index")
    ctx.catalogue, ctx.type_model, ctx.tesseract, ctx.signing  # noqa: B018 — cached on the context
    import digitize.archive.assemble  # noqa: F401
    import digitize.documents  # noqa: F401
    import digitize.page_tasks  # noqa: F401


def _input_job(ctx: Context, sha256: str, source: str, work_dir: str, queue: str, job_id: str) -> Job:
    job = Job(path=source, source=source, sha256=sha256, work_dir=work_dir, reraise=is_transient)
    job.row_extra = {"queue": queue, "job_id": job_id}
    return job


def _started():
    """The running RQ job, its attempts counted in its meta (a test and `jobs` read them)."""
    rq_job = get_current_job()
    if rq_job is not None:
        rq_job.meta["attempts"] = rq_job.meta.get("attempts", 0) + 1
        rq_job.save_meta()
    return rq_job


def _outcome(ctx: Context, rq_job, job: Job, input_job_id: str) -> dict:
    records = records_of([job])
    failed = [r for r in records if r["status"] == "failed"]
    ids = [r["id"] for r in records]
    if failed:
        error = failed[0]["error"]
        _mark(ctx, input_job_id, job_states.FAILED, document_ids=ids, error=error)
        if rq_job is not None:
            rq_job.meta["error"] = error
            rq_job.meta["document_ids"] = [r["id"] for r in records]
            rq_job.save_meta()
            rq_job.retries_left = 0  # a bad input fails once: its record says why
        raise InputFailed(error["code"], error["message"])
    _mark(ctx, input_job_id, job_states.ARCHIVED, document_ids=ids)
    return {"status": "archived", "document_ids": ids}


def _mark(ctx: Context, input_job_id: str, status: str, **fields) -> None:
    """The input job's state in the index (`GET /jobs/{id}`); a job run outside RQ has no id."""
    if input_job_id:
        job_states.save(ctx.index, input_job_id, status, **fields)


def input_failed(rq_job, connection, exc_type, exc_value, traceback) -> None:
    """RQ's failure callback of an input's job (and of its `finish_input`): a job stopped by
    something other than its input (time limit, a fault past its retries) is marked failed
    once it has no retries left. A bad input was already marked, with its record's error."""
    if isinstance(exc_value, InputFailed) or rq_job.should_retry:
        return
    if isinstance(exc_value, JobTimeoutException):
        error = {"code": "job_timeout", "message": f"The job ran past its time limit ({rq_job.timeout} s)."}
    else:
        error = {"code": errors.INTERNAL_ERROR, "message": "The job failed unexpectedly; see `digitize jobs`."}
    input_job_id = rq_job.kwargs.get("input_job_id") or rq_job.id
    try:
        _mark(context(), input_job_id, job_states.FAILED, error=error)
    except Exception:  # the index may be what failed: RQ's own failed registry still says so
        log.exception("could not record job %s as failed", input_job_id)


ON_FAILURE = Callback(input_failed)


# ------------------------------------------------------------------ the jobs


def process_input(
    sha256: str, source: str, dossier_id: str | None = None, queue: str = "counter", doc_type: str | None = None
) -> dict:
    """One submitted input, start to finish (or fanned out into page-range jobs). `doc_type`: the
    type given for it (a campaign manifest's), recorded for every document found instead of a guess."""
    rq_job = _started()
    job_id = rq_job.id if rq_job else ""
    settings = JobSettings.from_env()

    def run() -> dict:
        ctx = context()  # inside the retries: the store may be down as the job starts
        _mark(ctx, job_id, job_states.PROCESSING, queue=queue, file=source, sha256=sha256, dossier_id=dossier_id)
        with tempfile.TemporaryDirectory(prefix="digitize-job-") as work:
            job = _input_job(ctx, sha256, source, work, queue, job_id)
            open_kept(ctx, job)
            if job.active:
                survey(ctx, [job])
            if job.active and rq_job is not None and len(job.survey.pages) > settings.pages_per_job:
                return _fan_out(rq_job, sha256, source, dossier_id, doc_type, queue, len(job.survey.pages), settings)
            read_pages(ctx, [job])
            finish(ctx, [job], dossier_id, doc_type=doc_type)
            return _outcome(ctx, rq_job, job, job_id)

    return retrying(run, settings.backoff_s, f"job {job_id}")


def _fan_out(rq_job, sha256, source, dossier_id, doc_type, queue, pages: int, settings: JobSettings) -> dict:
    n = settings.pages_per_job
    ranges = [(first, min(first + n, pages)) for first in range(0, pages, n)]  # 0-based, end excluded
    q = Queue(queue, connection=rq_job.connection)
    common = {
        "job_timeout": settings.timeout_s,
        "result_ttl": settings.result_ttl_s,
        "failure_ttl": settings.result_ttl_s,
    }
    page_jobs = [
        q.enqueue(
            read_range,
            kwargs={"sha256": sha256, "source": source, "first": first, "last": last},
            job_id=f"{rq_job.id}_p{first + 1}-{last}",
            retry=Retry(max=settings.retries) if settings.retries else None,
            description=f"{source} pages {first + 1}-{last}",
            **common,
        )
        for first, last in ranges
    ]
    finisher = q.enqueue(
        finish_input,
        kwargs={
            "sha256": sha256,
            "source": source,
            "dossier_id": dossier_id,
            "queue": queue,
            "ranges": ranges,
            "input_job_id": rq_job.id,
            **({"doc_type": doc_type} if doc_type else {}),  # as process_input was given it
        },
        job_id=f"{rq_job.id}_finish",
        depends_on=Dependency(jobs=page_jobs, allow_failure=True),
        retry=Retry(max=settings.retries) if settings.retries else None,
        on_failure=ON_FAILURE,
        description=f"{source}: documents of {pages} pages",
        **common,
    )
    return {"status": "split", "pages": pages, "page_jobs": [j.id for j in page_jobs], "finish_job": finisher.id}


def read_range(sha256: str, source: str, first: int, last: int) -> dict:
    """Pages first+1..last of an input (OCR or text layer), kept in the archive's work/ for the
    input's `finish_input` job. A page that cannot be read is kept as that range's error."""
    rq_job = _started()
    settings = JobSettings.from_env()

    def run() -> dict:
        ctx = context()
        with tempfile.TemporaryDirectory(prefix="digitize-job-") as work:
            job = _input_job(ctx, sha256, source, work, "", rq_job.id if rq_job else "")
            open_kept(ctx, job)
            if job.active:
                survey(ctx, [job])
            if job.active:
                read_pages(ctx, [job], only=range(first, last))
            payload = {
                "format": PAGE_RESULTS_FORMAT,
                "error": job.error.as_dict() if job.error else None,
                "results": job.results,
                "seconds": job.page_seconds,  # the fan-in records each document's OCR time
            }
            ctx.archive.put_bytes(layout.pages_key(sha256, first + 1, last), pickle.dumps(payload))
            return {"status": "read", "pages": [first + 1, last]}

    return retrying(run, settings.backoff_s, f"job {rq_job.id if rq_job else ''}")


def finish_input(
    sha256: str,
    source: str,
    dossier_id: str | None,
    queue: str,
    ranges: list,
    input_job_id: str,
    doc_type: str | None = None,
) -> dict:
    """All page ranges read: the documents cut, assembled and archived, once."""
    rq_job = _started()
    settings = JobSettings.from_env()
    keys = [layout.pages_key(sha256, first + 1, last) for first, last in ranges]

    def run() -> dict:
        ctx = context()
        with tempfile.TemporaryDirectory(prefix="digitize-job-") as work:
            job = _input_job(ctx, sha256, source, work, queue, input_job_id)
            open_kept(ctx, job)
            if job.active:
                survey(ctx, [job])
            for key, (first, last) in zip(keys, ranges):
                if not job.active:
                    break
                try:
                    payload = pickle.loads(ctx.archive.get_bytes(key))  # our own archive's work/ (trusted)
                except FileNotFoundError:
                    job.error = DigitizeError(
                        errors.OCR_FAILED,
                        f"Pages {first + 1}-{last} could not be read: their queue job failed (see `digitize jobs`).",
                    )
                    break
                if payload.get("format") != PAGE_RESULTS_FORMAT:
                    # read by a worker of another version (during an upgrade): read them again here
                    read_pages(ctx, [job], only=range(first, last))
                    continue
                if payload["error"]:
                    job.error = DigitizeError(payload["error"]["code"], payload["error"]["message"])
                    break
                job.results.update(payload["results"])
                job.page_seconds.update(payload.get("seconds", {}))
            finish(ctx, [job], dossier_id, doc_type=doc_type)
            for key in keys:
                ctx.archive.delete(key)
            return _outcome(ctx, rq_job, job, input_job_id)

    return retrying(run, settings.backoff_s, f"job {input_job_id}")
