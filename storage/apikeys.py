"""API keys: made, listed, revoked and checked. The key is shown once; the index keeps its
public id, its name, its scopes and the SHA-256 of its secret part, never the key itself.

A key reads `dz_<id>_<secret>`: the id finds the row, the secret's hash is compared in
constant time (hmac.compare_digest). Secrets are 256 random bits, so a plain SHA-256 is
enough: nothing to guess that a slow hash would protect.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage.db import utcnow
from storage.index import Index
from storage.models import ApiKeyRow

SCOPES = ("read", "submit", "review", "admin")
ADMIN = "admin"
_KEY = re.compile(r"^dz_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$")
_NAME = re.compile(r"^[\w.@-]{1,100}$")
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


class KeyError_(ValueError):
    """A key that cannot be made or revoked; the message says why."""


@dataclass(frozen=True)
class ApiKey:
    name: str
    scopes: tuple[str, ...]
    created_at: str
    revoked_at: str | None = None
    last_used_at: str | None = None

    def allows(self, scope: str) -> bool:
        return ADMIN in self.scopes or scope in self.scopes

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "scopes": list(self.scopes),
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
            "last_used_at": self.last_used_at,
        }


def parse_scopes(text: str) -> tuple[str, ...]:
    scopes = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    unknown = [s for s in scopes if s not in SCOPES]
    if not scopes or unknown:
        raise KeyError_(f"Scopes are a comma-separated list of {', '.join(SCOPES)}; got {text!r}.")
    return scopes


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def _key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(row.name, tuple(row.scopes), _iso(row.created_at), _iso(row.revoked_at), _iso(row.last_used_at))


def create_key(index: Index, name: str, scopes: tuple[str, ...]) -> str:
    """A new key named `name`; returns the key (the only time it is ever seen)."""
    if not _NAME.match(name):
        raise KeyError_("A key's name is 1 to 100 letters, digits, '.', '_', '-' or '@'.")
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    try:
        with index.begin() as s:
            s.add(ApiKeyRow(id=key_id, name=name, secret_hash=_hash(secret), scopes=list(scopes), created_at=utcnow()))
    except IntegrityError:
        raise KeyError_(f"There is already a key named {name!r} (revoked keys keep their name).") from None
    return f"dz_{key_id}_{secret}"


def list_keys(index: Index) -> list[ApiKey]:
    with index.session() as s:
        return [_key(row) for row in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.name))]


def revoke_key(index: Index, name: str) -> None:
    with index.begin() as s:
        row = s.scalars(select(ApiKeyRow).where(ApiKeyRow.name == name)).first()
        if row is None:
            raise KeyError_(f"There is no key named {name!r}.")
        if row.revoked_at is None:
            row.revoked_at = utcnow()


def check_key(index: Index, presented: str) -> ApiKey | None:
    """The key's name and scopes, or None for a key that is malformed, unknown or revoked."""
    match = _KEY.match(presented or "")
    row = None
    if match:
        with index.session() as s:
            row = s.get(ApiKeyRow, match.group(1))
    expected = row.secret_hash if row is not None else _DUMMY_HASH
    ok = hmac.compare_digest(expected, _hash(match.group(2) if match else presented or ""))
    if not ok or row is None or row.revoked_at is not None:
        return None
    return _key(row)
