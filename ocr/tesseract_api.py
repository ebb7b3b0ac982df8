"""Tesseract in this process, through its C++ API (tesserocr): models loaded once per process
and language setting, page images handed over from memory.

A `tesseract` run per page loads its models again each time (about 0.12 s of CPU with
vie+Vietnamese, and a page needs one or two runs) and reads the page from an image file
written for it; here both go. Measured on office pages (bench.process_vs_tesseract): about a
quarter less Tesseract CPU than the command line on the same images and models.

Each pool worker keeps its own engines: one per (models folder, languages, variables). The
worker is single-threaded (OMP_THREAD_LIMIT=1 is set before the library starts its threads).
Called by the engine (ocr.tesseract.Tesseract) only, which says where the models are.
"""

from __future__ import annotations

import re
import threading

import numpy as np

try:
    import tesserocr
except ImportError:  # the command line is used instead (ocr.tesseract)
    tesserocr = None

# The header of the command line's TSV: the API gives the rows only.
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"

_engines: dict[tuple, object] = {}
_lock = threading.Lock()  # one page at a time per engine (a worker has one thread; this guards the rest)


class EngineError(Exception):
    """The in-process engine could not start or read (words for the caller's error)."""


def available() -> bool:
    return tesserocr is not None


def _variables(extra_config: str) -> tuple[tuple[str, str], ...]:
    """``-c name=value`` pairs of a command-line style configuration."""
    return tuple(re.findall(r"-c\s+([A-Za-z_0-9]+)=(\S*)", extra_config))


def _engine(lang: str, folder: str | None, extra_config: str):
    variables = (("tessedit_do_invert", "0"), *_variables(extra_config))
    key = (folder, lang, variables)
    engine = _engines.get(key)
    if engine is None:
        path = folder.rstrip("/") + "/" if folder else ""
        try:
            engine = tesserocr.PyTessBaseAPI(path=path, lang=lang, init=True)
        except RuntimeError as exc:
            raise EngineError(
                f"Tesseract could not load the language models {lang!r} from {folder or 'its default folder'}"
            ) from exc
        for name, value in variables:
            engine.SetVariable(name, value)
        _engines[key] = engine
    return engine


def read_tsv(
    image: np.ndarray,
    dpi: float,
    *,
    lang: str,
    psm: int,
    timeout_s: float,
    tessdata_dir: str | None = None,
    extra_config: str = "",
) -> str:
    """Tesseract's TSV (with the command line's header row) for a grey or RGB uint8 image.
    ``tessdata_dir``: the models folder, as the engine (ocr.tesseract) found it; None: the
    library's own default."""
    if tesserocr is None:
        raise EngineError("tesserocr is not installed")
    pixels = np.ascontiguousarray(image, dtype=np.uint8)
    height, width = pixels.shape[:2]
    depth = 1 if pixels.ndim == 2 else pixels.shape[2]
    with _lock:
        engine = _engine(lang, tessdata_dir, extra_config)
        try:
            engine.SetPageSegMode(psm)
            engine.SetImageBytes(pixels.tobytes(), width, height, depth, width * depth)
            engine.SetSourceResolution(max(1, round(dpi)))
            if not engine.Recognize(timeout=int(timeout_s * 1000)):
                raise EngineError(f"Tesseract did not finish within {timeout_s:g} s")
            return TSV_HEADER + (engine.GetTSVText(0) or "")
        except RuntimeError as exc:
            raise EngineError(f"Tesseract failed: {str(exc)[:300]}") from exc
        finally:
            engine.Clear()  # the page's image and results go; the models stay
