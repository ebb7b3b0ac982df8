"""One dossier-code rule for every source: validators, barcodes (codes and text), the linker
(review station and `digitize review`), the CLI's --dossier, a campaign manifest and the hot
folder all agree on the same list of good and bad codes."""

from __future__ import annotations

import pytest
import typer

import cli
from digitize.campaign import parse_manifest
from digitize.link import barcodes
from digitize.link.linking import LinkError, check_dossier_code
from digitize.pipeline import process_files
from digitize.understand import validators
from digitize.understand.validators import Problem
from digitize.understand.values import _find_dossier
from workers.watch import HotFolder, NotSubmitted

GOOD = [
    "000.00.12.H02-230818-0001",
    "000.20.38.H29-240229-0025",  # a leap day
    "000.31.23.H29-180823-9999",
]
BAD = [
    ("000.00.12.H02-230818-0000", Problem.SEQUENCE),  # the day's sequence starts at 0001
    ("000.00.12.H02-230230-0001", Problem.DATE),  # 30 February
    ("000.00.12.H29-230229-0012", Problem.DATE),  # 2023 is no leap year
    ("000.00.12.H02-231318-0001", Problem.DATE),  # month 13
    ("000.00.12.H02-230800-0001", Problem.DATE),  # day 0
    ("000.00.12.h02-230818-0001", Problem.FORMAT),  # lower-case agency letter
    ("000.00.12.H02-2308-1", Problem.FORMAT),
    (" 000.00.12.H02-230818-0001", Problem.FORMAT),
    ("000.00.12.H02-230818-0001\n", Problem.FORMAT),
    ("../../etc", Problem.FORMAT),
    ("", Problem.FORMAT),
]


@pytest.mark.parametrize("code", GOOD)
def test_a_good_code_passes_every_source(code, tmp_path):
    assert validators.dossier_id(code) == validators.OK
    assert barcodes.is_valid_dossier_id(code)
    assert barcodes.Code("code128", code, (0, 0, 1, 1)).dossier_id == code
    assert barcodes.find_dossier_ids(f"Mã hồ sơ: {code}") == [code]
    check_dossier_code(code)
    cli._dossier_option(code)
    (tmp_path / "box").mkdir()
    rows = parse_manifest(f"path,dossier_id\nbox,{code}\n", tmp_path, ())
    assert rows["box"].dossier_id == code
    folder = HotFolder(tmp_path, lambda path, dossier: "job")
    (tmp_path / code).mkdir()
    assert folder.dossier_of(tmp_path / code / "scan.pdf") == code


@pytest.mark.parametrize(("code", "why"), BAD)
def test_a_bad_code_fails_every_source_for_the_same_reason(code, why, tmp_path):
    check = validators.dossier_id(code)
    assert not check.ok and check.code == why and check.problem
    assert not barcodes.is_valid_dossier_id(code)
    assert barcodes.Code("code128", code, (0, 0, 1, 1)).dossier_id in (None, code.strip())
    with pytest.raises(LinkError, match="not a dossier code") as raised:
        check_dossier_code(code)
    assert raised.value.code == why
    with pytest.raises(typer.Exit):
        cli._dossier_option(code)
    with pytest.raises(ValueError, match="not a dossier code"):
        process_files(None, [], dossier_id=code)  # the pipeline's own guard, before any work
    if code.strip() != code or not code:
        return  # a manifest cell and a side file are stripped of spaces before the rule
    if "," not in code:
        (tmp_path / "box").mkdir()
        with pytest.raises(Exception, match="not a dossier code"):
            parse_manifest(f"path,dossier_id\nbox,{code}\n", tmp_path, ())
    folder = HotFolder(tmp_path, lambda path, dossier: "job")
    side = tmp_path / "scan.pdf.dossier"
    side.write_text(code + "\n")
    with pytest.raises(NotSubmitted):
        folder.dossier_of(tmp_path / "scan.pdf")


def test_page_text_keeps_a_shaped_code_for_review_but_links_only_a_valid_one():
    text = "Mã hồ sơ: 000.00.12.H02-230230-0001"
    assert barcodes.find_dossier_ids(text) == []
    value, a, b = _find_dossier(text)
    assert value == "000.00.12.H02-230230-0001" and text[a:b] == value
    assert validators.dossier_id(value).code == Problem.DATE
    # look-alikes and loose separators put right by the one finder; a valid one first
    text = "Số: OOO.OO.l2 . H02 – 23O818-OO01 và 000.00.12.H02-230818-0000"
    value, a, b = _find_dossier(text)
    assert value == "000.00.12.H02-230818-0001" and text[a:b].startswith("OOO")
    assert barcodes.find_dossier_ids(text) == ["000.00.12.H02-230818-0001"]
    assert _find_dossier("no code here") == (None, 0, 0)
