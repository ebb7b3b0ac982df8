"""Read again, as single lines, the lines whose diacritics Tesseract split off.

On bold capitals (``CỘNG HÒA XÃ HỘI``, ``ỦY BAN NHÂN DÂN``) the stacked marks stand so high
above the letters that Tesseract's page layout takes them for a text line of their own: it
reads "R v xã R" above and "CỘNG HÓA XA HỘI" (marks gone) below. Read as one line (page
segmentation mode 7) the same pixels give the right words. Every such line of a page is cut
out and the cut-outs are read in one Tesseract run (stacked, one per row), so a page costs at
most one more process, and most pages none.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from ocr.model import PageText, Word
from ocr.tesseract import OcrError, OcrOptions, parse_tsv, run_tsv
from ocr.wordfilter import TINY_HEIGHT, typical_height

MAX_LINES = 12  # more than this on one page is not a heading problem; leave the page as read
GAP = 1.5  # the marks' line ends at most this many typical heights above the letters' line
PAD = 0.4  # of the typical height, around a cut-out
ROW_GAP = 1.0  # of the typical height, blank between stacked cut-outs


@dataclass(frozen=True)
class SplitLine:
    words: tuple[int, ...]  # indexes into page.words: the marks and the letters under them
    line: int  # the letters' line: the new words go there
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 to cut out of the page image


def _span(words: list[Word]) -> tuple[float, float, float, float]:
    return (min(w.box[0] for w in words), min(w.box[1] for w in words),
            max(w.box[2] for w in words), max(w.box[3] for w in words))


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def find_split_lines(page: PageText) -> list[SplitLine]:
    """Runs of mark-sized "words" (two or more, on one Tesseract line, which may hold other
    words too) sitting right above words of a text line, with nothing else in between or
    beside them that a cut-out around both would take in."""
    typical = typical_height(page.words)
    if not typical:
        return []
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(page.words):
        by_line.setdefault(w.line, []).append(i)
    tiny = {i for i, w in enumerate(page.words) if w.box[3] - w.box[1] < TINY_HEIGHT * typical}
    found: list[SplitLine] = []
    taken: set[int] = set()
    for line, idx in by_line.items():
        marks = [i for i in idx if i in tiny]
        if len(marks) < 2:
            continue
        mx0, my0, mx1, my1 = _span([page.words[i] for i in marks])
        # The letters: words of one line just below, under the marks' run (a word's width
        # either side: the first and last letters need not carry marks).
        below: dict[int, list[int]] = {}
        for i, w in enumerate(page.words):
            if (i in tiny or i in taken or w.line == line or w.box[1] < my0
                    or w.box[1] - my1 > GAP * typical or w.box[2] < mx0 - 2 * typical
                    or w.box[0] > mx1 + 2 * typical):
                continue
            below.setdefault(w.line, []).append(i)
        if not below:
            continue
        letters = min(below.values(), key=lambda ids: min(page.words[i].box[1] for i in ids))
        chosen = marks + letters
        x0, y0, x1, y1 = _span([page.words[i] for i in chosen])
        inside = (x0 + 1, y0 + 1, x1 - 1, y1 - 1)
        if any(_overlaps(w.box, inside) for i, w in enumerate(page.words) if i not in chosen and i not in tiny):
            continue  # another line or column in the way: a cut-out would read it too
        pad = PAD * typical
        found.append(SplitLine(tuple(chosen), page.words[letters[0]].line,
                               (int(x0 - pad), int(y0 - pad), int(x1 + pad), int(y1 + pad))))
        taken.update(chosen)
    return found if len(found) <= MAX_LINES else []


def reread_split_lines(image: np.ndarray, page: PageText, options: OcrOptions) -> PageText:
    """``page`` with each split line read again as one line (see the module docstring).

    ``image``: the grey page Tesseract read (``page``'s coordinates). A line is replaced only
    when the new reading has words."""
    splits = find_split_lines(page)
    if not splits:
        return page
    typical = typical_height(page.words) or 10.0
    H, W = image.shape[:2]
    gap = max(4, int(ROW_GAP * typical))
    crops, offsets = [], []
    y = gap
    for s in splits:
        x0, y0, x1, y1 = max(0, s.box[0]), max(0, s.box[1]), min(W, s.box[2]), min(H, s.box[3])
        crops.append(image[y0:y1, x0:x1])
        offsets.append((x0, y0, y))
        y += (y1 - y0) + gap
    sheet = np.full((y, max(c.shape[1] for c in crops) + 2 * gap), 255, np.uint8)
    for crop, (_, _, top) in zip(crops, offsets):
        sheet[top:top + crop.shape[0], gap:gap + crop.shape[1]] = crop
    try:
        with tempfile.TemporaryDirectory(prefix="digitize-reread-") as tmp:
            path = Path(tmp) / "lines.pgm"
            cv2.imwrite(str(path), sheet)
            # One text line per row of the sheet: mode 6 (one block of lines), not 3, so that
            # nothing is taken for a column or an image.
            tsv = run_tsv(path, page.dpi, replace(options, psm=6))
    except OcrError:
        return page  # the first reading stands
    reread = parse_tsv(tsv, sheet.shape[1], sheet.shape[0], page.dpi)
    # Which cut-out each new word came from: by the centre of its box on the sheet.
    new_words: dict[int, list[Word]] = {i: [] for i in range(len(splits))}
    for w in reread.words:
        cy = (w.box[1] + w.box[3]) / 2
        for i, (crop, (x0, y0, top)) in enumerate(zip(crops, offsets)):
            if top <= cy < top + crop.shape[0]:
                dx, dy = x0 - gap, y0 - top
                box = (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy)
                new_words[i].append(Word(w.text, w.conf, box, splits[i].line))
                break
    # The new words take the place of the first word they replace, in reading order.
    replace_at: dict[int, list[Word]] = {}
    dropped: set[int] = set()
    for i, s in enumerate(splits):
        if not new_words[i]:
            continue
        replace_at[min(j for j in s.words if page.words[j].line == s.line)] = new_words[i]
        dropped.update(s.words)
    words: list[Word] = []
    for j, w in enumerate(page.words):
        if j in replace_at:
            words.extend(replace_at[j])
        elif j not in dropped:
            words.append(w)
    return PageText(width=page.width, height=page.height, dpi=page.dpi, source=page.source,
                    words=words, lines=page.lines)
