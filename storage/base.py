"""What the pipeline needs from an archive, whatever holds it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

# Keys are built by storage.layout from hashes and validated dossier codes; this guard makes
# sure nothing else (a crafted id, "..", an absolute path) ever becomes a key.
_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


def check_key(key: str) -> str:
    if not _SAFE_KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"unsafe archive key {key!r}")
    return key


class Archive(Protocol):
    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None: ...

    def get_bytes(self, key: str) -> bytes: ...

    def get_file(self, key: str, path: Path) -> None: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def url(self, key: str) -> str: ...

    def key_from_url(self, url: str) -> str | None: ...
