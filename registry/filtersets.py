"""One FilterSet per API resource, shared by the JSON lists and the CSV exports.

Every filter is strict: a value that does not parse (`as_of=2025-13-01`), an unknown code
(`country=XX`, `program=NOPE`) or a value outside its choices (`status=maybe`) makes the form
invalid, and the API answers 400 naming the parameter. Nothing is silently ignored.

The declared filters validate and document the parameters; each FilterSet's `filter_queryset` is
the query plan, and it only narrows and orders: what a representation reads beside the rows is
its view's plan (registry/api/pointintime.py), so a detail asked with no parameter skips the
FilterSet. Organizations need that: `?program=US-FTO&as_of=2025-11-24` asks for one
designation that is both under US-FTO and in force that day, not for two unrelated ones, so the
designation conditions are gathered into one `Exists` subquery.
"""

import copy
import datetime as dt
from typing import Any

import django_filters as filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from .api.filters import (
    CodeFilter,
    IdFilter,
    IsoDateFilter,
    MomentFilter,
    StableOrderingFilter,
    StrictForm,
)
from .api.pointintime import links_in_force
from .models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    LegalConsequence,
    Organization,
    OrganizationCountry,
    Program,
)
from .querysets import DesignationQuerySet
from .selectors.search import RANKED, organizations_matching

MAX_QUERY_LENGTH = 200


# --- parameter declarations shared by several FilterSets ------------------------------------


def status_filter() -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        choices=Designation.Status.choices,
        help_text="Designation status on the reference day (today, or `as_of`): "
        "active, revoked or pending.",
    )


def as_of_filter(what: str) -> IsoDateFilter:
    return IsoDateFilter(
        help_text=f"YYYY-MM-DD. Only {what} in force that day (effective on or before it and not "
        "revoked on or before it), shown as they stood that day. With `status`, the day on which "
        "the status is taken instead."
    )


def query_filter(what: str, ranked: str) -> filters.CharFilter:
    return filters.CharFilter(
        max_length=MAX_QUERY_LENGTH,
        help_text=f"{what} contains this text, ignoring case, accents, spaces and punctuation "
        '("ms13" finds MS-13, "cartel de jalisco" finds Cártel de Jalisco Nueva Generación); '
        "when no name contains it, names of similar spelling are found instead "
        f'("lashkar e toiba", "sinaloa cartel"). {ranked}',
    )


def codes(value) -> list[str]:
    """The codes of a cleaned CodeFilter value (empty when the parameter was absent)."""
    return [item.code for item in value] if value else []


class StrictFilterSet(filters.FilterSet):
    """Ordering is applied last and always ends with the primary key."""

    default_ordering: tuple[str, ...] = ("id",)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's BaseFilterSet.__init__, but for one line: it deep-copies every declared
        # filter (querysets, choices, help texts) on every request. Ours only declare and
        # validate, and their form class is shared (below): a shallow copy of each will do.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        """One form class per FilterSet class. django-filter builds a new class (and a field per
        filter) on every request; the fields follow only the declared filters, and each form
        instance deep-copies them (a fresh queryset per choice field), so one class serves all."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def order(self, queryset: QuerySet) -> QuerySet:
        ordering = self.filters.get("ordering")
        expressions = (
            ordering.get_ordering_expressions(self.form.cleaned_data.get("ordering"))
            if ordering
            else []
        )
        if not expressions:
            return queryset.order_by(*self.default_ordering)
        return queryset.order_by(*expressions, "id")


# --- designations: the conditions shared by both designation-based resources --------------


def narrow_designations(
    designations: DesignationQuerySet, data: dict[str, Any], *, apply_status: bool = True
) -> DesignationQuerySet:
    """Apply the designation-level parameters (program, authority, as_of, status, dates).

    `as_of` alone means in force that day (the one rule, `in_force`); with `status`, it is the
    day the status is taken on. `apply_status=False` leaves the status to the caller.
    """
    day, status = data.get("as_of"), data.get("status")
    if data.get("program"):
        designations = designations.filter(program__in=data["program"])
    if data.get("authority"):
        designations = designations.filter(program__authority__in=data["authority"])
    for name, lookup in DATE_BOUNDS.items():
        if data.get(name):
            designations = designations.filter(**{lookup: data[name]})
    if day is not None:
        # A day-specific question needs a known date: an undated listing cannot be placed.
        designations = designations.exclude(designated_on__isnull=True)
        if not status:
            designations = designations.in_force(day)
    if status and apply_status:
        designations = designations.with_status(status, on=day)
    return designations


