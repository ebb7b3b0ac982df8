"""Scan clean-up inside the pipeline: turned, slanted and blank pages, seals over text."""

from __future__ import annotations

import pikepdf
import pytest
from PIL import Image, ImageDraw

from digitize.pipeline import process_files
from tests import fixtures_pdf as fx
from tests.inputs import ID_NUMBER, LINES, archived_path, read_region, word_boxes, words_found


def _jpeg(img: Image.Image, path, dpi=200):
    img.save(path, quality=85, dpi=(dpi, dpi))
    return path


def _image_bytes(pdf_path) -> tuple[bytes, int]:
    with pikepdf.open(pdf_path) as pdf:
        page = pdf.pages[0]
        (image,) = page.get_images().values()
        return image.read_raw_bytes(), int(page.obj.get("/Rotate", 0))


@pytest.mark.tesseract
def test_turned_and_slanted_scans(ctx, tmp_path):
    upright = fx.render_text_image(LINES, dpi=200)
    sideways = _jpeg(upright.rotate(90, expand=True), tmp_path / "sideways.jpg")  # fed turned left
    slanted = _jpeg(upright.rotate(2.5, fillcolor=255), tmp_path / "slanted.jpg")
    turned, skewed = process_files(ctx, [str(sideways), str(slanted)])

    assert turned["page_details"][0]["rotation"] == 90
    assert abs(skewed["page_details"][0]["skew"] - 2.5) < 0.3
    for record, source in ((turned, sideways), (skewed, slanted)):
        assert len(words_found(record["text"])) >= 8, record["text"]
        pdf = archived_path(record)
        raw, rotate = _image_bytes(pdf)
        assert raw == source.read_bytes()  # the scan itself is archived untouched…
        assert rotate == record["page_details"][0]["rotation"]  # …only turned for display
        [box] = [box for _, word, box in word_boxes(pdf) if word == ID_NUMBER] or [None]
        if record is turned:
            assert ID_NUMBER in read_region(pdf, 0, box).replace(" ", "")


@pytest.mark.tesseract
def test_blank_page_is_kept_and_marked(ctx, tmp_path):
    text_page = fx._bilevel(fx.render_text_image(LINES, dpi=300))
    blank = Image.new("L", text_page.size, 255)
    ImageDraw.Draw(blank).point([(200, 300), (1500, 2000), (900, 40)], fill=0)  # dust
    tiff = tmp_path / "with-back.tif"
    text_page.save(tiff, save_all=True, append_images=[blank.convert("1")], compression="group4", dpi=(300, 300))
    [record] = process_files(ctx, [str(tiff)])
    assert record["pages"] == 2
    assert [p["blank"] for p in record["page_details"]] == [False, True]
    assert record["text"].split("\f")[1] == ""
    with pikepdf.open(archived_path(record)) as pdf:
        assert len(pdf.pages) == 2


@pytest.mark.tesseract
def test_red_seal_over_text_is_read_through_and_kept_in_the_archive(ctx, tmp_path):
    page = fx.render_text_image(LINES, dpi=200).convert("RGB")
    draw = ImageDraw.Draw(page, "RGBA")
    # a seal whose ring and lettering cross the ID number (last line, x ≈ 655-953 px)
    cx, cy = 760, 200 + 5 * 62 + 20
    for r in (150, 140):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 40, 220), width=8)
    draw.text((cx - 100, cy - 20), "ỦY BAN NHÂN DÂN", fill=(220, 30, 40, 200))
    scan = _jpeg(page, tmp_path / "sealed.jpg")
    [record] = process_files(ctx, [str(scan)])
    assert ID_NUMBER in record["text"].replace(" ", "")
    raw, _ = _image_bytes(archived_path(record))
    assert raw == scan.read_bytes()  # colour and seal kept as scanned
