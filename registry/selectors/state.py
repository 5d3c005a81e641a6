"""The registry's state: when it was last written, read in one query.

The API's ETag and Last-Modified (registry/api/caching.py) and name screening's `data_version`
(registry/screening/) both read it: the newest row of any history table (django-simple-history
keeps one row per save and per delete, so deletions count) or of an `updated_at` column, and the
ids of the transactions still writing (registry/inflight.py).
"""

import datetime as dt
import functools

from django.apps import apps
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .. import inflight


def tracked_columns() -> list[tuple[str, str]]:
    """(table, column) pairs whose maximum moves on every write to the registry's data."""
    pairs = []
    for model in apps.get_app_config("registry").get_models():
        names = {field.name for field in model._meta.get_fields()}
        if "history_date" in names:
            pairs.append((model._meta.db_table, "history_date"))
        elif "updated_at" in names:
            pairs.append((model._meta.db_table, "updated_at"))
    return sorted(pairs)


@functools.cache
def last_write_sql(vendor: str) -> str:
    """The query for the newest write and the transactions still writing (built once per
    database vendor: the models are fixed)."""
    if vendor == "postgresql":
        # The same MAX() lookups in a PL/pgSQL function (migration 0006), whose plan PostgreSQL
        # keeps per connection: planning them took longer than running them.
        return f"SELECT registry_last_write(), {inflight.writers_sql(vendor)}"
    # SQLite's max(a, b, ...) would be NULL if any table were empty: aggregate over a union.
    quote = connection.ops.quote_name
    maxima = [f"(SELECT MAX({quote(col)}) FROM {quote(table)})" for table, col in tracked_columns()]
    writes = " UNION ALL ".join(f"SELECT {maximum} AS t" for maximum in maxima)
    return f"SELECT MAX(t), {inflight.writers_sql(vendor)} FROM ({writes}) AS writes"


def last_write() -> tuple[dt.datetime | None, str]:
    """The time of the newest write, and the ids of the transactions writing now ("" for none)."""
    sql = last_write_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql)  # noqa: S608 (table and column names from the models)
        value, writers = cursor.fetchone()
    if isinstance(value, str):  # SQLite hands back text for an aggregate over a union
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value, writers
