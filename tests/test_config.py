from __future__ import annotations

import pytest

from digitize.config import load_settings


def test_defaults_live_under_digitize_home(tmp_path):
    s = load_settings({"DIGITIZE_HOME": str(tmp_path)})
    assert s.storage_url == (tmp_path / "archive").as_uri()
    assert s.database_url == f"sqlite:///{tmp_path / 'index.db'}"
    assert s.redis_url is None
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert s.workers >= 1


def test_config_file_is_read_and_environment_wins(tmp_path):
    (tmp_path / "config.toml").write_text('DIGITIZE_WORKERS = 3\nDIGITIZE_AGENCY = "Sở Tư pháp"\n', encoding="utf-8")
    s = load_settings({"DIGITIZE_HOME": str(tmp_path), "DIGITIZE_WORKERS": "5"})
    assert s.workers == 5 and s.agency == "Sở Tư pháp"


def test_secrets_are_masked(tmp_path):
    s = load_settings({"DIGITIZE_HOME": str(tmp_path), "S3_SECRET_KEY": "hunter2-very-secret"})
    assert s.s3_secret_key == "hunter2-very-secret"
    assert "hunter2" not in repr(s) and "hunter2" not in str(s)


def test_bad_numbers_are_explained(tmp_path):
    with pytest.raises(ValueError, match="DIGITIZE_WORKERS must be a whole number"):
        load_settings({"DIGITIZE_HOME": str(tmp_path), "DIGITIZE_WORKERS": "many"})


@pytest.mark.tesseract
def test_ocr_reads_with_the_installed_models_when_one_asked_for_is_missing(tmp_path, caplog):
    from digitize.context import open_context
    from ocr.tesseract import DEFAULT_LANGUAGES, usable_languages

    assert load_settings({"DIGITIZE_HOME": str(tmp_path)}).ocr_language == DEFAULT_LANGUAGES
    assert usable_languages("vie+Vietnamese", {"vie", "eng"}) == ("vie", ["Vietnamese"])
    assert usable_languages("vie+Vietnamese", {"vie", "Vietnamese"}) == ("vie+Vietnamese", [])
    assert usable_languages("Klingon", {"vie"}) == ("Klingon", ["Klingon"])  # Tesseract says what is missing
    assert usable_languages("vie", None) == ("vie", [])  # no Tesseract to ask: the first page tells
    settings = load_settings({"DIGITIZE_HOME": str(tmp_path), "DIGITIZE_OCR_LANG": "vie+Klingon"})
    with open_context(settings, workers=1) as ctx, caplog.at_level("WARNING", logger="digitize"):
        assert ctx.tesseract.options.lang == "vie"
    assert "no model for Klingon" in caplog.text


@pytest.mark.tesseract
def test_the_default_reads_with_both_installed_models(tmp_path, caplog):
    # scripts/setup installs both; the script model's capitalised name must be seen as
    # installed (pytesseract's own listing drops it, and the run fell back to vie alone).
    from digitize.context import open_context
    from ocr.tesseract import OcrOptions, Tesseract

    assert {"vie", "Vietnamese"} <= Tesseract().languages()
    assert Tesseract(OcrOptions(tesseract_cmd=str(tmp_path / "no-tesseract"))).languages() is None
    with (
        open_context(load_settings({"DIGITIZE_HOME": str(tmp_path)}), workers=1) as ctx,
        caplog.at_level("WARNING", logger="digitize"),
    ):
        assert ctx.tesseract.options.lang == "vie+Vietnamese"
    assert "no model" not in caplog.text


def test_upload_limit_in_megabytes_and_webhooks_on_or_off(tmp_path):
    home = {"DIGITIZE_HOME": str(tmp_path)}
    defaults = load_settings(home)
    assert defaults.max_upload_bytes == 200 * 2**20 and defaults.webhooks
    chosen = load_settings({**home, "DIGITIZE_MAX_UPLOAD_MB": "0.5", "DIGITIZE_WEBHOOKS": "off"})
    assert chosen.max_upload_bytes == 2**19 and not chosen.webhooks
    for name, bad in (
        ("DIGITIZE_MAX_UPLOAD_MB", "lots"),
        ("DIGITIZE_MAX_UPLOAD_MB", "0"),
        ("DIGITIZE_WEBHOOKS", "maybe"),
    ):
        with pytest.raises(ValueError, match=name):
            load_settings({**home, name: bad})
