"""Organizations as they stand on a reference day: their names, countries, list keys, and the
programs under which they are in force.

`organizations_on(organizations, reference, names)` reads the organizations as dicts of `names`:
model columns, or the derived values of `SOURCES`, each in the same query (the rows under an
organization come as one JSON array, or a "; "-joined text for a CSV cell). Their designations are
read by `designations_of`, through the designation selector, in one more query for a whole page.
registry/resources/organizations.py declares which value each field shows.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Value
from django.db.models.functions import Concat

from ..dates import ReferenceDay
from ..models import Alias, Designation, Identifier, OrganizationCountry
from ..querysets import carried_q, in_force_q
from ..sql import JSONList, JSONObject, TextList, Timestamp, by_name
from .designations import COUNTRY_ORDER, DESIGNATIONS, country_codes
from .rows import Derived, Selector

ORGANIZATION = OuterRef("pk")


def aliases(reference: ReferenceDay) -> QuerySet:
    """The names the organization had on the reference day (`carried_q`): one a list gave it
    later, or no longer gives it, shows only for the days between."""
    return Alias.objects.filter(carried_q(reference.day), organization=ORGANIZATION)


def country_links() -> QuerySet:
    return OrganizationCountry.objects.filter(organization=ORGANIZATION)


def identifiers() -> QuerySet:
    return Identifier.objects.filter(organization=ORGANIZATION)


def designations_in_force(reference: ReferenceDay) -> QuerySet:
    return Designation.objects.filter(in_force_q(reference.day), organization=ORGANIZATION)


ALIAS_ORDER = [by_name(), "id"]
IDENTIFIER_ORDER = ["scheme", "value"]
PROGRAM_ORDER = ["program__code"]

SOURCES: dict[str, Derived] = {
    "alias_rows": lambda r: JSONList(
        aliases(r),
        JSONObject(
            name=F("name"),
            kind=F("kind"),
            script=F("script"),
            language=F("language"),
            listed_on=F("listed_on"),
        ),
        ALIAS_ORDER,
        objects=True,
    ),
    "aliases_text": lambda r: TextList(aliases(r), F("name"), ALIAS_ORDER),
    "country_rows": lambda r: JSONList(
        country_links(),
        JSONObject(
            code=F("country_id"),
            name=F("country__name"),
            role=F("role"),
            confidence=F("confidence"),
        ),
        COUNTRY_ORDER,
        objects=True,
    ),
    "country_codes": lambda r: JSONList(
        country_codes(ORGANIZATION), F("country_id"), COUNTRY_ORDER
    ),
    "country_codes_text": lambda r: TextList(
        country_codes(ORGANIZATION), F("country_id"), COUNTRY_ORDER
    ),
    "identifier_rows": lambda r: JSONList(
        identifiers(),
        JSONObject(scheme=F("scheme"), value=F("value")),
        IDENTIFIER_ORDER,
        objects=True,
    ),
    "identifiers_text": lambda r: TextList(
        identifiers(), Concat(F("scheme"), Value(":"), F("value")), IDENTIFIER_ORDER
    ),
    "programs_in_force": lambda r: JSONList(
        designations_in_force(r), F("program__code"), PROGRAM_ORDER, distinct=True
    ),
    "programs_in_force_text": lambda r: TextList(
        designations_in_force(r), F("program__code"), PROGRAM_ORDER, distinct=True
    ),
    "created": lambda r: Timestamp("created_at"),
    "updated": lambda r: Timestamp("updated_at"),
}


ORGANIZATIONS = Selector(SOURCES)


def organizations_on(
    organizations: QuerySet, reference: ReferenceDay, names: Iterable[str]
) -> QuerySet:
    """`organizations` (keeping their order) as dicts of `names`: model columns, or `SOURCES`
    as they stood on the reference day."""
    return ORGANIZATIONS.rows(organizations, reference, names)


def with_values(organizations: QuerySet, reference: ReferenceDay, names: Iterable[str]):
    """`organizations` as model instances carrying the `SOURCES` `names` as attributes."""
    return ORGANIZATIONS.annotate(organizations, reference, names)


# The order of an organization's designations: by program, then the oldest first (undated first).
DESIGNATION_ORDER: list[Any] = [
    F("program__code").asc(),
    F("designated_on").asc(nulls_first=True),
    "id",
]


def designations_of(
    organization_ids: Iterable[int], reference: ReferenceDay, names: Iterable[str]
) -> dict[int, list[dict]]:
    """The designations of these organizations as `designations_on` reads them, by organization;
    as it stood on a past day, only those whose designation window had begun by then."""
    keys = ("organization_id", "designated_on", *names)
    found = DESIGNATIONS.by_ids(
        Designation,
        organization_ids,
        reference,
        keys,
        key="organization_id",
        order=tuple(DESIGNATION_ORDER),
    )
    grouped: dict[int, list[dict]] = {}
    for row in found:
        designated_on = row.pop("designated_on")
        if reference.as_stood and (designated_on is None or designated_on > reference.day):
            continue  # not yet designated on that day (or its day unknown)
        grouped.setdefault(row.pop("organization_id"), []).append(row)
    return grouped
