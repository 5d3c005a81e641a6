"""Read-only representations of the registry's resources.

Every serializer reads only what the view's query plan has loaded (see pointintime.py), so a
list costs the same number of queries for 5 rows or 500. The serializer context carries the
reference day (`day`) and whether the client asked for a past day (`as_of`); designations are
then shown as they stood that day.

Organizations and designations, and everything nested in them, are built by one hand-written
`to_representation` per serializer: DRF's field-by-field walk cost about 0.7 ms per designation,
half of a list page's worker time. Their declared fields are only what the OpenAPI schema reads; a
test (tests/api/test_representation.py) holds each representation to its declared fields. The
serializer context lives for one response, so what repeats within a response (a program's legal
consequences, the shape of a detail URL, the nested serializers) is made once and kept there.
A serializer's docstring is published in the schema, hence comments on the ones without one.
"""

import datetime as dt

from django.utils.timezone import get_current_timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from ..dates import format_partial_date
from ..models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    LegalConsequence,
    Organization,
    Program,
    Source,
)
from .pointintime import as_it_stood, prefetched
from .rows import (
    ALIAS_ROW,
    COUNTRY_ROW,
    EVENT_COLUMNS,
    IDENTIFIER_ROW,
    SOURCE_COLUMNS,
    EventRow,
    SourceRow,
    code_list,
    timeline,
)

ORGANIZATION_URL = "api:organization-detail"
DESIGNATION_URL = "api:designation-detail"

PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only a month or year.",
    "example": "2025-11-24",
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date shown with its precision (schema only: `partial_date` writes it)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)


def partial_date(value: dt.date | None, precision: str) -> str | None:
    """ "2025-11-24", "2021-01" or "2021"; null when the date is unknown."""
    return format_partial_date(value, precision) or None


def iso_date(value: dt.date | None) -> str | None:
    """A DateField as DRF writes it."""
    return value.isoformat() if value else None


def timestamp(value: dt.datetime | None, context: dict | None = None) -> str | None:
    """A DateTimeField as DRF writes it: ISO 8601 in the current time zone, UTC as "Z". With a
    serializer `context` the zone is looked up once per response (DRF's field looks it up for
    each value, half its cost)."""
    if not value:
        return None
    if context is None:
        zone = get_current_timezone()
    else:
        zone = context.get("time_zone") or context.setdefault("time_zone", get_current_timezone())
    text = value.astimezone(zone).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


def nested(parent: serializers.BaseSerializer, serializer_class):
    """A `serializer_class` sharing `parent`'s context, made once per response.

    Reaching it through `parent.fields` would make DRF build every declared field of every
    nested serializer (2-3 ms a page), which only the schema needs.
    """
    made = parent.context.setdefault("nested_serializers", {})
    if serializer_class not in made:
        made[serializer_class] = serializer_class(context=parent.context)
    return made[serializer_class]


PLACEHOLDER_PK = 987654321987654321


def detail_url(context: dict, view_name: str, pk: int) -> str:
    """The URL HyperlinkedIdentityField gives `pk`, with one reverse() per response.

    A reverse() per row was 6% of a list page. Ids are digits, which reverse() puts into the path
    as they are, so putting a row's id in place of a placeholder id gives the same URL.
    """
    templates = context.setdefault("detail_urls", {})
    if view_name not in templates:
        url = reverse(
            view_name,
            kwargs={"pk": PLACEHOLDER_PK},
            request=context["request"],
            format=context.get("format"),
        )
        templates[view_name] = url.rsplit(str(PLACEHOLDER_PK), 1)
    head, tail = templates[view_name]
    return f"{head}{pk}{tail}"


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = SOURCE_COLUMNS  # the order rows.with_timeline reads them in

    def to_representation(self, source: SourceRow) -> dict:
        return {
            "key": source.key,
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "kind": source.kind,
            "reliability": source.reliability,
            "published_on": iso_date(source.published_on),
        }


class EventSerializer(serializers.ModelSerializer):
    signed_on = PartialDateField()
    announced_on = PartialDateField()
    effective_on = PartialDateField()
    sources = SourceSerializer(many=True)

    class Meta:
        model = DesignationEvent
        fields = [*EVENT_COLUMNS, "sources"]  # the order rows.with_timeline reads them in

    def to_representation(self, event: EventRow) -> dict:
        source = nested(self, SourceSerializer).to_representation
        return {
            "kind": event.kind,
            "signed_on": partial_date(event.signed_on, event.signed_precision),
            "signed_precision": event.signed_precision,
            "announced_on": partial_date(event.announced_on, event.announced_precision),
            "announced_precision": event.announced_precision,
            "effective_on": partial_date(event.effective_on, event.effective_precision),
            "effective_precision": event.effective_precision,
            "citation": event.citation,
            "document_number": event.document_number,
            "confidence": event.confidence,
            "sources": [source(s) for s in event.sources],
        }


class LegalConsequenceSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    authority = serializers.CharField(source="program.authority.code")

    class Meta:
        model = LegalConsequence
        fields = [
            "id",
            "program",
            "authority",
            "kind",
            "title",
            "citation",
            "summary",
            "source_url",
        ]

    def to_representation(self, consequence: LegalConsequence) -> dict:
        # Built once per response: a program's consequences repeat on every designation of it.
        built = self.context.setdefault("legal_consequences", {})
        if consequence.pk not in built:
            built[consequence.pk] = {
                "id": consequence.pk,
                "program": consequence.program.code,
                "authority": consequence.program.authority.code,
                "kind": consequence.kind,
                "title": consequence.title,
                "citation": consequence.citation,
                "summary": consequence.summary,
                "source_url": consequence.source_url,
            }
        return built[consequence.pk]


def designating_event(designation: Designation) -> EventRow | None:
    return next(
        (
            event
            for event in timeline(designation)
            if event.kind == DesignationEvent.Kind.DESIGNATED
        ),
        None,
    )


class DesignationSerializer(serializers.ModelSerializer):
    """A designation inside its organization, with its timeline (as it stood on `as_of`)."""

    program = serializers.CharField(source="program.code")
    program_name = serializers.CharField(source="program.name")
    legal_basis = serializers.CharField(source="program.legal_basis")
    authority = serializers.CharField(source="program.authority.code")
    status = serializers.ChoiceField(choices=Designation.Status.choices, read_only=True)
    in_force = serializers.BooleanField(
        help_text="In force on the reference day (today, or `as_of`)."
    )
    designated_on = PartialDateField()
    revoked_on = PartialDateField()
    last_reviewed_on = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(
        allow_null=True,
        help_text="US-FTO: a review is due five years after designation or the last review.",
    )
    petition_opens_on = serializers.DateField(
        allow_null=True,
        help_text="US-FTO: the organization may petition for revocation from this day.",
    )
    citation = serializers.CharField(read_only=True)
    document_number = serializers.CharField(read_only=True)
    source_urls = serializers.ListField(child=serializers.URLField(), read_only=True)
    events = EventSerializer(many=True)

    class Meta:
        model = Designation
        fields = [
            "id",
            "program",
            "program_name",
            "legal_basis",
            "authority",
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
        ]

    def to_representation(self, designation: Designation) -> dict:
        day = self.context["day"]
        if self.context.get("as_of"):
            designation = as_it_stood(designation, day)
        program = designation.program
        event = designating_event(designation)
        event_representation = nested(self, EventSerializer).to_representation
        return {
            "id": designation.pk,
            "program": program.code,
            "program_name": program.name,
            "legal_basis": program.legal_basis,
            "authority": program.authority.code,
            "status": designation.status_on(day),
            "in_force": bool(designation.in_force),
            "designated_on": partial_date(
                designation.designated_on, designation.designated_precision
            ),
            "designated_precision": designation.designated_precision,
            "revoked_on": partial_date(designation.revoked_on, designation.revoked_precision),
            "revoked_precision": designation.revoked_precision,
            "last_reviewed_on": iso_date(designation.last_reviewed_on),
            "next_review_due": iso_date(designation.next_review_due),
            "petition_opens_on": iso_date(designation.petition_opens_on),
            "citation": event.citation if event else "",
            "document_number": event.document_number if event else "",
            "source_urls": (
                [source.url for source in event.sources if source.url] if event else []
            ),
            "events": [event_representation(e) for e in timeline(designation)],
        }


# Declared for the schema: the designation's plan reads it with the designation, and
# `organization_in_brief` writes it.
class OrganizationBriefSerializer(serializers.ModelSerializer):
    countries = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "countries"]


def organization_in_brief(designation: Designation) -> dict:
    """As the plan read it (rows.with_organization_brief)."""
    return {
        "id": designation.organization_id,
        "slug": designation.organization_slug,
        "name": designation.organization_current_name,
        "countries": code_list(designation.organization_countries),
    }


class DesignationDetailSerializer(DesignationSerializer):
    """A designation on its own: with its organization and its program's legal consequences."""

    url = serializers.HyperlinkedIdentityField(view_name=DESIGNATION_URL)
    organization = OrganizationBriefSerializer()
    legal_consequences = LegalConsequenceSerializer(many=True, source="program.consequences")
    updated_at = serializers.DateTimeField()

    class Meta(DesignationSerializer.Meta):
        fields = [
            "id",
            "url",
            "organization",
            *DesignationSerializer.Meta.fields[1:],
            "legal_consequences",
            "updated_at",
        ]

    def to_representation(self, designation: Designation) -> dict:
        consequence = nested(self, LegalConsequenceSerializer).to_representation
        inside = super().to_representation(designation)
        return {
            "id": inside.pop("id"),
            "url": detail_url(self.context, DESIGNATION_URL, designation.pk),
            "organization": organization_in_brief(designation),
            **inside,
            "legal_consequences": [
                consequence(c) for c in prefetched(designation.program, "consequences")
            ],
            "updated_at": timestamp(designation.updated_at, self.context),
        }


class FromRow:
    """A representation built from a JSON row the plan reads with the organization
    (rows.ORGANIZATION_ROWS): the values of `row_fields`, in that order."""

    row_fields: list[str] = []

    def to_representation(self, row: list) -> dict:
        return dict(zip(self.row_fields, row, strict=True))


