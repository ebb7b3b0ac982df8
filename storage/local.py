"""The archive as a local folder (the embedded default)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from storage.base import check_key


class LocalArchive:
    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if self.root not in path.parents:
            raise ValueError(f"archive key {key!r} leaves the archive")
        return path

    def _write_atomically(self, key: str, fill) -> None:
        # Write beside the target and rename: a reader never sees half a file, a crash
        # leaves at worst a stray temporary file.
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fill(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self._write_atomically(key, lambda fh: fh.write(data))

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None:
        def copy(fh):
            with open(path, "rb") as src:
                shutil.copyfileobj(src, fh, 1024 * 1024)

        self._write_atomically(key, copy)

    def get_bytes(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def get_file(self, key: str, path: Path) -> None:
        """Copy the object to `path` (streamed; FileNotFoundError when missing)."""
        with self._path(key).open("rb") as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def url(self, key: str) -> str:
        return self._path(key).as_uri()

    def key_from_url(self, url: str) -> str | None:
        prefix = self.root.as_uri() + "/"
        return url[len(prefix) :] if url.startswith(prefix) else None

    def local_path(self, key: str) -> Path:
        return self._path(key)
