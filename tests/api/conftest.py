"""API test fixtures: the seeds once per module, and JSON/CSV helpers."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    """The seeds, loaded once per test module (loading takes seconds) and rolled back after it.

    Each test still runs in its own savepoint (the `db` fixture), so a test's writes never leak
    into the next. Read-only tests over the seeded registry use this instead of `seeded`.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded_db(seeded_module, db):
    return None


@pytest.fixture
def api():
    return APIClient()


def get_json(api, url, params=None, status=200):
    response = api.get(url, params or {})
    assert response.status_code == status, (response.status_code, response.content[:2000])
    return response.json()


def results(api, url, params=None) -> list[dict]:
    """Every result of a list, following pages of 500."""
    params = {**(params or {}), "page_size": 500}
    body = get_json(api, url, params)
    items = list(body["results"])
    page = 1
    while body["next"]:
        page += 1
        body = get_json(api, url, {**params, "page": page})
        items.extend(body["results"])
    return items


def get_csv(api, url, params=None, **headers) -> tuple[object, list[list[str]]]:
    response = api.get(url, {**(params or {}), "format": "csv"}, **headers)
    assert response.status_code == 200, response.content[:2000]
    text = b"".join(response.streaming_content).decode("utf-8")
    return response, list(csv.reader(io.StringIO(text, newline="")))
