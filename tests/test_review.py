"""Corrections by archive staff: canonical values, validation, audit log, review flags."""

from __future__ import annotations

import json
import subprocess

import pytest

from digitize.pipeline import process_files
from digitize.review import ReviewError, apply_review
from digitize.understand.catalogue import default_catalogue
from tests import fixtures_pdf as fx
from tests.inputs import LINES
from tests.support import DIGITIZE, cli_env


def _record(**extra) -> dict:
    record = {
        "id": "DOC1",
        "status": "archived",
        "doc_type": "birth_certificate",
        "doc_type_confidence": 0.6,
        "fields": {"full_name": {"value": "Nguyễn Văn Aa", "confidence": 0.4, "page": 1}},
        "review_reasons": ["low_confidence:full_name", "doc_type_uncertain", "no_dossier_id"],
        "needs_review": True,
    }
    record.update(extra)
    return record


def test_values_are_made_canonical_and_reasons_settled():
    updated, audit = apply_review(
        _record(),
        {"full_name": "Nguyễn Văn An", "date_of_birth": "12/3/2019", "gender": "Nữ", "personal_id": "077 319 001234"},
        default_catalogue(),
        doc_type="birth_certificate",
        actor="lan",
        at="2026-11-26T10:00:00+07:00",
    )
    assert {k: v["value"] for k, v in updated["fields"].items()} == {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "2019-03-12",
        "gender": "female",
        "personal_id": "077319001234",
    }
    assert all(v["confidence"] == 1.0 for v in updated["fields"].values())
    assert updated["review_reasons"] == ["no_dossier_id"] and updated["needs_review"]
    assert updated["reviewed"] and updated["reviewed_by"] == "lan"
    assert audit["full_name"] == ["Nguyễn Văn Aa", "Nguyễn Văn An"]
    assert audit["doc_type"] == ["birth_certificate", "birth_certificate"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"enterprise_code": "0123456789"}, "has no field"),
        ({"personal_id": "077219001234", "date_of_birth": "12/3/2019", "gender": "Nữ"}, "personal_id"),  # says male
        ({"date_of_birth": "31/02/2019"}, "date_of_birth"),
    ],
)
def test_wrong_corrections_are_refused_in_plain_words(changes, message):
    with pytest.raises(ReviewError, match=message):
        apply_review(_record(), changes, default_catalogue(), actor="lan", at="now")


def test_unknown_type_needs_a_type_first():
    with pytest.raises(ReviewError, match="type first"):
        apply_review(
            _record(doc_type="unknown", fields={}),
            {"full_name": "Lê Văn Bình"},
            default_catalogue(),
            actor="x",
            at="now",
        )
    with pytest.raises(ReviewError, match="not a document type"):
        apply_review(_record(), {}, default_catalogue(), doc_type="passport", actor="x", at="now")


def test_resolve_settles_reasons_without_changing_a_value():
    record = _record()
    updated, audit = apply_review(
        record, {}, default_catalogue(), resolve=["no_dossier_id", "doc_type_uncertain"], actor="lan", at="now"
    )
    assert updated["review_reasons"] == ["low_confidence:full_name"] and updated["needs_review"]
    assert updated["fields"] == record["fields"] and updated["doc_type"] == record["doc_type"]
    assert audit == {"review_reasons": [record["review_reasons"], ["low_confidence:full_name"]]}
    with pytest.raises(ReviewError, match="no review reason 'pdfa_failed'"):
        apply_review(record, {}, default_catalogue(), resolve=["pdfa_failed"], actor="lan", at="now")