DATE_BOUNDS = {
    "designated_after": "designated_on__gte",
    "designated_before": "designated_on__lte",
    "effective_from": "designated_on__gte",
    "effective_to": "designated_on__lte",
    "revoked_from": "revoked_on__gte",
    "revoked_to": "revoked_on__lte",
}
DESIGNATION_PARAMETERS = ("program", "authority", "as_of", "status", *DATE_BOUNDS)


def in_countries(country_codes: list[str]) -> Exists:
    """Organizations linked to any of the countries, tested row by row: an organization list
    walks its order's index and stops at a page (a common country, or with `q`: 10-20 ms on
    SQLite, against 20-40 ms for the IN of `linked_to`)."""
    links = OrganizationCountry.objects.filter(organization=OuterRef("pk"))
    return Exists(links.filter(country_id__in=country_codes))


def linked_to(country_codes: list[str]) -> QuerySet:
    """The ids of the organizations linked to any of the countries, read by country: for a
    designation list, which SQLite sorts whole. A correlated EXISTS there ran for every
    designation (count and page: 256 ms for Mexico's 2,023 among 199,388; 11 ms this way)."""
    links = OrganizationCountry.objects.filter(country_id__in=country_codes)
    return links.values("organization_id")


# --- FilterSets ----------------------------------------------------------------------------


class OrganizationFilterSet(StrictFilterSet):
    q = query_filter(
        "The organization's name or any of its aliases",
        "Without `ordering`, results come best match first: a name or alias equal to the text, "
        "then one that starts with it, then one that contains it, then similar spellings; ties "
        "by name.",
    )
    slug = filters.CharFilter(max_length=120, help_text="The organization's slug, exactly.")
    country = CodeFilter(
        field_name="country_links__country",
        queryset=Country.objects.all(),
        help_text="ISO 3166-1 alpha-2 code of a country the organization is based or operates "
        "in; repeatable (any of them).",
    )
    program = CodeFilter(
        field_name="designations__program",
        queryset=Program.objects.all(),
        help_text="Program code, e.g. US-FTO; repeatable. The organization has a designation "
        "under one of these programs (which, with `as_of`/`status`, is in force/has that status).",
    )
    authority = CodeFilter(
        field_name="designations__program__authority",
        queryset=Authority.objects.all(),
        help_text="Authority code, e.g. US-DOS; repeatable. Designated by one of these.",
    )
    status = filters.ChoiceFilter(
        choices=Designation.Status.choices,
        help_text="active: has an active designation (matching the other designation filters); "
        "revoked / pending: has a revoked / pending one and no active one. Taken on the "
        "reference day (today, or `as_of`).",
    )
    as_of = as_of_filter("organizations with a designation")
    designated_after = IsoDateFilter(
        help_text="YYYY-MM-DD. Has a designation effective on or after this day."
    )
    designated_before = IsoDateFilter(
        help_text="YYYY-MM-DD. Has a designation effective on or before this day."
    )
    changed_since = MomentFilter(
        field_name="updated_at",
        help_text="Date or ISO 8601 date-time. The organization, a name, country link, "
        "identifier, designation or designation event of it was created, changed or deleted at "
        "or after this moment.",
    )
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("updated_at", "updated_at"), ("created_at", "created_at")),
        help_text="name, updated_at or created_at; prefix with - for descending. Default: name. "
        "Ties are broken by id.",
    )

    default_ordering = ("name", "id")

    class Meta:
        model = Organization
        fields: list[str] = []
        form = StrictForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("q"):
            queryset = organizations_matching(data["q"], queryset)
        if data.get("slug"):
            queryset = queryset.filter(slug=data["slug"])
        if data.get("country"):
            queryset = queryset.filter(in_countries(codes(data["country"])))
        if data.get("changed_since"):
            queryset = queryset.filter(changed_since_q(data["changed_since"]))
        if any(data.get(name) for name in DESIGNATION_PARAMETERS):
            matching = narrow_designations(
                Designation.objects.filter(organization=OuterRef("pk")), data, apply_status=False
            )
            status, day = data.get("status"), data.get("as_of")
            if not status:
                queryset = queryset.filter(Exists(matching))
            else:
                active = Exists(matching.with_status(Designation.Status.ACTIVE, on=day))
                if status == Designation.Status.ACTIVE:
                    queryset = queryset.filter(active)
                else:
                    queryset = queryset.filter(Exists(matching.with_status(status, on=day)))
                    queryset = queryset.exclude(active)
        if data.get("q") and not data.get("ordering"):
            return queryset.order_by(*RANKED)  # best match first
        return self.order(queryset)


