"""The designations CSV, computed by the database: one query, its cells ready to write.

A designation's CSV row holds what its JSON holds, flattened (docs/api.md): the organization and
its countries, the program, the status and in-force flag on the reference day, the dates shown
with their precision, the review and petition clocks, the designating event's citation and
sources, and the timeline. Building that from model instances costs about 0.3 ms a row in Python
(prefetches per chunk, one object per related row); the database computes the same cells in a
fraction of that (docs/benchmarks.md, scenario 4). The rows come from the very queryset the JSON
list uses, so the client's filters and ordering hold as they are.

The rules the cells follow live in Python too: the in-force rule is `querysets.in_force_q` itself;
status (`querysets.status_case`), partial dates and clocks are the SQL twins of
`Designation.status_on`,
`dates.format_partial_date` and `Designation._clock`, and `as_of` shows each designation as
`pointintime.as_it_stood` does. tests/api/test_csv_matches_json.py and test_csv_edge_cases.py
hold the two to the same answers, row by row, on both databases.
"""

import datetime as dt
from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import Case, CharField, F, FilteredRelation, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from ..dates import Precision
from ..dialect import Dialect
from ..models import DesignationEvent
from ..querysets import in_force_q, status_case

HEADERS = [
    "id",
    "organization_id",
    "organization_slug",
    "organization",
    "countries",
    "program",
    "authority",
    "legal_basis",
    "status",
    "in_force",
    "designated_on",
    "designated_precision",
    "revoked_on",
    "revoked_precision",
    "last_reviewed_on",
    "next_review_due",
    "petition_opens_on",
    "citation",
    "document_number",
    "source_urls",
    "events",
    "updated_at",
]
ROWS_PER_FETCH = 2000

# Tables of the outer query as Django names them: the base table is never aliased, the first
# join to a table takes the table's name, and a FilteredRelation takes its own name.
D = '"registry_designation"'
P = '"registry_program"'
E = '"designating"'  # the designation event, joined once


def countries_cell(sql: Dialect, organization_id: str) -> RawSQL:
    """The organization's country codes, "; "-joined, each once under its first role, ordered by
    role then code (the order of the JSON's `countries`). `organization_id`: the outer query's
    column holding the organization's id."""
    return RawSQL(
        sql.joined(
            "oc.country_id",
            ["oc.role", "oc.country_id"],
            "FROM registry_organizationcountry oc"
            f" WHERE oc.organization_id = {organization_id} AND NOT EXISTS (SELECT 1"
            " FROM registry_organizationcountry twin WHERE twin.organization_id ="
            " oc.organization_id AND twin.country_id = oc.country_id AND twin.role < oc.role)",
        ),
        [],
    )


def literal(day: dt.date) -> str:
    """A date as a SQL literal (a date object's isoformat cannot carry anything else)."""
    if not isinstance(day, dt.date):
        raise TypeError(f"not a date: {day!r}")
    return f"'{day.isoformat()}'"


def designation_rows(queryset: QuerySet, day: dt.date, as_of: bool) -> Iterator[tuple]:
    """The CSV row (HEADERS) of each designation in `queryset`, in its order, as it stood on
    `day` when the client asked for a past day (`as_of`)."""
    cells = designation_cells(connections[queryset.db].vendor, day, as_of)
    designating = Q(events__kind=DesignationEvent.Kind.DESIGNATED)
    if as_of:
        designating &= Q(events__effective_on__lte=day)
    rows = queryset.prefetch_related(None).annotate(
        designating=FilteredRelation("events", condition=designating)
    )
    return streamed(rows.values_list(*(cells[header] for header in HEADERS)))


