"""An input's documents into the archive, or its failure on record.

The last steps of a job (`digitize.pipeline`): every document's field boxes placed on its
assembled pages and every document sealed (PDF/A, archival metadata, signature) before any is
stored, so that a signature that cannot be made leaves none archived; then each stored with
its record and index row, all three or none, under its dossier number (held in the index
before the record is written, so that a run stopped between the two takes the same number
again) or under the input's hash when it has no dossier. An input that failed gets its
failed record instead, kept in the archive and the index; a later run that succeeds removes
it.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from digitize.archive.geometry import model_box_to_pdf, pdf_page_geometries
from digitize.archive.seal import seal
from digitize.context import Context
from digitize.documents import DocumentFacts
from digitize.record import EVENT_ARCHIVED, document_record, failed_record, new_id, now_iso, page_detail
from ocr.model import TEXT_FROM_PDF
from storage import layout

if TYPE_CHECKING:
    from digitize.pipeline import Job

log = logging.getLogger("digitize")


def forget_failure(ctx: Context, job: Job) -> None:
    failed = layout.failed_key(job.sha256)
    if ctx.archive.exists(failed):  # an earlier attempt failed; this one did not
        ctx.archive.delete(failed)


def seal_documents(ctx: Context, job: Job) -> None:
    """PDF/A, archival metadata and signature for every document of the input before any is
    stored: a signature that cannot be made (signing_failed) leaves none of them archived."""
    key, seal_settings = ctx.signing
    sealed = {}
    for position, doc in enumerate(job.documents, start=1):
        _place_boxes(job, position, doc)
        previous = job.previous.get(position)
        if previous and previous.archive_key and previous.record.get("archive", {}).get("signed"):
            # archived by an earlier run that stopped before the input's other documents: its
            # signed file is kept as it is, never signed again
            kept = {k: previous.record[k] for k in ("metadata", "review_reasons", "needs_review")}
            kept["archive"] = {k: v for k, v in previous.record["archive"].items() if k != "pdf"}
            sealed[position] = ctx.archive.get_bytes(previous.archive_key), kept
            continue
        spec = ctx.catalogue.get(doc.doc_type)
        partial = {
            "source": job.source,
            "sha256": job.sha256,
            "pages": len(doc.page_indexes),
            "doc_type": doc.doc_type,
            "dossier_id": doc.dossier_id,
            "fields": doc.fields,
            "review_reasons": list(doc.review_reasons),
            "needs_review": bool(doc.review_reasons),
            "created_at": now_iso(ctx.settings.timezone),
        }
        with job.timed("seal", position):
            pdf = seal(job.pdfs[position], partial, key, seal_settings, doc_type_name=spec and spec.name)
        sealed[position] = pdf, {k: partial[k] for k in ("archive", "metadata", "review_reasons", "needs_review")}
    job.sealed = sealed


def _place_boxes(job: Job, position: int, doc: DocumentFacts) -> None:
    """Each field read from the page's words gets `box` (record.md): where those words are on
    the page of the document's assembled PDF, in points on the page as displayed (after its
    /Rotate), origin bottom-left (digitize.archive.geometry). Before sealing, so that the
    record archived and indexed carries it; sealing keeps every page's boxes and /Rotate."""
    if not doc.boxes:
        return
    pages = pdf_page_geometries(job.pdfs[position])
    for name, box in doc.boxes.items():
        entry = doc.fields.get(name)
        number = entry.get("page") if entry else None
        if not number or not 1 <= number <= min(len(pages), len(doc.page_indexes)):
            continue
        result = job.results[doc.page_indexes[number - 1]]
        entry["box"] = model_box_to_pdf(
            box,
            own_text_layer=result.page.source == TEXT_FROM_PDF and not result.text_layer_pdf,
            image_size=(result.page.width, result.page.height),
            dpi=result.page.dpi,
            skew=result.skew,
            page=pages[number - 1],
        )


STATUS_ARCHIVING = "archiving"  # an index row holding a dossier number until its record is written


