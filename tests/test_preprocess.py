"""ocr.preprocess: each function against a synthetic page with a known answer.

Pages come from tests.synthetic_pages (Vietnamese text in DejaVu fonts at 200 and 300 dpi).
Conventions under test: ``rotation`` is the clockwise turn that makes the page upright (as a
PDF /Rotate); ``skew`` > 0 means the content is turned counter-clockwise, and
``deskew(grey, skew)`` undoes it.
"""

from __future__ import annotations

import functools
import os
import subprocess
import unicodedata

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr import preprocess as pp
from tests import fixtures_pdf as fx
from tests import synthetic_pages as sp

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@functools.cache
def page(dpi: int = 200, font: str = "serif", density: str = "dense", seed: int = 0, size: float = 12.0) -> np.ndarray:
    """An upright page, RGB (cached: treat as read-only)."""
    out = sp.text_page(dpi, font, size, density, seed)
    out.setflags(write=False)
    return out


@functools.cache
def grey_page(dpi: int = 200, font: str = "serif", density: str = "dense", seed: int = 0) -> np.ndarray:
    out = sp.grey(page(dpi, font, density, seed))
    out.setflags(write=False)
    return out


def ocr_words(grey: np.ndarray, dpi: int, psm: int = 6) -> list[str]:
    ok, buf = cv2.imencode(".png", grey)
    assert ok
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "vie", "--psm", str(psm), "--dpi", str(dpi)],
        input=buf.tobytes(),
        capture_output=True,
        env=env,
        check=True,
    ).stdout.decode("utf-8")
    return [unicodedata.normalize("NFC", w).strip(".,;:") for w in out.split()]


# --------------------------------------------------------------------------- colour ink


def seal_scene(colour=sp.SEAL_RED, dpi: int = 200):
    """Body text with a seal stamped over part of it: (page with seal, clean page, seal box)."""
    clean = page(dpi, "serif", "dense", 1)
    h, w = clean.shape[:2]
    centre, radius = (int(w * 0.5), int(h * 0.42)), int(0.9 * dpi)
    stamped = sp.add_seal(clean, centre, radius, colour=colour)
    box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
    return stamped, clean, box


@pytest.mark.parametrize("colour", [sp.SEAL_RED, sp.SEAL_MAGENTA], ids=["red", "magenta"])
def test_seal_ink_goes_and_black_text_under_it_stays(colour):
    stamped, clean, (x0, y0, x1, y1) = seal_scene(colour)
    out = pp.remove_colour_ink(stamped)
    assert out.shape == stamped.shape[:2] and out.dtype == np.uint8
    clean_grey = sp.grey(clean)
    seal_only = (np.abs(stamped.astype(int) - clean.astype(int)).sum(axis=2) > 60) & (clean_grey > 250)
    text_under = (clean_grey < 60) & (np.abs(stamped.astype(int) - clean.astype(int)).sum(axis=2) > 0)
    seal_only[:y0], seal_only[y1:], seal_only[:, :x0], seal_only[:, x1:] = False, False, False, False
    assert seal_only.sum() > 5000 and text_under.sum() > 500  # the scene is what it claims
    before = np.mean(sp.grey(stamped)[seal_only] < 200)
    gone = np.mean(out[seal_only] >= 230)
    assert before > 0.95  # the seal is dark in a plain grey conversion...
    assert gone > 0.99  # ...and paper after ink removal
    assert np.mean(out[text_under] < 100) > 0.97  # black text under the seal stays black


@pytest.mark.tesseract
def test_words_under_a_seal_are_read_after_removal():
    stamped, clean, (x0, y0, x1, y1) = seal_scene(sp.SEAL_RED)
    crop = (slice(y0, y1), slice(max(0, x0 - 200), min(clean.shape[1], x1 + 200)))
    truth = ocr_words(sp.grey(clean)[crop], 200)
    after = ocr_words(pp.remove_colour_ink(stamped)[crop], 200)
    before = ocr_words(sp.grey(stamped)[crop], 200)
    assert len(truth) >= 20

    def recall(words):
        pool = list(words)
        hits = 0
        for w in truth:
            if w in pool:
                pool.remove(w)
                hits += 1
        return hits / len(truth)

    assert recall(after) >= 0.9
    assert recall(after) > recall(before)


