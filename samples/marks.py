"""Things on a page that are not typeset text: barcodes (zxing-cpp), seals, pen strokes and
figures (photo placeholders, the national emblem, land parcel sketches, card backgrounds).

Drawing functions work in pixels at a scale ``k`` (pixels per point) so that they follow the
dpi of the raster; ``seal_image`` also feeds the born-digital PDF back end.
"""

from __future__ import annotations

import functools
import math
import random

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from .render import SEAL_FONT, Figure, Mark, Seal, Shape, Stroke, _font, pt

# --------------------------------------------------------------------------- barcodes


@functools.lru_cache(maxsize=256)
def barcode_modules(kind: str, data: str) -> np.ndarray:
    """The module matrix (True = dark) of a Code 128 (one row) or QR symbol, without quiet
    zones."""
    import zxingcpp

    fmt = zxingcpp.BarcodeFormat.QRCode if kind == "qr" else zxingcpp.BarcodeFormat.Code128
    kwargs = {"ec_level": "M"} if kind == "qr" else {}
    sym = zxingcpp.create_barcode(data, fmt, **kwargs)
    a = np.array(zxingcpp.write_barcode_to_image(sym, scale=1, add_quiet_zones=False))
    dark = a < 128
    if kind != "qr":
        dark = dark[:1]
    dark.setflags(write=False)
    return dark


def draw_barcode(img: Image.Image, mark: Mark, k: float) -> None:
    """Draw the symbol of ``mark`` into ``img`` (anti-aliased module edges)."""
    bc = mark.barcode
    mods = barcode_modules(bc.kind, bc.data)
    q = int(bc.quiet)
    padded = np.pad(mods, ((q, q) if bc.kind == "qr" else (0, 0), (q, q)))
    w, h = max(1, round(mark.w * k)), max(1, round(mark.h * k))
    small = Image.fromarray(np.where(padded, 0, 255).astype(np.uint8), "L")
    big = small.resize((w * 4, h * 4 if bc.kind == "qr" else h), Image.Resampling.NEAREST)
    sym = big.resize((w, h), Image.Resampling.BOX)
    x, y = round(mark.x * k), round(mark.y * k)
    region = img.crop((x, y, x + w, y + h))
    region = ImageChops.darker(region, sym.convert(img.mode))
    img.paste(region, (x, y))


# --------------------------------------------------------------------------- strokes


def draw_stroke(draw: ImageDraw.ImageDraw, stroke: Stroke, k: float) -> None:
    pts = [(x * k, y * k) for x, y in stroke.points]
    width = max(1, round(stroke.width * k))
    if stroke.dotted:
        step = 3.0 * k
        r = max(0.6, stroke.width * k * 0.7)
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            n = int(math.hypot(x1 - x0, y1 - y0) / step)
            for i in range(n + 1):
                t = i / max(1, n)
                cx, cy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=stroke.color)
        return
    draw.line(pts, fill=stroke.color, width=width, joint="curve")


# --------------------------------------------------------------------------- seals


def _star(cx: float, cy: float, r: float, rot: float = 0.0) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        a = rot + math.pi / 5 * i - math.pi / 2
        rr = r if i % 2 == 0 else r * 0.4
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


