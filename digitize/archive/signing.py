"""PAdES signatures with pyHanko: subfilter ETSI.CAdES.detached, SHA-256, a visible stamp at the
top right of page 1 (the agency and the signing time, in an embedded TrueType font that has the
Vietnamese glyphs), and, with a time-stamp authority, PAdES B-T or B-LTA.

- no TSA: PAdES-B-B;
- a TSA: the signature time-stamped (B-T) and, when the chain can be validated, the chain and
  revocation data in a DSS and a document time-stamp (B-LTA);
- a TSA that does not answer: `SigningFailed` (retryable); never a file that claims a
  time-stamp it lacks.

The page is not re-rendered: the stamp is a signature widget added in an incremental update.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from digitize.archive.keys import SigningKey

log = logging.getLogger("digitize")

LEVEL_BB, LEVEL_BT, LEVEL_BLTA = "PAdES-B-B", "PAdES-B-T", "PAdES-B-LTA"
FIELD_NAME = "Signature1"

# TrueType fonts with the Vietnamese glyphs (scripts/setup installs fonts-noto-core and fonts-dejavu-core).
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)

STAMP_W, STAMP_H = 220.0, 46.0  # points
MARGIN = 14.0
FONT_SIZE = 8


class SigningFailed(Exception):
    """The signature or its time-stamp could not be made; trying again later may work."""


@dataclass(frozen=True)
class Signed:
    data: bytes
    level: str
    signer: str
    signed_at: str  # ISO 8601 with the centre's offset
    box: tuple[float, float, float, float]  # the stamp's rectangle on page 1, PDF user space


# What the stamp can show: Latin with every Vietnamese letter and mark, digits, punctuation.
STAMP_UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x1A0, 0x1B1),
    *range(0x300, 0x324),
    *range(0x1EA0, 0x1EFA),
    *range(0x2010, 0x2028),
    0x20AB,
]


@functools.cache
def stamp_font() -> str:
    """The stamp's TrueType font, cut down once to the characters a Vietnamese stamp uses (the
    whole font's 3,000-odd glyphs would make every signature spend a third of a second
    subsetting it); kept in the temporary folder, shared by processes."""
    source = next((Path(p) for p in FONT_CANDIDATES if Path(p).is_file()), None)
    if source is None:
        raise SigningFailed(
            "No TrueType font with Vietnamese glyphs for the signature stamp: install fonts-noto-core "
            "(scripts/setup does)."
        )
    import hashlib
    import os
    import tempfile

    from fontTools import subset
    from fontTools.ttLib import TTFont

    tag = hashlib.sha256(f"{source}:{source.stat().st_size}:{source.stat().st_mtime_ns}:2".encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"digitize-stamp-{source.stem}-{tag}.ttf"
    if target.is_file():
        return str(target)
    options = subset.Options()
    options.layout_features = []  # NFC text: precomposed letters, no shaping needed
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=STAMP_UNICODES)
    subsetter.subset(font)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".digitize-stamp-", suffix=".ttf")
    with os.fdopen(fd, "wb") as fh:
        font.save(fh)
    os.replace(tmp, target)  # atomic: another process may be doing the same
    return str(target)


def sign_pdf(
    pdf_bytes: bytes,
    key: SigningKey,
    *,
    agency: str,
    timezone: str,
    tsa_url: str | None = None,
    trust_roots: list | None = None,
    avoid: list[tuple[float, float, float, float]] | None = None,
) -> Signed:
    """Sign `pdf_bytes`. `avoid`: boxes of page 1's own text (see `text_boxes`), which the stamp
    keeps clear of where there is room; `trust_roots`: the CA certificates that validate the
    signer's and the TSA's chains for B-LTA."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signed_at = datetime.now(ZoneInfo(timezone)).replace(microsecond=0)
    page = _first_page(PdfFileReader(io.BytesIO(pdf_bytes), strict=False))
    box = stamp_box(page, avoid or [])
    stamp = (box, int(page.get("/Rotate", 0)) % 360)
    if not tsa_url:
        return _sign(pdf_bytes, key, agency, signed_at, stamp, LEVEL_BB)
    timestamper = _timestamper(tsa_url)
    try:
        return _sign(pdf_bytes, key, agency, signed_at, stamp, LEVEL_BLTA, timestamper, trust_roots)
    except SigningFailed:
        raise
    except Exception as exc:  # the chain could not be validated: no validation data for B-LTA
        log.warning("PAdES-B-LTA not possible (%s: %s); signing PAdES-B-T", type(exc).__name__, exc)
    return _sign(pdf_bytes, key, agency, signed_at, stamp, LEVEL_BT, timestamper, trust_roots)


def _first_page(reader):
    page = reader.root["/Pages"]
    while "/Kids" in page:
        page = page["/Kids"][0].get_object()
    return page


def _timestamper(url: str):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=20)


