"""Generate synthetic Vietnamese administrative documents with ground truth.

    python -m samples.generate OUT [--n N] [--seed S] [--types birth_certificate,receipt]
                               [--profile clean|office|bilevel] [--format png|jpg|tiff|pdf|digital]
                               [--dpi 300]

Each document ``OUT/<name>.<ext>`` (``<name>-p<k>.<ext>`` per page for png/jpg when there
are several pages) gets ``OUT/<name>.truth.json``::

    {"doc_type", "fields": {canonical values}, "dossier_id" or null, "profile",
     "pages": ["text of page 1", ...], "dpi", ...}

``pages`` is the text as laid out, in reading order (a two-column block: left column, then
right), NFC, lines joined by "\\n", cells of a multi-field line joined by one space.

Output is deterministic for a given seed: document ``i`` draws its content from
``Random(f"{seed}:{i}:doc")`` and its scan degradation from ``Random(f"{seed}:{i}:scan")``,
so changing the profile or format does not change the content.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from PIL import Image

from .degrade import PROFILES, degrade
from .doctypes import BUILDERS, Document, build
from .render import PageLayout, Theme, layout, make_theme, nfc, rasterize, write_text_pdf

FORMATS = ("png", "jpg", "tiff", "pdf", "digital")
DEFAULT_FORMAT = {"clean": "png", "office": "jpg", "bilevel": "tiff"}


@dataclass
class Generated:
    """A document, its theme and its page layout (before rendering)."""

    document: Document
    theme: Theme
    pages: list[PageLayout]
    seed: str

    @property
    def page_texts(self) -> list[str]:
        return [nfc(p.text) for p in self.pages]

    def truth(self, *, profile: str, dpi: int | None, fmt: str, files: Sequence[str],
              degradation: Sequence[dict] = ()) -> dict:
        doc = self.document
        return {
            "doc_type": doc.doc_type,
            "fields": dict(doc.fields),
            "dossier_id": doc.dossier_id,
            "profile": profile,
            "pages": self.page_texts,
            "dpi": dpi,
            "format": fmt,
            "files": list(files),
            "title": doc.title,
            "seed": self.seed,
            "degradation": list(degradation),
        }


def generate(doc_type: str, seed: str | int, *, family: str | None = None,
             body_size: float | None = None, **options) -> Generated:
    """Build and lay out one document of ``doc_type``. ``options`` go to the builder
    (e.g. ``n_articles`` for a decision, ``copy`` for a birth certificate)."""
    rng = random.Random(f"{seed}:doc")
    theme = make_theme(rng, family=family, body_size=body_size)
    document = build(doc_type, rng, **options)
    return Generated(document, theme, layout(document.blocks, theme), str(seed))


def scan_pages(gen: Generated, dpi: int, profile: str) -> tuple[list[Image.Image], list[dict]]:
    """Rasterise every page at ``dpi`` and degrade it with ``profile``."""
    rng = random.Random(f"{gen.seed}:scan")
    images, infos = [], []
    for page in gen.pages:
        img, info = degrade(rasterize(page, dpi), profile, rng, dpi)
        img.info["dpi"] = (dpi, dpi)
        images.append(img)
        infos.append(info)
    return images, infos


# --------------------------------------------------------------------------- writers


def _page_names(name: str, ext: str, n: int) -> list[str]:
    return [f"{name}.{ext}"] if n == 1 else [f"{name}-p{k}.{ext}" for k in range(1, n + 1)]


def _encode_for_pdf(img: Image.Image, dpi: int, jpeg_quality: int) -> bytes:
    """A page image as img2pdf wants it: G4 TIFF for bilevel, JPEG otherwise."""
    buf = io.BytesIO()
    if img.mode == "1":
        img.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi),
                 strip_size=(img.width + 7) // 8 * img.height + 1)
    else:
        img.save(buf, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi), optimize=True)
    return buf.getvalue()


def write_images(images: Sequence[Image.Image], out_dir: Path, name: str, fmt: str, dpi: int,
                 jpeg_quality: int = 80) -> list[str]:
    """Write page images as ``fmt`` (png, jpg, tiff, pdf); returns the file names."""
    if fmt == "tiff":
        files = [f"{name}.tif"]
        compression = "group4" if images[0].mode == "1" else "tiff_deflate"
        images[0].save(out_dir / files[0], "TIFF", compression=compression, dpi=(dpi, dpi),
                       save_all=True, append_images=list(images[1:]))
    elif fmt == "pdf":
        import img2pdf
        import pikepdf

        files = [f"{name}.pdf"]
        data = img2pdf.convert([_encode_for_pdf(im, dpi, jpeg_quality) for im in images],
                               nodate=True)
        with pikepdf.open(io.BytesIO(data)) as pdf:   # re-save with a reproducible /ID
            if "/ID" in pdf.trailer:
                del pdf.trailer.ID
            pdf.save(out_dir / files[0], deterministic_id=True)
    elif fmt in ("png", "jpg"):
        files = _page_names(name, fmt, len(images))
        for im, fname in zip(images, files):
            if fmt == "jpg":
                im.convert("L" if im.mode == "1" else im.mode).save(
                    out_dir / fname, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi), optimize=True)
            else:
                im.save(out_dir / fname, "PNG", dpi=(dpi, dpi), optimize=True)
    else:
        raise ValueError(f"unknown image format {fmt!r}")
    return files


def write_truth(truth: dict, out_dir: Path, name: str) -> Path:
    path = out_dir / f"{name}.truth.json"
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def write_scan(gen: Generated, out_dir: str | Path, name: str, *, fmt: str = "png",
               dpi: int = 300, profile: str = "clean", jpeg_quality: int = 80) -> dict:
    """Render, degrade and write one document as a scan, with its truth file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    images, infos = scan_pages(gen, dpi, profile)
    files = write_images(images, out_dir, name, fmt, dpi, jpeg_quality)
    truth = gen.truth(profile=profile, dpi=dpi, fmt=fmt, files=files, degradation=infos)
    write_truth(truth, out_dir, name)
    return truth


