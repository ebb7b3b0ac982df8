"""Transient faults (storage, database or Redis briefly down) and how a job rides them out.

A transient fault is retried in place with growing pauses, the whole step again from the start
(every step is idempotent: originals are keyed by their SHA-256, records by input and position);
past the budget the job fails and the queue re-runs it (its retries). A bad input is never
retried: the pipeline turns it into a failed record at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger("digitize.workers")

T = TypeVar("T")

# S3 error codes that mean "try again" (the server is busy or restarting).
_S3_RETRYABLE = {"SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeTooSkewed"}


def is_transient(exc: BaseException) -> bool:
    """True for a fault of a service we depend on that may pass: a refused or dropped connection,
    a timeout, a database that is restarting, an S3 server that answers 5xx."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if _transient_here(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _transient_here(exc: BaseException) -> bool:
    import redis.exceptions
    import sqlalchemy.exc
    import urllib3.exceptions
    from minio.error import S3Error, ServerError

    if isinstance(
        exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError | redis.exceptions.BusyLoadingError
    ):
        return True
    if isinstance(
        exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError | sqlalchemy.exc.DisconnectionError
    ):
        return True
    if isinstance(exc, urllib3.exceptions.HTTPError):  # MaxRetryError, NewConnectionError, ProtocolError…
        return True
    if isinstance(exc, ServerError):  # 5xx
        return True
    if isinstance(exc, S3Error) and exc.code in _S3_RETRYABLE:
        return True
    return isinstance(exc, ConnectionError | TimeoutError)


def backoff_delays(budget_s: float, first_s: float = 1.0, longest_s: float = 30.0):
    """1, 2, 4, … seconds (at most `longest_s` each) until `budget_s` is spent."""
    spent, delay = 0.0, first_s
    while spent + delay <= budget_s:
        yield delay
        spent += delay
        delay = min(delay * 2, longest_s)


def retrying(step: Callable[[], T], budget_s: float, what: str = "job") -> T:
    """Run `step`; on a transient fault, wait and run it again until `budget_s` is spent."""
    delays = backoff_delays(budget_s)
    while True:
        try:
            return step()
        except Exception as exc:
            if not is_transient(exc):
                raise
            delay = next(delays, None)
            if delay is None:
                raise
            log.warning("%s: %s (%s); trying again in %.0f s", what, type(exc).__name__, exc, delay)
            time.sleep(delay)
