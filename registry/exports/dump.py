"""Writing a dump (its format: registry/services/dump.py; reading it back:
registry/services/restore.py): every table and history table as CSV, the designations as the
API's CSV shows them (`designations_flat.csv`, for spreadsheets), and the manifest, last."""

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from ..cells import safe_cell
from ..dates import ReferenceDay
from ..models import Designation
from ..resources import designations
from ..resources.spec import Context
from ..services.dump import (
    FLAT,
    FORMAT,
    MANIFEST,
    USER_ID,
    USER_NAME,
    VERSION,
    DumpError,
    DumpReport,
    columns,
    dump_tables,
)


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


def flat_rows(day: dt.date) -> Iterator[list[str]]:
    """Every designation as the API's designations CSV shows it on `day`: the same columns, read
    through the same selector (registry/resources/designations.py)."""
    context = Context(reference=ReferenceDay(day))
    return designations.RESOURCE.csv_rows(Designation.objects.order_by("pk"), context)


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
        flat = write_csv(
            written[-1], designations.SPEC.csv_header(), flat_rows(timezone.localdate())
        )
    manifest = {"format": FORMAT, "version": VERSION, "tables": tables, "flat": flat}
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    written.append(directory / MANIFEST)
    written[-1].write_text(text, encoding="utf-8")
    return report
