"""Generate synthetic Vietnamese administrative documents with ground truth.

    python -m samples.generate OUT [--n N] [--seed S] [--split train|test]
                               [--types birth_certificate,receipt,...]
                               [--profile mixed|clean|office|bilevel|legacy|fax|rotated|photocopy]
                               [--format png|jpg|tiff|pdf|digital] [--dpi 150..400]
                               [--box K] [--jobs J] [--layout mixed|a|b]

Each document ``OUT/<name>.<ext>`` (``<name>-p<k>.<ext>`` per page for png/jpg when there
are several pages) gets ``OUT/<name>.truth.json``; ``--box K`` also writes K box scans
(``box-<k>.pdf`` or ``.tif``: several dossiers, each behind a separator sheet or its
receipt) with their ``.truth.json``. The truth format is described in ``bench/truth.py``;
in short::

    {"kind": "document", "doc_type", "fields": {canonical values},
     "printed": {field: the string drawn}, "field_pages": {field: page},
     "dossier_id" or null, "profile", "pages": ["text of page 1", ...], "dpi", "format",
     "files", "barcodes": [...], "stamps": [...], "degradation": [...], "split", "seed"}

``pages`` is exactly the text drawn, in reading order (a two-column block: left column,
then right; a table: row by row), NFC, lines joined by "\\n", cells of a multi-field line
joined by one space. Seal rings and barcode contents are not page text (``stamps``,
``barcodes``). A rotated page's text is its upright text.

Determinism: document ``i`` of a run draws its content from ``Random(f"{seed}:{i}:doc")``,
its fonts from ``…:theme`` and its scan degradation from ``…:scan``, so the same seed gives
the same files (byte for byte, given the same fonts and libraries), and changing the profile,
format or dpi does not change the content.

Train/test split: ``--seed S`` is an integer 0 <= S < 1,000,000. ``--split train`` (the
default) uses seed S itself; ``--split test`` uses 1,000,000 + S. The two ranges are
disjoint, so a tuning script that only ever passes ``--split train`` (or calls
``split_seed("train", S)``) can never draw a test document. The committed sets use string
seeds (``demo-…``, ``set-…``), a third namespace.

``--profile mixed`` (the default) draws each document's profile from ``MAIN_PROFILES``;
``--format`` and ``--dpi`` default to a per-document draw from the profile's usual ones.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import json
import random
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .degrade import MAIN_PROFILES, PROFILES, degrade, prepare
from .doctypes import BUILDERS, BUILDERS_B, Document, build
from .handwriting import draws_hand, fill_in_by_hand
from .render import (
    A4_PT,
    PageBreak,
    PageLayout,
    Style,
    Theme,
    compose,
    make_theme,
    nfc,
    rasterize,
    write_text_pdf,
)
from .render import layout as lay_out  # ``layout`` is generate()'s family argument

FORMATS = ("png", "jpg", "tiff", "pdf", "digital")
DEFAULT_FORMAT = {"clean": "png", "office": "jpg", "bilevel": "tiff"}
SPLIT_SIZE = 1_000_000
LAYOUT_B_SHARE = 0.4  # of documents whose type has a second layout family
SPLITS = {"train": 0, "test": SPLIT_SIZE}


def split_seed(split: str, seed: int) -> int:
    """The effective seed of ``seed`` in ``split`` (train: seed, test: 1,000,000 + seed)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}")
    if not 0 <= int(seed) < SPLIT_SIZE:
        raise ValueError(f"seed must be in [0, {SPLIT_SIZE})")
    return SPLITS[split] + int(seed)


def split_of(seed: str | int) -> str:
    """Which split a seed string ``"<effective>:<i>"`` belongs to (``other`` for string
    seeds such as ``demo-1``)."""
    head = str(seed).split(":", 1)[0]
    if not head.isdigit():
        return "other"
    return "test" if int(head) >= SPLIT_SIZE else "train"


