"""JSON error bodies for every API error, in one shape.

    {"status": 400, "code": "invalid_parameter", "detail": "Invalid value for: as_of.",
     "errors": {"as_of": ["Enter a valid date as YYYY-MM-DD."]}}

A 400 names each offending parameter in `errors` and in `detail`; a 429 also says `retry_after`
(and the Retry-After header, set by DRF). An unexpected exception is logged with its traceback
and answered with a JSON 500 that reveals nothing of it.
"""

import logging

from rest_framework import status
from rest_framework.exceptions import APIException, Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

CODES = {
    400: "invalid_parameter",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    412: "precondition_failed",
    415: "unsupported_media_type",
    429: "throttled",
}


def field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(name): [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for name, messages in detail.items()
        }
    messages = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in messages]}


def error_body(status_code: int, detail: str, **extra) -> dict:
    return {
        "status": status_code,
        "code": CODES.get(status_code, "error"),
        "detail": detail,
        **extra,
    }


def exception_handler(exc: Exception, context: dict) -> Response:
    response = drf_exception_handler(exc, context)
    if response is None:
        view = context.get("view")
        logger.exception("Unhandled error in %s", view.__class__.__name__ if view else "API")
        set_rollback()
        return Response(
            error_body(500, "Internal server error."), status=status.HTTP_500_INTERNAL_SERVER_ERROR
        )
    if isinstance(exc, ValidationError):
        errors = field_errors(exc.detail)
        names = ", ".join(errors)
        response.data = error_body(
            response.status_code, f"Invalid value for: {names}.", errors=errors
        )
    elif isinstance(exc, Throttled):
        response.data = error_body(
            response.status_code, str(exc.detail), retry_after=int(exc.wait or 1)
        )
    elif isinstance(exc, APIException):
        response.data = error_body(response.status_code, str(exc.detail))
    else:  # Http404 and PermissionDenied from Django, which DRF turns into its own
        response.data = error_body(response.status_code, str(response.data.get("detail", "")))
    return response
