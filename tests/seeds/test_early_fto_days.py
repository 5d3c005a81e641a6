"""The first FTO list's removed, lapsed, merged and revoked organizations answer `as_of` as the
record says, on the days it names (State's statements and the Federal Register): a user asking
whether a group was an FTO on a past day gets the answer the law gave that day.

The expectations are written here from the sources (seeds/sources/*.json), not derived from the
seed files, so a wrong date in a seed file fails here.
"""

import pytest

from registry.models import Organization

pytestmark = pytest.mark.django_db

# (organization, last day in force, first day out, what the record says)
ENDINGS = [
    ("khmer-rouge", "1999-10-07", "1999-10-08", "dropped at the 1999 redesignation"),
    ("manuel-rodriguez-patriotic-front-dissidents", "1999-10-07", "1999-10-08", "dropped 1999"),
    ("democratic-front-for-the-liberation-of-palestine", "1999-10-07", "1999-10-08", "dropped"),
    ("japanese-red-army", "2001-10-07", "2001-10-08", "not redesignated in 2001"),
    ("tupac-amaru-revolutionary-movement", "2001-10-07", "2001-10-08", "expired October 8, 2001"),
    ("kach", "2001-10-04", "2001-10-05", "combined into Kahane Chai on 2001-10-05"),
    ("armed-islamic-group", "2010-10-14", "2010-10-15", "revocation published 2010-10-15"),
    ("mujahedin-e-khalq", "2012-09-27", "2012-09-28", "revoked effective 2012-09-28"),
    ("abu-nidal-organization", "2017-05-31", "2017-06-01", "revoked 2017-06-01"),
]


def in_force(api, organization_id: int, day: str) -> bool:
    params = {"organization": organization_id, "program": "US-FTO", "as_of": day, "brief": "true"}
    response = api.get("/api/v1/designations/", params)
    assert response.status_code == 200, response.content[:300]
    return bool(response.json()["results"])


def test_the_first_list_took_effect_on_1997_10_08(api, seeded_db):
    ids = dict(Organization.objects.values_list("slug", "id"))
    for slug, _, _, _ in ENDINGS:
        assert not in_force(api, ids[slug], "1997-10-07"), slug
        assert in_force(api, ids[slug], "1997-10-08"), slug


@pytest.mark.parametrize(
    ("slug", "last_in", "first_out", "why"), ENDINGS, ids=[ending[0] for ending in ENDINGS]
)
def test_the_listing_ends_on_the_day_the_record_gives(
    api, seeded_db, slug, last_in, first_out, why
):
    organization = Organization.objects.get(slug=slug)
    assert in_force(api, organization.id, last_in), f"{slug} should be an FTO on {last_in}"
    assert not in_force(api, organization.id, first_out), f"{slug}: {why}"


def test_a_revocation_known_only_to_its_year_is_decided_at_the_years_edges(api, seeded_db):
    # 17 November's revocation was announced on 2015-09-04, but the day it took effect is not
    # known (no Federal Register notice found): the seeds keep "2015", so the designation is in
    # force on the last day of 2014 and out on the last day of 2015; no day inside is invented.
    organization = Organization.objects.get(slug="revolutionary-organization-17-november")
    assert in_force(api, organization.id, "2014-12-31")
    assert not in_force(api, organization.id, "2015-12-31")
    assert not in_force(api, organization.id, "2016-01-01")


# Groups of the first list still designated: State's 1999 background names each among the groups
# redesignated on 1999-10-08, all of them (but al-Qa'ida) listed two years before.
STILL_LISTED = [
    "abu-sayyaf-group",
    "hamas",
    "harakat-ul-mujahidin",
    "kurdistan-workers-party",
    "liberation-tigers-of-tamil-eelam",
    "national-liberation-army",
    "palestine-islamic-jihad",
    "palestine-liberation-front",
    "popular-front-for-the-liberation-of-palestine",
    "pflp-general-command",
    "revolutionary-peoples-liberation-party-front",
    "shining-path",
]


@pytest.mark.parametrize("slug", STILL_LISTED)
def test_the_first_list_is_confirmed_and_its_redesignations_recorded(api, seeded_db, slug):
    organization = Organization.objects.get(slug=slug)
    assert not in_force(api, organization.id, "1997-10-07")
    assert in_force(api, organization.id, "1997-10-08")
    response = api.get(f"/api/v1/organizations/{organization.id}/")
    (fto,) = [d for d in response.json()["designations"] if d["program"] == "US-FTO"]
    events = {(e["kind"], e["effective_on"]): e for e in fto["events"]}
    assert events["designated", "1997-10-08"]["confidence"] == "confirmed"
    assert events["reviewed", "1999-10-08"]["confidence"] == "confirmed"
    assert ("reviewed", "2001-10-05") in events
