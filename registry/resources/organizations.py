"""Organizations: their fields (JSON, brief, CSV, schema) and filters.

An organization carries its names, countries and list keys, its designations (each as the
designation resource shows it nested, as it stood on the reference day) and the legal consequences
in force for it; its values come from the organization selector
(registry/selectors/organizations.py).
"""

import datetime as dt

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from rest_framework import serializers as s

from ..models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    Organization,
    OrganizationCountry,
    Program,
)
from ..querysets import Status
from ..selectors.organizations import ORGANIZATIONS, designations_of
from ..selectors.search import RANKED, organizations_matching
from ..sql import by_name
from . import designations, legal_consequences
from .filters import (
    CodeFilter,
    IsoDateFilter,
    MomentFilter,
    StableOrderingFilter,
    StrictFilterSet,
    StrictForm,
    UncertainFilter,
    codes,
)
from .spec import CSV, Column, Context, Field, Resource, Row, Spec, link

Nested = designations.SPEC.NESTED


class AliasSchema(s.Serializer):
    name = s.CharField()
    kind = s.ChoiceField(choices=Alias.Kind.choices)
    script = s.CharField()
    language = s.CharField()
    listed_on = s.DateField(
        allow_null=True,
        help_text="The day a list first gave the organization this name, when the record says "
        "(an amendment adding it); null for a name it has had since its first listing. With "
        "`as_of`, only the names it had that day are shown.",
    )


class CountryLinkSchema(s.Serializer):
    code = s.CharField(help_text="ISO alpha-2.")
    name = s.CharField()
    role = s.ChoiceField(choices=OrganizationCountry.Role.choices)
    confidence = s.CharField()


class IdentifierSchema(s.Serializer):
    scheme = s.ChoiceField(choices=Identifier.Scheme.choices)
    value = s.CharField()


def its_designations(pk: int, row: Row, context: Context) -> list[dict]:
    nested = context.shared["designations"].get(pk, [])
    return [designations.SPEC.json(d, context, Nested) for d in nested]


def designation_summaries(row: Row, context: Context) -> list[str]:
    """ "US-FTO active 2025-03-05", "US-FTO revoked 2021-01-19/2021-02-16", "US-SDGT unknown"."""
    summaries = []
    for d in context.shared["designations"].get(row["id"], []):
        text = f"{d['program_code']} {d['status']}"
        if d["designated"]:
            text += f" {d['designated']}" + (f"/{d['revoked']}" if d["revoked"] else "")
        summaries.append(text)
    return summaries


def consequences_in_force(programs: list[str], row: Row, context: Context) -> list[dict]:
    """The legal consequences of every program under which it is in force on the day."""
    shared = context.shared["consequences"]
    return [consequence for code in programs for consequence in shared.get(code, [])]


def consequence_titles(row: Row, context: Context) -> list[str]:
    return [c["title"] for c in consequences_in_force(row["programs_in_force"], row, context)]


PROGRAMS_IN_FORCE = s.ListField(
    child=s.CharField(),
    help_text="Codes of the programs under which it has a designation in force on the reference "
    "day (today, or `as_of`).",
)

SPEC = Spec(
    "Organization",
    doc="An organization with its names, countries, list identifiers, designations and the "
    "legal consequences in force for it on the reference day.",
    fields=[
        Field("id", s.IntegerField(), brief=True),
        link("api:organization-list"),
        Field("slug", s.SlugField(), brief=True),
        Field("name", s.CharField(), brief=True),
        Field("kind", s.ChoiceField(choices=Organization.Kind.choices)),
        Field("description", s.CharField()),
        Field(
            "aliases",
            AliasSchema(many=True),
            "alias_rows",
            csv=(Column("aliases", "aliases_text"),),
        ),
        Field(
            "countries",
            CountryLinkSchema(many=True),
            "country_rows",
            brief=Field(
                "countries",
                s.ListField(child=s.CharField(), help_text="ISO alpha-2 codes."),
                "country_codes",
            ),
            csv=(Column("countries", "country_codes_text"),),
        ),
        Field(
            "identifiers",
            IdentifierSchema(many=True),
            "identifier_rows",
            csv=(Column("identifiers", "identifiers_text"),),
        ),
        Field(
            "programs_in_force",
            PROGRAMS_IN_FORCE,
            brief=True,
            csv=(Column("programs_in_force", "programs_in_force_text"),),
        ),
        Field(
            "designations",
            designations.SPEC.serializer(Nested)(many=True),
            source="id",
            show=its_designations,
            csv=(Column("designations", designation_summaries, reads=("id",)),),
        ),
        Field(
            "legal_consequences",
            legal_consequences.SPEC.serializer()(
                many=True,
                help_text="What the designations in force on the reference day do in law.",
            ),
            source="programs_in_force",
            show=consequences_in_force,
            csv=(Column("legal_consequences", consequence_titles, reads=("programs_in_force",)),),
        ),
        Field("created_at", s.DateTimeField(), "created"),
        Field("updated_at", s.DateTimeField(), "updated"),
    ],
)

