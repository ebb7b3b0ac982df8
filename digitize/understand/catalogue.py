"""Load and check the document catalogue (``catalogue.toml``) into plain dataclasses.

The packaged catalogue sits next to this module. An extra catalogue file (by default
``$DIGITIZE_HOME/catalogue.toml`` when it exists) may add types and fields or replace them:
a ``[types.X]`` or ``[fields.Y]`` given there replaces the packaged one of that name, and
its ``[ignore] labels`` are added to the packaged ones. Any mistake is reported as a
``CatalogueError`` that names the file, the type and the field.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digitize.understand.kinds import KINDS as VALUE_KINDS
from digitize.understand.kinds import SEARCHABLE
from digitize.understand.tidy import TIDIERS

PACKAGED = Path(__file__).with_name("catalogue.toml")
HOME_FILE = "catalogue.toml"

KINDS = frozenset(VALUE_KINDS)  # the kinds of value a field may have: digitize.understand.kinds says what each is
# The names a field's ``locate`` list may give: each is a locating strategy registered under it
# in digitize.understand.locators (REGISTRY), which refuses any other name and does not load
# when one of these has no strategy.
LOCATORS = frozenset({"label", "place_date", "agency_header", "header_number", "column", "pattern", "range_end"})
PATTERN_KINDS = SEARCHABLE  # kinds whose shape is distinctive enough to be searched for anywhere (locate "pattern")
FIELD_KEYS = frozenset(
    {
        "kind",
        "labels",
        "extra_labels",
        "pattern",
        "locate",
        "column",
        "column_labels",
        "description",
        "range_of",
        "role",
        "after",
        "past",
        "tidy",
    }
)
# What a field is to the checks across a document (digitize.understand.reconcile): the name, ID,
# date of birth and sex of the person the document is about (on a page about several people,
# the others' are told apart from theirs; the ID is checked against the date of birth and sex;
# the MRZ confirms them) and the document's expiry (the MRZ's). At most one field of a type
# has a given role.
ROLES = frozenset({"subject_name", "subject_id", "subject_birth_date", "subject_gender", "expiry", "received"})
DATE_KINDS = frozenset({"date", "year_or_date", "expiry"})
TYPE_KEYS = frozenset(
    {"name", "titles", "exclude_titles", "keywords", "shapes", "fields", "description", "cross_checks"}
)
# other sources that confirm the printed fields: the machine-readable zone (ICAO 9303) of an ID
# card, the barcodes and QR codes on the pages (a dossier code)
CROSS_CHECKS = frozenset({"mrz", "codes"})
UNKNOWN = "unknown"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class CatalogueError(ValueError):
    """The catalogue file has a mistake; the message says where."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    labels: tuple[str, ...]
    pattern: str | None = None
    locate: tuple[str, ...] = ("label",)
    column: tuple[str, ...] = ()
    column_labels: tuple[str, ...] = ()
    range_of: str | None = None  # locate "range_end": the field whose "từ … đến …" range ends here
    role: str | None = None  # what the field is to the checks across the document (ROLES)
    after: tuple[str, ...] = ()  # date fields this date cannot be before (when the type has them)
    tidy: str | None = None  # a tidying by name (tidy.TIDIERS) instead of the kind's own
    past: bool = False  # a date that cannot be after today (a birth, an issue, a registration)


@dataclass(frozen=True)
class DocType:
    code: str
    name: str
    titles: tuple[str, ...]
    keywords: tuple[str, ...]
    fields: dict[str, FieldSpec]  # in catalogue order
    exclude_titles: tuple[str, ...] = ()  # title-like lines that are NOT this type (prefixes)
    cross_checks: tuple[str, ...] = ()  # other sources on the page that confirm fields ("mrz")
    shapes: tuple[re.Pattern, ...] = ()  # values only this type prints, as regular expressions

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def role_field(self, role: str) -> str | None:
        """The name of the type's field with ``role`` (see ROLES), or None when it has none."""
        return next((name for name, spec in self.fields.items() if spec.role == role), None)


