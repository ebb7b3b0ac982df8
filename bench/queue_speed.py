"""Queue throughput: the same pages through 1 and then 2 workers, pages per minute and the ratio.

    .venv/bin/python -m bench.queue_speed                 # 16 one-page scans (OCR), 1 and 2 workers
    .venv/bin/python -m bench.queue_speed --pages 40 --workers 1 2 4
    .venv/bin/python -m bench.queue_speed --born-digital  # text-layer PDFs: the queue's own overhead

Each run gets a fresh DIGITIZE_HOME and a throwaway redis-server (or REDIS_URL's database,
flushed), submits every page to `backlog`, then starts N `digitize worker --burst` processes
and times them until the queue is empty. A worker is one core, so on a machine with C free
cores the ratio of 2 workers to 1 should approach 2 when C >= 2.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
DIGITIZE = str(REPO / ".venv" / "bin" / "digitize")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY KHAI SINH",
    "Họ, chữ đệm, tên: NGUYỄN VĂN AN",
    "Ngày, tháng, năm sinh: 12/03/2019",
    "Nơi sinh: Bệnh viện Đa khoa tỉnh Quảng Nam",
    "Số định danh cá nhân: 0772190{:05d}",
)


def scan_page(path: Path, n: int, dpi: int = 200) -> None:
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, int(14 * dpi / 72))
    y = int(1.2 * dpi)
    for line in LINES:
        draw.text((int(0.9 * dpi), y), unicodedata.normalize("NFC", line.format(n)), font=font, fill=0)
        y += int(28 * dpi / 72)
    image.save(path, dpi=(dpi, dpi))


def born_digital(path: Path, n: int) -> None:
    from fpdf import FPDF  # in the test extras

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("DejaVuSerif", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVuSerif", size=13)
    for line in LINES:
        pdf.multi_cell(0, 20, unicodedata.normalize("NFC", line.format(n)), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis() -> tuple[str, subprocess.Popen | None]:
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"], None
    if not shutil.which("redis-server"):
        sys.exit("no REDIS_URL and no redis-server")
    port = _free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0", proc


def run(files: list[Path], workers: int, url: str) -> float:
    """Seconds for `workers` burst workers to empty the queue of `files` (one page each)."""
    from redis import Redis

    Redis.from_url(url).flushdb()
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as home:
        env = {k: v for k, v in os.environ.items() if k not in ("DIGITIZE_STORAGE", "DATABASE_URL")}
        env.update(DIGITIZE_HOME=home, REDIS_URL=url)
        subprocess.run(
            [DIGITIZE, "submit", "--queue", "backlog", *map(str, files)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        start = time.perf_counter()
        procs = [subprocess.Popen([DIGITIZE, "worker", "--burst"], env=env) for _ in range(workers)]
        for proc in procs:
            if proc.wait() != 0:
                sys.exit(f"a worker exited with {proc.returncode}")
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--born-digital", action="store_true", help="text-layer PDFs (no OCR)")
    args = parser.parse_args(argv)

    url, server = _redis()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
            files = []
            for n in range(args.pages):
                path = Path(folder) / (f"page-{n:03d}.pdf" if args.born_digital else f"page-{n:03d}.png")
                (born_digital if args.born_digital else scan_page)(path, n)
                files.append(path)
            results = {}
            for workers in args.workers:
                seconds = run(files, workers, url)
                results[workers] = args.pages / seconds * 60
                print(f"{workers} worker(s): {args.pages} pages in {seconds:.1f} s = {results[workers]:.1f} pages/min")
            base = results[args.workers[0]]
            for workers in args.workers[1:]:
                print(f"ratio {workers}/{args.workers[0]} workers: {results[workers] / base:.2f}")
            print(f"({os.cpu_count()} cores on this machine; one worker is one core)")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
