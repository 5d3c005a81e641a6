"""Writing a planned import: bulk inserts and updates that keep history.

simple-history's bulk helpers write one history row per row; every row gets the same change reason
("import ofac-sdn-csv sdn.csv 2022-05-20 sha256:..."). The number of queries grows with the number
of batches, not of rows. The caller holds the transaction.
"""

import datetime as dt
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ...importers.countries import country_name
from ...importers.records import ParsedList
from ...models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    Organization,
    OrganizationCountry,
    Program,
    Source,
)
from ..history import save_with_history

BATCH = 500
# Fault tests (tests/importers/test_import_faults.py) stop an import at a known point mid-write:
# with this variable naming a file, the writer writes its process id and database backend id
# there after the first rows and waits while the file exists. Unset in production.
PAUSE_FILE_ENV = "REGISTRY_IMPORT_PAUSE_FILE"


@dataclass
class Plan:
    """Every row an import will write, built before anything is written."""

    countries: set[str] = field(default_factory=set)
    authorities: dict[str, dict] = field(default_factory=dict)
    programs: dict[str, dict] = field(default_factory=dict)
    source: Source | None = None
    source_now_whole: bool = False  # a file read before as partial, now whole
    organizations: list[Organization] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    country_links: list[OrganizationCountry] = field(default_factory=list)
    designations: list[tuple[Designation, str]] = field(default_factory=list)  # with program
    events: list[DesignationEvent] = field(default_factory=list)
    revocations: dict[int, dt.date] = field(default_factory=dict)  # designation id -> date
    descriptions: dict[int, str] = field(default_factory=dict)  # organization id -> text
    delistings: dict[int, dt.date | None] = field(default_factory=dict)  # alias id -> date
    # organization id -> (name, description) as the planner read them, for each organization
    # the import writes from (a description, a designation's copy of its name, a revocation)
    read: dict[int, tuple[str, str]] = field(default_factory=dict)


class ImportConflict(Exception):
    """A row the import planned from changed before it wrote (an analyst's edit, say)."""


def change_reason(parsed: ParsedList, day: dt.date) -> str:
    """The history reason, e.g. "import ofac-sdn-csv sdn.csv 2022-05-20 sha256:<as much as fits>".

    simple-history keeps 100 characters: the file name is cut to 40, the hash to what fits.
    """
    head = f"import {parsed.format} {parsed.file_name[:40]} {day.isoformat()} sha256:"
    return head + parsed.sha256[: max(12, 100 - len(head))]


def create_with_history(model, objects: list, *, reason: str, user) -> list:
    if not objects:
        return []
    return bulk_create_with_history(
        objects, model, batch_size=BATCH, default_user=user, default_change_reason=reason
    )


def create_events_with_sources(
    events: list[DesignationEvent], source_ids: list[int], *, reason: str, user
) -> None:
    """Insert events with their sources, and one history row per event that records them.

    The designation service saves an event and then sets its sources (two history rows); in bulk,
    the events and their source links are written first and each event's history row is made
    after, with its sources, as simple-history's m2m tracking would record them.
    """
    if not events:
        return
    DesignationEvent.objects.bulk_create(events, batch_size=BATCH)  # history: rows below
    through = DesignationEvent.sources.through
    links = through.objects.bulk_create(  # history: m2m history rows below
        [through(designationevent_id=e.pk, source_id=s) for e in events for s in source_ids],
        batch_size=BATCH,
    )
    history = DesignationEvent.history.bulk_history_create(
        events, batch_size=BATCH, default_user=user, default_change_reason=reason
    )
    record_source_links(links, {row.id: row.history_id for row in history})


def record_source_links(links: list, history_id_of: dict[int, int]) -> None:
    """History of event-source links written in bulk: each link is recorded under its event's
    history row (`history_id_of`: event id -> history id), as simple-history's m2m tracking
    records `event.sources.set(...)`."""
    m2m_history = DesignationEvent.history.model.sources.model
    m2m_history.objects.bulk_create(  # history: these are history rows
        [
            m2m_history(
                history_id=history_id_of[link.designationevent_id],
                id=link.id,
                designationevent_id=link.designationevent_id,
                source_id=link.source_id,
            )
            for link in links
        ],
        batch_size=BATCH,
    )


def update_with_history(model, objects: list, fields: list[str], *, reason: str, user) -> None:
    if objects:
        bulk_update_with_history(
            objects,
            model,
            fields,
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason,
        )


