"""The admin's "Screen names" page: names pasted, candidates shown with scores, reasons and the
designations in force on the day; bad input is named next to its field; the answer is recorded
and its receipt replays through the API."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from registry.models import ScreeningRecord

URL = "/admin/registry/organization/screen/"


@pytest.fixture
def analyst(client, django_user_model, seeded_db):
    user = django_user_model.objects.create_superuser("analyst", "", "a-long-test-password")
    client.force_login(user)
    return user


def test_the_organization_list_links_to_the_page(client, analyst):
    page = client.get(reverse("admin:registry_organization_changelist")).content.decode()
    assert f'href="{URL}"' in page and "Screen names" in page


def test_pasted_names_are_screened_with_their_reasons(client, analyst):
    names = "Hezbolla\r\nLashkar e Toiba\r\n\r\nAcme Widgets Limited\r\n"
    response = client.post(URL, {"names": names, "threshold": "0.8"})
    assert response.status_code == 200
    page = response.content.decode()
    hezbolla, toiba, acme = re.split(r"<h2>", page)[-3:]
    assert "Hizballah" in hezbolla and 'class="match"' in hezbolla
    assert "sound alike" in hezbolla and "US-FTO since 1997-10-08" in hezbolla
    assert "Lashkar-e-Tayyiba" in toiba
    assert "No designated organization scored" in acme
    assert ScreeningRecord.objects.count() == 1


def test_the_receipt_replays_through_the_api(client, analyst, api):
    import html
    import json

    page = client.post(URL, {"names": "Hamas\r\nHezbolla", "country": "ps", "threshold": "0.8"})
    shown = re.search(r'<pre class="replay"[^>]*>([^<]+)</pre>', page.content.decode())[1]
    body = json.loads(html.unescape(shown))  # the body the page says to POST
    assert list(body["queries"]) == ["1", "2"] and body["limit"] == 5 and body["threshold"] == 0.8
    replayed = api.post("/api/v1/match/", body, format="json")
    assert replayed.status_code == 200, replayed.content
    assert replayed.json()["responses"]["1"]["results"][0]["organization"]["slug"] == "hamas"
    # the page wrote its links relative, the API absolute: the same answer all the same
    assert replayed["Screening-Changed"] == ""


def test_the_day_decides_the_candidates(client, analyst):
    before = client.post(URL, {"names": "Ansarallah", "as_of": "2021-01-18", "threshold": "0.8"})
    during = client.post(URL, {"names": "Ansarallah", "as_of": "2021-01-19", "threshold": "0.8"})
    assert "registry/organization/" in during.content.decode()
    assert ">Ansarallah</a>" in during.content.decode()
    assert ">Ansarallah</a>" not in before.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"names": "", "threshold": "0.8"}, "names", "This field is required"),
        ({"names": "---", "threshold": "0.8"}, "names", "at least one letter or digit"),
        ({"names": "Hamas", "country": "XX", "threshold": "0.8"}, "country", "ISO 3166-1"),
        ({"names": "Hamas", "as_of": "2024-13-40", "threshold": "0.8"}, "as_of", "valid date"),
        ({"names": "Hamas", "threshold": "3"}, "threshold", "less than or equal to 1"),
        ({"names": "\n".join(["Hamas"] * 101), "threshold": "0.8"}, "names", "At most 100"),
    ],
)
def test_bad_input_is_named_next_to_its_field(client, analyst, data, field, message):
    response = client.post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert ScreeningRecord.objects.count() == 0


def test_staff_without_view_permission_is_refused(client, django_user_model, seeded_db):
    clerk = django_user_model.objects.create_user("clerk", password="a-long-test-password")
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    assert client.post(URL, {"names": "Hamas", "threshold": "0.8"}).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_organization"))
    assert client.get(URL).status_code == 200
