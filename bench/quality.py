"""OCR quality of our page path against raw Tesseract, per degradation profile.

    .venv/bin/python -m bench.quality [--n-per-profile K] [--seed S] [--out DIR]
                                      [--lang vie+Vietnamese] [--psm 3] [--tessdata DIR]
                                      [--profiles clean,office,...] [--dpi D] [--jobs 2]

Generates (once; reused when ``DIR/<profile>`` already holds K truth files) K test-split
documents per profile with ``samples.generate`` (document types rotated per profile so that
every type appears), then reads every page twice:

- ours: ``digitize.page_tasks.ocr_page`` on the ``PageSource``s of ``survey_input`` (decode →
  codes → ``prepare_for_ocr`` → Tesseract with ``OcrOptions(lang, psm, tessdata_dir)``), in
  a pool of ``--jobs`` processes; the time of ``prepare_for_ocr`` and of Tesseract are taken
  inside it;
- raw: ``tesseract IMAGE stdout -l vie`` (psm 3, Debian's model) on the same page image: the
  file itself for PNG/JPEG/one-page TIFF, else the page's pixels (PDF: the embedded image,
  losslessly extracted, or the rendering) written as PNG with its dpi. Results are cached
  in ``DIR/raw-cache.json``: raw is the fixed baseline, whatever ours is run with.

Both sides run with OMP_THREAD_LIMIT=1 and ``--jobs`` processes, one side after the other.
Metrics (``bench.metrics``): bag-of-words precision/recall/F1, diacritic-sensitive, NFC,
CASE-SENSITIVE (``--ignore-case`` to fold), punctuation stripped from word edges; CER over
whitespace-normalised text. Scores are micro-averaged over the pages of a profile.
s/page is wall time per page in one process (ours: decode + codes + clean-up + Tesseract (TSV),
second readings and the text layer; raw: the tesseract process). prep ms is ``prepare_for_ocr`` alone and
prep/raw its ratio to raw Tesseract's s/page. Per-page results go to
``DIR/results-<tag>.json``. Pages fed turned (the rotated profile) are also read once more
turned upright beforehand, and both F1s are printed: the control for "rotated pages read as
well as upright ones" on the same pages.

Real scans: every ``<name>.png`` (or .jpg/.tif) beside a ``<name>.truth.txt`` in ``--realscans``
(default ``../shared/realscans`` beside the repository; ``--realscans ''`` to leave them out)
is read the same two ways as profile ``real``, printed page by page with raw's F1 beside ours,
and held to issue 20's rule: at least raw on each page, and on average (of the pages' F1) at
most 60% of raw's word errors (1 − F1). Real pages are not in the generated pages' ALL row.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from bench import truth as truth_mod  # noqa: E402
from bench.metrics import Score, score_page, total  # noqa: E402
from ocr.tesseract import DEFAULT_LANGUAGES  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REALSCANS = REPO.parent / "shared" / "realscans"
REAL = "real"  # the profile name of the real scans
REAL_IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAX_ERROR_SHARE = 0.6  # real pages: on average at most this share of raw's word errors
PROFILES = ("clean", "office", "bilevel", "legacy", "fax", "rotated", "photocopy")
DOC_TYPES = (
    "birth_certificate",
    "decision",
    "application_form",
    "receipt",
    "residence_confirmation",
    "citizen_id_card",
    "health_insurance_card",
    "death_certificate",
    "marriage_certificate",
    "land_use_certificate",
    "construction_permit",
    "business_registration",
    "unknown",
)


@dataclass
class PageJob:
    profile: str
    file: str  # the input file
    index: int  # page index within the file
    truth: str  # the page's text
    rotation: int  # truth: counter-clockwise degrees the page was turned (= our clockwise fix)
    doc_type: str
    dpi: int | None


@dataclass
class OursResult:
    text: str
    seconds: float
    prep_ms: float
    tess_s: float
    rotation: int
    steps: list[str]
    image_path: str  # what raw Tesseract reads for this page
    words: list[tuple[str, float, float]]  # (text, confidence, box height in px) for error analysis


# --------------------------------------------------------------------------- generation


def generate(out: Path, profiles: list[str], n: int, seed: int, dpi: int | None, jobs: int) -> None:
    for k, profile in enumerate(profiles):
        folder = out / profile
        if len(list(folder.glob("*.truth.json"))) >= n:
            continue
        types = [DOC_TYPES[(5 * k + i) % len(DOC_TYPES)] for i in range(len(DOC_TYPES))]
        cmd = [
            sys.executable,
            "-m",
            "samples.generate",
            str(folder),
            "--split",
            "test",
            "--n",
            str(n),
            "--seed",
            str(seed),
            "--profile",
            profile,
            "--types",
            ",".join(types),
            "--jobs",
            str(jobs),
        ]
        if dpi:
            cmd += ["--dpi", str(dpi)]
        print("generating:", " ".join(cmd[1:]), file=sys.stderr)
        subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def page_jobs(out: Path, profiles: list[str]) -> list[PageJob]:
    jobs = []
    for profile in profiles:
        for t in truth_mod.load_all(out / profile):
            if t.kind != "document":
                continue
            rotations = [d.get("rotation", 0) for d in t.data.get("degradation", [])]
            for path, docs in t.inputs():
                doc = docs[0]
                first = doc.page_range[0] - 1 if len(t.files) <= 1 else t.files.index(path)
                for i, text in enumerate(doc.page_texts):
                    k = first + i
                    rot = rotations[k] if k < len(rotations) else 0
                    jobs.append(PageJob(profile, str(path), i, text, int(rot) % 360, doc.doc_type, t.data.get("dpi")))
    return jobs


def real_jobs(folder: Path | None) -> list[PageJob]:
    """One job per real scanned page with its transcription in ``folder`` (none when the folder
    is not there)."""
    if not folder or not folder.is_dir():
        return []
    jobs = []
    for image in sorted(p for p in folder.iterdir() if p.suffix.lower() in REAL_IMAGES):
        truth = image.with_suffix(".truth.txt")
        if truth.is_file():
            jobs.append(PageJob(REAL, str(image), 0, truth.read_text(encoding="utf-8"), 0, REAL, None))
    return jobs


def real_verdict(ours_f1: list[float], raw_f1: list[float]) -> tuple[float, float, float, bool]:
    """(our mean F1, raw's mean F1, the mean F1 needed, whether the rule holds): ours at least
    raw's on every page, and ours' mean word errors at most MAX_ERROR_SHARE of raw's."""
    ours_mean, raw_mean = sum(ours_f1) / len(ours_f1), sum(raw_f1) / len(raw_f1)
    needed = 1 - MAX_ERROR_SHARE * (1 - raw_mean)
    holds = all(o >= r for o, r in zip(ours_f1, raw_f1)) and ours_mean >= needed - 1e-9
    return ours_mean, raw_mean, needed, holds


# --------------------------------------------------------------------------- our side


def _raw_image(source, pixels, folder: Path) -> str:
    """The page image raw Tesseract gets: the file itself when it is one page image, else
    the decoded pixels as a PNG carrying the dpi."""
    from PIL import Image

    path = Path(source.path)
    if source.format in ("jpeg", "png") or (
        source.format == "tiff" and source.index == 0 and getattr(Image.open(path), "n_frames", 1) == 1
    ):
        return str(path)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{path.stem}-p{source.index + 1}.png"
    if not dest.exists():
        Image.fromarray(pixels).save(dest, dpi=(round(source.dpi),) * 2)
    return str(dest)


def _ours(args: tuple[PageJob, dict, float, str]) -> OursResult:
    job, opts, upscale_below, raw_dir = args
    import cv2

    from digitize import page_tasks
    from digitize.ingest.formats import sniff
    from digitize.ingest.page_source import Limits
    from ocr.tesseract import OcrOptions, Tesseract

    options = Tesseract(OcrOptions(**opts))
    seen: dict = {}
    real_prepare, real_recognise, real_load = (
        page_tasks.prepare_for_ocr,
        page_tasks.recognise_image,
        page_tasks.load_page_image,
    )

    def load(source):
        pixels = real_load(source)
        seen["pixels"] = pixels
        return pixels

    def prepare(pixels, dpi, **kw):
        t = time.perf_counter()
        p = real_prepare(pixels, dpi, **kw)
        seen["scale"] = 1.0
        if upscale_below and dpi < upscale_below and not p.blank:  # experiment: --upscale-below
            f = 300.0 / dpi
            p.image = cv2.resize(p.image, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
            seen["scale"] = f
        seen["prep_ms"] = (time.perf_counter() - t) * 1000
        seen["prepared"] = p
        return p

    def recognise(image, dpi, options):
        t = time.perf_counter()
        out = real_recognise(image, dpi * seen.get("scale", 1.0), options)
        seen["tess_s"] = time.perf_counter() - t
        return out

    page_tasks.prepare_for_ocr, page_tasks.recognise_image, page_tasks.load_page_image = prepare, recognise, load
    try:
        with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
            with open(job.file, "rb") as f:
                fmt = sniff(f.read(1024))
            survey = page_tasks.survey_input(job.file, fmt, tmp, Limits(max_pages=500, max_page_pixels=200_000_000))
            source = survey.pages[job.index]
            start = time.perf_counter()
            result = page_tasks.ocr_page(source, options)
            seconds = time.perf_counter() - start
            image = _raw_image(source, seen["pixels"], Path(raw_dir))
    finally:
        page_tasks.prepare_for_ocr, page_tasks.recognise_image, page_tasks.load_page_image = (
            real_prepare,
            real_recognise,
            real_load,
        )
    p = seen["prepared"]
    words = [(w.text, round(w.conf, 1), round(w.box[3] - w.box[1], 1)) for w in result.page.words]
    return OursResult(
        result.page.text,
        seconds,
        seen["prep_ms"],
        seen.get("tess_s", 0.0),
        result.rotation,
        list(p.steps),
        image,
        words,
    )


def _upright_job(job: PageJob, image_path: str, folder: Path) -> PageJob:
    """The page of ``job`` turned upright (PNG, same dpi) as a job of its own."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{Path(image_path).stem}-{job.index}-upright.png"
    if not dest.exists():
        with Image.open(image_path) as im:  # one page: the file itself or _raw_image's PNG
            dpi = im.info.get("dpi", (job.dpi or 300,) * 2)
            im.rotate(-job.rotation, expand=True).save(dest, dpi=tuple(round(float(v)) for v in dpi))
    return PageJob(job.profile, str(dest), 0, job.truth, 0, job.doc_type, job.dpi)


# --------------------------------------------------------------------------- raw side


def _raw(image: str, lang: str = "vie") -> tuple[str, float]:
    start = time.perf_counter()
    done = subprocess.run(
        ["tesseract", image, "stdout", "-l", lang], capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}
    )
    seconds = time.perf_counter() - start
    return done.stdout.decode("utf-8", "replace"), seconds


def run_raw(images: list[str], cache_path: Path, jobs: int, fresh: bool = False) -> dict[str, tuple[str, float]]:
    cache = json.loads(cache_path.read_text()) if cache_path.exists() and not fresh else {}
    todo = [im for im in dict.fromkeys(images) if f"{im}|{os.path.getmtime(im)}" not in cache]
    with ThreadPoolExecutor(jobs) as pool:
        for im, res in zip(todo, pool.map(_raw, todo)):
            cache[f"{im}|{os.path.getmtime(im)}"] = res
    cache_path.write_text(json.dumps(cache, ensure_ascii=False))
    return {im: tuple(cache[f"{im}|{os.path.getmtime(im)}"]) for im in images}


# --------------------------------------------------------------------------- report


def _row(name: str, ours: Score, raw: Score, ours_s: float, raw_s: float, prep_ms: float, rot: str) -> str:
    ratio = prep_ms / 1000 / raw_s if raw_s else float("nan")
    return (
        f"{name:<10} {ours.pages:>3}  {ours.precision:.3f} {ours.recall:.3f} {ours.f1:.3f} {ours.cer:.3f}"
        f"   {raw.precision:.3f} {raw.recall:.3f} {raw.f1:.3f} {raw.cer:.3f}"
        f"   {ours_s:5.2f} {raw_s:5.2f}  {prep_ms:6.0f} {ratio:5.1%}  {rot}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.quality",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--n-per-profile", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0, help="test-split seed (default 0)")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "digitize-quality")
    ap.add_argument("--profiles", default=",".join(PROFILES))
    ap.add_argument("--dpi", type=int, default=None, help="generate at this dpi (default: the profile's)")
    ap.add_argument("--lang", default=DEFAULT_LANGUAGES, help=f"our side's languages (default {DEFAULT_LANGUAGES})")
    ap.add_argument("--psm", type=int, default=3)
    ap.add_argument("--tessdata", default=None, help="--tessdata-dir for our side")
    ap.add_argument("--extra-config", default="", help="extra Tesseract arguments for our side")
    ap.add_argument(
        "--upscale-below",
        type=float,
        default=0.0,
        help="experiment: pages under this dpi are upscaled to 300 dpi after clean-up",
    )
    ap.add_argument("--ignore-case", action="store_true", help="fold case in word metrics")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--fresh-raw",
        action="store_true",
        help="run raw Tesseract again instead of using the cache (for timings taken under the same load as ours)",
    )
    ap.add_argument(
        "--realscans",
        type=Path,
        default=REALSCANS,
        help="folder of real scanned pages with <name>.truth.txt (default ../shared/realscans; '' for none)",
    )
    ap.add_argument("--tag", default=None, help="name of the results file (default from the settings)")
    args = ap.parse_args(argv)

    profiles = [p for p in args.profiles.split(",") if p]
    args.out.mkdir(parents=True, exist_ok=True)
    generate(args.out, profiles, args.n_per_profile, args.seed, args.dpi, args.jobs)
    jobs = page_jobs(args.out, profiles)
    jobs = [j for p in profiles for j in [j for j in jobs if j.profile == p]]
    jobs += real_jobs(args.realscans if str(args.realscans) not in ("", ".") else None)
    opts = {"lang": args.lang, "psm": args.psm, "tessdata_dir": args.tessdata, "extra_config": args.extra_config}

    start = time.perf_counter()
    from ocr.pool import _init_worker  # the page workers' settings: one thread for OpenCV too

    with ProcessPoolExecutor(args.jobs, initializer=_init_worker) as pool:
        ours = list(pool.map(_ours, [(j, opts, args.upscale_below, str(args.out / "raw-images")) for j in jobs]))
    ours_wall = time.perf_counter() - start
    start = time.perf_counter()
    raw = run_raw([o.image_path for o in ours], args.out / "raw-cache.json", args.jobs, args.fresh_raw)
    raw_wall = time.perf_counter() - start

    # Control for the rotated profile: the same pages turned upright beforehand (by the truth's
    # rotation), read the same way. "Rotated pages as good as upright ones" compares these two.
    control = [(j, o) for j, o in zip(jobs, ours) if j.rotation]
    if control:
        upright_jobs = [_upright_job(j, o.image_path, args.out / "upright") for j, o in control]
        with ProcessPoolExecutor(args.jobs, initializer=_init_worker) as pool:
            upright = list(
                pool.map(_ours, [(j, opts, args.upscale_below, str(args.out / "raw-images")) for j in upright_jobs])
            )

    tag = args.tag or f"{args.lang}-psm{args.psm}-{Path(args.tessdata).name if args.tessdata else 'debian'}"
    rows = []
    for j, o in zip(jobs, ours):
        rt, rs = raw[o.image_path]
        so, sr = score_page(o.text, j.truth, args.ignore_case), score_page(rt, j.truth, args.ignore_case)
        rows.append(
            {
                "job": asdict(j),
                "ours": {**asdict(o), "score": asdict(so), "f1": so.f1},
                "raw": {"text": rt, "seconds": rs, "score": asdict(sr), "f1": sr.f1},
            }
        )
    (args.out / f"results-{tag}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))

    print(
        f"settings: ours lang={args.lang} psm={args.psm} tessdata={args.tessdata or 'default'}"
        f"{' extra=' + args.extra_config if args.extra_config else ''}"
        f"{f' upscale<{args.upscale_below:g}dpi' if args.upscale_below else ''}; raw: tesseract -l vie (psm 3)"
    )
    print(
        f"words: bag of words, NFC, diacritic-sensitive, {'case-folded' if args.ignore_case else 'case-sensitive'},"
        f" edge punctuation stripped; CER on whitespace-normalised text"
    )
    print(
        f"{'':<10} {'':>3}  {'---------- ours ----------':<26}   {'---------- raw -----------':<26}   "
        f"{'-- s/page --':<12} {'-- prep --':<12}"
    )
    print(
        f"{'profile':<10} {'pgs':>3}  {'P':<5} {'R':<5} {'F1':<5} {'CER':<5}   {'P':<5} {'R':<5} {'F1':<5} {'CER':<5}"
        f"   {'ours':>5} {'raw':>5}  {'ms':>6} {'/raw':>5}  orientation"
    )
    generated = [r for r in rows if r["job"]["profile"] != REAL]
    real = [r for r in rows if r["job"]["profile"] == REAL]
    groups = [(p, [r for r in rows if r["job"]["profile"] == p]) for p in profiles] + [("ALL", generated), (REAL, real)]
    for name, rs in groups:
        if not rs:
            continue
        so = total(Score(**r["ours"]["score"]) for r in rs)
        sr = total(Score(**r["raw"]["score"]) for r in rs)
        n = len(rs)
        wrong = sum(r["ours"]["rotation"] != r["job"]["rotation"] for r in rs)
        print(
            _row(
                name,
                so,
                sr,
                sum(r["ours"]["seconds"] for r in rs) / n,
                sum(r["raw"]["seconds"] for r in rs) / n,
                sum(r["ours"]["prep_ms"] for r in rs) / n,
                f"{n - wrong}/{n} right",
            )
        )
    if control:
        fed = total(score_page(o.text, j.truth, args.ignore_case) for j, o in control)
        ready = total(score_page(u.text, j.truth, args.ignore_case) for (j, _), u in zip(control, upright))
        print(
            f"turned pages ({len(control)}): F1 {fed.f1:.3f} as fed, {ready.f1:.3f} when the same pages are fed upright"
        )
    if real:
        print("real scans (ours F1 / raw F1):")
        for r in real:
            mark = "" if r["ours"]["f1"] >= r["raw"]["f1"] else "  BELOW RAW"
            print(f"  {r['ours']['f1']:.3f} / {r['raw']['f1']:.3f}  {Path(r['job']['file']).name}{mark}")
        ours_mean, raw_mean, needed, holds = real_verdict(
            [r["ours"]["f1"] for r in real], [r["raw"]["f1"] for r in real]
        )
        print(
            f"  mean of pages: ours {ours_mean:.3f}, raw {raw_mean:.3f}; needed {needed:.3f} and raw on each page:"
            f" {'met' if holds else 'NOT met'}"
        )
    worst = sorted(generated, key=lambda r: r["ours"]["f1"])[:5]
    print("worst pages (ours F1 / raw F1):")
    for r in worst:
        j = r["job"]
        print(
            f"  {r['ours']['f1']:.3f} / {r['raw']['f1']:.3f}  {Path(j['file']).name} p{j['index'] + 1}"
            f"  rot truth {j['rotation']} ours {r['ours']['rotation']}  steps {', '.join(r['ours']['steps'])}"
        )
    print(f"wall: ours {ours_wall:.0f} s, raw {raw_wall:.0f} s (raw from cache when 0), {args.jobs} processes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
