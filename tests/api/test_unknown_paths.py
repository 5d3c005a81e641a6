"""Unknown API paths, odd characters included, are JSON 404s (found by the schemathesis run)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope/",
        "/api/v1/authorities/%C3%A4%0A%21/",  # a newline inside a code
        "/api/v1/programs/US-FTO%0A/",
        "/api/v1/organizations/1%0A/",
    ],
)
def test_unknown_paths_answer_json_404(path):
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
