"""PDF inputs: survey each page (text layer? one scanned image? something else?) and turn a
page into the image to OCR.

- A page whose text layer is good is not OCRed again (its words come from pdfplumber).
- A page that is exactly one embedded image gets that image back losslessly, at its native
  resolution (pikepdf), turned by the page's /Rotate.
- Any other page (vector drawings, several images, masks, exotic encodings) is rasterised by
  pdfium at 300 dpi, or at the image's own resolution where extraction fails.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from pathlib import Path

import numpy as np
import pikepdf

from digitize.errors import ENCRYPTED_PDF, TOO_LARGE, UNREADABLE_INPUT, DigitizeError
from digitize.ingest.image_pages import to_array
from digitize.ingest.page_source import (
    KIND_PDF_IMAGE,
    KIND_PDF_RENDER,
    KIND_PDF_TEXT,
    WORKING_PIXELS,
    InputSurvey,
    Limits,
    PageSource,
    page_rotation,
)
from digitize.ingest.pdf_budget import InputBudget
from ocr.model import TEXT_FROM_PDF, Line, PageText, Word, nfc

RENDER_DPI = 300.0
MIN_NATIVE_DPI, MAX_NATIVE_DPI = 70.0, 1200.0
_PAINTING_OPS = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI", "EI", "ID"}


# ---------------------------------------------------------------- survey


def survey_pdf(path: str, work_dir: Path, limits: Limits) -> InputSurvey:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise DigitizeError(
            ENCRYPTED_PDF, "The PDF is protected by a password. Ask the sender for an unprotected copy."
        ) from exc
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise DigitizeError(UNREADABLE_INPUT, f"The PDF is damaged and cannot be repaired ({_short(exc)}).") from exc

    with pdf:
        try:
            count = len(pdf.pages)
        except (pikepdf.PdfError, RuntimeError) as exc:
            raise DigitizeError(UNREADABLE_INPUT, "The PDF's page list is damaged.") from exc
        if count == 0:
            raise DigitizeError(UNREADABLE_INPUT, "The PDF has no pages.")
        if count > limits.max_pages:
            raise DigitizeError(TOO_LARGE, f"The PDF has {count} pages; the limit is {limits.max_pages}.")
        survey = InputSurvey(format="pdf", read_path=path)
        if pdf.get_warnings() or pdf.is_encrypted:
            # qpdf repaired the file (or removed an owner-only password): every later reader
            # (pdfplumber, pdfium, the assembly step) sees the repaired copy.
            repaired = work_dir / "repaired.pdf"
            try:
                pdf.save(repaired)
            except (pikepdf.PdfError, RuntimeError) as exc:
                raise DigitizeError(UNREADABLE_INPUT, f"The PDF is damaged beyond repair ({_short(exc)}).") from exc
            survey.read_path = str(repaired)
            survey.notes.append("repaired" if pdf.get_warnings() else "decrypted")
        layouts = []
        budget = InputBudget(limits)
        for number, page in enumerate(pdf.pages, start=1):
            budget.check_page(page, number)  # before any reader is let loose on it
            try:
                layouts.append(_page_layout(page))
            except (pikepdf.PdfError, RuntimeError, ValueError, KeyError, TypeError, AttributeError):
                layouts.append(None)

    text_layers = read_text_layers(survey.read_path, count)
    for index, (layout, text) in enumerate(zip(layouts, text_layers)):
        if layout is None:
            raise DigitizeError(UNREADABLE_INPUT, f"Page {index + 1} of the PDF is damaged.")
        page = _classify_page(survey.read_path, index, layout, text, limits)
        survey.pages.append(dataclasses.replace(page, note=layout["note"]) if layout["note"] else page)
    return survey


def _classify_page(path: str, index: int, layout: dict, text: PageText | None, limits: Limits) -> PageSource:
    if text is not None and text_layer_is_good(text):
        return PageSource(path=path, format="pdf", index=index, kind=KIND_PDF_TEXT, dpi=72.0, text=text)
    image = layout.get("image")
    if image is not None:
        pixels = image["width"] * image["height"]
        if pixels > limits.max_page_pixels:
            raise DigitizeError(
                TOO_LARGE,
                f"Page {index + 1} holds an image of {image['width']}×{image['height']} pixels; the limit is "
                f"{limits.max_page_pixels / 1e6:.0f} megapixels.",
            )
        return PageSource(
            path=path,
            format="pdf",
            index=index,
            kind=KIND_PDF_IMAGE,
            dpi=image["dpi"],
            rotate=layout["rotate"],
            image_name=image["name"],
        )
    width_pt, height_pt = layout["size"]
    pixels = (width_pt / 72 * RENDER_DPI) * (height_pt / 72 * RENDER_DPI)
    if pixels > limits.max_page_pixels:
        raise DigitizeError(
            TOO_LARGE,
            f"Page {index + 1} measures {width_pt / 72:.0f}×{height_pt / 72:.0f} inches; at "
            f"{RENDER_DPI:.0f} dpi that is {pixels / 1e6:.0f} megapixels, over the limit of "
            f"{limits.max_page_pixels / 1e6:.0f}.",
        )
    # rendered at 300 dpi, or less where that would pass the working size (a poster, a plan)
    dpi = min(RENDER_DPI, RENDER_DPI * (WORKING_PIXELS / pixels) ** 0.5)
    return PageSource(path=path, format="pdf", index=index, kind=KIND_PDF_RENDER, dpi=dpi, rotate=layout["rotate"])


def _page_layout(page: pikepdf.Page) -> dict:
    """Page size and rotation; `image` when the page paints exactly one image and nothing else,
    placed upright (no flip, no rotation by the content stream) over most of the page."""
    box = [float(v) for v in page.cropbox]
    width_pt, height_pt = abs(box[2] - box[0]), abs(box[3] - box[1])
    if width_pt < 1 or height_pt < 1:
        raise ValueError("empty page box")
    rotate, note = page_rotation(page.obj.get("/Rotate", 0))
    layout = {"size": (width_pt, height_pt), "rotate": rotate, "note": note, "image": None}

    xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
    images = {str(k): v for k, v in xobjects.items() if v.get("/Subtype") == "/Image"}
    if len(images) != 1:
        return layout
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    placed = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == "Do":
            name = str(operands[0])
            if name not in images or placed is not None:
                return layout  # a form XObject, or the image drawn twice
            placed = (name, ctm)
        elif op in _PAINTING_OPS:
            return layout
    if placed is None:
        return layout
    name, (a, b, c, d, e, f) = placed
    xobj = images[name]
    if abs(b) > 1e-6 or abs(c) > 1e-6 or a <= 0 or d <= 0:
        return layout
    if a * d < 0.85 * width_pt * height_pt:
        return layout  # a small picture on an otherwise empty page: render the page
    if any(key in xobj for key in ("/ImageMask", "/SMask", "/Mask", "/Decode")):
        return layout  # what the page shows is not just the image's samples
    width_px, height_px = int(xobj.Width), int(xobj.Height)
    dpi = width_px / (a / 72.0)
    if not MIN_NATIVE_DPI <= dpi <= MAX_NATIVE_DPI:
        return layout
    if abs(height_px / (d / 72.0) / dpi - 1) > 0.05:
        return layout  # pixels not square (a standard-resolution fax): the rendering makes them so
    layout["image"] = {"name": name, "width": width_px, "height": height_px, "dpi": round(dpi, 2)}
    return layout


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


# ---------------------------------------------------------------- text layer

_CID = re.compile(r"\(cid:\d+\)")


def text_layer_is_good(page: PageText) -> bool:
    """Enough real words, and not the garbage a font without a Unicode map extracts to."""
    text = page.text
    letters = sum(ch.isalnum() for ch in text)
    if letters < 20 or len(page.words) < 4:
        return False
    junk = len(_CID.findall(text)) * 5 + sum(ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF for ch in text)
    return junk <= 0.05 * letters


def read_text_layers(path: str, count: int) -> list[PageText | None]:
    """Each page's text layer as a PageText in points (dpi 72), or None where it cannot be read."""
    import pdfplumber

    layers: list[PageText | None] = [None] * count
    try:
        with warnings.catch_warnings(), pdfplumber.open(path) as doc:
            warnings.simplefilter("ignore")
            for index, page in enumerate(doc.pages[:count]):
                try:
                    words = page.extract_words(use_text_flow=True, keep_blank_chars=False)
                except Exception:  # pdfminer raises many kinds on odd content
                    continue
                layers[index] = _page_text_from_words(words, float(page.width), float(page.height))
    except Exception:
        pass  # no readable text layer: the pages are OCRed instead
    return layers


