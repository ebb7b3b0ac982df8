"""The queues: Redis from REDIS_URL, the `counter` and `backlog` queues, and the job settings.

`counter` holds new dossiers at the reception desk (a citizen may be waiting); `backlog` holds
legacy records. A worker listens to both, `counter` first: RQ takes from the first queue in
its list that has a job, so the desk is always served before the backlog.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError

COUNTER, BACKLOG = "counter", "backlog"
QUEUES = (COUNTER, BACKLOG)  # in the order a worker serves them


class QueueUnavailable(Exception):
    """REDIS_URL is not set, or Redis does not answer (the commands exit with status 2)."""


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:@/]*):[^@/]*@", r"://\1:***@", url)


def connect(url: str | None) -> Redis:
    if not url:
        raise QueueUnavailable(
            "REDIS_URL is not set: the queues need a Redis server (e.g. REDIS_URL=redis://localhost:6379/0). "
            "`digitize process` works without one."
        )
    try:
        conn = Redis.from_url(url, socket_connect_timeout=5, health_check_interval=15)
        conn.ping()
    except (RedisError, ValueError) as exc:
        raise QueueUnavailable(f"Redis at {safe_url(url)} does not answer ({exc}).") from None
    return conn


def parse_queues(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in QUEUES]
    if not names or unknown:
        raise ValueError(f"queues are {', '.join(QUEUES)}; not {', '.join(unknown) or repr(text)}")
    return sorted(set(names), key=QUEUES.index)  # counter first, whatever the order given


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


@dataclass(frozen=True)
class JobSettings:
    """How queue jobs are run (environment variables, see the README's table)."""

    timeout_s: int = 1800  # DIGITIZE_JOB_TIMEOUT: a job past it is stopped and fails (not the worker)
    retries: int = 3  # DIGITIZE_JOB_RETRIES: re-runs of a job whose worker was lost or that kept failing
    pages_per_job: int = 10  # DIGITIZE_PAGES_PER_JOB: longer inputs are read as page-range jobs
    heartbeat_s: int = 10  # DIGITIZE_JOB_HEARTBEAT: how often a running job says it is alive
    lost_after_s: int = 30  # DIGITIZE_JOB_LOST_AFTER: silence after which a running job counts as lost
    maintenance_s: int = 20  # DIGITIZE_JOB_CLEANUP: how often a worker looks for lost jobs
    backoff_s: int = 120  # DIGITIZE_RETRY_BACKOFF: how long a job retries a transient fault in place
    result_ttl_s: int = 7 * 24 * 3600  # how long a finished job's outcome is kept in Redis

    @classmethod
    def from_env(cls) -> JobSettings:
        return cls(
            timeout_s=_env_int("DIGITIZE_JOB_TIMEOUT", cls.timeout_s, 1),
            retries=_env_int("DIGITIZE_JOB_RETRIES", cls.retries, 0),
            pages_per_job=_env_int("DIGITIZE_PAGES_PER_JOB", cls.pages_per_job, 1),
            heartbeat_s=_env_int("DIGITIZE_JOB_HEARTBEAT", cls.heartbeat_s, 1),
            lost_after_s=_env_int("DIGITIZE_JOB_LOST_AFTER", cls.lost_after_s, 1),
            maintenance_s=_env_int("DIGITIZE_JOB_CLEANUP", cls.maintenance_s, 1),
            backoff_s=_env_int("DIGITIZE_RETRY_BACKOFF", cls.backoff_s, 0),
        )
