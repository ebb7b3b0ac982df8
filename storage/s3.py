"""The archive in an S3 bucket (MinIO, AWS S3 or anything speaking the S3 API).

Same keys and semantics as LocalArchive: every key passes `check_key`, a missing key reads as
FileNotFoundError, deleting a missing key is not an error. Objects are stored under an optional
prefix so several archives can share one bucket.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from minio import Minio
from minio.commonconfig import GOVERNANCE
from minio.error import S3Error
from minio.retention import Retention

from storage.base import check_key

# S3 error codes that all mean "this object is not there" (HEAD answers carry no body, so the
# minio client makes up NoSuchKey from the 404; some servers say NotFound).
_MISSING = {"NoSuchKey", "NotFound", "NoSuchObject"}
# Another process created the bucket between our check and our create.
_BUCKET_RACE = {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}
# What is kept under object lock (on a bucket that has it): the signed PDFs and the originals,
# not the records beside them (a correction rewrites a record, never its PDF).
_RETAINED_PREFIXES = ("originals/", "dossiers/", "unlinked/")


class S3Settings(Protocol):
    """What the S3 archive needs to connect (digitize's Settings has these attributes)."""

    s3_endpoint: str | None
    s3_access_key: str | None
    s3_secret_key: str | None
    s3_secure: bool
    retention_years: int  # object-lock retention of PDFs and originals on a bucket with object lock


class S3Archive:
    def __init__(
        self, client: Minio, bucket: str, prefix: str = "", create_bucket: bool = True, retention_years: int = 0
    ):
        if not bucket:
            raise ValueError("the S3 archive needs a bucket: DIGITIZE_STORAGE=s3://bucket[/prefix]")
        self.client = client
        self.bucket = bucket
        self.retention_years = retention_years
        self._locked: bool | None = None  # does the bucket have object lock? (asked once)
        # The prefix is part of every object name, so it obeys the same rules as keys.
        self.prefix = check_key(prefix.strip("/")) if prefix.strip("/") else ""
        if create_bucket:
            self._ensure_bucket()

    @classmethod
    def from_settings(cls, bucket: str, prefix: str, settings: S3Settings) -> S3Archive:
        """The builder (the application's context) hands over its settings: storage reads no
        configuration of its own."""
        endpoint = (settings.s3_endpoint or "").strip()
        if not endpoint:
            raise ValueError("DIGITIZE_STORAGE is an s3:// URL but S3_ENDPOINT (host:port) is not set")
        if "://" in endpoint or "/" in endpoint:
            # minio wants a bare host:port; the scheme comes from S3_SECURE.
            raise ValueError(f"S3_ENDPOINT must be host:port (set S3_SECURE for https), not {endpoint!r}")
        client = Minio(
            endpoint,
            access_key=settings.s3_access_key or None,
            secret_key=settings.s3_secret_key or None,
            secure=settings.s3_secure,
        )
        return cls(client, bucket, prefix, retention_years=getattr(settings, "retention_years", 0) or 0)

    def __repr__(self) -> str:
        # Deliberately names only the location: the client holds the credentials.
        return f"S3Archive({self._url_root()!r})"

    def _ensure_bucket(self) -> None:
        if self.client.bucket_exists(self.bucket):
            return
        try:
            self.client.make_bucket(self.bucket)
        except S3Error as err:
            # Lost a race with another worker: fine as long as the bucket is now usable by us.
            if err.code not in _BUCKET_RACE or not self.client.bucket_exists(self.bucket):
                raise

    def _name(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _url_root(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}/" if self.prefix else f"s3://{self.bucket}/"

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        name = self._name(key)
        self.client.put_object(self.bucket, name, io.BytesIO(data), len(data), content_type=content_type)
        self._retain(key, name)

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None:
        # fput_object streams the file (multipart above the part size), never reading it whole.
        name = self._name(key)
        self.client.fput_object(self.bucket, name, str(path), content_type=content_type)
        self._retain(key, name)

    def _retain(self, key: str, name: str) -> None:
        """On a bucket with object lock, a PDF or an original gets DIGITIZE_RETENTION_YEARS of
        governance-mode retention on the version just written (set after the upload: the same
        call for put_object and the multipart fput_object). Deleting the key later only adds a
        delete marker; the retained version stays."""
        if not self.retention_years or not key.startswith(_RETAINED_PREFIXES) or key.endswith(".json"):
            return
        if self._locked is None:
            try:
                self.client.get_object_lock_config(self.bucket)
                self._locked = True
            except S3Error as err:
                if "ObjectLock" not in err.code:  # ObjectLockConfigurationNotFoundError: no lock
                    raise
                self._locked = False
        if not self._locked:
            return
        until = datetime.now(UTC).replace(microsecond=0) + timedelta(days=round(365.25 * self.retention_years))
        self.client.set_object_retention(self.bucket, name, Retention(GOVERNANCE, until))

    def get_bytes(self, key: str) -> bytes:
        name = self._name(key)
        try:
            response = self.client.get_object(self.bucket, name)
        except S3Error as err:
            if err.code in _MISSING:
                raise FileNotFoundError(f"no archive object {key!r} in {self._url_root()}") from err
            raise
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def get_file(self, key: str, path: Path) -> None:
        """Download the object to `path` (streamed; FileNotFoundError when missing)."""
        name = self._name(key)
        try:
            self.client.fget_object(self.bucket, name, str(path))
        except S3Error as err:
            if err.code in _MISSING:
                raise FileNotFoundError(f"no archive object {key!r} in {self._url_root()}") from err
            raise

    def exists(self, key: str) -> bool:
        name = self._name(key)
        try:
            self.client.stat_object(self.bucket, name)
        except S3Error as err:
            if err.code in _MISSING:
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        # S3 deletes are idempotent: a missing object is not an error, as with the local folder.
        name = self._name(key)
        self.client.remove_object(self.bucket, name)

    def url(self, key: str) -> str:
        return self._url_root() + check_key(key)

    def key_from_url(self, url: str) -> str | None:
        root = self._url_root()
        if not url.startswith(root):
            return None
        try:
            return check_key(url[len(root) :])
        except ValueError:  # under our root but not a key we could have written
            return None

    def presigned_url(self, key: str, expires_seconds: int = 3600) -> str:
        """A time-limited GET URL for the object, for redirecting downloads to the store.

        The URL points at S3_ENDPOINT, so that host must be reachable by whoever follows it.
        """
        if not 1 <= expires_seconds <= 7 * 24 * 3600:  # SigV4 presigned URLs last at most 7 days
            raise ValueError(f"expires_seconds must be between 1 and 604800, not {expires_seconds}")
        name = self._name(key)
        return self.client.presigned_get_object(self.bucket, name, expires=timedelta(seconds=expires_seconds))
