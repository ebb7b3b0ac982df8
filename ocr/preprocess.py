"""Clean a scanned page image for OCR: colour ink, orientation, skew, illumination, borders.

The archive keeps the original page image; what this module produces feeds Tesseract only.
The OCR text layer is laid back over the original using the two numbers reported here, so
their conventions matter (they are the page model's, ocr.model "Turns", kept as they are all
the way to the archived PDF and the record):

``rotation`` (int, one of 0, 90, 180, 270)
    The CLOCKWISE turn, in degrees, that makes the page upright: ``rotate_upright`` applies it
    (``np.rot90(image, -rotation // 90)``). It is the same convention as a PDF page's
    /Rotate, so the archived page gets ``/Rotate = rotation`` (added to any /Rotate it had).

``skew`` (float degrees, within about ±5)
    Measured on the UPRIGHT page. Positive = the content is turned COUNTER-CLOCKWISE as seen on
    screen (text lines rise to the right); ``deskew(grey, skew)`` turns it back clockwise about
    the image centre, keeping the size. To lay the text of the deskewed image over the
    upright original, turn it the other way: counter-clockwise by ``skew`` about the page
    centre. In PDF user space (y up) that is the ordinary positive rotation by ``skew``; in
    pixel coordinates invert ``deskew_matrix``. Because turns by multiples of 90 degrees and by
    the skew commute, the skew is the same whichever way the scan was fed.

Every function takes and returns plain numpy arrays: uint8, grey HxW or RGB HxWx3. Estimates
are made on a reduced copy (about 150 dpi); only the final transforms run at full resolution.
Sizes in the heuristics are in millimetres of paper, derived from the page's dpi (given, or
guessed from the image size assuming an A4-like page), so 200 and 300 dpi scans behave alike.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import cached_property

import cv2
import numpy as np

from ocr.tesseract import Tesseract

A4_LONG_MM = 297.0
WORK_DPI = 150.0  # resolution of the reduced copy used for every estimate

# OpenCV hue runs 0..179 (degrees / 2). Red/magenta seals and blue ballpoint ink.
INK_HUES: dict[str, tuple[tuple[int, int], ...]] = {
    "red": ((0, 12), (145, 180)),  # red to magenta
    "blue": ((95, 145),),  # blue to violet
}
MIN_INK_SATURATION = 20  # of 255: below this a pixel is grey (black text, paper, JPEG fringes)
FULL_INK_SATURATION = 80  # from this up a pixel of an ink hue is entirely colour ink
SEED_INK_SATURATION = 60  # what it takes to start looking for colour ink around a pixel
MIN_INK_CHROMA = 16  # max - min channel, grey levels: dark pixels need this much to be colour

SKEW_LIMIT = 5.5  # degrees searched either way
DESKEW_MIN = 0.1  # degrees: smaller skews are left alone


# --------------------------------------------------------------------------- helpers


def _guess_dpi(shape: tuple[int, ...]) -> float:
    """Resolution of a page image of this size, assuming an A4-like page (long side 297 mm)."""
    return max(shape[0], shape[1]) / (A4_LONG_MM / 25.4)


def _px_per_mm(shape: tuple[int, ...], dpi: float | None) -> float:
    return (dpi or _guess_dpi(shape)) / 25.4


def _as_grey(image: np.ndarray) -> np.ndarray:
    """Plain luma (no colour-ink removal) of a grey, grey+alpha, RGB or RGBA image."""
    if image.ndim == 2:
        return image
    if image.shape[2] < 3:
        return np.ascontiguousarray(image[..., 0])
    return cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_RGB2GRAY)


def _reduce(grey: np.ndarray, factor: float) -> np.ndarray:
    """``grey`` shrunk by ``factor`` (< 1), averaging over the pixels each one covers.

    OpenCV's area averaging is some twenty times slower at a fractional ratio than at a whole
    one, so whole k x k blocks are averaged first and the rest (a ratio over 1/2) is
    interpolated bilinearly."""
    if factor >= 1.0:
        return grey
    h, w = grey.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    k = int(1.0 / factor + 1e-6)
    if k >= 2 and h >= k and w >= k:
        grey = cv2.resize(grey[: h // k * k, : w // k * k], (w // k, h // k), interpolation=cv2.INTER_AREA)
        if grey.shape[1] == size[0] and grey.shape[0] == size[1]:
            return grey
    return cv2.resize(grey, size, interpolation=cv2.INTER_LINEAR)


def _percentile(image: np.ndarray, q: float) -> float:
    """The q-th percentile of a uint8 image's levels, from its histogram (np.percentile sorts:
    ten times slower on a page)."""
    hist = cv2.calcHist([np.ascontiguousarray(image)], [0], None, [256], [0, 256]).ravel()
    total = hist.sum()
    if total == 0:
        return 0.0
    return float(np.searchsorted(np.cumsum(hist), q / 100.0 * total))


def _odd(n: float) -> int:
    n = max(3, int(round(n)))
    return n if n % 2 else n + 1


# --------------------------------------------------------------------------- colour ink


def _components(mask: np.ndarray):
    """Connected components (8-connected) of a 0/1 or 0/255 uint8 mask, with their stats.
    16-bit labels take about a third of the time of 32-bit ones on a page; OpenCV raises
    when a page has more components than they hold, and then 32-bit ones are used."""
    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=8)


def _in_hues(hue: np.ndarray, ranges: tuple[tuple[int, int], ...]) -> np.ndarray:
    inside = np.zeros(hue.shape, dtype=bool)
    for lo, hi in ranges:
        inside |= (hue >= lo) & (hue < hi)
    return inside


def _ink_in_region(rgb: np.ndarray, inks: tuple[str, ...], kept: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``remove_colour_ink`` on one region, pixel by pixel; and the same with the ink ``kept``
    left as it is (the inks' hues do not overlap: that ink removed last, the region as it was
    before is that image)."""
    inks = tuple(i for i in inks if i != kept) + ((kept,) if kept in inks else ())
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    # Near-black pixels have an unstable hue and saturation: ask for some chroma (max - min)
    # too, in grey levels. Black text stays; dark (double-stroke) blue ink does not.
    chroma = cv2.subtract(rgb.max(axis=2), rgb.min(axis=2))
    coloured = (sat >= MIN_INK_SATURATION) & (chroma >= MIN_INK_CHROMA)
    if not coloured.any():
        return luma, luma
    paper = float(_percentile(val[::2, ::2], 90)) or 255.0
    out = luma.astype(np.float32)
    before_kept = out
    for ink in inks:
        if ink == kept:
            before_kept = out.copy()
        mask = coloured & _in_hues(hue, INK_HUES[ink])
        if not mask.any():
            continue
        v = val[mask].astype(np.float32)
        s = sat[mask].astype(np.float32)
        # How light the pure ink is in its own channel: the lightest strongly coloured pixels
        # (ink on bare paper; ink over text is darker). Scale that up to the paper's level.
        strong = v[s >= FULL_INK_SATURATION]
        ink_level = float(np.percentile(strong if strong.size >= 20 else v, 80))
        gain = min(3.0, max(1.0, paper / max(ink_level, 1.0)))
        cleaned = np.minimum(v * gain, 255.0)
        w = np.clip((s - MIN_INK_SATURATION) / (FULL_INK_SATURATION - MIN_INK_SATURATION), 0.0, 1.0)
        out[mask] = (1.0 - w) * out[mask] + w * cleaned

    def as_grey(img: np.ndarray) -> np.ndarray:
        return np.clip(img + 0.5, 0, 255).astype(np.uint8)

    removed = as_grey(out)
    return removed, (as_grey(before_kept) if before_kept is not out else removed)