def test_blue_signature_goes_and_text_beside_it_stays():
    clean = page(200, "sans", "dense", 2)
    h, w = clean.shape[:2]
    box = (int(w * 0.45), int(h * 0.80), int(w * 0.85), int(h * 0.88))
    signed = sp.add_signature(clean, box, seed=3)
    out = pp.remove_colour_ink(signed)
    clean_grey = sp.grey(clean)
    ink = np.abs(signed.astype(int) - clean.astype(int)).sum(axis=2) > 60
    on_paper = ink & (clean_grey > 250)
    assert on_paper.sum() > 2000
    assert np.mean(out[on_paper] >= 230) > 0.99
    text = clean_grey < 60
    assert np.mean(out[text] < 100) > 0.99


def test_blue_ink_is_kept_beside_the_cleaned_page_turned_the_same_way():
    # a number written in blue ballpoint after signing: the page Tesseract reads loses it with
    # the blue signature; the fill-in reader looks at the same page, turned and straightened
    # the same way, with the blue kept (and a red seal still gone)
    clean = page(200, "sans", "dense", 2)
    h, w = clean.shape[:2]
    box = (int(w * 0.10), int(h * 0.08), int(w * 0.40), int(h * 0.14))
    written = sp.add_signature(clean, box, seed=5)
    sealed = sp.add_seal(written, (int(w * 0.7), int(h * 0.8)), 150)
    scanned = sp.rotate_cw(sp.skew(sealed, -1.0), 90)
    p = pp.prepare_for_ocr(scanned, 200)
    assert p.rotation == 270 and p.with_blue_ink is not None
    assert p.with_blue_ink.shape == p.image.shape
    blue = np.abs(written.astype(int) - clean.astype(int)).sum(axis=2) > 60
    ys, xs = np.nonzero(blue)
    region = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    text = (sp.grey(clean)[region] < 128).sum()
    assert (p.image[region] < 128).sum() < text + 0.1 * blue.sum()  # gone from what Tesseract reads
    assert (p.with_blue_ink[region] < 128).sum() > text + 0.5 * blue.sum()  # there for the fill-ins
    seal = (slice(int(h * 0.7), int(h * 0.9)), slice(int(w * 0.6), int(w * 0.8)))
    assert (p.with_blue_ink[seal] < 128).sum() < 2 * (p.image[seal] < 128).sum() + 50
    assert pp.prepare_for_ocr(clean, 200).with_blue_ink is None  # no colour ink: nothing kept


def test_grey_pixels_are_plain_luma():
    rgb = page(200, "serif", "sparse", 0)
    assert np.array_equal(pp.remove_colour_ink(rgb), sp.grey(rgb))
    assert np.array_equal(pp.to_grey(rgb), sp.grey(rgb))
    g = grey_page(200, "serif", "sparse", 0)
    assert pp.to_grey(g) is g


def test_to_grey_removes_colour_ink_from_rgb():
    stamped, _, _ = seal_scene()
    assert np.array_equal(pp.to_grey(stamped), pp.remove_colour_ink(stamped))
    assert pp.to_grey(stamped).ndim == 2


def test_yellowed_paper_is_not_taken_for_ink():
    aged = sp.yellow_gradient(page(200, "serif", "sparse", 0), strength=0.3, shadow=0.0)
    assert np.array_equal(pp.remove_colour_ink(aged), sp.grey(aged))  # yellow is not a seal hue


# --------------------------------------------------------------------------- orientation


def test_rotate_upright_is_clockwise_and_lossless():
    a = np.arange(12, dtype=np.uint8).reshape(3, 4)
    r = pp.rotate_upright(a, 90)
    assert r.shape == (4, 3)
    assert r[0, -1] == a[0, 0]  # top-left goes to top-right: clockwise
    for rotation in (0, 90, 180, 270):
        turned = sp.rotate_cw(a, (360 - rotation) % 360)  # a page that needs `rotation` cw
        assert np.array_equal(pp.rotate_upright(turned, rotation), a)
    rgb = np.zeros((3, 4, 3), np.uint8)
    assert pp.rotate_upright(rgb, 270).shape == (4, 3, 3)
    with pytest.raises(ValueError):
        pp.rotate_upright(a, 45)