@dataclass(frozen=True)
class Catalogue:
    types: dict[str, DocType]
    ignore_labels: tuple[str, ...]
    sources: tuple[str, ...] = ()

    def __contains__(self, code: str) -> bool:
        return code in self.types

    def get(self, code: str) -> DocType | None:
        return self.types.get(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.types)


# --------------------------------------------------------------------------- loading


def load_catalogue(
    extra: str | os.PathLike | None = None,
    *,
    home: str | os.PathLike | None = None,
    base: str | os.PathLike | None = None,
) -> Catalogue:
    """The packaged catalogue (or ``base``), overlaid with an extra file.

    ``extra``: an explicit extra catalogue file (must exist). Without it,
    ``<home>/catalogue.toml`` is used when it exists, ``home`` defaulting to
    ``$DIGITIZE_HOME``.
    """
    base_path = Path(base) if base else PACKAGED
    data = _read(base_path)
    sources = [str(base_path)]
    extra_path: Path | None = None
    if extra is not None:
        extra_path = Path(extra)
        if not extra_path.is_file():
            raise CatalogueError(f"{extra_path}: extra catalogue file not found")
    else:
        home_dir = home if home is not None else os.environ.get("DIGITIZE_HOME")
        if home_dir:
            candidate = Path(home_dir).expanduser() / HOME_FILE
            if candidate.is_file():
                extra_path = candidate
    if extra_path is not None:
        data = _overlay(data, _read(extra_path), str(extra_path))
        sources.append(str(extra_path))
    return build_catalogue(data, source=" + ".join(sources), sources=tuple(sources))


def loads_catalogue(text: str, *, source: str = "<string>") -> Catalogue:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{source}: not valid TOML: {exc}") from None
    return build_catalogue(data, source=source)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read the catalogue: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML: {exc}") from None


def _overlay(base: dict[str, Any], extra: dict[str, Any], source: str) -> dict[str, Any]:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key, value in extra.items():
        if key in ("types", "fields"):
            if not isinstance(value, dict):
                raise CatalogueError(f"{source}: [{key}] must be a table")
            merged = dict(out.get(key, {}))
            merged.update(value)  # a type or field given here replaces the packaged one
            out[key] = merged
        elif key == "ignore":
            if not isinstance(value, dict):
                raise CatalogueError(f"{source}: [ignore] must be a table")
            labels = list(out.get("ignore", {}).get("labels", []))
            more = value.get("labels", [])
            if not isinstance(more, list):
                raise CatalogueError(f"{source}: [ignore] labels must be a list of strings")
            out["ignore"] = {**out.get("ignore", {}), **value, "labels": labels + more}
        else:
            out[key] = value
    return out


# --------------------------------------------------------------------------- checking


