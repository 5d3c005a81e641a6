"""The schema and its docs page are as private as the API: with REGISTRY_API_PUBLIC=false
they need a token or a signed-in session, like every /api/v1/ route; public, anyone reads them."""

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PAGES = ["/api/schema/", "/api/docs/", "/api/docs/?script="]  # the last: Swagger UI's start-up


def test_public_mode_serves_them_to_anyone(client):
    for url in PAGES:
        assert client.get(url).status_code == 200, url


@override_settings(REGISTRY_API_PUBLIC=False)
def test_token_mode_refuses_anonymous_readers(client):
    for url in [*PAGES, "/api/v1/organizations/"]:
        assert client.get(url).status_code == 401, url


@override_settings(REGISTRY_API_PUBLIC=False)
def test_token_mode_serves_them_with_a_token(django_user_model):
    reader = django_user_model.objects.create_user("reader", password="a-long-pass-1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reader).key}")
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organizations/" in schema.content
    assert client.get("/api/docs/").status_code == 200


@override_settings(REGISTRY_API_PUBLIC=False)
def test_token_mode_serves_them_to_a_signed_in_analyst(staff_client):
    for url in PAGES:
        assert staff_client.get(url).status_code == 200, url
