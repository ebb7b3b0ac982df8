"""Would reading with the second model (`Vietnamese`) only where `vie` is unsure pay?

    .venv/bin/python -m bench.selective_model [--n 28] [--seed 11] [--thresholds 60,70,80,85,90]

Generates --n test-split documents (profiles and formats mixed), prepares each page as
digitize does (decode, clean-up, scale), then on the same prepared image measures the
Tesseract CPU time (in this process: the library, as the workers run it) of

- `vie` alone, and `vie+Vietnamese` (what digitize reads with);
- for each threshold T: `vie`, then the lines holding a word `vie` read under confidence T cut
  out and read again with `vie+Vietnamese` in one stacked run (ocr.reread.read_cutouts): the
  selective reading;

and counts the words where `vie` and `vie+Vietnamese` differ that the selective reading
re-reads. Prints CPU seconds per page and their ratio to `vie+Vietnamese`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

REPO = Path(__file__).resolve().parent.parent


def _iou(p, q) -> float:
    x0, y0, x1, y1 = max(p[0], q[0]), max(p[1], q[1]), min(p[2], q[2]), min(p[3], q[3])
    if x1 <= x0 or y1 <= y0:
        return 0.0
    inter = (x1 - x0) * (y1 - y0)
    return inter / ((p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter)


def _cpu() -> float:
    return time.process_time()


def measure(path: str, thresholds: list[float]) -> list[dict]:
    from digitize import page_tasks
    from digitize.ingest.formats import sniff
    from digitize.ingest.page_source import Limits
    from ocr.preprocess import prepare_for_ocr
    from ocr.reread import read_cutouts
    from ocr.tesseract import OcrOptions, Tesseract, recognise_image
    from ocr.wordfilter import typical_height

    with open(path, "rb") as fh:
        fmt = sniff(fh.read(1024))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        survey = page_tasks.survey_input(path, fmt, tmp, Limits(max_pages=100, max_page_pixels=10**9))
        for source in survey.pages:
            pixels, source = page_tasks.within_working_size(page_tasks.load_page_image(source), source)
            prepared = prepare_for_ocr(pixels, source.dpi, osd_for_up_down=False)
            if prepared.blank:
                continue
            scale = 2 if 0 < prepared.glyph_height < page_tasks.SMALL_GLYPHS_PX else 1
            image = page_tasks._at_scale(prepared.image, scale, bilevel=prepared.bilevel)
            dpi = source.dpi * scale
            start = _cpu()
            first = recognise_image(image, dpi, Tesseract(OcrOptions(lang="vie")))
            vie_s = _cpu() - start
            start = _cpu()
            both = recognise_image(image, dpi, Tesseract(OcrOptions(lang="vie+Vietnamese")))
            both_s = _cpu() - start
            differing = [
                w for w in first.words if not any(_iou(w.box, v.box) >= 0.5 and v.text == w.text for v in both.words)
            ]
            by_line = defaultdict(list)
            for w in first.words:
                by_line[w.line].append(w)
            pad = 0.4 * (typical_height(first.words) or 10.0)
            row = {"vie": vie_s, "both": both_s, "words": len(first.words), "differing": len(differing)}
            for t in thresholds:
                unsure = [line for line, ws in by_line.items() if min(w.conf for w in ws) < t]
                boxes = [
                    (
                        int(min(w.box[0] for w in by_line[k]) - pad),
                        int(min(w.box[1] for w in by_line[k]) - pad),
                        int(max(w.box[2] for w in by_line[k]) + pad),
                        int(max(w.box[3] for w in by_line[k]) + pad),
                    )
                    for k in unsure
                ]
                start = _cpu()
                if boxes:
                    read_cutouts(image, boxes, first, Tesseract(OcrOptions(lang="vie+Vietnamese")))
                row[t] = (
                    vie_s + _cpu() - start,
                    sum(len(by_line[k]) for k in unsure),
                    sum(1 for w in differing if w.line in set(unsure)),
                )
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=28)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--thresholds", default="60,70,80,85,90")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    with tempfile.TemporaryDirectory(prefix="selective-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "samples.generate", tmp, "--n", str(args.n), "--seed", str(args.seed)]
            + ["--split", "test", "--jobs", str(args.jobs)],
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        files = sorted(str(p) for p in Path(tmp).iterdir() if p.suffix != ".json")
        with ProcessPoolExecutor(args.jobs) as pool:
            rows = [row for rows in pool.map(measure, files, [thresholds] * len(files)) for row in rows]
    pages = len(rows)
    vie, both = sum(r["vie"] for r in rows), sum(r["both"] for r in rows)
    words, differing = sum(r["words"] for r in rows), sum(r["differing"] for r in rows)
    print(f"{len(files)} documents, {pages} pages, {words} words; {differing} read differently by the two settings")
    print(f"vie alone         {vie / pages:.2f} s/page   {vie / both:.2f} of vie+Vietnamese")
    print(f"vie+Vietnamese    {both / pages:.2f} s/page   1.00")
    for t in thresholds:
        cost = sum(r[t][0] for r in rows)
        reread = sum(r[t][1] for r in rows)
        caught = sum(r[t][2] for r in rows)
        print(
            f"selective, T={t:g}: {cost / pages:.2f} s/page   {cost / both:.2f} of vie+Vietnamese; "
            f"{100 * reread / words:.0f}% of words re-read, {caught}/{differing} differing words among them"
        )


if __name__ == "__main__":
    main()
