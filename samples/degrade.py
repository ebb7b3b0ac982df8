"""Scan degradation profiles.

``degrade(img, profile, rng, dpi)`` turns a clean RGB rendering into what a scanner, a fax
machine or a photocopier would deliver; ``prepare(pages, profile, rng)`` makes the changes
that happen before printing (a typewriter's uneven strikes, a fax machine's header line; the
header is text, so it goes into the page text). A ``Profile`` is plain data, so adding one is
a new entry in ``PROFILES``; a new effect is one small function called from ``degrade``.
Effects scale with dpi so a profile looks the same at 150 and 400 dpi.

Profiles (``PROFILES``):

- ``clean``      the rendering as it is (colour or grey)
- ``office``     office scanner: grey paper, slight skew (<= 1.5 deg), slight blur, JPEG
- ``bilevel``    black-and-white office scan (1 bit), slight skew
- ``legacy``     an old typed document: typewriter face, yellowed paper, faded uneven ink,
                 stains, skew up to 4 deg
- ``fax``        received fax: 1 bit at fax resolution (204 x 98 or 196 lpi) scaled back,
                 vertical stretch, speckle, header line
- ``rotated``    an office scan fed sideways or upside down: turned 90, 180 or 270 deg
- ``photocopy``  grey photocopy: harsh contrast, dark edges, toner specks

The parameters actually used (skew angle, rotation...) are returned and go into the truth.
``rotation`` is the angle, counter-clockwise, by which the upright page was turned; turning
the image ``rotation`` degrees clockwise makes it upright again.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from .render import CODE_FONT, PageLayout, Style, TextRun


@dataclass(frozen=True)
class Profile:
    name: str
    modes: tuple[str, ...] = ("L",)  # output mode drawn from: "RGB", "L" (grey), "1" (bilevel)
    paper: int = 255  # background grey level (lowest; drawn up to 255)
    paper_rgb: tuple[int, int, int] | None = None  # tinted paper (legacy)
    mottle: float = 0.0  # amplitude of low-frequency paper unevenness
    skew_deg: float = 0.0  # maximum |skew|; the sign and size are random
    blur: float = 0.0  # Gaussian radius in pixels at 300 dpi
    noise: float = 0.0  # sigma of per-pixel Gaussian noise (grey levels)
    jpeg_quality: int | None = None  # JPEG round trip (compression artefacts)
    threshold: int = 150  # for mode "1"
    fade: float = 0.0  # ink fading, 0..1 (uneven over the page)
    blotches: int = 0  # at most this many stains
    speckle: float = 0.0  # share of flipped pixels (fax)
    stretch: float = 0.0  # maximum vertical stretch (fax)
    fax: bool = False  # fax resolution round trip and header line
    dark_edges: float = 0.0  # photocopy border shadow strength, 0..1
    toner: float = 0.0  # toner specks per square cm
    contrast: float = 1.0  # > 1: harsher (photocopy)
    rotate: bool = False  # turn by 90/180/270
    typewriter: bool = False  # uneven strikes, ribbon ink
    # defaults for the generator when the caller does not choose
    dpis: tuple[int, ...] = (200, 300)
    formats: tuple[str, ...] = ("png",)
    font_kind: str | None = None  # preferred font kind (legacy: mono)


PROFILES: dict[str, Profile] = {
    "clean": Profile("clean", modes=("RGB", "L"), dpis=(150, 200, 300, 400), formats=("png", "pdf", "tiff")),
    "office": Profile(
        "office",
        modes=("RGB", "L", "L"),
        paper=234,
        mottle=6,
        skew_deg=1.5,
        blur=0.7,
        noise=2.5,
        jpeg_quality=75,
        dpis=(150, 200, 200, 300, 300, 400),
        formats=("jpg", "pdf", "jpg", "tiff"),
    ),
    "bilevel": Profile(
        "bilevel",
        modes=("1",),
        skew_deg=0.8,
        blur=0.6,
        noise=4.0,
        dpis=(200, 300, 300, 400),
        formats=("tiff", "png", "pdf"),
    ),
    "legacy": Profile(
        "legacy",
        modes=("RGB",),
        paper=226,
        paper_rgb=(236, 222, 182),
        mottle=14,
        skew_deg=4.0,
        blur=0.9,
        noise=4.0,
        jpeg_quality=80,
        fade=0.45,
        blotches=5,
        typewriter=True,
        dpis=(200, 300, 300, 400),
        formats=("jpg", "pdf", "tiff"),
        font_kind="mono",
    ),
    "fax": Profile(
        "fax",
        modes=("1",),
        skew_deg=1.0,
        blur=0.4,
        noise=6.0,
        threshold=140,
        speckle=0.0015,
        stretch=0.03,
        fax=True,
        dpis=(200,),
        formats=("tiff", "pdf", "png"),
    ),
    "rotated": Profile(
        "rotated",
        modes=("RGB", "L"),
        paper=236,
        mottle=5,
        skew_deg=1.0,
        blur=0.6,
        noise=2.5,
        jpeg_quality=78,
        rotate=True,
        dpis=(150, 200, 300),
        formats=("jpg", "pdf", "png", "tiff"),
    ),
    "photocopy": Profile(
        "photocopy",
        modes=("L",),
        paper=228,
        mottle=10,
        skew_deg=1.2,
        blur=0.8,
        noise=4.0,
        jpeg_quality=82,
        dark_edges=0.75,
        toner=1.5,
        contrast=1.5,
        dpis=(200, 300),
        formats=("jpg", "pdf", "tiff", "png"),
    ),
}

#: the profiles every type must be generated with in the committed set
MAIN_PROFILES = ("clean", "office", "legacy", "fax", "rotated", "photocopy", "bilevel")


# --------------------------------------------------------------------------- before printing


def prepare(
    pages: list[PageLayout], profile: str | Profile, rng: random.Random, header: str = "", date: dt.date | None = None
) -> dict:
    """Changes made before the page is printed or sent: typewriter strikes (legacy) and the
    fax header line (fax; ``header`` names the sender). Modifies ``pages``."""
    p = PROFILES[profile] if isinstance(profile, str) else profile
    info: dict = {}
    if p.typewriter:
        ribbon = rng.choice(((20, 20, 22), (25, 25, 30), (55, 40, 95), (30, 35, 80)))
        info["ribbon"] = list(ribbon)
        for page in pages:
            typewriter(page, rng, ribbon)
    if p.fax:
        sent = (date or dt.date(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 3600))) + dt.timedelta(
            days=rng.randint(0, 20)
        )
        stamp = f"{sent:%d/%m/%Y} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}"
        number = f"0254{rng.randrange(10**7):07d}"
        for k, page in enumerate(pages, 1):
            text = f"{stamp} FROM: {header or 'FAX'} {number} P.{k:03d}/{len(pages):03d}"
            page.runs.append(TextRun(18, 16, text, Style(CODE_FONT, 6.5)))
            page.lines.insert(0, text)
        info["fax_header"] = True
    return info


def typewriter(page: PageLayout, rng: random.Random, ribbon: tuple[int, int, int]) -> None:
    """Split runs into characters with small vertical jitter and uneven strike darkness."""
    from .render import text_width

    runs: list[TextRun] = []
    for run in page.runs:
        if (
            run.style.font.endswith(("Mono.ttf", "Mono-Regular.ttf", "Mono-Bold.ttf", "MonoBold.ttf"))
            and len(run.text) > 1
        ):
            x = run.x
            for ch in run.text:
                if ch != " ":
                    level = rng.uniform(0, 0.45)
                    color = tuple(int(c + (200 - c) * level) for c in ribbon)
                    runs.append(
                        TextRun(x + rng.uniform(-0.15, 0.15), run.y + rng.uniform(-0.35, 0.35), ch, run.style, color)
                    )
                x += text_width(ch, run.style)
        else:
            runs.append(TextRun(run.x, run.y, run.text, run.style, ribbon))
    page.runs = runs


# --------------------------------------------------------------------------- after printing


def degrade(
    img: Image.Image,
    profile: str | Profile,
    rng: random.Random,
    dpi: int = 300,
    mode: str | None = None,
    rotation: int | None = None,
) -> tuple[Image.Image, dict]:
    """Apply ``profile`` to ``img``. Returns the image and the parameters actually used
    (recorded in the truth file). ``mode`` and ``rotation`` (counter-clockwise degrees;
    any profile) override the profile's draws. Grey and bilevel outputs are processed in
    grey from the start (three times less work than colour)."""
    p = PROFILES[profile] if isinstance(profile, str) else profile
    nprng = np.random.default_rng(rng.getrandbits(64))
    scale = dpi / 300
    mode = mode or rng.choice(p.modes)
    info: dict = {"profile": p.name, "mode": mode}
    out = img.convert("RGB" if mode == "RGB" else "L")
    if p.fade:
        amount = p.fade * rng.uniform(0.6, 1.0)
        out = fade(out, amount, nprng, scale)
        info["fade"] = round(amount, 3)
    if p.contrast != 1.0:
        out = contrast(out, p.contrast)
    if p.paper < 255 or p.mottle or p.paper_rgb:
        level = rng.randint(p.paper, min(255, p.paper + 14)) if p.paper < 255 else 255
        out = paper(out, level, p.mottle, nprng, scale, p.paper_rgb)
        info["paper"] = level
    if p.blotches:
        n = rng.randint(1, p.blotches)
        out = blotches(out, n, rng, nprng, scale)
        info["blotches"] = n
    if p.skew_deg:
        angle = rng.uniform(0.2, 1.0) * p.skew_deg * rng.choice((-1, 1))
        out = skew(out, angle, _corner(out))
        info["skew_deg"] = round(angle, 3)
    if p.dark_edges:
        out = dark_edges(out, p.dark_edges * rng.uniform(0.6, 1.0), rng, nprng, scale)
        info["dark_edges"] = True
    if p.toner:
        out = toner(out, p.toner, nprng, dpi)
    if p.blur:
        out = out.filter(ImageFilter.GaussianBlur(p.blur * scale))
    if p.noise:
        out = noise(out, p.noise, nprng)
    if p.fax:
        lines = rng.choice((98, 196))
        stretch = 1 + rng.uniform(0.0, p.stretch)
        out = fax_resolution(out, dpi, lines, stretch)
        info.update(fax_lpi=lines, stretch=round(stretch, 4))
    if p.jpeg_quality and mode != "1":
        q = max(40, p.jpeg_quality + rng.randint(-8, 8))
        out = jpeg_round_trip(out, q)
        info["jpeg_quality"] = q
    if mode == "1":
        out = out.convert("L").point(lambda v: 255 if v >= p.threshold else 0).convert("1")
        if p.speckle:
            out = speckle(out, p.speckle, nprng)
    if rotation is None:
        rotation = rng.choice((90, 180, 270)) if p.rotate else 0
    if rotation:
        out = out.transpose(
            {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}[rotation]
        )
    info["rotation"] = rotation
    return out, info


def _corner(img: Image.Image):
    return img.getpixel((2, 2))


def _arr(img: Image.Image) -> np.ndarray:
    return np.asarray(img, dtype=np.float32)


def _img(a: np.ndarray, mode: str) -> Image.Image:
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode)


def _per_pixel(field: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``field`` (h x w) shaped to multiply ``a`` (h x w or h x w x 3)."""
    return field[..., None] if a.ndim == 3 else field


