"""Authorities: the bodies that designate, and the programs each keeps."""

from rest_framework import serializers as s

from ..models import Authority, Country
from ..selectors.reference import AUTHORITIES
from .filters import CodeFilter, StrictFilterSet, StrictForm
from .spec import Column, Field, Resource, Spec

SPEC = Spec(
    "Authority",
    doc="A body that designates (e.g. US-DOS, UN-SC).",
    fields=[
        Field("code", s.CharField()),
        Field("name", s.CharField()),
        Field(
            "country",
            s.CharField(allow_null=True, help_text="ISO alpha-2; null for international bodies."),
            "country_id",
        ),
        Field("url", s.URLField(allow_blank=True)),
        Field(
            "programs",
            s.ListField(child=s.CharField(), help_text="Program codes."),
            "program_codes",
            csv=(Column("programs", "program_codes_text"),),
        ),
    ],
)


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


RESOURCE = Resource(
    SPEC,
    AuthorityFilterSet,
    model=Authority,
    selector=AUTHORITIES,
)
