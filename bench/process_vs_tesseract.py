"""Time `digitize process` against raw `tesseract -l vie` on the same pages.

    .venv/bin/python -m bench.process_vs_tesseract [FILES or FOLDERS ...] [--workers N] [--repeat R]

Both sides get N processes (default: the number of cores) and one Tesseract thread each
(OMP_THREAD_LIMIT=1). The raw side reads image files directly and PDF pages rendered
beforehand by pdftoppm at 300 dpi (rendering is not timed, which flatters Tesseract). digitize
starts from an empty DIGITIZE_HOME each time, so nothing is skipped as already processed.
Prints seconds for each side and the ratio digitize / tesseract (lower is better).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DIGITIZE = REPO / ".venv" / "bin" / "digitize"
SCAN_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"}


def collect(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix.lower() in SCAN_SUFFIXES)
        else:
            files.append(p)
    return files


def raw_pages(files: list[Path], work: Path) -> list[Path]:
    """What plain Tesseract is given: image files as they are, PDF pages as 300 dpi PNGs."""
    pages: list[Path] = []
    for n, f in enumerate(files):
        if f.read_bytes()[:1024].find(b"%PDF-") >= 0:  # by content, as digitize does
            prefix = work / f"pdf{n}"
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(f), str(prefix)], check=True)
            pages += sorted(work.glob(f"pdf{n}-*.png"))
        else:
            pages.append(f)
    return pages


def count_pages(pages: list[Path]) -> int:
    from PIL import Image

    total = 0
    for page in pages:
        with Image.open(page) as img:
            total += getattr(img, "n_frames", 1)
    return total


def time_tesseract(pages: list[Path], workers: int, work: Path) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(item: tuple[int, Path]) -> None:
        n, page = item
        subprocess.run(
            ["tesseract", str(page), str(work / f"out{n}"), "-l", "vie"], env=env, check=True, capture_output=True
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, enumerate(pages)))
    return time.perf_counter() - start


def time_digitize(files: list[Path], workers: int, work: Path) -> float:
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DIGITIZE_STORAGE", "DATABASE_URL")}
    env.update(DIGITIZE_HOME=str(home), DIGITIZE_WORKERS=str(workers))
    start = time.perf_counter()
    done = subprocess.run(
        [str(DIGITIZE), "process", "--json", *map(str, files)], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"digitize process failed:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(REPO / "samples" / "scans")])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; the best is kept")
    args = parser.parse_args()

    files = collect(args.inputs)
    if not files:
        sys.exit("no scans found")
    with tempfile.TemporaryDirectory(prefix="digitize-bench-") as tmp:
        work = Path(tmp)
        pages = raw_pages(files, work)
        page_count = count_pages(pages)
        raw = min(time_tesseract(pages, args.workers, work) for _ in range(args.repeat))
        ours = min(time_digitize(files, args.workers, work) for _ in range(args.repeat))
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"inputs: {len(files)} files, {page_count} pages, {args.workers} processes, best of {args.repeat}")
    print(f"raw tesseract -l vie : {raw:7.2f} s  ({raw / page_count:.2f} s/page)")
    print(
        f"digitize process     : {ours:7.2f} s  ({ours / page_count:.2f} s/page, incl. start-up, PDF, archive, index)"
    )
    print(f"ratio digitize/tesseract: {ours / raw:.2f}")
    print(f"peak memory of one child process: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
