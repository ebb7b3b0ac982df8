"""Staff accounts for the review station: made, listed, disabled, unlocked, and checked at
login. Passwords are hashed with argon2 (argon2-cffi's defaults, RFC 9106's low-memory
profile); the index never holds a password.

Lock-out: `MAX_FAILURES` wrong passwords in a row lock the account for `LOCK_MINUTES`; a
right password while locked is refused too, so guessing gains nothing. An admin can unlock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage.db import utcnow
from storage.index import Index
from storage.models import UserRow

ROLES = ("reviewer", "admin")
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
_NAME = re.compile(r"^[\w.@-]{1,100}$")
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("no such user")  # checked for unknown names too: the time says nothing


class UserError(ValueError):
    """An account that cannot be made or changed; the message says why."""


class AccountLocked(Exception):
    """Too many wrong passwords: the account is locked until `until`."""

    def __init__(self, until: datetime):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool = False
    locked_until: str | None = None
    failed_logins: int = 0
    last_login_at: str | None = None
    session_generation: int = 0  # sessions made under an earlier one are over (logout)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _aware(at: datetime | None) -> datetime | None:
    # SQLite gives back naive datetimes for what was stored in UTC.
    return at if at is None or at.tzinfo else at.replace(tzinfo=utcnow().tzinfo)


def _user(row: UserRow, now: datetime | None = None) -> User:
    locked = _aware(row.locked_until)
    if locked is not None and locked <= (now or utcnow()):
        locked = None
    return User(
        row.name,
        row.role,
        row.disabled,
        locked.isoformat() if locked else None,
        row.failed_logins,
        _aware(row.last_login_at).isoformat() if row.last_login_at else None,
        row.session_generation or 0,
    )


def create_user(index: Index, name: str, password: str, role: str) -> User:
    if not _NAME.fullmatch(name):
        raise UserError("A user name is 1 to 100 letters, digits, '.', '_', '-' or '@'.")
    if role not in ROLES:
        raise UserError(f"The role is one of {', '.join(ROLES)}, not {role!r}.")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password must have at least {MIN_PASSWORD} characters.")
    try:
        with index.begin() as s:
            s.add(UserRow(name=name, password_hash=_hasher.hash(password), role=role, created_at=utcnow()))
    except IntegrityError:
        raise UserError(f"There is already a user named {name!r}.") from None
    return User(name, role)


def get_user(index: Index, name: str) -> User | None:
    with index.session() as s:
        row = s.get(UserRow, name)
        return _user(row) if row is not None else None


def list_users(index: Index) -> list[User]:
    with index.session() as s:
        return [_user(row) for row in s.scalars(select(UserRow).order_by(UserRow.name))]


def set_disabled(index: Index, name: str, disabled: bool) -> None:
    with index.begin() as s:
        row = s.get(UserRow, name)
        if row is None:
            raise UserError(f"There is no user named {name!r}.")
        row.disabled = disabled


def unlock(index: Index, name: str) -> None:
    with index.begin() as s:
        row = s.get(UserRow, name)
        if row is None:
            raise UserError(f"There is no user named {name!r}.")
        row.failed_logins, row.locked_until = 0, None


def end_sessions(index: Index, name: str) -> None:
    """Every session `name` has is over (logout: a copied cookie stops working too)."""
    with index.begin() as s:
        row = s.get(UserRow, name)
        if row is not None:
            row.session_generation = (row.session_generation or 0) + 1


def check_login(index: Index, name: str, password: str, now: datetime | None = None) -> User | None:
    """The user for a right name and password; None otherwise (unknown, wrong, disabled).
    Raises AccountLocked while the account is locked, whatever the password."""
    now = now or utcnow()
    with index.begin() as s:
        row = s.get(UserRow, name) if _NAME.fullmatch(name or "") else None
        try:
            right = _hasher.verify(row.password_hash if row is not None else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            right = False
        if row is None:
            return None
        locked = _aware(row.locked_until)
        if locked is not None and locked > now:
            raise AccountLocked(locked)
        if not right:
            row.failed_logins = (row.failed_logins or 0) + 1
            if row.failed_logins >= MAX_FAILURES:
                row.locked_until, row.failed_logins = now + timedelta(minutes=LOCK_MINUTES), 0
            return None
        row.failed_logins, row.locked_until, row.last_login_at = 0, None, now
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        return None if row.disabled else _user(row, now)
