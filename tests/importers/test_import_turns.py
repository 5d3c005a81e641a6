"""Two imports at once take turns (PostgreSQL: an advisory lock held by each import's
transaction): the second waits, or with --no-wait refuses naming when the first began."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections

from registry.models import Identifier
from registry.services.imports import ImportAborted, plan

from .conftest import PAIRS, SDN_2024, run_import

pytestmark = pytest.mark.django_db(transaction=True)

NOV_23, MAY_03 = dt.date(2021, 11, 23), dt.date(2024, 5, 3)


def waiting_for_the_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


def until(condition, seconds: float = 60) -> None:
    """Wait for a condition another thread brings about (polled; not a sleep hoping for it)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_second_import_waits_or_refuses(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's advisory lock; SQLite's IMMEDIATE transactions serialize")
    first_writes, go_on = threading.Event(), threading.Event()
    original = plan.write

    def paused_write(the_plan, **kwargs):  # the first import, holding the lock, pauses here
        if threading.current_thread().name == "first":
            first_writes.set()
            go_on.wait(60)
        return original(the_plan, **kwargs)

    monkeypatch.setattr(plan, "write", paused_write)
    errors: list[BaseException] = []

    def in_thread(name, path, day):
        def run():
            try:
                run_import("ofac-sdn-csv", path, as_of=day)
            except BaseException as exc:  # reported to the test below
                errors.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=run, name=name)
        thread.start()
        return thread

    first = in_thread("first", PAIRS / "sdn_2021-11-23.csv", NOV_23)
    assert first_writes.wait(60)

    with pytest.raises(ImportAborted, match="another import is running since 20"):
        run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03, wait=False)

    second = in_thread("second", SDN_2024, MAY_03)
    until(waiting_for_the_lock)
    go_on.set()
    first.join(120)
    second.join(120)
    assert errors == []
    # both files applied: an entry only the 2021 file has, and one only the 2024 file has
    assert Identifier.objects.filter(scheme="ofac-ent-num", value="4711").exists()
    assert Identifier.objects.filter(scheme="ofac-ent-num", value="33974").exists()
