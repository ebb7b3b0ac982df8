"""The adapters a run needs (archive, index, page pool), opened from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from digitize.config import Settings
from digitize.page_source import Limits
from ocr.pool import PagePool
from ocr.tesseract import OcrOptions
from storage import open_archive
from storage.base import Archive
from storage.index import Index


@dataclass
class Context:
    settings: Settings
    archive: Archive
    index: Index
    pool: PagePool

    @property
    def limits(self) -> Limits:
        return Limits(max_pages=self.settings.max_pages, max_page_pixels=self.settings.max_page_pixels)

    @property
    def ocr_options(self) -> OcrOptions:
        s = self.settings
        return OcrOptions(lang=s.ocr_language, timeout_s=s.ocr_timeout_s, tesseract_cmd=s.tesseract_cmd)

    def close(self) -> None:
        self.pool.close()
        self.index.close()

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_context(settings: Settings, workers: int | None = None) -> Context:
    settings.home.mkdir(parents=True, exist_ok=True)
    return Context(
        settings=settings,
        archive=open_archive(settings.storage_url, settings),
        index=Index(settings.database_url),
        pool=PagePool(workers or settings.workers),
    )
