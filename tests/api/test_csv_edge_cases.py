"""The designations CSV (computed by the database) equals the JSON (computed in Python) on the
cases where the two could part: leap days, partial dates, reviews and revocations after the
reference day, undated and pending designations, a country under two roles, several sources."""

import datetime as dt

import pytest

from registry.dates import Precision
from registry.exports.cells import restore_cell
from registry.models import DesignationEvent, OrganizationCountry
from registry.services.designations import designation_add_event, designation_create
from tests.api.conftest import get_csv, results
from tests.api.test_csv_matches_json import FLATTEN, text
from tests.factories import (
    CountryFactory,
    OrganizationFactory,
    ProgramFactory,
    SourceFactory,
    designate,
    sdgt_program,
)

pytestmark = pytest.mark.django_db

Kind = DesignationEvent.Kind


@pytest.fixture
def edge_cases():
    fto = ProgramFactory()  # 5-year reviews, petitions after 2 years
    sdgt = sdgt_program()

    leap = OrganizationFactory(name="Leap Day Front")
    designation = designate(leap, fto, on=dt.date(2016, 2, 29), citation="80 FR 1")
    # A review on another leap day, after which the clocks run from the review.
    designation_add_event(
        designation=designation, kind=Kind.REVIEWED, effective_on=dt.date(2020, 2, 29), reason="t"
    )
    designate(leap, sdgt, on=dt.date(2001, 10, 8))

    partial = OrganizationFactory(name="Partial Dates Army")
    designate(
        partial,
        fto,
        on=dt.date(2021, 1, 1),
        revoked=dt.date(2021, 2, 1),
        effective_precision=Precision.MONTH,
    )
    designate(partial, sdgt, on=dt.date(1999, 1, 1), effective_precision=Precision.YEAR)

    later = OrganizationFactory(name="Revoked Later Movement")
    for code, role in [("MX", "operations"), ("VE", "base"), ("MX", "base"), ("CO", "operations")]:
        OrganizationCountry.objects.create(
            organization=later, country=CountryFactory(code=code), role=role
        )
    sources = [
        SourceFactory(key="z-source", url="https://example.org/z"),
        SourceFactory(key="a-source", url="https://example.org/a"),
        SourceFactory(key="m-source", url=""),
    ]
    designate(
        later,
        fto,
        on=dt.date(2017, 6, 1),
        revoked=dt.date(2023, 6, 1),
        sources=sources,
        document_number="2017-12345",
    )

    undated = OrganizationFactory(name="=Undated Cell")  # also a formula-like name
    undated_designation = designation_create(
        organization=undated, program=sdgt, effective_on=None, reason="t"
    )
    # A dated event after an undated one: the undated event still leads the timeline.
    designation_add_event(
        designation=undated_designation,
        kind=Kind.AMENDED,
        effective_on=dt.date(2010, 1, 1),
        reason="t",
    )
    pending = OrganizationFactory(name="Pending Brigade")
    designate(pending, fto, on=dt.date(2099, 3, 1))


DAYS = ["2016-02-29", "2018-01-01", "2020-02-28", "2021-01-15", "2022-12-31"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "-designated_on"},
        {"status": "pending"},
        {"program": "US-SDGT"},
        *({"as_of": day} for day in DAYS),
        *({"as_of": day, "status": "revoked"} for day in DAYS),
        *({"as_of": day, "status": "active"} for day in DAYS),
    ],
)
def test_designation_csv_equals_json(api, edge_cases, params):
    url = "/api/v1/designations/"
    expected = [[text(v) for v in FLATTEN["designations"](d)] for d in results(api, url, params)]
    _, rows = get_csv(api, url, params)
    assert [[restore_cell(cell) for cell in row] for row in rows[1:]] == expected


def test_edge_cases_reach_the_csv(api, edge_cases):
    """The cells the cases exist for, as a reader of the CSV sees them."""
    _, rows = get_csv(api, "/api/v1/designations/", {"as_of": "2020-02-28"})
    header, body = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert header[0] == "id"
    leap = next(
        r for r in body if r["organization"] == "Leap Day Front" and r["program"] == "US-FTO"
    )
    # The review of 2020-02-29 had not happened on 2020-02-28: the clocks run from 2016-02-29.
    assert (leap["last_reviewed_on"], leap["next_review_due"]) == ("", "2021-02-28")
    assert leap["petition_opens_on"] == "2018-02-28"
    later = next(r for r in body if r["organization"] == "Revoked Later Movement")
    assert later["countries"] == "MX; VE; CO"
    assert later["source_urls"] == "https://example.org/a; https://example.org/z"
    assert (later["status"], later["revoked_on"], later["events"]) == (
        "active",
        "",
        "designated 2017-06-01",
    )


def test_an_undated_event_leads_the_timeline(api, edge_cases):
    body = results(api, "/api/v1/designations/", {"program": "US-SDGT"})
    undated = next(d for d in body if d["organization"]["name"] == "=Undated Cell")
    assert [(e["kind"], e["effective_on"]) for e in undated["events"]] == [
        ("designated", None),
        ("amended", "2010-01-01"),
    ]
