"""Designations: their fields (JSON, brief, nested in an organization, CSV, schema) and filters.

A designation is one listing of one organization under one program; its values on the reference
day come from the designation selector (registry/selectors/designations.py).
"""

from typing import Any

import django_filters as filters
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from rest_framework import serializers as s

from ..models import Authority, Country, Designation, Organization, OrganizationCountry, Program
from ..querysets import DesignationQuerySet, Status, in_force_q, not_in_force_q
from ..selectors.designations import DESIGNATIONS
from ..selectors.search import RANKED, organizations_matching
from ..sql import by_name
from . import legal_consequences
from .filters import (
    CodeFilter,
    IdFilter,
    IsoDateFilter,
    StableOrderingFilter,
    StrictFilterSet,
    StrictForm,
    UncertainFilter,
    codes,
)
from .spec import Column, Context, Field, Resource, Row, Spec, link

PARTIAL_DATE = {
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only a month or year.",
}


def partial_date(help_text: str = "") -> s.CharField:
    return s.CharField(allow_null=True, help_text=help_text or PARTIAL_DATE["description"])


class OrganizationInBrief(s.Serializer):
    id = s.IntegerField()
    slug = s.SlugField()
    name = s.CharField()
    countries = s.ListField(child=s.CharField(), help_text="ISO alpha-2 codes.")


class SourceSchema(s.Serializer):
    key = s.CharField()
    title = s.CharField()
    publisher = s.CharField()
    url = s.CharField()
    kind = s.CharField()
    reliability = s.CharField()
    published_on = s.DateField(allow_null=True)


class EventSchema(s.Serializer):
    kind = s.CharField()
    signed_on = partial_date()
    signed_precision = s.CharField()
    announced_on = partial_date()
    announced_precision = s.CharField()
    effective_on = partial_date()
    effective_precision = s.CharField()
    citation = s.CharField()
    document_number = s.CharField()
    confidence = s.CharField()
    sources = SourceSchema(many=True)


def organization(_, row: Row, context: Context) -> dict:
    return {
        "id": row["organization_id"],
        "slug": row["organization_slug"],
        "name": row["organization_name"],
        "countries": row["organization_countries"],
    }


def consequences(program: str, row: Row, context: Context) -> list[dict]:
    return context.shared["consequences"].get(program, [])


SPEC = Spec(
    "Designation",
    doc="One listing of one organization under one program, from its designation to its "
    "revocation, with its dated events, as it stood on the reference day.",
    fields=[
        Field("id", s.IntegerField(), brief=True),
        link("api:designation-list", nested=False),
        Field(
            "organization",
            OrganizationInBrief(),
            source="organization_id",
            reads=("organization_slug", "organization_name", "organization_countries"),
            show=organization,
            brief=True,
            nested=False,
            csv=(
                Column("organization_id", "organization_id"),
                Column("organization_slug", "organization_slug"),
                Column("organization", "organization_name"),
                Column("countries", "organization_countries_text"),
            ),
        ),
        Field(
            "program",
            s.CharField(help_text="Program code, e.g. US-FTO."),
            "program_code",
            brief=True,
        ),  # fmt: skip
        Field("program_name", s.CharField(), brief=False),
        Field("legal_basis", s.CharField()),
        Field("authority", s.CharField(help_text="Authority code, e.g. US-DOS."), brief=True),
        Field(
            "status",
            s.ChoiceField(
                choices=Status.choices,
                help_text="On the reference day (today, or `as_of`): pending, active, revoked, "
                "or unknown when a date known only to the month or year (or not at all) cannot "
                "decide it.",
            ),
            brief=True,
        ),
        Field(
            "in_force",
            s.BooleanField(
                allow_null=True,
                help_text="In force on the reference day (today, or `as_of`); null when a date "
                "known only to the month or year (or not at all) cannot decide it.",
            ),
            brief=True,
        ),
        Field(
            "unknown_because",
            s.CharField(allow_null=True, help_text="Why `in_force` is null; null otherwise."),
            brief=True,
        ),
        Field("designated_on", partial_date(), "designated", brief=True),
        Field("designated_precision", s.CharField()),
        Field("revoked_on", partial_date(), "revoked", brief=True),
        Field("revoked_precision", s.CharField(), "revoked_precision_shown"),
        Field(
            "last_reviewed_on",
            partial_date("The last review's date, at its precision (YYYY, YYYY-MM or YYYY-MM-DD)."),
            "last_reviewed",
        ),
        Field(
            "next_review_due",
            partial_date(
                "US-FTO: a review is due five years after designation or the last review; at "
                "the precision of the date it runs from (YYYY-MM after a review known to the "
                "month)."
            ),
        ),
        Field(
            "petition_opens_on",
            partial_date(
                "US-FTO: the organization may petition for revocation from this day (this month "
                "or year, at the precision of the date it runs from)."
            ),
        ),
        Field("citation", s.CharField(help_text="Of the designating event, e.g. 90 FR 53045.")),
        Field("document_number", s.CharField()),
        Field(
            "source_urls",
            s.ListField(child=s.URLField()),
            csv=(Column("source_urls", "source_urls_text"),),
        ),
        Field(
            "events",
            EventSchema(many=True),
            "timeline",
            csv=(Column("events", "timeline_text"),),
        ),
        Field(
            "legal_consequences",
            legal_consequences.SPEC.serializer()(many=True),
            source="program_code",
            show=consequences,
            nested=False,
            csv=None,
        ),
        Field("updated_at", s.DateTimeField(), "updated", nested=False),
    ],
)


