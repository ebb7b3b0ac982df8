"""Regenerate the committed evaluation set in ``samples/set/``: every document type in
every main profile (clean, office, legacy, fax, rotated, photocopy, bilevel), a few
born-digital PDFs, and box scans (several dossiers per file, behind separator sheets or
their receipts).

    python -m samples.make_set [OUT] [--jobs J]

Fixed string seeds (``set-<type>-<profile>``, ``set-box-<k>``), so the files come out the
same each time given the same fonts and libraries. Every document is of layout family "a"
(the set predates family "b"; its seeds would otherwise draw some "b" documents). Formats and resolutions are drawn per
document from the profile's usual ones (150-400 dpi; JPEG, PNG, TIFF incl. Group 4 and
multi-page, PDF), capped to keep the set a few MB.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .boxes import BoxJob, run_box
from .degrade import MAIN_PROFILES
from .doctypes import BUILDERS
from .generate import Generated, generate, write_born_digital, write_scan

HERE = Path(__file__).resolve().parent
DIGITAL = ("application_form", "decision", "receipt")
BOXES = (
    # office PDF at 200 dpi: a separator (Code 128) and receipts with a Code 128 and a QR URL
    BoxJob(
        1,
        "set-box-1",
        "office",
        "pdf",
        200,
        name="box-01-office-200dpi",
        starts=(("separator", None), ("receipt", "code128"), ("receipt", "qr_url")),
        jpeg_quality=40,
        max_docs=2,
    ),
    # Group 4 multi-page TIFF at 300 dpi
    BoxJob(
        2,
        "set-box-2",
        "bilevel",
        "tiff",
        300,
        name="box-02-bilevel-300dpi",
        starts=(("receipt", "code128"), ("separator", None), ("receipt", "qr")),
    ),
    # grey photocopy PDF: QR receipts must still read
    BoxJob(
        3,
        "set-box-3",
        "photocopy",
        "pdf",
        150,
        name="box-03-photocopy-150dpi",
        starts=(("receipt", "qr_url"), ("receipt", "qr")),
        jpeg_quality=40,
        max_docs=2,
    ),
    # pages fed sideways and upside down among three dossiers
    BoxJob(
        4,
        "set-box-4",
        "office",
        "pdf",
        200,
        name="box-04-office-turned-200dpi",
        starts=(("separator", None), ("receipt", "qr_url"), ("receipt", "code128")),
        jpeg_quality=40,
        max_docs=2,
        turned=0.35,
    ),
)


# To keep the set small, grey and colour scans are JPEG (or JPEG in PDF) at 150-200 dpi
# here; 1-bit scans use every format and up to 400 dpi. ``samples.generate`` draws from the
# full ranges.
SET_CHOICES = {
    "clean": (("png", "tiff", "pdf"), (150,)),
    "office": (("jpg", "pdf", "tiff"), (150, 150, 200)),
    "legacy": (("jpg", "pdf"), (150,)),
    "rotated": (("jpg", "pdf"), (150,)),
    "photocopy": (("jpg", "pdf"), (150,)),
    "fax": (("tiff", "pdf", "png"), (200,)),
    "bilevel": (("tiff", "png", "pdf"), (200, 300, 400)),
}


def set_document(doc_type: str, profile: str) -> Generated:
    """The set's document of ``doc_type`` in ``profile`` ("digital": born digital)."""
    seed = f"set-{doc_type}-{profile}"
    return generate(doc_type, seed, profile=None if profile == "digital" else profile, layout="a")


def make_one(item: tuple[str, str, str]) -> dict:
    doc_type, profile, out = item
    seed = f"set-{doc_type}-{profile}"
    if profile == "digital":
        return write_born_digital(set_document(doc_type, profile), out, f"{doc_type}-digital")
    r = random.Random(f"{seed}:choice")
    formats, dpis = SET_CHOICES[profile]
    fmt, dpi = r.choice(formats), r.choice(dpis)
    gen = set_document(doc_type, profile)
    if len(gen.pages) > 1 and fmt in ("png", "jpg"):
        fmt = "pdf" if fmt == "jpg" else "tiff"
    name = f"{doc_type}-{profile}-{dpi}dpi"
    return write_scan(gen, out, name, fmt=fmt, dpi=dpi, profile=profile, jpeg_quality=40)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.make_set", description=__doc__)
    ap.add_argument("out", nargs="?", type=Path, default=HERE / "set")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    items = [(t, p, str(args.out)) for t in BUILDERS for p in MAIN_PROFILES]
    items += [(t, "digital", str(args.out)) for t in DIGITAL]
    boxes = [BoxJob(**{**b.__dict__, "out": str(args.out), "layout": "a"}) for b in BOXES]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(make_one, items)) + list(pool.map(run_box, boxes))
    total = 0
    for truth in results:
        size = sum((args.out / f).stat().st_size for f in truth["files"])
        total += size
        pages = truth["pages"] if truth["kind"] == "box" else truth["page_count"]
        print(f"{truth['files'][0]:55s} {pages:2d}p {size / 1024:7.1f} KB", file=sys.stderr)
    print(f"{len(results)} files, total {total / 1024 / 1024:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