@functools.lru_cache(maxsize=64)
def _seal_mask(seal: Seal, dpi: int) -> np.ndarray:
    """Ink coverage (0..1) of a seal at ``dpi``, rings, ring text and star."""
    R = pt(seal.radius_mm) * dpi / 72
    size = int(2 * R) + 2
    scale = 2  # draw at 2x, then reduce
    S = size * scale
    c = S / 2
    Rs = R * scale
    mask = Image.new("L", (S, S), 0)
    d = ImageDraw.Draw(mask)
    outer = Rs * 0.045

    def ring(r: float, w: float) -> None:
        d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=max(1, round(w)))

    ring(Rs - 1, outer)
    if seal.double:
        ring(Rs * 0.90, Rs * 0.018)
    inner = Rs * 0.60
    ring(inner, Rs * 0.02)
    # ring text, clockwise around the top, a small star in the gap at the bottom
    text = seal.ring.upper()
    rho = Rs * 0.72  # glyph baselines sit inside this
    font_px = Rs * 0.165
    font = _font(SEAL_FONT, font_px)
    widths = [font.getlength(ch) for ch in text]
    span = math.radians(300)
    total = sum(widths)
    spacing = (rho * span - total) / max(1, len(text) - 1)
    if spacing < 0:  # too long: smaller letters
        font_px *= rho * span / total * 0.95
        font = _font(SEAL_FONT, font_px)
        widths = [font.getlength(ch) for ch in text]
        total = sum(widths)
        spacing = (rho * span - total) / max(1, len(text) - 1)
    theta = -span / 2
    glyph = int(font_px * 1.6)
    for ch, w in zip(text, widths):
        mid = theta + (w / 2) / rho
        if ch != " ":
            g = Image.new("L", (glyph, glyph), 0)
            ImageDraw.Draw(g).text((glyph / 2, glyph / 2), ch, font=font, fill=255, anchor="mm")
            g = g.rotate(-math.degrees(mid), resample=Image.Resampling.BICUBIC)
            gx = c + rho * math.sin(mid) - glyph / 2
            gy = c - rho * math.cos(mid) - glyph / 2
            mask.paste(255, (round(gx), round(gy)), g)
        theta += (w + spacing) / rho
    d.polygon(_star(c, c + Rs * 0.78, Rs * 0.07), fill=255)
    if seal.center:
        cf = _font(SEAL_FONT, Rs * 0.15)
        lines = seal.center.upper().split("\n")
        d.polygon(_star(c, c - Rs * 0.3, Rs * 0.14), fill=255)
        for i, line in enumerate(lines):
            d.text((c, c + Rs * 0.05 + i * Rs * 0.18), line, font=cf, fill=255, anchor="mm")
    else:
        d.polygon(_star(c, c, Rs * 0.34), fill=255)
    mask = mask.resize((size, size), Image.Resampling.BOX)
    a = np.asarray(mask, dtype=np.float32) / 255.0
    # uneven ink: smooth pressure variation and small voids
    rng = np.random.default_rng(seal.seed)
    coarse = rng.uniform(0.45, 1.0, (6, 6)).astype(np.float32)
    field = np.asarray(Image.fromarray(coarse, "F").resize((size, size), Image.Resampling.BICUBIC))
    voids = rng.random((size, size)) < 0.08
    a = a * np.clip(field, 0.3, 1.0) * np.where(voids, 0.35, 1.0)
    return np.clip(a, 0, 1)


def seal_image(seal: Seal, dpi: int, alpha: bool = True) -> Image.Image:
    """The seal as an RGBA image (its colour, coverage in the alpha channel)."""
    a = _seal_mask(seal, dpi)
    rgba = np.zeros(a.shape + (4,), np.uint8)
    rgba[..., :3] = seal.color
    rgba[..., 3] = (a * 235).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA")


def draw_seal(img: Image.Image, mark: Mark, k: float) -> None:
    """Multiply the seal's ink over the page (text under it stays visible)."""
    dpi = round(k * 72)
    a = _seal_mask(mark.seal, dpi) * random.Random(mark.seal.seed).uniform(0.72, 0.92)
    x, y = round(mark.x * k), round(mark.y * k)
    h, w = a.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(img.width, x + w), min(img.height, y + h)
    if x1 <= x0 or y1 <= y0:
        return
    region = np.asarray(img.crop((x0, y0, x1, y1)), dtype=np.float32)
    aa = a[y0 - y : y1 - y, x0 - x : x1 - x][..., None]
    color = np.array(mark.seal.color, np.float32) / 255.0
    out = region * (1 - aa + aa * color)
    img.paste(Image.fromarray(out.astype(np.uint8), "RGB"), (x0, y0))


# --------------------------------------------------------------------------- figures