def write_born_digital(gen: Generated, out_dir: str | Path, name: str) -> dict:
    """Write one document as a born-digital PDF (real text layer), with its truth file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = [f"{name}.pdf"]
    write_text_pdf(gen.pages, out_dir / files[0], title=gen.document.title)
    truth = gen.truth(profile="born_digital", dpi=None, fmt="digital", files=files)
    write_truth(truth, out_dir, name)
    return truth


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.split("\n")[1])
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--n", type=int, default=10, help="number of documents (default 10)")
    ap.add_argument("--seed", default="0", help="seed (default 0)")
    ap.add_argument("--types", default=",".join(BUILDERS),
                    help="comma-separated document types, used in turn (default: all)")
    ap.add_argument("--profile", choices=sorted(PROFILES), default="office")
    ap.add_argument("--format", choices=FORMATS, default=None,
                    help="png, jpg, tiff, pdf (scanned) or digital (text PDF); "
                         "default by profile: clean png, office jpg, bilevel tiff")
    ap.add_argument("--dpi", type=int, default=300)
    args = ap.parse_args(argv)
    types = [t.strip() for t in args.types.split(",") if t.strip()]
    unknown = [t for t in types if t not in BUILDERS]
    if unknown or not types or args.n < 0:
        ap.error(f"unknown document type(s) {unknown}; known: {sorted(BUILDERS)}")
    fmt = args.format or DEFAULT_FORMAT.get(args.profile, "png")
    for i in range(args.n):
        doc_type = types[i % len(types)]
        gen = generate(doc_type, f"{args.seed}:{i}")
        name = f"{i:04d}-{doc_type}"
        if fmt == "digital":
            truth = write_born_digital(gen, args.out, name)
        else:
            truth = write_scan(gen, args.out, name, fmt=fmt, dpi=args.dpi, profile=args.profile)
        print(f"{args.out / truth['files'][0]}\t{doc_type}\t{len(truth['pages'])} page(s)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
