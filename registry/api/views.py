"""Read-only viewsets, one per resource, each a declaration: the resource (registry/resources/:
its field spec, filters and selector), the base queryset, and how a detail is looked up.

`ResourceViewSet` does what every resource shares: JSON (a page, in full or in brief) or streamed
CSV (the whole filtered result), ETag / Last-Modified with 304, public or token-only access
(settings.REGISTRY_API_PUBLIC, read on each request), and the reference day (`as_of` or today).
A list sorts and cuts the ids of the filtered queryset, then reads the page's rows through the
selector; the CSV streams the filtered queryset through the same selector.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from ..dates import ReferenceDay
from ..exports.streaming import csv_download
from ..models import Authority, Country, Designation, LegalConsequence, Organization, Program
from ..resources import (
    authorities,
    countries,
    designations,
    legal_consequences,
    organizations,
    programs,
)
from ..resources.spec import Context, Resource, Spec
from . import caching, schema
from .changes import HistoryEntrySerializer, organization_history_response
from .pagination import RegistryPagination
from .renderers import CSVRenderer, JSONRenderer

BRIEF = "brief"
ANSWERS = {"true": True, "1": True, "false": False, "0": False}


def brief_asked(request) -> bool:
    """Whether the client asked for the brief representation; 400 for anything but a boolean."""
    raw = request.query_params.get(BRIEF)
    if raw is None:
        return False
    answer = ANSWERS.get(raw.strip().lower())
    if answer is None:
        raise ValidationError({BRIEF: ["Enter true or false."]})
    return answer


def refuse_unknown(request, known: set[str]) -> None:
    """400 naming each query parameter the view does not read: a misspelt filter (`?as-of=`,
    `?contry=MX`) would otherwise be ignored, and the answer would be for today, or for all."""
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise ValidationError(
            {name[:100]: [f"Unknown parameter. Known: {listed}."] for name in unknown}
        )


class RegistryFilterBackend(DjangoFilterBackend):
    """django-filter, keeping the cleaned parameters (the view needs `as_of`); a bad value, or a
    parameter neither the filters nor the page read, is a 400 naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        paginator = view.paginator
        refuse_unknown(
            request,
            {
                *filterset.filters,
                BRIEF,
                api_settings.URL_FORMAT_OVERRIDE,
                paginator.page_query_param,
                paginator.page_size_query_param,
            },
        )
        if not filterset.is_valid():
            # The form's messages, already formatted: django-filter's translate_validation
            # formats each one again with `%`, and a message quoting the client's value
            # ("'%' is not an id.") would raise instead of answering 400.
            raise ValidationError(
                {name: list(messages) for name, messages in filterset.errors.items()}
            )
        view.parameters = filterset.form.cleaned_data
        return filterset.qs


def api_is_public() -> bool:
    return settings.REGISTRY_API_PUBLIC


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    resource: Resource
    filter_backends = [RegistryFilterBackend]
    lookup_value_regex = r"[0-9]{1,18}"  # an id; longer numbers cannot be ids (JSON 404)
    lookup_filter = ""  # how the URL's value finds the object; "" is lookup_field, exactly
    pagination_class = RegistryPagination
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]
    csv_basename = ""
    parameters: dict = {}

    @property
    def filterset_class(self):
        return self.resource.filterset

    def get_serializer_class(self):  # the schema's; nothing renders through it
        return self.resource.spec.serializer()

    def get_permissions(self):
        # Read per request (not at import) so the switch also holds under override_settings.
        if api_is_public():
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def context(self) -> Context:
        today = timezone.localdate()
        reference = ReferenceDay.of(self.parameters.get("as_of"), today)
        return Context(reference=reference, request=self.request)

    def wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "csv"

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
        variant = Spec.BRIEF if brief_asked(self.request) else Spec.FULL
        queryset = self.filter_queryset(self.get_queryset())
        context = self.context()
        if self.wants_csv():
            self.paginator.validate_parameters(self.request)
            return self.csv(queryset, context)
        if not self.resource.spec.shown(Spec.BRIEF):
            variant = Spec.FULL  # a resource without a brief form is brief already
        ids = self.paginator.paginate_ids(queryset, self.request, self)
        return self.get_paginated_response(self.page(ids, context, variant))

    def page(self, ids: list[int], context: Context, variant: str) -> list[dict]:
        """The objects `ids` (a page of the list, in its order) in `variant`."""
        return self.resource.json(ids, context, variant)

    def build_detail(self):
        queryset = self.filter_queryset(self.get_queryset())
        found = queryset.filter(
            **{self.lookup_filter or self.lookup_field: self.normalized_lookup()}
        )
        context = self.context()
        if self.wants_csv():
            return self.csv(found, context)
        items = self.resource.json(list(found.values_list("pk", flat=True)[:1]), context)
        if not items:
            raise Http404
        return Response(items[0])

    def normalized_lookup(self) -> str:
        return self.kwargs[self.lookup_url_kwarg or self.lookup_field]

    def csv(self, queryset, context: Context):
        filename = f"{self.csv_basename}-{context.reference.day.isoformat()}.csv"
        header = self.resource.spec.csv_header()
        return csv_download(header, self.resource.csv_rows(queryset, context), filename=filename)

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (and anything else DRF renders) go out as JSON even when CSV was asked for.
        if isinstance(response, Response) and self.wants_csv():
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


@schema.list_and_detail(organizations.RESOURCE, as_of_on_detail=True)
class OrganizationViewSet(ResourceViewSet):
    """Organizations with their names, countries, identifiers, designations and the legal
    consequences in force for them on the reference day."""

    resource = organizations.RESOURCE
    queryset = Organization.objects.all()
    csv_basename = "organizations"

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


@schema.list_and_detail(designations.RESOURCE, as_of_on_detail=True)
class DesignationViewSet(ResourceViewSet):
    """Designations (one listing of one organization under one program) with their timeline."""

    resource = designations.RESOURCE
    queryset = Designation.objects.all()
    csv_basename = "designations"


@schema.list_and_detail(programs.RESOURCE)
class ProgramViewSet(ResourceViewSet):
    """Programs: the lists kept under one legal basis, with their legal consequences."""

    resource = programs.RESOURCE
    queryset = Program.objects.all()
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9-]+"
    lookup_filter = "code__iexact"  # codes are case-insensitive: us-fto is US-FTO
    csv_basename = "programs"


@schema.list_and_detail(authorities.RESOURCE)
class AuthorityViewSet(ResourceViewSet):
    """Authorities: the bodies that designate."""

    resource = authorities.RESOURCE
    queryset = Authority.objects.all()
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9-]+"
    lookup_filter = "code__iexact"  # codes are case-insensitive: us-fto is US-FTO
    csv_basename = "authorities"


@schema.list_and_detail(countries.RESOURCE)
class CountryViewSet(ResourceViewSet):
    """ISO 3166-1 countries, with how many organizations each has in force."""

    resource = countries.RESOURCE
    queryset = Country.objects.all()
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z]{2}"
    csv_basename = "countries"

    def normalized_lookup(self) -> str:
        return super().normalized_lookup().upper()


@schema.list_and_detail(legal_consequences.RESOURCE)
class LegalConsequenceViewSet(ResourceViewSet):
    """What a designation under a program does in law."""

    resource = legal_consequences.RESOURCE
    queryset = LegalConsequence.objects.all()
    csv_basename = "legal-consequences"


class NotFoundView(APIView):
    """Any other path under /api/v1/: a JSON 404, whatever the method."""

    schema = None  # not an operation

    def get_permissions(self):
        return [permissions.AllowAny()]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound("No such API resource. The resources are listed at /api/v1/.")
