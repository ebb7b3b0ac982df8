"""Layout family "b" (samples.layouts_b*): every builder's truth says what it drew, family
"b" documents are set in their own faces, and family "a" documents are what they were
before the family existed (the committed sets included)."""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from pathlib import Path

import pytest

from bench import truth as T
from tests.test_generator import SPEC_FIELDS, field_problems, squash, text_problems

REPO = Path(__file__).resolve().parent.parent
B_TYPES = ("birth_certificate", "decision", "application_form", "receipt", "residence_confirmation")
PROFILES = (None, "office", "legacy", "bilevel", "fax")


@pytest.mark.parametrize("doc_type", B_TYPES)
def test_family_b_builder_truth_is_what_it_drew(doc_type):
    from samples.doctypes import BUILDERS_B
    from samples.generate import field_pages, generate

    assert doc_type in BUILDERS_B
    variants = set()
    for i in range(30):
        gen = generate(doc_type, f"b-{i}", layout="b", profile=PROFILES[i % len(PROFILES)])
        doc = gen.document
        truth = gen.truth(profile="clean", dpi=150, fmt="png", files=[])
        assert truth["layout"] == "b"
        problems = field_problems(doc_type, doc.fields, doc.printed) + text_problems(doc.printed, gen.page_texts)
        assert not problems, f"{doc_type} b-{i}: {problems}"
        assert set(field_pages(doc.printed, gen.page_texts)) == set(doc.fields)
        assert all(t == unicodedata.normalize("NFC", t) for t in gen.page_texts)
        variants.add(doc.variant)
        # the fields a document of this type must always carry
        must = {"full_name"} | ({"issue_date"} if doc_type in ("decision", "residence_confirmation") else set())
        assert must <= set(doc.fields) <= SPEC_FIELDS[doc_type]
    assert len(variants) >= 2, f"{doc_type}: one variant only {variants}"


def test_family_b_prints_what_family_a_does_not():
    """Wrapped place-and-date lines, several fields on one line, the decision's person
    only in running text: each drawn at least once in a few documents."""
    from samples.generate import generate

    seen = set()
    for i in range(20):
        for doc_type in B_TYPES:
            gen = generate(doc_type, f"kinds-{i}", layout="b")
            text = "\n".join(gen.page_texts)
            lines = text.split("\n")
            if any(line.startswith("năm 20") for line in lines):
                seen.add("wrapped date")
            if any(line.count(":") >= 3 for line in lines):
                seen.add("three fields on a line")
            name = gen.document.printed.get("full_name", "")
            if doc_type == "decision" and not any(line.split(":")[-1].strip() == name for line in lines):
                seen.add("person in running text")
    assert seen == {"wrapped date", "three fields on a line", "person in running text"}


def test_a_value_that_is_not_the_documents_field_is_not_in_the_truth():
    """A birth certificate prints the parents' years of birth, a residence confirmation
    other members' dates: none of them is in the truth, whose date of birth is the
    citizen's."""
    from samples.generate import generate

    for i in range(10):
        for doc_type in ("birth_certificate", "residence_confirmation"):
            doc = generate(doc_type, f"years-{i}", layout="b").document
            assert doc.fields["date_of_birth"] == doc.person.dob.isoformat()
            assert not any(v.isdigit() and len(v) == 4 for v in doc.fields.values())


# --------------------------------------------------------------------------- faces


def vietnamese_letters() -> list[str]:
    letters = {"đ", "Đ"}
    for base in "aăâeêioôơuưy":
        for mark in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            for c in (base, base.upper()):
                letters.add(unicodedata.normalize("NFC", c + mark))
    return sorted(letters)


def missing_letters(path: str) -> list[str]:
    from fontTools.ttLib import TTFont

    cmap = TTFont(path, lazy=True).getBestCmap()
    return [c for c in vietnamese_letters() if ord(c) not in cmap]


