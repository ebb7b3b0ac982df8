"""One contract for every archive backend (local folder, S3 via a moto server), plus S3 specifics."""

from __future__ import annotations

import os
import traceback
import urllib.request
import uuid

import pytest
import redis
from minio import Minio
from minio.error import S3Error

from digitize.config import load_settings
from storage import open_archive
from storage.local import LocalArchive
from storage.s3 import S3Archive
from tests.services import moto_auth_off

UNSAFE_KEYS = ["../x", "/abs", "a/../b", "a//b", ""]


def _bucket() -> str:
    return f"t-{uuid.uuid4().hex[:16]}"  # fresh per test: tests never see each other's objects


def _settings(env: dict[str, str], tmp_path, **overrides):
    return load_settings({**env, "DIGITIZE_HOME": str(tmp_path / "home"), **overrides})


@pytest.fixture(params=["local", "s3", "s3-prefixed"])
def archive(request, tmp_path):
    if request.param == "local":
        return LocalArchive(tmp_path / "archive")
    # Looked up lazily so the local case needs no S3 server.
    settings = _settings(request.getfixturevalue("s3_settings_env"), tmp_path)
    prefix = "some/prefix" if request.param == "s3-prefixed" else ""
    return S3Archive.from_settings(_bucket(), prefix, settings)


# --- the contract -------------------------------------------------------------------------------


def test_put_get_round_trip(archive):
    archive.put_bytes("dossiers/D1/D1.01.json", b'{"a": 1}', "application/json")
    assert archive.get_bytes("dossiers/D1/D1.01.json") == b'{"a": 1}'


def test_put_file_of_5_mb(archive, tmp_path):
    # Just over 5 MiB so the S3 client goes multipart (its minimum part size is 5 MiB).
    data = os.urandom(5 * 1024 * 1024 + 123)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    archive.put_file("originals/ab/abcdef", path)
    assert archive.get_bytes("originals/ab/abcdef") == data


def test_exists_and_delete(archive):
    assert not archive.exists("failed/00/x.json")
    archive.put_bytes("failed/00/x.json", b"{}")
    assert archive.exists("failed/00/x.json")
    assert not archive.exists("failed/00")  # a "folder" is not an object
    archive.delete("failed/00/x.json")
    assert not archive.exists("failed/00/x.json")
    archive.delete("failed/00/x.json")  # deleting a missing key is not an error


def test_url_and_key_from_url_round_trip(archive):
    key = "unlinked/ab/abc.1.pdf"
    url = archive.url(key)
    assert archive.key_from_url(url) == key
    assert archive.key_from_url("https://elsewhere.example/unlinked/ab/abc.1.pdf") is None


def test_overwrite(archive):
    archive.put_bytes("k.txt", b"first")
    archive.put_bytes("k.txt", b"second")
    assert archive.get_bytes("k.txt") == b"second"


def test_missing_key_is_file_not_found(archive):
    with pytest.raises(FileNotFoundError):
        archive.get_bytes("dossiers/none/none.01.pdf")


def _key_calls(archive, key, src):
    """Every archive method that takes a key, called with `key`."""
    return [
        lambda: archive.put_bytes(key, b"x"),
        lambda: archive.put_file(key, src),
        lambda: archive.get_bytes(key),
        lambda: archive.exists(key),
        lambda: archive.delete(key),
        lambda: archive.url(key),
    ]


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_unsafe_keys_rejected(archive, key, tmp_path):
    src = tmp_path / "src.bin"
    src.write_bytes(b"x")
    for call in _key_calls(archive, key, src):
        with pytest.raises(ValueError):
            call()
    assert not (tmp_path / "x").exists()  # "../x" from the local root would land here


# --- S3 specifics -------------------------------------------------------------------------------


class _NoIO:
    """A stand-in client that fails the test if anything reaches the network."""

    def __getattr__(self, name):
        raise AssertionError(f"S3 client used ({name}) before the key was checked")


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_s3_unsafe_keys_rejected_before_any_io(key, tmp_path):
    archive = S3Archive(_NoIO(), "bucket", "pre", create_bucket=False)
    src = tmp_path / "src.bin"
    src.write_bytes(b"x")
    for call in _key_calls(archive, key, src) + [lambda: archive.presigned_url(key)]:
        with pytest.raises(ValueError):
            call()


def test_s3_unsafe_prefix_rejected():
    with pytest.raises(ValueError):
        S3Archive(_NoIO(), "bucket", "a/../b", create_bucket=False)


