"""The API is read-only for everyone: every write method on every route is refused.

For every resource the router registers (list and detail), POST, PUT, PATCH and DELETE are sent
anonymously, by a signed-in user who is not staff (session cookie and token), and by a superuser
(token): the answer is 401, 403 or 405, and no table, history included, gains or loses a row.
The route list comes from the router, so a resource added later is covered without editing this
file.
"""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.api.urls import router
from registry.models import LegalConsequence

pytestmark = pytest.mark.django_db

WRITE_METHODS = ["post", "put", "patch", "delete"]
REFUSED = {401, 403, 405}
PAYLOAD = {
    "name": "Written through the API",
    "code": "ZZ-API",
    "slug": "written-through-the-api",
    "title": "Written through the API",
    "program": "ZZ-API",
    "organization": 1,
}
IDENTITIES = ["anonymous", "session non-staff", "token non-staff", "token superuser"]


def routes(objects: dict[str, object]) -> list[str]:
    """Every URL the API router serves: lists, details and their extra actions (an
    organization's history), with a real object for each detail."""
    urls = []
    for _prefix, viewset, basename in router.registry:
        urls.append(reverse(f"api:{basename}-list"))
        if not hasattr(viewset, "retrieve"):  # a feed: list only
            continue
        lookup = viewset.lookup_field
        kwargs = {lookup: getattr(objects[basename], lookup)}
        urls.append(reverse(f"api:{basename}-detail", kwargs=kwargs))
        for extra in viewset.get_extra_actions():
            if extra.detail:
                urls.append(reverse(f"api:{basename}-{extra.url_name}", kwargs=kwargs))
    return urls


@pytest.fixture
def api_objects(one_of_each) -> dict[str, object]:
    """One object per API resource, keyed by the router's basename."""
    program = one_of_each["registry.Program"]
    consequence = LegalConsequence.objects.create(
        program=program,
        kind=LegalConsequence.Kind.values[0],
        title="Material support is a crime",
        citation="18 U.S.C. §2339B",
        summary="Knowingly providing material support to the organization is a federal crime.",
    )
    return {
        "organization": one_of_each["registry.Organization"],
        "designation": one_of_each["registry.Designation"],
        "program": program,
        "authority": one_of_each["registry.Authority"],
        "country": one_of_each["registry.Country"],
        "legal-consequence": consequence,
    }


@pytest.fixture
def api_client_as(nonstaff_user, django_user_model):
    def make(identity: str) -> APIClient:
        client = APIClient()  # no CSRF check: a refusal is about the method itself
        if identity == "session non-staff":
            client.force_login(nonstaff_user)
        elif identity == "token non-staff":
            token = Token.objects.create(user=nonstaff_user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        elif identity == "token superuser":
            boss = django_user_model.objects.create_superuser("boss", "", "a-long-password-x")
            token = Token.objects.create(user=boss)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def test_every_resource_has_a_list_and_a_detail_route(api_objects):
    basenames = {
        basename for _, viewset, basename in router.registry if hasattr(viewset, "retrieve")
    }
    assert basenames == set(api_objects)
    assert {
        "organization",
        "designation",
        "program",
        "authority",
        "country",
        "legal-consequence",
    } <= basenames


def test_every_route_answers_reads(client, api_objects):
    """The URLs below are real: each answers a GET, so the refusals are about the method."""
    for url in routes(api_objects):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_write_method_on_every_route_is_refused(
    identity, api_client_as, api_objects, row_counts
):
    client = api_client_as(identity)
    before = row_counts()
    wrong = []
    for url in routes(api_objects):
        for method in WRITE_METHODS:
            response = getattr(client, method)(url, PAYLOAD, format="json")
            if response.status_code not in REFUSED:
                wrong.append(f"{method.upper()} {url}: {response.status_code}")
    assert wrong == []
    assert row_counts() == before


@pytest.mark.parametrize("identity", ["anonymous", "token superuser"])
def test_writes_to_the_schema_root_and_unknown_paths_change_nothing(
    identity, api_client_as, api_objects, row_counts
):
    client = api_client_as(identity)
    before = row_counts()
    for url in ["/api/v1/", "/api/schema/", "/api/v1/organizations/new/", "/api/v1/nope/"]:
        for method in WRITE_METHODS:
            response = getattr(client, method)(url, PAYLOAD, format="json")
            assert response.status_code in REFUSED | {404}, (method, url, response.status_code)
    assert row_counts() == before