def test_family_b_faces_have_every_vietnamese_letter():
    from samples.render import FAMILIES_B, font_path

    assert len(vietnamese_letters()) == 12 * 6 * 2 + 2  # vowels x tones x cases, đ Đ
    for fam in FAMILIES_B:
        for name in fam.files():
            try:
                path = font_path(name)
            except FileNotFoundError:
                continue  # not installed here: pick_family falls back
            assert not missing_letters(path), (name, missing_letters(path))
    nimbus = Path("/usr/share/fonts/opentype/urw-base35/NimbusRoman-Regular.otf")
    if nimbus.exists():  # the check rejects the face left out for lacking ơ, ư, ạ …
        assert "ơ" in missing_letters(str(nimbus))


def test_family_b_uses_its_faces_and_family_a_keeps_its_own():
    from samples.generate import generate
    from samples.render import FAMILIES, FAMILIES_B

    a_names = {f.name for f in FAMILIES}
    b_names = {f.name for f in FAMILIES_B}
    kinds = {f.name: f.kind for f in FAMILIES + FAMILIES_B}
    b_fonts = [generate("receipt", f"face-{i}", layout="b").theme.family for i in range(40)]
    a_fonts = [generate("receipt", f"face-{i}", layout="a").theme.family for i in range(40)]
    assert set(b_fonts) <= b_names and set(a_fonts) <= a_names
    assert sum(kinds[f] == "serif" for f in b_fonts) >= 24  # mostly serif, like official papers
    assert "Tinos" in b_fonts
    legacy = {generate("decision", f"face-{i}", layout="b", profile="legacy").theme.family for i in range(10)}
    assert "Cousine" in legacy  # the typewriter profile draws family b's mono face


def test_a_missing_family_b_face_falls_back(monkeypatch):
    from samples import render

    monkeypatch.setattr(render, "family_available", lambda name: name != "Tinos")
    for seed in range(10):
        fam = render.pick_family(random.Random(seed), "serif", render.FACES["b"])
        assert fam.kind == "serif" and fam.name != "Tinos"


# --------------------------------------------------------------------------- family "a" unchanged

# ``fingerprint`` (fields, printed forms, page texts and theme) of family-"a" documents,
# computed on commit a9d1a4b, before the layout hook; seeds whose layout draw gives "a".
BEFORE = {
    "birth_certificate|keep-a-0|None": "b41df72ca03bf7ab",
    "birth_certificate|keep-a-1|legacy": "9c54c960f800d248",
    "decision|keep-a-0|None": "68987463021b01a7",
    "decision|keep-a-2|legacy": "6ff2be136aead86a",
    "application_form|keep-a-1|None": "7cf95c48a6eedbd2",
    "application_form|keep-a-2|legacy": "b64f5a9c99e77496",
    "receipt|keep-a-0|None": "834f1a29ca781fd8",
    "receipt|keep-a-1|legacy": "e61b45d53904d5b9",
    "residence_confirmation|keep-a-0|None": "4468478795c22851",
    "residence_confirmation|keep-a-2|legacy": "e1712b740e70cbd1",
    "citizen_id_card|keep-a-1|None": "a1e479e98de4c8c0",
    "citizen_id_card|keep-a-2|legacy": "f41ff646869eac21",
}


def fingerprint(gen) -> str:
    doc = gen.document
    data = {"fields": doc.fields, "printed": doc.printed, "pages": gen.page_texts, "theme": repr(gen.theme)}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def test_family_a_documents_are_what_they_were():
    from samples.generate import LAYOUT_B_SHARE, generate

    for key, want in BEFORE.items():
        doc_type, seed, profile = key.split("|")
        assert random.Random(f"{seed}:layout").random() >= LAYOUT_B_SHARE  # drawn "a"
        gen = generate(doc_type, seed, profile=None if profile == "None" else profile)
        assert gen.document.layout == "a"
        assert fingerprint(gen) == want, key


