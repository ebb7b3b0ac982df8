"""Synthetic scanned pages with known defects, for the pre-processing tests and benchmark.

Every builder returns a plain numpy array (RGB HxWx3 or grey HxW, uint8) and takes its
randomness from a seed, so a page is the same on every run. Text is Vietnamese (NFC), drawn
with the DejaVu fonts. Defects are applied the way a scanner or a desk would make them:

- ``skew``: PIL's rotate, i.e. a positive angle turns the content counter-clockwise.
- ``rotate_cw``: np.rot90, turning the page clockwise by 90/180/270 degrees.
- ``add_seal`` / ``add_signature``: coloured ink multiplied over the page (black stays black).
- ``yellow_gradient``, ``dark_band``, ``specks``: paper ageing, a scanner edge, dust.
"""

from __future__ import annotations

import math
import random
import unicodedata
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "serif": "DejaVuSerif.ttf",
    "sans": "DejaVuSans.ttf",
    "mono": "DejaVuSansMono.ttf",
    "condensed": "DejaVuSansCondensed.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
}
A4_INCHES = (210 / 25.4, 297 / 25.4)

SEAL_RED = (210, 35, 45)
SEAL_MAGENTA = (200, 30, 120)
PEN_BLUE = (30, 50, 170)

HEADER_LEFT = ("ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH", "Số: 125/QĐ-UBND")
HEADER_RIGHT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hòa Bình, ngày 15 tháng 3 năm 2024",
)
TITLE = "QUYẾT ĐỊNH VỀ VIỆC XÁC NHẬN THÔNG TIN CƯ TRÚ"
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, "
    "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
    "ngày 22 tháng 11 năm 2019; Căn cứ Luật Cư trú ngày 13 tháng 11 năm 2020; Xét đề nghị "
    "của Trưởng Công an xã về việc xác nhận thông tin cư trú của công dân. Họ và tên: Nguyễn "
    "Văn An, ngày sinh 12/05/1985, giới tính Nam, dân tộc Kinh, quốc tịch Việt Nam. Số định "
    "danh cá nhân: 001085012345. Nơi thường trú: số 15 đường Lê Lợi, phường Bến Thành, quận "
    "1, thành phố Hồ Chí Minh. Quê quán: xã Tân Phước, huyện Đồng Xuân, tỉnh Phú Yên. Người "
    "đề nghị cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp "
    "luật về lời khai của mình. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng "
    "Ủy ban nhân dân xã, Trưởng Công an xã và các cá nhân có liên quan chịu trách nhiệm thi "
    "hành quyết định này. Đơn này được lập thành hai bản có giá trị pháp lý như nhau, mỗi bên "
    "giữ một bản để thực hiện. Trường hợp có thay đổi về nơi cư trú, công dân phải khai báo "
    "với cơ quan đăng ký cư trú trong thời hạn mười hai tháng kể từ ngày chuyển đến chỗ ở "
    "hợp pháp mới. Hồ sơ gồm tờ khai thay đổi thông tin cư trú, giấy tờ chứng minh chỗ ở hợp "
    "pháp và văn bản đồng ý của chủ hộ. "
)
SIGNATURE = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "", "Trần Thị Bích Ngọc")
SHORT_LINE = "Họ và tên: Nguyễn Văn An"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def font(name: str, size_pt: float, dpi: int) -> ImageFont.FreeTypeFont:
    file = FONTS.get(name, name)
    return ImageFont.truetype(str(FONT_DIR / file), max(6, round(size_pt * dpi / 72)))


def a4(dpi: int, paper: int = 255) -> Image.Image:
    w, h = (round(x * dpi) for x in A4_INCHES)
    return Image.new("RGB", (w, h), (paper, paper, paper))


def _wrap(draw: ImageDraw.ImageDraw, text: str, fnt, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=fnt) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def text_page(
    dpi: int = 300, font_name: str = "serif", size_pt: float = 12.0, density: str = "dense", seed: int = 0
) -> np.ndarray:
    """An administrative-looking A4 page, RGB.

    density: "dense" (header, title, body filling the page, signature block), "sparse"
    (header, title and three body lines) or "line" (one short line near the top).
    """
    return text_page_and_words(dpi, font_name, size_pt, density, seed)[0]


