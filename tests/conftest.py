"""Shared fixtures: the seeded registry, a logged-in analyst, fresh throttle counters, and a
check after each test that every designation's copy of its organization's name is current."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    """The seeds, loaded once per test module (loading takes seconds) and rolled back after it.

    Each test still runs in its own savepoint (the `db` fixture), so a test's writes never leak
    into the next, and the next finds the registry as `make run` seeds it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded_db(seeded_module, db):
    """The registry as `make run` seeds it, for one test (see `seeded_module`)."""
    return None


def pytest_collection_modifyitems(items):
    """In each module, the tests over the seeded registry run after the others: the seeds, loaded
    once for the module, stay until its last test, and a test that expects an empty registry
    must not find them. The order is otherwise kept."""
    module_order: dict = {}
    for item in items:
        module_order.setdefault(getattr(item, "module", None), len(module_order))

    def key(item) -> tuple[int, bool]:
        return module_order[getattr(item, "module", None)], "seeded_module" in item.fixturenames

    items.sort(key=key)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache: without this, the anonymous requests of every test
    that ran in the last minute count against the next one (120/min), in any test directory."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("analyst", "", "a-long-test-password")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def designation_name_copies_match(request):
    """After every test that wrote to the database: each designation's copy of its organization's
    name (`organization_name`, which the lists are ordered by) equals the name, whichever write
    path the test went through (services, admin, imports, restore, bulk loads)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional or not (marker or "db" in request.fixturenames):
        yield
        return
    request.getfixturevalue("db")  # so that this check runs before the test's rollback
    yield
    from django.db.models import F

    from registry.models import Designation

    stale = Designation.objects.exclude(organization_name=F("organization__name"))
    assert not stale.exists(), list(stale.values_list("id", "organization_name"))
