"""Barcodes/QR on synthetic A4 scans (zxing-cpp's writer, pasted at 200/300 dpi, turned and
photocopied), and dossier codes from code contents and OCR text."""

from __future__ import annotations

import dataclasses
import io
import pickle
from functools import cache

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from digitize.link.barcodes import (
    ALL_FORMATS,
    DEFAULT_PATCH_VALUES,
    Code,
    dossier_id_from_text,
    find_dossier_ids,
    is_patch_code,
    is_valid_dossier_id,
    looks_like_dossier_id,
    read_codes,
)

CODE = "000.00.12.H02-230818-0001"
URL = f"https://dichvucong.baria-vungtau.gov.vn/p/home/dvc-tra-cuu-tien-do?doccode={CODE}"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINE = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật Cư trú"


# --------------------------------------------------------------------------- synthetic scans


def symbol(fmt, text: str, dpi: int, module_mm: float, height_mm: float | None = None) -> np.ndarray:
    """The symbol as a scanner at `dpi` sees it: modules drawn exactly at 1200 dpi, then
    area-averaged down (so bars get grey, fractional edges as on a real scan)."""
    bitmap = np.array(zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, fmt), scale=1))
    hi = 1200
    m = max(1, round(module_mm / 25.4 * hi))
    if height_mm is None:  # 2-D: square modules
        big = np.kron(bitmap, np.ones((m, m), np.uint8))
    else:  # 1-D: one row of modules, stretched to the bar height
        row = np.kron(bitmap[:1], np.ones((1, m), np.uint8))
        big = np.repeat(row, round(height_mm / 25.4 * hi), axis=0)
    img = Image.fromarray(big).resize(
        (round(big.shape[1] * dpi / hi), round(big.shape[0] * dpi / hi)), Image.Resampling.BOX
    )
    return np.array(img)


@cache
def text_page(dpi: int) -> np.ndarray:
    """A grey A4 page with body text (read-only; copy before pasting)."""
    w, h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, round(12 * dpi / 72))
    y = int(0.25 * h)
    while y < 0.9 * h:
        draw.text((int(0.1 * w), y), LINE, font=font, fill=0)
        y += round(20 * dpi / 72)
    page = np.array(img)
    page.setflags(write=False)
    return page


def page_with(sym: np.ndarray | None, dpi: int, at=(0.55, 0.06)) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    page = text_page(dpi).copy()
    if sym is None:
        return page, (0, 0, 0, 0)
    x0, y0 = round(at[0] * page.shape[1]), round(at[1] * page.shape[0])
    page[y0 : y0 + sym.shape[0], x0 : x0 + sym.shape[1]] = sym
    return page, (x0, y0, x0 + sym.shape[1], y0 + sym.shape[0])


def turn(page: np.ndarray, box, degrees: int):
    """Turn the page clockwise by 90/180/270 degrees, and the box with it."""
    h, w = page.shape[:2]
    x0, y0, x1, y1 = box
    k = degrees // 90 % 4
    out = np.ascontiguousarray(np.rot90(page, -k))
    boxes = {
        0: (x0, y0, x1, y1),
        1: (h - y1, x0, h - y0, x1),
        2: (w - x1, h - y1, w - x0, h - y0),
        3: (y0, w - x1, y1, w - x0),
    }
    return out, boxes[k]


