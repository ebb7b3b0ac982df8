"""`digitize report`: where a backlog campaign stands, as plain data (one dict, the JSON format)
that the table, CSV and HTML renderings only lay out.

The figures are pure functions over rows (`figures`); `load` reads the rows from the index.
Definitions, the same in every format:
- a document counts in the box of the campaign file it came from (box "—" without a campaign);
- `pages` are the pages of archived documents; `failed` counts failed documents (one per failed
  input), by error code; `needs_review` counts archived documents still waiting for a reviewer,
  and their reasons; `linked` / `not_linked` split archived documents by whether they have a
  dossier;
- `files` counts inputs: campaign files, or without a campaign the documents' distinct sources;
  per type, the inputs that gave at least one document of that type; the backlog left is the
  campaign's files still pending or failed (by error code);
- days are the centre's local days of the records' `created_at`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from rich.box import SIMPLE_HEAD
from rich.table import Table
from rich.text import Text

from storage import reports as rows
from storage.reports import CampaignInfo, DocumentFact, FileFact

NO_BOX = "—"  # a report over the whole index: documents are in no box
OLDEST = 10  # unreviewed items listed
ARCHIVED, FAILED, PENDING = "archived", "failed", "pending"


class UnknownCampaign(LookupError):
    """No campaign of that id in the index."""


@dataclass(frozen=True)
class Placed:
    """A document with the campaign file it came from."""

    doc: DocumentFact
    box: str
    path: str | None


# ---------------------------------------------------------------- reading


def load(index, campaign_id: str | None = None) -> dict:
    """The report of a campaign (by id; default the latest), or of the whole index when there is none."""
    info = rows.campaign(index, campaign_id) if campaign_id is not None else rows.latest_campaign(index)
    if campaign_id is not None and info is None:
        raise UnknownCampaign(campaign_id)
    if info is None:
        return figures(None, None, list(rows.documents(index)))
    files = rows.campaign_files(index, info.id)
    docs = list(rows.documents(index, [doc_id for f in files for doc_id in f.document_ids]))
    return figures(info, files, docs)


# ---------------------------------------------------------------- figures


def place(files: list[FileFact] | None, docs: Iterable[DocumentFact]) -> list[Placed]:
    if files is None:
        return [Placed(d, NO_BOX, d.source) for d in docs]
    where = {doc_id: f for f in files for doc_id in f.document_ids}
    return [Placed(d, where[d.id].box, where[d.id].path) for d in docs if d.id in where]


def _waiting(doc: DocumentFact) -> bool:
    return doc.status == ARCHIVED and doc.needs_review and not doc.reviewed


def counts(placed: Iterable[Placed]) -> dict:
    """The document figures of one group (a box, a type, a box and type, everything)."""
    c = {"documents": 0, "archived": 0, "pages": 0, "failed": 0, "needs_review": 0, "linked": 0, "not_linked": 0}
    by_code: Counter = Counter()
    reasons: Counter = Counter()
    for p in placed:
        d = p.doc
        c["documents"] += 1
        if d.status == ARCHIVED:
            c["archived"] += 1
            c["pages"] += d.pages
            c["linked" if d.dossier_id else "not_linked"] += 1
        elif d.status == FAILED:
            c["failed"] += 1
            by_code[d.error_code or "unknown"] += 1
        if _waiting(d):
            c["needs_review"] += 1
            reasons.update(d.review_reasons or ["unspecified"])
    c["failed_by_code"] = dict(sorted(by_code.items()))
    c["review_reasons"] = dict(sorted(reasons.items()))
    return c


def _file_counts(files: list[FileFact]) -> dict:
    states = Counter(f.state for f in files)
    return {
        "files": len(files),
        "files_archived": states[ARCHIVED],
        "files_failed": states[FAILED],
        "files_pending": states[PENDING],
    }


def _group(placed: list[Placed], key) -> dict[tuple, list[Placed]]:
    groups: dict[tuple, list[Placed]] = {}
    for p in placed:
        groups.setdefault(key(p), []).append(p)
    return dict(sorted(groups.items()))


def per_box(placed: list[Placed], files: list[FileFact] | None) -> list[dict]:
    by_box = _group(placed, lambda p: (p.box,))
    boxes = sorted({f.box for f in files} | {k[0] for k in by_box}) if files is not None else [k[0] for k in by_box]
    result = []
    for box in boxes:
        mine = [f for f in files if f.box == box] if files is not None else None
        fc = _file_counts(mine) if mine is not None else _file_counts_from(by_box.get((box,), []))
        result.append({"box": box, **fc, **counts(by_box.get((box,), []))})
    return result


def _file_counts_from(placed: list[Placed]) -> dict:
    """Without a campaign, inputs are the documents' sources (their ids when a source is not
    known); an input with a failed document counts failed; none is pending."""
    failed: dict[str, bool] = {}
    for p in placed:
        key = p.path or p.doc.id
        failed[key] = failed.get(key, False) or p.doc.status == FAILED
    n_failed = sum(failed.values())
    return {
        "files": len(failed),
        "files_archived": len(failed) - n_failed,
        "files_failed": n_failed,
        "files_pending": 0,
    }


def per_type(placed: list[Placed]) -> list[dict]:
    return [
        {"doc_type": k[0], "files": _inputs(g), **counts(g)}
        for k, g in _group(placed, lambda p: (p.doc.doc_type,)).items()
    ]


def per_box_type(placed: list[Placed]) -> list[dict]:
    groups = _group(placed, lambda p: (p.box, p.doc.doc_type))
    return [{"box": k[0], "doc_type": k[1], "files": _inputs(g), **counts(g)} for k, g in groups.items()]


def _inputs(placed: list[Placed]) -> int:
    """Inputs with at least one document in the group (a file of several documents counts once)."""
    return len({p.path or p.doc.id for p in placed})


def per_day(placed: list[Placed]) -> list[dict]:
    """Archived documents and their pages per local day, with running totals (the progress chart)."""
    days: dict[str, list[int]] = {}
    for p in placed:
        if p.doc.status == ARCHIVED and p.doc.created:
            day = days.setdefault(p.doc.created[:10], [0, 0])
            day[0] += 1
            day[1] += p.doc.pages
    result, docs, pages = [], 0, 0
    for day, (n, pp) in sorted(days.items()):
        docs, pages = docs + n, pages + pp
        result.append({"day": day, "documents": n, "pages": pp, "total_documents": docs, "total_pages": pages})
    return result


def oldest_unreviewed(placed: list[Placed], limit: int = OLDEST) -> list[dict]:
    waiting = sorted((p for p in placed if _waiting(p.doc)), key=lambda p: (_instant(p.doc.created), p.doc.id))
    return [
        {
            "id": p.doc.id,
            "box": p.box,
            "file": p.path,
            "doc_type": p.doc.doc_type,
            "reasons": list(p.doc.review_reasons),
            "created_at": p.doc.created,
        }
        for p in waiting[:limit]
    ]


def _instant(created: str) -> datetime:
    """For ordering records written with different offsets."""
    try:
        moment = datetime.fromisoformat(created)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def backlog(files: list[FileFact] | None) -> dict | None:
    if files is None:
        return None
    left = [f for f in files if f.state != ARCHIVED]
    return {
        "pending": sum(f.state == PENDING for f in left),
        "failed": sum(f.state == FAILED for f in left),
        "failed_by_code": dict(sorted(Counter(f.error_code or "unknown" for f in left if f.state == FAILED).items())),
    }


def _campaign_json(info: CampaignInfo | None) -> dict | None:
    if info is None:
        return None
    return {
        "id": info.id,
        "root": info.root,
        "runs": info.runs,
        "started_at": info.started_at.isoformat(),
        "updated_at": info.updated_at.isoformat(),
        "finished_at": info.finished_at.isoformat() if info.finished_at else None,
    }


def figures(info: CampaignInfo | None, files: list[FileFact] | None, docs: list[DocumentFact]) -> dict:
    """The whole report as one JSON-ready object."""
    placed = place(files, docs)
    totals = {**(_file_counts(files) if files is not None else _file_counts_from(placed)), **counts(placed)}
    return {
        "scope": "campaign" if info else "index",
        "campaign": _campaign_json(info),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "totals": totals,
        "backlog": backlog(files),
        "boxes": per_box(placed, files),
        "types": per_type(placed),
        "box_types": per_box_type(placed),
        "per_day": per_day(placed),
        "oldest_unreviewed": oldest_unreviewed(placed),
    }


# ---------------------------------------------------------------- layouts: CSV and text tables

CSV_COLUMNS = (
    "box",
    "doc_type",
    "files",
    "documents",
    "archived",
    "pages",
    "failed",
    "needs_review",
    "linked",
    "not_linked",
    "failed_by_code",
    "review_reasons",
)


def _pairs(counter: dict) -> str:
    return "; ".join(f"{key}={n}" for key, n in counter.items())


def to_csv(report: dict) -> str:
    """The per box × type table, one row each; failures and review reasons as `code=n; …`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report["box_types"]:
        cells = {
            **row,
            "failed_by_code": _pairs(row["failed_by_code"]),
            "review_reasons": _pairs(row["review_reasons"]),
        }
        writer.writerow([cells[name] for name in CSV_COLUMNS])
    return buffer.getvalue()


