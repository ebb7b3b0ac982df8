"""The `digitize` command."""

from __future__ import annotations

import json
import logging
import re
import shlex
import signal
import sys
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

app = typer.Typer(
    help="Digitise scanned dossier documents: OCR (Vietnamese), searchable PDFs, archive and index.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
# messages name files and campaigns by path: a long path stays on one line (a script can grep
# it) instead of wrapping at the 80 columns rich assumes when stderr is not a terminal
err = Console(stderr=True, soft_wrap=True)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more to stderr.")] = False) -> None:
    # Output is UTF-8 whatever the locale or PYTHONIOENCODING says (records are Vietnamese; a
    # file name that is not UTF-8 is already shown with escapes).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("img2pdf").setLevel(logging.ERROR)
    # SIGTERM (a service manager stopping us) unwinds like Ctrl-C, so worker processes stop too.
    signal.signal(signal.SIGTERM, _stop)


def _stop(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _settings():
    from digitize.config import load_settings

    try:
        return load_settings()
    except ValueError as exc:
        err.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from None


class _PageProgress:
    """Pages read so far and documents archived, on stderr, while a terminal is watching."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
            # JSON lines written while the bar is shown go above it when stdout is that
            # terminal too; piped or redirected, they go to stdout untouched
            redirect_stdout=out.is_terminal,
        )
        self._task = None
        self._archived = 0

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc):
        self._progress.stop()

    def begin(self, total_pages: int) -> None:
        self._task = self._progress.add_task("Reading pages", total=total_pages)

    def advance(self, pages: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, pages)

    def show(self, renderable) -> None:
        """Print to stdout; above the bar when stdout is the terminal showing it (a Console of
        its own writing to that terminal would tear the bar)."""
        if self._progress.live.is_started and out.is_terminal:
            self._progress.console.print(renderable)
        else:
            out.print(renderable)

    def archived(self, record: dict) -> None:
        self._archived += record["status"] != "failed"
        if self._task is not None:
            self._progress.update(self._task, description=f"Reading pages · archived: {self._archived}")


def _short(location: str) -> str:
    """An archive URL with its 64-hex-digit hashes cut short, for a table cell."""
    return re.sub(r"[0-9a-f]{64}", lambda m: m.group(0)[:12] + "…", location)


def _middle(text: str, width: int) -> str:
    """`text` cut in the middle with … to at most `width` characters (both ends say the most)."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


# An archived PDF's key is the last three parts of its URL, whatever the archive's root.
_ARCHIVE_KEY = re.compile(r"(?:^|/)((?:dossiers|unlinked)/[^/]+/[^/]+)$")


def _archive_key(url: str, width: int = 72) -> str:
    """The archive key of a record's PDF, short: relative to the archive root, the dossier code
    not repeated in the file name, hashes cut (dossiers/000.22.31.H02-200605-0115/….01.pdf)."""
    match = _ARCHIVE_KEY.search(url)
    key = match.group(1) if match else url
    folder, _, name = key.rpartition("/")
    dossier = folder.removeprefix("dossiers/")
    if folder.startswith("dossiers/") and name.startswith(dossier + "."):
        name = "…" + name[len(dossier) :]
    return _middle(_short(f"{folder}/{name}"), width)


# (title, width, justify) of a record's first line: 70 characters, so a row fits 80 columns.
_RECORD_COLUMNS = (("#", 3, "right"), ("file", 24, "left"), ("pages", 5, "right"), ("type", 22, "left"))
_STATUS = {"failed": "red", "archived": "green"}


def _cells(values: Sequence[str]) -> Text:
    line = Text()
    for (_, width, justify), value in zip(_RECORD_COLUMNS, values):
        value = _middle(value, width)
        pad = " " * max(0, width - cell_len(value))
        line.append((pad + value if justify == "right" else value + pad) + "  ")
    return line


def _records_header() -> Text:
    return Text.assemble(_cells([title for title, _, _ in _RECORD_COLUMNS]), "status", style="bold")


def _record_row(n: int, record: dict) -> Group:
    """One record in a few lines of at most 80 characters: number, file, pages, type and status;
    then, indented, where its PDF is (or why it failed), and why it needs review."""
    failed = record["status"] == "failed"
    pages = "" if failed else str(record["pages"])
    first = _cells([str(n), Path(record["source"]).name, pages, record["doc_type"] or ""])
    first.append(record["status"], style=_STATUS.get(record["status"], ""))
    if failed:
        detail = Text.assemble(record["error"]["message"], (f" ({record['error']['code']})", "dim"))
    else:
        detail = Text(_archive_key(record["archive"]["pdf"]))
    lines = [first, Padding(detail, (0, 0, 0, 5), expand=False)]
    if record.get("needs_review"):
        review = Text(f"review: {', '.join(record['review_reasons'])}", style="yellow")
        lines.append(Padding(review, (0, 0, 0, 5), expand=False))
    return Group(*lines)


def _records_table(records: list[dict]) -> Group:
    """All the records, as `process` prints them one by one (a header, then a few lines each)."""
    return Group(_records_header(), *(_record_row(n, r) for n, r in enumerate(records, start=1)))


class _RecordPrinter:
    """Prints each record as the pipeline archives it: a JSON line (flushed at once, for a reader
    downstream) or the record's rows, under a header printed before the first."""

    def __init__(self, as_json: bool, progress: _PageProgress) -> None:
        self.as_json = as_json
        self.progress = progress
        self.records: list[dict] = []

    def __call__(self, record: dict) -> None:
        self.records.append(record)
        self.progress.archived(record)
        if self.as_json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            return
        if len(self.records) == 1:
            self.progress.show(_records_header())
        self.progress.show(_record_row(len(self.records), record))

    def summary(self) -> str:
        archived = [r for r in self.records if r["status"] != "failed"]
        review = sum(bool(r.get("needs_review")) for r in archived)
        failed = len(self.records) - len(archived)
        return f"{len(self.records)} documents: {len(archived)} archived ({review} to review), {failed} failed"


@app.command()
def process(
    files: Annotated[
        list[Path], typer.Argument(help="Scans: JPEG, PNG, TIFF (multi-page) or PDF.", show_default=False)
    ],
    dossier: Annotated[str | None, typer.Option("--dossier", help="Dossier code the documents belong to.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line on stdout.")] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes (default DIGITIZE_WORKERS).")
    ] = None,
) -> None:
    """Process FILES now, in this process, and print one row (or JSON record) per document."""
    from digitize.context import open_context
    from digitize.pipeline import process_files

    _dossier_option(dossier)
    settings = _settings()
    with open_context(settings, workers) as ctx, _PageProgress() as progress:
        _signing_ready(ctx)
        printer = _RecordPrinter(as_json, progress)
        records = process_files(ctx, [str(f) for f in files], dossier_id=dossier, progress=progress, on_record=printer)
    if not as_json:
        out.print(printer.summary(), style="bold")
    failed = sum(record["status"] == "failed" for record in records)
    if failed:
        err.print(f"[red]{failed} of {len(records)} failed[/red]; their originals are kept in the archive.")
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command()
def batch(
    folder: Annotated[
        Path, typer.Argument(help="The archive tree; its first-level folders are the boxes.", show_default=False)
    ],
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="CSV path,dossier_id[,doc_type]; paths relative to DIR.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes (default DIGITIZE_WORKERS).")
    ] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Process inputs that failed before.")] = False,
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="The campaign's id (default: DIR's absolute path).")
    ] = None,
    chunk: Annotated[int, typer.Option("--chunk", min=1, help="Inputs per step; an interruption loses one step.")] = 8,
    queue: Annotated[
        str | None, typer.Option("--queue", help="counter or backlog: the workers do the work, this shows it.")
    ] = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="With --queue: exit once queued; the same command settles later.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line on stdout.")] = False,
) -> None:
    """A backlog campaign over DIR, box by box: in this process, or through the queues with
    --queue; run the same command again to resume (archived inputs are skipped, failed ones
    retried with --retry-failed, inputs queued earlier recorded from their jobs)."""
    from digitize import campaign as campaigns
    from digitize.context import open_context
    from digitize.understand.catalogue import load_catalogue
    from storage.campaigns import CampaignConflict

    if not folder.is_dir():
        err.print(f"[red]{folder} is not a folder.[/red]")
        raise typer.Exit(EXIT_USAGE)
    if no_wait and queue is None:
        err.print("[red]--no-wait goes with --queue.[/red]")
        raise typer.Exit(EXIT_USAGE)
    conn = None
    if queue is not None:  # checked before the manifest: without the queues nothing can start
        queue = _queue_option(queue)
        conn = _queue_connection()[1]
    settings = _settings()
    rows = {}
    if manifest is not None:
        try:
            rows = campaigns.read_manifest(manifest, folder, load_catalogue(home=settings.home))
        except campaigns.ManifestError as exc:
            err.print(f"[red]The manifest {manifest} has bad rows; nothing was processed:[/red]")
            for problem in exc.problems:
                err.print(f"  {problem}", highlight=False, markup=False)
            raise typer.Exit(EXIT_USAGE) from None
    files = campaigns.plan(folder, rows, exclude=[manifest] if manifest else [])
    try:
        with open_context(settings, 1 if conn is not None else workers) as ctx:  # queued: the workers read
            if conn is None:
                _signing_ready(ctx)  # through the queues the workers sign, not this process
            try:
                run = campaigns.open_campaign(ctx, folder, files, name=campaign, manifest=manifest)
            except CampaignConflict as exc:
                err.print(f"[red]{exc}[/red]; give another --campaign NAME.")
                raise typer.Exit(EXIT_USAGE) from None
            err.print(f"Campaign: {run.id} ({len(files)} files)", highlight=False, markup=False)
            if conn is not None:
                summary = _batch_queued(ctx, conn, run, queue, retry_failed, no_wait, as_json)
                _campaign_summary(summary)
                raise typer.Exit(EXIT_FAILED if summary.failed or summary.failed_before else EXIT_OK)
            from workers.campaign import settle

            settle(ctx, run)  # inputs a queued run left: recorded from their finished jobs
            todo = campaigns.pending_files(ctx, run, retry_failed)
            with _CampaignProgress(todo, as_json) as shown:
                summary = campaigns.run_campaign(
                    ctx,
                    run,
                    retry_failed=retry_failed,
                    chunk_size=chunk,
                    on_chunk=shown.chunk,
                    on_outcomes=shown.outcomes,
                    progress=shown,
                )
    except KeyboardInterrupt:
        err.print(
            "[yellow]Interrupted:[/yellow] the files in flight were abandoned; everything archived is kept. "
            "Run the same command again to resume:",
            soft_wrap=True,
        )
        _resume_hint()
        raise typer.Exit(130) from None
    _campaign_summary(summary)
    raise typer.Exit(EXIT_FAILED if summary.failed or summary.failed_before else EXIT_OK)