def _colour_regions(rgb: np.ndarray, inks: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1 at full size) around colour ink, found on a sparse sample of the
    pixels (one every ~1/3 mm), with a margin of ~3 mm."""
    dpi = _guess_dpi(rgb.shape)
    step = max(1, round(dpi / 75))
    sample = np.ascontiguousarray(rgb[::step, ::step, :3])
    hsv = cv2.cvtColor(sample, cv2.COLOR_RGB2HSV)
    # Seeds are clearly coloured (not JPEG colour fringes round black text); the region
    # around them is then converted with the soft thresholds.
    chroma = cv2.subtract(sample.max(axis=2), sample.min(axis=2))
    mask = (hsv[..., 1] >= SEED_INK_SATURATION) & (chroma >= 2 * MIN_INK_CHROMA)
    if not mask.any():
        return []
    hue_ok = np.zeros(mask.shape, dtype=bool)
    for ink in inks:
        hue_ok |= _in_hues(hsv[..., 0], INK_HUES[ink])
    mask &= hue_ok
    if not mask.any():
        return []
    margin = max(2, round(3.0 * dpi / 25.4 / step))
    grown = cv2.dilate(mask.view(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (2 * margin + 1,) * 2))
    _, _, stats, _ = _components(grown)
    H, W = rgb.shape[:2]
    return [
        (int(x * step), int(y * step), int(min(W, (x + w + 1) * step)), int(min(H, (y + h + 1) * step)))
        for x, y, w, h, _ in stats[1:]
    ]


def _remove_in_regions(
    rgb: np.ndarray, luma: np.ndarray, inks: tuple[str, ...], kept: str | None = None
) -> tuple[np.ndarray, bool, np.ndarray]:
    """The page with ``inks`` removed where there is colour ink, whether there was any, and
    the page with the ink ``kept`` left as it was (one pass for both)."""
    regions = _colour_regions(rgb, inks)
    if not regions:
        return luma, False, luma
    out = luma.copy()
    with_kept = luma.copy() if kept else out
    for x0, y0, x1, y1 in regions:
        removed, as_kept = _ink_in_region(np.ascontiguousarray(rgb[y0:y1, x0:x1, :3]), inks, kept)
        out[y0:y1, x0:x1] = removed
        with_kept[y0:y1, x0:x1] = as_kept
    return out, True, with_kept


def remove_colour_ink(rgb: np.ndarray, inks: tuple[str, ...] = ("red", "blue")) -> np.ndarray:
    """RGB page → grey page with red/magenta (seals) and blue/violet (ballpoint, date stamps)
    ink turned to paper.

    A colour-ink pixel is replaced by its brightest channel (the one the ink lets through: red
    for a red seal, blue for a blue pen), scaled so that the pure ink reaches the paper's
    level: the ink vanishes, while black text under it, dark in every channel, stays dark.
    Unsaturated pixels (black/grey text, paper) and other hues (yellowed paper) get the usual
    luma; the switch is soft over saturation so anti-aliased edges blend. Only the regions
    around colour ink (found on a sparse sample) are converted pixel by pixel.
    Note: hand-filled entries in blue ballpoint go too; pass inks=("red",) to keep them.
    """
    if rgb.ndim == 2:
        return rgb
    luma = cv2.cvtColor(np.ascontiguousarray(rgb[..., :3]), cv2.COLOR_RGB2GRAY)
    return _remove_in_regions(rgb, luma, inks)[0]


def to_grey(image: np.ndarray) -> np.ndarray:
    """Grey input as it is; RGB (or RGBA, alpha ignored) through ``remove_colour_ink``."""
    if image.ndim == 2:
        return image
    if image.shape[2] < 3:
        return _as_grey(image)
    return remove_colour_ink(image[..., :3])


# --------------------------------------------------------------------------- illumination


def _background(grey: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Paper brightness everywhere, at the image's size: a closing (max then min) with a kernel
    wider than characters, made on a copy reduced to ~1 px/mm and scaled back up."""
    factor = min(1.0, 1.2 / px_per_mm)
    small = _reduce(grey, factor)
    k = _odd(7.0 * px_per_mm * factor)  # ~7 mm: wider than a character, narrower than a shadow
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    kb = _odd(k / 2)
    bg = cv2.blur(bg, (kb, kb))
    # Dark regions wider than the kernel (scanner bands, black margins) are not paper: keep
    # them dark instead of stretching them to white.
    paper = float(_percentile(bg, 95))
    bg = np.maximum(bg, np.uint8(max(1.0, 0.4 * paper)))
    if factor < 1.0:
        bg = cv2.resize(bg, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return bg


def flatten_illumination(grey: np.ndarray, dpi: float | None = None) -> np.ndarray:
    """Divide by an estimate of the paper's brightness: yellowing, shadows and photocopier edge
    gradients become uniform white, ink keeps its contrast against the local paper."""
    bg = _background(grey, _px_per_mm(grey.shape, dpi))
    return cv2.divide(grey, bg, scale=255.0)


# --------------------------------------------------------------------------- binarisation


def _levels(grey: np.ndarray) -> tuple[float, float, float]:
    """(ink, Otsu threshold, paper) grey levels of a page, from a sample of its pixels."""
    step = max(1, int(math.sqrt(grey.size / 250_000)))
    sample = np.ascontiguousarray(grey[::step, ::step])
    otsu, _ = cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    dark = sample[sample <= otsu]
    paper = float(_percentile(sample, 90))
    ink = float(dark.mean()) if dark.size >= 1e-3 * sample.size else 0.0
    return ink, float(otsu), paper


def binarize(
    grey: np.ndarray,
    method: str = "sauvola",
    window: int | None = None,
    k: float = 0.2,
    r: float = 128.0,
    dpi: float | None = None,
    ceiling: bool = True,
) -> np.ndarray:
    """0 (ink) / 255 (paper) image.

    sauvola: threshold T = m * (1 + k * (s / r - 1)) with m, s the mean and standard deviation
    of the grey levels over a ``window``-pixel square (default ~4 mm: a couple of text lines),
    after stretching the page's ink..paper range to 0..255 (Sauvola's k and r assume full
    contrast: on a faded page it otherwise drops thin strokes). The window sums are box
    filters over a grid 4x coarser than the image (means of 4x4 blocks of grey and grey²,
    exact) and T is interpolated back: it varies on the window's scale, so this changes
    < 0.01 % of pixels against a full-size computation, at a quarter of the cost.
    ``ceiling``: a pixel lighter than the page's global Otsu threshold is never ink (Sauvola
    alone, being local, turns bleed-through and paper noise far from text into ink).
    otsu: one global threshold.
    """
    if method == "otsu":
        _, out = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        return out
    if method != "sauvola":
        raise ValueError(f"unknown binarisation method {method!r}")
    ink, otsu, paper = _levels(grey)
    if paper - ink >= 30:
        lut = np.clip((np.arange(256, dtype=np.float32) - ink) * 255.0 / (paper - ink), 0, 255).astype(np.uint8)
        grey = cv2.LUT(grey, lut)
        otsu = float(lut[int(otsu)])
    w = window or _odd(4.0 * _px_per_mm(grey.shape, dpi))
    H, W = grey.shape
    f = 4 if min(H, W) >= 64 and w >= 12 else 1
    size = (max(1, W // f), max(1, H // f))
    mean = cv2.resize(grey, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    sq = cv2.resize(cv2.multiply(grey, grey, dtype=cv2.CV_16U), size, interpolation=cv2.INTER_AREA)
    ws = _odd(w / f) if f > 1 else w
    mean = cv2.boxFilter(mean, -1, (ws, ws), borderType=cv2.BORDER_REFLECT)
    sq = cv2.boxFilter(sq.astype(np.float32), -1, (ws, ws), borderType=cv2.BORDER_REFLECT)
    std = np.sqrt(np.maximum(sq - mean * mean, 0.0))
    thresh = mean * (1.0 + k * (std / r - 1.0))
    if ceiling:
        thresh = np.minimum(thresh, otsu)
    thresh = np.clip(np.floor(thresh), 0, 255).astype(np.uint8)  # grey > T <=> grey > floor(T)
    if f > 1:
        thresh = cv2.resize(thresh, (W, H), interpolation=cv2.INTER_LINEAR)
    return cv2.compare(grey, thresh, cv2.CMP_GT)


# --------------------------------------------------------------------------- reduced copy


@dataclass
class _Work:
    """The reduced page every estimate is made on."""

    grey: np.ndarray  # flattened, reduced
    ink: np.ndarray  # bool mask of ink at the reduced size
    factor: float  # reduced / original
    px_mm: float  # pixels per millimetre at the reduced size
    dpi: float  # of the original
    source: np.ndarray | None = None  # the original grey image

    @cached_property
    def components(self):
        """``_components`` of the ink: the blank check and the glyph statistics share them."""
        return _components(self.ink.view(np.uint8))


def _work_copy(grey: np.ndarray, dpi: float | None) -> _Work:
    dpi = dpi or _guess_dpi(grey.shape)
    factor = min(1.0, WORK_DPI / dpi)
    small = _reduce(grey, factor)
    px_mm = dpi * factor / 25.4
    flat = cv2.divide(small, _background(small, px_mm), scale=255.0)
    return _Work(flat, _ink_mask(flat), factor, px_mm, dpi, grey)


def _ink_mask(flat: np.ndarray) -> np.ndarray:
    """Ink on a flattened (paper ≈ 255) image: Otsu, kept within sane bounds so that a blank
    page's noise or faint bleed-through never counts as ink."""
    thr, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    thr = min(max(thr, 110.0), 185.0)
    return flat < thr


SPECK_MM = 1.0  # solid round marks smaller than this are toner specks or dust, not characters


@dataclass
class _Glyphs:
    """Connected components of the ink that have the size of characters."""

    labels: np.ndarray
    keep: np.ndarray  # per label: glyph-sized
    stats: np.ndarray  # x, y, w, h, area of the kept ones
    centroids: np.ndarray
    height: float  # median glyph height, pixels
    specks: int = 0  # solid round marks under SPECK_MM


def _glyphs(ink: np.ndarray, px_mm: float, components=None) -> _Glyphs:
    """``components``: ``_components`` of ``ink`` when already made (the work copy's)."""
    _, labels, stats, centroids = components or _components(ink.view(np.uint8))
    x, y, w, h, area = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3], stats[:, 4]
    H, W = ink.shape
    touches = (x == 0) | (y == 0) | (x + w >= W) | (y + h >= H)
    extent = np.maximum(w, h)
    # Toner specks and dust (photocopies, faxes) can outnumber the characters: solid, round
    # and under ~1 mm. Letters are at least an x-height (>= 1.3 mm at 7 pt) in one direction
    # and never solid blobs, so the statistics below are made on characters only.
    speck = (extent < SPECK_MM * px_mm) & (area >= 0.5 * w * h) & (w <= 2 * h) & (h <= 2 * w)
    keep = (
        (extent >= 0.45 * px_mm)  # dust and dots out
        & (np.minimum(w, h) <= 12 * px_mm)
        & (extent <= 40 * px_mm)  # rules, frames, seals, photos out
        & (area >= 3)
        & ~touches
        & ~speck
    )
    keep[0] = False
    heights = h[keep]
    med = float(np.median(heights)) if heights.size else 0.0
    # Diacritics, dots and commas are not characters for the layout statistics below.
    keep &= np.maximum(w, h) >= 0.7 * med
    keep[0] = False
    return _Glyphs(labels, keep, stats[keep], centroids[keep], med, int(np.count_nonzero(speck[1:])))


# --------------------------------------------------------------------------- skew


def _projection_score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    a = math.radians(angle)
    r = xs * math.sin(a) + ys * math.cos(a)
    r -= r.min()
    prof = np.bincount(r.astype(np.int32))
    return float(np.dot(prof, prof))


def _search(xs: np.ndarray, ys: np.ndarray, lo: float, hi: float, step: float) -> tuple[float, float]:
    angles = np.arange(lo, hi + step / 2, step)
    scores = np.array([_projection_score(xs, ys, a) for a in angles])
    i = int(scores.argmax())
    best = float(angles[i])
    if 0 < i < len(scores) - 1:  # parabola through the peak and its neighbours
        s0, s1, s2 = scores[i - 1], scores[i], scores[i + 1]
        den = s0 - 2 * s1 + s2
        if den < 0:
            best += step * 0.5 * (s0 - s2) / den
    return best, float(scores[i])


def _turn_points(
    xs: np.ndarray, ys: np.ndarray, shape: tuple[int, ...], rotation: int
) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of points after ``rotate_upright(image_of_shape, rotation)``."""
    if rotation % 360 == 0:
        return xs, ys
    m = _turn_matrix(shape, rotation)
    return m[0, 0] * xs + m[0, 1] * ys + m[0, 2], m[1, 0] * xs + m[1, 1] * ys + m[1, 2]


def _skew_of_points(xs: np.ndarray, ys: np.ndarray, around: float | None = None, limit: float = SKEW_LIMIT) -> float:
    """Skew (degrees, positive = counter-clockwise) of ink points whose text lines run roughly
    horizontally: the angle whose projection profile is the most peaked. Coarse on a sample
    of the ink over ±limit (or only near ``around``), then fine on all of it."""
    if xs.size < 50:
        return 0.0 if around is None else around
    xs = xs.astype(np.float32)
    ys = ys.astype(np.float32)
    if around is None:
        step = max(1, xs.size // 40000)
        around, _ = _search(xs[::step], ys[::step], -limit, limit, 0.25)
    best, _ = _search(xs, ys, around - 0.3, around + 0.3, 0.05)
    return float(np.clip(best, -limit, limit))


SPARSE_INK = 20000  # text pixels at the working resolution under which the skew is refined at full size
REFINE_DPI = 300.0


def _skew(work: _Work, text: np.ndarray, rotation: int) -> float:
    """Skew of the page once turned by ``rotation``, from the reduced text mask; on sparse
    pages (a few lines give a flat profile at 150 dpi) refined on the full-size text."""
    ys, xs = np.nonzero(text)
    xs, ys = _turn_points(xs, ys, text.shape, rotation)
    skew = _skew_of_points(xs, ys)
    if xs.size < 50 or xs.size >= SPARSE_INK or work.source is None or work.factor >= 1.0:
        return skew
    # Crop the text at up to 300 dpi and threshold it against its own paper.
    rows, cols = np.nonzero(text.any(axis=1))[0], np.nonzero(text.any(axis=0))[0]
    pad = 2
    y0, y1 = max(0, rows[0] - pad), min(text.shape[0], rows[-1] + 1 + pad)
    x0, x1 = max(0, cols[0] - pad), min(text.shape[1], cols[-1] + 1 + pad)
    f = 1.0 / work.factor
    src = work.source
    crop = src[int(y0 * f) : min(src.shape[0], int(y1 * f) + 1), int(x0 * f) : min(src.shape[1], int(x1 * f) + 1)]
    g = min(1.0, REFINE_DPI / work.dpi)
    crop = _reduce(crop, g)
    paper = float(_percentile(crop, 90))
    cys, cxs = np.nonzero(crop < 0.6 * paper)
    # Back to full-page coordinates at the refine scale, then turned like the page.
    scale = g * f
    cxs = cxs + x0 * scale
    cys = cys + y0 * scale
    shape = (round(text.shape[0] * scale), round(text.shape[1] * scale))
    cxs, cys = _turn_points(cxs, cys, shape, rotation)
    return _skew_of_points(cxs, cys, around=skew)


def estimate_skew(grey: np.ndarray, dpi: float | None = None) -> float:
    """Skew of an upright (or upside-down) page, in degrees within ±5.5; positive = content
    turned counter-clockwise (text lines rise to the right). ``deskew(grey, skew)`` undoes it."""
    work = _work_copy(_as_grey(grey), dpi)
    g = _glyphs(work.ink, work.px_mm)
    return _skew(work, g.keep[g.labels], 0)


def deskew_matrix(shape: tuple[int, ...], angle: float) -> np.ndarray:
    """2x3 affine (pixel coordinates, origin top-left) that ``deskew`` applies: original →
    deskewed, a clockwise turn by ``angle`` about the image centre."""
    h, w = shape[:2]
    return cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), -angle, 1.0)


def _turn_matrix(shape: tuple[int, ...], rotation: int) -> np.ndarray:
    """3x3 affine: pixel coordinates before → after ``rotate_upright(image_of_shape, rotation)``."""
    h, w = shape[:2]
    k = (rotation // 90) % 4
    return np.array(
        [
            [[1, 0, 0], [0, 1, 0]],
            [[0, -1, h - 1], [1, 0, 0]],
            [[-1, 0, w - 1], [0, -1, h - 1]],
            [[0, 1, 0], [-1, 0, w - 1]],
        ][k]
        + [[0, 0, 1]],
        dtype=np.float64,
    )


def deskew(grey: np.ndarray, angle: float) -> np.ndarray:
    """Turn the content clockwise by ``angle`` degrees (undoing a skew of ``angle``) about the
    centre; same size, white where the turn brings in area from outside the scan."""
    if abs(angle) < 1e-6:
        return grey.copy()
    h, w = grey.shape[:2]
    fill = 255 if grey.ndim == 2 else (255,) * grey.shape[2]
    return cv2.warpAffine(
        grey,
        deskew_matrix(grey.shape, angle),
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )


# --------------------------------------------------------------------------- orientation


def rotate_upright(image: np.ndarray, rotation: int) -> np.ndarray:
    """Turn the image clockwise by ``rotation`` (0, 90, 180, 270) degrees; lossless."""
    if rotation % 90:
        raise ValueError(f"rotation must be a multiple of 90, not {rotation}")
    k = (rotation // 90) % 4
    if k == 0:
        return image
    return np.ascontiguousarray(np.rot90(image, -k))


def _line_axis(g: _Glyphs) -> float:
    """Fraction of characters whose nearest neighbour is beside them rather than above or
    below: near 1 for horizontal text lines, near 0 for vertical ones."""
    c = g.centroids
    if len(c) < 4:
        return 0.5
    rng = np.random.default_rng(0)
    queries = c if len(c) <= 600 else c[rng.choice(len(c), 600, replace=False)]
    horiz = 0
    for start in range(0, len(queries), 200):
        q = queries[start : start + 200]
        dx = q[:, None, 0] - c[None, :, 0]
        dy = q[:, None, 1] - c[None, :, 1]
        d = dx * dx + dy * dy
        d[d == 0] = np.inf
        j = d.argmin(axis=1)
        rows = np.arange(len(q))
        horiz += int(np.count_nonzero(np.abs(dx[rows, j]) > np.abs(dy[rows, j])))
    return horiz / len(queries)


CORE_SHARE = 0.1


def _up_score(ink: np.ndarray, text: np.ndarray, height: float) -> tuple[float, int]:
    """Evidence that horizontal, deskewed text lines are upright (>0) or upside down (<0).

    ``ink``: all ink; ``text``: the character-sized part of it; ``height``: median character
    height. Per text line, the core band (x-height) is where the ink is densest; ascenders,
    capitals and Vietnamese diacritics stick out above it, far more ink than descenders and
    the dot below put under it. Returns (above - below) / (above + below) over all lines,
    and the number of lines measured.
    """
    if height <= 0:
        return 0.0, 0
    # Smear characters into line blobs.
    k = _odd(2.5 * height)  # bridges word spaces; lines are never merged (no vertical smear)
    blobs = cv2.morphologyEx(text.astype(np.uint8), cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    _, _, stats, _ = _components(blobs)
    lines = [s for s in stats[1:] if s[2] >= 4 * s[3] and 0.5 * height <= s[3] <= 3 * height]
    if not lines:
        return 0.0, 0
    # Line cores, then ink above/below each core up to half-way to the next core.
    cores = []
    for x, y, w, h, _ in lines:
        prof = ink[y : y + h, x : x + w].sum(axis=1).astype(np.float32)
        on = np.nonzero(prof >= 0.5 * prof.max())[0]
        cores.append((x, x + w, y + on[0], y + on[-1] + 1))
    above = below = core = 0.0
    H = ink.shape[0]
    for i, (x0, x1, top, bot) in enumerate(cores):
        reach = max(2, bot - top)
        lim_up, lim_down = max(0, top - reach), min(H, bot + reach)
        for j, (a0, a1, t2, b2) in enumerate(cores):
            if j == i or a1 <= x0 or a0 >= x1:
                continue
            if b2 <= top:
                lim_up = max(lim_up, (b2 + top + 1) // 2)
            elif t2 >= bot:
                lim_down = min(lim_down, (t2 + bot) // 2)
        above += float(ink[lim_up:top, x0:x1].sum())
        below += float(ink[bot:lim_down, x0:x1].sum())
        core += float(ink[top:bot, x0:x1].sum())
    # Lines in capitals (an MRZ, headings) have next to nothing above or below their core: a
    # row of anti-aliasing would decide. Measured against a tenth of the core's ink, what
    # sticks out says something only when there is enough of it.
    total = above + below + CORE_SHARE * core
    return ((above - below) / total if total else 0.0), len(lines)


@dataclass
class Orientation:
    """What the page layout says about the page's orientation (see ``_orient``)."""

    rotation: int  # clockwise degrees that make the page upright
    skew: float  # degrees, see the module docstring
    confident: bool
    axis: float  # fraction of horizontal nearest neighbours (before turning)
    up: float  # up/down score after turning to horizontal lines
    lines: int  # text lines the up/down score was measured on
    glyphs: int  # character-sized marks found
    glyph_height: float = 0.0  # their median height, pixels of the reduced copy
    specks: int = 0  # solid dots under 1 mm (toner, dust, fax noise; also i dots and periods)


AXIS_SURE = 0.62  # fraction of nearest neighbours along the lines needed to trust the axis
UP_SURE = 0.12  # |up score| needed to trust up vs down
UP_NOISE = 0.05  # |up score| under this says nothing at all
MIN_LINES = 3
UP_SURE_ONE_LINE = 0.2  # stricter when there are fewer lines than that
OSD_MIN_GLYPHS = 30  # too little text for Tesseract's OSD to say anything either


def _straighten(mask: np.ndarray, rotation: int, skew: float) -> np.ndarray:
    """A bool mask turned upright and deskewed (nearest neighbour: stays a mask)."""
    mask = rotate_upright(mask, rotation)
    if abs(skew) <= DESKEW_MIN:
        return mask
    h, w = mask.shape
    return cv2.warpAffine(mask.view(np.uint8), deskew_matrix(mask.shape, skew), (w, h), flags=cv2.INTER_NEAREST) > 0


def _orient(work: _Work) -> Orientation:
    g = _glyphs(work.ink, work.px_mm, work.components)
    axis = _line_axis(g)
    text = g.keep[g.labels]
    base = 0 if axis >= 0.5 else 90  # turn vertical lines horizontal first
    skew = _skew(work, text, base)
    up, nlines = _up_score(_straighten(work.ink, base, skew), _straighten(text, base, skew), g.height)
    up_sure = abs(up) >= UP_SURE if nlines >= MIN_LINES else abs(up) >= UP_SURE_ONE_LINE
    # With next to no evidence (|up| under UP_NOISE: a page in capitals), upright: pages come
    # so far more often. (Fed sideways, either way is as likely: the sign decides.)
    rotation = (base + 180) % 360 if up < -UP_NOISE or (up < 0 and base) else base
    confident = abs(axis - 0.5) >= AXIS_SURE - 0.5 and up_sure
    return Orientation(rotation, skew, confident, axis, up, nlines, len(g.stats), g.height, g.specks)


def detect_orientation(
    grey: np.ndarray, dpi: float | None = None, osd_fallback: bool = True, tesseract: Tesseract | None = None
) -> int:
    """Clockwise rotation (0, 90, 180, 270) that makes the page upright (see ``rotate_upright``).
    ``tesseract``: the engine asked when the layout cannot tell (None: the default one)."""
    grey = _as_grey(grey)
    work = _work_copy(grey, dpi)
    o = _orient(work)
    if not o.confident and osd_fallback and o.glyphs >= OSD_MIN_GLYPHS:
        osd = (tesseract or Tesseract()).orientation(work.grey, work.px_mm * 25.4)
        if osd is not None:
            return osd
    return o.rotation


# --------------------------------------------------------------------------- borders, blank


def _border_mask(grey: np.ndarray, px_per_mm: float) -> np.ndarray | None:
    """Mask (at ``grey``'s size) of large dark regions that touch the image edge, or None."""
    factor = min(1.0, 4.0 / px_per_mm)  # ~100 dpi is plenty to find bands
    small = _reduce(grey, factor)
    H, W = small.shape
    paper = float(_percentile(small, 90))
    dark = (small < 0.55 * paper).astype(np.uint8)
    edge = np.concatenate([dark[0], dark[-1], dark[:, 0], dark[:, -1]])
    if not edge.any():
        return None
    mm = px_per_mm * factor
    # A photocopier's edge is often grainy, not solid: close the gaps between its grains
    # (~1 mm) so that it is one large region touching the border. Text keeps clear of it.
    k = _odd(1.0 * mm)
    dark = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    _, labels, stats, _ = _components(dark)
    x, y, w, h, area = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3], stats[:, 4]
    touches = (x == 0) | (y == 0) | (x + w >= W) | (y + h >= H)
    large = (np.maximum(w, h) >= 25 * mm) | (area >= 100 * mm * mm)
    remove = touches & large
    remove[0] = False
    if not remove.any():
        return None
    mask = remove[labels].astype(np.uint8)
    # ...and its lighter grains round it, within ~1.5 mm, go with it
    g = _odd(3.0 * mm)
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (g, g)))
    if factor < 1.0:
        mask = cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    return mask.astype(bool)


