"""Build the searchable PDF of a document: the pages as scanned, with an invisible text layer.

PDF inputs keep their original page objects (no image is decoded or re-encoded); image inputs
are wrapped losslessly by img2pdf (JPEG and G4 data are copied as they are), once per input: an
input cut into several documents is converted into one PDF file (`image_pages_pdf`) that each
document's assembly opens and takes its own pages from, so archiving a box scan costs time in
proportion to its pages, not to its documents times its pages. The text-only page
written from each OCRed page's final words (ocr.text_layer) is laid over it as a form XObject,
scaled to the page and turned with its /Rotate, the way OCRmyPDF grafts its text layers.
"""

from __future__ import annotations

import io
import math
import warnings
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image

from digitize.ingest.boundary import reading
from digitize.ingest.formats import PDF
from digitize.ingest.image_pages import to_array
from digitize.ingest.page_source import InputSurvey, page_rotation
from digitize.page_tasks import PageResult


def image_pages_pdf(survey: InputSurvey, path: str) -> str:
    """Every page of an image input as a PDF page, written once to `path` for all of the input's
    documents (`searchable_pdf(..., pages_pdf=path)`). Runs in a pool worker."""
    with reading("the file, to build its archive copy"):
        Path(path).write_bytes(_image_file_pdf(survey))
    return path


def searchable_pdf(
    survey: InputSurvey,
    results: Mapping[int, PageResult],
    page_indexes: Sequence[int],
    pages_pdf: str | None = None,
) -> bytes:
    """PDF bytes of the pages `page_indexes` (0-based, within the input) with text layers.
    `pages_pdf`: an image input's pages already converted by `image_pages_pdf` (else the input
    is converted here).

    Runs in a pool worker (the input's bytes are read again here); whatever a decoder raises on
    them is the input's fault (`unreadable_input`)."""
    with reading("the file, to build its archive copy"), warnings.catch_warnings():
        # A form's widgets arrive without the form (/AcroForm stays behind, on purpose): they
        # keep their appearance, lose their actions (make_inert) and need no warning.
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        return _searchable_pdf(survey, results, page_indexes, pages_pdf)


def _searchable_pdf(
    survey: InputSurvey, results: Mapping[int, PageResult], page_indexes: Sequence[int], pages_pdf: str | None
) -> bytes:
    opened: list[pikepdf.Pdf] = []  # every Pdf whose objects `out` uses stays open until saved
    try:
        out = _base_pages(survey, page_indexes, opened, pages_pdf)
        for page in out.pages:
            make_inert(page)
        for out_page, index in zip(out.pages, page_indexes):
            layer = results[index].text_layer_pdf
            if not layer:
                continue
            overlay = pikepdf.open(io.BytesIO(layer))
            opened.append(overlay)
            _lay_text_over(out, out_page, overlay.pages[0], results[index])
        buf = io.BytesIO()
        out.save(buf, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buf.getvalue()
    finally:
        for pdf in reversed(opened):
            pdf.close()


# Annotations that play or embed something: nothing an archival copy should carry. Form
# widgets go too: their look was drawn into the page (flatten_annotations) while the form was
# still there; the form itself stays behind.
_ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia", "/3D", "/Widget"}


def make_inert(page: pikepdf.Page) -> None:
    """No scripts or actions on the page, its annotations or their form fields, no embedded
    files or media, and a valid /Rotate (0, 90, 180 or 270; anything else shown unrotated).
    Document-level scripts, open actions and attachments stay behind when pages are copied."""
    obj = page.obj
    if "/AA" in obj:
        del obj["/AA"]
    if "/Rotate" in obj:
        obj.Rotate = page_rotation(obj.get("/Rotate"))[0]
    annotations = obj.get("/Annots")
    if annotations is None:
        return
    kept = pikepdf.Array()
    for annotation in annotations if isinstance(annotations, pikepdf.Array) else []:
        if not isinstance(annotation, pikepdf.Dictionary) or annotation.get("/Subtype") in _ACTIVE_ANNOTATIONS:
            continue
        node, depth = annotation, 0
        while isinstance(node, pikepdf.Dictionary) and depth < 32:  # the widget, then its field's parents
            for key in ("/A", "/AA"):
                if key in node:
                    del node[key]
            node, depth = node.get("/Parent"), depth + 1
        kept.append(annotation)
    obj.Annots = kept


def _lay_text_over(out: pikepdf.Pdf, page: pikepdf.Page, text_page: pikepdf.Page, result: PageResult) -> None:
    """Place the text-only page over `page` so each invisible word covers its printed one.

    A page OCRed after turning gets the same turn as /Rotate (the viewer shows it upright; the
    image is not touched); a deskewed page gets its text layer turned back by the skew angle
    (counter-clockwise by `skew`, ocr.model "Turns"), so the words follow the slanted lines of
    the original image."""
    if result.rotation:
        page.Rotate = (int(page.obj.get("/Rotate", 0)) + result.rotation) % 360
    form = out.copy_foreign(text_page.as_form_xobject())
    if abs(result.skew) > 0.01:
        form = _turned_form(out, form, result.skew)
    page.add_overlay(form, pikepdf.Rectangle(page.cropbox))


def _turned_form(pdf: pikepdf.Pdf, form: pikepdf.Stream, degrees: float) -> pikepdf.Stream:
    """A form XObject drawing `form` turned `degrees` counter-clockwise about its centre."""
    x0, y0, x1, y1 = (float(v) for v in form.BBox)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    t = math.radians(degrees)
    a, b, c, d = math.cos(t), math.sin(t), -math.sin(t), math.cos(t)
    e, f = cx - a * cx - c * cy, cy - b * cx - d * cy
    content = f"q {a:.6f} {b:.6f} {c:.6f} {d:.6f} {e:.4f} {f:.4f} cm /T Do Q".encode()
    wrapper = pikepdf.Stream(pdf, content)
    wrapper.Type = pikepdf.Name.XObject
    wrapper.Subtype = pikepdf.Name.Form
    wrapper.BBox = form.BBox
    wrapper.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(T=form))
    return wrapper


