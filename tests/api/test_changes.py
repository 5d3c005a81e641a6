"""The change feed and an organization's history over the API."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from registry.importers import parse_file
from registry.models import Designation, Identifier, Organization
from registry.services.imports import import_list
from registry.services.organizations import alias_add
from tests.factories import OrganizationFactory, designate
from tests.importers.conftest import PAIRS

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def whole_feed(client, **params) -> list[dict]:
    entries, url = [], "/api/v1/changes/"
    response = client.get(url, {"page_size": 97, **params})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        entries.extend(body["results"])
        if not body["next"]:
            return entries
        response = client.get(body["next"])


def replay(entries) -> dict[tuple[str, int], dict]:
    """Apply a feed to an empty copy, as a client keeping a copy would."""
    copy: dict[tuple[str, int], dict] = {}
    for entry in entries:
        key = (entry["entity"], entry["id"])
        if entry["op"] == "DEL" or entry["object"] is None:
            copy.pop(key, None)
        else:
            copy[key] = entry["object"]
    return copy


def test_replaying_the_feed_from_the_start_gives_the_registry(client, seeded_db):
    Organization.objects.get(slug="kahane-chai").delete()  # DELs must reach the copy too
    copy = replay(whole_feed(client))
    organizations = {k[1]: v for k, v in copy.items() if k[0] == "organization"}
    designations = {k[1]: v for k, v in copy.items() if k[0] == "designation"}
    assert set(organizations) == set(Organization.objects.values_list("pk", flat=True))
    assert set(designations) == set(Designation.objects.values_list("pk", flat=True))
    soles = Organization.objects.get(slug="cartel-de-los-soles")
    detail = client.get(f"/api/v1/organizations/{soles.pk}/").json()
    assert organizations[soles.pk] == detail


def test_the_feed_after_an_import_holds_exactly_what_it_changed(client):
    import_list(
        parse_file("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv"), as_of=dt.date(2022, 5, 19)
    )
    since = timezone.now()
    import_list(
        parse_file("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv"), as_of=dt.date(2022, 5, 20)
    )
    entries = whole_feed(client, since=since.isoformat())
    revoked = Designation.objects.filter(revoked_on=dt.date(2022, 5, 20))
    assert revoked.count() == 5
    assert {(e["entity"], e["id"]) for e in entries} == {("designation", d.pk) for d in revoked}
    assert {e["op"] for e in entries} == {"MOD"}
    assert all("sdn_2022-05-20.csv" in e["reason"] and "sha256" in e["reason"] for e in entries)
    assert {e["object"]["status"] for e in entries} == {"revoked"}


def test_feed_entries_name_the_reason_and_respect_since(client):
    organization = OrganizationFactory()
    since = timezone.now()
    alias_add(organization=organization, name="Otro Nombre", reason="admin: added")
    entries = whole_feed(client, since=since.isoformat())
    assert [(e["op"], e["entity"], e["id"], e["reason"]) for e in entries] == [
        ("MOD", "organization", organization.pk, "admin: added")
    ]
    assert "Otro Nombre" in [a["name"] for a in entries[0]["object"]["aliases"]]


def test_feed_as_csv_matches_the_json(client, seeded_db):
    response = client.get("/api/v1/changes/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    entries = whole_feed(client)
    assert [(r["op"], r["entity"], int(r["id"])) for r in rows] == [
        (e["op"], e["entity"], e["id"]) for e in entries
    ]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2025-13-01"}, "since"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "501"}, "page_size"),
    ],
)
def test_bad_feed_parameters_are_400_naming_them(client, params, name):
    response = client.get("/api/v1/changes/", params)
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_feed_is_read_only(client):
    assert client.post("/api/v1/changes/", {}).status_code == 405


def test_feed_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries):
    def load(n):
        for _ in range(n):
            designate(OrganizationFactory(), on=dt.date(2020, 1, 1))

    load(5)
    with django_assert_max_num_queries(40) as small:
        client.get("/api/v1/changes/", {"page_size": 10})
    load(100)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/api/v1/changes/", {"page_size": 500})


def test_organization_history_shows_who_changed_what(client, seeded_db):
    soles = Organization.objects.get(slug="cartel-de-los-soles")
    soles.description = "Corrected description."
    soles._change_reason = "admin: changed"
    soles.save()
    body = client.get(f"/api/v1/organizations/{soles.pk}/history/").json()
    newest = body["results"][0]
    assert (newest["object_type"], newest["op"], newest["reason"]) == (
        "organization",
        "MOD",
        "admin: changed",
    )
    assert newest["changes"] == [
        {
            "field": "description",
            "old": newest["changes"][0]["old"],
            "new": "Corrected description.",
        }
    ]
    kinds = (
        {entry["object_type"] for entry in body["results"]}
        | {entry["object_type"] for entry in client.get(body["next"]).json()["results"]}
        if body["next"]
        else {entry["object_type"] for entry in body["results"]}
    )
    assert {"organization", "alias", "designation", "designation_event"} <= kinds
    assert client.get("/api/v1/organizations/999999/history/").status_code == 404


def test_identifier_history_is_part_of_the_organization_history(client):
    organization = OrganizationFactory()
    Identifier(organization=organization, scheme="wikidata", value="Q1").save()
    body = client.get(f"/api/v1/organizations/{organization.pk}/history/").json()
    assert [e["label"] for e in body["results"] if e["object_type"] == "identifier"] == [
        "wikidata:Q1"
    ]
