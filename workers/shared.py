"""What every worker needs besides its configuration, kept in the shared archive by version.

A worker's own disk holds nothing but a temporary folder and this cache: the trained type model
(`models/`) and the catalogue override (`catalogue/`) are published to the archive, each file
under its SHA-256 (`models/doctype-<sha>.model`) with a small pointer to the current one
(`models/current`), and each worker keeps the versions it has fetched in its cache folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from digitize.context import Context
from storage.base import Archive

KINDS = {"model": ("models", "doctype-{sha}.model"), "catalogue": ("catalogue", "catalogue-{sha}.toml")}


def cache_dir() -> Path:
    root = os.environ.get("DIGITIZE_CACHE") or os.path.join(tempfile.gettempdir(), f"digitize-cache-{os.getuid()}")
    return Path(root)


def publish(archive: Archive, kind: str, path: Path) -> str:
    """Put `path` into the archive as the current `kind`; its SHA-256 (the version)."""
    folder, pattern = KINDS[kind]
    data = Path(path).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    archive.put_bytes(f"{folder}/{pattern.format(sha=sha)}", data)
    archive.put_bytes(f"{folder}/current", sha.encode(), "text/plain")  # after the file: never dangling
    return sha


def current(archive: Archive, kind: str) -> str | None:
    folder, _ = KINDS[kind]
    try:
        sha = archive.get_bytes(f"{folder}/current").decode().strip()
    except FileNotFoundError:
        return None
    return sha if len(sha) == 64 and all(c in "0123456789abcdef" for c in sha) else None


def fetch(archive: Archive, kind: str, sha: str) -> Path:
    """The local copy of version `sha` of `kind`, fetched into the cache the first time."""
    folder, pattern = KINDS[kind]
    name = pattern.format(sha=sha)
    local = cache_dir() / folder / name
    if not local.is_file():
        local.parent.mkdir(parents=True, exist_ok=True)
        partial = local.with_name(f".{name}.{os.getpid()}")
        archive.get_file(f"{folder}/{name}", partial)
        if hashlib.sha256(partial.read_bytes()).hexdigest() != sha:
            partial.unlink(missing_ok=True)
            raise ValueError(f"the archive's {folder}/{name} does not match its version")
        os.replace(partial, local)
    return local


@dataclass
class SharedContext(Context):
    """A worker's context: the type model and catalogue override of the archive, never of its home."""

    model_version: str | None = None
    catalogue_version: str | None = None

    @property
    def model_path(self) -> Path:
        if self.model_version is None:
            return cache_dir() / "models" / "none"  # no model published: none used
        return fetch(self.archive, "model", self.model_version)

    @cached_property
    def catalogue(self):
        from digitize.understand.catalogue import load_catalogue

        if self.catalogue_version is None:
            return load_catalogue(home=cache_dir())  # the packaged catalogue (no override in the cache root)
        return load_catalogue(fetch(self.archive, "catalogue", self.catalogue_version))

    def refresh(self) -> None:
        """Take the archive's current versions (a new `digitize train`), dropping what changed."""
        model, catalogue = current(self.archive, "model"), current(self.archive, "catalogue")
        if model != self.model_version:
            self.model_version = model
            self.__dict__.pop("type_model", None)
        if catalogue != self.catalogue_version:
            self.catalogue_version = catalogue
            self.__dict__.pop("catalogue", None)