def fade(
    img: Image.Image,
    amount: float,
    nprng: np.random.Generator,
    scale: float,
) -> Image.Image:
    """Lighten the ink unevenly (faded ribbon, old paper): darkness x (1 - amount x field)."""
    w, h = img.size
    cell = 400 * scale
    small = nprng.uniform(0.3, 1.0, (max(2, int(h / cell)), max(2, int(w / cell))))
    keep = (1 - amount * small) * 255  # share of the ink that stays
    mask = Image.fromarray(keep.astype(np.uint8), "L").resize((w, h), Image.Resampling.BILINEAR)
    return Image.composite(
        img, Image.new(img.mode, img.size, (255,) * len(img.getbands()) if img.mode == "RGB" else 255), mask
    )


def contrast(img: Image.Image, k: float) -> Image.Image:
    """Harsher tones: darks darker, light greys lighter (around mid grey)."""
    lut = [max(0, min(255, round(128 + (v - 128) * k))) for v in range(256)]
    return img.point(lut * len(img.getbands()))


def paper(
    img: Image.Image,
    level: int,
    mottle: float,
    nprng: np.random.Generator,
    scale: float,
    tint: tuple[int, int, int] | None = None,
) -> Image.Image:
    """Map white to ``level`` (or to ``tint``) and add smooth unevenness (ink stays dark)."""
    a = _arr(img)
    if tint is not None and a.ndim == 3:
        a *= (np.array(tint, np.float32) / 255.0) * (level / max(tint))
    elif tint is not None:
        a *= (sum(tint) / 3 / 255.0) * (level / max(tint))
    else:
        a *= level / 255.0
    if mottle:
        h, w = a.shape[:2]
        small = nprng.normal(0, 1, (max(2, int(h / (150 * scale))), max(2, int(w / (150 * scale)))))
        field = np.asarray(Image.fromarray(small.astype(np.float32), "F").resize((w, h), Image.Resampling.BICUBIC))
        field = field / (np.abs(field).max() or 1) * (mottle / 255.0)
        a += _per_pixel(field, a) * a
    return _img(a, img.mode)


