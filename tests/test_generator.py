"""The sample generator: its truth must say what it drew.

Checks the committed sets (samples/scans, samples/set) and freshly generated layouts:
identifiers valid per shared/spec/document-types.md, every type and profile present,
canonical field values, each field's printed form in the page text (and agreeing with the
canonical value), box-scan page ranges, barcodes that decode to the truth dossier ids,
determinism and the train/test split. The validators here are written independently of the
generator's own code.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from bench import truth as T

REPO = Path(__file__).resolve().parent.parent
SET = REPO / "samples" / "set"
DEMO = REPO / "samples" / "scans"

SPEC_FIELDS = {
    "citizen_id_card": {
        "personal_id",
        "full_name",
        "date_of_birth",
        "gender",
        "place_of_origin",
        "place_of_residence",
        "expiry_date",
    },
    "birth_certificate": {
        "full_name",
        "date_of_birth",
        "gender",
        "personal_id",
        "place_of_birth",
        "mother_name",
        "father_name",
        "registration_date",
    },
    "death_certificate": {
        "document_number",
        "full_name",
        "date_of_birth",
        "personal_id",
        "date_of_death",
        "issue_date",
    },
    "marriage_certificate": {"husband_name", "wife_name", "registration_date", "document_number"},
    "residence_confirmation": {"full_name", "personal_id", "date_of_birth", "permanent_address", "issue_date"},
    "health_insurance_card": {"insurance_number", "full_name", "date_of_birth", "gender", "valid_from", "valid_to"},
    "land_use_certificate": {
        "full_name",
        "personal_id",
        "parcel_number",
        "map_sheet_number",
        "area_m2",
        "certificate_serial",
        "issue_date",
    },
    "construction_permit": {"document_number", "issue_date", "full_name", "construction_address"},
    "business_registration": {"enterprise_code", "company_name", "first_registration_date", "full_name", "personal_id"},
    "decision": {"document_number", "issue_date", "issuer", "subject", "full_name", "personal_id", "date_of_birth"},
    "application_form": {"form_code", "full_name", "date_of_birth", "gender", "personal_id"},
    "receipt": {"dossier_id", "full_name", "personal_id", "receipt_date", "due_date"},
    "unknown": set(),
}
PROFILES = {"clean", "office", "legacy", "fax", "rotated", "photocopy", "bilevel"}
DATE_FIELDS = {
    "date_of_birth",
    "registration_date",
    "issue_date",
    "date_of_death",
    "valid_from",
    "valid_to",
    "receipt_date",
    "due_date",
    "first_registration_date",
    "expiry_date",
}
NAME_FIELDS = {
    "full_name",
    "mother_name",
    "father_name",
    "husband_name",
    "wife_name",
    "company_name",
    "issuer",
    "subject",
}  # names and free text: case-insensitive
ADDRESS_FIELDS = {
    "place_of_birth",
    "place_of_origin",
    "place_of_residence",
    "permanent_address",
    "construction_address",
}
DOSSIER_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-(\d{6})-\d{4}$")
WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


# --------------------------------------------------------------------------- validators


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def valid_date(value: str) -> bool:
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def parse_printed_date(text: str) -> str | None:
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", text) or re.fullmatch(
        r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", text
    )
    if not m:
        return None
    d, mo, y = map(int, m.groups())
    return dt.date(y, mo, d).isoformat()


def personal_id_problems(pid: str, dob: str | None = None, gender: str | None = None) -> list[str]:
    if re.fullmatch(r"\d{9}", pid):  # old CMND
        return []
    if not re.fullmatch(r"\d{12}", pid):
        return [f"{pid}: not 12 (or 9) digits"]
    problems = []
    if not 1 <= int(pid[:3]) <= 96:
        problems.append(f"{pid}: province code {pid[:3]}")
    g = int(pid[3])
    century = 1900 + (g // 2) * 100
    if dob:
        year = int(dob[:4])
        if year != century + int(pid[4:6]):
            problems.append(f"{pid}: year {century + int(pid[4:6])} != birth year {year}")
    if gender and ("female" if g % 2 else "male") != gender:
        problems.append(f"{pid}: sex digit {g} contradicts {gender}")
    return problems


def enterprise_ok(code: str) -> bool:
    m = re.fullmatch(r"(\d{10})(-\d{3})?", code)
    if not m:
        return False
    digits = m.group(1)
    check = 10 - sum(int(d) * w for d, w in zip(digits[:9], WEIGHTS)) % 11
    return check != 10 and check == int(digits[9])


def dossier_ok(code: str) -> bool:
    m = DOSSIER_RE.match(code)
    if not m:
        return False
    try:
        dt.datetime.strptime(m.group(1), "%y%m%d")
    except ValueError:
        return False
    return True


def field_problems(doc_type: str, fields: dict, printed: dict) -> list[str]:
    """Everything wrong with one document's truth fields."""
    out = []
    extra = set(fields) - SPEC_FIELDS[doc_type]
    if extra:
        out.append(f"fields not in the spec for {doc_type}: {sorted(extra)}")
    for key, value in fields.items():
        shown = printed.get(key)
        if shown is None:
            out.append(f"{key}: no printed form")
            continue
        if value != unicodedata.normalize("NFC", value) or value != value.strip() or "\n" in value or "  " in value:
            out.append(f"{key}: {value!r} not one NFC line")
        if key in DATE_FIELDS:
            if key == "expiry_date" and value == "none":
                if shown != "Không thời hạn":
                    out.append(f"{key}: none printed as {shown!r}")
                continue
            if not valid_date(value):
                out.append(f"{key}: {value!r} is not an ISO date")
            elif parse_printed_date(shown) != value:
                out.append(f"{key}: printed {shown!r} does not read as {value}")
        elif key == "personal_id":
            out += personal_id_problems(value, fields.get("date_of_birth"), fields.get("gender"))
            if shown != value:
                out.append(f"{key}: printed {shown!r} != {value!r}")
        elif key == "enterprise_code":
            if not enterprise_ok(value):
                out.append(f"{key}: {value} fails the check digit")
        elif key == "dossier_id":
            if not dossier_ok(value):
                out.append(f"{key}: {value} malformed")
        elif key == "gender":
            if {"male": "Nam", "female": "Nữ"}.get(value) != shown:
                out.append(f"{key}: {value!r} printed {shown!r}")
        elif key == "document_number":
            if " " in value or "/" not in value or shown != value:
                out.append(f"{key}: {value!r}")
        elif key == "area_m2":
            if not re.fullmatch(r"\d+(\.\d+)?", value) or shown.replace(",", ".") != value:
                out.append(f"{key}: {value!r} printed {shown!r}")
        elif key in ("parcel_number", "map_sheet_number"):
            if not re.fullmatch(r"[1-9]\d*", value) or int(shown) != int(value):
                out.append(f"{key}: {value!r} printed {shown!r}")
        elif key == "certificate_serial":
            if not re.fullmatch(r"[A-ZĐ]{2} \d{6}", value) or shown != value:
                out.append(f"{key}: {value!r}")
        elif key == "insurance_number":
            if not re.fullmatch(r"[A-Z]{2}\d{13}|\d{10}", value) or shown != value:
                out.append(f"{key}: {value!r}")
        elif key in NAME_FIELDS:
            if shown.lower() != value.lower():
                out.append(f"{key}: printed {shown!r} is not {value!r}")
        elif key in ADDRESS_FIELDS:
            if shown != value or ",," in value or " ," in value:
                out.append(f"{key}: {value!r}")
        elif shown != value:
            out.append(f"{key}: printed {shown!r} != {value!r}")
    return out


