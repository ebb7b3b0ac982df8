"""Barcodes and QR codes on scanned pages, and the dossier code they (or the page text) carry.

`read_codes` runs zxing-cpp (Code 128/39/93, ITF, Codabar and QR by default) in passes, each
only when the ones before found nothing:

1. fast: the page at ~150 dpi (exact 1/n block averaging; skipped below ~190 dpi);
2. full: the page at its own resolution;
3. fine bars, 1-D formats only: the page averaged ~0.4 mm along the bars and made 2.5x finer
   across them (cubic), once as is and once transposed for pages turned by 90 degrees. This
   reads a Code 128 with 0.19-0.22 mm modules at 200 dpi (1.5-1.7 px), or one on a noisy copy,
   that pass 2 misses;
4. grey photocopy or noisy scan (grey paper, a narrow ink/paper range, or pixel noise), 2-D
   formats only: the page smoothed (and 1.5x finer below 250 dpi), which reads QR codes the
   noise breaks up.

zxing's own rotation search is on (pages turned by 90/180/270 degrees); its inversion and
downscale searches are off (the passes above cover downscaling; light-on-dark codes do not
occur on dossier paper). A page with a code usually stops after pass 1 (QR) or 2 (Code 128);
a page without one pays for every pass that applies.

`dossier_id_from_text` turns a code's content (the bare dossier code, a URL carrying it in a
query parameter or path segment) or a page's OCR text into a validated dossier code.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

import numpy as np

try:  # an optional accelerator for resizing; numpy alone is enough
    import cv2
except ImportError:  # pragma: no cover - opencv is a dependency of the project
    cv2 = None

import zxingcpp

from digitize.understand import validators  # the one rule of a valid dossier code
from ocr import confusions

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in the pixels of the image given

# --------------------------------------------------------------------------- dossier codes
_SHAPED = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2}-\d{6}-\d{4}")
_DOSSIER_IN_TEXT = re.compile(r"(?<![0-9])\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}(?![0-9])")

# a digit of a dossier code, or a character OCR reads for one (ocr.confusions)
_D = confusions.digit_like()
_DOT = r"\s*[.,·‧•]\s*"
_DASH = r"\s*[-‐‑‒–—―_~]\s*"
# One candidate at every start position (overlapping), so a bad earlier match does not hide a
# good one that starts inside it.
_LOOSE = re.compile(
    rf"(?<![0-9A-Za-z])(?=({_D}{{3}}{_DOT}{_D}{{2}}{_DOT}{_D}{{2}}{_DOT}[A-Za-z0-9]\s*{_D}{{2}}"
    rf"{_DASH}{_D}{{6}}{_DASH}{_D}{{4}})(?![0-9]))"
)

# Query parameters that conventionally carry the code; any other parameter is tried after them.
_ID_PARAMS = (
    "doccode",
    "mahoso",
    "ma_ho_so",
    "ma-ho-so",
    "mahs",
    "code",
    "hoso",
    "ho_so",
    "id",
    "dossier",
    "dossierid",
    "dossier_id",
    "madossier",
    "q",
)


def is_valid_dossier_id(value: object) -> bool:
    """A valid dossier code by the one rule (`validators.dossier_id`): the format
    `^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}-\\d{6}-\\d{4}$`, a real YYMMDD date and a sequence from 0001."""
    return validators.dossier_id(value).ok


def looks_like_dossier_id(text: str) -> bool:
    """True when `text` holds something shaped like a dossier code, valid date or not (a
    separator sheet whose code is malformed is still a separator sheet)."""
    return isinstance(text, str) and bool(_SHAPED.search(text))


def _read_loosely(candidate: str) -> str | None:
    """A loosely matched code with OCR look-alikes put right (``ocr.confusions``: letters read
    for digits, a digit read for the agency letter), valid or not."""
    s = re.sub(r"\s+", "", candidate)
    s = re.sub(r"[,·‧•]", ".", s)
    s = re.sub(r"[‐‑‒–—―_~]", "-", s)
    parts = re.fullmatch(r"(.{3})\.(.{2})\.(.{2})\.(.)(.{2})-(.{6})-(.{4})", s)
    if not parts:
        return None
    a, b, c, letter, d, day, seq = parts.groups()
    digits = confusions.to_digits
    letter = confusions.to_letters(letter).upper()
    return f"{digits(a)}.{digits(b)}.{digits(c)}.{letter}{digits(d)}-{digits(day)}-{digits(seq)}"


def find_dossier_id_spans(text: str) -> list[tuple[str, int, int]]:
    """Every dossier code loosely shaped in OCR text (look-alikes, commas for dots, spaces
    around dots and dashes), put right and valid or not, with its offsets in ``text``: the one
    finder of dossier codes in text (``find_dossier_ids`` keeps the valid ones; field
    extraction keeps an invalid one too, for review)."""
    if not isinstance(text, str):
        return []
    found = []
    for m in _LOOSE.finditer(text):
        fixed = _read_loosely(m.group(1))
        if fixed is not None:
            found.append((fixed, m.start(1), m.end(1)))
    return found


def _strict_ids(text: str) -> list[str]:
    return [m.group(0) for m in _DOSSIER_IN_TEXT.finditer(text) if is_valid_dossier_id(m.group(0))]


def _url_candidates(text: str) -> list[str]:
    """Query values (known names first), then path segments and the fragment, of a URL."""
    stripped = text.strip()
    if not re.match(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", stripped, re.I) and "?" not in stripped:
        return []
    try:
        parts = urlsplit(stripped if "://" in stripped else "//" + stripped)
    except ValueError:
        return []
    pairs = parse_qsl(parts.query, keep_blank_values=False)
    if parts.fragment:
        pairs += parse_qsl(parts.fragment.split("?", 1)[-1], keep_blank_values=False)
    known = {name: rank for rank, name in enumerate(_ID_PARAMS)}
    pairs.sort(key=lambda kv: known.get(kv[0].strip().lower(), len(known)))
    values = [value for _, value in pairs]
    values += [unquote(seg) for seg in reversed(parts.path.split("/")) if seg]
    if parts.fragment:
        values.append(unquote(parts.fragment))
    return values


def find_dossier_ids(text: str, repair: bool = True) -> list[str]:
    """Every distinct valid dossier code in `text`, first seen first.

    `text` may be a code's content (the bare code, a URL with the code in a query parameter or
    a path segment) or OCR text (`Mã hồ sơ: 000.00.12.H02-230818-0001`). With `repair`, OCR
    look-alikes (O/0, l/1, S/5, …, commas for dots, spaces around dots and dashes, a lower-case
    agency letter) are put right, but only when the repaired string is a valid code.
    """
    if not isinstance(text, str) or not text:
        return []
    text = unicodedata.normalize("NFC", text)
    found: list[str] = []

    def add(values: list[str]) -> None:
        for value in values:
            if value not in found:
                found.append(value)

    for value in _url_candidates(text):
        value = value.strip()
        if is_valid_dossier_id(value):
            add([value])
        else:
            add(_strict_ids(value))
    add(_strict_ids(text))
    if repair:
        add([fixed for fixed, _, _ in find_dossier_id_spans(text) if is_valid_dossier_id(fixed)])
    return found


def dossier_id_from_text(text: str, repair: bool = True) -> str | None:
    """The dossier code in a code's content or in page text, or None; see `find_dossier_ids`.

    A URL's query parameters come first (doccode, MaHoSo, ma_ho_so, code, … then any other),
    then its path segments; exact matches come before OCR-repaired ones.
    """
    ids = find_dossier_ids(text, repair=repair)
    return ids[0] if ids else None


# --------------------------------------------------------------------------- codes

QR_SYMBOLOGIES = frozenset({"qrcode", "microqrcode", "rmqrcode"})
SOURCE_BARCODE = "barcode"  # dossier_id_source for any 1-D code (and other non-QR symbols)
SOURCE_QR = "qr"


@dataclass(frozen=True)
class Code:
    """One decoded symbol. `box` is x0, y0, x1, y1 in the pixels of the image that was read."""

    symbology: str  # lower-case: "code128", "qrcode", "datamatrix", "code39", …
    text: str
    box: Box
    dossier_id: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        # Code contents are exact: the dossier code is taken as written, no OCR repairs.
        object.__setattr__(self, "dossier_id", dossier_id_from_text(self.text, repair=False))

    @property
    def is_qr(self) -> bool:
        return self.symbology in QR_SYMBOLOGIES

    @property
    def source(self) -> str:
        """The record's `dossier_id_source` for an id read from this code: "qr" or "barcode"."""
        return SOURCE_QR if self.is_qr else SOURCE_BARCODE


