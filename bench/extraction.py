"""Classification and field extraction against the truth, on generated scans.

    python -m bench.extraction [--n 60] [--seed 0] [--box 1] [--model PATH]
                               [--split test|train] [--profile P] [--keep DIR]
                               [--records FILE] [--reextract DIR]
                               [--types T1,T2] [--layout mixed|a|b] [--set DIR]

Generates N documents (all types in turn, profiles mixed unless --profile) and --box box
scans of the TEST split (default; pass --split train when looking for errors to fix — never
tune on test) into a temporary folder, processes them in this process as ``digitize process``
does (digitize.pipeline.process_files) with DIGITIZE_WORKERS=2 and a throwaway DIGITIZE_HOME
(with the trained model copied in when --model is given), and compares each record with its truth (box scans: matched by
``source_pages`` against the truth's page ranges):

- type accuracy, overall and per type, and the confusion between types;
- type and field accuracy per layout family of the generator (``--layout b`` generates
  family "b" only, where the type has one; ``--types`` restricts the types);
- field exact match (canonical values; names and free text without regard to case, as
  shared/spec/document-types.md compares them) per field, per type and per profile, over the
  fields the truth carries; a field of a wrongly typed document counts as missed;
- fields reported that the truth does not have (must be 0), fields missed, and how many of
  the wrong values were flagged for review (low_confidence/invalid on the field, or the
  type flagged uncertain).

``--set DIR`` processes the scans of an existing folder of truths instead of generating
(``--set samples/set``: the committed sample set, every type in every profile; the tests
process only a slice of it).

``--keep DIR`` keeps the scans and ``records.jsonl`` there; ``--records FILE`` scores a
saved ``records.jsonl`` again (its scans must still be where it says) without processing.

``--keep DIR`` also keeps each input's page results as OCR left them in ``DIR/pages/``
(``<sha256>.pickle`` with the format number PAGES_FORMAT, written by the pipeline's
``on_page_results`` hook; a file of another format is refused). ``--reextract DIR``
then runs splitting, classification and field extraction again on those cached pages, in this
process and without any OCR (seconds, not minutes), writes ``DIR/records.reextract.jsonl``
and scores it: for iterating on digitize.understand.classify / digitize.understand.extract. Records made so carry
only what scoring needs (no archive, no ids). Pass the same ``--split`` for the header. The
cache is Python pickles: read it only from folders you made. Typical loop:

    python -m bench.extraction --split train --keep /tmp/train60 --model M   # once (OCR)
    python -m bench.extraction --split train --reextract /tmp/train60 --model M  # each change
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench import truth as truth_mod
from digitize.page_tasks import PAGE_RESULTS_FORMAT

ROOT = Path(__file__).resolve().parent.parent
# The format of the kept page results: raised whenever PageResult or the page model change shape
# or meaning, so that pages read by an older digitize are read again rather than misread.
# 2: PageResult.skew is the scan's slant as ocr.model "Turns" has it (format 1 had it negated).
PAGES_FORMAT = PAGE_RESULTS_FORMAT  # the page results' own format number


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += bool(ok)

    def __str__(self) -> str:
        return f"{self.right / self.total:.3f} ({self.right}/{self.total})" if self.total else "-"


@dataclass
class Scores:
    type_all: Tally = field(default_factory=Tally)
    type_per: dict = field(default_factory=lambda: defaultdict(Tally))
    confusion: Counter = field(default_factory=Counter)  # (truth, got)
    field_all: Tally = field(default_factory=Tally)
    field_per_field: dict = field(default_factory=lambda: defaultdict(Tally))
    field_per_type: dict = field(default_factory=lambda: defaultdict(Tally))
    field_per_profile: dict = field(default_factory=lambda: defaultdict(Tally))
    type_per_profile: dict = field(default_factory=lambda: defaultdict(Tally))
    type_per_layout: dict = field(default_factory=lambda: defaultdict(Tally))  # the generator's layout family
    field_per_layout: dict = field(default_factory=lambda: defaultdict(Tally))
    extra: list = field(default_factory=list)  # (doc, field, value): reported, truth has none
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)  # (doc, field, truth, got, flagged)
    unmatched_records: int = 0
    unmatched_truth: int = 0


_CASELESS_KINDS = {"name", "address", "text"}  # shared/spec: "case is not significant"


def _kinds() -> dict[str, str]:
    from digitize.understand.catalogue import default_catalogue

    return {name: spec.kind for doc in default_catalogue().types.values() for name, spec in doc.fields.items()}


def same_value(name: str, want, have, kinds: dict[str, str]) -> bool:
    """Equal as the spec compares them: canonical values exactly; names and free text (NFC)
    without regard to case."""
    if have is None:
        return False
    a, b = unicodedata.normalize("NFC", str(want)), unicodedata.normalize("NFC", str(have))
    if kinds.get(name) in _CASELESS_KINDS:
        return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
    return a == b


def _flagged(record: dict, name: str) -> bool:
    reasons = record.get("review_reasons") or []
    return any(r.endswith(":" + name) for r in reasons) or "doc_type_uncertain" in reasons


def score(pairs: list[tuple[truth_mod.ExpectedDocument, dict | None]], scores: Scores) -> None:
    kinds = _kinds()
    for doc, rec in pairs:
        label = f"{doc.truth_path.name if doc.truth_path else doc.source.name} p{doc.page_range[0]}-{doc.page_range[1]}"
        profile = doc.profile or "?"
        if rec is None or rec.get("status") != "archived":
            scores.unmatched_truth += 1
            scores.type_all.add(False)
            scores.type_per[doc.doc_type].add(False)
            scores.type_per_profile[profile].add(False)
            scores.type_per_layout[doc.layout].add(False)
            scores.confusion[(doc.doc_type, "(none)" if rec is None else "(failed)")] += 1
            for name in doc.fields:
                for t in (
                    scores.field_all,
                    scores.field_per_field[name],
                    scores.field_per_type[doc.doc_type],
                    scores.field_per_profile[profile],
                    scores.field_per_layout[doc.layout],
                ):
                    t.add(False)
                scores.missed.append((label, name, doc.fields[name]))
            continue
        got_type = rec["doc_type"]
        ok_type = got_type == doc.doc_type
        scores.type_all.add(ok_type)
        scores.type_per[doc.doc_type].add(ok_type)
        scores.type_per_profile[profile].add(ok_type)
        scores.type_per_layout[doc.layout].add(ok_type)
        scores.confusion[(doc.doc_type, got_type)] += 1
        got = {k: v.get("value") for k, v in (rec.get("fields") or {}).items()}
        for name, value in got.items():
            if name not in doc.fields:
                scores.extra.append((label, name, value))
        for name, want in doc.fields.items():
            have = got.get(name)
            ok = same_value(name, want, have, kinds)
            for t in (
                scores.field_all,
                scores.field_per_field[name],
                scores.field_per_type[doc.doc_type],
                scores.field_per_profile[profile],
                scores.field_per_layout[doc.layout],
            ):
                t.add(ok)
            if have is None:
                scores.missed.append((label, name, want))
            elif not ok:
                scores.wrong.append((label, name, want, have, _flagged(rec, name)))


def match(truths: list[truth_mod.Truth], records: list[dict]) -> list[tuple[truth_mod.ExpectedDocument, dict | None]]:
    """Pair each expected document with the record of its input whose source_pages match."""
    by_source: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        by_source[str(Path(rec["source"]).resolve())].append(rec)
    pairs = []
    for t in truths:
        for path, docs in t.inputs():
            recs = by_source.get(str(Path(path).resolve()), [])
            for doc in docs:
                hit = next(
                    (r for r in recs if r.get("source_pages") and tuple(r["source_pages"]) == doc.page_range), None
                )
                if hit is None and len(docs) == 1 and len(recs) == 1:
                    hit = recs[0]
                if hit is None and recs:
                    # the split went elsewhere: the record that covers the document's first page
                    hit = next(
                        (
                            r
                            for r in recs
                            if r.get("source_pages")
                            and r["source_pages"][0] <= doc.page_range[0] <= r["source_pages"][1]
                        ),
                        None,
                    )
                pairs.append((doc, hit))
    return pairs


def _table(title: str, rows: list[tuple], header: tuple) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)] if rows else [len(h) for h in header]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [f"\n## {title}", line.format(*header), line.format(*("-" * w for w in widths))]
    out += [line.format(*map(str, r)) for r in rows]
    return "\n".join(out)


def report(scores: Scores, show: int = 40) -> str:
    parts = [
        f"type accuracy: {scores.type_all}",
        f"field exact match: {scores.field_all}",
        f"fields reported that the truth does not have: {len(scores.extra)}",
        f"fields missed: {len(scores.missed)}; wrong values: {len(scores.wrong)}, of which flagged "
        f"for review: {sum(w[4] for w in scores.wrong)}",
        f"truth documents without a record: {scores.unmatched_truth}",
    ]
    parts.append(
        _table("type accuracy per type", [(k, v) for k, v in sorted(scores.type_per.items())], ("type", "accuracy"))
    )
    parts.append(
        _table(
            "type accuracy per profile",
            [(k, v) for k, v in sorted(scores.type_per_profile.items())],
            ("profile", "accuracy"),
        )
    )
    parts.append(
        _table(
            "per layout family (samples: a = doctypes*, b = layouts_b*)",
            [(k, scores.type_per_layout[k], scores.field_per_layout[k]) for k in sorted(scores.type_per_layout)],
            ("layout", "type accuracy", "field exact match"),
        )
    )
    parts.append(
        _table(
            "confusion (truth -> got, off-diagonal)",
            [(a, b, n) for (a, b), n in sorted(scores.confusion.items()) if a != b],
            ("truth", "got", "n"),
        )
    )
    parts.append(
        _table(
            "field accuracy per type",
            [(k, v) for k, v in sorted(scores.field_per_type.items())],
            ("type", "exact match"),
        )
    )
    parts.append(
        _table(
            "field accuracy per profile",
            [(k, v) for k, v in sorted(scores.field_per_profile.items())],
            ("profile", "exact match"),
        )
    )
    parts.append(
        _table(
            "field accuracy per field",
            [(k, v) for k, v in sorted(scores.field_per_field.items())],
            ("field", "exact match"),
        )
    )
    if scores.extra:
        parts.append(
            _table("fields reported that the truth does not have", scores.extra[:show], ("document", "field", "value"))
        )
    if scores.wrong:
        parts.append(
            _table(
                "wrong values",
                [(a, b, c, d, "yes" if f else "NO") for a, b, c, d, f in scores.wrong[:show]],
                ("document", "field", "truth", "got", "flagged"),
            )
        )
    if scores.missed:
        parts.append(_table("missed fields", scores.missed[:show], ("document", "field", "truth")))
    return "\n".join(parts)


def process(
    files: list[Path], home: Path, workers: int, page_cache: Path | None = None, ocr_lang: str | None = None
) -> list[dict]:
    """The records of ``files`` processed with a throwaway home; with ``page_cache``, each
    input's page results kept there (see ``keep_pages``)."""
    from digitize.config import load_settings
    from digitize.context import open_context
    from digitize.pipeline import process_files

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIGITIZE_", "S3_", "DATABASE"))}
    env.update(DIGITIZE_HOME=str(home), DIGITIZE_WORKERS=str(workers))
    if ocr_lang:
        env["DIGITIZE_OCR_LANG"] = ocr_lang
    keep = keep_pages(page_cache) if page_cache is not None else None
    records = []
    with open_context(load_settings(env)) as ctx:
        for k in range(0, len(files), 20):  # in batches: progress on stderr
            done = process_files(ctx, [str(f) for f in files[k : k + 20]], on_page_results=keep)
            records += [json.loads(json.dumps(r, ensure_ascii=False)) for r in done]  # as `--json` gives them
            print(f"processed {min(k + 20, len(files))}/{len(files)} inputs", file=sys.stderr)
    return records