def text_problems(printed: dict, page_texts: list[str]) -> list[str]:
    """Each printed form must be in the page text (whitespace-normalised)."""
    text = squash(" ".join(page_texts))
    return [f"{k}: {v!r} not in the page text" for k, v in printed.items() if squash(v) not in text]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def committed() -> list[T.Truth]:
    truths = T.load_all([DEMO, SET])
    assert truths, "no committed truth files"
    return truths


def all_documents(truths: list[T.Truth]) -> list[T.ExpectedDocument]:
    return [d for t in truths for d in t.documents()]


# --------------------------------------------------------------------------- committed sets


def test_builders_cover_the_spec_types():
    from samples.doctypes import BUILDERS

    assert set(BUILDERS) == set(SPEC_FIELDS)


def test_every_type_in_every_profile(committed):
    pairs = {(d.doc_type, d.profile) for t in T.load_all(SET) if t.kind == "document" for d in t.documents()}
    missing = {(t, p) for t in SPEC_FIELDS for p in PROFILES} - pairs
    assert not missing, f"missing type x profile: {sorted(missing)}"
    kinds = {(t.kind, t.data["format"]) for t in T.load_all(SET)}
    assert {("box", "pdf"), ("box", "tiff")} <= kinds
    formats = {t.data["format"] for t in committed}
    assert {"jpg", "png", "tiff", "pdf", "digital"} <= formats
    dpis = {t.data["dpi"] for t in committed if t.data.get("dpi")}
    assert min(dpis) <= 150 and max(dpis) >= 400
    assert any(
        len(t.files) == 1 and t.kind == "document" and t.page_count > 1 and t.data["format"] == "tiff"
        for t in committed
    )  # multi-page TIFF


