"""Programs: the lists kept under one legal basis, each with its legal consequences."""

from rest_framework import serializers as s

from ..models import Authority, Country, Program
from ..selectors.reference import PROGRAMS
from . import legal_consequences
from .filters import CodeFilter, StrictFilterSet, StrictForm
from .spec import Column, Context, Field, Resource, Spec


def consequences(code: str, row, context: Context) -> list[dict]:
    return context.shared["consequences"].get(code, [])


def consequence_titles(row, context: Context) -> list[str]:
    return [c["title"] for c in consequences(row["code"], row, context)]


SPEC = Spec(
    "Program",
    doc="A list kept under one legal basis (e.g. US-FTO under INA §219), with its legal "
    "consequences.",
    fields=[
        Field("code", s.CharField()),
        Field("name", s.CharField()),
        Field("authority", s.CharField(help_text="Authority code."), "authority_code"),
        Field("authority_name", s.CharField()),
        Field("legal_basis", s.CharField()),
        Field("description", s.CharField()),
        Field("url", s.URLField(allow_blank=True)),
        Field(
            "review_period_years",
            s.IntegerField(
                allow_null=True,
                help_text="A review is due when none happened within this many years.",
            ),
        ),
        Field(
            "petition_period_years",
            s.IntegerField(
                allow_null=True,
                help_text="The organization may petition this many years after designation or "
                "its last review.",
            ),
        ),
        Field(
            "consequences",
            legal_consequences.SPEC.serializer()(many=True),
            source="code",
            show=consequences,
            csv=(Column("consequences", consequence_titles, reads=("code",)),),
        ),
    ],
)


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


RESOURCE = Resource(
    SPEC,
    ProgramFilterSet,
    model=Program,
    selector=PROGRAMS,
    attach=legal_consequences.attach,
)
