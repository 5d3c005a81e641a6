"""CSV as a download: streamed whole, with a file name, chosen by `Accept`, one row for a detail
(that its cells say what the JSON says is tests/resources/test_specs.py's)."""

import pytest
from django.http import StreamingHttpResponse

from tests.api.conftest import get_csv, results

pytestmark = pytest.mark.django_db


def test_csv_is_streamed_whole_with_a_file_name(api, seeded_db):
    response, rows = get_csv(api, "/api/v1/organizations/", {"page_size": 1})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="organizations-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert len(rows) - 1 == len(results(api, "/api/v1/organizations/")) > 50


def test_accept_header_chooses_csv(api, seeded_db):
    response = api.get("/api/v1/designations/", {"program": "US-FTO"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"id,organization_id,")
    assert b"\r\n" in body  # RFC 4180 line endings


def test_detail_as_csv_is_one_row(api, seeded_db):
    (soles,) = results(api, "/api/v1/organizations/", {"slug": "cartel-de-los-soles"})
    _, rows = get_csv(api, f"/api/v1/organizations/{soles['id']}/")
    assert len(rows) == 2
    assert rows[1][1] == "cartel-de-los-soles"
