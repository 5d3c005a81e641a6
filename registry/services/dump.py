"""The whole registry and its audit trail as plain CSV files: the dump's format, and the export.

`export_csv(directory)` writes one CSV file per table (every concrete column, in model field order,
except copies of another table's column, `COPIED`; rows ordered by primary key), then one per
history table (`HISTORY_TABLES`: every history row, with the user who made it by username, not by
id, so that the trail survives a restore into a database whose users have other ids), a flat
`designations_flat.csv` for spreadsheets, and `manifest.json` (format version, each file's
columns, row count and sha256), written last: a dump without a manifest is incomplete. Every cell
goes through `exports.cells.safe_cell`, the rule the API's CSV uses, so no cell starts a
spreadsheet formula; `restore_cell` undoes it exactly. registry/services/restore.py reads it back:
export, restore into a fresh database, export again gives the same bytes, history included.

Not in a dump: users (but the names the history cites), passwords, API tokens, sessions, the
admin's log and the task queue; docs/operations.md gives the full backup with the database's own
tool. Empty cells are NULL for nullable columns (the registry has no nullable text column, so ""
and NULL never need telling apart; a test keeps it so; a history row's change reason is NULL or
text, and an empty one comes back NULL).
"""

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from simple_history.utils import get_history_model_for_model

from ..exports.cells import safe_cell
from ..models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    LegalConsequence,
    Organization,
    OrganizationCountry,
    Program,
    Source,
)

FORMAT, VERSION = "designation-registry-csv-dump", 2  # 2: with the history tables
VERSIONS = (1, 2)  # readable by the restore
MANIFEST = "manifest.json"
FLAT = "designations_flat.csv"
EventSource = DesignationEvent.sources.through

# Dependency order: a table only points at tables above it.
TABLES: list[tuple[str, type[models.Model]]] = [
    ("countries", Country),
    ("authorities", Authority),
    ("programs", Program),
    ("legal_consequences", LegalConsequence),
    ("sources", Source),
    ("organizations", Organization),
    ("aliases", Alias),
    ("organization_countries", OrganizationCountry),
    ("identifiers", Identifier),
    ("designations", Designation),
    ("designation_events", DesignationEvent),
    ("designation_event_sources", EventSource),
]
# Each registry table's history, in the same order; the event-source links' history hangs off
# the events' history rows, so it comes last.
HISTORY_TABLES: list[tuple[str, type[models.Model]]] = [
    (f"history_{name}", get_history_model_for_model(model))
    for name, model in TABLES
    if model is not EventSource
] + [("history_designation_event_sources", DesignationEvent.history.model.sources.model)]
HISTORY_MODELS = frozenset(model for _name, model in HISTORY_TABLES)
USER_ID, USER_NAME = "history_user_id", "history_user"  # a history row's user, by username
# Columns that copy another table's (for ordering): not dumped, so the format does not change,
# and filled again on restore from the rows they copy.
COPIED: dict[type[models.Model], set[str]] = {Designation: {"organization_name"}}
FLAT_COLUMNS = [
    "designation_id",
    "organization_id",
    "organization",
    "organization_kind",
    "program",
    "program_name",
    "authority",
    "designated_on",
    "designated_precision",
    "revoked_on",
    "revoked_precision",
    "last_reviewed_on",
    "identifiers",
    "countries",
    "note",
]


class DumpError(Exception):
    """The dump cannot be written or restored; nothing was changed. The message says why."""


@dataclass
class DumpReport:
    directory: Path
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self, verb: str) -> str:
        parts = ", ".join(f"{table} {n}" for table, n in self.rows.items())
        return f"{verb} {self.directory}: {parts}."


def columns(model: type[models.Model]) -> list[str]:
    copied = COPIED.get(model, set())
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in copied]
    return [USER_NAME if name == USER_ID else name for name in names]


def dump_tables(version: int = VERSION) -> list[tuple[str, type[models.Model]]]:
    """Every table a dump of `version` holds, in the order a restore loads them."""
    return TABLES + (HISTORY_TABLES if version >= 2 else [])


def to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # dates and datetimes (aware, UTC)
        return value.isoformat()
    return str(value)


