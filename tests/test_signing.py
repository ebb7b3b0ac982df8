"""Signed archival PDFs (issue 14): PDF/A-2b, PAdES signatures with a visible Vietnamese stamp,
`digitize verify`. Real pyHanko signing and validation, a local time-stamp authority and CRL
(tests/pki.py), poppler's pdfsig as the independent validator; no mocks."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from PIL import Image

from digitize.archive import keys, pdfa, signing, verify
from digitize.archive.seal import REASON_PDFA_FAILED
from digitize.pipeline import process_files
from storage import layout
from tests import fixtures_pdf as fx
from tests.pki import NOW, Pki, free_port, tsa_server
from tests.support import DIGITIZE, cli_env, make_context

AGENCY = "Trung tâm Phục vụ hành chính công"
METADATA = {
    "dossier_id": "000.00.12.H02-230818-0001",
    "doc_type": "decision",
    "doc_type_name": "Quyết định",
    "document_number": "15/QĐ-UBND",
    "issue_date": "2023-08-18",
    "issuer": "Ủy ban nhân dân phường 1",
    "summary": "Về việc cấp giấy phép",
    "language": "vi",
    "pages": 1,
    "agency": AGENCY,
    "digitised_at": "2026-11-26T13:05:00+07:00",
    "original_sha256": "ab" * 32,
}
needs_poppler = pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils (pdfsig) is not installed")


def _asn1(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory) -> bytes:
    return fx.ccitt_pdf(tmp_path_factory.mktemp("scan") / "scan.pdf", dpi=150).read_bytes()


@pytest.fixture(scope="module")
def test_pki() -> Pki:
    return Pki.new()


@pytest.fixture(scope="module")
def signing_key(test_pki, tmp_path_factory):
    path = tmp_path_factory.mktemp("p12") / "centre.p12"
    path.write_bytes(test_pki.p12(test_pki.issue(AGENCY), "đúng-mật-khẩu"))
    return keys.load_signing_key(path, "đúng-mật-khẩu")


@pytest.fixture(scope="module")
def pdfa_bytes(scan_pdf) -> bytes:
    result = pdfa.make_pdfa(scan_pdf, METADATA)
    assert result.conforms, result.problems
    return result.data


@pytest.fixture(scope="module")
def signed(pdfa_bytes, signing_key) -> signing.Signed:
    return signing.sign_pdf(pdfa_bytes, signing_key, agency=AGENCY, timezone="Asia/Ho_Chi_Minh")


# ---------------------------------------------------------------- PDF/A-2b


def test_pdfa_metadata_output_intent_and_extension_schema(pdfa_bytes):
    with pikepdf.open(io.BytesIO(pdfa_bytes)) as pdf:
        assert pdfa.claims_pdfa(pdf) == "2B"
        intents = pdf.Root.OutputIntents
        assert intents[0].S == "/GTS_PDFA1" and intents[0].DestOutputProfile.N == 3
        xmp = pdf.Root.Metadata.read_bytes().decode()
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == "Quyết định"
            assert meta[f"{{{pdfa.NS}}}dossierId"] == METADATA["dossier_id"]
            assert meta[f"{{{pdfa.NS}}}originalSha256"] == METADATA["original_sha256"]
            assert meta[f"{{{pdfa.NS}}}issuer"] == METADATA["issuer"]
    assert "pdfaExtension:schemas" in xmp and f"<pdfaSchema:namespaceURI>{pdfa.NS}<" in xmp
    assert pdfa.check_file(pdfa_bytes) == []


def _conforming(pdfa_bytes) -> pikepdf.Pdf:
    pdf = pikepdf.open(io.BytesIO(pdfa_bytes))
    assert pdfa.check(pdf) == []
    return pdf


def _no_metadata(pdf):
    del pdf.Root.Metadata


def _no_output_intent(pdf):
    del pdf.Root.OutputIntents


def _javascript(pdf):
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = pdf.make_indirect(action)


def _unembedded_font(pdf):
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page = pdf.pages[0]
    page.Resources.Font = pikepdf.Dictionary(F9=font)
    page.contents_add(pdf.make_stream(b"BT /F9 12 Tf 72 72 Td (Hello) Tj ET"))


def _interpolated_image(pdf):
    for image in pdf.pages[0].get_images().values():
        image.Interpolate = True


def _cmyk_under_rgb_intent(pdf):
    pdf.pages[0].Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceCMYK)


def _attachment(pdf):
    pdf.attachments["note.txt"] = pikepdf.AttachedFileSpec(pdf, b"hello", mime_type="text/plain")


def _undescribed_property(pdf):
    extra = f'<dgz:secret xmlns:dgz="{pdfa.NS}">x</dgz:secret></rdf:Description>'.encode()
    xmp = pdf.Root.Metadata.read_bytes().replace(b"</rdf:Description>", extra, 1)
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)


def _no_pdfa_identification(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        del meta["pdfaid:part"]


BREAKS = {
    "metadata stream": (_no_metadata, "6.6.2.1-1"),
    "output intent": (_no_output_intent, "OutputIntent"),
    "javascript": (_javascript, "OpenAction"),
    "font embedding": (_unembedded_font, "6.2.11.4"),
    "image interpolation": (_interpolated_image, "Interpolate"),
    "device colour": (_cmyk_under_rgb_intent, "6.2.4.3"),
    "embedded file": (_attachment, "embedded file"),
    "extension schema": (_undescribed_property, "dgz:secret"),
    "pdfa identification": (_no_pdfa_identification, "6.6.4"),
}


@pytest.mark.parametrize("rule", BREAKS)
def test_each_pdfa_check_fails_on_a_file_that_breaks_it(pdfa_bytes, rule):
    breaker, expected = BREAKS[rule]
    with _conforming(pdfa_bytes) as pdf:
        breaker(pdf)
        problems = pdfa.check(pdf)
    assert problems, rule
    assert any(expected in p for p in problems), problems


def test_encrypted_file_fails_the_pdfa_check(tmp_path, pdfa_bytes):
    with _conforming(pdfa_bytes) as pdf:
        buf = io.BytesIO()
        pdf.save(buf, encryption=pikepdf.Encryption(owner="o", user="", R=6))
    problems = pdfa.check_file(buf.getvalue())
    assert any("ncrypt" in p for p in problems), problems


def test_a_file_that_fails_is_kept_without_the_pdfa_claim(tmp_path, pdfa_bytes):
    with _conforming(pdfa_bytes) as pdf:
        _unembedded_font(pdf)
        buf = io.BytesIO()
        pdf.save(buf)
    result = pdfa.make_pdfa(buf.getvalue(), METADATA)
    assert not result.conforms and result.problems
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert pdfa.claims_pdfa(pdf) is None
        assert "pdfaid" not in pdf.Root.Metadata.read_bytes().decode().replace("xmlns:pdfaid", "")
        with pdf.open_metadata() as meta:
            assert meta[f"{{{pdfa.NS}}}dossierId"] == METADATA["dossier_id"]  # still described


# ---------------------------------------------------------------- the signature and its stamp


@needs_poppler
def test_signature_is_pades_valid_for_pyhanko_and_pdfsig(tmp_path, signed, test_pki):
    assert signed.level == "PAdES-B-B"
    assert signed.signed_at.endswith("+07:00")
    report = verify.verify_pdf(signed.data, [_asn1(test_pki.ca.cert)])
    assert report["ok"], report
    assert report["level"] == "PAdES-B-B" and report["pdfa"] == "2B"
    assert report["signer"] == f"CN={AGENCY},C=VN"
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed.data)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out and "Total document signed" in out
    assert "ETSI.CAdES.detached" in out and "SHA-256" in out
    # Signing adds a form field and its widget, which pikepdf's allowlist does not judge; the
    # rest of the file (the metadata above all) is as it was checked.
    assert [p for p in pdfa.check_file(signed.data) if "/AcroForm" not in p] == []


@needs_poppler
def test_stamp_is_drawn_top_right_of_page_1_and_reads_back_as_the_agency(tmp_path, signed, pdfa_bytes):
    with pikepdf.open(io.BytesIO(signed.data)) as pdf:
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].mediabox)
        widget = next(a for a in pdf.pages[0].Annots if a.get("/FT") == "/Sig" or a.get("/Subtype") == "/Widget")
        rect = [float(v) for v in widget.Rect]
        embedded = [
            str(obj.FontName)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj
        ]
    assert rect[2] > x1 - 60 and rect[3] > y1 - 60, rect  # the top right corner
    assert rect[0] > (x0 + x1) / 2 and rect[1] > (y0 + y1) / 2
    assert any("NotoSans" in name or "DejaVuSans" in name for name in embedded), embedded  # the stamp's font
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed.data)
    # drawn: render page 1 at 72 dpi (1 px = 1 pt) and look for ink inside the stamp
    subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-gray", "-png", str(path), str(tmp_path / "p")], check=True
    )
    page = np.asarray(Image.open(next(tmp_path.glob("p*.png"))))
    top, left = round(y1 - rect[3]), round(rect[0] - x0)
    inside = page[top + 3 : round(y1 - rect[1]) - 3, left + 3 : round(rect[2] - x0) - 3]
    assert (inside < 128).mean() > 0.01
    # the text inside the stamp's rectangle alone is the agency and the signing time
    crop = ["-x", str(left), "-y", str(top), "-W", str(round(rect[2] - rect[0])), "-H", str(round(rect[3] - rect[1]))]
    text = subprocess.run(
        ["pdftotext", "-r", "72", "-f", "1", "-l", "1", *crop, str(path), "-"], capture_output=True, text=True
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == [AGENCY, f"Ký số: {signed.signed_at}"], lines


@needs_poppler
@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_stamp_is_upright_at_the_displayed_top_right_of_a_turned_page(tmp_path, signing_key, rotate):
    with pikepdf.open(fx.born_digital_pdf(tmp_path / "b.pdf")) as pdf:
        pdf.pages[0].Rotate = rotate
        buf = io.BytesIO()
        pdf.save(buf)
    data = pdfa.make_pdfa(buf.getvalue(), METADATA).data
    signed = signing.sign_pdf(
        data, signing_key, agency=AGENCY, timezone="Asia/Ho_Chi_Minh", avoid=signing.text_boxes(data)
    )
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed.data)
    width, height = (595, 842) if rotate == 180 else (842, 595)  # as displayed
    crop = ["-x", str(width // 2), "-y", "0", "-W", str(width // 2), "-H", str(height // 3)]
    text = subprocess.run(
        ["pdftotext", "-r", "72", "-raw", *crop, str(path), "-"], capture_output=True, text=True
    ).stdout
    assert AGENCY in [line.strip() for line in text.splitlines()], text  # read upright, in one line


def test_stamp_keeps_clear_of_the_page_text():
    page = {"/MediaBox": [0, 0, 595, 842]}
    corner = signing.stamp_box(page, [])
    assert corner[2] == pytest.approx(595 - signing.MARGIN) and corner[3] == pytest.approx(842 - signing.MARGIN)
    # a heading across the top right: the stamp goes below it
    heading = (300.0, 802.0, 590.0, 832.0)
    box = signing.stamp_box(page, [heading])
    assert box[3] <= heading[1] and box[2] > 400
    # no room anywhere: the corner
    assert signing.stamp_box(page, [(0.0, 0.0, 595.0, 842.0)]) == corner
    # a page shown turned (/Rotate 90): the displayed top right corner, in user space
    turned = signing.stamp_box({"/MediaBox": [0, 0, 842, 595], "/Rotate": 90}, [])
    assert turned[0] < 60 and turned[3] > 595 - 60 - signing.STAMP_W


def test_stamp_placement_reads_the_text_layer(tmp_path):
    boxes = signing.text_boxes(fx.born_digital_pdf(tmp_path / "b.pdf").read_bytes())
    assert boxes and all(0 <= b[0] < b[2] <= 595.3 and 0 <= b[1] < b[3] <= 842 for b in boxes)
    assert min(b[0] for b in boxes) == pytest.approx(72, abs=4)  # the left margin


# ---------------------------------------------------------------- verify: what must fail


def test_verify_fails_on_one_flipped_byte(signed, test_pki):
    data = bytearray(signed.data)
    at = data.index(b"stream", 200) + 300
    data[at] ^= 0x01
    report = verify.verify_pdf(bytes(data), [_asn1(test_pki.ca.cert)])
    assert not report["ok"]
    assert any(c["ok"] is False and c["check"] in ("intact", "readable", "signature") for c in report["checks"])


def test_verify_fails_on_a_later_revision_that_changes_a_page(signed, test_pki):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed.data))
    ink = writer.add_object(generic.StreamObject(stream_data=b"q 0 0 0 rg 100 100 200 50 re f Q"))
    writer.add_stream_to_page(0, ink)
    out = io.BytesIO()
    writer.write(out)
    report = verify.verify_pdf(out.getvalue(), [_asn1(test_pki.ca.cert)])
    assert not report["ok"]
    coverage = next(c for c in report["checks"] if c["check"] == "coverage")
    assert coverage["ok"] is False and "later revision" in coverage["detail"]


def test_verify_fails_for_a_certificate_outside_the_trust_roots(signed):
    report = verify.verify_pdf(signed.data, [_asn1(Pki.new("Another CA").ca.cert)])
    assert not report["ok"]
    trusted = next(c for c in report["checks"] if c["check"] == "trusted")
    assert trusted["ok"] is False and "trust roots" in trusted["detail"]


# ---------------------------------------------------------------- time-stamps: B-T and B-LTA


@needs_poppler
def test_b_t_and_b_lta_with_a_local_tsa_and_crl(tmp_path, pdfa_bytes):
    with tsa_server() as (url, pki, server):
        roots = [_asn1(pki.ca.cert)]
        signer = pki.issue(AGENCY)
        with_chain, without_chain = tmp_path / "a.p12", tmp_path / "b.p12"
        with_chain.write_bytes(pki.p12(signer, "pw"))
        without_chain.write_bytes(pki.p12(signer, "pw", with_chain=False))
        sign = dict(agency=AGENCY, timezone="Asia/Ho_Chi_Minh", tsa_url=url)
        lta = signing.sign_pdf(pdfa_bytes, keys.load_signing_key(with_chain, "pw"), trust_roots=roots, **sign)
        # the chain cannot be validated at signing time (no CA anywhere): B-T, never a false B-LTA
        bt = signing.sign_pdf(pdfa_bytes, keys.load_signing_key(without_chain, "pw"), trust_roots=[], **sign)
        assert server.requests >= 3
        assert (lta.level, bt.level) == ("PAdES-B-LTA", "PAdES-B-T")
        for result in (lta, bt):
            report = verify.verify_pdf(result.data, roots)
            assert report["ok"], report
            assert report["level"] == result.level and report["timestamp"]
        # a signer's certificate that expires tomorrow: a month later, the B-T file no longer
        # verifies, the B-LTA one still does (from the validation data it carries)
        short_cert = pki.issue(AGENCY, not_after=NOW + dt.timedelta(days=1))
        short, short_no_chain = tmp_path / "short.p12", tmp_path / "short-nochain.p12"
        short.write_bytes(pki.p12(short_cert, "pw"))
        short_no_chain.write_bytes(pki.p12(short_cert, "pw", with_chain=False))
        short_lta = signing.sign_pdf(pdfa_bytes, keys.load_signing_key(short, "pw"), trust_roots=roots, **sign)
        short_bt = signing.sign_pdf(pdfa_bytes, keys.load_signing_key(short_no_chain, "pw"), trust_roots=[], **sign)
    assert (short_lta.level, short_bt.level) == ("PAdES-B-LTA", "PAdES-B-T")
    later = NOW + dt.timedelta(days=30)
    assert verify.verify_pdf(short_lta.data, roots, moment=later, allow_fetching=False)["ok"]
    expired = verify.verify_pdf(short_bt.data, roots, moment=later, allow_fetching=False)
    assert not expired["ok"] and next(c for c in expired["checks"] if c["check"] == "trusted")["ok"] is False
    with pikepdf.open(io.BytesIO(lta.data)) as pdf:
        assert "/DSS" in pdf.Root and pdf.Root.DSS.get("/CRLs")
    path = tmp_path / "bt.pdf"
    path.write_bytes(bt.data)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out and "Total document signed" in out and "ETSI.CAdES.detached" in out


def test_a_tsa_that_refuses_connections_is_a_retryable_failure(pdfa_bytes, signing_key):
    with pytest.raises(signing.SigningFailed, match="time-stamp authority"):
        signing.sign_pdf(
            pdfa_bytes,
            signing_key,
            agency=AGENCY,
            timezone="Asia/Ho_Chi_Minh",
            tsa_url=f"http://127.0.0.1:{free_port()}/",
        )


# ---------------------------------------------------------------- in the pipeline


def test_pipeline_archives_signed_pdfa_and_never_resigns(tmp_path, ctx):
    source = fx.born_digital_pdf(tmp_path / "born.pdf")
    (record,) = process_files(ctx, [str(source)])
    assert record["status"] == "archived", record.get("error")
    archive = record["archive"]
    assert archive["signed"] is True and archive["pdfa"] is True
    assert archive["signature"]["level"] == "PAdES-B-B" and archive["signature"]["signed_at"].endswith("+07:00")
    assert record["metadata"]["original_sha256"] == record["sha256"]
    assert record["metadata"]["language"] == "vi" and record["metadata"]["agency"] == AGENCY
    key = ctx.archive.key_from_url(archive["pdf"])
    data = ctx.archive.get_bytes(key)
    report = verify.verify_pdf(data, ctx.signing[1].trust_roots)
    assert report["ok"], report
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
        assert meta[f"{{{pdfa.NS}}}originalSha256"] == record["sha256"]
    # the same input again: the same record, the signed file not rewritten
    mtime = ctx.archive.local_path(key).stat().st_mtime_ns
    (again,) = process_files(ctx, [str(source)])
    assert again == record
    assert ctx.archive.local_path(key).stat().st_mtime_ns == mtime


def test_a_document_archived_by_an_interrupted_run_is_not_signed_again(tmp_path, ctx):
    from digitize.errors import DigitizeError
    from digitize.record import failed_record

    source = fx.born_digital_pdf(tmp_path / "born.pdf")
    (record,) = process_files(ctx, [str(source)])
    key = ctx.archive.key_from_url(record["archive"]["pdf"])
    signed_bytes = ctx.archive.get_bytes(key)
    # as if the run had stopped before a second document of the input was archived
    other = failed_record(
        doc_id="01J9Z6K5V7R8S0M3Q2W1E4T5Y6",
        source=record["source"],
        sha256=record["sha256"],
        error=DigitizeError("internal_error", "interrupted"),
        created_at=record["created_at"],
    )
    ctx.index.save(other, position=2, archive_key=None)
    (again,) = process_files(ctx, [str(source)])
    assert again["id"] == record["id"] and again["archive"] == record["archive"]
    assert ctx.archive.get_bytes(key) == signed_bytes  # the same signed bytes, not a new signature


def test_pipeline_pdfa_failure_still_signs_and_flags_review(tmp_path, ctx):
    # a born-digital PDF whose text is in a font it does not embed (Helvetica)
    pdf = pikepdf.open(fx.born_digital_pdf(tmp_path / "b.pdf"))
    _unembedded_font(pdf)
    source = tmp_path / "unembedded.pdf"
    pdf.save(source)
    (record,) = process_files(ctx, [str(source)])
    assert record["status"] == "archived"
    assert record["archive"]["signed"] is True and record["archive"]["pdfa"] is False
    assert REASON_PDFA_FAILED in record["review_reasons"] and record["needs_review"]
    data = ctx.archive.get_bytes(ctx.archive.key_from_url(record["archive"]["pdf"]))
    with pikepdf.open(io.BytesIO(data)) as signed_pdf:
        assert pdfa.claims_pdfa(signed_pdf) is None
    assert verify.verify_pdf(data, ctx.signing[1].trust_roots)["pdfa"] is None


def test_pipeline_tsa_down_fails_with_signing_failed_then_a_later_run_signs(tmp_path, settings, pool):
    source = fx.born_digital_pdf(tmp_path / "born.pdf")
    down = make_context(settings, pool, tsa_url=f"http://127.0.0.1:{free_port()}/tsa")
    try:
        (failed,) = process_files(down, [str(source)])
    finally:
        down.index.close()
    assert failed["status"] == "failed" and failed["error"]["code"] == "signing_failed"
    assert failed["archive"]["original"]  # the original is kept
    ctx = make_context(settings, pool)  # the TSA back (here: none configured)
    try:
        assert not list((settings.home / "archive").glob("unlinked/*/*.pdf"))  # nothing half-archived
        (record,) = process_files(ctx, [str(source)])
        assert record["status"] == "archived" and record["id"] == failed["id"]
        assert not ctx.archive.exists(layout.failed_key(record["sha256"]))
    finally:
        ctx.index.close()


# ---------------------------------------------------------------- the command line


def _run(args, home, **env):
    return subprocess.run([DIGITIZE, *args], capture_output=True, text=True, env=cli_env(home, **env), timeout=120)


def test_keys_init_first_run_warning_and_verify_command(tmp_path):
    home = tmp_path / "home"
    done = _run(["keys", "init"], home)
    assert done.returncode == 0, done.stderr
    for name in (keys.DEV_P12, keys.DEV_CA):
        assert stat.S_IMODE((home / "keys" / name).stat().st_mode) == 0o600
    # a fresh home: the first run makes the development certificate and says so once
    fresh = tmp_path / "fresh"
    source = fx.born_digital_pdf(tmp_path / "born.pdf")
    done = _run(["process", "--json", str(source)], fresh)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("development certificate") == 1
    record = json.loads(done.stdout)
    pdf = Path(record["archive"]["pdf"].removeprefix("file://"))
    done = _run(["verify", "--json", str(pdf)], fresh)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["level"] == "PAdES-B-B"
    done = _run(["verify", "--id", record["id"]], fresh)
    assert done.returncode == 0 and "valid" in done.stdout
    # the archived file no longer matches the index: --id fails, and says why
    os.chmod(pdf, 0o644)
    pdf.write_bytes(pdf.read_bytes() + b"\n% appended\n")
    done = _run(["verify", "--json", "--id", record["id"]], fresh)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert next(c for c in report["checks"] if c["check"] == "stored_sha256")["ok"] is False
    # another file, not from the trust roots (DIGITIZE_TRUST_ROOTS = the first home's CA)
    done = _run(["verify", str(pdf)], fresh, DIGITIZE_TRUST_ROOTS=str(home / "keys" / keys.DEV_CA))
    assert done.returncode == 1


def test_bad_signing_configuration_stops_the_run_with_exit_2(tmp_path, test_pki):
    home = tmp_path / "home"
    source = fx.born_digital_pdf(tmp_path / "born.pdf")
    secret = "mật-khẩu-bí-mật-42"
    good = tmp_path / "centre.p12"
    good.write_bytes(test_pki.p12(test_pki.issue(AGENCY), secret))
    expired = tmp_path / "expired.p12"
    old = test_pki.issue(
        AGENCY,
        not_before=keys.dt.datetime(2020, 1, 1, tzinfo=keys.dt.UTC),
        not_after=keys.dt.datetime(2021, 1, 1, tzinfo=keys.dt.UTC),
    )
    expired.write_bytes(test_pki.p12(old, secret))
    cases = {
        "does not exist": dict(DIGITIZE_SIGN_P12=str(tmp_path / "missing.p12"), DIGITIZE_SIGN_PASSPHRASE=secret),
        "passphrase": dict(DIGITIZE_SIGN_P12=str(good), DIGITIZE_SIGN_PASSPHRASE=secret + "-sai"),
        "expired": dict(DIGITIZE_SIGN_P12=str(expired), DIGITIZE_SIGN_PASSPHRASE=secret),
    }
    for problem, env in cases.items():
        done = _run(["-v", "process", str(source)], home, **env)
        assert done.returncode == 2, (problem, done.stdout, done.stderr)
        assert problem in " ".join(done.stderr.split()), done.stderr
        assert secret not in done.stdout + done.stderr
        assert not list((home / "archive").glob("**/*.pdf")) if (home / "archive").exists() else True
    from digitize.config import load_settings

    assert secret not in repr(load_settings({"DIGITIZE_HOME": str(home), "DIGITIZE_SIGN_PASSPHRASE": secret}))


def test_settings_keep_the_signing_variables(home):
    from digitize.config import load_settings

    s = load_settings({"DIGITIZE_HOME": str(home), "DIGITIZE_TSA_URL": "http://tsa", "DIGITIZE_RETENTION_YEARS": "7"})
    assert (s.tsa_url, s.retention_years, s.sign_p12) == ("http://tsa", 7, None)
    assert replace(s, retention_years=1).retention_years == 1


# ---------------------------------------------------------------- object lock on S3


def test_object_lock_keeps_the_signed_pdf_and_the_original(tmp_path, home, pool, s3_settings_env):
    import uuid

    import boto3
    from botocore.exceptions import ClientError

    from digitize.config import load_settings

    env = s3_settings_env
    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://{env['S3_ENDPOINT']}",
        region_name="us-east-1",
        aws_access_key_id=env["S3_ACCESS_KEY"],
        aws_secret_access_key=env["S3_SECRET_KEY"],
    )
    bucket = f"locked-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)  # versioned, with object lock
    settings = load_settings({**env, "DIGITIZE_HOME": str(home), "DIGITIZE_STORAGE": f"s3://{bucket}"})
    assert settings.retention_years == 10
    ctx = make_context(settings, pool)
    try:
        (record,) = process_files(ctx, [str(fx.born_digital_pdf(tmp_path / "born.pdf"))])
    finally:
        ctx.index.close()
    assert record["status"] == "archived" and record["archive"]["signed"]
    pdf_key = record["archive"]["pdf"].removeprefix(f"s3://{bucket}/")
    for key in (pdf_key, layout.original_key(record["sha256"])):
        head = s3.head_object(Bucket=bucket, Key=key)
        assert head["ObjectLockMode"] == "GOVERNANCE"
        assert head["ObjectLockRetainUntilDate"].year >= 2026 + 9
        with pytest.raises(ClientError) as refused:
            s3.delete_object(Bucket=bucket, Key=key, VersionId=head["VersionId"])
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
    record_key = layout.record_key(pdf_key)
    assert "ObjectLockMode" not in s3.head_object(Bucket=bucket, Key=record_key)  # the record stays correctable