def archive_document(ctx: Context, job: Job, position: int, doc: DocumentFacts) -> dict:
    previous = job.previous.get(position)
    doc_id = previous.id if previous else new_id()
    if doc.dossier_id:
        if previous and previous.dossier_id == doc.dossier_id and previous.dossier_seq:
            seq = previous.dossier_seq
        else:
            seq = ctx.index.allocate_sequence(doc.dossier_id)
            # The number is held by this document at once: a run stopped before its record is
            # written (a worker killed) takes the same number again, never a second one.
            held = {"id": doc_id, "sha256": job.sha256, "status": STATUS_ARCHIVING, "source": job.source}
            ctx.index.save(
                {**held, "dossier_id": doc.dossier_id},
                position=position,
                archive_key=None,
                dossier_seq=seq,
                **job.row_extra,
            )
        key = layout.dossier_pdf_key(doc.dossier_id, seq)
    else:
        seq = None
        key = layout.unlinked_pdf_key(job.sha256, position)

    pages = [job.results[i] for i in doc.page_indexes]
    record = document_record(
        doc_id=doc_id,
        source=job.source,
        sha256=job.sha256,
        source_pages=(doc.page_indexes[0] + 1, doc.page_indexes[-1] + 1),
        pages=[r.page for r in pages],
        page_details=[
            page_detail(n, r.page, blank=r.blank, rotation=r.rotation, skew=r.skew, note=job.survey.pages[i].note)
            for n, (i, r) in enumerate(zip(doc.page_indexes, pages), start=1)
        ],
        doc_type=doc.doc_type,
        doc_type_confidence=doc.doc_type_confidence,
        dossier_id=doc.dossier_id,
        dossier_id_source=doc.dossier_id_source,
        fields=doc.fields,
        review_reasons=doc.review_reasons,
        archive={"pdf": ctx.archive.url(key), "sha256": None, "signed": False},
        created_at=now_iso(ctx.settings.timezone),
        source_bytes=job.source_bytes,
    )
    pdf, sealed = job.sealed[position]
    record.update(sealed, archive={**record["archive"], **sealed["archive"]})
    with job.timed("archive", position):
        _store(ctx, key, pdf, record, position=position, dossier_seq=seq, **job.row_extra)
    return record


def _store(ctx: Context, key: str, pdf: bytes, record: dict, **row) -> None:
    """PDF, record beside it and index row: all three or none (never a PDF without its record)."""
    sidecar = _json(record)  # made first: a record that cannot be written stops before any write
    try:
        ctx.archive.put_bytes(key, pdf, "application/pdf")
        ctx.archive.put_bytes(layout.record_key(key), sidecar, "application/json")
        ctx.index.save(record, archive_key=key, event=EVENT_ARCHIVED, **row)
    except BaseException:
        for written in (key, layout.record_key(key)):
            try:
                ctx.archive.delete(written)
            except Exception:
                log.exception("could not take back %s after a failed write", written)
        raise


def failed_record_of(job: Job, ctx: Context | None, dossier_id: str | None) -> dict:
    previous = job.previous.get(1)
    original = None
    if ctx and job.sha256 and ctx.archive.exists(layout.original_key(job.sha256)):  # oversized: never copied
        original = ctx.archive.url(layout.original_key(job.sha256))
    return failed_record(
        doc_id=previous.id if previous else new_id(),
        source=job.source or job.path,
        sha256=job.sha256,
        error=job.error,
        created_at=now_iso(ctx.settings.timezone if ctx else "Asia/Ho_Chi_Minh"),
        dossier_id=dossier_id,
        original=original,
        source_bytes=job.source_bytes,
    )


def record_failure(ctx: Context, job: Job, dossier_id: str | None) -> None:
    record = failed_record_of(job, ctx, dossier_id)
    job.records = [record]
    if job.sha256 is None:
        return  # nothing was received (no file, empty file): nothing to keep
    ctx.archive.put_bytes(layout.failed_key(job.sha256), _json(record), "application/json")
    ctx.index.save(record, position=1, archive_key=None, **job.row_extra)
    log.warning("%s failed: %s (%s)", job.source, record["error"]["message"], record["error"]["code"])


def _json(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
