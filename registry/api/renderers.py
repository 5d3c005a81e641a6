"""Output formats: JSON (always), the browsable API (only with DEBUG), and CSV.

JSON is DRF's, byte for byte, written by orjson, which is several times faster than the standard
library's encoder DRF uses (measured in docs/benchmarks.md).

CSV is negotiated like any format (`?format=csv` or `Accept: text/csv`), but the views stream it
themselves (exports.streaming) instead of rendering a page of data; error responses to a CSV
request are JSON. An unknown `?format=` is a 400 naming the parameter, not a silent fallback.
"""

import orjson
from rest_framework import renderers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.encoders import JSONEncoder


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSONRenderer with orjson writing the compact form (what every client gets unless it
    asks for `application/json; indent=N`, which DRF's own code still writes).

    The output is DRF's: UTF-8 text, compact separators, keys in order, U+2028 and U+2029
    escaped. Dates and times, decimals, lazy strings and anything else orjson would write its own
    way or not at all go through DRF's encoder (`default`), as they did. Numbers with a fraction
    are where the two differ (`1.5e-07` against `1.5e-7`; NaN refused against `null`): the
    registry has no float or decimal field, and tests/api/test_renderers.py holds the rest.
    """

    OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
    LINE_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent is not None or not self.compact or self.ensure_ascii:
            return super().render(data, accepted_media_type, renderer_context)
        text = orjson.dumps(data, default=JSONEncoder().default, option=self.OPTIONS)
        for raw, escaped in self.LINE_SEPARATORS:
            if raw in text:
                text = text.replace(raw, escaped)
        return text


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Never reached: views stream CSV, and errors are switched to JSON before rendering.
        raise NotImplementedError("CSV responses are streamed by the view.")


class StrictContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            self.filter_renderers(renderers, "")  # `?format=` names no format: a 400
        return super().select_renderer(request, renderers, format_suffix)

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            known = ", ".join(dict.fromkeys(r.format for r in renderers))
            raise ValidationError({"format": [f"Unknown format {format!r}; use one of: {known}."]})
        return matching
