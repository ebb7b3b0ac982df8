"""Rule-based document classification over the catalogue, open to a trained model.

``classify(pages, catalogue=None, model=None)`` → ``Classification(doc_type, confidence,
evidence, scores)``.

Rules: the title is the strongest signal. Every line segment of the pages is scored for
how title-like it is (upper case, larger than the body text, centred, near the top of page
1, short) and matched against each type's title patterns (diacritic-insensitive, fuzzy,
wrapped titles joined); a pattern has to explain most of the line, so a mention inside a
sentence ("theo Quyết định số …") is not a title. The national header (CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc: ``national_header``) is never a title.
Keywords found anywhere in the text support a type. Below ``UNKNOWN_BELOW`` the answer is ``unknown``.

A trained model can be combined: pass any object with scikit-learn's ``predict_proba`` and
``classes_`` (e.g. a TF-IDF char n-gram + linear model pipeline trained on
``model_text(pages)`` strings), or a callable ``text -> {doc_type: probability}``. Its
probabilities are combined with the rule scores by a noisy-or, ``1 - (1 - rule) × (1 -
MODEL_WEIGHT × p)``: a clear title is not overruled by the model, and a confident model
decides where the rules find no title.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from digitize.understand.catalogue import UNKNOWN, Catalogue, default_catalogue
from digitize.understand.layout import PageLayout, Segment, layout, layout_page
from digitize.understand.national_header import is_national_header
from digitize.understand.textmatch import fold, is_prefix_pattern, match_key, match_title, partial_similarity
from digitize.understand.values import fix_digits
from ocr import confusions
from ocr.model import PageText

UNKNOWN_BELOW = 0.5  # confidence under which the answer is "unknown"
UNCERTAIN_BELOW = 0.7  # callers flag doc_type_uncertain under this
TITLE_MIN = 0.5  # a title match weaker than this does not count as a title
PAGE_TITLE_MIN = 0.7  # page_title_type: a page starts a document only on a clear title
MODEL_WEIGHT = 0.7  # how far a trained model's probability alone can lift a type (noisy-or)


@dataclass
class Classification:
    doc_type: str
    confidence: float
    evidence: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def uncertain(self) -> bool:
        return self.doc_type == UNKNOWN or self.confidence < UNCERTAIN_BELOW

    def as_dict(self) -> dict:
        return {
            "doc_type": self.doc_type,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "scores": dict(self.scores),
        }


@dataclass
class TitleCandidate:
    text: str
    page: int  # 0-based
    titleness: float  # 0-1
    position: float  # 0-1, earlier/higher is better


def model_text(pages: Sequence[PageText]) -> str:
    """The text a trained model sees: all pages, folded (no diacritics, lower case)."""
    return fold("\n".join(p.text for p in pages))


# --------------------------------------------------------------------------- titles


def _upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isupper() for c in letters) / len(letters)


_RUNS_ON = re.compile(r"(,|-|–|\b(va|cua|ve|cho|voi|doi voi|tai|quyen|giay chung nhan))$")


def _runs_on(text: str) -> bool:
    """A title line that does not end there: a trailing comma, hyphen or joining word."""
    return bool(_RUNS_ON.search(fold(text).rstrip(" .")))


# a numbered section heading: "II.", "2.", "a)", "IV -"
_SECTION_NUMBER = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,2}|[a-dđ])\s*[.)\-–]\s")


# how title-like the second line of a wrapped title is on its own ("… BẢO HIỂM XÃ HỘI," / "BẢO
# HIỂM Y TẾ"): less than a title, so that another type's whole title it happens to be does not
# win over the first line's type when that line is garbled ("TỜ KH THAM ĐIỀU CHỈNH …")
WRAPPED_TAIL = 0.6
TITLE_SURE = 90  # likeness from which a title match is that title, not a part it shares
SHARED_TITLE = 0.8  # what a partial title match counts for when it fits other types' titles as well
TITLE_GAP = 6.0  # in line heights: a gap in a title line no wider than this joins its halves (a word lost: "CHƯNG MINH" | "DẪN")


def title_candidates(pages: Sequence[PageLayout]) -> list[TitleCandidate]:
    """Line segments (and up to three stacked ones, for wrapped titles) with how much
    each looks like a document title."""
    out: list[TitleCandidate] = []
    for page in pages:
        segs = [s for s in page.segments() if any(c.isalpha() for c in s.text)]
        if not segs:
            continue
        heights = [s.height for s in segs]
        body_h = statistics.median(heights)
        left = min(s.x0 for s in segs)
        right = max(s.x1 for s in segs)
        top = min(s.box[1] for s in segs)
        bottom = max(s.box[3] for s in segs)
        centre = (left + right) / 2
        width = max(right - left, 1.0)
        scored: list[tuple[Segment, float]] = []
        for seg in segs:
            text = seg.text
            if is_national_header(text):
                scored.append((seg, -1.0))
                continue
            upper = _upper_ratio(text)
            size = min(1.0, max(0.0, (seg.height / body_h - 1.0) / 0.25))
            mid = (seg.x0 + seg.x1) / 2
            off = min(abs(mid - centre), abs(mid - page.width / 2))
            centred = 1.0 if off < 0.08 * width else 0.0
            short = 1.0 if len(seg.tokens) <= 16 else 0.0
            high = 1.0 if seg.box[1] - top < 0.3 * max(bottom - top, 1.0) else 0.0
            titleness = (
                0.3
                + 0.3 * (1.0 if upper >= 0.8 else upper / 2)
                + 0.15 * size
                + 0.15 * centred
                + 0.1 * short
                + 0.1 * high
            )
            if text.rstrip().endswith(":"):
                titleness *= 0.7  # "QUYẾT ĐỊNH:" introduces the articles; a title has no colon
            if _SECTION_NUMBER.match(text):
                titleness *= 0.5  # "II. THỬA ĐẤT, NHÀ Ở …": a numbered section of a document, not its title
            scored.append((seg, min(1.0, titleness)))
        for i, (seg, t) in enumerate(scored):
            if t < 0:
                continue
            y = seg.box[1] / max(page.height, 1.0)
            pos = (1.0 if y < 0.5 else 0.92) if page.index == 0 else 0.85
            # the second line of a wrapped title ("TỜ KHAI … BẢO HIỂM XÃ HỘI," / "BẢO HIỂM
            # Y TẾ") is not a title on its own: the title is read from its first line
            above = [
                (s2, t2)
                for s2, t2 in scored[max(0, i - 4) : i]
                if s2.row < seg.row
                and t2 >= 0.8
                and seg.box[1] - s2.box[3] < 1.0 * seg.height
                and min(s2.x1, seg.x1) - max(s2.x0, seg.x0) > 0
                and _runs_on(s2.text)
            ]
            alone = t * (WRAPPED_TAIL if above and t >= 0.8 else 1.0)
            out.append(TitleCandidate(seg.text, page.index, alone, pos))
            # a title line OCR broke at a gap where it lost letters ("TRÍCH LỤC KH" | "SINH"):
            # read whole as well, or its first half matches every title it begins
            right = scored[i + 1] if i + 1 < len(scored) else None
            if (
                right is not None
                and right[0].row == seg.row
                and right[1] >= 0.6
                and 0 < right[0].x0 - seg.x1 < TITLE_GAP * max(seg.height, right[0].height)
            ):
                out.append(TitleCandidate(f"{seg.text} {right[0].text}", page.index, max(alone, right[1]), pos))
            # wrapped titles: join the next one or two title-like segments below
            text, last = seg.text, seg
            for seg2, t2 in scored[i + 1 : i + 6]:
                if len(text.split()) > 30:
                    break
                if t2 < 0.6 or seg2.row == last.row or seg2.row > last.row + 2:
                    continue
                if seg2.box[1] - last.box[3] > 1.5 * max(last.height, seg2.height):
                    break
                if min(seg2.x1, last.x1) - max(seg2.x0, last.x0) <= 0:
                    continue
                text = f"{text} {seg2.text}"
                out.append(TitleCandidate(text, page.index, min(t, t2), pos))
                last = seg2
    return out


def _title_scores(cands: Sequence[TitleCandidate], catalogue: Catalogue) -> dict[str, tuple[float, str]]:
    best: dict[str, tuple[float, str]] = {}
    matched: dict[str, tuple[int, float]] = {}  # type -> (its best candidate, likeness)
    for code, doc in catalogue.types.items():
        top = (0.0, "")
        for k, cand in enumerate(cands):
            if any(match_title(_as_prefix(x), cand.text).likeness >= 95 for x in doc.exclude_titles):
                continue
            for pattern in doc.titles:
                m = match_title(pattern, cand.text)
                if m.likeness < 80:
                    continue
                score = m.score * cand.titleness * cand.position
                if score > top[0]:
                    top = (
                        score,
                        f"title {pattern!r} ~ {cand.text!r} (page {cand.page + 1}, "
                        f"match {m.likeness:.0f}, title-like {cand.titleness:.2f})",
                    )
                    matched[code] = (k, m.likeness)
        best[code] = top
    # A line only partly like several types' titles, and as much like each ("TRÍCH LỤC KH": a
    # birth's, a death's, a marriage's extract), is the start they share: it tells none of
    # them, and counts for less than a title it does tell.
    sharing = Counter(k for k, likeness in matched.values() if likeness < TITLE_SURE)
    for code, (k, likeness) in matched.items():
        if likeness < TITLE_SURE and sharing[k] > 1:
            score, evidence = best[code]
            best[code] = (score * SHARED_TITLE, evidence + " (shared with another type's title)")
    return best


def _as_prefix(pattern: str) -> str:
    return pattern if is_prefix_pattern(pattern) else pattern + " …"


KEYWORDS_FULL = 5  # keywords found that make a type's keyword score whole


# a value only the type prints (its `shapes`), found: on its own it makes an untitled
# document that type, just over UNKNOWN_BELOW (so uncertain, for review: a faxed card whose
# heading and labels are garbled still shows its number's shape) ...
SHAPE_WEIGHT = 0.85
# ... but to start a new document inside a box scan (page_word_scores) it is worth half the
# keywords: another type's continuation page may quote such a number (a form's BHXH code)
SPLIT_SHAPE_WEIGHT = 0.5


def _without_marks(text: str) -> str:
    """``text`` with its letters' marks dropped, case kept (``BỊ`` → ``BI``)."""
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


