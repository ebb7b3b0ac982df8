"""Run Tesseract on a page image and read its TSV (words, boxes, confidences) into the page model.

Tesseract runs inside the worker process through its library (ocr.tesseract_api) unless a
program is configured (`OcrOptions.tesseract_cmd`, DIGITIZE_TESSERACT) or the library is not
installed: then one `tesseract` run per image. The searchable PDF's text layer is written from
the page model afterwards (ocr.text_layer), so Tesseract renders no PDF. The caller's process
limits Tesseract to one thread (OMP_THREAD_LIMIT=1): parallelism comes from one per core.
"""

from __future__ import annotations

import csv
import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytesseract

from ocr import tesseract_api
from ocr.model import TEXT_FROM_OCR, Line, PageText, Word, nfc


class OcrError(Exception):
    """Tesseract failed or timed out on a page."""


# Debian's `vie` together with Tesseract's Vietnamese script model (tesseract-ocr-script-viet):
# each word is read by both and the better reading kept. Measured better than either alone on
# every degradation profile (bench.quality); DIGITIZE_OCR_LANG=vie does less Tesseract work.
DEFAULT_LANGUAGES = "vie+Vietnamese"


@dataclass(frozen=True)
class OcrOptions:
    lang: str = DEFAULT_LANGUAGES
    psm: int = 3  # fully automatic page segmentation, no OSD
    timeout_s: int = 600
    tesseract_cmd: str | None = None  # None: Tesseract's library in this process; else this program per image
    tessdata_dir: str | None = None  # passed as --tessdata-dir (None: Tesseract's default)
    extra_config: str = ""  # appended to the command line, e.g. "-c preserve_interword_spaces=1"


def _run(image_path: Path, out_base: str, dpi: float, options: OcrOptions, outputs: str, extension: str) -> None:
    """One Tesseract run writing ``out_base`` + the renderers' suffixes. ``outputs``: config
    variables switching renderers on (pytesseract passes no config file for a bare "tsv")."""
    # No second reading of each word with its colours inverted (white on black is all but
    # absent from these papers): measured as good or better on every profile, and faster.
    config = f"--psm {options.psm} --dpi {round(dpi)} -c tessedit_do_invert=0 {outputs}"
    if options.tessdata_dir:
        config = f'--tessdata-dir "{options.tessdata_dir}" ' + config
    if options.extra_config:
        config += " " + options.extra_config
    # pytesseract takes the program from a module global: set for this run only, so that no
    # other caller of pytesseract inherits a program configured here.
    default_cmd = pytesseract.pytesseract.tesseract_cmd
    pytesseract.pytesseract.tesseract_cmd = _program(options)
    try:
        pytesseract.pytesseract.run_tesseract(
            str(image_path), out_base, extension=extension, lang=options.lang, config=config, timeout=options.timeout_s
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrError(f"Tesseract is not installed or not at {_program(options)!r}") from exc
    except pytesseract.TesseractError as exc:  # a RuntimeError too: caught before the timeout
        said = " ".join(str(exc.message).split())[:300] or f"exit status {exc.status}"
        raise OcrError(f"Tesseract failed: {said}") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrError(f"Tesseract did not finish within {options.timeout_s} s") from exc
    except (subprocess.SubprocessError, OSError) as exc:
        raise OcrError(f"Tesseract failed: {str(exc).strip()[:300]}") from exc
    finally:
        pytesseract.pytesseract.tesseract_cmd = default_cmd


def _program(options: OcrOptions) -> str:
    return options.tesseract_cmd or "tesseract"


def in_process(options: OcrOptions) -> bool:
    return options.tesseract_cmd is None and tesseract_api.available()


def recognise_image(image: np.ndarray, dpi: float, options: OcrOptions) -> PageText:
    """OCR a page image in memory (grey or RGB uint8) into the page model."""
    height, width = image.shape[:2]
    return parse_tsv(image_tsv(image, dpi, options), width, height, dpi)


def image_tsv(image: np.ndarray, dpi: float, options: OcrOptions) -> str:
    """Tesseract's TSV for an image in memory: handed to the library as it is, or written as
    PGM (no compression to spend time on) for the program."""
    if in_process(options):
        try:
            return tesseract_api.read_tsv(
                image,
                dpi,
                lang=options.lang,
                psm=options.psm,
                timeout_s=options.timeout_s,
                tessdata_dir=options.tessdata_dir,
                extra_config=options.extra_config,
            )
        except tesseract_api.EngineError as exc:
            raise OcrError(str(exc)) from exc
    with tempfile.TemporaryDirectory(prefix="digitize-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"
        if not cv2.imwrite(str(path), image):
            raise OcrError("the page image could not be handed to Tesseract")
        return run_tsv(path, dpi, options)


def installed_languages(options: OcrOptions) -> set[str] | None:
    """The languages Tesseract has models for, or None when it cannot say (not installed:
    the first page then fails with the plain-words error of ``_run``).

    Read from ``tesseract --list-langs`` here: pytesseract's get_languages keeps lower-case
    names only and so drops the script models (``Vietnamese``)."""
    command = [_program(options), "--list-langs"]
    if options.tessdata_dir:
        command += ["--tessdata-dir", options.tessdata_dir]
    try:
        listing = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if listing.returncode != 0:
        return None
    # The first line says where the models are ("List of available languages in ...:").
    lines = (listing.stdout or listing.stderr).splitlines()[1:]
    return {line.strip() for line in lines if line.strip()}


def usable_languages(lang: str, installed: set[str] | None) -> tuple[str, list[str]]:
    """``lang`` ("vie+Vietnamese") without the languages Tesseract lacks, and those it lacks.
    When it has none of them, ``lang`` is kept as asked, for Tesseract to say what is missing."""
    asked = [part for part in lang.split("+") if part]
    if installed is None:
        return lang, []
    kept = [part for part in asked if part in installed]
    missing = [part for part in asked if part not in installed]
    return ("+".join(kept) if kept else lang), missing


def run_tsv(image_path: Path, dpi: float, options: OcrOptions) -> str:
    """OCR an image file and return Tesseract's TSV."""
    with tempfile.TemporaryDirectory(prefix="digitize-ocr-") as tmp:
        out_base = str(Path(tmp) / "page")
        _run(image_path, out_base, dpi, options, "-c tessedit_create_tsv=1", "tsv")
        try:
            return Path(out_base + ".tsv").read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise OcrError("Tesseract produced no output") from exc


def parse_tsv(tsv: str, width: float, height: float, dpi: float) -> PageText:
    """Tesseract TSV → PageText (words of level 5, grouped by block/paragraph/line)."""
    page = PageText(width=width, height=height, dpi=dpi, source=TEXT_FROM_OCR)
    line_index: dict[tuple[int, int, int], int] = {}
    line_boxes: list[list[float]] = []
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5":
            continue
        text = nfc((row.get("text") or "").strip())
        if not text:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        left, top = float(row["left"]), float(row["top"])
        box = (left, top, left + float(row["width"]), top + float(row["height"]))
        if key not in line_index:
            line_index[key] = len(line_boxes)
            line_boxes.append(list(box))
            page.lines.append(Line(box=box, block=key[0]))
        idx = line_index[key]
        lb = line_boxes[idx]
        lb[0], lb[1] = min(lb[0], box[0]), min(lb[1], box[1])
        lb[2], lb[3] = max(lb[2], box[2]), max(lb[3], box[3])
        page.words.append(Word(text=text, conf=float(row["conf"]), box=box, line=idx))
    page.lines = [Line(box=tuple(lb), block=line.block) for lb, line in zip(line_boxes, page.lines)]
    return page
