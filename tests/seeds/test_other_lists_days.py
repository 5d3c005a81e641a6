"""The UN and EU listings in the seeds, asked of the API as a user asks them: "was X on the UN
(or the EU) list on day D?". The UN days are the LISTED_ON days of the UN's consolidated list;
the EU days come from reports of the Council's acts, a month or year where the day an act
listed a group was not read (seeds/README.md)."""

import pytest
from lxml import etree

from registry.models import Organization
from tests.importers.conftest import UN_XML

pytestmark = pytest.mark.django_db


def listed(api, slug: str, program: str, day: str, **params) -> list[dict]:
    organization = Organization.objects.get(slug=slug)
    query = {"organization": organization.pk, "program": program, "as_of": day, **params}
    response = api.get("/api/v1/designations/", query)
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


@pytest.mark.parametrize(
    ("slug", "program", "day", "expected"),
    [
        ("al-qaida", "UN-1267", "2001-10-05", []),
        ("al-qaida", "UN-1267", "2001-10-06", ["2001-10-06"]),
        ("haqqani-network", "UN-1988", "2012-11-04", []),
        ("haqqani-network", "UN-1988", "2012-11-05", ["2012-11-05"]),
        ("isis-philippines", "UN-1267", "2023-01-27", ["2023-01-27"]),
        ("hizballah", "EU-CP931", "2013-07-25", []),
        ("hizballah", "EU-CP931", "2013-07-26", ["2013-07-26"]),
        ("revolutionary-armed-forces-of-colombia", "EU-CP931", "2017-11-13", ["2002-06-18"]),
        ("revolutionary-armed-forces-of-colombia", "EU-CP931", "2017-11-14", []),
        ("mujahedin-e-khalq", "EU-CP931", "2009-01-26", []),
        ("islamic-revolutionary-guard-corps", "EU-CP931", "2026-02-18", []),
        ("islamic-revolutionary-guard-corps", "EU-CP931", "2026-02-19", ["2026-02-19"]),
        # Common Position 2001/931/CFSP took effect on its adoption, 27 December 2001
        ("hamas", "EU-CP931", "2001-12-26", []),
        ("hamas", "EU-CP931", "2001-12-27", ["2001-12-27"]),
        # Common Position 2002/340/CFSP, adopted (and the PKK designated) on 2 May 2002
        ("kurdistan-workers-party", "EU-CP931", "2002-05-01", []),
        ("kurdistan-workers-party", "EU-CP931", "2002-05-02", ["2002-05-02"]),
        # known to the year only (2005): out before it, in from its last day
        ("hizbul-mujahideen", "EU-CP931", "2004-12-31", []),
        ("hizbul-mujahideen", "EU-CP931", "2005-12-31", ["2005"]),
        (
            "directorate-for-internal-security-iranian-ministry-of-intelligence",
            "EU-CP931",
            "2019-01-08",
            [],
        ),
        (
            "directorate-for-internal-security-iranian-ministry-of-intelligence",
            "EU-CP931",
            "2019-01-09",
            ["2019-01-09"],
        ),
    ],
)
def test_listed_on_the_day(api, seeded_db, slug, program, day, expected):
    found = listed(api, slug, program, day)
    assert [d["designated_on"] for d in found] == expected, found


def test_a_day_inside_the_year_is_unknown_not_guessed(api, seeded_db):
    assert listed(api, "hizbul-mujahideen", "EU-CP931", "2005-06-15") == []
    found = listed(api, "hizbul-mujahideen", "EU-CP931", "2005-06-15", uncertain="include")
    assert [d["in_force"] for d in found] == [None], found


def test_the_un_days_are_the_official_lists(seeded_db):
    """Every seeded UN listing that the committed slice of the UN list holds starts on the
    slice's LISTED_ON day."""
    entries = {
        entity.findtext("REFERENCE_NUMBER").strip(): entity.findtext("LISTED_ON").strip()
        for entity in etree.parse(str(UN_XML)).iter("ENTITY")
    }
    compared = 0
    for organization in Organization.objects.filter(identifiers__scheme="un-ref").distinct():
        refs = organization.identifiers.filter(scheme="un-ref").values_list("value", flat=True)
        days = {entries[ref] for ref in refs if ref in entries}
        listing = organization.designations.filter(program__code__in=["UN-1267", "UN-1988"])
        if days and listing.exists():
            assert {listing.get().designated_on.isoformat()} == days, organization.slug
            compared += 1
    assert compared >= 2