def build_catalogue(data: dict[str, Any], *, source: str = "catalogue", sources: tuple[str, ...] = ()) -> Catalogue:
    """Check a parsed catalogue and turn it into dataclasses."""
    known_top = {"ignore", "fields", "types", "version"}
    for key in data:
        if key not in known_top:
            raise CatalogueError(f"{source}: unknown top-level key {key!r} (expected {sorted(known_top)})")
    ignore = data.get("ignore", {})
    if not isinstance(ignore, dict):
        raise CatalogueError(f"{source}: [ignore] must be a table")
    ignore_labels = _strings(ignore.get("labels", []), f"{source}: [ignore] labels", allow_empty=True)

    shared_raw = data.get("fields", {})
    if not isinstance(shared_raw, dict):
        raise CatalogueError(f"{source}: [fields] must be a table of field definitions")
    shared: dict[str, dict[str, Any]] = {}
    for fname, raw in shared_raw.items():
        where = f"{source}: field {fname!r}"
        if not isinstance(raw, dict):
            raise CatalogueError(f"{where}: must be a table")
        _check_keys(raw, where)
        shared[fname] = raw
        _make_field(fname, raw, where)  # checks the shared definition on its own

    types_raw = data.get("types", {})
    if not isinstance(types_raw, dict) or not types_raw:
        raise CatalogueError(f"{source}: no document types ([types.<code>] tables)")
    types: dict[str, DocType] = {}
    for code, raw in types_raw.items():
        where = f"{source}: type {code!r}"
        if not _CODE.match(code) or code == UNKNOWN:
            raise CatalogueError(f"{where}: a type code is lower-case letters, digits and '_' (and not 'unknown')")
        if not isinstance(raw, dict):
            raise CatalogueError(f"{where}: must be a table")
        unknown = set(raw) - TYPE_KEYS
        if unknown:
            raise CatalogueError(f"{where}: unknown key(s) {sorted(unknown)} (expected {sorted(TYPE_KEYS)})")
        titles = _strings(raw.get("titles"), f"{where}: titles")
        keywords = _strings(raw.get("keywords", []), f"{where}: keywords", allow_empty=True)
        exclude = _strings(raw.get("exclude_titles", []), f"{where}: exclude_titles", allow_empty=True)
        checks = _strings(raw.get("cross_checks", []), f"{where}: cross_checks", allow_empty=True)
        shapes = tuple(
            _regex(shape, f"{where}: shapes")
            for shape in _strings(raw.get("shapes", []), f"{where}: shapes", allow_empty=True)
        )
        for check in checks:
            if check not in CROSS_CHECKS:
                raise CatalogueError(
                    f"{where}: unknown cross_check {check!r} (known: {', '.join(sorted(CROSS_CHECKS))})"
                )
        fields_raw = raw.get("fields", {})
        if not isinstance(fields_raw, dict):
            raise CatalogueError(f"{where}: fields must be a table of `name = {{...}}` entries")
        fields: dict[str, FieldSpec] = {}
        for fname, override in fields_raw.items():
            fwhere = f"{where}, field {fname!r}"
            if not _CODE.match(fname):
                raise CatalogueError(f"{fwhere}: a field name is lower-case letters, digits and '_'")
            if not isinstance(override, dict):
                raise CatalogueError(f"{fwhere}: must be a table such as {{}} or {{ extra_labels = [...] }}")
            _check_keys(override, fwhere)
            merged = dict(shared.get(fname, {}))
            if "labels" in override:
                merged.pop("extra_labels", None)
            merged.update({k: v for k, v in override.items() if k != "extra_labels"})
            extra_labels = override.get("extra_labels")
            if extra_labels is not None:
                merged["labels"] = list(merged.get("labels", [])) + list(
                    _strings(extra_labels, f"{fwhere}: extra_labels")
                )
            if "kind" not in merged:
                raise CatalogueError(f"{fwhere}: no kind (define [fields.{fname}] or give kind = ... here)")
            fields[fname] = _make_field(fname, merged, fwhere)
        roles = [spec.role for spec in fields.values() if spec.role is not None]
        for role in roles:
            if roles.count(role) > 1:
                raise CatalogueError(f"{where}: more than one field has role {role!r}")
        for spec in fields.values():
            if spec.range_of is not None and spec.range_of not in fields:
                raise CatalogueError(
                    f"{where}, field {spec.name!r}: range_of {spec.range_of!r} is not a field of the type"
                )
        name = raw.get("name", code)
        if not isinstance(name, str):
            raise CatalogueError(f"{where}: name must be a string")
        types[code] = DocType(code, name, titles, keywords, fields, exclude, checks, shapes)
    return Catalogue(types, ignore_labels, sources or (source,))


def _check_keys(raw: dict[str, Any], where: str) -> None:
    unknown = set(raw) - FIELD_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown key(s) {sorted(unknown)} (expected {sorted(FIELD_KEYS)})")


