"""Responses match the OpenAPI schema the API publishes (seeded data, every resource)."""

import copy

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def json_schema(node):
    """OpenAPI 3.0 schema objects to JSON Schema: `nullable: true` becomes a null alternative.

    drf-spectacular writes a blank-able URL as oneOf(uri, empty string); without a `uri` format
    checker installed "" matches both, so oneOf is read as anyOf here."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: json_schema(value) for key, value in node.items()}
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def document():
    return json_schema(copy.deepcopy(SchemaGenerator().get_schema(request=None, public=True)))


def check(api, document, path: str, url: str, status: int = 200, params=None) -> None:
    response = api.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    operation = document["paths"][path]["get"]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    jsonschema.validate(
        response.json(),
        {**schema, "components": document["components"]},
        format_checker=jsonschema.FormatChecker(),
    )


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/organizations/", {"page_size": 500}),
        ("/api/v1/organizations/", {"as_of": "2022-05-19", "page_size": 500}),
        ("/api/v1/designations/", {"page_size": 500}),
        ("/api/v1/organizations/", {"brief": "true", "page_size": 500}),
        ("/api/v1/designations/", {"brief": "true", "as_of": "2022-05-19", "page_size": 500}),
        ("/api/v1/programs/", {}),
        ("/api/v1/authorities/", {}),
        ("/api/v1/countries/", {"page_size": 500}),
        ("/api/v1/legal-consequences/", {}),
    ],
)
def test_lists_match_the_schema(api, seeded_db, document, path, params):
    check(api, document, path, path, params=params)


def test_details_and_errors_match_the_schema(api, seeded_db, document):
    organization = get_json(api, "/api/v1/organizations/", {"page_size": 1})["results"][0]
    check(api, document, "/api/v1/organizations/{id}/", organization["url"])
    designation = get_json(api, "/api/v1/designations/", {"page_size": 1})["results"][0]
    check(api, document, "/api/v1/designations/{id}/", designation["url"])
    check(api, document, "/api/v1/programs/{code}/", "/api/v1/programs/US-FTO/")
    check(api, document, "/api/v1/authorities/{code}/", "/api/v1/authorities/US-DOS/")
    check(api, document, "/api/v1/countries/{code}/", "/api/v1/countries/MX/")
    check(api, document, "/api/v1/organizations/", "/api/v1/organizations/", 400, {"as_of": "x"})
    check(api, document, "/api/v1/organizations/{id}/", "/api/v1/organizations/0/", 404)


def test_a_match_answer_matches_the_schema(api, seeded_db, document):
    body = {"queries": {"a": {"name": "Hezbolla"}, "b": {"name": "ISIS", "as_of": "2022-05-19"}}}
    response = api.post("/api/v1/match/", body, format="json")
    assert response.status_code == 200, response.content[:500]
    operation = document["paths"]["/api/v1/match/"]["post"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response.json()["responses"]["a"]["results"]
    jsonschema.validate(
        response.json(),
        {**schema, "components": document["components"]},
        format_checker=jsonschema.FormatChecker(),
    )