def designation_cells(vendor: str, day: dt.date, as_of: bool) -> dict[str, object]:
    """The expression of each CSV column (HEADERS), by name. `citation`, `document_number` and
    `source_urls` read the designating event, which `designation_rows` joins as "designating"."""
    sql = Dialect(vendor)
    on = literal(day)
    # As `as_it_stood` shows a designation: only events, a revocation and reviews up to the day.
    until = f" AND e.effective_on <= {on}" if as_of else ""
    if as_of:
        revoked_shown = f"({D}.revoked_on IS NOT NULL AND {D}.revoked_on <= {on})"  # never null
        last_reviewed = (
            "(SELECT max(e.effective_on) FROM registry_designationevent e"
            f" WHERE e.designation_id = {D}.id AND e.kind = '{DesignationEvent.Kind.REVIEWED}'"
            f"{until})"
        )
        revoked_precision = RawSQL(
            f"CASE WHEN {revoked_shown} THEN {D}.revoked_precision ELSE '{Precision.DAY}' END", []
        )
    else:
        revoked_shown = f"{D}.revoked_on IS NOT NULL"
        last_reviewed = f"{D}.last_reviewed_on"
        revoked_precision = F("revoked_precision")

    def clock(period: str) -> RawSQL:
        """Designation._clock: `period` years after the designation or the last review."""
        years = f"{P}.{period}"
        base = sql.later(f"{D}.designated_on", last_reviewed)
        return RawSQL(
            f"CASE WHEN {years} > 0 AND {D}.designated_on IS NOT NULL AND NOT ({revoked_shown})"
            f" THEN {sql.plus_years(base, years)} END",
            [],
        )

    event_date = sql.partial("e.effective_on", "e.effective_precision")
    text = CharField()
    cells = [
        F("id"),
        F("organization_id"),
        F("organization__slug"),
        F("organization__name"),
        countries_cell(sql, f"{D}.organization_id"),
        F("program__code"),  # joins the program as P, which the clocks read
        F("program__authority__code"),
        F("program__legal_basis"),
        status_case(day),
        Case(When(in_force_q(day), then=Value("true")), default=Value("false"), output_field=text),
        RawSQL(sql.partial(f"{D}.designated_on", f"{D}.designated_precision"), []),
        F("designated_precision"),
        RawSQL(
            f"CASE WHEN {revoked_shown}"
            f" THEN {sql.partial(f'{D}.revoked_on', f'{D}.revoked_precision')} END",
            [],
        ),
        revoked_precision,
        RawSQL(sql.date_text(last_reviewed), [], output_field=text),
        clock("review_period_years"),
        clock("petition_period_years"),
        Coalesce(F("designating__citation"), Value(""), output_field=text),
        Coalesce(F("designating__document_number"), Value(""), output_field=text),
        RawSQL(
            sql.joined(
                "s.url",
                ["s.key"],
                "FROM registry_source s JOIN registry_designationevent_sources es"
                f" ON es.source_id = s.id WHERE es.designationevent_id = {E}.id AND s.url <> ''",
            ),
            [],
        ),
        RawSQL(
            sql.joined(  # the timeline, oldest first, an undated event leading
                f"trim(e.kind || ' ' || coalesce({event_date}, ''))",
                ["e.effective_on IS NOT NULL", "e.effective_on", "e.id"],
                f"FROM registry_designationevent e WHERE e.designation_id = {D}.id{until}",
            ),
            [],
        ),
        RawSQL(sql.timestamp(f"{D}.updated_at"), []),
    ]
    return dict(zip(HEADERS, cells, strict=True))


def streamed(rows: QuerySet) -> Iterator[tuple]:
    """`rows` in chunks, read in one transaction.

    On PostgreSQL, Django reads a queryset's chunks through a server-side cursor; outside a
    transaction it is declared WITH HOLD, and PostgreSQL then computes and stores every row before
    sending the first. Inside one, the rows stream, and the cursor is planned for all of them
    (`cursor_tuple_fraction`: the default plans for a fast first tenth, 40% slower in full).
    """
    connection = connections[rows.db]
    with transaction.atomic(using=rows.db):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from rows.iterator(chunk_size=ROWS_PER_FETCH)
