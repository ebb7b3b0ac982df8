"""Fields filled in by hand: the number and the day of an official document.

Official documents are often numbered and dated after signing: "Số:      /QĐ-TTg" and
"ngày      tháng 4 năm 2026" printed, the digits written in ink. OCR reads such ink badly
and confidently wrong ("445/NQ-CP" for a handwritten 115), so the slots where a number or
a day may be written by hand are looked at on the page image, one mechanism for every type:

- ``find_fill_ins`` (run where the page image is, beside OCR): the slots of the page's head
  — the digits between "Số:" and the "/symbol", the day between "ngày" and "tháng", the
  month between "tháng" and "năm" — and whether what is in each is print: Tesseract read
  digits there with confidence, and their ink stands like the printed glyphs of the same
  line (height, baseline, stroke, one mark per digit). Anything else (no digits read, ink
  taller, lower, thinner or more than the digits read) is ink by hand; its digits are read
  by ``ocr.ink.read_digits``, kept when the recogniser is sure and proposed for review when
  it is less so.
- ``settle`` (after extraction): a field whose slot is handwritten takes the reading where
  there is one; otherwise it keeps only what is printed (a number's symbol, no date) and
  the record gets ``handwritten:<field>`` for review, as it does for a proposed reading. A
  number or a date read from handwriting without confidence is never reported unflagged.

Slots map to fields by kind: the number slot to the type's ``document_number``-kind fields,
the day and month slots to the fields read from the place-and-date line (``place_date``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from digitize.understand import validators
from digitize.understand.catalogue import DocType
from digitize.understand.layout import ocr_letters
from digitize.understand.textmatch import fold
from digitize.understand.tidy import tidy_document_number
from ocr import confusions
from ocr.ink import DIGIT_SURE, Blob, Glyphs, blobs, ink_threshold, read_digits, stroke_of, without_rules
from ocr.model import PageText, Word, chars_box
from ocr.syllables import bare_letters

REASON_PREFIX = "handwritten:"
SLOT_WIDTH = 12  # line heights: the widest slot left for a number written by hand
HEAD_SHARE = 0.4  # slots are looked for in the top part of a page (the document's head)
CONFIDENT_DIGITS = 80  # Tesseract's word confidence for digits taken as print
# Below it, digits are print only where their ink stands like print; below this, not at all.
# (On generated fax pages the hand's digits Tesseract read at 48-73 all failed the ink's test.)
UNSURE_DIGITS = 60
PROPOSED_CONFIDENCE = 0.5  # a value holding a proposed reading (FillIn.proposed)
INVALID_CONFIDENCE = 0.3  # a value that fails its kind's check, as reconcile.review gives one
# The recogniser's probability for every digit from which its reading alone is proposed, for
# review (always flagged: a proposal pre-fills the reviewer's form, it decides nothing). On 300
# numbers in the sample generator's hand (not trained on): at 0.7, 238 read right and 7 wrong;
# at 0.8, 221 and 4; at 0.9, 189 and 1; at 0.97, 109 and none (bench.handwriting --recogniser).
PROPOSE_SURE = 0.7
DIGIT_SURE_ALONE = 0.97  # the recogniser's probability for every digit when Tesseract read none
NUMBER_SLOT, DAY_SLOT, MONTH_SLOT = "number", "day", "month"


@dataclass(frozen=True)
class FillIn:
    """A slot of the page's head that may be filled in by hand, and what is in it."""

    slot: str  # NUMBER_SLOT | DAY_SLOT | MONTH_SLOT
    line: int  # the OCR line it is on
    handwritten: bool
    reading: str | None = None  # the handwritten digits, when read with confidence
    why: str = ""  # what made it handwritten (for the record of a bench, not for users)
    after: str = ""  # the printed word OCR read right after the slot (a number's "/QĐ-UBND")
    # Tesseract read digits there with confidence (only their ink looked unlike the line's
    # print): the value read stays, flagged, rather than be dropped on the ink's word alone
    confident: bool = False
    # the reading is the recogniser's alone, sure of every digit but not as sure as a reading
    # Tesseract did not confirm must be to stand: it is given, flagged for review
    proposed: bool = False


