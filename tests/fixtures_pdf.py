"""Builders for test inputs: PDFs with particular image encodings, vector-only and
born-digital pages, rotated and encrypted scans, and deliberately bad inputs.

Every builder is a plain function. The ones that make a PDF take an output path and return
it; the bad-input builders return bytes (the test decides the file name and extension).
Text is Vietnamese, NFC-normalised, drawn with the DejaVu fonts (they have the glyphs).

Nothing here depends on the ``digitize`` package: the fixtures describe the inputs the
pipeline must cope with, independently of how it copes.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import cv2
import img2pdf
import numpy as np
import pikepdf
from pikepdf import Dictionary, Name
from PIL import Image, ImageDraw, ImageFont, ImageOps

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = FONT_DIR / "DejaVuSerif.ttf"
SANS = FONT_DIR / "DejaVuSans.ttf"

A4_PT = (595.28, 841.89)  # width, height in PDF points (1/72 in)

DEFAULT_LINES: tuple[str, ...] = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY KHAI SINH",
    "Họ và tên: Nguyễn Văn An",
    "Ngày sinh: 12/03/2019",
    "Số định danh cá nhân: 077219001234",
)

PathLike = str | Path


# --------------------------------------------------------------------------- helpers


def _nfc(lines: Sequence[str]) -> list[str]:
    return [unicodedata.normalize("NFC", line) for line in lines]


def _pt_to_px(pt: float, dpi: int) -> int:
    return round(pt * dpi / 72)


def render_text_image(
    lines: Sequence[str] = DEFAULT_LINES,
    dpi: int = 300,
    font: PathLike = SERIF,
    size_pt: float = 14,
    page_size_pt: tuple[float, float] = A4_PT,
    margin_pt: float = 72,
) -> Image.Image:
    """Render ``lines`` (NFC) as black text on a white page, greyscale ("L") at ``dpi``.

    The page is ``page_size_pt`` (A4 portrait by default); lines start at the top-left
    margin, ``size_pt`` points high, 1.6 line spacing. Anti-aliased grey edges are kept;
    callers that need bilevel data threshold it (see ``_bilevel``).
    """
    w, h = (_pt_to_px(v, dpi) for v in page_size_pt)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    face = ImageFont.truetype(str(font), _pt_to_px(size_pt, dpi))
    x = _pt_to_px(margin_pt, dpi)
    y = _pt_to_px(margin_pt, dpi)
    step = _pt_to_px(size_pt * 1.6, dpi)
    for line in _nfc(lines):
        draw.text((x, y), line, font=face, fill=0)
        y += step
    return img


def _bilevel(img: Image.Image, threshold: int = 160) -> Image.Image:
    """Greyscale -> mode "1" (black text = 0, white = 1, as Pillow stores it)."""
    return img.convert("L").point(lambda v: 255 if v >= threshold else 0).convert("1")


def _g4_tiff_bytes(bw: Image.Image, dpi: int) -> bytes:
    """A one-strip Group 4 TIFF of the mode "1" image ``bw`` (PDF needs one strip)."""
    buf = io.BytesIO()
    stride = (bw.width + 7) // 8
    bw.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=stride * bw.height + 1)
    return buf.getvalue()


def _g4_payload(bw: Image.Image) -> bytes:
    """The raw T.6 (CCITT G4 / MMR) coding of ``bw``, taken out of a one-strip TIFF."""
    with Image.open(io.BytesIO(tiff := _g4_tiff_bytes(bw, 72))) as t:
        assert t.info.get("compression") == "group4"
        (offset,), (length,) = t.tag_v2[273], t.tag_v2[279]  # StripOffsets, StripByteCounts
    return tiff[offset : offset + length]


def _jpeg_bytes(img: Image.Image, dpi: int, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    img.convert("L").save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()


def _scanned_pdf_bytes(lines: Sequence[str] = DEFAULT_LINES, dpi: int = 150) -> bytes:
    """A one-page PDF holding one greyscale JPEG page image (img2pdf, DCTDecode)."""
    return img2pdf.convert(_jpeg_bytes(render_text_image(lines, dpi=dpi), dpi))


def _image_page_pdf(
    path: PathLike,
    width_px: int,
    height_px: int,
    dpi: int,
    data: bytes,
    filter_: str,
    decode_parms: Dictionary | None = None,
) -> Path:
    """Write a one-page PDF whose page is exactly one 1-bit DeviceGray image XObject."""
    pdf = pikepdf.new()
    wpt, hpt = width_px * 72 / dpi, height_px * 72 / dpi
    image = pikepdf.Stream(pdf, data)
    image.Type = Name.XObject
    image.Subtype = Name.Image
    image.Width = width_px
    image.Height = height_px
    image.BitsPerComponent = 1
    image.ColorSpace = Name.DeviceGray
    image.Filter = Name(filter_)
    if decode_parms is not None:
        image.DecodeParms = decode_parms
    page = pdf.add_blank_page(page_size=(wpt, hpt))
    page.Resources = Dictionary(XObject=Dictionary(Im0=image))
    page.Contents = pdf.make_stream(f"q {wpt:.4f} 0 0 {hpt:.4f} 0 0 cm /Im0 Do Q".encode())
    pdf.save(path)
    return Path(path)


# --------------------------------------------------------------------------- PDF builders


def ccitt_pdf(path: PathLike, lines: Sequence[str] = DEFAULT_LINES, dpi: int = 300) -> Path:
    """One A4 page that is a single bilevel CCITT Group 4 image (``/CCITTFaxDecode``, K=-1).

    Made by img2pdf from a one-strip G4 TIFF, whose payload it copies unchanged;
    ``pdfimages -list`` reports ``ccitt``. No text layer. Renders as black text on white.
    """
    bw = _bilevel(render_text_image(lines, dpi=dpi))
    Path(path).write_bytes(img2pdf.convert(_g4_tiff_bytes(bw, dpi)))
    return Path(path)


def _jbig2_segment(number: int, seg_type: int, data: bytes, page: int = 1) -> bytes:
    """A JBIG2 segment (ITU T.88 §7.2): number (4 bytes); flags (1 byte: bit 7 deferred
    non-retain = 0, bit 6 page-association size = 0 i.e. 1 byte, bits 0-5 type); referred-to
    count and retain flags (1 byte, no referred-to segments); page association (1 byte);
    data length (4 bytes); data."""
    return struct.pack(">IBBBI", number, seg_type & 0x3F, 0, page, len(data)) + data


def jbig2_embedded_stream(bw: Image.Image, dpi: int = 300, end_of_page: bool = False) -> bytes:
    """Encode the mode "1" image ``bw`` as a JBIG2 stream in the "embedded" organisation
    PDF uses (no file header): a page information segment (type 48) and an immediate
    lossless generic region segment (type 39) coded with MMR (T.6, the same coding as
    CCITT G4), whose payload comes from Pillow/libtiff's one-strip Group 4 TIFF.

    JBIG2 pixel 1 is black; Pillow's mode "1" has black = 0, so the image is inverted
    before coding. The JBIG2Decode filter itself delivers JBIG2 black as DeviceGray
    black, so the XObject needs no /Decode array (with /Decode [1 0] pdfium, poppler
    and pikepdf all show white text on black).

    Streams embedded in PDF (as jbig2enc -p writes them) carry no end-of-page segment:
    poppler 22.12 reports type 49 as "Unknown segment type in JBIG2 stream" (pdfium and
    jbig2dec accept it). It is left out unless ``end_of_page`` is true.
    """
    w, h = bw.size
    ppm = round(dpi / 0.0254)  # resolution in pixels per metre
    mmr = _g4_payload(ImageOps.invert(bw.convert("L")).convert("1"))
    # page information (§7.4.8): width, height, x/y resolution, flags, striping
    page_info = struct.pack(">IIIIBH", w, h, ppm, ppm, 0, 0)
    # region segment information field (§7.4.1): width, height, x, y, flags (OR);
    # then generic region flags (§7.4.6.2): MMR = 1, GBTEMPLATE 0, TPGDON 0 -> no AT pixels
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + b"\x01" + mmr
    stream = _jbig2_segment(0, 48, page_info) + _jbig2_segment(1, 39, region)
    if end_of_page:
        stream += _jbig2_segment(2, 49, b"")
    return stream


def jbig2_pdf(path: PathLike, lines: Sequence[str] = DEFAULT_LINES, dpi: int = 300) -> Path:
    """One A4 page that is a single bilevel ``/JBIG2Decode`` image (no JBIG2Globals).

    ``pdfimages -list`` reports ``jbig2``; pypdfium2, poppler and pikepdf (via the jbig2dec
    CLI) decode it to black text on white. No text layer.
    """
    bw = _bilevel(render_text_image(lines, dpi=dpi))
    return _image_page_pdf(path, bw.width, bw.height, dpi, jbig2_embedded_stream(bw, dpi), "/JBIG2Decode")


def _glyph_paths(img: Image.Image, dpi: int, page_height_pt: float) -> bytes:
    """PDF path operators (m/l/h, one f* fill) tracing the dark shapes of ``img``."""
    ink = (np.asarray(img.convert("L")) < 128).astype(np.uint8)
    contours, _ = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    scale = 72 / dpi
    ops: list[str] = []
    for contour in contours:
        poly = cv2.approxPolyDP(contour, 0.6, True).reshape(-1, 2)
        if len(poly) < 3:
            continue
        pts = [((x + 0.5) * scale, page_height_pt - (y + 0.5) * scale) for x, y in poly]
        ops.append(f"{pts[0][0]:.2f} {pts[0][1]:.2f} m")
        ops.extend(f"{x:.2f} {y:.2f} l" for x, y in pts[1:])
        ops.append("h")
    return ("q 0 g\n" + "\n".join(ops) + "\nf*\nQ\n").encode()


def vector_only_pdf(path: PathLike, lines: Sequence[str] = DEFAULT_LINES, trace_dpi: int = 400) -> Path:
    """One A4 page showing legible text drawn purely as filled vector paths.

    No images, no fonts, no text objects (``BT``/``Tj``): glyph outlines are traced with
    cv2.findContours (RETR_CCOMP, holes included) from a ``trace_dpi`` rendering and
    filled even-odd (``f*``). The content stream is Flate-compressed. pdfplumber finds
    no chars and no images; rendered, the page reads like any other text.
    """
    w_pt, h_pt = A4_PT
    content = _glyph_paths(render_text_image(lines, dpi=trace_dpi), trace_dpi, h_pt)
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(w_pt, h_pt))
    page.Contents = pikepdf.Stream(pdf, zlib.compress(content, 9))
    page.Contents.Filter = Name.FlateDecode
    page.Resources = Dictionary()
    pdf.save(path, compress_streams=True)
    return Path(path)


def born_digital_pdf(path: PathLike, lines: Sequence[str] = DEFAULT_LINES, size_pt: float = 13) -> Path:
    """One A4 page with a real text layer: fpdf2, DejaVuSans embedded (subset, with
    ToUnicode), one text line per entry of ``lines``. pdfplumber/pdftotext extract the
    Vietnamese text; there are no images."""
    from fpdf import FPDF  # test-only dependency

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_margins(72, 72, 72)
    pdf.set_auto_page_break(True, margin=72)
    pdf.add_font("DejaVuSans", "", str(SANS))
    pdf.add_page()
    pdf.set_font("DejaVuSans", size=size_pt)
    for line in _nfc(lines):
        pdf.multi_cell(0, size_pt * 1.6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return Path(path)


def rotated_scan_pdf(path: PathLike, lines: Sequence[str] = DEFAULT_LINES, dpi: int = 200) -> Path:
    """One scanned page (a single greyscale JPEG, DCTDecode) whose page dictionary has
    ``/Rotate 90``. The image is stored turned 90° counter-clockwise (landscape MediaBox),
    so a viewer that honours /Rotate (pdfium, poppler) shows it upright, portrait."""
    sideways = render_text_image(lines, dpi=dpi).transpose(Image.Transpose.ROTATE_90)
    pdf = pikepdf.open(io.BytesIO(img2pdf.convert(_jpeg_bytes(sideways, dpi))))
    pdf.pages[0].Rotate = 90
    pdf.save(path)
    return Path(path)


def encrypted_pdf(path: PathLike, lines: Sequence[str] = DEFAULT_LINES) -> Path:
    """A one-page scanned PDF encrypted with AES-256 (R6): it needs the user password
    ``secret`` to open (owner password ``owner``)."""
    pdf = pikepdf.open(io.BytesIO(_scanned_pdf_bytes(lines)))
    pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    return Path(path)


# --------------------------------------------------------------------------- bad inputs


def truncated_jpeg_bytes() -> bytes:
    """A JPEG page scan cut to its first half: the header parses (Image.open works) but
    decoding fails (Pillow raises OSError "image file is truncated" on load)."""
    data = _jpeg_bytes(render_text_image(dpi=100), 100)
    return data[: len(data) // 2]


def truncated_pdf_bytes() -> bytes:
    """A one-page scanned PDF, linearized, cut 200 bytes into its page image's stream.

    A linearized file puts the first page's objects first and the page-tree root and the
    main cross-reference table last, so what remains is the header, the linearization
    dictionary, the first-page xref section, the catalog and the page object, but neither
    the rest of the image nor the page tree. pikepdf and pypdfium2 refuse to open it
    (pdfplumber opens it and finds 0 pages)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(_scanned_pdf_bytes(dpi=100))) as pdf:
        pdf.save(out, linearize=True)
    data = out.getvalue()
    start = data.index(b"stream", data.index(b"/DCTDecode"))
    return data[: start + 200]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def corrupt_png_bytes() -> bytes:
    """A valid PNG signature and IHDR (200x100, 8-bit grey), then an IDAT chunk with a
    correct CRC whose content is not zlib data, and no IEND. ``Image.open`` succeeds;
    ``load()`` fails."""
    ihdr = struct.pack(">IIBBBBB", 200, 100, 8, 0, 0, 0, 0)
    garbage = bytes((i * 37 + 11) % 251 for i in range(4000))
    return PNG_SIGNATURE + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", garbage)


