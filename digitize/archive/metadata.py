"""The archival description of a document (Decree 30/2020 Appendix VI style): the record's
`metadata` and, the same values, the PDF's XMP (see `pdfa`)."""

from __future__ import annotations

# Where each description item comes from among a type's fields (the first one present wins).
_FROM_FIELDS = {
    "document_number": ("document_number", "certificate_serial", "form_code"),
    "issue_date": ("issue_date", "registration_date", "first_registration_date", "receipt_date", "valid_from"),
    "issuer": ("issuer",),
    "summary": ("subject",),
}

# The order of the record's `metadata` keys (record.md); keys without a value are left out.
KEYS = (
    "dossier_id",
    "doc_type",
    "doc_type_name",
    "document_number",
    "issue_date",
    "issuer",
    "summary",
    "language",
    "pages",
    "agency",
    "digitised_at",
    "original_sha256",
)


def archival_metadata(
    *,
    dossier_id: str | None,
    doc_type: str,
    doc_type_name: str | None,
    fields: dict[str, dict],
    pages: int,
    agency: str,
    digitised_at: str,
    original_sha256: str,
) -> dict:
    values: dict[str, object] = {
        "dossier_id": dossier_id,
        "doc_type": doc_type,
        "doc_type_name": doc_type_name,
        "language": "vi",
        "pages": pages,
        "agency": agency,
        "digitised_at": digitised_at,
        "original_sha256": original_sha256,
    }
    for key, names in _FROM_FIELDS.items():
        values[key] = next((fields[n]["value"] for n in names if n in fields and fields[n].get("value")), None)
    return {key: values[key] for key in KEYS if values.get(key) not in (None, "")}