@dataclass
class Generated:
    """A document, its theme and its page layout (before rendering)."""

    document: Document
    theme: Theme
    pages: list[PageLayout]
    seed: str
    profile: str | None = None
    prepared: dict = dataclasses.field(default_factory=dict)
    on_sheet: bool = False
    handwritten: dict[str, str] = dataclasses.field(default_factory=dict)  # field → digits written by hand

    @property
    def page_texts(self) -> list[str]:
        return [nfc(p.text) for p in self.pages]

    def truth(
        self,
        *,
        profile: str,
        dpi: int | None,
        fmt: str,
        files: Sequence[str],
        degradation: Sequence[dict] = (),
        barcodes: Sequence[dict] = (),
    ) -> dict:
        doc = self.document
        texts = self.page_texts
        return {
            "kind": "document",
            "doc_type": doc.doc_type,
            "title": doc.title,
            "variant": doc.variant,
            "layout": doc.layout,
            "fields": dict(doc.fields),
            "printed": dict(doc.printed),
            "field_pages": field_pages(doc.printed, texts),
            "dossier_id": doc.dossier_id,
            "profile": profile,
            "pages": texts,
            "page_count": len(texts),
            "dpi": dpi,
            "format": fmt,
            "files": list(files),
            "font": self.theme.family,
            "body_pt": self.theme["body"].size,
            "page_size_mm": [round(self.pages[0].size[0] / 72 * 25.4, 1), round(self.pages[0].size[1] / 72 * 25.4, 1)],
            "barcodes": list(barcodes) or self.barcodes(),
            "stamps": [dict(s, page=k) for k, p in enumerate(self.pages, 1) for s in p.stamps],
            "split": split_of(self.seed),
            "seed": self.seed,
            "degradation": list(degradation),
            "handwritten": sorted(self.handwritten),
            "handwritten_text": dict(self.handwritten),
        }

    def barcodes(self) -> list[dict]:
        return [dict(b, page=k) for k, p in enumerate(self.pages, 1) for b in p.barcodes]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def field_pages(printed: dict[str, str], texts: Sequence[str]) -> dict[str, int]:
    """The page (1-based) where each field's printed form first appears."""
    pages = [squash(t) for t in texts]
    out = {}
    for key, value in printed.items():
        v = squash(value)
        out[key] = next((k for k, t in enumerate(pages, 1) if v and v in t), None)
        if out[key] is None:  # broken across a page end: the page it starts on
            joined, starts = "", []
            for t in pages:
                starts.append(len(joined))
                joined += t + " "
            pos = joined.find(v)
            out[key] = max(k for k, s in enumerate(starts, 1) if s <= pos) if pos >= 0 else 1
    return out


def scale_theme(theme: Theme, factor: float) -> Theme:
    return dataclasses.replace(
        theme, styles={k: Style(s.font, round(s.size * factor, 2)) for k, s in theme.styles.items()}
    )


