"""The fixture builders in fixtures_pdf.py make what their docstrings say."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import numpy as np
import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, UnidentifiedImageError

try:
    from tests import fixtures_pdf as fx
except ImportError:  # tests/ not importable as a package: pytest put tests/ on sys.path
    import fixtures_pdf as fx

LINES = fx.DEFAULT_LINES
EXPECTED_WORDS = ("GIẤY KHAI SINH", "Nguyễn Văn An", "077219001234", "Độc lập")


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed")


def _pdfimages(path) -> list[dict[str, str]]:
    _need("pdfimages")
    out = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    header = out[0].split()
    return [dict(zip(header, row.split())) for row in out[2:]]


def _render(path, dpi=150, page=0) -> Image.Image:
    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def _ocr(img: Image.Image) -> str:
    _need("tesseract")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    res = subprocess.run(
        ["tesseract", "stdin", "-", "-l", "vie"], input=buf.getvalue(), capture_output=True, check=True
    )
    return res.stdout.decode()


def _assert_black_on_white(img: Image.Image) -> None:
    a = np.asarray(img.convert("L"))
    assert a[:20, :20].min() > 200, "page corner should be white"
    dark = (a < 100).mean()
    assert 0.002 < dark < 0.2, f"expected some black text on white, dark fraction {dark:.4f}"


def _plumber(path):
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        return len(pdf.pages), page.chars, page.images, page.extract_text() or ""


def _filters(image) -> list[str]:
    return [str(f) for f in pikepdf.PdfImage(image).filters]


def _ink_bbox(img: Image.Image) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(np.asarray(img.convert("L")) < 128)
    return xs.min(), ys.min(), xs.max(), ys.max()


# --------------------------------------------------------------------------- images


def test_render_text_image_is_a4_black_text_on_white():
    img = fx.render_text_image(LINES, dpi=100)
    assert img.mode == "L"
    assert img.size == (827, 1169)
    _assert_black_on_white(img)
    x0, y0, _, _ = _ink_bbox(img)
    assert abs(x0 - 100) < 10 and abs(y0 - 100) < 20  # one-inch margins


def test_ccitt_pdf_is_one_group4_image(tmp_path):
    path = fx.ccitt_pdf(tmp_path / "g4.pdf", LINES, dpi=200)
    (row,) = _pdfimages(path)
    assert row["enc"] == "ccitt" and row["bpc"] == "1"
    assert (row["width"], row["height"]) == ("1654", "2339")
    with pikepdf.open(path) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        assert _filters(image) == ["/CCITTFaxDecode"]
        assert pikepdf.PdfImage(image).decode_parms[0].K == -1
        # img2pdf copied the TIFF's G4 strip unchanged
        bw = fx._bilevel(fx.render_text_image(LINES, dpi=200))
        assert image.read_raw_bytes() == fx._g4_payload(bw)
    n, chars, images, _ = _plumber(path)
    assert (n, len(chars), len(images)) == (1, 0, 1)
    _assert_black_on_white(_render(path, dpi=72))


def test_jbig2_pdf_decodes_everywhere_to_the_text(tmp_path):
    path = fx.jbig2_pdf(tmp_path / "jb2.pdf", LINES, dpi=200)
    (row,) = _pdfimages(path)
    assert row["enc"] == "jbig2" and row["bpc"] == "1"
    with pikepdf.open(path) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        assert _filters(image) == ["/JBIG2Decode"] and "/Decode" not in image
        raw = image.read_raw_bytes()
        assert raw[4] & 0x3F == 48  # first segment: page information
        _need("jbig2dec")
        decoded = pikepdf.PdfImage(image).as_pil_image()  # via the jbig2dec CLI
    expected = fx._bilevel(fx.render_text_image(LINES, dpi=200))
    assert decoded.size == expected.size
    assert np.array_equal(np.asarray(decoded.convert("L")), np.asarray(expected.convert("L")))
    rendered = _render(path, dpi=200)
    _assert_black_on_white(rendered)
    text = _ocr(rendered)
    for words in EXPECTED_WORDS:
        assert words in text
    if shutil.which("pdftoppm"):  # poppler must accept the stream without complaint
        res = subprocess.run(["pdftoppm", "-r", "10", "-gray", str(path)], capture_output=True)
        assert res.returncode == 0 and b"Error" not in res.stderr


def test_vector_only_pdf_has_no_text_no_images_but_reads(tmp_path):
    path = fx.vector_only_pdf(tmp_path / "vec.pdf", LINES)
    n, chars, images, text = _plumber(path)
    assert (n, len(chars), len(images), text.strip()) == (1, 0, 0, "")
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        assert "/XObject" not in page.Resources and "/Font" not in page.Resources
        assert page.Contents.Filter == "/FlateDecode"
        ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
        assert {"m", "l", "h", "f*"} <= ops
        assert not ops & {"BT", "Tj", "TJ", "Do", "BI", "ID", "EI"}
    text = _ocr(_render(path, dpi=200))
    for words in EXPECTED_WORDS:
        assert words in text


def test_born_digital_pdf_has_extractable_vietnamese(tmp_path):
    path = fx.born_digital_pdf(tmp_path / "digital.pdf", LINES)
    n, chars, images, text = _plumber(path)
    assert n == 1 and not images
    assert text.splitlines() == list(LINES)
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        for line in LINES:
            assert line in out


def test_rotated_scan_pdf_displays_upright(tmp_path):
    path = fx.rotated_scan_pdf(tmp_path / "rot.pdf", LINES, dpi=100)
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        assert page.Rotate == 90
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        assert x1 - x0 > y1 - y0  # stored landscape
        (image,) = page.get_images().values()
        assert _filters(image) == ["/DCTDecode"] and image.Width > image.Height
    n, chars, images, _ = _plumber(path)
    assert (n, len(chars), len(images)) == (1, 0, 1)
    shown = _render(path, dpi=100)
    assert shown.height > shown.width  # displayed portrait
    bx0, by0, _, _ = _ink_bbox(shown)
    assert bx0 < 150 and by0 < 150  # text starts at the top-left margin: upright


def test_encrypted_pdf_needs_the_user_password(tmp_path):
    path = fx.encrypted_pdf(tmp_path / "enc.pdf")
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pikepdf.open(path, password="secret") as pdf:
        assert pdf.is_encrypted and len(pdf.pages) == 1
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(path))


# --------------------------------------------------------------------------- bad inputs


def test_truncated_jpeg_opens_but_does_not_decode():
    data = fx.truncated_jpeg_bytes()
    assert data[:3] == b"\xff\xd8\xff"
    with Image.open(io.BytesIO(data)) as img:
        with pytest.raises(OSError):
            img.load()


def test_truncated_pdf_is_unreadable():
    data = fx.truncated_pdf_bytes()
    assert data.startswith(b"%PDF-") and not data.rstrip().endswith(b"%%EOF")
    with pytest.raises(pikepdf.PdfError):
        pikepdf.open(io.BytesIO(data))
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)


def test_corrupt_png_has_valid_header_and_broken_data():
    data = fx.corrupt_png_bytes()
    assert data.startswith(fx.PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG"
        with pytest.raises(OSError):
            img.load()


def test_decompression_bomb_png_is_small_but_huge():
    data = fx.decompression_bomb_png_bytes()
    assert len(data) < 1_000_000
    assert data[16:24] == (40000).to_bytes(4, "big") * 2  # IHDR width, height
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))


def test_huge_page_pdf_is_valid_and_enormous():
    data = fx.huge_page_pdf_bytes()
    assert len(data) < 10_000
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert [float(v) for v in pdf.pages[0].MediaBox] == [0, 0, 14400, 14400]
    doc = pdfium.PdfDocument(data)
    w, h = doc[0].get_size()
    assert round(w * 300 / 72) * round(h * 300 / 72) == 3_600_000_000
    doc.close()


def test_zip_named_pdf_is_a_zip():
    data = fx.zip_bytes_named_pdf()
    assert not data.startswith(b"%PDF")
    assert zipfile.is_zipfile(io.BytesIO(data))


def test_pdf_named_jpg_is_a_pdf():
    data = fx.pdf_bytes_named_jpg()
    assert data.startswith(b"%PDF-")
    with pytest.raises(UnidentifiedImageError):
        Image.open(io.BytesIO(data))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        (image,) = pdf.pages[0].get_images().values()
        assert _filters(image) == ["/DCTDecode"]
