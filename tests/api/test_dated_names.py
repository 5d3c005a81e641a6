"""Names have days: a name a list gave an organization later (Alias.listed_on) finds it, shows
under it and matches it only from that day; one a list dropped (delisted_on) only before. The
search, the organization's detail and name screening read the same rule on both databases."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from registry.services.organizations import alias_add
from tests.api.conftest import get_json
from tests.factories import OrganizationFactory, designate

pytestmark = pytest.mark.django_db

ADDED = dt.date(2025, 7, 17)  # the day the State Department added TRF to LeT's designations
DROPPED = dt.date(2025, 11, 10)


@pytest.fixture
def lashkar():
    organization = OrganizationFactory(name="Lashkar-e-Tayyiba")
    designate(organization, on=dt.date(2001, 12, 26))
    for name, kind in [("The Resistance Front", "strong"), ("TRF", "acronym")]:
        alias_add(organization=organization, name=name, kind=kind, listed_on=ADDED, reason="t")
    alias_add(organization=organization, name="جبهة المقاومة", kind="translation", reason="t")
    organization.aliases.filter(name="جبهة المقاومة").update(listed_on=ADDED)
    alias_add(organization=organization, name="Army of the Pure", reason="t")
    alias_add(organization=organization, name="Jamaat ud Dawa", reason="t")
    organization.aliases.filter(name="Jamaat ud Dawa").update(delisted_on=DROPPED)
    return organization


def names_found(api, q, **params) -> list[str]:
    body = get_json(api, "/api/v1/organizations/", {"q": q, **params})
    return [item["name"] for item in body["results"]]


@pytest.mark.parametrize(
    "typed",
    [
        "TRF",  # an alias's key, equal
        "The Resistance Front",
        "resistance front",  # held in a name
        "front resistance",  # every word, in another order
        "The Resistanse Frnt",  # a similar spelling
        "جبهة المقاومة",  # its consonants, in Arabic script
    ],
)
def test_a_name_given_later_finds_the_organization_only_from_that_day(api, lashkar, typed):
    assert names_found(api, typed, as_of="2025-07-16") == []
    assert names_found(api, typed, as_of="2025-07-17") == ["Lashkar-e-Tayyiba"]
    assert names_found(api, typed) == ["Lashkar-e-Tayyiba"]  # without a day: every name


def test_a_name_a_list_dropped_finds_the_organization_only_before(api, lashkar):
    assert names_found(api, "Jamaat ud Dawa", as_of="2025-11-09") == ["Lashkar-e-Tayyiba"]
    assert names_found(api, "Jamaat ud Dawa", as_of="2025-11-10") == []
    assert names_found(api, "Army of the Pure", as_of="2025-11-10") == ["Lashkar-e-Tayyiba"]


def test_the_designations_search_reads_the_names_of_the_day(api, lashkar):
    url = "/api/v1/designations/"
    assert get_json(api, url, {"q": "TRF", "as_of": "2025-07-16"})["results"] == []
    found = get_json(api, url, {"q": "TRF", "as_of": "2025-07-17"})["results"]
    assert [item["organization"]["name"] for item in found] == ["Lashkar-e-Tayyiba"]


def test_the_organization_shows_the_names_it_had_that_day_with_their_days(api, lashkar):
    url = f"/api/v1/organizations/{lashkar.pk}/"

    def aliases(**params):
        return {a["name"]: a["listed_on"] for a in get_json(api, url, params)["aliases"]}

    before = aliases(as_of="2025-07-16")
    assert "TRF" not in before and "Jamaat ud Dawa" in before
    assert before["Army of the Pure"] is None
    after = aliases(as_of="2025-07-17")
    assert after["TRF"] == after["The Resistance Front"] == "2025-07-17"
    assert "Jamaat ud Dawa" not in aliases()  # today: no longer carried


def test_screening_on_a_day_matches_by_the_names_of_that_day(api, lashkar):
    def results(day):
        body = {"queries": {"q": {"name": "The Resistance Front", "as_of": day}}}
        response = api.post("/api/v1/match/", body, format="json")
        assert response.status_code == 200, response.content[:2000]
        return response.json()["responses"]["q"]["results"]

    assert not [r for r in results("2025-07-16") if r["match"]]
    [best, *_] = results("2025-07-17")
    assert (best["organization"]["name"], best["matched_name"], best["match"]) == (
        "Lashkar-e-Tayyiba",
        "The Resistance Front",
        True,
    )


def test_a_name_cannot_be_listed_after_it_was_dropped(lashkar):
    alias = lashkar.aliases.get(name="Jamaat ud Dawa")
    alias.listed_on = DROPPED
    with pytest.raises(ValidationError) as raised:
        alias.full_clean()
    assert "listed_on" in raised.value.message_dict
    assert "2025-11-10" in raised.value.message_dict["listed_on"][0]
