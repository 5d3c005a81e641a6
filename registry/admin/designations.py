"""Designation admin: one designation with its dated events.

Designations and events are never deleted here (a revocation is an event). After the events are
saved, the designation's derived dates are refreshed by the designation service.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from ..dates import ReferenceDay
from ..models import Designation, DesignationEvent
from ..selectors.designations import with_values
from ..selectors.search import organizations_matching
from ..services.designations import designation_refresh_dates
from .audit import COMPACT_TEXT, AuditedAdmin
from .autocomplete import Autocomplete
from .filters import DesignatedYearFilter, DesignationStatusFilter

# What the designation pages show beside the columns, read through the designation selector.
SHOWN = [
    "status",
    "unknown_because",
    "designated",
    "revoked",
    "last_reviewed",
    "next_review_due",
    "petition_opens_on",
]


class EventFormSet(BaseInlineFormSet):
    """Checks the order of events entered together (the model checks them against saved ones)."""

    def clean(self):
        super().clean()
        forms = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        starts = [
            f for f in forms if f.cleaned_data.get("kind") == DesignationEvent.Kind.DESIGNATED
        ]
        ends = [f for f in forms if f.cleaned_data.get("kind") in DesignationEvent.ENDING_KINDS]
        if len(starts) > 1:
            raise ValidationError("A designation has one designation event.")
        if len(ends) > 1:
            raise ValidationError("A designation is revoked or set aside once.")
        if starts and ends:
            began = starts[0].cleaned_data.get("effective_on")
            ended = ends[0].cleaned_data.get("effective_on")
            if began and ended and ended < began:
                ends[0].add_error(
                    "effective_on",
                    f"A revocation cannot take effect before the designation it ends "
                    f"(designated {began:%Y-%m-%d}).",
                )


class EventInline(Autocomplete, admin.StackedInline):
    model = DesignationEvent
    formset = EventFormSet
    fields = [
        "kind",
        ("effective_on", "effective_precision"),
        ("signed_on", "signed_precision"),
        ("announced_on", "announced_precision"),
        ("citation", "document_number"),
        "confidence",
        "sources",
        "note",
    ]
    autocomplete_fields = ["sources"]
    formfield_overrides = COMPACT_TEXT
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sources")


@admin.register(Designation)
class DesignationAdmin(AuditedAdmin):
    list_display = [
        "organization",
        "program",
        "authority",
        "status",
        "designated",
        "revoked",
        "next_review_due",
    ]
    list_select_related = ["organization", "program", "program__authority"]
    list_filter = [
        DesignationStatusFilter,
        "program",
        "program__authority",
        "organization__country_links__country",
        DesignatedYearFilter,
    ]
    search_fields = ["organization__name"]  # normalized in get_search_results
    search_help_text = "Organization name or alias, or a program code."
    autocomplete_fields = ["organization", "program"]
    fields = [
        "organization",
        "program",
        "note",
        "status",
        "designated",
        "revoked",
        "last_reviewed",
        "next_review_due",
        "petition_opens_on",
    ]
    readonly_fields = [
        "status",
        "designated",
        "revoked",
        "last_reviewed",
        "next_review_due",
        "petition_opens_on",
    ]
    inlines = [EventInline]
    list_per_page = 50

    def get_queryset(self, request):
        # Its state today, its dates and clocks: the selector's, as the API shows them.
        today = ReferenceDay(timezone.localdate())
        return with_values(super().get_queryset(request), today, SHOWN)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        by_name = queryset.filter(organization__in=organizations_matching(term))
        return by_name | queryset.filter(program__code__iexact=term), False

    def get_readonly_fields(self, request, obj=None):
        # organization and program are fixed once the designation exists: open a new one instead
        if obj is not None:
            return ["organization", "program", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        designation_refresh_dates(form.instance, reason="admin: events edited", user=request.user)

    @admin.display(description="authority", ordering="program__authority__code")
    def authority(self, obj: Designation) -> str:
        return obj.program.authority.code

    @admin.display(description="status today")
    def status(self, obj: Designation) -> str:
        label = Designation.Status(obj.status).label
        return f"{label}: {obj.unknown_because}" if obj.unknown_because else label

    @admin.display(description="designated", ordering="designated_on")
    def designated(self, obj: Designation) -> str:
        return obj.designated or "date unknown"

    @admin.display(description="revoked", ordering="revoked_on")
    def revoked(self, obj: Designation) -> str:
        return obj.revoked or "—"

    @admin.display(description="last reviewed")
    def last_reviewed(self, obj: Designation) -> str:
        return obj.last_reviewed or "—"

    @admin.display(description="next review due")
    def next_review_due(self, obj: Designation) -> str:
        return obj.next_review_due or "—"

    @admin.display(description="petition opens on")
    def petition_opens_on(self, obj: Designation) -> str:
        return obj.petition_opens_on or "—"