@dataclass(frozen=True)
class _Ink:
    """The page image and the grey level between ink and paper on the line looked at."""

    image: np.ndarray
    cut: int

    @classmethod
    def beside(cls, image: np.ndarray, word: Word) -> _Ink:
        return cls(image, ink_threshold(image, word.box))

    def glyphs(self, box) -> Glyphs | None:
        return Glyphs.of(self.image, box, self.cut)

    def stroke(self, box) -> float:
        return stroke_of(self.image, box, self.cut)


# --------------------------------------------------------------------------- finding slots


def find_fill_ins(page: PageText, image: np.ndarray) -> list[FillIn]:
    """The fill-in slots of ``page``'s head (see module doc), ``image`` being the grey image
    whose pixels the page's word boxes are in."""
    out: list[FillIn] = []
    head = page.height * HEAD_SHARE
    image = without_rules(image, int(head * image.shape[0] / page.height) if page.height else 0)
    above: list[Word] = []  # the line before, in order
    for i in range(len(page.lines)):
        words = sorted(page.line_words(i), key=lambda w: w.box[0])
        if not words or words[0].box[1] > head:
            above = words
            continue
        if not any(f.slot == NUMBER_SLOT for f in out):
            found = _number_slot(words, i, image)
            if found:
                out.append(found)
        if not any(f.slot == DAY_SLOT for f in out):
            out += _date_slots(words, i, image, above)
        above = words
    return out


def _place_above(above: Sequence[Word], ngay: Word) -> Word | None:
    """The place's last word ("Phú Mỹ,") at the end of the line above, where the
    place-and-date line wrapped before its "ngày": close above, ending right of its start
    (the ink of a day written by hand may make the two lines' boxes touch)."""
    if not above:
        return None
    last = above[-1]
    h = ngay.box[3] - ngay.box[1]
    if last.box[2] > ngay.box[0] and -0.5 * h <= ngay.box[1] - last.box[3] < 1.5 * h:
        return last
    return None


COLUMN_GAP = 2.0  # line heights between words of two columns Tesseract read as one line


def _before_ngay(words: list[Word], j: int, above: Sequence[Word]) -> tuple[Word | None, bool]:
    """The word the place ends with before the "ngày" at ``j``, and whether it is on the line
    above: the word before it on the line or, where the line wrapped before "ngày" or "ngày"
    starts a column of its own (the head's date beside the number, "Số: 3157/QĐ-UBND
    ngày … tháng 9", the place on the line above), the place's last word above."""
    w = words[j]
    if j > 0 and w.box[0] - words[j - 1].box[2] < COLUMN_GAP * (w.box[3] - w.box[1]):
        return words[j - 1], False
    return _place_above(above, w), True


def _band(anchor: Word, ref: Glyphs | None) -> tuple[float, float]:
    """The rows a handwritten entry beside ``anchor`` may reach."""
    h = ref.height if ref else anchor.box[3] - anchor.box[1]
    return anchor.box[1] - 0.6 * h, anchor.box[3] + 0.5 * h


def _marks(ink: _Ink, x0: float, x1: float, band: tuple[float, float], ref_h: float) -> list[Blob]:
    """Ink between x0 and x1 in ``band``, rules (long flat marks) and specks left out. A mark
    mostly in the band is taken whole where it reaches out of it (a hand's digits stand taller
    than print: a three cut at the band's top read as anything)."""
    if x1 - x0 < 2:
        return []
    top, bottom = band
    found = blobs(ink.image, (x0, top - 0.5 * ref_h, x1, bottom + 0.3 * ref_h), ink.cut)
    found = [b for b in found if min(b.y1, bottom) - max(b.y0, top) >= 0.5 * b.height]
    return [
        b
        for b in found
        # a rule under the line above, whole or cut short by the slot's edges
        if not (b.height < 0.3 * ref_h and b.x1 - b.x0 > 2.5 * ref_h)
        and not (b.height <= max(2, 0.15 * ref_h) and b.x1 - b.x0 >= 3 * b.height)
        and (b.height >= 0.2 * ref_h or b.x1 - b.x0 >= 0.2 * ref_h)  # a speck
    ]