def test_demo_set_names():
    for name in (
        "receipt-office-200dpi.jpg",
        "decision-2p-g4-300dpi.tif",
        "birth_certificate-bilevel-300dpi.png",
        "residence_confirmation-scan-200dpi.pdf",
        "application_form-digital.pdf",
    ):
        assert (DEMO / name).exists(), name
        assert T.load(DEMO / name).documents()
    assert T.load(DEMO / "decision-2p-g4-300dpi.tif").page_count == 2


def test_fields_canonical_valid_and_printed(committed):
    problems = []
    for doc in all_documents(committed):
        where = f"{doc.truth_path.name} {doc.doc_type} {doc.page_range}"
        problems += [f"{where}: {p}" for p in field_problems(doc.doc_type, doc.fields, doc.printed)]
        problems += [f"{where}: {p}" for p in text_problems(doc.printed, doc.page_texts)]
        if doc.doc_type == "receipt":
            if doc.fields.get("dossier_id") != doc.dossier_id:
                problems.append(f"{where}: dossier_id field != the document's dossier id")
        for k, page in doc.field_pages.items():
            if not 1 <= page <= doc.pages or squash(doc.printed[k]).split()[0] not in squash(doc.page_texts[page - 1]):
                problems.append(f"{where}: field_pages[{k}] = {page}")
    assert not problems, "\n".join(problems[:40])


def test_both_agencies_and_both_symbols(committed):
    ids = [d.dossier_id for d in all_documents(committed) if d.dossier_id]
    assert all(dossier_ok(i) for i in ids)
    assert {".H02-", ".H29-"} <= {i[9:14] for i in ids}
    symbols = {(b["format"], b["text"].startswith("https://")) for t in committed for b in t.barcodes}
    assert {("Code128", False), ("QRCode", False), ("QRCode", True)} <= symbols


def test_files_match_truth(committed):
    import pikepdf
    from PIL import Image

    for t in committed:
        assert t.data.get("kind", "document") in ("document", "box")
        count = 0
        for f in t.files:
            assert f.exists(), f
            if f.suffix == ".pdf":
                with pikepdf.open(f) as pdf:
                    count += len(pdf.pages)
            else:
                with Image.open(f) as im:
                    count += getattr(im, "n_frames", 1)
                    if t.data.get("dpi"):
                        assert round(im.info["dpi"][0]) == t.data["dpi"], f
        assert count == t.page_count, f"{t.path.name}: {count} pages in the file(s)"
        if t.kind == "document":
            rotations = {d.get("rotation", 0) for d in t.data.get("degradation", [])}
            assert (t.profile == "rotated") == bool(rotations - {0}), t.path.name
            assert t.data["split"] == "other"


