"""Organization admin: names, countries, identifiers and designations on one page."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.utils import timezone

from ..dates import Precision, ReferenceDay, precision_error
from ..models import Alias, Designation, Identifier, Organization, OrganizationCountry
from ..selectors.designations import with_values as designation_values
from ..selectors.organizations import with_values as organization_values
from ..selectors.search import RANKED, organizations_matching
from ..services.designations import designation_create
from .audit import AuditedAdmin
from .autocomplete import Autocomplete
from .filters import OrganizationDesignatedYearFilter, OrganizationStatusFilter


class AliasInline(Autocomplete, admin.TabularInline):
    model = Alias
    fields = ["name", "kind", "script", "language", "source", "listed_on", "delisted_on"]
    readonly_fields = ["delisted_on"]  # set by imports: the list stopped carrying the alias
    autocomplete_fields = ["source"]
    extra = 1


class CountryLinkInline(Autocomplete, admin.TabularInline):
    model = OrganizationCountry
    fields = ["country", "role", "confidence", "source"]
    autocomplete_fields = ["country", "source"]
    extra = 0


class IdentifierInline(admin.TabularInline):
    model = Identifier
    fields = ["scheme", "value"]
    extra = 0


class NewDesignationForm(forms.ModelForm):
    """A designation added from the organization page, with its designation event's dates."""

    effective_on = forms.DateField(
        required=False, help_text="Effective date of the designation (empty if unknown)."
    )
    effective_precision = forms.ChoiceField(choices=Precision.choices, initial=Precision.DAY)
    citation = forms.CharField(required=False, max_length=100, help_text="e.g. 90 FR 53045")

    class Meta:
        model = Designation
        fields = ["program", "note"]

    def clean(self):
        cleaned = super().clean()
        problem = precision_error(cleaned.get("effective_on"), cleaned.get("effective_precision"))
        if problem:
            self.add_error("effective_on", problem)
        return cleaned


SHOWN = ["status", "designated", "revoked"]  # of each designation, read by its selector


class DesignationInline(Autocomplete, admin.TabularInline):
    """Existing designations are shown read-only (their events are edited on their own page);
    new ones are opened through the designation service, with their first event."""

    model = Designation
    form = NewDesignationForm
    fields = ["program", "effective_on", "effective_precision", "citation", "note"]
    readonly_fields: list[str] = []
    autocomplete_fields = ["program"]
    show_change_link = True
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        today = ReferenceDay(timezone.localdate())
        designations = super().get_queryset(request).select_related("program")
        return designation_values(designations.prefetch_related("events"), today, SHOWN)

    def has_change_permission(self, request, obj=None):
        return False  # change a designation through its events, on its own page

    # How existing (read-only) rows show the columns of the designation event.
    @admin.display(description="effective")
    def effective_on(self, obj: Designation) -> str:
        ended = f", revoked {obj.revoked}" if obj.revoked else ""
        return f"{obj.designated or 'date unknown'}{ended} ({obj.status})"

    @admin.display(description="precision")
    def effective_precision(self, obj: Designation) -> str:
        return obj.get_designated_precision_display()

    @admin.display(description="citation")
    def citation(self, obj: Designation) -> str:
        return "; ".join(e.citation for e in obj.events.all() if e.citation)


class OrganizationForm(forms.ModelForm):
    """The organization's form, carrying the version it was opened at (`updated_at`): a save
    over a change made since (by another analyst, or an import) is refused with a form error
    instead of silently undoing it. The row stays locked from the check to the save (the admin
    saves in one transaction)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organization
        fields = ["name", "slug", "kind", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        opened_at = cleaned.get("version")
        if self.instance.pk and opened_at:
            current = (
                Organization.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current is not None and current.isoformat() != opened_at:
                raise forms.ValidationError(
                    "This organization was changed (by someone else or an import) after you "
                    f"opened it, at {current:%Y-%m-%d %H:%M:%S} UTC. Your edit was not saved: "
                    "reload the page to see the change, then make your edit again."
                )
        return cleaned


class OrganizationAdmin(AuditedAdmin):
    form = OrganizationForm
    list_display = ["name", "kind", "countries", "designations_in_force", "updated_at"]
    list_filter = [
        OrganizationStatusFilter,
        "designations__program",
        "designations__program__authority",
        "country_links__country",
        OrganizationDesignatedYearFilter,
        "kind",
    ]
    search_fields = ["name"]  # replaced by the normalized search in get_search_results
    search_help_text = "Name or alias; case, accents and punctuation are ignored (e.g. cjng)."
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "description", "version"]
    inlines = [AliasInline, CountryLinkInline, IdentifierInline, DesignationInline]
    list_per_page = 50

    def get_queryset(self, request):
        today = ReferenceDay(timezone.localdate())
        organizations = organization_values(
            super().get_queryset(request), today, ["country_codes", "programs_in_force"]
        )
        return organizations

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        # The API's search; best match first unless a column is sorted (ORDER_VAR).
        found = organizations_matching(search_term, queryset)
        return (found if ORDER_VAR in request.GET else found.order_by(*RANKED)), False

    def has_delete_permission(self, request, obj=None):
        # Nothing is lost: an organization with designations is deleted by superusers only.
        if obj is not None and obj.designations.exists():
            return request.user.is_superuser
        return super().has_delete_permission(request, obj)

    @admin.display(description="countries")
    def countries(self, obj: Organization) -> str:
        return ", ".join(obj.country_codes)

    @admin.display(description="in force today")
    def designations_in_force(self, obj: Organization) -> str:
        return ", ".join(obj.programs_in_force) or "—"

    def save_formset(self, request, form, formset, change):
        if formset.model is not Designation:
            return super().save_formset(request, form, formset, change)
        # New designations open through the service, which also writes their first event.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        # Existing rows are view-only: Django skips their validation, so only the extra
        # (new) forms are read, whatever ids a tampered POST gives the others.
        for inline_form in formset.extra_forms:
            if not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            designation = designation_create(
                organization=form.instance,
                program=data["program"],
                designation_note=data.get("note", ""),
                effective_on=data.get("effective_on"),
                effective_precision=data.get("effective_precision") or Precision.DAY,
                citation=data.get("citation", ""),
                reason="admin: added",
                user=request.user,
            )
            formset.new_objects.append(designation)
