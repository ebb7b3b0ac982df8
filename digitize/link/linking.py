"""Linking a document to a dossier after the fact: the record as filed under the dossier.

The linker decides; it touches no files. Moving the archived PDF to the dossier's key is a
storage operation the caller asks for (`digitize.review.link_document`).
"""

from __future__ import annotations

from digitize.record import REASON_NO_DOSSIER, STATUS_ARCHIVED
from digitize.understand import validators
from digitize.understand.validators import Problem


class LinkError(ValueError):
    """The document cannot be linked; the message says why in plain words, ``code`` (a
    ``validators.Problem``, when the dossier code is at fault) for programs."""

    def __init__(self, message: str, code: Problem | None = None) -> None:
        super().__init__(message)
        self.code = code


def check_dossier_code(dossier_id: str) -> None:
    """The one dossier-code rule (``validators.dossier_id``: shape, receipt date, sequence)."""
    check = validators.dossier_id(dossier_id)
    if not check.ok:
        raise LinkError(validators.not_a_dossier_id(dossier_id, check) + ".", check.code)


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