def _make_field(fname: str, raw: dict[str, Any], where: str) -> FieldSpec:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CatalogueError(f"{where}: unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})")
    locate = _strings(raw.get("locate", ["label"]), f"{where}: locate")
    for loc in locate:
        if loc not in LOCATORS:
            raise CatalogueError(f"{where}: unknown locate {loc!r} (known: {', '.join(sorted(LOCATORS))})")
    labels = _strings(raw.get("labels", []), f"{where}: labels", allow_empty=True)
    extra = raw.get("extra_labels")
    if extra is not None:
        labels = labels + _strings(extra, f"{where}: extra_labels")
    if "label" in locate and not labels:
        raise CatalogueError(f"{where}: locate includes 'label' but no labels are given")
    pattern = raw.get("pattern")
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            raise CatalogueError(f"{where}: pattern must be a non-empty string")
        _regex(pattern, f"{where}: pattern")
    if "pattern" in locate and kind not in PATTERN_KINDS and pattern is None:
        raise CatalogueError(f"{where}: locate 'pattern' needs a pattern for kind {kind!r}")
    column = _strings(raw.get("column", []), f"{where}: column", allow_empty=True)
    if "column" in locate and not column:
        raise CatalogueError(f"{where}: locate includes 'column' but no column headings are given")
    column_labels = _strings(raw.get("column_labels", []), f"{where}: column_labels", allow_empty=True)
    range_of = raw.get("range_of")
    if range_of is not None and (not isinstance(range_of, str) or not _CODE.match(range_of)):
        raise CatalogueError(f"{where}: range_of must be a field name")
    if "range_end" in locate and range_of is None:
        raise CatalogueError(f"{where}: locate 'range_end' needs range_of (the field that opens the range)")
    role = raw.get("role")
    if role is not None and role not in ROLES:
        raise CatalogueError(f"{where}: unknown role {role!r} (known: {', '.join(sorted(ROLES))})")
    after = _strings(raw.get("after", []), f"{where}: after", allow_empty=True)
    for name in after:
        if not _CODE.match(name):
            raise CatalogueError(f"{where}: after: {name!r} is not a field name")
    if after and kind not in DATE_KINDS:
        raise CatalogueError(f"{where}: after is for dates, not kind {kind!r}")
    past = raw.get("past", False)
    if not isinstance(past, bool):
        raise CatalogueError(f"{where}: past must be true or false")
    if past and kind not in DATE_KINDS:
        raise CatalogueError(f"{where}: past is for dates, not kind {kind!r}")
    tidy = raw.get("tidy")
    if tidy is not None and tidy not in TIDIERS:
        raise CatalogueError(f"{where}: unknown tidy {tidy!r} (known: {', '.join(sorted(TIDIERS))})")
    desc = raw.get("description")
    if desc is not None and not isinstance(desc, str):
        raise CatalogueError(f"{where}: description must be a string")
    return FieldSpec(
        fname,
        kind,
        _dedupe(labels),
        pattern,
        locate,
        column,
        column_labels or _dedupe(labels),
        range_of,
        role,
        after,
        tidy,
        past,
    )


def _regex(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise CatalogueError(f"{where} is not a valid regular expression ({pattern!r}: {exc})") from None


def _strings(value: Any, where: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    if value is None or not isinstance(value, list):
        raise CatalogueError(f"{where}: must be a list of strings")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise CatalogueError(f"{where}: {item!r} is not a non-empty string")
        out.append(item.strip())
    if not out and not allow_empty:
        raise CatalogueError(f"{where}: must not be empty")
    return tuple(out)


def _dedupe(items: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)


_DEFAULT: Catalogue | None = None


def default_catalogue() -> Catalogue:
    """The packaged catalogue plus ``$DIGITIZE_HOME/catalogue.toml`` (loaded once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_catalogue()
    return _DEFAULT