EDGE_BAND_MM = 4.0  # how far in from an edge a copier's grey band may reach
EDGE_BAND_GREY = 0.93  # of the paper's level: darker than this along an edge is a band


def _lift_edge_bands(image: np.ndarray, px_per_mm: float) -> np.ndarray:
    """A grey band along an edge of the image lighter than ink (a photocopied card's grainy
    edge: narrower than the flattening's kernel, so it stays grey) made paper white, its ink
    kept: Tesseract's thresholding turns its grains into specks that split the text beside
    it into columns. The band: the rows or columns from the edge inward whose median is
    darker than the paper; ink is what is darker than halfway between ink and threshold."""
    reach = int(EDGE_BAND_MM * px_per_mm)
    H, W = image.shape[:2]
    if reach < 2 or H <= 4 * reach or W <= 4 * reach:
        return image
    ink, otsu, paper = _levels(image)
    if paper - ink < 64:
        return image  # no contrast to tell ink from a band by
    floor = EDGE_BAND_GREY * paper
    keep_below = (ink + otsu) / 2
    strips = {
        "left": np.median(image[:, :reach], axis=0),
        "right": np.median(image[:, W - reach :], axis=0)[::-1],
        "top": np.median(image[:reach, :], axis=1),
        "bottom": np.median(image[H - reach :, :], axis=1)[::-1],
    }
    out = image
    for edge, profile in strips.items():
        if profile[0] >= floor:
            continue
        light = np.nonzero(profile >= floor)[0]
        width = int(light[0]) if light.size else reach
        width = min(reach, width + max(1, int(0.3 * px_per_mm)))
        if out is image:
            out = image.copy()
        band = {
            "left": (slice(None), slice(0, width)),
            "right": (slice(None), slice(W - width, W)),
            "top": (slice(0, width), slice(None)),
            "bottom": (slice(H - width, H), slice(None)),
        }[edge]
        region = out[band]
        region[region >= keep_below] = 255
    return out


