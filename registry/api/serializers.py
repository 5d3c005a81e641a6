"""Read-only representations of the registry's resources.

Every serializer reads only what the view's query plan has loaded (see pointintime.py), so a
list costs the same number of queries for 5 rows or 500. The serializer context carries the
reference day (`day`) and whether the client asked for a past day (`as_of`); designations are
then shown as they stood that day.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from .pointintime import as_it_stood

PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only a month or year.",
    "example": "2025-11-24",
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date shown with its precision: "2025-11-24", "2021-01" or "2021"."""

    def __init__(self, name: str, **kwargs):
        self.date_name = name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance) -> str | None:
        value = getattr(instance, f"{self.date_name}_on")
        return format_partial_date(value, getattr(instance, f"{self.date_name}_precision")) or None


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["key", "title", "publisher", "url", "kind", "reliability", "published_on"]


class EventSerializer(serializers.ModelSerializer):
    signed_on = PartialDateField("signed")
    announced_on = PartialDateField("announced")
    effective_on = PartialDateField("effective")
    sources = SourceSerializer(many=True)

    class Meta:
        model = DesignationEvent
        fields = [
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
            "sources",
        ]


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


def designating_event(designation: Designation) -> DesignationEvent | None:
    return next(
        (e for e in designation.events.all() if e.kind == DesignationEvent.Kind.DESIGNATED), None
    )


class DesignationSerializer(serializers.ModelSerializer):
    """A designation inside its organization, with its timeline (as it stood on `as_of`)."""

    program = serializers.CharField(source="program.code")
    program_name = serializers.CharField(source="program.name")
    legal_basis = serializers.CharField(source="program.legal_basis")
    authority = serializers.CharField(source="program.authority.code")
    status = serializers.SerializerMethodField()
    in_force = serializers.BooleanField(
        help_text="In force on the reference day (today, or `as_of`)."
    )
    designated_on = PartialDateField("designated")
    revoked_on = PartialDateField("revoked")
    last_reviewed_on = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(
        allow_null=True,
        help_text="US-FTO: a review is due five years after designation or the last review.",
    )
    petition_opens_on = serializers.DateField(
        allow_null=True,
        help_text="US-FTO: the organization may petition for revocation from this day.",
    )
    citation = serializers.SerializerMethodField()
    document_number = serializers.SerializerMethodField()
    source_urls = serializers.SerializerMethodField()
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

    def to_representation(self, instance):
        if self.context.get("as_of"):
            instance = as_it_stood(instance, self.context["day"])
        return super().to_representation(instance)

    @extend_schema_field(serializers.ChoiceField(choices=Designation.Status.choices))
    def get_status(self, designation: Designation) -> str:
        return designation.status_on(self.context["day"])

    def get_citation(self, designation: Designation) -> str:
        event = designating_event(designation)
        return event.citation if event else ""

    def get_document_number(self, designation: Designation) -> str:
        event = designating_event(designation)
        return event.document_number if event else ""

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_source_urls(self, designation: Designation) -> list[str]:
        event = designating_event(designation)
        return [source.url for source in event.sources.all() if source.url] if event else []


class OrganizationBriefSerializer(serializers.ModelSerializer):
    countries = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "countries"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_countries(self, organization: Organization) -> list[str]:
        return country_codes(organization)


def country_codes(organization: Organization) -> list[str]:
    return list(dict.fromkeys(link.country_id for link in organization.country_links.all()))


class DesignationDetailSerializer(DesignationSerializer):
    """A designation on its own: with its organization and its program's legal consequences."""

    url = serializers.HyperlinkedIdentityField(view_name="api:designation-detail")
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


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alias
        fields = ["name", "kind", "script", "language"]


class CountryLinkSerializer(serializers.Serializer):
    code = serializers.CharField(source="country_id")
    name = serializers.CharField(source="country.name")
    role = serializers.CharField()
    confidence = serializers.CharField()


class IdentifierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Identifier
        fields = ["scheme", "value"]


def consequences_in_force(organization: Organization) -> list[LegalConsequence]:
    """Consequences of every program under which the organization is in force (reference day)."""
    seen: dict[int, LegalConsequence] = {}
    for designation in organization.designations.all():
        if designation.in_force:
            for consequence in designation.program.consequences.all():
                seen.setdefault(consequence.pk, consequence)
    return list(seen.values())


class OrganizationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail")
    aliases = AliasSerializer(many=True)
    countries = CountryLinkSerializer(many=True, source="country_links")
    identifiers = IdentifierSerializer(many=True)
    designations = DesignationSerializer(many=True)
    legal_consequences = serializers.SerializerMethodField(
        help_text="What the designations in force on the reference day do in law."
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

    @extend_schema_field(LegalConsequenceSerializer(many=True))
    def get_legal_consequences(self, organization: Organization) -> list[dict]:
        return LegalConsequenceSerializer(consequences_in_force(organization), many=True).data


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
    "ErrorSerializer",
    "LegalConsequenceSerializer",
    "OrganizationSerializer",
    "ProgramSerializer",
    "consequences_in_force",
    "country_codes",
    "designating_event",
]