_CODE_LETTER_AS_DIGIT = re.compile(rf"(?<![A-Za-z0-9])([A-Z])([{''.join(confusions.DIGIT_FOR_LETTER)}])(?=\d)")


def _code_letters(text: str) -> str:
    """``text`` with a code's second letter that OCR read as a digit given back its letter
    (``B11797…`` → ``BI1797…``): a code that opens with a capital and runs on in digits."""
    return _CODE_LETTER_AS_DIGIT.sub(lambda m: m.group(1) + confusions.to_letters(m.group(2)), text)


def _keyword_scores(
    text: str, text_key: str, catalogue: Catalogue, shape_weight: float = SHAPE_WEIGHT
) -> dict[str, tuple[float, list[str]]]:
    out: dict[str, tuple[float, list[str]]] = {}
    # a digit read as its look-alike letter (CNS797… for CN5797…), a capital with a speck read
    # as a mark (BỊ477…), a capital read as its look-alike digit (B11797… for BT1797…: the
    # shape asks only for two capitals, not which)
    texts = (text, fix_digits(text), _without_marks(text), _code_letters(text))
    for code, doc in catalogue.types.items():
        found = [kw for kw in doc.keywords if partial_similarity(kw, text_key) >= 90]
        # how many were found, up to KEYWORDS_FULL: a type with a long keyword list is not
        # less recognisable for it (each wording a form may use is one more keyword)
        score = len(found) / min(KEYWORDS_FULL, len(doc.keywords)) if doc.keywords else 0.0
        # a card whose heading and labels a fax garbled still shows its number's shape
        shape = next((m.group(0) for rx in doc.shapes for t in texts if (m := rx.search(t))), None)
        if shape is not None:
            score += shape_weight
            found.append(f"a value shaped as this type's: {shape}")
        out[code] = (min(1.0, score), found)
    return out


