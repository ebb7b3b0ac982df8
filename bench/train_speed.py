"""How long `digitize train` takes to learn the document-type model from 10,000 records.

    python -m bench.train_speed [--n 10000] [--seed 0] [--jobs 2]

Builds the records first (generated train-split truth texts with OCR-like noise, no OCR),
then times the fit and save alone (`doc_model.train` + `DocTypeModel.save`), and prints the
seconds. Target: under a minute for 10,000 records.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from digitize.understand.doc_model import DocTypeModel, train
from digitize.understand.training import training_corpus


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.train_speed")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="processes to build the records (not timed)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    texts, labels = training_corpus(args.n, args.seed, jobs=args.jobs)
    built = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    print(f"records: {len(texts)} ({chars / len(texts):.0f} chars each on average), built in {built:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doctype.model"
        t0 = time.perf_counter()
        model = train(texts, labels)
        fitted = time.perf_counter() - t0
        model.save(path)
        DocTypeModel.load(path)
        total = time.perf_counter() - t0
        size = path.stat().st_size
    print(
        f"fit: {fitted:.1f} s; fit + save + load: {total:.1f} s ({len(model.vocabulary)} features, {size / 1e6:.1f} MB)"
    )
    print(f"train seconds: {total:.1f} ({'within' if total <= 60 else 'OVER'} the 60 s target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
