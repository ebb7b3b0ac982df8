"""Backlog campaigns (`digitize batch`): a tree of boxes (first-level folders) worked through
by the pipeline a chunk at a time, each input's state kept in the index so that the same
command run again resumes: archived inputs are skipped, failed ones retried on request.

The manifest (CSV `path,dossier_id[,doc_type]`) is read and checked in full before any work:
a campaign that would file documents under the wrong dossier is worse than one not started.

Through the queues (`batch --queue`, driven by workers/campaign.py: the domain knows no queue)
an input is `queued` while its job is in the workers' hands; `settle_queued` reads the jobs'
outcomes back from the index, so a run that did not wait is settled by the next one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from digitize.context import Context
from digitize.pipeline import Progress, process_files
from digitize.record import STATUS_ARCHIVED, STATUS_FAILED
from digitize.understand import validators
from storage import campaigns as store
from storage import jobs as job_states

HEADERS = (("path", "dossier_id"), ("path", "dossier_id", "doc_type"))
# Files a scanner, a desktop or an office suite leaves beside the scans: never inputs.
JUNK_NAMES = {"thumbs.db", "desktop.ini", "__macosx"}
DEFAULT_CHUNK = 8  # inputs per pipeline call: an interruption loses at most these


# ---------------------------------------------------------------- manifest


class ManifestError(ValueError):
    """Every bad row of a manifest, each as "line N: why"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Assignment:
    """A manifest row: everything at or under `path` (relative, POSIX; "" for DIR itself)."""

    line: int
    path: str
    dossier_id: str | None
    doc_type: str | None


def read_manifest(csv_path: Path, root: Path, type_codes: Container[str]) -> dict[str, Assignment]:
    try:
        text = csv_path.read_text(encoding="utf-8-sig")  # a BOM from a spreadsheet is not part of the header
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError([f"the manifest {csv_path} cannot be read: {exc}"]) from None
    return parse_manifest(text, root, type_codes)


def parse_manifest(text: str, root: Path, type_codes: Container[str]) -> dict[str, Assignment]:
    """The manifest's rows by path; raises ManifestError naming every bad row."""
    reader = csv.reader(io.StringIO(text))
    header = tuple(cell.strip() for cell in next(reader, []))
    if header not in HEADERS:
        raise ManifestError([f"line 1: the header must be path,dossier_id[,doc_type], not {','.join(header)!r}"])
    problems: list[str] = []
    rows: dict[str, Assignment] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are layout, not rows
        try:
            row = _assignment(line, cells, len(header), root, type_codes)
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
            continue
        if row.path in rows:
            problems.append(f"line {line}: {row.path or '.'} is already given on line {rows[row.path].line}")
            continue
        rows[row.path] = row
    if problems:
        raise ManifestError(problems)
    return rows


def _assignment(line: int, cells: list[str], width: int, root: Path, type_codes: Container[str]) -> Assignment:
    if len(cells) != width:
        raise ValueError(f"{len(cells)} columns where the header has {width}")
    cells = [cell.strip() for cell in cells]
    path = _relative_path(cells[0], root)
    dossier_id = cells[1] or None
    if dossier_id is not None and not (check := validators.dossier_id(dossier_id)).ok:
        raise ValueError(validators.not_a_dossier_id(dossier_id, check))
    doc_type = (cells[2] if width == 3 else "") or None
    if doc_type is not None and doc_type not in type_codes:
        raise ValueError(f"{doc_type!r} is not a document type of the catalogue")
    return Assignment(line, path, dossier_id, doc_type)


def _relative_path(given: str, root: Path) -> str:
    """The row's path, checked to name a file or folder inside DIR."""
    if not given:
        raise ValueError("the path is empty")
    pure = PurePosixPath(given.replace("\\", "/"))
    if pure.is_absolute() or given[1:3] in (":\\", ":/"):
        raise ValueError(f"{given!r} is an absolute path; paths are relative to {root}")
    if ".." in pure.parts:
        raise ValueError(f"{given!r} leads outside {root}")
    rel = "" if str(pure) == "." else str(pure)
    target = root / rel
    if not target.exists():
        raise ValueError(f"there is no file or folder {given!r} in {root}")
    if not target.resolve().is_relative_to(root.resolve()):  # a link pointing out of the tree
        raise ValueError(f"{given!r} leads outside {root}")
    return rel


