"""The review queue: records that need a person, in the order staff work them (counter
dossiers ahead of backlog ones, then oldest first), with filters, counts per reason, and
claims so that two reviewers never get the same document at once.

A claim is a row (document, user, expiry); taking one is a single insert, or an update
guarded by the old expiry, so two reviewers racing for one document cannot both win.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import utcnow
from storage.index import Index
from storage.models import CampaignFileRow, ClaimRow, DocumentRow

CLAIM_MINUTES = 15


@dataclass(frozen=True)
class QueueFilters:
    campaign: str | None = None
    box: str | None = None
    doc_type: str | None = None
    reason: str | None = None  # a whole reason (`low_confidence:personal_id`) or its kind (`low_confidence`)
    dossier_id: str | None = None


@dataclass(frozen=True)
class QueueItem:
    id: str
    doc_type: str
    dossier_id: str | None
    queue: str | None
    source: str | None
    reasons: tuple[str, ...]
    created_at: datetime
    claimed_by: str | None


@dataclass(frozen=True)
class Claim:
    document_id: str
    user: str
    claimed_at: datetime
    expires_at: datetime


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=utcnow().tzinfo)


def _has_reason(reasons, wanted: str) -> bool:
    return any(r == wanted or r.split(":", 1)[0] == wanted for r in reasons)


def _campaign_ids(s, filters: QueueFilters) -> set[str] | None:
    if not filters.campaign and filters.box is None:
        return None
    query = select(CampaignFileRow.document_ids)
    if filters.campaign:
        query = query.where(CampaignFileRow.campaign_id == filters.campaign)
    if filters.box is not None:
        query = query.where(CampaignFileRow.box == filters.box)
    return {doc_id for ids in s.scalars(query) for doc_id in (ids or [])}


def pending(index: Index, filters: QueueFilters = QueueFilters(), now: datetime | None = None) -> list[QueueItem]:
    """Every record needing review that passes `filters`, in working order."""
    now = now or utcnow()
    counter_first = case((DocumentRow.queue == "counter", 0), else_=1)
    query = (
        select(DocumentRow, ClaimRow.user, ClaimRow.expires_at)
        .outerjoin(ClaimRow, ClaimRow.document_id == DocumentRow.id)
        .where(DocumentRow.needs_review.is_(True), DocumentRow.status == "archived")
        .order_by(counter_first, DocumentRow.created_at, DocumentRow.id)
    )
    if filters.doc_type:
        query = query.where(DocumentRow.doc_type == filters.doc_type)
    if filters.dossier_id:
        query = query.where(DocumentRow.dossier_id == filters.dossier_id)
    items = []
    with index.session() as s:
        allowed = _campaign_ids(s, filters)
        for row, user, expires in s.execute(query):
            reasons = tuple(row.record.get("review_reasons") or ())
            if allowed is not None and row.id not in allowed:
                continue
            if filters.reason and not _has_reason(reasons, filters.reason):
                continue
            claimed = user if expires is not None and _aware(expires) > now else None
            items.append(
                QueueItem(row.id, row.doc_type, row.dossier_id, row.queue, row.source, reasons, row.created_at, claimed)
            )
    return items


def reason_counts(items: list[QueueItem]) -> Counter:
    """How many queued documents carry each kind of reason (`low_confidence`, `no_dossier_id`…)."""
    return Counter(kind for item in items for kind in {r.split(":", 1)[0] for r in item.reasons})


def claim(index: Index, document_id: str, user: str, now: datetime | None = None) -> bool:
    """Take (or renew) `user`'s claim on the document; False when someone else holds it."""
    now = now or utcnow()
    expires = now + timedelta(minutes=CLAIM_MINUTES)
    with index.session() as s:
        held = s.get(ClaimRow, document_id)
        old = (held.user, held.expires_at) if held is not None else None
    if old is None:
        try:
            with index.begin() as s:
                s.add(ClaimRow(document_id=document_id, user=user, claimed_at=now, expires_at=expires))
            return True
        except IntegrityError:
            return False  # someone took it between our read and our insert
    old_user, old_expiry = old
    if old_user != user and _aware(old_expiry) > now:
        return False
    values = {"user": user, "expires_at": expires}
    if old_user != user:
        values["claimed_at"] = now
    with index.begin() as s:
        taken = s.execute(
            update(ClaimRow)
            .where(ClaimRow.document_id == document_id, ClaimRow.user == old_user, ClaimRow.expires_at == old_expiry)
            .values(**values)
        ).rowcount
    return taken == 1


def holder(index: Index, document_id: str, now: datetime | None = None) -> str | None:
    """Who holds a live claim on the document, if anyone."""
    now = now or utcnow()
    with index.session() as s:
        held = s.get(ClaimRow, document_id)
        return held.user if held is not None and _aware(held.expires_at) > now else None


def release(index: Index, document_id: str, user: str | None = None) -> None:
    """Drop the claim (only `user`'s, when given; any, for an admin)."""
    query = delete(ClaimRow).where(ClaimRow.document_id == document_id)
    if user is not None:
        query = query.where(ClaimRow.user == user)
    with index.begin() as s:
        s.execute(query)


def claims(index: Index, now: datetime | None = None) -> list[Claim]:
    """The live claims, oldest first (the admin page)."""
    now = now or utcnow()
    with index.session() as s:
        rows = s.scalars(select(ClaimRow).order_by(ClaimRow.claimed_at)).all()
        return [
            Claim(r.document_id, r.user, _aware(r.claimed_at), _aware(r.expires_at))
            for r in rows
            if _aware(r.expires_at) > now
        ]


def next_for(index: Index, user: str, filters: QueueFilters = QueueFilters(), after: str | None = None) -> str | None:
    """Claim and return the next document in the queue nobody else holds: the first one after
    `after` (the one just saved or passed over) in working order, going round to the start, so
    that passing over documents walks the queue instead of coming back to the same two; None
    when the queue is empty for this reviewer."""
    items = pending(index, filters)
    ids = [item.id for item in items]
    if after in ids:
        at = ids.index(after) + 1
        items = items[at:] + items[:at]
    for item in items:
        if item.id == after or (item.claimed_by and item.claimed_by != user):
            continue
        if claim(index, item.id, user):
            return item.id
    return None
