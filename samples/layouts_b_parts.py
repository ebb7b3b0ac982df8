"""Pieces shared by the layout-family-"b" builders: label wordings drawn per document,
several fields on one line, place-and-date lines wrapped over two lines, heads whose agency
name wraps in its column. Written apart from ``samples.doctypes``'s helpers on purpose: the
point of family "b" is to draw what family "a" does not."""

from __future__ import annotations

import datetime as dt
import random

from . import vocab as V
from .doctypes import MOTTO, NATIONAL
from .render import Columns, Gap, Inline, Line

# Label wordings real forms use, some of them not in the extraction catalogue ("Tên",
# "Ông (bà)" in prose, "Số CC"); each document draws one per label.
NAME_LABELS = ("Họ và tên", "Họ, chữ đệm, tên", "Họ tên", "Ông (bà)", "Ông/bà", "Tên")
DOB_LABELS = ("Sinh ngày", "Ngày, tháng, năm sinh", "Ngày sinh", "Ngày tháng năm sinh")
ID_LABELS = ("Số định danh cá nhân", "Số CCCD", "CCCD số", "Số căn cước", "Mã định danh", "Số CC/CCCD")
ID_ISSUERS = (
    "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "Cục CS QLHC về TTXH",
    "Bộ Công an",
)


def honorific(person: V.Person, rng: random.Random) -> str:
    """How running text names a citizen: "ông", "bà" or the form's "ông (bà)"."""
    return "ông (bà)" if rng.random() < 0.45 else person.honorific


def cells(*parts: str, style: str = "body", indent: float = 0.0) -> Line:
    """Two or three "label: value" fields on one line (a tabbed line: on a grid if they
    fit, else one wrapped paragraph)."""
    return Line("\t".join(parts), style, indent=indent)


def date_printed(rng: random.Random, d: dt.date) -> str:
    """A date as forms print it: numeric (/, - or unpadded) or "ngày … tháng … năm …"."""
    return V.date_any(rng, d)


def after_label(label: str, date_text: str) -> str:
    """ "Sinh ngày: 05/08/1990" or "Sinh ngày 05 tháng 8 năm 1990" (no doubled "ngày")."""
    if date_text.startswith("ngày") and label.lower().endswith("ngày"):
        return f"{label[: -len('ngày')]}{date_text}"
    return f"{label}: {date_text}"


def place_date_lines(
    rng: random.Random,
    place_name: str,
    d: dt.date,
    align: str = "center",
    style: str = "place_date",
) -> tuple[list[Line], str]:
    """The "<place>, ngày … tháng … năm …" line, as one line or wrapped over two as
    narrow columns and typed forms break it (before "năm", or after the place name).
    Returns the lines and the printed date."""
    date = V.date_words(d, pad=None if rng.random() < 0.7 else False)
    r = rng.random()
    if r < 0.35:
        texts = [f"{place_name}, {date}"]
    elif r < 0.75:
        head, year = date.rsplit(" năm ", 1)
        texts = [f"{place_name}, {head}", f"năm {year}"]
    else:
        texts = [f"{place_name},", date]
    return [Line(t, style, align) for t in texts], date


def head(
    rng: random.Random,
    agency: list[str],
    number: str | None,
    place_date: list[Line] | None,
    superior: str | None = None,
    number_label: str = "Số:",
    extra_left: tuple[str, ...] = (),
) -> list:
    """The head of an official paper, drawn differently from family "a": the agency as
    one line that wraps in its column or as its lines; the national header with or without
    its rule; the place-and-date line in the right column or under the head, right-aligned."""
    left: list[Inline] = []
    if superior:
        left.append(Line(superior, "header_plain", "center"))
    if rng.random() < 0.5:
        left.append(Line(" ".join(agency), "header", "center", rule_below=0.35))
    else:
        left += [
            Line(a, "header", "center", rule_below=0.4 if k == len(agency) - 1 else 0.0) for k, a in enumerate(agency)
        ]
    if number:
        left.append(Line(f"{number_label} {number}".strip(), "body", "center", space_before=0.3))
    left += [Line(t, "body", "center") for t in extra_left]
    right: list[Inline] = [
        Line(NATIONAL, "header", "center"),
        Line(MOTTO, "header", "center", rule_below=rng.choice((0.0, 0.6, 0.9))),
    ]
    below: list = []
    if place_date:
        if rng.random() < 0.6:
            right += [Gap(0.3), *place_date]
        else:  # under the head, right-aligned across the page
            below = [Gap(0.2), *[Line(p.text, p.style, "right") for p in place_date]]
    return [Columns(left, right, split=rng.uniform(0.36, 0.44)), *below]


def id_with_issue(rng: random.Random, pid_text: str, issued_from: dt.date) -> str:
    """An ID number followed, as on many forms, by its own date and place of issue (a date
    that is none of the document's fields)."""
    cap = V.random_date(rng, issued_from, issued_from + dt.timedelta(days=900))
    return f"{pid_text}, cấp ngày {V.date_numeric(cap)} tại {rng.choice(ID_ISSUERS)}"
