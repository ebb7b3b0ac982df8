"""The second layout family of the cards, civil-status, land, permit and business types
(samples.layouts_b_more): each builder draws for many seeds, its truth fields are canonical
and valid (the validators of tests/test_generator.py, written apart from the generator), each
printed form is in the page text, cards stay card-sized, and the layouts it exists for are
drawn (several fields on a line, a place-date line broken in two, prose)."""

from __future__ import annotations

import re

import pytest

from tests.test_generator import SPEC_FIELDS, field_problems, squash, text_problems

TYPES = (
    "citizen_id_card",
    "health_insurance_card",
    "death_certificate",
    "marriage_certificate",
    "land_use_certificate",
    "construction_permit",
    "business_registration",
)
SEEDS = 25
# the fields every variant of the type prints (the others depend on the variant: a CMND has
# no expiry, a household business no enterprise code, a card valid "from" alone no end)
ALWAYS = {
    "citizen_id_card": {"personal_id", "full_name", "date_of_birth", "place_of_residence"},
    "health_insurance_card": {"insurance_number", "full_name", "date_of_birth", "gender", "valid_from"},
    "business_registration": {"company_name", "first_registration_date", "full_name", "personal_id"},
}


def test_every_type_has_a_family_b_builder():
    from samples.doctypes import BUILDERS_B

    assert set(TYPES) <= set(BUILDERS_B)


@pytest.mark.parametrize("doc_type", TYPES)
def test_family_b_truth_is_valid_and_printed(doc_type):
    from samples.generate import field_pages, generate

    for i in range(SEEDS):
        gen = generate(doc_type, f"lb-{i}", layout="b", sheet=False)
        doc = gen.document
        assert doc.layout == "b"
        problems = field_problems(doc_type, doc.fields, doc.printed)
        problems += text_problems(doc.printed, gen.page_texts)
        assert not problems, f"{doc_type} seed lb-{i}: {problems}"
        assert set(field_pages(doc.printed, gen.page_texts)) == set(doc.fields)
        assert ALWAYS.get(doc_type, SPEC_FIELDS[doc_type]) <= set(doc.fields) <= SPEC_FIELDS[doc_type]
        if doc.card:
            sides = 2 if doc_type == "citizen_id_card" else 1
            assert len(gen.pages) == sides, f"{doc_type} seed lb-{i}: text does not fit the card"
            assert round(gen.pages[0].size[0] / 72 * 25.4, 1) == 85.6


def test_family_b_draws_what_it_is_for():
    """Across seeds: several labelled fields on one line, a place-date line broken before
    "năm" or after the place, and prose permits and certificates."""
    from samples.generate import generate

    seen = set()
    for doc_type in TYPES:
        for i in range(SEEDS):
            lines = [ln for t in generate(doc_type, f"lb-{i}", layout="b").page_texts for ln in t.split("\n")]
            if any(len(re.findall(r"[^\s:]+: \S", ln)) >= 3 for ln in lines):
                seen.add("three on a line")
            if any(re.fullmatch(r"năm \d{4}", ln) for ln in lines):
                seen.add("date broken before năm")
            if any(ln.endswith(",") and re.match(r"ngày \d", nxt) for ln, nxt in zip(lines, lines[1:])):
                seen.add("date on the line after the place")
            if any("cấp giấy phép xây dựng cho" in ln or "Hộ ông (bà):" in ln for ln in lines):
                seen.add("prose")
    assert seen == {"three on a line", "date broken before năm", "date on the line after the place", "prose"}


def test_other_people_on_the_page_are_not_in_the_truth():
    """A death extract prints the declarant's ID, a land certificate the spouse's: the truth
    keeps the subject's only."""
    from samples.generate import generate

    for doc_type in ("death_certificate", "land_use_certificate"):
        for i in range(SEEDS):
            gen = generate(doc_type, f"lb-{i}", layout="b")
            text = squash(" ".join(gen.page_texts))
            ids = set(re.findall(r"(?<!\d)\d{12}(?!\d)", text))
            assert gen.document.fields["personal_id"] in ids
            assert all(v not in ids - {gen.document.fields["personal_id"]} for v in gen.document.fields.values())
