"""A candidate value for a field, found by a locating strategy (``locators``), and the
confidence arithmetic every step shares: the box around its words, the confidence of a run of
words, and the confidence of a value sent to review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digitize.understand.layout import Token
from ocr.model import Box

LOW_CONFIDENCE = 0.6  # below this a field is flagged low_confidence:<field>


@dataclass
class Candidate:
    value: str
    conf: float
    page: int  # 0-based
    order: tuple  # reading order position, for ties
    quality: float  # how sure we are this is the field (label fit × value fit)
    valid: bool = True
    problem: str | None = None
    explicit: bool = True  # found after a "Label:" (with its colon) or by layout, not in a sentence
    # the words the value was read from: the box around them, in the page model's coordinates
    # (ocr.model); None for a value that does not come from the page's words (a code, the MRZ)
    box: Box | None = None


def box_of(tokens: Sequence[Token]) -> Box | None:
    """The box around ``tokens`` (all on one page), or None when there are none."""
    if not tokens:
        return None
    return (
        min(t.box[0] for t in tokens),
        min(t.box[1] for t in tokens),
        max(t.box[2] for t in tokens),
        max(t.box[3] for t in tokens),
    )


def conf_of(tokens: Sequence[Token]) -> float:
    confs = [t.conf for t in tokens]
    if not confs:
        return 0.0
    mean = sum(confs) / len(confs)
    return mean - 0.5 * (mean - min(confs))


REPAIRED = 0.8  # confidence factor for a value put right from its structure


def for_review(conf: float, factor: float = 1.0) -> float:
    """``conf`` (times ``factor``), below the review threshold: a value put right from its
    structure, or one in conflict with another field, is flagged for a person to look at."""
    return min(conf * factor, LOW_CONFIDENCE - 0.05)
