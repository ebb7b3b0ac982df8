"""Tesseract, the one engine object every reading goes through, and its TSV (words, boxes,
confidences) read into the page model.

A `Tesseract` is built once from the configuration (`OcrOptions`: languages, timeout, the
program, DIGITIZE_TESSERACT) and handed to whoever reads: the first reading, the second
readings (ocr.reread, ocr.mrz), the orientation check (ocr.preprocess) and the language list.
It runs inside the worker process through Tesseract's library (ocr.tesseract_api) unless a
program is configured or the library is not installed: then one run of that program per
image, with the engine's own command line (nothing module-wide is set for a call). No other
module starts a `tesseract` process. The searchable PDF's text layer is written from the page
model afterwards (ocr.text_layer), so Tesseract renders no PDF. The caller's process limits
Tesseract to one thread (OMP_THREAD_LIMIT=1): parallelism comes from one per core.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import os
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

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


@dataclass(frozen=True)
class Tesseract:
    """The engine: every call to Tesseract runs with these options (program, models folder,
    languages, timeout). Immutable and picklable, so the pool's workers get it with each task."""

    options: OcrOptions = OcrOptions()

    @property
    def program(self) -> str:
        return self.options.tesseract_cmd or "tesseract"

    @property
    def in_process(self) -> bool:
        return self.options.tesseract_cmd is None and tesseract_api.available()

    def with_options(self, **changes) -> Tesseract:
        """The same engine with some options changed (a second reading's page mode, languages)."""
        return Tesseract(dataclasses.replace(self.options, **changes))

    def tsv(self, image: np.ndarray, dpi: float) -> str:
        """Tesseract's TSV for an image in memory: handed to the library as it is, or written as
        PGM (no compression to spend time on) for the program."""
        o = self.options
        if self.in_process:
            try:
                return tesseract_api.read_tsv(
                    image,
                    dpi,
                    lang=o.lang,
                    psm=o.psm,
                    timeout_s=o.timeout_s,
                    tessdata_dir=self.models_folder(),
                    extra_config=o.extra_config,
                )
            except tesseract_api.EngineError as exc:
                raise OcrError(str(exc)) from exc
        with tempfile.TemporaryDirectory(prefix="digitize-ocr-") as tmp:
            path = Path(tmp) / "page.pgm"
            if not cv2.imwrite(str(path), image):
                raise OcrError("the page image could not be handed to Tesseract")
            return self.file_tsv(path, dpi)

    def file_tsv(self, image_path: Path, dpi: float) -> str:
        """The program's TSV for an image file."""
        o = self.options
        with tempfile.TemporaryDirectory(prefix="digitize-ocr-") as tmp:
            out_base = str(Path(tmp) / "page")
            # No second reading of each word with its colours inverted (white on black is all
            # but absent from these papers): measured as good or better on every profile, and faster.
            args = ["--psm", str(o.psm), "--dpi", str(round(dpi)), "-c", "tessedit_do_invert=0"]
            args += ["-c", "tessedit_create_tsv=1", *shlex.split(o.extra_config)]
            self._run([str(image_path), out_base, "-l", o.lang, *self._models_args(), *args])
            try:
                return Path(out_base + ".tsv").read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                raise OcrError("Tesseract produced no output") from exc

    def orientation(self, grey: np.ndarray, dpi: float) -> int | None:
        """Tesseract's orientation detection (--psm 0): clockwise degrees to upright, or None
        when it cannot say (no answer, failed, or not done within the timeout)."""
        ok, pgm = cv2.imencode(".pgm", grey)
        if not ok:
            return None
        try:
            done = self._run(
                ["stdin", "stdout", *self._models_args(), "--psm", "0", "--dpi", str(round(dpi))], stdin=pgm.tobytes()
            )
        except OcrError:
            return None
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            if line.startswith("Rotate:"):
                try:
                    return int(line.split(":")[1]) % 360
                except ValueError:
                    return None
        return None

    def languages(self) -> set[str] | None:
        """The languages Tesseract has models for, or None when it cannot say (not installed:
        the first page then fails with the plain-words error of ``_run``).

        Read from ``tesseract --list-langs`` here: pytesseract's get_languages keeps lower-case
        names only and so drops the script models (``Vietnamese``)."""
        listing = self._listing()
        if listing is None:
            return None
        # The first line says where the models are ("List of available languages in ...:").
        return {line.strip() for line in listing.splitlines()[1:] if line.strip()}

    def models_folder(self) -> str | None:
        """The configured models folder, else TESSDATA_PREFIX, else where the program keeps its
        models (its --list-langs says), else Debian's, else None (Tesseract's own default)."""
        if self.options.tessdata_dir:
            return self.options.tessdata_dir
        if os.environ.get("TESSDATA_PREFIX"):
            return os.environ["TESSDATA_PREFIX"]
        said = re.search(r'"([^"]+)"', (self._listing() or "").split("\n", 1)[0])
        if said and Path(said.group(1)).is_dir():
            return said.group(1)
        for folder in sorted(Path("/usr/share").glob("tesseract-ocr/*/tessdata"), reverse=True):
            return str(folder)
        return None

    def _models_args(self) -> list[str]:
        return ["--tessdata-dir", self.options.tessdata_dir] if self.options.tessdata_dir else []

    def _listing(self) -> str | None:
        return _list_langs((self.program, "--list-langs", *self._models_args()), self.options.timeout_s)

    def _run(self, args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
        """One run of the program with ``args``, within the timeout; OcrError in plain words."""
        return _run_program([self.program, *args], self.options.timeout_s, stdin)


def _run_program(command: list[str], timeout_s: float, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout_s)
    except FileNotFoundError as exc:
        raise OcrError(f"Tesseract is not installed or not at {command[0]!r}") from exc
    except subprocess.TimeoutExpired as exc:  # the process is killed
        raise OcrError(f"Tesseract did not finish within {timeout_s} s") from exc
    except (subprocess.SubprocessError, OSError) as exc:
        raise OcrError(f"Tesseract failed: {str(exc).strip()[:300]}") from exc
    if done.returncode:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:300] or f"exit status {done.returncode}"
        raise OcrError(f"Tesseract failed: {said}")
    return done


@functools.cache
def _list_langs(command: tuple[str, ...], timeout_s: float) -> str | None:
    """``tesseract --list-langs``'s answer (asked once per process and command), or None."""
    try:
        done = _run_program(list(command), timeout_s)
    except OcrError:
        return None
    return done.stdout.decode("utf-8", "replace") or done.stderr.decode("utf-8", "replace")


def recognise_image(image: np.ndarray, dpi: float, tesseract: Tesseract) -> PageText:
    """OCR a page image in memory (grey or RGB uint8) into the page model."""
    height, width = image.shape[:2]
    return parse_tsv(tesseract.tsv(image, dpi), width, height, dpi)


def usable_languages(lang: str, installed: set[str] | None) -> tuple[str, list[str]]:
    """``lang`` ("vie+Vietnamese") without the languages Tesseract lacks, and those it lacks.
    When it has none of them, ``lang`` is kept as asked, for Tesseract to say what is missing."""
    asked = [part for part in lang.split("+") if part]
    if installed is None:
        return lang, []
    kept = [part for part in asked if part in installed]
    missing = [part for part in asked if part not in installed]
    return ("+".join(kept) if kept else lang), missing


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