def test_review_command_resolves_a_reason(ctx):
    record = _record(id="DOC-RESOLVE", sha256="ab" * 32, source="/x", review_reasons=["no_dossier_id"])
    ctx.index.save(record, position=1, archive_key=None)
    run = lambda *args: subprocess.run(  # noqa: E731
        [DIGITIZE, "review", "DOC-RESOLVE", *args], capture_output=True, text=True, env=cli_env(ctx.settings.home)
    )
    done = run("--resolve", "no_dossier_id", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["review_reasons"] == []
    [entry] = ctx.index.audit_trail("DOC-RESOLVE")
    assert entry["action"] == "review" and entry["changes"]["review_reasons"] == [["no_dossier_id"], []]
    refused = run("--resolve", "no_dossier_id")
    assert refused.returncode == 1 and "no review reason" in refused.stderr


@pytest.mark.tesseract
def test_review_command_updates_archive_index_and_audit(ctx, tmp_path):
    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES, dpi=200).save(scan, dpi=(200, 200))
    [record] = process_files(ctx, [str(scan)])
    home = ctx.settings.home
    done = subprocess.run(
        [
            DIGITIZE,
            "review",
            record["id"],
            "--type",
            "birth_certificate",
            "--set",
            "full_name=Nguyễn Văn Ân",
            "--set",
            "date_of_birth=12/03/2019",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=cli_env(home),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    updated = json.loads(done.stdout)
    assert updated["doc_type"] == "birth_certificate" and updated["reviewed"]
    assert updated["fields"]["date_of_birth"]["value"] == "2019-03-12"
    assert ctx.index.get(record["id"])["fields"]["full_name"]["value"] == "Nguyễn Văn Ân"
    beside = json.loads(
        (home / "archive" / "unlinked" / record["sha256"][:2] / f"{record['sha256']}.1.json").read_text()
    )
    assert beside["reviewed"] is True
    [entry] = ctx.index.audit_trail(record["id"])
    assert entry["action"] == "review" and entry["changes"]["full_name"] == ["Nguyễn Văn An", "Nguyễn Văn Ân"]
    assert [r["id"] for r in ctx.index.reviewed_records()] == [record["id"]]

    refused = subprocess.run(
        [DIGITIZE, "review", record["id"], "--set", "gender=unknown-ish"],
        capture_output=True,
        text=True,
        env=cli_env(home),
        timeout=120,
    )
    assert refused.returncode == 1 and "Not changed" in refused.stderr


@pytest.mark.tesseract
def test_linking_later_moves_the_document(ctx, tmp_path):
    from digitize.review import LinkError, link_document

    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES, dpi=200).save(scan, dpi=(200, 200))
    [record] = process_files(ctx, [str(scan)])
    old = ctx.archive.key_from_url(record["archive"]["pdf"])
    assert old.startswith("unlinked/")
    pdf_bytes = ctx.archive.get_bytes(old)
    dossier = "000.00.12.H29-250301-0042"
    linked = link_document(ctx, record["id"], dossier, actor="lan")
    new = ctx.archive.key_from_url(linked["archive"]["pdf"])
    assert new == f"dossiers/{dossier}/{dossier}.01.pdf"
    assert ctx.archive.get_bytes(new) == pdf_bytes and not ctx.archive.exists(old)
    assert "no_dossier_id" not in linked["review_reasons"]
    assert [r["id"] for r in ctx.index.dossier_records(dossier)] == [record["id"]]
    assert ctx.index.audit_trail(record["id"])[-1]["action"] == "link"
    # the same bytes processed again answer with the linked record
    assert process_files(ctx, [str(scan)])[0]["dossier_id"] == dossier
    with pytest.raises(LinkError, match="not a dossier code"):
        link_document(ctx, record["id"], "../../etc/passwd", actor="x")


@pytest.mark.parametrize(
    ("typed", "read"), [("Nữ", "female"), ("nu", "female"), ("NAM", "male"), ("Male", "male"), ("Nam/Male", "male")]
)
def test_a_typed_gender_reads_as_the_page_reads_it(typed, read):
    from digitize.review import canonical
    from digitize.understand.kinds import parse_value
    from digitize.understand.layout import Token
    from digitize.understand.textmatch import match_key

    assert canonical("gender", typed) == read
    assert parse_value("gender", [Token(typed, match_key(typed), 0.9, (0, 0, 10, 10))]).value == read