def test_open_archive_stores_under_prefix(s3_settings_env, tmp_path):
    settings = _settings(s3_settings_env, tmp_path)
    bucket = _bucket()
    archive = open_archive(f"s3://{bucket}/pre/fix", settings)
    archive.put_bytes("a/b.json", b"{}", "application/json")
    assert archive.url("a/b.json") == f"s3://{bucket}/pre/fix/a/b.json"

    # The same bucket seen without the prefix shows where the object really is.
    whole = open_archive(f"s3://{bucket}", settings)
    assert whole.exists("pre/fix/a/b.json")
    assert not whole.exists("a/b.json")
    assert archive.key_from_url(whole.url("a/b.json")) is None  # outside the prefix
    assert archive.client.stat_object(bucket, "pre/fix/a/b.json").content_type == "application/json"


def test_from_settings_needs_endpoint(tmp_path):
    settings = _settings({}, tmp_path)
    with pytest.raises(ValueError, match="S3_ENDPOINT"):
        open_archive("s3://bucket/prefix", settings)
    with pytest.raises(ValueError, match="host:port"):
        open_archive("s3://bucket", _settings({"S3_ENDPOINT": "http://127.0.0.1:9000"}, tmp_path))


def test_bucket_created_once_and_race_tolerated(s3_settings_env, tmp_path):
    settings = _settings(s3_settings_env, tmp_path)
    bucket = _bucket()
    first = S3Archive.from_settings(bucket, "", settings)
    first.put_bytes("k", b"v")
    again = S3Archive.from_settings(bucket, "", settings)  # existing bucket: kept as is
    assert again.get_bytes("k") == b"v"

    class RacingClient:
        """Says the bucket is missing, then loses the create race as MinIO would report it."""

        def __init__(self, real):
            self.real, self.asked = real, 0

        def bucket_exists(self, name):
            self.asked += 1
            return self.asked > 1 and self.real.bucket_exists(name)

        def make_bucket(self, name):
            raise S3Error(None, "BucketAlreadyOwnedByYou", "already yours", f"/{name}", "r", "h", name)

    racing = S3Archive(RacingClient(first.client), bucket)
    assert racing.bucket == bucket


def test_presigned_url(s3_settings_env, tmp_path):
    archive = S3Archive.from_settings(_bucket(), "pre", _settings(s3_settings_env, tmp_path))
    archive.put_bytes("d/doc.pdf", b"%PDF-1.7 fake", "application/pdf")
    url = archive.presigned_url("d/doc.pdf", expires_seconds=600)
    assert f"/{archive.bucket}/pre/d/doc.pdf?" in url
    assert "X-Amz-Expires=600" in url and "X-Amz-Signature=" in url
    assert s3_settings_env["S3_SECRET_KEY"] not in url
    # moto's auth check only understands the Authorization header, not presigned query
    # parameters (it answers 500), so fetch with its auth switched off for a moment.
    with moto_auth_off(s3_settings_env["S3_ENDPOINT"]):
        assert urllib.request.urlopen(url, timeout=10).read() == b"%PDF-1.7 fake"
    with pytest.raises(ValueError):
        archive.presigned_url("d/doc.pdf", expires_seconds=8 * 24 * 3600)


def test_secret_never_shown(s3_settings_env, tmp_path):
    secret = s3_settings_env["S3_SECRET_KEY"]
    bucket = _bucket()
    archive = S3Archive.from_settings(bucket, "p", _settings(s3_settings_env, tmp_path))
    for text in (repr(archive), str(archive), repr(archive.client)):
        assert secret not in text

    wrong = "wrong-" + uuid.uuid4().hex
    bad_settings = _settings(s3_settings_env, tmp_path, S3_SECRET_KEY=wrong)
    errors = []
    with pytest.raises(S3Error) as creating:  # the bucket check at construction is refused
        S3Archive.from_settings(_bucket(), "", bad_settings)
    errors.append(creating.value)
    bad = S3Archive(
        Minio(s3_settings_env["S3_ENDPOINT"], s3_settings_env["S3_ACCESS_KEY"], wrong, secure=False),
        bucket,
        "p",
        create_bucket=False,
    )
    with pytest.raises(S3Error) as reading:  # a GET answers with an XML error body
        bad.get_bytes("anything")
    errors.append(reading.value)
    assert reading.value.code == "SignatureDoesNotMatch"

    for err in errors:
        shown = [str(err), repr(err), "".join(traceback.format_exception(err)), repr(bad)]
        for text in shown:
            assert wrong not in text and secret not in text


# --- Redis --------------------------------------------------------------------------------------


def test_redis_answers_ping(redis_url):
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        assert client.ping() is True
    finally:
        client.close()
