"""Output formats: JSON (always), the browsable API (only with DEBUG), and CSV.

CSV is negotiated like any format (`?format=csv` or `Accept: text/csv`), but the views stream it
themselves (exports.streaming) instead of rendering a page of data; error responses to a CSV
request are JSON. An unknown `?format=` is a 400 naming the parameter, not a silent fallback.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
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
