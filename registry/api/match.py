"""POST /api/v1/match/: name screening, shaped like OpenSanctions yente's /match; and
POST /api/v1/match/bulk/: a CSV of names in, a CSV of candidates streamed out.

The view reads the body strictly (a bad or unknown field is a 400 naming it, e.g.
`queries.q1.country`), hands the queries to the matcher (registry/screening/) and answers with
the recorded answer and its receipt. A body carrying a `receipt` is a replay: the answer recorded
under it, byte for byte, and a `Screening-Changed` header naming the queries whose answer today
differs (empty when none does).
"""

import io

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework import serializers as s
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ..exports.streaming import csv_lines
from ..resources import designations, organizations
from ..resources.spec import Spec
from ..screening import bulk, matcher, receipts, scoring
from ..screening.matcher import Query
from ..screening.queries import KEY, QuerySerializer, StrictSerializer, flattened
from . import schema
from .exports import FirstRenderer
from .renderers import JSONRenderer
from .views import api_is_public


def threshold_field() -> s.FloatField:
    return s.FloatField(
        required=False,
        default=matcher.DEFAULT_THRESHOLD,
        min_value=0,
        max_value=1,
        help_text="A result with this score or more is a `match` (default "
        f"{matcher.DEFAULT_THRESHOLD}).",
    )


class MatchRequestSerializer(StrictSerializer):
    queries = s.DictField(
        child=QuerySerializer(),
        help_text=f"Up to {matcher.MAX_QUERIES} queries, each under a key of your choice "
        "(letters, digits, _ . : -, up to 64), echoed in `responses`.",
    )
    threshold = threshold_field()
    limit = s.IntegerField(
        required=False,
        default=matcher.DEFAULT_LIMIT,
        min_value=1,
        max_value=matcher.MAX_LIMIT,
        help_text=f"Results per query, best first (default {matcher.DEFAULT_LIMIT}).",
    )
    receipt = s.CharField(
        required=False,
        help_text="A receipt from an earlier answer to the same queries, threshold and limit: "
        "returns that answer as it was sent.",
    )

    def validate_queries(self, value: dict) -> dict:
        if not value:
            raise s.ValidationError("Give at least one query.")
        if len(value) > matcher.MAX_QUERIES:
            raise s.ValidationError(f"At most {matcher.MAX_QUERIES} queries in one request.")
        bad = [key for key in value if not KEY.match(key)]
        if bad:
            raise s.ValidationError(f"Bad query key: {bad[0]!r} (letters, digits, _ . : -).")
        return value


# --- the schema's shapes (documentation only: the answer is built by the matcher) -------------


class ExplanationSchema(s.Serializer):
    feature = s.CharField(help_text="name, same_key, words, jaro_winkler, country")
    score = s.FloatField()
    detail = s.CharField(help_text="What was compared and how it moved the score.")


class ResultSchema(s.Serializer):
    organization = organizations.SPEC.serializer(Spec.BRIEF)(
        help_text="The organization in brief (as ?brief=true shows it)."
    )
    score = s.FloatField(help_text="0 to 1.")
    match = s.BooleanField(help_text="score >= threshold.")
    matched_name = s.CharField(help_text="The organization's name or alias that scored best.")
    explanations = ExplanationSchema(many=True)
    designations = designations.SPEC.serializer(designations.SPEC.NESTED)(
        many=True, help_text="Its designations in force on the query's day, as nested in it."
    )


class QueryResponseSchema(s.Serializer):
    query = s.DictField(help_text="The query as read: name, country, as_of.")
    results = ResultSchema(many=True)


class MatchResponseSchema(s.Serializer):
    responses = s.DictField(child=QueryResponseSchema(), help_text="By the request's keys.")
    threshold = s.FloatField()
    limit = s.IntegerField()
    algorithm = s.CharField(help_text="name/version of the scoring recipe.")
    data_version = s.CharField(help_text="The registry's state: the time of its newest write.")
    receipt = s.CharField(help_text="Send it back with the same request to get this answer.")


REQUEST_EXAMPLE = {
    "queries": {
        "q1": {"name": "Hezbolla", "country": "LB"},
        "q2": {"name": "Lashkar e Toiba", "as_of": "2024-03-01"},
    },
    "threshold": 0.8,
    "limit": 5,
}
RESPONSE_EXAMPLE = {
    "responses": {
        "q1": {
            "query": {"name": "Hezbolla", "country": "LB", "as_of": None},
            "results": [
                {
                    "organization": {
                        "id": 41,
                        "url": "https://registry.example/api/v1/organizations/41/",
                        "slug": "hizballah",
                        "name": "Hizballah",
                        "countries": ["LB"],
                        "programs_in_force": ["US-FTO", "US-SDGT"],
                    },
                    "score": 0.9883,
                    "match": True,
                    "matched_name": "Hezbollah",
                    "explanations": [
                        {"feature": "name", "score": 0.9583, "detail": "best of its names: ..."},
                        {"feature": "country", "score": 0.03, "detail": "LB is among ..."},
                    ],
                    "designations": [],
                }
            ],
        }
    },
    "threshold": 0.8,
    "limit": 5,
    "algorithm": scoring.ALGORITHM,
    "data_version": "2026-12-05T18:00:00.000000Z",
    "receipt": "eyJhbGdvcml0aG0iOi...:1tQ...",
}