# --- filters -----------------------------------------------------------------------------------

DATE_BOUNDS = {
    "designated_after": "designated_on__gte",
    "designated_before": "designated_on__lte",
    "effective_from": "designated_on__gte",
    "effective_to": "designated_on__lte",
    "revoked_from": "revoked_on__gte",
    "revoked_to": "revoked_on__lte",
}
PARAMETERS = ("program", "authority", "as_of", "status", *DATE_BOUNDS)


def narrow(
    designations: DesignationQuerySet, data: dict[str, Any], *, apply_status: bool = True
) -> DesignationQuerySet:
    """Apply the designation-level parameters (program, authority, as_of, status, dates).

    `as_of` alone means in force that day (registry/querysets.py's rule: a designation whose
    state that day a partial date leaves unknown is left out, unless `uncertain=include`); with
    `status`, it is the day the status is taken on. `apply_status=False` leaves the status to
    the caller."""
    day, status = data.get("as_of"), data.get("status")
    if data.get("program"):
        designations = designations.filter(program__in=data["program"])
    if data.get("authority"):
        designations = designations.filter(program__authority__in=data["authority"])
    for name, lookup in DATE_BOUNDS.items():
        if data.get(name):
            designations = designations.filter(**{lookup: data[name]})
    if day is not None and not status:
        if data.get("uncertain") == UncertainFilter.INCLUDE:
            designations = designations.exclude(not_in_force_q(day))
        else:
            designations = designations.filter(in_force_q(day))
    if status and apply_status:
        designations = designations.with_status(status, on=day or timezone.localdate())
    return designations


def linked_to(country_codes: list[str]) -> QuerySet:
    """The ids of the organizations linked to any of the countries, read by country (a
    designation list sorts whole on SQLite; a correlated EXISTS would run for every row)."""
    return OrganizationCountry.objects.filter(country_id__in=country_codes).values(
        "organization_id"
    )


def status_filter() -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        choices=Status.choices,
        help_text="Designation status on the reference day (today, or `as_of`): active, revoked, "
        "pending or unknown.",
    )