def _title(report: dict) -> str:
    if report["campaign"] is None:
        return "Whole index (no campaign recorded)"
    return f"Campaign {report['campaign']['id']}"


def _summary_lines(report: dict) -> list[str]:
    t = report["totals"]
    lines = [
        f"{t['files']} files: {t['files_archived']} archived, {t['files_failed']} failed, "
        f"{t['files_pending']} not yet done",
        f"{t['archived']} documents archived ({t['pages']} pages); {t['linked']} in a dossier, "
        f"{t['not_linked']} in none; {t['needs_review']} waiting for review",
    ]
    if report["backlog"] is not None:
        b = report["backlog"]
        lines.append(f"Backlog left: {b['pending'] + b['failed']} files ({b['pending']} pending, {b['failed']} failed)")
    return lines


def _new_table(title: str) -> Table:
    # No edges and single spaces between columns: the widest table (per type) fits 80 columns.
    return Table(title=title, box=SIMPLE_HEAD, title_justify="left", show_edge=False, collapse_padding=True)


def _numbers_table(title: str, first: str, rows: list[dict], key: str) -> Table:
    # The first column is as wide as the longest type code (22); the rest fits 80 columns.
    table = _new_table(title)
    table.add_column(first, overflow="fold", min_width=12, max_width=22)
    for header in ("Files", "Docs", "Pages", "Failed", "Review", "Linked", "Unlinked"):
        table.add_column(header, justify="right")
    for row in rows:
        table.add_row(
            row[key] or "(top)",
            *(str(row[k]) for k in ("files", "archived", "pages", "failed", "needs_review", "linked", "not_linked")),
        )
    return table


