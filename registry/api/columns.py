"""The CSV columns of each list endpoint: stable, documented in docs/api.md, one row per object.

The designations' columns are computed by the database instead (registry/exports/designations.py).

Each cell reads the same attributes and helpers as the JSON representation (serializers.py), so
the CSV of a query is the JSON of the same query, flattened: lists become "; "-joined cells.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..dates import format_partial_date
from ..exports.streaming import Column
from ..models import Designation, Organization
from .pointintime import as_it_stood, prefetched
from .serializers import consequences_in_force, timestamp


def partial(name: str) -> Callable[[Any], str]:
    def read(obj: Any) -> str:
        return format_partial_date(getattr(obj, f"{name}_on"), getattr(obj, f"{name}_precision"))

    return read


def designation_summary(designation: Designation, day: dt.date) -> str:
    """ "US-FTO active 2025-03-05", "US-FTO revoked 2021-01/2021-02", "US-SDGT active"."""
    text = f"{designation.program.code} {designation.status_on(day)}"
    if designation.designated_on:
        text += f" {designation.designated_display}"
        if designation.revoked_on:
            text += f"/{designation.revoked_display}"
    return text


def organization_columns(day: dt.date, as_of: bool) -> list[Column]:
    def stood(organization: Organization) -> list[Designation]:
        designations = prefetched(organization, "designations")
        return [as_it_stood(d, day) for d in designations] if as_of else list(designations)

    return [
        Column("id", lambda o: o.pk),
        Column("slug", lambda o: o.slug),
        Column("name", lambda o: o.name),
        Column("kind", lambda o: o.kind),
        # The plan's JSON rows (rows.ORGANIZATION_ROWS), values in the serializers' order.
        Column("aliases", lambda o: [name for name, *_ in o.alias_rows]),
        Column("countries", lambda o: list(dict.fromkeys(code for code, *_ in o.country_rows))),
        Column(
            "identifiers", lambda o: [f"{scheme}:{value}" for scheme, value in o.identifier_rows]
        ),
        Column(
            "programs_in_force",
            lambda o: sorted({d.program.code for d in prefetched(o, "designations") if d.in_force}),
        ),
        Column("designations", lambda o: [designation_summary(d, day) for d in stood(o)]),
        Column("legal_consequences", lambda o: [c.title for c in consequences_in_force(o)]),
        Column("updated_at", lambda o: timestamp(o.updated_at) or ""),
    ]


PROGRAM_COLUMNS = [
    Column("code", lambda p: p.code),
    Column("name", lambda p: p.name),
    Column("authority", lambda p: p.authority.code),
    Column("authority_name", lambda p: p.authority.name),
    Column("legal_basis", lambda p: p.legal_basis),
    Column("url", lambda p: p.url),
    Column("review_period_years", lambda p: p.review_period_years),
    Column("petition_period_years", lambda p: p.petition_period_years),
    Column("consequences", lambda p: [c.title for c in p.consequences.all()]),
]

AUTHORITY_COLUMNS = [
    Column("code", lambda a: a.code),
    Column("name", lambda a: a.name),
    Column("country", lambda a: a.country_id),
    Column("url", lambda a: a.url),
    Column("programs", lambda a: [p.code for p in a.programs.all()]),
]

COUNTRY_COLUMNS = [
    Column("code", lambda c: c.code),
    Column("name", lambda c: c.name),
    Column("organizations_in_force", lambda c: c.organizations_in_force),
]

LEGAL_CONSEQUENCE_COLUMNS = [
    Column("id", lambda c: c.pk),
    Column("program", lambda c: c.program.code),
    Column("authority", lambda c: c.program.authority.code),
    Column("kind", lambda c: c.kind),
    Column("title", lambda c: c.title),
    Column("citation", lambda c: c.citation),
    Column("summary", lambda c: c.summary),
    Column("source_url", lambda c: c.source_url),
]
