"""Apply a parsed official list to the registry: one upsert, one transaction, a diff, events.

`import_list(parsed, ...)` compares the file's entities with what the registry holds and plans
every change in memory first (`plan.Planner`, reading a fixed number of queries whatever the file's
size, `snapshot`); a dry run stops there. A real run then writes the plan in the same transaction
with bulk inserts that keep history (`write`): one history row per written row, with a change
reason naming the file and its sha256.

The rules:
- An entity is found again by the list's own key (Identifier ofac-ent-num / un-ref). A new entity
  whose name only *looks* like an existing organization's is created apart and reported for review.
- Each program tag is a designation (see importers.programs for the mapping). A tag that appears
  opens one, effective on the listing date when the file gives one, else on the file's date. A tag
  or an entry that disappears revokes the designation, effective on the file's date. An open
  designation already in the registry (from the seeds, say) counts as present.
- Names are never overwritten: the list's name and aliases are added as aliases (kind and script
  kept). Countries are linked by ISO code; a text naming no country is kept in the description.
- A file with more than 20% fewer entities than the registry holds from that list is refused unless
  forced; a partial file (e.g. one program's extract) revokes nothing for entries it lacks.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from ...importers.records import ParsedList
from ...importers.report import ImportReport
from .plan import ImportAborted, Planner

__all__ = ["ImportAborted", "ImportReport", "import_list"]


def import_list(
    parsed: ParsedList,
    *,
    as_of: dt.date | None = None,
    dry_run: bool = False,
    force: bool = False,
    partial: bool = False,
    user=None,
    progress: bool = False,
) -> ImportReport:
    """Plan the import of `parsed`, then (unless `dry_run`) write it, all in one transaction.

    Raises ImportAborted (nothing written) when the list has no date, no entities, far fewer
    entities than the registry holds from it (unless `force` or `partial`), or the database
    refuses a row.
    """
    day = as_of or parsed.list_date
    if day is None:
        raise ImportAborted(
            f"{parsed.file_name}: the {parsed.title} carries no date; give the list's date "
            f"with --as-of YYYY-MM-DD"
        )
    if not parsed.entities:
        raise ImportAborted(f"{parsed.file_name}: the file holds no entities; nothing to import")
    planner = Planner(parsed, day, partial=partial, progress=progress)
    if as_of and parsed.list_date and as_of != parsed.list_date:
        planner.report.warnings.append(
            f"as-of {as_of} used; the file dates itself {parsed.list_date}"
        )
    if dry_run:
        return planner.run(force=force, write_plan=False)
    try:
        with transaction.atomic():
            return planner.run(force=force, write_plan=True, user=user)
    except (DatabaseError, ValidationError) as exc:
        raise ImportAborted(
            f"{parsed.file_name}: the database refused the import; nothing was written: {exc}"
        ) from exc
