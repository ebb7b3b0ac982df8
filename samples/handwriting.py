"""Handwritten fill-ins: the number and the day of an official document written by hand.

Official documents are often numbered and dated after signing: the printed line leaves a
gap ("Số:      /QĐ-UBND", "ngày      tháng 4 năm 2024") and a clerk writes the number and
the day (sometimes the month) in ink. ``fill_in_by_hand`` does that to a laid-out page: the
printed run is cut around the gap and the digits are drawn as pen strokes (templates with
jitter, slant, size, thickness and ink of their own), drawn from an own random stream so
that the documents' other draws stay as they were.

The page text (``PageLayout.lines``) keeps the digits, as a reader transcribes the page (the
real scans' truth does the same); the truth says which fields were written by hand.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import replace

from .render import PEN, PageLayout, Stroke, TextRun, text_width

HAND_SHARE = 0.4  # of the documents of a type numbered and dated by hand
HAND_TYPES = frozenset({"decision"})  # official documents: numbered and dated after signing
MONTH_SHARE = 0.3  # of those whose month is written by hand too
INKS = (PEN, PEN, (30, 30, 40), (12, 20, 90))  # blue ballpoint mostly, sometimes black or dark blue

NUMBER_RUN = re.compile(r"^(Số:?\s+)(\d{1,5})(/\S+)$")
DATE_RUN = re.compile(r"(ngày\s+)(\d{1,2})(\s+tháng\s+)(\d{1,2})(\s+năm\s+\d{4})")

# Digits as pen strokes in a box 0.6 wide and 1 high (y down); each list is one stroke.
DIGITS: dict[str, list[list[tuple[float, float]]]] = {
    "0": [
        [
            (0.3, 0.0),
            (0.08, 0.15),
            (0.0, 0.5),
            (0.1, 0.88),
            (0.3, 1.0),
            (0.5, 0.85),
            (0.58, 0.5),
            (0.5, 0.12),
            (0.28, 0.02),
        ]
    ],
    "1": [[(0.12, 0.22), (0.38, 0.0), (0.36, 1.0)]],
    "2": [[(0.04, 0.22), (0.18, 0.04), (0.38, 0.0), (0.55, 0.14), (0.54, 0.36), (0.3, 0.65), (0.0, 1.0), (0.6, 0.98)]],
    "3": [
        [
            (0.04, 0.1),
            (0.28, 0.0),
            (0.52, 0.1),
            (0.5, 0.32),
            (0.24, 0.47),
            (0.52, 0.6),
            (0.58, 0.8),
            (0.4, 0.98),
            (0.14, 0.98),
            (0.0, 0.86),
        ]
    ],
    "4": [[(0.42, 0.0), (0.0, 0.66), (0.6, 0.66)], [(0.44, 0.3), (0.42, 1.0)]],
    "5": [
        [
            (0.56, 0.0),
            (0.12, 0.02),
            (0.06, 0.44),
            (0.3, 0.38),
            (0.52, 0.5),
            (0.58, 0.74),
            (0.44, 0.95),
            (0.2, 1.0),
            (0.0, 0.88),
        ]
    ],
    "6": [
        [
            (0.5, 0.0),
            (0.22, 0.22),
            (0.04, 0.58),
            (0.1, 0.9),
            (0.3, 1.0),
            (0.52, 0.9),
            (0.55, 0.68),
            (0.38, 0.54),
            (0.18, 0.56),
            (0.05, 0.7),
        ]
    ],
    "7": [[(0.0, 0.02), (0.6, 0.0), (0.38, 0.45), (0.22, 1.0)]],
    "8": [
        [
            (0.5, 0.12),
            (0.3, 0.0),
            (0.08, 0.12),
            (0.12, 0.34),
            (0.46, 0.6),
            (0.55, 0.84),
            (0.3, 1.0),
            (0.04, 0.86),
            (0.12, 0.6),
            (0.46, 0.36),
            (0.52, 0.14),
        ]
    ],
    "9": [
        [
            (0.54, 0.28),
            (0.4, 0.04),
            (0.2, 0.0),
            (0.04, 0.18),
            (0.12, 0.42),
            (0.36, 0.44),
            (0.54, 0.28),
            (0.5, 0.66),
            (0.36, 1.0),
        ]
    ],
}


def _smooth(points: list[tuple[float, float]], per: int = 6) -> list[tuple[float, float]]:
    """A Catmull-Rom curve through ``points`` (a pen line, not a polygon)."""
    if len(points) < 3:
        return points
    pts = [points[0], *points, points[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for s in range(per):
            t = s / per
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[c]
                        + (-p0[c] + p2[c]) * t
                        + (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c]) * t * t
                        + (-p0[c] + 3 * p1[c] - 3 * p2[c] + p3[c]) * t**3
                    )
                    for c in (0, 1)
                )
            )
    out.append(points[-1])
    return out


class Hand:
    """One writer: size, slant, spacing, pen width and ink, kept for all their digits."""

    def __init__(self, rng: random.Random, body_pt: float):
        self.rng = rng
        self.height = body_pt * rng.uniform(0.8, 1.45)  # digit height, pt
        self.slant = rng.uniform(-0.05, 0.4)  # x shift per unit rise
        self.spacing = rng.uniform(0.05, 0.3)  # between digits, in digit heights
        self.width = rng.uniform(0.7, 1.4)  # pen, pt
        self.color = rng.choice(INKS)
        self.jitter = rng.uniform(0.02, 0.06)  # of the height, per control point

    def advance(self, digits: str) -> float:
        return len(digits) * self.height * (0.6 + self.spacing)

    def write(self, digits: str, x: float, baseline: float) -> list[Stroke]:
        """Pen strokes of ``digits`` starting at ``x``, standing on ``baseline`` (pt)."""
        r, h = self.rng, self.height
        strokes = []
        for ch in digits:
            size = h * r.uniform(0.9, 1.1)
            base = baseline + r.uniform(-0.12, 0.12) * h
            turn = r.uniform(-0.08, 0.08)
            shapes = DIGITS[ch]
            if ch == "7" and r.random() < 0.35:  # the continental crossed seven
                shapes = [*shapes, [(0.2, 0.5), (0.58, 0.46)]]
            for shape in shapes:
                pts = [(px + r.gauss(0, self.jitter), py + r.gauss(0, self.jitter)) for px, py in shape]
                line = []
                for px, py in _smooth(pts):
                    rise = 1.0 - py
                    dx, dy = (px + self.slant * rise) * size, -rise * size
                    line.append(
                        (
                            x + dx * math.cos(turn) - dy * math.sin(turn),
                            base + dx * math.sin(turn) + dy * math.cos(turn),
                        )
                    )
                strokes.append(Stroke(line, self.width * r.uniform(0.9, 1.1), self.color, pen=True))
            x += size * (0.6 + self.spacing * r.uniform(0.7, 1.3))
        return strokes


def _split_run(run: TextRun, pieces: list[tuple[str, bool]], gaps: list[float]) -> tuple[list[TextRun], list[float]]:
    """``run`` cut into its printed pieces around gaps (``pieces``: (text, is_gap)); returns the
    printed runs and the x where each gap starts. The line keeps its centre."""
    widths = [text_width(t, run.style) if not g else 0.0 for t, g in pieces]
    total = sum(widths) + sum(gaps)
    x = run.x + (text_width(run.text, run.style) - total) / 2
    runs, starts, gi = [], [], 0
    for (text, is_gap), w in zip(pieces, widths):
        if is_gap:
            starts.append(x)
            x += gaps[gi]
            gi += 1
        else:
            runs.append(replace(run, x=x, text=text))
            x += w
    return runs, starts


def fill_in_by_hand(page: PageLayout, printed: dict[str, str], rng: random.Random) -> dict[str, str]:
    """Write the document number's digits and the issue date's day (sometimes the month too)
    by hand on ``page``; returns field → the digits written by hand (several parts joined by a
    space), for the fields it could find as one printed run."""
    hand = None
    done: dict[str, str] = {}
    for run in list(page.runs):
        if "document_number" in printed and "document_number" not in done:
            m = NUMBER_RUN.match(run.text)
            if m and run.text.endswith(printed["document_number"]):
                hand = hand or Hand(rng, run.style.size)
                digits = m.group(2)
                gap = max(hand.advance(digits) + run.style.size * rng.uniform(0.6, 1.4), run.style.size * 2.5)
                new, (x0,) = _split_run(run, [(m.group(1).rstrip(), False), ("", True), (m.group(3), False)], [gap])
                page.runs = [r for r in page.runs if r is not run] + new
                page.strokes += hand.write(digits, x0 + (gap - hand.advance(digits)) / 2, run.y)
                done["document_number"] = digits
                continue
        if "issue_date" in printed and "issue_date" not in done:
            m = DATE_RUN.search(run.text)
            if m and printed["issue_date"] in run.text:
                hand = hand or Hand(rng, run.style.size)
                month = rng.random() < MONTH_SHARE
                before, day, mid, mon, after = m.groups()
                head, tail = run.text[: m.start()], run.text[m.end() :]
                pieces = [(head + before.rstrip(), False), ("", True)]
                written = [day]
                if month:
                    pieces += [(mid.strip(), False), ("", True)]
                    written.append(mon)
                    pieces.append((after.lstrip() + tail, False))
                else:
                    pieces.append((mid.lstrip() + mon + after + tail, False))
                gaps = [
                    max(hand.advance(d) + run.style.size * rng.uniform(0.5, 1.2), run.style.size * 2.0) for d in written
                ]
                new, starts = _split_run(run, pieces, gaps)
                page.runs = [r for r in page.runs if r is not run] + new
                for digits, x0, gap in zip(written, starts, gaps):
                    page.strokes += hand.write(digits, x0 + (gap - hand.advance(digits)) / 2, run.y)
                done["issue_date"] = " ".join(written)
    return done


def draws_hand(doc_type: str, rng: random.Random) -> bool:
    """Whether this document gets its number and date filled in by hand."""
    return doc_type in HAND_TYPES and rng.random() < HAND_SHARE
