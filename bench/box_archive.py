"""Assembly time of a box scan's documents: once-per-input conversion against once per document.

    .venv/bin/python -m bench.box_archive                 # 40-page G4 TIFF, 20 documents
    .venv/bin/python -m bench.box_archive --pages 300 --after-only   # 150 documents

A synthetic A4 300 dpi Group 4 TIFF (lines of text), cut into two-page documents. "before":
each document converts the whole TIFF (what `searchable_pdf` did alone); "after": the TIFF is
converted once (`image_pages_pdf`) and each document takes its pages from that file. No text
layers and no OCR: this is the part of archiving that grew with documents × pages. One process.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from digitize.archive.assemble import image_pages_pdf, searchable_pdf
from digitize.ingest.formats import TIFF
from digitize.ingest.page_source import Limits
from digitize.page_tasks import PageResult, survey_input
from ocr.model import TEXT_FROM_OCR, PageText

A4_300DPI = (2480, 3508)


def box_tiff(path: Path, pages: int, seed: int = 0) -> Path:
    rng = random.Random(seed)
    frames = []
    for _ in range(pages):
        img = Image.new("1", A4_300DPI, 1)
        draw = ImageDraw.Draw(img)
        for y in range(300, 3200, 70):
            words = " ".join(
                "".join(rng.choice("abcdefghiklmnopqrstuvxy") for _ in range(rng.randint(2, 8))) for _ in range(12)
            )
            draw.text((250, y), words, fill=0, font_size=40)
        frames.append(img)
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4", dpi=(300, 300))
    return path


def assemble(tiff: Path, per_document: int, once: bool) -> float:
    with tempfile.TemporaryDirectory() as work:
        survey = survey_input(str(tiff), TIFF, work, Limits(max_pages=10_000, max_page_pixels=100 * 10**6))
        page = PageText(width=A4_300DPI[0], height=A4_300DPI[1], dpi=300, source=TEXT_FROM_OCR)
        results = {s.index: PageResult(page=page, text_layer_pdf=None) for s in survey.pages}
        start = time.perf_counter()
        pages_pdf = image_pages_pdf(survey, str(Path(work) / "pages.pdf")) if once else None
        for first in range(0, len(survey.pages), per_document):
            indexes = list(range(first, min(first + per_document, len(survey.pages))))
            searchable_pdf(survey, results, indexes, pages_pdf)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--per-document", type=int, default=2)
    parser.add_argument("--after-only", action="store_true", help="skip the slow before (big boxes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tiff = box_tiff(Path(folder) / "box.tif", args.pages)
        documents = -(-args.pages // args.per_document)
        print(f"{args.pages}-page G4 TIFF ({tiff.stat().st_size / 2**20:.1f} MiB), {documents} documents")
        after = assemble(tiff, args.per_document, once=True)
        print(f"after  (converted once)          : {after:7.2f} s  {after / documents * 1000:7.1f} ms/document")
        if not args.after_only:
            before = assemble(tiff, args.per_document, once=False)
            print(f"before (whole file per document): {before:7.2f} s  {before / documents * 1000:7.1f} ms/document")
            print(f"speed-up: {before / after:.1f}×")


if __name__ == "__main__":
    main()
