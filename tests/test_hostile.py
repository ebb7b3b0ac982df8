"""Hostile input (issue 13): each crafted file gets the right record in bounded time and memory,
the other inputs of the same run are archived, and nothing is left half-archived.

One `digitize process --json` run takes every crafted file and two good scans, while a thread
samples the memory of the whole process tree (the command and its pool workers)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pikepdf
import psutil
import pytest

from digitize.pipeline import process_files
from storage import layout
from storage.index import Index
from tests import fixtures_pdf as fx
from tests import hostile_files as hostile
from tests.inputs import LINES
from tests.support import DIGITIZE, cli_env, make_context

pytestmark = pytest.mark.tesseract

WORKERS = 2
WORKER_MEMORY_MB = 1536
# The command itself (Python, the page results it gathers) plus its capped workers.
TREE_BOUND = WORKERS * WORKER_MEMORY_MB * 2**20 + 768 * 2**20
BAD_NAME = os.fsdecode(b"bad\xff.png")  # not UTF-8, as on an old network share


def _crafted(folder: Path) -> dict[str, tuple[bytes, str]]:
    """name → (bytes, the expected code, or 'archived')."""
    scan = fx.render_text_image(LINES[:3], dpi=150)
    small = fx.render_text_image(LINES[:2], dpi=60)
    born = fx.born_digital_pdf(folder / "born.pdf", LINES).read_bytes()
    other = io.BytesIO()
    fx.render_text_image(LINES[3:6], dpi=150).save(other, format="PNG", dpi=(150, 150))
    good = io.BytesIO()
    scan.save(good, format="PNG", dpi=(150, 150))
    return {
        # 1. forms nested 10 deep, each drawn 10 times
        "nested-forms.pdf": (hostile.nested_forms_bomb(), "too_large"),
        # 2. streams that inflate far past the limits
        "inflating-content.pdf": (hostile.content_stream_bomb(), "too_large"),
        "inflating-pixel.pdf": (hostile.tiny_image_bomb(), "too_large"),
        "million-characters.pdf": (hostile.million_character_line(), "too_large"),
        # 4. a page wider than a PDF page may be
        "very-wide.png": (hostile.very_wide_png(), "too_large"),
        # 5. decoder errors of other types than OSError
        "text-chunk-bomb.png": (hostile.png_with_text_bomb(small), "unreadable_input"),
        "seven-bit-page-2.tif": (hostile.tiff_with_bad_second_page(small), "unreadable_input"),
        "integer-xobject.pdf": (hostile.pdf_with_integer_xobject(born), "unreadable_input"),
        # 8. scripts, actions and attachments everywhere
        "scripts.pdf": (hostile.with_scripts_and_attachments(born), "archived"),
        # 9. invalid /Rotate values
        "rotate-45.pdf": (hostile.with_rotate(born, 45), "archived"),
        "rotate-2e62.pdf": (hostile.with_rotate(born, 2**62), "archived"),
        # 10. heavy but legitimate: a 16-bit 144-megapixel page
        "deep-16-bit.png": (hostile.sixteen_bit_page(), "archived"),
        # 3. a good scan under a name that is not UTF-8, and a good scan
        BAD_NAME: (other.getvalue(), "archived"),
        "good.png": (good.getvalue(), "archived"),
    }


class TreeMemory(threading.Thread):
    """Peak resident memory of a process and all its descendants, sampled every 50 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_tree = self.peak_process = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            sizes = []
            for proc in procs:
                try:
                    sizes.append(proc.memory_info().rss)
                except psutil.NoSuchProcess:
                    pass
            self.peak_tree = max(self.peak_tree, sum(sizes))
            self.peak_process = max([self.peak_process, *sizes])
            time.sleep(0.05)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    crafted = _crafted(folder)
    paths = []
    for name, (data, _) in crafted.items():
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    home = folder / "home"
    env = cli_env(home, DIGITIZE_WORKER_MEMORY_MB=str(WORKER_MEMORY_MB))  # two workers
    started = time.monotonic()
    proc = subprocess.Popen(
        [DIGITIZE, "process", "--json", *paths], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    memory = TreeMemory(proc.pid)
    memory.start()
    stdout, stderr = proc.communicate(timeout=300)
    memory.done.set()
    memory.join()
    lines = stdout.decode("utf-8").splitlines()  # valid UTF-8 whatever the names
    records = [json.loads(line) for line in lines]
    by_name = {}
    for record in records:
        name = os.fsdecode(base64.b64decode(record["source_b64"])) if "source_b64" in record else record["source"]
        by_name[Path(name).name] = record
    return {
        "crafted": crafted,
        "records": by_name,
        "count": len(records),
        "stderr": stderr.decode("utf-8", "replace"),
        "returncode": proc.returncode,
        "seconds": time.monotonic() - started,
        "memory": memory,
        "home": home,
    }


def _local(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def test_every_input_gets_one_record_in_bounded_time(run):
    assert run["count"] == len(run["crafted"]), run["stderr"][-3000:]
    assert run["returncode"] == 1  # some failed: said in the exit code
    assert run["seconds"] < 240
    assert "Traceback" not in run["stderr"]
    assert "internal_error" not in run["stderr"]
    assert "DecompressionBombWarning" not in run["stderr"]  # the 144 MP page is within our limits
    assert "Warning:" not in run["stderr"]


def test_the_process_tree_stays_under_the_memory_bound(run):
    memory = run["memory"]
    print(f"peak RSS: tree {memory.peak_tree / 2**20:.0f} MiB, largest process {memory.peak_process / 2**20:.0f} MiB")
    assert 0 < memory.peak_tree < TREE_BOUND
    assert memory.peak_process < WORKER_MEMORY_MB * 2**20


CASES = [
    "nested-forms.pdf",
    "inflating-content.pdf",
    "inflating-pixel.pdf",
    "million-characters.pdf",
    "very-wide.png",
    "text-chunk-bomb.png",
    "seven-bit-page-2.tif",
    "integer-xobject.pdf",
    "scripts.pdf",
    "rotate-45.pdf",
    "rotate-2e62.pdf",
    "deep-16-bit.png",
    BAD_NAME,
    "good.png",
]


@pytest.mark.parametrize("name", CASES, ids=[n.encode("utf-8", "backslashreplace").decode() for n in CASES])
def test_each_crafted_file_gets_its_record(run, name):
    data, expected = run["crafted"][name]
    record = run["records"][name]
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    if expected == "archived":
        assert record["status"] == "archived", record.get("error")
        assert _local(record["archive"]["pdf"]).is_file()
        return
    assert record["status"] == "failed"
    assert record["error"]["code"] == expected, record["error"]
    assert "Traceback" not in record["error"]["message"]
    assert _local(record["archive"]["original"]).read_bytes() == data  # the bytes are kept


def test_a_page_too_wide_for_pdf_is_refused_before_ocr(run):
    record = run["records"]["very-wide.png"]
    assert "inches" in record["error"]["message"]
    assert not record.get("page_details")  # no page was read


def test_a_name_that_is_not_utf8_is_shown_with_escapes_and_kept_as_bytes(run):
    record = run["records"][BAD_NAME]
    assert record["source"].endswith("bad\\xff.png")
    assert base64.b64decode(record["source_b64"]).endswith(b"bad\xff.png")
    index = Index(f"sqlite:///{run['home'] / 'index.db'}")
    try:
        assert index.get(record["id"])["source"] == record["source"]
    finally:
        index.close()


def test_nothing_is_left_half_archived(run):
    archived = {r["id"]: r for r in run["records"].values() if r["status"] == "archived"}
    pdfs = {p for p in (run["home"] / "archive").rglob("*.pdf")}
    assert pdfs == {_local(r["archive"]["pdf"]) for r in archived.values()}
    index = Index(f"sqlite:///{run['home'] / 'index.db'}")
    try:
        for record in run["records"].values():
            assert index.get(record["id"])["status"] == record["status"]
    finally:
        index.close()
    for pdf in pdfs:
        assert pdf.with_suffix(".json").is_file()


ACTION_KEYS = {"/JS", "/JavaScript", "/AA", "/OpenAction", "/EmbeddedFiles", "/EmbeddedFile", "/URI", "/Launch"}


def _all_objects(pdf: pikepdf.Pdf):
    yield pdf.Root
    yield from pdf.objects


def test_the_archived_pdf_holds_no_scripts_actions_or_attachments(run):
    record = run["records"]["scripts.pdf"]
    with pikepdf.open(_local(record["archive"]["pdf"])) as pdf:
        for obj in _all_objects(pdf):
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                keys = set(obj.keys())
                assert not keys & ACTION_KEYS, keys
                assert obj.get("/Type") != "/EmbeddedFile"
                assert obj.get("/Subtype") != "/FileAttachment"
                if obj.get("/Type") == "/Annot" or obj.get("/Subtype") == "/Widget":
                    assert "/A" not in keys
        assert "GIẤY KHAI SINH" in record["text"]  # the page itself is kept
    assert record["archive"]["signed"] and record["archive"]["pdfa"]  # no orphan form widget left to break PDF/A


@pytest.mark.parametrize("name, given", [("rotate-45.pdf", "45"), ("rotate-2e62.pdf", str(2**62))])
def test_an_invalid_rotate_is_normalised_and_said(run, name, given):
    record = run["records"][name]
    with pikepdf.open(_local(record["archive"]["pdf"])) as pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) in (0, 90, 180, 270)
    assert given in record["page_details"][0]["note"]


# ------------------------------------------------------------------ one defect, one small test


def test_a_tesseract_failure_is_reported_with_its_own_message(settings, pool, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        "  --version) echo 'tesseract 5.3.0'; exit 0;;\n"
        "  --list-langs) printf 'List of available languages:\\neng\\nvie\\n'; exit 0;;\n"
        "esac\n"
        "echo 'Image too large: (40, 200000)' >&2\n"
        "echo 'Error during processing.' >&2\n"
        "exit 1\n"
    )
    fake.chmod(0o755)
    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES[:2], dpi=100).save(scan)
    ctx = make_context(settings, pool, tesseract_cmd=str(fake))
    [record] = process_files(ctx, [str(scan)])
    assert record["error"]["code"] == "ocr_failed"
    assert "Image too large" in record["error"]["message"]
    assert "did not finish" not in record["error"]["message"]


