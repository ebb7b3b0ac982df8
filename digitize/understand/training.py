"""Learning the document-type model (`digitize train`).

The training text is the generator's TRAIN split (``samples.generate``: truth page texts, no
rendering or OCR, so thousands of documents take seconds) with OCR-like noise added — marks
dropped from some words, O/0 and l/1 confused, words merged or split, a document seen through
one page only — plus the text of every record a person has reviewed in the index (their
corrected type is the label). Only the train split is ever drawn: ``split_seed("train", S)``.

    texts, labels = training_corpus(2000, seed=0, reviewed_records=index.reviewed_records())
    summary = train_and_save(model_path, n_generated=2000, seed=0, reviewed_records=[...])
"""

from __future__ import annotations

import random
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from digitize.understand.doc_model import DocTypeModel, train
from ocr import confusions

# The noise OCR makes of printed text (ocr.confusions): a letter drawn like a digit read as the
# digit (O/o → 0, I/l/i → 1) and a 0 or 1 read as its capital
_SWAPS = {read: digit for read, digit in confusions.SAME_SHAPE.items() if read.isalpha()} | {
    digit: confusions.DIGIT_FOR_LETTER[digit] for digit in "01"
}


@dataclass
class TrainSummary:
    path: Path
    per_type: dict[str, int] = field(default_factory=dict)  # documents per type (generated + reviewed)
    generated: int = 0
    reviewed: int = 0
    seconds_corpus: float = 0.0
    seconds_fit: float = 0.0

    @property
    def documents(self) -> int:
        return sum(self.per_type.values())

    @property
    def seconds(self) -> float:
        return self.seconds_corpus + self.seconds_fit


def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain.replace("đ", "d").replace("Đ", "D"))


def ocr_noise(text: str, rng: random.Random, level: float = 1.0) -> str:
    """The text as a middling OCR might return it: some words without their marks, O/0 and
    l/1 confused, a few words run together or broken in two. ``level`` scales the rates."""
    out_lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        noisy: list[str] = []
        for word in words:
            if not word:
                continue
            r = rng.random
            if r() < 0.15 * level:
                word = _strip_marks(word)
            if r() < 0.04 * level:
                chars = list(word)
                spots = [k for k, c in enumerate(chars) if c in _SWAPS]
                if spots:
                    k = rng.choice(spots)
                    chars[k] = _SWAPS[chars[k]]
                    word = "".join(chars)
            if len(word) > 3 and r() < 0.02 * level:
                k = rng.randrange(1, len(word) - 1)
                word = word[:k] + " " + word[k:]
            if noisy and r() < 0.03 * level:
                noisy[-1] += word  # merged with the word before
                continue
            noisy.append(word)
        out_lines.append(" ".join(noisy))
    return "\n".join(out_lines)


def _generated_one(job: tuple[str, str]) -> tuple[str, list[str]]:
    from samples.generate import generate  # the generator is installed with the project

    doc_type, seed = job
    return doc_type, generate(doc_type, seed).page_texts


def generated_documents(n: int, seed: int, *, jobs: int = 1) -> list[tuple[str, list[str]]]:
    """``n`` train-split documents, the types in turn: (doc_type, page texts)."""
    from samples.doctypes import BUILDERS
    from samples.generate import split_seed

    base = split_seed("train", seed)
    types = list(BUILDERS)
    # a namespace of its own ("…:model:i"), so these are not the same documents as a
    # `samples.generate --split train --seed S` run used to look at extraction errors
    work = [(types[i % len(types)], f"{base}:model:{i}") for i in range(n)]
    if jobs > 1 and n >= 200:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(_generated_one, work, chunksize=64))
    return [_generated_one(w) for w in work]


def training_corpus(
    n_generated: int, seed: int, reviewed_records: Iterable[dict] = (), *, jobs: int = 1
) -> tuple[list[str], list[str]]:
    """(texts, labels): ``n_generated`` generated train-split documents with OCR-like noise,
    then the reviewed records (their text as read, their reviewed type)."""
    rng = random.Random(f"train-corpus:{seed}")
    texts: list[str] = []
    labels: list[str] = []
    for doc_type, pages in generated_documents(n_generated, seed, jobs=jobs):
        if len(pages) > 1 and rng.random() < 0.3:
            text = rng.choice(pages)  # one page of it on its own (page-per-file scans)
        else:
            text = "\n".join(pages)
        texts.append(ocr_noise(text, rng, level=rng.choice((0.0, 0.5, 1.0, 2.0))))
        labels.append(doc_type)
    for record in reviewed_records:
        text = (record.get("text") or "").replace("\f", "\n")
        doc_type = record.get("doc_type")
        if text.strip() and doc_type:
            texts.append(text)
            labels.append(doc_type)
    return texts, labels


def train_and_save(
    path: str | Path, n_generated: int = 2000, seed: int = 0, reviewed_records: Sequence[dict] = (), *, jobs: int = 1
) -> TrainSummary:
    """Build the corpus, fit the model, write it to ``path``; what went in and how long."""
    path = Path(path)
    reviewed = [r for r in reviewed_records if (r.get("text") or "").strip() and r.get("doc_type")]
    t0 = time.perf_counter()
    texts, labels = training_corpus(n_generated, seed, reviewed, jobs=jobs)
    t1 = time.perf_counter()
    model = train(texts, labels)
    model.save(path)
    DocTypeModel.load(path)  # what was written reads back (version, checksum)
    t2 = time.perf_counter()
    return TrainSummary(
        path=path,
        per_type=dict(sorted(Counter(labels).items())),
        generated=n_generated,
        reviewed=len(reviewed),
        seconds_corpus=t1 - t0,
        seconds_fit=t2 - t1,
    )
