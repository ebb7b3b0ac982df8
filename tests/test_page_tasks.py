"""Reading one page: a page the orientation check gets wrong is read turned over."""

from __future__ import annotations

import numpy as np
import pytest

from digitize import page_tasks
from digitize.ingest.page_source import KIND_IMAGE, PageSource
from ocr.preprocess import Prepared
from ocr.tesseract import Tesseract
from tests import fixtures_pdf as fx
from tests.inputs import LINES, words_found


@pytest.mark.tesseract
def test_an_upside_down_page_missed_by_the_orientation_check_is_read_turned_over(tmp_path, monkeypatch):
    upside_down = fx.render_text_image(LINES, dpi=200).rotate(180)
    scan = tmp_path / "card.png"
    upside_down.save(scan, dpi=(200, 200))

    def fooled(image, dpi=None, **_):  # what a small noisy card once did: "upright", wrongly
        return Prepared(image=np.asarray(image), rotation=0, skew=0.0, blank=False)

    monkeypatch.setattr(page_tasks, "prepare_for_ocr", fooled)
    source = PageSource(path=str(scan), format="png", index=0, kind=KIND_IMAGE, dpi=200)
    result = page_tasks.ocr_page(source, Tesseract())
    assert result.rotation == 180
    assert len(words_found(result.page.text)) >= 8


@pytest.mark.tesseract
def test_a_well_read_page_is_read_once(tmp_path, monkeypatch):
    scan = tmp_path / "page.png"
    fx.render_text_image(LINES, dpi=200).save(scan, dpi=(200, 200))
    calls = []
    real = page_tasks.recognise_image
    monkeypatch.setattr(page_tasks, "recognise_image", lambda *a, **k: calls.append(1) or real(*a, **k))
    source = PageSource(path=str(scan), format="png", index=0, kind=KIND_IMAGE, dpi=200)
    result = page_tasks.ocr_page(source, Tesseract())
    assert result.rotation == 0 and len(calls) == 1


@pytest.mark.tesseract
def test_small_print_at_low_resolution_is_read_at_twice_the_size(tmp_path, monkeypatch):
    # A card: 7-point print at 150 dpi, characters ~10 px tall.
    card = fx.render_text_image(LINES, dpi=150, size_pt=7, page_size_pt=(243, 153), margin_pt=8)
    scan = tmp_path / "card.png"
    card.save(scan, dpi=(150, 150))
    sizes = []
    real = page_tasks.recognise_image
    monkeypatch.setattr(
        page_tasks,
        "recognise_image",
        lambda image, dpi, o: sizes.append((image.shape[1], image.shape[0], dpi)) or real(image, dpi, o),
    )
    source = PageSource(path=str(scan), format="png", index=0, kind=KIND_IMAGE, dpi=150)
    result = page_tasks.ocr_page(source, Tesseract())
    assert sizes[0] == (2 * card.width, 2 * card.height, 300)
    # the page model is in the page image's own pixels, whatever size Tesseract read
    assert (result.page.width, result.page.height, result.page.dpi) == (card.width, card.height, 150)
    assert all(
        0 <= w.box[0] < w.box[2] <= card.width + 1 and 0 <= w.box[1] < w.box[3] <= card.height + 1
        for w in result.page.words
    )
    assert len(words_found(result.page.text)) >= 6


@pytest.mark.tesseract
def test_ordinary_print_is_read_at_its_own_size(tmp_path, monkeypatch):
    scan = tmp_path / "page.png"
    page = fx.render_text_image(LINES, dpi=150)
    page.save(scan, dpi=(150, 150))
    sizes = []
    real = page_tasks.recognise_image
    monkeypatch.setattr(
        page_tasks,
        "recognise_image",
        lambda image, dpi, o: sizes.append((image.shape[1], image.shape[0], dpi)) or real(image, dpi, o),
    )
    page_tasks.ocr_page(PageSource(path=str(scan), format="png", index=0, kind=KIND_IMAGE, dpi=150), Tesseract())
    assert sizes[0] == (page.width, page.height, 150)


@pytest.mark.tesseract
def test_second_readings_run_once_on_the_orientation_kept(tmp_path, monkeypatch):
    upside_down = fx.render_text_image(LINES, dpi=200).rotate(180)
    scan = tmp_path / "card.png"
    upside_down.save(scan, dpi=(200, 200))
    monkeypatch.setattr(
        page_tasks,
        "prepare_for_ocr",
        lambda image, dpi=None, **_: Prepared(image=np.asarray(image), rotation=0, skew=0.0, blank=False),
    )
    seen = []
    real = page_tasks.reread_split_lines
    monkeypatch.setattr(
        page_tasks,
        "reread_split_lines",
        lambda image, page, options: seen.append(image.copy()) or real(image, page, options),
    )
    source = PageSource(path=str(scan), format="png", index=0, kind=KIND_IMAGE, dpi=200)
    result = page_tasks.ocr_page(source, Tesseract())
    assert result.rotation == 180 and len(seen) == 1
    assert np.array_equal(seen[0], np.rot90(np.asarray(upside_down), 2))  # the turned image