def in_chunks(ids: list[int], size: int = BATCH) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def pause_if_asked() -> None:
    """The fault tests' hook (PAUSE_FILE_ENV): signal the point is reached, wait for release."""
    name = os.environ.get(PAUSE_FILE_ENV)
    if not name:
        return
    backend = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = str(cursor.fetchone()[0])
    pause = Path(name)
    pause.write_text(f"{os.getpid()} {backend}")
    while pause.exists():
        time.sleep(0.05)


def check_read(plan: Plan) -> None:
    """Lock the organizations the plan writes from, in id order, and refuse when one changed
    since the planner read it: an edit saved meanwhile is never overwritten, and nobody can
    save one until the import commits (PostgreSQL: SELECT ... FOR UPDATE; SQLite holds the
    whole database's write lock from the transaction's start). The designations it revokes are
    locked the same way and must still be open."""
    for chunk in in_chunks(sorted(plan.read)):
        for pk, name, description in (
            Organization.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "name", "description")
        ):
            if (name, description) != plan.read[pk]:
                field = "name" if name != plan.read[pk][0] else "description"
                raise ImportConflict(
                    f"{name} (id {pk}): its {field} changed after the import read it; nothing "
                    f"was written, and the edit is kept. Run the import again"
                )
    for chunk in in_chunks(sorted(plan.revocations)):
        for pk, organization, revoked_on in (
            Designation.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "organization__name", "revoked_on")
        ):
            if revoked_on is not None:
                raise ImportConflict(
                    f"{organization}: designation {pk} was revoked after the import read it; "
                    f"nothing was written. Run the import again"
                )


def write(plan: Plan, *, reason: str, user) -> None:
    """Write the plan (the caller holds the transaction)."""
    user = user if getattr(user, "is_authenticated", False) else None
    check_read(plan)
    for code in sorted(plan.countries):
        save_with_history(Country(code=code, name=country_name(code)), reason=reason, user=user)
    for code, fields in plan.authorities.items():
        authority = Authority(
            code=code, name=fields["name"], country_id=fields["country"], url=fields["url"]
        )
        save_with_history(authority, reason=reason, user=user)
    needed = {fields["authority"] for fields in plan.programs.values()}
    authorities = {a.code: a for a in Authority.objects.filter(code__in=needed)}
    for code, fields in plan.programs.items():
        values = dict(fields)
        authority = authorities[values.pop("authority")]
        save_with_history(
            Program(code=code, authority=authority, **values), reason=reason, user=user
        )
    source = plan.source
    if source is not None and (source.pk is None or plan.source_now_whole):
        save_with_history(source, reason=reason, user=user)
    create_with_history(Organization, plan.organizations, reason=reason, user=user)
    pause_if_asked()
    create_with_history(Identifier, plan.identifiers, reason=reason, user=user)
    for row in plan.aliases:
        row.source = source
    for link in plan.country_links:
        link.source = source
    create_with_history(Alias, plan.aliases, reason=reason, user=user)
    create_with_history(OrganizationCountry, plan.country_links, reason=reason, user=user)
    program_ids = dict(
        Program.objects.filter(code__in={code for _, code in plan.designations}).values_list(
            "code", "id"
        )
    )
    for designation, code in plan.designations:
        designation.program_id = program_ids[code]
    create_with_history(Designation, [d for d, _ in plan.designations], reason=reason, user=user)
    create_events_with_sources(plan.events, [source.pk] if source else [], reason=reason, user=user)
    now = timezone.now()
    for chunk in in_chunks(sorted(plan.revocations)):
        designations = list(Designation.objects.filter(pk__in=chunk))
        for designation in designations:
            designation.revoked_on = plan.revocations[designation.pk]
            designation.revoked_precision = "day"
            designation.updated_at = now
        update_with_history(
            Designation,
            designations,
            ["revoked_on", "revoked_precision", "updated_at"],
            reason=reason,
            user=user,
        )
    for chunk in in_chunks(sorted(plan.descriptions)):
        organizations = list(Organization.objects.filter(pk__in=chunk))
        for organization in organizations:
            organization.description = plan.descriptions[organization.pk]
            organization.updated_at = now
        update_with_history(
            Organization, organizations, ["description", "updated_at"], reason=reason, user=user
        )
    for chunk in in_chunks(sorted(plan.delistings)):
        aliases = list(Alias.objects.filter(pk__in=chunk))
        for alias in aliases:
            alias.delisted_on = plan.delistings[alias.pk]
        update_with_history(Alias, aliases, ["delisted_on"], reason=reason, user=user)
