"""The worker (`digitize worker`) and the queues' state (`digitize jobs`, `jobs retry`).

A worker is one core: each job runs in a process forked for it (RQ's work-horse), one page at
a time, bounded by the job timeout. Run one worker per core (deploy/digitize-worker@.service).

A worker killed mid-job (SIGKILL, a machine lost) stops sending its job's heartbeat; once the
heartbeat has lapsed (DIGITIZE_JOB_HEARTBEAT + DIGITIZE_JOB_LOST_AFTER seconds), the next
registry clean-up of any worker (every DIGITIZE_JOB_CLEANUP seconds) puts the job back on its
queue, while it has retries left. With the defaults a lost job is taken again within a minute.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, Worker
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job as RqJob
from rq.registry import DeferredJobRegistry, FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from workers.queues import QUEUES, JobSettings

log = logging.getLogger("digitize.workers")


class DigitizeWorker(Worker):
    """RQ's forking worker with a short, configurable heartbeat lapse (RQ adds a fixed 60 s)."""

    lost_after_s = JobSettings.lost_after_s

    def get_heartbeat_ttl(self, job: RqJob) -> int:
        interval = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            interval = min(job.timeout - self.current_job_working_time, interval)
        return int(max(interval, 1)) + self.lost_after_s

    def clean_registries(self):
        super().clean_registries()
        for queue in self.queues:
            requeue_orphans(queue)

    def subscribe(self):
        # RQ's command listener waits up to 60 s per read, and closing it at the end of a burst
        # could wait that long for the read to end: a short wait lets a worker stop at once.
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
        )


def requeue_orphans(queue: Queue) -> list[str]:
    """Jobs RQ holds as queued that are in no list and no registry: with several queues a
    worker takes a job off its list (BLPOP) and marks it started in a second write, and a
    Redis that dies in between (killed, with its append-only file) comes back with the job
    in neither place, waiting for nobody. Such a job seen at two clean-ups in a row (a worker
    that has just taken one marks it started within milliseconds) goes back to the front of its
    queue; the pipeline is idempotent, so a job run twice archives its input once."""
    conn = queue.connection
    held = set(queue.get_job_ids())
    for registry in (queue.started_job_registry, queue.deferred_job_registry, queue.scheduled_job_registry):
        held.update(entry.split(":", 1)[0] for entry in registry.get_job_ids(cleanup=False))
    keys = [key for key in conn.scan_iter(match="rq:job:*", count=1000) if key.count(b":") == 2]
    with conn.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.hmget(key, "status", "origin")
        states = pipe.execute()
    requeued = []
    for key, (status, origin) in zip(keys, states):
        job_id = key.decode()[len("rq:job:") :]
        if status != b"queued" or origin != queue.name.encode() or job_id in held:
            continue
        seen = f"digitize:orphan-seen:{job_id}"
        if conn.set(seen, 1, nx=True, ex=600):
            continue  # first sighting: perhaps a worker is just taking it
        if conn.delete(seen):  # one worker of several requeues it
            queue.push_job_id(job_id, at_front=True)
            log.warning("job %s was queued in no list (Redis went away while it was handed over); requeued", job_id)
            requeued.append(job_id)
    return requeued


def run_worker(conn: Redis, queues: list[str], *, burst: bool = False) -> bool:
    """Serve `queues` (counter first) until stopped, or until they are empty with `burst`."""
    # One core: Tesseract, OpenMP and the BLAS single-threaded, as in the page pool (set before
    # the pipeline's modules load numpy).
    for name in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from workers import jobs

    try:
        import cv2

        cv2.setNumThreads(1)
    except ImportError:
        pass
    settings = JobSettings.from_env()
    jobs.warm_up()  # archive, index (migrated once), models and imports, loaded once before any fork
    pause = 1.0
    while True:
        worker = DigitizeWorker(
            [Queue(name, connection=conn) for name in queues],
            connection=conn,
            job_monitoring_interval=settings.heartbeat_s,
            maintenance_interval=settings.maintenance_s,
            # An idle worker waits for a job this long less 15 s, then runs its clean-up: so
            # a lost job is noticed even when no new job arrives.
            worker_ttl=settings.maintenance_s + 15,
        )
        worker.lost_after_s = settings.lost_after_s
        try:
            worked = worker.work(burst=burst, logging_level="WARNING")
            if burst or worker._shutdown_requested_date is not None:
                return worked
            # RQ quits its loop on any other error, such as Redis going away while it watched a
            # job's process: a worker that was not told to stop starts again, as below.
            log.warning("The worker stopped on an error (logged above); it starts again in %.0f s", pause)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            # Redis went away while a job was being handed over (RQ rides out an idle wait
            # itself): start again once it answers. A job caught in between is in its started
            # registry and is taken again by the clean-up, like a lost worker's.
            log.warning("Redis is unavailable (%s); the worker starts again in %.0f s", exc, pause)
        time.sleep(pause)
        pause = min(pause * 2, 30.0)


