"""Several machines: a worker's model and catalogue come from the archive, never its own home."""

from __future__ import annotations

import subprocess

from tests.support import DIGITIZE, cli_env
from workers import shared
from workers.jobs import context

OVERRIDE = """
[types.tax_notice]
titles = ["THÔNG BÁO NỘP THUẾ"]
[types.tax_notice.fields]
full_name = {}
"""


def test_worker_takes_the_archives_versions_and_caches_them(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITIZE_CACHE", str(tmp_path / "cache"))
    (settings.home).mkdir(parents=True, exist_ok=True)
    (settings.home / "catalogue.toml").write_text('[types.home_only]\ntitles = ["X"]\n', encoding="utf-8")
    monkeypatch.setattr("workers.jobs._state", {"ctx": None, "pid": None})
    ctx = context()
    try:
        assert ctx.model_version is None and not ctx.model_path.exists()
        assert "home_only" not in ctx.catalogue and "birth_certificate" in ctx.catalogue  # not the home's file

        override = tmp_path / "override.toml"
        override.write_text(OVERRIDE, encoding="utf-8")
        published = subprocess.run(
            [DIGITIZE, "publish-catalogue", str(override)], env=cli_env(settings.home), capture_output=True, text=True
        )
        assert published.returncode == 0, published.stderr
        model = tmp_path / "doctype.model"
        model.write_bytes(b"model bytes v1")
        version = shared.publish(ctx.archive, "model", model)

        ctx.refresh()
        assert "tax_notice" in ctx.catalogue
        assert ctx.model_version == version
        assert ctx.model_path.read_bytes() == b"model bytes v1"
        assert ctx.model_path == tmp_path / "cache" / "models" / f"doctype-{version}.model"
        ctx.archive.delete(f"models/doctype-{version}.model")
        assert ctx.model_path.read_bytes() == b"model bytes v1"  # from the cache, by version
    finally:
        ctx.index.close()
