"""List filters shared by the organization and designation changelists."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..models import Designation
from ..querysets import ended_q


class DesignationStatusFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Designation.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Designation.Status.values:
            return queryset.with_status(self.value(), on=timezone.localdate())
        return queryset


class DesignatedYearFilter(admin.SimpleListFilter):
    title = "year designated"
    parameter_name = "year"
    field = "designated_on"

    def lookups(self, request, model_admin):
        years = Designation.objects.filter(designated_on__isnull=False).dates(
            "designated_on", "year", order="DESC"
        )
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.field}__year": int(self.value())}).distinct()
        return queryset


class OrganizationStatusFilter(admin.SimpleListFilter):
    title = "designation status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Has a designation in force"), ("revoked", "Every designation ended")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        theirs = Designation.objects.filter(organization=OuterRef("pk"))
        active = theirs.with_status(Designation.Status.ACTIVE, on=today)
        if self.value() == "active":
            return queryset.filter(Exists(active))
        if self.value() == "revoked":
            # every designation certainly ended (none active, pending or unknown)
            still_open = theirs.exclude(ended_q(today))
            return queryset.filter(Exists(theirs)).exclude(Exists(still_open))
        return queryset


class OrganizationDesignatedYearFilter(DesignatedYearFilter):
    field = "designations__designated_on"