def generate(
    doc_type: str,
    seed: str | int,
    /,
    *,
    family: str | None = None,
    body_size: float | None = None,
    profile: str | None = None,
    sheet: bool | None = None,
    layout: str | None = None,
    hand: bool | None = None,
    **options,
) -> Generated:
    """Build and lay out one document of ``doc_type``. ``options`` go to the builder
    (e.g. ``n_articles`` for a decision, ``copy`` for a birth certificate, ``person`` /
    ``place`` / ``before`` for a dossier). ``profile`` prepares the layout for it (typewriter
    faces for ``legacy``, the fax header for ``fax``). ``sheet``: put a card's two sides on
    one A4 page (default: random for cards). ``layout``: "a" or "b" (default: drawn from
    the seed, LAYOUT_B_SHARE of the types that have a second family; its own draw, so the
    documents family "a" draws stay what they were; "b" for a type without a second family
    draws "a"). ``hand``: fill in the number and the day by hand (samples.handwriting;
    default: drawn for a share of the types numbered by hand, on scans only, i.e. when
    ``profile`` is given; its own draw ``…:hand``)."""
    if layout is None:
        layout = "b" if random.Random(f"{seed}:layout").random() < LAYOUT_B_SHARE else "a"
    if doc_type not in BUILDERS_B:
        layout = "a"
    rng = random.Random(f"{seed}:doc")
    document = build(doc_type, rng, layout=layout, **options)
    trng = random.Random(f"{seed}:theme")
    p = PROFILES.get(profile or "")
    kind = None
    if p is not None and p.font_kind and trng.random() < 0.85:
        kind = p.font_kind
    theme = make_theme(trng, family=family, body_size=body_size, kind=kind, card=document.card, faces=document.layout)
    expected = 1 + sum(isinstance(b, PageBreak) for b in document.blocks) if document.card else 0
    pages = lay_out(document.blocks, theme, document.page_size)
    while document.card and len(pages) > expected and theme["body"].size > 4.0:
        theme = scale_theme(theme, 0.92)  # a card's text must fit on its sides
        pages = lay_out(document.blocks, theme, document.page_size)
    on_sheet = bool(document.card and (sheet if sheet is not None else trng.random() < 0.4))
    if on_sheet:
        pages = [card_sheet(pages, trng)]
    gen = Generated(document, theme, pages, str(seed), profile, on_sheet=on_sheet)
    hrng = random.Random(f"{seed}:hand")
    if hand or (hand is None and profile and draws_hand(doc_type, hrng)):
        gen.handwritten = fill_in_by_hand(pages[0], document.printed, hrng)
    if profile:
        dates = [dt.date.fromisoformat(v) for v in document.fields.values() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)]
        gen.prepared = prepare(
            gen.pages,
            profile,
            random.Random(f"{seed}:prepare"),
            header=document.sender,
            date=max(dates) if dates else None,
        )
    return gen


def card_sheet(sides: Sequence[PageLayout], rng: random.Random) -> PageLayout:
    """Both sides of a card photocopied on one A4 sheet, one above the other."""
    w, h = sides[0].size
    x = (A4_PT[0] - w) / 2 + rng.uniform(-40, 40)
    y = rng.uniform(60, 140)
    parts = []
    for k, side in enumerate(sides):
        parts.append((side, x + rng.uniform(-8, 8), y + k * (h + rng.uniform(30, 90))))
    return compose(parts, A4_PT)


# --------------------------------------------------------------------------- scanning


def decode_barcodes(img: Image.Image) -> list[tuple[str, str]]:
    """(format, text) of every symbol zxing-cpp finds in ``img``."""
    import zxingcpp

    return [(r.format.name, r.text) for r in zxingcpp.read_barcodes(img.convert("L"))]


def check_barcodes(expected: Sequence[dict], images: Sequence[Image.Image]) -> list[dict]:
    """The expected symbols, each with ``decoded``: whether zxing-cpp reads it back from the
    degraded page image."""
    out = []
    found: dict[int, list[tuple[str, str]]] = {}
    for b in expected:
        k = b["page"]
        if k not in found:
            found[k] = decode_barcodes(images[k - 1])
        names = {"Code128": ("Code128",), "QRCode": ("QRCode",)}[b["format"]]
        ok = any(fmt in names and text == b["text"] for fmt, text in found[k])
        out.append(dict(b, decoded=ok))
    return out


def scan_pages(
    gen: Generated,
    dpi: int,
    profile: str,
    mode: str | None = None,
) -> tuple[list[Image.Image], list[dict]]:
    """Rasterise every page at ``dpi`` and degrade it with ``profile`` (one colour mode
    and, for ``rotated``, one rotation for the whole document)."""
    rng = random.Random(f"{gen.seed}:scan")
    p = PROFILES[profile]
    mode = mode or rng.choice(p.modes)
    rotation = rng.choice((90, 180, 270)) if p.rotate else 0
    images, infos = [], []
    for page in gen.pages:
        img, info = degrade(rasterize(page, dpi), profile, rng, dpi, mode=mode, rotation=rotation)
        img.info["dpi"] = (dpi, dpi)
        images.append(img)
        infos.append(info)
    return images, infos


# --------------------------------------------------------------------------- writers


def _page_names(name: str, ext: str, n: int) -> list[str]:
    return [f"{name}.{ext}"] if n == 1 else [f"{name}-p{k}.{ext}" for k in range(1, n + 1)]


