"""The in-force rule: on the day before, of and after a designation and a revocation."""

import datetime as dt

import pytest

from registry.models import Designation
from tests.factories import OrganizationFactory, designate

pytestmark = pytest.mark.django_db

DESIGNATED = dt.date(2025, 11, 24)
REVOKED = dt.date(2026, 5, 20)
DAY = dt.timedelta(days=1)


@pytest.fixture
def designation():
    return designate(
        OrganizationFactory(name="Cártel de los Soles"), on=DESIGNATED, revoked=REVOKED
    )


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        (DESIGNATED - DAY, False),
        (DESIGNATED, True),
        (DESIGNATED + DAY, True),
        (REVOKED - DAY, True),
        (REVOKED, False),
        (REVOKED + DAY, False),
    ],
)
def test_in_force_around_designation_and_revocation(designation, day, in_force):
    assert Designation.objects.in_force(day).filter(pk=designation.pk).exists() is in_force
    assert (designation.status_on(day) == Designation.Status.ACTIVE) is in_force


def test_status_before_designation_is_pending(designation):
    assert designation.status_on(DESIGNATED - DAY) == Designation.Status.PENDING
    assert designation.status_on(REVOKED) == Designation.Status.REVOKED


def test_status_filter_agrees_with_status_property(designation):
    for day in (DESIGNATED - DAY, DESIGNATED, REVOKED):
        status = designation.status_on(day)
        assert list(Designation.objects.with_status(status, on=day)) == [designation]


def test_unknown_date_is_never_in_force_but_counts_as_active():
    designation = designate(OrganizationFactory(), on=None)
    assert not Designation.objects.in_force(dt.date(2030, 1, 1)).exists()
    assert designation.status == Designation.Status.ACTIVE
    assert designation.designated_display == ""


def test_review_and_petition_clocks_follow_the_last_review():
    designation = designate(OrganizationFactory(), on=dt.date(2020, 2, 29))
    assert designation.next_review_due == dt.date(2025, 2, 28)
    assert designation.petition_opens_on == dt.date(2022, 2, 28)
    from registry.services.designations import designation_add_event

    designation_add_event(
        designation=designation, kind="reviewed", effective_on=dt.date(2024, 6, 1), reason="test"
    )
    designation.refresh_from_db()
    assert designation.last_reviewed_on == dt.date(2024, 6, 1)
    assert designation.next_review_due == dt.date(2029, 6, 1)


def test_revoked_designation_has_no_clock(designation):
    assert designation.next_review_due is None
    assert designation.petition_opens_on is None