def figure_shapes(fig: Figure, x: float, y: float) -> tuple[list[Shape], list[Stroke]]:
    """Shapes and strokes of a figure whose top-left corner is (x, y)."""
    r = random.Random(fig.seed)
    w, h = fig.width, fig.height
    shapes: list[Shape] = []
    strokes: list[Stroke] = []
    if fig.kind == "portrait":
        bg = r.choice(((232, 238, 246), (245, 245, 245), (225, 232, 240)))
        shapes.append(Shape("rect", [(x, y), (x + w, y + h)], fill=bg, outline=(90, 90, 90), width=0.4))
        tone = r.randint(70, 130)
        body = (tone, tone, tone + 10)
        cx = x + w / 2 + r.uniform(-w * 0.05, w * 0.05)
        shapes.append(
            Shape(
                "poly",
                [
                    (x + w * 0.08, y + h),
                    (x + w * 0.15, y + h * 0.78),
                    (cx, y + h * 0.68),
                    (x + w * 0.85, y + h * 0.78),
                    (x + w * 0.92, y + h),
                ],
                fill=body,
            )
        )
        hw, hh = w * 0.22, h * 0.24
        shapes.append(
            Shape("ellipse", [(cx - hw, y + h * 0.2), (cx + hw, y + h * 0.2 + 2 * hh)], fill=(min(255, tone + 60),) * 3)
        )
        shapes.append(
            Shape("ellipse", [(cx - hw * 1.05, y + h * 0.15), (cx + hw * 1.05, y + h * 0.38)], fill=(40, 40, 40))
        )
    elif fig.kind == "emblem":
        cx, cy, rad = x + w / 2, y + h / 2, min(w, h) / 2
        shapes.append(Shape("ellipse", [(cx - rad, cy - rad), (cx + rad, cy + rad)], fill=(215, 170, 40)))
        shapes.append(
            Shape("ellipse", [(cx - rad * 0.8, cy - rad * 0.8), (cx + rad * 0.8, cy + rad * 0.8)], fill=(200, 30, 35))
        )
        shapes.append(Shape("poly", _star(cx, cy - rad * 0.1, rad * 0.5), fill=(250, 215, 60)))
        shapes.append(
            Shape("rect", [(cx - rad * 0.5, cy + rad * 0.35), (cx + rad * 0.5, cy + rad * 0.5)], fill=(215, 170, 40))
        )
    elif fig.kind == "parcel":
        shapes.append(Shape("rect", [(x, y), (x + w, y + h)], outline=(0, 0, 0), width=0.6))
        cx, cy = x + w / 2, y + h / 2
        n = r.randint(4, 6)
        pts = []
        for i in range(n):
            a = 2 * math.pi * i / n + r.uniform(-0.25, 0.25) + math.pi / 4
            rad = min(w, h) * r.uniform(0.28, 0.4)
            pts.append((cx + rad * math.cos(a) * (w / h) ** 0.3, cy + rad * math.sin(a)))
        shapes.append(Shape("poly", pts, fill=(238, 238, 238), outline=(0, 0, 0), width=1.0))
        for px, py in pts:  # neighbouring parcel boundaries
            dx, dy = px - cx, py - cy
            strokes.append(Stroke([(px, py), (px + dx * 0.6, py + dy * 0.6)], 0.5))
        nx, ny = x + w - 18, y + 14  # north arrow
        shapes.append(Shape("poly", [(nx, ny - 9), (nx - 4, ny + 6), (nx, ny + 3), (nx + 4, ny + 6)], fill=(0, 0, 0)))
    elif fig.kind == "card_bg":
        base = r.choice(((232, 242, 236), (236, 240, 248), (244, 240, 226), (232, 240, 244)))
        line = tuple(max(0, v - r.randint(18, 35)) for v in base)
        shapes.append(Shape("rect", [(x, y), (x + w, y + h)], fill=base))
        for j in range(r.randint(5, 9)):  # guilloche waves
            amp, freq, ph = r.uniform(2, 6), r.uniform(0.04, 0.09), r.uniform(0, 6.3)
            y0 = y + h * (j + 0.5) / 9
            strokes.append(
                Stroke([(x + t, y0 + amp * math.sin(freq * t + ph)) for t in np.linspace(0, w, 90)], 0.25, line)
            )
        shapes.append(Shape("rect", [(x + 0.5, y + 0.5), (x + w - 0.5, y + h - 0.5)], outline=line, width=0.6))
    else:  # an empty frame
        shapes.append(Shape("rect", [(x, y), (x + w, y + h)], outline=(0, 0, 0), width=0.6))
    return shapes, strokes
