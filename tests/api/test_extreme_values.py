"""No value of any query parameter makes the API answer 5xx: every parameter of every operation
in the OpenAPI schema is sent each of a list of extreme values (SQL wildcards, a backslash, a NUL
byte, 10,000 characters, the first and last representable days with offsets that push them out of
range, integers past 64 bits, negative pages, forged cursors), alone and, drawn by Hypothesis with
a fixed seed, several at once. The answer is a 2xx or 3xx, or a 4xx that names the parameter.

It runs in-process on the test database (SQLite, or PostgreSQL under DATABASE_URL: PostgreSQL
refuses a NUL byte in text, SQLite an integer past 64 bits), over the seeded registry. The
schemathesis fuzzer (tests/e2e/test_api_fuzz.py) drives the same operations through gunicorn
with values generated from each parameter's declared type; this file sends the values that are
known to break parsers and databases, to every parameter whatever its type.
"""

import base64
import re
from urllib.parse import quote

import pytest
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from registry.models import Designation, LegalConsequence, Organization

pytestmark = pytest.mark.django_db


def forged_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


EXTREMES = [
    "%",
    "_",
    "\\",
    "\x00",
    "x" * 10_000,
    "1" * 10_000,
    "\u202eOTF-SU",
    " ,",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "0",
    "-1",
    str(2**63),
    "NaN",
    forged_cursor("0001-01-01T00:00:00+14:00|0|1"),
    forged_cursor("9999-12-31T23:59:59-12:00|1|1"),
    forged_cursor(f"2025-01-01T00:00:00|{2**64}|-{2**64}"),
]


# The answers issue 24 reported as 500s.
REPORTED = [
    ("/api/v1/changes/", {"since": "0001-01-01T00:00:00+14:00"}, "since"),
    ("/api/v1/changes/", {"since": "9999-12-31T23:59:59-12:00"}, "since"),
    ("/api/v1/changes/", {"cursor": forged_cursor("9999-12-31T23:59:59-12:00|1|1")}, "cursor"),
    ("/api/v1/organizations/", {"changed_since": "0001-01-01T00:00+14:00"}, "changed_since"),
    ("/api/v1/organizations/", {"changed_since": "9999-12-31T23:59-12:00"}, "changed_since"),
    ("/api/v1/organizations/", {"as_of": "0001-01-01"}, "as_of"),
    ("/api/v1/designations/", {"as_of": "9999-12-31"}, "as_of"),
    ("/api/v1/designations/", {"organization": "%"}, "organization"),
    ("/api/v1/designations/", {"organization": "1" * 5000}, "organization"),
    ("/api/v1/programs/", {"page": "1" * 5000}, "page"),
]


@pytest.mark.parametrize("url,params,name", REPORTED)
def test_a_value_out_of_range_is_a_400_naming_its_parameter(api, url, params, name):
    response = api.get(url, params)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()["errors"]) == [name]


def test_options_answers_on_every_page(api, path_values):
    urls = ["/api/docs/", "/api/schema/", "/api/v1/", "/admin/login/"]
    urls += [concrete(path, path_values) for path, _ in OPERATIONS]
    answers = {url: api.options(url) for url in urls}
    assert {url: answer.status_code for url, answer in answers.items()} == dict.fromkeys(urls, 200)
    assert all("GET" in answer["Allow"] for url, answer in answers.items() if "admin" not in url)


def operations() -> list[tuple[str, list[dict]]]:
    """Each GET operation of the schema: its path and its parameters."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (path, item["get"].get("parameters", []))
        for path, item in document["paths"].items()
        if "get" in item
    )


OPERATIONS = operations()
QUERY = [(path, p["name"]) for path, params in OPERATIONS for p in params if p["in"] == "query"]


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }


@pytest.fixture
def path_values(seeded_db) -> dict[str, str]:
    """A real object for each detail path, so that its parameters reach the database."""
    return {
        "code": "US-FTO",
        "id": str(Organization.objects.order_by("pk").values_list("pk", flat=True)[0]),
    }


def concrete(path: str, values: dict[str, str]) -> str:
    """The URL of `path` for a real object (resource by resource: an id or a code)."""
    if path.startswith("/api/v1/designations/"):
        values = {**values, "id": str(Designation.objects.order_by("pk")[0].pk)}
    if path.startswith("/api/v1/legal-consequences/"):
        values = {**values, "id": str(LegalConsequence.objects.order_by("pk")[0].pk)}
    if path.startswith("/api/v1/countries/"):
        values = {**values, "code": "MX"}
    if path.startswith("/api/v1/authorities/"):
        values = {**values, "code": "US-DOS"}
    return re.sub(r"{(\w+)}", lambda match: values[match.group(1)], path)


def problem(response, params: dict) -> str | None:
    """What is wrong with the answer to `params`, or None: a server error, a 400 that names no
    parameter that was sent, a stream that breaks before its end."""
    if response.status_code >= 500:
        return f"{params!r:.200}: {response.status_code}"
    if response.status_code == 400:
        errors = response.json()["errors"]
        if not set(errors) & set(params):
            return f"{params!r:.200}: 400 naming {sorted(errors)}"
    if response.streaming:
        b"".join(response.streaming_content)
    return None


# What the database sees as text: sent again with ?format=csv, whose streamed query differs.
TEXTS = ["%", "\\", "\x00", "x" * 10_000]


@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize("path,name", QUERY, ids=[f"{path} {name}" for path, name in QUERY])
def test_every_parameter_takes_every_extreme_value(api, path_values, path, name):
    url = concrete(path, path_values)
    sent = [{name: value} for value in EXTREMES]
    if name != "format" and any(p["name"] == "format" for p in dict(OPERATIONS)[path]):
        sent += [{"format": "csv", name: value} for value in TEXTS]
    problems = [problem(api.get(url, params), params) for params in sent]
    assert [text for text in problems if text] == []


DETAILS = [path for path, _ in OPERATIONS if "{" in path]


@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize("path", DETAILS)
def test_every_path_parameter_takes_every_extreme_value(api, seeded_db, path):
    answers = {}
    for value in EXTREMES:
        url = re.sub(r"{\w+}", lambda _, value=value: quote(value, safe=""), path)
        answers[value[:40]] = api.get(url).status_code
    assert {value: code for value, code in answers.items() if code >= 500} == {}


@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize("path", [path for path, _ in OPERATIONS])
def test_parameters_together_take_extreme_and_arbitrary_values(api, path_values, path):
    """Several parameters at once, each an extreme value or any text Hypothesis draws."""
    names = sorted(p["name"] for p in dict(OPERATIONS)[path] if p["in"] == "query")
    url = concrete(path, path_values)
    value = st.sampled_from(EXTREMES) | st.text(max_size=30)

    @seed(20251205)
    @settings(
        max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(params=st.dictionaries(st.sampled_from(names), value, min_size=1, max_size=5))
    def fuzz(params):
        assert problem(api.get(url, params), params) is None

    fuzz()
