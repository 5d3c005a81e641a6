"""Fixtures for the resources' tests: the cases where the JSON, brief and CSV of a resource
could part (leap days, partial dates, reviews and revocations after the reference day, undated
and pending designations, a country under two roles, several sources, a formula-like name)."""

import datetime as dt

import pytest

from registry.dates import Precision
from registry.models import DesignationEvent, OrganizationCountry
from registry.services.designations import designation_add_event, designation_create
from tests.factories import (
    CountryFactory,
    OrganizationFactory,
    ProgramFactory,
    SourceFactory,
    designate,
    sdgt_program,
)

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
