"""Routes: `POST /scans` (uploads into the queues) and `GET /jobs/{id}` (a job's state).

An upload is streamed, in chunks and under a size limit (DIGITIZE_MAX_UPLOAD_MB for the whole
body, 413 past it), into a folder of generated names under DIGITIZE_HOME, then handed to
`submit_files` like `digitize submit`: the original kept in `originals/`, then queued. The
upload's own name is only ever a label (sanitised, never a path). Job states come from the
index, so a job answers after Redis has forgotten it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from redis.exceptions import RedisError
from starlette.requests import ClientDisconnect

from api.auth import actor, require
from api.problems import Problem, problems
from digitize.understand import validators
from storage import jobs as job_states
from storage.apikeys import ApiKey
from workers.queues import COUNTER, QUEUES

log = logging.getLogger("digitize.api")

router = APIRouter(tags=["scans"])

JOB_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}")
MAX_FILES = 100  # files in one request
MAX_HEADERS_BYTES = 64 * 1024  # one part's headers (a 10,000-character file name fits)
MAX_FIELD_BYTES = 1024  # a form field (dossier_id, queue)
LABEL_CHARS = 200

Submitter = Annotated[ApiKey, Depends(require("submit"))]
Reader = Annotated[ApiKey, Depends(require("read"))]


# ------------------------------------------------------------------ bodies


class ErrorOut(BaseModel):
    code: str
    message: str


class JobRef(BaseModel):
    id: str | None  # None: the file was refused before it could be queued (see `error`)
    file: str
    error: ErrorOut | None = None


class ScansOut(BaseModel):
    jobs: list[JobRef]


class JobOut(BaseModel):
    id: str
    status: Literal["queued", "processing", "archived", "failed"]
    document_ids: list[str]
    error: ErrorOut | None = None


_FORM = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1},
                    "dossier_id": {"type": "string", "description": "e.g. 000.00.12.H02-230818-0001"},
                    "queue": {"type": "string", "enum": list(QUEUES), "default": COUNTER},
                },
            }
        }
    },
}


# ------------------------------------------------------------------ names and limits


def label(name: str | None) -> str:
    """An upload's name as a label: its last path segment, without control characters or
    `..`, at most LABEL_CHARS characters (the extension kept); "upload" when nothing is left."""
    text = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")  # control, format, surrogates
    while ".." in text:
        text = text.replace("..", ".")
    text = text.strip(" .")
    if len(text) > LABEL_CHARS:
        stem, dot, ext = text.rpartition(".")
        ext = f".{ext}" if dot and stem and len(ext) <= 10 else ""
        text = text[: LABEL_CHARS - len(ext)].rstrip(" .") + ext
    return text or "upload"


def _too_large(limit: int) -> Problem:
    return Problem(413, f"The upload is larger than the limit of {limit / 2**20:g} MB (DIGITIZE_MAX_UPLOAD_MB).")


# ------------------------------------------------------------------ the multipart body


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    path: Path | None = None
    fh: object = None
    data: bytearray = field(default_factory=bytearray)


class _Form:
    """A multipart/form-data body parsed as it streams in: each file part written to a file of
    a generated name in `folder`, the few text fields kept in memory, every size bounded."""

    def __init__(self, folder: Path, boundary: bytes, limit: int):
        self.folder, self.limit = folder, limit
        self.files: list[tuple[str, Path]] = []  # (label, where its bytes are)
        self.fields: dict[str, str] = {}
        self.received = 0
        self.ended = False
        self._part = _Part()
        self._headers: list[tuple[bytes, bytes]] = []
        self._header = [b"", b""]
        self._headers_size = 0
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": lambda d, s, e: self._header_bytes(0, d[s:e]),
                "on_header_value": lambda d, s, e: self._header_bytes(1, d[s:e]),
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done,
                "on_part_data": lambda d, s, e: self._data(d[s:e]),
                "on_part_end": self._end,
                "on_end": self._finished,
            },
            max_header_size=MAX_HEADERS_BYTES,  # a long name is only cut to a label, not refused
        )

    def write(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self.received > self.limit:
            raise _too_large(self.limit)
        self._parser.write(chunk)

    def close(self) -> None:
        self._parser.finalize()
        self._close_file()
        if not self.ended:
            raise Problem(400, "The multipart body is incomplete (no closing boundary).")

    def _begin(self) -> None:
        self._part, self._headers, self._headers_size = _Part(), [], 0

    def _header_bytes(self, which: int, data: bytes) -> None:
        self._headers_size += len(data)
        if self._headers_size > MAX_HEADERS_BYTES:
            raise Problem(400, "A part's headers are too long.")
        self._header[which] += data

    def _header_end(self) -> None:
        self._headers.append((self._header[0].strip().lower(), self._header[1].strip()))
        self._header = [b"", b""]

    def _headers_done(self) -> None:
        disposition = next((v for k, v in self._headers if k == b"content-disposition"), b"")
        _, options = parse_options_header(disposition)
        if b"name" not in options:
            raise Problem(400, "Each part needs a Content-Disposition header with a name.")
        part = self._part
        part.name = options[b"name"].decode("utf-8", "replace")
        if part.name == "files" or b"filename" in options:
            if len(self.files) >= MAX_FILES:
                raise Problem(413, f"At most {MAX_FILES} files per request.")
            raw = options.get(b"filename", b"")
            part.filename = raw.decode("utf-8", "replace")
            fd, where = tempfile.mkstemp(dir=self.folder, suffix=".upload")  # a generated name, never the label
            part.path, part.fh = Path(where), os.fdopen(fd, "wb")

    def _data(self, data: bytes) -> None:
        part = self._part
        if part.fh is not None:
            part.fh.write(data)
            return
        if len(part.data) + len(data) > MAX_FIELD_BYTES:
            raise Problem(422, f"The form field {part.name!r} is too long.")
        part.data.extend(data)

    def _end(self) -> None:
        part = self._part
        if part.fh is not None:
            self._close_file()
            if part.name == "files":
                self.files.append((label(part.filename), part.path))
        elif len(self.fields) < 20:  # a few fields are expected; others are ignored
            self.fields.setdefault(part.name, part.data.decode("utf-8", "replace"))

    def _close_file(self) -> None:
        if self._part.fh is not None:
            self._part.fh.close()
            self._part.fh = None

    def _finished(self) -> None:
        self.ended = True


def _boundary(request: Request) -> bytes:
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data":
        raise Problem(400, "The body must be multipart/form-data (fields: files, dossier_id, queue).")
    boundary = options.get(b"boundary", b"")
    if not 1 <= len(boundary) <= 200:
        raise Problem(400, "The multipart body has no usable boundary.")
    return boundary


def _check_length(request: Request, limit: int) -> None:
    raw = request.headers.get("content-length")
    if raw is None:
        return  # chunked: counted as it streams in
    if not raw.isdigit():
        raise Problem(400, "The Content-Length header is not a number.")
    if int(raw) > limit:
        raise _too_large(limit)


async def _read_form(request: Request, folder: Path, limit: int) -> _Form:
    form = _Form(folder, _boundary(request), limit)
    try:
        async for chunk in request.stream():
            form.write(chunk)
        form.close()
    except MultipartParseError as exc:
        raise Problem(400, f"The multipart body is malformed ({exc}).") from None
    except ClientDisconnect:
        raise Problem(400, "The upload was cut off before its end.") from None
    finally:
        form._close_file()
    return form


# ------------------------------------------------------------------ the routes


def _queue_connection(request: Request):
    """The services' Redis, answering; 503 otherwise (checked before any byte is read)."""
    conn = request.app.state.services.redis
    if conn is None:
        raise Problem(503, "The queues are not configured on this server (REDIS_URL is not set); uploads are off.")
    return conn