# ------------------------------------------------------------------ state


@dataclass
class QueueState:
    queue: str
    queued: int
    running: list[dict] = field(default_factory=list)
    waiting: int = 0  # page-range fan-in jobs waiting for their pages; retries scheduled
    failed: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "queue": self.queue,
            "queued": self.queued,
            "running": len(self.running),
            "waiting": self.waiting,
            "failed": len(self.failed),
            "running_jobs": self.running,
            "failed_jobs": self.failed,
        }


def _describe(job: RqJob) -> dict:
    return {"id": job.id, "file": job.description, "attempts": job.meta.get("attempts", 0)}


def error_of(job: RqJob) -> dict:
    """A failed job's error: the input's record code, or what stopped the job."""
    if job.meta.get("error"):
        return dict(job.meta["error"])
    text = job.exc_info or ""
    last = text.strip().splitlines()[-1] if text.strip() else ""
    if "JobTimeoutException" in text:
        return {"code": "job_timeout", "message": f"The job ran past its time limit ({job.timeout} s)."}
    if "AbandonedJobError" in text or "Moved to FailedJobRegistry" in text or "terminated unexpectedly" in text:
        return {"code": "worker_lost", "message": "The worker running it was lost, and the job has no retries left."}
    return {"code": "internal_error", "message": last or "The job failed."}


def queue_state(conn: Redis) -> list[QueueState]:
    states = []
    for name in QUEUES:
        queue = Queue(name, connection=conn)
        state = QueueState(queue=name, queued=queue.count)
        started = StartedJobRegistry(queue=queue)
        for job_id in started.get_job_ids():
            job = RqJob.fetch(job_id.split(":")[0], connection=conn) if _exists(conn, job_id) else None
            if job is not None:
                state.running.append(_describe(job))
        state.waiting = DeferredJobRegistry(queue=queue).count + ScheduledJobRegistry(queue=queue).count
        for job_id in FailedJobRegistry(queue=queue).get_job_ids():
            try:
                job = RqJob.fetch(job_id, connection=conn)
            except NoSuchJobError:
                continue
            state.failed.append({**_describe(job), "error": error_of(job)})
        states.append(state)
    return states


def _exists(conn: Redis, job_id: str) -> bool:
    return bool(conn.exists(RqJob.key_for(job_id.split(":")[0])))


def retry_failed(conn: Redis, job_ids: list[str] | None = None, index=None) -> tuple[list[str], list[str]]:
    """Put failed jobs back on their queues (all of them without ids); (retried, not found).
    With the `index`, each retried input's state goes back to `queued` (GET /jobs, `jobs`)."""
    retried, missing = [], []
    wanted = set(job_ids or [])
    for name in QUEUES:
        registry = FailedJobRegistry(queue=Queue(name, connection=conn))
        for job_id in registry.get_job_ids():
            if job_ids and job_id not in wanted:
                continue
            try:
                job = RqJob.fetch(job_id, connection=conn)
                job.meta.pop("error", None)
                job.save_meta()
                registry.requeue(job_id)
                retried.append(job_id)
            except (NoSuchJobError, InvalidJobOperation):
                missing.append(job_id)
    missing += sorted(wanted - set(retried) - set(missing))
    if index is not None:
        _requeued_states(index, retried)
    return retried, missing


def _requeued_states(index, retried: list[str]) -> None:
    from storage import jobs as job_states

    # A range job ("in-…_p3-4") or the fan-in ("in-…_finish") belongs to its input's job.
    for input_id in {job_id.split("_", 1)[0] for job_id in retried}:
        if job_states.get(index, input_id) is not None:
            job_states.save(index, input_id, job_states.QUEUED, document_ids=[], error=None)