def _page_text_from_words(words: list[dict], width: float, height: float) -> PageText:
    page = PageText(width=width, height=height, dpi=72.0, source=TEXT_FROM_PDF)
    line_top = line_bottom = None
    block = 0
    boxes: list[list[float]] = []
    for word in words:
        box = (float(word["x0"]), float(word["top"]), float(word["x1"]), float(word["bottom"]))
        size = box[3] - box[1]
        new_line = line_top is None or abs(box[1] - line_top) > max(2.0, size * 0.5)
        if new_line:
            if line_bottom is not None and box[1] - line_bottom > 1.2 * size:
                block += 1
            boxes.append(list(box))
            page.lines.append(Line(box=box, block=block))
            line_top, line_bottom = box[1], box[3]
        lb = boxes[-1]
        lb[0], lb[1], lb[2], lb[3] = min(lb[0], box[0]), min(lb[1], box[1]), max(lb[2], box[2]), max(lb[3], box[3])
        line_bottom = max(line_bottom, box[3])
        page.words.append(Word(text=nfc(word["text"]), conf=-1.0, box=box, line=len(boxes) - 1))
    page.lines = [Line(box=tuple(b), block=line.block) for b, line in zip(boxes, page.lines)]
    return page


# ---------------------------------------------------------------- page image


def load_pdf_page(source: PageSource) -> np.ndarray:
    """The page as an upright array (grey or RGB) at `source.dpi`."""
    if source.kind == KIND_PDF_IMAGE:
        try:
            return _extract_image(source)
        except DigitizeError:
            raise
        except Exception:
            pass  # an encoding pikepdf cannot decode (or no jbig2dec): let pdfium draw it
    return _render(source)


def _extract_image(source: PageSource) -> np.ndarray:
    with pikepdf.open(source.path) as pdf:
        page = pdf.pages[source.index]
        raw = page.obj.Resources.XObject[source.image_name]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pil = pikepdf.PdfImage(raw).as_pil_image()
        pixels = to_array(pil)
    # /Rotate turns the page clockwise for display; np.rot90 turns counter-clockwise.
    return np.ascontiguousarray(np.rot90(pixels, k=-(source.rotate // 90))) if source.rotate else pixels


def _render(source: PageSource) -> np.ndarray:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(source.path)
    except pdfium.PdfiumError as exc:
        raise DigitizeError(UNREADABLE_INPUT, f"Page {source.index + 1} of the PDF cannot be drawn.") from exc
    try:
        page = doc[source.index]
        bitmap = page.render(scale=source.dpi / 72.0)  # applies /Rotate
        return to_array(bitmap.to_pil())
    except pdfium.PdfiumError as exc:
        raise DigitizeError(UNREADABLE_INPUT, f"Page {source.index + 1} of the PDF cannot be drawn.") from exc
    finally:
        doc.close()


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