class HashingWriter:
    """A file for csv.writer that writes UTF-8 and keeps the sha256 of what it wrote."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.handle.write(data)


def write_csv(path: Path, header: list[str], rows: Iterator[list[object]]) -> dict:
    try:
        with path.open("wb") as handle:
            out = HashingWriter(handle)
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(header)
            count = 0
            for row in rows:
                writer.writerow([safe_cell(to_text(value)) for value in row])
                count += 1
    finally:
        if hasattr(rows, "close"):  # a query left half read gives its cursor back now
            rows.close()
    return {"file": path.name, "columns": header, "rows": count, "sha256": out.digest.hexdigest()}


def table_rows(model: type[models.Model]) -> Iterator[tuple]:
    names = [USER_ID if name == USER_NAME else name for name in columns(model)]
    query = model._base_manager.order_by("pk").values_list(*names)
    if USER_ID not in names:
        yield from query.iterator(chunk_size=2000)
        return
    at = names.index(USER_ID)
    usernames = dict(get_user_model()._base_manager.values_list("pk", "username"))
    for row in query.iterator(chunk_size=2000):
        yield (*row[:at], usernames.get(row[at]), *row[at + 1 :])


def flat_rows() -> Iterator[list[object]]:
    designations = (
        Designation.objects.select_related("organization", "program__authority")
        .prefetch_related("organization__identifiers", "organization__country_links")
        .order_by("pk")
    )
    for d in designations.iterator(chunk_size=1000):
        org = d.organization
        identifiers = sorted(f"{i.scheme}:{i.value}" for i in org.identifiers.all())
        countries = sorted({link.country_id for link in org.country_links.all()})
        yield [
            d.pk,
            org.pk,
            org.name,
            org.kind,
            d.program.code,
            d.program.name,
            d.program.authority.code,
            d.designated_on,
            d.designated_precision,
            d.revoked_on,
            d.revoked_precision,
            d.last_reviewed_on,
            "; ".join(identifiers),
            "; ".join(countries),
            d.note,
        ]


def export_csv(directory: Path, *, overwrite: bool = False) -> DumpReport:
    """Write the registry to `directory` (created if missing; refused if it holds files).

    A directory that cannot be made or written, or a disk that fills, is a DumpError naming the
    path; the files this run wrote are removed (a dump without its manifest is no dump)."""
    directory = Path(directory)
    written: list[Path] = []
    try:
        if directory.exists() and not directory.is_dir():
            raise DumpError(f"{directory}: exists and is not a directory")
        if directory.exists() and any(directory.iterdir()) and not overwrite:
            raise DumpError(f"{directory} is not empty: choose a new directory (or --overwrite)")
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MANIFEST).unlink(missing_ok=True)  # a dump without a manifest is incomplete
        return _export(directory, written)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        where = exc.filename or (written[-1] if written else directory)
        raise DumpError(
            f"{where}: {exc.strerror or exc}; no dump was written to {directory}"
        ) from exc


def _export(directory: Path, written: list[Path]) -> DumpReport:
    report = DumpReport(directory)
    tables = []
    # one consistent snapshot of every table (PostgreSQL: when this starts the transaction)
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for name, model in dump_tables():
            written.append(directory / f"{name}.csv")
            entry = write_csv(written[-1], columns(model), table_rows(model))
            tables.append({"table": name, "model": model._meta.label, **entry})
            report.rows[name] = entry["rows"]
        written.append(directory / FLAT)
        flat = write_csv(written[-1], FLAT_COLUMNS, flat_rows())
    manifest = {"format": FORMAT, "version": VERSION, "tables": tables, "flat": flat}
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    written.append(directory / MANIFEST)
    written[-1].write_text(text, encoding="utf-8")
    return report


# -- reading a dump back ----------------------------------------------------------------------
def read_manifest(directory: Path) -> tuple[int, dict[str, dict]]:
    """The dump's version and its table entries by name, after checking format, columns and
    every sha256."""
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DumpError(f"{path}: no manifest (not a dump, or an incomplete one)") from exc
    except json.JSONDecodeError as exc:
        raise DumpError(f"{path}: line {exc.lineno}: {exc.msg}") from exc
    version = manifest.get("version")
    if manifest.get("format") != FORMAT or version not in VERSIONS:
        raise DumpError(f"{path}: not a {FORMAT} of version {', '.join(map(str, VERSIONS))}")
    entries = {entry.get("table"): entry for entry in manifest.get("tables", [])}
    for name, model in dump_tables(version):
        entry = entries.get(name)
        if entry is None:
            raise DumpError(f"{path}: the dump has no {name} table")
        if entry.get("columns") != columns(model):
            raise DumpError(
                f"{entry.get('file')}: columns {entry.get('columns')} differ from this registry's "
                f"{columns(model)} (a dump of another version?)"
            )
        file = directory / f"{name}.csv"
        try:
            digest = hashlib.sha256()
            with file.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except FileNotFoundError as exc:
            raise DumpError(f"{file}: missing") from exc
        if digest.hexdigest() != entry.get("sha256"):
            raise DumpError(f"{file}: sha256 differs from the manifest (changed or damaged)")
    return version, entries