class _CampaignProgress:
    """The campaign's bar (files, pages, pages per minute, ETA) and the current box's, on a
    terminal; one line per finished step otherwise. `--json` records go to stdout as they come."""

    def __init__(self, todo, as_json: bool) -> None:
        self._as_json = as_json
        self._box_sizes: dict[str, int] = {}  # inputs left to take up, per box
        for item in todo:
            self._box_sizes[item.box] = self._box_sizes.get(item.box, 0) + 1
        self._box_done: dict[str, int] = {}  # per box: through the queues the boxes' files interleave
        self._box, self._done, self._pages, self._todo = None, 0, 0, len(todo)
        self._reading = 0  # pages read in the step in flight (counted for good once archived)
        self._started = time.monotonic()
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[pages]}"),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        self._total = self._progress.add_task("Campaign", total=len(todo), pages="")
        self._current = self._progress.add_task("Box", total=0, pages="", visible=False)

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc):
        self._progress.stop()

    def _rate(self) -> str:
        pages = self._pages + self._reading
        minutes = max(time.monotonic() - self._started, 1e-6) / 60
        return f"{pages} pages, {pages / minutes:.1f} pages/min"

    # the pipeline's Progress: pages read in the step in flight
    def begin(self, total_pages: int) -> None:
        self._reading = 0

    def advance(self, pages: int = 1) -> None:
        self._reading += pages
        self._progress.update(self._total, pages=self._rate())

    def chunk(self, chunk) -> None:
        """A step begins: its box becomes the current one."""
        box = chunk[0].box
        if box == self._box:
            return
        self._box = box
        name = f"Box {box}" if box else "Top of the tree"
        done = self._box_done.get(box, 0)
        self._progress.update(
            self._current, description=name, total=self._box_sizes.get(box, 0), completed=done, visible=True
        )
        if not err.is_terminal:
            print(f"{name}: {self._box_sizes.get(box, 0) - done} file(s)", file=sys.stderr, flush=True)

    def outcomes(self, outcomes) -> None:
        for outcome in outcomes:
            self.chunk([outcome.file])  # a queued run's outcomes come as workers finish them
            if self._as_json:
                for record in outcome.records:
                    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._box_done[self._box] = self._box_done.get(self._box, 0) + 1
            self._done += 1
            if not outcome.skipped:  # found archived in the index: no pages read now
                self._pages += outcome.pages
        sys.stdout.flush()
        self._reading = 0
        self._progress.update(self._current, completed=self._box_done.get(self._box, 0))
        self._progress.update(self._total, completed=self._done, pages=self._rate())
        if not err.is_terminal:
            print(f"{self._done}/{self._todo} files, {self._rate()}", file=sys.stderr, flush=True)


