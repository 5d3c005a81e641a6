"""The FtM exports over the API: `/exports/entities.ftm.json` (every entity, JSON lines) and
`/exports/targets.simple.csv`, streamed, for today or `as_of` (registry/exports/ftm.py).

The delta versions are files (`manage.py export_ftm DIR`): a version is what changed between two
runs, so it exists only where runs are kept.
"""

from collections.abc import Iterator

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from ..dates import ReferenceDay
from ..exports.ftm import TARGET_COLUMNS, TARGETS_CSV, Export, entity_line, target_rows
from ..exports.streaming import csv_lines
from ..resources.filters import IsoDateField
from . import schema
from .renderers import JSONRenderer
from .views import api_is_public, permissions

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="YYYY-MM-DD: the organizations with a designation in force that day, and their "
    "designations as they stood (default: every organization, today).",
)


class FirstRenderer(BaseContentNegotiation):
    """A file download answers in its own format whatever `Accept` says (errors in JSON)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer

    def get_permissions(self):
        public = api_is_public()
        return [permissions.AllowAny() if public else permissions.IsAuthenticated()]

    def export(self) -> Export:
        try:
            as_of = IsoDateField(required=False).clean(self.request.query_params.get("as_of"))
        except DjangoValidationError as exc:
            raise ValidationError({"as_of": exc.messages}) from None
        base_url = self.request.build_absolute_uri("/").rstrip("/")
        return Export(ReferenceDay.of(as_of, timezone.localdate()), base_url=base_url)


def encoded(lines: Iterator[str]) -> Iterator[bytes]:
    for line in lines:
        yield line.encode("utf-8")


class EntitiesView(ExportView):
    """Every organization (FtM `Organization`) and designation (FtM `Sanction`), one JSON
    entity a line, as OpenSanctions' entities.ftm.json."""

    @extend_schema(
        operation_id="exports_entities_ftm",
        parameters=[AS_OF],
        responses={
            (200, "application/json"): OpenApiResponse(
                description="JSON lines: one FtM entity a line."
            ),
            **schema.ERRORS,
        },
    )
    def get(self, request):
        export = self.export()
        lines = (entity_line(entity) for entity in export.entities())
        response = StreamingHttpResponse(encoded(lines), content_type="application/json")
        day = export.reference.day.isoformat()
        response["Content-Disposition"] = f'attachment; filename="entities-{day}.ftm.json"'
        return response


class TargetsView(ExportView):
    """One row per organization in OpenSanctions' targets.simple.csv columns."""

    @extend_schema(
        operation_id="exports_targets_simple_csv",
        parameters=[AS_OF],
        responses={(200, "text/csv"): schema.CSV, **schema.ERRORS},
    )
    def get(self, request):
        export = self.export()
        rows = target_rows(export.entities(), export.reference.day)
        response = StreamingHttpResponse(
            csv_lines(TARGET_COLUMNS, rows, **TARGETS_CSV), content_type="text/csv; charset=utf-8"
        )
        day = export.reference.day.isoformat()
        response["Content-Disposition"] = f'attachment; filename="targets-{day}.simple.csv"'
        return response