# Kodak-style separator sheets are printed here as ordinary symbols whose text is configured;
# zxing-cpp does not decode the Kodak patch symbology itself.
DEFAULT_PATCH_VALUES = ("PATCH T", "PATCHT", "PATCH 2", "PATCH2")


def _patch_key(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFC", text).upper())


def is_patch_code(code: Code | str, patch_values) -> bool:
    """True when `code`'s text is one of the configured separator texts (`patch_values`).

    Case, spaces and punctuation do not matter ("PATCH T" = "patch-t" = "PATCHT"). A single
    string is taken as one value; an empty `patch_values` matches nothing.
    """
    if not patch_values:
        return False
    if isinstance(patch_values, str):
        patch_values = (patch_values,)
    key = _patch_key(code.text if isinstance(code, Code) else str(code))
    return bool(key) and any(key == _patch_key(str(v)) for v in patch_values if str(v).strip())


_F = zxingcpp.BarcodeFormat
LINEAR_FORMATS = (_F.Code128, _F.Code39, _F.Code93, _F.ITF, _F.Codabar)
# The defaults: 1-D formats share one scan; QR is cheap. DataMatrix and PDF417 cost 2-3x the
# rest on a page without a code, so they are opt-in (`ALL_FORMATS`).
DEFAULT_FORMATS = LINEAR_FORMATS + (_F.QRCode,)
ALL_FORMATS = DEFAULT_FORMATS + (_F.MicroQRCode, _F.DataMatrix, _F.PDF417, _F.Aztec)

FAST_DPI = 150.0
FAST_MIN_GAIN = 1.25  # downscale for the fast pass only when the page is this much finer
ASSUMED_DPI = 300.0
MIN_SIDE = 21  # smaller images cannot hold a readable symbol
LOW_CONTRAST_RANGE = 150  # pass 4 runs when p99 - p1 of the grey levels is under this
GREY_PAPER = 210  # or paper (p99) darker than this
CLEAN_UPSCALE = 1.5  # 2-D fallback on grey/noisy pages
ACROSS_BARS = 2.5  # 1-D fallback: this much finer across the bars
NOISY = 3.0  # or pixel noise (sigma, grey levels) over this


def _symbology(barcode) -> str:
    for attr in ("symbology", "format"):
        value = getattr(barcode, attr, None)
        name = getattr(value, "name", None) or (str(value) if value is not None else "")
        name = re.sub(r"[^0-9a-z]", "", name.lower())
        if name:
            if name.startswith("qrcodemodel"):
                return "qrcode"
            return name
    return "unknown"


def _to_grey(image) -> np.ndarray | None:
    """A C-contiguous 2-D uint8 copy/view of `image`, or None when it cannot be one."""
    if not isinstance(image, np.ndarray):
        try:
            image = np.asarray(image)
        except Exception:
            return None
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or image.size == 0:
        return None
    if image.dtype != np.uint8:
        if image.dtype == bool:
            image = image.astype(np.uint8) * 255
        elif np.issubdtype(image.dtype, np.floating):
            finite = np.nan_to_num(image.astype(np.float32), nan=1.0, posinf=1.0, neginf=0.0)
            scale = 255.0 if finite.max(initial=0.0) <= 1.0 else 1.0
            image = np.clip(finite * scale, 0, 255).astype(np.uint8)
        elif np.issubdtype(image.dtype, np.integer):
            image = np.clip(image, 0, None)
            top = int(image.max(initial=0))
            shift = max(0, top.bit_length() - 8)
            image = (image >> shift).astype(np.uint8) if shift else image.astype(np.uint8)
        else:
            return None
    if image.ndim == 3:
        channels = image.shape[2]
        if channels < 3:
            image = image[:, :, 0]
        elif cv2 is not None:
            # ITU-R BT.601 luma; RGB or BGR makes no difference worth a code.
            image = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)
        else:
            rgb = image[:, :, :3].astype(np.uint16)
            image = ((rgb[:, :, 0] * 77 + rgb[:, :, 1] * 150 + rgb[:, :, 2] * 29) >> 8).astype(np.uint8)
    return np.ascontiguousarray(image)


