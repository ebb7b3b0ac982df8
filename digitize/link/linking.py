"""Linking a document to a dossier after the fact: it moves from `unlinked/` (or another
dossier) to `dossiers/<id>/<id>.<nn>.pdf`, with a new sequence number from the index.

Copy first, record second, delete last: a crash in between leaves a duplicate file, never a
missing one.
"""

from __future__ import annotations

import json

from digitize.record import REASON_NO_DOSSIER, STATUS_ARCHIVED, now_iso
from storage import layout


class LinkError(ValueError):
    """The document cannot be linked; the message says why in plain words."""


def link_document(ctx, doc_id: str, dossier_id: str, *, actor: str) -> dict:
    if not layout.DOSSIER_ID.match(dossier_id):
        raise LinkError(f"{dossier_id!r} is not a dossier code (expected e.g. 000.00.12.H02-230818-0001).")
    row = ctx.index.row(doc_id)
    if row is None:
        raise LinkError(f"No document with id {doc_id}.")
    if row.status != STATUS_ARCHIVED or not row.archive_key:
        raise LinkError("Only archived documents can be linked to a dossier.")
    record = row.record
    if record.get("dossier_id") == dossier_id:
        return record

    seq = ctx.index.allocate_sequence(dossier_id)
    old_key, new_key = row.archive_key, layout.dossier_pdf_key(dossier_id, seq)
    ctx.archive.put_bytes(new_key, ctx.archive.get_bytes(old_key), "application/pdf")
    reasons = [r for r in record["review_reasons"] if r not in (REASON_NO_DOSSIER, "dossier_id_conflict")]
    updated = dict(
        record,
        dossier_id=dossier_id,
        dossier_id_source="given",
        review_reasons=reasons,
        needs_review=bool(reasons),
        archive=dict(record["archive"], pdf=ctx.archive.url(new_key)),
        linked_at=now_iso(ctx.settings.timezone),
    )
    ctx.archive.put_bytes(layout.record_key(new_key), json.dumps(updated, ensure_ascii=False, indent=2).encode(), "application/json")
    ctx.index.save(
        updated,
        position=row.position,
        archive_key=new_key,
        dossier_seq=seq,
        audit=(actor, "link", {"dossier_id": [record.get("dossier_id"), dossier_id], "archive_key": [old_key, new_key]}),
    )
    ctx.archive.delete(old_key)
    ctx.archive.delete(layout.record_key(old_key))
    return updated
