"""The whole registry as plain CSV files, and back: a lossless dump and restore.

`export_csv(directory)` writes one CSV file per table (every concrete column, in model field order,
except copies of another table's column, `COPIED`; rows ordered by primary key), a flat
`designations_flat.csv` for spreadsheets, and `manifest.json` (format version, each file's columns,
row count and sha256), written last: a dump without a manifest is incomplete. Every cell goes
through `exports.cells.safe_cell`, the rule the API's CSV uses, so no cell starts a spreadsheet
formula; `restore_cell` undoes it exactly.

`restore_csv(directory)` checks the manifest and every file's sha256 before touching the database,
then loads the tables in dependency order, keeping primary keys and timestamps, in one transaction,
with one history row per restored row ("restore from <dir>"), fills the copied columns again from
the rows they copy, and resets the PostgreSQL sequences.
Export, restore into an empty registry, export again: the files are byte for byte the same.

History tables are not part of the dump: a dump is the registry's state, not its audit trail.
Empty cells are NULL for nullable columns (the registry has no nullable text column, so "" and NULL
never need telling apart; a test keeps it so).
"""

import csv
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from simple_history.utils import get_history_model_for_model
from tqdm import tqdm

from .. import inflight
from ..exports.cells import restore_cell, safe_cell
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
from .bulk import fill_organization_names
from .imports.write import BATCH, create_with_history, record_source_links

FORMAT, VERSION = "designation-registry-csv-dump", 1
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
    return [f.attname for f in model._meta.concrete_fields if f.attname not in copied]


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
    with path.open("wb") as handle:
        out = HashingWriter(handle)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        count = 0
        for row in rows:
            writer.writerow([safe_cell(to_text(value)) for value in row])
            count += 1
    return {"file": path.name, "columns": header, "rows": count, "sha256": out.digest.hexdigest()}


