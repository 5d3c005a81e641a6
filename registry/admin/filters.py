"""List filters shared by the organization and designation changelists."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from ..models import Designation


class DesignationStatusFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Designation.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Designation.Status.values:
            return queryset.with_status(self.value())
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
        active = Designation.objects.filter(organization=OuterRef("pk")).with_status("active")
        if self.value() == "active":
            return queryset.filter(Exists(active))
        if self.value() == "revoked":
            ended = Designation.objects.filter(organization=OuterRef("pk")).with_status("revoked")
            return queryset.filter(Exists(ended)).exclude(Exists(active))
        return queryset


class OrganizationDesignatedYearFilter(DesignatedYearFilter):
    field = "designations__designated_on"