def clean_borders(image: np.ndarray, dpi: float | None = None) -> np.ndarray:
    """White out dark scanner edges, bands and frames that touch the page border, and grey
    bands lighter than ink along its edges (grey or 0/255 binary image). Text does not touch
    the border and is left as it is."""
    px_mm = _px_per_mm(image.shape, dpi)
    mask = _border_mask(image, px_mm)
    out = image
    if mask is not None:
        out = image.copy()
        out[mask] = 255
    return _lift_edge_bands(out, px_mm)


SPECKLED_MIN = 100  # dots on the reduced copy that make a page worth despeckling...
SPECKLED_SHARE = 0.8  # ...when they are also this many per character-sized mark
SPECK_MAX_MM = 0.45  # a mark no wider or taller than this with little ink near it is a speck
SPECK_CLEAR_MM = 1.2  # how far a speck is from any larger mark (an i's dot, a tone mark is near)


def remove_specks(grey: np.ndarray, dpi: float | None = None) -> np.ndarray:
    """Paint out toner specks and fax noise: marks under ~0.45 mm with little other ink (no
    more than their own) within ~1.2 mm. Dots of i, tone marks and punctuation sit next to
    their letters and stay; the specks strewn over a photocopy or a fax make Tesseract's
    layout analysis take a sparse page for a picture (and read them as "." and "'" words).
    Flattened grey or 0/255 input."""
    px_mm = _px_per_mm(grey.shape, dpi)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, labels, stats, _ = _components(ink)
    if n <= 1:
        return grey
    small = np.maximum(stats[:, 2], stats[:, 3]) <= SPECK_MAX_MM * px_mm
    small[0] = False
    if not small.any():
        return grey
    # Ink within reach of each small mark besides its own: no more than the mark itself (none,
    # or another speck) means a speck; a dot of i, a tone mark or a comma has its letters
    # there. (Counted over a square of side 2 x clearance about the mark's centre, which
    # holds the whole of a mark that small, from an integral image.)
    r = int(round(SPECK_CLEAR_MM * px_mm))
    total = cv2.integral(ink // 255)  # (H+1) x (W+1) running sums: a window is 4 look-ups
    H, W = ink.shape
    cx = stats[:, 0] + stats[:, 2] // 2
    cy = stats[:, 1] + stats[:, 3] // 2
    x0, x1 = np.clip(cx - r, 0, W), np.clip(cx + r + 1, 0, W)
    y0, y1 = np.clip(cy - r, 0, H), np.clip(cy + r + 1, 0, H)
    around = total[y1, x1] - total[y0, x1] - total[y1, x0] + total[y0, x0]
    lone = small & (around - stats[:, 4] <= stats[:, 4])
    if not lone.any():
        return grey
    out = grey.copy()
    out[lone[labels]] = 255
    return out


SEAL_MM = (20.0, 60.0)  # diameter of an office seal (Vietnamese ones are 30-42 mm)
SEAL_LIGHTER = 60  # grey levels: how much lighter than the text the seal's ink must be


def _grey_seal_boxes(flat: np.ndarray, px_per_mm: float) -> list[tuple[int, int, int, int, int]]:
    """Round marks drawn in an ink clearly lighter than the text (a red seal on a grey scan):
    (x0, y0, x1, y1) at full size and the grey level between the seal's ink and the text's."""
    factor = min(1.0, 6.0 / px_per_mm)  # ~150 dpi: thin strokes stay dark
    small = _reduce(flat, factor)
    mm = px_per_mm * factor
    otsu, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    dark = small[small < otsu]
    if dark.size < 100:
        return []
    text_level = float(np.percentile(dark, 30))
    floor = text_level + 0.6 * SEAL_LIGHTER
    if floor >= 200:
        return []
    # Lighter ink only (anti-aliased fringes of text are thin: the opening takes them out),
    # joined over the gaps of a seal's ring text.
    light = ((small >= floor) & (small < 225)).astype(np.uint8)
    light = cv2.morphologyEx(light, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2, 2)))
    k = _odd(1.5 * mm)
    joined = cv2.morphologyEx(light, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    _, labels, stats, _ = _components(joined)
    boxes = []
    f = 1.0 / factor
    H, W = flat.shape[:2]
    for i, (x, y, w, h, _) in enumerate(stats[1:], 1):
        if not (SEAL_MM[0] * mm <= min(w, h) and max(w, h) <= SEAL_MM[1] * mm and 0.75 <= w / h <= 1.33):
            continue
        region = small[y : y + h, x : x + w]
        ink = region < 225
        lighter = light[y : y + h, x : x + w].astype(bool) & (labels[y : y + h, x : x + w] == i)
        # A seal: a good part of its ink is the light ink (text or a signature across it is
        # the rest) and it leaves most of its box bare (a ring, a star, a few words); a photo
        # or a grey box fills it.
        if lighter.sum() < 0.15 * ink.sum() or ink.mean() > 0.5:
            continue
        level = float(np.median(region[lighter]))
        if level - text_level < SEAL_LIGHTER:
            continue
        m = round(1.0 * mm)
        boxes.append(
            (
                int(max(0, (x - m) * f)),
                int(max(0, (y - m) * f)),
                int(min(W, (x + w + m) * f)),
                int(min(H, (y + h + m) * f)),
                int(round((text_level + level) / 2)),
            )
        )
    return boxes


def _bilevel(grey: np.ndarray) -> bool:
    """Black and white only (told from every 4th pixel of every 4th row: about 0.3 ms)."""
    sample = grey[::4, ::4]
    return np.count_nonzero((sample > 0) & (sample < 255)) < 0.001 * sample.size


def remove_grey_seals(flat: np.ndarray, dpi: float | None = None) -> np.ndarray:
    """On a grey page (where colour is gone), a seal is still lighter than black text: in the
    box of each round mark of light ink, everything lighter than the level between the two
    inks becomes paper, so the text under it stays and the ring, star and ring text go.
    Give it the flattened grey page (paper ~255). Bilevel pages have one ink: untouched."""
    boxes = _grey_seal_boxes(flat, _px_per_mm(flat.shape, dpi))
    if not boxes:
        return flat
    out = flat.copy()
    for x0, y0, x1, y1, cut in boxes:
        region = out[y0:y1, x0:x1]
        region[region >= cut] = 255
    return out


MIN_CHARS = 3  # character-sized marks on a page that is not blank


def _blank_from_ink(ink: np.ndarray, px_mm: float, components=None) -> bool:
    _, _, stats, _ = components or _components(ink.astype(np.uint8))
    x, y, w, h, area = stats[1:, 0], stats[1:, 1], stats[1:, 2], stats[1:, 3], stats[1:, 4]
    H, W = ink.shape
    inside = (x > 0) & (y > 0) & (x + w < W) & (y + h < H)
    extent = np.maximum(w, h)
    # Dust is a solid round blob; characters are strokes (or elongated, like l, i, 1).
    solid_blob = (area >= 0.7 * w * h) & (w <= 1.5 * h) & (h <= 1.5 * w)
    chars = inside & (extent >= 1.2 * px_mm) & (extent <= 40 * px_mm) & (area >= 0.6 * px_mm * px_mm) & ~solid_blob
    strokes = inside & (extent >= 8 * px_mm) & (area >= 6 * px_mm * px_mm)  # a signature, a seal ring
    return int(chars.sum()) < MIN_CHARS and not strokes.any()


def is_blank(grey: np.ndarray, dpi: float | None = None) -> bool:
    """True for a blank or near-blank page: nothing but paper texture, dust and specks, faint
    bleed-through or scanner edges. A page with one short line of text, or only a signature
    or a stamp, is not blank (give it the grey page before colour-ink removal)."""
    work = _work_copy(_as_grey(grey), dpi)
    return _blank_from_ink(work.ink, work.px_mm, work.components)


# --------------------------------------------------------------------------- the whole


@dataclass
class Prepared:
    image: np.ndarray  # grey uint8, upright, deskewed, cleaned: what Tesseract reads
    rotation: int  # clockwise degrees applied to make the page upright (PDF /Rotate)
    skew: float  # degrees; positive = content was turned counter-clockwise; undone if > 0.1
    blank: bool
    steps: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    orientation_confident: bool = True
    glyph_height: float = 0.0  # median character height in pixels of ``image`` (0: not measured)
    bilevel: bool = False  # the page as loaded was black and white only (a fax, a G4 TIFF)
    # ``image`` with blue ink kept (red seals still gone), turned and straightened the same way:
    # where a clerk wrote the number and day in blue ballpoint (ink ``image`` lost). None: the
    # page had no blue ink removed, ``image`` shows what was written.
    with_blue_ink: np.ndarray | None = None


def prepare_for_ocr(
    image: np.ndarray,
    dpi: float | None = None,
    *,
    binarise: bool = False,
    osd_fallback: bool = True,
    osd_for_up_down: bool = True,
    inks: tuple[str, ...] = ("red", "blue"),
    tesseract: Tesseract | None = None,
) -> Prepared:
    """Colour-ink removal → blank check → orientation → upright → skew → deskew → illumination
    flattening → (Sauvola binarisation if asked) → border clean-up.

    ``image``: the page as loaded, RGB (so that seals and signatures can be told from text)
    or grey; ``dpi``: its resolution (guessed from an A4 page size when None). Estimates run
    on a ~150 dpi copy, the transforms at full size. ``binarise``: hand Tesseract our
    Sauvola 0/255 image instead of the flattened grey one. Off by default: on synthetic
    degraded pages Tesseract's own (default, Otsu) thresholding of the flattened page read
    as well (word recall 0.995 against 0.997), ours only won on strong bleed-through.
    Do not use Tesseract's ``-c thresholding_method=2`` (Sauvola): it read nothing at all
    on faded, low-contrast pages. ``osd_fallback``: ask Tesseract's OSD (~1 s) only when
    the layout cannot tell the orientation; ``osd_for_up_down=False``: only when it cannot
    tell the lines' axis (for a caller that reads a doubtful page turned over anyway, where
    that costs less than OSD on every such page). ``tesseract``: the engine whose OSD is
    asked (None: the default one). ``inks``: colour inks to remove. A blank page stops after
    the blank check (image: the flattened grey page, rotation 0, skew 0).
    """
    times: dict[str, float] = {}
    steps: list[str] = []
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        times[name] = round((now - t) * 1000, 1)
        t = now

    dpi = dpi or _guess_dpi(image.shape)
    bilevel = _bilevel(image)
    colour_removed = False
    blue_kept: np.ndarray | None = None
    if image.ndim == 3 and image.shape[2] >= 3:
        rgb = image[..., :3]
        luma = _as_grey(rgb)
        grey, colour_removed, kept = _remove_in_regions(rgb, luma, inks, kept="blue")
        if colour_removed:
            steps.append("remove_colour_ink")
            if "blue" in inks:
                blue_kept = kept
    else:
        grey = _as_grey(image)
        luma = grey
    lap("grey")

    work = _work_copy(grey, dpi)
    lap("reduce")
    blank = _blank_from_ink(work.ink, work.px_mm, work.components)
    if blank and luma is not grey:  # only colour ink on it? A stamp or a signature is content.
        before = _work_copy(luma, dpi)
        blank = _blank_from_ink(before.ink, before.px_mm)
    lap("blank")
    if blank:
        steps.append("blank")
        out = clean_borders(flatten_illumination(grey, dpi), dpi)
        lap("flatten")
        return Prepared(out, 0, 0.0, True, steps, times, bilevel=bilevel)

    o = _orient(work)
    rotation, skew, confident = o.rotation, o.skew, o.confident
    axis_sure = abs(o.axis - 0.5) >= AXIS_SURE - 0.5
    if not confident and osd_fallback and o.glyphs >= OSD_MIN_GLYPHS and (osd_for_up_down or not axis_sure):
        osd = (tesseract or Tesseract()).orientation(work.grey, work.px_mm * 25.4)
        steps.append("osd")
        if osd is not None:
            rotation, confident = osd, True
            if (osd - o.rotation) % 180:  # the axis changed: measure the skew again
                g = _glyphs(work.ink, work.px_mm, work.components)
                skew = _skew(work, g.keep[g.labels], osd)
    lap("orientation")

    if rotation:
        grey = rotate_upright(grey, rotation)
        blue_kept = None if blue_kept is None else rotate_upright(blue_kept, rotation)
        steps.append(f"rotate {rotation}")
    lap("rotate")
    if abs(skew) > DESKEW_MIN:
        grey = deskew(grey, skew)
        blue_kept = None if blue_kept is None else deskew(blue_kept, skew)
        steps.append(f"deskew {skew:+.2f}")
    lap("deskew")
    grey = flatten_illumination(grey, dpi)
    steps.append("flatten_illumination")
    lap("flatten")

    def clean(name: str, step) -> None:
        """Run a clean-up step that returns its input unchanged when it finds nothing."""
        nonlocal grey
        out = step(grey, dpi)
        if out is not grey:
            steps.append(name)
        grey = out
        lap(name)

    # A bilevel scan (a fax, a G4 TIFF) has one ink: no lighter seal to find. (Told from the
    # page as loaded: deskewing greys the edges of its strokes.)
    if not colour_removed and not bilevel:
        clean("remove_grey_seals", remove_grey_seals)
    if binarise:
        grey = binarize(grey, dpi=dpi)
        steps.append("binarize")
        lap("binarize")
    clean("clean_borders", clean_borders)
    # Full-size despeckling costs ~60 ms on an A4 page: only where the reduced copy shows a
    # strewn page (a clean page's i dots and periods number a fifth to a half of its
    # characters; a photocopy's or a fax's specks at least as many as the characters).
    if o.specks >= max(SPECKLED_MIN, SPECKLED_SHARE * o.glyphs):
        clean("remove_specks", remove_specks)
    return Prepared(
        grey,
        rotation,
        round(float(skew), 3),
        False,
        steps,
        times,
        confident,
        round(o.glyph_height / work.factor, 1),
        bilevel,
        blue_kept,
    )