def table_rows(model: type[models.Model]) -> Iterator[tuple]:
    query = model._base_manager.order_by("pk").values_list(*columns(model))
    yield from query.iterator(chunk_size=2000)


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
    """Write the registry to `directory` (created if missing; refused if it holds files)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()) and not overwrite:
        raise DumpError(f"{directory} is not empty: choose a new directory (or --overwrite)")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MANIFEST).unlink(missing_ok=True)  # a dump without a manifest is incomplete
    report = DumpReport(directory)
    tables = []
    # one consistent snapshot of every table (PostgreSQL: when this starts the transaction)
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for name, model in TABLES:
            entry = write_csv(directory / f"{name}.csv", columns(model), table_rows(model))
            tables.append({"table": name, "model": model._meta.label, **entry})
            report.rows[name] = entry["rows"]
        flat = write_csv(directory / FLAT, FLAT_COLUMNS, flat_rows())
    manifest = {"format": FORMAT, "version": VERSION, "tables": tables, "flat": flat}
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (directory / MANIFEST).write_text(text, encoding="utf-8")
    return report


# -- restore ----------------------------------------------------------------------------------
def read_manifest(directory: Path) -> dict[str, dict]:
    """The manifest's table entries by name, after checking format, columns and every sha256."""
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DumpError(f"{path}: no manifest (not a dump, or an incomplete one)") from exc
    except json.JSONDecodeError as exc:
        raise DumpError(f"{path}: line {exc.lineno}: {exc.msg}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise DumpError(f"{path}: not a version {VERSION} {FORMAT}")
    entries = {entry.get("table"): entry for entry in manifest.get("tables", [])}
    for name, model in TABLES:
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
    return entries


def restore_csv(
    directory: Path, *, replace: bool = False, user=None, progress: bool = False
) -> DumpReport:
    """Restore a dump. The registry's tables must be empty, unless `replace` (then their rows are
    deleted first, with a history row each, in the same transaction)."""
    directory = Path(directory)
    entries = read_manifest(directory)
    reason = f"restore from {directory.resolve()}"
    # history keeps 100 characters; leave room for ": replaced" on deletions
    reason = reason if len(reason) <= 90 else "restore from …" + reason[-76:]
    user = user if getattr(user, "is_authenticated", False) else None
    report = DumpReport(directory)
    try:
        with transaction.atomic():
            occupied = [name for name, model in TABLES if model._base_manager.exists()]
            if occupied and not replace:
                raise DumpError(
                    f"the registry is not empty ({', '.join(occupied)} hold rows): restore "
                    f"into an empty database, or use --force to replace everything in it"
                )
            if occupied:
                delete_everything(reason, user)
            with timestamps_as_given():
                bar = tqdm(TABLES, desc="restoring", disable=not (progress and sys.stderr.isatty()))
                for name, model in bar:
                    count = load_table(directory / f"{name}.csv", model, reason=reason, user=user)
                    if count != entries[name].get("rows"):
                        raise DumpError(
                            f"{name}.csv: {count} rows, the manifest says "
                            f"{entries[name].get('rows')}"
                        )
                    report.rows[name] = count
            reset_sequences()
    except (DatabaseError, ValidationError) as exc:
        raise DumpError(f"the database refused the restore; nothing was changed: {exc}") from exc
    return report


def delete_everything(reason: str, user=None) -> None:
    """Delete every registry row, recording one history row ("-") for each, in bulk.

    QuerySet.delete() would record them too, one INSERT per row; writing the history rows in
    batches and then emptying the tables is the same record, fast.
    """
    inflight.begin_writing()  # the rows are dated before they are written (registry/inflight.py)
    now = timezone.now()
    for _name, model in reversed(TABLES):
        if model is EventSource:  # links are part of their event's history
            continue
        history = get_history_model_for_model(model)
        batch = []
        for instance in model._base_manager.order_by("pk").iterator(chunk_size=BATCH):
            batch.append(
                history(
                    history_date=now,
                    history_user=user,
                    history_change_reason=f"{reason}: replaced",
                    history_type="-",
                    **{f.attname: getattr(instance, f.attname) for f in history.tracked_fields},
                )
            )
            if len(batch) >= BATCH:
                history.objects.bulk_create(batch)  # history: these are history rows
                batch = []
        history.objects.bulk_create(batch)  # history: these are history rows
    with connection.cursor() as cursor:
        for _name, model in reversed(TABLES):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def timestamps_as_given():
    """Keep the dumped created_at / updated_at: switch auto_now off while restoring."""
    fields = [
        f
        for _name, model in TABLES
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def parse_rows(path: Path, model: type[models.Model]) -> Iterator[models.Model]:
    """Each data row of a dumped table as an unsaved instance, validated field by field."""
    names = columns(model)
    fields = [next(f for f in model._meta.concrete_fields if f.attname == n) for n in names]
    # foreign keys are checked by the database; copied columns are filled in save_batch
    unchecked = [f.name for f in model._meta.concrete_fields if f.is_relation]
    unchecked += sorted(COPIED.get(model, set()))
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, strict=True)
        if next(reader, None) != names:
            raise DumpError(f"{path.name}: the header row is not {names}")
        for row in reader:
            where = f"{path.name}: line {reader.line_num}"
            if len(row) != len(names):
                raise DumpError(f"{where}: {len(row)} cells, expected {len(names)}")
            values = {}
            try:
                for f, cell in zip(fields, row, strict=True):
                    text = restore_cell(cell)
                    values[f.attname] = None if text == "" and f.null else f.to_python(text)
                instance = model(**values)
                if model is not EventSource:
                    instance.clean_fields(exclude=unchecked)
            except ValidationError as exc:
                raise DumpError(f"{where}: {exc}") from exc
            yield instance


def load_table(path: Path, model: type[models.Model], *, reason: str, user) -> int:
    count, batch = 0, []
    for instance in parse_rows(path, model):
        batch.append(instance)
        if len(batch) >= BATCH:
            count += save_batch(model, batch, reason=reason, user=user)
            batch = []
    return count + save_batch(model, batch, reason=reason, user=user)


def save_batch(model, batch: list, *, reason: str, user) -> int:
    if not batch:
        return 0
    if model is Designation:
        fill_organization_names(batch)  # the organizations are restored already
    if model is not EventSource:
        create_with_history(model, batch, reason=reason, user=user)
        return len(batch)
    # Event-source links: recorded in the history of the event they belong to (its restore row).
    EventSource.objects.bulk_create(batch)  # history: m2m history rows just below
    event_history = DesignationEvent.history.model
    history_of = dict(
        event_history.objects.filter(
            id__in={link.designationevent_id for link in batch}, history_change_reason=reason
        )
        .order_by("history_id")  # after an earlier restore of the same dump, the latest row
        .values_list("id", "history_id")
    )
    record_source_links(batch, history_of)
    return len(batch)


def reset_sequences() -> None:
    """After rows were inserted with their own ids, new rows must not collide (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model for _, model in TABLES])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