ALIAS_FIELDS = list(ALIAS_ROW)
COUNTRY_FIELDS = list(COUNTRY_ROW)
IDENTIFIER_FIELDS = list(IDENTIFIER_ROW)


class AliasSerializer(FromRow, serializers.ModelSerializer):
    row_fields = ALIAS_FIELDS

    class Meta:
        model = Alias
        fields = ALIAS_FIELDS


class CountryLinkSerializer(FromRow, serializers.Serializer):
    row_fields = COUNTRY_FIELDS

    code = serializers.CharField(source="country_id")
    name = serializers.CharField(source="country.name")
    role = serializers.CharField()
    confidence = serializers.CharField()


class IdentifierSerializer(FromRow, serializers.ModelSerializer):
    row_fields = IDENTIFIER_FIELDS

    class Meta:
        model = Identifier
        fields = IDENTIFIER_FIELDS


def consequences_in_force(organization: Organization) -> list[LegalConsequence]:
    """Consequences of every program under which the organization is in force (reference day)."""
    seen: dict[int, LegalConsequence] = {}
    for designation in prefetched(organization, "designations"):
        if designation.in_force:
            for consequence in prefetched(designation.program, "consequences"):
                seen.setdefault(consequence.pk, consequence)
    return list(seen.values())


class OrganizationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name=ORGANIZATION_URL)
    aliases = AliasSerializer(many=True)
    countries = CountryLinkSerializer(many=True, source="country_links")
    identifiers = IdentifierSerializer(many=True)
    designations = DesignationSerializer(many=True)
    legal_consequences = LegalConsequenceSerializer(
        many=True,
        read_only=True,
        help_text="What the designations in force on the reference day do in law.",
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "description",
            "aliases",
            "countries",
            "identifiers",
            "designations",
            "legal_consequences",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, organization: Organization) -> dict:
        alias = nested(self, AliasSerializer).to_representation
        link = nested(self, CountryLinkSerializer).to_representation
        identifier = nested(self, IdentifierSerializer).to_representation
        designation = nested(self, DesignationSerializer).to_representation
        consequence = nested(self, LegalConsequenceSerializer).to_representation
        return {
            "id": organization.pk,
            "url": detail_url(self.context, ORGANIZATION_URL, organization.pk),
            "slug": organization.slug,
            "name": organization.name,
            "kind": organization.kind,
            "description": organization.description,
            "aliases": [alias(row) for row in organization.alias_rows],
            "countries": [link(row) for row in organization.country_rows],
            "identifiers": [identifier(row) for row in organization.identifier_rows],
            "designations": [designation(d) for d in prefetched(organization, "designations")],
            "legal_consequences": [consequence(c) for c in consequences_in_force(organization)],
            "created_at": timestamp(organization.created_at, self.context),
            "updated_at": timestamp(organization.updated_at, self.context),
        }


class OrganizationSummarySerializer(serializers.Serializer):
    """An organization in a list asked for in brief (`brief=true`)."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    countries = serializers.ListField(child=serializers.CharField())
    programs_in_force = serializers.ListField(
        child=serializers.CharField(),
        help_text="Programs with a designation of it in force on the reference day (today, or "
        "`as_of`), by code.",
    )


class DesignationSummarySerializer(serializers.Serializer):
    """A designation in a list asked for in brief (`brief=true`)."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    organization = OrganizationBriefSerializer()
    program = serializers.CharField()
    authority = serializers.CharField()
    status = serializers.ChoiceField(choices=Designation.Status.choices)
    in_force = serializers.BooleanField(
        help_text="In force on the reference day (today, or `as_of`)."
    )
    designated_on = PartialDateField()
    revoked_on = PartialDateField()


class ProgramSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.code")
    authority_name = serializers.CharField(source="authority.name")
    consequences = LegalConsequenceSerializer(many=True)

    class Meta:
        model = Program
        fields = [
            "code",
            "name",
            "authority",
            "authority_name",
            "legal_basis",
            "description",
            "url",
            "review_period_years",
            "petition_period_years",
            "consequences",
        ]


class AuthoritySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", allow_null=True)
    programs = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Authority
        fields = ["code", "name", "country", "url", "programs"]


class CountrySerializer(serializers.ModelSerializer):
    organizations_in_force = serializers.IntegerField(
        help_text="Organizations based or operating here with a designation in force on the "
        "reference day (today, or `as_of`)."
    )

    class Meta:
        model = Country
        fields = ["code", "name", "organizations_in_force"]


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documented in the schema)."""

    status = serializers.IntegerField()
    code = serializers.CharField(help_text="e.g. invalid_parameter, not_found, throttled")
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="400 only: the messages for each offending parameter, keyed by its name.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="429 only: seconds.")


__all__ = [
    "AuthoritySerializer",
    "CountrySerializer",
    "DesignationDetailSerializer",
    "DesignationSummarySerializer",
    "ErrorSerializer",
    "LegalConsequenceSerializer",
    "OrganizationSerializer",
    "OrganizationSummarySerializer",
    "ProgramSerializer",
    "consequences_in_force",
    "designating_event",
]