def photocopy(page: np.ndarray, paper=190, toner=70, sigma=8.0, blur=0.8, quality=50, seed=0) -> np.ndarray:
    """A grey photocopy: grey paper, grey toner, a toner gradient, blur, noise, JPEG."""
    rng = np.random.default_rng(seed)
    f = toner + (paper - toner) * (page.astype(np.float32) / 255.0)
    img = Image.fromarray(np.clip(f, 0, 255).astype(np.uint8))
    if blur:
        from PIL import ImageFilter

        img = img.filter(ImageFilter.GaussianBlur(blur))
    f = np.asarray(img, np.float32) + rng.normal(0, sigma, page.shape)
    f += np.linspace(-15, 15, page.shape[1])[None, :]
    buf = io.BytesIO()
    Image.fromarray(np.clip(f, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=quality)
    return np.array(Image.open(io.BytesIO(buf.getvalue())))


def code128(dpi, module_mm=0.25, text=CODE):
    return symbol(zxingcpp.BarcodeFormat.Code128, text, dpi, module_mm, height_mm=12)


def qr(dpi, module_mm=0.4, text=URL):
    return symbol(zxingcpp.BarcodeFormat.QRCode, text, dpi, module_mm)


def assert_box(found: tuple, expected: tuple, dpi: int):
    """The reported box lies on the pasted symbol (within ~2 mm; zxing's corners of a 1-D
    code are those of the scan lines that read it, not of the whole symbol)."""
    tol = 2.0 / 25.4 * dpi
    fx0, fy0, fx1, fy1 = found
    ex0, ey0, ex1, ey1 = expected
    assert fx0 >= ex0 - tol and fy0 >= ey0 - tol and fx1 <= ex1 + tol and fy1 <= ey1 + tol, (found, expected)
    cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2
    assert ex0 <= cx <= ex1 and ey0 <= cy <= ey1, (found, expected)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
@pytest.mark.parametrize("dpi", [200, 300])
def test_code128_bare_code(dpi, degrees):
    page, box = page_with(code128(dpi), dpi)
    page, box = turn(page, box, degrees)
    codes = read_codes(page, dpi)
    assert [(c.symbology, c.text, c.dossier_id, c.source) for c in codes] == [("code128", CODE, CODE, "barcode")]
    assert_box(codes[0].box, box, dpi)


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
@pytest.mark.parametrize("dpi", [200, 300])
def test_qr_url(dpi, degrees):
    page, box = page_with(qr(dpi), dpi, at=(0.7, 0.05))
    page, box = turn(page, box, degrees)
    codes = read_codes(page, dpi)
    assert [(c.symbology, c.text, c.dossier_id, c.source) for c in codes] == [("qrcode", URL, CODE, "qr")]
    assert_box(codes[0].box, box, dpi)


@pytest.mark.parametrize("degrees", [0, 90])
def test_thin_code128_at_200_dpi(degrees):
    """0.2 mm modules = 1.6 px at 200 dpi: missed at the page's resolution, read by the
    fine-bar pass; the box comes back in page pixels through the transposed path too."""
    page, box = page_with(code128(200, module_mm=0.2), 200, at=(0.1, 0.06))
    page, box = turn(page, box, degrees)
    codes = read_codes(page, 200)
    assert [c.dossier_id for c in codes] == [CODE]
    assert_box(codes[0].box, box, 200)


@pytest.mark.parametrize("degrees", [0, 90, 180])
@pytest.mark.parametrize("dpi", [200, 300])
def test_qr_on_grey_photocopy(dpi, degrees):
    page, box = page_with(qr(dpi, module_mm=0.4), dpi, at=(0.7, 0.05))
    page, box = turn(page, box, degrees)
    copy = photocopy(page, seed=degrees)
    assert np.percentile(copy, 99) < 215  # it is grey
    codes = read_codes(copy, dpi)
    assert [c.dossier_id for c in codes] == [CODE]
    assert_box(codes[0].box, box, dpi)


def test_small_qr_on_noisy_photocopy_needs_the_cleanup_pass():
    """2.6 px modules under noise: the page as scanned is not read, the cleaned copy is."""
    page, box = page_with(qr(200, module_mm=0.33), 200, at=(0.7, 0.05))
    copy = photocopy(page, paper=190, toner=70, sigma=9, blur=0.9, quality=50)
    assert zxingcpp.read_barcodes(copy) == []
    codes = read_codes(copy, 200)
    assert [c.dossier_id for c in codes] == [CODE]
    assert_box(codes[0].box, box, 200)


@pytest.mark.parametrize("dpi", [200, 300])
def test_code128_on_grey_photocopy(dpi):
    page, box = page_with(code128(dpi), dpi, at=(0.1, 0.06))
    codes = read_codes(photocopy(page, paper=200, toner=60, sigma=6, blur=0.7, quality=60), dpi)
    assert [c.dossier_id for c in codes] == [CODE]


def two_codes_page(dpi: int, module_mm: float) -> np.ndarray:
    page, _ = page_with(code128(dpi, module_mm=module_mm), dpi, at=(0.05, 0.05))
    sym = qr(dpi, text=OTHER)
    y0, x0 = round(0.05 * page.shape[0]), round(0.75 * page.shape[1])
    page[y0 : y0 + sym.shape[0], x0 : x0 + sym.shape[1]] = sym
    return page


OTHER = "000.00.12.H29-240229-0012"


def test_rgb_page_and_two_codes():
    page = two_codes_page(300, module_mm=0.33)  # both readable in the fast pass
    codes = read_codes(np.dstack([page, page, page]), 300)
    assert sorted((c.symbology, c.dossier_id) for c in codes) == [("code128", CODE), ("qrcode", OTHER)]


def test_passes_stop_early_unless_exhaustive():
    page = two_codes_page(200, module_mm=0.25)  # the QR is read at 150 dpi, the Code 128 is not
    assert [c.symbology for c in read_codes(page, 200)] == ["qrcode"]
    codes = read_codes(page, 200, exhaustive=True)
    assert sorted((c.symbology, c.dossier_id) for c in codes) == [("code128", CODE), ("qrcode", OTHER)]


def test_page_without_code():
    assert read_codes(text_page(300), 300) == []
    assert read_codes(photocopy(text_page(200)), 200) == []


def test_patch_code_sheet():
    sym = symbol(zxingcpp.BarcodeFormat.Code39, "PATCH T", 300, 0.33, height_mm=15)
    page, _ = page_with(sym, 300, at=(0.3, 0.4))
    codes = read_codes(page, 300)
    assert [(c.symbology, c.text, c.dossier_id) for c in codes] == [("code39", "PATCH T", None)]
    assert is_patch_code(codes[0], DEFAULT_PATCH_VALUES)
    assert not is_patch_code(codes[0], ())


def test_datamatrix_when_asked():
    sym = symbol(zxingcpp.BarcodeFormat.DataMatrix, CODE, 300, 0.5)
    page, _ = page_with(sym, 300)
    assert [c.symbology for c in read_codes(page, 300, formats=ALL_FORMATS)] == ["datamatrix"]


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((0, 0), np.uint8),
        np.zeros((0, 10, 3), np.uint8),
        np.zeros((5, 5), np.uint8),
        np.zeros((1, 4000), np.uint8),
        np.zeros((30, 30, 4), np.uint8),
        np.zeros((50, 50, 1), np.uint8),
        np.zeros((50, 50, 2), np.uint8),
        np.zeros((3, 3, 3, 3), np.uint8),
        np.ones((60, 60), bool),
        np.random.default_rng(0).random((80, 80)),
        np.full((64, 64), 65535, np.uint16),
        np.zeros((40, 40), object),
        None,
        "not an image",
        [[0, 255], [255, 0]],
    ],
)
@pytest.mark.parametrize("dpi", [300, 0, float("nan"), None, 1e9])
def test_odd_input_never_raises(image, dpi):
    assert read_codes(image, dpi) == []


