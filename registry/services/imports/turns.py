"""Imports take turns: one writes at a time, the next waits for it or, asked not to, refuses.

Two imports at once both plan from the same registry and then both write: on PostgreSQL the
second failed on a unique key (a program both created). Each import's transaction first takes
one lock; the lock ends with the transaction (commit, rollback, or a dead connection).

- PostgreSQL: a transaction-level advisory lock (pg_advisory_xact_lock) on IMPORT_LOCK_KEY.
  `wait=False` tries it (pg_try_advisory_xact_lock) and refuses, naming when the running import's
  transaction began (pg_stat_activity).
- SQLite: every transaction is IMMEDIATE (config/settings.py): it takes the database's single
  write lock when it begins, so the import holds it from its first read, and a second waits up to
  the busy timeout (DATABASE_SQLITE_TIMEOUT). `wait=False` begins with a busy timeout of 0.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.db import OperationalError, connection, transaction

IMPORT_LOCK_KEY = 7_210_318_110_001  # any constant; the registry's imports share it


class ImportBusy(Exception):
    """Another import holds the lock and the caller asked not to wait."""


@contextlib.contextmanager
def import_transaction(*, wait: bool = True) -> Iterator[None]:
    """A transaction that holds the import lock from its start to its end."""
    if connection.vendor == "sqlite" and not wait:
        with sqlite_no_wait(), transaction.atomic():
            yield
        return
    with transaction.atomic():
        take_turn(wait=wait)
        yield


def take_turn(*, wait: bool) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite: the IMMEDIATE transaction already holds the write lock
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            return
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        if not cursor.fetchone()[0]:
            raise ImportBusy(f"another import is running since {running_since(cursor)}")


def running_since(cursor) -> str:
    """When the transaction holding the import lock began, as the database's clock has it."""
    cursor.execute(
        "SELECT a.xact_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted"
        " AND ((l.classid::bigint << 32) | l.objid::bigint) = %s",
        [IMPORT_LOCK_KEY],
    )
    row = cursor.fetchone()
    if row is None or row[0] is None:
        return "a moment ago (it has just finished)"
    started: dt.datetime = row[0]
    return started.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@contextlib.contextmanager
def sqlite_no_wait() -> Iterator[None]:
    """Begin without waiting for another writer's lock; refuse when one holds it."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        timeout_ms = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise ImportBusy(
            "another import (or another write) is running: the database is locked"
        ) from exc
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
