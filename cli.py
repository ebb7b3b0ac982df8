"""The `digitize` command."""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

app = typer.Typer(
    help="Digitise scanned dossier documents: OCR (Vietnamese), searchable PDFs, archive and index.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more to stderr.")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _settings():
    from digitize.config import load_settings

    try:
        return load_settings()
    except ValueError as exc:
        err.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from None


class _PageProgress:
    """Pages read so far, on stderr, while a terminal is watching."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("Reading pages"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        self._task = None

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc):
        self._progress.stop()

    def begin(self, total_pages: int) -> None:
        self._task = self._progress.add_task("pages", total=total_pages)

    def advance(self, pages: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, pages)


def _short(location: str) -> str:
    """An archive URL with its 64-hex-digit hashes cut short, for a table cell."""
    return re.sub(r"[0-9a-f]{64}", lambda m: m.group(0)[:12] + "…", location)


def _records_table(records: list[dict]) -> Table:
    table = Table(show_lines=False)
    for column in ("#", "file", "status", "pages", "type", "dossier", "result"):
        table.add_column(column, overflow="fold")
    for n, record in enumerate(records, start=1):
        if record["status"] == "failed":
            status = "[red]failed[/red]"
            result = f"{record['error']['message']} [dim]({record['error']['code']})[/dim]"
        else:
            status = "[green]archived[/green]"
            result = _short(record["archive"]["pdf"])
            if record.get("needs_review"):
                result += f"\n[yellow]review: {', '.join(record['review_reasons'])}[/yellow]"
        pages = str(record["pages"]) if record["status"] != "failed" else ""
        table.add_row(
            str(n),
            Path(record["source"]).name,
            status,
            pages,
            record["doc_type"],
            record.get("dossier_id") or "",
            result,
        )
    return table


@app.command()
def process(
    files: Annotated[list[Path], typer.Argument(help="Scans: JPEG, PNG, TIFF (multi-page) or PDF.", show_default=False)],
    dossier: Annotated[Optional[str], typer.Option("--dossier", help="Dossier code the documents belong to.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line on stdout.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Processes (default DIGITIZE_WORKERS).")] = None,
) -> None:
    """Process FILES now, in this process, and print one row (or JSON record) per document."""
    from digitize.context import open_context
    from digitize.pipeline import process_files
    from storage.layout import DOSSIER_ID

    if dossier is not None and not DOSSIER_ID.match(dossier):
        err.print(f"[red]--dossier {dossier!r} is not a dossier code[/red] (expected e.g. 000.00.12.H02-230818-0001).")
        raise typer.Exit(EXIT_USAGE)
    settings = _settings()
    with open_context(settings, workers) as ctx, _PageProgress() as progress:
        records = process_files(ctx, [str(f) for f in files], dossier_id=dossier, progress=progress)
    if as_json:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        out.print(_records_table(records))
    failed = sum(record["status"] == "failed" for record in records)
    if failed:
        err.print(f"[red]{failed} of {len(records)} failed[/red]; their originals are kept in the archive.")
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


if __name__ == "__main__":
    app()