def test_layout_draw():
    from samples.doctypes import BUILDERS_B
    from samples.generate import LAYOUT_B_SHARE, generate

    drawn = [generate("receipt", f"share-{i}").document.layout for i in range(60)]
    assert abs(drawn.count("b") / len(drawn) - LAYOUT_B_SHARE) < 0.2
    assert all(generate("receipt", f"share-{i}", layout="a").document.layout == "a" for i in range(5))
    without = [t for t in SPEC_FIELDS if t not in BUILDERS_B][:1]
    for t in without:  # a type without a family-"b" builder is always "a"
        assert {generate(t, f"share-{i}").document.layout for i in range(8)} == {"a"}


def test_committed_sets_regenerate_as_family_a():
    """make_set and make_demo_set pin family "a": they draw the committed page texts and
    fields again (some of their seeds would draw "b" otherwise)."""
    from samples.generate import LAYOUT_B_SHARE
    from samples.make_demo_set import DEMO_SET, sample_document
    from samples.make_set import set_document

    truths = T.load_all([REPO / "samples" / "set", REPO / "samples" / "scans"])
    committed = {f"{t.path.parent.name}/{t.path.name}": t.data for t in truths}
    drawn = [(f"scans/{s.name}.truth.json", sample_document(s)) for s in DEMO_SET]
    for name, d in committed.items():
        if d["kind"] == "document" and d["seed"].startswith("set-"):
            drawn.append((name, set_document(d["doc_type"], d["profile"].replace("born_digital", "digital"))))
    assert len(drawn) > 50
    would_draw_b = 0
    for name, gen in drawn:
        d = committed[name]
        assert gen.seed == d["seed"] and gen.page_texts == d["pages"], name
        assert gen.document.fields == d["fields"] and gen.document.printed == d["printed"], name
        would_draw_b += (
            gen.document.doc_type in B_TYPES and random.Random(f"{d['seed']}:layout").random() < LAYOUT_B_SHARE
        )
    assert would_draw_b > 0


def test_box_documents_say_their_layout(tmp_path):
    from samples.boxes import BoxJob, run_box

    truth = run_box(BoxJob(1, "layout-box", "office", "pdf", 72, str(tmp_path), dossiers=2, layout="b"))
    assert truth["documents"] and {d["layout"] for d in truth["documents"]} <= {"a", "b"}
    kinds = {d["doc_type"]: d["layout"] for d in truth["documents"]}
    assert all(v == "b" for k, v in kinds.items() if k in B_TYPES)
    for d in truth["documents"]:
        text = squash(" ".join(d["pages"]))
        assert all(squash(v) in text for v in d["printed"].values())


def test_extraction_bench_reports_per_layout(tmp_path):
    """bench.truth reads a document's layout family (old truths: "a") and the extraction
    bench tallies type and field accuracy per family."""
    from bench import extraction

    for name, layout in (("x.truth.json", "b"), ("y.truth.json", None)):
        data = {"kind": "document", "doc_type": "receipt", "fields": {"full_name": "An"}, "pages": ["An"]}
        data |= {"files": [name.replace(".truth.json", ".png")], "profile": "clean"}
        if layout:
            data["layout"] = layout
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
        (tmp_path / data["files"][0]).write_bytes(b"")
    truths = T.load_all(tmp_path)
    assert sorted(d.layout for t in truths for d in t.documents()) == ["a", "b"]
    records = [
        {"source": str(tmp_path / "x.png"), "status": "archived", "doc_type": "receipt", "fields": {}},
        {
            "source": str(tmp_path / "y.png"),
            "status": "archived",
            "doc_type": "receipt",
            "fields": {"full_name": {"value": "An"}},
        },
    ]
    scores = extraction.Scores()
    extraction.score(extraction.match(truths, records), scores)
    assert str(scores.field_per_layout["a"]) == "1.000 (1/1)" and str(scores.field_per_layout["b"]) == "0.000 (0/1)"
    assert "per layout family" in extraction.report(scores)
