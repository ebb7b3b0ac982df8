"""Moving an archived document to another key (filing it under a dossier after the fact).

Copy first, record second, commit third, delete last: a crash in between leaves a duplicate
file, never a missing one.
"""

from __future__ import annotations

from collections.abc import Callable

from storage.base import Archive
from storage.layout import record_key


def refile(archive: Archive, old_key: str, new_key: str, record_json: bytes, commit: Callable[[], None]) -> None:
    """Move the PDF at `old_key` to `new_key` with `record_json` as its new sidecar; `commit`
    (the index update) runs once both are written, before the old copies go."""
    archive.put_bytes(new_key, archive.get_bytes(old_key), "application/pdf")
    archive.put_bytes(record_key(new_key), record_json, "application/json")
    commit()
    archive.delete(old_key)
    archive.delete(record_key(old_key))
