"""The review station's pages for reviewers: login, the queue, the document view, saving,
the dashboard. Server-rendered (Jinja2); review.js adds the keyboard, the highlight and the
checks as values are typed, and the pages work without it (forms post as usual).

Every write goes through the domain's own functions (`digitize.review.review_document`,
`link_document`), as `digitize review` and the API's PATCH do, with the reviewer's name as
the audit log's actor. Archive keys come only from the index row, never from the request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime, time
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import func, select

from api.review.render import render
from api.review.session import (
    LANG_COOKIE,
    LANGUAGES,
    check_csrf,
    current_user,
    end_session,
    new_session,
    read_session,
    store_session,
)
from digitize.archive.preview import PreviewError, page_png, page_sizes
from digitize.link.linking import LinkError, check_dossier_code
from digitize.record import REASON_NO_DOSSIER, REASON_TYPE_UNCERTAIN
from digitize.review import ReviewError, check_typed, link_document, review_document
from digitize.understand.catalogue import UNKNOWN, load_catalogue
from storage import review_queue
from storage.models import CampaignFileRow, DocumentRow
from storage.review_queue import QueueFilters
from storage.users import AccountLocked, check_login, end_sessions

router = APIRouter(prefix="/review", include_in_schema=False)

FILTERS = ("campaign", "box", "doc_type", "reason", "dossier_id")
# Reasons no value change settles: the reviewer says "this is right as it is" with one key.
SETTLED_BY_A_KEY = (REASON_NO_DOSSIER, REASON_TYPE_UNCERTAIN)


def _services(request: Request):
    return request.app.state.services


def _catalogue(request: Request):
    state = request.app.state
    if not hasattr(state, "review_catalogue"):
        state.review_catalogue = load_catalogue(home=_services(request).settings.home)
    return state.review_catalogue


TOP_LEVEL_BOX = "."  # the box filter's value for files at a campaign's top level (box "")


def _filters(request: Request) -> QueueFilters:
    """The queue's filters from the query; an empty value filters nothing (the forms send
    every field), a box of "." means the files at a campaign's top level."""
    q = request.query_params
    box = q.get("box") or None
    return QueueFilters(
        **{name: (q.get(name) or None) for name in FILTERS if name != "box"},
        box="" if box == TOP_LEVEL_BOX else box,
    )


def _filter_query(request: Request) -> str:
    kept = {k: request.query_params[k] for k in FILTERS if request.query_params.get(k) not in (None, "")}
    return urlencode(kept)


def _safe_next(target: str | None) -> str:
    # Only a path of this station: never an absolute URL another site could put in a link.
    if target and target.startswith("/review") and "//" not in target and "\\" not in target:
        return target
    return "/review/queue"


# ------------------------------------------------------------ login


@router.get("")
def home() -> RedirectResponse:
    return RedirectResponse("/review/queue", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None, error: str | None = None) -> Response:
    session = read_session(request) or new_session(None)
    response = render(request, "login.html", {"next": _safe_next(next), "error": error}, session=session)
    store_session(request, response, session)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    check_csrf(read_session(request), form.get("csrf"))
    name, password = str(form.get("username", "")), str(form.get("password", ""))
    target = _safe_next(str(form.get("next") or ""))
    try:
        user = check_login(_services(request).index, name, password)
    except AccountLocked:
        return _login_again(request, target, "locked")
    if user is None:
        return _login_again(request, target, "bad_login")
    response = RedirectResponse(target, status_code=303)
    store_session(request, response, new_session(user))  # a new token: none from before the login survives
    return response


def _login_again(request: Request, target: str, error: str) -> Response:
    session = new_session(None)
    response = render(request, "login.html", {"next": target, "error": error}, status=401, session=session)
    store_session(request, response, session)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    user, session = current_user(request)
    check_csrf(session, form.get("csrf"))
    end_sessions(_services(request).index, user.name)
    response = RedirectResponse("/review/login", status_code=303)
    end_session(request, response)
    return response


@router.get("/lang/{code}")
def set_language(code: str, request: Request, next: str | None = None) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, path="/review", samesite="lax", httponly=True)
    return response


# ------------------------------------------------------------ the queue


@router.get("/queue")
def queue(request: Request) -> Response:
    user, _ = current_user(request)
    index = _services(request).index
    filters = _filters(request)
    items = review_queue.pending(index, filters)
    everything = review_queue.pending(index) if filters != QueueFilters() else items
    with index.session() as s:
        campaigns = sorted({c for c in s.scalars(select(CampaignFileRow.campaign_id).distinct())})
        boxes = sorted({b for b in s.scalars(select(CampaignFileRow.box).distinct())})
    return render(
        request,
        "queue.html",
        {
            "user": user,
            "items": items,
            "counts": review_queue.reason_counts(everything).most_common(),
            "total": len(everything),
            "filters": filters,
            "filter_query": _filter_query(request),
            "campaigns": campaigns,
            "boxes": boxes,
            "types": _catalogue(request).codes,
            "request_empty": bool(request.query_params.get("empty")),
        },
    )