def _print_like(marks: list[Blob], ref: Glyphs, digits: str, ink: _Ink, box) -> str:
    """'' when ``marks`` stand like the printed ``digits`` would, else why not."""
    if not marks:
        return "no ink"
    chars = _characters(marks)  # a glyph broken by a black-and-white scan is one character
    if len(chars) > len(digits):
        chars = _pieces_joined(chars, ref.height)
    if len(chars) != len(digits):
        return "marks"
    tol = 0.2 * ref.height + 1
    # typeset digits share their top and bottom, give or take a round glyph's overshoot (a
    # typewriter's 8 stood 3 px above its 7s at 20 px); a hand's wander more
    even = max(3.5, 0.12 * ref.height)
    if (
        max(c.y1 for c in chars) - min(c.y1 for c in chars) > even
        or max(c.y0 for c in chars) - min(c.y0 for c in chars) > even
    ):
        return "uneven"
    for c in chars:
        if abs(c.height - ref.height) > tol:
            return "height"
        if abs(c.y1 - ref.baseline) > 0.15 * ref.height + 1:
            return "baseline"
    stroke = ink.stroke(box)
    if ref.stroke and not 0.6 <= stroke / ref.stroke <= 1.6:
        return "stroke"
    return ""


PIECE_GAP = 0.12  # of the printed digits' height: a copy's broken digit, its halves this close
PRINTED_WIDTH = 0.75  # of their height: a printed digit is no wider


def _pieces_joined(chars: list[Blob], height: float) -> list[Blob]:
    """Characters side by side joined where a copy broke one printed digit in two across ("3"
    as its left and right halves, 2 px apart at 38 px): nearly touching, and together no wider
    than a printed digit."""
    return _joined(chars, lambda a, b: b.x0 - a.x1 <= PIECE_GAP * height and b.x1 - a.x0 <= PRINTED_WIDTH * height)


def _characters(marks: list[Blob]) -> list[Blob]:
    """Marks overlapping across joined into characters, left to right."""
    return _joined(sorted(marks, key=lambda b: b.x0), lambda a, b: b.x0 < a.x1 - 1)


def _joined(marks: list[Blob], together: Callable[[Blob, Blob], bool]) -> list[Blob]:
    """``marks`` (left to right) with each joined to the one before where ``together`` says so."""
    out: list[Blob] = []
    for b in marks:
        if out and together(out[-1], b):
            a = out[-1]
            out[-1] = Blob(a.x0, min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1), a.area + b.area)
        else:
            out.append(b)
    return out


def _judge(
    slot: str,
    line: int,
    ink: _Ink,
    marks: list[Blob],
    ref: Glyphs | None,
    digits: str | None,
    conf: float,
    box,
    after: str = "",
) -> FillIn | None:
    """Print or hand, and the hand's digits where sure: the recogniser sure of every digit
    and, where Tesseract read digits there too, both reading the same."""
    if ref is None:
        return None
    if digits and conf >= UNSURE_DIGITS:
        # digits read, even unsurely (a fax's broken strokes cost print its confidence: "16" at
        # 76): ink that stands like the line's printed digits is print
        why = _print_like(marks, ref, digits, ink, box)
        if not why:
            return FillIn(slot, line, handwritten=False, after=after)
    else:
        why = "no digits read" if marks else "empty"
    reading, proposed = None, False
    if marks:
        read = read_digits(ink.image, marks, ref.height, ink.cut)
        # A reading stands where Tesseract read the same digits (DIGIT_SURE) or, Tesseract
        # reading none, where the recogniser is surer still (DIGIT_SURE_ALONE: one generator's
        # hand does not vouch for real ones); less sure, it is proposed, flagged (PROPOSE_SURE)
        sure = DIGIT_SURE if digits else DIGIT_SURE_ALONE
        if read and read[1] >= sure and _plausible(slot, read[0]) and (not digits or digits == read[0]):
            reading = read[0]
        elif read and read[1] >= (DIGIT_SURE_ALONE if digits else PROPOSE_SURE) and _plausible(slot, read[0]):
            # where Tesseract read other digits in the ink, only a surer reading is proposed
            reading, proposed = read[0], True
    confident = bool(digits) and conf >= CONFIDENT_DIGITS
    return FillIn(
        slot, line, handwritten=True, reading=reading, why=why, after=after, confident=confident, proposed=proposed
    )


