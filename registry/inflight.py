"""Writes still in flight: what a reader cannot see yet, and how old it can be once it lands.

A write's history row carries the time it was made (`history_date`), but nobody sees it before
its transaction commits. On PostgreSQL transactions overlap, so one that wrote first can commit
last: its rows then land *behind* rows a reader has already seen, with an older time than the
newest it read. Two readers of "the newest write" must allow for that:

- the change feed (registry/selectors/changes.py) hands out changes up to `horizon()` only, so
  that a client's cursor never passes a change still to come, which it would then never be shown;
- the API's ETag (registry/api/caching.py) names the transactions writing (`writers_sql`), so
  that an answer read while a write was in flight is never confirmed (304) once it has landed.

A transaction dates its history rows after it has started writing (after the row it records;
code that dates rows before writing anything calls `begin_writing()` first), so rows still to land
are no older than the oldest writing transaction's start; one not writing yet will date its rows
from now on. History times come from the application's clock and transaction starts from the
database's: they are assumed to agree (NTP; docs/operations.md).

SQLite has one writer at a time, which dates its rows after taking the write lock and keeps it
until it commits: nothing can land behind what a reader saw, so it needs neither.
"""

import datetime as dt

from django.db import connection
from django.utils import timezone

# Other sessions of this database whose transaction has written something (PostgreSQL gives a
# transaction an id at its first write).
WRITERS = (
    "FROM pg_stat_activity WHERE datname = current_database()"
    " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
)
# The ids of those transactions, as one text ("" for none); a scalar subquery to add to a query.
WRITERS_SQL = (
    "(SELECT coalesce(string_agg(backend_xid::text, ',' ORDER BY backend_xid::text), '')"
    f" {WRITERS})"
)
HORIZON_SQL = f"SELECT LEAST(statement_timestamp(), (SELECT MIN(xact_start) {WRITERS}))"


def horizon() -> dt.datetime:
    """The time before which no write can still appear: now, or the start of the oldest
    transaction that is writing, if earlier."""
    if connection.vendor != "postgresql":
        return timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(HORIZON_SQL)
        (moment,) = cursor.fetchone()
    return moment


def writers_sql(vendor: str) -> str:
    """A SQL expression for the transactions writing now ('' on SQLite, which needs none)."""
    return WRITERS_SQL if vendor == "postgresql" else "''"


def begin_writing() -> None:
    """Count the current transaction as writing from now on, for code that dates history rows
    before it writes anything: PostgreSQL names a transaction a writer at its first write, and
    until then `horizon()` would not wait for rows dated earlier."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()")
