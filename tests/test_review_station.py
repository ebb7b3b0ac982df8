"""The review station (/review) through an in-process client: logins and their cookies, CSRF,
lock-out, admin-only pages, the queue's order and claims, saving through the review function.
The browser run (tests/test_review_browser.py) covers the keyboard and the highlight."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from digitize.pipeline import process_files
from storage import review_queue
from storage.db import utcnow
from storage.users import LOCK_MINUTES, MAX_FAILURES, create_user, get_user
from tests import fixtures_pdf as fx
from tests.api_support import api  # noqa: F401  (fixture)
from tests.support import DIGITIZE, cli_env

PASSWORD = "mật-khẩu-dài"
# A birth certificate whose ID's century/sex digit (2: male) disagrees with "Nữ": both
# flagged invalid, plus the reasons every unlinked document carries.
FLAGGED_LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY KHAI SINH",
    "Họ và tên: Nguyễn Thị Lan",
    "Ngày sinh: 12/03/2019",
    "Giới tính: Nữ",
    "Số định danh cá nhân: 077219001234",
)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _client(api) -> TestClient:  # noqa: F811
    return TestClient(api.app, raise_server_exceptions=True)


def _login(client: TestClient, name: str, password: str = PASSWORD):
    form = client.get("/review/login")
    return client.post(
        "/review/login",
        data={"csrf": _csrf(form.text), "username": name, "password": password, "next": "/review/queue"},
        follow_redirects=False,
    )


def _logged_in(api, name: str, role: str = "reviewer") -> TestClient:  # noqa: F811
    if get_user(api.services.index, name) is None:
        create_user(api.services.index, name, PASSWORD, role)
    client = _client(api)
    assert _login(client, name).status_code == 303
    return client


def _flagged(ctx, tmp_path, n: int = 1) -> list[dict]:
    paths = [fx.born_digital_pdf(tmp_path / f"flagged-{i}.pdf", FLAGGED_LINES) for i in range(n)]
    for i, path in enumerate(paths):  # different bytes: different documents
        path.write_bytes(path.read_bytes() + f"\n% {i}\n".encode())
    return process_files(ctx, [str(p) for p in paths])


def _synthetic(index, doc_id: str, *, queue: str | None, reasons=("no_dossier_id",), doc_type="birth_certificate"):
    record = {
        "id": doc_id,
        "status": "archived",
        "source": f"/scans/{doc_id}.pdf",
        "sha256": doc_id.lower().ljust(64, "0")[:64],
        "doc_type": doc_type,
        "doc_type_confidence": 0.9,
        "fields": {},
        "review_reasons": list(reasons),
        "needs_review": bool(reasons),
    }
    index.save(record, position=1, archive_key=f"unlinked/{doc_id}.pdf", queue=queue)


# ------------------------------------------------------------------ logins and sessions


@pytest.mark.parametrize(
    "path",
    ["/review", "/review/queue", "/review/next", "/review/dashboard", "/review/admin", "/review/doc/ANY"],
)
def test_every_page_needs_a_login(api, path):  # noqa: F811
    answer = _client(api).get(path, follow_redirects=True)
    assert answer.url.path == "/review/login"
    assert 'name="password"' in answer.text


def test_scripts_and_images_without_a_login_get_401(api):  # noqa: F811
    client = _client(api)
    assert client.get("/review/doc/ANY/page/1.png", follow_redirects=False).status_code == 401
    assert client.post("/review/doc/ANY/check", json={}, follow_redirects=False).status_code == 401


def test_login_cookie_is_http_only_and_same_site_and_logout_ends_it(api):  # noqa: F811
    create_user(api.services.index, "lan", PASSWORD, "reviewer")
    client = _client(api)
    answer = _login(client, "lan")
    assert answer.status_code == 303 and answer.headers["location"] == "/review/queue"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("dz_review=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/review" in cookie
    assert "Secure" not in cookie  # plain http here; behind TLS it carries Secure
    queue = client.get("/review/queue")
    assert queue.status_code == 200 and 'id="who">lan<' in queue.text
    for header in ("content-security-policy", "x-content-type-options"):
        assert header in queue.headers

    client.post("/review/logout", data={"csrf": _csrf(queue.text)}, follow_redirects=False)
    assert client.get("/review/queue", follow_redirects=False).status_code == 303


def test_logout_ends_the_session_on_the_server_too(api):  # noqa: F811
    client = _logged_in(api, "lan")
    copied = client.cookies.get("dz_review")
    client.post("/review/logout", data={"csrf": _csrf(client.get("/review/queue").text)})
    thief = _client(api)
    thief.cookies.set("dz_review", copied, path="/review")
    assert thief.get("/review/queue", follow_redirects=False).status_code == 303
    again = _client(api)
    assert _login(again, "lan").status_code == 303 and again.get("/review/queue").status_code == 200


def test_secure_cookie_behind_tls(api):  # noqa: F811
    create_user(api.services.index, "lan", PASSWORD, "reviewer")
    client = TestClient(api.app, base_url="https://review.example")
    assert "Secure" in _login(client, "lan").headers["set-cookie"]


def test_a_forged_or_old_cookie_is_no_login(api):  # noqa: F811
    client = _logged_in(api, "lan")
    good = client.cookies.get("dz_review")
    client.cookies.set("dz_review", good[:-2] + ("AA" if not good.endswith("AA") else "BB"), path="/review")
    assert client.get("/review/queue", follow_redirects=False).status_code == 303


def test_a_disabled_account_loses_its_session_at_once(api):  # noqa: F811
    client = _logged_in(api, "lan")
    assert client.get("/review/queue").status_code == 200
    from storage.users import set_disabled

    set_disabled(api.services.index, "lan", True)
    assert client.get("/review/queue", follow_redirects=False).status_code == 303
    assert _login(_client(api), "lan").status_code == 401


def test_wrong_password_five_times_locks_the_account(api):  # noqa: F811
    create_user(api.services.index, "lan", PASSWORD, "reviewer")
    client = _client(api)
    for attempt in range(MAX_FAILURES):
        answer = _login(client, "lan", "wrong password")
        assert answer.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu" in answer.text, attempt
    locked = _login(client, "lan")  # the right password, now refused
    assert locked.status_code == 401 and "tạm khoá" in locked.text
    assert get_user(api.services.index, "lan").locked_until is not None

    admin = _logged_in(api, "boss", "admin")
    page = admin.get("/review/admin")
    assert "/review/admin/users/lan/unlock" in page.text
    admin.post("/review/admin/users/lan/unlock", data={"csrf": _csrf(page.text)}, follow_redirects=False)
    assert _login(client, "lan").status_code == 303


def test_the_lock_lasts_a_while_then_lifts():
    from storage.index import Index
    from storage.users import AccountLocked, check_login

    index = Index("sqlite://")
    create_user(index, "lan", PASSWORD, "reviewer")
    now = utcnow()
    for _ in range(MAX_FAILURES):
        assert check_login(index, "lan", "nope", now=now) is None
    with pytest.raises(AccountLocked):
        check_login(index, "lan", PASSWORD, now=now + timedelta(minutes=LOCK_MINUTES - 1))
    assert check_login(index, "lan", PASSWORD, now=now + timedelta(minutes=LOCK_MINUTES + 1)).name == "lan"


# ------------------------------------------------------------------ CSRF and admin


def test_forms_without_their_csrf_token_are_refused(api, ctx, tmp_path):  # noqa: F811
    [record] = _flagged(ctx, tmp_path)
    client = _logged_in(api, "lan")
    page = client.get(f"/review/doc/{record['id']}")
    assert page.status_code == 200
    token = _csrf(page.text)
    for data in ({}, {"csrf": "forged"}):
        refused = client.post(f"/review/doc/{record['id']}", data={**data, "f.personal_id": "077319001234"})
        assert refused.status_code == 403
    assert client.post("/review/logout", data={}).status_code == 403
    assert client.post(f"/review/doc/{record['id']}/check", json={"field": "gender", "value": "x"}).status_code == 403
    assert ctx.index.get(record["id"])["fields"]["personal_id"]["value"] == "077219001234"
    assert ctx.index.audit_trail(record["id"]) == []
    # a token posted as a file, or not ASCII, is refused the same way (not an error)
    as_file = client.post(f"/review/doc/{record['id']}", files={"csrf": ("t.txt", token.encode())}, data={})
    assert as_file.status_code == 403
    assert client.post(f"/review/doc/{record['id']}", data={"csrf": "ß" + token[1:]}).status_code == 403
    # the login form too: a page from another site cannot log a browser in
    other = _client(api)
    assert other.post("/review/login", data={"username": "lan", "password": PASSWORD}).status_code == 403
    # and with the token, the same post works
    done = client.post(
        f"/review/doc/{record['id']}",
        data={"csrf": token, "doc_type": "birth_certificate", "f.personal_id": "077319001234"},
        follow_redirects=False,
    )
    assert done.status_code == 303


def test_a_reviewer_cannot_reach_admin_pages(api):  # noqa: F811
    reviewer = _logged_in(api, "lan")
    page = reviewer.get("/review/admin")
    assert (
        page.status_code == 403 and "quản trị viên" in page.text and "users" not in page.text.lower().split("<main>")[1]
    )
    token = _csrf(reviewer.get("/review/queue").text)
    for path in ("/review/admin/users", "/review/admin/users/lan/unlock", "/review/admin/claims/X/release"):
        assert reviewer.post(path, data={"csrf": token, "username": "x", "password": "y" * 10}).status_code == 403
    assert get_user(api.services.index, "x") is None
    assert 'href="/review/admin"' not in reviewer.get("/review/queue").text


def test_admin_creates_disables_and_enables_accounts(api):  # noqa: F811
    admin = _logged_in(api, "boss", "admin")
    token = _csrf(admin.get("/review/admin").text)
    made = admin.post(
        "/review/admin/users",
        data={"csrf": token, "username": "minh", "role": "reviewer", "password": PASSWORD, "password2": PASSWORD},
        follow_redirects=True,
    )
    assert made.status_code == 200 and 'data-user="minh"' in made.text
    short = admin.post(
        "/review/admin/users",
        data={"csrf": token, "username": "short", "role": "reviewer", "password": "abc", "password2": "abc"},
    )
    assert short.status_code == 422 and get_user(api.services.index, "short") is None
    admin.post("/review/admin/users/minh/disable", data={"csrf": token})
    assert get_user(api.services.index, "minh").disabled
    assert _login(_client(api), "minh").status_code == 401
    admin.post("/review/admin/users/minh/enable", data={"csrf": token})
    assert _login(_client(api), "minh").status_code == 303
    own = admin.post("/review/admin/users/boss/disable", data={"csrf": token})
    assert own.status_code == 422 and not get_user(api.services.index, "boss").disabled


def test_english_on_request_vietnamese_by_default(api):  # noqa: F811
    client = _client(api)
    assert "Đăng nhập" in client.get("/review/login").text
    client.get("/review/lang/en?next=/review/login")
    assert "Log in" in client.get("/review/login").text


# ------------------------------------------------------------------ the queue and claims


def test_queue_counter_first_then_oldest_with_filters_and_counts(api):  # noqa: F811
    index = api.services.index
    _synthetic(index, "DOC-BACKLOG-1", queue="backlog", reasons=("no_dossier_id", "low_confidence:full_name"))
    _synthetic(index, "DOC-PLAIN", queue=None, reasons=("doc_type_uncertain",), doc_type="marriage_certificate")
    _synthetic(index, "DOC-COUNTER", queue="counter", reasons=("no_dossier_id",))
    _synthetic(index, "DOC-DONE", queue="counter", reasons=())
    assert [i.id for i in review_queue.pending(index)] == ["DOC-COUNTER", "DOC-BACKLOG-1", "DOC-PLAIN"]

    client = _logged_in(api, "lan")
    page = client.get("/review/queue").text
    assert re.findall(r'data-doc="([^"]+)"', page) == ["DOC-COUNTER", "DOC-BACKLOG-1", "DOC-PLAIN"]
    counts = dict(review_queue.reason_counts(review_queue.pending(index)))
    assert counts == {"no_dossier_id": 2, "low_confidence": 1, "doc_type_uncertain": 1}
    # the filter form sends every field, empty ones too: an empty box filters nothing
    form = client.get("/review/queue?campaign=&box=&doc_type=&reason=&dossier_id=").text
    assert re.findall(r'data-doc="([^"]+)"', form) == ["DOC-COUNTER", "DOC-BACKLOG-1", "DOC-PLAIN"]
    only = client.get("/review/queue?reason=low_confidence&box=").text
    assert re.findall(r'data-doc="([^"]+)"', only) == ["DOC-BACKLOG-1"]
    typed = client.get("/review/queue?doc_type=marriage_certificate").text
    assert re.findall(r'data-doc="([^"]+)"', typed) == ["DOC-PLAIN"]


def test_two_reviewers_never_get_the_same_document(api, ctx, tmp_path):  # noqa: F811
    first, second = _flagged(ctx, tmp_path, 2)
    lan, minh = _logged_in(api, "lan"), _logged_in(api, "minh")
    got_lan = lan.get("/review/next", follow_redirects=False).headers["location"]
    got_minh = minh.get("/review/next", follow_redirects=False).headers["location"]
    assert {got_lan, got_minh} == {f"/review/doc/{first['id']}", f"/review/doc/{second['id']}"}
    assert minh.get("/review/next", follow_redirects=False).headers["location"] == got_minh  # keeps its own

    held = minh.get(got_lan)
    assert held.status_code == 200 and "lan" in held.text and 'id="held"' in held.text
    refused = minh.post(got_lan, data={"csrf": _csrf(held.text), "f.personal_id": "077319001234"})
    assert refused.status_code == 409
    doc_id = got_lan.rsplit("/", 1)[1]
    assert ctx.index.get(doc_id)["fields"]["personal_id"]["value"] == "077219001234"


def test_admin_sees_and_releases_claims(api, ctx, tmp_path):  # noqa: F811
    [record] = _flagged(ctx, tmp_path)
    lan = _logged_in(api, "lan")
    assert lan.get("/review/next", follow_redirects=False).headers["location"] == f"/review/doc/{record['id']}"
    admin = _logged_in(api, "boss", "admin")
    page = admin.get("/review/admin").text
    assert f"/review/admin/claims/{record['id']}/release" in page and "<td>lan</td>" in page
    admin.post(f"/review/admin/claims/{record['id']}/release", data={"csrf": _csrf(page)})
    assert review_queue.holder(ctx.index, record["id"]) is None
    minh = _logged_in(api, "minh")
    assert minh.get("/review/next", follow_redirects=False).headers["location"] == f"/review/doc/{record['id']}"


def test_passing_over_documents_walks_the_queue(api):  # noqa: F811
    index = api.services.index
    for doc_id in ("DOC-A", "DOC-B", "DOC-C"):
        _synthetic(index, doc_id, queue="backlog")
    lan = _logged_in(api, "lan")
    seen = [lan.get("/review/next", follow_redirects=False).headers["location"].rsplit("/", 1)[1]]
    for _ in range(3):
        step = lan.get(f"/review/next?after={seen[-1]}", follow_redirects=False).headers["location"]
        seen.append(step.rsplit("/", 1)[1])
    assert seen == ["DOC-A", "DOC-B", "DOC-C", "DOC-A"]  # every one, then round again
    assert [c.document_id for c in review_queue.claims(index)] == ["DOC-A"]  # the passed-over ones are free


def test_a_claim_expires():
    from storage.index import Index

    index = Index("sqlite://")
    now = utcnow()
    assert review_queue.claim(index, "D1", "lan", now=now)
    assert not review_queue.claim(index, "D1", "minh", now=now + timedelta(minutes=review_queue.CLAIM_MINUTES - 1))
    assert review_queue.holder(index, "D1", now=now) == "lan"
    later = now + timedelta(minutes=review_queue.CLAIM_MINUTES + 1)
    assert review_queue.holder(index, "D1", now=later) is None
    assert review_queue.claim(index, "D1", "minh", now=later)
    assert review_queue.holder(index, "D1", now=later) == "minh"


# ------------------------------------------------------------------ the document view and saving


def test_document_view_shows_fields_checks_and_the_page(api, ctx, tmp_path):  # noqa: F811
    [record] = _flagged(ctx, tmp_path)
    client = _logged_in(api, "lan")
    page = client.get(f"/review/doc/{record['id']}")
    assert page.status_code == 200
    for name in ("full_name", "date_of_birth", "gender", "personal_id"):
        assert f'name="f.{name}"' in page.text
    assert 'value="077219001234"' in page.text
    assert 'class="field flagged' in page.text and 'name="resolve" value="no_dossier_id"' in page.text
    image = client.get(f"/review/doc/{record['id']}/page/1.png?w=600")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(image.content)).width == 600
    assert client.get(f"/review/doc/{record['id']}/page/2.png").status_code == 404
    assert client.get("/review/doc/..%2F..%2Fetc%2Fpasswd").status_code == 404

    token = _csrf(page.text)
    check = lambda body: client.post(  # noqa: E731
        f"/review/doc/{record['id']}/check", json=body, headers={"X-CSRF-Token": token}
    ).json()
    context = {"date_of_birth": "12/03/2019", "gender": "Nữ"}
    wrong = check(
        {"field": "personal_id", "value": "077219001234", "doc_type": "birth_certificate", "context": context}
    )
    assert not wrong["ok"] and "male" in wrong["problem"]
    right = check(
        {"field": "personal_id", "value": "077 319 001234", "doc_type": "birth_certificate", "context": context}
    )
    assert right == {"ok": True, "value": "077319001234", "problem": None}
    assert check({"field": "date_of_birth", "value": "31/02/2019", "doc_type": "birth_certificate"})["ok"] is False
    assert check({"field": "dossier_id", "value": "not a code"})["ok"] is False
    broken = client.post(f"/review/doc/{record['id']}/check", content=b"{not json", headers={"X-CSRF-Token": token})
    assert broken.status_code == 400


def test_a_document_view_fetches_its_pdf_from_the_archive_once(api, ctx, tmp_path, monkeypatch):  # noqa: F811
    [record] = _flagged(ctx, tmp_path)
    archive = api.services.archive
    fetched = []
    real = archive.get_bytes
    monkeypatch.setattr(archive, "get_bytes", lambda key: fetched.append(key) or real(key))
    client = _logged_in(api, "lan")
    client.get(f"/review/doc/{record['id']}")
    for width in (600, 1400, 2400):
        assert client.get(f"/review/doc/{record['id']}/page/1.png?w={width}").status_code == 200
    assert len(fetched) == 1


def test_saving_goes_through_the_review_function_and_leaves_the_queue(api, ctx, tmp_path):  # noqa: F811
    first, second = _flagged(ctx, tmp_path, 2)
    client = _logged_in(api, "lan")
    page = client.get(f"/review/doc/{first['id']}")
    resolvable = [r for r in first["review_reasons"] if r in ("no_dossier_id", "doc_type_uncertain")]
    saved = client.post(
        f"/review/doc/{first['id']}",
        data={
            "csrf": _csrf(page.text),
            "doc_type": first["doc_type"],
            "f.personal_id": "077319001234",
            "f.gender": "Nữ",
            "accept": ["gender"],
            "resolve": resolvable,
            "action": "next",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"/review/next?after={first['id']}")
    assert client.get(saved.headers["location"], follow_redirects=False).headers["location"] == (
        f"/review/doc/{second['id']}"
    )
    record = ctx.index.get(first["id"])
    assert record["fields"]["personal_id"]["value"] == "077319001234"
    assert record["needs_review"] is False and record["review_reasons"] == []
    assert record["reviewed_by"] == "lan"
    [entry] = ctx.index.audit_trail(first["id"])
    assert entry["actor"] == "lan" and entry["changes"]["personal_id"] == ["077219001234", "077319001234"]
    assert first["id"] not in [i.id for i in review_queue.pending(ctx.index)]
    assert first["id"] in [r["id"] for r in ctx.index.reviewed_records()]  # what `digitize train` learns from


def test_a_wrong_value_is_refused_with_the_reason_and_nothing_changes(api, ctx, tmp_path):  # noqa: F811
    [record] = _flagged(ctx, tmp_path)
    client = _logged_in(api, "lan")
    page = client.get(f"/review/doc/{record['id']}")
    refused = client.post(
        f"/review/doc/{record['id']}",
        data={"csrf": _csrf(page.text), "doc_type": record["doc_type"], "f.date_of_birth": "31/02/2019"},
    )
    assert refused.status_code == 422 and "date_of_birth" in refused.text
    assert ctx.index.audit_trail(record["id"]) == []


def test_setting_the_dossier_code_links_the_document(api, ctx, tmp_path):  # noqa: F811
    [record] = _flagged(ctx, tmp_path)
    client = _logged_in(api, "lan")
    page = client.get(f"/review/doc/{record['id']}")
    dossier = "000.00.12.H02-230818-0042"
    client.post(
        f"/review/doc/{record['id']}",
        data={"csrf": _csrf(page.text), "doc_type": record["doc_type"], "dossier_id": dossier},
        follow_redirects=False,
    )
    linked = ctx.index.get(record["id"])
    assert linked["dossier_id"] == dossier and "no_dossier_id" not in linked["review_reasons"]
    assert f"dossiers/{dossier}/" in linked["archive"]["pdf"]
    assert [e["actor"] for e in ctx.index.audit_trail(record["id"])] == ["lan"]


def test_dashboard_counts(api, ctx, tmp_path):  # noqa: F811
    _flagged(ctx, tmp_path, 2)
    page = _logged_in(api, "lan").get("/review/dashboard").text
    assert re.search(r'id="archived-today">2<', page) and re.search(r'id="queue-size">2<', page)


# ------------------------------------------------------------------ the accounts command


def test_user_command_creates_lists_disables_and_unlocks(home):
    env = cli_env(home)
    run = lambda *args, stdin=None: subprocess.run(  # noqa: E731
        [DIGITIZE, "user", *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )
    made = run("create", "lan", "--role", "reviewer", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.returncode == 0, made.stderr
    assert PASSWORD not in made.stdout + made.stderr
    differ = run("create", "minh", "--role", "admin", stdin=f"{PASSWORD}\nsomething else\n")
    assert differ.returncode != 0 and "differ" in differ.stderr.lower()
    short = run("create", "minh", "--role", "admin", stdin="short\n")
    assert short.returncode != 0 and "8" in short.stderr
    bad_role = run("create", "minh", "--role", "boss", stdin=f"{PASSWORD}\n")
    assert bad_role.returncode != 0
    listed = [json.loads(line) for line in run("list", "--json").stdout.splitlines()]
    assert [(u["name"], u["role"], u["disabled"]) for u in listed] == [("lan", "reviewer", False)]
    assert "password" not in json.dumps(listed)
    assert run("disable", "lan").returncode == 0
    assert json.loads(run("list", "--json").stdout)["disabled"] is True
    assert run("enable", "lan").returncode == 0 and run("unlock", "lan").returncode == 0
    assert run("create", "lan\n", "--role", "reviewer", stdin=f"{PASSWORD}\n").returncode != 0
    missing = run("disable", "nobody")
    assert missing.returncode != 0 and "nobody" in missing.stderr