def text_page_and_words(
    dpi: int = 300, font_name: str = "serif", size_pt: float = 12.0, density: str = "dense", seed: int = 0
) -> tuple[np.ndarray, list[str]]:
    """``text_page`` and the words drawn on it, in drawing order."""
    drawn: list[str] = []
    rng = random.Random(seed)
    img = a4(dpi)
    draw = ImageDraw.Draw(img)
    W, H = img.size
    left, right, top = round(1.0 * dpi), W - round(0.8 * dpi), round(0.8 * dpi)
    body = font(font_name, size_pt, dpi)
    pitch = round(size_pt * 1.45 * dpi / 72)
    if density == "line":
        draw.text((left + rng.randint(0, dpi), top + rng.randint(0, dpi)), nfc(SHORT_LINE), font=body, fill=(0, 0, 0))
        return np.asarray(img), nfc(SHORT_LINE).split()
    head = font(font_name, size_pt - 1, dpi)
    y = top
    for a, b in zip(HEADER_LEFT, HEADER_RIGHT):
        wa = draw.textlength(nfc(a), font=head)
        wb = draw.textlength(nfc(b), font=head)
        draw.text((left + (0.38 * (right - left) - wa) / 2, y), nfc(a), font=head, fill=(0, 0, 0))
        draw.text(
            (left + 0.38 * (right - left) + (0.62 * (right - left) - wb) / 2, y), nfc(b), font=head, fill=(0, 0, 0)
        )
        drawn += nfc(f"{a} {b}").split()
        y += pitch
    y += pitch
    title = font(font_name, size_pt + 1, dpi)
    for line in _wrap(draw, nfc(TITLE), title, right - left):
        draw.text(((W - draw.textlength(line, font=title)) / 2, y), line, font=title, fill=(0, 0, 0))
        drawn += line.split()
        y += pitch
    y += pitch // 2
    text = nfc(BODY)
    start = rng.randrange(0, len(text) // 2)
    text = text[text.index(" ", start) + 1 :] + text
    lines = _wrap(draw, text, body, right - left)
    n = 3 if density == "sparse" else max(3, (H - y - round(2.6 * dpi)) // pitch)
    for line in (lines * 3)[:n]:
        draw.text((left, y), line, font=body, fill=(0, 0, 0))
        drawn += line.split()
        y += pitch
    if density == "dense":
        y += pitch
        x = left + 0.55 * (right - left)
        for line in SIGNATURE:
            draw.text(
                (x + (0.45 * (right - left) - draw.textlength(nfc(line), font=head)) / 2, y),
                nfc(line),
                font=head,
                fill=(0, 0, 0),
            )
            drawn += nfc(line).split()
            y += pitch
    return np.asarray(img), drawn


def grey(rgb: np.ndarray) -> np.ndarray:
    return np.asarray(Image.fromarray(rgb).convert("L"))


def skew(image: np.ndarray, angle: float) -> np.ndarray:
    """Turn the content by ``angle`` degrees counter-clockwise (PIL convention), white fill."""
    img = Image.fromarray(image)
    fill = 255 if img.mode == "L" else (255, 255, 255)
    return np.asarray(img.rotate(angle, resample=Image.BICUBIC, fillcolor=fill))


def rotate_cw(image: np.ndarray, degrees: int) -> np.ndarray:
    """Turn the whole page clockwise by a multiple of 90 degrees."""
    return np.ascontiguousarray(np.rot90(image, k=-(degrees // 90) % 4))


def _multiply(base: np.ndarray, layer: Image.Image, colour: tuple[int, int, int]) -> np.ndarray:
    """Multiply ``colour`` over ``base`` wherever the L-mode ``layer`` has ink (0..255 coverage)."""
    box = layer.getbbox()
    out = base.copy()
    if box is None:
        return out
    x0, y0, x1, y1 = box
    cover = np.asarray(layer.crop(box), dtype=np.float32)[..., None] / 255.0
    tint = 1.0 - cover * (1.0 - np.asarray(colour, dtype=np.float32) / 255.0)
    out[y0:y1, x0:x1] = np.clip(base[y0:y1, x0:x1].astype(np.float32) * tint, 0, 255).astype(np.uint8)
    return out


def add_seal(
    rgb: np.ndarray,
    centre: tuple[int, int],
    radius: int,
    colour=SEAL_RED,
    text: str = "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH *",
    strength: float = 0.9,
) -> np.ndarray:
    """A round stamp: two rings, text around the ring and a star in the middle."""
    h, w = rgb.shape[:2]
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    ink = round(255 * strength)
    ring = max(3, radius // 25)
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=ink, width=ring)
    r2 = round(radius * 0.68)
    d.ellipse((cx - r2, cy - r2, cx + r2, cy + r2), outline=ink, width=max(2, ring // 2))
    fnt = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), max(8, radius // 7))
    text = nfc(text)
    r_text = (radius + r2) / 2
    for i, ch in enumerate(text):
        a = -math.pi / 2 + 2 * math.pi * i / len(text)
        glyph = Image.new("L", (radius // 4, radius // 4), 0)
        ImageDraw.Draw(glyph).text((radius // 8, radius // 8), ch, font=fnt, fill=ink, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        gx, gy = cx + r_text * math.cos(a), cy + r_text * math.sin(a)
        layer.paste(glyph, (round(gx - glyph.width / 2), round(gy - glyph.height / 2)), glyph)
    pts = []
    for k in range(10):
        rr = r2 * (0.55 if k % 2 == 0 else 0.22)
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=ink)
    return _multiply(rgb, layer, colour)


def add_signature(
    rgb: np.ndarray, box: tuple[int, int, int, int], colour=PEN_BLUE, seed: int = 0, width: int = 5
) -> np.ndarray:
    """A ballpoint scribble: a few smooth random strokes inside ``box`` (x0, y0, x1, y1)."""
    rng = np.random.default_rng(seed)
    h, w = rgb.shape[:2]
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    x0, y0, x1, y1 = box
    t = np.linspace(0, 1, 400)
    for _ in range(3):
        freq = rng.uniform(3, 7)
        phase = rng.uniform(0, 2 * math.pi)
        xs = x0 + (x1 - x0) * (t + 0.05 * np.sin(2 * math.pi * freq * 2 * t + phase))
        ys = (y0 + y1) / 2 + (y1 - y0) * 0.4 * np.sin(2 * math.pi * freq * t + phase) * np.exp(-t)
        d.line(list(zip(xs.tolist(), ys.tolist())), fill=235, width=width, joint="curve")
    return _multiply(rgb, layer, colour)


def yellow_gradient(rgb: np.ndarray, strength: float = 0.35, shadow: float = 0.45) -> np.ndarray:
    """Yellowed paper darkening towards one corner, and a photocopier shadow along the right edge."""
    h, w = rgb.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    age = (xx / w + yy / h) / 2  # 0 at the top-left corner, 1 at the bottom-right one
    light = (1.0 - strength * age) * (1.0 - shadow * np.exp(-(w - 1 - xx) / (0.04 * w)))
    yellow = np.stack([np.ones_like(age), 1 - 0.06 * age, 1 - 0.3 * age], axis=-1)  # blue fades first
    field = light[..., None] * yellow
    return np.clip(rgb.astype(np.float32) * field, 0, 255).astype(np.uint8)


def dark_band(image: np.ndarray, width: int, level: int = 25, side: str = "left") -> np.ndarray:
    """A dark scanner edge: a band of ``width`` pixels, ragged inner edge."""
    out = image.copy()
    h = out.shape[0]
    rng = np.random.default_rng(1)
    edge = (width + np.cumsum(rng.integers(-1, 2, h)).clip(-width // 4, width // 4)).astype(int)
    for y in range(h):
        if side == "left":
            out[y, : edge[y]] = level
        else:
            out[y, out.shape[1] - edge[y] :] = level
    return out


def specks(image: np.ndarray, count: int, seed: int = 0, max_radius: int = 3) -> np.ndarray:
    """Dust: small dark dots."""
    img = Image.fromarray(image)
    d = ImageDraw.Draw(img)
    rng = np.random.default_rng(seed)
    fill = 40 if img.mode == "L" else (40, 40, 40)
    for _ in range(count):
        x, y = rng.integers(0, img.width), rng.integers(0, img.height)
        r = int(rng.integers(1, max_radius + 1))
        d.ellipse((x - r, y - r, x + r, y + r), fill=fill)
    return np.asarray(img)


def noise(image: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(image.astype(np.float32) + rng.normal(0, sigma, image.shape), 0, 255).astype(np.uint8)


def bleed_through(dpi: int = 300, level: int = 238, seed: int = 0) -> np.ndarray:
    """The back of a printed sheet: the text of the front, mirrored and very faint (grey)."""
    front = grey(text_page(dpi, "serif", 12, "dense", seed))
    mirrored = front[:, ::-1].astype(np.float32)
    blurred = np.asarray(
        Image.fromarray(mirrored.astype(np.uint8))
        .resize((front.shape[1] // 4, front.shape[0] // 4))
        .resize((front.shape[1], front.shape[0])),
        dtype=np.float32,
    )
    return (255 - (255 - blurred) * (255 - level) / 255).astype(np.uint8)


def blank_page(dpi: int = 300, seed: int = 0, paper: int = 248) -> np.ndarray:
    """A blank page as scanned: off-white paper, sensor noise, faint bleed-through, some dust."""
    g = np.minimum(bleed_through(dpi, seed=seed), paper).astype(np.uint8)
    g = noise(g, 3.0, seed)
    return specks(g, 25, seed, max_radius=max(1, dpi // 150))