def _resize(grey: np.ndarray, fx: float, fy: float, area: bool = False) -> np.ndarray:
    """Scale by fx, fy. Pass exact 1/n factors with `area` for OpenCV's fast block averaging."""
    h, w = grey.shape
    if cv2 is not None:
        method = cv2.INTER_AREA if area else cv2.INTER_LINEAR
        out = cv2.resize(grey, None, fx=fx, fy=fy, interpolation=method)
        return out if out.size else grey[:1, :1].copy()
    nw, nh = max(1, round(w * fx)), max(1, round(h * fy))
    ys = np.minimum((np.arange(nh) / fy).astype(int), h - 1)
    xs = np.minimum((np.arange(nw) / fx).astype(int), w - 1)
    return np.ascontiguousarray(grey[ys][:, xs])


def _fast_copy(grey: np.ndarray, dpi: float) -> tuple[np.ndarray, float] | None:
    """The page at about FAST_DPI and its scale, or None when that would gain little."""
    if dpi <= FAST_DPI * FAST_MIN_GAIN:
        return None
    n = round(dpi / FAST_DPI)
    if n >= 2:  # an exact 1/n: block averaging, ~0.3 ms for an A4 page at 300 dpi
        s = 1.0 / n
        return _resize(grey, s, s, area=True), s
    s = FAST_DPI / dpi
    return _resize(grey, s, s), s