def blotches(img: Image.Image, n: int, rng: random.Random, nprng: np.random.Generator, scale: float) -> Image.Image:
    """Brownish stains (water, coffee, foxing): irregular soft blobs multiplied in."""
    a = _arr(img).copy()
    h, w = a.shape[:2]
    px_mm = 300 * scale / 25.4
    for _ in range(n):
        size = int(rng.uniform(8, 45) * px_mm)
        small = nprng.random((12, 12)).astype(np.float32)
        blob = np.asarray(Image.fromarray(small, "F").resize((size, size), Image.Resampling.BICUBIC))
        yy, xx = np.mgrid[0:size, 0:size]
        radial = 1 - np.hypot(yy - size / 2, xx - size / 2) / (size / 2)
        m = np.clip((blob * 0.6 + radial) - 0.55, 0, 1)
        m = m / (m.max() or 1) * rng.uniform(0.12, 0.4)
        if rng.random() < 0.3:  # a ring (the edge of a dried drop)
            m = m * np.clip(1 - np.abs(radial - 0.2) * 6, 0.2, 1)
        color = np.array(rng.choice(((170, 130, 70), (150, 120, 80), (185, 160, 110))), np.float32) / 255
        if a.ndim == 2:
            color = color.mean()
        x0, y0 = rng.randint(0, max(0, w - size)), rng.randint(0, max(0, h - size))
        sub = a[y0 : y0 + size, x0 : x0 + size]
        mm = _per_pixel(m[: sub.shape[0], : sub.shape[1]], sub)
        a[y0 : y0 + size, x0 : x0 + size] = sub * (1 - mm + mm * color)
    return _img(a, img.mode)


