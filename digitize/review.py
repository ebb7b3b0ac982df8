"""Corrections by a person: new field values and/or a new document type for a record, or
review reasons settled without changing a value.

`apply_review` is a plain function over the record; `review_document` stores the result
(archive JSON beside the PDF, index row, audit log entry in the same transaction);
`link_document` files a record under a dossier and asks storage to move its PDF there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from digitize.link.linking import LinkError, check_dossier_code, linked_record
from digitize.record import EVENT_CORRECTED, REASON_TYPE_UNCERTAIN, STATUS_ARCHIVED, now_iso
from digitize.understand import kinds
from digitize.understand.catalogue import UNKNOWN, Catalogue
from digitize.understand.kinds import check
from storage import layout
from storage.refile import refile


class ReviewError(ValueError):
    """A correction that cannot be applied; the message says why in plain words."""


def canonical(kind: str, raw: str) -> str:
    """A reviewer's value in the catalogue's canonical form (dates typed as 18/8/2023 → ISO)."""
    return kinds.typed(kind, raw)


def check_typed(catalogue: Catalogue, doc_type: str, name: str, raw: str, context: dict[str, str]) -> dict:
    """What the review station shows while a value is typed: its canonical form and whether
    the pipeline's validators accept it (`context`: the other values typed so far, for the
    personal ID's agreement with the date of birth and gender)."""
    spec = catalogue.get(doc_type)
    if spec is None or name not in spec.fields:
        return {"ok": False, "value": raw, "problem": f"{doc_type} has no field {name!r}."}
    if raw.strip() == "":
        return {"ok": True, "value": "", "problem": None}
    kind = spec.fields[name].kind
    value = canonical(kind, raw)
    known = {k: canonical(spec.fields[k].kind, v) for k, v in context.items() if k in spec.fields and v.strip()}
    result = check(kind, value, **_person_context(spec, name, known))
    return {"ok": result.ok, "value": value, "problem": None if result.ok else result.problem}


def apply_review(
    record: dict,
    changes: dict[str, str],
    catalogue: Catalogue,
    *,
    doc_type: str | None = None,
    resolve: Sequence[str] = (),
    actor: str,
    at: str,
) -> tuple[dict, dict]:
    """The corrected record and the audit entry's `changes` ({field: [old, new]}).

    `resolve`: review reasons the reviewer settles without changing a value (record.md); each
    must be one the record has, and the audit entry then also holds `review_reasons` [old, new]."""
    if record.get("status") != STATUS_ARCHIVED:
        raise ReviewError("Only archived documents can be reviewed; this one failed or is still being processed.")
    new_type = doc_type or record["doc_type"]
    if new_type != UNKNOWN and new_type not in catalogue:
        raise ReviewError(f"{new_type!r} is not a document type. Known types: {', '.join(catalogue.codes)}.")
    if changes and new_type == UNKNOWN:
        raise ReviewError("Set the document type first (--type CODE): fields belong to a type.")
    spec = catalogue.get(new_type)
    allowed = spec.field_names if spec else ()

    fields = {k: v for k, v in record["fields"].items() if k in allowed}  # a new type keeps its own fields
    audit: dict[str, list] = {k: [v["value"], None] for k, v in record["fields"].items() if k not in fields}
    for name, raw in changes.items():
        if name not in allowed:
            raise ReviewError(f"{new_type} has no field {name!r}. Its fields: {', '.join(allowed)}.")
        old = fields.get(name, {}).get("value")
        if raw.strip() == "":  # "not on the page": remove it
            fields.pop(name, None)
            audit[name] = [old, None]
            continue
        value = canonical(spec.fields[name].kind, raw)
        before = fields.get(name, {})
        fields[name] = {"value": value, "confidence": 1.0, "page": before.get("page"), "reviewed": True}
        if "box" in before:  # the value's words are still where they were on the page
            fields[name]["box"] = before["box"]
        audit[name] = [old, value]
    problems = _problems(fields, spec)
    if problems:
        raise ReviewError("; ".join(problems))

    _check_resolvable(record["review_reasons"], resolve)
    reasons = [r for r in record["review_reasons"] if r not in resolve and not _settled(r, changes, doc_type)]
    if resolve:
        audit["review_reasons"] = [list(record["review_reasons"]), reasons]
    updated = dict(record, fields=fields, review_reasons=reasons, needs_review=bool(reasons))
    if doc_type:
        updated.update(doc_type=doc_type, doc_type_confidence=1.0)
        audit["doc_type"] = [record["doc_type"], doc_type]
    updated.update(reviewed=True, reviewed_at=at, reviewed_by=actor)
    return updated, audit


