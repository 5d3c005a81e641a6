"""Designations as they stand on a reference day: the one read of everything derived from them.

`designations_on(designations, reference, names)` reads the designations as dicts of the values
named in `names`: model columns, or the derived values of `SOURCES`, each computed by the database
in the same query: the state on the day (status; in force, not, or unknown, and why unknown), the
dates as they stood (a revocation or a review that had not yet taken effect is left out), the
review and petition clocks, the designating event's citation and sources, the timeline of events,
the organization's countries and the program. The API (JSON, brief and CSV), the admin, the dump
and the change feed read designations through it; registry/resources/designations.py declares
which value each field shows.

The in-force rule itself is registry/querysets.py's.
"""

from collections.abc import Iterable

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import GreaterThan

from ..dates import ReferenceDay
from ..models import DesignationEvent, OrganizationCountry, Source
from ..querysets import in_force_q, in_force_value, not_in_force_q, started_q, status_value
from ..sql import DateText, JSONList, JSONObject, Later, PartialDate, PlusYears, TextList, Timestamp
from .rows import Derived, Selector

Kind = DesignationEvent.Kind


# -- the designation as it stood ----------------------------------------------------------------


def events_until(reference: ReferenceDay) -> QuerySet:
    """The outer designation's events that had taken effect by the day (for today's answer,
    every recorded event, later ones included)."""
    events = DesignationEvent.objects.filter(designation=OuterRef("pk"))
    if reference.as_stood:
        events = events.filter(effective_on__lte=reference.day)
    return events


def revocation_shown(reference: ReferenceDay) -> Q:
    """A revocation is recorded and, as it stood, had taken effect (or its window had begun)."""
    shown = Q(revoked_on__isnull=False)
    if reference.as_stood:
        shown &= Q(revoked_on__lte=reference.day)
    return shown


def last_reviewed(reference: ReferenceDay):
    if not reference.as_stood:
        return F("last_reviewed_on")
    reviews = events_until(reference).filter(kind=Kind.REVIEWED).order_by()
    return Subquery(reviews.values("designation").annotate(last=Max("effective_on")).values("last"))


def last_review_precision(reference: ReferenceDay) -> Subquery:
    """The precision of the last review's date: a review known only to its month ("2022-05")
    is shown so, not as the month's first day (null when there is none)."""
    reviews = events_until(reference).filter(kind=Kind.REVIEWED)
    return Subquery(reviews.order_by("-effective_on", "-id").values("effective_precision")[:1])


def clock(period: str, reference: ReferenceDay) -> Case:
    """A statutory clock (US-FTO: a review five years, a petition two years after the
    designation or its last review) while not revoked; null where the program keeps none. At the
    precision of the day it runs from: five years after a review known to the month is a month."""
    years = f"program__{period}"
    reviewed = last_reviewed(reference)
    precision = Case(
        When(GreaterThan(reviewed, F("designated_on")), then=last_review_precision(reference)),
        default=F("designated_precision"),
        output_field=CharField(),
    )
    return Case(
        When(
            Q(designated_on__isnull=False, **{f"{years}__gt": 0}) & ~revocation_shown(reference),
            then=PartialDate(PlusYears(Later(F("designated_on"), reviewed), F(years)), precision),
        ),
        default=Value(None),
        output_field=CharField(),
    )


def designating(reference: ReferenceDay, column: str) -> Coalesce:
    """A column of the designating event ("" when it had not taken effect by the day)."""
    # one designating event per designation (a constraint): the subquery gives one row at most
    event = events_until(reference).filter(kind=Kind.DESIGNATED)
    return Coalesce(Subquery(event.values(column)), Value(""), output_field=CharField())


def designating_sources(reference: ReferenceDay) -> QuerySet:
    """The sources of the designating event that have an address (each once: the conditions
    on the event go in one filter(), one join; a second filter() on `events` would join them
    again and repeat each source)."""
    event = Q(events__designation=OuterRef("pk"), events__kind=Kind.DESIGNATED)
    if reference.as_stood:
        event &= Q(events__effective_on__lte=reference.day)
    return Source.objects.filter(event).exclude(url="")


# The timeline's order: an undated (designation) event first, then by effective date.
TIMELINE_ORDER = ["dated", "effective_on", "id"]


def timeline(reference: ReferenceDay) -> QuerySet:
    return events_until(reference).annotate(
        dated=Case(When(effective_on__isnull=True, then=0), default=1, output_field=IntegerField())
    )


def source_object() -> JSONObject:
    return JSONObject(
        key=F("key"),
        title=F("title"),
        publisher=F("publisher"),
        url=F("url"),
        kind=F("kind"),
        reliability=F("reliability"),
        published_on=DateText("published_on"),
    )