def test_non_contiguous_and_odd_dtypes_are_read():
    dpi = 300
    page, _ = page_with(qr(dpi), dpi, at=(0.7, 0.05))
    wide = np.zeros((page.shape[0], page.shape[1] * 2), np.uint8)
    wide[:, ::2] = page
    assert [c.dossier_id for c in read_codes(wide[:, ::2], dpi)] == [CODE]  # a strided view
    assert [c.dossier_id for c in read_codes(page.astype(np.float32) / 255.0, dpi)] == [CODE]
    rgba = np.dstack([page, page, page, np.full_like(page, 255)])
    assert [c.dossier_id for c in read_codes(rgba, dpi)] == [CODE]


# --------------------------------------------------------------------------- Code


def test_code_dossier_id_is_derived_and_exact():
    assert Code("code128", CODE, (0, 0, 1, 1)).dossier_id == CODE
    assert Code("code128", f"  {CODE}\n", (0, 0, 1, 1)).dossier_id == CODE
    assert Code("qrcode", URL, (0, 0, 1, 1)).dossier_id == CODE
    # a code's content is exact: no OCR repairs
    assert Code("code128", "OOO.00.12.H02-230818-0001", (0, 0, 1, 1)).dossier_id is None
    assert Code("code128", "000.00.12.H02-231318-0001", (0, 0, 1, 1)).dossier_id is None
    code = Code("qrcode", URL, (1.0, 2.0, 3.0, 4.0))
    assert pickle.loads(pickle.dumps(code)) == code
    assert code.source == "qr" and Code("code39", CODE, (0, 0, 1, 1)).source == "barcode"
    with pytest.raises(dataclasses.FrozenInstanceError):
        code.text = "x"  # frozen


# --------------------------------------------------------------------------- dossier codes