@router.get("/next")
def next_document(request: Request, after: str | None = None) -> Response:
    user, _ = current_user(request)
    index = _services(request).index
    if after:
        review_queue.release(index, after, user.name)  # passed over (or saved): free for others
    doc_id = review_queue.next_for(index, user.name, _filters(request), after=after)
    query = _filter_query(request)
    if doc_id is None:
        return RedirectResponse("/review/queue?" + urlencode({"empty": "1"}) + ("&" + query if query else ""), 303)
    return RedirectResponse(f"/review/doc/{doc_id}" + ("?" + query if query else ""), status_code=303)


# ------------------------------------------------------------ one document


def _row(request: Request, doc_id: str):
    row = _services(request).index.row(doc_id) if doc_id.isascii() and len(doc_id) <= 36 else None
    if row is None or row.status != "archived" or not row.archive_key:
        return None
    return row


PDFS_KEPT = 8  # archived PDFs kept in memory: a document view asks for each of its pages in turn


def _archived_pdf(request: Request, row) -> bytes:
    """The document's archived PDF, fetched once for its view and its page images (not once per
    page from S3); a new version of the row (a correction, a move) fetches it again."""
    state = request.app.state
    if not hasattr(state, "review_pdfs"):
        state.review_pdfs, state.review_pdfs_lock = OrderedDict(), threading.Lock()
    key = (row.archive_key, row.updated_at)
    with state.review_pdfs_lock:  # page images are served from a thread pool
        if key in state.review_pdfs:
            state.review_pdfs.move_to_end(key)
            return state.review_pdfs[key]
    pdf = _services(request).archive.get_bytes(row.archive_key)
    with state.review_pdfs_lock:
        state.review_pdfs[key] = pdf
        while len(state.review_pdfs) > PDFS_KEPT:
            state.review_pdfs.popitem(last=False)
    return pdf


def _field_views(record: dict, spec, reasons: list[str]) -> list[dict]:
    views = []
    for name, field_spec in spec.fields.items():
        found = record["fields"].get(name, {})  # under another type shown: its same-named field
        views.append(
            {
                "name": name,
                "label": field_spec.labels[0] if field_spec.labels else name,
                "kind": field_spec.kind,
                "value": found.get("value", ""),
                "confidence": found.get("confidence"),
                "page": found.get("page"),
                "box": found.get("box"),
                "reasons": [r for r in reasons if r.partition(":")[2] == name],
                "reviewed": bool(found.get("reviewed")),
            }
        )
    return views


def _document_page(request: Request, doc_id: str, *, error: str | None = None, status: int = 200, saved: bool = False):
    user, _ = current_user(request)
    services = _services(request)
    row = _row(request, doc_id)
    if row is None:
        return render(request, "missing.html", {"user": user}, status=404)
    holder = review_queue.holder(services.index, doc_id)
    mine = review_queue.claim(services.index, doc_id, user.name) if row.record.get("needs_review") else True
    catalogue = _catalogue(request)
    record = row.record
    shown_type = request.query_params.get("as_type") or record["doc_type"]
    spec = catalogue.get(shown_type)
    sizes = page_sizes(_archived_pdf(request, row))
    reasons = list(record.get("review_reasons") or [])
    return render(
        request,
        "document.html",
        {
            "user": user,
            "doc": record,
            "doc_id": doc_id,
            "pages": [{"n": i + 1, "width": w, "height": h} for i, (w, h) in enumerate(sizes)],
            "shown_type": shown_type,
            "type_name": spec.name if spec else None,
            "fields": _field_views(record, spec, reasons) if spec else [],
            # every reason not shown on a field row of the type shown (so none is out of sight)
            "other_reasons": [r for r in reasons if r.partition(":")[2] not in (spec.fields if spec else {})],
            "subject_id": spec.role_field("subject_id") if spec else None,
            "subject_context": [
                f for r in ("subject_birth_date", "subject_gender") if spec and (f := spec.role_field(r))
            ],
            "one_key": SETTLED_BY_A_KEY,
            "types": [(code, catalogue.get(code).name) for code in catalogue.codes],
            "unknown": UNKNOWN,
            "held_by": holder if not mine else None,
            "error": error,
            "saved": saved,
            "filter_query": _filter_query(request),
        },
        status=status,
    )


@router.get("/doc/{doc_id}")
def document(doc_id: str, request: Request, saved: str | None = None) -> Response:
    return _document_page(request, doc_id, saved=bool(saved))


@router.get("/doc/{doc_id}/page/{page}.png")
def page_image(doc_id: str, page: int, request: Request, w: int = 1000) -> Response:
    current_user(request)
    row = _row(request, doc_id)
    if row is None:
        return Response(status_code=404)
    try:
        png = page_png(_archived_pdf(request, row), page, w)
    except PreviewError:
        return Response(status_code=404)
    etag = f'"{row.id}-{row.updated_at.timestamp():.0f}-{page}-{w}"'
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300", "ETag": etag})


