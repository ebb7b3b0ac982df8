"""Time ocr.preprocess step by step against Tesseract on synthetic A4 pages.

    .venv/bin/python -m bench.preprocess_speed [--pages N] [--dpi 300] [--orientation] [--osd]

Speed: for N synthetic Vietnamese A4 pages (300 dpi by default; serif/sans/mono, dense and
sparse, with seals, signatures, yellowing, skew and sideways feeds), prints the milliseconds
of every public step run on its own, of ``prepare_for_ocr`` (and its own per-step
breakdown), and of ``tesseract -l vie`` on the prepared page, then the ratio
prepare / tesseract (the budget is about 0.25). Everything runs single-threaded, as in a
page-pool worker: OMP_THREAD_LIMIT=1 for Tesseract, cv2.setNumThreads(1) here.

--orientation: accuracy and ms/page of ``detect_orientation`` (no OSD fallback) against
Tesseract's OSD (``--psm 0``) on pages in several fonts, sizes and densities, each turned
0/90/180/270 degrees. --osd also times OSD on the speed pages.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ocr import preprocess as pp  # noqa: E402
from tests import synthetic_pages as sp  # noqa: E402

ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def tesseract(grey: np.ndarray, dpi: int, *args: str) -> tuple[float, str]:
    ok, buf = cv2.imencode(".pgm", grey)
    assert ok
    start = time.perf_counter()
    out = subprocess.run(
        ["tesseract", "stdin", "stdout", "--dpi", str(dpi), *args], input=buf.tobytes(), capture_output=True, env=ENV
    )
    return time.perf_counter() - start, out.stdout.decode("utf-8", "replace")


def osd_rotation(text: str) -> int | None:
    for line in text.splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":")[1]) % 360
    return None


def speed_pages(n: int, dpi: int) -> list[tuple[str, np.ndarray]]:
    """Pages as a scanner would deliver them (the rotation is the one that makes them upright)."""
    specs = [
        ("serif dense, seal+signature, -1.3°, rot 0", "serif", "dense", -1.3, 0, True, False),
        ("sans dense, yellowed, +2.7°, rot 90", "sans", "dense", 2.7, 90, False, True),
        ("mono sparse, +0.6°, rot 180", "mono", "sparse", 0.6, 180, False, False),
        ("serif dense grey, +4.0°, rot 270", "serif", "dense", 4.0, 270, False, False),
        ("condensed dense, seal, -0.4°, rot 0", "condensed", "dense", -0.4, 0, True, True),
        ("sans sparse grey, 0°, rot 0", "sans", "sparse", 0.0, 0, False, False),
    ]
    pages = []
    for i in range(n):
        name, font, density, angle, rotation, seal, yellow = specs[i % len(specs)]
        rgb = sp.text_page(dpi, font, 12, density, seed=i)
        h, w = rgb.shape[:2]
        if seal:
            rgb = sp.add_seal(rgb, (int(w * 0.7), int(h * 0.78)), int(0.75 * dpi))
            rgb = sp.add_signature(rgb, (int(w * 0.55), int(h * 0.83), int(w * 0.85), int(h * 0.9)), seed=i)
        if yellow:
            rgb = sp.yellow_gradient(rgb)
        img = rgb if (seal or yellow) else sp.grey(rgb)
        img = sp.skew(img, angle) if angle else img
        pages.append((name, sp.rotate_cw(img, (360 - rotation) % 360)))
    return pages


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, out


def run_speed(args) -> None:
    dpi = args.dpi
    pages = speed_pages(args.pages, dpi)
    steps: dict[str, list[float]] = {}
    inner: dict[str, list[float]] = {}
    prep_ms, tess_s, osd_s = [], [], []
    print(f"{'page':44s} {'prepare ms':>10s} {'tesseract s':>11s} {'ratio':>6s}  rotation skew  steps")
    for name, img in pages:
        t = {}
        t["to_grey"], grey = timed(pp.to_grey, img)
        t["is_blank"], _ = timed(pp.is_blank, grey, dpi)
        t["detect_orientation"], rotation = timed(pp.detect_orientation, grey, dpi, osd_fallback=False)
        t["rotate_upright"], upright = timed(pp.rotate_upright, grey, rotation)
        t["estimate_skew"], skew = timed(pp.estimate_skew, upright, dpi)
        t["deskew"], straight = timed(pp.deskew, upright, skew)
        t["flatten_illumination"], flat = timed(pp.flatten_illumination, straight, dpi)
        t["binarize"], _ = timed(pp.binarize, flat, dpi=dpi)
        t["clean_borders"], _ = timed(pp.clean_borders, flat, dpi)
        for k, v in t.items():
            steps.setdefault(k, []).append(v)
        ms, prepared = timed(pp.prepare_for_ocr, img, dpi)
        for k, v in prepared.timings_ms.items():
            inner.setdefault(k, []).append(v)
        secs, _ = tesseract(prepared.image, dpi, "-l", "vie")
        prep_ms.append(ms)
        tess_s.append(secs)
        if args.osd:
            osd_s.append(tesseract(grey, dpi, "--psm", "0")[0])
        print(
            f"{name:44s} {ms:10.0f} {secs:11.2f} {ms / 1000 / secs:6.3f}  {prepared.rotation:8d} "
            f"{prepared.skew:+5.2f}  {', '.join(prepared.steps)}"
        )
    print("\nEach public step on its own, ms/page (median, max):")
    for k, v in steps.items():
        print(f"  {k:22s} {statistics.median(v):7.1f} {max(v):7.1f}")
    print("prepare_for_ocr's own breakdown, ms/page (median, max):")
    for k, v in inner.items():
        print(f"  {k:22s} {statistics.median(v):7.1f} {max(v):7.1f}")
    total_p, total_t = sum(prep_ms) / 1000, sum(tess_s)
    print(
        f"\nprepare_for_ocr: {statistics.mean(prep_ms):.0f} ms/page (median {statistics.median(prep_ms):.0f}); "
        f"tesseract -l vie: {statistics.mean(tess_s):.2f} s/page; ratio prepare/tesseract = {total_p / total_t:.3f}"
    )
    if osd_s:
        print(f"tesseract --psm 0 (OSD) on the same pages: {statistics.mean(osd_s) * 1000:.0f} ms/page")


def run_orientation(args) -> None:
    fonts = ["serif", "sans", "mono", "condensed", "serif-bold"]
    sizes = [10, 13]
    densities = ["dense", "sparse", "line"]
    dpi = args.dpi
    ours = {"ok": 0, "n": 0, "ms": [], "unsure": 0}
    osd = {"ok": 0, "n": 0, "ms": [], "none": 0}
    by_density: dict[str, list[int]] = {}
    for i, (font, size, density) in enumerate(itertools.product(fonts, sizes, densities)):
        upright = sp.skew(sp.grey(sp.text_page(dpi, font, size, density, seed=i)), ((i * 37) % 90) / 10 - 4.5)
        for rotation in (0, 90, 180, 270):
            img = sp.rotate_cw(upright, (360 - rotation) % 360)
            start = time.perf_counter()
            work = pp._work_copy(img, dpi)
            o = pp._orient(work)
            ours["ms"].append((time.perf_counter() - start) * 1000)
            ours["n"] += 1
            ours["ok"] += o.rotation == rotation
            ours["unsure"] += not o.confident
            by_density.setdefault(density, [0, 0, 0, 0])
            by_density[density][0] += o.rotation == rotation
            by_density[density][1] += 1
            secs, text = tesseract(img, dpi, "--psm", "0")
            got = osd_rotation(text)
            osd["ms"].append(secs * 1000)
            osd["n"] += 1
            osd["ok"] += got == rotation
            osd["none"] += got is None
            by_density[density][2] += got == rotation
            by_density[density][3] += 1
            if o.rotation != rotation or got != rotation:
                print(
                    f"  {font} {size}pt {density} rot {rotation}: ours {o.rotation} "
                    f"(axis {o.axis:.2f} up {o.up:+.2f}, {'sure' if o.confident else 'unsure'}), OSD {got}"
                )
    print(
        f"\n{ours['n']} pages at {dpi} dpi ({len(fonts)} fonts x {len(sizes)} sizes x {len(densities)} densities "
        f"x 4 rotations, skew within ±4.5°)"
    )
    print(
        f"  detect_orientation (layout): {ours['ok']}/{ours['n']} right, {ours['unsure']} unsure, "
        f"{statistics.mean(ours['ms']):.0f} ms/page (incl. the reduced copy)"
    )
    print(
        f"  tesseract --psm 0 (OSD):     {osd['ok']}/{osd['n']} right, {osd['none']} no answer, "
        f"{statistics.mean(osd['ms']):.0f} ms/page"
    )
    for d, (a, n, b, m) in by_density.items():
        print(f"    {d:7s} layout {a}/{n}   OSD {b}/{m}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--orientation", action="store_true", help="compare detect_orientation with Tesseract OSD")
    ap.add_argument("--osd", action="store_true", help="also time OSD on the speed pages")
    args = ap.parse_args()
    cv2.setNumThreads(1)
    if args.orientation:
        run_orientation(args)
    else:
        run_speed(args)


if __name__ == "__main__":
    main()
