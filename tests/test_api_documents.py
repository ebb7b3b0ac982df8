"""The API's documents: dossiers, records, PDF and original downloads, search, corrections.

Records are saved straight into the index (and their bytes into the archive) rather than made
by the pipeline: these tests are about the API, and the pipeline is slow. Search runs on SQLite
and, where DATABASE_URL points to one, on PostgreSQL (a fresh schema per test).
"""

from __future__ import annotations

import hashlib
import urllib.request
import uuid

import pytest
from sqlalchemy import text

from api.problems import PROBLEM_TYPE
from storage import layout
from tests.api_support import Api, api_over
from tests.services import fresh_schema, moto_auth_off

DOSSIER = "000.00.12.H02-230818-0001"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def add_document(
    api: Api,
    *,
    name: str = "Nguyễn Văn An",
    dossier_id: str | None = None,
    seq: int | None = None,
    doc_type: str = "birth_certificate",
    personal_id: str | None = None,
    registration_date: str | None = None,
    reasons: tuple[str, ...] = (),
    status: str = "archived",
    text_body: str = "",
) -> dict:
    """A record saved through Index.save, with its original (and PDF when archived) in the archive."""
    archive, index = api.services.archive, api.services.index
    original = f"scan of {name} {uuid.uuid4()}".encode()
    sha = _sha(original)
    archive.put_bytes(layout.original_key(sha), original)
    fields = {"full_name": {"value": name, "confidence": 0.9, "page": 1}}
    if personal_id:
        fields["personal_id"] = {"value": personal_id, "confidence": 0.9, "page": 1}
    if registration_date:
        fields["registration_date"] = {"value": registration_date, "confidence": 0.9, "page": 1}
    pdf_key = None
    if status == "archived":
        pdf_key = layout.dossier_pdf_key(dossier_id, seq) if dossier_id else layout.unlinked_pdf_key(sha, 1)
        archive.put_bytes(pdf_key, PDF, "application/pdf")
    record = {
        "id": str(uuid.uuid4()),
        "source": f"/scans/{name}.png",
        "sha256": sha,
        "pages": 1,
        "source_pages": [1, 1],
        "doc_type": doc_type,
        "doc_type_confidence": 0.9,
        "dossier_id": dossier_id,
        "dossier_id_source": "given" if dossier_id else None,
        "fields": fields if status == "archived" else {},
        "text": text_body,
        "needs_review": bool(reasons),
        "review_reasons": list(reasons),
        "archive": {"pdf": archive.url(pdf_key) if pdf_key else None, "sha256": _sha(PDF) if pdf_key else None},
        "status": status,
        "created_at": "2026-11-26T13:05:00+07:00",
    }
    if status == "failed":
        record["error"] = {"code": "unreadable_input", "message": "The file is damaged."}
    index.save(record, position=1, archive_key=pdf_key, dossier_seq=seq)
    return record


@pytest.fixture
def fresh_postgres_url():
    """A schema of our own for one test (search results must not see other tests' documents)."""
    with fresh_schema("digitize_api") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_api(request, settings, monkeypatch):
    """The API over the embedded SQLite index, then over PostgreSQL."""
    monkeypatch.setenv("DIGITIZE_WEBHOOKS", "off")
    if request.param == "sqlite":
        instance = Api(settings)
    else:
        instance = api_over(settings, database_url=request.getfixturevalue("fresh_postgres_url"))
    with instance.client:
        yield instance
    instance.close()


def _get(api: Api, url: str, scope: str = "read", **kwargs):
    return api.client.get(f"/api/v1{url}", headers={**api.auth(scope), **kwargs.pop("headers", {})}, **kwargs)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_TYPE)
    return response.json()


# ------------------------------------------------------------ records