def _counter_table(title: str, header: str, counter: dict) -> Table:
    table = _new_table(title)
    table.add_column(header, overflow="fold")
    table.add_column("Count", justify="right")
    for key, n in counter.items():
        table.add_row(key, str(n))
    return table


def _days_table(days: list[dict]) -> Table:
    table = _new_table("Archived per day (last 14 days)")
    for header in ("Day", "Docs", "Pages", "Total docs", "Total pages"):
        table.add_column(header, justify="right")
    for d in days[-14:]:
        table.add_row(d["day"], *(str(d[k]) for k in ("documents", "pages", "total_documents", "total_pages")))
    return table


def _oldest_table(items: list[dict]) -> Table:
    """Two lines per item: the full id (what `digitize review` takes) over its file, the type over the reasons."""
    table = _new_table("Oldest waiting for review")
    table.add_column("Date", no_wrap=True)
    table.add_column("Document / file", overflow="fold", max_width=36)
    table.add_column("Type / reasons", overflow="fold", max_width=26)
    for item in items:
        table.add_row(
            item["created_at"][:10],
            f"{item['id']}\n{item['file'] or ''}",
            f"{item['doc_type']}\n{', '.join(item['reasons'])}",
        )
    return table


def tables(report: dict) -> list:
    """The report for a terminal (rich renderables), each fitting 80 columns."""
    parts: list = [Text(_title(report), style="bold"), *(Text(line) for line in _summary_lines(report))]
    parts.append(_numbers_table("Per box", "Box", report["boxes"], "box"))
    parts.append(_numbers_table("Per document type", "Type", report["types"], "doc_type"))
    if report["totals"]["failed_by_code"]:
        parts.append(_counter_table("Failed, by error", "Error code", report["totals"]["failed_by_code"]))
    if report["totals"]["review_reasons"]:
        parts.append(_counter_table("Waiting for review, by reason", "Reason", report["totals"]["review_reasons"]))
    if report["per_day"]:
        parts.append(_days_table(report["per_day"]))
    if report["oldest_unreviewed"]:
        parts.append(_oldest_table(report["oldest_unreviewed"]))
    # A blank line before each table keeps them apart on the screen.
    return [item for part in parts for item in ((Text(""), part) if isinstance(part, Table) else (part,))]