def _plausible(slot: str, digits: str) -> bool:
    if slot == NUMBER_SLOT:
        return 1 <= len(digits) <= 5 and not digits.startswith("0")
    limit = 31 if slot == DAY_SLOT else 12
    return 1 <= len(digits) <= 2 and 1 <= int(digits) <= limit


# (a speck read as a quote before the digits: "'2153/GPXD.")
NUMBER_WORD = re.compile(r"^['‘’`\"]?(\d{1,5})(/.*)?$")


def _number_slot(words: list[Word], line: int, image: np.ndarray) -> FillIn | None:
    """The slot after "Số:" up to the "/symbol" of the number."""
    for j, w in enumerate(words[:-1]):
        folded = fold(w.text).removesuffix(".")  # (its colon read as a stop: "sø.")
        # the head's "Số:", not a "số 20/2021/NĐ-CP" quoted in the text (its capital read small
        # on a photocopy where it opens its line: "số 1/)/ /2018/QĐ-UBND")
        if not (folded == "so:" or (folded == "so" and (w.text.startswith("S") or j == 0))):
            continue
        h = w.box[3] - w.box[1]
        prev = words[j - 1] if j > 0 else None
        if prev is not None and w.box[0] - prev.box[2] < 2 * h and any(c.isalnum() for c in prev.text):
            continue  # "Nơi cư trú: Số 10/18 đường …": a value's house number, not the head's "Số:"
        if folded == "so" and _label_word(words[j + 1].text):
            continue  # "Số định danh cá nhân:", "Số thẻ:", "Số CCCD:": another label
        ink = _Ink.beside(image, w)
        # not the other column: near the "Số", in the page's left half (a hand's four digits
        # may leave a slot of eight heights of a small "sø")
        near = [
            x for x in words[j + 1 : j + 5] if x.box[0] - w.box[2] < SLOT_WIDTH * h and x.box[0] < image.shape[1] / 2
        ]
        # the register book's "Quyển số: 01" after a register's number is no symbol of it
        near = near[: next((i for i, x in enumerate(near) if bare_letters(x.text).startswith("quyen")), len(near))]
        if not near:
            return None
        # the symbol: a "/" with letters after it ("/QĐ-UBND"; "3/22" is ink OCR made up)
        k = next((i for i, x in enumerate(near) if "/" in x.text and _letters_after_slash(x.text)), None)
        if k is None and "/" in near[0].text and NUMBER_WORD.match(near[0].text) and near[0].conf >= CONFIDENT_DIGITS:
            # a register's number and year printed, a label after ("Số: 38/2017   Quyển số: 02")
            return _printed(line)
        if k is None:  # the symbol's "/" lost ("TTg", "JQĐ-UBND"), or a bare number ("Số: 197")
            k = next((i for i, x in enumerate(near) if any(c.isalpha() for c in x.text)), None)
            if k is None:
                if near[0].conf >= CONFIDENT_DIGITS:
                    return _printed(line)  # a number printed bare: no slot
                # digits read unsure and no symbol seen: ink OCR could not read, in a slot
                ref = ink.glyphs(w.box)
                band = _band(w, ref)
                box = (w.box[2] + 1, band[0], near[0].box[2] + 1, band[1])
                marks = _marks(ink, box[0], box[2], band, ref.height if ref else h)
                return _judge(NUMBER_SLOT, line, ink, marks, ref, None, 0.0, box)
        symbol, inner = near[k], near[:k]
        m = NUMBER_WORD.match(symbol.text)
        if m and m.group(2) and not inner:  # "12/QĐ-UBND": the digits run into the symbol, as print does
            ref = ink.glyphs(symbol.box)
            band = _band(w, ref)
            found = _marks(ink, w.box[2] + 1, symbol.box[2], band, ref.height if ref else h)
            digits = m.group(1)
            leading = _characters(found)[: len(digits)]  # the digits' marks, the symbol's after them
            cut = leading[-1].x1 + 0.5 if leading else w.box[2] + 1
            marks = [b for b in found if b.x1 <= cut]
            box = (w.box[2] + 1, band[0], cut, band[1])
            # Tesseract's confidence is the whole word's, symbol included ("…//QĐ-UBND" at 55):
            # digits run into the symbol are judged by their ink
            conf = max(symbol.conf, CONFIDENT_DIGITS)
            return _judge(NUMBER_SLOT, line, ink, marks, ref, digits, conf, box, m.group(2))
        # "445" "/NQ-CP", "2" "†" "/2026/TT-BCT", or "/QĐ-TTg" alone: the slot is before the symbol
        digits = "".join(x.text for x in inner)
        conf = min((x.conf for x in inner), default=0.0)
        ref = ink.glyphs(symbol.box)
        band = _band(w, ref)
        box = (w.box[2] + 1, band[0], symbol.box[0] - 1, band[1])
        marks = _marks(ink, box[0], box[2], band, ref.height if ref else h)
        return _judge(NUMBER_SLOT, line, ink, marks, ref, digits if digits.isdigit() else None, conf, box, symbol.text)
    return None