@pytest.mark.parametrize("font", ["serif", "sans", "mono"])
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_orientation_is_recovered(font, rotation):
    skewed = sp.skew(grey_page(200, font, "dense", 3), 1.5)
    turned = sp.rotate_cw(skewed, (360 - rotation) % 360)
    assert pp.detect_orientation(turned, 200, osd_fallback=False) == rotation


@pytest.mark.parametrize("rotation", [90, 180, 270])
@pytest.mark.parametrize("case", [(300, "condensed", "sparse"), (200, "sans", "line")])
def test_orientation_of_sparse_pages(rotation, case):
    dpi, font, density = case
    turned = sp.rotate_cw(grey_page(dpi, font, density, 4), (360 - rotation) % 360)
    assert pp.detect_orientation(turned, dpi, osd_fallback=False) == rotation


def test_orientation_without_dpi_guesses_it_from_an_a4_page():
    turned = sp.rotate_cw(grey_page(200, "serif", "dense", 5), 90)  # needs 270 to be upright
    assert pp.detect_orientation(turned) == 270


def _specked(grey: np.ndarray, dpi: int, count: int, seed: int = 0) -> np.ndarray:
    """Toner specks (a bad photocopy): round dots of 0.2-0.8 mm strewn over the page."""
    out = np.array(grey)
    rng = np.random.default_rng(seed)
    h, w = out.shape
    for _ in range(count):
        r = max(1, round(rng.uniform(0.1, 0.4) * dpi / 25.4))
        cv2.circle(out, (int(rng.integers(0, w)), int(rng.integers(0, h))), r, 30, -1)
    return out


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_orientation_of_a_page_strewn_with_toner_specks(rotation):
    # Specks outnumbering the characters used to set the "character height" to a speck's
    # and turn a photocopied application form at 150 dpi upside down.
    specked = _specked(grey_page(150, "serif", "sparse", 6), 150, 3000)
    turned = sp.rotate_cw(specked, (360 - rotation) % 360)
    assert pp.detect_orientation(turned, 150, osd_fallback=False) == rotation


# --------------------------------------------------------------------------- skew


@pytest.mark.parametrize("angle", [2.7, -1.3, 4.0, -4.6, 0.4])
@pytest.mark.parametrize("dpi", [200, 300])
def test_skew_is_recovered(angle, dpi):
    skewed = sp.skew(grey_page(dpi, "serif", "dense", 6), angle)
    assert pp.estimate_skew(skewed, dpi) == pytest.approx(angle, abs=0.3)


@pytest.mark.parametrize(
    "font,density,angle", [("sans", "sparse", -2.2), ("mono", "line", 3.1), ("condensed", "dense", -0.8)]
)
def test_skew_of_other_pages(font, density, angle):
    skewed = sp.skew(grey_page(200, font, density, 7), angle)
    assert pp.estimate_skew(skewed, 200) == pytest.approx(angle, abs=0.3)


def test_straight_page_has_no_skew():
    assert abs(pp.estimate_skew(grey_page(200, "serif", "dense", 6), 200)) < 0.1


def test_deskew_undoes_the_skew_it_is_given():
    straight = grey_page(200, "sans", "dense", 8)
    skewed = sp.skew(straight, 2.7)
    fixed = pp.deskew(skewed, pp.estimate_skew(skewed, 200))
    assert fixed.shape == skewed.shape and fixed.dtype == np.uint8
    assert abs(pp.estimate_skew(fixed, 200)) < 0.15
    assert fixed[0, 0] == 255 and fixed[-1, -1] == 255  # white fill in the corners
    # Same page again: the text is back where it was (ink overlaps its unskewed self).
    ink_a, ink_b = straight < 128, fixed < 128
    assert (ink_a & ink_b).sum() / ink_a.sum() > 0.6


