"""Ink on a page image: the marks in a region, and handwritten digits read from them.

Knows nothing of documents: given a grey page image (dark ink on light paper) and a box, it
says what ink is there (``blobs``), how printed-looking it is against a reference (``Glyphs``
of printed text on the same line), and reads isolated handwritten digits (``read_digits``)
with a classifier trained on the UCI handwritten digits that scikit-learn ships (Alpaydin &
Kaynak, CC BY 4.0: 1,797 digits by 43 writers, 8x8 images of 4x4 pixel counts of a 32x32
bitmap). That data set is small and the recogniser is only trusted where it is sure: a
reading comes with the lowest of its digits' probabilities, for the caller to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
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


@lru_cache(maxsize=1)
def _digit_model():
    """An SVM on scikit-learn's handwritten digits, its scores calibrated into probabilities
    (trained in a few seconds, once per process)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.datasets import load_digits
    from sklearn.svm import SVC

    data = load_digits()
    return CalibratedClassifierCV(SVC(gamma=0.001, C=10.0), cv=5).fit(data.data, data.target)


def digit_features(mask: np.ndarray) -> np.ndarray:
    """A digit's ink as the data set has it: scaled to fill a 32x32 box by its height (its
    aspect kept), strokes thickened to the data set's, 4x4 counts → 64 values 0..16."""
    ys, xs = np.nonzero(mask)
    crop = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8) * 255
    h, w = crop.shape
    scale = 28.0 / max(h, w * 28.0 / 24.0)  # a tall digit fills the height, a wide one 24 px
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    small = cv2.resize(crop, (nw, nh), interpolation=cv2.INTER_AREA) > 60
    box = np.zeros((32, 32), np.uint8)
    top, left = (32 - nh) // 2, (32 - nw) // 2
    box[top : top + nh, left : left + nw] = small
    box = cv2.dilate(box, np.ones((3, 3), np.uint8))  # the data set's pen is broad
    return box.reshape(8, 4, 8, 4).sum(axis=(1, 3)).reshape(1, 64).clip(0, 16).astype(float)


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
        if x1 - x0 > 0.95 * (y1 - y0) + 2:  # two digits run together, or a rule: not one digit
            return None
        mask, _, _ = ink_mask(image, (x0, y0, x1, y1), threshold)
        if not mask.any():
            return None
        probs = model.predict_proba(digit_features(mask))[0]
        best = int(np.argmax(probs))
        text += str(model.classes_[best])
        sure = min(sure, float(probs[best]))
    return text, sure
