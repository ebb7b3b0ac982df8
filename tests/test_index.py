"""The index on SQLite and, where DATABASE_URL points to one, on PostgreSQL (fresh schema)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import inspect

from digitize.pipeline import process_files
from storage.index import Index
from tests import fixtures_pdf as fx
from tests.inputs import LINES
from tests.support import make_context


@pytest.fixture(params=["sqlite", "postgresql"])
def index_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'index.db'}"
    return request.getfixturevalue("postgres_url")


def _record(doc_id: str, sha: str, **extra) -> dict:
    return {"id": doc_id, "sha256": sha, "status": "archived", "source": "/x", "doc_type": "unknown", **extra}


def test_migrations_create_the_schema_once(index_url):
    first = Index(index_url)
    second = Index(index_url)  # a second process starting later: nothing to do
    tables = set(inspect(second.engine).get_table_names())
    assert {"documents", "dossiers", "alembic_version"} <= tables
    first.close(), second.close()


def test_sequence_numbers_are_unique_under_concurrency(index_url):
    index = Index(index_url)
    dossier = f"000.00.12.H02-230818-{uuid.uuid4().int % 10000:04d}"
    with ThreadPoolExecutor(8) as workers:
        numbers = list(workers.map(lambda _: index.allocate_sequence(dossier), range(40)))
    assert sorted(numbers) == list(range(1, 41))
    index.close()


def test_save_replaces_and_reads_back(index_url):
    index = Index(index_url)
    sha = uuid.uuid4().hex * 2
    index.save(_record("doc-1", sha, needs_review=True, text="Nguyễn Văn An"), position=1, archive_key="k")
    index.save(_record("doc-1", sha, needs_review=False, text="Nguyễn Văn An"), position=1, archive_key="k")
    assert index.get("doc-1")["text"] == "Nguyễn Văn An"
    assert [row.id for row in index.rows_for_input(sha)] == ["doc-1"]
    assert index.get("nope") is None
    index.close()


@pytest.mark.tesseract
def test_process_with_postgresql_index(postgres_url, settings, pool, tmp_path):
    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES, dpi=200).save(scan, dpi=(200, 200))
    ctx = make_context(settings, pool, database_url=postgres_url)
    first = process_files(ctx, [str(scan)], dossier_id="000.00.12.H29-240101-0007")[0]
    again = process_files(ctx, [str(scan)])[0]
    assert first["status"] == "archived" and again["id"] == first["id"]
    assert [r["id"] for r in ctx.index.dossier_records("000.00.12.H29-240101-0007")] == [first["id"]]
    ctx.index.close()