def test_dossier_lists_its_documents_in_dossier_order(api):
    second = add_document(api, dossier_id=DOSSIER, seq=2, name="Trần Thị Bình")
    first = add_document(api, dossier_id=DOSSIER, seq=1)
    add_document(api, name="Lê Văn Cường")  # not in the dossier

    answer = _get(api, f"/dossiers/{DOSSIER}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["dossier_id"] == DOSSIER
    assert [d["id"] for d in body["documents"]] == [first["id"], second["id"]]

    assert "detail" in _problem(_get(api, "/dossiers/000.00.12.H02-230818-9999"), 404)


def test_document_record_and_unknown_ids(api):
    record = add_document(api)
    answer = _get(api, f"/documents/{record['id']}")
    assert answer.status_code == 200 and answer.json() == record
    for unknown in ("nope", "a%00b", "x" * 300):
        assert _problem(_get(api, f"/documents/{unknown}"), 404)["status"] == 404
        _problem(_get(api, f"/documents/{unknown}/pdf"), 404)


def test_record_routes_need_the_read_scope(api):
    record = add_document(api)
    assert api.client.get(f"/api/v1/documents/{record['id']}").status_code == 401
    assert _get(api, f"/documents/{record['id']}", scope="submit").status_code == 403


# ------------------------------------------------------------ bytes


def test_pdf_download_with_etag_range_and_not_modified(api):
    record = add_document(api, dossier_id=DOSSIER, seq=1)
    url = f"/documents/{record['id']}/pdf"
    etag = f'"{_sha(PDF)}"'

    whole = _get(api, url)
    assert whole.status_code == 200 and whole.content == PDF
    assert whole.headers["content-type"] == "application/pdf"
    assert whole.headers["etag"] == etag and whole.headers["accept-ranges"] == "bytes"
    assert f'filename="{DOSSIER}.01.pdf"' in whole.headers["content-disposition"]

    part = _get(api, url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == PDF[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(PDF)}"

    assert _get(api, url, headers={"Range": f"bytes={len(PDF) + 5}-"}).status_code == 416
    assert _get(api, url, headers={"If-None-Match": etag}).status_code == 304
    assert _get(api, url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_original_download(api):
    record = add_document(api, name="Đào Thị Hoa")
    answer = _get(api, f"/documents/{record['id']}/original")
    assert answer.status_code == 200
    assert _sha(answer.content) == record["sha256"]
    assert answer.headers["etag"] == f'"{record["sha256"]}"'
    assert answer.headers["content-type"] == "application/octet-stream"
    # Only safe characters of the label reach the header.
    assert 'filename="Dao_Thi_Hoa.png"' in answer.headers["content-disposition"]


def test_a_failed_document_has_no_pdf_but_keeps_its_original(api):
    record = add_document(api, status="failed")
    detail = _problem(_get(api, f"/documents/{record['id']}/pdf"), 404)["detail"]
    assert "no PDF" in detail
    assert _get(api, f"/documents/{record['id']}/original").status_code == 200


def test_on_s3_downloads_redirect_to_a_presigned_url(settings, s3_env, monkeypatch):
    monkeypatch.setenv("DIGITIZE_WEBHOOKS", "off")
    s3 = api_over(
        settings,
        storage_url=f"s3://api-{uuid.uuid4().hex[:8]}/archive",
        s3_endpoint=s3_env["S3_ENDPOINT"],
        s3_access_key=s3_env["S3_ACCESS_KEY"],
        s3_secret_key=s3_env["S3_SECRET_KEY"],
        s3_secure=False,
        retention_years=0,
    )
    with s3.client:
        record = add_document(s3, dossier_id=DOSSIER, seq=1)
        answer = _get(s3, f"/documents/{record['id']}/pdf", follow_redirects=False)
        assert answer.status_code == 307
        location = answer.headers["location"]
        assert location.startswith(f"http://{s3_env['S3_ENDPOINT']}/") and "X-Amz-Signature" in location
        assert "X-Amz-Expires=900" in location
        # The URL works without our key (moto checks presigned queries only with its auth off).
        with moto_auth_off(s3_env["S3_ENDPOINT"]), urllib.request.urlopen(location, timeout=10) as fetched:
            assert fetched.read() == PDF
    s3.close()


# ------------------------------------------------------------ search


def _search(api: Api, **params) -> dict:
    answer = _get(api, "/documents", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _ids(page: dict) -> set[str]:
    return {item["id"] for item in page["items"]}


def test_full_text_ignores_marks_and_case(any_api):
    an = add_document(any_api, name="Nguyễn Văn An")
    dao = add_document(any_api, name="Lê Thị Mai", text_body="Mẹ: Đào Thị Hoa")
    add_document(any_api, name="Trần Văn Bình")

    assert _ids(_search(any_api, q="nguyen van an")) == {an["id"]}
    assert _ids(_search(any_api, q="NGUYỄN văn AN")) == {an["id"]}
    assert _ids(_search(any_api, q="dao")) == {dao["id"]}
    assert _ids(_search(any_api, q="Đào hoa")) == {dao["id"]}
    assert _ids(_search(any_api, q="nguyen binh")) == set()  # every word must match


def test_each_filter(any_api):
    a = add_document(any_api, dossier_id=DOSSIER, seq=1, personal_id="077319001234", registration_date="2019-03-12")
    b = add_document(any_api, doc_type="death_certificate", registration_date="2020-01-01")
    c = add_document(any_api, registration_date="2021-06-30")

    assert _ids(_search(any_api, dossier_id=DOSSIER)) == {a["id"]}
    assert _ids(_search(any_api, personal_id="077319001234")) == {a["id"]}
    assert _ids(_search(any_api, doc_type="death_certificate")) == {b["id"]}
    assert _ids(_search(any_api, **{"from": "2020-01-01"})) == {b["id"], c["id"]}
    assert _ids(_search(any_api, to="2020-01-01")) == {a["id"], b["id"]}
    assert _ids(_search(any_api, **{"from": "2019-03-12", "to": "2019-03-12"})) == {a["id"]}
    assert _ids(_search(any_api, doc_type="birth_certificate", q="nguyen")) == {a["id"], c["id"]}


def test_failed_records_are_found_too(any_api):
    failed = add_document(any_api, status="failed", name="Phạm Hùng")
    assert _ids(_search(any_api, q="pham hung")) == {failed["id"]}


def test_pages_give_every_record_once_in_a_stable_order(any_api):
    made = {add_document(any_api, name=f"Người {n}")["id"] for n in range(7)}
    everything = [item["id"] for item in _search(any_api, limit=200)["items"]]
    seen, cursor = [], None
    while True:
        page = _search(any_api, limit=3, **({"cursor": cursor} if cursor else {}))
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and set(seen) == made and len(seen) == 7


def test_limit_bounds_and_bad_dates(any_api):
    for bad in ({"limit": 0}, {"limit": 201}, {"limit": "many"}, {"from": "2020-13-01"}, {"to": "0"}):
        _problem(_get(any_api, "/documents", params=bad), 422)
    assert _search(any_api, limit=200)["next_cursor"] is None


def test_a_tampered_cursor_is_refused(any_api):
    for n in range(3):
        add_document(any_api, name=f"Người {n}")
    cursor = _search(any_api, limit=1)["next_cursor"]
    body, signature = cursor.split(".")
    forged = ("A" if body[0] != "A" else "B") + body[1:] + "." + signature
    for bad in (forged, cursor[:-2], "garbage", "a.b.c", "é." + signature, "x" * 5000):
        detail = _problem(_get(any_api, "/documents", params={"cursor": bad}), 400)["detail"]
        assert detail.startswith("The cursor is not valid")
    assert _search(any_api, cursor=cursor)["items"]  # the genuine one still works


def test_postgres_search_uses_the_gin_index(settings, fresh_postgres_url, monkeypatch):
    """The full-text condition is the indexed expression, so the planner can use the index."""
    from storage.search import _full_text

    api = api_over(settings, database_url=fresh_postgres_url)
    clause = _full_text("postgresql", ["nguyen"])
    with api.services.index.session() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))
        plan = s.execute(text("EXPLAIN SELECT id FROM documents WHERE " + str(clause)), {"fts_words": "nguyen"})
        assert "ix_documents_search" in " ".join(row[0] for row in plan)
    api.close()


# ------------------------------------------------------------ corrections


def _patch(api: Api, doc_id: str, body: dict, scope: str = "review"):
    return api.client.patch(f"/api/v1/documents/{doc_id}/fields", json=body, headers=api.auth(scope))


def test_a_correction_changes_the_field_and_names_the_key(api):
    record = add_document(api, reasons=("low_confidence:full_name", "no_dossier_id"))
    answer = _patch(api, record["id"], {"fields": {"full_name": "Nguyễn Văn Ân"}})
    assert answer.status_code == 200, answer.text
    updated = answer.json()
    assert updated["fields"]["full_name"]["value"] == "Nguyễn Văn Ân"
    assert updated["review_reasons"] == ["no_dossier_id"]
    assert api.services.index.get(record["id"])["fields"]["full_name"]["value"] == "Nguyễn Văn Ân"
    [entry] = api.services.index.audit_trail(record["id"])
    assert entry["actor"] == "apikey:test-review" and entry["changes"]["full_name"] == [
        "Nguyễn Văn An",
        "Nguyễn Văn Ân",
    ]


def test_resolve_settles_a_reason_without_changing_a_value(api):
    record = add_document(api, reasons=("no_dossier_id",))
    answer = _patch(api, record["id"], {"resolve": ["no_dossier_id"]})
    assert answer.status_code == 200, answer.text
    updated = answer.json()
    assert updated["review_reasons"] == [] and updated["needs_review"] is False
    assert updated["fields"] == record["fields"]
    [entry] = api.services.index.audit_trail(record["id"])
    assert entry["changes"]["review_reasons"] == [["no_dossier_id"], []]

    again = _problem(_patch(api, record["id"], {"resolve": ["no_dossier_id"]}), 422)
    assert "no review reason" in again["detail"]


def test_corrections_that_cannot_be_applied(api):
    record = add_document(api)
    assert (
        "date_of_birth"
        in _problem(_patch(api, record["id"], {"fields": {"date_of_birth": "31/02/2019"}}), 422)["detail"]
    )
    _problem(_patch(api, record["id"], {"fields": {}}), 422)  # nothing to change
    _problem(_patch(api, record["id"], {"fields": {"full_name": "x"}, "extra": 1}), 422)
    _problem(_patch(api, record["id"], {"fields": {"full_name": "a\x00b"}}), 422)
    _problem(_patch(api, "nope", {"fields": {"full_name": "x"}}), 404)
    assert _patch(api, record["id"], {"fields": {"full_name": "x"}}, scope="read").status_code == 403
    assert api.services.index.audit_trail(record["id"]) == []


def test_openapi_documents_the_routes(api):
    spec = api.client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/v1/documents", "/api/v1/documents/{document_id}", "/api/v1/dossiers/{dossier_id}"):
        assert "get" in paths[path]
    assert "application/pdf" in paths["/api/v1/documents/{document_id}/pdf"]["get"]["responses"]["200"]["content"]
    body = paths["/api/v1/documents/{document_id}/fields"]["patch"]["requestBody"]
    assert body["content"]["application/json"]["schema"]
    names = {p["name"] for p in paths["/api/v1/documents"]["get"]["parameters"]}
    assert {"from", "to", "q", "limit", "cursor", "dossier_id", "personal_id", "doc_type"} <= names