POST_ERRORS = {
    key: schema.ERRORS[key] for key in ((400, schema.JSON), (401, schema.JSON), (429, schema.JSON))
}


class ScreeningView(APIView):
    """A question asked in a body (it writes no registry data): open like the rest of the API,
    and strict about the body (a bad or unknown field is a 400 naming it)."""

    def get_permissions(self):
        if api_is_public():
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def body(self, serializer_class: type[s.Serializer]) -> dict:
        body = serializer_class(data=self.request.data)
        if not body.is_valid():
            raise ValidationError(flattened(body.errors))
        return body.validated_data


class MatchView(ScreeningView):
    """Screen names against the organizations designated on a day: each query's candidates
    (from the registry's name search, among the organizations with a designation in force on
    `as_of`, or today), scored from 0 to 1 with the reasons, the organization in brief and its
    designations in force that day. Every answer carries the registry's `data_version` and a
    `receipt`; the same body with that receipt returns the same answer, byte for byte, after
    later changes to the registry (docs/screening.md)."""

    @extend_schema(
        request=MatchRequestSerializer,
        responses={(200, schema.JSON): OpenApiResponse(MatchResponseSchema), **POST_ERRORS},
        examples=[
            OpenApiExample("Two names", value=REQUEST_EXAMPLE, request_only=True),
            OpenApiExample("An answer", value=RESPONSE_EXAMPLE, response_only=True),
        ],
        operation_id="match",
        tags=["match"],
    )
    def post(self, request):
        data = self.body(MatchRequestSerializer)
        queries = {key: Query(**query) for key, query in data["queries"].items()}
        canonical = receipts.canonical_request(queries, data["threshold"], data["limit"])
        answer = matcher.screen(
            queries,
            threshold=data["threshold"],
            limit=data["limit"],
            today=timezone.localdate(),
            request=request,
        )
        if "receipt" not in data:
            return Response(receipts.record(canonical, answer))
        try:
            recorded = receipts.replay(data["receipt"], canonical)
        except receipts.ReceiptError as error:
            raise ValidationError({"receipt": [str(error)]}) from error
        then = receipts.comparable(recorded["responses"])
        changed = [
            key
            for key, now in receipts.comparable(receipts.plain(answer["responses"])).items()
            if then.get(key) != now
        ]
        response = Response(recorded)
        response["Screening-Changed"] = ", ".join(changed)
        response["Screening-Data-Version-Now"] = answer["data_version"]
        return response


# --- bulk -----------------------------------------------------------------------------------

MAX_BULK_ROWS = 100_000
MAX_BULK_BYTES = 32 * 1024 * 1024


def bulk_text(upload) -> str:
    """The uploaded CSV as text, refused with a message naming what is wrong with it."""
    if upload.size > MAX_BULK_BYTES:
        raise s.ValidationError(f"At most {MAX_BULK_BYTES // (1024 * 1024)} MB.")
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise s.ValidationError(f"Line {line} is not UTF-8 text.") from None
    reader = bulk.InputRows(io.StringIO(text, newline=""))
    problem = reader.problem and f"line 1: {reader.problem}"
    problem = problem or bulk.header_problem(reader.fieldnames)
    if problem:
        raise s.ValidationError(problem[0].upper() + problem[1:] + ".")
    count = sum(1 for _ in reader)
    if count > MAX_BULK_ROWS:
        raise s.ValidationError(f"At most {MAX_BULK_ROWS:,} rows in one file ({count:,} given).")
    return text


class BulkRequestSerializer(StrictSerializer):
    file = s.FileField(
        help_text="A UTF-8 CSV with a header naming `name`, and optionally `country` (ISO "
        f"alpha-2) and `as_of` (YYYY-MM-DD); up to {MAX_BULK_ROWS:,} rows."
    )
    threshold = threshold_field()
    limit = s.IntegerField(
        required=False,
        default=bulk.DEFAULT_LIMIT,
        min_value=1,
        max_value=matcher.MAX_LIMIT,
        help_text=f"Candidates per row, best first (default {bulk.DEFAULT_LIMIT}).",
    )

    def validate_file(self, upload) -> str:
        return bulk_text(upload)


class MatchBulkView(ScreeningView):
    """Screen a CSV of names: each row is read as a query of POST /match/ is and screened by the
    same matcher; the answer is a CSV streamed as the rows are screened, one row per candidate
    (`line, name, country, as_of, rank, organization_id, organization, matched_name, score,
    match, data_version, error`). A malformed row comes back with its line and the field at
    fault in `error`; the others are screened. A file that cannot be read (no `name` column, not
    UTF-8, too many rows) is a 400 naming `file`."""

    parser_classes = [MultiPartParser, FormParser]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer

    @extend_schema(
        request={"multipart/form-data": BulkRequestSerializer},
        responses={(200, "text/csv"): schema.CSV, **POST_ERRORS},
        operation_id="match_bulk",
        tags=["match"],
    )
    def post(self, request):
        data = self.body(BulkRequestSerializer)
        today = timezone.localdate()
        reader = bulk.InputRows(io.StringIO(data["file"], newline=""))
        rows = bulk.rows(reader, today=today, threshold=data["threshold"], limit=data["limit"])
        response = StreamingHttpResponse(
            csv_lines(bulk.HEADER, rows), content_type="text/csv; charset=utf-8"
        )
        filename = f"screening-{today.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
