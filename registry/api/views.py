"""Read-only viewsets, one per resource: a queryset, a FilterSet, a serializer and CSV columns.

`RegistryViewSet` adds what every resource shares: JSON or streamed CSV (the whole filtered
result), ETag / Last-Modified with 304, public or token-only access (settings.REGISTRY_API_PUBLIC,
read on each request), and the reference day (`as_of` or today) for the query plan. The plan
(what a representation reads beside the rows) is applied to a page's rows only, read by id once
the list has sorted and cut its ids, where a resource sets `pages_by_id`.
"""

import datetime as dt
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .. import filtersets
from ..exports.designations import HEADERS as DESIGNATION_HEADERS
from ..exports.designations import designation_rows
from ..exports.streaming import csv_download, iterate, table_rows
from ..models import Authority, Country, Designation, LegalConsequence, Organization, Program
from . import brief, caching, columns, schema
from .changes import HistoryEntrySerializer, organization_history_response
from .pagination import RegistryPagination, in_order
from .pointintime import (
    with_designation_detail_plan,
    with_organization_plan,
    with_organizations_in_force,
)
from .renderers import CSVRenderer, JSONRenderer
from .serializers import (
    AuthoritySerializer,
    CountrySerializer,
    DesignationDetailSerializer,
    DesignationSummarySerializer,
    LegalConsequenceSerializer,
    OrganizationSerializer,
    OrganizationSummarySerializer,
    ProgramSerializer,
)


class RegistryFilterBackend(DjangoFilterBackend):
    """django-filter, remembering the cleaned parameters (the view needs `as_of`)."""

    def filter_queryset(self, request, queryset, view):
        if view.detail and not request.query_params:
            # One object by its id with nothing asked of it: no parameter to validate and no
            # filter to apply (what a representation reads is the view's plan, not the
            # FilterSet's), so no form to build and clean: about a tenth of a detail's time
            # (docs/benchmarks.md, scenario 3).
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        view.filter_data = filterset.form.cleaned_data
        return filterset.qs


def api_is_public() -> bool:
    return settings.REGISTRY_API_PUBLIC


class RegistryViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [RegistryFilterBackend]
    lookup_value_regex = r"[0-9]{1,18}"  # an id; longer numbers cannot be ids (JSON 404)
    pagination_class = RegistryPagination
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]
    csv_basename = ""
    filter_data: dict = {}
    offers_brief = False  # `?brief=true` on the list (registry/api/brief.py): brief_items
    in_brief = False  # this request's list is in brief
    # A JSON list reads its page's ids, then their rows by id through the plan: what the plan
    # adds to a row (subqueries) is computed for the page's rows only, never for every match
    # that a sort must read (docs/benchmarks.md, scenario 1).
    pages_by_id = False

    def get_permissions(self):
        # Read per request (not at import) so the switch also holds under override_settings.
        if api_is_public():
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @property
    def as_of(self) -> dt.date | None:
        return self.filter_data.get("as_of")

    @property
    def day(self) -> dt.date:
        return self.as_of or timezone.localdate()

    def plan(self, queryset):
        """Add the reads that depend on the reference day (known once the filters are valid)."""
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset if self.reads_page_by_id() else self.plan(queryset)

    def reads_page_by_id(self) -> bool:
        """Whether this request is a JSON list read as its page's ids first (in brief, or with
        `pages_by_id`): its filtered queryset then goes without the plan."""
        listing = self.action == "list" and not self.wants_csv()
        return listing and (self.in_brief or self.pages_by_id)

    def brief_items(self, ids: list[int]) -> list[dict]:
        """The objects `ids` (a page of the filtered list, in order) in brief."""
        raise NotImplementedError

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "day": self.day, "as_of": bool(self.as_of)}

    def wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "csv"

    def csv_columns(self) -> list:
        raise NotImplementedError

    def csv_objects(self, queryset):
        return iterate(queryset)

    def csv_table(self, queryset) -> tuple[list[str], Iterator]:
        """The CSV header and rows of `queryset` (filtered and planned)."""
        columns = self.csv_columns()
        return [c.header for c in columns], table_rows(self.csv_objects(queryset), columns)

    def csv_export(self, queryset):
        header, rows = self.csv_table(queryset)
        return csv_download(header, rows, filename=self.csv_filename())

    def csv_filename(self) -> str:
        return f"{self.csv_basename}-{self.day.isoformat()}.csv"

    def list(self, request, *args, **kwargs):
        return self.conditional(self.build_list)

    def retrieve(self, request, *args, **kwargs):
        return self.conditional(self.build_detail)

    def conditional(self, build):
        representation = "csv" if self.wants_csv() else "json"
        etag, modified = caching.validators(self.request, representation)
        response = caching.not_modified(self.request, etag, modified)
        if response is None:
            response = build()
        return caching.stamp(response, etag, modified, public=api_is_public())

    def build_list(self):
        self.in_brief = self.offers_brief and brief.asked(self.request) and not self.wants_csv()
        queryset = self.filter_queryset(self.get_queryset())
        if self.wants_csv():
            self.paginator.validate_parameters(self.request)
            return self.csv_export(queryset)
        by_id = self.reads_page_by_id()
        if self.count_in_page():
            page = self.paginator.paginate_counted(queryset, self.request, self, ids=by_id)
        elif by_id:
            page = self.paginate_queryset(queryset.values_list("pk", flat=True))
        else:
            page = self.paginate_queryset(queryset)
        if self.in_brief:
            return self.get_paginated_response(self.brief_items(page))
        if by_id:
            page = self.planned_objects(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def planned_objects(self, ids: Sequence[int]) -> Sequence:
        """The objects `ids` (a page of the list, in order), read by id through the plan."""
        return in_order(ids, self.plan(self.get_queryset().filter(pk__in=ids).order_by()))

    def count_in_page(self) -> bool:
        """Whether the page carries its total (one statement instead of a count and a page):
        for a text search, whose matches are gathered and sorted whatever the page. A list read
        in index order stops after its page, and its count reads the index alone: two cheap
        statements beat one that must read every match (docs/benchmarks.md, scenario 2)."""
        return bool(self.filter_data.get("q"))

    def build_detail(self):
        instance = self.get_object()
        if self.wants_csv():
            return self.csv_export(self.filter_queryset(self.get_queryset()).filter(pk=instance.pk))
        return Response(self.get_serializer(instance).data)

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (and anything else DRF renders) go out as JSON even when CSV was asked for.
        if isinstance(response, Response) and self.wants_csv():
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


@schema.list_and_detail("organizations", as_of_on_detail=True, brief=OrganizationSummarySerializer)
class OrganizationViewSet(RegistryViewSet):
    """Organizations with their names, countries, identifiers, designations and the legal
    consequences in force for them on the reference day."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    csv_basename = "organizations"

    offers_brief = True
    pages_by_id = True

    def plan(self, queryset):
        return with_organization_plan(queryset, self.day, bool(self.as_of))

    def brief_items(self, ids):
        return brief.organizations(ids, self.get_serializer_context())

    def csv_columns(self):
        return columns.organization_columns(self.day, bool(self.as_of))

    @extend_schema(
        responses={(200, "application/json"): HistoryEntrySerializer(many=True), **schema.ERRORS},
        parameters=[],
        filters=False,
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer], filter_backends=[])
    def history(self, request, pk=None):
        """Every recorded change to the organization, its names, countries, identifiers,
        designations and events: when, who or what, why, and each field before and after."""
        return organization_history_response(self, self.get_object())


@schema.list_and_detail("designations", as_of_on_detail=True, brief=DesignationSummarySerializer)
class DesignationViewSet(RegistryViewSet):
    """Designations (one listing of one organization under one program) with their timeline."""

    queryset = Designation.objects.all()
    serializer_class = DesignationDetailSerializer
    filterset_class = filtersets.DesignationFilterSet
    csv_basename = "designations"

    offers_brief = True
    pages_by_id = True

    def plan(self, queryset):
        return with_designation_detail_plan(queryset, self.day, bool(self.as_of))

    def brief_items(self, ids):
        return brief.designations(ids, self.get_serializer_context())

    def csv_table(self, queryset):
        # Computed by the database (registry/exports/designations.py): the biggest download.
        return DESIGNATION_HEADERS, designation_rows(queryset, self.day, bool(self.as_of))


@schema.list_and_detail("programs")
class ProgramViewSet(RegistryViewSet):
    """Programs: the lists kept under one legal basis, with their legal consequences."""

    queryset = Program.objects.select_related("authority").prefetch_related(
        Prefetch("consequences", queryset=LegalConsequence.objects.order_by("kind", "title", "id"))
    )
    serializer_class = ProgramSerializer
    filterset_class = filtersets.ProgramFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9-]+"
    csv_basename = "programs"

    def csv_columns(self):
        return columns.PROGRAM_COLUMNS


@schema.list_and_detail("authorities")
class AuthorityViewSet(RegistryViewSet):
    """Authorities: the bodies that designate."""

    queryset = Authority.objects.prefetch_related("programs")
    serializer_class = AuthoritySerializer
    filterset_class = filtersets.AuthorityFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9-]+"
    csv_basename = "authorities"

    def csv_columns(self):
        return columns.AUTHORITY_COLUMNS


@schema.list_and_detail("countries")
class CountryViewSet(RegistryViewSet):
    """ISO 3166-1 countries, with how many organizations each has in force."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = filtersets.CountryFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z]{2}"
    csv_basename = "countries"

    def plan(self, queryset):
        return with_organizations_in_force(queryset, self.day)

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()

    def csv_columns(self):
        return columns.COUNTRY_COLUMNS


@schema.list_and_detail("legal-consequences")
class LegalConsequenceViewSet(RegistryViewSet):
    """What a designation under a program does in law."""

    queryset = LegalConsequence.objects.select_related("program__authority")
    serializer_class = LegalConsequenceSerializer
    filterset_class = filtersets.LegalConsequenceFilterSet
    csv_basename = "legal-consequences"

    def csv_columns(self):
        return columns.LEGAL_CONSEQUENCE_COLUMNS


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/v1/: a JSON 404, whatever the method."""

    def get_permissions(self):
        return [permissions.AllowAny()]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound("No such API resource. The resources are listed at /api/v1/.")


__all__ = [
    "AuthorityViewSet",
    "CountryViewSet",
    "DesignationViewSet",
    "LegalConsequenceViewSet",
    "NotFoundView",
    "OrganizationViewSet",
    "ProgramViewSet",
]
