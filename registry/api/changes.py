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
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

from .. import changefeed
from ..audit import organization_history
from ..exports.streaming import Column, csv_response
from ..models import Designation, Organization
from .filters import MomentField
from .pagination import positive_int
from .pointintime import with_designation_detail_plan, with_organization_plan
from .renderers import CSVRenderer, JSONRenderer
from .schema import CSV, ERRORS, FORMAT, JSON
from .serializers import DesignationDetailSerializer, OrganizationSerializer

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


def current_objects(page: list[changefeed.Change], context: dict) -> dict:
    """The entities of a page as they now stand: two queries plus their prefetches."""
    day = timezone.localdate()
    wanted = {
        kind: {c.entity_id for c in page if c.entity == kind}
        for kind in (changefeed.ORGANIZATION, changefeed.DESIGNATION)
    }
    organizations = with_organization_plan(
        Organization.objects.filter(pk__in=wanted["organization"]), day, False
    )
    designations = with_designation_detail_plan(
        Designation.objects.filter(pk__in=wanted["designation"]), day, False
    )
    objects = {}
    for organization in organizations if wanted["organization"] else ():
        objects["organization", organization.pk] = OrganizationSerializer(
            organization, context=context
        ).data
    for designation in designations if wanted["designation"] else ():
        objects["designation", designation.pk] = DesignationDetailSerializer(
            designation, context=context
        ).data
    return objects


CHANGE_COLUMNS = [
    Column("op", lambda c: c.op),
    Column("entity", lambda c: c.entity),
    Column("id", lambda c: c.entity_id),
    Column("time", lambda c: c.time.isoformat()),
    Column("user", lambda c: c.user),
    Column("reason", lambda c: c.reason),
    Column("cursor", lambda c: c.cursor.encode()),
]

SINCE = OpenApiParameter(
    "since", OpenApiTypes.DATETIME, description="Only changes after this time (ISO 8601)."
)
CURSOR = OpenApiParameter("cursor", OpenApiTypes.STR, description="From a previous `next`.")
PAGE_SIZE = OpenApiParameter(
    "page_size", OpenApiTypes.INT, description=f"1 to {MAX_PAGE_SIZE} (default 100)."
)


class PageSchema(AutoSchema):
    """The feed's `list` answers one page object ({next, results}), not a bare array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class ChangeFeedViewSet(viewsets.ViewSet):
    """Every change to organizations and designations, oldest first, cursor-paginated."""

    schema = PageSchema()
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
        parameters=[SINCE, CURSOR, PAGE_SIZE, FORMAT],
        responses={
            (200, JSON): inline_serializer(
                "ChangePage",
                {
                    "next": serializers.URLField(allow_null=True),
                    "results": ChangeSerializer(many=True),
                },
            ),
            (200, "text/csv"): CSV,
            **ERRORS,
        },
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
            return csv_response(feed, CHANGE_COLUMNS, filename=f"changes-{stamp}.csv")
        page = changefeed.changes(since=since, cursor=cursor, limit=size)
        context = {"request": request, "day": timezone.localdate(), "as_of": False}
        context["objects"] = current_objects(page, context)
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
