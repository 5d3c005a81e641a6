"""Reference data: countries, authorities, programs with their legal consequences, sources."""

from django.contrib import admin

from ..models import Authority, Country, LegalConsequence, Program, Source
from .audit import AuditedAdmin


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False  # ISO 3166 data, loaded from pycountry


@admin.register(Authority)
class AuthorityAdmin(AuditedAdmin):
    list_display = ["code", "name", "country"]
    list_select_related = ["country"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["country"]


class ConsequenceInline(admin.StackedInline):
    model = LegalConsequence
    fields = [("kind", "title"), "citation", "summary", "source_url"]
    extra = 0


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ["code", "name", "authority", "legal_basis", "review_period_years"]
    list_select_related = ["authority"]
    list_filter = ["authority"]
    search_fields = ["code", "name", "legal_basis"]
    autocomplete_fields = ["authority"]
    inlines = [ConsequenceInline]


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ["title", "kind", "reliability", "publisher", "published_on", "whole_list"]
    list_filter = ["kind", "reliability", "whole_list"]
    search_fields = ["key", "title", "publisher", "url"]
    prepopulated_fields = {"key": ["title"]}
