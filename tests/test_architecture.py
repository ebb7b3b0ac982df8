"""The layering rules of ARCHITECTURE.md, read from the imports (at the top of a module, inside
functions and under TYPE_CHECKING alike), so a change that breaks one fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import REPO

FACES = ("cli", "workers", "api")

# (folder, packages it must not import, why)
RULES = [
    ("digitize", FACES, "the domain never imports a face"),
    ("ocr", FACES + ("digitize", "storage"), "ocr/ knows no dossiers and no archive"),
    ("storage", FACES + ("digitize",), "storage is given its settings and imports nothing of digitize/"),
    ("digitize/ingest", ("storage",), "a stage decides; the pipeline talks to storage"),
    ("digitize/understand", ("storage",), "a stage decides; the pipeline talks to storage"),
    ("digitize/link", ("storage",), "the linker decides; moving files is storage's, asked by the pipeline"),
]


def imported_packages(path: Path, root: Path) -> set[str]:
    """Top-level package names a module imports (relative imports resolved to their package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    package = path.relative_to(root).parts[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(package if node.level else (node.module or "").split(".")[0])
    return names


def violations(folder: str, forbidden: tuple[str, ...], root: Path = REPO) -> list[str]:
    found = []
    for path in sorted((root / folder).rglob("*.py")):
        bad = imported_packages(path, root) & set(forbidden)
        found += [f"{path.relative_to(root)} imports {name}" for name in sorted(bad)]
    return found


@pytest.mark.parametrize("folder,forbidden,why", RULES, ids=[r[0] for r in RULES])
def test_layering(folder, forbidden, why):
    assert (REPO / folder).is_dir()
    assert violations(folder, forbidden) == [], why


def test_the_rules_see_imports_inside_functions_and_relative_ones(tmp_path):
    # A check that could not fail would be worthless: hidden imports are found too.
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "probe.py").write_text("def f():\n    from digitize.config import load_settings\n")
    (tmp_path / "digitize" / "link").mkdir(parents=True)
    (tmp_path / "digitize" / "link" / "probe.py").write_text("import cli\nfrom . import barcodes\n")
    assert violations("storage", ("digitize",), tmp_path) == ["storage/probe.py imports digitize"]
    assert violations("digitize/link", FACES, tmp_path) == ["digitize/link/probe.py imports cli"]


# Tesseract is started by one module, with the configured program, models and timeout.
ENGINE = "ocr/tesseract.py"
PRODUCT = ("ocr", "digitize", "storage", "workers", "api", "cli.py")


def tesseract_outside_the_engine(root: Path = REPO) -> list[str]:
    """Modules other than the engine that start processes and name `tesseract`, or that use
    pytesseract (which runs the program of a module global)."""
    found = []
    for part in PRODUCT:
        paths = [root / part] if part.endswith(".py") else sorted((root / part).rglob("*.py"))
        paths = [path for path in paths if path.is_file()]
        for path in paths:
            name = str(path.relative_to(root))
            source = path.read_text(encoding="utf-8")
            if "pytesseract" in imported_packages(path, root):
                found.append(f"{name} imports pytesseract")
            if name != ENGINE and "subprocess" in source and "tesseract" in source.lower():
                found.append(f"{name} may run tesseract")
    return found


def test_only_the_engine_runs_tesseract(tmp_path):
    assert tesseract_outside_the_engine() == []
    (tmp_path / "ocr").mkdir()
    (tmp_path / "ocr" / "probe.py").write_text("import subprocess\nsubprocess.run(['tesseract', '--version'])\n")
    (tmp_path / "ocr" / "tesseract.py").write_text("import pytesseract\n")
    assert tesseract_outside_the_engine(tmp_path) == [
        "ocr/probe.py may run tesseract",
        "ocr/tesseract.py imports pytesseract",
    ]