class DesignationFilterSet(StrictFilterSet):
    organization = IdFilter(
        queryset=Organization.objects.all(),
        help_text="Organization id; repeatable.",
        error_messages={"invalid_choice": "Unknown organization id %(value)s."},
    )
    q = filters.CharFilter(
        max_length=200,
        help_text="The organization's name or any of its aliases matches this text, as "
        "/organizations/?q= matches it (case, accents, spaces and punctuation ignored, similar "
        "spellings when nothing contains it; with `as_of`, by the names it had that day). "
        "Without `ordering`, the designations of the best-matching organizations come first, "
        "in the order /organizations/?q= ranks them.",
    )
    country = CodeFilter(
        field_name="organization__country_links__country",
        queryset=Country.objects.all(),
        help_text="ISO 3166-1 alpha-2 code of a country the organization is based or operates "
        "in; repeatable.",
    )
    program = CodeFilter(
        queryset=Program.objects.all(), help_text="Program code, e.g. US-FTO; repeatable."
    )
    authority = CodeFilter(
        field_name="program__authority",
        queryset=Authority.objects.all(),
        help_text="Authority code, e.g. US-DOS; repeatable.",
    )
    status = status_filter()
    as_of = IsoDateFilter(
        help_text="YYYY-MM-DD. Only designations in force that day (effective on or before it and "
        "not revoked on or before it), shown as they stood that day. With `status`, the day on "
        "which the status is taken instead."
    )
    uncertain = UncertainFilter("designations")
    effective_from = IsoDateFilter(help_text="YYYY-MM-DD. Designated effective on or after it.")
    effective_to = IsoDateFilter(help_text="YYYY-MM-DD. Designated effective on or before it.")
    revoked_from = IsoDateFilter(help_text="YYYY-MM-DD. Revoked effective on or after it.")
    revoked_to = IsoDateFilter(help_text="YYYY-MM-DD. Revoked effective on or before it.")
    ordering = StableOrderingFilter(
        fields=(
            ("organization_name", "organization"),  # the designation's copy of the name
            ("program__code", "program"),
            ("designated_on", "designated_on"),
            ("revoked_on", "revoked_on"),
            ("updated_at", "updated_at"),
        ),
        names=("organization_name",),
        help_text="organization, program, designated_on, revoked_on or updated_at; prefix with - "
        "for descending. Default: organization name (case ignored), program, designated_on. "
        "Ties by id.",
    )

    default_ordering = (by_name("organization_name"), "program__code", "designated_on", "id")
    # The same order within one program: a range scan of the (program, lower(organization_name),
    # designated_on, id) index. SQLite cannot tell that the joined program's code is constant,
    # and would sort the whole program to keep it in the ORDER BY.
    one_program_ordering = (by_name("organization_name"), "designated_on", "id")

    class Meta:
        model = Designation
        fields: list[str] = []
        form = StrictForm

    def order(self, queryset):
        programs = self.form.cleaned_data.get("program")
        explicit = self.form.cleaned_data.get("ordering")
        if programs and len({program.pk for program in programs}) == 1 and not explicit:
            return queryset.order_by(*self.one_program_ordering)
        return super().order(queryset)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("organization"):
            queryset = queryset.filter(organization__in=data["organization"])
        best: list[int] = []
        if data.get("q"):
            found = organizations_matching(data["q"], day=data.get("as_of"))
            best = list(found.order_by(*RANKED).values_list("pk", flat=True)[: BEST_FIRST + 1])
            if len(best) <= BEST_FIRST:  # all of them: the search is not run again
                queryset = queryset.filter(organization_id__in=best)
            else:
                queryset = queryset.filter(organization__in=found)
                best = best[:BEST_FIRST]
        if data.get("country"):
            queryset = queryset.filter(organization_id__in=linked_to(codes(data["country"])))
        queryset = narrow(queryset, data)
        if best and not self.form.cleaned_data.get("ordering"):
            return queryset.order_by(best_first(best), *self.default_ordering)
        return self.order(queryset)


# With `q` and no `ordering`, the designations of the organizations the search ranks best come
# first, in its order (of the first BEST_FIRST; then by organization name, as without `q`).
BEST_FIRST = 100


def best_first(ids: list[int]) -> Case:
    """An organization's place among `ids` (the search's best first), len(ids) for the rest."""
    return Case(
        *(When(organization_id=pk, then=Value(place)) for place, pk in enumerate(ids)),
        default=Value(len(ids)),
        output_field=IntegerField(),
    )


RESOURCE = Resource(
    SPEC,
    DesignationFilterSet,
    model=Designation,
    selector=DESIGNATIONS,
    attach=legal_consequences.attach,
)