def test_deskew_matrix_maps_points_like_deskew():
    img = np.full((400, 600), 255, np.uint8)
    cv2.circle(img, (500, 80), 6, 0, -1)
    angle = 3.0
    out = pp.deskew(img, angle)
    ys, xs = np.nonzero(out < 128)
    x, y = pp.deskew_matrix(img.shape, angle) @ np.array([500.0, 80.0, 1.0])
    assert (x, y) == pytest.approx((xs.mean(), ys.mean()), abs=1.0)
    # A clockwise turn moves a point right of the centre downwards (y grows).
    assert y > 80


# --------------------------------------------------------------------------- illumination, binarisation, borders


def test_flattening_makes_yellowed_background_uniform():
    clean_rgb = page(200, "serif", "dense", 9)
    aged = sp.grey(sp.yellow_gradient(clean_rgb, strength=0.35, shadow=0.45))
    clean = sp.grey(clean_rgb)
    paper = clean > 250
    paper[:, int(0.95 * paper.shape[1]) :] = False  # the last few mm of a deep edge shadow stay grey
    flat = pp.flatten_illumination(aged, 200)
    assert aged[paper].std() > 15  # the test page really is uneven...
    assert flat[paper].std() < 3  # ...and is not any more
    assert np.percentile(flat[paper], 1) >= 240
    assert np.median(flat[clean < 60]) < 60  # ink keeps its contrast


def test_binarize_known_levels():
    img = np.full((200, 300), 200, np.uint8)
    img[50:150, 100:110] = 40  # a dark stroke on light paper
    out = pp.binarize(img, window=31)
    assert set(np.unique(out)) <= {0, 255}
    assert (out[50:150, 100:110] == 0).all()
    assert (out[:40] == 255).all() and (out[:, 150:] == 255).all()
    assert np.array_equal(pp.binarize(img, method="otsu")[50:150, 100:110], np.zeros((100, 10), np.uint8))
    with pytest.raises(ValueError):
        pp.binarize(img, method="niblack")


def test_sauvola_on_a_flattened_page_keeps_text_and_drops_bleed_through():
    clean_rgb = page(200, "serif", "dense", 10)
    clean = sp.grey(clean_rgb)
    back = sp.bleed_through(200, level=215, seed=11)  # strong, mirrored text of the other side
    scanned = sp.grey(sp.yellow_gradient(clean_rgb, 0.3, 0.3)).astype(np.float32) * back / 255
    binary = pp.binarize(pp.flatten_illumination(scanned.astype(np.uint8), 200), dpi=200)
    assert set(np.unique(binary)) <= {0, 255}
    assert np.mean(binary[clean < 60] == 0) > 0.97
    paper = (clean > 250) & (back < 235)  # bleed-through where the front is bare
    assert paper.sum() > 10000
    assert np.mean(binary[paper] == 255) > 0.995


def test_clean_borders_removes_a_dark_band_and_leaves_the_text():
    clean = grey_page(200, "serif", "dense", 12)
    band = sp.dark_band(clean, 60)
    out = pp.clean_borders(band, 200)
    assert np.mean(out[:, :50] == 255) > 0.99
    assert np.array_equal(out[:, 120:], band[:, 120:])  # the text (from 200 px in) untouched
    assert pp.clean_borders(clean, 200) is clean  # nothing to do on a clean page


def test_clean_borders_on_a_binary_page_and_on_the_right_edge():
    clean = pp.binarize(grey_page(200, "sans", "dense", 12), dpi=200)
    band = sp.dark_band(clean, 40, level=0, side="right")
    out = pp.clean_borders(band, 200)
    assert np.mean(out[:, -30:] == 255) > 0.99
    assert np.array_equal(out[:, :-100], band[:, :-100])