def _encode_for_pdf(
    img: Image.Image,
    dpi: int,
    jpeg_quality: int,
    lossless: bool = False,
) -> bytes:
    """A page image as img2pdf wants it: G4 TIFF for bilevel, PNG when ``lossless``,
    JPEG otherwise."""
    buf = io.BytesIO()
    if img.mode == "1":
        img.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=(img.width + 7) // 8 * img.height + 1)
    elif lossless:
        img.save(buf, "PNG", dpi=(dpi, dpi))
    else:
        img.save(buf, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi), optimize=True)
    return buf.getvalue()


def write_images(
    images: Sequence[Image.Image],
    out_dir: Path,
    name: str,
    fmt: str,
    dpi: int,
    jpeg_quality: int = 80,
    lossless: bool = False,
) -> list[str]:
    """Write page images as ``fmt`` (png, jpg, tiff, pdf); returns the file names. TIFF is
    Group 4 for bilevel pages, else LZW when ``lossless`` (clean renderings), JPEG-in-TIFF
    otherwise; PDF pages are G4, PNG (``lossless``) or JPEG. Several pages make a
    multi-page TIFF/PDF."""
    if fmt == "tiff":
        files = [f"{name}.tif"]
        modes = {im.mode for im in images}
        if modes == {"1"}:
            images[0].save(
                out_dir / files[0],
                "TIFF",
                compression="group4",
                dpi=(dpi, dpi),
                save_all=True,
                append_images=list(images[1:]),
            )
        else:
            ims = [im.convert("L") if im.mode == "1" else im for im in images]
            extra = {"compression": "tiff_lzw"} if lossless else {"compression": "jpeg", "quality": jpeg_quality}
            ims[0].save(out_dir / files[0], "TIFF", dpi=(dpi, dpi), save_all=True, append_images=list(ims[1:]), **extra)
    elif fmt == "pdf":
        import img2pdf
        import pikepdf

        files = [f"{name}.pdf"]
        data = img2pdf.convert([_encode_for_pdf(im, dpi, jpeg_quality, lossless) for im in images], nodate=True)
        with pikepdf.open(io.BytesIO(data)) as pdf:  # re-save with a reproducible /ID
            if "/ID" in pdf.trailer:
                del pdf.trailer.ID
            pdf.save(out_dir / files[0], deterministic_id=True)
    elif fmt in ("png", "jpg"):
        files = _page_names(name, fmt, len(images))
        for im, fname in zip(images, files):
            if fmt == "jpg":
                im.convert("L" if im.mode == "1" else im.mode).save(
                    out_dir / fname, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi), optimize=True
                )
            else:
                im.save(out_dir / fname, "PNG", dpi=(dpi, dpi), optimize=True)
    else:
        raise ValueError(f"unknown image format {fmt!r}")
    return files


