"""A slice of the committed sample set through the whole pipeline: every box scan, every
born-digital PDF, and every document type once, the types taking the degradation profiles in
turn (each profile at least once).

Acceptance of the generator (nothing fails), of box-scan splitting and dossier linking
(exactly right), and floors under classification and field extraction at what the slice
measures, so regressions show. The whole set (every type in every profile, 98 inputs) is a
bench: ``python -m bench.extraction --set samples/set``."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from bench.extraction import Scores, score
from bench.truth import load_all
from digitize.config import load_settings
from digitize.pipeline import process_files
from tests.support import REPO, make_context

SET = REPO / "samples" / "set"
PROFILES = ("clean", "office", "legacy", "fax", "rotated", "photocopy", "bilevel")
# What this slice measures: types 1.000 (41/41), fields 0.947 (179/189); floors just under.
TYPES_FLOOR, FIELDS_FLOOR = 0.97, 0.93
pytestmark = [pytest.mark.slow, pytest.mark.tesseract]  # OCRs the slice: under a minute


def the_slice(truths):
    """Box scans, born-digital PDFs, and one document per type: the i-th type (by name) in
    the (i mod 7)-th profile."""
    kept = [t for t in truths if t.kind == "box" or t.profile not in PROFILES]
    documents = [t for t in truths if t.kind == "document" and t.profile in PROFILES]
    for i, doc_type in enumerate(sorted({t.data["doc_type"] for t in documents})):
        profile = PROFILES[i % len(PROFILES)]
        kept += [t for t in documents if t.data["doc_type"] == doc_type and t.profile == profile][:1]
    return kept


@pytest.fixture(scope="module")
def processed(tmp_path_factory, pool):
    truths = the_slice(load_all(SET))
    inputs = [(path, docs) for truth in truths for path, docs in truth.inputs()]
    with pytest.MonkeyPatch.context() as mp:
        for name in ("DIGITIZE_STORAGE", "DATABASE_URL", "DIGITIZE_TESSERACT"):
            mp.delenv(name, raising=False)
        mp.setenv("DIGITIZE_HOME", str(tmp_path_factory.mktemp("set") / "home"))
        ctx = make_context(load_settings(), pool)
        records = process_files(ctx, [str(path) for path, _ in inputs])
        ctx.index.close()
    by_source: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_source[Path(record["source"]).name].append(record)
    return truths, inputs, records, by_source


def test_every_input_is_archived(processed):
    truths, inputs, records, _ = processed
    kinds = {t.data.get("profile") for t in truths}
    assert set(PROFILES) <= kinds
    failed = [(r["source"], r["error"]) for r in records if r["status"] != "archived"]
    assert failed == []
    assert len(records) >= len(inputs)


def test_box_scans_split_and_link_exactly(processed):
    truths, _, _, by_source = processed
    boxes = [t for t in truths if t.kind == "box"]
    assert len(boxes) >= 3
    for truth in boxes:
        got = by_source[truth.files[0].name]
        expected = truth.documents()
        assert [(r["source_pages"], r["dossier_id"]) for r in got] == [
            ([d.page_range[0], d.page_range[1]], d.dossier_id) for d in expected
        ], truth.path.name
        # where the dossier's code was printed as a symbol, the record says which kind
        for dossier in truth.data["dossiers"]:
            source = "qr" if dossier["symbol"]["format"] == "QRCode" else "barcode"
            first, last = dossier["page_range"]
            in_dossier = [r for r in got if first <= r["source_pages"][0] <= last]
            assert {r["dossier_id_source"] for r in in_dossier} == {source}, (truth.path.name, dossier)


def test_code128_at_200_dpi_and_qr_on_a_grey_photocopy(processed):
    truths, _, _, by_source = processed
    seen = set()
    for truth in truths:
        if truth.kind != "box":
            continue
        for record in by_source[truth.files[0].name]:
            seen.add((truth.data.get("dpi"), truth.profile, record["dossier_id_source"]))
    assert (200, "office", "barcode") in seen
    assert any(profile == "photocopy" and source == "qr" for _, profile, source in seen)


def test_types_and_fields_floor(processed):
    _, inputs, _, by_source = processed
    pairs = []
    for path, expected in inputs:
        got = by_source[path.name]
        pairs += zip(expected, got if len(got) == len(expected) else [None] * len(expected))
    scores = Scores()
    score(pairs, scores)
    print(f"sample set slice: types {scores.type_all}, fields {scores.field_all}")
    assert scores.type_all.right / scores.type_all.total >= TYPES_FLOOR, str(scores.type_all)
    assert scores.field_all.right / scores.field_all.total >= FIELDS_FLOOR, str(scores.field_all)


def test_every_archived_pdf_is_signed_pades_and_valid(processed, tmp_path):
    """Every archived PDF of the set is a signed PDF/A-2b: valid for pyHanko's validator and for
    poppler's pdfsig, with the stamp at the top right of page 1 (issue 14)."""
    import shutil
    import subprocess

    import pikepdf

    from digitize.archive.verify import verify_pdf
    from digitize.context import trust_roots

    _, _, records, _ = processed
    archive = next(p for p in Path(records[0]["archive"]["pdf"].removeprefix("file://")).parents if p.name == "archive")
    roots = trust_roots(load_settings({"DIGITIZE_HOME": str(archive.parent)}))  # the set's development CA
    assert roots
    not_pdfa = []
    for n, record in enumerate(records):
        assert record["archive"]["signed"] is True
        assert record["archive"]["signature"]["level"] == "PAdES-B-B"
        if not record["archive"]["pdfa"]:
            not_pdfa.append((record["source"], record["archive"].get("pdfa_problems")))
        path = Path(record["archive"]["pdf"].removeprefix("file://"))
        data = path.read_bytes()
        report = verify_pdf(data, roots, allow_fetching=False)
        assert report["ok"], (record["source"], report)
        with pikepdf.open(path) as pdf:
            page = pdf.pages[0]
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            (widget,) = [a for a in page.get("/Annots", []) if a.get("/FT") == "/Sig"]
            rect = [float(v) for v in widget.Rect]
            rotate = int(page.get("/Rotate", 0))
        if rotate == 0:
            assert rect[2] > (x0 + x1) / 2 and rect[3] > (y0 + y1) / 2, (record["source"], rect)
        if shutil.which("pdfsig") and n % 10 == 0:  # the independent validator, on every tenth file
            out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
            assert "Signature is Valid" in out and "Total document signed" in out, (record["source"], out)
            assert "ETSI.CAdES.detached" in out
    assert not_pdfa == []