def _read(grey: np.ndarray, formats, **options) -> list:
    options.setdefault("try_downscale", False)
    options.setdefault("try_invert", False)
    try:
        return list(zxingcpp.read_barcodes(grey, formats=formats, **options))
    except Exception:  # zxing-cpp should not raise on pixels, but a scan must never crash here
        return []


def _corners(barcode) -> list[tuple[float, float]]:
    p = barcode.position
    return [(float(pt.x), float(pt.y)) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]


def _codes(found: list, to_page, shape: tuple[int, int]) -> list[Code]:
    """Barcodes -> Codes, corners mapped to page pixels by `to_page(x, y)`, duplicates dropped."""
    h, w = shape
    out: list[Code] = []
    for barcode in found:
        text = getattr(barcode, "text", None)
        if not isinstance(text, str) or not text:
            continue
        pts = [to_page(x, y) for x, y in _corners(barcode)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        box = (max(0.0, min(xs)), max(0.0, min(ys)), min(float(w), max(xs)), min(float(h), max(ys)))
        code = Code(_symbology(barcode), text, tuple(round(v, 1) for v in box))
        if not any(c.symbology == code.symbology and c.text == code.text and _overlap(c.box, code.box) for c in out):
            out.append(code)
    return out


def _overlap(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _sample(grey: np.ndarray, n: int) -> np.ndarray:
    return grey[:: max(1, grey.shape[0] // n), :: max(1, grey.shape[1] // n)]


def _noise_sigma(grey: np.ndarray) -> float:
    """Sensor/toner noise (grey levels), from the median second difference of a few rows."""
    rows = grey[:: max(1, grey.shape[0] // 64)].astype(np.int16)
    if rows.shape[1] < 3:
        return 0.0
    second = np.abs(rows[:, :-2] - 2 * rows[:, 1:-1] + rows[:, 2:])
    return float(np.median(second)) * 1.4826 / math.sqrt(6)


def _needs_cleanup(grey: np.ndarray) -> bool:
    """A grey photocopy (grey paper, weak ink/paper range) or a noisy scan."""
    lo, hi = np.percentile(_sample(grey, 256), (1, 99))
    return (hi - lo) < LOW_CONTRAST_RANGE or hi < GREY_PAPER or _noise_sigma(grey) > NOISY


def _cleaned(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Smoothed (sigma 0.8 px), and below 250 dpi 1.5x finer (cubic) first: on a noisy grey
    photocopy this reads QR codes with 2-3 px modules that the page as scanned does not.
    (A contrast stretch was tried too: with zxing's local binarizer it gained nothing and
    lost some marginal codes to clipping.)"""
    if cv2 is None:
        return grey
    # Measured: at 300 dpi smoothing alone reads as many as smoothing 1.5x finer, for half the time.
    up = CLEAN_UPSCALE if dpi < 250 else 1.0
    work = cv2.resize(grey, None, fx=up, fy=up, interpolation=cv2.INTER_CUBIC) if up != 1 else grey
    return cv2.GaussianBlur(work, (0, 0), 0.8 * up)


def _across_bars(grey: np.ndarray, dpi: float, transpose: bool) -> tuple[np.ndarray, int]:
    """For 1-D codes with bars along the columns (rows when `transpose`): the page averaged
    over k pixels (~0.4 mm) along the bars, which cuts noise and, since zxing samples only
    some scan lines anyway, the work; then ACROSS_BARS x finer across them (cubic), which lets
    zxing find the edges of 1.3-2 px modules. Returned with the bars vertical, and k."""
    k = max(1, round(dpi * 0.4 / 25.4))
    if transpose:
        work = _resize(grey, 1.0 / k, 1.0, area=True) if k > 1 else grey
        work = cv2.transpose(work) if cv2 is not None else np.ascontiguousarray(work.T)
    else:
        work = _resize(grey, 1.0, 1.0 / k, area=True) if k > 1 else grey
    if cv2 is not None:
        work = cv2.resize(work, None, fx=ACROSS_BARS, fy=1.0, interpolation=cv2.INTER_CUBIC)
    else:
        work = _resize(work, ACROSS_BARS, 1.0)
    return np.ascontiguousarray(work), k


def read_codes(image: np.ndarray, dpi: float, formats=DEFAULT_FORMATS, exhaustive: bool = False) -> list[Code]:
    """Barcodes and QR codes on a page image (grey HxW or RGB HxWx3, uint8), in page pixels.

    Passes stop at the first that finds anything (see the module doc), so a page with a QR
    read at 150 dpi and a thin Code 128 only readable at full resolution reports the QR only;
    `exhaustive` runs every pass and reports the union (for conflict checks, at the cost of a
    page without code every time). Never raises: an empty, tiny or malformed image gives [].
    `dpi` is the page's resolution (a missing or absurd value is taken as 300).
    """
    try:
        return _read_codes(image, dpi, formats, exhaustive)
    except Exception:
        return []


def _read_codes(image, dpi, formats, exhaustive=False) -> list[Code]:
    grey = _to_grey(image)
    if grey is None or min(grey.shape) < MIN_SIDE:
        return []
    try:
        dpi = float(dpi)
    except (TypeError, ValueError):
        dpi = ASSUMED_DPI
    if not math.isfinite(dpi) or not 30 <= dpi <= 2400:
        dpi = ASSUMED_DPI
    formats = (formats,) if isinstance(formats, _F) else tuple(formats)
    found: list[Code] = []
    for run in _PASSES:
        try:
            codes = run(grey, dpi, formats)
        except Exception:  # one pass failing (memory, an OpenCV size limit) leaves the others
            codes = []
        if codes and not exhaustive:
            return codes
        found += [c for c in codes if not any(f.symbology == c.symbology and f.text == c.text for f in found)]
    return found


def _pass_fast(grey: np.ndarray, dpi: float, formats: tuple) -> list[Code]:
    """1. The page at ~150 dpi (only when it is finer than ~190 dpi)."""
    fast = _fast_copy(grey, dpi)
    if fast is None or min(fast[0].shape) < MIN_SIDE:
        return []
    small, s = fast
    return _codes(_read(small, formats, try_rotate=True), lambda x, y: (x / s, y / s), grey.shape)


def _pass_full(grey: np.ndarray, dpi: float, formats: tuple) -> list[Code]:
    """2. The page at its own resolution."""
    return _codes(_read(grey, formats, try_rotate=True), lambda x, y: (x, y), grey.shape)


def _pass_fine_bars(grey: np.ndarray, dpi: float, formats: tuple) -> list[Code]:
    """3. 1-D formats with thin or noisy bars: finer across the bars, averaged along them,
    once with the bars vertical and once (transposed) for pages turned by 90 degrees."""
    linear = tuple(f for f in formats if f in LINEAR_FORMATS)
    if not linear:
        return []
    wide, k = _across_bars(grey, dpi, transpose=False)
    codes = _codes(_read(wide, linear, try_rotate=False), lambda x, y: (x / ACROSS_BARS, y * k), grey.shape)
    if codes:
        return codes
    tall, k = _across_bars(grey, dpi, transpose=True)
    return _codes(_read(tall, linear, try_rotate=False), lambda x, y: (y * k, x / ACROSS_BARS), grey.shape)


def _pass_cleaned(grey: np.ndarray, dpi: float, formats: tuple) -> list[Code]:
    """4. 2-D formats on a grey photocopy or a noisy scan only: finer and smoothed."""
    matrix = tuple(f for f in formats if f not in LINEAR_FORMATS)
    if not matrix or not _needs_cleanup(grey):
        return []
    work = _cleaned(grey, dpi)
    f = work.shape[1] / grey.shape[1]
    return _codes(_read(work, matrix, try_rotate=True), lambda x, y: (x / f, y / f), grey.shape)


_PASSES = (_pass_fast, _pass_full, _pass_fine_bars, _pass_cleaned)
