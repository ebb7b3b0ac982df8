"""API keys: made, listed, revoked, checked; the key itself is never stored."""

from __future__ import annotations

import json
import subprocess

from sqlalchemy import text

from storage.apikeys import check_key, create_key, list_keys, revoke_key
from storage.index import Index
from tests.support import DIGITIZE


def test_a_key_is_shown_once_and_stored_hashed(home):
    index = Index(f"sqlite:///{home}/index.db")
    key = create_key(index, "counter-1", ("submit", "read"))
    with index.engine.connect() as conn:
        stored = " ".join(str(v) for row in conn.execute(text("SELECT * FROM api_keys")) for v in row)
    assert key.split("_")[-1] not in stored and key not in stored
    checked = check_key(index, key)
    assert checked.name == "counter-1" and checked.allows("read") and not checked.allows("review")
    assert check_key(index, key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert check_key(index, "not a key") is None and check_key(index, "") is None
    revoke_key(index, "counter-1")
    assert check_key(index, key) is None
    assert list_keys(index)[0].revoked_at is not None
    index.close()


def test_admin_includes_every_scope(home):
    index = Index(f"sqlite:///{home}/index.db")
    admin = check_key(index, create_key(index, "ops", ("admin",)))
    assert all(admin.allows(s) for s in ("read", "submit", "review", "admin"))
    index.close()


def test_cli_create_list_revoke(home):
    made = subprocess.run(
        [DIGITIZE, "apikey", "create", "--name", "dossier-system", "--scope", "read"], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    key = made.stdout.splitlines()[0]
    assert key.startswith("dz_") and made.stdout.strip() == key  # alone on the first line
    listed = subprocess.run([DIGITIZE, "apikey", "list", "--json"], capture_output=True, text=True, check=True).stdout
    assert key not in listed and json.loads(listed.splitlines()[0])["scopes"] == ["read"]
    bad = subprocess.run(
        [DIGITIZE, "apikey", "create", "--name", "x", "--scope", "read,write"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "read, submit, review, admin" in bad.stderr
    again = subprocess.run(
        [DIGITIZE, "apikey", "create", "--name", "dossier-system", "--scope", "read"], capture_output=True, text=True
    )
    assert again.returncode == 2 and "already" in again.stderr
    assert subprocess.run([DIGITIZE, "apikey", "revoke", "dossier-system"], capture_output=True).returncode == 0
    assert subprocess.run([DIGITIZE, "apikey", "revoke", "nobody"], capture_output=True).returncode == 2
