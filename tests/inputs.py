"""Input files for the pipeline tests, built from tests.fixtures_pdf, plus checks on outputs."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from tests import fixtures_pdf as fx

LINES = fx.DEFAULT_LINES  # … "Số định danh cá nhân: 077219001234"
ID_NUMBER = "077219001234"
EXPECTED_WORDS = ["CỘNG", "HÒA", "GIẤY", "KHAI", "SINH", "Nguyễn", "Văn", "An", ID_NUMBER]


def write_good_inputs(folder: Path) -> dict[str, tuple[Path, int]]:
    """name → (path, expected pages) for every accepted input format."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, tuple[Path, int]] = {}

    grey = fx.render_text_image(LINES, dpi=300)
    grey.save(folder / "page.png", dpi=(300, 300))
    made["png"] = (folder / "page.png", 1)

    fx.render_text_image(LINES, dpi=200).save(folder / "page.jpg", quality=80, dpi=(200, 200))
    made["jpeg"] = (folder / "page.jpg", 1)

    rgba = fx.render_text_image(LINES, dpi=200).convert("RGBA")  # img2pdf refuses alpha: re-encoded
    rgba.save(folder / "alpha.png")  # no dpi: guessed from the A4 shape
    made["png_alpha_no_dpi"] = (folder / "alpha.png", 1)

    # page 2 continues the document (no title of its own)
    pages = [fx._bilevel(fx.render_text_image(LINES, dpi=300)), fx._bilevel(fx.render_text_image(LINES[3:], dpi=300))]
    pages[0].save(folder / "two.tif", save_all=True, append_images=pages[1:], compression="group4", dpi=(300, 300))
    made["tiff_g4_2pages"] = (folder / "two.tif", 2)

    (folder / "scanned-named.jpg").write_bytes(fx.pdf_bytes_named_jpg(LINES))
    made["pdf_named_jpg"] = (folder / "scanned-named.jpg", 1)

    made["pdf_born_digital"] = (fx.born_digital_pdf(folder / "born.pdf", LINES), 1)
    made["pdf_ccitt"] = (fx.ccitt_pdf(folder / "ccitt.pdf", LINES), 1)
    made["pdf_jbig2"] = (fx.jbig2_pdf(folder / "jbig2.pdf", LINES), 1)
    made["pdf_vector"] = (fx.vector_only_pdf(folder / "vector.pdf", LINES), 1)
    made["pdf_rotated"] = (fx.rotated_scan_pdf(folder / "rotated.pdf", LINES), 1)
    return made


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def words_found(text: str, expected=EXPECTED_WORDS) -> list[str]:
    tokens = set(re.findall(r"\w+", fold(text)))
    return [w for w in expected if w in tokens]


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def word_boxes(pdf: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """(page index, word, box in points) from `pdftotext -bbox`."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page_no, page in enumerate(html.split("<page ")[1:]):
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            out.append((page_no, fold(m.group(5)), (x0, y0, x1, y1)))
    return out


def read_region(pdf: Path, page_index: int, box: tuple[float, float, float, float], pad: float = 4) -> str:
    """What Tesseract reads inside `box` (points) of the page as it is displayed."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        scale = 300 / 72
        image: Image.Image = doc[page_index].render(scale=scale).to_pil()
    finally:
        doc.close()

    x0, y0, x1, y1 = box
    crop = image.crop(
        (int((x0 - pad) * scale), int((y0 - pad) * scale), int((x1 + pad) * scale), int((y1 + pad) * scale))
    )
    return pytesseract.image_to_string(crop, lang="vie", config="--psm 7").strip()


def archived_path(record: dict) -> Path:
    url = record["archive"]["pdf"]
    assert url.startswith("file://"), url
    return Path(url[len("file://") :])


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)
