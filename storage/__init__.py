"""Object storage for the archive (local folder or S3) and the index database."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

from storage.base import Archive


def open_archive(url: str, settings=None) -> Archive:
    """`file:///path` → a local folder; `s3://bucket/prefix` → S3/MinIO (`settings`, given by the
    caller, hold the endpoint and credentials: see `storage.s3.S3Settings`)."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        from storage.local import LocalArchive

        return LocalArchive(unquote(parsed.path))
    if parsed.scheme == "s3":
        if settings is None:
            raise ValueError("an s3:// archive needs its connection settings (S3_ENDPOINT, keys)")
        from storage.s3 import S3Archive

        return S3Archive.from_settings(parsed.netloc, parsed.path.strip("/"), settings)
    raise ValueError(f"DIGITIZE_STORAGE must start with file:// or s3://, not {url!r}")