def _base_pages(
    survey: InputSurvey, page_indexes: Sequence[int], opened: list[pikepdf.Pdf], pages_pdf: str | None
) -> pikepdf.Pdf:
    if survey.format == PDF:
        source = pikepdf.open(survey.read_path)
        source.flatten_annotations("print")  # filled-in form fields become page content
    elif pages_pdf:
        # opened from the file, not read into memory: only this document's pages are loaded
        source = pikepdf.open(pages_pdf)
    else:
        source = pikepdf.open(io.BytesIO(_image_file_pdf(survey)))
    opened.append(source)
    if survey.format != PDF and list(page_indexes) == list(range(len(source.pages))):
        return source
    # Pages are copied into a new file: the input's document-level extras (scripts, open
    # actions, attachments, forms) stay behind.
    out = pikepdf.new()
    opened.append(out)
    for index in page_indexes:
        out.pages.append(source.pages[index])
    return out


def _image_file_pdf(survey: InputSurvey) -> bytes:
    """Every frame of an image file as a PDF page, sized by the frame's resolution."""
    first = survey.pages[0]
    layout = img2pdf.get_fixed_dpi_layout_fun((first.dpi, first.y_dpi or first.dpi))
    if not _has_transparency(survey.read_path) and not _transcoded_by_img2pdf(survey.read_path):
        # img2pdf would keep an alpha channel as a soft mask; PDF/A archives want opaque pages
        try:
            return img2pdf.convert(survey.read_path, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
        except Exception:
            pass  # 16-bit samples, odd TIFF layouts and the like: re-encode losslessly below
    with Image.open(survey.read_path) as img:
        flate = _flate_pages_pdf(survey, img)
        if flate is not None:
            return flate
        frames = []
        for source in survey.pages:
            img.seek(source.index)
            frames.append(_lossless_frame(img))
    return img2pdf.convert(frames, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)


def _flate_pages_pdf(survey: InputSurvey, img: Image.Image) -> bytes | None:
    """Grey and colour frames as PDF images of their decoded samples, zlib's fastest level,
    no PNG in between (PNG's row filters and img2pdf's parsing of them took as long again);
    None for inputs this does not cover (bilevel frames, an orientation tag, other modes)."""
    if img.format != "TIFF" or img.tag_v2.get(274, 1) != 1:
        return None
    pdf = pikepdf.new()
    for source in survey.pages:
        img.seek(source.index)
        frame = img if img.mode in ("L", "RGB") else None
        if frame is None and img.mode not in ("1", "P", "PA"):
            frame = Image.fromarray(to_array(img))  # 16-bit, CMYK, alpha: as the page readers see it
        if frame is None or frame.mode not in ("L", "RGB"):
            return None
        samples = zlib.compress(frame.tobytes(), 1)
        image = pikepdf.Stream(pdf, samples)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = frame.width, frame.height, 8
        image.ColorSpace = pikepdf.Name.DeviceGray if frame.mode == "L" else pikepdf.Name.DeviceRGB
        image.Filter = pikepdf.Name.FlateDecode
        width, height = frame.width * 72 / source.dpi, frame.height * 72 / (source.y_dpi or source.dpi)
        page = pdf.add_blank_page(page_size=(width, height))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(f"q {width:.4f} 0 0 {height:.4f} 0 0 cm /Im0 Do Q".encode())
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _has_transparency(path: str) -> bool:
    with Image.open(path) as img:
        return "A" in img.mode or "transparency" in img.info


def _transcoded_by_img2pdf(path: str) -> bool:
    """A TIFF whose data img2pdf cannot copy (all but CCITT G3/G4: LZW, Deflate, JPEG-in-TIFF):
    it would re-encode each frame as PNG at zlib's default level, which took 4 s for one
    400 dpi colour page; `_flate_pages_pdf` is as lossless in 0.6 s."""
    with Image.open(path) as img:
        return img.format == "TIFF" and img.info.get("compression") not in ("group3", "group4")


def _lossless_frame(img: Image.Image) -> bytes:
    """One frame as PNG (or G4 TIFF for bilevel) bytes img2pdf accepts without loss."""
    frame = img.copy()
    buf = io.BytesIO()
    if frame.mode == "1":
        frame.save(buf, format="TIFF", compression="group4")
        return buf.getvalue()
    if frame.mode not in ("L", "RGB"):
        # the same conversion the page readers use: transparency onto white paper, 16-bit scaled
        frame = Image.fromarray(to_array(frame))
    # zlib's fastest level: 4.5x faster than PNG's default on a 400 dpi page, 10% larger
    frame.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()
