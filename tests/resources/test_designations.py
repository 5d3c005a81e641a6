"""Designations on the edge cases, as a reader of the JSON and the CSV sees them."""

import pytest

from tests.api.conftest import get_csv, results

pytestmark = pytest.mark.django_db


def test_edge_cases_reach_the_csv(api, edge_cases):
    """The cells the cases exist for, as a reader of the CSV sees them."""
    _, rows = get_csv(api, "/api/v1/designations/", {"as_of": "2020-02-28"})
    header, body = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert header[0] == "id"
    leap = next(
        r for r in body if r["organization"] == "Leap Day Front" and r["program"] == "US-FTO"
    )
    # The review of 2020-02-29 had not happened on 2020-02-28: the clocks run from 2016-02-29.
    assert (leap["last_reviewed_on"], leap["next_review_due"]) == ("", "2021-02-28")
    assert leap["petition_opens_on"] == "2018-02-28"
    later = next(r for r in body if r["organization"] == "Revoked Later Movement")
    assert later["countries"] == "MX; VE; CO"
    assert later["source_urls"] == "https://example.org/a; https://example.org/z"
    assert (later["status"], later["revoked_on"], later["events"]) == (
        "active",
        "",
        "designated 2017-06-01",
    )


def test_an_undated_event_leads_the_timeline(api, edge_cases):
    body = results(api, "/api/v1/designations/", {"program": "US-SDGT"})
    undated = next(d for d in body if d["organization"]["name"] == "=Undated Cell")
    assert [(e["kind"], e["effective_on"]) for e in undated["events"]] == [
        ("designated", None),
        ("amended", "2010-01-01"),
    ]
