"""A designation's state on a day: in force, not in force, or unknown where a date known only
to the month or the year cannot decide; and its clocks. The rule is registry/querysets.py's, read
through the designation selector, as the API, CSV and admin read it."""

import datetime as dt

import pytest

from registry.dates import Precision, ReferenceDay
from registry.models import Designation
from registry.selectors.designations import designations_on
from registry.services.designations import designation_add_event
from tests.factories import OrganizationFactory, designate, state

pytestmark = pytest.mark.django_db

D = dt.date
DAY = dt.timedelta(days=1)
Status = Designation.Status
ACTIVE, PENDING, REVOKED, UNKNOWN = Status.ACTIVE, Status.PENDING, Status.REVOKED, Status.UNKNOWN


def answer(designation, day) -> tuple:
    found = state(designation, day)
    in_force = Designation.objects.in_force(day).filter(pk=designation.pk).exists()
    uncertain = Designation.objects.uncertain(day).filter(pk=designation.pk).exists()
    assert in_force is (found["in_force"] is True)
    assert uncertain is (found["in_force"] is None)
    assert Designation.objects.with_status(found["status"], on=day).filter(pk=designation.pk)
    return found["status"], found["in_force"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 11, 23), (PENDING, False)),
        (D(2025, 11, 24), (ACTIVE, True)),
        (D(2026, 5, 19), (ACTIVE, True)),
        (D(2026, 5, 20), (REVOKED, False)),
    ],
)
def test_days_known_to_the_day(day, expected):
    designation = designate(OrganizationFactory(), on=D(2025, 11, 24), revoked=D(2026, 5, 20))
    assert answer(designation, day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2020, 12, 31), (PENDING, False)),  # before the month
        (D(2021, 1, 1), (UNKNOWN, None)),  # inside "2021-01": no day is invented
        (D(2021, 1, 30), (UNKNOWN, None)),
        (D(2021, 1, 31), (ACTIVE, True)),  # the whole month has passed
        (D(2021, 2, 1), (UNKNOWN, None)),  # inside "2021-02", the revocation's month
        (D(2021, 2, 28), (REVOKED, False)),
    ],
)
def test_days_known_to_the_month_on_both_ends(day, expected):
    designation = designate(
        OrganizationFactory(),
        on=D(2021, 1, 1),
        effective_precision=Precision.MONTH,
        revoked=D(2021, 2, 1),
        revoked_precision=Precision.MONTH,
    )
    assert answer(designation, day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2018, 12, 31), (PENDING, False)),
        (D(2019, 7, 2), (UNKNOWN, None)),
        (D(2019, 12, 31), (ACTIVE, True)),
        (D(2022, 6, 1), (UNKNOWN, None)),
        (D(2022, 12, 31), (REVOKED, False)),
    ],
)
def test_days_known_to_the_year_on_both_ends(day, expected):
    designation = designate(
        OrganizationFactory(),
        on=D(2019, 1, 1),
        effective_precision=Precision.YEAR,
        revoked=D(2022, 1, 1),
        revoked_precision=Precision.YEAR,
    )
    assert answer(designation, day) == expected


def test_a_month_ends_on_its_own_last_day():
    """February 2024 has 29 days: the 28th is still inside the window."""
    designation = designate(
        OrganizationFactory(), on=D(2024, 2, 1), effective_precision=Precision.MONTH
    )
    assert answer(designation, D(2024, 2, 28)) == (UNKNOWN, None)
    assert answer(designation, D(2024, 2, 29)) == (ACTIVE, True)


def test_the_window_follows_every_write_of_its_date():
    """The window's last day is the database's own (a generated column), so a write that goes
    round the services (a bulk update, a restore) moves it too."""
    designation = designate(
        OrganizationFactory(), on=D(2021, 1, 1), effective_precision=Precision.YEAR
    )
    assert answer(designation, D(2021, 6, 1)) == (UNKNOWN, None)
    Designation.objects.filter(pk=designation.pk).update(designated_precision=Precision.MONTH)
    assert answer(designation, D(2021, 6, 1)) == (ACTIVE, True)
    assert answer(designation, D(2021, 1, 30)) == (UNKNOWN, None)


