"""The handwritten-digit recogniser (ocr.ink): digits in a hand it was not trained on are read
right, a number's digits in order, and the fitted model is kept on disk, not fitted per process."""

import cv2
import numpy as np
import pytest

from ocr import ink

# OpenCV's Hershey fonts: three hands no training digit was written in (two of them script)
HANDS = [cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, cv2.FONT_HERSHEY_SCRIPT_COMPLEX, cv2.FONT_HERSHEY_SIMPLEX]


def _page_with(text: str, font: int, slant: float = 0.0) -> np.ndarray:
    """A grey page strip with ``text`` written on it (dark ink, light paper), sheared to slant."""
    page = np.full((90, 60 + 50 * len(text)), 235, np.uint8)
    cv2.putText(page, text, (20, 68), font, 1.8, 20, 3, cv2.LINE_AA)
    if slant:
        h, w = page.shape
        shear = np.float32([[1, slant, -0.5 * h * slant], [0, 1, 0]])
        page = cv2.warpAffine(page, shear, (w, h), borderValue=235)
    return page


@pytest.mark.parametrize("font", HANDS)
@pytest.mark.parametrize("slant", [0.0, 0.25])
def test_every_digit_of_an_unseen_hand_is_read_right(font, slant):
    # The UCI-only recogniser read every zero here as a one (and 44% of MNIST digits right).
    model = ink._digit_model()
    for digit in "0123456789":
        mask = _page_with(digit, font, slant) < 128
        probs = model.predict_proba(ink.digit_features(mask))[0]
        assert str(model.classes_[int(np.argmax(probs))]) == digit


def test_a_handwritten_number_is_read_in_order_and_sure():
    page = _page_with("729", cv2.FONT_HERSHEY_SCRIPT_SIMPLEX)
    marks = ink.blobs(page, (0, 0, page.shape[1], page.shape[0]), 128)
    text, sure = ink.read_digits(page, marks, height=40, threshold=128)
    assert text == "729"
    assert sure >= ink.DIGIT_SURE


def test_the_fitted_model_is_kept_on_disk_and_loaded_after(tmp_path, monkeypatch):
    fits = []
    monkeypatch.setattr("platformdirs.user_cache_dir", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(ink, "_fit_digit_model", lambda: fits.append(1) or {"a": "model"})
    ink._digit_model.cache_clear()
    try:
        assert ink._digit_model() == {"a": "model"}
        ink._digit_model.cache_clear()  # a new process
        assert ink._digit_model() == {"a": "model"}
        assert len(fits) == 1
        assert len(list(tmp_path.glob("digits-*.joblib"))) == 1
    finally:
        ink._digit_model.cache_clear()
