"""Reads of the reference tables: legal consequences, programs, authorities, and how many
designated organizations each country has on a reference day. Each table's derived values are a
`Selector`; the resources (registry/resources/) read them with `.rows(queryset, reference, names)`.
"""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Designation, OrganizationCountry, Program
from ..sql import JSONList, TextList
from .rows import Selector


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


def programs_of_authority() -> QuerySet:
    return Program.objects.filter(authority=OuterRef("pk"))


LEGAL_CONSEQUENCES = Selector(
    {
        "program_code": lambda r: F("program__code"),
        "authority_code": lambda r: F("program__authority__code"),
    }
)
PROGRAMS = Selector(
    {
        "authority_code": lambda r: F("authority__code"),
        "authority_name": lambda r: F("authority__name"),
    }
)
AUTHORITIES = Selector(
    {
        "program_codes": lambda r: JSONList(programs_of_authority(), F("code"), ["code"]),
        "program_codes_text": lambda r: TextList(programs_of_authority(), F("code"), ["code"]),
    }
)
COUNTRIES = Selector({"organizations_in_force": lambda r: organizations_in_force(r.day)})