def changed_since_q(moment: dt.datetime) -> Q:
    """Anything about the organization written at or after `moment`, deletions included (the
    history tables keep a row for every save and delete)."""
    org = OuterRef("pk")
    own = Organization.history.filter(id=org, history_date__gte=moment)
    parts = [Exists(own)]
    for model in (Alias, OrganizationCountry, Identifier, Designation):
        parts.append(Exists(model.history.filter(organization_id=org, history_date__gte=moment)))
    events = DesignationEvent.history.filter(
        designation_id=OuterRef("pk"), history_date__gte=moment
    )
    parts.append(Exists(Designation.objects.filter(organization=org).filter(Exists(events))))
    condition = Q(updated_at__gte=moment)
    for part in parts:
        condition |= Q(part)
    return condition


class DesignationFilterSet(StrictFilterSet):
    organization = IdFilter(
        queryset=Organization.objects.all(),
        help_text="Organization id; repeatable.",
        error_messages={"invalid_choice": "Unknown organization id %(value)s."},
    )
    q = query_filter(
        "The organization's name or any of its aliases",
        "The designations keep their order (`ordering`).",
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
    as_of = as_of_filter("designations")
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
        help_text="organization, program, designated_on, revoked_on or updated_at; prefix with - "
        "for descending. Default: organization name, program, designated_on. Ties by id.",
    )

    # Designation.Meta.ordering; organization_name is the designation's copy of organization__name.
    default_ordering = ("organization_name", "program__code", "designated_on", "id")
    # The same order within one program (its code is the same on every row): a range scan of the
    # (program, organization_name, designated_on, id) index. SQLite cannot tell that the joined
    # program's code is constant, and would sort the whole program to keep it in the ORDER BY.
    one_program_ordering = ("organization_name", "designated_on", "id")

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
        if data.get("q"):
            queryset = queryset.filter(organization__in=organizations_matching(data["q"]))
        if data.get("country"):
            queryset = queryset.filter(organization_id__in=linked_to(codes(data["country"])))
        return self.order(narrow_designations(queryset, data))


class ProgramFilterSet(StrictFilterSet):
    authority = CodeFilter(
        queryset=Authority.objects.all(), help_text="Authority code, e.g. US-DOS; repeatable."
    )
    country = CodeFilter(
        field_name="authority__country",
        queryset=Country.objects.all(),
        help_text="ISO alpha-2 code of the authority's country; repeatable.",
    )

    default_ordering = ("code", "id")

    class Meta:
        model = Program
        fields: list[str] = []
        form = StrictForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("authority"):
            queryset = queryset.filter(authority__in=data["authority"])
        if data.get("country"):
            queryset = queryset.filter(authority__country__in=data["country"])
        return self.order(queryset)


class AuthorityFilterSet(StrictFilterSet):
    country = CodeFilter(
        queryset=Country.objects.all(), help_text="ISO alpha-2 country code; repeatable."
    )

    default_ordering = ("code", "id")

    class Meta:
        model = Authority
        fields: list[str] = []
        form = StrictForm

    def filter_queryset(self, queryset):
        if self.form.cleaned_data.get("country"):
            queryset = queryset.filter(country__in=self.form.cleaned_data["country"])
        return self.order(queryset)


class CountryFilterSet(StrictFilterSet):
    q = filters.CharFilter(
        max_length=MAX_QUERY_LENGTH, help_text="Country name contains this (any case)."
    )
    as_of = IsoDateFilter(
        help_text="YYYY-MM-DD. Count the organizations in force on this day instead of today."
    )
    designated = filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        help_text="true: only countries with at least one organization in force on the "
        "reference day; false: only those with none.",
    )

    default_ordering = ("name", "code")

    class Meta:
        model = Country
        fields: list[str] = []
        form = StrictForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(Q(name__icontains=data["q"]) | Q(code__iexact=data["q"]))
        if data.get("designated"):
            day = data.get("as_of") or timezone.localdate()
            designated = Exists(links_in_force(day))
            queryset = queryset.filter(designated if data["designated"] == "true" else ~designated)
        return queryset.order_by(*self.default_ordering)


class LegalConsequenceFilterSet(StrictFilterSet):
    program = CodeFilter(
        queryset=Program.objects.all(), help_text="Program code, e.g. US-FTO; repeatable."
    )
    authority = CodeFilter(
        field_name="program__authority",
        queryset=Authority.objects.all(),
        help_text="Authority code; repeatable.",
    )
    kind = filters.MultipleChoiceFilter(
        choices=LegalConsequence.Kind.choices,
        help_text="criminal, financial, immigration, civil or other; repeatable.",
    )

    default_ordering = ("program__code", "kind", "title", "id")

    class Meta:
        model = LegalConsequence
        fields: list[str] = []
        form = StrictForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("program"):
            queryset = queryset.filter(program__in=data["program"])
        if data.get("authority"):
            queryset = queryset.filter(program__authority__in=data["authority"])
        if data.get("kind"):
            queryset = queryset.filter(kind__in=data["kind"])
        return self.order(queryset)
