"""Time the archival step (PDF/A-2b, stamp placement, PAdES signature) per document against the
OCR of the same pages by raw `tesseract -l vie`.

    .venv/bin/python -m bench.signing [FILES or FOLDERS ...] [--tsa URL]

Each input goes through `digitize process` (in this process, one worker, a fresh DIGITIZE_HOME
with a development certificate), with the sealing functions wrapped to time them; the raw OCR
side runs `tesseract` once per page (OMP_THREAD_LIMIT=1; PDF pages rendered beforehand at 300 dpi
by pdftoppm, not timed). Prints, per document, the seconds of each part and the share of the
archival step against OCR; then the totals. With --tsa, signatures are time-stamped (B-T/B-LTA),
and the TSA's answer time is part of the signing time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.process_vs_tesseract import collect, count_pages, raw_pages

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [str(REPO / "samples" / "scans")]


def _timed(store: dict, name: str, fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            store[name].append(time.perf_counter() - start)

    return wrapper


def ocr_seconds(pages: list[Path], work: Path) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    start = time.perf_counter()
    for n, page in enumerate(pages):
        subprocess.run(
            ["tesseract", str(page), str(work / f"out{n}"), "-l", "vie"],
            check=True,
            capture_output=True,
            env=env,
        )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", default=DEFAULT_INPUTS)
    parser.add_argument("--tsa", help="DIGITIZE_TSA_URL for the run (B-T / B-LTA)")
    args = parser.parse_args(argv)

    from digitize import archiving, pipeline
    from digitize.archive import seal as seal_module
    from digitize.config import load_settings
    from digitize.context import open_context

    files = collect(args.inputs)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-signing-") as tmp:
        keep = ("DIGITIZE_TRUST_ROOTS", "DIGITIZE_OCR_LANG")
        env = {k: v for k, v in os.environ.items() if k in keep or not k.startswith(("DIGITIZE_", "DATABASE_URL"))}
        env.update(DIGITIZE_HOME=str(Path(tmp) / "home"), DIGITIZE_WORKERS="1")
        if args.tsa:
            env["DIGITIZE_TSA_URL"] = args.tsa
        times: dict[str, list[float]] = defaultdict(list)
        seal_module.make_pdfa = _timed(times, "pdfa", seal_module.make_pdfa)
        seal_module.text_boxes = _timed(times, "place", seal_module.text_boxes)
        seal_module.sign_pdf = _timed(times, "sign", seal_module.sign_pdf)
        archiving.seal = _timed(times, "seal", archiving.seal)
        with open_context(load_settings(env), workers=1) as ctx:
            _ = ctx.signing  # the development certificate is made here, not in the first document's time
            for n, path in enumerate(files):
                work = Path(tmp) / f"f{n}"
                work.mkdir()
                pages = raw_pages([path], work)
                ocr = ocr_seconds(pages, work)
                before = {k: len(v) for k, v in times.items()}
                start = time.perf_counter()
                records = pipeline.process_files(ctx, [str(path)])
                total = time.perf_counter() - start
                new = {k: v[before.get(k, 0) :] for k, v in times.items()}
                levels = {r["archive"].get("signature", {}).get("level") for r in records if r["status"] == "archived"}
                rows.append((path.name, count_pages(pages), len(records), ocr, total, new, levels))

    print(
        f"{'file':44} {'pages':>5} {'docs':>4} {'ocr s':>7} {'run s':>7} {'pdfa s':>7} {'place s':>7} {'sign s':>7} {'seal/ocr':>8}  level"
    )
    sums = defaultdict(float)
    for name, pages, docs, ocr, total, new, levels in rows:
        part = {k: sum(new.get(k, [])) for k in ("pdfa", "place", "sign", "seal")}
        ratio = part["seal"] / ocr if ocr else float("nan")
        print(
            f"{name[:44]:44} {pages:5d} {docs:4d} {ocr:7.2f} {total:7.2f} {part['pdfa']:7.3f} {part['place']:7.3f} "
            f"{part['sign']:7.3f} {ratio:8.1%}  {','.join(sorted(filter(None, levels)))}"
        )
        for k, v in (("ocr", ocr), ("run", total), ("docs", docs), ("pages", pages), *part.items()):
            sums[k] += v
    if rows:
        print(
            f"\n{len(rows)} inputs, {int(sums['docs'])} documents, {int(sums['pages'])} pages: raw OCR {sums['ocr']:.1f} s, "
            f"digitize process {sums['run']:.1f} s, archival step {sums['seal']:.2f} s "
            f"(PDF/A {sums['pdfa']:.2f}, stamp placement {sums['place']:.2f}, signing {sums['sign']:.2f}); "
            f"{sums['seal'] / max(sums['docs'], 1):.3f} s per document = {sums['seal'] / sums['ocr']:.1%} of the OCR time "
            f"({sums['seal'] / sums['run']:.1%} of the whole run)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
