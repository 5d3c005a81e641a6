"""A write that commits after a newer one: the feed and the ETag must not skip it.

On PostgreSQL an import can write its rows, then commit after an analyst's later edit has
committed: its history rows land *behind* the newest one a client has seen. A feed cursor handed
out past them would skip them for good, and an ETag keyed on the newest write alone would keep
answering 304 for a copy that lacks them (registry/inflight.py). Each test holds such a write in
flight on a second connection (a thread), commits a newer write, reads, then lets the first land.
SQLite has one writer at a time, so this cannot happen there; the tests run on PostgreSQL.
"""

import threading
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from registry import inflight
from registry.models import Organization
from registry.selectors.changes import changes
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL runs write transactions side by side")


@contextmanager
def in_flight(work):
    """Run `work` in a transaction on another connection, held open until the block ends; yields
    once `work` is done, its writes not yet committed."""
    written, release, failed = threading.Event(), threading.Event(), []

    def writer():
        try:
            with transaction.atomic():
                work()
                written.set()
                assert release.wait(30), "never released"
        except BaseException as exc:  # reported in the test's thread
            failed.append(exc)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.wait(30) and not failed, failed
        yield
    finally:
        release.set()
        thread.join(30)
    assert not failed, failed


def write_in_flight(name: str):
    """Organization `name` created (its rows written and dated) but not yet committed."""
    return in_flight(lambda: OrganizationFactory(name=name))


def org_ids(feed) -> set[int]:
    return {c.entity_id for c in feed if c.entity == "organization"}


def test_a_cursor_never_passes_a_write_that_lands_later():
    OrganizationFactory(name="Before")
    with write_in_flight("Landing late"):
        OrganizationFactory(name="Committed first, dated after")
        seen = changes(limit=1000)
        assert inflight.horizon() < Organization.history.latest("history_date").history_date
    late = Organization.objects.get(name="Landing late")
    newer = Organization.objects.get(name="Committed first, dated after")
    # Without the horizon the feed showed the newer write, and its cursor skipped the late one.
    assert newer.pk not in org_ids(seen)
    after = changes(cursor=seen[-1].cursor if seen else None, limit=1000)
    assert {late.pk, newer.pk} <= org_ids(after)
    assert set(Organization.objects.values_list("pk", flat=True)) == org_ids(seen) | org_ids(after)


def test_the_api_feed_shows_a_late_write_after_the_cursor_it_handed_out():
    api = APIClient()
    OrganizationFactory(name="Before")
    with write_in_flight("Landing late"):
        OrganizationFactory(name="Committed first, dated after")
        first = api.get("/api/v1/changes/").json()["results"]
    late = Organization.objects.get(name="Landing late")
    cursor = first[-1]["cursor"]
    rest = api.get("/api/v1/changes/", {"cursor": cursor}).json()["results"]
    assert late.pk in {entry["id"] for entry in rest if entry["entity"] == "organization"}


def test_an_etag_read_during_a_write_changes_when_it_lands():
    api = APIClient()
    OrganizationFactory(name="Before")
    with write_in_flight("Landing late"):
        OrganizationFactory(name="Committed first, dated after")
        during = api.get("/api/v1/organizations/", {"brief": "true"})
        assert "Landing late" not in {o["name"] for o in during.json()["results"]}
    # The newest history row is still the newer write's: without the writers in the ETag this
    # was a 304, and the client kept a copy without the late organization.
    again = api.get("/api/v1/organizations/", {"brief": "true"}, HTTP_IF_NONE_MATCH=during["ETag"])
    assert again.status_code == 200
    assert "Landing late" in {o["name"] for o in again.json()["results"]}
    settled = api.get("/api/v1/organizations/", {"brief": "true"}, HTTP_IF_NONE_MATCH=again["ETag"])
    assert settled.status_code == 304  # with nothing in flight, an unchanged answer is a 304


def test_rows_dated_before_their_first_write_hold_the_horizon_from_then():
    # As delete_everything (registry/services/restore.py) dates its deletion rows, then writes them.
    dated = []

    def date_first():
        inflight.begin_writing()
        dated.append(timezone.now())

    with in_flight(date_first):
        # Not yet written: without begin_writing() the horizon would be now, past that date.
        assert inflight.horizon() <= dated[0]
    assert inflight.horizon() > dated[0]