def page_title_type(
    page: PageText,
    catalogue: Catalogue | None = None,
    threshold: float = PAGE_TITLE_MIN,
    *,
    laid_out: PageLayout | None = None,
) -> str | None:
    """The catalogue type whose title is printed on this page (as a title: title-like line,
    good match), or None. For splitting a scan into documents: a page with a title starts
    one; keywords and models play no part here. ``laid_out``: the page's layout, when the
    caller has it (else the page is laid out here)."""
    catalogue = catalogue or default_catalogue()
    if not page.words:
        return None
    laid_out = layout_page(page, 0) if laid_out is None else laid_out.as_page(0)
    titles = _title_scores(title_candidates([laid_out]), catalogue)
    code, (score, _) = max(titles.items(), key=lambda kv: kv[1][0])
    return code if score >= threshold else None


# --------------------------------------------------------------------------- model


Model = Any  # predict_proba/classes_ (scikit-learn) or Callable[[str], Mapping[str, float]]


def model_probabilities(model: Model, text: str) -> dict[str, float]:
    """{doc_type: probability} from a model: a callable ``text -> {type: p}``, or an object
    whose ``predict_proba([text])`` gives per text either a ``{type: p}`` mapping or a row of
    probabilities in the order of its ``classes_`` (scikit-learn) or ``labels``."""
    if hasattr(model, "predict_proba"):
        row = model.predict_proba([text])[0]
        if isinstance(row, Mapping):
            return {str(k): float(v) for k, v in row.items()}
        classes = getattr(model, "classes_", None)
        if classes is None:
            classes = getattr(model, "labels", None)
        if classes is None:
            raise TypeError("a model's predict_proba rows need classes_ or labels to name them")
        return {str(c): float(p) for c, p in zip(classes, row)}
    if callable(model):
        return {str(k): float(v) for k, v in dict(model(text)).items()}
    raise TypeError("model must have predict_proba, or be a callable text -> {type: p}")


