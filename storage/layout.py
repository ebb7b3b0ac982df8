"""Archive keys, exactly as interfaces.md lays them out."""

from __future__ import annotations

import re

from storage.base import check_key

DOSSIER_ID = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _sha(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


def original_key(sha256: str) -> str:
    return check_key(f"originals/{_sha(sha256)[:2]}/{sha256}")


def failed_key(sha256: str) -> str:
    return check_key(f"failed/{_sha(sha256)[:2]}/{sha256}.json")


def unlinked_pdf_key(sha256: str, position: int) -> str:
    return check_key(f"unlinked/{_sha(sha256)[:2]}/{sha256}.{position}.pdf")


def dossier_pdf_key(dossier_id: str, sequence: int) -> str:
    if not DOSSIER_ID.match(dossier_id):
        raise ValueError(f"not a dossier code: {dossier_id!r}")
    return check_key(f"dossiers/{dossier_id}/{dossier_id}.{sequence:02d}.pdf")


def record_key(pdf_key: str) -> str:
    """The record's JSON lives beside its PDF."""
    assert pdf_key.endswith(".pdf")
    return pdf_key[: -len(".pdf")] + ".json"
