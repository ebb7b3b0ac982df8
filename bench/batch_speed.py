"""A backlog campaign's speed: `digitize batch` against raw Tesseract and OCRmyPDF, and the
peak memory of a 300-page box scan.

    .venv/bin/python -m bench.batch_speed [--n 24] [--seed 1] [--workers N]
                                          [--ocrmypdf PROGRAM] [--tiff-pages 300] [--keep DIR]

Generates --n test-split documents (never used for tuning) as four boxes of scans, each box its
own kind: office JPEG, legacy TIFF, fax PNG, photocopy PDF (scanned: image-only pages). On the
same inputs, one side after the other, each with --workers processes and one Tesseract thread
per process (OMP_THREAD_LIMIT=1):

- `digitize batch DIR --workers N` from an empty DIGITIZE_HOME (SQLite index, local archive):
  the whole path, signing included;
- raw `tesseract PAGE out -l LANG tsv` on each page image, for LANG = digitize's setting
  (DIGITIZE_OCR_LANG, default vie+Vietnamese) and `vie`: image files as they are (a TIFF with all
  its pages in one run), PDF pages rendered beforehand at 300 dpi by pdftoppm (not timed, which
  flatters Tesseract);
- OCRmyPDF (`--rotate-pages --deskew --output-type pdfa -l LANG --jobs 1`, one run per input,
  N at a time), when --ocrmypdf names the program or ~/.cache/digitize-bench/ocrmypdf-venv has
  it (README: Speed says how to install it in its own virtual environment).

Prints seconds, pages per minute and ratios. Then (unless --tiff-pages 0) one Group 4 TIFF of
that many pages, made of the same generated pages, goes through `digitize process`: peak memory
summed over the process and its workers (sampled every 0.2 s), and the index's stage timings:
the time spent assembling, signing and archiving against the time spent in OCR.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
from PIL import Image

from ocr.tesseract import DEFAULT_LANGUAGES

REPO = Path(__file__).resolve().parent.parent
DIGITIZE = REPO / ".venv" / "bin" / "digitize"
OCRMYPDF_VENV = Path.home() / ".cache" / "digitize-bench" / "ocrmypdf-venv"
BOXES = (("box-1-office", "office", "jpg"), ("box-2-legacy", "legacy", "tiff"), ("box-3-fax", "fax", "png"))
BOXES += (("box-4-photocopy", "photocopy", "pdf"),)
SCANS = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"}


def generate(root: Path, n: int, seed: int) -> list[Path]:
    """The scans in ROOT/<box>/; their truth files beside ROOT (a campaign takes every file)."""
    per_box = max(1, n // len(BOXES))
    for k, (name, profile, fmt) in enumerate(BOXES):
        made = root.parent / "generated" / name
        subprocess.run(
            [sys.executable, "-m", "samples.generate", str(made), "--n", str(per_box), "--seed", str(seed + k)]
            + ["--split", "test", "--profile", profile, "--format", fmt, "--jobs", "2"],
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        (root / name).mkdir(parents=True, exist_ok=True)
        for scan in made.iterdir():
            if scan.suffix.lower() in SCANS:
                scan.rename(root / name / scan.name)
    return scans_in(root)


def scans_in(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in SCANS)


def page_images(files: list[Path], work: Path) -> tuple[list[Path], int]:
    """What raw Tesseract is given, and the number of pages."""
    images, pages = [], 0
    for n, f in enumerate(files):
        if f.suffix.lower() == ".pdf":
            prefix = work / f"pdf{n}"
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(f), str(prefix)], check=True)
            rendered = sorted(work.glob(f"pdf{n}-*.png"))
            images += rendered
            pages += len(rendered)
        else:
            images.append(f)
            with Image.open(f) as img:
                pages += getattr(img, "n_frames", 1)
    return images, pages


def in_parallel(commands: list[list[str]], workers: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def run(command: list[str]) -> None:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{command[0]} failed on {command[1]}:\n{done.stderr[-1500:]}")

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, commands))
    return time.perf_counter() - start


def time_tesseract(images: list[Path], lang: str, workers: int, work: Path) -> float:
    return in_parallel(
        [["tesseract", str(p), str(work / f"t{i}"), "-l", lang, "tsv"] for i, p in enumerate(images)], workers
    )


def time_ocrmypdf(program: str, files: list[Path], lang: str, workers: int, work: Path) -> float:
    common = ["--rotate-pages", "--deskew", "--output-type", "pdfa", "-l", lang, "--jobs", "1", "--quiet"]
    commands = []
    for i, f in enumerate(files):
        dpi = [] if f.suffix.lower() == ".pdf" else ["--image-dpi", str(_dpi(f))]
        commands.append([program, str(f), str(work / f"o{i}.pdf"), *common, *dpi])
    return in_parallel(commands, workers)


def _dpi(image: Path) -> int:
    with Image.open(image) as img:
        return round((img.info.get("dpi") or (300, 300))[0]) or 300


def digitize_env(home: Path, workers: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DIGITIZE_STORAGE", "DATABASE_URL", "REDIS_URL")}
    return {**env, "DIGITIZE_HOME": str(home), "DIGITIZE_WORKERS": str(workers)}


def time_batch(root: Path, workers: int, home: Path) -> float:
    shutil.rmtree(home, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(
        [str(DIGITIZE), "batch", str(root), "--workers", str(workers), "--json"],
        env=digitize_env(home, workers),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"digitize batch failed:\n{done.stderr[-2000:]}")
    return elapsed


def box_tiff(files: list[Path], pages: int, path: Path) -> Path:
    """A Group 4 TIFF of `pages` pages: the generated page images in turn, made black and white."""
    frames = []
    for f in files:
        if f.suffix.lower() in (".jpg", ".png", ".tif", ".tiff"):
            with Image.open(f) as img:
                for k in range(getattr(img, "n_frames", 1)):
                    img.seek(k)
                    frames.append(img.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1"))
    frames = [frames[i % len(frames)] for i in range(pages)]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4", dpi=(300, 300))
    return path


def peak_memory(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Seconds, and the peak of the RSS summed over the process tree and of its largest process."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    top = psutil.Process(proc.pid)
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            try:
                rss = [p.memory_info().rss for p in [top, *top.children(recursive=True)]]
            except psutil.Error:
                rss = []
            if rss:
                peaks[0], peaks[1] = max(peaks[0], sum(rss)), max(peaks[1], max(rss))
            done.wait(0.2)

    start = time.perf_counter()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):  # 1: some document needs review or failed; still measured
        sys.exit(f"digitize process failed:\n{err.decode()[-2000:]}")
    return elapsed, peaks[0], peaks[1]


def stage_seconds(home: Path) -> dict[str, float]:
    with sqlite3.connect(home / "index.db") as db:
        return dict(db.execute("SELECT stage, SUM(seconds) FROM stage_timings GROUP BY stage").fetchall())


def ppm(pages: int, seconds: float) -> str:
    return f"{seconds:8.1f} s  {60 * pages / seconds:6.1f} pages/min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=24, help="documents (split over the four boxes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--ocrmypdf", help="the ocrmypdf program (default: in ~/.cache/digitize-bench)")
    parser.add_argument("--tiff-pages", type=int, default=300, help="pages of the memory run's TIFF; 0: none")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    args = parser.parse_args()
    lang = os.environ.get("DIGITIZE_OCR_LANG", DEFAULT_LANGUAGES)
    ocrmypdf = args.ocrmypdf or str(OCRMYPDF_VENV / "bin" / "ocrmypdf")
    have_ocrmypdf = shutil.which(ocrmypdf) is not None

    work = args.keep or Path(tempfile.mkdtemp(prefix="digitize-batch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        root = work / "campaign"
        files = (
            generate(root, args.n, args.seed)
            if not root.exists()
            else sorted(p for p in root.rglob("*") if p.suffix.lower() in SCANS)
        )
        raw_dir = work / "raw"
        raw_dir.mkdir(exist_ok=True)
        images, pages = page_images(files, raw_dir)
        print(f"{len(files)} inputs, {pages} pages in {len(BOXES)} boxes; {args.workers} processes; language {lang}")
        ours = time_batch(root, args.workers, work / "home")
        raw_lang = time_tesseract(images, lang, args.workers, raw_dir)
        raw_vie = time_tesseract(images, "vie", args.workers, raw_dir) if lang != "vie" else raw_lang
        print(f"digitize batch (whole path, signed)  {ppm(pages, ours)}")
        print(f"raw tesseract -l {lang:<19} {ppm(pages, raw_lang)}   digitize/raw {ours / raw_lang:.2f}")
        if lang != "vie":
            print(f"raw tesseract -l vie                 {ppm(pages, raw_vie)}   digitize/raw {ours / raw_vie:.2f}")
        if have_ocrmypdf:
            theirs = time_ocrmypdf(ocrmypdf, files, lang, args.workers, raw_dir)
            print(f"OCRmyPDF (pdfa, rotate, deskew)      {ppm(pages, theirs)}   OCRmyPDF/digitize {theirs / ours:.2f}")
        else:
            print(f"OCRmyPDF: not found at {ocrmypdf} (see README: Speed); skipped")

        if args.tiff_pages:
            tiff = box_tiff(files, args.tiff_pages, work / "box.tif")
            home = work / "home-tiff"
            shutil.rmtree(home, ignore_errors=True)
            env = {**digitize_env(home, args.workers), "OMP_THREAD_LIMIT": "1"}
            seconds, total, largest = peak_memory([str(DIGITIZE), "process", "--json", str(tiff)], env)
            stages = stage_seconds(home)
            after = sum(stages.get(s, 0.0) for s in ("assemble", "seal", "archive"))
            print(
                f"{args.tiff_pages}-page G4 TIFF: {seconds:.1f} s, peak memory {total / 2**20:.0f} MiB over all "
                f"processes (largest {largest / 2**20:.0f} MiB); assemble+sign+archive {after:.1f} s = "
                f"{100 * after / max(stages.get('ocr', 0.0), 1e-9):.1f}% of OCR time ({stages.get('ocr', 0.0):.1f} s)"
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
