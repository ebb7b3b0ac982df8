"""Checking a signed archival PDF with pyHanko's validator: is the signature intact, does it
cover the whole file (for PAdES-B-LTA: later revisions that only add validation data and the
document time-stamp), who signed, does the chain lead to the trust roots, the time-stamp and the
PAdES level; and, reported but not judged, whether the file claims PDF/A.

`verify_pdf` gives a report (a plain dict); `ok` is true only when every judged check holds.
"""

from __future__ import annotations

import io
import logging

log = logging.getLogger("digitize")

PADES_SUBFILTER = "/ETSI.CAdES.detached"


def _check(checks: list[dict], name: str, ok: bool | None, detail: str) -> None:
    """One line of the report; ok None: reported, not judged."""
    checks.append({"check": name, "ok": ok, "detail": detail})


def verify_pdf(
    data: bytes,
    trust_roots: list,
    *,
    name: str = "",
    allow_fetching: bool = True,
    timezone: str = "Asia/Ho_Chi_Minh",
    moment=None,
) -> dict:
    """The report on one file's bytes, against `trust_roots` (asn1crypto certificates), as of
    `moment` (default: now)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    checks: list[dict] = []
    report = {"file": name, "ok": False, "signer": None, "signed_at": None, "level": None, "timestamp": None}
    report["checks"] = checks
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
        doc_timestamps = reader.embedded_timestamp_signatures
    except Exception as exc:  # a damaged file: pyHanko cannot even read it
        _check(checks, "readable", False, f"the file cannot be read as a PDF ({type(exc).__name__}: {exc})")
        report["pdfa"] = None
        return report
    report["pdfa"] = _pdfa_claim(data)
    if not signatures:
        _check(checks, "signed", False, "the file has no signature")
        return report

    def context():
        return ValidationContext(trust_roots=list(trust_roots), allow_fetching=allow_fetching, moment=moment)

    sig = signatures[0]
    try:
        status = validate_pdf_signature(sig, context())
    except Exception as exc:
        _check(checks, "signature", False, f"the signature cannot be validated ({type(exc).__name__}: {exc})")
        return report
    report["signer"] = _subject(status.signing_cert)
    signed_at = status.signer_reported_dt
    report["signed_at"] = _local(signed_at, timezone)
    _check(
        checks,
        "intact",
        bool(status.intact and status.valid),
        "the signed bytes are unchanged and the signature is valid"
        if status.intact and status.valid
        else "the signed bytes were changed or the signature does not match them",
    )
    subfilter = str(sig.sig_object.get("/SubFilter"))
    _check(checks, "pades", subfilter == PADES_SUBFILTER, f"subfilter {subfilter.lstrip('/')}")

    lta_only = status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and (
        status.modification_level is not None and status.modification_level <= ModificationLevel.LTA_UPDATES
    )
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        _check(checks, "coverage", True, "the signature covers the whole file")
    elif lta_only:
        _check(checks, "coverage", True, "later revisions only add validation data and time-stamps")
    else:
        level = status.modification_level.name.lower() if status.modification_level is not None else "unknown"
        _check(checks, "coverage", False, f"a later revision changes the document after signing ({level})")

    trusted, trust_detail = bool(status.trusted), "the signer's certificate chains to the trust roots"
    if not trusted:
        trust_detail = f"the signer's certificate does not chain to the trust roots ({_why(status)})"
        if status.timestamp_validity is not None and doc_timestamps and _has_dss(reader):
            trusted, trust_detail = _trusted_when_stamped(reader, sig, trust_roots, status, trust_detail)
    _check(checks, "trusted", trusted, trust_detail)

    ts = status.timestamp_validity
    if ts is None:
        level = "PAdES-B-B" if subfilter == PADES_SUBFILTER else None
        _check(checks, "timestamp", None, "no signature time-stamp")
    else:
        report["timestamp"] = _local(ts.timestamp, timezone)
        good = bool(ts.intact and ts.valid and ts.trusted)
        _check(
            checks,
            "timestamp",
            good,
            f"signature time-stamp {report['timestamp']}" + ("" if good else ", not valid or not trusted"),
        )
        level = "PAdES-B-T"
        if doc_timestamps and _has_dss(reader):
            ok = True
            for doc_ts in doc_timestamps:
                try:
                    ts_status = validate_pdf_timestamp(doc_ts, validation_context=context())
                    ok = ok and bool(ts_status.intact and ts_status.valid and ts_status.trusted)
                except Exception as exc:
                    log.info("document time-stamp not valid: %s", exc)
                    ok = False
            _check(
                checks,
                "document_timestamp",
                ok,
                "document time-stamp over the validation data" + ("" if ok else ": not valid"),
            )
            level = "PAdES-B-LTA"
    report["level"] = level
    _check(checks, "pdfa", None, f"claims PDF/A-{report['pdfa']}" if report["pdfa"] else "claims no PDF/A conformance")
    report["ok"] = all(c["ok"] is not False for c in checks)
    return report


def _subject(cert) -> str:
    """RFC 4514, as the record's `archive.signature.signer` has it."""
    from cryptography import x509

    return x509.load_der_x509_certificate(cert.dump()).subject.rfc4514_string()


def _local(moment, timezone: str) -> str | None:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds") if moment else None


def _trusted_when_stamped(reader, sig, trust_roots, status, detail: str) -> tuple[bool, str]:
    """B-LTA: the chain validated as of the signature's time-stamp, with the certificates and
    revocation data the file carries (its DSS, covered by the document time-stamp), so that a
    file stays verifiable after the signer's certificate expires."""
    from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature

    try:
        dss = DocumentSecurityStore.read_dss(reader)
        context = dss.as_validation_context(
            {
                "trust_roots": list(trust_roots),
                "allow_fetching": False,
                "moment": status.timestamp_validity.timestamp,
                "retroactive_revinfo": True,
            }
        )
        then = validate_pdf_signature(sig, context)
    except Exception as exc:
        log.info("validation as of the time-stamp failed: %s", exc)
        return False, detail
    if then.trusted:
        return (
            True,
            "the signer's certificate chained to the trust roots when the signature was time-stamped (validation data in the file)",
        )
    return False, detail


def _has_dss(reader) -> bool:
    return "/DSS" in reader.root


def _why(status) -> str:
    indic = getattr(status, "trust_problem_indic", None)
    return indic.name.lower() if indic is not None else "no path to a trusted root"


def _pdfa_claim(data: bytes) -> str | None:
    import pikepdf

    from digitize.archive.pdfa import claims_pdfa

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return claims_pdfa(pdf)
    except Exception:
        return None


def check_stored_hash(report: dict, data: bytes, expected: str | None) -> dict:
    """With an id: the SHA-256 the index holds for the archived PDF against its bytes now."""
    import hashlib

    actual = hashlib.sha256(data).hexdigest()
    good = expected is not None and actual == expected
    detail = (
        "the archived bytes match the SHA-256 in the index"
        if good
        else (f"the archived bytes' SHA-256 {actual[:16]}… does not match the index's {str(expected)[:16]}…")
    )
    report["checks"].append({"check": "stored_sha256", "ok": good, "detail": detail})
    report["ok"] = report["ok"] and good
    return report
