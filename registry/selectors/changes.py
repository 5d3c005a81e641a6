"""The change feed: every recorded write, as entity-level ADD / MOD / DEL operations.

Clients that keep a copy poll it (`/api/v1/changes/?since=…`) the way OpenSanctions delta files
are used. The feed reads the history tables that django-simple-history fills on every write, so it
cannot miss a write path. Two kinds of entity are reported:

- `organization`: its own rows, and its aliases, country links and identifiers (a change to one of
  those is a MOD of the organization);
- `designation`: its own row and its events (an event added or changed is a MOD of the designation).

Each entry names the operation, the entity, the time, who or what made the change and why (the
history's user and change reason: "admin: changed", "seed: organizations/<slug>.json", "import …
sha256:…", "restore …"). Entries are ordered by (time, table, history id), which is also the cursor,
so paging is stable while new writes arrive. The feed stops at the horizon (registry/inflight.py):
a write still in flight can land with an older time than writes already committed, and a cursor
handed out past it would skip it for good; the feed shows it, and what follows it, once it lands.
"""

import base64
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, IntegerField, Q, QuerySet, Value

from .. import inflight
from ..dates import in_utc
from ..models import (
    Alias,
    Designation,
    DesignationEvent,
    Identifier,
    Organization,
    OrganizationCountry,
)

ORGANIZATION, DESIGNATION = "organization", "designation"
OPERATIONS = {"+": "ADD", "~": "MOD", "-": "DEL"}


@dataclass(frozen=True)
class Table:
    """One history table and how its rows map onto feed entities."""

    rank: int
    model: Any  # a model with a `history` manager (django-simple-history)
    entity: str
    entity_id: str  # the column holding the entity's id
    own: bool  # the entity's own table: its + / ~ / - are ADD / MOD / DEL


TABLES = (
    Table(0, Organization, ORGANIZATION, "id", own=True),
    Table(1, Alias, ORGANIZATION, "organization_id", own=False),
    Table(2, OrganizationCountry, ORGANIZATION, "organization_id", own=False),
    Table(3, Identifier, ORGANIZATION, "organization_id", own=False),
    Table(4, Designation, DESIGNATION, "id", own=True),
    Table(5, DesignationEvent, DESIGNATION, "designation_id", own=False),
)
RANKS = frozenset(table.rank for table in TABLES)


@dataclass(frozen=True)
class Cursor:
    time: dt.datetime
    rank: int
    history_id: int

    def encode(self) -> str:
        raw = f"{self.time.isoformat()}|{self.rank}|{self.history_id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        """Raises ValueError for a token this module did not make."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            time, rank, history_id = raw.split("|")
            cursor = cls(in_utc(dt.datetime.fromisoformat(time)), int(rank), int(history_id))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError("not a cursor from this feed") from exc
        # A forged token must not reach the database with an id past 64 bits (SQLite cannot
        # compare with one) or a table the feed does not have.
        if cursor.rank not in RANKS or not 0 <= cursor.history_id < 2**63:
            raise ValueError("not a cursor from this feed")
        return cursor


@dataclass(frozen=True)
class Change:
    op: str
    entity: str
    entity_id: int
    time: dt.datetime
    user: str
    reason: str
    cursor: Cursor


def _after(table: Table, cursor: Cursor) -> Q:
    """Rows of `table` that come after `cursor` in (time, rank, history_id) order."""
    later = Q(history_date__gt=cursor.time)
    if table.rank > cursor.rank:
        return later | Q(history_date=cursor.time)
    if table.rank == cursor.rank:
        return later | Q(history_date=cursor.time, history_id__gt=cursor.history_id)
    return later


def _rows(
    table: Table, since: dt.datetime | None, cursor: Cursor | None, horizon: dt.datetime
) -> QuerySet:
    rows = table.model.history.filter(history_date__lt=horizon)
    if since is not None:
        rows = rows.filter(history_date__gt=since)
    if cursor is not None:
        rows = rows.filter(_after(table, cursor))
    return (
        rows.order_by()
        .annotate(feed_rank=Value(table.rank, output_field=IntegerField()))
        .annotate(feed_entity=F(table.entity_id))
        .values_list(
            "history_date",
            "feed_rank",
            "history_id",
            "feed_entity",
            "history_type",
            "history_change_reason",
            "history_user_id",
        )
    )


def changes(
    *,
    since: dt.datetime | None = None,
    cursor: Cursor | None = None,
    limit: int = 100,
    horizon: dt.datetime | None = None,
) -> list[Change]:
    """Up to `limit` changes after `since` and after `cursor`, oldest first, before `horizon`
    (by default `inflight.horizon()`, one query; then one for the changes and one for the user
    names)."""
    if horizon is None:
        horizon = inflight.horizon()
    queries = [_rows(table, since, cursor, horizon) for table in TABLES]
    union = queries[0].union(*queries[1:], all=True)
    union = union.order_by("history_date", "feed_rank", "history_id")[:limit]
    rows = list(union)
    user_ids = {row[6] for row in rows if row[6] is not None}
    users = get_user_model().objects.filter(pk__in=user_ids)
    names = dict(users.values_list("pk", "username")) if user_ids else {}
    return [_change(row, names) for row in rows]


def _change(row: tuple, names: dict[int, str]) -> Change:
    time, rank, history_id, entity_id, history_type, reason, user_id = row
    table = TABLES[rank]
    op = OPERATIONS[history_type] if table.own else "MOD"
    return Change(
        op=op,
        entity=table.entity,
        entity_id=entity_id,
        time=time,
        user=names.get(user_id, ""),
        reason=reason or "",
        cursor=Cursor(time, rank, history_id),
    )


def iter_changes(
    *, since: dt.datetime | None = None, cursor: Cursor | None = None, batch: int = 1000
) -> Iterator[Change]:
    """Every change after `since` (and `cursor`), in order, a batch at a time (for CSV output),
    up to the horizon when it starts."""
    horizon = inflight.horizon()
    while True:
        page = changes(since=since, cursor=cursor, limit=batch, horizon=horizon)
        yield from page
        if len(page) < batch:
            return
        cursor = page[-1].cursor