def png_bytes(width: int, height: int, bit_depth: int, rows) -> bytes:
    """A greyscale PNG from `rows` (each a filter byte and the row's samples), deflated as they
    come so that huge images never sit in memory whole."""
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for row in rows) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    return PNG_SIGNATURE + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def decompression_bomb_png_bytes(side: int = 40000) -> bytes:
    """A complete, decodable 1-bit greyscale PNG of ``side`` x ``side`` white pixels
    (1.6 gigapixels for the default) that is under 300 KB: 200 MB of identical rows,
    deflated. Pillow's ``Image.open`` raises ``DecompressionBombError``."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)  # filter byte 0, then white pixels
    return png_bytes(side, side, 1, (row for _ in range(side)))


def huge_page_pdf_bytes(side_pt: float = 14400) -> bytes:
    """A valid one-page PDF whose MediaBox is ``side_pt`` x ``side_pt`` points (200 in
    square by default, the PDF maximum): rasterised at 300 dpi it would be 60000 x 60000
    = 3.6 gigapixels. The page holds a few vector shapes; the file is tiny."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(side_pt, side_pt))
    page.Contents = pdf.make_stream(
        b"q 0 g 720 720 1440 144 re f 720 1080 2880 144 re f 0 0 1 rg 7200 7200 m 10000 7200 l 8600 10000 l h f Q"
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def zip_bytes_named_pdf() -> bytes:
    """The bytes of a small ZIP archive (one text file, one JPEG). The test saves it with a
    ``.pdf`` extension: by content it is not a PDF (``unsupported_format``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ghi-chu.txt", "Hồ sơ đăng ký khai sinh\n".encode())
        zf.writestr("trang-1.jpg", _jpeg_bytes(render_text_image(dpi=50), 50))
    return out.getvalue()


def pdf_bytes_named_jpg(lines: Sequence[str] = DEFAULT_LINES) -> bytes:
    """A valid one-page scanned PDF (one JPEG page image, 150 dpi). The test saves it with
    a ``.jpg`` extension: by content it is a PDF and must be processed as one."""
    return _scanned_pdf_bytes(lines, dpi=150)