def _batch_queued(ctx, conn, run, queue: str, retry_failed: bool, no_wait: bool, as_json: bool):
    """`batch --queue`: submit, then show the workers' progress until every input is done."""
    import getpass

    from workers import campaign as queued

    user = getpass.getuser()
    try:
        sent = queued.enqueue(ctx, conn, run, queue=queue, retry_failed=retry_failed, submitted_by=user)
    except KeyboardInterrupt:
        err.print(
            "[yellow]Interrupted:[/yellow] the files queued so far stay queued. Run the same command again:",
            soft_wrap=True,
        )
        _resume_hint()
        raise typer.Exit(130) from None
    _print_records(sent.settled, as_json)
    already = len(sent.waiting) - sent.submitted
    err.print(f"Queued {sent.submitted} files on {queue} ({already} already waiting).", highlight=False)
    if no_wait:
        if as_json:
            sys.stdout.write(json.dumps({"campaign": run.id, "queued": len(sent.waiting)}, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{run.id}\t{len(sent.waiting)} queued\n")  # tab-separated, for scripts
        raise typer.Exit(EXIT_OK)
    try:
        with _CampaignProgress(sent.waiting, as_json) as shown:
            return queued.wait(ctx, conn, run, sent.summary, queue=queue, submitted_by=user, on_outcomes=shown.outcomes)
    except KeyboardInterrupt:
        err.print(
            "[yellow]Stopped waiting:[/yellow] the jobs go on in the workers. "
            "To see their progress again, run the same command:",
            soft_wrap=True,
        )
        _resume_hint()
        raise typer.Exit(130) from None


def _resume_hint() -> None:
    err.print("  digitize " + shlex.join(sys.argv[1:]), highlight=False, markup=False, soft_wrap=True)


def _print_records(outcomes, as_json: bool) -> None:
    if as_json:
        for outcome in outcomes:
            for record in outcome.records:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _campaign_summary(summary) -> None:
    err.print(
        f"Archived {summary.archived} files ({summary.documents} documents, {summary.pages} pages); "
        f"skipped {summary.skipped} already archived; failed {len(summary.failed)}.",
        highlight=False,
    )
    by_code: dict[str, int] = {}
    for outcome in summary.failed:
        by_code[outcome.error["code"]] = by_code.get(outcome.error["code"], 0) + 1
    if by_code:
        err.print("Failed by error: " + ", ".join(f"{code} {n}" for code, n in sorted(by_code.items())))
    for outcome in summary.failed:
        err.print(
            f"  {outcome.file.path}: {outcome.error['message']} ({outcome.error['code']})",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if summary.queued:
        err.print(f"{summary.queued} still queued for the workers: run with --queue to wait for them.")
    if summary.failed_before:
        err.print(f"{len(summary.failed_before)} failed in an earlier run, not retried (--retry-failed):")
        for outcome in summary.failed_before:
            err.print(f"  {outcome.file.path} ({outcome.error['code']})", highlight=False, markup=False, soft_wrap=True)


REPORT_FORMATS = ("table", "csv", "html", "json")


@app.command()
def report(
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="The campaign's id (default: the latest; none: the whole index).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv (per box and type), html or json.")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to FILE instead of stdout.")] = None,
) -> None:
    """Where a backlog campaign stands: per box and per type, the backlog left, pages per day,
    the oldest documents waiting for review."""
    from digitize import report as reports
    from digitize.report_html import render

    if fmt not in REPORT_FORMATS:
        err.print(f"[red]--format is one of {', '.join(REPORT_FORMATS)}, not {fmt!r}.[/red]")
        raise typer.Exit(EXIT_USAGE)
    index = _index(_settings())
    try:
        figures = reports.load(index, campaign)
    except reports.UnknownCampaign:
        err.print(f"There is no campaign {campaign!r} in the index.", highlight=False, markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        index.close()
    if fmt == "table":
        console = Console(file=out_file.open("w", encoding="utf-8"), width=80) if out_file else out
        for part in reports.tables(figures):
            console.print(part)
        if out_file:
            console.file.close()
        raise typer.Exit(EXIT_OK)
    text = {
        "json": lambda: json.dumps(figures, ensure_ascii=False, indent=2) + "\n",
        "csv": lambda: reports.to_csv(figures),
        "html": lambda: render(figures),
    }[fmt]()
    if out_file:
        out_file.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    raise typer.Exit(EXIT_OK)


def _parse_assignments(pairs: list[str]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            err.print(f"[red]--set takes FIELD=VALUE, not {pair!r}[/red]")
            raise typer.Exit(EXIT_USAGE)
        changes[name.strip()] = value
    return changes


@app.command()
def review(
    doc_id: Annotated[str, typer.Argument(help="The document's id.", show_default=False)],
    set_: Annotated[
        list[str], typer.Option("--set", help="FIELD=VALUE (repeatable); an empty VALUE removes the field.")
    ] = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Correct the document type (a catalogue code).")
    ] = None,
    resolve: Annotated[
        list[str],
        typer.Option(
            "--resolve", help="Settle a review reason without changing a value, e.g. no_dossier_id (repeatable)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the corrected record as JSON.")] = False,
) -> None:
    """Record a correction: field values and/or the type, or settle review reasons. Audit-logged;
    marks the record reviewed."""
    import getpass

    from digitize.context import open_context
    from digitize.review import ReviewError, review_document
    from digitize.understand.catalogue import load_catalogue

    changes = _parse_assignments(set_ or [])
    if not changes and not doc_type and not resolve:
        err.print("[red]Nothing to change:[/red] give --set FIELD=VALUE, --type CODE and/or --resolve REASON.")
        raise typer.Exit(EXIT_USAGE)
    settings = _settings()
    with open_context(settings, workers=1) as ctx:
        try:
            record = review_document(
                ctx,
                doc_id,
                changes,
                doc_type=doc_type,
                resolve=resolve or (),
                actor=getpass.getuser(),
                catalogue=load_catalogue(home=settings.home),
            )
        except ReviewError as exc:
            err.print(f"[red]Not changed:[/red] {exc}")
            raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{record['id']} · {record['doc_type']}")
    table.add_column("field")
    table.add_column("value", overflow="fold")
    table.add_column("confidence")
    for name, entry in record["fields"].items():
        table.add_row(name, str(entry["value"]), f"{entry['confidence']:.2f}")
    out.print(table)
    if record["needs_review"]:
        out.print(f"[yellow]Still to review:[/yellow] {', '.join(record['review_reasons'])}")


dossier_app = typer.Typer(help="Dossiers and their documents.", no_args_is_help=True)
app.add_typer(dossier_app, name="dossier")


@dossier_app.command("show")
def dossier_show(
    dossier_id: Annotated[str, typer.Argument(help="The dossier code.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object for the dossier.")] = False,
) -> None:
    """A dossier and its documents, in order."""
    from storage.index import Index

    settings = _settings()
    index = Index(settings.database_url)
    try:
        records = index.dossier_records(dossier_id)
    finally:
        index.close()
    if as_json:
        sys.stdout.write(json.dumps({"dossier_id": dossier_id, "documents": records}, ensure_ascii=False) + "\n")
        return
    if not records:
        err.print(f"No documents are filed under dossier {dossier_id}.")
        raise typer.Exit(EXIT_FAILED)
    table = Table(title=f"Dossier {dossier_id}: {len(records)} document(s)")
    for column in ("#", "type", "pages", "key fields", "source", "review"):
        table.add_column(column, overflow="fold")
    for n, record in enumerate(records, start=1):
        fields = ", ".join(f"{k}={v['value']}" for k, v in list(record["fields"].items())[:3])
        source = f"{Path(record['source']).name} p.{record['source_pages'][0]}-{record['source_pages'][1]}"
        table.add_row(
            str(n), record["doc_type"], str(record["pages"]), fields, source, ", ".join(record["review_reasons"])
        )
    out.print(table)


@dossier_app.command("link")
def dossier_link(
    doc_id: Annotated[str, typer.Argument(help="The document's id.", show_default=False)],
    dossier_id: Annotated[str, typer.Argument(help="The dossier code to file it under.", show_default=False)],
) -> None:
    """File a document under a dossier (moves it in the archive; audit-logged)."""
    import getpass

    from digitize.context import open_context
    from digitize.review import LinkError, link_document

    settings = _settings()
    with open_context(settings, workers=1) as ctx:
        try:
            record = link_document(ctx, doc_id, dossier_id, actor=getpass.getuser())
        except LinkError as exc:
            err.print(f"[red]Not linked:[/red] {exc}")
            raise typer.Exit(EXIT_FAILED) from None
    out.print(f"{record['id']} → {record['archive']['pdf']}")


def _queue_connection():
    """Redis from REDIS_URL, or a clear message and exit status 2."""
    from workers.queues import QueueUnavailable, connect

    settings = _settings()
    try:
        return settings, connect(settings.redis_url)
    except QueueUnavailable as exc:
        err.print(f"[red]Queues unavailable:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _dossier_option(dossier: str | None) -> None:
    """``--dossier`` checked by the one dossier-code rule (shape, receipt date, sequence)."""
    from rich.markup import escape

    from digitize.understand import validators

    if dossier is not None and not (check := validators.dossier_id(dossier)).ok:
        err.print(f"[red]--dossier: {escape(validators.not_a_dossier_id(dossier, check))}[/red].")
        raise typer.Exit(EXIT_USAGE)


def _queue_option(queue: str) -> str:
    from workers.queues import QUEUES

    if queue not in QUEUES:
        err.print(f"[red]--queue is {' or '.join(QUEUES)}[/red], not {queue!r}.")
        raise typer.Exit(EXIT_USAGE)
    return queue


@app.command()
def submit(
    files: Annotated[list[Path], typer.Argument(help="Scans to queue: JPEG, PNG, TIFF or PDF.", show_default=False)],
    dossier: Annotated[str | None, typer.Option("--dossier", help="Dossier code the documents belong to.")] = None,
    queue: Annotated[str, typer.Option("--queue", help="counter (new dossiers, served first) or backlog.")] = "counter",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file on stdout.")] = False,
) -> None:
    """Queue FILES for the workers: each original is kept in the archive first; prints job ids."""
    from digitize.context import open_context
    from workers.submit import submit_files

    _dossier_option(dossier)
    queue = _queue_option(queue)
    import getpass

    settings, conn = _queue_connection()
    with open_context(settings, workers=1) as ctx:
        submitted = submit_files(
            ctx, conn, [str(f) for f in files], dossier_id=dossier, queue=queue, submitted_by=getpass.getuser()
        )
    for item in submitted:
        if as_json:
            sys.stdout.write(json.dumps(item.as_dict(), ensure_ascii=False) + "\n")
        elif item.job_id:
            out.print(item.job_id, highlight=False, soft_wrap=True)
        else:
            err.print(
                f"[red]{item.file}: not queued:[/red] {item.record['error']['message']} ({item.record['error']['code']})"
            )
    raise typer.Exit(EXIT_FAILED if any(item.job_id is None for item in submitted) else EXIT_OK)


@app.command()
def worker(
    queues: Annotated[str, typer.Option("--queues", help="Queues to serve, counter always first.")] = "counter,backlog",
    burst: Annotated[bool, typer.Option("--burst", help="Stop when the queues are empty.")] = False,
) -> None:
    """An RQ worker: one core (run one per core); serves the counter queue before the backlog.
    It also delivers webhooks (a thread; with --burst, a last pass once the queues are empty)."""
    from workers.deliver import deliver_due, start_delivery
    from workers.queues import parse_queues
    from workers.worker import run_worker

    try:
        names = parse_queues(queues)
    except ValueError as exc:
        err.print(f"[red]--queues:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    settings, conn = _queue_connection()
    index = _index(settings)  # its own: RQ's forked work-horses never touch the thread's connections
    stop = start_delivery(index, settings)
    try:
        run_worker(conn, names, burst=burst)
        if burst:  # what this burst archived goes out now; retries are for the next worker or serve
            deliver_due(index, settings)
    finally:
        if stop is not None:
            stop()
        index.close()


jobs_app = typer.Typer(help="The queues' state; re-run failed jobs.", invoke_without_command=True)
app.add_typer(jobs_app, name="jobs")


@jobs_app.callback()
def jobs(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per queue on stdout.")] = False,
) -> None:
    """Queue depths, running jobs, failed jobs with their error codes."""
    if context.invoked_subcommand is not None:
        return
    from workers.worker import queue_state

    settings, conn = _queue_connection()
    states = queue_state(conn)
    if as_json:
        for state in states:
            sys.stdout.write(json.dumps(state.as_dict(), ensure_ascii=False) + "\n")
        return
    table = Table(title="Queues")
    for column in ("queue", "queued", "running", "waiting", "failed"):
        table.add_column(column)
    for state in states:
        table.add_row(
            state.queue, str(state.queued), str(len(state.running)), str(state.waiting), str(len(state.failed))
        )
    out.print(table)
    failed = [(state.queue, job) for state in states for job in state.failed]
    if failed:
        table = Table(title="Failed jobs (digitize jobs retry [JOB...])")
        for column in ("queue", "job", "file", "error"):
            table.add_column(column, overflow="fold")
        for queue, job in failed:
            table.add_row(queue, job["id"], job["file"] or "", f"{job['error']['message']} ({job['error']['code']})")
        out.print(table)
    _print_deliveries(settings)


def _print_deliveries(settings) -> None:
    """One line on the webhook outbox while anything in it is not delivered (not in --json,
    whose lines are one per queue)."""
    from storage.webhooks import outbox_state

    index = _index(settings)
    try:
        state = outbox_state(index)
    finally:
        index.close()
    if not (state.counts["failed"] or state.counts["pending"]):
        return
    line = (
        f"Webhook deliveries: {state.counts['failed']} failed, {state.counts['pending']} pending "
        f"({state.retrying} being retried)"
    )
    if not settings.webhooks:
        line += "; DIGITIZE_WEBHOOKS=off here"
    if state.last_error:
        line += f"; last error: {state.last_error}"
    out.print(line, highlight=False, soft_wrap=True)


@jobs_app.command("retry")
def jobs_retry(
    job_ids: Annotated[list[str] | None, typer.Argument(help="Failed jobs to re-run (default: all).")] = None,
) -> None:
    """Put failed jobs back on their queues."""
    from storage.index import Index
    from workers.worker import retry_failed

    settings, conn = _queue_connection()
    index = Index(settings.database_url)
    try:
        retried, missing = retry_failed(conn, job_ids or None, index)
    finally:
        index.close()
    for job_id in retried:
        out.print(job_id, highlight=False, soft_wrap=True)
    if missing:
        err.print(f"[red]Not failed jobs (or unknown):[/red] {', '.join(missing)}")
    raise typer.Exit(EXIT_FAILED if missing else EXIT_OK)


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="The hot folder the counter scanner writes into.", show_default=False)],
    poll: Annotated[bool, typer.Option("--poll", help="Poll instead of inotify (network shares).")] = False,
    settle: Annotated[
        float, typer.Option("--settle", min=0.1, help="Seconds a file's size must stay unchanged.")
    ] = 2.0,
) -> None:
    """Submit each complete new file under FOLDER to the counter queue; move it to done/ or failed/."""
    from digitize.context import open_context
    from workers.queues import COUNTER
    from workers.submit import submit_files
    from workers.watch import HotFolder, NotSubmitted

    if folder.exists() and not folder.is_dir():
        err.print(f"[red]{folder} is not a folder.[/red]")
        raise typer.Exit(EXIT_USAGE)
    settings, conn = _queue_connection()
    with open_context(settings, workers=1) as ctx:

        def submit_one(path: Path, dossier_id: str | None) -> str:
            item = submit_files(ctx, conn, [str(path)], dossier_id=dossier_id, queue=COUNTER)[0]
            if item.job_id is None:
                raise NotSubmitted(f"{item.record['error']['message']} ({item.record['error']['code']})")
            out.print(f"{item.job_id} {path}", highlight=False, soft_wrap=True)
            return item.job_id

        err.print(f"Watching {folder.resolve()} ({'polling' if poll else 'inotify'}); Ctrl-C stops.")
        try:
            HotFolder(folder, submit_one, settle_s=settle).run(poll=poll)
        except KeyboardInterrupt:
            pass


@app.command()
def train(
    generated: Annotated[
        int, typer.Option("--generated", min=0, help="Generated train-split documents to learn from.")
    ] = 2000,
    seed: Annotated[int, typer.Option("--seed", min=0, max=999_999, help="Seed of the generated documents.")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Processes to generate the documents.")] = 2,
    publish: Annotated[
        bool, typer.Option("--publish/--no-publish", help="Also keep it in the archive for the queue workers.")
    ] = True,
) -> None:
    """Learn the document-type model from generated documents and the reviewed records."""
    from digitize.understand.training import train_and_save
    from storage.index import Index

    settings = _settings()
    path = settings.home / "models" / "doctype.model"
    index = Index(settings.database_url)
    try:
        reviewed = index.reviewed_records()
    finally:
        index.close()
    try:
        summary = train_and_save(path, n_generated=generated, seed=seed, reviewed_records=reviewed, jobs=jobs)
    except ValueError as exc:
        err.print(f"[red]Not trained:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    table = Table(
        title=f"Document-type model: {summary.documents} documents "
        f"({summary.generated} generated, {summary.reviewed} reviewed)"
    )
    table.add_column("type")
    table.add_column("documents", justify="right")
    for doc_type, n in summary.per_type.items():
        table.add_row(doc_type, str(n))
    out.print(table)
    out.print(
        f"Written {path} in {summary.seconds:.1f} s "
        f"(corpus {summary.seconds_corpus:.1f} s, fit {summary.seconds_fit:.1f} s)."
    )
    if publish:
        _publish(settings, "model", path)


def _publish(settings, kind: str, path: Path) -> None:
    from storage import open_archive
    from workers.shared import publish as publish_file

    archive = open_archive(settings.storage_url, settings)
    version = publish_file(archive, kind, path)
    out.print(f"Published to the archive as the workers' {kind} (version {version[:12]}).")


@app.command("publish-catalogue")
def publish_catalogue(
    file: Annotated[Path, typer.Argument(help="A catalogue override (TOML), as $DIGITIZE_HOME/catalogue.toml.")],
) -> None:
    """Make FILE the catalogue override of every queue worker (kept in the archive's catalogue/)."""
    from digitize.understand.catalogue import CatalogueError, load_catalogue

    try:
        load_catalogue(file)
    except (CatalogueError, OSError, ValueError) as exc:
        err.print(f"[red]Not published:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    _publish(_settings(), "catalogue", file)


def _signing_ready(ctx) -> None:
    """The signing certificate is checked before anything is processed: a bad one stops the run
    (exit 2) with the reason in plain words, never the passphrase."""
    from digitize.archive.keys import KeyProblem

    try:
        _ = ctx.signing
    except KeyProblem as exc:
        err.print(f"[red]Signing certificate problem:[/red] {exc}", markup=True, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


keys_app = typer.Typer(help="Signing certificates.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("init")
def keys_init(
    force: Annotated[bool, typer.Option("--force", help="Replace an existing development certificate.")] = False,
) -> None:
    """Make a development CA and signing certificate (P12) under DIGITIZE_HOME/keys/ (files 0600)."""
    from digitize.archive.keys import DEV_CA, DEV_P12, init_dev_keys, keys_dir

    settings = _settings()
    folder = keys_dir(settings.home)
    existed = (folder / DEV_P12).exists()
    path = init_dev_keys(settings.home, settings.agency, overwrite=force)
    if existed and not force:
        out.print(f"A development certificate is already in {path} (--force to replace it).")
    else:
        out.print(f"Development signing certificate: {path}\nIts CA (the default trust root): {folder / DEV_CA}")
    out.print("[yellow]For development only:[/yellow] set DIGITIZE_SIGN_P12 to the centre's certificate for real use.")


@app.command()
def verify(
    files: Annotated[list[Path] | None, typer.Argument(help="Signed PDFs to check.", show_default=False)] = None,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="An archived document's id: its PDF, and its stored SHA-256.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON report per file on stdout.")] = False,
) -> None:
    """Check signed PDFs: intact, covering the whole file, signer, chain to DIGITIZE_TRUST_ROOTS,
    time-stamp and PAdES level (and whether each claims PDF/A). Exit 0 only when all hold."""
    from digitize.archive.keys import KeyProblem
    from digitize.archive.verify import check_stored_hash, verify_pdf
    from digitize.context import trust_roots

    if not files and not doc_id:
        err.print("[red]Give FILE... or --id DOC_ID.[/red]")
        raise typer.Exit(EXIT_USAGE)
    settings = _settings()
    try:
        roots = trust_roots(settings)
    except KeyProblem as exc:
        err.print(f"[red]Trust roots problem:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    reports = []
    for path in files or []:
        try:
            data = path.read_bytes()
        except OSError as exc:
            reports.append(_unreadable(str(path), f"the file cannot be read ({exc.strerror})"))
            continue
        reports.append(verify_pdf(data, roots, name=str(path), timezone=settings.timezone))
    if doc_id:
        reports.append(_verify_archived(settings, doc_id, roots, verify_pdf, check_stored_hash))
    if as_json:
        for report in reports:
            sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        out.print(_verify_table(reports))
    raise typer.Exit(EXIT_OK if all(r["ok"] for r in reports) else EXIT_FAILED)


def _unreadable(name: str, why: str) -> dict:
    return {"file": name, "ok": False, "checks": [{"check": "readable", "ok": False, "detail": why}]}


def _verify_archived(settings, doc_id: str, roots, verify_pdf, check_stored_hash) -> dict:
    from storage import open_archive
    from storage.index import Index

    index = Index(settings.database_url)
    try:
        row = index.row(doc_id)
    finally:
        index.close()
    if row is None or not row.archive_key:
        return _unreadable(doc_id, "no archived document with this id")
    try:
        data = open_archive(settings.storage_url, settings).get_bytes(row.archive_key)
    except FileNotFoundError:
        return _unreadable(doc_id, f"the archived PDF {row.archive_key} is missing")
    report = verify_pdf(data, roots, name=row.record["archive"]["pdf"], timezone=settings.timezone)
    report["id"] = doc_id
    return check_stored_hash(report, data, row.record["archive"].get("sha256"))


def _verify_table(reports: list[dict]) -> Table:
    table = Table(show_lines=True)
    for column in ("file", "result", "signer", "level", "checks"):
        table.add_column(column, overflow="fold")
    for report in reports:
        lines = []
        for check in report["checks"]:
            mark = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[dim]·[/dim]"}[check["ok"]]
            lines.append(f"{mark} {check['check']}: {check['detail']}")
        table.add_row(
            _short(report["file"]),
            "[green]valid[/green]" if report["ok"] else "[red]FAILED[/red]",
            report.get("signer") or "",
            report.get("level") or "",
            "\n".join(lines),
        )
    return table


if __name__ == "__main__":
    app()


# ------------------------------------------------------------------ the HTTP API

apikey_app = typer.Typer(help="API keys for the HTTP API (scopes read, submit, review, admin).", no_args_is_help=True)
app.add_typer(apikey_app, name="apikey")


def _index(settings):
    from storage.index import Index

    settings.home.mkdir(parents=True, exist_ok=True)
    return Index(settings.database_url)


@contextmanager
def _opened_index():
    """The configured index, closed after the block."""
    index = _index(_settings())
    try:
        yield index
    finally:
        index.close()


@apikey_app.command("create")
def apikey_create(
    name: Annotated[str, typer.Option("--name", help="Who uses the key (e.g. dossier-system, counter-1).")],
    scope: Annotated[str, typer.Option("--scope", help="read, submit, review, admin; comma separated.")],
) -> None:
    """Make a key. It is printed once, alone on the first line of stdout: keep it; only its hash is stored."""
    from storage.apikeys import KeyError_, create_key, parse_scopes

    index = _index(_settings())
    try:
        key = create_key(index, name, parse_scopes(scope))
    except KeyError_ as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        index.close()
    sys.stdout.write(key + "\n")
    sys.stdout.flush()
    err.print(f"Key {name!r} made with scopes {scope}. It will not be shown again.", highlight=False)


@apikey_app.command("list")
def apikey_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per key.")] = False) -> None:
    """The keys by name and scope (never the key itself)."""
    from storage.apikeys import list_keys

    with _opened_index() as index:
        keys = list_keys(index)
    if as_json:
        for key in keys:
            print(json.dumps(key.as_dict(), ensure_ascii=False))
        return
    table = Table("name", "scopes", "created", "state")
    for key in keys:
        table.add_row(key.name, ",".join(key.scopes), key.created_at[:19], "revoked" if key.revoked_at else "active")
    out.print(table)


@apikey_app.command("revoke")
def apikey_revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key at once (its name stays taken, so logs keep meaning one key)."""
    from storage.apikeys import KeyError_, revoke_key

    index = _index(_settings())
    try:
        revoke_key(index, name)
    except KeyError_ as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        index.close()
    err.print(f"Key {name!r} revoked.", highlight=False)


user_app = typer.Typer(help="Staff accounts for the review station (/review).", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _read_password() -> str:
    """Twice at a prompt; from a pipe, the first line (repeated on the second when there is one)."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            err.print("[red]The two passwords differ; nothing was made.[/red]")
            raise typer.Exit(EXIT_USAGE)
        return first
    lines = sys.stdin.read().splitlines()
    if not lines:
        err.print("[red]No password on stdin.[/red]")
        raise typer.Exit(EXIT_USAGE)
    if len(lines) > 1 and lines[1] and lines[1] != lines[0]:
        err.print("[red]The two passwords differ; nothing was made.[/red]")
        raise typer.Exit(EXIT_USAGE)
    return lines[0]


def _user_change(change, name: str, done: str) -> None:
    from storage.users import UserError

    with _opened_index() as index:
        try:
            change(index, name)
        except UserError as exc:
            err.print(f"[red]{exc}[/red]", highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
    err.print(f"User {name!r} {done}.", highlight=False)


@user_app.command("create")
def user_create(
    name: Annotated[str, typer.Argument(help="The person's login name.")],
    role: Annotated[str, typer.Option("--role", help="reviewer or admin.")] = "reviewer",
) -> None:
    """Make an account; the password is asked twice (or read from stdin) and stored as an argon2 hash."""
    from storage.users import create_user

    password = _read_password()
    _user_change(lambda index, n: create_user(index, n, password, role), name, f"made ({role}); they log in at /review")


@user_app.command("list")
def user_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per user.")] = False) -> None:
    """The accounts: role, and whether disabled or locked."""
    from dataclasses import asdict

    from storage.users import list_users

    with _opened_index() as index:
        users = list_users(index)
    if as_json:
        for user in users:
            print(json.dumps(asdict(user), ensure_ascii=False))
        return
    table = Table("name", "role", "state", "last login")
    for user in users:
        state = (
            "disabled" if user.disabled else f"locked until {user.locked_until[:19]}" if user.locked_until else "active"
        )
        table.add_row(user.name, user.role, state, (user.last_login_at or "")[:19])
    out.print(table)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="The login name.")]) -> None:
    """Stop an account logging in (its audit entries stay)."""
    from storage.users import set_disabled

    _user_change(lambda index, n: set_disabled(index, n, True), name, "disabled")


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument(help="The login name.")]) -> None:
    """Let a disabled account log in again."""
    from storage.users import set_disabled

    _user_change(lambda index, n: set_disabled(index, n, False), name, "enabled")


@user_app.command("unlock")
def user_unlock(name: Annotated[str, typer.Argument(help="The login name.")]) -> None:
    """Lift a lock-out after too many wrong passwords."""
    from storage.users import unlock

    _user_change(unlock, name, "unlocked")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """The HTTP API under /api/v1 (docs at /api/v1/docs) and the review station under /review; also delivers webhooks."""
    import uvicorn

    from api.app import create_app

    settings = _settings()
    err.print(
        f"digitize API on http://{host}:{port}/api/v1 (docs: /api/v1/docs); review station: /review", highlight=False
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=True)
