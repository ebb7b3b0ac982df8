"""What the app holds for its lifetime: settings, the archive, the index, Redis (or None),
and a Context for the domain functions it calls (no page pool: the API reads no pages)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from digitize.config import Settings
from digitize.context import Context
from ocr.pool import InlinePool
from storage import open_archive
from storage.base import Archive
from storage.index import Index


@dataclass
class Services:
    settings: Settings
    archive: Archive
    index: Index

    @cached_property
    def ctx(self) -> Context:
        return Context(settings=self.settings, archive=self.archive, index=self.index, pool=InlinePool())

    @cached_property
    def redis(self):
        """A Redis client, or None when REDIS_URL is not set (submitting answers 503)."""
        if not self.settings.redis_url:
            return None
        from redis import Redis

        return Redis.from_url(self.settings.redis_url, socket_connect_timeout=5, socket_timeout=30)

    def close(self) -> None:
        self.index.close()


def open_services(settings: Settings) -> Services:
    settings.home.mkdir(parents=True, exist_ok=True)
    return Services(
        settings=settings, archive=open_archive(settings.storage_url, settings), index=Index(settings.database_url)
    )
