"""Apply a parsed official list to the registry: one upsert, one transaction, a diff, events.

`import_list(parsed, ...)` compares the file's entities with what the registry holds and plans
every change in memory first (`plan.Planner`, reading a fixed number of queries whatever the file's
size, `snapshot`); a dry run stops there. A real run then writes the plan in the same transaction
with bulk inserts that keep history (`write`): one history row per written row, with a change
reason naming the file and its sha256.

The rules:
- By default only the terrorism programs are taken (importers.programs.TERRORISM_PROGRAMS): an
  entry with none of their tags is left out, other tags are dropped, and the report counts what
  was left out per tag; `all_programs` takes every tag.
- An entity is found again by the list's own key (Identifier ofac-ent-num / un-ref), else by name:
  an entity whose name or strong alias has the search key of exactly one organization's name or
  non-weak alias enriches it (the key is attached, the names become aliases). One that matches
  several organizations is left out and reported for review, never guessed.
- A program another authority keeps the record of (US-FTO: the State Department's list) is
  opened by the list's tag only in a registry that curates none of it; a disagreement is
  reported for review.
- Each program tag is a designation (see importers.programs for the mapping). A tag that appears
  opens one, effective on the listing date when the file gives one, else on the file's date. A tag
  or an entry that disappears revokes the designation, effective on the file's date. An open
  designation already in the registry (from the seeds, say) counts as present.
- Names are never overwritten: the list's name and aliases are added as aliases (kind and script
  kept). Countries are linked by ISO code; a text naming no country is kept in the description.
- Imports take turns (`turns`): a real run holds the import lock for its whole transaction; the
  next waits for it, or with `wait=False` refuses at once ("another import is running since ...").
- An import that wrote many rows refreshes the planner statistics of the tables it changed
  (ANALYZE, `statistics`): the name search was 14x slower on PostgreSQL until it ran.
- Copies of a list go in the order of their days: a whole import records its file (the Source,
  `whole_list`), and a copy of the same list of an earlier day is refused after it (it would list
  again what the newer copy dropped).
- A file with more than 20% fewer entities than the registry holds from that list is refused unless
  forced; a partial file (e.g. one program's extract) revokes nothing for entries it lacks.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import DatabaseError

from ...importers.records import ParsedList
from ...importers.report import ImportReport
from .plan import ImportAborted, Planner
from .statistics import analyze_changed_tables
from .turns import ImportBusy, import_transaction
from .write import ImportConflict

__all__ = ["ImportAborted", "ImportReport", "import_list"]


def import_list(
    parsed: ParsedList,
    *,
    as_of: dt.date | None = None,
    dry_run: bool = False,
    force: bool = False,
    partial: bool = False,
    all_programs: bool = False,
    wait: bool = True,
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
    planner = Planner(parsed, day, partial=partial, progress=progress, all_programs=all_programs)
    if as_of and parsed.list_date and as_of != parsed.list_date:
        planner.report.warnings.append(
            f"as-of {as_of} used; the file dates itself {parsed.list_date}"
        )
    if dry_run:
        try:
            return planner.run(force=force, write_plan=False)
        except DatabaseError as exc:  # no tables yet (migrate not run), a database gone away
            raise ImportAborted(
                f"{parsed.file_name}: the database could not be read; nothing was written: {exc}"
            ) from exc
    try:
        with import_transaction(wait=wait):
            report = planner.run(force=force, write_plan=True, user=user)
    except ImportBusy as exc:
        raise ImportAborted(f"{parsed.file_name}: not imported: {exc}") from exc
    except ImportConflict as exc:
        raise ImportAborted(f"{parsed.file_name}: {exc}") from exc
    except (DatabaseError, ValidationError) as exc:
        raise ImportAborted(
            f"{parsed.file_name}: the database refused the import; nothing was written: {exc}"
        ) from exc
    analyze_changed_tables(report)
    return report
