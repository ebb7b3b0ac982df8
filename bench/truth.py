"""Read the ground truth of generated scans (``samples.generate``, ``samples/scans``,
``samples/set``) for benchmarks and evaluations.

    from bench import truth
    for t in truth.load_all("samples/set"):          # every *.truth.json under the folder
        for path, docs in t.inputs():                   # what to feed `digitize process`
            for doc in docs:                            # the records expected from that input
                doc.doc_type, doc.dossier_id, doc.fields, doc.page_range, doc.page_texts

The truth files (one per scan, ``<name>.truth.json`` next to ``<name>.<ext>``):

- ``"kind": "document"`` — one document: ``doc_type``, ``fields`` (canonical values, see
  shared/spec/document-types.md), ``printed`` (the string drawn for each field),
  ``field_pages``, ``dossier_id`` (receipts; else null), ``profile``, ``pages`` (the text of
  each page, NFC, reading order), ``files`` (one file, or one per page for png/jpg pages),
  ``format``, ``dpi``, ``barcodes``, ``stamps``, ``degradation`` (per page; ``rotation``
  is counter-clockwise degrees), ``split``, ``seed``.
- ``"kind": "box"`` — several dossiers in one file: ``pages`` (the page count),
  ``documents`` (each with ``doc_type``, ``dossier_id``, ``page_range`` [first, last],
  ``fields``, ``pages`` texts...), ``separators`` (page numbers, not documents),
  ``dossiers`` (code, how it starts, page range, the symbol that carries the code),
  ``page_texts``, ``barcodes``.

Older truth files without ``kind`` are read as documents.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SCAN_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf")


@dataclass
class ExpectedDocument:
    """One record that processing an input should produce."""

    source: Path  # the input file
    doc_type: str
    dossier_id: str | None
    fields: dict[str, str]
    page_range: tuple[int, int]  # 1-based, within ``source``
    page_texts: list[str]
    profile: str | None = None
    title: str = ""
    printed: dict[str, str] = field(default_factory=dict)
    field_pages: dict[str, int] = field(default_factory=dict)  # 1-based within the document
    truth_path: Path | None = None
    layout: str = "a"  # the generator's layout family (truths written before it: "a")

    @property
    def pages(self) -> int:
        return self.page_range[1] - self.page_range[0] + 1

    @property
    def text(self) -> str:
        """The document's text as a record carries it: pages separated by form feeds."""
        return "\f".join(self.page_texts)


@dataclass
class Truth:
    path: Path  # the .truth.json
    data: dict

    @property
    def kind(self) -> str:
        return self.data.get("kind", "document")

    @property
    def files(self) -> list[Path]:
        return [self.path.parent / f for f in self.data.get("files", [])]

    @property
    def page_texts(self) -> list[str]:
        return list(self.data["page_texts"] if self.kind == "box" else self.data["pages"])

    @property
    def page_count(self) -> int:
        return len(self.page_texts)

    @property
    def profile(self) -> str | None:
        return self.data.get("profile")

    @property
    def separators(self) -> list[int]:
        return list(self.data.get("separators", []))

    @property
    def barcodes(self) -> list[dict]:
        return list(self.data.get("barcodes", []))

    def documents(self) -> list[ExpectedDocument]:
        """The documents in the scan, in order (a box scan expands to its documents; for a
        document split over page files, ``source`` is the first file)."""
        d = self.data
        if self.kind == "box":
            return [
                ExpectedDocument(
                    self.files[0],
                    doc["doc_type"],
                    doc.get("dossier_id"),
                    dict(doc["fields"]),
                    (doc["page_range"][0], doc["page_range"][1]),
                    list(doc["pages"]),
                    doc.get("profile", d.get("profile")),
                    doc.get("title", ""),
                    dict(doc.get("printed", {})),
                    dict(doc.get("field_pages", {})),
                    self.path,
                    doc.get("layout", "a"),
                )
                for doc in d["documents"]
            ]
        return [
            ExpectedDocument(
                self.files[0] if self.files else self.path,
                d["doc_type"],
                d.get("dossier_id"),
                dict(d["fields"]),
                (1, len(d["pages"])),
                list(d["pages"]),
                d.get("profile"),
                d.get("title", ""),
                dict(d.get("printed", {})),
                dict(d.get("field_pages", {})),
                self.path,
                d.get("layout", "a"),
            )
        ]

    def inputs(self) -> list[tuple[Path, list[ExpectedDocument]]]:
        """Each input file with the records expected from it. A document written as one
        image per page gives one input per page, each expected to be a one-page document
        with the fields printed on that page."""
        docs = self.documents()
        files = self.files
        if self.kind == "box" or len(files) <= 1:
            return [(files[0] if files else self.path, docs)]
        doc = docs[0]
        out = []
        for k, f in enumerate(files, 1):
            keys = [n for n in doc.fields if doc.field_pages.get(n, 1) == k]
            out.append(
                (
                    f,
                    [
                        ExpectedDocument(
                            f,
                            doc.doc_type,
                            doc.dossier_id,
                            {n: doc.fields[n] for n in keys},
                            (1, 1),
                            [doc.page_texts[k - 1]],
                            doc.profile,
                            doc.title,
                            {n: doc.printed[n] for n in keys if n in doc.printed},
                            {n: 1 for n in keys},
                            self.path,
                            doc.layout,
                        )
                    ],
                )
            )
        return out


def truth_path_for(scan: str | Path) -> Path:
    """The truth file of a scan file (``x.jpg`` -> ``x.truth.json``; a page file
    ``x-p2.png`` -> ``x.truth.json``)."""
    scan = Path(scan)
    if scan.name.endswith(".truth.json"):
        return scan
    direct = scan.with_name(scan.stem + ".truth.json")
    if direct.exists():
        return direct
    base = re.sub(r"-p\d+$", "", scan.stem)
    return scan.with_name(base + ".truth.json")


def load(path: str | Path) -> Truth:
    """The truth of a scan file or a ``.truth.json``."""
    p = truth_path_for(path)
    return Truth(p, json.loads(p.read_text(encoding="utf-8")))


def load_all(paths: str | Path | Iterable[str | Path]) -> list[Truth]:
    """Every truth under the given folders/files, sorted by path (each file once)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for t in sorted(p.rglob("*.truth.json")):
                found[t] = None
        else:
            found[truth_path_for(p)] = None
    return [load(p) for p in sorted(found)]


def words(text: str) -> list[str]:
    """Lower-case NFC word tokens (for word-level recall/precision of OCR text)."""
    text = unicodedata.normalize("NFC", text).lower()
    return [w for w in re.findall(r"[\w./@:-]+", text) if w.strip(".-/:")]
