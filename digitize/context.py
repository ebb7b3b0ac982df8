"""The adapters a run needs (archive, index, page pool), opened from the settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from digitize.config import Settings
from digitize.ingest.page_source import Limits
from ocr.pool import PagePool
from ocr.tesseract import OcrOptions, Tesseract, usable_languages
from storage import open_archive
from storage.base import Archive
from storage.index import Index


@dataclass
class Context:
    settings: Settings
    archive: Archive
    index: Index
    pool: PagePool

    @cached_property
    def catalogue(self):
        from digitize.understand.catalogue import load_catalogue

        return load_catalogue(home=self.settings.home)

    @property
    def model_path(self) -> Path:
        return self.settings.home / "models" / "doctype.model"

    @cached_property
    def type_model(self):
        """The trained document-type model as `text -> {type: p}`, or None before `digitize train`."""
        if not self.model_path.is_file():
            return None  # before scikit-learn is imported: it costs a second of each process's start
        from digitize.understand.doc_model import DocTypeModel

        model = DocTypeModel.load(self.model_path)  # checked: version and checksum
        return lambda text: model.predict_proba([text])[0]

    @property
    def limits(self) -> Limits:
        s = self.settings
        return Limits(max_pages=s.max_pages, max_page_pixels=s.max_page_pixels, max_input_pixels=s.max_input_pixels)

    @cached_property
    def tesseract(self) -> Tesseract:
        """The one Tesseract engine of the run, from the settings (program, languages, timeout):
        every reading, second reading and orientation check goes through it."""
        s = self.settings
        engine = Tesseract(OcrOptions(lang=s.ocr_language, timeout_s=s.ocr_timeout_s, tesseract_cmd=s.tesseract_cmd))
        lang, missing = usable_languages(engine.options.lang, engine.languages())
        if missing and lang != engine.options.lang:  # a model less is worse OCR, not a stopped run
            logging.getLogger("digitize").warning(
                "Tesseract has no model for %s (DIGITIZE_OCR_LANG=%s): reading with %s only. "
                "Install it (scripts/setup does) for the best results.",
                ", ".join(missing),
                engine.options.lang,
                lang,
            )
            engine = engine.with_options(lang=lang)
        return engine

    @cached_property
    def signing(self):
        """The signing key (a `KeyProblem` when the configured one cannot be used), with what
        sealing needs: see digitize.archive.seal. The development certificate is made on first
        use, with one warning on stderr."""
        from digitize.archive.keys import configured_signing_key
        from digitize.archive.seal import SealSettings

        s = self.settings
        key = configured_signing_key(
            s.home, s.sign_p12, s.sign_passphrase, s.agency, logging.getLogger("digitize").warning
        )
        return key, SealSettings(s.agency, s.timezone, s.tsa_url, tuple(trust_roots(s)))

    def close(self) -> None:
        self.pool.close()
        self.index.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:  # interrupted (Ctrl-C, SIGTERM): do not wait for pages
            self.pool.terminate()
        self.close()


def trust_roots(settings: Settings) -> list:
    """The CA certificates signatures are checked against: DIGITIZE_TRUST_ROOTS, else the
    development CA (when there is one)."""
    from digitize.archive.keys import dev_trust_roots, load_trust_roots

    if settings.trust_roots:
        return load_trust_roots(Path(settings.trust_roots))
    dev = dev_trust_roots(settings.home)
    return load_trust_roots(dev) if dev.is_file() else []


def page_pool(settings: Settings, workers: int | None = None) -> PagePool:
    return PagePool(
        workers or settings.workers,
        task_timeout_s=settings.task_timeout_s,
        memory_bytes=settings.worker_memory_bytes,
        max_image_pixels=settings.max_page_pixels,
    )


def open_context(settings: Settings, workers: int | None = None) -> Context:
    settings.home.mkdir(parents=True, exist_ok=True)
    return Context(
        settings=settings,
        archive=open_archive(settings.storage_url, settings),
        index=Index(settings.database_url),
        pool=page_pool(settings, workers),
    )
