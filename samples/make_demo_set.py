"""Regenerate the small committed sample set in ``samples/scans/``.

    python -m samples.make_demo_set [OUT] [--check]

Fixed seeds, so the files come out the same each time (given the same fonts and
libraries). ``--check`` OCRs each file with ``tesseract -l vie`` (``pdftotext`` for the
born-digital PDF) and prints the share of ground-truth words found.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .generate import Generated, generate, write_born_digital, write_scan

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Sample:
    name: str
    doc_type: str
    seed: str
    fmt: str  # png | jpg | tiff | pdf | digital
    profile: str = "clean"
    dpi: int = 300
    pages: int = 1
    options: dict = field(default_factory=dict)
    jpeg_quality: int = 75


DEMO_SET = (
    # a JPEG office scan: grey paper, slight skew, JPEG artefacts; the dossier code as Code 128
    Sample("receipt-office-200dpi", "receipt", "demo-1", "jpg", "office", 200, options={"barcode": "code128"}),
    # a 1-bit PNG
    Sample("birth_certificate-bilevel-300dpi", "birth_certificate", "demo-2", "png", "bilevel", 300),
    # a two-page Group 4 TIFF
    Sample("decision-2p-g4-300dpi", "decision", "demo-3", "tiff", "bilevel", 300, pages=2, options={"n_articles": 12}),
    # a scanned PDF: one JPEG page image
    Sample("residence_confirmation-scan-200dpi", "residence_confirmation", "demo-4", "pdf", "office", 200),
    # a born-digital PDF with a text layer
    Sample("application_form-digital", "application_form", "demo-5", "digital", options={"family": "Sans"}),
)


def sample_document(sample: Sample) -> Generated:
    """``sample``'s document: the first of the seeds ``seed``, ``seed.1``, ``seed.2``...
    whose layout has the expected number of pages; layout family "a", as committed."""
    profile = None if sample.fmt == "digital" else sample.profile
    for k in range(50):
        seed = sample.seed if k == 0 else f"{sample.seed}.{k}"
        gen = generate(sample.doc_type, seed, profile=profile, layout="a", **sample.options)
        if len(gen.pages) == sample.pages:
            return gen
    raise RuntimeError(f"{sample.name}: no seed gives {sample.pages} pages")


def make(sample: Sample, out: Path) -> dict:
    """Generate and write ``sample``."""
    gen = sample_document(sample)
    if sample.fmt == "digital":
        return write_born_digital(gen, out, sample.name)
    return write_scan(
        gen, out, sample.name, fmt=sample.fmt, dpi=sample.dpi, profile=sample.profile, jpeg_quality=sample.jpeg_quality
    )


# --------------------------------------------------------------------------- --check


def words(text: str) -> Counter:
    text = unicodedata.normalize("NFC", text).lower()
    return Counter(w for w in re.findall(r"[\w./@-]+", text) if w.strip(".-/"))


def recall(truth: str, found: str) -> float:
    t, f = words(truth), words(found)
    return sum((t & f).values()) / max(1, sum(t.values()))


def ocr_text(path: Path) -> str:
    """tesseract on every page (PDF pages rendered with pypdfium2 at 300 dpi)."""
    from PIL import Image, ImageSequence

    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
        images = [page.render(scale=300 / 72).to_pil() for page in doc]
    else:
        images = [im.copy() for im in ImageSequence.Iterator(Image.open(path))]
    texts = []
    for im in images:
        buf = io.BytesIO()
        im.convert("L").save(buf, "PNG")
        texts.append(
            subprocess.run(
                ["tesseract", "stdin", "-", "-l", "vie"], input=buf.getvalue(), capture_output=True, check=True
            ).stdout.decode()
        )
    return "\n".join(texts)


def check(truth: dict, out: Path) -> float:
    path = out / truth["files"][0]
    if truth["format"] == "digital":
        found = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
    else:
        found = "\n".join(ocr_text(out / f) for f in truth["files"])
    return recall("\n".join(truth["pages"]), found)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.make_demo_set", description=__doc__)
    ap.add_argument("out", nargs="?", type=Path, default=HERE / "scans")
    ap.add_argument("--check", action="store_true", help="OCR the files, report word recall")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for sample in DEMO_SET:
        truth = make(sample, args.out)
        size = sum((args.out / f).stat().st_size for f in truth["files"])
        total += size
        line = f"{truth['files'][0]:45s} {len(truth['pages'])}p {size / 1024:7.1f} KB"
        if args.check:
            line += f"  word recall {check(truth, args.out):.1%}"
        print(line)
    print(f"total {total / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
