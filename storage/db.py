"""The index database: engine set-up and migrations (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # WAL lets readers (the API) work while a batch writes.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (safe when two processes start together)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            return
        except DBAPIError:
            if attempt == 2:
                raise


def utcnow() -> datetime:
    """The time the index stores: aware, in UTC (records carry their own local time)."""
    return datetime.now(UTC)