def test_clean_borders_removes_a_grainy_photocopier_edge():
    clean = grey_page(200, "serif", "dense", 12)
    rng = np.random.default_rng(3)
    grainy = clean.copy()
    band = grainy[:60]  # ~7.6 mm along the top: grains of toner, a third of them missing
    band[rng.random(band.shape) < 0.65] = 40
    fringe = grainy[60:75]  # and lighter, sparser grains just below it
    fringe[rng.random(fringe.shape) < 0.3] = 150
    out = pp.clean_borders(grainy, 200)
    assert np.mean(out[:75] == 255) > 0.97
    first_text = int(np.argmax((clean < 128).any(axis=1)))
    assert first_text > 120
    assert np.array_equal(out[first_text:], grainy[first_text:])  # the text untouched


def test_clean_borders_lifts_a_grey_grainy_band_lighter_than_ink_along_an_edge():
    # a photocopied card, flattened: a band ~2 mm wide along its left edge, grey grains
    # (160-200) never as dark as ink, text starting right after it; a stroke of ink inside
    # the band stays
    clean = grey_page(200, "serif", "dense", 12)
    rng = np.random.default_rng(5)
    greyed = clean.copy()
    band = greyed[:, :16]
    band[:] = rng.integers(160, 200, band.shape)
    band[1000:1040, 8:12] = 20
    out = pp.clean_borders(greyed, 200)
    assert np.mean(out[:, :14] == 255) > 0.98
    assert (out[1000:1040, 8:12] == 20).all()
    first_text = int(np.argmax((clean < 128).any(axis=0)))
    assert np.array_equal(out[:, first_text:], greyed[:, first_text:])  # the text untouched