def _ping(conn) -> None:
    try:
        conn.ping()
    except RedisError:
        raise Problem(503, "The queues' Redis does not answer; try again later.") from None


def _options(form: _Form) -> tuple[str | None, str]:
    if not form.files:
        raise Problem(422, "files: at least one file is needed (multipart field `files`).")
    dossier_id = form.fields.get("dossier_id") or None
    if dossier_id is not None and not (given := validators.dossier_id(dossier_id)).ok:
        raise Problem(422, f"dossier_id: {validators.not_a_dossier_id(dossier_id, given)}.")
    queue = form.fields.get("queue") or COUNTER
    if queue not in QUEUES:
        raise Problem(422, f"queue: {' or '.join(QUEUES)}.")
    return dossier_id, queue


def _submit(services, key: ApiKey, form: _Form, dossier_id: str | None, queue: str) -> list[dict]:
    from workers.submit import submit_files  # rq and the pipeline load with the first upload only

    who = actor(key)
    labels = [name for name, _ in form.files]
    submitted = submit_files(
        services.ctx,
        services.redis,
        [str(path) for _, path in form.files],
        dossier_id=dossier_id,
        queue=queue,
        labels=labels,
        submitted_by=who,
    )
    out = []
    for item in submitted:
        error = item.record["error"] if item.record else None
        audit = {"file": item.file, "job_id": item.job_id, "sha256": item.sha256, "queue": queue}
        audit.update({"dossier_id": dossier_id, "error": error["code"] if error else None})
        services.index.audit(who, "submit", audit, document_id=None)
        out.append({"id": item.job_id, "file": item.file, "error": error})
    return out


