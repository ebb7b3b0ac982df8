"""Read again the lines Tesseract's page layout cut wrongly: capitals whose diacritics it
split off or left out, and columns of list numbers it took for a line of vertical text.

On bold capitals (``CỘNG HÒA XÃ HỘI``, ``ỦY BAN NHÂN DÂN``) the stacked marks stand so high
above the letters that Tesseract's page layout takes them for a text line of their own: it
reads "R v xã R" above and "CỘNG HÓA XA HỘI" (marks gone) below. Read as one line (page
segmentation mode 7) the same pixels give the right words. Elsewhere the line's box stops at
the capitals' tops and the marks are not read at all ("LE THUY LIEN" for LÊ THÙY LIÊN): a run
of capitals without a mark is read again with room above it, and kept where only marks
differ. Every such line of a page is cut out and the cut-outs are read in one Tesseract run
(stacked, one per row), so a page costs at most one more process, and most pages none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ocr.model import PageText, Word, overlaps, span
from ocr.syllables import bare_letters
from ocr.tesseract import OcrError, Tesseract, parse_tsv
from ocr.wordfilter import MIN_CONFIDENCE, TINY_HEIGHT, at_words_height, typical_height, word_core

MAX_LINES = 12  # more than this on one page is not a heading problem; leave the page as read
GAP = 1.5  # the marks' line ends at most this many typical heights above the letters' line
PAD = 0.4  # of the typical height, around a cut-out
ROW_GAP = 1.0  # of the typical height, blank between stacked cut-outs


@dataclass(frozen=True)
class SplitLine:
    words: tuple[int, ...]  # indexes into page.words: the marks and the letters under them
    line: int  # the letters' line: the new words go there
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 to cut out of the page image


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
        mx0, my0, mx1, my1 = span([page.words[i] for i in marks])
        # The letters: words of one line just below, under the marks' run (a word's width
        # either side: the first and last letters need not carry marks).
        below: dict[int, list[int]] = {}
        for i, w in enumerate(page.words):
            if (
                i in tiny
                or i in taken
                or w.line == line
                or w.box[1] < my0
                or w.box[1] - my1 > GAP * typical
                or w.box[2] < mx0 - 2 * typical
                or w.box[0] > mx1 + 2 * typical
            ):
                continue
            below.setdefault(w.line, []).append(i)
        if not below:
            continue
        letters = min(below.values(), key=lambda ids: min(page.words[i].box[1] for i in ids))
        chosen = marks + letters
        x0, y0, x1, y1 = span([page.words[i] for i in chosen])
        inside = (x0 + 1, y0 + 1, x1 - 1, y1 - 1)
        if any(overlaps(w.box, inside) for i, w in enumerate(page.words) if i not in chosen and i not in tiny):
            continue  # another line or column in the way: a cut-out would read it too
        pad = PAD * typical
        found.append(
            SplitLine(
                tuple(chosen), page.words[letters[0]].line, (int(x0 - pad), int(y0 - pad), int(x1 + pad), int(y1 + pad))
            )
        )
        taken.update(chosen)
    return found if len(found) <= MAX_LINES else []


def read_cutouts(
    image: np.ndarray, boxes: list[tuple[int, int, int, int]], page: PageText, tesseract: Tesseract
) -> list[list[Word]] | None:
    """Read the cut-outs ``boxes`` of ``image`` in one Tesseract run (stacked on one sheet,
    read as one block of lines, mode 6: nothing is taken for a column or a picture); their
    words in page coordinates (line -1), per box. None when Tesseract fails."""
    typical = typical_height(page.words) or 10.0
    H, W = image.shape[:2]
    gap = max(4, int(ROW_GAP * typical))
    crops, offsets = [], []
    y = gap
    for bx0, by0, bx1, by1 in boxes:
        x0, y0, x1, y1 = max(0, bx0), max(0, by0), min(W, bx1), min(H, by1)
        crops.append(image[y0:y1, x0:x1])
        offsets.append((x0, y0, y))
        y += (y1 - y0) + gap
    sheet = np.full((y, max(c.shape[1] for c in crops) + 2 * gap), 255, np.uint8)
    for crop, (_, _, top) in zip(crops, offsets):
        sheet[top : top + crop.shape[0], gap : gap + crop.shape[1]] = crop
    try:
        tsv = tesseract.with_options(psm=6).tsv(sheet, page.dpi)
    except OcrError:
        return None
    reread = parse_tsv(tsv, sheet.shape[1], sheet.shape[0], page.dpi)
    # Which cut-out each new word came from: by the centre of its box on the sheet.
    out: list[list[Word]] = [[] for _ in boxes]
    for w in reread.words:
        cy = (w.box[1] + w.box[3]) / 2
        for i, (crop, (x0, y0, top)) in enumerate(zip(crops, offsets)):
            if top <= cy < top + crop.shape[0]:
                dx, dy = x0 - gap, y0 - top
                out[i].append(Word(w.text, w.conf, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy), -1))
                break
    return out


MARK_ROOM = 0.6  # of a run's height, above it: where the marks of capitals stand


@dataclass(frozen=True)
class BareCapitals:
    words: tuple[int, ...]  # indexes into page.words: a run of capitals read without marks
    box: tuple[int, int, int, int]  # the run with room above it for the marks


def _bare_capital(text: str) -> bool:
    core = word_core(text)
    return len(core) >= 2 and core.isascii() and core.isalpha() and core.isupper()


def find_bare_capitals(page: PageText) -> list[BareCapitals]:
    """Runs of two or more words in capitals on one line that carry no mark at all
    (``LE THUY LIEN``): Tesseract's line box can stop at the capitals' tops, and the marks
    above (LÊ THÙY LIÊN) are then not read. Cut out with room above, they are."""
    typical = typical_height(page.words)
    if not typical:
        return []
    runs: list[list[int]] = []
    current: list[int] = []
    for i, w in enumerate(page.words):
        if _bare_capital(w.text) and current and page.words[current[-1]].line == w.line:
            current.append(i)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [i] if _bare_capital(w.text) else []
    if len(current) >= 2:
        runs.append(current)
    found = []
    for run in runs:
        x0, y0, x1, y1 = span([page.words[i] for i in run])
        pad = PAD * typical
        top = y0 - MARK_ROOM * (y1 - y0)
        box = (int(x0 - pad), int(top), int(x1 + pad), int(y1 + pad))
        line = page.words[run[0]].line
        # (the line above may reach into the room for the marks: its descenders do no harm)
        if any(
            overlaps(w.box, box)
            for j, w in enumerate(page.words)
            if j not in run and w.line != line and w.box[1] >= y0 - 1
        ):
            continue  # a word of another line level with the run or below would be read too
        found.append(BareCapitals(tuple(run), box))
    return found


def _with_marks(old: list[Word], new: list[Word]) -> list[str] | None:
    """The texts of ``old`` with the marks ``new`` read on the same letters, word for word;
    None where the readings differ in anything but marks."""
    if len(old) != len(new):
        return None
    texts = []
    for o, n in zip(old, new):
        core_o, core_n = word_core(o.text), word_core(n.text)
        if bare_letters(core_o) != bare_letters(core_n) or not core_n.isupper():
            return None
        texts.append(o.text.replace(core_o, core_n, 1))
    return texts


DOUBTFUL_CONFIDENCE = MIN_CONFIDENCE  # below this the word filter drops a word as junk
DOUBTFUL_MIN_CHARS = 4  # shorter "words" read this badly are specks and strokes
MAX_DOUBTFUL = 20  # a page with more is a picture or a bad scan: left as read


def find_doubtful_words(page: PageText) -> list[tuple[int, tuple[int, int, int, int]]]:
    """(index, box) of the words Tesseract read with next to no confidence that are the size
    of the page's words and stand clear of others: read alone, as one line, such a word is
    often read right ("079083¡Ẻ443gÌ" at 0 in its line, "079083144381" alone; the gap and the
    dotted leader after an ID confused the line's reading)."""
    typical = typical_height(page.words)
    if not typical:
        return []
    found = []
    for i, w in enumerate(page.words):
        core = word_core(w.text)
        if not (0 <= w.conf < DOUBTFUL_CONFIDENCE and len(core) >= DOUBTFUL_MIN_CHARS):
            continue
        if not at_words_height(w, typical):
            continue
        box = _clear_of_neighbours(page, i, PAD * typical)
        if box is not None:
            found.append((i, box))
    return found if len(found) <= MAX_DOUBTFUL else []


def _clear_of_neighbours(page: PageText, i: int, pad: float) -> tuple[int, int, int, int] | None:
    """Word ``i``'s box with up to ``pad`` around it, cut back where a neighbour stands (the
    words before and after it on its line are a space away); None where another word
    overlaps the word itself (a cut-out would read that one too)."""
    x0, y0, x1, y1 = page.words[i].box
    bx0, by0, bx1, by1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    for j, o in enumerate(page.words):
        if j == i or not overlaps(o.box, (bx0, by0, bx1, by1)):
            continue
        if o.box[2] <= x0:
            bx0 = max(bx0, o.box[2] + 1)
        elif o.box[0] >= x1:
            bx1 = min(bx1, o.box[0] - 1)
        elif o.box[3] <= y0:
            by0 = max(by0, o.box[3] + 1)
        elif o.box[1] >= y1:
            by1 = min(by1, o.box[1] - 1)
        else:
            return None
    return int(bx0), int(by0), int(bx1), int(by1)


ALONE_SURE = 60.0  # a second reading is taken at this confidence (every word of it)


def _surer(old: Word, new: list[Word]) -> bool:
    """Whether a word's second reading, alone, is sure where its first was a guess. (Taken
    from 20, bench.quality's legacy pages gained misread dates at 58 and a misread dossier
    number at 42 as well as the words read right, most at 80 and over.)"""
    return bool(new) and min(w.conf for w in new) >= ALONE_SURE and old.conf < DOUBTFUL_CONFIDENCE


TALL_LINE = 2.5  # a "line" this many typical heights tall and narrower than half its height
# is a column of list numbers (1. 2. 3.) the layout took for one line of vertical text


def find_number_columns(page: PageText) -> list[tuple[int, tuple[int, int, int, int]]]:
    """(line, box) of the lines that are narrow columns read as one tall line."""
    typical = typical_height(page.words)
    if not typical:
        return []
    by_line: dict[int, list[Word]] = {}
    for w in page.words:
        by_line.setdefault(w.line, []).append(w)
    found = []
    for line, words in by_line.items():
        x0, y0, x1, y1 = span(words)
        if y1 - y0 >= TALL_LINE * typical and (x1 - x0) < 0.5 * (y1 - y0) and x1 - x0 < 4 * typical:
            # A typical height up and down (its words may not reach its first and last
            # number), up to the words on its right (their first letters would join the
            # numbers: "41" for "4.").
            top, bottom = y0 - typical, y1 + typical
            right = [
                w.box[0]
                for w in page.words
                if w.line != line and w.box[0] >= x1 - 2 and y0 <= (w.box[1] + w.box[3]) / 2 <= y1
            ]
            x_end = min([x1 + PAD * typical] + [r - 2 for r in right])
            if x_end - x0 >= 0.5 * typical:
                found.append((line, (int(x0 - PAD * typical), int(top), int(x_end), int(bottom))))
    return found


def _place_in_lines(page: PageText, new: list[Word], column_line: int) -> dict[int, list[Word]]:
    """For each new word of a number column, the line it starts (the nearest line to its right
    at its height); words with no such line stay in the column's line. line → its new words."""
    by_line: dict[int, list[Word]] = {}
    for w in page.words:
        if w.line != column_line:
            by_line.setdefault(w.line, []).append(w)
    spans = {k: span(ws) for k, ws in by_line.items()}
    placed: dict[int, list[Word]] = {}
    for w in new:
        cy = (w.box[1] + w.box[3]) / 2
        right = [k for k, b in spans.items() if b[1] <= cy <= b[3] and b[0] >= w.box[0]]
        line = min(right, key=lambda k: spans[k][0]) if right else column_line
        placed.setdefault(line, []).append(replace(w, line=line))
    return placed


def reread_split_lines(image: np.ndarray, page: PageText, tesseract: Tesseract) -> PageText:
    """``page`` with each split line read again as one line, and each column of list numbers
    read as a column (see the module docstring).

    ``image``: the grey page Tesseract read (``page``'s coordinates). A line is replaced only
    when the new reading has words."""
    splits = find_split_lines(page)
    columns = find_number_columns(page)
    taken = {j for s in splits for j in s.words}
    bare = [b for b in find_bare_capitals(page) if not taken.intersection(b.words)][:MAX_LINES]
    in_columns = {j for j, w in enumerate(page.words) if w.line in {line for line, _ in columns}}
    doubtful = [(j, box) for j, box in find_doubtful_words(page) if j not in taken and j not in in_columns]
    if not splits and not columns and not bare and not doubtful:
        return page
    read = read_cutouts(
        image,
        [s.box for s in splits] + [box for _, box in columns] + [b.box for b in bare] + [box for _, box in doubtful],
        page,
        tesseract,
    )
    if read is None:
        return page  # the first reading stands
    alone = {}
    for (j, _), new in zip(doubtful, read[len(splits) + len(columns) + len(bare) :]):
        if _surer(page.words[j], new):
            alone[j] = [replace(w, line=page.words[j].line) for w in new]
    read = read[: len(splits) + len(columns) + len(bare)]
    marked: dict[int, str] = {}
    for run, new in zip(bare, read[len(splits) + len(columns) :]):
        texts = _with_marks([page.words[j] for j in run.words], new)
        if texts is not None:
            marked.update(zip(run.words, texts))
    if marked:
        page = PageText(
            width=page.width,
            height=page.height,
            dpi=page.dpi,
            source=page.source,
            words=[replace(w, text=marked[j]) if j in marked else w for j, w in enumerate(page.words)],
            lines=page.lines,
        )
    # The new words take the place of the first word they replace, in reading order; a list
    # number goes before the first word of the line it starts.
    before: dict[int, list[Word]] = {}
    dropped: set[int] = set()
    for s, new in zip(splits, read):
        if new:
            before[min(j for j in s.words if page.words[j].line == s.line)] = [replace(w, line=s.line) for w in new]
            dropped.update(s.words)
    for (line, _), new in zip(columns, read[len(splits) : len(splits) + len(columns)]):
        if not new:
            continue
        dropped.update(j for j, w in enumerate(page.words) if w.line == line)
        for target, words in _place_in_lines(page, new, line).items():
            first = min((j for j, w in enumerate(page.words) if w.line == target and j not in dropped), default=None)
            if first is None:  # the column's own line: where its first word was
                first = min(j for j, w in enumerate(page.words) if w.line == line)
            before.setdefault(first, [])
            before[first] = words + before[first]
    for j, new in alone.items():
        if j not in dropped:  # (a word of a bare run is no doubtful one: its confidence was high)
            before.setdefault(j, []).extend(new)
            dropped.add(j)
    words: list[Word] = []
    for j, w in enumerate(page.words):
        words.extend(before.get(j, ()))
        if j not in dropped:
            words.append(w)
    return PageText(
        width=page.width, height=page.height, dpi=page.dpi, source=page.source, words=words, lines=page.lines
    )