@pytest.mark.parametrize(
    "text, expected",
    [
        (CODE, CODE),
        (f"  {CODE} \n", CODE),
        ("000.00.12.H29-240229-0012", "000.00.12.H29-240229-0012"),  # 29 Feb 2024
        (URL, CODE),
        (f"https://dvc.hochiminhcity.gov.vn/tra-cuu?MaHoSo={CODE}&lang=vi", CODE),
        (f"https://x.gov.vn/tra-cuu?ma_ho_so={CODE}", CODE),
        (f"https://x.gov.vn/tra-cuu?lang=vi&code={CODE}", CODE),
        (f"https://x.gov.vn/tra-cuu?foo=1&anything={CODE}", CODE),
        ("https://x.gov.vn/tra-cuu?doccode=000.00.12.H02%2D230818%2D0001", CODE),  # percent-encoded
        (f"https://x.gov.vn/ho-so/{CODE}", CODE),
        (f"https://x.gov.vn/ho-so/{CODE}/chi-tiet", CODE),
        (f"https://x.gov.vn/#/tra-cuu?doccode={CODE}", CODE),
        (f"www.x.gov.vn/tra-cuu?doccode={CODE}", CODE),
        (f"MaHoSo:{CODE}|HoTen:Nguyen Van An", CODE),
        # OCR text
        (f"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\nMã hồ sơ: {CODE}\nHọ và tên: Nguyễn Văn An", CODE),
        ("Mã hồ sơ: OOO.OO.l2.HO2-23O8l8-OOOl", CODE),
        ("Mã hồ sơ: 000 . 00 . 12 . H02 - 230818 - 0001", CODE),
        ("Mã hồ sơ: 000,00.12.h02–230818-0001.", CODE),
        ("Mã hồ sơ:000.00.I2.H02-230818-000I", CODE),
        # invalid
        ("000.00.12.H02-230230-0001", None),  # 30 Feb
        ("000.00.12.H02-231318-0001", None),  # month 13
        ("000.00.12.H02-230800-0001", None),  # day 0
        ("000.00.12.H29-230229-0012", None),  # 2023 is no leap year
        ("https://x.gov.vn/tra-cuu?doccode=000.00.12.H02-230230-0001", None),
        ("000.00.12.H02-230818-00012", None),  # a fifth sequence digit
        ("1000.00.12.H02-230818-0001", None),
        ("000.00.12.02-230818-0001", None),
        ("Số: 2667/QĐ-UBND ngày 18/8/2023", None),
        ("PATCH T", None),
        ("", None),
        ("   ", None),
    ],
)
def test_dossier_id_from_text(text, expected):
    assert dossier_id_from_text(text) == expected


def test_repairs_only_when_they_validate():
    # a look-alike that would make an impossible date stays unrepaired
    assert dossier_id_from_text("000.00.12.H02-23O2SO-0001") is None  # 230250
    assert dossier_id_from_text("Mã hồ sơ: OOO.OO.l2.HO2-23O8l8-OOOl", repair=False) is None
    assert dossier_id_from_text(None) is None  # type: ignore[arg-type]


def test_url_query_parameters_before_path():
    other = "000.00.12.H29-240229-0012"
    url = f"https://x.gov.vn/ho-so/{other}?doccode={CODE}"
    assert dossier_id_from_text(url) == CODE
    assert find_dossier_ids(url) == [CODE, other]


def test_find_dossier_ids_exact_first_then_repaired():
    text = f"Mã hồ sơ: OOO.OO.l2.HO2-23O8l8-OOOl; hồ sơ cũ 000.00.12.H29-240229-0012; lại {CODE}"
    assert find_dossier_ids(text) == ["000.00.12.H29-240229-0012", CODE]


def test_validators():
    assert is_valid_dossier_id(CODE)
    assert not is_valid_dossier_id(f" {CODE}")
    assert not is_valid_dossier_id("000.00.12.h02-230818-0001")
    assert not is_valid_dossier_id(None)
    assert looks_like_dossier_id("000.00.12.H02-230230-0001")
    assert not looks_like_dossier_id("PATCH T")


def test_patch_values():
    code = Code("code39", "PATCH T", (0, 0, 1, 1))
    assert is_patch_code(code, ["patch-t"])
    assert is_patch_code(code, "PATCHT")
    assert not is_patch_code(code, ["PATCH 2", "SEPARATOR"])
    assert is_patch_code(Code("code128", "TACH HO SO", (0, 0, 1, 1)), ["Tách hồ sơ", "TACH HO SO"])
    assert not is_patch_code(Code("code128", "", (0, 0, 1, 1)), [""])
