"""fields.*.box: where each value's words are on the archived page, in PDF points on the page as
displayed (after /Rotate), origin bottom-left — checked against what pdfium draws."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from digitize.archive import geometry as geo
from digitize.config import load_settings
from digitize.ingest.pdf_pages import read_text_layers
from digitize.link.barcodes import Code
from digitize.pipeline import process_files
from digitize.review import apply_review
from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from tests import fixtures_pdf as fx
from tests.inputs import ID_NUMBER, archived_path, read_region
from tests.pagetext import page_from_text
from tests.support import make_context

SCALE = 4.0  # pixels per point when rendering: boxes are compared to a quarter point


def _page_pdf(mediabox, content: bytes, *, cropbox=None, rotate: int = 0) -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(100, 100))
    page.MediaBox = pikepdf.Array(mediabox)
    if cropbox is not None:
        page.CropBox = pikepdf.Array(cropbox)
    if rotate:
        page.Rotate = rotate
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(content)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _ink_box(data: bytes) -> tuple[geo.Box, tuple[float, float]]:
    """The box around what pdfium draws dark on page 1, in displayed points (bottom-left
    origin), and the displayed size in points."""
    doc = pdfium.PdfDocument(data)
    try:
        image = np.asarray(doc[0].render(scale=SCALE).to_pil().convert("L"))
    finally:
        doc.close()
    rows, cols = np.nonzero(image < 128)
    height_px = image.shape[0]
    box = (
        cols.min() / SCALE,
        (height_px - rows.max() - 1) / SCALE,
        (cols.max() + 1) / SCALE,
        (height_px - rows.min()) / SCALE,
    )
    return box, (image.shape[1] / SCALE, image.shape[0] / SCALE)


def _geometry(data: bytes) -> geo.PageGeometry:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return geo.page_geometry(pdf.pages[0])


def _close(a, b, tol: float = 0.6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


PAGES = [
    # mediabox, cropbox, rotate
    ((0, 0, 300, 400), None, 0),
    ((0, 0, 300, 400), None, 90),
    ((0, 0, 300, 400), None, 180),
    ((0, 0, 300, 400), None, 270),
    ((50, 120, 350, 520), None, 0),
    ((50, 120, 350, 520), None, 90),
    ((50, 120, 350, 520), None, 180),
    ((50, 120, 350, 520), None, 270),
    ((-40, -60, 260, 340), (-20, -30, 240, 320), 90),
    ((50, 120, 350, 520), (70, 140, 330, 500), 270),
]


@pytest.mark.parametrize(("mediabox", "cropbox", "rotate"), PAGES)
def test_user_space_box_lands_where_pdfium_draws_it(mediabox, cropbox, rotate):
    x0, y0 = mediabox[0] + 80, mediabox[1] + 150  # a rectangle off every axis of symmetry
    rect = (x0, y0, x0 + 60, y0 + 25)
    data = _page_pdf(mediabox, f"0 g {x0} {y0} 60 25 re f".encode(), cropbox=cropbox, rotate=rotate)
    page = _geometry(data)
    ink, size = _ink_box(data)
    assert _close(page.size, size, 0.5), (page.size, size)
    got = geo.user_to_displayed(rect, page.cropbox, page.rotate)
    assert _close(got, ink), (got, ink)
    assert _close(geo.displayed_to_user(got, page.cropbox, page.rotate), rect, 1e-6)


@pytest.mark.parametrize(("mediabox", "cropbox", "rotate"), PAGES)
def test_text_layer_word_box_lands_on_the_drawn_word(mediabox, cropbox, rotate):
    """A born-digital page's word as ingest reads it (pdfplumber, top-left origin, its
    MediaBox-offset convention) → displayed points: around the glyphs pdfium draws."""
    x, y = mediabox[0] + 150, mediabox[1] + 200
    # drawn turned against the page's /Rotate, as a rotated born-digital page is: upright on screen
    a, b = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[rotate]
    content = f"BT /F1 20 Tf {a} {b} {-b} {a} {x} {y} Tm (HELLO) Tj ET".encode()
    data = _page_pdf(mediabox, content, cropbox=cropbox, rotate=rotate)
    page = _geometry(data)
    path = io.BytesIO(data)
    (layer,) = read_text_layers(path, 1)
    assert layer is not None and [w.text for w in layer.words] == ["HELLO"]
    got = geo.text_layer_box_to_pdf(layer.words[0].box, page)
    ink, _ = _ink_box(data)
    # the word's box is the font's (ascent to descent): around the capitals' ink, not much more
    assert got[0] <= ink[0] + 1 and got[1] <= ink[1] + 1 and got[2] >= ink[2] - 1 and got[3] >= ink[3] - 1, (got, ink)
    assert (got[2] - got[0]) < 1.3 * (ink[2] - ink[0]) and (got[3] - got[1]) < 2.0 * (ink[3] - ink[1]), (got, ink)


def test_ocr_box_same_size_page_is_a_flip_of_y():
    # a 300 dpi image of 600×900 px on a 144×216 pt page
    got = geo.ocr_box_to_pdf((60, 90, 300, 150), (600, 900), 300, (144.0, 216.0))
    assert _close(got, (14.4, 216 - 36.0, 72.0, 216 - 21.6), 1e-6)


def test_ocr_box_is_fitted_and_centred_like_the_overlay():
    # the text layer (200×100 pt) fitted into a 100×100 pt page: scale ½, 25 pt margins top and bottom
    assert _close(geo.ocr_box_to_pdf((0, 0, 200, 100), (200, 100), 72, (100.0, 100.0)), (0, 25, 100, 75), 1e-6)
    # the image's top-left quarter: the left half of the layer's upper half
    assert _close(geo.ocr_box_to_pdf((0, 0, 100, 50), (200, 100), 72, (100.0, 100.0)), (0, 50, 50, 75), 1e-6)


def test_ocr_box_of_a_deskewed_page_is_turned_back_by_the_skew():
    # the centre stays; a wide flat box turned by 10° grows tall
    size, box = (1000, 1000), (400, 490, 600, 510)
    flat = geo.ocr_box_to_pdf(box, size, 72, (1000.0, 1000.0))
    turned = geo.ocr_box_to_pdf(box, size, 72, (1000.0, 1000.0), skew=10.0)
    assert _close(((flat[0] + flat[2]) / 2, (flat[1] + flat[3]) / 2), (500, 500), 1e-6)
    assert _close(((turned[0] + turned[2]) / 2, (turned[1] + turned[3]) / 2), (500, 500), 1e-6)
    assert turned[3] - turned[1] > 30  # 200 wide × sin 10° ≈ 35 more
    assert turned[2] - turned[0] < flat[2] - flat[0] + 5


def test_ocr_box_turned_the_way_the_text_layer_is():
    """The same turn as assemble._turned_form(skew) applied to a point: a positive skew is a
    scan turned counter-clockwise (ocr.model "Turns"), so a point right of the centre goes up
    (PDF points, y up), and down for a negative one."""
    right = geo.ocr_box_to_pdf((900, 499, 901, 501), (1000, 1000), 72, (1000.0, 1000.0), skew=5.0)
    assert right[1] > 501
    right = geo.ocr_box_to_pdf((900, 499, 901, 501), (1000, 1000), 72, (1000.0, 1000.0), skew=-5.0)
    assert right[3] < 499


def test_rounded_clips_to_the_page_and_rounds_to_a_tenth():
    assert geo.rounded((-3.04, 10.06, 99.96, 250.0), (100.0, 200.0)) == [0.0, 10.1, 100.0, 200.0]


# --------------------------------------------------------------------------- extraction

CAT = load_catalogue(home="/nonexistent")


def test_extraction_keeps_the_box_of_the_value_words_only():
    page = page_from_text("""
        # GIẤY KHAI SINH
        Họ và tên: Nguyễn Văn An
        Số định danh cá nhân: 077219001234
    """)
    got = extract([page], "birth_certificate", CAT)
    words = {w.text: w.box for w in page.words}
    assert got.boxes["personal_id"] == words["077219001234"]
    name = [words["Nguyễn"], words["Văn"], words["An"]]
    assert got.boxes["full_name"] == (name[0][0], min(b[1] for b in name), name[2][2], max(b[3] for b in name))
    assert got.boxes["full_name"][0] > words["tên:"][2]  # not the label


def test_a_value_from_a_code_has_no_box_unless_the_print_agrees():
    page = page_from_text("""
        # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        > Mã hồ sơ: 006.30.16.H02-211015-0170
        Ông/Bà: Hoàng Minh Khoa
    """)
    printed = extract([page], "receipt", CAT)
    assert printed.fields["dossier_id"]["value"] == "006.30.16.H02-211015-0170" and "dossier_id" in printed.boxes
    other = Code("code128", "000.30.16.H02-211015-0170", (0, 0, 10, 10))
    assert "dossier_id" not in extract([page], "receipt", CAT, codes=[(0, other)]).boxes
    same = Code("code128", "006.30.16.H02-211015-0170", (0, 0, 10, 10))
    assert "dossier_id" in extract([page], "receipt", CAT, codes=[(0, same)]).boxes


# --------------------------------------------------------------------------- pipeline

PRINTED = {"full_name": "Nguyễn Văn An", "date_of_birth": "12/03/2019", "personal_id": ID_NUMBER}


def _turned_born_digital(source: Path, target: Path) -> Path:
    """The born-digital page as a landscape page with /Rotate 90 and its MediaBox away from
    0,0, its content turned back: shown exactly as the upright original."""
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0]
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        ox, oy = 37.0, 53.0
        page.contents_coalesce()
        page.Contents = pdf.make_stream(
            f"q 0 1 -1 0 {ox + height} {oy} cm\n".encode() + page.Contents.read_bytes() + b"\nQ"
        )
        page.MediaBox = [ox, oy, ox + height, oy + width]
        page.Rotate = 90
        pdf.save(target)
    return target


@pytest.fixture(scope="module")
def run(tmp_path_factory, pool):
    base = tmp_path_factory.mktemp("boxes")
    folder = base / "in"
    folder.mkdir()
    image = fx.render_text_image(fx.DEFAULT_LINES, dpi=300).convert("L")
    image.save(folder / "upright.png", dpi=(300, 300))
    image.rotate(3, fillcolor=255, resample=Image.Resampling.BICUBIC).save(folder / "skewed.png", dpi=(300, 300))
    image.transpose(Image.Transpose.ROTATE_90).save(folder / "sideways.png", dpi=(300, 300))
    inputs = {
        "upright": folder / "upright.png",
        "skewed": folder / "skewed.png",  # deskewed: its text layer turned back by the skew
        "sideways": folder / "sideways.png",  # OCR turns it: the archived page gets /Rotate
        "rotated_pdf": fx.rotated_scan_pdf(folder / "rotated.pdf"),  # a scan with /Rotate 90
        "born": fx.born_digital_pdf(folder / "born.pdf"),  # its own text layer, no OCR
    }
    inputs["born_turned"] = _turned_born_digital(inputs["born"], folder / "born_turned.pdf")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("DIGITIZE_STORAGE", "DATABASE_URL", "DIGITIZE_TESSERACT"):
            mp.delenv(name, raising=False)
        mp.setenv("DIGITIZE_HOME", str(base / "home"))
        ctx = make_context(load_settings(), pool)
        records = process_files(ctx, [str(p) for p in inputs.values()])
        yield dict(zip(inputs, records))
        ctx.index.close()


CASES = ["upright", "skewed", "sideways", "rotated_pdf", "born", "born_turned"]


def _words_in(pdf: Path, number: int, box) -> list[str]:
    """The archived PDF's text-layer words (pdfplumber) whose centre lies in `box` (displayed
    points, bottom-left origin), in reading order."""
    page = geo.pdf_page_geometries(pdf.read_bytes())[number - 1]
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[number - 1].extract_words()
    x0, y0, x1, y1 = box
    found = []
    for word in words:
        b = geo.text_layer_box_to_pdf((word["x0"], word["top"], word["x1"], word["bottom"]), page)
        if x0 <= (b[0] + b[2]) / 2 <= x1 and y0 <= (b[1] + b[3]) / 2 <= y1:
            found.append(word["text"])
    return found


@pytest.mark.tesseract
@pytest.mark.parametrize("name", CASES)
def test_each_field_box_holds_its_value_words_in_the_archived_pdf(run, name):
    record = run[name]
    assert record["status"] == "archived", record.get("error")
    pdf = archived_path(record)
    assert set(record["fields"]) == set(PRINTED)
    for field, printed in PRINTED.items():
        entry = record["fields"][field]
        assert entry["page"] == 1 and len(entry["box"]) == 4, entry
        width, height = geo.pdf_page_geometries(pdf.read_bytes())[0].size
        x0, y0, x1, y1 = entry["box"]
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (entry["box"], width, height)
        assert all(round(v, 1) == v for v in entry["box"])
        # the value's words and nothing else (not its label, not the line above or below)
        assert " ".join(_words_in(pdf, 1, entry["box"])) == printed, (field, entry["box"])


@pytest.mark.tesseract
@pytest.mark.parametrize("name", CASES)
def test_the_box_shows_the_printed_value_on_the_page_as_displayed(run, name):
    """Without the text layer: the page as pdfium draws it (turned by its /Rotate), read by
    Tesseract inside the ID's box (top-left origin for the image)."""
    record = run[name]
    pdf = archived_path(record)
    _, height = geo.pdf_page_geometries(pdf.read_bytes())[0].size
    x0, y0, x1, y1 = record["fields"]["personal_id"]["box"]
    assert ID_NUMBER in read_region(pdf, 0, (x0, height - y1, x1, height - y0), pad=2).replace(" ", "")


