"""Splitting time against box size (it must grow linearly), and code-reading time per page.

    .venv/bin/python -m bench.split_speed            # split_input on 100/400/1600-page boxes
    .venv/bin/python -m bench.split_speed --codes    # read_codes ms/page, A4 at 200 and 300 dpi

Split: synthetic PageFacts for a box (dossiers of a separator sheet or a receipt, 2-4
documents of 1-3 pages, blank backs, some conflicting text codes), best of --repeat runs.
Prints µs/page and the 400/100 time ratio (~4 when linear); exits 1 if it is over 6.

Codes: synthetic A4 pages (body text; a Code 128 with 0.25 mm modules, a QR with 0.4 mm
modules, or none; clean, or a grey photocopy), best of --repeat runs, one thread.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from digitize.link.barcodes import Code
from digitize.link.split import PageFacts, split_input

TITLES = (
    "application_form",
    "citizen_id_card",
    "birth_certificate",
    "decision",
    "land_use_certificate",
    "residence_confirmation",
)


def box(pages: int, seed: int = 0) -> list[PageFacts]:
    rng = random.Random(seed)
    out: list[PageFacts] = []
    n = 0
    while len(out) < pages:
        n += 1
        code = f"000.00.12.H02-230818-{n % 10000:04d}"
        if rng.random() < 0.5:
            out.append(PageFacts(len(out), [Code("code128", code, (0, 0, 1, 1))], word_count=5))
            if rng.random() < 0.5:
                out.append(PageFacts(len(out), is_blank=True))
        else:
            out.append(
                PageFacts(
                    len(out),
                    [Code("qrcode", f"https://x.vn/tra-cuu?doccode={code}", (0, 0, 1, 1))],
                    word_count=150,
                    title_type="receipt",
                    text_dossier_id=code,
                )
            )
        for _ in range(rng.randint(2, 4)):
            other = f"000.00.12.H02-230818-{(n + 1) % 10000:04d}" if rng.random() < 0.1 else None
            out.append(PageFacts(len(out), word_count=200, title_type=rng.choice(TITLES), text_dossier_id=other))
            for _ in range(rng.randint(0, 2)):
                out.append(PageFacts(len(out), word_count=180))
            if rng.random() < 0.2:
                out.append(PageFacts(len(out), is_blank=True))
    return out[:pages]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def split_bench(repeat: int) -> int:
    sizes = (100, 400, 1600)
    seconds = {}
    for size in sizes:
        pages = box(size)
        split_input(pages)  # warm up
        seconds[size] = best(lambda pages=pages: split_input(pages), repeat)
        docs = len(split_input(pages).documents)
        print(
            f"{size:5d} pages  {docs:4d} documents  {seconds[size] * 1e3:8.2f} ms"
            f"  {seconds[size] / size * 1e6:6.1f} µs/page"
        )
    ratio = seconds[400] / seconds[100]
    print(f"400/100 pages: {ratio:.2f}x (linear = 4)   1600/400: {seconds[1600] / seconds[400]:.2f}x")
    return 0 if ratio <= 6 else 1


def codes_bench(repeat: int) -> int:
    import cv2

    cv2.setNumThreads(1)
    from digitize.link.barcodes import read_codes
    from tests.test_barcodes import code128, page_with, photocopy, qr

    print("A4 page                          ms/page   found")
    for dpi in (200, 300):
        cases = {
            "no code": page_with(None, dpi)[0],
            "Code 128": page_with(code128(dpi), dpi, at=(0.1, 0.06))[0],
            "QR": page_with(qr(dpi), dpi, at=(0.7, 0.05))[0],
        }
        cases["no code, grey photocopy"] = photocopy(cases["no code"])
        cases["QR, grey photocopy"] = photocopy(cases["QR"])
        for name, page in cases.items():
            found = read_codes(page, dpi)
            ms = best(lambda page=page, dpi=dpi: read_codes(page, dpi), repeat) * 1e3
            print(f"{dpi} dpi  {name:24s} {ms:7.1f}   {','.join(c.symbology for c in found) or '-'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", action="store_true", help="time read_codes instead of split_input")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    return codes_bench(args.repeat) if args.codes else split_bench(args.repeat)


if __name__ == "__main__":
    sys.exit(main())