def test_box_page_ranges(committed):
    boxes = [t for t in committed if t.kind == "box"]
    assert len(boxes) >= 2
    for t in boxes:
        d = t.data
        n = d["pages"]
        assert len(d["page_texts"]) == n
        covered = list(d["separators"])
        prev_end = 0
        for doc in d["documents"]:
            first, last = doc["page_range"]
            assert first == prev_end + 1 or all(p in d["separators"] for p in range(prev_end + 1, first)), doc
            assert first <= last and len(doc["pages"]) == last - first + 1
            assert doc["pages"] == d["page_texts"][first - 1 : last]
            assert not set(range(first, last + 1)) & set(d["separators"])
            covered += range(first, last + 1)
            prev_end = last
        assert sorted(covered) == list(range(1, n + 1)), t.path.name
        # dossiers: contiguous, in order, each starting with its separator or receipt
        prev_end = 0
        for dos in d["dossiers"]:
            first, last = dos["page_range"]
            assert first == prev_end + 1
            prev_end = last
            docs = [x for x in d["documents"] if first <= x["page_range"][0] <= last]
            assert docs and all(x["dossier_id"] == dos["dossier_id"] for x in docs)
            if dos["start"] == "separator":
                assert first in d["separators"]
            else:
                assert docs[0]["doc_type"] == "receipt" and docs[0]["page_range"][0] == first
                assert docs[0]["fields"]["dossier_id"] == dos["dossier_id"]
        assert prev_end == n
        assert {x["start"] for x in d["dossiers"]} <= {"separator", "receipt"}
        expected = [x for x in T.load(t.files[0]).documents()]
        assert [x.page_range for x in expected] == [tuple(x["page_range"]) for x in d["documents"]]


def _page_image(path: Path, page: int, dpi: int):
    from PIL import Image

    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        return pdf[page - 1].render(scale=dpi / 72, grayscale=True).to_pil()
    im = Image.open(path)
    im.seek(page - 1)
    return im.convert("L")


def test_box_barcodes_decode_to_dossier_ids(committed):
    import zxingcpp

    boxes = [t for t in committed if t.kind == "box"]
    seen = set()
    for t in boxes:
        for dos in t.data["dossiers"]:
            page = dos["page_range"][0]
            img = _page_image(t.files[0], page, t.data["dpi"])
            texts = [(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)]
            code = dos["dossier_id"]
            ok = [f for f, text in texts if text == code or text.endswith(f"doccode={code}")]
            assert ok, f"{t.path.name} page {page}: {texts} has no {code}"
            seen.add((ok[0], t.profile, t.data["dpi"]))
            assert dos["symbol"]["text"] in [x for _, x in texts]
    # what the linking work relies on: Code 128 at 200 dpi, QR on a grey photocopy
    assert any(f == "Code128" and dpi <= 200 for f, _, dpi in seen)
    assert any(f == "QRCode" and p == "photocopy" for f, p, _ in seen)


def test_truth_reader_expands_page_files(tmp_path):
    from samples.generate import generate, write_scan

    gen = generate("land_use_certificate", "reader-1", profile="clean")
    assert len(gen.pages) >= 2
    write_scan(gen, tmp_path, "land", fmt="png", dpi=72, profile="clean")
    t = T.load(tmp_path / "land-p2.png")
    inputs = t.inputs()
    assert [p.name for p, _ in inputs] == [f"land-p{k}.png" for k in range(1, len(gen.pages) + 1)]
    fields = {k for _, docs in inputs for d in docs for k in d.fields}
    assert fields == set(t.data["fields"])
    assert inputs[0][1][0].page_range == (1, 1)


# --------------------------------------------------------------------------- fresh documents


