"""Scan degradation profiles.

``degrade(img, profile, rng, dpi)`` turns a clean RGB rendering into what a scanner would
deliver. A ``Profile`` is plain data, so adding one (fax, phone photo, faded carbon copy...)
is a new entry in ``PROFILES``; a new effect is one small function called from ``degrade``.
Effects scale with dpi so a profile looks the same at 200 and 300 dpi.
"""

from __future__ import annotations

import io
import random
from dataclasses import asdict, dataclass

import numpy as np
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class Profile:
    name: str
    mode: str = "L"                  # output: "RGB", "L" (grey) or "1" (bilevel)
    paper: int = 255                 # background grey level
    mottle: float = 0.0              # amplitude of low-frequency paper unevenness (grey levels)
    skew_deg: float = 0.0            # maximum |skew|; the sign and size are random
    blur: float = 0.0                # Gaussian radius in pixels at 300 dpi
    noise: float = 0.0               # sigma of per-pixel Gaussian noise (grey levels)
    jpeg_quality: int | None = None  # JPEG round trip (compression artefacts)
    threshold: int = 150             # for mode "1"


PROFILES: dict[str, Profile] = {
    "clean": Profile("clean"),
    "office": Profile("office", paper=236, mottle=6, skew_deg=1.5, blur=0.7, noise=3.0,
                      jpeg_quality=75),
    "bilevel": Profile("bilevel", mode="1", skew_deg=0.8, blur=0.6, noise=4.0),
}


def degrade(img: Image.Image, profile: str | Profile, rng: random.Random, dpi: int = 300,
            ) -> tuple[Image.Image, dict]:
    """Apply ``profile`` to ``img``. Returns the image and the parameters actually used
    (recorded in the truth file)."""
    p = PROFILES[profile] if isinstance(profile, str) else profile
    nprng = np.random.default_rng(rng.getrandbits(64))
    scale = dpi / 300
    info: dict = {"profile": p.name, **{k: v for k, v in asdict(p).items() if k != "name"}}
    out = img.convert("RGB" if p.mode == "RGB" else "L")
    if p.paper < 255 or p.mottle:
        out = paper(out, p.paper, p.mottle, nprng, scale)
    if p.skew_deg:
        angle = rng.uniform(0.3, 1.0) * p.skew_deg * rng.choice((-1, 1))
        out = skew(out, angle, p.paper)
        info["skew_deg"] = round(angle, 3)   # the angle applied (the profile has the maximum)
    if p.blur:
        out = out.filter(ImageFilter.GaussianBlur(p.blur * scale))
    if p.noise:
        out = noise(out, p.noise, nprng)
    if p.jpeg_quality:
        out = jpeg_round_trip(out, p.jpeg_quality)
    if p.mode == "1":
        out = out.convert("L").point(lambda v: 255 if v >= p.threshold else 0).convert("1")
    return out, info


def paper(img: Image.Image, level: int, mottle: float, nprng: np.random.Generator,
          scale: float) -> Image.Image:
    """Map white to ``level`` and add smooth unevenness (ink stays dark)."""
    a = np.asarray(img, dtype=np.float32)
    a = a * (level / 255.0)
    if mottle:
        h, w = a.shape[:2]
        small = nprng.normal(0, 1, (max(2, int(h / (150 * scale))), max(2, int(w / (150 * scale)))))
        field = np.asarray(Image.fromarray(small.astype(np.float32), "F")
                           .resize((w, h), Image.Resampling.BICUBIC))
        field = field / (np.abs(field).max() or 1) * mottle
        a = a + (field[..., None] if a.ndim == 3 else field) * (a / 255.0)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), img.mode)


def skew(img: Image.Image, angle: float, fill: int) -> Image.Image:
    fillcolor = (fill,) * 3 if img.mode == "RGB" else fill
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fillcolor)


def noise(img: Image.Image, sigma: float, nprng: np.random.Generator) -> Image.Image:
    a = np.asarray(img, dtype=np.float32)
    a = a + nprng.normal(0, sigma, a.shape).astype(np.float32)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), img.mode)


def jpeg_round_trip(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(img.mode)
