"""The trained document-type model: TF-IDF over character n-grams + a linear classifier.

It complements the catalogue's title rules: OCR may mangle a title beyond fuzzy matching,
while the body's wording still says what the document is. Texts are folded (no diacritics,
lower case) first, so OCR dropping marks changes little.

The model file is plain data — JSON metadata and numpy arrays in an .npz read with
`allow_pickle=False` — never a pickle, so loading a file cannot run code. It carries a format
version and a SHA-256 of its contents, both checked on load.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from digitize.understand.textmatch import fold

FORMAT = "digitize-doctype-model"
FORMAT_VERSION = 1
MAX_CHARS = 3000  # titles and first fields carry the signal; long bodies only cost time


class ModelFileError(Exception):
    """The model file is missing, damaged, or not one this version of digitize wrote."""


def _prepare(text: str) -> str:
    return fold(text[:MAX_CHARS])


@dataclass
class DocTypeModel:
    labels: list[str]
    vocabulary: list[str]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_labels, n_features), or (1, n_features) for two labels
    intercept: np.ndarray
    trained_on: int

    def _vectorizer(self) -> TfidfVectorizer:
        vec = TfidfVectorizer(**_vectorizer_params(), vocabulary={t: i for i, t in enumerate(self.vocabulary)})
        vec.idf_ = self.idf
        return vec

    def predict_proba(self, texts: list[str]) -> list[dict[str, float]]:
        """For each text, the probability of each label."""
        x = self._vectorizer().transform([_prepare(t) for t in texts])
        scores = np.asarray(x @ self.coef.T) + self.intercept
        if len(self.labels) == 2:  # binary logistic regression keeps one row of weights
            p1 = 1 / (1 + np.exp(-scores[:, 0]))
            probs = np.stack([1 - p1, p1], axis=1)
        else:
            scores -= scores.max(axis=1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=1, keepdims=True)
        return [dict(zip(self.labels, map(float, row))) for row in probs]

    # -------------------------------------------------------------- file

    def save(self, path: Path) -> None:
        arrays = {"idf": self.idf, "coef": self.coef, "intercept": self.intercept}
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        payload = buf.getvalue()
        meta = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "labels": self.labels,
            "vocabulary": self.vocabulary,
            "trained_on": self.trained_on,
            "vectorizer": _VECTORIZER_PARAMS,
        }
        meta_bytes = json.dumps(meta, ensure_ascii=False).encode()
        digest = hashlib.sha256(meta_bytes + payload).hexdigest()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr("meta.json", meta_bytes)
            zf.writestr("arrays.npz", payload)
            zf.writestr("sha256", digest)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> DocTypeModel:
        try:
            with zipfile.ZipFile(path) as zf:
                meta_bytes = zf.read("meta.json")
                payload = zf.read("arrays.npz")
                digest = zf.read("sha256").decode()
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelFileError(f"{path} is not a digitize model file ({exc})") from exc
        if hashlib.sha256(meta_bytes + payload).hexdigest() != digest:
            raise ModelFileError(f"{path} is damaged: its checksum does not match")
        meta = json.loads(meta_bytes)
        if meta.get("format") != FORMAT or meta.get("version") != FORMAT_VERSION:
            raise ModelFileError(
                f"{path} was written by another version (format {meta.get('format')!r} "
                f"v{meta.get('version')}); run `digitize train` again"
            )
        with np.load(io.BytesIO(payload), allow_pickle=False) as arrays:
            return cls(
                labels=list(meta["labels"]),
                vocabulary=list(meta["vocabulary"]),
                idf=arrays["idf"],
                coef=arrays["coef"],
                intercept=arrays["intercept"],
                trained_on=int(meta["trained_on"]),
            )


_VECTORIZER_PARAMS = {
    "analyzer": "char_wb",
    "ngram_range": [2, 4],
    "sublinear_tf": True,
    "min_df": 2,
    "max_features": 60000,
    "dtype": "float32",
}


def _vectorizer_params() -> dict:
    # stored as JSON (lists, names); sklearn wants a tuple and a numpy dtype
    return dict(_VECTORIZER_PARAMS, ngram_range=tuple(_VECTORIZER_PARAMS["ngram_range"]), dtype=np.float32)


def train(texts: list[str], labels: list[str]) -> DocTypeModel:
    """Fit the model; needs at least two labels."""
    if len(set(labels)) < 2:
        raise ValueError("training needs documents of at least two types")
    vec = TfidfVectorizer(**_vectorizer_params())
    x = vec.fit_transform([_prepare(t) for t in texts])
    clf = LogisticRegression(C=10.0, max_iter=300)
    clf.fit(x, labels)
    vocabulary = [None] * len(vec.vocabulary_)
    for term, index in vec.vocabulary_.items():
        vocabulary[index] = term
    return DocTypeModel(
        labels=[str(c) for c in clf.classes_],
        vocabulary=vocabulary,
        idf=vec.idf_.astype(np.float32),
        coef=np.asarray(clf.coef_, dtype=np.float32),
        intercept=np.asarray(clf.intercept_, dtype=np.float32),
        trained_on=len(texts),
    )
