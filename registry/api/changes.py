"""The audit trail over the API: `/changes/` (the feed a copy polls) and an organization's history.

`/api/v1/changes/?since=DATETIME` lists ADD / MOD / DEL operations on organizations and
designations, oldest first, each with the entity as it now stands (null once it is gone), who or
what made the change and why. Pages follow a cursor (`next`), which stays valid while new writes
arrive. `?format=csv` streams the whole feed after `since` without the entity bodies.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

from ..dates import ReferenceDay
from ..exports.streaming import csv_download
from ..models import Organization
from ..resources import designations, organizations
from ..resources.filters import MomentField
from ..resources.spec import Context
from ..selectors import changes as changefeed
from ..selectors.history import organization_history
from .pagination import positive_int
from .renderers import CSVRenderer, JSONRenderer
from .schema import CSV, ERRORS, FORMAT, JSON

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 500


class ChangeSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["ADD", "MOD", "DEL"])
    entity = serializers.ChoiceField(choices=[changefeed.ORGANIZATION, changefeed.DESIGNATION])
    id = serializers.IntegerField(source="entity_id")
    time = serializers.DateTimeField()
    user = serializers.CharField(help_text="The analyst, or empty for imports, seeds, restores.")
    reason = serializers.CharField(help_text='e.g. "admin: changed", "import … sha256:…".')
    cursor = serializers.SerializerMethodField()
    object = serializers.SerializerMethodField(
        help_text="The organization or designation as it now stands; null once deleted."
    )

    def get_cursor(self, change: changefeed.Change) -> str:
        return change.cursor.encode()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_object(self, change: changefeed.Change):
        return self.context["objects"].get((change.entity, change.entity_id))


def parse_since(raw: str | None) -> dt.datetime | None:
    """A date (its start, UTC) or an ISO 8601 date-time, read as the `changed_since` filter does."""
    try:
        return MomentField().to_python(raw)
    except DjangoValidationError as exc:
        raise ValidationError({"since": exc.messages}) from None


def parse_cursor(raw: str | None) -> changefeed.Cursor | None:
    if raw is None:
        return None
    try:
        return changefeed.Cursor.decode(raw)
    except ValueError:
        raise ValidationError({"cursor": ["Use the cursor of a previous page's `next`."]}) from None


# What the feed shows of each entity: its resource's full representation, as it now stands.
ENTITIES = {
    changefeed.ORGANIZATION: organizations.RESOURCE,
    changefeed.DESIGNATION: designations.RESOURCE,
}


def current_objects(page: list[changefeed.Change], request) -> dict:
    """The entities of a page as they now stand, read through their resources."""
    context = Context(reference=ReferenceDay(timezone.localdate()), request=request)
    objects = {}
    for kind, resource in ENTITIES.items():
        ids = {change.entity_id for change in page if change.entity == kind}
        if ids:
            for row in resource.rows(ids, context):
                objects[kind, row["pk"]] = resource.spec.json(row, context)
    return objects


CSV_HEADER = ["op", "entity", "id", "time", "user", "reason", "cursor"]


def csv_row(change: changefeed.Change) -> list[str]:
    return [
        change.op,
        change.entity,
        str(change.entity_id),
        change.time.isoformat(),
        change.user,
        change.reason,
        change.cursor.encode(),
    ]


SINCE = OpenApiParameter(
    "since", OpenApiTypes.DATETIME, description="Only changes after this time (ISO 8601)."
)


class ChangePagination(BasePagination):
    """A page of the feed: `{next, results}`, `next` carrying the last change's cursor (the
    feed pages by cursor, which stays valid while new writes arrive)."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "From a previous page's `next`.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


class ChangeFeedViewSet(viewsets.ViewSet):
    """Every change to organizations and designations, oldest first, cursor-paginated."""

    pagination_class = ChangePagination
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors go out as JSON even when CSV was asked for (the CSV renderer only streams).
        if isinstance(response, Response) and self.wants_csv(request):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @staticmethod
    def wants_csv(request) -> bool:
        return getattr(getattr(request, "accepted_renderer", None), "format", None) == "csv"

    def get_permissions(self):
        public = settings.REGISTRY_API_PUBLIC
        return [permissions.AllowAny() if public else permissions.IsAuthenticated()]

    @extend_schema(
        parameters=[SINCE, FORMAT],
        responses={(200, JSON): ChangeSerializer(many=True), (200, "text/csv"): CSV, **ERRORS},
    )
    def list(self, request):
        since = parse_since(request.query_params.get("since"))
        cursor = parse_cursor(request.query_params.get("cursor"))
        raw_size = request.query_params.get("page_size")
        size = DEFAULT_PAGE_SIZE
        if raw_size is not None:
            size = positive_int("page_size", raw_size, MAX_PAGE_SIZE)
        if self.wants_csv(request):
            feed = changefeed.iter_changes(since=since, cursor=cursor)
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            rows = (csv_row(change) for change in feed)
            return csv_download(CSV_HEADER, rows, filename=f"changes-{stamp}.csv")
        page = changefeed.changes(since=since, cursor=cursor, limit=size)
        context = {"objects": current_objects(page, request)}
        following = None
        if len(page) == size:
            url = request.build_absolute_uri()
            following = replace_query_param(url, "cursor", page[-1].cursor.encode())
        return Response(
            {"next": following, "results": ChangeSerializer(page, many=True, context=context).data}
        )


class HistoryEntrySerializer(serializers.Serializer):
    time = serializers.DateTimeField()
    object_type = serializers.CharField()
    object_id = serializers.IntegerField()
    label = serializers.CharField()
    op = serializers.CharField()
    user = serializers.CharField()
    reason = serializers.CharField()
    changes = inline_serializer(
        "FieldChange",
        {
            "field": serializers.CharField(),
            "old": serializers.JSONField(),
            "new": serializers.JSONField(),
        },
        many=True,
    )


def organization_history_response(view, organization: Organization) -> Response:
    entries = organization_history(organization.pk)
    page = view.paginator.paginate_queryset(entries, view.request, view)
    data = HistoryEntrySerializer(page, many=True).data
    return view.paginator.get_paginated_response(data)
