"""The number of SQL queries per request does not grow with rows or page size."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Designation, LegalConsequence, Organization
from registry.services.designations import designation_add_event
from registry.services.organizations import alias_add, country_link_add, identifier_add
from tests.factories import (
    AuthorityFactory,
    CountryFactory,
    OrganizationFactory,
    ProgramFactory,
    SourceFactory,
    designate,
)

pytestmark = pytest.mark.django_db

# Generous ceilings, far below one query per row: a regression to N+1 breaks them at 50 rows.
MAX_JSON_QUERIES = 14
MAX_CSV_QUERIES = 12

LISTS = [
    ("/api/v1/organizations/", {}),
    ("/api/v1/organizations/", {"program": "US-FTO", "as_of": "2025-06-01", "country": "MX"}),
    ("/api/v1/organizations/", {"q": "org", "status": "active", "changed_since": "2000-01-01"}),
    ("/api/v1/designations/", {}),
    ("/api/v1/designations/", {"as_of": "2025-06-01", "q": "org", "country": "MX"}),
    ("/api/v1/countries/", {}),
    ("/api/v1/programs/", {}),
    ("/api/v1/authorities/", {}),
    ("/api/v1/legal-consequences/", {}),
]


def grow(n: int) -> None:
    """`n` organizations, each with names, countries, an identifier, two designations (one
    revoked, one with several events and sources); and `n` programs with consequences."""
    fto = ProgramFactory(code="US-FTO")
    sdgt = ProgramFactory(code="US-SDGT", authority=AuthorityFactory(code="US-OFAC"))
    mexico, venezuela = CountryFactory(code="MX"), CountryFactory(code="VE")
    start = OrganizationFactory._meta.model.objects.count()
    for i in range(start, start + n):
        org = OrganizationFactory(name=f"Org {i}", slug=f"org-{i}")
        alias_add(organization=org, name=f"Alias {i}", reason="test")
        alias_add(organization=org, name=f"Acronym {i}", kind="acronym", reason="test")
        country_link_add(organization=org, country=mexico, reason="test")
        country_link_add(organization=org, country=venezuela, role="operations", reason="test")
        identifier_add(organization=org, scheme="other", value=f"id-{i}", reason="test")
        sources = [SourceFactory(), SourceFactory()]
        designation = designate(org, fto, on=dt.date(2025, 2, 20), sources=sources)
        designation_add_event(
            designation=designation,
            kind="amended",
            effective_on=dt.date(2025, 5, 1),
            sources=sources,
            reason="test",
        )
        designate(org, sdgt, on=dt.date(2020, 1, 1), revoked=dt.date(2024, 1, 1))
        program = ProgramFactory(code=f"P-{i}", authority=AuthorityFactory(code=f"A-{i}"))
        LegalConsequence.objects.create(
            program=program, kind="other", title=f"C {i}", citation="x", summary="y"
        )
        CountryFactory(code=f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}", name=f"Land {i}")


def count_queries(api, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def counts(api, extra: dict, ceiling=None) -> dict[str, int]:
    """Queries per list request; each under `ceiling` (django_assert_max_num_queries) if given."""
    found = {}
    for url, params in LISTS:
        if ceiling is None:
            found[f"{url}?{params}"] = count_queries(api, url, {**params, **extra})
        else:
            limit = MAX_CSV_QUERIES if extra.get("format") == "csv" else MAX_JSON_QUERIES
            with ceiling(limit):
                found[f"{url}?{params}"] = count_queries(api, url, {**params, **extra})
    return found


def test_json_queries_do_not_grow_with_rows(api, django_assert_max_num_queries):
    grow(5)
    at_5 = counts(api, {"page_size": 500}, django_assert_max_num_queries)
    grow(45)
    at_50 = counts(api, {"page_size": 500}, django_assert_max_num_queries)
    assert at_50 == at_5


def test_json_queries_do_not_grow_with_page_size(api):
    grow(50)
    assert counts(api, {"page_size": 10}) == counts(api, {"page_size": 500})


def test_brief_queries_do_not_grow_with_rows_or_page_size(api, django_assert_max_num_queries):
    grow(5)
    at_5 = counts(api, {"brief": "true", "page_size": 500}, django_assert_max_num_queries)
    grow(45)
    at_50 = counts(api, {"brief": "true", "page_size": 500}, django_assert_max_num_queries)
    assert at_50 == at_5 == counts(api, {"brief": "true", "page_size": 10})


def test_csv_queries_do_not_grow_with_rows(api, django_assert_max_num_queries):
    grow(5)
    at_5 = counts(api, {"format": "csv"}, django_assert_max_num_queries)
    grow(45)
    at_50 = counts(api, {"format": "csv"}, django_assert_max_num_queries)
    assert at_50 == at_5


def test_lists_are_not_empty(api):
    """The counts above mean something only if the lists have rows."""
    grow(5)
    for url, params in LISTS:
        body = api.get(url, {**params, "page_size": 500}).json()
        assert body["count"] >= 5, (url, params)


@pytest.mark.parametrize(
    "url", ["/api/v1/organizations/{org}/", "/api/v1/designations/{designation}/"]
)
def test_detail_queries_are_bounded(api, url, django_assert_max_num_queries):
    grow(5)
    from registry.models import Designation, Organization

    org = Organization.objects.first()
    ids = {"org": org.pk, "designation": Designation.objects.first().pk}
    with django_assert_max_num_queries(MAX_JSON_QUERIES):
        count_queries(api, url.format(**ids), {})


@pytest.mark.parametrize(
    "url, model", [("/api/v1/designations/", Designation), ("/api/v1/organizations/", Organization)]
)
def test_a_full_list_sorts_ids_and_reads_the_page_by_id(api, url, model):
    """The statement that sorts and cuts a full list selects ids only: what the plan adds to a
    row (a timeline, names, countries: subqueries) is read for the page's rows, never for every
    row a sort must read. The page is still the list's, in its order."""
    grow(5)
    wanted = {"ordering": "-updated_at", "page_size": 3}
    with CaptureQueriesContext(connection) as queries:
        body = api.get(url, wanted).json()
    cut = re.compile(r" LIMIT \d+( OFFSET \d+)?$")  # the statement's own LIMIT, not a subquery's
    sorted_and_cut = [q["sql"] for q in queries if cut.search(q["sql"].upper())]
    assert len(sorted_and_cut) == 1
    assert sorted_and_cut[0].upper().count("SELECT") == 1, sorted_and_cut[0]
    in_order = list(model.objects.order_by("-updated_at", "id").values_list("id", flat=True))
    assert [row["id"] for row in body["results"]] == in_order[:3]
    assert body["results"] == api.get(url, {**wanted, "page_size": 500}).json()["results"][:3]
