"""Every field of every resource says the same in JSON, in brief and in CSV, on both databases.

The test walks each resource's spec (registry/resources/): for each field, the brief list shows
the full list's value, and each of its CSV columns holds the full list's value as a CSV writes
it. A column that flattens a list or an object differently from "each item, joined with '; '"
says how here (`FLATTENED`); every other field, a new one included, is checked without a line of
test.
"""

import pytest

from registry.cells import restore_cell
from registry.resources import (
    authorities,
    countries,
    designations,
    legal_consequences,
    organizations,
    programs,
)
from registry.resources.spec import Spec, cell_text
from tests.api.conftest import get_csv, results

pytestmark = pytest.mark.django_db


def joined(values) -> str:
    return cell_text(list(values))


def summary(d: dict) -> str:
    text = f"{d['program']} {d['status']}"
    if d["designated_on"]:
        text += f" {d['designated_on']}" + (f"/{d['revoked_on']}" if d["revoked_on"] else "")
    return text


# (resource, CSV column) -> the cell, from the full JSON object.
FLATTENED = {
    ("Designation", "organization_id"): lambda d: d["organization"]["id"],
    ("Designation", "organization_slug"): lambda d: d["organization"]["slug"],
    ("Designation", "organization"): lambda d: d["organization"]["name"],
    ("Designation", "countries"): lambda d: joined(d["organization"]["countries"]),
    ("Designation", "events"): lambda d: joined(
        f"{e['kind']} {e['effective_on'] or ''}".strip() for e in d["events"]
    ),
    ("Organization", "aliases"): lambda o: joined(a["name"] for a in o["aliases"]),
    ("Organization", "countries"): lambda o: joined(
        dict.fromkeys(c["code"] for c in o["countries"])
    ),
    ("Organization", "identifiers"): lambda o: joined(
        f"{i['scheme']}:{i['value']}" for i in o["identifiers"]
    ),
    ("Organization", "designations"): lambda o: joined(summary(d) for d in o["designations"]),
    ("Organization", "legal_consequences"): lambda o: joined(
        c["title"] for c in o["legal_consequences"]
    ),
    ("Program", "consequences"): lambda p: joined(c["title"] for c in p["consequences"]),
}

# (resource, field) -> its brief value, where the brief shows a field of another shape.
IN_BRIEF = {
    ("Organization", "countries"): lambda o: list(dict.fromkeys(c["code"] for c in o["countries"]))
}

RESOURCES = {
    "/api/v1/organizations/": organizations.SPEC,
    "/api/v1/designations/": designations.SPEC,
    "/api/v1/programs/": programs.SPEC,
    "/api/v1/authorities/": authorities.SPEC,
    "/api/v1/countries/": countries.SPEC,
    "/api/v1/legal-consequences/": legal_consequences.SPEC,
}


def agree(api, url: str, params: dict) -> int:
    """Check every field of the list at `url` with `params`; return how many objects."""
    spec: Spec = RESOURCES[url]
    full = results(api, url, params)
    _, rows = get_csv(api, url, params)
    header, body = rows[0], rows[1:]
    assert header == spec.csv_header()
    assert len(body) == len(full)
    brief = results(api, url, {**params, "brief": "true"}) if spec.shown(Spec.BRIEF) else None
    for position, item in enumerate(full):
        assert list(item) == [f.name for f in spec.fields]
        csv_row = dict(zip(header, (restore_cell(cell) for cell in body[position]), strict=True))
        for field in spec.fields:
            for column in field.columns():
                flatten = FLATTENED.get((spec.name, column.header))
                value = flatten(item) if flatten else item[field.name]
                assert csv_row[column.header] == cell_text(value), (field.name, column.header)
        if brief is not None:
            in_brief = brief[position]
            assert list(in_brief) == [f.name for f in spec.shown(Spec.BRIEF)]
            for name, value in in_brief.items():
                expected = IN_BRIEF.get((spec.name, name), lambda o, n=name: o[n])(item)
                assert value == expected, name
    return len(full)


DAYS = ["2016-02-29", "2018-01-01", "2020-02-28", "2021-01-15", "2022-12-31"]


@pytest.mark.parametrize("url", list(RESOURCES))
def test_every_field_agrees_on_the_edge_cases(api, edge_cases, url):
    agree(api, url, {})


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize(
    "extra", [{}, {"status": "revoked"}, {"status": "active"}, {"uncertain": "include"}]
)
@pytest.mark.parametrize("url", ["/api/v1/organizations/", "/api/v1/designations/"])
def test_every_field_agrees_as_it_stood(api, edge_cases, url, day, extra):
    agree(api, url, {"as_of": day, **extra})


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/designations/", {"ordering": "-designated_on"}),
        ("/api/v1/designations/", {"status": "pending"}),
        ("/api/v1/designations/", {"program": "US-SDGT"}),
        ("/api/v1/organizations/", {"q": "front"}),
        ("/api/v1/organizations/", {"program": "US-FTO"}),
        ("/api/v1/countries/", {"as_of": "2020-02-28"}),
    ],
)
def test_every_field_agrees_filtered(api, edge_cases, url, params):
    agree(api, url, params)


@pytest.mark.parametrize("url", list(RESOURCES))
def test_every_field_agrees_on_the_seeded_registry(api, seeded_db, url):
    assert agree(api, url, {})


def test_the_seeded_registry_as_it_stood(api, seeded_db):
    assert agree(api, "/api/v1/designations/", {"program": "US-FTO", "as_of": "2025-12-31"})
    assert agree(api, "/api/v1/organizations/", {"q": "cartel"})