def write_truth(truth: dict, out_dir: Path, name: str) -> Path:
    path = out_dir / f"{name}.truth.json"
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def write_scan(
    gen: Generated,
    out_dir: str | Path,
    name: str,
    *,
    fmt: str = "png",
    dpi: int = 300,
    profile: str = "clean",
    jpeg_quality: int = 80,
    mode: str | None = None,
) -> dict:
    """Render, degrade and write one document as a scan, with its truth file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    images, infos = scan_pages(gen, dpi, profile, mode)
    files = write_images(images, out_dir, name, fmt, dpi, jpeg_quality, lossless=profile == "clean")
    barcodes = check_barcodes(gen.barcodes(), images)
    truth = gen.truth(profile=profile, dpi=dpi, fmt=fmt, files=files, degradation=infos, barcodes=barcodes)
    truth.update(gen.prepared)
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


# --------------------------------------------------------------------------- one run


@dataclass(frozen=True)
class Job:
    index: int
    doc_type: str
    seed: str
    profile: str | None  # None: drawn
    fmt: str | None
    dpi: int | None
    out: str
    layout: str | None = None  # None: drawn


def choose(
    seed: str,
    profile: str | None,
    fmt: str | None,
    dpi: int | None,
) -> tuple[str, str, int]:
    """The profile, format and dpi of a document (drawn from ``…:choice`` where not given)."""
    r = random.Random(f"{seed}:choice")
    profile = profile or r.choice(MAIN_PROFILES)
    p = PROFILES[profile]
    fmt = fmt or r.choice(p.formats)
    dpi = dpi or r.choice(p.dpis)
    return profile, fmt, dpi


def run_job(job: Job) -> dict:
    profile, fmt, dpi = choose(job.seed, job.profile, job.fmt, job.dpi)
    if fmt == "digital":
        gen = generate(job.doc_type, job.seed, layout=job.layout)
        return write_born_digital(gen, job.out, f"{job.index:04d}-{job.doc_type}-digital")
    gen = generate(job.doc_type, job.seed, profile=profile, layout=job.layout)
    if len(gen.pages) > 1 and fmt in ("png", "jpg") and job.fmt is None:
        fmt = "pdf" if fmt == "jpg" else "tiff"  # keep a document in one file
    name = f"{job.index:04d}-{job.doc_type}-{profile}-{dpi}dpi"
    return write_scan(gen, job.out, name, fmt=fmt, dpi=dpi, profile=profile)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m samples.generate",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 2)[2],
    )
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--n", type=int, default=10, help="number of documents (default 10)")
    ap.add_argument("--seed", type=int, default=0, help="seed, 0 <= S < 1000000 (default 0)")
    ap.add_argument(
        "--split", choices=sorted(SPLITS), default="train", help="train (default) or test: disjoint seed ranges"
    )
    ap.add_argument(
        "--types", default=",".join(BUILDERS), help="comma-separated document types, used in turn (default: all)"
    )
    ap.add_argument(
        "--profile",
        choices=["mixed", *sorted(PROFILES)],
        default="mixed",
        help="degradation profile (default mixed: drawn per document)",
    )
    ap.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="png, jpg, tiff, pdf (scanned) or digital (text PDF); default: drawn from the profile's usual formats",
    )
    ap.add_argument("--dpi", type=int, default=None, help="resolution (default: drawn from the profile's, 150-400)")
    ap.add_argument(
        "--layout",
        choices=("mixed", "a", "b"),
        default="mixed",
        help="layout family (default mixed: drawn per document; b: family b where the type has one)",
    )
    ap.add_argument(
        "--box", type=int, default=0, metavar="K", help="also write K box scans (several dossiers in one PDF/TIFF)"
    )
    ap.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    args = ap.parse_args(argv)
    types = [t.strip() for t in args.types.split(",") if t.strip()]
    unknown = [t for t in types if t not in BUILDERS]
    if unknown or not types or args.n < 0:
        ap.error(f"unknown document type(s) {unknown}; known: {sorted(BUILDERS)}")
    try:
        base = split_seed(args.split, args.seed)
    except ValueError as e:
        ap.error(str(e))
    if args.dpi is not None and not 72 <= args.dpi <= 1200:
        ap.error("--dpi must be between 72 and 1200")
    args.out.mkdir(parents=True, exist_ok=True)
    profile = None if args.profile == "mixed" else args.profile
    layout = None if args.layout == "mixed" else args.layout
    jobs = [
        Job(i, types[i % len(types)], f"{base}:{i}", profile, args.format, args.dpi, str(args.out), layout)
        for i in range(args.n)
    ]
    from .boxes import BoxJob, run_box

    box_jobs = [
        BoxJob(k, f"{base}:box{k}", profile, args.format, args.dpi, str(args.out), layout=layout)
        for k in range(args.box)
    ]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run_job, jobs)) + list(pool.map(run_box, box_jobs))
    else:
        results = [run_job(j) for j in jobs] + [run_box(j) for j in box_jobs]
    for truth in results:
        what = truth.get("doc_type") or f"box of {len(truth['documents'])} documents"
        pages = truth["page_count"] if truth["kind"] == "document" else truth["pages"]
        print(f"{args.out / truth['files'][0]}\t{what}\t{truth['profile']}\t{pages} page(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
