"""Every call to Tesseract goes through the engine object and honours its configuration: the
program, the models folder, the languages and the timeout (a stand-in `tesseract` here, a
shell script that records its arguments, so no real Tesseract is needed)."""

from __future__ import annotations

import dataclasses
import shlex
import sys
import time

import numpy as np
import pytest

from ocr import preprocess as pp
from ocr.tesseract import OcrError, OcrOptions, Tesseract, recognise_image
from ocr.tesseract_api import TSV_HEADER
from tests import synthetic_pages as sp

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in program is a shell script")

OSD_ANSWER = "Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 9.1\n"
WORD_ROW = "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\tHương\n"


def fake_tesseract(tmp_path, body: str) -> tuple[str, object]:
    """A `tesseract` that writes its arguments, one per line, to argv.txt, then runs ``body``."""
    log = tmp_path / "argv.txt"
    script = tmp_path / "fake-tesseract"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> {shlex.quote(str(log))}\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script), lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def engine(program: str, **options) -> Tesseract:
    return Tesseract(OcrOptions(tesseract_cmd=program, **options))


def page() -> np.ndarray:
    return sp.grey(sp.text_page(200, "serif", 12.0, "dense", 5))


def unsure(monkeypatch) -> None:
    """The layout cannot tell the orientation of any page: OSD is asked."""
    real = pp._orient
    monkeypatch.setattr(pp, "_orient", lambda work: dataclasses.replace(real(work), confident=False))


def test_the_orientation_check_asks_the_configured_program(tmp_path, monkeypatch):
    program, argv = fake_tesseract(tmp_path, f"cat > /dev/null\nprintf '{OSD_ANSWER}'")
    tesseract = engine(program, timeout_s=5, tessdata_dir=str(tmp_path))
    assert tesseract.orientation(page(), 200) == 90
    assert argv()[:2] == ["stdin", "stdout"]
    assert " ".join(argv()).count("--psm 0") == 1 and f"--tessdata-dir {tmp_path}" in " ".join(argv())
    unsure(monkeypatch)
    prepared = pp.prepare_for_ocr(page(), 200, tesseract=tesseract)
    assert "osd" in prepared.steps and prepared.rotation == 90
    assert pp.detect_orientation(page(), 200, tesseract=tesseract) == 90


def test_an_orientation_check_over_the_timeout_gives_no_answer_and_does_not_hang(tmp_path, monkeypatch):
    program, argv = fake_tesseract(tmp_path, "exec sleep 30")
    tesseract = engine(program, timeout_s=1)
    start = time.monotonic()
    assert tesseract.orientation(page(), 200) is None
    unsure(monkeypatch)
    prepared = pp.prepare_for_ocr(page(), 200, tesseract=tesseract)
    assert "osd" in prepared.steps and prepared.rotation == 0  # the layout's answer stands
    assert time.monotonic() - start < 10
    with pytest.raises(OcrError, match="did not finish within 1 s"):
        tesseract.tsv(page(), 200)


def test_a_reading_runs_the_configured_program_with_the_configured_options(tmp_path):
    # The program's TSV goes to OUTBASE.tsv: the second argument.
    program, argv = fake_tesseract(tmp_path, f"printf '{TSV_HEADER}{WORD_ROW}' > \"$2.tsv\"")
    tesseract = engine(program, lang="vie", psm=6, timeout_s=5, tessdata_dir="/models", extra_config="-c a=1")
    read = recognise_image(page(), 200, tesseract)
    assert [(w.text, w.box, w.conf) for w in read.words] == [("Hương", (10.0, 20.0, 40.0, 32.0), 96.5)]
    args = argv()
    assert args[2:] == ["-l", "vie", "--tessdata-dir", "/models", "--psm", "6", "--dpi", "200"] + [
        "-c",
        "tessedit_do_invert=0",
        "-c",
        "tessedit_create_tsv=1",
        "-c",
        "a=1",
    ]


def test_a_failed_reading_says_so_in_plain_words(tmp_path):
    program, _ = fake_tesseract(tmp_path, "echo 'Error opening data file' >&2; exit 1")
    with pytest.raises(OcrError, match="Tesseract failed: Error opening data file"):
        engine(program).tsv(page(), 200)
    with pytest.raises(OcrError, match="not installed or not at"):
        engine(str(tmp_path / "no-tesseract")).tsv(page(), 200)


def test_the_languages_are_listed_by_the_configured_program(tmp_path):
    listing = 'List of available languages in "/models/" (2):\\nVietnamese\\nvie\\n'
    program, argv = fake_tesseract(tmp_path, f"printf '{listing}'")
    tesseract = engine(program, tessdata_dir="/models")
    assert tesseract.languages() == {"vie", "Vietnamese"}
    assert argv() == ["--list-langs", "--tessdata-dir", "/models"]
    assert tesseract.models_folder() == "/models"
