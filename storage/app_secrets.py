"""Secrets every process sharing the index shares (the search cursor's HMAC key, the review
station's session key): made once, at random, on first use, and kept in `app_secrets`."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from storage.models import AppSecretRow


def shared_secret(index, name: str) -> bytes:
    """The secret called `name`, made on first use (the first process to make it wins)."""
    with index.session() as s:
        row = s.get(AppSecretRow, name)
        if row is not None:
            return bytes.fromhex(row.value)
    try:
        with index.begin() as s:
            s.add(AppSecretRow(name=name, value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another process made it first: use theirs
    with index.session() as s:
        return bytes.fromhex(s.get(AppSecretRow, name).value)