@router.post("/doc/{doc_id}/check")
async def check_value(doc_id: str, request: Request) -> JSONResponse:
    _, session = current_user(request)
    check_csrf(session, request.headers.get("x-csrf-token"))
    try:
        body = await request.json()
    except ValueError:  # not JSON at all
        body = None
    if not isinstance(body, dict):
        return JSONResponse({"ok": False, "problem": "bad request"}, status_code=400)
    name, value = str(body.get("field", "")), str(body.get("value", ""))[:1000]
    if name == "dossier_id":
        try:
            if value.strip():
                check_dossier_code(value.strip())
            return JSONResponse({"ok": True, "value": value.strip(), "problem": None})
        except LinkError as exc:
            return JSONResponse({"ok": False, "value": value, "problem": str(exc)})
    context = body.get("context") if isinstance(body.get("context"), dict) else {}
    context = {str(k): str(v)[:1000] for k, v in context.items()}
    return JSONResponse(check_typed(_catalogue(request), str(body.get("doc_type", "")), name, value, context))


@router.post("/doc/{doc_id}")
async def save(doc_id: str, request: Request) -> Response:
    user, session = current_user(request)
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    services = _services(request)
    row = _row(request, doc_id)
    if row is None:
        return render(request, "missing.html", {"user": user}, status=404)
    if row.record.get("needs_review") and not review_queue.claim(services.index, doc_id, user.name):
        return _document_page(request, doc_id, error="held", status=409)
    record = row.record
    doc_type = str(form.get("doc_type") or record["doc_type"])
    type_changed = doc_type != record["doc_type"]
    spec = _catalogue(request).get(doc_type)
    accepted = set(form.getlist("accept"))
    changes: dict[str, str] = {}
    for name in spec.fields if spec else ():
        posted = form.get(f"f.{name}")
        if posted is None:
            continue
        posted = str(posted)
        current = record["fields"].get(name, {}).get("value", "")
        if posted != current or name in accepted or (type_changed and posted):
            changes[name] = posted
    resolve = [r for r in form.getlist("resolve") if r in record.get("review_reasons", [])]
    dossier = str(form.get("dossier_id") or "").strip()
    try:
        if changes or type_changed or resolve:
            review_document(
                services.ctx,
                doc_id,
                changes,
                doc_type=doc_type if type_changed else None,
                actor=user.name,
                catalogue=_catalogue(request),
                resolve=resolve,
            )
        if dossier and dossier != (record.get("dossier_id") or ""):
            link_document(services.ctx, doc_id, dossier, actor=user.name)
    except (ReviewError, LinkError) as exc:
        return _document_page(request, doc_id, error=str(exc), status=422)
    query = _filter_query(request)
    if form.get("action") == "next":
        review_queue.release(services.index, doc_id, user.name)
        return RedirectResponse(f"/review/next?after={doc_id}" + ("&" + query if query else ""), status_code=303)
    return RedirectResponse(f"/review/doc/{doc_id}?saved=1" + ("&" + query if query else ""), status_code=303)


@router.post("/doc/{doc_id}/release")
async def release(doc_id: str, request: Request) -> Response:
    user, session = current_user(request)
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    review_queue.release(_services(request).index, doc_id, user.name)
    return RedirectResponse("/review/queue", status_code=303)


# ------------------------------------------------------------ dashboard


@router.get("/dashboard")
def dashboard(request: Request) -> Response:
    user, _ = current_user(request)
    services = _services(request)
    index = services.index
    tz = ZoneInfo(services.settings.timezone)
    # in UTC: SQLite keeps the index's UTC times without their offset, so compare like with like
    midnight = datetime.combine(datetime.now(tz).date(), time(0), tzinfo=tz).astimezone(UTC)
    queue_items = review_queue.pending(index)
    with index.session() as s:
        archived_today = s.scalar(
            select(func.count()).where(DocumentRow.status == "archived", DocumentRow.created_at >= midnight)
        )
        boxes: dict[tuple[str, str], dict] = {}
        for campaign_id, box, state, n in s.execute(
            select(CampaignFileRow.campaign_id, CampaignFileRow.box, CampaignFileRow.state, func.count()).group_by(
                CampaignFileRow.campaign_id, CampaignFileRow.box, CampaignFileRow.state
            )
        ):
            boxes.setdefault((campaign_id, box), {"pending": 0, "archived": 0, "failed": 0})[state] = n
        box_docs: dict[tuple[str, str], set] = {}
        for c, b, ids in s.execute(
            select(CampaignFileRow.campaign_id, CampaignFileRow.box, CampaignFileRow.document_ids)
        ):
            box_docs.setdefault((c, b), set()).update(ids or [])
    queued = {item.id for item in queue_items}
    per_box_review = {key: len(ids & queued) for key, ids in box_docs.items()}
    rows = [
        {
            "campaign": c,
            "box": b or "—",
            "box_filter": b or TOP_LEVEL_BOX,
            **counts,
            "review": per_box_review.get((c, b), 0),
        }
        for (c, b), counts in sorted(boxes.items())
    ]
    return render(
        request,
        "dashboard.html",
        {
            "user": user,
            "backlog_left": sum(r["pending"] for r in rows),
            "archived_today": archived_today or 0,
            "queue_size": len(queue_items),
            "boxes": rows,
            "since": midnight.isoformat(),
        },
    )