# --------------------------------------------------------------------------- classify


def page_word_scores(page: PageText, catalogue: Catalogue | None = None) -> dict[str, float]:
    """How much a page's words alone (each type's keywords and value shapes, no title, no
    model) say of each type, 0-1: for telling a page whose title was lost from the page before."""
    catalogue = catalogue or default_catalogue()
    text = page.text
    return {
        code: score
        for code, (score, _) in _keyword_scores(text, match_key(text), catalogue, SPLIT_SHAPE_WEIGHT).items()
    }


def classify(
    pages: Sequence[PageText],
    catalogue: Catalogue | None = None,
    model: Model | None = None,
    *,
    layouts: Sequence[PageLayout] | None = None,
) -> Classification:
    """The document type of a document's pages (see module doc). ``layouts``: the pages'
    layouts, one per page in order, when the caller has them (the same ones extraction
    reads); else the pages are laid out here."""
    catalogue = catalogue or default_catalogue()
    if not pages or not any(p.words for p in pages):
        return Classification(UNKNOWN, 0.0, ["no text"], {})
    layouts = layout(pages) if layouts is None else layouts
    cands = title_candidates(layouts)
    titles = _title_scores(cands, catalogue)
    text = "\n".join(p.text for p in pages)
    keywords = _keyword_scores(text, match_key(text), catalogue)

    scores: dict[str, float] = {}
    for code in catalogue.types:
        t = titles[code][0]
        k = keywords[code][0]
        if t >= TITLE_MIN:
            s = 0.85 * t + 0.15 * k + (0.1 if t >= 0.8 else 0.0)
        else:
            s = 0.6 * k + 0.3 * t
        scores[code] = min(1.0, s)

    evidence: list[str] = []
    if model is not None:
        probs = model_probabilities(model, model_text(pages))
        for code in scores:
            # noisy-or: a clear title keeps its score, a confident model lifts a type the
            # rules could not see (at most to MODEL_WEIGHT on its own)
            scores[code] = 1 - (1 - scores[code]) * (1 - MODEL_WEIGHT * probs.get(code, 0.0))
        top_model = max(probs.items(), key=lambda kv: kv[1]) if probs else None
        if top_model:
            evidence.append(f"model: {top_model[0]} p={top_model[1]:.2f}")

    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best_code, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    conf = best
    if second > best - 0.1:  # two types nearly tie: less sure
        conf -= 0.1 - (best - second)
    conf = round(max(0.0, min(0.99, conf)), 2)
    if titles[best_code][1]:
        evidence.insert(0, titles[best_code][1])
    kw_found = keywords[best_code][1]
    if kw_found:
        evidence.append("keywords: " + ", ".join(kw_found))
    if len(ranked) > 1 and ranked[1][1] > 0.3:
        evidence.append(f"runner-up: {ranked[1][0]} {ranked[1][1]:.2f}")
    rounded = {k: round(v, 3) for k, v in ranked if v > 0}
    if conf < UNKNOWN_BELOW:
        evidence.append(f"best guess {best_code} {conf:.2f} is below {UNKNOWN_BELOW}")
        return Classification(UNKNOWN, conf, evidence, rounded)
    return Classification(best_code, conf, evidence, rounded)
