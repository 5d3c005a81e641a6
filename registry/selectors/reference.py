"""Reads of the reference tables: what each program's designation does in law, and how many
designated organizations each country has on a day."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Designation, OrganizationCountry, Program
from ..sql import JSONList, TextList
from . import rows

CONSEQUENCE_SOURCES = {
    "program_code": lambda: F("program__code"),
    "authority_code": lambda: F("program__authority__code"),
}


def legal_consequences(consequences: QuerySet, names: list[str]) -> QuerySet:
    """`consequences` as dicts of `names`: columns, or the program's and authority's codes."""
    return rows.read(consequences, CONSEQUENCE_SOURCES, names)


def links_in_force(day: dt.date) -> QuerySet:
    """The outer country's links (any role) to organizations with a designation in force on
    `day`."""
    in_force = Designation.objects.in_force(day).filter(organization=OuterRef("organization_id"))
    return OrganizationCountry.objects.filter(country=OuterRef("pk")).filter(Exists(in_force))


def organizations_in_force(day: dt.date) -> Coalesce:
    """How many organizations `links_in_force` names, for the outer country."""
    counts = (
        links_in_force(day)
        .order_by()
        .values("country")
        .annotate(n=Count("organization", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


PROGRAM_SOURCES = {
    "authority_code": lambda: F("authority__code"),
    "authority_name": lambda: F("authority__name"),
}

AUTHORITY_SOURCES = {
    "program_codes": lambda: JSONList(
        Program.objects.filter(authority=OuterRef("pk")), F("code"), ["code"]
    ),
    "program_codes_text": lambda: TextList(
        Program.objects.filter(authority=OuterRef("pk")), F("code"), ["code"]
    ),
}


def programs_on(programs: QuerySet, names: list[str]) -> QuerySet:
    return rows.read(programs, PROGRAM_SOURCES, names)


def authorities_on(authorities: QuerySet, names: list[str]) -> QuerySet:
    return rows.read(authorities, AUTHORITY_SOURCES, names)


def countries_on(countries: QuerySet, day: dt.date, names: list[str]) -> QuerySet:
    return rows.read(
        countries, {"organizations_in_force": lambda: organizations_in_force(day)}, names
    )