def _printed(line: int) -> FillIn:
    """The head's number, found printed: kept as the page's number slot so that none is looked
    for further down (a table row's "Số 22 đường …" is an address, not the document's number)."""
    return FillIn(NUMBER_SLOT, line, handwritten=False)


def _label_word(text: str) -> bool:
    """A word that goes on a label after "Số" rather than fills its slot: a lower-case word
    ("định", "thẻ") or one ending in a colon ("CCCD:"), with no digit or "/" of a number."""
    if any(c.isdigit() or c == "/" for c in text):
        return False
    return text.endswith(":") or text[:1].islower()


def _letters_after_slash(text: str) -> bool:
    return any(c.isalpha() for c in text[text.index("/") :])


_GLUED_DIGITS = re.compile(r"(ngay|thang)(\W{0,2})(\d{1,2})")


def _digits_glued_apart(word: Word) -> list[Word]:
    """A date's word and the figures OCR read glued to it ("ngày-25": a speck between them)
    as two words, the box cut by their share of its characters: the figures are the slot's,
    printed, not a slot left empty beside its anchor."""
    m = _GLUED_DIGITS.fullmatch(bare_letters(word.text))
    if m is None:
        return [word]
    n = len(word.text)
    # (the speck between them goes with the word: it is no mark of the slot's)
    anchor = replace(word, text=word.text[: m.end(1)], box=chars_box(word.box, n, 0, m.start(3)))
    digits = replace(word, text=m.group(3), box=chars_box(word.box, n, m.start(3), n))
    return [anchor, digits]


def _date_slots(words: list[Word], line: int, image: np.ndarray, above: Sequence[Word] = ()) -> list[FillIn]:
    """The day slot (between "ngày" and "tháng") and the month slot (between "tháng" and
    "năm") of a place-and-date line, the year's digits as the printed reference. ``above``:
    the line above, where the place may end (see _before_ngay)."""
    words = [piece for w in words for piece in _digits_glued_apart(w)]
    folded = [bare_letters(w.text) for w in words]
    for j, f in enumerate(folded):
        if not f.startswith("ngay"):
            continue
        # "<place>, ngày": the place-and-date line, not a date quoted in the text
        before, from_above = _before_ngay(words, j, above)
        if before is None or not before.text.endswith(","):
            continue
        if from_above and not words[j].text[:1].islower():
            continue  # "Ngày sinh: …" under an address ending in ",": a label, not the date's rest
        try:
            k = next(i for i in range(j, min(j + 5, len(words))) if "thang" in folded[i])
            n = next(i for i in range(k, min(k + 4, len(words))) if folded[i].startswith("nam"))
        except StopIteration:
            continue
        # the year's printed digits are the reference, however OCR read them ("2ox4")
        year = words[n] if any(c.isdigit() for c in words[n].text) else words[n + 1] if n + 1 < len(words) else None
        ink = _Ink.beside(image, year) if year else None
        ref = ink.glyphs(year.box) if ink else None
        if ref is None:
            return []
        out = []
        for slot, left, right in ((DAY_SLOT, j, k), (MONTH_SLOT, k, n)):
            a, b = words[left], words[right]
            if left == right:  # "ngàyĐ®tháng": the anchors and the slot read as one word — not print
                out.append(FillIn(slot, line, handwritten=True, why="merged"))
                continue
            inner = words[left + 1 : right]
            digits = "".join(w.text for w in inner)
            conf = min((w.conf for w in inner), default=0.0)
            band = _band(a, ref)
            # the slot, and the digits OCR read in it where their boxes reach past its ends
            x0 = min([a.box[2] + 1, *(w.box[0] for w in inner)])
            x1 = max([b.box[0] - 1, *(w.box[2] for w in inner)])
            box = (x0, band[0], x1, band[1])
            marks = _marks(ink, box[0], box[2], band, ref.height)
            judged = _judge(slot, line, ink, marks, ref, digits if digits.isdigit() else None, conf, box)
            if judged:
                out.append(judged)
        return out
    return []


