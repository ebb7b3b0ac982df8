"""Linking a document to a dossier after the fact: the record as filed under the dossier.

The linker decides; it touches no files. Moving the archived PDF to the dossier's key is a
storage operation the caller asks for (`digitize.review.link_document`).
"""

from __future__ import annotations

from digitize.record import REASON_NO_DOSSIER, STATUS_ARCHIVED
from digitize.understand.validators import DOSSIER_ID


class LinkError(ValueError):
    """The document cannot be linked; the message says why in plain words."""


def check_dossier_code(dossier_id: str) -> None:
    if not DOSSIER_ID.match(dossier_id):
        raise LinkError(f"{dossier_id!r} is not a dossier code (expected e.g. 000.00.12.H02-230818-0001).")


def linked_record(record: dict, dossier_id: str, *, pdf_url: str, at: str) -> dict:
    """`record` filed under `dossier_id`, its PDF at `pdf_url`: the reasons the link settles
    are dropped and the link's time is noted."""
    check_dossier_code(dossier_id)
    if record.get("status") != STATUS_ARCHIVED:
        raise LinkError("Only archived documents can be linked to a dossier.")
    reasons = [r for r in record["review_reasons"] if r not in (REASON_NO_DOSSIER, "dossier_id_conflict")]
    return dict(
        record,
        dossier_id=dossier_id,
        dossier_id_source="given",
        review_reasons=reasons,
        needs_review=bool(reasons),
        archive=dict(record["archive"], pdf=pdf_url),
        linked_at=at,
    )