@router.post(
    "/scans",
    status_code=202,
    response_model=ScansOut,
    responses=problems(400, 401, 403, 413, 422, 503),
    openapi_extra={"requestBody": _FORM},
    summary="Upload scans to the queues",
)
async def post_scans(request: Request, key: Submitter) -> ScansOut:
    """Multipart `files` (one or more), optional `dossier_id` and `queue` (`counter` or
    `backlog`). Each file's bytes are kept in the archive, then queued: one job per file
    (the same bytes again: the same job). A file refused before queueing has `id` null and an
    `error`; when every file is refused, the answer is 422 saying why."""
    services = request.app.state.services
    conn = _queue_connection(request)
    await run_in_threadpool(_ping, conn)
    limit = services.settings.max_upload_bytes
    _check_length(request, limit)
    uploads = services.settings.home / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=uploads, prefix="scan-"))
    try:
        form = await _read_form(request, folder, limit)
        dossier_id, queue = _options(form)
        jobs = await run_in_threadpool(_submit, services, key, form, dossier_id, queue)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the originals are in the archive by now
    if not any(job["id"] for job in jobs):
        raise Problem(422, _all_refused(jobs))  # nothing queued: the upload as a whole is refused
    return ScansOut(jobs=[JobRef(**job) for job in jobs])


def _all_refused(jobs: list[dict]) -> str:
    """Why each file was refused, in plain words (their failed records are kept all the same)."""
    reasons = [f"{job['file']}: {job['error']['message']}" for job in jobs[:5] if job.get("error")]
    more = f" (and {len(jobs) - 5} more)" if len(jobs) > 5 else ""
    return "No file could be queued. " + "; ".join(reasons) + more


@router.get("/jobs/{job_id}", response_model=JobOut, responses=problems(401, 403, 404), summary="A job's state")
def get_job(job_id: str, request: Request, key: Reader) -> JobOut:
    """`queued`, `processing`, `archived` (with its documents' ids) or `failed` (with the
    error of its failed record), from the index: it answers after Redis forgot the job."""
    state = job_states.get(request.app.state.services.index, job_id) if JOB_ID.fullmatch(job_id) else None
    if state is None:
        raise Problem(404, "There is no such job.")
    return JobOut(id=state["id"], status=state["status"], document_ids=state["document_ids"], error=state["error"])