def test_unknown_says_why():
    month = designate(OrganizationFactory(), on=D(2021, 1, 1), effective_precision=Precision.MONTH)
    undated = designate(OrganizationFactory(), on=None)
    assert state(month, D(2021, 1, 10))["unknown_because"] == (
        "designated in 2021-01: the day is not known"
    )
    assert state(month, D(2021, 2, 10))["unknown_because"] is None
    assert state(undated, D(2030, 1, 1)) == {
        "status": UNKNOWN,
        "in_force": None,
        "unknown_because": "its designation date is not known",
    }


def clocks(designation, day=None, as_stood=False) -> dict:
    reference = ReferenceDay(day or D(2026, 12, 5), as_stood)
    keys = ["last_reviewed", "next_review_due", "petition_opens_on"]
    return designations_on(Designation.objects.filter(pk=designation.pk), reference, keys).get()


def test_review_and_petition_clocks_follow_the_last_review():
    designation = designate(OrganizationFactory(), on=D(2020, 2, 29))
    assert clocks(designation) == {
        "last_reviewed": None,
        "next_review_due": "2025-02-28",  # 29 February falls back to 28 February
        "petition_opens_on": "2022-02-28",
    }
    designation_add_event(
        designation=designation, kind="reviewed", effective_on=D(2024, 6, 1), reason="test"
    )
    assert clocks(designation)["next_review_due"] == "2029-06-01"
    # as it stood before the review, the clock ran from the designation
    assert clocks(designation, D(2024, 5, 1), as_stood=True) == {
        "last_reviewed": None,
        "next_review_due": "2025-02-28",
        "petition_opens_on": "2022-02-28",
    }


def test_a_review_known_to_the_month_and_its_clocks_invent_no_day(client):
    """al-Qa'ida's 2022 review is known to the month: its last review is "2022-05", not
    2022-05-01, and the clocks that run from it are months too; a designation known to the year
    runs a clock of years."""
    designation = designate(OrganizationFactory(), on=D(1999, 10, 8))
    designation_add_event(
        designation=designation,
        kind="reviewed",
        effective_on=D(2022, 5, 1),
        effective_precision=Precision.MONTH,
        reason="test",
    )
    shown = {
        "last_reviewed": "2022-05",
        "next_review_due": "2027-05",
        "petition_opens_on": "2024-05",
    }
    assert clocks(designation) == shown
    assert clocks(designation, D(2024, 1, 1), as_stood=True) == shown
    # the same in the API and its CSV
    row = client.get(f"/api/v1/designations/{designation.pk}/").json()
    assert (row["last_reviewed_on"], row["next_review_due"]) == ("2022-05", "2027-05")
    csv = client.get(
        "/api/v1/designations/", {"format": "csv", "organization": row["organization"]["id"]}
    )
    assert ",2022-05,2027-05,2024-05," in b"".join(csv.streaming_content).decode()
    # a later review known to the day runs the clock from its day
    designation_add_event(
        designation=designation, kind="reviewed", effective_on=D(2025, 7, 18), reason="test"
    )
    assert clocks(designation)["next_review_due"] == "2030-07-18"
    by_year = designate(OrganizationFactory(), on=D(2008, 1, 1), effective_precision=Precision.YEAR)
    assert clocks(by_year)["next_review_due"] == "2013"


def test_a_revoked_designation_has_no_clock():
    designation = designate(OrganizationFactory(), on=D(2020, 1, 1), revoked=D(2022, 5, 20))
    assert clocks(designation)["next_review_due"] is None
    # as it stood before the revocation, it had one
    assert clocks(designation, D(2022, 1, 1), as_stood=True)["next_review_due"] == "2025-01-01"
