"""`manage.py export_ftm DIR`: the FtM files in OpenSanctions' layout, kept current run after run.

Each run writes, in DIR:

- `entities.ftm.json`: every entity (registry/exports/ftm.py), one JSON object a line;
- `targets.simple.csv`: one row per organization, OpenSanctions' columns;
- a new version `<YYYYMMDDHHMMSS>-<NNNN>/entities.delta.json` of `{"op": "ADD"|"MOD"|"DEL",
  "entity": {...}}` lines: what changed since the previous run;
- `delta.json`: the index of every version, `{"versions": {version: url}, "updated_at": …}`, as
  OpenSanctions publishes it, plus the change feed's cursor at this run (`cursor`).

What a version holds. The registry's change feed (registry/selectors/changes.py) names every
organization and designation written since the previous run's cursor; an entity can also change
without a write, when a day passes (a pending designation takes effect, an organization gains the
`sanction` topic). So each entity the feed names, and each entity whose line differs from the
previous run's `entities.ftm.json`, is compared with what the client holds (that previous file):
new is ADD, changed is MOD, gone is DEL, unchanged is left out. A client that applies every
version in order holds exactly the lines of the latest `entities.ftm.json`.

With `as_of`, a run writes only the two full files for that day (no version: a delta moves a
copy to today, not to a past day) into a directory that holds no delta index.
"""

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from ..dates import ReferenceDay
from ..selectors import changes as changefeed
from .ftm import (
    TARGET_COLUMNS,
    TARGETS_CSV,
    Entity,
    Export,
    entity_line,
    organization_id,
    sanction_id,
    target_rows,
)
from .streaming import csv_lines

ENTITIES = "entities.ftm.json"
TARGETS = "targets.simple.csv"
INDEX = "delta.json"
DELTA = "entities.delta.json"


class ExportError(Exception):
    """A directory the export cannot write; the message names it."""


@dataclass
class ExportReport:
    directory: Path
    entities: int = 0
    targets: int = 0
    version: str = ""
    ops: dict[str, int] = field(default_factory=lambda: {"ADD": 0, "MOD": 0, "DEL": 0})

    def summary(self) -> str:
        text = (
            f"Exported {self.entities} FtM entities and {self.targets} targets to {self.directory}"
        )
        if self.version:
            counts = ", ".join(f"{n} {op}" for op, n in self.ops.items())
            text += f"; delta version {self.version}: {counts}"
        return text


def read_lines(path: Path) -> dict[str, str]:
    """An entities file as {entity id: its line}."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {json.loads(line)["id"]: line for line in handle if line.strip()}


def write_text(path: Path, lines) -> None:
    """Write to a temporary file then rename it: a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines)
    os.replace(partial, path)


def write_targets(path: Path, entities: list[Entity], day: dt.date) -> int:
    """targets.simple.csv, the bytes the API's download streams; the number of rows."""
    partial = path.with_name(path.name + ".partial")
    rows = list(target_rows(entities, day))
    with partial.open("wb") as handle:
        handle.writelines(csv_lines(TARGET_COLUMNS, rows, **TARGETS_CSV))
    os.replace(partial, path)
    return len(rows)


def touched(since: changefeed.Cursor | None) -> tuple[set[str], changefeed.Cursor | None]:
    """The FtM ids of every organization and designation the feed names after `since`, and the
    feed's last cursor (or `since` when nothing was written)."""
    ids: set[str] = set()
    last = since
    for change in changefeed.iter_changes(cursor=since):
        make = organization_id if change.entity == changefeed.ORGANIZATION else sanction_id
        ids.add(make(change.entity_id))
        last = change.cursor
    return ids, last


def delta_ops(held: dict[str, str], now: dict[str, str], named: set[str]) -> list[str]:
    """The delta lines that take a client from `held` to `now`, in entity id order."""
    candidates = named | {key for key in held.keys() | now.keys() if held.get(key) != now.get(key)}
    lines = []
    for key in sorted(candidates):
        if key in now and key not in held:
            op, entity = "ADD", json.loads(now[key])
        elif key in now and now[key] != held[key]:
            op, entity = "MOD", json.loads(now[key])
        elif key in held and key not in now:
            op, entity = "DEL", {"id": key}
        else:
            continue  # written, but nothing FtM shows changed (a note, say)
        lines.append(json.dumps({"op": op, "entity": entity}, ensure_ascii=False) + "\n")
    return lines


def export_ftm(
    directory: Path, *, as_of: dt.date | None = None, base_url: str = "", version_url: str = ""
) -> ExportReport:
    """Write the FtM files to `directory` (created if missing). A directory that holds other
    files than a previous run's is refused, and so is `as_of` where a delta index lives."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        index_path = directory / INDEX
        ours = {ENTITIES, TARGETS, INDEX}
        if not index_path.exists() and any(p.name not in ours for p in directory.iterdir()):
            raise ExportError(f"{directory} holds other files: choose a new directory")
        if as_of is not None and index_path.exists():
            raise ExportError(
                f"{directory} holds delta versions (for today): write as_of {as_of} elsewhere"
            )
        return _export(directory, as_of, base_url, version_url)
    except OSError as exc:
        raise ExportError(f"{exc.filename or directory}: {exc.strerror or exc}") from exc


def _export(directory: Path, as_of: dt.date | None, base_url: str, version_url: str):
    report = ExportReport(directory)
    reference = ReferenceDay.of(as_of, timezone.localdate())
    export = Export(reference, base_url=base_url)
    index_path = directory / INDEX
    if as_of is not None:
        entities = list(export.entities())
        write_text(directory / ENTITIES, [entity_line(entity) for entity in entities])
        report.entities = len(entities)
        report.targets = write_targets(directory / TARGETS, entities, reference.day)
        return report

    index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.exists() else {}
    cursor = changefeed.Cursor.decode(index["cursor"]) if index.get("cursor") else None
    # the feed first: a write landing while the entities are read is then in both, or in the next
    named, cursor = touched(cursor)
    entities = list(export.entities())
    now = {entity["id"]: entity_line(entity) for entity in entities}
    # what a client holds: the previous run's entities (nothing before the first version)
    held = read_lines(directory / ENTITIES) if index else {}
    ops = delta_ops(held, now, named)

    versions: dict[str, str] = dict(index.get("versions", {}))
    # names that sort in the order the versions were made (clients sort them), even if the
    # clock stepped back: never before the previous version's time
    stamp = max([timezone.now().strftime("%Y%m%d%H%M%S"), *(v[:14] for v in versions)])
    version = f"{stamp}-{len(versions) + 1:04d}"
    (directory / version).mkdir()
    write_text(directory / version / DELTA, ops)
    versions[version] = (
        f"{version_url.rstrip('/')}/{version}/{DELTA}" if version_url else (f"{version}/{DELTA}")
    )
    write_text(directory / ENTITIES, [now[key] for key in now])
    report.entities = len(now)
    report.targets = write_targets(directory / TARGETS, entities, reference.day)
    new_index = {
        "versions": versions,
        "updated_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cursor": cursor.encode() if cursor else None,
    }
    write_text(index_path, [json.dumps(new_index, indent=2) + "\n"])
    report.version = version
    for line in ops:
        report.ops[json.loads(line)["op"]] += 1
    return report
