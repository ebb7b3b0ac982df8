"""The document record of record.md, built from plain data."""

from __future__ import annotations

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

from ulid import ULID

from digitize.errors import DigitizeError
from ocr.model import PageText

STATUS_ARCHIVED = "archived"
STATUS_FAILED = "failed"

REASON_TYPE_UNCERTAIN = "doc_type_uncertain"
REASON_NO_DOSSIER = "no_dossier_id"

# Webhook events (interfaces.md), written to the index's outbox with the change itself.
EVENT_ARCHIVED = "document.archived"
EVENT_CORRECTED = "document.corrected"


def new_id() -> str:
    return str(ULID())


def now_iso(tz: str) -> str:
    return datetime.now(ZoneInfo(tz)).isoformat(timespec="seconds")


def page_detail(
    number: int, page: PageText, *, blank: bool, rotation: int, skew: float, note: str | None = None
) -> dict:
    """One page of `page_details`: where its text came from (`ocr`, or `pdf` for a text layer
    that was kept), OCR confidence, what clean-up found (blank, turned, slanted: `rotation` and
    `skew` as the page model has them, ocr.model "Turns"), and a note on
    what was set right in the input (an invalid /Rotate)."""
    return {
        "page": number,
        "text_source": page.source,
        "words": len(page.words),
        "ocr_confidence": page.mean_confidence,
        "blank": blank,
        "rotation": rotation,
        "skew": round(skew, 2),
    } | ({"note": note} if note else {})


def document_record(
    *,
    doc_id: str,
    source: str,
    sha256: str,
    source_pages: tuple[int, int],
    pages: list[PageText],
    page_details: list[dict],
    doc_type: str,
    doc_type_confidence: float | None,
    dossier_id: str | None,
    dossier_id_source: str | None,
    fields: dict,
    review_reasons: list[str],
    archive: dict,
    created_at: str,
    source_bytes: bytes | None = None,
) -> dict:
    return {
        "id": doc_id,
        "source": source,
        **_source_bytes(source_bytes),
        "sha256": sha256,
        "pages": len(pages),
        "source_pages": [source_pages[0], source_pages[1]],
        "doc_type": doc_type,
        "doc_type_confidence": doc_type_confidence,
        "dossier_id": dossier_id,
        "dossier_id_source": dossier_id_source,
        "fields": fields,
        "text": "\f".join(page.text for page in pages),
        "needs_review": bool(review_reasons),
        "review_reasons": review_reasons,
        "archive": archive,
        "status": STATUS_ARCHIVED,
        "created_at": created_at,
        "page_details": page_details,
    }


def failed_record(
    *,
    doc_id: str,
    source: str,
    sha256: str | None,
    error: DigitizeError,
    created_at: str,
    dossier_id: str | None = None,
    original: str | None = None,
    source_bytes: bytes | None = None,
) -> dict:
    return {
        "id": doc_id,
        "source": source,
        **_source_bytes(source_bytes),
        "sha256": sha256,
        "pages": 0,
        "source_pages": None,
        "doc_type": "unknown",
        "doc_type_confidence": None,
        "dossier_id": dossier_id,
        "dossier_id_source": "given" if dossier_id else None,
        "fields": {},
        "text": "",
        "needs_review": False,
        "review_reasons": [],
        "archive": {"pdf": None, "sha256": None, "signed": False, "original": original},
        "status": STATUS_FAILED,
        "error": error.as_dict(),
        "created_at": created_at,
    }


def _source_bytes(raw: bytes | None) -> dict:
    """`source_b64`: the path's own bytes (base64), where they are not UTF-8 and `source` shows
    them with escapes, so a script can find the very file again."""
    return {"source_b64": base64.b64encode(raw).decode("ascii")} if raw is not None else {}