def assignment_for(rows: dict[str, Assignment], rel: str) -> Assignment | None:
    """The most specific row for a file: its own, else its nearest folder's."""
    path = PurePosixPath(rel)
    for candidate in (path, *path.parents):
        key = "" if str(candidate) == "." else str(candidate)
        if key in rows:
            return rows[key]
    return None


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True)
class InputFile:
    path: str  # relative to the campaign's root, POSIX
    box: str  # first-level folder; "" for files at the top of the tree
    dossier_id: str | None = None
    doc_type: str | None = None


def _skipped_name(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in JUNK_NAMES


def walk(root: Path, exclude: Sequence[Path] = ()) -> list[str]:
    """Every file under `root` (relative POSIX paths) in a stable order; hidden files and
    folders and desktop litter left out, and `exclude` (the manifest, when it lies inside)."""
    excluded = {p.resolve() for p in exclude}
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not _skipped_name(d)]
        for name in files:
            full = Path(folder) / name
            if not _skipped_name(name) and full.resolve() not in excluded:
                found.append(full.relative_to(root).as_posix())
    return sorted(found, key=lambda rel: rel.split("/"))


def box_of(rel: str) -> str:
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else ""


def plan(root: Path, manifest: dict[str, Assignment], exclude: Sequence[Path] = ()) -> list[InputFile]:
    files = []
    for rel in walk(root, exclude):
        row = assignment_for(manifest, rel)
        files.append(InputFile(rel, box_of(rel), row and row.dossier_id, row and row.doc_type))
    return files


def chunks(files: Sequence[InputFile], size: int) -> Iterator[list[InputFile]]:
    """Runs of at most `size` inputs of one box with one dossier id and one given type (a
    pipeline call takes one of each)."""
    chunk: list[InputFile] = []
    for item in files:
        if chunk and (len(chunk) >= size or _given(item) != _given(chunk[0])):
            yield chunk
            chunk = []
        chunk.append(item)
    if chunk:
        yield chunk


def _given(item: InputFile) -> tuple[str, str | None, str | None]:
    return item.box, item.dossier_id, item.doc_type


# ---------------------------------------------------------------- the run


@dataclass
class Outcome:
    """What became of one input in this run."""

    file: InputFile
    state: str  # archived, failed
    records: list[dict] = field(default_factory=list)  # empty when skipped
    skipped: bool = False  # done by an earlier run (or, failed, not retried)
    error: dict | None = None
    pages: int = 0


@dataclass
class Summary:
    archived: int = 0
    documents: int = 0
    pages: int = 0
    skipped: int = 0  # archived before this run
    failed: list[Outcome] = field(default_factory=list)  # this run's failures
    failed_before: list[Outcome] = field(default_factory=list)  # earlier failures not retried
    queued: int = 0  # in the workers' hands, not waited for

    def add(self, outcome: Outcome) -> None:
        if outcome.state == store.QUEUED:
            self.queued += 1
        elif outcome.state == store.ARCHIVED and outcome.skipped:
            self.skipped += 1
        elif outcome.state == store.ARCHIVED:
            self.archived += 1
            self.documents += len(outcome.records)
            self.pages += outcome.pages
        else:
            (self.failed_before if outcome.skipped else self.failed).append(outcome)


@dataclass(frozen=True)
class Campaign:
    id: str
    root: Path
    files: list[InputFile]


def campaign_id(root: Path, name: str | None) -> str:
    return name or str(root.absolute())


def open_campaign(ctx: Context, root: Path, files: list[InputFile], *, name: str | None, manifest: Path | None):
    """The campaign recorded in the index (new, or the one to resume) with a row per input."""
    root = root.absolute()
    cid = campaign_id(root, name)
    store.open_campaign(ctx.index, cid, str(root), name=name, manifest=str(manifest) if manifest else None)
    store.add_pending(
        ctx.index,
        cid,
        [{"path": f.path, "box": f.box, "dossier_id": f.dossier_id, "doc_type": f.doc_type} for f in files],
    )
    return Campaign(cid, root, files)


