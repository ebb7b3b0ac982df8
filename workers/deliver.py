"""Webhook deliveries: the outbox (storage.webhooks) POSTed to the receivers, retried with backoff.

`digitize serve` and `digitize worker` each run `start_delivery` (a thread); whichever runs
delivers, and several at once share the work (a delivery is claimed before it is sent). Each
delivery POSTs `{"delivery_id", "event", "record"}` with `X-Digitize-Delivery: <id>` and
`X-Digitize-Signature: sha256=<hex HMAC-SHA256(secret, body)>`; a 2xx answer delivers it,
anything else is tried again after 2, 4, 8 … seconds (capped), and given up (`failed`, shown by
`digitize jobs`) after `max_attempts`. Redirects are not followed: a receiver that moved must be
registered again. With DIGITIZE_WEBHOOKS=off nothing is ever sent.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from digitize.config import Settings
from storage.index import Index
from storage.webhooks import Due, claim_due, mark_attempt_failed, mark_delivered

log = logging.getLogger("digitize.webhooks")


@dataclass(frozen=True)
class Policy:
    backoff_s: float = 2.0  # the first retry's wait; doubled at each further attempt
    max_backoff_s: float = 3600.0
    max_attempts: int = 10
    timeout_s: float = 10.0
    poll_s: float = 2.0  # how often the loop looks for due deliveries

    @property
    def lease_s(self) -> float:
        # Longer than one attempt can take, so a delivery is never sent twice at the same time.
        return 3 * self.timeout_s + 5

    def retry_in(self, attempts: int) -> float | None:
        """Seconds until the next attempt after `attempts` failed ones; None: give up."""
        if attempts >= self.max_attempts:
            return None
        return min(self.backoff_s * 2 ** (attempts - 1), self.max_backoff_s)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def deliver_due(index: Index, settings: Settings, policy: Policy = Policy(), client: httpx.Client | None = None) -> int:
    """One pass over the due deliveries; returns how many were attempted (none when off)."""
    if not settings.webhooks:
        return 0
    own = client is None
    client = client or _client(policy)
    try:
        attempted = 0
        while due := claim_due(index, policy.lease_s):
            for delivery in due:
                _attempt(index, client, delivery, policy)
                attempted += 1
        return attempted
    finally:
        if own:
            client.close()


def _client(policy: Policy) -> httpx.Client:
    return httpx.Client(timeout=policy.timeout_s, follow_redirects=False, trust_env=False)


def _attempt(index: Index, client: httpx.Client, delivery: Due, policy: Policy) -> None:
    error = _post(client, delivery)
    if error is None:
        mark_delivered(index, delivery.id)
        return
    attempts = delivery.attempts + 1
    retry_in = policy.retry_in(attempts)
    mark_attempt_failed(index, delivery.id, error, retry_in)
    then = f"retried in {retry_in:g} s" if retry_in is not None else "given up"
    log.warning("webhook delivery %s, attempt %d: %s; %s", delivery.id, attempts, error, then)


def _post(client: httpx.Client, delivery: Due) -> str | None:
    """None when the receiver took it (2xx), else what went wrong in plain words (no URL: it
    may carry a token; no secret)."""
    headers = {
        "Content-Type": "application/json",
        "X-Digitize-Delivery": delivery.id,
        "X-Digitize-Signature": sign(delivery.secret, delivery.body),
        "User-Agent": "digitize-webhooks/1",
    }
    try:
        response = client.post(delivery.url, content=delivery.body, headers=headers)
    except httpx.TimeoutException:
        return f"the receiver did not answer within {client.timeout.read:g} s"
    except httpx.HTTPError as exc:
        return f"could not reach the receiver ({type(exc).__name__})"
    if 200 <= response.status_code < 300:
        return None
    if 300 <= response.status_code < 400:
        return f"the receiver answered {response.status_code} (a redirect, not followed: register its new URL)"
    return f"the receiver answered {response.status_code}"


def start_delivery(index: Index, settings: Settings, policy: Policy = Policy()) -> Callable[[], None] | None:
    """Deliver in a background thread until the returned function is called; None (nothing
    started) with DIGITIZE_WEBHOOKS=off."""
    if not settings.webhooks:
        return None
    stopping = threading.Event()

    def loop() -> None:
        with _client(policy) as client:
            while not stopping.is_set():
                try:
                    deliver_due(index, settings, policy, client)
                except Exception:  # the index briefly down: try again on the next round
                    log.exception("webhook deliveries could not be read; trying again in %g s", policy.poll_s)
                stopping.wait(policy.poll_s)

    thread = threading.Thread(target=loop, name="digitize-webhooks", daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        # A delivery cut short here is taken again once its lease lapses (daemon thread).
        thread.join(timeout=policy.timeout_s + 1)

    return stop
