"""Box scans: one PDF or multi-page TIFF holding several dossiers, as an archive box is fed
through a scanner.

Each dossier (one dossier code, one applicant, one office) starts either with a separator
sheet (a page holding only "TỜ PHÂN CÁCH HỒ SƠ", the code as Code 128 and as text) or with
its receipt (GIẤY TIẾP NHẬN HỒ SƠ, the code as Code 128 or as a QR with the bare code or a
tracking URL); then come the papers filed with it (forms, ID cards on an A4 sheet, land
certificates...) and sometimes the result (a decision, a certificate). A separator may be
followed by the receipt too. All pages share the box's profile, dpi and colour mode; now and
then a page went through upside down.

Truth (``box-<k>.truth.json``)::

    {"kind": "box", "pages": N, "files": [...], "format", "dpi", "profile",
     "documents": [{"doc_type", "dossier_id", "page_range": [first, last], "fields",
                    "printed", "pages": [texts], "title", "variant", ...}, ...],
     "separators": [page numbers],
     "dossiers": [{"dossier_id", "start": "separator" | "receipt",
                   "page_range": [first, last], "symbol": {"format", "text"}}],
     "page_texts": [text of every page], "barcodes": [...], "degradation": [...]}

Separator pages are not documents; page numbers are 1-based within the file.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from . import vocab as V
from .degrade import PROFILES, degrade
from .doctypes import EARLIEST, LATEST, Document
from .generate import Generated, check_barcodes, generate, split_of, write_images, write_truth
from .render import Barcode, Gap, Line, layout, make_theme, rasterize

# (papers filed, possible results); "type:variant" picks a builder variant
BUNDLES = {
    "birth": (["application_form:TKKS", "citizen_id_card", "marriage_certificate"], ["birth_certificate"]),
    "residence": (["application_form:CT01", "citizen_id_card", "unknown"], ["residence_confirmation"]),
    "construction": (
        ["application_form:GPXD", "land_use_certificate", "citizen_id_card", "unknown"],
        ["construction_permit"],
    ),
    "business": (["citizen_id_card", "unknown", "residence_confirmation"], ["business_registration"]),
    "death": (["unknown", "citizen_id_card"], ["death_certificate"]),
    "support": (["application_form:DON", "citizen_id_card", "residence_confirmation"], ["decision"]),
    "insurance": (["application_form:TK1-TS", "citizen_id_card"], ["health_insurance_card"]),
    "land": (["land_use_certificate", "citizen_id_card", "unknown"], ["decision"]),
}

BOX_PROFILES = ("office", "office", "bilevel", "photocopy")


@dataclass(frozen=True)
class BoxJob:
    index: int
    seed: str
    profile: str | None = None
    fmt: str | None = None
    dpi: int | None = None
    out: str = "."
    dossiers: int | None = None  # default 2-4
    name: str | None = None
    # how each dossier starts: ("separator", None) or ("receipt", "code128"|"qr"|"qr_url");
    # default drawn
    starts: tuple[tuple[str, str | None], ...] | None = None
    jpeg_quality: int = 70
    max_docs: int | None = None  # at most this many papers/results per dossier
    turned: float | None = None  # share of pages fed turned 90/180/270 (default: 4 % at 180)
    layout: str | None = None  # every document's layout family (default: drawn per document)


def separator(code: str, seed: str, box_no: int, k: int, n: int) -> Generated:
    """A separator sheet: caption, the code as Code 128 and in plain text."""
    r = random.Random(f"{seed}:separator")
    theme = make_theme(r, kind="sans")
    blocks = [
        Gap(r.uniform(4, 12)),
        Line(r.choice(("TỜ PHÂN CÁCH HỒ SƠ", "PHIẾU PHÂN CÁCH HỒ SƠ")), "big_title", "center"),
        Gap(1.5),
        Barcode(code, "code128", module_mm=r.choice((0.33, 0.38, 0.42)), height_mm=r.uniform(12, 18)),
        Line(code, "mono", "center"),
    ]
    if r.random() < 0.7:
        blocks += [Gap(1.0), Line(f"Hộp số: {box_no:03d}\tHồ sơ: {k}/{n}", "body", "center")]
    doc = Document("separator", "TỜ PHÂN CÁCH HỒ SƠ", blocks, {}, dossier_id=code)
    return Generated(doc, theme, layout(blocks, theme), seed)


def plan_dossier(
    rng: random.Random,
    seed: str,
    k: int,
    n: int,
    box_no: int,
    profile: str,
    start: tuple[str, str | None] | None = None,
    max_docs: int | None = None,
    layout: str | None = None,
) -> tuple[dict, list[Generated]]:
    """One dossier's parts, in scanning order."""
    received = V.working_day(rng, EARLIEST + dt.timedelta(days=400), LATEST - dt.timedelta(days=70))
    region = V.region_for(rng, received)
    place = V.random_place(rng, region)
    person = V.random_person(rng, region=region, born=(1950, received.year - 22))
    code = V.dossier_id(rng, region, received)
    papers, results = BUNDLES[rng.choice(sorted(BUNDLES))]
    chosen = [p for p in papers if rng.random() < 0.7] or papers[:1]
    if rng.random() < 0.5:
        chosen.append(rng.choice(results))
    if max_docs:
        chosen = chosen[-max_docs:]
    forced = start
    start = rng.choice(("separator", "receipt"))
    if forced:
        start = forced[0]
    parts: list[Generated] = []
    symbol = None
    common = dict(person=person, place=place, profile=profile, layout=layout)
    if start == "separator":
        parts.append(separator(code, f"{seed}:d{k}", box_no, k, n))
        symbol = {"format": "Code128", "text": code}
    if start == "receipt" or rng.random() < 0.3:
        kind = (
            rng.choice(("code128", "qr", "qr_url"))
            if start == "receipt"
            else rng.choice(("code128", "qr", "qr_url", None))
        )
        if forced and start == "receipt":
            kind = forced[1]
        rec = generate("receipt", f"{seed}:d{k}:receipt", code=code, received=received, barcode=kind, **common)
        parts.append(rec)
        if start == "receipt":
            symbol = rec.barcodes()[0]
            symbol = {"format": symbol["format"], "text": symbol["text"]}
    for j, item in enumerate(chosen):
        doc_type, _, variant = item.partition(":")
        opts = dict(common)
        if variant:
            opts["variant"] = variant
        if item in results:
            opts.update(after=received + dt.timedelta(days=1), before=received + dt.timedelta(days=60))
        else:
            opts["before"] = received
        parts.append(generate(doc_type, f"{seed}:d{k}:{j}", sheet=True, **opts))
    info = {"dossier_id": code, "start": start, "symbol": symbol, "received": received.isoformat()}
    return info, parts


