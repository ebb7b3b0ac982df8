"""Archive keys, exactly as interfaces.md lays them out."""

from __future__ import annotations

import re

from storage.base import check_key

# What a dossier code must be to name a folder: one key segment of safe characters. Whether it
# is a well-formed dossier code is the domain's rule (digitize.understand.validators).
_SEGMENT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
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
    if not _SEGMENT.match(dossier_id) or ".." in dossier_id:
        raise ValueError(f"not a safe folder name for a dossier: {dossier_id!r}")
    return check_key(f"dossiers/{dossier_id}/{dossier_id}.{sequence:02d}.pdf")


def record_key(pdf_key: str) -> str:
    """The record's JSON lives beside its PDF."""
    assert pdf_key.endswith(".pdf")
    return pdf_key[: -len(".pdf")] + ".json"


def pages_key(sha256: str, first: int, last: int) -> str:
    """A page-range queue job's page results (pages `first`..`last`, 1-based), kept until the
    input's documents are archived (work in progress, not part of the archive proper)."""
    return check_key(f"work/{_sha(sha256)[:2]}/{sha256}.pages-{int(first)}-{int(last)}")
