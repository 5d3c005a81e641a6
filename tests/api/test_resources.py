"""What each resource shows, 404s, read-only access, and the private (token) mode."""

import datetime as dt

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from registry.dates import Precision
from registry.models import Designation, LegalConsequence, Organization
from registry.services.designations import designation_add_event
from registry.services.organizations import alias_add, country_link_add, identifier_add
from tests.api.conftest import get_json, results
from tests.factories import (
    CountryFactory,
    OrganizationFactory,
    ProgramFactory,
    SourceFactory,
    designate,
    sdgt_program,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs():
    fto = ProgramFactory(code="US-FTO")
    sdgt = sdgt_program()
    LegalConsequence.objects.create(
        program=fto,
        kind="criminal",
        title="Material support",
        citation="18 U.S.C. §2339B",
        summary="A crime.",
    )
    LegalConsequence.objects.create(
        program=sdgt,
        kind="financial",
        title="Blocking",
        citation="E.O. 13224 §1",
        summary="Blocked.",
    )
    return fto, sdgt


@pytest.fixture
def soles(programs):
    fto, sdgt = programs
    org = OrganizationFactory(name="Cártel de los Soles", slug="cartel-de-los-soles", kind="cartel")
    alias_add(organization=org, name="Cartel of the Suns", language="en", reason="test")
    country_link_add(organization=org, country=CountryFactory(code="VE"), reason="test")
    identifier_add(organization=org, scheme="opensanctions", value="NK-soles", reason="test")
    notice = SourceFactory(key="fr-2025-20750", url="https://example.org/fr/2025-20750")
    designate(org, sdgt, on=dt.date(2025, 7, 25))
    designate(
        org,
        fto,
        on=dt.date(2025, 11, 24),
        signed_on=dt.date(2025, 11, 16),
        citation="90 FR 53045",
        document_number="FR doc 2025-20750",
        confidence="confirmed",
        sources=[notice],
    )
    return org


def test_organization_detail(api, soles):
    body = get_json(api, f"/api/v1/organizations/{soles.pk}/")
    assert body["name"] == "Cártel de los Soles"
    assert body["slug"] == "cartel-de-los-soles"
    assert body["kind"] == "cartel"
    assert body["url"].endswith(f"/api/v1/organizations/{soles.pk}/")
    assert body["aliases"] == [
        {
            "name": "Cartel of the Suns",
            "kind": "strong",
            "script": "",
            "language": "en",
            "listed_on": None,
        }
    ]
    assert body["countries"] == [
        {"code": "VE", "name": "Venezuela", "role": "base", "confidence": "reported"}
    ]
    assert body["identifiers"] == [{"scheme": "opensanctions", "value": "NK-soles"}]
    fto = next(d for d in body["designations"] if d["program"] == "US-FTO")
    assert fto["authority"] == "US-DOS"
    assert fto["status"] == "active" and fto["in_force"] is True
    assert fto["designated_on"] == "2025-11-24"
    assert fto["revoked_on"] is None
    assert fto["citation"] == "90 FR 53045"
    assert fto["document_number"] == "FR doc 2025-20750"
    assert fto["source_urls"] == ["https://example.org/fr/2025-20750"]
    assert fto["next_review_due"] == "2030-11-24"
    assert fto["petition_opens_on"] == "2027-11-24"
    event = fto["events"][0]
    assert event["kind"] == "designated"
    assert event["signed_on"] == "2025-11-16"
    assert event["effective_on"] == "2025-11-24"
    assert event["confidence"] == "confirmed"
    assert event["sources"][0]["key"] == "fr-2025-20750"
    titles = {c["title"] for c in body["legal_consequences"]}
    assert titles == {"Material support", "Blocking"}


def test_legal_consequences_are_those_in_force_today(api, soles):
    fto = soles.designations.get(program__code="US-FTO")
    designation_add_event(
        designation=fto, kind="revoked", effective_on=dt.date(2026, 1, 1), reason="test"
    )
    body = get_json(api, f"/api/v1/organizations/{soles.pk}/")
    assert [c["title"] for c in body["legal_consequences"]] == ["Blocking"]
    past = get_json(api, f"/api/v1/organizations/{soles.pk}/", {"as_of": "2025-12-01"})
    assert {c["title"] for c in past["legal_consequences"]} == {"Material support", "Blocking"}


def test_dates_keep_their_precision(api, programs):
    fto, _ = programs
    org = OrganizationFactory(name="Ansarallah")
    designate(
        org,
        fto,
        on=dt.date(2021, 1, 1),
        effective_precision=Precision.MONTH,
        revoked=None,
    )
    designation = org.designations.get()
    designation_add_event(
        designation=designation,
        kind="revoked",
        effective_on=dt.date(2021, 2, 1),
        effective_precision=Precision.MONTH,
        reason="test",
    )
    body = get_json(api, f"/api/v1/designations/{designation.pk}/")
    assert body["designated_on"] == "2021-01"
    assert body["designated_precision"] == "month"
    assert body["revoked_on"] == "2021-02"
    assert [e["effective_on"] for e in body["events"]] == ["2021-01", "2021-02"]
    assert body["status"] == "revoked"


def test_designation_detail(api, soles):
    designation = soles.designations.get(program__code="US-FTO")
    designation_add_event(
        designation=designation,
        kind="reviewed",
        effective_on=dt.date(2026, 3, 1),
        citation="91 FR 1",
        reason="test",
    )
    body = get_json(api, f"/api/v1/designations/{designation.pk}/")
    assert body["organization"] == {
        "id": soles.pk,
        "slug": "cartel-de-los-soles",
        "name": "Cártel de los Soles",
        "countries": ["VE"],
    }
    assert body["program"] == "US-FTO"
    assert body["legal_basis"] == "INA §219, 8 U.S.C. §1189"
    assert [(e["kind"], e["effective_on"], e["citation"]) for e in body["events"]] == [
        ("designated", "2025-11-24", "90 FR 53045"),
        ("reviewed", "2026-03-01", "91 FR 1"),
    ]
    assert body["last_reviewed_on"] == "2026-03-01"
    assert body["next_review_due"] == "2031-03-01"
    assert [c["title"] for c in body["legal_consequences"]] == ["Material support"]
    # As it stood before the review, the clock ran from the designation.
    before = get_json(api, f"/api/v1/designations/{designation.pk}/", {"as_of": "2026-01-01"})
    assert before["last_reviewed_on"] is None
    assert before["next_review_due"] == "2030-11-24"
    assert [e["kind"] for e in before["events"]] == ["designated"]


def test_detail_with_as_of_before_the_designation_is_404(api, soles):
    designation = soles.designations.get(program__code="US-FTO")
    response = api.get(f"/api/v1/designations/{designation.pk}/", {"as_of": "2025-11-23"})
    assert response.status_code == 404
    response = api.get(f"/api/v1/organizations/{soles.pk}/", {"as_of": "2025-07-24"})
    assert response.status_code == 404


def test_a_detail_validates_its_parameters_and_reads_the_same_without_them(api, soles):
    designation = soles.designations.get(program__code="US-FTO")
    program = designation.program
    consequence = program.consequences.get()
    response = api.get(f"/api/v1/organizations/{soles.pk}/", {"as_of": "2025-13-01"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]
    # Without a parameter the FilterSet is skipped; with one (not a filter) it runs.
    for url in (
        f"/api/v1/organizations/{soles.pk}/",
        f"/api/v1/designations/{designation.pk}/",
        "/api/v1/countries/VE/",
        "/api/v1/programs/US-FTO/",
        f"/api/v1/authorities/{program.authority.code}/",
        f"/api/v1/legal-consequences/{consequence.pk}/",
    ):
        assert get_json(api, url) == get_json(api, url, {"page_size": "10"}), url


def test_countries_count_organizations_in_force(api, soles, programs):
    fto, _ = programs
    revoked = OrganizationFactory()
    country_link_add(organization=revoked, country=CountryFactory(code="VE"), reason="test")
    country_link_add(
        organization=revoked, country=CountryFactory(code="CO"), role="operations", reason="test"
    )
    designate(revoked, fto, on=dt.date(2000, 1, 1), revoked=dt.date(2020, 1, 1))
    assert get_json(api, "/api/v1/countries/VE/")["organizations_in_force"] == 1
    assert get_json(api, "/api/v1/countries/ve/")["code"] == "VE"
    past = get_json(api, "/api/v1/countries/VE/", {"as_of": "2010-01-01"})
    assert past["organizations_in_force"] == 1
    counts = {c["code"]: c["organizations_in_force"] for c in results(api, "/api/v1/countries/")}
    assert counts == {"VE": 1, "CO": 0}
    assert [c["code"] for c in results(api, "/api/v1/countries/", {"designated": "true"})] == ["VE"]
    assert [c["code"] for c in results(api, "/api/v1/countries/", {"designated": "false"})] == [
        "CO"
    ]
    assert [c["code"] for c in results(api, "/api/v1/countries/", {"q": "venez"})] == ["VE"]


def test_programs_authorities_and_consequences(api, programs):
    program = get_json(api, "/api/v1/programs/US-FTO/")
    assert program["authority"] == "US-DOS"
    assert [c["title"] for c in program["consequences"]] == ["Material support"]
    assert [p["code"] for p in results(api, "/api/v1/programs/", {"authority": "US-OFAC"})] == [
        "US-SDGT"
    ]
    authority = get_json(api, "/api/v1/authorities/US-OFAC/")
    assert authority["programs"] == ["US-SDGT"]
    rows = results(api, "/api/v1/legal-consequences/", {"program": "US-FTO"})
    assert [(c["program"], c["authority"], c["kind"]) for c in rows] == [
        ("US-FTO", "US-DOS", "criminal")
    ]
    rows = results(api, "/api/v1/legal-consequences/", {"kind": "financial"})
    assert [c["title"] for c in rows] == ["Blocking"]
    # codes in any case, as the filters take them
    assert get_json(api, "/api/v1/programs/us-fto/")["code"] == "US-FTO"
    assert get_json(api, "/api/v1/authorities/us-ofac/")["code"] == "US-OFAC"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations/999999/",
        "/api/v1/organizations/abc/",
        "/api/v1/organizations/2213366557604252850694584795136/",
        "/api/v1/designations/-1/",
        "/api/v1/designations/999999/",
        "/api/v1/programs/NOPE/",
        "/api/v1/authorities/NOPE/",
        "/api/v1/countries/XX/",
        "/api/v1/legal-consequences/999999/",
        "/api/v1/nothing-here/",
        "/api/v1/organizations/?page=999",
    ],
)
def test_unknown_ids_are_json_404s(api, programs, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 404 and body["code"] == "not_found" and body["detail"]


ROUTES = [
    "/api/v1/organizations/",
    "/api/v1/organizations/{org}/",
    "/api/v1/designations/",
    "/api/v1/designations/{designation}/",
    "/api/v1/programs/",
    "/api/v1/programs/US-FTO/",
    "/api/v1/authorities/",
    "/api/v1/authorities/US-DOS/",
    "/api/v1/countries/",
    "/api/v1/countries/VE/",
    "/api/v1/legal-consequences/",
    "/api/v1/legal-consequences/{consequence}/",
]


def routes(soles) -> list[str]:
    ids = {
        "org": soles.pk,
        "designation": soles.designations.first().pk,
        "consequence": LegalConsequence.objects.first().pk,
    }
    return [route.format(**ids) for route in ROUTES]


def snapshot() -> tuple:
    return (
        list(Organization.objects.values_list("id", "name", "updated_at")),
        list(Designation.objects.values_list("id", "revoked_on", "updated_at")),
        Organization.history.count(),
        Designation.history.count(),
    )


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405_and_change_nothing(api, soles, method, django_user_model):
    before = snapshot()
    user = django_user_model.objects.create_user("reader", password="a-long-test-password")
    for authenticated in (False, True):
        if authenticated:
            api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        for url in routes(soles):
            response = getattr(api, method)(url, {"name": "=1+1"}, format="json")
            assert response.status_code == 405, (method, url, response.status_code)
            assert response.json()["code"] == "method_not_allowed"
    assert snapshot() == before


def test_every_route_answers_get_head_and_options(api, soles):
    for url in routes(soles):
        assert api.get(url).status_code == 200, url
        head = api.head(url)
        assert head.status_code == 200 and head.content == b"", url
        assert api.options(url).status_code == 200, url


@override_settings(REGISTRY_API_PUBLIC=False)
def test_private_api_needs_a_token(api, soles, django_user_model):
    for url in routes(soles):
        response = api.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "not_authenticated"
        assert api.post(url, {}).status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(ROUTES[0]).status_code == 401
    user = django_user_model.objects.create_user("reader", password="a-long-test-password")
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    for url in routes(soles):
        assert api.get(url).status_code == 200, url
        assert api.post(url, {}).status_code == 405, url
    response = api.get(ROUTES[0])
    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


@pytest.mark.parametrize("url", ["/api/v1/organizations/", "/api/v1/designations/"])
def test_uncertain_without_as_of_is_refused_not_ignored(api, programs, url):
    body = get_json(api, url, {"uncertain": "include"}, status=400)
    assert list(body["errors"]) == ["uncertain"] and "as_of" in body["errors"]["uncertain"][0]
    assert api.get(url, {"uncertain": "include", "as_of": "2024-01-01"}).status_code == 200
