"""The whole registry and its audit trail as plain CSV files: the dump's format.

registry/exports/dump.py's `export_csv(directory)` writes one CSV file per table (every concrete
column, in model field order, except copies of another table's column, `COPIED`; rows ordered by
primary key), then one per history table (`HISTORY_TABLES`: every history row, with the user who
made it by username, not by id, so that the trail survives a restore into a database whose users
have other ids), a flat `designations_flat.csv` for spreadsheets, and `manifest.json` (format
version, each file's columns, row count and sha256), written last: a dump without a manifest is
incomplete. Every cell goes through `registry.cells.safe_cell`, the rule the API's CSV uses, so no
cell starts a spreadsheet formula; `restore_cell` undoes it exactly. registry/services/restore.py
reads it back: export, restore into a fresh database, export again gives the same bytes, history
included.

Not in a dump: users (but the names the history cites), passwords, API tokens, sessions, the
admin's log and the task queue; docs/operations.md gives the full backup with the database's own
tool. Empty cells are NULL for nullable columns (the registry has no nullable text column, so ""
and NULL never need telling apart; a test keeps it so; a history row's change reason is NULL or
text, and an empty one comes back NULL).
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from simple_history.utils import get_history_model_for_model

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

# 2: with the history tables; 3: with the names' listing days (Alias.listed_on); 4: with the
# list files imported whole (Source.whole_list)
FORMAT, VERSION = "designation-registry-csv-dump", 4
VERSIONS = (1, 2, 3, 4)  # readable by the restore
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
# Columns a later version added, with that version: a dump of an earlier one lacks them, and the
# restore leaves them empty (each may be).
ADDED: dict[type[models.Model], dict[str, int]] = {
    Alias: {"listed_on": 3},
    get_history_model_for_model(Alias): {"listed_on": 3},
    Source: {"whole_list": 4},
    get_history_model_for_model(Source): {"whole_list": 4},
}


class DumpError(Exception):
    """The dump cannot be written or restored; nothing was changed. The message says why."""


@dataclass
class DumpReport:
    directory: Path
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self, verb: str) -> str:
        parts = ", ".join(f"{table} {n}" for table, n in self.rows.items())
        return f"{verb} {self.directory}: {parts}."


def columns(model: type[models.Model], version: int = VERSION) -> list[str]:
    """The columns a dump of `version` holds for `model`."""
    # copied columns are refilled on restore, and generated ones are the database's own
    copied = COPIED.get(model, set())
    added = ADDED.get(model, {})
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in copied and not f.generated and added.get(f.attname, 0) <= version
    ]
    return [USER_NAME if name == USER_ID else name for name in names]


def dump_tables(version: int = VERSION) -> list[tuple[str, type[models.Model]]]:
    """Every table a dump of `version` holds, in the order a restore loads them."""
    return TABLES + (HISTORY_TABLES if version >= 2 else [])


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
        if entry.get("columns") != columns(model, version):
            raise DumpError(
                f"{entry.get('file')}: columns {entry.get('columns')} differ from this registry's "
                f"{columns(model, version)} for a dump of version {version}"
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
