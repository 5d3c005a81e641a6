"""Factories for tests. Designations are made through the designation service, as in real use."""

import datetime as dt

import factory
from django.utils import timezone

from registry.dates import ReferenceDay
from registry.models import Authority, Country, Designation, Organization, Program, Source
from registry.selectors.designations import designations_on
from registry.services.designations import designation_create, designation_revoke


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "MX"
    name = factory.LazyAttribute(lambda o: {"MX": "Mexico", "VE": "Venezuela"}.get(o.code, o.code))


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ["code"]

    code = "US-DOS"
    name = "US Department of State"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["code"]

    code = "US-FTO"
    name = "Foreign Terrorist Organizations"
    authority = factory.SubFactory(AuthorityFactory)
    legal_basis = "INA §219, 8 U.S.C. §1189"
    review_period_years = 5
    petition_period_years = 2


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")


def sdgt_program() -> Program:
    """US-SDGT (E.O. 13224, OFAC): a program without review or petition clocks."""
    return ProgramFactory(
        code="US-SDGT",
        name="Specially Designated Global Terrorists",
        authority=AuthorityFactory(code="US-OFAC", name="OFAC"),
        legal_basis="E.O. 13224",
        review_period_years=None,
        petition_period_years=None,
    )


def designate(
    organization: Organization,
    program: Program | None = None,
    on: dt.date | None = dt.date(2025, 2, 20),
    revoked: dt.date | None = None,
    revoked_precision: str = "day",
    **event_fields,
):
    """An organization designated under `program` from `on`, revoked from `revoked` if given
    (at `revoked_precision`)."""
    designation = designation_create(
        organization=organization,
        program=program or ProgramFactory(),
        effective_on=on,
        reason="test",
        **event_fields,
    )
    if revoked:
        designation_revoke(
            designation=designation,
            effective_on=revoked,
            effective_precision=revoked_precision,
            reason="test",
        )
        designation.refresh_from_db()
    return designation


def state(designation, day: dt.date | None = None) -> dict:
    """The designation's status, in-force answer and why, on `day` (today by default), as the
    designation selector reads them."""
    reference = ReferenceDay(day or timezone.localdate())
    rows = designations_on(
        Designation.objects.filter(pk=designation.pk),
        reference,
        ["status", "in_force", "unknown_because"],
    )
    return rows.get()


def status(designation, day: dt.date | None = None) -> str:
    return state(designation, day)["status"]