# --------------------------------------------------------------------------- settling fields


def settle(
    doc_spec: DocType | None,
    fields: dict[str, dict],
    reasons: list[str],
    boxes: dict,
    fill_ins: list[FillIn],
    page: PageText | None = None,
) -> None:
    """Apply the first page's ``fill_ins`` to the extracted ``fields`` (in place): readings
    replace what OCR made of handwriting; what was not read leaves only the printed part
    and a ``handwritten:<field>`` reason. ``page``: that first page, when known."""
    by_slot = {f.slot: f for f in fill_ins if f.handwritten}
    if not by_slot or doc_spec is None:
        return
    for name, spec in doc_spec.fields.items():
        if spec.kind == "document_number" and NUMBER_SLOT in by_slot:
            fill = by_slot[NUMBER_SLOT]
            on_line = page is not None and name in boxes and not _read_elsewhere(name, fields, boxes, page, fill.line)
            _settle_number(name, fill, fields, reasons, boxes, on_line)
        elif "place_date" in spec.locate and (DAY_SLOT in by_slot or MONTH_SLOT in by_slot):
            line = (by_slot.get(DAY_SLOT) or by_slot[MONTH_SLOT]).line
            if _read_elsewhere(name, fields, boxes, page, line):
                continue  # "Ngày, tháng, năm đăng ký: 04/06/2021" under its label: not the slot's date
            _settle_date(name, by_slot.get(DAY_SLOT), by_slot.get(MONTH_SLOT), fields, reasons, boxes, page)


def _read_elsewhere(name: str, fields: dict, boxes: dict, page: PageText | None, line: int) -> bool:
    """Whether the field's value was read off another line than the slot's (or another page)."""
    current = fields.get(name)
    if page is None or current is None or name not in boxes or not 0 <= line < len(page.lines):
        return False
    if current.get("page", 1) != 1:
        return True
    top, bottom = page.lines[line].box[1], page.lines[line].box[3]
    return boxes[name][3] < top or boxes[name][1] > bottom  # a wrapped date's box takes in the line


def _flag(name: str, reasons: list[str]) -> None:
    if REASON_PREFIX + name not in reasons:
        reasons.append(REASON_PREFIX + name)


def _settle_number(
    name: str, fill: FillIn, fields: dict, reasons: list[str], boxes: dict, on_line: bool = False
) -> None:
    current = fields.get(name)
    value = current["value"] if current else ""
    symbol = value[value.index("/") :] if "/" in value else ""
    after = ocr_letters(fill.after.strip())  # as the layout reads words ("/QÐ-UBND": an eth for Đ)
    # a register's "249/2023" read on the slot's line, its year the registration's: OCR's
    # reading stays, for the reviewer to confirm, even where the ink could not be read
    register = on_line and _register_of_its_year(value, fields)
    # the value was read on the slot's line when it ends as the word after the slot does (a
    # number quoted in the text, "Thông tư số 07/2021/TT-…", is another number), or, a
    # register's number and year, when the register's "Quyển số" label came after the slot
    if not register and not (symbol and after and (_same_symbol(symbol, after) or _register_read(value, after))):
        symbol = after if after.startswith("/") else ""
        boxes.pop(name, None)  # around words of another line
    if fill.reading and symbol:
        # read where the hand wrote, on the document's first page; the printed symbol may be the
        # slot's raw word, so it is tidied and checked as extraction's values are
        value = tidy_document_number(fill.reading + symbol)
        fields[name] = dict(current or {"confidence": DIGIT_SURE, "page": 1}, value=value)
        if fill.proposed:
            fields[name]["confidence"] = PROPOSED_CONFIDENCE
            _flag(name, reasons)
        if not validators.document_number(value).ok:
            # the hand's part read, the whole not a number: both for the reviewer to see
            fields[name]["confidence"] = min(fields[name]["confidence"], INVALID_CONFIDENCE)
            _flag(name, reasons)
            if f"invalid:{name}" not in reasons:
                reasons.append(f"invalid:{name}")
        return
    _flag(name, reasons)
    if (fill.confident or register) and current and name in boxes:
        return  # digits OCR was sure of, on the slot's line: kept, for the reviewer to confirm
    if symbol:  # the printed part only, even where extraction found none: the reviewer writes the number
        fields[name] = dict(current or {"page": 1}, value=symbol, confidence=0.0)
    else:
        fields.pop(name, None)
        boxes.pop(name, None)


