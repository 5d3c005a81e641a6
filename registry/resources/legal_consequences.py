"""Legal consequences: what a designation under a program does in law."""

import django_filters as filters
from rest_framework import serializers as s

from ..models import Authority, LegalConsequence, Program
from ..selectors.reference import LEGAL_CONSEQUENCES
from .filters import CodeFilter, StrictFilterSet, StrictForm
from .spec import Context, Field, Resource, Spec

SPEC = Spec(
    "LegalConsequence",
    doc="What a designation under a program does in law, with its citation.",
    fields=[
        Field("id", s.IntegerField()),
        Field("program", s.CharField(help_text="Program code."), "program_code"),
        Field("authority", s.CharField(help_text="Authority code."), "authority_code"),
        Field("kind", s.ChoiceField(choices=LegalConsequence.Kind.choices)),
        Field("title", s.CharField()),
        Field("citation", s.CharField(help_text="e.g. 18 U.S.C. §2339B(a)(1)")),
        Field("summary", s.CharField()),
        Field("source_url", s.URLField(allow_blank=True)),
    ],
)


def by_program(context: Context) -> dict[str, list[dict]]:
    """Every program's consequences, each as its JSON shows it, by program code: read once per
    response (a program's consequences repeat on every designation under it)."""
    ordered = LegalConsequence.objects.order_by("kind", "title", "id")
    grouped: dict[str, list[dict]] = {}
    for row in LEGAL_CONSEQUENCES.rows(ordered, context.reference, SPEC.keys()):
        consequence = SPEC.json(row, context)
        grouped.setdefault(consequence["program"], []).append(consequence)
    return grouped


def attach(rows: list[dict], context: Context, variant: str) -> None:
    """For a resource that shows legal consequences: each program's, read once per response."""
    if "consequences" not in context.shared:
        context.shared["consequences"] = by_program(context)


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


RESOURCE = Resource(
    SPEC,
    LegalConsequenceFilterSet,
    model=LegalConsequence,
    selector=LEGAL_CONSEQUENCES,
)
