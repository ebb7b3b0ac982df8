"""`submit`: keep each input's bytes in the archive's originals/, then enqueue a job that names it.

The original is stored before the job exists, so a job acknowledged (its id printed) can be
run by any worker on any machine, and is never lost: Redis holds the job (with persistence on),
the archive its bytes. The same bytes submitted again while their job waits or runs get that
job's id back; submitted after it finished, they are answered from the index (same records).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job as RqJob
from rq.job import JobStatus

from digitize.context import Context
from digitize.pipeline import Job, finish, receive_file, records_of
from storage import jobs as job_states
from workers import jobs
from workers.queues import COUNTER, QUEUES, JobSettings
from workers.transient import is_transient, retrying

# Redis states of a job that has not finished (a re-submit finds it; a campaign waits on it).
WAITING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


@dataclass
class Submitted:
    file: str
    job_id: str | None  # None: refused before it could be queued (see `record`)
    queue: str
    sha256: str | None = None
    record: dict | None = None  # the failed record of a file that could not even be received
    already: bool = False  # the same bytes were already waiting or running under this job id

    def as_dict(self) -> dict:
        out = {"file": self.file, "job_id": self.job_id, "queue": self.queue, "sha256": self.sha256}
        if self.already:
            out["already_queued"] = True
        if self.record is not None:
            out["error"] = self.record["error"]
            out["record"] = self.record
        return out


def input_job_id(sha256: str, dossier_id: str | None, doc_type: str | None = None) -> str:
    """The same bytes for the same dossier (and given type) are one job (a re-submit finds it);
    without a type the id is what it always was, so jobs queued before types were carried are found."""
    given = dossier_id or ""
    if doc_type:
        given += "\x1f" + doc_type  # a separator no dossier code holds
    suffix = hashlib.sha256(given.encode()).hexdigest()[:8] if given else "0"
    return f"in-{sha256[:32]}-{suffix}"


def submit_files(
    ctx: Context,
    conn: Redis,
    paths: list[str],
    *,
    dossier_id: str | None = None,
    doc_type: str | None = None,
    queue: str = COUNTER,
    labels: list[str] | None = None,
    submitted_by: str | None = None,
) -> list[Submitted]:
    """Keep and enqueue each of `paths`. `labels`: the names the records and jobs show instead
    of the paths (an upload's temporary file is no name to show); `submitted_by`: who sent them;
    `doc_type`: a catalogue code every document found is recorded as (a campaign manifest's)."""
    if queue not in QUEUES:
        raise ValueError(f"the queue is {' or '.join(QUEUES)}, not {queue!r}")
    if labels is not None and len(labels) != len(paths):
        raise ValueError("one label per path")
    settings = JobSettings.from_env()
    out = []
    for n, path in enumerate(paths):
        job = Job(path=str(path), reraise=is_transient)
        retrying(lambda job=job: receive_file(ctx, job), settings.backoff_s, f"keeping {path}")
        if labels is not None:
            job.source, job.source_bytes = labels[n], None
        if job.error is not None:  # not found, empty, too large: its failed record now, no job
            finish(ctx, [job], dossier_id, doc_type=doc_type)
            out.append(Submitted(job.source or str(path), None, queue, job.sha256, records_of([job])[0]))
            continue
        job_id, already = retrying(
            lambda job=job: _enqueue(ctx, conn, job, dossier_id, doc_type, queue, settings, submitted_by),
            settings.backoff_s,
            "enqueueing",
        )
        out.append(Submitted(job.source, job_id, queue, job.sha256, already=already))
    return out


def _enqueue(
    ctx: Context,
    conn: Redis,
    job: Job,
    dossier_id: str | None,
    doc_type: str | None,
    queue: str,
    settings: JobSettings,
    submitted_by: str | None,
) -> tuple[str, bool]:
    job_id = input_job_id(job.sha256, dossier_id, doc_type)
    try:
        existing = RqJob.fetch(job_id, connection=conn)
        if existing.get_status(refresh=False) in WAITING:
            if job_states.get(ctx.index, job_id) is None:  # queued before job states were kept
                _record_queued(ctx, job, job_id, dossier_id, queue, submitted_by)
            return job_id, True  # its row stays as it is (it may be processing)
    except NoSuchJobError:
        pass
    # The row first: a worker taking the job at once then moves it on, never the other way round.
    _record_queued(ctx, job, job_id, dossier_id, queue, submitted_by)
    Queue(queue, connection=conn).enqueue(
        jobs.process_input,
        kwargs={
            "sha256": job.sha256,
            "source": job.source,
            "dossier_id": dossier_id,
            "queue": queue,
            # only when given: an untyped job is what it always was (a worker not yet upgraded runs it)
            **({"doc_type": doc_type} if doc_type else {}),
        },
        job_id=job_id,
        job_timeout=settings.timeout_s,
        result_ttl=settings.result_ttl_s,
        failure_ttl=settings.result_ttl_s,
        retry=Retry(max=settings.retries) if settings.retries else None,
        on_failure=jobs.ON_FAILURE,  # a job stopped past its retries is marked failed in the index
        description=Path(job.source).name,
    )
    return job_id, False


def _record_queued(ctx: Context, job: Job, job_id: str, dossier_id, queue: str, submitted_by) -> None:
    job_states.queued(
        ctx.index,
        job_id,
        queue=queue,
        file=job.source,
        sha256=job.sha256,
        dossier_id=dossier_id,
        submitted_by=submitted_by,
    )
