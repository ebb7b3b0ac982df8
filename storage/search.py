"""Search over the index (the API's `GET /documents`): filters, full text, keyset pages.

Records are listed oldest first by (created_at, id), a unique total order that new documents
only extend at the end, so paging never skips or repeats one. Archived and failed records are
both found (a failed input is a record too, record.md); rows of documents still being written
are not. Full text matches every word of the query, folded the same way as the indexed text
(storage.folding): SQLite FTS5 on the embedded index, PostgreSQL full-text search otherwise.

The cursor handed to clients is the last key of a page, signed with an HMAC key kept in the
`app_secrets` table, so every process sharing the index accepts the others' cursors and a
client cannot forge or edit one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, text

from storage.app_secrets import shared_secret
from storage.folding import tokens
from storage.models import DocumentRow

LISTED = ("archived", "failed")
CURSOR_SECRET = "cursor"

Key = tuple[datetime, str]  # (created_at, id) of the last record of a page


@dataclass(frozen=True)
class Filters:
    dossier_id: str | None = None
    personal_id: str | None = None
    doc_type: str | None = None
    date_from: str | None = None  # ISO dates, inclusive, on the document's own date (doc_date)
    date_to: str | None = None
    q: str | None = None


class InvalidCursor(ValueError):
    """A cursor this index did not hand out (edited, truncated, or from elsewhere)."""


def search(index, filters: Filters, limit: int, after: Key | None = None) -> tuple[list[dict], Key | None]:
    """Up to `limit` records after `after`, and the key to continue from (None: no more)."""
    query = select(DocumentRow).where(DocumentRow.status.in_(LISTED), *_conditions(index.dialect, filters))
    if after is not None:
        created, last_id = after
        query = query.where(
            or_(DocumentRow.created_at > created, and_(DocumentRow.created_at == created, DocumentRow.id > last_id))
        )
    query = query.order_by(DocumentRow.created_at, DocumentRow.id).limit(limit + 1)  # one more: is there a next?
    with index.session() as s:
        rows = list(s.scalars(query))
    page = rows[:limit]
    more = len(rows) > limit
    return [row.record for row in page], ((page[-1].created_at, page[-1].id) if more else None)


def _conditions(dialect: str, filters: Filters) -> list:
    conditions = []
    for column, value in (
        (DocumentRow.dossier_id, filters.dossier_id),
        (DocumentRow.personal_id, filters.personal_id),
        (DocumentRow.doc_type, filters.doc_type),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.date_from is not None:
        conditions.append(DocumentRow.doc_date >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(DocumentRow.doc_date <= filters.date_to)
    words = tokens(filters.q or "")
    if words:  # a query without a single word filters nothing
        conditions.append(_full_text(dialect, words))
    return conditions


def _full_text(dialect: str, words: list[str]):
    if dialect == "postgresql":
        # Exactly the expression of the GIN index (migration 0004), or the index is not used.
        return text(
            "to_tsvector('simple', coalesce(documents.search_text, '')) @@ plainto_tsquery('simple', :fts_words)"
        ).bindparams(fts_words=" ".join(words))
    # Each word a quoted FTS5 string (words are \w+, never a quote): all must occur.
    match = " ".join(f'"{word}"' for word in words)
    matching = text("documents_fts MATCH :fts_match").bindparams(fts_match=match)
    return DocumentRow.id.in_(select(text("doc_id")).select_from(text("documents_fts")).where(matching))


# ------------------------------------------------------------ cursors


def cursor_secret(index) -> bytes:
    """The cursor signing key, made once and shared through the index."""
    return shared_secret(index, CURSOR_SECRET)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).digest()


def encode_cursor(secret: bytes, key: Key) -> str:
    payload = json.dumps([key[0].isoformat(), key[1]], separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_sign(secret, payload))}"


def decode_cursor(secret: bytes, cursor: str) -> Key:
    if len(cursor) > 1000:  # ours are about 100 characters
        raise InvalidCursor("too long")
    try:
        body, signature = cursor.split(".")
        payload = _unb64(body)
        if not hmac.compare_digest(_unb64(signature), _sign(secret, payload)):
            raise InvalidCursor("bad signature")
        created, last_id = json.loads(payload)
        return datetime.fromisoformat(created), str(last_id)
    except InvalidCursor:
        raise
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor(str(exc)) from None
