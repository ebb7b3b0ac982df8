"""`digitize batch --queue`: a backlog campaign's inputs submitted to a queue, then (unless told
not to wait) their jobs' outcomes read back from the index as the workers finish them.

The campaign itself (manifest, tree, per-file state) is digitize/campaign.py's; this face only
adds what needs the queues: submitting, and naming each input's job (`input_job_id`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from redis import Redis
from rq.exceptions import NoSuchJobError
from rq.job import Job as RqJob

from digitize import campaign as campaigns
from digitize.context import Context
from storage import campaigns as store
from workers.submit import WAITING, input_job_id, submit_files

SUBMIT_CHUNK = 50  # inputs per submit call (one dossier id and type each): the queue fills as the walk goes
POLL_S = 1.0  # DIGITIZE_BATCH_POLL: how often a waiting run reads its jobs' states (tests set it short)
REQUEUE_S = 30.0  # how often a waiting run looks for jobs Redis no longer has (flushed, restored)


@dataclass
class Enqueued:
    summary: campaigns.Summary  # what earlier runs settled, and jobs found finished since
    settled: list[campaigns.Outcome] = field(default_factory=list)  # this run's outcomes so far
    waiting: list[campaigns.InputFile] = field(default_factory=list)  # queued now, submitted or already
    submitted: int = 0  # of `waiting`, queued by this run


def settle(ctx: Context, campaign: campaigns.Campaign) -> list[campaigns.Outcome]:
    """Record the queued inputs whose jobs have finished (a local run does this first too)."""
    return campaigns.settle_queued(ctx, campaign, input_job_id)[0]


def enqueue(
    ctx: Context,
    conn: Redis,
    campaign: campaigns.Campaign,
    *,
    queue: str,
    retry_failed: bool = False,
    submitted_by: str | None = None,
) -> Enqueued:
    """Submit each input not yet done to `queue`; an input queued by an earlier run is submitted
    again only when its job is no longer waiting in Redis (lost with a flushed Redis)."""
    summary, todo = campaigns.split(ctx, campaign, retry_failed, take_queued=True)
    run = Enqueued(summary, settled=settle(ctx, campaign))
    done = {outcome.file.path for outcome in run.settled}
    known = store.file_states(ctx.index, campaign.id)
    submit = []
    for item in todo:
        if item.path in done:
            continue
        if _still_waiting(conn, known.get(item.path)):
            run.waiting.append(item)
        else:
            submit.append(item)
    for chunk in campaigns.chunks(submit, SUBMIT_CHUNK):
        _submit(ctx, conn, campaign, chunk, queue, submitted_by, run)
    for outcome in run.settled:
        summary.add(outcome)
    return run


def _still_waiting(conn: Redis, known: store.FileState | None) -> bool:
    if known is None or known.state != store.QUEUED or not known.sha256:
        return False
    try:
        job = RqJob.fetch(input_job_id(known.sha256, known.dossier_id, known.doc_type), connection=conn)
    except NoSuchJobError:
        return False
    return job.get_status(refresh=False) in WAITING


def _submit(ctx, conn, campaign, chunk, queue: str, submitted_by, run: Enqueued) -> None:
    paths = [str(campaign.root / item.path) for item in chunk]
    submitted = submit_files(
        ctx,
        conn,
        paths,
        dossier_id=chunk[0].dossier_id,
        doc_type=chunk[0].doc_type,
        queue=queue,
        submitted_by=submitted_by,
    )
    for item, sent in zip(chunk, submitted, strict=True):
        if sent.job_id is None:  # missing, empty, too large: failed before any job
            run.settled.append(campaigns.settle_refused(ctx, campaign, item, sent.sha256, sent.record))
        else:
            campaigns.mark_queued(ctx, campaign, item, sent.sha256)
            run.waiting.append(item)
            run.submitted += 1


def wait(
    ctx: Context,
    conn: Redis,
    campaign: campaigns.Campaign,
    summary: campaigns.Summary,
    *,
    queue: str,
    submitted_by: str | None = None,
    on_outcomes: Callable[[list[campaigns.Outcome]], None] = lambda outcomes: None,
    poll_s: float | None = None,
    requeue_s: float = REQUEUE_S,
) -> campaigns.Summary:
    """Poll the jobs' states until every queued input is archived or failed, recording each as
    it settles; a job Redis lost meanwhile is queued again (else this would wait for ever).
    KeyboardInterrupt stops the waiting only: the jobs go on in the workers."""
    poll_s = poll_interval() if poll_s is None else poll_s
    checked = time.monotonic()
    while True:
        settled, waiting = campaigns.settle_queued(ctx, campaign, input_job_id)
        if waiting and time.monotonic() - checked >= requeue_s:
            settled += _requeue_lost(ctx, conn, campaign, waiting, queue, submitted_by)
            checked = time.monotonic()
        for outcome in settled:
            summary.add(outcome)
        if settled:
            on_outcomes(settled)
        if not waiting:
            break
        time.sleep(poll_s)
    store.finish_campaign(ctx.index, campaign.id)
    return summary


def poll_interval() -> float:
    """DIGITIZE_BATCH_POLL seconds, else POLL_S (a value that is not a positive number is
    ignored with a warning: it only sets how soon a finished job is noticed)."""
    raw = os.environ.get("DIGITIZE_BATCH_POLL", "").strip()
    try:
        value = float(raw) if raw else POLL_S
    except ValueError:
        value = -1.0
    if 0 < value < float("inf"):
        return value
    logging.getLogger("digitize").warning(
        "DIGITIZE_BATCH_POLL=%r is not a positive number: polling every %g s", raw, POLL_S
    )
    return POLL_S


def _requeue_lost(ctx, conn, campaign, waiting, queue: str, submitted_by) -> list[campaigns.Outcome]:
    """Submit again the waiting inputs whose jobs Redis no longer has (a finished job's state is
    read again first: it may have finished since the poll). Returns those refused now."""
    settled, waiting = campaigns.settle_queued(ctx, campaign, input_job_id)
    known = store.file_states(ctx.index, campaign.id)
    lost = [item for item in waiting if not _still_waiting(conn, known.get(item.path))]
    run = Enqueued(campaigns.Summary(), settled=settled)
    for chunk in campaigns.chunks(lost, SUBMIT_CHUNK):
        _submit(ctx, conn, campaign, chunk, queue, submitted_by, run)
    return run.settled
