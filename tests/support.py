"""Shared fixtures: an isolated DIGITIZE_HOME per test, one page pool per session."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from digitize.config import load_settings
from digitize.context import Context
from ocr.pool import PagePool
from storage import open_archive
from storage.index import Index

REPO = Path(__file__).resolve().parent.parent
DIGITIZE = str(REPO / ".venv" / "bin" / "digitize")


@functools.cache
def tesseract_missing() -> str | None:
    """Why tests marked `tesseract` cannot run here, or None when Tesseract reads Vietnamese."""
    if shutil.which("tesseract") is None:
        return "tesseract is not installed"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return None if "vie" in langs else "tesseract has no 'vie' model"


# Variables a developer's shell may carry that would point tests at shared state.
ISOLATE = (
    "DIGITIZE_HOME",
    "DIGITIZE_STORAGE",
    "DATABASE_URL",
    "REDIS_URL",
    "DIGITIZE_WORKERS",
    "DIGITIZE_TESSERACT",
    "DIGITIZE_SIGN_P12",
    "DIGITIZE_SIGN_PASSPHRASE",
    "DIGITIZE_TRUST_ROOTS",
    "DIGITIZE_TSA_URL",
)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    for name in ISOLATE:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("DIGITIZE_HOME", str(home))
    monkeypatch.setenv("DIGITIZE_WORKERS", "2")
    return home


@pytest.fixture(scope="session")
def pool():
    with PagePool(2) as pool:
        yield pool


@pytest.fixture
def settings(home):
    return load_settings()


def make_context(settings, pool, **overrides) -> Context:
    settings = replace(settings, **overrides)
    settings.home.mkdir(parents=True, exist_ok=True)
    return Context(
        settings=settings,
        archive=open_archive(settings.storage_url, settings),
        index=Index(settings.database_url),
        pool=pool,
    )


@pytest.fixture
def ctx(settings, pool):
    context = make_context(settings, pool)
    yield context
    context.index.close()


def interruptible() -> None:
    """``preexec_fn`` for a CLI a test stops with Ctrl-C: SIGINT is not inherited as ignored
    (a suite started in the background by a non-interactive shell ignores it, and so would
    every process it starts)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli_env(home: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ISOLATE}
    env.update(DIGITIZE_HOME=str(home), DIGITIZE_WORKERS="2", **extra)
    return env