def _sign(pdf_bytes, key, agency, signed_at, stamp, level, timestamper=None, trust_roots=None) -> Signed:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko_certvalidator import ValidationContext

    box, rotation = stamp
    lta = level == LEVEL_BLTA
    validation_context = None
    if lta:
        roots = list(trust_roots or []) + [c for c in key.chain if c.self_signed]
        validation_context = ValidationContext(
            trust_roots=roots, other_certs=list(key.chain), allow_fetching=True, revocation_mode="hard-fail"
        )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=agency,
        reason="Bản số hóa từ bản gốc",
        embed_validation_info=lta,
        use_pades_lta=lta,
        validation_context=validation_context,
    )
    style = _upright_style_class()(
        page_rotation=rotation,
        stamp_text="%(agency)s\nKý số: %(signed_at)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(stamp_font(), font_size=FONT_SIZE)),
        border_width=1,
        background=None,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=key.signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0, box=tuple(round(v, 2) for v in box)),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    out = io.BytesIO()
    try:
        with _metadata_untouched():
            pdf_signer.sign_pdf(
                writer,
                appearance_text_params={"agency": agency, "signed_at": signed_at.isoformat()},
                output=out,
            )
    except TimestampRequestError as exc:
        raise SigningFailed(
            f"The time-stamp authority (DIGITIZE_TSA_URL) did not answer ({exc}); the document is not "
            "archived and will be signed on a later run."
        ) from exc
    except OSError as exc:  # the TSA refused the connection or timed out
        raise SigningFailed(
            f"The time-stamp authority (DIGITIZE_TSA_URL) could not be reached ({type(exc).__name__}); the "
            "document is not archived and will be signed on a later run."
        ) from exc
    return Signed(out.getvalue(), level, key.subject, signed_at.isoformat(), box)


@functools.cache
def _upright_style_class():
    """pyHanko's text stamp, drawn upright on a page shown turned (/Rotate): the stamp is laid
    out in the displayed width and height, and its appearance gets the matrix that turns it
    back (the viewer fits the turned box into the widget's rectangle)."""
    from dataclasses import dataclass as _dataclass

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp import TextStampStyle
    from pyhanko.stamp.text import TextStamp

    turns = {90: (0, 1), 180: (-1, 0), 270: (0, -1)}

    class UprightTextStamp(TextStamp):
        def as_form_xobject(self):
            xobject = super().as_form_xobject()
            if self.style.page_rotation in turns:
                cos, sin = turns[self.style.page_rotation]
                xobject["/Matrix"] = generic.ArrayObject(generic.NumberObject(v) for v in (cos, sin, -sin, cos, 0, 0))
            return xobject

    @_dataclass(frozen=True)
    class UprightTextStampStyle(TextStampStyle):
        page_rotation: int = 0

        def create_stamp(self, writer, box, text_params):
            if self.page_rotation in (90, 270) and box is not None:
                box = BoxConstraints(width=box.height, height=box.width)
            return UprightTextStamp(writer=writer, style=self, box=box, text_params=text_params)

    return UprightTextStampStyle


_PATCH_LOCK = threading.Lock()


@contextlib.contextmanager
def _metadata_untouched():
    """pyHanko rewrites the XMP packet and the DocInfo on every revision it writes (producer and
    modification date, the packet reserialised in its own form, DocInfo and XMP producers no
    longer equal). The archival XMP must stay as it was made and checked, so while signing its
    writers leave the metadata alone (pyHanko has no switch for this: its one method that does
    it is set aside, for the signature, the DSS and the document time-stamp revisions)."""
    from pyhanko.pdf_utils.writer import BasePdfFileWriter

    with _PATCH_LOCK:
        original = BasePdfFileWriter._update_meta
        BasePdfFileWriter._update_meta = lambda self: None
        try:
            yield
        finally:
            BasePdfFileWriter._update_meta = original


# ---------------------------------------------------------------- where the stamp goes


def text_boxes(pdf_bytes: bytes) -> list[tuple[float, float, float, float]]:
    """Where page 1 has text (its text layer included), as rectangles (x0, y0, x1, y1) in the
    page's user space, from pdfium's text runs."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        try:
            return [tuple(textpage.get_rect(i)) for i in range(textpage.count_rects())]
        finally:
            textpage.close()
            page.close()
    finally:
        pdf.close()


def stamp_box(page, avoid: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    """The stamp's rectangle in the page's user space: the top right corner as shown (page
    rotation counted), moved down, then left, to the first place clear of `avoid` (rectangles
    in user space); the corner itself when there is no such place."""
    x0, y0, x1, y1 = (float(v) for v in page.get("/CropBox", page["/MediaBox"]))
    rotate = int(page.get("/Rotate", 0)) % 360
    width, height = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
    w, h = min(STAMP_W, width - 2 * MARGIN), min(STAMP_H, height / 4)

    def user(u: float, v: float):
        return _to_user_space((u, v, u + w, v + h), rotate, (x0, y0, x1, y1))

    def clear(rect) -> bool:
        a0, b0, a1, b1 = rect
        return all(a1 <= c0 or c1 <= a0 or b1 <= d0 or d1 <= b0 for c0, d0, c1, d1 in avoid)

    step = 6.0
    v = MARGIN
    while v + h <= height / 3:  # down the right edge, in the top third (as displayed)
        u = width - MARGIN - w
        while u >= width / 2 - w / 2:  # and left, to the middle
            if clear(rect := user(u, v)):
                return rect
            u -= step * 4
        v += step
    return user(width - MARGIN - w, MARGIN)


def _to_user_space(rect, rotate: int, box) -> tuple[float, float, float, float]:
    """A rectangle in displayed coordinates (u right, v down from the top left) in user space."""
    x0, y0, x1, y1 = box
    u0, v0, u1, v1 = rect

    def point(u, v):
        if rotate == 90:
            return x0 + v, y0 + u
        if rotate == 180:
            return x1 - u, y0 + v
        if rotate == 270:
            return x1 - v, y1 - u
        return x0 + u, y1 - v

    (ax, ay), (bx, by) = point(u0, v0), point(u1, v1)
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
