"""Real throwaway services for tests: a Redis server and an S3 server (moto), on loopback.

Each helper is a context manager that picks a free port, waits until the service answers and
always stops it. The pytest fixtures at the bottom are registered by tests/conftest.py
(`from tests.services import *`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

__all__ = [
    "redis_server",
    "s3_server",
    "digitize_serve",
    "moto_auth_off",
    "redis_url",
    "conn",
    "s3_settings_env",
    "s3_env",
    "postgres_url",
]

START_TIMEOUT_S = 30  # moto imports a lot on first start; a slow CI box needs the margin


def _free_port() -> int:
    # Ask the kernel for a free port. Another process may grab it before our server binds,
    # which _service handles by retrying on a new port.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def _service(
    what: str, command: Callable[[int], list[str]], ready: Callable[[int], bool], env: dict | None = None
) -> Iterator[int]:
    """Run `command(port)` on a free port until `ready(port)`; yield the port; always stop it."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a chatty server can't block on it
        for _attempt in range(3):
            port = _free_port()
            proc = subprocess.Popen(
                command(port), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env
            )
            try:
                deadline = time.monotonic() + START_TIMEOUT_S
                while proc.poll() is None and not ready(port):
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{what} did not answer on port {port} within {START_TIMEOUT_S}s")
                    time.sleep(0.05)
            except BaseException:
                _stop(proc)
                raise
            if proc.poll() is None:
                break
            # It exited before answering, most likely because the port was taken meanwhile.
        else:
            log.seek(0)
            output = log.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{what} would not start; its last output:\n{output}")
        try:
            yield port
        finally:
            _stop(proc)


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server without persistence; yields its redis:// URL."""
    command = lambda port: [  # noqa: E731
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    with _service("redis-server", command, _redis_answers) as port:
        yield f"redis://127.0.0.1:{port}/0"


def _http_answers(port: int, path: str = "/moto-api/data.json") -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1).close()
        return True
    except urllib.error.HTTPError:  # any HTTP answer means the server is up
        return True
    except OSError:
        return False


@contextmanager
def digitize_serve(env: dict) -> Iterator[str]:
    """`digitize serve` (the API and the review station) on a free port with `env`; yields its
    base URL once it answers."""
    from tests.support import DIGITIZE

    command = lambda port: [DIGITIZE, "serve", "--port", str(port)]  # noqa: E731
    with _service("digitize serve", command, lambda port: _http_answers(port, "/healthz"), env=env) as port:
        yield f"http://127.0.0.1:{port}"


def _make_s3_credentials(endpoint: str) -> tuple[str, str]:
    """Create an IAM user allowed s3:* and return its key pair, then turn on moto's auth.

    moto accepts any credentials by default, so a wrong secret would go unnoticed. With auth on,
    it checks SigV4 signatures like real S3 does.
    """
    import boto3  # comes with moto[server]

    iam = boto3.client(
        "iam",
        endpoint_url=f"http://{endpoint}",
        region_name="us-east-1",
        aws_access_key_id="setup",
        aws_secret_access_key="setup",  # unchecked until auth is on
    )
    iam.create_user(UserName="digitize-tests")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    iam.put_user_policy(UserName="digitize-tests", PolicyName="s3-all", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="digitize-tests")["AccessKey"]
    # "0" = no more unauthenticated requests from now on.
    # (Not form-encoded: moto reads the raw body, which Flask empties for form posts.)
    request = urllib.request.Request(
        f"http://{endpoint}/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"}
    )
    urllib.request.urlopen(request, timeout=10).close()
    return key["AccessKeyId"], key["SecretAccessKey"]


@contextmanager
def s3_server() -> Iterator[tuple[str, str, str]]:
    """A throwaway moto S3 server that checks credentials; yields (endpoint, access_key, secret_key)."""
    command = lambda port: [sys.executable, "-m", "moto.server", "-p", str(port), "-H", "127.0.0.1"]  # noqa: E731
    with _service("moto S3 server", command, _http_answers) as port:
        endpoint = f"127.0.0.1:{port}"
        access_key, secret_key = _make_s3_credentials(endpoint)
        yield endpoint, access_key, secret_key


def _database_of_this_test_process(url: str) -> str:
    """``url`` with a database number of this pytest-xdist process's own (gw0 → the URL's + 1,
    gw1 → + 2, …): the tests empty their database, which two processes must not share."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    parts = urllib.parse.urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{base + 1 + int(worker[2:])}"))


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """$REDIS_URL if set (tests may write to it), else a throwaway server for the session."""
    if os.environ.get("REDIS_URL"):
        yield _database_of_this_test_process(os.environ["REDIS_URL"])
        return
    if not shutil.which("redis-server"):
        pytest.skip("no REDIS_URL and no redis-server binary")
    with redis_server() as url:
        yield url


@pytest.fixture
def conn(redis_url):
    """A client of the test Redis, its database emptied first."""
    from redis import Redis

    connection = Redis.from_url(redis_url)
    connection.flushdb()
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def s3_settings_env() -> Iterator[dict[str, str]]:
    """Environment variables (as for load_settings) pointing at a moto server for the session."""
    with s3_server() as (endpoint, access_key, secret_key):
        yield {"S3_ENDPOINT": endpoint, "S3_ACCESS_KEY": access_key, "S3_SECRET_KEY": secret_key, "S3_SECURE": "false"}


@pytest.fixture(scope="session")
def s3_env(s3_settings_env: dict[str, str]) -> dict[str, str]:
    """Short alias of s3_settings_env."""
    return s3_settings_env


class moto_auth_off:
    """moto's auth check only understands the Authorization header, not presigned query
    parameters (it answers 500): fetch a presigned URL with its auth switched off meanwhile."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    def _set(self, count: bytes):
        request = urllib.request.Request(
            f"http://{self.endpoint}/moto-api/reset-auth",
            data=count,
            method="POST",
            headers={"Content-Type": "text/plain"},
        )
        urllib.request.urlopen(request, timeout=10).close()

    def __enter__(self):
        self._set(b"inf")

    def __exit__(self, *exc):
        self._set(b"0")


POSTGRES_URL = os.environ.get("DATABASE_URL", "")


@contextmanager
def fresh_schema(prefix: str = "digitize_test") -> Iterator[str]:
    """A URL of $DATABASE_URL's PostgreSQL with a schema of its own, dropped afterwards."""
    if not POSTGRES_URL.startswith("postgresql"):
        pytest.skip("DATABASE_URL does not point to PostgreSQL")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url():
    """A schema of our own for this test run, dropped afterwards (the database is shared)."""
    with fresh_schema() as url:
        yield url