NESTED_DESIGNATION_KEYS = designations.SPEC.keys(Nested)


def attach(rows: list[dict], context: Context, variant: str) -> None:
    """For rows that show designations (full, CSV): theirs, in one query; and the legal
    consequences of each program, once per response."""
    if variant not in (Spec.FULL, CSV):
        return
    ids = [row["id"] for row in rows]
    context.shared["designations"] = designations_of(
        ids, context.reference, NESTED_DESIGNATION_KEYS
    )
    legal_consequences.attach(rows, context, variant)


# --- filters -----------------------------------------------------------------------------------


def in_countries(country_codes: list[str]) -> Exists:
    """Organizations linked to any of the countries, tested row by row: an organization list
    walks its order's index and stops at a page."""
    links = OrganizationCountry.objects.filter(organization=OuterRef("pk"))
    return Exists(links.filter(country_id__in=country_codes))


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


class OrganizationFilterSet(StrictFilterSet):
    q = filters.CharFilter(
        max_length=200,
        help_text="The organization's name or any of its aliases contains this text, ignoring "
        'case, accents, spaces and punctuation ("ms13" finds MS-13, "cartel de jalisco" finds '
        "Cártel de Jalisco Nueva Generación); when no name contains it, names holding each of "
        'its words in any order ("jalisco cartel"), then names of similar spelling ("lashkar e '
        'toiba"). Without `ordering`, best match first: a name or alias equal to the text, then '
        "one that starts with it, then one that contains it, then every word, then similar "
        "spellings; ties by name. With `as_of`, by the names it had that day: a name a list "
        "gave it later, or had dropped by then, does not find it.",
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
        choices=Status.choices,
        help_text="active: has an active designation (matching the other designation filters); "
        "revoked / pending / unknown: has such a one and no active one. Taken on the reference "
        "day (today, or `as_of`).",
    )
    as_of = IsoDateFilter(
        help_text="YYYY-MM-DD. Only organizations with a designation in force that day "
        "(effective on or before it and not revoked on or before it), shown as they stood that "
        "day. With `status`, the day on which the status is taken instead."
    )
    uncertain = UncertainFilter("organizations with a designation")
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
        names=("name",),
        help_text="name, updated_at or created_at; prefix with - for descending. Default: name "
        "(case ignored), or best match first with `q`. Ties are broken by id.",
    )

    default_ordering = (by_name(), "id")

    class Meta:
        model = Organization
        fields: list[str] = []
        form = StrictForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("q"):
            queryset = organizations_matching(data["q"], queryset, day=data.get("as_of"))
        if data.get("slug"):
            queryset = queryset.filter(slug=data["slug"])
        if data.get("country"):
            queryset = queryset.filter(in_countries(codes(data["country"])))
        if data.get("changed_since"):
            queryset = queryset.filter(changed_since_q(data["changed_since"]))
        if any(data.get(name) for name in designations.PARAMETERS):
            matching = designations.narrow(
                Designation.objects.filter(organization=OuterRef("pk")), data, apply_status=False
            )
            status, day = data.get("status"), data.get("as_of") or timezone.localdate()
            if not status:
                queryset = queryset.filter(Exists(matching))
            else:
                active = Exists(matching.with_status(Status.ACTIVE, on=day))
                if status == Status.ACTIVE:
                    queryset = queryset.filter(active)
                else:
                    queryset = queryset.filter(Exists(matching.with_status(status, on=day)))
                    queryset = queryset.exclude(active)
        if data.get("q") and not data.get("ordering"):
            return queryset.order_by(*RANKED)  # best match first
        return self.order(queryset)


RESOURCE = Resource(
    SPEC,
    OrganizationFilterSet,
    model=Organization,
    selector=ORGANIZATIONS,
    attach=attach,
)