def skew(img: Image.Image, angle: float, fill) -> Image.Image:
    return img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=fill)


def dark_edges(
    img: Image.Image, strength: float, rng: random.Random, nprng: np.random.Generator, scale: float
) -> Image.Image:
    """Photocopier shadows: dark, noisy bands along some of the page edges."""
    a = _arr(img)
    h, w = a.shape[:2]
    px_mm = 300 * scale / 25.4
    dark = np.zeros((h, w), np.float32)
    sides = [s for s in ("top", "bottom", "left", "right") if rng.random() < 0.6] or ["left"]
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(w, dtype=np.float32)[None, :]
    for side in sides:
        width = rng.uniform(2, 9) * px_mm
        dist = {"top": yy, "bottom": h - 1 - yy, "left": xx, "right": w - 1 - xx}[side]
        dark = np.maximum(dark, np.exp(-dist / width) * strength)
    grain = 1 + nprng.standard_normal((h, w), dtype=np.float32) * 0.25
    return _img(a * _per_pixel(1 - np.clip(dark * grain, 0, 0.92), a), img.mode)


def toner(img: Image.Image, per_cm2: float, nprng: np.random.Generator, dpi: int) -> Image.Image:
    """Scattered toner specks (1-3 px dots)."""
    a = np.array(img)
    h, w = a.shape[:2]
    area_cm2 = (h / dpi * 2.54) * (w / dpi * 2.54)
    n = nprng.poisson(per_cm2 * area_cm2)
    ys, xs = nprng.integers(0, h - 3, n), nprng.integers(0, w - 3, n)
    sizes = nprng.integers(1, 4, n)
    for y, x, s in zip(ys, xs, sizes):
        a[y : y + s, x : x + s] = nprng.integers(20, 110)
    return Image.fromarray(a, img.mode)


def noise(img: Image.Image, sigma: float, nprng: np.random.Generator) -> Image.Image:
    a = np.asarray(img, dtype=np.int16)
    n = np.rint(nprng.standard_normal(a.shape[:2], dtype=np.float32) * sigma).astype(np.int16)
    return Image.fromarray(np.clip(a + _per_pixel(n, a), 0, 255).astype(np.uint8), img.mode)


def fax_resolution(
    img: Image.Image,
    dpi: int,
    lines_per_inch: int,
    stretch: float,
) -> Image.Image:
    """Send at fax resolution (204 dpi across, ``lines_per_inch`` down, 1 bit) and print
    back at ``dpi``, a little stretched vertically (paper feed), keeping the page size."""
    w, h = img.size
    g = img.convert("L")
    sw, sh = max(1, round(w * 204 / dpi)), max(1, round(h * lines_per_inch / dpi))
    small = g.resize((sw, sh), Image.Resampling.BOX).point(lambda v: 255 if v > 150 else 0)
    return small.resize((w, round(h * stretch)), Image.Resampling.NEAREST).crop((0, 0, w, h))


def speckle(img: Image.Image, share: float, nprng: np.random.Generator) -> Image.Image:
    a = np.array(img.convert("L"))
    flips = nprng.random(a.shape) < share
    a[flips] = 255 - a[flips]
    return Image.fromarray(a, "L").convert("1")


def jpeg_round_trip(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(img.mode)