def run_box(job: BoxJob) -> dict:
    """Generate and write one box scan with its truth file."""
    rng = random.Random(f"{job.seed}:box")
    profile = job.profile if job.profile in ("office", "bilevel", "photocopy", "clean") else rng.choice(BOX_PROFILES)
    p = PROFILES[profile]
    fmt = job.fmt if job.fmt in ("pdf", "tiff") else ("tiff" if profile == "bilevel" and rng.random() < 0.7 else "pdf")
    dpi = job.dpi or rng.choice((200, 200, 300) if profile != "bilevel" else (200, 300))
    mode = rng.choice(p.modes)
    n = len(job.starts) if job.starts else job.dossiers or rng.randint(2, 4)
    box_no = rng.randint(1, 400)
    srng = random.Random(f"{job.seed}:scan")
    images, infos, page_texts, barcodes = [], [], [], []
    documents, separators, dossiers = [], [], []
    for k in range(1, n + 1):
        info, parts = plan_dossier(
            rng, job.seed, k, n, box_no, profile, job.starts[k - 1] if job.starts else None, job.max_docs, job.layout
        )
        first = len(images) + 1
        for gen in parts:
            start = len(images) + 1
            imgs = []
            for page in gen.pages:
                if job.turned is None:
                    rotation = 180 if srng.random() < 0.04 else 0
                else:
                    rotation = srng.choice((90, 180, 270)) if srng.random() < job.turned else 0
                img, dinfo = degrade(rasterize(page, dpi), profile, srng, dpi, mode=mode, rotation=rotation)
                imgs.append(img)
                infos.append(dinfo)
            images += imgs
            page_texts += gen.page_texts
            found = check_barcodes([dict(b, page=b["page"]) for b in gen.barcodes()], imgs)
            barcodes += [dict(b, page=b["page"] + start - 1) for b in found]
            end = len(images)
            if gen.document.doc_type == "separator":
                separators += list(range(start, end + 1))
                continue
            t = gen.truth(profile=profile, dpi=dpi, fmt=fmt, files=[])
            documents.append(
                {
                    "doc_type": t["doc_type"],
                    "title": t["title"],
                    "variant": t["variant"],
                    "layout": t["layout"],
                    "dossier_id": info["dossier_id"],
                    "page_range": [start, end],
                    "fields": t["fields"],
                    "printed": t["printed"],
                    "field_pages": t["field_pages"],
                    "profile": profile,
                    "pages": t["pages"],
                    "font": t["font"],
                    "seed": gen.seed,
                    "stamps": t["stamps"],
                }
            )
        dossiers.append({**info, "page_range": [first, len(images)]})
    name = job.name or f"box-{job.index:02d}"
    out = Path(job.out)
    out.mkdir(parents=True, exist_ok=True)
    files = write_images(images, out, name, fmt, dpi, jpeg_quality=job.jpeg_quality, lossless=profile == "clean")
    truth = {
        "kind": "box",
        "pages": len(images),
        "files": files,
        "format": fmt,
        "dpi": dpi,
        "profile": profile,
        "mode": mode,
        "documents": documents,
        "separators": separators,
        "dossiers": dossiers,
        "page_texts": page_texts,
        "barcodes": barcodes,
        "split": split_of(job.seed),
        "seed": job.seed,
        "degradation": infos,
    }
    write_truth(truth, out, name)
    return truth
