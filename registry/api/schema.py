"""What the OpenAPI schema says beyond what drf-spectacular infers from the code.

Every list and detail operation documents `format` (json or csv), its CSV response, and the JSON
error responses it can give (400, 401, 404, 429); the filter parameters come from the
FilterSets through drf-spectacular's django-filter extension.
"""

import inspect

from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers

from ..resources.spec import Resource, Spec


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documented in the schema)."""

    status = serializers.IntegerField()
    code = serializers.CharField(help_text="e.g. invalid_parameter, not_found, throttled")
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="400 only: the messages for each offending parameter, keyed by its name.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="429 only: seconds.")


FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "csv"],
    description="json (default) or csv. CSV (also chosen by `Accept: text/csv`) is the whole "
    "filtered result, not one page: UTF-8, RFC 4180, a header row, multi-valued cells joined "
    'with "; ". Columns per resource: docs/api.md.',
)

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description="YYYY-MM-DD. Show the resource as it stood that day (404 if it had no "
    "designation in force then).",
)


BRIEF = OpenApiParameter(
    "brief",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="true: each result in brief (names, program, status and dates, no timeline), "
    "read in a fixed few queries; for lookups that need names, not whole records. JSON only "
    "(a CSV has its own columns).",
)


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


JSON = "application/json"
ERRORS = {
    (400, JSON): error("A query parameter has a bad value; `errors` names each one."),
    (401, JSON): error("The API is private (REGISTRY_API_PUBLIC=false) and no token was given."),
    (404, JSON): error("No such object, or no such page."),
    (414, "text/html"): OpenApiResponse(
        OpenApiTypes.STR,
        description="The URL is longer than the HTTP server accepts (gunicorn: a request line of "
        "4,094 bytes); answered by the server, before the API.",
    ),
    (429, JSON): error("Too many requests; retry after `Retry-After` seconds."),
}

CSV = OpenApiResponse(OpenApiTypes.STR, description="CSV (text/csv; charset=utf-8).")


def list_and_detail(resource: Resource, *, as_of_on_detail: bool = False):
    """Document a read-only viewset's list and retrieve operations from its resource's spec:
    a list item in full, or in brief (`?brief=true`) where the spec declares a brief form."""

    def decorate(viewset):
        serializer = resource.spec.serializer()
        detail_parameters = [FORMAT, AS_OF] if as_of_on_detail else [FORMAT]
        items = serializer(many=True)
        offers_brief = bool(resource.spec.shown(Spec.BRIEF))
        if offers_brief:
            items = PolymorphicProxySerializer(
                component_name=f"{resource.spec.name}ListItem",
                serializers=[serializer, resource.spec.serializer(Spec.BRIEF)],
                resource_type_field_name=None,
                many=True,
            )
        return extend_schema_view(
            list=extend_schema(
                parameters=[FORMAT, BRIEF] if offers_brief else [FORMAT],
                responses={
                    (200, JSON): items,
                    (200, "text/csv"): CSV,
                    **ERRORS,
                },
                description=inspect.cleandoc(viewset.__doc__ or ""),
            ),
            retrieve=extend_schema(
                parameters=detail_parameters,
                responses={
                    (200, JSON): serializer,
                    (200, "text/csv"): CSV,
                    **ERRORS,
                },
            ),
        )(viewset)

    return decorate


def closed_summaries(result, generator, request, public):
    """drf-spectacular postprocessing hook: a brief item admits no other properties, so that a
    list item matches exactly one of its two shapes (`oneOf`), full or brief."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Summary"):
            component["additionalProperties"] = False
    return result


class SwaggerPage(SpectacularSwaggerSplitView):
    """The Swagger UI page (/api/docs/). DRF answers OPTIONS with the view's metadata, rendered
    by the view's only renderer, an HTML template that has no name for it (a 500): the page
    answers as any Django page does instead, 200 with the methods it allows and no body."""

    def options(self, request, *args, **kwargs):
        return View.options(self, request, *args, **kwargs)
