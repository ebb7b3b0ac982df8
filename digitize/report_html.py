"""The report as ONE self-contained HTML page for a manager: inline CSS, charts drawn as inline
SVG in Python (no script, no font or image to fetch: it opens the same offline, in a mail
attachment or years later).

Each chart is a `<figure class="chart" id="chart-…">` holding an `<svg>` with a `<title>`; bars
are `rect.bar`, the progress lines `path.line`.
"""

from __future__ import annotations

from datetime import date
from html import escape

WIDTH = 640  # SVG user units; the page scales them to the window
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 6, 190
COLOURS = {"archived": "#2e7d32", "failed": "#c62828", "pending": "#9e9e9e", "pages": "#1565c0", "docs": "#2e7d32"}

CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 2em auto; max-width: 60em;
       color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 2em; }
.summary { display: flex; flex-wrap: wrap; gap: 1em; margin: 1em 0; }
.summary div { background: #f3f6f9; border-radius: 6px; padding: .7em 1em; min-width: 9em; }
.summary b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; margin: .5em 0; font-size: .92em; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .6em; text-align: right; }
th:first-child, td:first-child, .text { text-align: left; }
figure.chart { margin: 1em 0; } figure.chart svg { width: 100%; height: auto; }
.legend span { display: inline-block; margin-right: 1.2em; }
.legend i { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -.1em; }
.muted { color: #666; }
"""


def _e(value) -> str:
    return escape(str(value), quote=True)


# ---------------------------------------------------------------- charts


def _svg(chart_id: str, title: str, height: int, body: str) -> str:
    return (
        f'<figure class="chart" id="{_e(chart_id)}">'
        f'<svg role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{_e(chart_id)}-title"><title id="{_e(chart_id)}-title">{_e(title)}</title>{body}</svg>'
        f"<figcaption>{_e(title)}</figcaption></figure>"
    )


def _nothing(chart_id: str, title: str) -> str:
    return f'<figure class="chart empty" id="{_e(chart_id)}"><p class="muted">{_e(title)}: nothing yet.</p></figure>'


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, list[tuple[str, int]]]]) -> str:
    """Horizontal stacked bars: one row per label, segments (series, value) left to right."""
    if not rows or not any(v for _, segs in rows for _, v in segs):
        return _nothing(chart_id, title)
    top = max(sum(v for _, v in segs) for _, segs in rows)
    scale = (WIDTH - LABEL_WIDTH - 60) / top
    parts = []
    for i, (label, segs) in enumerate(rows):
        y = i * (BAR_HEIGHT + BAR_GAP) + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="12">{_e(_cut(label))}</text>'
        )
        x = LABEL_WIDTH
        for series, value in segs:
            if value <= 0:
                continue
            w = max(value * scale, 1.5)  # a count of 1 among thousands still shows
            parts.append(
                f'<rect class="bar {_e(series)}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS.get(series, "#6a1b9a")}"><title>{_e(label)}: {value} {_e(series)}</title></rect>'
            )
            x += w
        total = sum(v for _, v in segs)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{total}</text>')
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + 8
    return _svg(chart_id, title, height, "".join(parts))


def _cut(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def line_chart(chart_id: str, title: str, days: list[dict]) -> str:
    """Running totals, pages above and documents below, each on its own scale, days placed on a
    true calendar axis (a day without work shows as a flat stretch, not as no time at all)."""
    if not days:
        return _nothing(chart_id, title)
    left, right, panel, gap = 20, WIDTH - 20, 100, 44
    first, last = (date.fromisoformat(days[0]["day"]), date.fromisoformat(days[-1]["day"]))
    span = max((last - first).days, 1)

    def x_of(day: str) -> float:
        if first == last:
            return (left + right) / 2
        return left + (right - left) * (date.fromisoformat(day) - first).days / span

    parts = []
    for n, (key, series, words) in enumerate(
        (("total_pages", "pages", "Pages"), ("total_documents", "docs", "Documents"))
    ):
        top = 24 + n * (panel + gap)
        bottom = top + panel
        peak = days[-1][key] or 1  # running totals: the last is the largest
        points = [(x_of(d["day"]), bottom - panel * d[key] / peak) for d in days]
        if len(points) == 1:  # one day: a short flat stroke, so it is still drawn
            points = [(points[0][0] - 10, points[0][1]), (points[0][0] + 10, points[0][1])]
        path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<text x="{left}" y="{top - 8}" font-size="13" fill="{COLOURS[series]}">'
            f"{_e(words)} archived: {days[-1][key]} in all</text>"
            f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#bbb"/>'
            f'<path class="line {series}" d="{path}" fill="none" stroke="{COLOURS[series]}" stroke-width="2.5">'
            f"<title>{_e(words)} archived: {days[-1][key]} in all</title></path>"
        )
    axis = 24 + 2 * panel + gap + 18
    parts.append(f'<text x="{left}" y="{axis}" font-size="12">{_e(days[0]["day"])}</text>')
    if len(days) > 1:
        parts.append(f'<text x="{right}" y="{axis}" text-anchor="end" font-size="12">{_e(days[-1]["day"])}</text>')
    return _svg(chart_id, title, axis + 6, "".join(parts))


def _legend(series: list[tuple[str, str]]) -> str:
    items = "".join(f'<span><i style="background:{COLOURS[key]}"></i>{_e(text)}</span>' for key, text in series)
    return f'<p class="legend">{items}</p>'


# ---------------------------------------------------------------- tables and page


def _table(headers: list[str], rows: list[list], text_columns: int = 1) -> str:
    head = "".join(f"<th{' class=text' if i < text_columns else ''}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=text' if i < text_columns else ''}>{_e(cell)}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


NUMBER_HEADERS = ["Files", "Documents archived", "Pages", "Failed", "Waiting for review", "In a dossier", "No dossier"]
NUMBER_KEYS = ["files", "archived", "pages", "failed", "needs_review", "linked", "not_linked"]


def _numbers(first: str, key: str, rows: list[dict]) -> str:
    return _table(
        [first, *NUMBER_HEADERS], [[r[key] or "(top of the tree)", *(r[k] for k in NUMBER_KEYS)] for r in rows]
    )


def _summary(report: dict) -> str:
    t, b = report["totals"], report["backlog"]
    cards = [
        ("Files", t["files"]),
        ("Documents archived", t["archived"]),
        ("Pages archived", t["pages"]),
        ("Failed", t["failed"]),
        ("Waiting for review", t["needs_review"]),
    ]
    if b is not None:
        cards.append(("Files left to do", b["pending"] + b["failed"]))
    return '<div class="summary">' + "".join(f"<div><b>{_e(v)}</b>{_e(k)}</div>" for k, v in cards) + "</div>"


def _heading(report: dict) -> str:
    c = report["campaign"]
    if c is None:
        return "<h1>Digitisation report: the whole index</h1><p class=muted>No campaign is recorded.</p>"
    when = f"started {c['started_at'][:10]}, last worked {c['updated_at'][:10]}"
    state = "finished" if c["finished_at"] else "not finished (interrupted or running)"
    return f"<h1>Digitisation report</h1><p>Campaign <b>{_e(c['id'])}</b>: {_e(when)}; {_e(state)}.</p>"


def _box_chart(report: dict) -> str:
    rows = [
        (
            r["box"] or "(top)",
            [("archived", r["files_archived"]), ("failed", r["files_failed"]), ("pending", r["files_pending"])],
        )
        for r in report["boxes"]
    ]
    legend = _legend([("archived", "archived"), ("failed", "failed"), ("pending", "not yet done")])
    return bar_chart("chart-boxes", "Files per box", rows) + legend


def _type_chart(report: dict) -> str:
    rows = [(r["doc_type"], [("archived", r["archived"]), ("failed", r["failed"])]) for r in report["types"]]
    return bar_chart("chart-types", "Documents per type", rows)


def _reasons_chart(report: dict) -> str:
    rows = [(reason, [("reasons", n)]) for reason, n in report["totals"]["review_reasons"].items()]
    return bar_chart("chart-reasons", "Why documents wait for review", rows)


def _oldest(report: dict) -> str:
    items = report["oldest_unreviewed"]
    if not items:
        return "<p class=muted>No document is waiting for review.</p>"
    rows = [
        [
            i["created_at"][:10],
            i["file"] or "",
            i["doc_type"],
            ", ".join(i["reasons"]),
            i["id"],
        ]
        for i in items
    ]
    return _table(["Date", "File", "Type", "Reasons", "Document id"], rows, text_columns=5)


def _failures(report: dict) -> str:
    codes = report["totals"]["failed_by_code"]
    if not codes:
        return "<p class=muted>No document failed.</p>"
    return _table(["Error", "Documents"], [[code, n] for code, n in codes.items()])


def render(report: dict) -> str:
    by_box = "<h2>Per box</h2>" + _box_chart(report) + _numbers("Box", "box", report["boxes"])
    sections = [
        _heading(report),
        _summary(report),
        "<h2>Progress over time</h2>",
        line_chart("chart-progress", "Pages and documents archived so far", report["per_day"]),
        by_box if report["campaign"] is not None else "",
        "<h2>Per document type</h2>",
        _type_chart(report),
        _legend([("archived", "archived"), ("failed", "failed")]),
        _numbers("Type", "doc_type", report["types"]),
        "<h2>Waiting for review</h2>",
        _reasons_chart(report),
        "<h3>The oldest</h3>",
        _oldest(report),
        "<h2>Failures</h2>",
        _failures(report),
        f"<p class=muted>Made {_e(report['generated_at'])} by digitize report.</p>",
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Digitisation report</title><style>{CSS}</style></head><body>{''.join(sections)}</body></html>\n"
    )
