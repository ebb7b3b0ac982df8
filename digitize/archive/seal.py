"""The last step before a document's PDF is stored: archival metadata, PDF/A-2b, PAdES signature.

`seal` takes the assembled searchable PDF and the record as the pipeline built it, and gives the
signed bytes with the record completed (`metadata`, `archive.signed`, `archive.pdfa`,
`archive.signature`, the review reason `pdfa_failed` for a file that failed the PDF/A checks).
A signature that cannot be made (the TSA is down) is a `signing_failed` error: nothing of the
document is stored, its original is kept, and a later run signs it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from digitize import errors
from digitize.archive.keys import SigningKey
from digitize.archive.metadata import archival_metadata
from digitize.archive.pdfa import make_pdfa
from digitize.archive.signing import SigningFailed, sign_pdf, text_boxes
from digitize.errors import DigitizeError

log = logging.getLogger("digitize")

REASON_PDFA_FAILED = "pdfa_failed"


@dataclass(frozen=True)
class SealSettings:
    agency: str
    timezone: str
    tsa_url: str | None
    trust_roots: tuple = ()  # asn1crypto certificates: the signer's and the TSA's chains, for B-LTA


def seal(pdf: bytes, record: dict, key: SigningKey, settings: SealSettings, *, doc_type_name: str | None) -> bytes:
    """Signed PDF/A bytes of `pdf`; `record` is completed in place to describe them."""
    metadata = archival_metadata(
        dossier_id=record.get("dossier_id"),
        doc_type=record["doc_type"],
        doc_type_name=doc_type_name,
        fields=record.get("fields") or {},
        pages=record["pages"],
        agency=settings.agency,
        digitised_at=record["created_at"],
        original_sha256=record["sha256"],
    )
    pdfa = make_pdfa(pdf, metadata)
    if not pdfa.conforms:
        log.warning("%s: not PDF/A-2b (%s); signed and archived without the claim", record["source"], pdfa.problems[0])
    try:
        signed = sign_pdf(
            pdfa.data,
            key,
            agency=settings.agency,
            timezone=settings.timezone,
            tsa_url=settings.tsa_url,
            trust_roots=list(settings.trust_roots),
            avoid=text_boxes(pdfa.data),
        )
    except SigningFailed as exc:
        raise DigitizeError(errors.SIGNING_FAILED, str(exc)) from exc
    record["metadata"] = metadata
    record["archive"] = dict(
        record.get("archive") or {},
        sha256=hashlib.sha256(signed.data).hexdigest(),
        signed=True,
        pdfa=pdfa.conforms,
        signature={"level": signed.level, "signer": signed.signer, "signed_at": signed.signed_at},
    )
    if not pdfa.conforms:
        record["archive"]["pdfa_problems"] = list(pdfa.problems[:10])
        if REASON_PDFA_FAILED not in record["review_reasons"]:
            record["review_reasons"] = [*record["review_reasons"], REASON_PDFA_FAILED]
            record["needs_review"] = True
    return signed.data
