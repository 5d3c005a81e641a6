"""The change feed: every write appears, in stable order; replaying it rebuilds the registry."""

import datetime as dt

import pytest
from django.utils import timezone

from registry.models import Designation, Organization
from registry.selectors.changes import Cursor, changes, iter_changes
from registry.services.designations import designation_revoke
from registry.services.organizations import alias_add
from tests.factories import OrganizationFactory, designate

pytestmark = pytest.mark.django_db


def replay(feed) -> dict[str, set[int]]:
    """Apply a feed to an empty copy that keeps only which entities exist."""
    copy: dict[str, set[int]] = {"organization": set(), "designation": set()}
    for change in feed:
        if change.op == "DEL":
            copy[change.entity].discard(change.entity_id)
        else:
            copy[change.entity].add(change.entity_id)
    return copy


def current() -> dict[str, set[int]]:
    return {
        "organization": set(Organization.objects.values_list("pk", flat=True)),
        "designation": set(Designation.objects.values_list("pk", flat=True)),
    }


def test_replaying_the_whole_feed_gives_the_registry(seeded_db):
    doomed = Organization.objects.get(slug="kahane-chai")
    doomed_designations = set(doomed.designations.values_list("pk", flat=True))
    doomed.delete()
    copy = replay(iter_changes(batch=97))
    assert copy == current()
    assert doomed.pk not in copy["organization"]
    assert not doomed_designations & copy["designation"]


def test_pages_follow_each_other_without_gaps_or_repeats(seeded_db):
    everything = changes(limit=100_000)
    paged, cursor = [], None
    while page := changes(cursor=cursor, limit=50):
        paged.extend(page)
        cursor = page[-1].cursor
    assert [c.cursor for c in paged] == [c.cursor for c in everything]
    assert len({c.cursor for c in everything}) == len(everything)


def test_a_change_is_reported_with_its_source_and_only_after_since():
    organization = OrganizationFactory()
    designation = designate(organization, on=dt.date(2020, 1, 1))
    since = timezone.now()
    alias_add(organization=organization, name="Alias Nuevo", reason="admin: added")
    designation_revoke(
        designation=designation, effective_on=dt.date(2024, 1, 1), reason="import x sha256:abc"
    )
    feed = changes(since=since)
    assert [(c.op, c.entity, c.entity_id) for c in feed] == [
        ("MOD", "organization", organization.pk),
        ("MOD", "designation", designation.pk),  # the revocation event
        ("MOD", "designation", designation.pk),  # the designation's revoked_on
    ]
    assert feed[0].reason == "admin: added"
    assert {c.reason for c in feed[1:]} == {"import x sha256:abc"}


def test_cursor_tokens_round_trip_and_reject_garbage():
    cursor = Cursor(timezone.now(), 3, 42)
    assert Cursor.decode(cursor.encode()) == cursor
    with pytest.raises(ValueError):
        Cursor.decode("not-a-cursor")
