"""Routes: dossiers, documents, their PDF and original, search, corrections (interfaces.md).

Archive keys come only from the index row, never from the request: the path parameter is only
ever looked up as an id. Downloads stream from the local archive (Range and ETag by Starlette's
FileResponse, If-None-Match here) or, on S3, redirect to a short-lived presigned URL.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.auth import actor, require
from api.problems import Problem, problems
from digitize.review import ReviewError, review_document
from digitize.understand.catalogue import load_catalogue
from storage import layout
from storage.apikeys import ApiKey
from storage.folding import strip_marks
from storage.search import Filters, InvalidCursor, cursor_secret, decode_cursor, encode_cursor, search

router = APIRouter(tags=["documents"])

PRESIGNED_SECONDS = 15 * 60  # long enough to start a download, short enough not to be shared
Record = dict[str, Any]
Reader = Annotated[ApiKey, Depends(require("read"))]
Reviewer = Annotated[ApiKey, Depends(require("review"))]

_CONTROL = r"^[^\x00-\x1f\x7f]*$"  # no control characters (PostgreSQL's JSON refuses NUL)
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
FieldValue = Annotated[str, StringConstraints(max_length=1000, pattern=_CONTROL)]
Reason = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_:.\-]{1,100}$")]


class Dossier(BaseModel):
    dossier_id: str
    documents: list[Record]


class SearchPage(BaseModel):
    items: list[Record]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")


class Correction(BaseModel):
    """What `digitize review` takes: new values (empty removes a field), the type, reasons settled."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[FieldName, FieldValue] = Field(default_factory=dict, description="field name → new value")
    doc_type: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")] | None = None
    resolve: list[Reason] = Field(default_factory=list, max_length=50, description="review reasons to settle")


def _date_query(name: str):
    # A string, not `date`: pydantic would take "0" for a Unix time (1970-01-01).
    return Query(
        alias=name,
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        json_schema_extra={"format": "date"},
        description="YYYY-MM-DD, on the document's own date, inclusive",
    )


def _iso_date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Problem(422, f"{name}: {value!r} is not a date (YYYY-MM-DD).") from None


def _services(request: Request):
    return request.app.state.services


def _clean(value: str) -> bool:
    return re.match(_CONTROL, value) is not None


def _row(request: Request, document_id: str):
    # An id with a control character is no id we gave out (and PostgreSQL refuses NUL in text).
    row = _services(request).index.row(document_id) if _clean(document_id) else None
    if row is None:
        raise Problem(404, "There is no document with this id.")
    return row


# ------------------------------------------------------------ records


@router.get(
    "/dossiers/{dossier_id}",
    response_model=Dossier,
    responses=problems(401, 403, 404),
    summary="A dossier's documents, in dossier order",
)
def get_dossier(dossier_id: str, request: Request, key: Reader) -> Dossier:
    records = _services(request).index.dossier_records(dossier_id) if _clean(dossier_id) else []
    if not records:
        raise Problem(404, "No archived document belongs to this dossier.")
    return Dossier(dossier_id=dossier_id, documents=records)