@pytest.mark.parametrize("doc_type", sorted(SPEC_FIELDS))
def test_generated_layouts_are_consistent(doc_type):
    from samples.generate import field_pages, generate

    for i in range(4):
        profile = sorted(PROFILES)[i % len(PROFILES)]
        gen = generate(doc_type, f"check-{i}", profile=profile)
        doc = gen.document
        problems = field_problems(doc_type, doc.fields, doc.printed)
        problems += text_problems(doc.printed, gen.page_texts)
        assert not problems, f"{doc_type} seed check-{i}: {problems}"
        assert all(t == unicodedata.normalize("NFC", t) for t in gen.page_texts)
        assert set(field_pages(doc.printed, gen.page_texts)) == set(doc.fields)
        if doc_type == "receipt":
            assert doc.dossier_id == doc.fields["dossier_id"]
        if doc_type in ("citizen_id_card", "health_insurance_card") and not gen.on_sheet:
            assert round(gen.pages[0].size[0] / 72 * 25.4, 1) == 85.6


def test_receipt_symbols_decode_after_degradation():
    from samples.generate import check_barcodes, generate, scan_pages

    for kind, profile, dpi in (
        ("code128", "office", 200),
        ("qr", "photocopy", 200),
        ("qr_url", "photocopy", 150),
        ("code128", "bilevel", 200),
    ):
        gen = generate("receipt", f"sym-{kind}-{profile}", profile=profile, barcode=kind)
        images, _ = scan_pages(gen, dpi, profile)
        found = check_barcodes(gen.barcodes(), images)
        assert found and all(b["decoded"] for b in found), (kind, profile, found)
        code = gen.document.dossier_id
        assert all(b["text"] == code or b["text"].endswith(f"doccode={code}") for b in found)


def test_same_seed_same_bytes(tmp_path):
    from samples.generate import main

    for run in ("a", "b"):
        assert (
            main(
                [
                    str(tmp_path / run),
                    "--n",
                    "3",
                    "--seed",
                    "7",
                    "--format",
                    "png",
                    "--dpi",
                    "100",
                    "--types",
                    "receipt,citizen_id_card,decision",
                ]
            )
            == 0
        )
    a = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert a == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert any(n.endswith(".png") for n in a)
    for name in a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    main([str(tmp_path / "c"), "--n", "1", "--seed", "8", "--format", "png", "--dpi", "100", "--types", "receipt"])
    c = next((tmp_path / "c").glob("*.truth.json")).read_text()
    a0 = next((tmp_path / "a").glob("0000-*.truth.json")).read_text()
    assert c != a0


def test_train_and_test_splits_are_disjoint(tmp_path):
    from samples.generate import main, split_of, split_seed

    assert split_seed("train", 0) == 0 and split_seed("train", 999_999) == 999_999
    assert split_seed("test", 0) == 1_000_000
    with pytest.raises(ValueError):
        split_seed("train", 1_000_000)
    with pytest.raises(ValueError):
        split_seed("validation", 1)
    assert split_of(f"{split_seed('test', 5)}:3") == "test"
    assert split_of(f"{split_seed('train', 5)}:3") == "train"
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--seed", "1000000"])
    main(
        [
            str(tmp_path / "t"),
            "--n",
            "1",
            "--seed",
            "3",
            "--split",
            "test",
            "--format",
            "png",
            "--dpi",
            "72",
            "--types",
            "unknown",
        ]
    )
    truth = T.load_all(tmp_path / "t")[0]
    assert truth.data["split"] == "test" and truth.data["seed"] == "1000003:0"


def test_box_generation(tmp_path):
    from samples.boxes import BoxJob, run_box

    d = run_box(
        BoxJob(
            0,
            "unit-box",
            "bilevel",
            "tiff",
            150,
            str(tmp_path),
            max_docs=1,
            starts=(("separator", None), ("receipt", "qr")),
        )
    )
    assert d["pages"] == len(d["page_texts"]) >= 3
    assert d["separators"] == [1]
    assert d["dossiers"][1]["start"] == "receipt"
    assert T.load(tmp_path / d["files"][0]).kind == "box"
