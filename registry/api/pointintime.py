"""Reads for a reference day: today, or the day a client names with `as_of`.

"As of D" answers for D as it stood: designations that had taken effect by D, their events up to
D, a revocation only if it had taken effect by D, and the status each had that day. The in-force
flag comes from `in_force_q`, the one in-force rule, evaluated by the database.
"""

import copy
import datetime as dt
from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ..dates import Precision
from ..models import Designation, DesignationEvent, LegalConsequence, OrganizationCountry, Program
from ..querysets import in_force_q
from .rows import (
    timeline,
    with_organization_brief,
    with_organization_rows,
    with_timeline,
)


def in_force_flag(day: dt.date) -> Case:
    return Case(
        When(in_force_q(day), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


PLANNED = "{}_in_plan"


def planned(lookup: str, queryset: QuerySet | None = None) -> Prefetch:
    """A prefetch into a plain list (read with `prefetched`), not into the related manager.

    Into the manager, Django builds a related manager and clones the queryset for each prefetched
    instance: 40-75% of what a list or search page still cost in Python (docs/benchmarks.md).
    """
    relation = lookup.rsplit("__", 1)[-1]
    return Prefetch(lookup, queryset=queryset, to_attr=PLANNED.format(relation))


def prefetched(instance: Model, relation: str) -> Iterable[Model]:
    """The rows `instance.<relation>.all()` returns, read from the plan's prefetch.

    Without a prefetch (a plan that did not load the relation) this falls back to `.all()`, so a
    missing prefetch is a query, as before.
    """
    rows = getattr(instance, PLANNED.format(relation), None)
    return getattr(instance, relation).all() if rows is None else rows


def consequences_prefetch() -> Prefetch:
    return planned(
        "program__consequences", LegalConsequence.objects.order_by("kind", "title", "id")
    )


def program_prefetch() -> Prefetch:
    """One instance per program, shared by its designations (a join would make one per row)."""
    return Prefetch("program", queryset=Program.objects.select_related("authority"))


# Columns no designation representation shows (a detail shows `updated_at`, a designation within
# its organization not even that): left unread, they cost nothing to convert.
UNSHOWN = ("organization_name", "note", "created_at")


def with_designation_plan(designations: QuerySet, day: dt.date, as_of: bool) -> QuerySet:
    """What a designation's representation reads, in a fixed number of queries: its timeline
    with it (registry/api/rows.py), its program and the program's consequences shared."""
    designations = with_timeline(designations.annotate(in_force=in_force_flag(day)), day, as_of)
    return designations.prefetch_related(program_prefetch(), consequences_prefetch())


def with_designation_detail_plan(designations: QuerySet, day: dt.date, as_of: bool) -> QuerySet:
    """A designation on its own: also its organization, in brief (name and country codes)."""
    designations = with_organization_brief(designations.defer(*UNSHOWN))
    return with_designation_plan(designations, day, as_of)


def designations_prefetch(day: dt.date, as_of: bool) -> Prefetch:
    """An organization's designations; with `as_of`, only those that had taken effect by then."""
    designations = Designation.objects.defer(*UNSHOWN, "updated_at").order_by(
        "program__code", F("designated_on").asc(nulls_first=True), "id"
    )
    if as_of:
        designations = designations.filter(designated_on__lte=day)
    return planned("designations", with_designation_plan(designations, day, as_of))


def with_organization_plan(organizations: QuerySet, day: dt.date, as_of: bool) -> QuerySet:
    """What an organization's representation reads: its names, countries and identifiers with
    it (registry/api/rows.py), its designations in one more query (and their programs)."""
    return with_organization_rows(organizations).prefetch_related(designations_prefetch(day, as_of))


def as_it_stood(designation: Designation, day: dt.date) -> Designation:
    """`designation` showing only what had taken effect by `day`: itself when nothing after
    `day` changed it (most designations in a list as of a day), else a copy.

    Its timeline must have been read with `rows.with_timeline(..., day, as_of=True)`. The copy is
    never saved; the model's own properties (status, clocks, displays) then answer for that day.
    """
    events = timeline(designation)  # read before any copy, so that the copy shares it
    revoked_later = designation.revoked_on is not None and designation.revoked_on > day
    # Same derivation as services.designations.designation_refresh_dates, over the events so far.
    reviews = [
        event.effective_on
        for event in events
        if event.kind == DesignationEvent.Kind.REVIEWED and event.effective_on
    ]
    last_reviewed_on = max(reviews, default=None)
    if not revoked_later and last_reviewed_on == designation.last_reviewed_on:
        return designation
    view = copy.copy(designation)
    if revoked_later:
        view.revoked_on, view.revoked_precision = None, Precision.DAY
    view.last_reviewed_on = last_reviewed_on
    return view


def links_in_force(day: dt.date) -> QuerySet:
    """The outer country's links (any role) to organizations with a designation in force on
    `day`."""
    in_force = Designation.objects.in_force(day).filter(organization=OuterRef("organization_id"))
    return OrganizationCountry.objects.filter(country=OuterRef("pk")).filter(Exists(in_force))


def with_organizations_in_force(countries: QuerySet, day: dt.date) -> QuerySet:
    """Annotate `organizations_in_force`: how many organizations `links_in_force` names. One
    correlated subquery, so one query for any number of rows (the country views' plan)."""
    counts = (
        links_in_force(day)
        .order_by()
        .values("country")
        .annotate(n=Count("organization", distinct=True))
        .values("n")
    )
    return countries.annotate(organizations_in_force=Coalesce(Subquery(counts), 0))