def _same_symbol(symbol: str, after: str) -> bool:
    """Whether the symbol of the value and the word after the slot are one symbol, read the
    same or one of them cut short, letters aside their marks and slash ("/QĐ-UBND" and the
    raw "QD-UBND", its slash lost)."""
    a, b = fold(symbol).lstrip("/"), fold(after).lstrip("/")
    return bool(a and b) and (a.endswith(b) or b.endswith(a))


def _register_of_its_year(value: str, fields: dict) -> bool:
    """Whether ``value`` is a register's number and year ("249/2023") whose year is that of the
    document's registration (or issue) date."""
    m = re.fullmatch(r"\d+/(\d{4})", value)
    dated = fields.get("registration_date") or fields.get("issue_date")
    return m is not None and dated is not None and str(dated.get("value", ""))[:4] == m.group(1)


def _register_read(value: str, after: str) -> bool:
    """Whether ``value`` is a register's number and year ("154/2022", its slash maybe put back)
    read before the register book's label ("Quyển số: 01"), which OCR gave as the slot's end."""
    return bare_letters(after).startswith("quyen") and re.fullmatch(r"\d+/\d{4}", value) is not None


def _settle_date(
    name: str,
    day: FillIn | None,
    month: FillIn | None,
    fields: dict,
    reasons: list[str],
    boxes: dict,
    page: PageText | None = None,
):
    current = fields.get(name)
    read = all(f is None or f.reading for f in (day, month))
    if current is None and read and day is not None:
        # the hand's day was read, but with ink where its day stood the line gave extraction no
        # date: the month and year printed on the slot's line complete it
        printed = _printed_month_year(page, day.line)
        if printed is not None and (printed[0] or month is not None):
            month_number = printed[0] or 1  # a month written by hand too: its reading replaces it
            current = {"value": f"{printed[1]:04d}-{month_number:02d}-01", "confidence": DIGIT_SURE, "page": 1}
    if current and read:
        try:
            d = dt.date.fromisoformat(current["value"])
            d = d.replace(
                month=int(month.reading) if month else d.month,
                day=int(day.reading) if day else d.day,
            )
        except (ValueError, TypeError):
            pass
        else:
            fields[name] = dict(current, value=d.isoformat())
            if any(f is not None and f.proposed for f in (day, month)):
                fields[name]["confidence"] = PROPOSED_CONFIDENCE
                _flag(name, reasons)
            return
    _flag(name, reasons)
    if current and all(f is None or f.confident for f in (day, month)):
        return  # digits OCR was sure of: kept, for the reviewer to confirm
    # a date whose day is not known has no value to report
    fields.pop(name, None)
    boxes.pop(name, None)


_YEAR = re.compile(r"\bnam\s*(\S{4})\b")
_MONTH = re.compile(r"\bthang\s*(\S{1,2})\s*,?\s*nam\b")


def _printed_month_year(page: PageText | None, line: int) -> tuple[int | None, int] | None:
    """(month, year) printed on ``page``'s line ``line`` ("… ngày ✍ tháng 4 năm 2026"), figures
    read as their look-alike letters put right; the month None where it is not printed as one
    (written by hand too); None where no year is printed."""
    if page is None or not 0 <= line < len(page.lines):
        return None
    text = fold(" ".join(w.text for w in sorted(page.line_words(line), key=lambda w: w.box[0])))
    year = _YEAR.search(text)
    digits = confusions.to_digits(year.group(1)) if year else ""
    if not (digits.isdigit() and 1900 <= int(digits) <= 2100):
        return None
    month = _MONTH.search(text)
    figures = confusions.to_digits(month.group(1)) if month else ""
    return (int(figures) if figures.isdigit() and 1 <= int(figures) <= 12 else None), int(digits)
