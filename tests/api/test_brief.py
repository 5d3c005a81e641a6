"""Lists in brief (`?brief=true`) say what the full lists say, in fewer words and queries."""

import pytest

from tests.api.conftest import get_json, results
from tests.api.test_csv_edge_cases import DAYS, edge_cases  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

DESIGNATIONS = "/api/v1/designations/"
ORGANIZATIONS = "/api/v1/organizations/"


def designation_in_brief(full: dict) -> dict:
    keys = ["id", "url", "organization", "program", "authority", "status", "in_force"]
    return {
        **{key: full[key] for key in keys},
        "designated_on": full["designated_on"],
        "revoked_on": full["revoked_on"],
    }


def organization_in_brief(full: dict) -> dict:
    return {
        **{key: full[key] for key in ["id", "url", "slug", "name"]},
        "countries": list(dict.fromkeys(link["code"] for link in full["countries"])),
        "programs_in_force": sorted({d["program"] for d in full["designations"] if d["in_force"]}),
    }


def same_in_brief(api, url: str, params: dict, in_brief) -> list[dict]:
    full = get_json(api, url, {**params, "page_size": 500})
    brief = get_json(api, url, {**params, "page_size": 500, "brief": "true"})
    assert brief["count"] == full["count"]
    assert brief["results"] == [in_brief(item) for item in full["results"]]
    return brief["results"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "-designated_on"},
        {"status": "pending"},
        {"program": "US-SDGT"},
        *({"as_of": day} for day in DAYS),
        *({"as_of": day, "status": "revoked"} for day in DAYS),
    ],
)
def test_designations_in_brief_equal_the_full_list(api, edge_cases, params):  # noqa: F811
    same_in_brief(api, DESIGNATIONS, params, designation_in_brief)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "front"}, {"program": "US-FTO"}, *({"as_of": day} for day in DAYS)],
)
def test_organizations_in_brief_equal_the_full_list(api, edge_cases, params):  # noqa: F811
    same_in_brief(api, ORGANIZATIONS, params, organization_in_brief)


def test_edge_cases_in_brief(api, edge_cases):  # noqa: F811
    """What the cases exist for, as a client of the brief list reads it."""
    rows = {
        (d["organization"]["name"], d["program"]): d
        for d in results(api, DESIGNATIONS, {"brief": "true", "as_of": "2021-01-15"})
    }
    later = rows["Revoked Later Movement", "US-FTO"]
    # Revoked in 2023: on 2021-01-15 it was in force, its revocation not yet known.
    assert (later["status"], later["in_force"], later["revoked_on"]) == ("active", True, None)
    assert later["organization"]["countries"] == ["MX", "VE", "CO"]
    partial = results(api, DESIGNATIONS, {"brief": "true", "q": "partial dates"})
    assert {d["designated_on"] for d in partial} == {"1999", "2021-01"}


def test_the_seeded_registry_in_brief(api, seeded_db):
    designations = same_in_brief(
        api, DESIGNATIONS, {"program": "US-FTO", "as_of": "2025-12-31"}, designation_in_brief
    )
    assert any(d["organization"]["name"] == "Cártel de los Soles" for d in designations)
    organizations = same_in_brief(api, ORGANIZATIONS, {"q": "cartel"}, organization_in_brief)
    names = {organization["name"] for organization in organizations}
    assert {"Cárteles Unidos", "Cártel de Jalisco Nueva Generación"} <= names


@pytest.mark.parametrize("value", ["maybe", "", "yes", "2"])
def test_a_bad_brief_value_is_refused(api, value):
    body = get_json(api, DESIGNATIONS, {"brief": value}, status=400)
    assert list(body["errors"]) == ["brief"]


BRIEF_KEYS = {"id", "url", "organization", "program", "authority", "status", "in_force"}


@pytest.mark.parametrize(
    ("value", "brief"), [("false", False), ("0", False), ("TRUE", True), ("1", True)]
)
def test_brief_reads_booleans(api, edge_cases, value, brief):  # noqa: F811
    item = get_json(api, DESIGNATIONS, {"brief": value})["results"][0]
    assert (set(item) == BRIEF_KEYS | {"designated_on", "revoked_on"}) is brief
    assert ("events" in item) is not brief
