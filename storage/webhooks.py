"""Webhooks and their outbox: receivers registered, listed, deleted; due deliveries claimed and
their outcome written. The secret is read here only to sign (workers.deliver): what this module
shows anyone else (`Webhook.as_dict`) never holds it.

Several processes deliver at once (every `digitize worker`, `digitize serve`): a delivery is
claimed by moving its `next_attempt_at` a lease ahead, on the condition that it still holds the
value just read, so exactly one of them wins it. A process that dies mid-delivery leaves the
lease to lapse and another takes the delivery again (at least once; receivers dedupe on the id).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update

from storage.db import utcnow
from storage.index import Index
from storage.models import AuditRow, DeliveryRow, WebhookRow

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def _iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()  # SQLite hands back naive UTC


@dataclass(frozen=True)
class Webhook:
    id: str
    url: str
    events: tuple[str, ...]
    created_at: str

    def as_dict(self) -> dict:
        return {"id": self.id, "url": self.url, "events": list(self.events), "created_at": self.created_at}


def _webhook(row: WebhookRow) -> Webhook:
    return Webhook(row.id, row.url, tuple(row.events), _iso(row.created_at))


def create_webhook(index: Index, url: str, secret: str, events: list[str], actor: str) -> Webhook:
    """Register a receiver; audit-logged (without the secret) in the same transaction."""
    row = WebhookRow(
        id=str(uuid.uuid4()), url=url, secret=secret, events=list(events), created_by=actor, created_at=utcnow()
    )
    with index.begin() as s:
        s.add(row)
        _audit(s, actor, "webhook.create", {"webhook_id": row.id, "url": url, "events": list(events)})
    return _webhook(row)


def list_webhooks(index: Index) -> list[Webhook]:
    with index.session() as s:
        return [_webhook(row) for row in s.scalars(select(WebhookRow).order_by(WebhookRow.created_at, WebhookRow.id))]


def delete_webhook(index: Index, webhook_id: str, actor: str) -> Webhook | None:
    """Delete it and its deliveries not yet made (nobody is there to take them), audit-logged;
    None if there is no such webhook."""
    with index.begin() as s:
        row = s.get(WebhookRow, webhook_id)
        if row is None:
            return None
        gone = _webhook(row)
        s.execute(delete(DeliveryRow).where(DeliveryRow.webhook_id == webhook_id, DeliveryRow.state == PENDING))
        s.delete(row)
        _audit(s, actor, "webhook.delete", {"webhook_id": gone.id, "url": gone.url})
    return gone


def _audit(s, actor: str, action: str, changes: dict) -> None:
    s.add(AuditRow(document_id=None, at=utcnow(), actor=actor, action=action, changes=changes))


# ---------------------------------------------------------------- the outbox


@dataclass(frozen=True)
class Due:
    """A delivery claimed by this process: where to, what to sign, the exact bytes to send."""

    id: str
    url: str
    secret: str
    body: bytes
    attempts: int  # attempts made before this one


def body_of(payload: dict) -> bytes:
    """The bytes sent and signed (the same on every attempt of a delivery)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def claim_due(index: Index, lease_s: float, limit: int = 20) -> list[Due]:
    """Pending deliveries whose time has come, each won by this process for `lease_s` seconds."""
    now = utcnow()
    with index.session() as s:
        candidates = s.execute(
            select(DeliveryRow.id, DeliveryRow.next_attempt_at)
            .where(DeliveryRow.state == PENDING, DeliveryRow.next_attempt_at <= now)
            .order_by(DeliveryRow.next_attempt_at)
            .limit(limit)
        ).all()
    claimed = []
    for delivery_id, seen in candidates:
        with index.begin() as s:
            won = s.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == delivery_id, DeliveryRow.state == PENDING, DeliveryRow.next_attempt_at == seen)
                .values(next_attempt_at=now + timedelta(seconds=lease_s))
            ).rowcount
            if won != 1:
                continue  # another process claimed it between our read and our update
            row = s.get(DeliveryRow, delivery_id)
            hook = s.get(WebhookRow, row.webhook_id)
            if hook is None:  # its webhook was deleted meanwhile
                s.delete(row)
                continue
            claimed.append(Due(row.id, hook.url, hook.secret, body_of(row.payload), row.attempts))
    return claimed


def mark_delivered(index: Index, delivery_id: str) -> None:
    with index.begin() as s:
        s.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id)
            .values(state=DELIVERED, attempts=DeliveryRow.attempts + 1, delivered_at=utcnow(), last_error=None)
        )


def mark_attempt_failed(index: Index, delivery_id: str, error: str, retry_in_s: float | None) -> None:
    """One more failed attempt: retried in `retry_in_s` seconds, or given up (`failed`) with None."""
    values = {"attempts": DeliveryRow.attempts + 1, "last_error": error[:500]}
    if retry_in_s is None:
        values["state"] = FAILED
    else:
        values["next_attempt_at"] = utcnow() + timedelta(seconds=retry_in_s)
    with index.begin() as s:
        s.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(**values))


@dataclass(frozen=True)
class OutboxState:
    counts: dict[str, int]  # by state
    retrying: int  # pending after at least one failed attempt
    last_error: str | None  # of the most recent delivery that failed or is being retried

    def as_dict(self) -> dict:
        return {"counts": self.counts, "retrying": self.retrying, "last_error": self.last_error}


def outbox_state(index: Index) -> OutboxState:
    with index.session() as s:
        counts = dict(s.execute(select(DeliveryRow.state, func.count()).group_by(DeliveryRow.state)).all())
        retrying = s.scalar(select(func.count()).where(DeliveryRow.state == PENDING, DeliveryRow.attempts > 0))
        last_error = s.scalar(
            select(DeliveryRow.last_error)
            .where(DeliveryRow.last_error.is_not(None), DeliveryRow.state != DELIVERED)
            .order_by(DeliveryRow.created_at.desc())
            .limit(1)
        )
    return OutboxState({state: counts.get(state, 0) for state in (PENDING, DELIVERED, FAILED)}, retrying, last_error)