def test_a_file_over_the_size_limit_is_not_copied(settings, pool, tmp_path):
    sparse = tmp_path / "huge.pdf"
    with open(sparse, "wb") as fh:  # 1 GiB on paper, a few KB on disk
        fh.write(b"%PDF-1.7\n")
        fh.truncate(2**30)
    ctx = make_context(settings, pool, max_file_bytes=512 * 2**20)
    [record] = process_files(ctx, [str(sparse)])
    assert record["error"]["code"] == "too_large"
    assert "1,024 MiB" in record["error"]["message"] and "not copied" in record["error"]["message"]
    assert record["sha256"] and not ctx.archive.exists(layout.original_key(record["sha256"]))
    archive_bytes = sum(p.stat().st_size for p in settings.home.rglob("*") if p.is_file())
    assert archive_bytes < 10 * 2**20


def test_output_is_utf8_whatever_the_locale(tmp_path):
    name = tmp_path / BAD_NAME
    fx.render_text_image(LINES[:2], dpi=100).save(name)
    for encoding in ("utf-8", "ascii", "latin-1"):
        env = cli_env(tmp_path / "home", PYTHONIOENCODING=encoding, LC_ALL="C", LANG="C")
        for extra in (["--json"], []):
            done = subprocess.run([DIGITIZE, "process", *extra, str(name)], env=env, capture_output=True, timeout=120)
            assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
            text = done.stdout.decode("utf-8")  # never undecodable
            assert "bad\\xff.png" in text or "bad\\\\xff.png" in text
            assert b"Traceback" not in done.stderr


def test_a_closed_stdout_ends_the_command_cleanly(tmp_path):
    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES[:2], dpi=100).save(scan)
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read what the command prints
    done = subprocess.run(
        [DIGITIZE, "process", "--json", str(scan)],
        env=cli_env(tmp_path / "home"),
        stdout=writer,
        stderr=subprocess.PIPE,
        timeout=120,
    )
    os.close(writer)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0
