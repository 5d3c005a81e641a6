"""Fresh planner statistics after a large import.

The query planners of PostgreSQL and SQLite choose their plans from table statistics that only
ANALYZE refreshes (PostgreSQL's autovacuum does it some time later; SQLite never does). After an
import that wrote many rows, the name search planned with the old figures ran 14x slower on
PostgreSQL until an ANALYZE. So an import that changed at least ANALYZE_MIN_ROWS rows analyzes
the tables it changed, after its transaction committed (the statistics of rows another
transaction cannot see yet would be wrong, and ANALYZE would lengthen the import's lock).
"""

from django.db import connection, models, transaction

from ...importers.report import ImportReport
from ...models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    Organization,
    OrganizationCountry,
    Program,
    Source,
)

ANALYZE_MIN_ROWS = 1000

# the report's table names (ImportReport.inserts / updates) -> the tables they are, with history
REPORTED_TABLES: dict[str, type[models.Model]] = {
    "organizations": Organization,
    "identifiers": Identifier,
    "aliases": Alias,
    "organization_countries": OrganizationCountry,
    "designations": Designation,
    "designation_events": DesignationEvent,
    "designation_event_sources": DesignationEvent.sources.through,
    "countries": Country,
    "authorities": Authority,
    "programs": Program,
    "sources": Source,
}


def changed_tables(report: ImportReport) -> list[str]:
    """The database tables the import wrote to, its history tables included, sorted."""
    tables = set()
    for name, rows in (report.inserts + report.updates).items():
        model = REPORTED_TABLES.get(name)
        if not rows or model is None:
            continue
        tables.add(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None:
            tables.add(history.model._meta.db_table)
    return sorted(tables)


def analyze_changed_tables(report: ImportReport, min_rows: int | None = None) -> list[str]:
    """ANALYZE each table the import changed when it wrote `min_rows` rows or more; the tables."""
    threshold = ANALYZE_MIN_ROWS if min_rows is None else min_rows
    written = sum(report.inserts.values()) + sum(report.updates.values())
    if report.dry_run or written < threshold:
        return []
    tables = changed_tables(report)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    report.analyzed = tables
    return tables
