"""HTTP behaviour: conditional GET, pagination, throttling, the schema and the docs page."""

import datetime as dt
import re
from unittest import mock

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from registry.selectors import state
from registry.services.organizations import alias_add
from tests.api.conftest import get_json
from tests.factories import OrganizationFactory, ProgramFactory, designate

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organizations/"
LOOKUPS = {
    "organizations": "id",
    "designations": "id",
    "programs": "code",
    "authorities": "code",
    "countries": "code",
    "legal-consequences": "id",
}
RESOURCES = tuple(LOOKUPS)


@pytest.fixture
def orgs():
    program = ProgramFactory()
    made = [OrganizationFactory(name=f"Org {i:03d}", slug=f"org-{i:03d}") for i in range(12)]
    for org in made:
        designate(org, program)
    return made


def test_conditional_get_answers_304_until_something_changes(
    api, orgs, django_assert_max_num_queries
):
    first = api.get(ORGS, {"program": "US-FTO"})
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    with django_assert_max_num_queries(1):
        again = api.get(ORGS, {"program": "US-FTO"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = api.get(ORGS, {"program": "US-FTO"}, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    alias_add(organization=orgs[0], name="A new name", reason="test")
    changed = api.get(ORGS, {"program": "US-FTO"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_etag_depends_on_query_and_format(api, orgs):
    json_tag = api.get(ORGS)["ETag"]
    assert api.get(ORGS, {"page": 2, "page_size": 5})["ETag"] != json_tag
    csv = api.get(ORGS, {"format": "csv"})
    assert csv["ETag"] != json_tag
    assert api.get(ORGS, {"format": "csv"}, HTTP_IF_NONE_MATCH=csv["ETag"]).status_code == 304
    assert api.get(ORGS, HTTP_IF_NONE_MATCH=csv["ETag"]).status_code == 200
    assert "Accept" in api.get(ORGS)["Vary"]


def test_the_newest_write_function_reads_every_tracked_table():
    # PostgreSQL reads the newest write through a function (migration 0006) whose table list was
    # written out when it was created: a table tracked since needs a migration replacing it.
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL keeps the newest-write query in a function")
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'registry_last_write'")
        (source,) = cursor.fetchone()
    read = set(re.findall(r'MAX\("(\w+)"\) FROM "(\w+)"', source))
    assert read == {(column, table) for table, column in state.tracked_columns()}


def test_detail_etag(api, orgs):
    url = f"{ORGS}{orgs[0].pk}/"
    tag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_last_modified_is_never_before_today(api):
    # Statuses are answered for today, so yesterday's copy is stale even with no write since.
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        designate(OrganizationFactory(), ProgramFactory())
    response = api.get(ORGS)
    modified = dt.datetime.strptime(response["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
    assert modified == dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time.min)


def test_pages_are_stable_and_cover_everything(api, orgs):
    seen = []
    for page in (1, 2, 3):
        body = get_json(api, ORGS, {"page_size": 5, "page": page})
        seen.extend(item["id"] for item in body["results"])
    assert sorted(seen) == sorted(o.pk for o in orgs)
    assert len(set(seen)) == len(seen)
    body = get_json(api, ORGS, {"page_size": 5})
    assert body["count"] == 12
    assert "page=2" in body["next"] and body["previous"] is None


@pytest.mark.parametrize("brief", [False, True])
def test_search_pages_count_in_the_same_statement(api, orgs, brief):
    # A search (`q`) reads its page and its total in one statement; it must page exactly as the
    # list without a search does (every organization here matches "org").
    extra = {"brief": "true"} if brief else {}
    for page in (1, 2, 3):
        params = {"page_size": 5, "page": page, **extra}
        listed = get_json(api, ORGS, params)
        with CaptureQueriesContext(connection) as queries:
            searched = get_json(api, ORGS, {**params, "q": "ORG"})
        assert searched["count"] == listed["count"] == 12
        assert searched["results"] == listed["results"]
        for link in ("next", "previous"):
            assert (searched[link] is None) == (listed[link] is None)
        assert not [q for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]
    past_listed = get_json(api, ORGS, {"page_size": 5, "page": 4, **extra}, status=404)
    past = get_json(api, ORGS, {"page_size": 5, "page": 4, "q": "org", **extra}, status=404)
    assert past == past_listed
    none = get_json(api, ORGS, {"q": "no such name", **extra})
    assert none["count"] == 0 and none["results"] == [] and none["next"] is None
    get_json(api, ORGS, {"q": "no such name", "page": 2, **extra}, status=404)


def test_default_page_size_and_cap(api, orgs):
    assert len(get_json(api, ORGS)["results"]) == 12
    assert settings.REGISTRY_MAX_PAGE_SIZE == 500
    assert get_json(api, ORGS, {"page_size": 500})["count"] == 12
    body = get_json(api, ORGS, {"page_size": 501}, status=400)
    assert "500" in body["errors"]["page_size"][0]


def test_same_name_pages_are_ordered_by_id(api):
    program = ProgramFactory()
    twins = [OrganizationFactory(name="Same name") for _ in range(6)]
    for org in twins:
        designate(org, program)
    pages = [
        [o["id"] for o in get_json(api, ORGS, {"page_size": 2, "page": n})["results"]]
        for n in (1, 2, 3)
    ]
    assert sum(pages, []) == sorted(o.pk for o in twins)


def test_anonymous_clients_are_throttled(api, orgs):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/min"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        for _ in range(3):
            assert api.get(ORGS).status_code == 200
        response = api.get(ORGS)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["code"] == "throttled" and body["retry_after"] > 0


def test_an_anonymous_client_is_held_to_the_anonymous_rate_alone(api, orgs):
    # with the anonymous throttle off, the token users' rate does not apply to it instead
    rates = {"anon": None, "user": "2/min"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        assert all(api.get(ORGS).status_code == 200 for _ in range(4))


def test_default_anonymous_rate_is_configured():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "120/min"


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    operation = schema["paths"]["/api/v1/organizations/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names >= {
        "q",
        "country",
        "program",
        "authority",
        "status",
        "as_of",
        "designated_after",
        "designated_before",
        "changed_since",
        "ordering",
        "page",
        "page_size",
        "format",
    }
    assert set(operation["responses"]) >= {"200", "400", "404", "429"}
    assert "text/csv" in operation["responses"]["200"]["content"]
    designations = schema["paths"]["/api/v1/designations/"]["get"]
    assert {p["name"] for p in designations["parameters"]} >= {
        "organization",
        "effective_from",
        "effective_to",
        "revoked_from",
        "revoked_to",
        "q",
    }
    for path, item in schema["paths"].items():
        if path in ("/api/v1/match/", "/api/v1/match/bulk/"):  # questions in a body: no writes
            assert set(item) == {"post"}, path
            assert {"400", "429"} <= set(item["post"]["responses"]), path
            continue
        assert set(item) <= {"get", "parameters"}, path  # read-only: no write operations
        assert {"400", "404", "429"} <= set(item["get"]["responses"]), path
    for resource in RESOURCES:
        for path in (f"/api/v1/{resource}/", f"/api/v1/{resource}/{{{LOOKUPS[resource]}}}/"):
            parameters = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
            assert "format" in parameters, path


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organizations/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "unpkg" not in page
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_csv_requests_still_check_page_parameters(api, orgs):
    # CSV is the whole result, but a bad page_size is still a bad value, not ignored.
    body = get_json(api, ORGS, {"format": "csv", "page_size": "lots"}, status=400)
    assert list(body["errors"]) == ["page_size"]


def test_an_unsupported_accept_header_is_406(api, orgs):
    response = api.get(ORGS, HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_the_api_root_lists_the_resources(api):
    body = get_json(api, "/api/v1/")
    assert set(body) >= set(RESOURCES)
    # and the endpoints that are not resources: screening and the field's formats
    assert body["match"].endswith("/api/v1/match/")
    assert body["match-bulk"].endswith("/api/v1/match/bulk/")
    assert body["export-ftm"].endswith("/api/v1/exports/entities.ftm.json")
    assert body["export-targets"].endswith("/api/v1/exports/targets.simple.csv")