# --------------------------------------------------------------------------- blank pages


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("seed", [0, 1])
def test_blank_pages_are_blank(dpi, seed):
    blank = sp.blank_page(dpi, seed)  # off-white, noise, faint bleed-through, dust
    assert pp.is_blank(blank, dpi)
    dusty = sp.specks(blank, 60, seed + 5, max_radius=max(2, dpi // 60))
    assert pp.is_blank(dusty, dpi)
    assert pp.is_blank(sp.dark_band(blank, dpi // 4), dpi)  # a scanner edge is not content


@pytest.mark.parametrize("dpi", [200, 300])
def test_one_short_line_is_not_blank(dpi):
    assert not pp.is_blank(grey_page(dpi, "sans", "line", 13), dpi)
    img = Image.fromarray(sp.blank_page(dpi, 2))
    ImageDraw.Draw(img).text((dpi, 2 * dpi), sp.nfc("Số: 12"), font=sp.font("serif", 12, dpi), fill=0)
    assert not pp.is_blank(np.asarray(img), dpi)


def test_a_page_with_only_a_stamp_and_a_signature_is_not_blank():
    dpi = 200
    paper = np.asarray(sp.a4(dpi))
    stamped = sp.add_signature(sp.add_seal(paper, (4 * dpi, 6 * dpi), dpi), (3 * dpi, 7 * dpi, 5 * dpi, 8 * dpi))
    assert not pp.is_blank(sp.grey(stamped), dpi)
    assert not pp.is_blank(sp.grey(sp.add_signature(paper, (3 * dpi, 7 * dpi, 5 * dpi, 8 * dpi))), dpi)
    assert not pp.prepare_for_ocr(stamped, dpi).blank  # judged before the colour ink goes


# --------------------------------------------------------------------------- the whole


def test_prepare_for_ocr_turns_straightens_and_cleans():
    dpi = 200
    upright_rgb = sp.add_seal(page(dpi, "serif", "dense", 14), (900, 1500), 180)
    scanned = sp.rotate_cw(sp.skew(upright_rgb, -1.3), 90)  # fed sideways: needs 270 cw
    scanned = sp.dark_band(scanned, 40, level=20)
    p = pp.prepare_for_ocr(scanned, dpi)
    assert p.rotation == 270
    assert p.skew == pytest.approx(-1.3, abs=0.3)
    assert not p.blank
    assert p.image.shape == upright_rgb.shape[:2] and p.image.dtype == np.uint8
    assert p.steps[0] == "remove_colour_ink"
    assert "rotate 270" in p.steps and any(s.startswith("deskew") for s in p.steps)
    assert "clean_borders" in p.steps
    assert set(p.timings_ms) >= {"grey", "orientation", "deskew", "flatten"}
    # Straight and upright now: no skew left, and upright (no turn needed).
    assert abs(pp.estimate_skew(p.image, dpi)) < 0.15
    assert pp.detect_orientation(p.image, dpi, osd_fallback=False) == 0


def test_prepare_for_ocr_leaves_small_skew_alone_and_can_binarise():
    dpi = 200
    p = pp.prepare_for_ocr(sp.skew(grey_page(dpi, "sans", "sparse", 15), 0.05), dpi, binarise=True)
    assert p.rotation == 0 and abs(p.skew) <= 0.1
    assert not any(s.startswith("deskew") for s in p.steps)
    assert "binarize" in p.steps and set(np.unique(p.image)) <= {0, 255}


def test_prepare_for_ocr_on_a_blank_page():
    p = pp.prepare_for_ocr(sp.blank_page(200, 3), 200)
    assert p.blank and p.rotation == 0 and p.skew == 0.0
    assert p.image.shape == (sp.a4(200).height, sp.a4(200).width)


# --------------------------------------------------------------------------- seals on grey scans


def test_a_red_seal_on_a_grey_scan_goes_and_the_black_text_under_it_stays():
    stamped, clean, (x0, y0, x1, y1) = seal_scene(sp.SEAL_RED)
    scan, clean_grey = pp.flatten_illumination(sp.grey(stamped), 200), sp.grey(clean)
    seal_only = (np.abs(stamped.astype(int) - clean.astype(int)).sum(axis=2) > 60) & (clean_grey > 250)
    text_under = (clean_grey < 60) & (np.abs(stamped.astype(int) - clean.astype(int)).sum(axis=2) > 0)
    seal_only[:y0], seal_only[y1:], seal_only[:, :x0], seal_only[:, x1:] = False, False, False, False
    assert np.mean(scan[seal_only] < 200) > 0.95  # on a grey scan the seal is plain grey ink
    out = pp.remove_grey_seals(scan, 200)
    assert np.mean(out[seal_only] >= 230) > 0.97
    assert np.mean(out[text_under] < 100) > 0.97
    far = np.ones(out.shape, bool)
    far[y0 - 50 : y1 + 50, x0 - 50 : x1 + 50] = False
    assert np.array_equal(out[far], scan[far])  # nothing else on the page changes


def test_grey_seal_removal_leaves_one_ink_pages_and_photos_alone():
    dpi = 200
    text = pp.flatten_illumination(grey_page(dpi), dpi)
    binary = np.where(text < 128, 0, 255).astype(np.uint8)
    r = int(0.9 * dpi)  # a black seal on a bilevel scan: the same ink as the text
    cv2.circle(binary, (binary.shape[1] // 2, binary.shape[0] // 2), r, 0, 6)
    assert np.array_equal(pp.remove_grey_seals(binary, dpi), binary)
    photo = text.copy()  # a grey ID photo (filled, not a ring) keeps its pixels
    photo[300 : 300 + 2 * r, 200 : 200 + int(1.5 * r)] = 140
    assert np.array_equal(pp.remove_grey_seals(photo, dpi), photo)
    assert np.array_equal(pp.remove_grey_seals(text, dpi), text)  # text alone: nothing to do


# --------------------------------------------------------------------------- specks


@pytest.mark.parametrize("dpi", [200, 300])
def test_lone_specks_go_and_every_mark_of_the_text_stays(dpi):
    clean = pp.flatten_illumination(grey_page(dpi, "serif", "sparse", 3), dpi)
    out = np.array(clean)
    rng = np.random.default_rng(1)
    h, w = out.shape
    specks = np.zeros(out.shape, bool)
    text_zone = cv2.dilate((clean < 128).astype(np.uint8), np.ones((int(dpi / 10), int(dpi / 10)), np.uint8)) > 0
    placed = 0
    largest = int((pp.SPECK_MAX_MM * dpi / 25.4 - 1) // 2)  # radius of a 0.45 mm dot
    while placed < 900:  # 1.5 per cm², dots of 0.25-0.45 mm, off the text (specks on it stay)
        x, y = int(rng.integers(5, w - 5)), int(rng.integers(5, h - 5))
        if text_zone[y, x]:
            continue
        r = int(rng.integers(1, largest + 1))
        cv2.circle(out, (x, y), r, 30, -1)
        cv2.circle(specks.view(np.uint8), (x, y), r, 1, -1)
        placed += 1
    cleaned = pp.remove_specks(out, dpi)
    assert np.mean(cleaned[specks] >= 230) > 0.97
    text = clean < 128  # letters, i dots, tone marks, commas: all of them stay
    assert np.array_equal(cleaned[text & ~specks], out[text & ~specks])


def test_a_page_without_specks_is_returned_as_it_is():
    clean = pp.flatten_illumination(grey_page(200, "serif", "dense", 2), 200)
    assert np.array_equal(pp.remove_specks(clean, 200), clean)


def test_specks_past_sixteen_bit_labels_are_still_removed():
    noise = np.full((2100, 2100), 255, np.uint8)
    noise[4::8, 4::8] = 0  # at 60 dpi, 1-px dots 3.4 mm apart: 68,644 lone specks, more
    assert np.count_nonzero(noise == 0) > 65535  # labels than 16 bits hold
    out = pp.remove_specks(noise, 60)
    assert np.all(out == 255)


# --------------------------------------------------------------- shared helpers, made fast


@pytest.mark.parametrize("factor", [0.75, 0.5, 0.339, 0.1])
def test_reduce_averages_like_area_resampling(factor):
    rng = np.random.default_rng(1)
    page = cv2.GaussianBlur(rng.integers(0, 256, (1201, 903), dtype=np.uint8), (0, 0), 6)
    fast = pp._reduce(page, factor)
    size = (round(903 * factor), round(1201 * factor))
    exact = cv2.resize(page, size, interpolation=cv2.INTER_AREA)
    assert fast.shape == exact.shape
    assert np.abs(fast.astype(int) - exact.astype(int)).mean() < 2.0
    # a fine checkerboard (1-px strokes) averages to grey, it does not alias to black or white
    board = (np.indices((1200, 900)).sum(axis=0) % 2 * 255).astype(np.uint8)
    assert abs(float(pp._reduce(board, factor).mean()) - 127.5) < 10


def test_percentile_from_the_histogram_matches_numpy():
    rng = np.random.default_rng(2)
    image = rng.integers(0, 256, (500, 400), dtype=np.uint8)
    for q in (5, 30, 50, 90, 95):
        assert abs(pp._percentile(image, q) - np.percentile(image, q)) <= 1.0


def test_bilevel_told_from_grey():
    page = np.full((800, 600), 255, np.uint8)
    page[100:120, 50:500] = 0
    assert pp._bilevel(page)
    grey = page.copy()
    grey[300:400, 50:500] = 128
    assert not pp._bilevel(grey)


def test_components_fall_back_to_32_bit_labels_when_16_overflow():
    noise = np.zeros((600, 600), np.uint8)
    noise[::2, ::2] = 1  # 90,000 separate dots: more labels than 16 bits hold
    n, labels, stats, _ = pp._components(noise)
    assert n == 90_001 and labels.max() == 90_000


def test_a_page_in_capitals_is_not_turned_over_on_no_evidence():
    # Capitals without marks have nothing above or below their core (an MRZ, a heading):
    # whatever sticks out is anti-aliasing, which must not turn the page upside down.
    lines = ["HXNM EKZH MNXW TVHE", "WNZK HMEX TLNV ZHWK", "KMNH ZXEV WTLH NMKZ", "EHNX MZKW VTHL ZNEK"]
    page = np.asarray(fx.render_text_image(lines, dpi=200, size_pt=14).convert("L"))
    assert pp.detect_orientation(page, 200, osd_fallback=False) == 0
    prepared = pp.prepare_for_ocr(page, 200, osd_for_up_down=False)
    assert prepared.rotation == 0 and "osd" not in prepared.steps
    assert not prepared.orientation_confident