def run_campaign(
    ctx: Context,
    campaign: Campaign,
    *,
    retry_failed: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
    on_chunk: Callable[[list[InputFile]], None] = lambda chunk: None,
    on_outcomes: Callable[[list[Outcome]], None] = lambda outcomes: None,
    progress: Progress | None = None,
) -> Summary:
    """Work through the campaign's inputs not yet done, a chunk at a time; each chunk's states
    are written as soon as its records come back. An interruption (KeyboardInterrupt) leaves
    the chunk in flight pending: its inputs are done again (or found archived) next time.
    `on_chunk` is told of each chunk before it is worked, `on_outcomes` of its inputs after;
    `progress` of the pages read."""
    summary, todo = split(ctx, campaign, retry_failed)
    for chunk in chunks(todo, chunk_size):
        on_chunk(chunk)
        outcomes = _run_chunk(ctx, campaign, chunk, progress)
        for outcome in outcomes:
            summary.add(outcome)
        on_outcomes(outcomes)
    store.finish_campaign(ctx.index, campaign.id)
    return summary


def pending_files(ctx: Context, campaign: Campaign, retry_failed: bool) -> list[InputFile]:
    """Inputs this run will take up (for the progress bars' totals)."""
    return split(ctx, campaign, retry_failed)[1]


def split(
    ctx: Context, campaign: Campaign, retry_failed: bool, *, take_queued: bool = False
) -> tuple[Summary, list[InputFile]]:
    """What earlier runs settled (as a summary) and the inputs this run takes up. Queued inputs
    are taken up only by a queued run (`take_queued`): a local run working an input a worker
    may be working too could archive it twice."""
    summary, todo = Summary(), []
    known = store.file_states(ctx.index, campaign.id)
    for item in campaign.files:
        earlier = _earlier_outcome(item, known.get(item.path), retry_failed, take_queued)
        if earlier is None:
            todo.append(item)
        else:
            summary.add(earlier)
    return summary, todo


def _earlier_outcome(
    item: InputFile, known: store.FileState | None, retry_failed: bool, take_queued: bool = False
) -> Outcome | None:
    """What an earlier run left, when it settles this input (archived; failed, not retried;
    queued, for a local run)."""
    if known is None or known.state == store.PENDING:
        return None
    if known.state == store.QUEUED:
        return None if take_queued else Outcome(item, store.QUEUED, skipped=True)
    if known.state == store.ARCHIVED:
        return Outcome(item, store.ARCHIVED, skipped=True, pages=known.pages)
    if retry_failed:
        return None
    return Outcome(item, store.FAILED, skipped=True, error={"code": known.error_code, "message": "failed earlier"})


# ---------------------------------------------------------------- through the queues


def mark_queued(ctx: Context, campaign: Campaign, item: InputFile, sha256: str) -> None:
    """The input's job is queued: its SHA-256, dossier id and type name the job (see settle_queued)."""
    store.save_file(
        ctx.index,
        campaign.id,
        item.path,
        box=item.box,
        state=store.QUEUED,
        sha256=sha256,
        dossier_id=item.dossier_id,
        doc_type=item.doc_type,
    )


def settle_refused(ctx: Context, campaign: Campaign, item: InputFile, sha256: str | None, record: dict) -> Outcome:
    """An input refused before it could be queued (missing, empty, too large): failed now."""
    return _settle(ctx, campaign, item, sha256, [record], skipped=False)


def settle_queued(
    ctx: Context, campaign: Campaign, job_id_of: Callable[[str, str | None, str | None], str]
) -> tuple[list[Outcome], list[InputFile]]:
    """The queued inputs whose jobs have finished, recorded from the jobs' states in the index
    (`job_id_of(sha256, dossier_id, doc_type)` names an input's job); and the inputs still queued."""
    by_path = {item.path: item for item in campaign.files}
    queued = [
        state
        for state in store.file_states(ctx.index, campaign.id).values()
        if state.state == store.QUEUED and state.path in by_path  # a file gone from the tree is not waited for
    ]
    ids = {state.path: job_id_of(state.sha256, state.dossier_id, state.doc_type) for state in queued}
    jobs = store.job_states(ctx.index, list(ids.values()))
    settled, waiting = [], []
    for state in queued:
        item = by_path[state.path]
        outcome = _settle_job(ctx, campaign, item, state.sha256, jobs.get(ids[state.path]))
        if outcome is None:
            waiting.append(item)
        else:
            settled.append(outcome)
    return settled, waiting


