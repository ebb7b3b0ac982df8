"""Read the machine-readable zone of an identity card again, as what it is.

The back of a Vietnamese citizen identity card carries an ICAO 9303 MRZ (three lines of 30
characters in OCR-B: ``IDVNM0803979334031080397933<<8``). The Vietnamese model reads those
digits badly (0 as 6, 8 or 9; I as T) because it has no OCR-B and no idea that only A-Z, 0-9
and ``<`` can occur. Tesseract's English model restricted to those characters reads them
right; its check digits then let the extraction trust the numbers. Only pages that have such
lines pay for it: one more Tesseract run, on the zone alone.
"""

from __future__ import annotations

import re

import numpy as np

from ocr import confusions
from ocr.model import PageText, Word, overlaps, span
from ocr.reread import read_cutouts
from ocr.tesseract import Tesseract
from ocr.wordfilter import typical_height

MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
MRZ_LANG = "eng"  # Latin letters and digits: the zone is never Vietnamese
MIN_LENGTH = 20  # characters on a line (TD1 lines have 30; a misread may lose a few)
_LOOKS_LIKE_MRZ = re.compile(r"[A-Z0-9<ÀÁẠĐ]*<[A-Z0-9<ÀÁẠĐ]*<[A-Z0-9<ÀÁẠĐ]*", re.IGNORECASE)
PAD = 0.5  # of the typical word height, around the zone
VOUCHED_CONFIDENCE = 95.0  # of a zone line whose check digits hold


def _mrz_lines(page: PageText) -> dict[int, list[int]]:
    """Line index → indexes of its words, for the lines that look like MRZ lines."""
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(page.words):
        by_line.setdefault(w.line, []).append(i)
    found = {}
    for line, idx in by_line.items():
        text = "".join(page.words[i].text for i in idx)
        if len(text) >= MIN_LENGTH and text.count("<") >= 2 and _LOOKS_LIKE_MRZ.fullmatch(text):
            found[line] = idx
    return found


# TD1 (identity card: 3 lines of 30): where letters and where digits must stand.
TD1_LETTERS = {0: ((0, 5),), 1: ((15, 18),), 2: ((0, 30),)}
TD1_DIGITS = {1: ((0, 7), (8, 15))}


def tidy_td1(lines: list[str]) -> list[str]:
    """A three-line TD1 zone with O/0, I/1, S/5... put right where the layout allows only
    one of them (document code and country, dates, nationality, names); other lines as read."""
    if len(lines) != 3 or any(len(line) != 30 for line in lines):
        return lines
    out = []
    for k, line in enumerate(lines):
        chars = list(line)
        for start, end in TD1_LETTERS.get(k, ()):
            chars[start:end] = "".join(chars[start:end]).translate(confusions.OCR_B_TO_LETTER)
        for start, end in TD1_DIGITS.get(k, ()):
            chars[start:end] = "".join(chars[start:end]).translate(confusions.OCR_B_TO_DIGIT)
        out.append("".join(chars))
    return out


def check_digit(field: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 over digits (0-9), letters (A=10...) and < (0)."""
    total = 0
    for k, ch in enumerate(field):
        value = int(ch) if ch.isdigit() else (ord(ch) - 55 if "A" <= ch <= "Z" else 0)
        total += value * (7, 3, 1)[k % 3]
    return str(total % 10)


def td1_checks(lines: list[str]) -> list[bool]:
    """Per line of a TD1 zone, whether its check digits hold (the names line has none: it
    holds when the other two do and it is letters and < only)."""
    if len(lines) != 3 or any(len(line) != 30 for line in lines):
        return [False] * len(lines)
    l1, l2, l3 = lines
    first = check_digit(l1[5:14]) == l1[14]
    composite = check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29]
    second = check_digit(l2[0:6]) == l2[6] and check_digit(l2[8:14]) == l2[14]
    names = first and second and composite and all(ch == "<" or "A" <= ch <= "Z" for ch in l3)
    return [first and composite, second and composite, names]


def reread_mrz(image: np.ndarray, page: PageText, tesseract: Tesseract) -> PageText:
    """``page`` with its MRZ lines read again by the English model restricted to A-Z, 0-9, <;
    a line replaced only when its check digits (TD1) hold.

    ``image``: the grey page Tesseract read. Left as it is when there is no zone, when other
    words lie inside the zone's box, or when the second reading fails or finds nothing."""
    lines = _mrz_lines(page)
    if not lines:
        return page
    chosen = {i for idx in lines.values() for i in idx}
    typical = typical_height(page.words) or max(page.words[i].box[3] - page.words[i].box[1] for i in chosen)
    zone = span(page.words[i] for i in chosen)
    if any(overlaps(w.box, zone) for i, w in enumerate(page.words) if i not in chosen):
        return page  # something else inside the zone's box: not a clean zone
    pad = PAD * typical
    box = (int(zone[0] - pad), int(zone[1] - pad), int(zone[2] + pad), int(zone[3] + pad))
    zone_reader = tesseract.with_options(lang=MRZ_LANG, extra_config=f"-c tessedit_char_whitelist={MRZ_CHARS}")
    read = read_cutouts(image, [box], page, zone_reader)
    if not read or not read[0]:
        return page
    # Each new word goes to the zone line whose middle is nearest to its own.
    middles = {
        line: (min(page.words[i].box[1] for i in idx) + max(page.words[i].box[3] for i in idx)) / 2
        for line, idx in lines.items()
    }
    new_words: list[Word] = []
    for w in read[0]:
        mid = (w.box[1] + w.box[3]) / 2
        line = min(middles, key=lambda k: abs(middles[k] - mid))
        new_words.append(Word(w.text, w.conf, w.box, line))
    # One word per zone line (the zone has no spaces), put right where TD1 allows.
    by_line: dict[int, list[Word]] = {}
    for w in new_words:
        by_line.setdefault(w.line, []).append(w)
    order = sorted(by_line, key=lambda k: middles[k])
    texts = tidy_td1(["".join(w.text for w in by_line[k]) for k in order])
    # Restricted to the zone's characters the model is right but unsure (confidences near
    # 0): the check digits are what vouch for a line. A line they do not vouch for keeps its
    # first reading.
    vouched = td1_checks(texts)
    new_words = []
    for k, text, ok in zip(order, texts, vouched):
        if not ok:
            new_words.extend(page.words[i] for i in lines[k])
            continue
        new_words.append(Word(text, VOUCHED_CONFIDENCE, span(by_line[k]), k))
    new_words += [page.words[i] for k, idx in lines.items() if k not in by_line for i in idx]
    first = min(chosen)
    words: list[Word] = []
    for i, w in enumerate(page.words):
        if i == first:
            words.extend(new_words)
        elif i not in chosen:
            words.append(w)
    return PageText(
        width=page.width, height=page.height, dpi=page.dpi, source=page.source, words=words, lines=page.lines
    )
