"""Countries (ISO 3166-1), with how many organizations each has in force on the reference day."""

import django_filters as filters
from django.db.models import Exists, Q
from django.utils import timezone
from rest_framework import serializers as s

from ..models import Country
from ..selectors.reference import COUNTRIES, links_in_force
from .filters import IsoDateFilter, StrictFilterSet, StrictForm
from .spec import Field, Resource, Spec

SPEC = Spec(
    "Country",
    doc="An ISO 3166-1 country, with how many designated organizations it has.",
    fields=[
        Field("code", s.CharField(help_text="ISO 3166-1 alpha-2.")),
        Field("name", s.CharField()),
        Field(
            "organizations_in_force",
            s.IntegerField(
                help_text="Organizations based or operating here with a designation in force on "
                "the reference day (today, or `as_of`)."
            ),
        ),
    ],
)


class CountryFilterSet(StrictFilterSet):
    q = filters.CharFilter(max_length=200, help_text="Country name contains this (any case).")
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


RESOURCE = Resource(
    SPEC,
    CountryFilterSet,
    model=Country,
    selector=COUNTRIES,
)
