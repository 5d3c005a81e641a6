"""Restoring a dump written by `dump.export_csv`: the registry and its audit trail, as they were.

`restore_csv(directory)` checks the manifest and every file's sha256 before touching the database,
then, in one transaction, loads the tables in dependency order keeping primary keys and
timestamps, fills the copied columns again from the rows they copy, and resets the PostgreSQL
sequences. A dump of version 2 carries its history: the history rows come back as they were (ids,
times, who, why), and the restore adds none of its own, so the change feed after a restore still
lists the original changes. Users named by the history who are not in this database are created
inactive, with no password (a dump carries no credentials). A dump of version 1 (without history)
is restored as before: one history row per restored row, "restore from <dir>". A dump of
version 2 or 1 lacks the names' listing days (version 3): they are left empty; one of version 3 or
earlier, which files were imported whole (version 4): none is marked so.

The registry must be empty, its history too (a fresh database); `replace` deletes both first.
A cell holding a NUL byte, which PostgreSQL cannot store, is refused naming its file and line.
"""

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from simple_history.utils import get_history_model_for_model
from tqdm import tqdm

from .. import inflight
from ..cells import restore_cell
from ..models import Designation, DesignationEvent
from .bulk import fill_organization_names
from .dump import (
    COPIED,
    HISTORY_MODELS,
    TABLES,
    USER_ID,
    USER_NAME,
    DumpError,
    DumpReport,
    EventSource,
    columns,
    dump_tables,
    read_manifest,
)
from .imports.write import BATCH, create_with_history, record_source_links


def restore_csv(
    directory: Path, *, replace: bool = False, user=None, progress: bool = False
) -> DumpReport:
    """Restore a dump into an empty registry with no history, unless `replace` (then every
    registry row, and for a dump with history every history row, is deleted first, in the same
    transaction)."""
    directory = Path(directory)
    try:
        version, entries = read_manifest(directory)
    except OSError as exc:
        raise DumpError(f"{exc.filename or directory}: {exc.strerror or exc}") from exc
    with_history = version >= 2
    reason = f"restore from {directory.resolve()}"
    # history keeps 100 characters; leave room for ": replaced" on deletions
    reason = reason if len(reason) <= 90 else "restore from …" + reason[-76:]
    user = user if getattr(user, "is_authenticated", False) else None
    report = DumpReport(directory)
    tables = dump_tables(version)
    try:
        with transaction.atomic():
            inflight.begin_writing()  # history rows dated before they are written
            occupied = [name for name, model in tables if model._base_manager.exists()]
            if occupied and not replace:
                raise DumpError(
                    f"the registry is not empty ({', '.join(occupied)} hold rows): restore "
                    f"into a fresh database, or use --force to replace everything in it"
                    + (" and its history" if with_history else "")
                )
            if occupied and with_history:
                delete_everything(tables)
            elif occupied:
                record_deletions(reason, user)
                delete_everything(TABLES)
            users = UserNames()
            with timestamps_as_given():
                bar = tqdm(tables, desc="restoring", disable=not (progress and sys.stderr.isatty()))
                for name, model in bar:
                    path = directory / f"{name}.csv"
                    count = load_table(
                        path,
                        model,
                        reason=None if with_history else reason,
                        user=user,
                        users=users,
                        version=version,
                    )
                    if count != entries[name].get("rows"):
                        raise DumpError(
                            f"{name}.csv: {count} rows, the manifest says "
                            f"{entries[name].get('rows')}"
                        )
                    report.rows[name] = count
            reset_sequences([model for _name, model in tables])
    except (DatabaseError, ValidationError) as exc:
        raise DumpError(f"the database refused the restore; nothing was changed: {exc}") from exc
    except OSError as exc:
        raise DumpError(f"{exc.filename}: {exc.strerror or exc}; nothing was changed") from exc
    return report


class UserNames:
    """Usernames in a dump's history -> user ids here, creating the missing users inactive and
    without a usable password (the history names them; they cannot log in)."""

    def __init__(self):
        self.ids = dict(get_user_model()._base_manager.values_list("username", "pk"))

    def id_of(self, username: str) -> int | None:
        if not username:
            return None
        if username not in self.ids:
            user = get_user_model()(username=username, is_active=False)
            user.set_unusable_password()
            user.save()
            self.ids[username] = user.pk
        return self.ids[username]


def record_deletions(reason: str, user=None) -> None:
    """One history row ("-") for every registry row about to be replaced by a dump without
    history, written in batches (QuerySet.delete() would record them one INSERT per row)."""
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


def delete_everything(tables: list[tuple[str, type[models.Model]]]) -> None:
    with connection.cursor() as cursor:
        for _name, model in reversed(tables):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def timestamps_as_given():
    """Keep the dumped created_at / updated_at: switch auto_now off while restoring."""
    fields: list[Any] = [
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


BOOLEANS = {"true": "True", "false": "False"}


def parse_rows(
    path: Path, model: type[models.Model], users: UserNames, version: int
) -> Iterator[models.Model]:
    """Each data row of a dumped table (of a dump of `version`) as an unsaved instance,
    validated field by field."""
    names = columns(model, version)
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[USER_ID if n == USER_NAME else n] for n in names]
    # foreign keys are checked by the database; copied columns are filled in save_batch
    unchecked = [f.name for f in model._meta.concrete_fields if f.is_relation]
    unchecked += sorted(COPIED.get(model, set()))
    validate = model is not EventSource and model not in HISTORY_MODELS
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
                for name, f, cell in zip(names, fields, row, strict=True):
                    if "\x00" in cell:
                        raise DumpError(f"{where}: column {name} holds a NUL byte (0x00)")
                    text = restore_cell(cell)
                    if isinstance(f, models.BooleanField):
                        text = BOOLEANS.get(text, text)  # as exports/dump.py writes them
                    if name == USER_NAME:
                        values[USER_ID] = users.id_of(text)
                    else:
                        values[f.attname] = None if text == "" and f.null else f.to_python(text)
                instance = model(**values)
                if validate:
                    instance.clean_fields(exclude=unchecked)
            except ValidationError as exc:
                raise DumpError(f"{where}: {exc}") from exc
            yield instance


def load_table(
    path: Path,
    model: type[models.Model],
    *,
    reason: str | None,
    user,
    users: UserNames,
    version: int,
) -> int:
    """Load one dumped table in batches; `reason` (a dump without history) writes one history
    row per row, None (the dump brings its own history) none."""
    count, batch = 0, []
    for instance in parse_rows(path, model, users, version):
        batch.append(instance)
        if len(batch) >= BATCH:
            count += save_batch(model, batch, reason=reason, user=user)
            batch = []
    return count + save_batch(model, batch, reason=reason, user=user)


def save_batch(model, batch: list, *, reason: str | None, user) -> int:
    if not batch:
        return 0
    if model is Designation:
        fill_organization_names(batch)  # the organizations are restored already
    if reason is None:
        model._base_manager.bulk_create(batch)  # history: the dump's own, restored as tables
        return len(batch)
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


def reset_sequences(models_: list[type[models.Model]]) -> None:
    """After rows were inserted with their own ids, new rows must not collide (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