@pytest.mark.tesseract
def test_pages_shown_alike_get_the_same_boxes(run):
    def boxes(name):
        return {k: v["box"] for k, v in run[name]["fields"].items()}

    # a born-digital page turned with /Rotate and moved in user space, shown the same
    for field, box in boxes("born").items():
        assert all(abs(a - b) <= 0.2 for a, b in zip(box, boxes("born_turned")[field])), field
    # a page OCR had to turn: /Rotate on the archived page, boxes as on the upright scan
    for field, box in boxes("upright").items():
        assert all(abs(a - b) <= 1.0 for a, b in zip(box, boxes("sideways")[field])), field


@pytest.mark.tesseract
def test_a_reviewed_value_keeps_its_box_and_page(run):
    record = run["upright"]
    updated, audit = apply_review(
        record, {"full_name": "Nguyễn Văn Anh"}, CAT, resolve=(), actor="reviewer", at="2026-12-06T12:00:00+07:00"
    )
    assert audit["full_name"] == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    name = updated["fields"]["full_name"]
    assert name["value"] == "Nguyễn Văn Anh" and name["reviewed"] is True
    assert name["box"] == record["fields"]["full_name"]["box"] and name["page"] == 1
    assert updated["fields"]["personal_id"] == record["fields"]["personal_id"]