def _settle_job(ctx: Context, campaign: Campaign, item: InputFile, sha256: str, job: dict | None) -> Outcome | None:
    """The input's outcome from its finished job's documents, or None while the job is not done."""
    if job is None or job["status"] not in (job_states.ARCHIVED, job_states.FAILED):
        return None
    records = [r for r in (ctx.index.get(doc_id) for doc_id in job["document_ids"]) if r is not None]
    if job["status"] == job_states.FAILED and all(r.get("status") == STATUS_ARCHIVED for r in records):
        # a job stopped past its retries leaves no failed record: its error stands for one
        error = job["error"] or {"code": "internal_error", "message": "The queue job failed."}
        records.append({"status": STATUS_FAILED, "error": error})
    return _settle(ctx, campaign, item, sha256, records, skipped=False)


def _run_chunk(ctx: Context, campaign: Campaign, chunk: list[InputFile], progress: Progress | None) -> list[Outcome]:
    hashes = {item.path: _sha256(campaign.root / item.path) for item in chunk}
    outcomes: dict[str, Outcome] = {}
    work = []
    for item in chunk:
        indexed = _already_indexed(ctx, hashes[item.path])
        if indexed is not None:  # archived by `process`, a queue, or a run killed before its state was written
            outcomes[item.path] = _settle(ctx, campaign, item, hashes[item.path], indexed, skipped=True)
        else:
            work.append(item)
    if work:
        paths = [str(campaign.root / item.path) for item in work]
        records = process_files(ctx, paths, dossier_id=work[0].dossier_id, doc_type=work[0].doc_type, progress=progress)
        for item in work:
            mine = _records_of(records, hashes[item.path], campaign.root / item.path)
            outcomes[item.path] = _settle(ctx, campaign, item, hashes[item.path], mine, skipped=False)
    return [outcomes[item.path] for item in chunk]


def _already_indexed(ctx: Context, sha256: str | None) -> list[dict] | None:
    rows = ctx.index.rows_for_input(sha256) if sha256 else []
    if rows and all(row.status == STATUS_ARCHIVED for row in rows):
        return [row.record for row in rows]
    return None


def _records_of(records: list[dict], sha256: str | None, path: Path) -> list[dict]:
    """This input's records among a pipeline call's: by its bytes (twins share records), or by
    its name when it could not be hashed (a missing or empty file)."""
    mine = [r for r in records if sha256 and r.get("sha256") == sha256]
    if not mine:
        source = str(path.resolve())
        mine = [r for r in records if r.get("source") == source]
    return mine


def _settle(ctx: Context, campaign: Campaign, item: InputFile, sha256, records, *, skipped: bool) -> Outcome:
    """The input's outcome from its records, written to the campaign at once."""
    failed = [r for r in records if r.get("status") != STATUS_ARCHIVED]
    if not records:
        error = {"code": "internal_error", "message": "The pipeline returned no record for this file."}
    else:
        error = failed[0].get("error") if failed else None
    state = store.FAILED if (failed or not records) else store.ARCHIVED
    pages = sum(r.get("pages") or 0 for r in records if r.get("status") == STATUS_ARCHIVED)
    store.save_file(
        ctx.index,
        campaign.id,
        item.path,
        box=item.box,
        state=state,
        sha256=sha256,
        dossier_id=item.dossier_id,
        doc_type=item.doc_type,
        error=error,
        document_ids=[r["id"] for r in records if "id" in r],
        pages=pages,
    )
    return Outcome(item, state, records=[] if skipped else records, skipped=skipped, error=error, pages=pages)


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1024 * 1024):
                digest.update(chunk)
    except OSError:
        return None  # the pipeline says why, in the input's failed record
    return digest.hexdigest()
