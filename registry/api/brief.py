"""Lists in brief (`?brief=true`): names, programs and dates, not the whole record.

A full designation carries its timeline, sources, legal consequences and clocks; a full
organization everything known about it. A lookup that needs only names ("which organizations
match 'cartel'?", "which US-FTO designations were in force on D, of whom, where?") reads a few
columns instead. The list's own queryset (its filters and ordering) gives the page's ids, so its
count and sort read no more than the full list's; then one query reads the page's rows by id with
their organizations' countries (the designations CSV's countries cell) and, for organizations, the
programs in force (a correlated subquery): a fixed number of queries whatever the page size.

The values are those of the full representation: a designation's status, in-force flag and dates
(as it stood on `as_of`) are the designations CSV's cells (registry/exports/designations.py), held
to the JSON by tests; an organization's programs in force follow `in_force_q`, the one rule.
"""

from operator import itemgetter

from django.db import connections
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from rest_framework.exceptions import ValidationError

from ..dialect import Dialect
from ..exports.designations import countries_cell, designation_cells
from ..exports.streaming import MULTI_VALUE_SEPARATOR as SEPARATOR
from ..models import Designation, Organization
from ..querysets import in_force_q
from .pagination import in_order
from .rows import code_list
from .serializers import DESIGNATION_URL, ORGANIZATION_URL, detail_url

PARAMETER = "brief"
ANSWERS = {"true": True, "1": True, "false": False, "0": False}


def asked(request) -> bool:
    """Whether the client asked for the brief representation; 400 for anything but a boolean."""
    raw = request.query_params.get(PARAMETER)
    if raw is None:
        return False
    if raw.strip().lower() not in ANSWERS:
        raise ValidationError({PARAMETER: ["Enter true or false."]})
    return ANSWERS[raw.strip().lower()]


# --- designations ------------------------------------------------------------------------------

PREFIX = "brief_"
DESIGNATION_COLUMNS = (
    "id",
    "organization_id",
    "organization_slug",
    "organization",
    "countries",
    "program",
    "authority",
    "status",
    "in_force",
    "designated_on",
    "revoked_on",
)


def designations(ids: list[int], context: dict) -> list[dict]:
    """The designations `ids` (a page of the list's ids, in order), as the API shows them."""
    page = Designation.objects.filter(pk__in=ids)
    cells = designation_cells(connections[page.db].vendor, context["day"], context["as_of"])
    # Aliased: values() refuses an expression named like a field (`program`, `organization`).
    rows = page.values(**{PREFIX + name: cells[name] for name in DESIGNATION_COLUMNS})
    rows = [{k.removeprefix(PREFIX): v for k, v in row.items()} for row in rows]
    rows = in_order(ids, rows, key=itemgetter("id"))
    return [
        {
            "id": row["id"],
            "url": detail_url(context, DESIGNATION_URL, row["id"]),
            "organization": {
                "id": row["organization_id"],
                "slug": row["organization_slug"],
                "name": row["organization"],
                "countries": code_list(row["countries"]),
            },
            "program": row["program"],
            "authority": row["authority"],
            "status": row["status"],
            "in_force": row["in_force"] == "true",
            "designated_on": row["designated_on"],
            "revoked_on": row["revoked_on"],
        }
        for row in rows
    ]


# --- organizations -----------------------------------------------------------------------------


class Joined(Aggregate):
    """The values "; "-joined, in no set order: string_agg on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    template = f"%(function)s(%(expressions)s, '{SEPARATOR}')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def programs_in_force(day) -> Subquery:
    """The codes of the programs under which the outer organization has a designation in force
    on `day` (`in_force_q`, the one rule), "; "-joined, in no set order (or null for none)."""
    designations = Designation.objects.filter(in_force_q(day), organization=OuterRef("pk"))
    grouped = designations.order_by().values("organization")
    return Subquery(grouped.annotate(codes=Joined("program__code")).values("codes"))


def organizations(ids: list[int], context: dict) -> list[dict]:
    """The organizations `ids` (a page of the list's ids, in order), as the API shows them."""
    page = Organization.objects.filter(pk__in=ids)
    countries = countries_cell(Dialect(connections[page.db].vendor), '"registry_organization".id')
    programs = programs_in_force(context["day"])
    cells = page.values("id", "slug", "name", country_cell=countries, program_cell=programs)
    rows = in_order(ids, cells, key=itemgetter("id"))
    return [
        {
            "id": row["id"],
            "url": detail_url(context, ORGANIZATION_URL, row["id"]),
            "slug": row["slug"],
            "name": row["name"],
            "countries": code_list(row["country_cell"]),
            "programs_in_force": sorted(set(code_list(row["program_cell"]))),
        }
        for row in rows
    ]
