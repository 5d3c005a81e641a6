"""Related rows read with their parent, as JSON, in the parent's own query.

An organization's names, countries and identifiers, and a designation's timeline (its events,
each with its sources), come from correlated subqueries that gather them into one JSON array per
parent (the SQL in registry/dialect.py): no prefetch query and no model instance per row, which
was most of what a full page cost (docs/benchmarks.md). Rows keep the order the models give them;
values come in the order of the serializer fields that show them. A designation's organization,
in brief, comes the same way, as plain columns.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, JSONField, QuerySet
from django.db.models.expressions import RawSQL

from ..dialect import SEPARATOR, Dialect
from ..exports.designations import countries_cell
from ..models import Designation

ORGANIZATION = '"registry_organization"."id"'
DESIGNATION_TABLE = '"registry_designation"'
DESIGNATION = f"{DESIGNATION_TABLE}.id"

# Each row's fields (the serializer's, in order) with the SQL that reads them.
ALIAS_ROW = {"name": "a.name", "kind": "a.kind", "script": "a.script", "language": "a.language"}
COUNTRY_ROW = {
    "code": "oc.country_id",
    "name": "c.name",
    "role": "oc.role",
    "confidence": "oc.confidence",
}
IDENTIFIER_ROW = {"scheme": "i.scheme", "value": "i.value"}
ORGANIZATION_ROWS = {
    "alias_rows": (
        ALIAS_ROW,
        ["a.name", "a.id"],  # Alias.Meta.ordering within an organization
        f"FROM registry_alias a WHERE a.organization_id = {ORGANIZATION}",
    ),
    "country_rows": (
        COUNTRY_ROW,
        ["oc.role", "oc.country_id"],  # as everywhere (OrganizationCountry.Meta.ordering)
        "FROM registry_organizationcountry oc JOIN registry_country c ON c.code = oc.country_id"
        f" WHERE oc.organization_id = {ORGANIZATION}",
    ),
    "identifier_rows": (
        IDENTIFIER_ROW,
        ["i.scheme", "i.value"],  # Identifier.Meta.ordering
        f"FROM registry_identifier i WHERE i.organization_id = {ORGANIZATION}",
    ),
}


def with_organization_rows(organizations: QuerySet) -> QuerySet:
    sql = Dialect(connections[organizations.db].vendor)
    return organizations.annotate(
        **{
            name: RawSQL(
                sql.json_rows(list(row.values()), keys, source), [], output_field=JSONField()
            )
            for name, (row, keys, source) in ORGANIZATION_ROWS.items()
        }
    )


def with_organization_brief(designations: QuerySet) -> QuerySet:
    """Each designation's organization in brief, in the designation's own query: its slug, name
    and country codes (`organization_countries`, joined as in the CSV: read them with
    `code_list`). A prefetch cost one more query and an Organization instance per row.
    The slug and name come from a join: the plan reads a page by id (or one designation), so no
    count carries the join (a list's COUNT(*) leaves out an annotation it does not need, but not
    a join: 34 ms instead of 1 on SQLite)."""
    sql = Dialect(connections[designations.db].vendor)
    return designations.annotate(
        organization_slug=F("organization__slug"),
        organization_current_name=F("organization__name"),
        organization_countries=countries_cell(sql, f"{DESIGNATION_TABLE}.organization_id"),
    )


def code_list(cell: str | None) -> list[str]:
    """The codes of a joined cell ("MX; US", or null for none): registry codes never hold the
    separator."""
    return cell.split(SEPARATOR) if cell else []


@dataclass(frozen=True, slots=True)
class SourceRow:
    key: str
    title: str
    publisher: str
    url: str
    kind: str
    reliability: str
    published_on: dt.date | None


@dataclass(frozen=True, slots=True)
class EventRow:
    """A DesignationEvent as its representation reads it."""

    kind: str
    signed_on: dt.date | None
    signed_precision: str
    announced_on: dt.date | None
    announced_precision: str
    effective_on: dt.date | None
    effective_precision: str
    citation: str
    document_number: str
    confidence: str
    sources: tuple[SourceRow, ...]


SOURCE_COLUMNS = ["key", "title", "publisher", "url", "kind", "reliability", "published_on"]
EVENT_COLUMNS = [
    "kind",
    "signed_on",
    "signed_precision",
    "announced_on",
    "announced_precision",
    "effective_on",
    "effective_precision",
    "citation",
    "document_number",
    "confidence",
]


def with_timeline(designations: QuerySet, day: dt.date, as_of: bool) -> QuerySet:
    """Each designation's events, oldest first (an undated event leads), each with its sources
    (Source.Meta.ordering); with `as_of`, only the events that had taken effect by `day`."""
    sql = Dialect(connections[designations.db].vendor)
    sources = sql.json_rows(
        [f"s.{column}" for column in SOURCE_COLUMNS],
        ["s.key"],
        "FROM registry_designationevent_sources es JOIN registry_source s ON s.id = es.source_id"
        " WHERE es.designationevent_id = e.id",
        nested=True,
    )
    where, params = f"e.designation_id = {DESIGNATION}", []
    if as_of:
        where, params = f"{where} AND e.effective_on <= %s", [day]
    events = sql.json_rows(
        [*(f"e.{column}" for column in EVENT_COLUMNS), sources],
        ["e.effective_on IS NOT NULL", "e.effective_on", "e.id"],
        f"FROM registry_designationevent e WHERE {where}",
    )
    return designations.annotate(event_rows=RawSQL(events, params, output_field=JSONField()))


def date_or_none(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


DATES = {"signed_on", "announced_on", "effective_on", "published_on"}


def values(columns: list[str], row: list) -> dict:
    """A JSON row as keyword arguments: its dates (ISO text in JSON) back to dates."""
    return {c: date_or_none(v) if c in DATES else v for c, v in zip(columns, row, strict=True)}


def event_row(row: list) -> EventRow:
    *fields, sources = row
    return EventRow(
        **values(EVENT_COLUMNS, fields),
        sources=tuple(SourceRow(**values(SOURCE_COLUMNS, source)) for source in sources),
    )


def timeline(designation: Designation) -> list[EventRow]:
    """The designation's events as `with_timeline` read them (made once per designation)."""
    events = designation.__dict__.get("_timeline")
    if events is None:
        events = designation._timeline = [event_row(row) for row in designation.event_rows]
    return events