@router.get(
    "/documents",
    response_model=SearchPage,
    responses=problems(400, 401, 403, 422),
    summary="Search the records (oldest first; archived and failed)",
)
def search_documents(
    request: Request,
    key: Reader,
    dossier_id: Annotated[str | None, Query(max_length=100, pattern=_CONTROL)] = None,
    personal_id: Annotated[str | None, Query(max_length=100, pattern=_CONTROL)] = None,
    doc_type: Annotated[str | None, Query(max_length=100, pattern=_CONTROL)] = None,
    date_from: Annotated[str | None, _date_query("from")] = None,
    date_to: Annotated[str | None, _date_query("to")] = None,
    q: Annotated[
        str | None, Query(max_length=500, pattern=_CONTROL, description="words, any case, with or without marks")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> SearchPage:
    index = _services(request).index
    after = None
    if cursor:  # an empty cursor is the first page, like none
        try:
            after = decode_cursor(cursor_secret(index), cursor)
        except InvalidCursor:
            raise Problem(400, "The cursor is not valid: pass back next_cursor exactly as it was given.") from None
    filters = Filters(
        dossier_id=dossier_id,
        personal_id=personal_id,
        doc_type=doc_type,
        date_from=_iso_date("from", date_from),
        date_to=_iso_date("to", date_to),
        q=q,
    )
    records, last = search(index, filters, limit, after)
    return SearchPage(items=records, next_cursor=encode_cursor(cursor_secret(index), last) if last else None)


@router.get(
    "/documents/{document_id}",
    response_model=Record,
    responses=problems(401, 403, 404),
    summary="A document's record",
)
def get_document(document_id: str, request: Request, key: Reader) -> Record:
    return _row(request, document_id).record


@router.patch(
    "/documents/{document_id}/fields",
    response_model=Record,
    responses=problems(400, 401, 403, 404, 422),
    summary="Correct fields and/or the type, or settle review reasons (as `digitize review`)",
)
def correct_document(document_id: str, correction: Correction, request: Request, key: Reviewer) -> Record:
    services = _services(request)
    _row(request, document_id)
    if not (correction.fields or correction.doc_type or correction.resolve):
        raise Problem(422, "Nothing to change: give fields, doc_type and/or resolve.")
    try:
        return review_document(
            services.ctx,
            document_id,
            dict(correction.fields),
            doc_type=correction.doc_type,
            resolve=correction.resolve,
            actor=actor(key),
            catalogue=load_catalogue(home=services.settings.home),
        )
    except ReviewError as exc:
        raise Problem(422, str(exc)) from None


# ------------------------------------------------------------ bytes


def _download_responses(media_type: str) -> dict:
    binary = {"content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}
    return {
        200: {"description": "The bytes", **binary},
        206: {"description": "The requested range (`Range: bytes=a-b`)", **binary},
        304: {"description": "Not modified (`If-None-Match` names the ETag)"},
        307: {"description": "On S3: a redirect to a presigned URL valid for 15 minutes"},
        416: {"description": "The range is outside the file"},
        **problems(401, 403, 404),
    }


@router.get(
    "/documents/{document_id}/pdf",
    response_class=Response,
    responses=_download_responses("application/pdf"),
    summary="The signed PDF/A",
)
def get_pdf(document_id: str, request: Request, key: Reader) -> Response:
    row = _row(request, document_id)
    if row.status != "archived" or not row.archive_key:
        raise Problem(404, "This document has no PDF: it could not be processed (see its record's error).")
    digest = (row.record.get("archive") or {}).get("sha256")
    name = row.archive_key.rsplit("/", 1)[-1]  # a key we wrote: already safe characters
    return _send(request, row.archive_key, digest, "application/pdf", name)


@router.get(
    "/documents/{document_id}/original",
    response_class=Response,
    responses=_download_responses("application/octet-stream"),
    summary="The input's bytes, as received",
)
def get_original(document_id: str, request: Request, key: Reader) -> Response:
    row = _row(request, document_id)
    digest = row.record.get("sha256")
    try:
        archive_key = layout.original_key(digest or "")
    except ValueError:
        raise Problem(404, "The original of this document was never received.") from None
    return _send(request, archive_key, digest, "application/octet-stream", _file_name(row.record.get("source"), digest))


def _file_name(source: Any, fallback: str) -> str:
    """A download name from the input's label: its last part, in safe ASCII characters only."""
    bare = strip_marks(re.split(r"[/\\]", str(source or ""))[-1])
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", bare).strip("._")[:100]
    return safe or fallback


def _send(request: Request, archive_key: str, digest: str | None, media_type: str, name: str) -> Response:
    archive = _services(request).archive
    etag = f'"{digest}"' if digest else None
    if etag and _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers={"ETag": etag})
    if hasattr(archive, "presigned_url"):  # S3: the store serves the bytes itself
        if not archive.exists(archive_key):
            raise Problem(404, "The file is missing from the archive.")
        return RedirectResponse(archive.presigned_url(archive_key, PRESIGNED_SECONDS), status_code=307)
    path = archive.local_path(archive_key)
    if not path.is_file():
        raise Problem(404, "The file is missing from the archive.")
    headers = {"ETag": etag} if etag else {}
    return FileResponse(path, media_type=media_type, filename=name, headers=headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags
