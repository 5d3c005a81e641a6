"""Writers wait for each other: an admin save made while an import writes lands after it.

SQLite has one writer at a time. Before the busy timeout was raised (DATABASE_SQLITE_TIMEOUT,
config/settings.py), a save made during a long import waited Python's default 5 s and then failed
with a 500 "database is locked", and the analyst's edit was lost. PostgreSQL locks rows, not the
database: there the save does not wait at all.
"""

import datetime as dt
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from registry.models import Organization
from tests.admin.test_admin_writes import new_organization_post
from tests.factories import OrganizationFactory, ProgramFactory
from tests.importers.conftest import PAIRS, run_import

HOLD_AFTER_THE_SAVE_STARTS = 1.0  # seconds the import still writes once the save is waiting


@pytest.mark.django_db
def test_sqlite_writers_wait_a_minute_for_the_write_lock():
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 60_000  # milliseconds; Python's default is 5,000


@pytest.mark.django_db(transaction=True)
def test_an_admin_save_during_an_import_succeeds_after_it(staff_client):
    program = ProgramFactory()
    holding, save_started, failures = threading.Event(), threading.Event(), []

    def import_in_progress():
        try:
            with transaction.atomic():
                run_import(
                    "ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23)
                )
                holding.set()  # the import holds the write lock until it commits
                assert save_started.wait(60)
                time.sleep(HOLD_AFTER_THE_SAVE_STARTS)  # the save now waits for the lock
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
            holding.set()
        finally:
            connection.close()

    def note_the_first_write(execute, sql, params, many, context):
        if sql.startswith(("BEGIN", "INSERT", "UPDATE")):
            save_started.set()
        return execute(sql, params, many, context)

    importer = threading.Thread(target=import_in_progress)
    importer.start()
    assert holding.wait(120)
    with connection.execute_wrapper(note_the_first_write):
        response = staff_client.post(
            reverse("admin:registry_organization_add"), new_organization_post(program)
        )
    importer.join(120)
    assert failures == []
    assert response.status_code == 302, response.content[:500]
    assert Organization.objects.filter(slug="frente-nuevo-de-prueba").exists()  # the edit
    assert Organization.objects.count() == 79  # and the import's 78


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("q", ["frente de prueba", "prueba frente", "frente de prubea"])
def test_a_search_during_an_import_answers_without_waiting_for_it(client, q):
    # A search takes no write lock: it answers while an import holds one (here 30 s at most).
    OrganizationFactory(name="Frente de Prueba")
    holding, searched = threading.Event(), threading.Event()

    def import_in_progress():
        try:
            with transaction.atomic():
                OrganizationFactory(name="Otro Frente")
                holding.set()
                searched.wait(30)
        finally:
            holding.set()
            connection.close()

    importer = threading.Thread(target=import_in_progress)
    importer.start()
    assert holding.wait(30)
    started = time.monotonic()
    try:
        response = client.get("/api/v1/organizations/", {"q": q, "brief": "true"})
        waited = time.monotonic() - started
    finally:
        searched.set()
        importer.join(30)
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["results"]] == ["Frente de Prueba"]
    assert waited < 5