def _person_context(spec, name: str, values: dict[str, str]) -> dict[str, str]:
    """For the ID of the person the document is about (the catalogue's roles): that person's
    date of birth and sex, which the ID must agree with; nothing for any other field."""
    if name != spec.role_field("subject_id"):
        return {}
    roles = {"date_of_birth": "subject_birth_date", "gender": "subject_gender"}
    return {key: values[f] for key, role in roles.items() if (f := spec.role_field(role)) in values}


def _problems(fields: dict[str, dict], spec) -> list[str]:
    values = {k: entry["value"] for k, entry in fields.items()}
    problems = []
    for name, entry in fields.items():
        if not entry.get("reviewed"):
            continue
        result = check(spec.fields[name].kind, entry["value"], **_person_context(spec, name, values))
        if not result.ok:
            problems.append(f"{name} {entry['value']!r}: {result.problem}")
    return problems


def _check_resolvable(reasons: list[str], resolve: Sequence[str]) -> None:
    unknown = [r for r in resolve if r not in reasons]
    if unknown:
        has = ", ".join(reasons) if reasons else "none"
        raise ReviewError(f"This document has no review reason {unknown[0]!r} to resolve. Its reasons: {has}.")


def _settled(reason: str, changes: dict[str, str], doc_type: str | None) -> bool:
    if reason == REASON_TYPE_UNCERTAIN:
        return doc_type is not None
    _, _, field_name = reason.partition(":")
    return bool(field_name) and field_name in changes


def review_document(
    ctx,
    doc_id: str,
    changes: dict[str, str],
    *,
    doc_type: str | None,
    actor: str,
    catalogue: Catalogue,
    resolve: Sequence[str] = (),
) -> dict:
    row = ctx.index.row(doc_id)
    if row is None:
        raise ReviewError(f"No document with id {doc_id}.")
    updated, audit = apply_review(
        row.record,
        changes,
        catalogue,
        doc_type=doc_type,
        resolve=resolve,
        actor=actor,
        at=now_iso(ctx.settings.timezone),
    )
    if row.archive_key:
        ctx.archive.put_bytes(
            layout.record_key(row.archive_key),
            json.dumps(updated, ensure_ascii=False, indent=2).encode(),
            "application/json",
        )
    ctx.index.save(
        updated,
        position=row.position,
        archive_key=row.archive_key,
        dossier_seq=row.dossier_seq,
        audit=(actor, "review", audit),
        event=EVENT_CORRECTED,
    )
    return updated


def link_document(ctx, doc_id: str, dossier_id: str, *, actor: str) -> dict:
    """File document `doc_id` under `dossier_id`: the linker gives the record, storage moves
    the PDF to the dossier's next number (never reused), the index keeps the audit entry."""
    check_dossier_code(dossier_id)
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
    updated = linked_record(record, dossier_id, pdf_url=ctx.archive.url(new_key), at=now_iso(ctx.settings.timezone))
    refile(
        ctx.archive,
        old_key,
        new_key,
        json.dumps(updated, ensure_ascii=False, indent=2).encode(),
        commit=lambda: ctx.index.save(
            updated,
            position=row.position,
            archive_key=new_key,
            dossier_seq=seq,
            audit=(
                actor,
                "link",
                {"dossier_id": [record.get("dossier_id"), dossier_id], "archive_key": [old_key, new_key]},
            ),
            event=EVENT_CORRECTED,
        ),
    )
    return updated