def keep_pages(folder: Path):
    """The pipeline's ``on_page_results`` hook writing each input's page results (without
    their text layer PDFs: not needed to extract again) to ``folder/<sha256>.pickle``."""
    folder.mkdir(parents=True, exist_ok=True)

    def keep(sha256: str, results: list) -> None:
        kept = [dataclasses.replace(r, text_layer_pdf=None) for r in results]
        (folder / f"{sha256}.pickle").write_bytes(pickle.dumps({"format": PAGES_FORMAT, "results": kept}))

    return keep


def load_pages(path: Path) -> list:
    """The page results ``keep_pages`` wrote; ValueError for a file of another format."""
    kept = pickle.loads(path.read_bytes())
    found = kept.get("format") if isinstance(kept, dict) else None
    if found != PAGES_FORMAT:
        raise ValueError(
            f"{path} holds page results of format {found} (this bench reads {PAGES_FORMAT}): run --keep again"
        )
    return kept["results"]


def reextract(folder: Path, truths: list[truth_mod.Truth], model_path: Path | None) -> list[dict]:
    """Records from the page results cached in ``folder/pages`` (see the module doc)."""
    import hashlib

    from digitize.documents import documents_of
    from digitize.understand.catalogue import default_catalogue

    model = None
    if model_path is not None:
        from digitize.understand.doc_model import DocTypeModel

        loaded = DocTypeModel.load(model_path)
        model = lambda text: loaded.predict_proba([text])[0]  # noqa: E731 (as digitize.context does)
    catalogue = default_catalogue()
    records = []
    for path in (f for t in truths for f, _ in t.inputs()):
        source = str(Path(path).resolve())
        sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        cached = folder / "pages" / f"{sha}.pickle"
        if not cached.is_file():
            records.append({"source": source, "status": "failed", "error": {"code": "not_cached"}})
            continue
        try:
            results = load_pages(cached)
        except ValueError as exc:
            raise SystemExit(str(exc)) from None
        for doc in documents_of(results, catalogue, model=model):
            records.append(
                {
                    "source": source,
                    "source_pages": [doc.page_indexes[0] + 1, doc.page_indexes[-1] + 1],
                    "doc_type": doc.doc_type,
                    "doc_type_confidence": doc.doc_type_confidence,
                    "dossier_id": doc.dossier_id,
                    "fields": doc.fields,
                    "review_reasons": doc.review_reasons,
                    "status": "archived",
                }
            )
    return records


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--box", type=int, default=1, help="box scans to add (default 1)")
    ap.add_argument("--split", choices=("test", "train"), default="test")
    ap.add_argument("--profile", default="mixed")
    ap.add_argument("--types", default=None, help="comma-separated document types to generate (default: all)")
    ap.add_argument("--layout", choices=("mixed", "a", "b"), default="mixed", help="layout family to generate")
    ap.add_argument("--model", type=Path, default=None, help="a trained doctype.model to use")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ocr-lang", default=None, help="DIGITIZE_OCR_LANG for the run (default: digitize's)")
    ap.add_argument("--keep", type=Path, default=None, help="keep scans and records.jsonl here")
    ap.add_argument("--records", type=Path, default=None, help="score a saved records.jsonl again")
    ap.add_argument(
        "--reextract",
        type=Path,
        default=None,
        help="classify and extract again from the pages cached in a --keep folder (no OCR)",
    )
    ap.add_argument("--set", type=Path, default=None, help="process this folder of *.truth.json scans (no generating)")
    ap.add_argument("--show", type=int, default=40, help="error rows to print per table")
    args = ap.parse_args(argv)

    if args.reextract:
        folder = args.reextract
        truths = truth_mod.load_all(folder)
        records = reextract(folder, truths, args.model)
        (folder / "records.reextract.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
    elif args.set:
        folder = args.set
        truths = truth_mod.load_all(folder)
        with tempfile.TemporaryDirectory(prefix="bench-extraction-") as tmp:
            records = process([f for t in truths for f, _ in t.inputs()], Path(tmp) / "home", args.workers)
    elif args.records:
        records = [json.loads(line) for line in args.records.read_text(encoding="utf-8").splitlines() if line.strip()]
        folder = args.records.parent
        truths = truth_mod.load_all(folder)
    else:
        tmp = tempfile.mkdtemp(prefix="bench-extraction-")
        try:
            folder = args.keep or Path(tmp) / "scans"
            folder.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "samples.generate",
                    str(folder),
                    "--split",
                    args.split,
                    "--n",
                    str(args.n),
                    "--seed",
                    str(args.seed),
                    "--box",
                    str(args.box),
                    "--profile",
                    args.profile,
                    "--jobs",
                    str(args.workers),
                    "--layout",
                    args.layout,
                    *(["--types", args.types] if args.types else []),
                ],
                check=True,
                cwd=ROOT,
                stderr=subprocess.DEVNULL,
            )
            truths = truth_mod.load_all(folder)
            home = Path(tmp) / "home"
            if args.model:
                (home / "models").mkdir(parents=True)
                shutil.copy(args.model, home / "models" / "doctype.model")
            files = [f for t in truths for f, _ in t.inputs()]
            records = process(
                files, home, args.workers, page_cache=folder / "pages" if args.keep else None, ocr_lang=args.ocr_lang
            )
            (folder / "records.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    scores = Scores()
    score(match(truths, records), scores)
    print(
        f"# extraction bench: {f'set {args.set}' if args.set else f'split {args.split}'}, {len(truths)} scans, {len(records)} records, "
        f"model {'yes' if args.model else 'no'}"
    )
    print(report(scores, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