def event_object() -> JSONObject:
    sources = Source.objects.filter(events=OuterRef("pk"))
    return JSONObject(
        kind=F("kind"),
        signed_on=PartialDate("signed_on", "signed_precision"),
        signed_precision=F("signed_precision"),
        announced_on=PartialDate("announced_on", "announced_precision"),
        announced_precision=F("announced_precision"),
        effective_on=PartialDate("effective_on", "effective_precision"),
        effective_precision=F("effective_precision"),
        citation=F("citation"),
        document_number=F("document_number"),
        confidence=F("confidence"),
        sources=JSONList(sources, source_object(), ["key"], objects=True),
    )


def event_text() -> Case:
    """ "designated 2025-02-20", "revoked 2021-02", "designated" (no date)."""
    dated = Concat(F("kind"), Value(" "), PartialDate("effective_on", "effective_precision"))
    return Case(
        When(effective_on__isnull=True, then=F("kind")), default=dated, output_field=CharField()
    )


def country_codes(organization=None) -> QuerySet:
    """The organization's country links, each country once under its first role."""
    earlier_role = OrganizationCountry.objects.filter(
        organization=OuterRef("organization_id"),
        country=OuterRef("country_id"),
        role__lt=OuterRef("role"),
    )
    organization = OuterRef("organization_id") if organization is None else organization
    return OrganizationCountry.objects.filter(organization=organization).exclude(
        Exists(earlier_role)
    )


COUNTRY_ORDER = ["role", "country_id"]


def unknown_because(reference: ReferenceDay) -> Case:
    """Why the state on the day is unknown; null when it is known."""
    day = reference.day
    return Case(
        When(in_force_q(day) | not_in_force_q(day), then=Value(None)),
        When(designated_on__isnull=True, then=Value("its designation date is not known")),
        When(
            ~started_q(day),
            then=Concat(
                Value("designated in "),
                PartialDate("designated_on", "designated_precision"),
                Value(": the day is not known"),
            ),
        ),
        default=Concat(
            Value("revoked in "),
            PartialDate("revoked_on", "revoked_precision"),
            Value(": the day is not known"),
        ),
        output_field=CharField(),
    )


# -- what a representation may read, by name --------------------------------------------------

SOURCES: dict[str, Derived] = {
    "organization_slug": lambda r: F("organization__slug"),
    "organization_countries": lambda r: JSONList(country_codes(), F("country_id"), COUNTRY_ORDER),
    "organization_countries_text": lambda r: TextList(
        country_codes(), F("country_id"), COUNTRY_ORDER
    ),
    "program_code": lambda r: F("program__code"),
    "program_name": lambda r: F("program__name"),
    "legal_basis": lambda r: F("program__legal_basis"),
    "authority": lambda r: F("program__authority__code"),
    "authority_name": lambda r: F("program__authority__name"),
    "authority_country": lambda r: F("program__authority__country_id"),
    "program_url": lambda r: F("program__url"),
    "status": lambda r: status_value(r.day),
    "in_force": lambda r: in_force_value(r.day),
    "unknown_because": unknown_because,
    "designated": lambda r: PartialDate("designated_on", "designated_precision"),
    "revoked": lambda r: Case(
        When(revocation_shown(r), then=PartialDate("revoked_on", "revoked_precision")),
        default=Value(None),
        output_field=CharField(),
    ),
    "revoked_precision_shown": lambda r: Case(
        When(revocation_shown(r), then=F("revoked_precision")),
        default=Value("day"),
        output_field=CharField(),
    ),
    "last_reviewed": lambda r: PartialDate(last_reviewed(r), last_review_precision(r)),
    "next_review_due": lambda r: clock("review_period_years", r),
    "petition_opens_on": lambda r: clock("petition_period_years", r),
    "citation": lambda r: designating(r, "citation"),
    "document_number": lambda r: designating(r, "document_number"),
    "source_urls": lambda r: JSONList(designating_sources(r), F("url"), ["key"]),
    "source_urls_text": lambda r: TextList(designating_sources(r), F("url"), ["key"]),
    "timeline": lambda r: JSONList(timeline(r), event_object(), TIMELINE_ORDER, objects=True),
    "timeline_text": lambda r: TextList(timeline(r), event_text(), TIMELINE_ORDER),
    "updated": lambda r: Timestamp("updated_at"),
}


DESIGNATIONS = Selector(SOURCES)


def designations_on(
    designations: QuerySet, reference: ReferenceDay, names: Iterable[str]
) -> QuerySet:
    """`designations` (keeping their order) as dicts of `names`: model columns, or `SOURCES`
    as they stood on the reference day."""
    return DESIGNATIONS.rows(designations, reference, names)


def with_values(designations: QuerySet, reference: ReferenceDay, names: Iterable[str]):
    """`designations` as model instances carrying the `SOURCES` `names` as attributes (the
    admin's lists and pages)."""
    return DESIGNATIONS.annotate(designations, reference, names)
